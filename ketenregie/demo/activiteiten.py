"""Demo activities for both demo regions, recorded through the services by AFs and the KRs.

Idempotent: an activity with the same title in the same regio is left alone. Dates are
relative to today so that the list and the dashboard always show recent work; titles,
organisers and numbers are fictitious.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ketenregie.models import Activiteit
from ketenregie.services import activiteiten as services
from ketenregie.services.activiteiten import ActiviteitGegevens
from mensenhandel.models import Gebruiker, Gemeente

GV, FR = "Gooi en Vechtstreek", "Fryslân"

# (e-mail of who records it, regio, gemeenten by CBS code (empty: whole regio), days ago, data)
DEMO: list[tuple[str, str, tuple[str, ...], int, ActiviteitGegevens]] = [
    (
        "af.hilversum@demo.example",
        GV,
        ("GM0402",),
        60,
        {
            "soort": "training",
            "titel": "Training signaleren van mensenhandel voor Burgerzaken en Vergunningen",
            "doelgroepen": ["medewerkers_overig"],
            "deelnemers": 18,
            "organisator": "Gemeente Hilversum, team Openbare Orde en Veiligheid",
            "omschrijving": "Casusgerichte training: welke signalen zien baliemedewerkers en "
            "vergunningverleners, en hoe loopt de interne meldroute naar de aandachtsfunctionaris.",
        },
    ),
    (
        "af.huizen@demo.example",
        GV,
        ("GM0406",),
        35,
        {
            "soort": "voorlichting",
            "titel": "Voorlichting over loverboys en sextortion in de bovenbouw",
            "doelgroepen": ["jongeren"],
            "deelnemers": 120,
            "organisator": "Jongerenwerk Huizen met de aandachtsfunctionaris",
            "omschrijving": "Vier lessen in de derde klassen van een middelbare school, met een "
            "theatervoorstelling en een nagesprek.",
        },
    ),
    (
        "af.huizen@demo.example",
        GV,
        ("GM0376", "GM0417"),
        20,
        {
            "soort": "voorlichting",
            "titel": "Informatiebijeenkomst arbeidsrechten voor arbeidsmigranten",
            "doelgroepen": ["arbeidsmigranten"],
            "deelnemers": 27,
            "organisator": "Gemeenten Blaricum en Laren",
            "omschrijving": "Met tolken Pools en Roemeens; uitleg over loon, huisvesting en waar "
            "iemand terechtkan bij uitbuiting.",
        },
    ),
    (
        "kr.gooi@demo.example",
        GV,
        (),
        45,
        {
            "soort": "campagne",
            "titel": "Regionale campagne rond de Europese Dag tegen Mensenhandel",
            "doelgroepen": ["publiek", "professionals"],
            "deelnemers": None,
            "organisator": "Ketenregie Gooi en Vechtstreek",
            "omschrijving": "Posters in wachtruimtes, berichten op sociale media en een "
            "webpagina met de meldroute.",
        },
    ),
    (
        "kr.gooi@demo.example",
        GV,
        ("GM0402", "GM0406"),
        10,
        {
            "soort": "bijeenkomst",
            "titel": "Netwerkbijeenkomst zorg en veiligheid over arbeidsuitbuiting",
            "doelgroepen": ["professionals", "bestuurders", "medewerkers_oov"],
            "deelnemers": 42,
            "organisator": "Ketenregie Gooi en Vechtstreek met de Arbeidsinspectie",
            "omschrijving": "Kennismaking tussen partners en een casus uit de praktijk, zonder "
            "herleidbare gegevens.",
        },
    ),
    (
        "af.leeuwarden@demo.example",
        FR,
        ("GM0080",),
        50,
        {
            "soort": "training",
            "titel": "Training signaleren voor de wijkteams",
            "doelgroepen": ["medewerkers_sociaal"],
            "deelnemers": 24,
            "organisator": "Gemeente Leeuwarden, sociaal domein",
            "omschrijving": "Basistraining met de indicatorenlijst en de meldroute.",
        },
    ),
    (
        "af.smallingerland@demo.example",
        FR,
        ("GM0090",),
        25,
        {
            "soort": "voorlichting",
            "titel": "Spreekuur en voorlichting voor sekswerkers",
            "doelgroepen": ["sekswerkers"],
            "deelnemers": 9,
            "organisator": "GGD Fryslân met de gemeente Smallingerland",
            "omschrijving": "Informatie over gezondheid, rechten en hulp, op locatie en anoniem.",
        },
    ),
    (
        "kr.fryslan@demo.example",
        FR,
        (),
        80,
        {
            "soort": "training",
            "titel": "Regionale training meldroute en Drieluik",
            "doelgroepen": ["medewerkers_oov", "medewerkers_sociaal", "professionals"],
            "deelnemers": 40,
            "organisator": "Ketenregie Fryslân",
            "omschrijving": "Hoe een signaal via de ketenregisseur en het Drieluik loopt, en wat "
            "partners terug kunnen verwachten.",
        },
    ),
    (
        "kr.fryslan@demo.example",
        FR,
        ("GM0080",),
        5,
        {
            "soort": "voorlichting",
            "titel": "Voorlichting voor bewoners van een opvanglocatie",
            "doelgroepen": ["vluchtelingen"],
            "deelnemers": 31,
            "organisator": "Ketenregie Fryslân met het COA",
            "omschrijving": "Over werk, uitbuiting en waar iemand hulp vraagt; "
            "met tolken Arabisch en Tigrinya.",
        },
    ),
]


def laden() -> None:
    vandaag = timezone.localdate()
    for email, regionaam, codes, dagen_geleden, gegevens in DEMO:
        if Activiteit.objects.filter(titel=gegevens["titel"], regio__naam=regionaam).exists():
            continue
        door = Gebruiker.objects.filter(email=email).first()
        gemeenten = list(Gemeente.objects.filter(cbs_code__in=codes))
        if door is None or len(gemeenten) != len(codes):
            continue  # a demo set without this user or gemeente
        services.activiteit_vastleggen(
            door=door,
            gegevens={**gegevens, "datum": vandaag - timedelta(days=dagen_geleden)},
            gemeenten=gemeenten,
        )
