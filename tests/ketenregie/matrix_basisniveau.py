"""Access-matrix rows for the basisniveau screens of ketenregie.

The KR reads the table of their regio's, the AF the rows of their gemeenten; both update
a gemeente's basisniveau. Another gemeente (AF) or regio (KR) answers 404; the
zorgcoördinator and the functional administrator get 403.
"""

from __future__ import annotations

from tests.matrixhulp import Rij, rollen

RIJEN: dict[str, Rij] = {
    "ketenregie:basisniveau": Rij(rollen(anoniem=302, af=200, zc=403, kr=200, fb=403, zonder_rol=403)),
    # Hilversum (GM0402): its AF and the KR of Gooi en Vechtstreek.
    "ketenregie:basisniveau_gemeente": Rij(
        rollen(anoniem=302, af=200, af_ander=404, zc=403, kr=200, kr_ander=404, fb=403, zonder_rol=403),
        kwargs=lambda d: {"cbs_code": "GM0402"},
    ),
}
