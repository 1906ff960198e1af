"""Access-matrix rows for the netwerk screens of ketenregie."""

from tests.matrixhulp import Rij

RIJEN: dict[str, Rij] = {}
