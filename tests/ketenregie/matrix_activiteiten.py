"""Access-matrix rows for the activiteiten screens of ketenregie."""

from tests.matrixhulp import Rij

RIJEN: dict[str, Rij] = {}
