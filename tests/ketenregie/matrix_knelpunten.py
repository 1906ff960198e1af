"""Access-matrix rows for the knelpunten screens of ketenregie (with the bijzonderheden and
updating an action point).

All of it is the ketenregisseur's, per regio: AFs, zorgcoördinatoren and the functional
administrator get 403; the KR of another regio gets 404 on a record of Gooi en Vechtstreek.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.matrixhulp import Rij, alleen, kr_eigen


def _knelpunt(data: dict[str, Any]) -> Any:
    from ketenregie.services import knelpunten as services

    knelpunt, _ = services.knelpunt_vastleggen(
        door=data["gebruikers"]["kr"],
        gegevens={
            "thema": "opvang",
            "titel": "Geen opvangplek voor mannen",
            "omschrijving": "Opvang buiten de regio.",
            "ingebracht_door": "Zorgcoördinatie",
            "datum": timezone.localdate() - timedelta(days=1),
            "status": "open",
        },
    )
    return knelpunt


def _knelpunt_uuid(data: dict[str, Any]) -> dict[str, Any]:
    return {"uuid": _knelpunt(data).uuid}


def _actiepunt_uuid(data: dict[str, Any]) -> dict[str, Any]:
    from ketenregie.services import knelpunten as services

    punt, _ = services.knelpunt_actiepunt_toevoegen(
        door=data["gebruikers"]["kr"],
        knelpunt=_knelpunt(data),
        gegevens={
            "omschrijving": "Navraag bij CoMensha",
            "eigenaar": "Ketenregisseur",
            "deadline": timezone.localdate(),
        },
    )
    return {"uuid": punt.uuid}


def _halfjaar_gv(data: dict[str, Any]) -> dict[str, Any]:
    from mensenhandel.models import Regio

    vandaag = timezone.localdate()
    return {
        "regio": Regio.objects.get(naam="Gooi en Vechtstreek").uuid,
        "jaar": vandaag.year,
        "helft": 1 if vandaag.month <= 6 else 2,
    }


RIJEN: dict[str, Rij] = {
    "ketenregie:knelpunten": Rij(alleen("kr")),
    "ketenregie:knelpunt_nieuw": Rij(alleen("kr")),
    "ketenregie:knelpunt": Rij(kr_eigen(200), kwargs=_knelpunt_uuid),
    "ketenregie:knelpunt_bewerken": Rij(kr_eigen(200), kwargs=_knelpunt_uuid),
    "ketenregie:knelpunt_actiepunt": Rij(
        kr_eigen(302),
        methode="post",
        kwargs=_knelpunt_uuid,
        data={"omschrijving": "Navraag bij COSM", "eigenaar": "Ketenregisseur", "deadline": "2026-12-01"},
    ),
    "ketenregie:actiepunt_bijwerken": Rij(kr_eigen(200), kwargs=_actiepunt_uuid),
    "ketenregie:bijzonderheden": Rij(alleen("kr")),
    "ketenregie:bijzonderheden_bewerken": Rij(kr_eigen(200), kwargs=_halfjaar_gv),
}
