"""Access-matrix rows for the wegenkaart screens added after the first part (the rest are in the main matrix)."""

from tests.matrixhulp import Rij

RIJEN: dict[str, Rij] = {}
