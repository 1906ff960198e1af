"""Demo knelpunten with action points, and the bijzonderheden of the previous half-year.

Recorded through the services by each demo region's ketenregisseur. Idempotent: a knelpunt
with the same title in the same regio, and existing bijzonderheden, are left alone. Names
and situations are fictitious and hold no client data.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ketenregie.models import Bijzonderheden, Knelpunt
from ketenregie.selectors.knelpunten import jaar_en_helft
from ketenregie.services import actiepunten as actiepunt_services
from ketenregie.services import knelpunten as services
from ketenregie.services.actiepunten import ActiepuntWijziging, NieuwActiepunt
from ketenregie.services.knelpunten import KnelpuntGegevens
from mensenhandel.models import Gebruiker, Regio
from mensenhandel.periode import Periode

GV, FR = "Gooi en Vechtstreek", "Fryslân"
KETENREGISSEURS = {GV: "kr.gooi@demo.example", FR: "kr.fryslan@demo.example"}

# (regio, days ago raised, knelpunt, action points: (data, days from today, closing data or None))
DEMO: list[tuple[str, int, KnelpuntGegevens, list[tuple[NieuwActiepunt, int, ActiepuntWijziging | None]]]] = [
    (
        GV,
        70,
        {
            "thema": "opvang",
            "titel": "Geen opvangplek in de regio voor mannelijke slachtoffers",
            "omschrijving": "Mannelijke slachtoffers van arbeidsuitbuiting moeten buiten de regio "
            "worden opgevangen, vaak pas na dagen. Daardoor haken zij af voordat de hulp begint.",
            "ingebracht_door": "Zorgcoördinatie Mensenhandel Gooi en Vechtstreek",
            "status": "in_behandeling",
        },
        [
            (
                {
                    "omschrijving": "Navraag bij CoMensha naar de landelijke capaciteit (COSM)",
                    "eigenaar": "Ketenregisseur",
                },
                -30,
                {"status": "afgerond", "uitkomst": "Capaciteit is landelijk krap; CoMensha zoekt per geval."},
            ),
            (
                {
                    "omschrijving": "Voorstel voor twee crisisplekken aan het bestuurlijk overleg",
                    "eigenaar": "Ketenregisseur en beleidsadviseur zorg",
                },
                21,
                None,
            ),
        ],
    ),
    (
        GV,
        40,
        {
            "thema": "informatiedeling",
            "titel": "Onduidelijk wat gemeenten met de Arbeidsinspectie mogen delen",
            "omschrijving": "Aandachtsfunctionarissen twijfelen of zij signalen met de "
            "Arbeidsinspectie mogen delen, en wachten daarom te lang met doorverwijzen.",
            "ingebracht_door": "Overleg aandachtsfunctionarissen",
            "status": "open",
        },
        [
            (
                {
                    "omschrijving": "Advies van de privacy-officer over de grondslag voor delen",
                    "eigenaar": "Privacy-officer gemeente Hilversum",
                },
                -5,
                None,
            ),
        ],
    ),
    (
        FR,
        55,
        {
            "thema": "capaciteit",
            "titel": "Vacature ketenregisseur lang onvervuld",
            "omschrijving": "De taken van de ketenregisseur liggen tijdelijk bij de procesregisseur van "
            "het Zorg- en Veiligheidshuis; het AF-overleg is twee keer niet doorgegaan.",
            "ingebracht_door": "Zorg- en Veiligheidshuis Fryslân",
            "status": "opgelost",
        },
        [
            (
                {
                    "omschrijving": "Tijdelijke invulling regelen via de gemeenten",
                    "eigenaar": "Gemeente Leeuwarden",
                },
                -20,
                {"status": "afgerond", "uitkomst": "Er is een ketenregisseur aangesteld voor twee jaar."},
            ),
        ],
    ),
    (
        FR,
        15,
        {
            "thema": "samenwerking",
            "titel": "Terugkoppeling van de politie op doorverwezen signalen blijft uit",
            "omschrijving": "Aandachtsfunctionarissen horen na een doorverwijzing naar de politie "
            "vaak niet wat ermee is gebeurd; dat ontmoedigt melders.",
            "ingebracht_door": "Aandachtsfunctionaris Smallingerland",
            "status": "open",
        },
        [
            (
                {
                    "omschrijving": "Afspraken over terugkoppeling agenderen in het Drieluik",
                    "eigenaar": "Ketenregisseur",
                },
                14,
                None,
            ),
        ],
    ),
]

BIJZONDERHEDEN = {
    GV: "Het aantal signalen van arbeidsuitbuiting steeg, vooral uit de schoonmaak en de "
    "distributie. Alle gemeenten hebben nu een aandachtsfunctionaris; twee gemeenten gaven "
    "hun eerste training aan Burgerzaken. Opvang voor mannelijke slachtoffers blijft een knelpunt.",
    FR: "Sinds de aanstelling van de ketenregisseur komt het AF-overleg weer elke zes weken bij "
    "elkaar. Het Drieluik besprak meer signalen dan vorig halfjaar; de terugkoppeling aan "
    "melders vraagt aandacht.",
}


def laden() -> None:
    vandaag = timezone.localdate()
    regios = {r.naam: r for r in Regio.objects.filter(naam__in=[GV, FR])}
    ketenregisseurs = {
        naam: Gebruiker.objects.filter(email=email).first() for naam, email in KETENREGISSEURS.items()
    }
    for regionaam, dagen_geleden, gegevens, acties in DEMO:
        regio, door = regios.get(regionaam), ketenregisseurs.get(regionaam)
        if regio is None or door is None:
            continue
        if Knelpunt.objects.filter(titel=gegevens["titel"], regio=regio).exists():
            continue
        knelpunt, _ = services.knelpunt_vastleggen(
            door=door, regio=regio, gegevens={**gegevens, "datum": vandaag - timedelta(days=dagen_geleden)}
        )
        for actie, dagen, afsluiting in acties:
            punt, _ = services.knelpunt_actiepunt_toevoegen(
                door=door, knelpunt=knelpunt, gegevens={**actie, "deadline": vandaag + timedelta(days=dagen)}
            )
            if afsluiting is not None:
                actiepunt_services.actiepunt_bijwerken(door=door, actiepunt=punt, gegevens=afsluiting)

    jaar, helft = jaar_en_helft(Periode.halfjaar_van(vandaag).vorige_halfjaar())
    for regionaam, tekst in BIJZONDERHEDEN.items():
        regio, door = regios.get(regionaam), ketenregisseurs.get(regionaam)
        if regio is None or door is None:
            continue
        if Bijzonderheden.objects.filter(regio=regio, jaar=jaar, helft=helft).exists():
            continue
        services.bijzonderheden_opslaan(door=door, regio=regio, jaar=jaar, helft=helft, tekst=tekst)
