"""The crafted dataset of the report's figures: Gooi en Vechtstreek over the first half of 2026.

``maak(gebruikers, plaatsen)`` writes it; ``tests/rapportage/test_inhoud.py`` asserts every
figure of the gathering number by number and ``tests/rapportage/test_pdf.py`` finds the
same numbers in the PDF's text. The expected numbers are worked out in the comments here
and in those tests.

Records are made directly, not through the services: the figures read the stored dates and
the services would stamp today on them. The report is about a half-year that is over
(today is later than 30 June 2026), so its reference date is 30 June 2026 whenever the
tests run; the basisniveau then comes from the history, whose dates are set here.

The regio has three active gemeenten (Hilversum, Huizen, Gooise Meren) and one inactive
(Weesp). Every kind of record has one just before the period, on its first and on its last
day, just after it, and one in Fryslân that must never count. Times are Dutch time: a
decision at 00:30 on 1 January 2026 was taken on 31 December in UTC and counts; one at
00:30 on 1 July was taken on 30 June in UTC and does not.

Everything a report must never show is filled in with recognisable values (``VERBODEN``):
names, dates of birth, addresses, locations and the free texts of signals, referrals,
aanmeldingen, clients, trajectories and meetings, and who brought a knelpunt in.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from ketenregie.models import (
    Actiepunt,
    Activiteit,
    Agendasignaal,
    Basisniveau,
    Bijzonderheden,
    Knelpunt,
    Overleg,
)
from mensenhandel.models import Gemeente
from signalen.models import BetrokkenPersoon, Doorverwijzing, Koppeling, Signaal
from tests.conftest import momentopname
from zorgcoordinatie.models import Aanmelding, Client, Traject

VAN, TOT = date(2026, 1, 1), date(2026, 6, 30)
WACHTDAGEN = 14

BIJZONDERHEDEN = "De meldroute is in alle gemeenten opnieuw onder de aandacht gebracht."
BIJZONDERHEDEN_ANDER_HALFJAAR = "Deze tekst hoort bij het tweede halfjaar."
KNELPUNT = "Te weinig opvangplekken voor mannen"
KNELPUNT_OMSCHRIJVING = "Voor mannelijke slachtoffers is er in de regio geen opvangplek."
KNELPUNT_ZONDER_ACTIES = "Wachttijd tolken"
KNELPUNT_OPGELOST = "Al opgelost knelpunt"
ACTIE = "Overleg met het COA over extra plekken"
ACTIE_UITKOMST = "Twee plekken toegezegd"
ACTIE_2 = "Inventarisatie bij de gemeenten"

# What no report may contain.
NAAM_SLACHTOFFER = "Anna Voorbeeldig"
NAAM_DADER = "Kees Verdachtig"
GEBOORTEDATUM = date(1999, 4, 17)
ADRES_PERSOON = "Lindenlaan 77"
NAAM_CLIENT = "Maria Proefpersoon"
VERBLIJFPLAATS = "Pension De Linde, Kerkstraat 3"
LOCATIE = "Bedrijfspand Industrieweg 12"
OMSCHRIJVING = "Medewerkers slapen in het pand en leveren hun paspoort in."
MELDER = "Jan Melder, 035 123 4567"
TOELICHTING = "Navraag bij de werkgever leverde niets op."
CONTACTPERSOON = "Rechercheur De Boer"
BERICHT = "Contact gelegd met de cliënte"
AANMELDING = "Vrouw aangetroffen bij controle in de Stationsstraat."
REDEN_AFWIJZING = "Woont buiten de regio bij haar zus."
STRAFRECHT_CONTACT = "Politie, team AVIM, rechercheur Jansen"
AFSLUITTOELICHTING_TRAJECT = "Vertrokken naar familie in Polen."
AGENDA = "Bespreking casus Voorbeeldig"
INGEBRACHT_DOOR = "Jan Inbrenger"
EIGENAAR = "Piet Actiehouder"

VERBODEN = [
    NAAM_SLACHTOFFER,
    NAAM_DADER,
    ADRES_PERSOON,
    NAAM_CLIENT,
    VERBLIJFPLAATS,
    LOCATIE,
    OMSCHRIJVING,
    MELDER,
    TOELICHTING,
    CONTACTPERSOON,
    BERICHT,
    AANMELDING,
    REDEN_AFWIJZING,
    STRAFRECHT_CONTACT,
    AFSLUITTOELICHTING_TRAJECT,
    AGENDA,
    INGEBRACHT_DOOR,
    EIGENAAR,
    "1999",  # the year of birth, in any notation
    "17-4",
    "17 april",
]

_volgnummer = itertools.count(1)

VORMEN = {
    "seksueel": "seksuele_uitbuiting",
    "arbeid": "arbeidsuitbuiting",
    "crimineel": "criminele_uitbuiting",
}


def d(tekst: str) -> date:
    return date.fromisoformat(tekst)


def moment(tekst: str) -> datetime:
    """A moment in Dutch time; a date alone is noon."""
    return timezone.make_aware(datetime.fromisoformat(tekst if "T" in tekst else tekst + "T12:00"))


def signaal(
    af: Any,
    gemeente: Gemeente,
    geregistreerd: str,
    *,
    bron: str = "politie",
    sector: str = "horeca",
    vormen: tuple[str, ...] = ("arbeid",),
    minderjarig: str = "nee",
    migratie: bool = False,
    status: str = "nieuw",
    besloten: str | None = None,
    afsluitreden: str = "",
) -> Signaal:
    s = Signaal.objects.create(
        referentie=f"P-2026-{next(_volgnummer):05d}",
        datum_waargenomen=d(geregistreerd) - timedelta(days=3),
        datum_geregistreerd=d(geregistreerd),
        gemeente=gemeente,
        locatie=LOCATIE,
        postcode="1211 AB",
        huisnummer="12",
        sector=sector,
        bron=bron,
        melder_contact=MELDER,
        reikwijdte="grensoverschrijdend" if migratie else "binnenlands",
        migratiecomponent=migratie,
        omschrijving=OMSCHRIJVING,
        minderjarige_betrokken=minderjarig,
        status=status,
        besloten_op=moment(besloten) if besloten else None,
        afsluitreden=afsluitreden,
        afsluittoelichting=TOELICHTING if status == "afgesloten" else "",
        geregistreerd_door=af,
        **{VORMEN[v]: True for v in vormen},
    )
    BetrokkenPersoon.objects.create(
        signaal=s,
        soort="slachtoffer",
        naam=NAAM_SLACHTOFFER,
        geboortedatum=GEBOORTEDATUM,
        adres=ADRES_PERSOON,
        telefoon="06 12345678",
    )
    BetrokkenPersoon.objects.create(signaal=s, soort="dader", naam=NAAM_DADER)
    return s


def verwijzing(
    af: Any,
    sig: Signaal,
    bestemming: str,
    datum: str,
    terugkoppeling: str = "verstuurd",
    *,
    regio: Any = None,
    **data: str,
) -> Doorverwijzing:
    return Doorverwijzing.objects.create(
        signaal=sig,
        bestemming=bestemming,
        regio=regio,
        datum=d(datum),
        terugkoppeling=terugkoppeling,
        contactpersoon=CONTACTPERSOON,
        bericht=BERICHT,
        door=af,
        **{k: d(v) for k, v in data.items()},
    )


def koppeling(een: Signaal, ander: Signaal, sterkte: str, beoordeling: str, gevonden: str) -> Koppeling:
    a, b = sorted([een, ander], key=lambda s: s.pk)
    return Koppeling.objects.create(
        signaal_a=a,
        signaal_b=b,
        sterkte=sterkte,
        soorten=["telefoon"],
        beoordeling=beoordeling,
        gevonden_op=moment(gevonden),
    )


def aanmelding(
    zc: Any,
    regio: Any,
    datum: str,
    bron: str,
    status: str = "open",
    beantwoord: str | None = None,
    **extra: Any,
) -> Aanmelding:
    return Aanmelding.objects.create(
        regio=regio,
        datum=d(datum),
        bron=bron,
        bronorganisatie="Politie, team AVIM",
        omschrijving=AANMELDING,
        status=status,
        reden_afwijzing=REDEN_AFWIJZING if status == "afgewezen" else "",
        beantwoord_door=zc if beantwoord else None,
        beantwoord_op=moment(beantwoord) if beantwoord else None,
        ingevoerd_door=zc,
        **extra,
    )


TEKSTVELDEN = {"afsluitreden", "verblijf", "strafrecht", "opvang"}


def traject(
    zc: Any,
    regio: Any,
    *,
    toestemming: str = "niet_gevraagd",
    toestemming_op: str | None = None,
    **data: Any,
) -> Traject:
    client = Client.objects.create(
        dossiernummer=f"P-{next(_volgnummer):05d}",
        naam=NAAM_CLIENT,
        geboortedatum=GEBOORTEDATUM,
        verblijfplaats=VERBLIJFPLAATS,
        verantwoordelijke_gemeente=regio.gemeenten.order_by("naam").first(),
        comensha_toestemming=toestemming,
        comensha_toestemming_op=d(toestemming_op) if toestemming_op else None,
    )
    velden = {k: d(v) if isinstance(v, str) and k not in TEKSTVELDEN else v for k, v in data.items()}
    if velden.get("afgesloten_op"):
        velden["afsluittoelichting"] = AFSLUITTOELICHTING_TRAJECT
    if velden.get("aangifte_op"):
        velden.setdefault("strafrecht", "aangifte")
        velden["strafrecht_contact"] = STRAFRECHT_CONTACT
    return Traject.objects.create(client=client, regio=regio, verantwoordelijke=zc, **velden)


def activiteit(
    kr: Any, regio: Any, soort: str, datum: str, doelgroepen: list[str], deelnemers: int | None, gemeenten=()
) -> Activiteit:
    a = Activiteit.objects.create(
        regio=regio,
        soort=soort,
        titel=f"{soort} {datum}",
        datum=d(datum),
        doelgroepen=doelgroepen,
        deelnemers=deelnemers,
        organisator="Ketenregie",
        vastgelegd_door=kr,
    )
    a.gemeenten.set(gemeenten)
    return a


def overleg(kr: Any, regio: Any, soort: str, datum: str, signalen: tuple[Signaal, ...] = ()) -> Overleg:
    o = Overleg.objects.create(
        regio=regio, soort=soort, datum=d(datum), agenda=AGENDA, besluiten=AGENDA, vastgelegd_door=kr
    )
    for s in signalen:
        Agendasignaal.objects.create(overleg=o, signaal=s)
    return o


def basisniveau(gemeente: Gemeente, punt: str, status: str, vastgelegd: str) -> Basisniveau:
    """A basisniveau record as if it was recorded on ``vastgelegd``."""
    rij = Basisniveau.objects.create(gemeente=gemeente, punt=punt, status=status)
    Basisniveau.history.model.objects.filter(id=rij.id).update(history_date=moment(vastgelegd))
    return rij


# What ``maak`` returned the first time in this process, as (model, pk) references.
_VERWIJZINGEN: dict[str, Any] = {}


def _verwijzing(waarde: Any) -> Any:
    if isinstance(waarde, list):
        return [_verwijzing(w) for w in waarde]
    return (type(waarde), waarde.pk)


def _lezen(verwijzing: Any) -> Any:
    if isinstance(verwijzing, list):
        return [_lezen(v) for v in verwijzing]
    model, pk = verwijzing
    return model.objects.get(pk=pk)


def proef(gebruikers: dict[str, Any], plaatsen: dict[str, Any]) -> dict[str, Any]:
    """``maak`` the first time in a test process; afterwards the rows it wrote then are inserted
    again (``tests.conftest.momentopname``, a fraction of the time) and the records it returned
    read back fresh. The dataset has fixed dates, so it is the same rows either way."""

    def maken() -> None:
        _VERWIJZINGEN.update({k: _verwijzing(v) for k, v in maak(gebruikers, plaatsen).items()})

    momentopname("rapportage-proefgegevens", maken)
    return {k: _lezen(v) for k, v in _VERWIJZINGEN.items()}


def maak(gebruikers: dict[str, Any], plaatsen: dict[str, Any]) -> dict[str, Any]:
    """Write the dataset; returns a few records the tests refer to."""
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    zc, zc_ander, kr = gebruikers["zc"], gebruikers["zc_ander"], gebruikers["kr"]
    hil, hui, lw = plaatsen["hilversum"], plaatsen["huizen"], plaatsen["leeuwarden"]
    gv, fr = plaatsen["gv"], plaatsen["fr"]
    gm = Gemeente.objects.create(cbs_code="GM1942", naam="Gooise Meren")
    weesp = Gemeente.objects.create(cbs_code="GM0457", naam="Weesp", actief=False)
    gv.gemeenten.add(gm, weesp)

    # --- Signals of the first half of 2026: Hilversum 8, Huizen 3, Gooise Meren 6 -----------
    # Decisions with their days from registration to decision: 0, 30, 10, 4, 2, 20, 60, 29, 12, 1.
    h1 = signaal(
        af, hil, "2026-01-01", status="afgesloten", besloten="2026-01-01T00:30", afsluitreden="te_weinig"
    )
    h2 = signaal(
        af,
        hil,
        "2026-01-20",
        bron="handhaving",
        sector="prostitutie_onvergund",
        vormen=("seksueel",),
        minderjarig="ja",
        status="besloten",
        besloten="2026-02-19T10:00",
    )
    h3 = signaal(
        af,
        hil,
        "2026-02-10",
        bron="zorg",
        sector="online",
        vormen=("seksueel", "crimineel"),
        minderjarig="ja",
        status="lopend",
        besloten="2026-02-20T10:00",
    )
    h4 = signaal(af, hil, "2026-03-05", minderjarig="onbekend", status="lopend", besloten="2026-03-09T10:00")
    h5 = signaal(
        af,
        hil,
        "2026-04-15",
        bron="burger",
        sector="schoonmaak",
        status="in_onderzoek",
        besloten="2026-04-17T10:00",
    )
    h6 = signaal(af, hil, "2026-05-20", migratie=True)
    h7 = signaal(
        af, hil, "2026-06-30", bron="anoniem", sector="bouw", minderjarig="onbekend", status="gewogen"
    )
    h8 = signaal(af, hil, "2026-06-20", status="besloten", besloten="2026-07-01T00:30")  # decided after tot
    z1 = signaal(
        af,
        hui,
        "2026-02-01",
        bron="veilig_thuis",
        sector="huishoudelijk",
        minderjarig="ja",
        migratie=True,
        status="besloten",
        besloten="2026-02-21T10:00",
    )
    z2 = signaal(
        af,
        hui,
        "2026-03-15",
        bron="onderwijs",
        sector="online",
        vormen=("crimineel",),
        minderjarig="ja",
        status="afgesloten",
        besloten="2026-05-14T10:00",
        afsluitreden="geen_mensenhandel",
    )
    z3 = signaal(
        af, hui, "2026-06-01", status="afgesloten", besloten="2026-06-30T23:30"
    )  # no reason recorded
    g1 = signaal(
        af,
        gm,
        "2026-01-05",
        bron="handhaving",
        sector="land_tuinbouw",
        status="besloten",
        besloten="2026-01-17T10:00",
    )
    g2 = signaal(
        af,
        gm,
        "2026-02-05",
        bron="handhaving",
        sector="land_tuinbouw",
        status="afgesloten",
        besloten="2026-02-06T10:00",
        afsluitreden="te_weinig",
    )
    signaal(af, gm, "2026-03-05", bron="handhaving", sector="distributie")
    g4 = signaal(af, gm, "2026-04-05", sector="nagel_massage", vormen=("seksueel",))
    g5 = signaal(af, gm, "2026-05-05", bron="zorg", sector="nagel_massage", vormen=("seksueel",))
    signaal(af, gm, "2026-06-05", bron="zorg", sector="nagel_massage", vormen=("seksueel",))

    # --- Signals of other half-years, after the period, and in Fryslân ----------------------
    e1 = signaal(af, hil, "2025-07-01")
    e2 = signaal(
        af,
        hil,
        "2025-09-10",
        minderjarig="ja",
        status="afgesloten",
        besloten="2025-09-20T10:00",
        afsluitreden="te_weinig",
    )
    e3 = signaal(af, hil, "2025-10-01", status="besloten", besloten="2025-12-31T23:30")  # 91 days
    signaal(af, hui, "2025-11-11")
    voor = signaal(af, hil, "2025-12-31")
    signaal(af, hil, "2025-03-01")
    signaal(af, hui, "2025-06-30")
    signaal(af, hil, "2024-12-31")
    signaal(af, hui, "2026-07-01")  # after tot
    f1 = signaal(af_ander, lw, "2026-03-01", status="besloten", besloten="2026-03-02T10:00")
    f2 = signaal(af_ander, lw, "2026-03-10")

    # --- Referrals -------------------------------------------------------------------------
    # Dated in the period: 7. First feedback after 5, 2, 10, 3 and 145 days; waiting on 30 June: 4.
    zc_h2 = verwijzing(af, h2, "zorgcoordinator", "2026-02-19", regio=gv)  # an unanswered aanmelding
    verwijzing(af, h2, "politie_tmm", "2026-02-19", "opgepakt", opgepakt_op="2026-02-24")
    verwijzing(af, h3, "riec", "2026-02-20", "ontvangen", ontvangen_op="2026-02-22")
    verwijzing(af, h3, "zvh", "2026-02-20", "opgepakt", opgepakt_op="2026-07-15")  # picked up after tot
    verwijzing(af, g1, "ai_opsporing", "2026-01-17", "afgewezen", afgewezen_op="2026-01-27")
    verwijzing(af, g1, "politie_basisteam", "2026-01-17")
    zc_g1 = verwijzing(
        af, g1, "zorgcoordinator", "2026-01-17", "opgepakt", regio=gv, opgepakt_op="2026-01-20"
    )
    verwijzing(af, h8, "zorgcoordinator", "2026-07-01", regio=gv)  # after tot
    verwijzing(af, e3, "politie_tmm", "2025-12-31", "afgerond", afgerond_op="2026-01-05")
    verwijzing(af, e1, "veilig_thuis", "2025-11-15")  # still waiting: too long on 30 June
    verwijzing(af_ander, f1, "zorgcoordinator", "2026-03-02", regio=fr)

    # --- Stacking hits: 5 in the period ------------------------------------------------------
    koppeling(h1, h2, "sterk", "voorgesteld", "2026-01-01T00:30")
    koppeling(h3, z1, "sterk", "bevestigd", "2026-03-01")
    koppeling(z2, g1, "mogelijk", "afgewezen", "2026-04-01")
    koppeling(g4, f2, "mogelijk", "voorgesteld", "2026-05-01")  # with Fryslân
    koppeling(h6, g5, "mogelijk", "bevestigd", "2026-06-30T23:30")
    koppeling(h7, h8, "sterk", "voorgesteld", "2026-07-01T00:30")  # after tot
    koppeling(f1, f2, "sterk", "voorgesteld", "2026-03-11")  # only Fryslân
    koppeling(voor, e1, "sterk", "bevestigd", "2025-12-31")  # the half-year before

    # --- Trajectories and aanmeldingen -------------------------------------------------------
    # Closed in the period after 31, 161 and 30 days.
    traject(zc, gv, intake_start="2025-12-01", afgesloten_op="2026-01-01", afsluitreden="criteria")
    t2 = traject(
        zc,
        gv,
        intake_start="2026-02-03",
        hulpverlening_start="2026-02-10",
        opvang="vrouwenopvang",
        opvang_start="2026-02-03",
        toestemming="gegeven",
        toestemming_op="2026-02-10",
    )
    t3 = traject(
        zc,
        gv,
        intake_start="2026-01-20",
        intake_eind="2026-03-01",
        hulpverlening_start="2026-01-25",
        afgesloten_op="2026-06-30",
        afsluitreden="vertrokken",
        toestemming="geweigerd",
        toestemming_op="2026-06-30",
    )
    t4 = traject(
        zc,
        gv,
        intake_start="2026-04-12",
        hulpverlening_start="2026-04-12",
        afronding_start="2026-06-01",
        verblijf="verleend",
        verblijf_datum="2026-06-15",
        aangifte_op="2026-05-01",
        opvang="cosm",
        opvang_start="2026-04-12",
        toestemming="gegeven",
        toestemming_op="2026-04-20",
    )
    traject(
        zc,
        gv,
        intake_start="2026-03-10",
        intake_eind="2026-04-01",
        verblijf="bedenktijd",
        bedenktijd_start="2026-03-10",
        opvang="omm",
        opvang_start="2026-03-10",
        opvang_eind="2026-06-30",
        toestemming="gegeven",
        toestemming_op="2025-12-01",
    )
    traject(
        zc,
        gv,
        intake_start="2026-05-01",
        afgesloten_op="2026-05-31",
        afsluitreden="wil_geen_hulp",
        aangifte_op="2026-05-20",
    )
    traject(
        zc,
        gv,
        intake_start="2025-09-01",
        hulpverlening_start="2025-09-15",
        opvang="maatschappelijk",
        opvang_start="2025-09-01",
        verblijf="aangevraagd",
        verblijf_datum="2026-01-01",
    )
    traject(zc, gv, intake_start="2026-06-30")
    traject(
        zc, gv, intake_start="2026-07-05", verblijf="bedenktijd", bedenktijd_start="2026-07-05"
    )  # after tot
    traject(
        zc_ander,
        fr,
        intake_start="2026-03-02",
        afgesloten_op="2026-04-01",
        afsluitreden="criteria",
        bedenktijd_start="2026-03-02",
        aangifte_op="2026-03-05",
        opvang="cosm",
        toestemming="gegeven",
        toestemming_op="2026-03-02",
    )
    traject(zc, gv, intake_start="2025-03-01", afgesloten_op="2025-06-30", afsluitreden="criteria")
    traject(zc, gv, intake_start="2024-12-31", afgesloten_op="2025-12-15", afsluitreden="terugkeer")

    aanmelding(zc, gv, "2026-01-01", "politie")
    aanmelding(zc, gv, "2026-02-01", "veilig_thuis", "geaccepteerd", "2026-02-03", traject=t2)
    aanmelding(zc, gv, "2026-03-01", "zelfmelder", "afgewezen", "2026-03-02")
    aanmelding(zc, gv, "2026-04-10", "asielketen", "geaccepteerd", "2026-04-12", traject=t4)
    aanmelding(zc, gv, "2026-06-30", "politie", "geaccepteerd", "2026-07-02")  # answered after tot
    aanmelding(zc, gv, "2026-07-01", "politie")  # after tot
    aanmelding(zc, gv, "2025-12-31", "zorgaanbieder", "geaccepteerd", "2025-12-31")
    aanmelding(zc_ander, fr, "2026-03-01", "politie")
    aanmelding(
        zc,
        gv,
        "2026-01-17",
        "signaal",
        "geaccepteerd",
        "2026-01-20",
        doorverwijzing=zc_g1,
        traject=t3,
    )

    # --- Ketenregie --------------------------------------------------------------------------
    activiteit(kr, gv, "training", "2026-01-01", ["medewerkers_oov"], 20, [hil])
    activiteit(kr, gv, "voorlichting", "2026-03-15", ["jongeren"], 35, [hil, hui])
    activiteit(kr, gv, "campagne", "2026-06-30", ["publiek"], None)
    activiteit(kr, gv, "bijeenkomst", "2026-04-01", ["professionals", "jongeren"], 12, [gm])
    activiteit(kr, gv, "training", "2026-07-01", ["jongeren"], 10, [hil])  # after tot
    activiteit(kr, gv, "training", "2025-10-01", ["jongeren"], 15, [hui])  # the half-year before
    activiteit(gebruikers["kr_ander"], fr, "training", "2026-02-01", ["jongeren"], 12, [lw])

    overleg(kr, gv, "af_overleg", "2026-02-01")
    overleg(kr, gv, "regietafel", "2026-03-01", (h2, h3))
    overleg(kr, gv, "regietafel", "2026-06-30", (h4,))
    overleg(kr, gv, "bestuurlijk", "2026-05-01")
    overleg(kr, gv, "af_overleg", "2026-07-01")  # after tot
    overleg(kr, gv, "af_overleg", "2025-11-01")  # the half-year before
    overleg(gebruikers["kr_ander"], fr, "drieluik", "2026-03-01", (f1,))

    basisniveau(hil, "actief_signaleren", "voldaan", "2026-03-01")
    basisniveau(hil, "af_aangesteld", "voldaan", "2026-03-01")
    basisniveau(hil, "beleid_vastgesteld", "deels", "2026-03-01")
    basisniveau(hui, "af_aangesteld", "voldaan", "2026-03-01")
    basisniveau(hui, "beleid_vastgesteld", "niet", "2026-03-01")
    basisniveau(gm, "af_aangesteld", "voldaan", "2026-06-30T23:00")
    basisniveau(hui, "actief_signaleren", "voldaan", "2026-07-01T09:00")  # after tot: not yet on 30 June
    basisniveau(weesp, "af_aangesteld", "voldaan", "2026-03-01")  # inactive
    basisniveau(lw, "af_aangesteld", "voldaan", "2026-03-01")

    Bijzonderheden.objects.create(regio=gv, jaar=2026, helft=1, tekst=BIJZONDERHEDEN, bijgewerkt_door=kr)
    Bijzonderheden.objects.create(
        regio=gv, jaar=2026, helft=2, tekst=BIJZONDERHEDEN_ANDER_HALFJAAR, bijgewerkt_door=kr
    )
    Bijzonderheden.objects.create(
        regio=fr, jaar=2026, helft=1, tekst="Tekst van Fryslân.", bijgewerkt_door=gebruikers["kr_ander"]
    )
    knelpunt = Knelpunt.objects.create(
        regio=gv,
        thema="opvang",
        titel=KNELPUNT,
        omschrijving=KNELPUNT_OMSCHRIJVING,
        ingebracht_door=INGEBRACHT_DOOR,
        datum=d("2026-03-01"),
        vastgelegd_door=kr,
    )
    Actiepunt.objects.create(
        knelpunt=knelpunt,
        omschrijving=ACTIE,
        eigenaar=EIGENAAR,
        deadline=d("2026-04-01"),
        status="afgerond",
        uitkomst=ACTIE_UITKOMST,
    )
    Actiepunt.objects.create(
        knelpunt=knelpunt, omschrijving=ACTIE_2, eigenaar=EIGENAAR, deadline=d("2026-09-01")
    )
    Knelpunt.objects.create(
        regio=gv,
        thema="capaciteit",
        titel=KNELPUNT_ZONDER_ACTIES,
        omschrijving="Een tolk is pas na twee weken beschikbaar.",
        ingebracht_door=INGEBRACHT_DOOR,
        datum=d("2026-05-01"),
        status="in_behandeling",
        vastgelegd_door=kr,
    )
    Knelpunt.objects.create(
        regio=gv,
        thema="overig",
        titel=KNELPUNT_OPGELOST,
        omschrijving="Is klaar.",
        ingebracht_door=INGEBRACHT_DOOR,
        datum=d("2026-02-01"),
        status="opgelost",
        vastgelegd_door=kr,
    )
    Knelpunt.objects.create(
        regio=fr,
        thema="overig",
        titel="Knelpunt van Fryslân",
        omschrijving="Niet van deze regio.",
        ingebracht_door="Iemand",
        datum=d("2026-02-01"),
        vastgelegd_door=gebruikers["kr_ander"],
    )
    return {
        "gooise_meren": gm,
        "weesp": weesp,
        "zc_h2": zc_h2,
        "besluiten": [h1, h2, h3, h4, h5, z1, z2, z3, g1, g2],
        "buiten": [e1, e2, e3, voor, h8, f1, f2],
    }


# --- The expected figures -----------------------------------------------------------------------
#
# Every table of the report as printed: its caption, then its rows (the footer last), each
# a label and its printed values. ``test_inhoud`` builds the same rows from the gathering,
# ``test_pdf`` finds them in the PDF's text.

DREMPEL = 5  # the regio's threshold for small numbers (the default)

# The true counts of the tables by gemeente. Which cells are hidden, and how, is the
# protection's business (``mensenhandel.bescherming``, tested on its own).
SIGNALEN_PER_GEMEENTE: list[tuple[str, list[int]]] = [
    ("Gooise Meren", [6]),
    ("Hilversum", [8]),
    ("Huizen", [3]),
]
# Training, voorlichting, campagne, bijeenkomst; an activity for two gemeenten counts for both.
ACTIVITEITEN_PER_GEMEENTE: list[tuple[str, list[int]]] = [
    ("Gooise Meren", [0, 0, 0, 1]),
    ("Hilversum", [1, 1, 0, 0]),
    ("Huizen", [0, 1, 0, 0]),
    ("Hele regio (geen gemeente genoemd)", [0, 0, 1, 0]),
]


def _per_gemeente(rijen: list[tuple[str, list[int]]], *, rijtotalen: bool) -> list[tuple[str, ...]]:
    """A table by gemeente with its true counts; the tests check that what is printed is what
    the protection may print for them (``tests.beveiligd``)."""
    regels = [
        (naam, *map(str, waarden), *([str(sum(waarden))] if rijtotalen else [])) for naam, waarden in rijen
    ]
    kolommen = [sum(w[j] for _, w in rijen) for j in range(len(rijen[0][1]))]
    voet = ("Regio", *map(str, kolommen), *([str(sum(kolommen))] if rijtotalen else []))
    return [*regels, voet]


ONB = "? Onbekend"
VLD = "✓ Voldaan"

TABELLEN: dict[str, list[tuple[str, ...]]] = {
    "Kerncijfers van de regio Gooi en Vechtstreek": [
        ("Signalen geregistreerd", "17", "5", "+12"),
        ("Signalen met een minderjarige", "4", "1", "+3"),
        ("Besluiten over signalen", "10", "2", "+8"),
        ("Dagen van registratie tot besluit (mediaan)", "11,0", "50,5", "−39,5"),
        ("Doorverwijzingen", "7", "2", "+5"),
        ("Doorverwijzingen die aan het eind van de periode nog wachten op terugkoppeling", "4", "2", "+2"),
        ("Stapelingstreffers", "5", "1", "+4"),
        ("Aanmeldingen voor zorgcoördinatie", "7", "1", "+6"),
        ("Trajecten gestart", "6", "2", "+4"),
        ("Trajecten afgesloten", "3", "1", "+2"),
        ("Trajecten open aan het eind van de periode", "5", "2", "+3"),
        ("Activiteiten (training, voorlichting, campagne, bijeenkomst)", "4", "1", "+3"),
        ("Overleggen gehouden", "4", "1", "+3"),
    ],
    "Signalen per gemeente": _per_gemeente(SIGNALEN_PER_GEMEENTE, rijtotalen=False),
    "Signalen per vorm van uitbuiting": [
        ("Seksuele uitbuiting", "5"),
        ("Arbeidsuitbuiting", "11"),
        ("Criminele uitbuiting", "2"),
        ("Gedwongen orgaanverwijdering", "0"),
        ("Onbekend", "0"),
    ],
    "Signalen per bron": [
        ("Gemeente: burgerzaken", "0"),
        ("Gemeente: handhaving", "4"),
        ("Gemeente: vergunningen", "0"),
        ("Gemeente: Wmo/jeugd", "0"),
        ("Gemeente: werk en inkomen", "0"),
        ("Gemeente: andere afdeling", "0"),
        ("Politie", "6"),
        ("Arbeidsinspectie", "0"),
        ("Veilig Thuis", "1"),
        ("Zorg en hulpverlening", "3"),
        ("Onderwijs", "1"),
        ("Jongerenwerk", "0"),
        ("Asielketen", "0"),
        ("Burger", "1"),
        ("Anoniem", "1"),
        ("Overig", "0"),
        ("Totaal", "17"),
    ],
    "Signalen per sector": [
        ("Prostitutie (vergund)", "0"),
        ("Prostitutie (onvergund)", "1"),
        ("Horeca", "5"),
        ("Land- en tuinbouw", "2"),
        ("Bouw", "1"),
        ("Schoonmaak", "1"),
        ("Distributie en logistiek", "1"),
        ("Nagel- en massagesalons", "3"),
        ("Huishoudelijk werk", "1"),
        ("Online", "2"),
        ("Overig", "0"),
        ("Totaal", "17"),
    ],
    "Signalen naar betrokkenheid van een minderjarige": [
        ("Ja", "4"),
        ("Nee", "11"),
        ("Onbekend", "2"),
        ("Totaal", "17"),
    ],
    "Signalen per maand": [
        ("jan 2026", "3"),
        ("feb 2026", "3"),
        ("mrt 2026", "3"),
        ("apr 2026", "2"),
        ("mei 2026", "2"),
        ("jun 2026", "4"),
        ("Totaal", "17"),
    ],
    "Signalen uit deze periode naar hun status op het moment van maken": [
        ("Nieuw", "5"),
        ("In onderzoek", "1"),
        ("Gewogen", "1"),
        ("Besluit genomen", "4"),
        ("Lopend (monitoren)", "2"),
        ("Afgesloten", "4"),
        ("Totaal", "17"),
    ],
    # h1, z2, z3, g2 closed; h2, h3, g1 referred; h4 monitored; z1 helped; h5 reopened.
    "Besluiten naar wat er is besloten": [
        ("Afgesloten", "4"),
        ("Doorverwezen naar een of meer ketenpartners", "3"),
        ("Lopend signaal (monitoren), zonder doorverwijzing", "1"),
        ("Zelf hulp georganiseerd, zonder doorverwijzing", "1"),
        ("Sindsdien heropend, zonder doorverwijzing", "1"),
        ("Totaal", "10"),
    ],
    "Besluiten met een doorverwijzing, per bestemming": [
        ("Zorgcoördinator", "2"),
        ("Politie: basisteam", "1"),
        ("Politie: Team Migratiecriminaliteit en Mensenhandel", "1"),
        ("Arbeidsinspectie: opsporing", "1"),
        ("Arbeidsinspectie: toezicht", "0"),
        ("Veilig Thuis", "0"),
        ("RIEC (ondermijning)", "1"),
        ("Zorg- en Veiligheidshuis (procesregie)", "1"),
    ],
    "Afgesloten signalen per reden van afsluiten": [
        ("Geen mensenhandel", "1"),
        ("Te weinig aanknopingspunten", "2"),
        ("Andere of geen reden vastgelegd", "1"),
    ],
    # Aantal, met terugkoppeling, dagen tot terugkoppeling (mediaan), wacht op 30 juni, te lang.
    "Doorverwijzingen per bestemming": [
        ("Zorgcoördinator", "2", "1", "3,0", "1", "1"),
        ("Politie: basisteam", "1", "0", "–", "1", "1"),
        ("Politie: Team Migratiecriminaliteit en Mensenhandel", "1", "1", "5,0", "0", "0"),
        ("Arbeidsinspectie: opsporing", "1", "1", "10,0", "0", "0"),
        ("Arbeidsinspectie: toezicht", "0", "0", "–", "0", "0"),
        ("Veilig Thuis", "0", "0", "–", "0", "0"),
        ("RIEC (ondermijning)", "1", "1", "2,0", "1", "1"),
        ("Zorg- en Veiligheidshuis (procesregie)", "1", "1", "145,0", "1", "1"),
        ("Totaal", "7", "5", "5,0", "4", "4"),
    ],
    "Doorverwijzingen naar de stand van hun terugkoppeling op het moment van maken": [
        ("Verstuurd", "2"),
        ("Ontvangen", "1"),
        ("Opgepakt", "3"),
        ("Afgewezen", "1"),
        ("Afgerond", "0"),
        ("Totaal", "7"),
    ],
    # Voorgesteld, bevestigd, afgewezen, totaal.
    "Stapelingstreffers per sterkte en beoordeling": [
        ("Sterke overeenkomst", "1", "1", "0", "2"),
        ("Mogelijke overeenkomst", "1", "1", "1", "3"),
        ("Totaal", "2", "2", "1", "5"),
    ],
    "Aanmeldingen per bron": [
        ("Signaal van een aandachtsfunctionaris", "2"),
        ("Politie", "2"),
        ("Veilig Thuis", "1"),
        ("Zorgaanbieder", "0"),
        ("Asielketen (COA, IND, Nidos)", "1"),
        ("De persoon zelf", "1"),
        ("Overig", "0"),
        ("Totaal", "7"),
    ],
    "Aanmeldingen naar hun antwoord op 30 juni 2026": [
        ("Geaccepteerd", "3"),
        ("Afgewezen", "1"),
        ("Nog niet beantwoord", "3"),
        ("Totaal", "7"),
    ],
    "Trajecten van de zorgcoördinatie": [
        ("Gestart in deze periode", "6"),
        ("Afgesloten in deze periode", "3"),
        ("Open op 30 juni 2026", "5"),
        ("Looptijd van de afgesloten trajecten in dagen (mediaan)", "31,0"),
    ],
    "Open trajecten per fase": [
        ("Intake", "4"),
        ("Hulpverlening", "3"),
        ("Afronding", "1"),
        ("Tussen twee fasen", "1"),
    ],
    "Afgesloten trajecten per reden van afsluiten": [
        ("Alle afsluitcriteria voldaan", "1"),
        ("Vertrokken naar onbekende bestemming", "1"),
        ("Wil geen hulp", "1"),
        ("Teruggekeerd naar land van herkomst", "0"),
        ("Overleden", "0"),
        ("Overgedragen aan een andere regio", "0"),
        ("Anders", "0"),
        ("Totaal", "3"),
    ],
    "Trajecten met opvang in deze periode, per soort opvang": [
        ("COSM (categorale opvang)", "1"),
        ("OMM (opvang slachtoffers met multiproblematiek)", "1"),
        ("Vrouwenopvang", "1"),
        ("Maatschappelijke opvang", "1"),
        ("Jeugdhulp", "0"),
        ("Eigen woning", "0"),
        ("Totaal", "4"),
    ],
    "Verblijfsrecht en strafrecht: stappen in deze periode": [
        ("Bedenktijd gestart", "1"),
        ("Verblijfsvergunning slachtoffer aangevraagd", "1"),
        ("Verblijfsvergunning verleend", "1"),
        ("Verblijfsvergunning geweigerd", "0"),
        ("Asiel", "0"),
        ("Aangifte gedaan", "2"),
    ],
    "Toestemming voor registratie bij CoMensha, gevraagd in deze periode": [
        ("Toestemming gevraagd", "3"),
        ("Toestemming gegeven", "2"),
        ("Toestemming geweigerd", "1"),
        ("Deel dat toestemming gaf", "67%"),
        ("Cliënten van trajecten gestart in deze periode aan wie (nog) niets is gevraagd", "2"),
    ],
    # 2e halfjaar 2024, 1e halfjaar 2025, 2e halfjaar 2025, 1e halfjaar 2026.
    "Kerncijfers per halfjaar": [
        ("Signalen geregistreerd", "1", "2", "5", "17"),
        ("Signalen met een minderjarige", "0", "0", "1", "4"),
        ("Besluiten over signalen", "0", "0", "2", "10"),
        ("Dagen van registratie tot besluit (mediaan)", "–", "–", "50,5", "11,0"),
        ("Doorverwijzingen", "0", "0", "2", "7"),
        ("Stapelingstreffers", "0", "0", "1", "5"),
        ("Aanmeldingen voor zorgcoördinatie", "0", "0", "1", "7"),
        ("Trajecten gestart", "1", "1", "2", "6"),
        ("Trajecten afgesloten", "0", "1", "1", "3"),
        ("Trajecten open aan het eind", "1", "1", "2", "5"),
    ],
    # On 30 June; Huizen's "actief signaleren" was recorded on 1 July, Weesp is inactive.
    "Basisniveau per gemeente en onderdeel": [
        ("Gooise Meren", ONB, VLD, ONB, ONB, ONB, ONB, ONB, ONB),
        ("Hilversum", VLD, VLD, ONB, ONB, "◐ Deels voldaan", ONB, ONB, ONB),
        ("Huizen", ONB, VLD, ONB, ONB, "✗ Niet voldaan", ONB, ONB, ONB),
        ("Voldaan (van 3)", "1", "3", "0", "0", "0", "0", "0", "0"),
    ],
    "Activiteiten per gemeente en soort": _per_gemeente(ACTIVITEITEN_PER_GEMEENTE, rijtotalen=True),
    "Activiteiten per doelgroep": [
        ("Gemeentelijke medewerkers: OOV", "1", "20"),
        ("Gemeentelijke medewerkers: sociaal domein", "0", "0"),
        ("Gemeentelijke medewerkers: andere afdelingen", "0", "0"),
        ("Jongeren", "2", "47"),
        ("Mensen met een licht verstandelijke beperking", "0", "0"),
        ("Arbeidsmigranten", "0", "0"),
        ("Vluchtelingen", "0", "0"),
        ("Sekswerkers", "0", "0"),
        ("Professionals van ketenpartners", "1", "12"),
        ("Bestuurders", "0", "0"),
        ("Algemeen publiek", "1", "0"),
    ],
    "Overleggen gehouden in deze periode": [
        ("Overleg aandachtsfunctionarissen", "1", "niet van toepassing"),
        ("Regietafel", "2", "3"),
        ("Drieluik", "0", "0"),
        ("Bestuurlijk overleg Zorg en Veiligheid", "1", "niet van toepassing"),
    ],
}

# Sentences of the report with figures in them, as printed.
ZINNEN = [
    "In het eerste halfjaar 2026 zijn 17 signalen geregistreerd. Bij 4 daarvan is een minderjarige "
    "betrokken, bij 2 speelt een migratiecomponent.",
    "In deze periode is over 10 signalen een besluit genomen. Van registratie tot besluit duurde het in de "
    "helft van de gevallen 11,0 dagen of minder (de mediaan). 2 van deze signalen worden als lopend signaal "
    "gemonitord, met of zonder doorverwijzing.",
    "3 besluiten verwezen door.",
    "7 doorverwijzingen in deze periode. Op 30 juni 2026 wachtten daarvan nog 4 op terugkoppeling; over alle "
    "perioden samen waren dat er 5.",
    "Over alle perioden samen wachtten toen 5 doorverwijzingen te lang.",
    "In deze periode zijn 5 keer twee signalen gekoppeld waarvan er ten minste één uit de regio komt: 4 keer "
    "tussen twee gemeenten en 1 keer met een signaal uit een andere regio.",
    "7 aanmeldingen voor zorgcoördinatie in deze periode",
    "4 trajecten hadden in deze periode opvang.",
    "Van de 3 cliënten aan wie in deze periode toestemming is gevraagd voor registratie bij CoMensha, gaven "
    "er 2 toestemming (67%).",
    "Het basisniveau: 3 gemeenten;",
    "Er zijn 2 open knelpunten.",
    # A hidden count reads as plural ("<5 activiteiten"), whatever the true count.
    "4 activiteiten in deze periode met samen 67 bekende deelnemers (1 activiteiten zonder "
    "deelnemersaantal).",
]
