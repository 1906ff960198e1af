"""Demo meetings for both demo regions, recorded through the services by their ketenregisseur.

Per regio: an AF meeting held and one planned, a regietafel (Gooi en Vechtstreek) or
drieluik (Fryslân) held last week with the regio's open signals on its agenda and one
decision on a signal, and a bestuurlijk overleg Zorg en Veiligheid with action points.

Dates are relative to today so that the demo always has a past and a coming meeting.
Idempotent: each meeting carries a fixed form token, so a second run finds it and adds
nothing.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from ketenregie.models import Overleg, Overlegsoort
from ketenregie.selectors.overleggen import partners_te_kiezen
from ketenregie.services import overleggen as services
from mensenhandel.models import Gebruiker, Regio

NAMESPACE = uuid.UUID("0b6f3f0e-63a4-4f57-9a8e-4d2c1d7c5e21")

GV, FR = "Gooi en Vechtstreek", "Fryslân"
KETENREGISSEURS = {GV: "kr.gooi@demo.example", FR: "kr.fryslan@demo.example"}
TAFEL = {GV: Overlegsoort.REGIETAFEL, FR: Overlegsoort.DRIELUIK}
DEELNEMERS_TAFEL = {
    GV: "Zorgcoördinatie Mensenhandel Gooi en Vechtstreek, Zorg- en Veiligheidshuis Gooi en Vechtstreek",
    FR: "Zorgcoördinator (Fier), politie TMM, procesregisseur Zorg- en Veiligheidshuis Fryslân",
}


def _overleggen(regio: str) -> list[dict[str, Any]]:
    """The demo meetings of one regio; ``dagen`` is relative to today."""
    return [
        {
            "sleutel": "af-overleg-gehouden",
            "soort": Overlegsoort.AF_OVERLEG,
            "dagen": -35,
            "overige_deelnemers": "Aandachtsfunctionarissen van de gemeenten, zorgcoördinator",
            "agenda": "1. Cijfers en trends per organisatie\n2. Lopende casuïstiek (alleen op hoofdlijnen)\n"
            "3. Preventie: trainingen en voorlichting\n4. Rondvraag",
            "besluiten": "De training voor medewerkers van burgerzaken wordt dit najaar herhaald.",
            "actiepunten": [],
        },
        {
            "sleutel": "af-overleg-gepland",
            "soort": Overlegsoort.AF_OVERLEG,
            "dagen": 42,
            "overige_deelnemers": "",
            "agenda": "1. Terugblik op het jaar\n2. Planning trainingen volgend jaar\n3. Rondvraag",
            "besluiten": "",
            "actiepunten": [],
        },
        {
            "sleutel": "signaaltafel",
            "soort": TAFEL[regio],
            "dagen": -7,
            "overige_deelnemers": DEELNEMERS_TAFEL[regio],
            "agenda": "Bespreking van de nieuwe en lopende signalen van de regio.",
            "besluiten": "",
            "besluit": "Doorverwijzen naar de zorgcoördinator; de politie (TMM) krijgt het signaal ter "
            "informatie. Over vier weken opnieuw bespreken.",
            "actiepunten": [],
        },
        {
            "sleutel": "bestuurlijk",
            "soort": Overlegsoort.BESTUURLIJK,
            "dagen": -21,
            "overige_deelnemers": "Portefeuillehouders Zorg en Veiligheid van de gemeenten",
            "agenda": "1. Halfjaarrapportage aanpak mensenhandel\n2. Knelpunten: opvang en informatiedeling\n"
            "3. Voortgang basisniveau per gemeente",
            "besluiten": "De halfjaarrapportage is vastgesteld. De gemeenten zonder vastgesteld beleid "
            "leggen voor het einde van het jaar een voorstel voor.",
            "actiepunten": [
                {
                    "omschrijving": "Voorstel beleid mensenhandel voorleggen aan het college",
                    "eigenaar": "Gemeenten zonder vastgesteld beleid",
                    "dagen": 40,
                },
                {
                    "omschrijving": "Afspraken over crisisopvang met de opvangpartners op papier zetten",
                    "eigenaar": "Ketenregisseur",
                    "dagen": -3,  # over the date, to show how that looks
                },
            ],
        },
    ]


def _regio_laden(naam: str) -> None:
    regio = Regio.objects.filter(naam=naam).first()
    kr = Gebruiker.objects.filter(email=KETENREGISSEURS[naam]).first()
    if regio is None or kr is None:
        return
    vandaag = timezone.localdate()
    partners = list(partners_te_kiezen(kr, [regio])[:4])
    for demo in _overleggen(naam):
        token = uuid.uuid5(NAMESPACE, f"{naam}:{demo['sleutel']}")
        overleg, nieuw, _ = services.overleg_aanmaken(
            door=kr,
            gegevens={
                "regio": regio,
                "soort": demo["soort"],
                "datum": vandaag + timedelta(days=demo["dagen"]),
                "overige_deelnemers": demo["overige_deelnemers"],
                "agenda": demo["agenda"],
                "besluiten": demo["besluiten"],
            },
            organisaties=partners,
            formuliertoken=token,
        )
        if not nieuw:
            continue
        _besluit_vastleggen(overleg, kr, demo.get("besluit", ""))
        for punt in demo["actiepunten"]:
            services.overleg_actiepunt_toevoegen(
                door=kr,
                overleg=overleg,
                gegevens={
                    "omschrijving": punt["omschrijving"],
                    "eigenaar": punt["eigenaar"],
                    "deadline": vandaag + timedelta(days=punt["dagen"]),
                },
            )


def _besluit_vastleggen(overleg: Overleg, kr: Gebruiker, besluit: str) -> None:
    """The table's decision on the first signal of the agenda."""
    if not besluit:
        return
    eerste = overleg.agendasignalen.select_related("overleg__regio").order_by("id").first()
    if eerste is not None:
        services.signaalbesluit_vastleggen(door=kr, agendasignaal=eerste, besluit=besluit)


def laden() -> None:
    for naam in (GV, FR):
        _regio_laden(naam)
