"""Access-matrix rows for the activiteiten screens of ketenregie.

AFs record their gemeente's activities and the KR the regio's; the zorgcoördinator and the
functional administrator get 403. An AF reads the region-wide activities of their regio but
does not change them; another gemeente's AF and another regio's KR get 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.matrixhulp import Rij, rollen

AF_EN_KR = rollen(anoniem=302, af=200, zc=403, kr=200, fb=403, zonder_rol=403)
# An activity of Hilversum: its AF and the KR of Gooi en Vechtstreek; others 404.
ACTIVITEIT_HILVERSUM = rollen(
    anoniem=302, af=200, af_ander=404, zc=403, kr=200, kr_ander=404, fb=403, zonder_rol=403
)

GEGEVENS = {
    "soort": "training",
    "titel": "Training signaleren",
    "doelgroepen": ["medewerkers_oov"],
    "deelnemers": 12,
    "organisator": "Team OOV",
}


def _activiteit_hilversum(data: dict[str, Any]) -> dict[str, Any]:
    from ketenregie.services import activiteiten as services
    from mensenhandel.models import Gemeente

    activiteit, _ = services.activiteit_vastleggen(
        door=data["gebruikers"]["af"],
        gegevens={**GEGEVENS, "datum": timezone.localdate() - timedelta(days=1)},
        gemeenten=[Gemeente.objects.get(cbs_code="GM0402")],
    )
    return {"uuid": activiteit.uuid}


def _activiteit_regio(data: dict[str, Any]) -> dict[str, Any]:
    from ketenregie.services import activiteiten as services

    activiteit, _ = services.activiteit_vastleggen(
        door=data["gebruikers"]["kr"],
        gegevens={**GEGEVENS, "datum": timezone.localdate() - timedelta(days=1)},
    )
    return {"uuid": activiteit.uuid}


RIJEN: dict[str, Rij] = {
    "ketenregie:activiteiten": Rij(AF_EN_KR),
    "ketenregie:activiteit_nieuw": Rij(AF_EN_KR),
    "ketenregie:activiteit": Rij(ACTIVITEIT_HILVERSUM, kwargs=_activiteit_hilversum),
    "ketenregie:activiteit_bewerken": Rij(ACTIVITEIT_HILVERSUM, kwargs=_activiteit_hilversum),
    # A region-wide activity of the KR: the AF reads it (see the tests) but may not remove
    # it (404); the KR removes it. tests/ketenregie/test_activiteiten.py shows that an AF
    # removes their own.
    "ketenregie:activiteit_verwijderen": Rij(
        rollen(anoniem=302, af=404, af_ander=404, zc=403, kr=302, kr_ander=404, fb=403, zonder_rol=403),
        methode="post",
        kwargs=_activiteit_regio,
    ),
}
