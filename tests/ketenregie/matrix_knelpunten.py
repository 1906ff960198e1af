"""Access-matrix rows for the knelpunten screens of ketenregie."""

from tests.matrixhulp import Rij

RIJEN: dict[str, Rij] = {}
