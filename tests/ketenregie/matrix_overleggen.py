"""Access-matrix rows for the overleggen screens of ketenregie."""

from tests.matrixhulp import Rij

RIJEN: dict[str, Rij] = {}
