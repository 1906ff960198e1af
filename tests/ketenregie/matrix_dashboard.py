"""Access-matrix rows for the dashboard screens of ketenregie."""

from tests.matrixhulp import Rij

RIJEN: dict[str, Rij] = {}
