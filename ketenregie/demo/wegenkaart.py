"""Demo partners on the wegenkaart for both demo regions, saved through the services.

Idempotent: a partner that already exists (same name and soort) is left alone.
Organisation names are public bodies; contact persons and numbers are fictitious.
"""

from __future__ import annotations

from typing import TypedDict

from ketenregie.models import Partner
from ketenregie.services import wegenkaart as services
from ketenregie.services.wegenkaart import ContactGegevens, PartnerGegevens
from mensenhandel.models import Gebruiker, Regio

GV, FR = "Gooi en Vechtstreek", "Fryslân"
BEHEERDER = "beheer@demo.example"


class DemoPartner(TypedDict):
    gegevens: PartnerGegevens
    regios: list[str]  # names
    contacten: list[ContactGegevens]


DEMO: list[DemoPartner] = [
    {
        "gegevens": {
            "naam": "Politie basisteam Gooi en Vechtstreek",
            "soort": "politie_basisteam",
            "wat_kunnen_zij": "Eerste aanspreekpunt bij acuut gevaar en voor aangifte; "
            "schakelt de AVIM in bij signalen van mensenhandel.",
            "telefoon": "0900-8844",
            "buiten_kantoortijd": "Bij acuut gevaar altijd 112; anders 0900-8844, dag en nacht.",
        },
        "regios": [GV],
        "contacten": [{"naam": "Wijkagent Fenna de Wit", "functie": "Wijkagent", "telefoon": "0900-8844"}],
    },
    {
        "gegevens": {
            "naam": "AVIM Midden-Nederland",
            "soort": "politie_avim",
            "wat_kunnen_zij": "Onderzoekt mensenhandel en mensensmokkel; voert het intakegesprek met "
            "mogelijke slachtoffers en kan de B8-bedenktijd aanbieden.",
            "telefoon": "0900-8844",
            "meldpunt": "Via de politie, vraag naar de AVIM.",
        },
        "regios": [GV],
        "contacten": [
            {"naam": "Rachid Amrani", "functie": "Rechercheur mensenhandel", "email": "avim.demo@example.org"}
        ],
    },
    {
        "gegevens": {
            "naam": "Politie basisteam Leeuwarden",
            "soort": "politie_basisteam",
            "wat_kunnen_zij": "Eerste aanspreekpunt bij acuut gevaar en voor aangifte.",
            "telefoon": "0900-8844",
            "buiten_kantoortijd": "Bij acuut gevaar altijd 112.",
        },
        "regios": [FR],
        "contacten": [],
    },
    {
        "gegevens": {
            "naam": "Veilig Thuis Fryslân",
            "soort": "veilig_thuis",
            "wat_kunnen_zij": "Advies en meldingen bij huiselijk geweld en kindermishandeling, "
            "ook als uitbuiting binnen het gezin speelt.",
            "telefoon": "0800-2000",
            "buiten_kantoortijd": "0800-2000 is dag en nacht bereikbaar.",
        },
        "regios": [FR],
        "contacten": [
            {"naam": "Sjoukje Hoekstra", "functie": "Aandachtsfunctionaris", "email": "vt.demo@example.org"}
        ],
    },
    {
        "gegevens": {
            "naam": "Nederlandse Arbeidsinspectie, opsporing",
            "soort": "ai_opsporing",
            "wat_kunnen_zij": "Strafrechtelijk onderzoek naar arbeidsuitbuiting, onder gezag van het OM.",
            "meldpunt": "Melding via het meldformulier op de website van de Arbeidsinspectie.",
        },
        "regios": [GV, FR],
        "contacten": [],
    },
    {
        "gegevens": {
            "naam": "Nederlandse Arbeidsinspectie, toezicht",
            "soort": "ai_toezicht",
            "wat_kunnen_zij": "Controleert arbeidsomstandigheden, loon en arbeidstijden; kan boetes "
            "opleggen en een bedrijf stilleggen.",
            "meldpunt": "Melding via het meldformulier op de website van de Arbeidsinspectie.",
        },
        "regios": [GV, FR],
        "contacten": [],
    },
    {
        "gegevens": {
            "naam": "CoMensha",
            "soort": "comensha",
            "wat_kunnen_zij": "Landelijk coördinatiecentrum: registreert mogelijke slachtoffers en "
            "zoekt een opvangplek in de categorale opvang (COSM).",
            "telefoon": "033 448 1186",
            "buiten_kantoortijd": "Voor spoedplaatsing buiten kantoortijd via de politie.",
        },
        "regios": [GV, FR],
        "contacten": [],
    },
    {
        "gegevens": {
            "naam": "COSM-locatie",
            "soort": "opvang",
            "wat_kunnen_zij": "Categorale opvang voor slachtoffers mensenhandel: veilige plek, "
            "begeleiding en hulp bij de bedenktijd. Plaatsing via CoMensha.",
            "meldpunt": "Aanmelden via CoMensha.",
        },
        "regios": [GV, FR],
        "contacten": [],
    },
    {
        "gegevens": {
            "naam": "Fier",
            "soort": "zorgaanbieder",
            "wat_kunnen_zij": "Behandeling en beschermd wonen bij geweld in afhankelijkheidsrelaties, "
            "waaronder loverboy-slachtoffers en jonge slachtoffers van mensenhandel.",
            "telefoon": "088 208 0000",
        },
        "regios": [GV, FR],
        "contacten": [{"naam": "Marit Hoogland", "functie": "Intaker", "email": "fier.demo@example.org"}],
    },
    {
        "gegevens": {
            "naam": "Wijkteam Hilversum (demo)",
            "soort": "zorgaanbieder",
            "wat_kunnen_zij": "Ondersteuning thuis: schulden, huisvesting, opvoeding, dagbesteding; "
            "schakelt specialistische hulp in.",
            "telefoon": "035 000 0000",
        },
        "regios": [GV],
        "contacten": [{"naam": "Noor Vermeulen", "functie": "Wijkcoach", "telefoon": "035 000 0000"}],
    },
]


def laden() -> None:
    regios = {r.naam: r for r in Regio.objects.filter(naam__in=[GV, FR])}
    ketenregisseurs = {GV: "kr.gooi@demo.example", FR: "kr.fryslan@demo.example"}
    for demo in DEMO:
        gegevens = demo["gegevens"]
        if Partner.objects.filter(naam__iexact=gegevens["naam"], soort=gegevens["soort"]).exists():
            continue
        # A partner of one region is entered by that region's ketenregisseur; one serving
        # both regions by the functional administrator.
        email = ketenregisseurs[demo["regios"][0]] if len(demo["regios"]) == 1 else BEHEERDER
        door = Gebruiker.objects.get(email=email)
        partner = services.partner_opslaan(
            door=door, gegevens=gegevens, regios=[regios[naam] for naam in demo["regios"]]
        )
        for contact in demo["contacten"]:
            services.contactpersoon_opslaan(door=door, partner=partner, gegevens=contact)
