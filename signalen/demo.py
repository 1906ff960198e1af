"""Demo signals with fictitious people, registered through the services.

Idempotent: each demo signal carries a fixed form token, so a second run finds it.
Two signals in different regions are about the same (fictitious) person, to show
stacking across gemeenten.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TypedDict

from mensenhandel.models import Gebruiker, Gemeente, Regio
from signalen import services
from signalen.models import Indicator, Signaal, Status
from signalen.services import PersoonGegevens, SignaalGegevens

NAMESPACE = uuid.UUID("6f1c8f57-2b7e-4c1e-9a43-3d1f0d6b2a10")


class Demosignaal(TypedDict):
    sleutel: str
    af: str
    gemeente: str  # CBS code
    gegevens: SignaalGegevens
    indicatoren: list[str]
    personen: list[PersoonGegevens]
    route: str  # "nieuw" or "doorverwezen"


DEMO: list[Demosignaal] = [
    {
        "sleutel": "hilversum-nagelsalon",
        "af": "af.hilversum@demo.example",
        "gemeente": "GM0402",
        "gegevens": {
            "datum_waargenomen": date(2026, 9, 14),
            "locatie": "Nagelsalon bij het station",
            "sector": "nagel_massage",
            "bron": "handhaving",
            "melder_contact": "Team handhaving, 035 000 0000",
            "arbeidsuitbuiting": True,
            "migratiecomponent": True,
            "reikwijdte": "grensoverschrijdend",
            "omschrijving": "Bij een controle bleken drie medewerkers in de salon te slapen. "
            "Eén medewerker zei geen paspoort te hebben; de eigenaar voerde het woord.",
            "minderjarige_betrokken": "nee",
        },
        "indicatoren": ["Woont op de werkplek", "Een ander voert het woord of vertaalt ongevraagd"],
        "personen": [
            {
                "soort": "slachtoffer",
                "naam": "Mai Tran",
                "geboortedatum": date(1998, 3, 7),
                "nationaliteit": "Vietnamees",
            },
            {"soort": "dader", "alias": "meneer Bao", "telefoon": "06 11112222"},
        ],
        "route": "gewogen",
    },
    {
        "sleutel": "huizen-bouwplaats",
        "af": "af.huizen@demo.example",
        "gemeente": "GM0406",
        "gegevens": {
            "datum_waargenomen": date(2026, 10, 2),
            "locatie": "Bouwplaats aan de haven",
            "sector": "bouw",
            "bron": "arbeidsinspectie",
            "arbeidsuitbuiting": True,
            "reikwijdte": "grensoverschrijdend",
            "omschrijving": "Arbeiders werken zeven dagen per week en betalen huur aan de uitzender.",
            "minderjarige_betrokken": "nee",
        },
        "indicatoren": [
            "Schulden bij werkgever, bemiddelaar of smokkelaar",
            "Zeer lange werkdagen zonder vrije dagen",
        ],
        "personen": [{"soort": "slachtoffer", "naam": "Piotr Kowalczyk", "telefoon": "+48 601 234 567"}],
        "route": "doorverwezen",
    },
    {
        "sleutel": "leeuwarden-kamerverhuur",
        "af": "af.leeuwarden@demo.example",
        "gemeente": "GM0080",
        "gegevens": {
            "datum_waargenomen": date(2026, 10, 20),
            "locatie": "Woning met kamerverhuur",
            "sector": "prostitutie_onvergund",
            "bron": "burger",
            "seksuele_uitbuiting": True,
            "reikwijdte": "binnenlands",
            "omschrijving": "Buren zien 's nachts steeds andere bezoekers; "
            "een jonge vrouw wordt steeds opgehaald.",
            "minderjarige_betrokken": "onbekend",
        },
        "indicatoren": ["Wordt steeds begeleid of opgehaald door een ander"],
        "personen": [{"soort": "slachtoffer", "naam": "Mai TRAN", "geboortedatum": date(1998, 3, 7)}],
        "route": "nieuw",
    },
]


def demo_laden() -> None:
    indicatoren = {i.omschrijving: i for i in Indicator.objects.all()}
    for demo in DEMO:
        af = Gebruiker.objects.get(email=demo["af"])
        token = uuid.uuid5(NAMESPACE, demo["sleutel"])
        gegevens = demo["gegevens"].copy()
        gegevens["gemeente"] = Gemeente.objects.get(cbs_code=demo["gemeente"])
        signaal, _, nieuw = services.signaal_registreren(
            door=af,
            gegevens=gegevens,
            indicatoren=[indicatoren[o] for o in demo["indicatoren"] if o in indicatoren],
            personen=demo["personen"],
            formuliertoken=token,
        )
        if not nieuw or demo["route"] == "nieuw":
            continue
        services.notitie_toevoegen(
            signaal=signaal,
            door=af,
            tekst="Overlegd met de melder; meer gegevens gevraagd.",
            advies_gevraagd_aan="collega",
        )
        signaal = Signaal.objects.get(pk=signaal.pk)
        signaal = services.signaal_wegen(
            signaal=signaal,
            door=af,
            aard="Vermoedelijk arbeidsuitbuiting",
            ernst="Meerdere personen, langere tijd",
            risico="hoog",
            onderbouwing="Meerdere indicatoren van dwang en afhankelijkheid van de werkgever.",
            versie=signaal.versie,
        )
        if demo["route"] == "doorverwezen" and signaal.status == Status.GEWOGEN:
            services.besluit_nemen(
                signaal=signaal,
                door=af,
                verwijzingen=[
                    services.Verwijzing(
                        "zorgcoordinator", regio=Regio.objects.get(naam="Gooi en Vechtstreek")
                    ),
                    services.Verwijzing(
                        "ai_opsporing", partnerorganisatie="Nederlandse Arbeidsinspectie, opsporing"
                    ),
                ],
                versie=signaal.versie,
            )
