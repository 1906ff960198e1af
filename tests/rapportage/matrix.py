"""Access-matrix rows for the rapportage screens."""

from tests.matrixhulp import Rij, alleen

RIJEN: dict[str, Rij] = {
    "rapportage:start": Rij(alleen("kr")),
}
