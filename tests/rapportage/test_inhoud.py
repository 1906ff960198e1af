"""What goes into a report, on the crafted dataset of ``tests/rapportage/proefgegevens.py``.

Every table of the report is built here from the gathering (``inhoud.verzamelen``) the way
the template prints it, and compared number by number with ``proefgegevens.TABELLEN``;
``test_pdf.py`` finds the same rows in the PDF's text. Besides the printed form, the
figures themselves are asserted where the printing rounds or hides them. Also: the shape
of the gathering (the CSV/XLSX export reads it), data outside the regio or period never
counting, the threshold, and a fixed number of queries at two sizes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from ketenregie import grafieken
from ketenregie.models import Bijzonderheden, Knelpunt
from ketenregie.selectors import cijfers
from mensenhandel.bescherming import uitleg
from rapportage import inhoud, pdf, pdftabellen, tabellen
from rapportage.models import Rapport
from rapportage.templatetags import rapportage as rapportage_filters
from signalen.cijfers import Besluitcijfers, Signaalcijfers, Stapelcijfers, Verwijzingscijfers, Verwijzingsrij
from tests.beveiligd import rijen_passen, waar
from tests.conftest import PUBLICATIE_LEZEN, PUBLICATIE_MAKEN, maak_gebruikers, maak_plaatsen, nieuwe_maand
from tests.rapportage import proefgegevens as p
from tests.rapportage.hulp import aanvragen
from tests.rapportage.proefgegevens import TABELLEN
from zorgcoordinatie.cijfers import Aanmeldingcijfers, Trajectcijfers, Zorgcijfers

pytestmark = pytest.mark.django_db


@pytest.fixture
def proef(gebruikers, plaatsen, settings):
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = p.WACHTDAGEN
    return p.proef(gebruikers, plaatsen)


@pytest.fixture
def rapport(gebruikers, proef) -> Rapport:
    return aanvragen(gebruikers["kr"], soort="eerste_halfjaar", jaar=2026)


@pytest.fixture(scope="module")
def verzameld(django_db_setup, django_db_blocker) -> tuple[Rapport, dict[str, Any]]:
    """The crafted dataset's report and its gathering, made once for this module (gathering makes
    every publication of the half-year and the half-years before it, about 0.4 s).

    Made in a transaction of its own that is rolled back afterwards, as ``test_pdf.py`` makes its
    PDF; the tests only read the gathering, which stays in memory with the records it holds.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(
            SIGNALEN_TERUGKOPPELING_WACHTDAGEN=p.WACHTDAGEN,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            BESCHERMING_FOUTEN_OPWERPEN=True,
        ),
        transaction.atomic(),
    ):
        plaatsen = maak_plaatsen()
        gebruikers = maak_gebruikers(plaatsen)
        p.maak(gebruikers, plaatsen)
        rapport = aanvragen(gebruikers["kr"], soort="eerste_halfjaar", jaar=2026)
        verzameling = inhoud.verzamelen(rapport)
        transaction.set_rollback(True)
    return rapport, verzameling


@pytest.fixture
def c(verzameld) -> dict[str, Any]:
    return verzameld[1]


# --- The tables as printed ------------------------------------------------------------------------


def _tellingen(tellingen: list, totaal: int | None = None) -> list[tuple[str, ...]]:
    rijen = [(t.label, str(t.aantal)) for t in tellingen]
    return rijen + ([("Totaal", str(totaal))] if totaal is not None else [])


def _gemeentetabel(tabel: inhoud.Gemeentetabel) -> list[tuple[str, ...]]:
    rijen = [
        (r.label, *(cel.tekst for cel in r.cellen), *([r.totaal.tekst] if r.totaal else []))
        for r in tabel.regels
    ]
    voet = (
        tabellen.REGIO_PRECIES,
        *map(str, tabel.kolomtotalen),
        *([str(tabel.totaal)] if tabel.rijtotalen else []),
    )
    return [*rijen, voet]


def _verwijzingsrij(rij: Verwijzingsrij) -> tuple[str, ...]:
    return (
        rij.label,
        str(rij.aantal),
        str(rij.met_terugkoppeling),
        grafieken.getal(rij.mediaan_dagen, 1),
        str(rij.wacht_op_peildatum),
        str(rij.wacht_te_lang),
    )


def _stapeling(s: Stapelcijfers) -> list[tuple[str, ...]]:
    rijen = [(r.label, *(str(t.aantal) for t in r.per_beoordeling), str(r.aantal)) for r in s.per_sterkte]
    return [*rijen, ("Totaal", *(str(t.aantal) for t in s.per_beoordeling), str(s.totaal))]


def _trend(regels: list[inhoud.Trendregel]) -> list[tuple[str, ...]]:
    velden = [
        ("Signalen geregistreerd", "signalen", 0),
        ("Signalen met een minderjarige", "minderjarig", 0),
        ("Besluiten over signalen", "besluiten", 0),
        ("Dagen van registratie tot besluit (mediaan)", "mediaan_dagen_tot_besluit", 1),
        ("Doorverwijzingen", "verwijzingen", 0),
        ("Stapelingstreffers", "stapelingen", 0),
        ("Aanmeldingen voor zorgcoördinatie", "aanmeldingen", 0),
        ("Trajecten gestart", "trajecten_geopend", 0),
        ("Trajecten afgesloten", "trajecten_afgesloten", 0),
        ("Trajecten open aan het eind", "trajecten_open", 0),
    ]
    return [
        (label, *(grafieken.staaf("", getattr(r, veld), dec).tekst for r in regels))
        for label, veld, dec in velden
    ]


def _basisniveau(b: inhoud.Basisniveautabel) -> list[tuple[str, ...]]:
    rijen = [(r.gemeente, *(cel.tekst for cel in r.cellen)) for r in b.regels]
    return [*rijen, (f"Voldaan (van {b.aantal_gemeenten})", *map(str, b.voldaan_per_punt))]


def _overleggen(overleggen: list[inhoud.Overlegtelling]) -> list[tuple[str, ...]]:
    return [
        (
            o.label,
            str(o.aantal),
            "niet van toepassing" if o.besproken_signalen is None else str(o.besproken_signalen),
        )
        for o in overleggen
    ]


def _procent(deel: Any, geheel: Any) -> str:
    """A share as the report prints it: of the printed counts."""
    return rapportage_filters.procent(deel, geheel)


# Caption → the rows the template prints from the gathering.
ALS_GEDRUKT: dict[str, Callable[[dict[str, Any]], list[tuple[str, ...]]]] = {
    "Kerncijfers van de regio Gooi en Vechtstreek": lambda c: [
        (k.label, k.tekst, k.vorige_tekst, k.verschil) for k in c["samenvatting"]
    ],
    "Signalen per gemeente": lambda c: _gemeentetabel(c["signalen_per_gemeente"]),
    "Signalen per vorm van uitbuiting": lambda c: _tellingen(c["signalen"].per_vorm),
    "Signalen per bron": lambda c: _tellingen(c["signalen"].per_bron, c["signalen"].totaal),
    "Signalen per sector": lambda c: _tellingen(c["signalen"].per_sector, c["signalen"].totaal),
    "Signalen naar betrokkenheid van een minderjarige": lambda c: _tellingen(
        c["signalen"].per_minderjarig, c["signalen"].totaal
    ),
    "Signalen per maand": lambda c: _tellingen(c["signalen"].per_maand, c["signalen"].totaal),
    "Signalen uit deze periode naar hun status op het moment van maken": lambda c: _tellingen(
        c["signalen"].per_status, c["signalen"].totaal
    ),
    "Besluiten naar wat er is besloten": lambda c: _tellingen(
        c["besluiten"].per_uitkomst, c["besluiten"].totaal
    ),
    "Besluiten met een doorverwijzing, per bestemming": lambda c: _tellingen(c["besluiten"].per_bestemming),
    "Afgesloten signalen per reden van afsluiten": lambda c: _tellingen(c["besluiten"].per_afsluitreden),
    "Doorverwijzingen per bestemming": lambda c: [
        *(_verwijzingsrij(r) for r in c["verwijzingen"].per_bestemming),
        _verwijzingsrij(c["verwijzingen"].totaal),
    ],
    "Doorverwijzingen naar de stand van hun terugkoppeling op het moment van maken": lambda c: _tellingen(
        c["verwijzingen"].totaal.terugkoppelingen, c["verwijzingen"].totaal.aantal
    ),
    "Stapelingstreffers per sterkte en beoordeling": lambda c: _stapeling(c["stapeling"]),
    "Aanmeldingen per bron": lambda c: _tellingen(c["aanmeldingen"].per_bron, c["aanmeldingen"].totaal),
    "Aanmeldingen naar hun antwoord op 30 juni 2026": lambda c: _tellingen(
        c["aanmeldingen"].per_uitkomst, c["aanmeldingen"].totaal
    ),
    "Trajecten van de zorgcoördinatie": lambda c: [
        ("Gestart in deze periode", str(c["trajecten"].geopend)),
        ("Afgesloten in deze periode", str(c["trajecten"].afgesloten)),
        (f"Open op {inhoud.datum_tekst(c['trajecten'].peildatum)}", str(c["trajecten"].open)),
        (
            "Looptijd van de afgesloten trajecten in dagen (mediaan)",
            grafieken.getal(c["zorg"].mediaan_duur_dagen, 1),
        ),
    ],
    "Open trajecten per fase": lambda c: _tellingen(c["trajecten"].per_fase),
    "Afgesloten trajecten per reden van afsluiten": lambda c: _tellingen(
        c["trajecten"].per_afsluitreden, c["trajecten"].afgesloten
    ),
    "Trajecten met opvang in deze periode, per soort opvang": lambda c: _tellingen(
        c["zorg"].opvang, c["zorg"].in_opvang
    ),
    "Verblijfsrecht en strafrecht: stappen in deze periode": lambda c: [
        ("Bedenktijd gestart", str(c["zorg"].bedenktijd_gestart)),
        *_tellingen(c["zorg"].verblijf),
        ("Aangifte gedaan", str(c["zorg"].aangiften)),
    ],
    "Toestemming voor registratie bij CoMensha, gevraagd in deze periode": lambda c: [
        ("Toestemming gevraagd", str(c["zorg"].comensha_gevraagd)),
        ("Toestemming gegeven", str(c["zorg"].comensha_gegeven)),
        ("Toestemming geweigerd", str(c["zorg"].comensha_geweigerd)),
        ("Deel dat toestemming gaf", _procent(c["zorg"].comensha_gegeven, c["zorg"].comensha_gevraagd)),
        (
            "Cliënten van trajecten gestart in deze periode aan wie (nog) niets is gevraagd",
            str(c["zorg"].comensha_niet_gevraagd),
        ),
    ],
    "Kerncijfers per halfjaar": lambda c: _trend(c["trend"]),
    "Basisniveau per gemeente en onderdeel": lambda c: _basisniveau(c["basisniveau"]),
    "Activiteiten per gemeente en soort": lambda c: _gemeentetabel(c["activiteiten_per_gemeente"]),
    "Activiteiten per doelgroep": lambda c: [
        (t.label, str(t.aantal), str(t.deelnemers)) for t in c["activiteiten"].per_doelgroep
    ],
    "Overleggen gehouden in deze periode": lambda c: _overleggen(c["overleggen"]),
}


def test_elke_tabel_van_het_rapport_wordt_gecontroleerd():
    assert set(ALS_GEDRUKT) == set(TABELLEN)


@pytest.mark.parametrize("titel", list(TABELLEN))
def test_de_tabellen_getal_voor_getal(c, titel):
    """The tables as the report prints them, against the true figures (``TABELLEN``): each
    printed number is what the protection may print for the true one."""
    rijen_passen(ALS_GEDRUKT[titel](c), TABELLEN[titel])


def test_de_pdf_drukt_elke_cijfertabel_als_getypte_tabel(c):
    """Every figures table of the PDF is a typed table (``rapportage.pdftabellen``) that the one
    partial renders, and each is checked above; the PDF's other tables are the knelpunten's
    actions (texts, not figures)."""
    getypt = pdftabellen.tabellen(c)
    assert sorted(t.titel for t in getypt.values()) == sorted(TABELLEN)
    html = pdf.html_maken(c)
    bijschriften = re.findall(r"<caption>(.*?)</caption>", html)
    assert html.count("<table") == len(bijschriften)  # every table has a caption
    acties = [b for b in bijschriften if b.startswith("Acties bij")]
    assert acties  # the crafted dataset has a knelpunt with actions
    cijfertabellen = [b for b in bijschriften if b not in acties]
    assert sorted(cijfertabellen) == sorted(escape(t.titel) for t in getypt.values())


# --- The figures behind the printed tables --------------------------------------------------------


def _mediaan_als_getoond(c: dict[str, Any], mediaan: float) -> float | None:
    """The median of the period's decisions is printed only when their count is shown (which
    cells are hidden alongside follows from a keyed hash, so it may differ per database)."""
    return None if c["besluiten"].totaal.verborgen else mediaan


def test_samenvatting_vergelijkt_met_het_halfjaar_ervoor(c):
    assert c["vorige_label"] == "tweede halfjaar 2025"
    assert [waar((k.waarde, k.vorige)) for k in c["samenvatting"]] == [
        (17, 5),
        (4, 1),
        (10, 2),
        # 0, 1, 2, 4, 10, 12, 20, 29, 30, 60 days; the median of the 2 decisions before (10 and 91
        # days) is not printed: it is over fewer than the threshold.
        (_mediaan_als_getoond(c, 11), None),
        (7, 2),
        (4, 2),
        (5, 1),
        (7, 1),
        (6, 2),
        (3, 1),
        (5, 2),
        (4, 1),
        (4, 1),
    ]


def test_de_samenvatting_klopt_met_de_hoofdstukken(c):
    """The key figures are counted on their own (for several periods at once): they must be
    the figures of the chapters."""
    k = {x.label: x.waarde for x in c["samenvatting"]}
    s, b, v, t = c["signalen"], c["besluiten"], c["verwijzingen"], c["trajecten"]
    assert k["Signalen geregistreerd"] == s.totaal and k["Signalen met een minderjarige"] == s.minderjarig
    assert k["Besluiten over signalen"] == b.totaal
    assert k["Dagen van registratie tot besluit (mediaan)"] == b.mediaan_dagen
    assert k["Doorverwijzingen"] == v.totaal.aantal
    assert k["Doorverwijzingen die aan het eind van de periode nog wachten op terugkoppeling"] == (
        v.totaal.wacht_op_peildatum
    )
    assert k["Stapelingstreffers"] == c["stapeling"].totaal
    assert k["Aanmeldingen voor zorgcoördinatie"] == c["aanmeldingen"].totaal
    assert (k["Trajecten gestart"], k["Trajecten afgesloten"]) == (t.geopend, t.afgesloten)
    assert k["Trajecten open aan het eind van de periode"] == t.open
    assert k["Activiteiten (training, voorlichting, campagne, bijeenkomst)"] == c["activiteiten"].aantal
    assert waar(k["Overleggen gehouden"]) == sum(o.aantal for o in c["overleggen"])
    laatste = c["trend"][-1]
    assert (laatste.periode, laatste.signalen, laatste.besluiten, laatste.aanmeldingen) == (
        "1e halfjaar 2026",
        s.totaal,
        b.totaal,
        c["aanmeldingen"].totaal,
    )


def test_signalen(c):
    s = c["signalen"]
    assert waar((s.totaal, s.minderjarig, s.migratiecomponent)) == (17, 4, 2)
    per_gemeente = c["signalen_per_gemeente"]
    # The true counts, also of the hidden cells (never printed).
    assert [(r.label, [cel.waarde for cel in r.cellen]) for r in per_gemeente.regels] == [
        (naam, waarden) for naam, waarden in p.SIGNALEN_PER_GEMEENTE
    ]
    # Huizen's 3 is hidden; what is shown is what the protection may print.
    assert [r.cellen[0].tekst for r in per_gemeente.regels if r.label == "Huizen"] == ["<5"]
    rijen_passen(
        [(r.label, r.cellen[0].tekst) for r in per_gemeente.regels],
        [(naam, str(w[0])) for naam, w in p.SIGNALEN_PER_GEMEENTE],
    )
    assert per_gemeente.onderdrukt and waar(per_gemeente.kolomtotalen) == [17]


def test_besluiten_doorverwijzingen_en_stapeling(c):
    b = c["besluiten"]
    assert waar((b.totaal, b.gemonitord, b.met_doorverwijzing)) == (10, 2, 3)
    assert b.mediaan_dagen == _mediaan_als_getoond(c, 11)
    v = c["verwijzingen"]
    assert waar((v.peildatum, v.wachtdagen, v.wacht_alle, v.wacht_te_lang_alle)) == (p.TOT, 14, 5, 5)
    # A median over fewer referrals than the threshold is not printed: every destination here
    # (its medians would be 3, –, 5, 10, –, –, 2 and 145 days).
    assert [r.mediaan_dagen for r in v.per_bestemming] == [None] * 8
    assert all(waar(r.met_terugkoppeling) < 5 for r in v.per_bestemming)
    s = c["stapeling"]
    assert waar((s.totaal, s.bevestigd, s.tussen_gemeenten, s.met_andere_regio)) == (5, 2, 4, 1)


def test_zorgcoordinatie(c):
    a, t, z = c["aanmeldingen"], c["trajecten"], c["zorg"]
    assert waar((a.peildatum, a.totaal)) == (p.TOT, 7)
    assert waar((t.geopend, t.afgesloten, t.open)) == (6, 3, 5)
    # 30, 31 and 161 days: a median over 3 trajectories is not printed.
    assert waar((z.afgesloten, z.mediaan_duur_dagen)) == (3, None)
    assert waar((z.bedenktijd_gestart, z.aangiften, z.in_opvang)) == (1, 2, 4)
    assert waar(
        (z.comensha_gevraagd, z.comensha_gegeven, z.comensha_geweigerd, z.comensha_niet_gevraagd)
    ) == (
        3,
        2,
        1,
        2,
    )
    assert z.comensha_percentage is None  # 2 of 3: both hidden, so no share is printed


def test_trend_over_vier_halfjaren(c):
    assert [r.periode for r in c["trend"]] == [
        "2e halfjaar 2024",
        "1e halfjaar 2025",
        "2e halfjaar 2025",
        "1e halfjaar 2026",
    ]
    # 50.5 in the second half of 2025 is the median of 2 decisions: not printed.
    assert [r.mediaan_dagen_tot_besluit for r in c["trend"]] == [
        None,
        None,
        None,
        _mediaan_als_getoond(c, 11),
    ]


def test_ketenregie(c):
    a = c["activiteiten"]
    assert waar((a.aantal, a.deelnemers, a.zonder_deelnemersaantal)) == (4, 67, 1)
    assert {t.code: waar((t.aantal, t.deelnemers)) for t in a.per_soort} == {
        "training": (1, 20),
        "voorlichting": (1, 35),
        "campagne": (1, 0),
        "bijeenkomst": (1, 12),
    }
    per_gemeente = c["activiteiten_per_gemeente"]
    assert [(r.label, [cel.waarde for cel in r.cellen]) for r in per_gemeente.regels] == [
        (naam, waarden) for naam, waarden in p.ACTIVITEITEN_PER_GEMEENTE
    ]
    assert waar((per_gemeente.kolomtotalen, per_gemeente.totaal, per_gemeente.onderdrukt)) == (
        [1, 2, 1, 1],
        5,
        True,
    )
    assert all(r.totaal.verborgen for r in per_gemeente.regels)  # every gemeente's total is small
    assert c["basisniveau"].peildatum == p.TOT
    assert [b.tekst for b in c["bijzonderheden"]] == [p.BIJZONDERHEDEN]
    knelpunten = c["knelpunten"]
    assert [k.titel for k in knelpunten] == [p.KNELPUNT, p.KNELPUNT_ZONDER_ACTIES]
    assert [a.omschrijving for a in knelpunten[0].actiepunten.all()] == [p.ACTIE, p.ACTIE_2]


def test_over_het_rapport(verzameld):
    rapport, c = verzameld
    assert c["rapport"] == rapport and c["regio"] == rapport.regio
    assert (c["periode_label"], c["periode_tekst"]) == (
        "eerste halfjaar 2026",
        "1 januari 2026 tot en met 30 juni 2026",
    )
    assert (c["peildatum"], c["tussenstand"], c["drempel"]) == ("30 juni 2026", False, 5)
    assert c["onderdrukking_uitleg"] == uitleg(5)


def test_de_vorm_van_de_verzameling(c):
    """The keys and types of the gathering: the PDF template and the CSV/XLSX export read them."""
    verwacht = {
        "rapport": Rapport,
        "regio": type(c["regio"]),
        "periode_label": str,
        "periode_tekst": str,
        "gemaakt_op": str,
        "peildatum": str,
        "tussenstand": bool,
        "vorige_label": str,
        "drempel": int,
        "onderdrukking_uitleg": str,
        "samenvatting": list,  # of Kerngetal
        "signalen": Signaalcijfers,
        "signalen_per_gemeente": inhoud.Gemeentetabel,
        "besluiten": Besluitcijfers,
        "verwijzingen": Verwijzingscijfers,
        "stapeling": Stapelcijfers,
        "aanmeldingen": Aanmeldingcijfers,
        "trajecten": Trajectcijfers,
        "zorg": Zorgcijfers,
        "trend": list,  # of Trendregel
        "basisniveau": inhoud.Basisniveautabel,
        "activiteiten": cijfers.Activiteitcijfers,
        "activiteiten_per_gemeente": inhoud.Gemeentetabel,
        "overleggen": list,  # of Overlegtelling
        "bijzonderheden": list,  # of Bijzonderhedentekst
        "knelpunten": list,  # of Knelpunt, with their actiepunten prefetched
        "grafiek": dict,  # of Grafiek
        "gewist_uit_cijfers": str,  # "", "eerder" or "sinds_vorige"
    }
    assert list(c) == list(verwacht)
    for sleutel, soort in verwacht.items():
        assert isinstance(c[sleutel], soort), sleutel
    assert all(isinstance(k, inhoud.Kerngetal) for k in c["samenvatting"])
    assert all(isinstance(r, inhoud.Trendregel) for r in c["trend"])
    assert all(isinstance(o, inhoud.Overlegtelling) for o in c["overleggen"])
    assert all(isinstance(b, inhoud.Bijzonderhedentekst) for b in c["bijzonderheden"])
    assert all(isinstance(k, Knelpunt) for k in c["knelpunten"])
    assert all(isinstance(g, inhoud.Grafiek) for g in c["grafiek"].values())
    assert len(c["grafiek"]) == 15


# --- Rules ---------------------------------------------------------------------------------------


def test_zonder_drempel_staan_alle_aantallen_er_precies(gebruikers, proef, plaatsen):
    plaatsen["gv"].kleine_aantallen_drempel = 0
    plaatsen["gv"].save()
    c = inhoud.verzamelen(aanvragen(gebruikers["kr"], soort="eerste_halfjaar", jaar=2026))
    assert _gemeentetabel(c["signalen_per_gemeente"]) == [
        ("Gooise Meren", "6"),
        ("Hilversum", "8"),
        ("Huizen", "3"),
        ("Regio", "17"),
    ]
    assert _gemeentetabel(c["activiteiten_per_gemeente"])[:4] == [
        ("Gooise Meren", "0", "0", "0", "1", "1"),
        ("Hilversum", "1", "1", "0", "0", "2"),
        ("Huizen", "0", "1", "0", "0", "1"),
        ("Hele regio (geen gemeente genoemd)", "0", "0", "1", "0", "1"),
    ]
    assert c["onderdrukking_uitleg"] == uitleg(0)


def test_de_andere_regio_ziet_alleen_haar_eigen_cijfers(gebruikers, proef):
    c = inhoud.verzamelen(aanvragen(gebruikers["kr_ander"], soort="eerste_halfjaar", jaar=2026))
    assert waar((c["signalen"].totaal, c["besluiten"].totaal, c["verwijzingen"].totaal.aantal)) == (2, 1, 1)
    assert waar((c["stapeling"].totaal, c["stapeling"].met_andere_regio)) == (2, 1)
    assert waar((c["aanmeldingen"].totaal, c["trajecten"].geopend, c["zorg"].aangiften)) == (2, 1, 1)
    assert waar((c["activiteiten"].aantal, sum(o.aantal for o in c["overleggen"]))) == (1, 1)
    assert [b.tekst for b in c["bijzonderheden"]] == ["Tekst van Fryslân."]
    assert [k.titel for k in c["knelpunten"]] == ["Knelpunt van Fryslân"]
    assert [r.gemeente for r in c["basisniveau"].regels] == ["Leeuwarden"]


def test_een_eigen_periode_vergelijkt_met_een_even_lange_periode_ervoor(gebruikers, proef):
    rapport = aanvragen(gebruikers["kr"], soort="eigen", van=date(2026, 2, 1), tot=date(2026, 4, 30))
    c = inhoud.verzamelen(rapport)
    # Three whole months, as the period (whole months: no period chosen to the day).
    assert c["vorige_label"] == "1 november 2025 tot en met 31 januari 2026"
    k = {x.label: waar((x.waarde, x.vorige)) for x in c["samenvatting"]}
    # February to April: h3, z1, g2, h4, z2, g3, h5, g4;
    # before: 11 November, 31 December, 1, 5 and 20 January.
    assert k["Signalen geregistreerd"] == (8, 5)
    # h2, h3, z1, g2, h4, h5; before: e3 (31 December, 23:30), h1 (1 January, 00:30) and g1.
    assert k["Besluiten over signalen"] == (6, 3)
    # The trend stays the four half-years up to the one the period ends in.
    assert [r.periode for r in c["trend"]][-1] == "1e halfjaar 2026"


def test_een_lopende_periode_is_een_tussenstand(gebruikers, proef):
    rapport = aanvragen(gebruikers["kr"], soort="eerste_halfjaar", jaar=2026)
    c = inhoud.verzamelen(rapport, vandaag=date(2026, 6, 10))
    assert (c["tussenstand"], c["peildatum"], c["gemaakt_op"]) == (True, "10 juni 2026", "10 juni 2026")
    # Open on 10 June: also the trajectory closed on 30 June; not yet the one of 30 June.
    assert waar((c["trajecten"].peildatum, c["trajecten"].open)) == (date(2026, 6, 10), 5)
    assert c["verwijzingen"].peildatum == date(2026, 6, 10)


# --- Queries -------------------------------------------------------------------------------------

# Every distinct period of the summary and trend (this one, the one before, four half-years: four
# distinct half-years) is its own protected publication (``kr_publicatie.regiocijfers``), so
# that the report prints the very cells those publications print; the report's own period is
# published once. A publication not made yet this month costs PUBLICATIE_MAKEN queries (16 to
# count), one made before 1. The report's other parts cost 7 queries (the gemeenten, the meetings,
# the basisniveau, the bijzonderheden, the knelpunten with their action points).
# The last two: whether signals of the period were erased from the figures, and the previous
# version of the report (its notes say so).
AANTAL_QUERIES = 7 + 4 * PUBLICATIE_MAKEN + 2
AANTAL_QUERIES_BEWAARD = 7 + 4 * PUBLICATIE_LEZEN + 2


def meer(gebruikers: dict[str, Any], plaatsen: dict[str, Any], keer: int) -> None:
    """More of every kind of record in the period, to show the query count does not grow."""
    af, zc, kr = gebruikers["af"], gebruikers["zc"], gebruikers["kr"]
    gv, hil, hui = plaatsen["gv"], plaatsen["hilversum"], plaatsen["huizen"]
    for i in range(keer):
        dag = (p.VAN + timedelta(days=7 * i % 170)).isoformat()
        later = (p.VAN + timedelta(days=7 * i % 170 + 3)).isoformat()
        een = p.signaal(af, hil, dag, status="besloten", besloten=later, minderjarig="ja")
        twee = p.signaal(af, hui, dag, status="afgesloten", besloten=later, afsluitreden="te_weinig")
        p.verwijzing(af, een, "zorgcoordinator", later, regio=gv)
        p.verwijzing(af, een, "politie_tmm", later, "opgepakt", opgepakt_op=later)
        p.koppeling(een, twee, "sterk", "voorgesteld", dag)
        p.aanmelding(zc, gv, dag, "politie", "geaccepteerd", later)
        p.traject(
            zc,
            gv,
            intake_start=dag,
            afgesloten_op=later,
            afsluitreden="criteria",
            opvang="cosm",
            aangifte_op=dag,
            bedenktijd_start=dag,
            toestemming="gegeven",
            toestemming_op=dag,
        )
        p.activiteit(kr, gv, "training", dag, ["jongeren"], 10, [hil, hui])
        p.overleg(kr, gv, "regietafel", dag, (een, twee))
        knelpunt = Knelpunt.objects.create(
            regio=gv, thema="overig", titel=f"Knelpunt {i}", omschrijving="Tekst.", ingebracht_door="X",
            datum=p.VAN, vastgelegd_door=kr,
        )  # fmt: skip
        knelpunt.actiepunten.create(omschrijving="Actie", eigenaar="X", deadline=p.TOT)
    Bijzonderheden.objects.filter(regio=gv, jaar=2026, helft=1).update(tekst="Langer. " * 50 * keer)


def test_verzamelen_kost_een_vast_aantal_queries(gebruikers, plaatsen, proef, rapport):
    def tellen(*, nieuw: bool = True) -> int:
        if nieuw:
            nieuwe_maand()  # as on the first report or view of a month
        with CaptureQueriesContext(connection) as queries:
            inhoud.verzamelen(Rapport.objects.select_related("regio").get(pk=rapport.pk))
        return len(queries) - 1  # the report itself

    weinig = tellen()
    meer(gebruikers, plaatsen, 12)
    veel = tellen()
    bewaard = tellen(nieuw=False)
    assert waar(inhoud.verzamelen(rapport)["signalen"].totaal) == 17 + 24
    assert weinig == veel == AANTAL_QUERIES
    assert bewaard == AANTAL_QUERIES_BEWAARD
