"""Access-matrix rows for the netwerk screens of ketenregie.

The AF network is kept by the AF (own gemeenten) and the KR (own regio's); the
zorgcoördinator and the functional administrator get 403 everywhere. A record of another
gemeente (AF) or regio (KR) answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from tests.matrixhulp import Rij, kr_eigen, rollen

AF_EN_KR = rollen(anoniem=302, af=200, zc=403, kr=200, fb=403, zonder_rol=403)
# An AF record of Hilversum: its AF and the KR of Gooi en Vechtstreek; others 404.
AF_RECORD = rollen(anoniem=302, af=200, af_ander=404, zc=403, kr=200, kr_ander=404, fb=403, zonder_rol=403)


def _af_hilversum(data: dict[str, Any]) -> dict[str, Any]:
    from ketenregie.services import netwerk as services
    from mensenhandel.models import Gemeente

    af, _ = services.af_toevoegen(
        door=data["gebruikers"]["kr"],
        gegevens={
            "gemeente": Gemeente.objects.get(cbs_code="GM0402"),
            "naam": "Voorbeeld Aandachtsfunctionaris",
            "afdeling": "oov",
            "telefoon": "035 123 4567",
        },
    )
    return {"uuid": af.uuid}


def _regio_gv(data: dict[str, Any]) -> dict[str, Any]:
    from mensenhandel.models import Regio

    return {"uuid": Regio.objects.get(naam="Gooi en Vechtstreek").uuid}


RIJEN: dict[str, Rij] = {
    "ketenregie:netwerk": Rij(AF_EN_KR),
    "ketenregie:af_nieuw": Rij(AF_EN_KR),
    "ketenregie:af_bewerken": Rij(AF_RECORD, kwargs=_af_hilversum),
    # Naming the coordinating AF is the KR's alone; an AF gets 403, another regio's KR 404.
    "ketenregie:coordinatie": Rij(kr_eigen(200), kwargs=_regio_gv),
}
