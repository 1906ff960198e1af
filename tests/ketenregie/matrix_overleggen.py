"""Access-matrix rows for the overleggen screens of ketenregie.

The example is a regietafel of Gooi en Vechtstreek, held today, recorded by its
ketenregisseur; the sample signal of the AF in Hilversum is on its agenda.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.matrixhulp import Rij, alleen, kr_eigen, rollen


def _regietafel(data: dict[str, Any]) -> Any:
    from ketenregie.services import overleggen as services
    from mensenhandel.toegang import regios_van

    data["voorbeelden"].signaal  # noqa: B018  (on the agenda, so it must exist first)
    kr = data["gebruikers"]["kr"]
    overleg, _, _ = services.overleg_aanmaken(
        door=kr,
        gegevens={"regio": regios_van(kr).get(), "soort": "regietafel", "datum": timezone.localdate()},
    )
    return overleg


def _overleg(data: dict[str, Any]) -> dict[str, Any]:
    return {"uuid": _regietafel(data).uuid}


def _agendasignaal(data: dict[str, Any]) -> dict[str, Any]:
    return {"uuid": _regietafel(data).uuid, "signaal": data["voorbeelden"].signaal.uuid}


def _besluit(data: dict[str, Any]) -> dict[str, Any]:
    from ketenregie.models import Agendasignaal

    rij = Agendasignaal.objects.get(signaal=data["voorbeelden"].signaal)
    return {f"besluit{rij.pk}-besluit": "Doorverwijzen naar de zorgcoördinator."}


# AFs and zorgcoördinatoren of the regio read its meetings; others get 404.
LEZEN = rollen(
    anoniem=302, af=200, af_ander=404, zc=200, zc_ander=404, kr=200, kr_ander=404, fb=403, zonder_rol=403
)

RIJEN: dict[str, Rij] = {
    "ketenregie:overleggen": Rij(rollen(anoniem=302, af=200, zc=200, kr=200, fb=403, zonder_rol=403)),
    "ketenregie:overleg_nieuw": Rij(alleen("kr")),
    "ketenregie:overleg": Rij(LEZEN, kwargs=_overleg),
    "ketenregie:overleg_bewerken": Rij(kr_eigen(200), kwargs=_overleg),
    "ketenregie:agenda_bijwerken": Rij(kr_eigen(302), methode="post", kwargs=_overleg),
    # The KR takes the signal off; a second post finds it gone and says so (302 too).
    "ketenregie:agendasignaal_verwijderen": Rij(kr_eigen(302), methode="post", kwargs=_agendasignaal),
    # The AF of the signal's gemeente records the decision; the KR after them finds it
    # recorded (a message, 302). A ZC may not record one (403).
    "ketenregie:signaalbesluit": Rij(
        rollen(anoniem=302, af=302, af_ander=404, zc=403, kr=302, kr_ander=404, fb=403, zonder_rol=403),
        methode="post",
        kwargs=_agendasignaal,
        data=_besluit,
    ),
    "ketenregie:overleg_actiepunt": Rij(
        kr_eigen(302),
        methode="post",
        kwargs=_overleg,
        data={
            "omschrijving": "Uitnodiging sturen aan de COA-locatie",
            "eigenaar": "Ketenregisseur",
            "deadline": "2026-12-31",
        },
    ),
}
