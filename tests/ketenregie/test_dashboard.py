"""The ketenregisseur's start page and dashboard, through the views."""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenregie.forms.dashboard import DashboardFilter
from ketenregie.models import Basisniveau
from ketenregie.views import dashboard as dashboard_views
from mensenhandel.models import Regio, Rol, ToegangsLog
from mensenhandel.periode import Periode, datum_tekst, publicatieperioden, volgende_maand
from rapportage.services.publicaties import publicaties_voorbereiden
from tests.beveiligd import lijst_past
from tests.conftest import PUBLICATIE_LEZEN, PUBLICATIE_MAKEN, maak_gebruiker, volledig_inloggen
from tests.ketenregie.test_cijfers import maak_dataset, signaal, traject, verwijzing
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory

DASHBOARD = reverse("ketenregie:dashboard")
EERSTE_HALFJAAR = {"periode": "2026-H1"}
SVG = "{http://www.w3.org/2000/svg}"
# Every request of a logged-in user (see tests/signalen/test_views.py).
PER_VERZOEK = 6 + 3


@pytest.fixture
def na_het_eerste_halfjaar(monkeypatch):
    """Today is 1 September 2026, so the first half of 2026 has ended (as in test_cijfers)."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 9, 1))


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def url(**vraag: str) -> str:
    return f"{DASHBOARD}?{urlencode(vraag)}"


def tabel(pagina: str, caption: str) -> str:
    begin = pagina.index(f"<caption>{caption}</caption>")
    return pagina[begin : pagina.index("</table>", begin)]


def cellen(tabel_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tabel_html, re.S)]


def grafieken(antwoord) -> dict[str, ET.Element]:
    """Every inline chart of the page, parsed as XML, by its title."""
    gevonden = {}
    for svg in re.findall(r"<svg .*?</svg>", antwoord.content.decode(), re.S):
        wortel = ET.fromstring(svg)  # noqa: S314  (our own output)
        gevonden[wortel.find(f"{SVG}title").text] = wortel
    return gevonden


def teksten(wortel: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in wortel.iter(f"{SVG}text")]


def keuzelijst(pagina: str, naam: str) -> str:
    return re.search(rf'<select[^>]*name="{naam}".*?</select>', pagina, re.S).group(0)


def gekozen(pagina: str, naam: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"[^>]*selected', keuzelijst(pagina, naam))


# The sections that hold figures; a refused period shows none of them.
CIJFERSECTIES = ("kort", "signalen", "doorverwijzingen", "trajecten", "basisniveau", "activiteiten", "over")


# --- The dashboard ------------------------------------------------------------------------


def test_dashboard_toont_de_cijfers_van_de_periode(client_als, gebruikers, plaatsen, na_het_eerste_halfjaar):
    maak_dataset(gebruikers, plaatsen)
    antwoord = client_als("kr").get(url(**EERSTE_HALFJAAR))
    assert antwoord.status_code == 200
    pagina = tekst(antwoord)
    assert '<h1 class="utrecht-heading-1">Dashboard Gooi en Vechtstreek</h1>' in pagina
    assert "In het kort: eerste halfjaar 2026" in pagina
    assert 'aria-current="page">1e halfjaar 2026</a>' in pagina
    # The true figures; what is printed is what the protection may print for them (tests.beveiligd).
    kort = re.search(
        r"In totaal (\S+) signalen, waarvan (\S+) met een minderjarige en (\S+) met een migratie", pagina
    )
    lijst_past(kort.groups(), ["5", "1", "1"])
    lijst_past(
        cellen(tabel(pagina, "Signalen per status, zoals die nu is")), ["1", "1", "0", "1", "1", "1", "5"]
    )
    lijst_past(cellen(tabel(pagina, "Signalen per vorm van uitbuiting")), ["2", "2", "1", "0", "1"])
    lijst_past(
        cellen(tabel(pagina, "Signalen per maand van registratie")), ["2", "0", "2", "0", "0", "1", "5"]
    )
    verwijzingen = cellen(tabel(pagina, "Doorverwijzingen per bestemming, met wachttijd"))
    # Zorgcoördinator: 4 referred, 3 with feedback, median 4 days, 1 waiting too long on 30 June.
    lijst_past(verwijzingen[:4], ["4", "3", "4,0", "1"])
    lijst_past(verwijzingen[4:8], ["0", "0", "–", "0"])  # politie: basisteam
    # The total row: 8 referred, 6 with feedback, median 5,5 days, 3 waiting too long.
    lijst_past(verwijzingen[-4:], ["8", "6", "5,5", "3"])
    standen = cellen(tabel(pagina, "Stand van de terugkoppeling per bestemming, zoals die nu is"))
    lijst_past(standen[:5], ["1", "0", "3", "0", "0"])  # verstuurd, ontvangen, opgepakt, afgewezen, afgerond
    lijst_past(standen[-5:], ["2", "1", "3", "1", "1"])
    lijst_past(cellen(tabel(pagina, "Open trajecten per fase op 30 juni 2026")), ["4", "3", "1", "1"])
    redenen = cellen(tabel(pagina, "Trajecten afgesloten in de periode, per reden"))
    lijst_past([redenen[0], redenen[1], redenen[-1]], ["1", "1", "2"])
    lijst_past(
        cellen(tabel(pagina, "Activiteiten per soort")), ["1", "20", "2", "35", "0", "0", "0", "0", "3", "55"]
    )
    # Twelve charts, each with role and title, each followed by its table.
    titels = grafieken(antwoord)
    assert len(titels) == 12
    assert all(g.get("role") == "img" for g in titels.values())
    assert teksten(titels["Signalen per vorm van uitbuiting"])[:2] == ["Seksuele uitbuiting", "<5"]


def test_standaard_het_huidige_halfjaar_en_zes_snelkeuzes(client_als, gebruikers):
    vandaag = timezone.localdate()
    huidig = Periode.halfjaar_van(vandaag)
    SignaalFactory(door=gebruikers["af"])  # registered today
    antwoord = client_als("kr").get(DASHBOARD)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert f"In het kort: {huidig.label}" in pagina
    assert gekozen(pagina, "periode") == [huidig.code]
    # A choice per publication period, grouped per year: five years, this one first.
    jaren = re.findall(r'<optgroup label="(\d+)">', keuzelijst(pagina, "periode"))
    assert jaren == [str(vandaag.year - i) for i in range(5)]
    assert f'<option value="{vandaag.year - 1}-K3">3e kwartaal {vandaag.year - 1}</option>' in pagina
    assert f'<option value="{vandaag.year - 1}">Heel {vandaag.year - 1}</option>' in pagina
    assert '<label class="utrecht-form-label" for="id_periode">Periode</label>' in pagina
    snel = re.findall(
        r'<a class="utrecht-link" href="(/ketenregie/dashboard/\?[^"]+)"( aria-current="page")?', pagina
    )
    assert len(snel) == 6
    assert snel[0] == (url(periode=huidig.code), ' aria-current="page"')
    vorige = huidig.vorige_halfjaar()
    assert snel[1] == (url(periode=vorige.code), "")
    assert snel[4] == (url(periode=Periode.kwartaal_van(vandaag).code), "")
    assert snel[5] == (url(periode=Periode.maand_van(vandaag).code), "")
    # One regio: no choice of regio.
    assert 'name="regio"' not in pagina
    # Hilversum's 1 is "<5"; the region total of 1 is hidden too.
    per_gemeente = cellen(tabel(pagina, "Signalen per gemeente"))
    assert per_gemeente[0] == "<5"
    lijst_past(per_gemeente, ["1", "0", "1"])


def test_kleine_aantallen_per_gemeente_nooit_precies(
    client_als, gebruikers, plaatsen, na_het_eerste_halfjaar
):
    af = gebruikers["af"]
    for _ in range(7):
        signaal(af, plaatsen["hilversum"], "2026-02-01")
    for _ in range(2):
        signaal(af, plaatsen["huizen"], "2026-03-01")
    client = client_als("kr")
    pagina = tekst(client.get(url(**EERSTE_HALFJAAR)))
    # Huizen's 2 is "<5"; Hilversum's 7 and the region's 9 carry noise or are hidden, so that
    # 9 − 7 does not give Huizen away.
    per_gemeente = tabel(pagina, "Signalen per gemeente")
    assert re.findall(r'scope="row">([^<]+)</th>', per_gemeente) == ["Hilversum", "Huizen", "Regio"]
    gedrukt = cellen(per_gemeente)
    assert gedrukt[1] == "<5"
    lijst_past(gedrukt, ["7", "2", "9"])
    assert ">2<" not in per_gemeente
    assert "Aantallen van 1 tot 5 staan er als ‘<5’" in pagina
    grafiek = grafieken(client.get(url(**EERSTE_HALFJAAR)))["Signalen per gemeente"]
    assert teksten(grafiek) == ["Hilversum", gedrukt[0], "Huizen", "<5"]
    assert len(list(grafiek.iter(f"{SVG}rect"))) == (0 if gedrukt[0] == "x" else 1)
    # With the rule turned off, the numbers are exact and the rule is not printed.
    plaatsen["gv"].kleine_aantallen_drempel = 0
    plaatsen["gv"].save()
    pagina = tekst(client.get(url(**EERSTE_HALFJAAR)))
    assert cellen(tabel(pagina, "Signalen per gemeente")) == ["7", "2", "9"]
    assert "Aantallen van 1 tot" not in pagina


def test_links_naar_de_lijst_alleen_waar_casuistiek_mag(
    client_als, gebruikers, plaatsen, na_het_eerste_halfjaar
):
    maak_dataset(gebruikers, plaatsen)
    client = client_als("kr")
    lijst = reverse("signalen:start")
    pagina = tekst(client.get(url(**EERSTE_HALFJAAR)))
    assert f'href="{lijst}?' not in pagina
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    pagina = tekst(client.get(url(**EERSTE_HALFJAAR)))
    gv = plaatsen["gv"].pk
    assert f'href="{lijst}?status=nieuw&van=2026-01-01&tot=2026-06-30&regio={gv}"' in pagina
    assert f'href="{lijst}?vorm=seksueel&van=2026-01-01&tot=2026-06-30&regio={gv}"' in pagina
    assert f'href="{lijst}?sector=bouw&van=2026-01-01&tot=2026-06-30&regio={gv}"' in pagina
    # Behind a small count, too: casework is allowed, the list shows those signals anyway.
    assert 'aria-label="<5 seksuele uitbuiting: bekijk de lijst van deze signalen"' in pagina
    # A count of 0 has nothing behind it; sources and gemeenten have no filter to link to.
    assert "status=gewogen" not in pagina
    assert "bron=" not in pagina
    # The list behind a figure holds exactly the signals counted in it.
    achter = client.get(lijst, {"vorm": "seksueel", "van": "2026-01-01", "tot": "2026-06-30", "regio": gv})
    assert achter.status_code == 200
    assert "Signalen 1–2 van 2" in achter.content.decode()


def test_een_volgende_weergave_drukt_de_cijferonderdelen_uit_de_cache(
    client_als, gebruikers, plaatsen, na_het_eerste_halfjaar, monkeypatch
):
    """The sections of figures are rendered once for the same publications (``{% cache %}``
    under ``_fragmentsleutel``): a next view neither renders them nor reads the charts; another
    period, or the regio's links switched on, has other figures and is rendered anew."""
    maak_dataset(gebruikers, plaatsen)
    client = client_als("kr")
    # Keys of this test only: another test may have rendered the same figures in this process.
    eigen = uuid.uuid4().hex
    monkeypatch.setattr(dashboard_views, "_sjabloonversie", lambda: eigen)

    def secties(vraag: dict[str, str]) -> str:
        pagina = tekst(client.get(url(**vraag)))
        return pagina[pagina.index('<nav aria-labelledby="onderdelen-kop"') : pagina.index("</main>")]

    eerst = secties(EERSTE_HALFJAAR)
    gelezen: list[object] = []
    echt = dashboard_views._grafieken
    monkeypatch.setattr(dashboard_views, "_grafieken", lambda c: gelezen.append(c) or echt(c))
    assert secties(EERSTE_HALFJAAR) == eerst
    assert gelezen == []
    assert secties({"periode": "2026-K2"}) != eerst
    assert len(gelezen) == 1
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    assert secties(EERSTE_HALFJAAR) != eerst
    assert len(gelezen) == 2


VRIJ = "Cijfers zijn er alleen per maand, kwartaal, halfjaar of jaar, niet voor een periode naar keuze."


@pytest.mark.parametrize(
    ("vraag", "veld", "melding"),
    [
        ({"periode": ""}, "periode", "Kies een periode."),
        ({"periode": "2026-H3"}, "periode", "Kies een periode uit de lijst."),
        ({"periode": "2026-06-30"}, "periode", "Kies een periode uit de lijst."),
        ({"periode": "2015"}, "periode", "Kies een periode uit de lijst."),  # more than five years ago
        ({"periode": "2099-H1"}, "periode", "Kies een periode uit de lijst."),  # not begun
        # Links from before publication periods, with a range that is none.
        (
            {"van": "2026-06-30", "tot": "2026-06-30"},
            "periode",
            f"{VRIJ} U vroeg om 30 juni 2026 tot en met 30 juni 2026.",
        ),
        (
            {"van": "2026-01-01", "tot": "2026-06-29"},
            "periode",
            "U vroeg om 1 januari 2026 tot en met 29 juni 2026.",
        ),
        ({"van": "2026-02-01", "tot": "2026-04-30"}, "periode", VRIJ),  # three months, not a quarter
        ({"van": "2026-06-30", "tot": "2026-01-01"}, "periode", VRIJ),
        (
            {"van": "31-02-2026", "tot": "2026-06-30"},
            "periode",
            "U vroeg om ‘31-02-2026’ tot en met 30 juni 2026.",
        ),
        ({"van": "", "tot": "2026-06-30"}, "periode", "U vroeg om (leeg) tot en met 30 juni 2026."),
        ({"van": "2026-01-01"}, "periode", VRIJ),
        ({"regio": "abc"}, "regio", "Kies een van uw eigen regio's uit de lijst."),
        ({"regio": "99999999999999999999"}, "regio", "Kies een van uw eigen regio's uit de lijst."),
        ({"regio": ""}, "regio", "Kies een regio."),
    ],
)
def test_foute_invoer_geeft_400_met_melding_en_behoudt_de_invoer(
    client_als, gebruikers, vraag, veld, melding
):
    antwoord = client_als("kr").get(url(**vraag))
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert "Controleer het formulier." in pagina
    fout = re.search(rf'id="id_{veld}_fout">(.*?)</div>', pagina, re.S)
    assert fout is not None and melding in fout.group(1)
    assert "In het kort" not in pagina
    assert len(grafieken(antwoord)) == 0
    assert "<table" not in pagina
    for sectie in CIJFERSECTIES:
        assert f'id="{sectie}"' not in pagina


def test_een_dag_geeft_geen_cijfers_maar_een_melding(
    client_als, gebruikers, plaatsen, na_het_eerste_halfjaar
):
    """The URL of the issue: one day, 30 June 2026, with one signal registered that day."""
    maak_dataset(gebruikers, plaatsen)
    client = client_als("kr")
    antwoord = client.get(f"{DASHBOARD}?van=2026-06-30&tot=2026-06-30")
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert f"{VRIJ} U vroeg om 30 juni 2026 tot en met 30 juni 2026. Kies een periode uit de lijst." in pagina
    assert "Controleer het formulier." in pagina
    assert "<table" not in pagina and len(grafieken(antwoord)) == 0
    for sectie in CIJFERSECTIES:
        assert f'id="{sectie}"' not in pagina
    assert "waarvan" not in pagina and "Signalen per" not in pagina
    # The form and the quick choices are there to pick a period instead.
    assert 'name="periode"' in pagina and "1e halfjaar 2026" in pagina
    # The same day with the half-year before it: refused too, nothing to subtract.
    assert client.get(url(van="2026-01-01", tot="2026-06-29")).status_code == 400


def test_oude_links_met_van_en_tot_werken_voor_een_publicatieperiode(
    client_als, gebruikers, plaatsen, na_het_eerste_halfjaar
):
    maak_dataset(gebruikers, plaatsen)
    client = client_als("kr")
    nieuw = tekst(client.get(url(periode="2026-H1")))
    for van, tot, code, label in [
        ("2026-01-01", "2026-06-30", "2026-H1", "eerste halfjaar 2026"),
        ("2026-04-01", "2026-06-30", "2026-K2", "2e kwartaal 2026"),
        ("2026-06-01", "2026-06-30", "2026-06", "juni 2026"),
        ("2025-01-01", "2025-12-31", "2025", "2025"),
    ]:
        antwoord = client.get(url(van=van, tot=tot))
        assert antwoord.status_code == 200
        pagina = tekst(antwoord)
        assert f"In het kort: {label}" in pagina
        assert gekozen(pagina, "periode") == [code]
    assert cellen(tabel(tekst(client.get(url(van="2026-01-01", tot="2026-06-30"))), "Signalen per bron")) == (
        cellen(tabel(nieuw, "Signalen per bron"))
    )
    # ``periode`` wins over ``van`` and ``tot``.
    antwoord = client.get(url(periode="2026-K1", van="2026-06-30", tot="2026-06-30"))
    assert antwoord.status_code == 200 and "In het kort: 1e kwartaal 2026" in tekst(antwoord)


def test_een_maand_en_een_kwartaal(client_als, gebruikers, plaatsen, na_het_eerste_halfjaar):
    maak_dataset(gebruikers, plaatsen)
    client = client_als("kr")
    pagina = tekst(client.get(url(periode="2026-K1")))
    assert "In het kort: 1e kwartaal 2026" in pagina
    assert "Van 1 januari 2026 tot en met 31 maart 2026." in pagina
    maanden = cellen(tabel(pagina, "Signalen per maand van registratie"))
    lijst_past(maanden, ["2", "0", "2", "4"])
    pagina = tekst(client.get(url(periode="2026-03")))
    assert "In het kort: maart 2026" in pagina
    lijst_past(cellen(tabel(pagina, "Signalen per maand van registratie")), ["2", "2"])


def test_kr_kan_geen_regio_van_een_ander_kiezen(client_als, gebruikers, plaatsen):
    maak_dataset(gebruikers, plaatsen)
    antwoord = client_als("kr").get(url(regio=str(plaatsen["fr"].pk), **EERSTE_HALFJAAR))
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert "Kies een van uw eigen regio's uit de lijst." in pagina
    assert "Fryslân" not in pagina and "Leeuwarden" not in pagina
    assert len(grafieken(antwoord)) == 0
    # The field shows the refusal even though this KR has one regio only.
    assert '<select name="regio"' in pagina


def test_kr_met_meer_regios_kiest_er_een(gebruikers, plaatsen, na_het_eerste_halfjaar):
    maak_dataset(gebruikers, plaatsen)
    beide = maak_gebruiker(
        "kr.beide@test.example", Rol.KETENREGISSEUR, regios=[plaatsen["gv"], plaatsen["fr"]]
    )
    client = volledig_inloggen(Client(), beide)
    # By default the first by name: Fryslân.
    pagina = tekst(client.get(url(**EERSTE_HALFJAAR)))
    assert "Dashboard Fryslân" in pagina
    assert re.findall(r'<option value="(\d+)"', keuzelijst(pagina, "regio")) == [
        str(plaatsen["fr"].pk),
        str(plaatsen["gv"].pk),
    ]
    # One gemeente: its own region total.
    lijst_past(cellen(tabel(pagina, "Signalen per gemeente")), ["1", "1"])
    pagina = tekst(client.get(url(regio=str(plaatsen["gv"].pk), **EERSTE_HALFJAAR)))
    assert "Dashboard Gooi en Vechtstreek" in pagina
    assert f'<option value="{plaatsen["gv"].pk}" selected>' in pagina
    # The quick links keep the regio.
    assert (
        f"regio={plaatsen['gv'].pk}&amp;periode="
        in client.get(url(regio=str(plaatsen["gv"].pk))).content.decode()
    )


def test_kr_zonder_regio_krijgt_uitleg(gebruikers):
    los = maak_gebruiker("kr.los@test.example", Rol.KETENREGISSEUR)
    client = volledig_inloggen(Client(), los)
    antwoord = client.get(DASHBOARD)
    assert antwoord.status_code == 200
    assert "U bent nog niet aan een regio gekoppeld" in tekst(antwoord)
    antwoord = client.get(reverse("ketenregie:start"))
    assert antwoord.status_code == 200
    assert "U bent nog niet aan een regio gekoppeld" in tekst(antwoord)


@pytest.mark.parametrize("keer", [1, 12])
def test_dashboard_aantal_queries(client_als, gebruikers, plaatsen, django_assert_max_num_queries, keer):
    af, zc = gebruikers["af"], gebruikers["zc"]
    for i in range(keer):
        dag = (date(2026, 1, 1) + timedelta(days=i * 11)).isoformat()
        s = signaal(af, plaatsen["hilversum" if i % 2 else "huizen"], dag)
        verwijzing(af, s, "riec", dag, "ontvangen", ontvangen_op=dag)
        traject(zc, plaatsen["gv"], intake_start=dag)
    client = client_als("kr")
    # the regio's (1: the list, which also gives the default), the publications of the period
    # and of the one before it, for the change in the key figures (the first view in a month
    # makes them: 1 to look for both, and for each 16 for every figure of the period,
    # protected together with the report's, and 3 to keep it), the basisniveau (2) and the
    # access-log row (1).
    with django_assert_max_num_queries(PER_VERZOEK + 1 + 2 * PUBLICATIE_MAKEN - 1 + 2 + 1):
        antwoord = client.get(DASHBOARD)
    assert antwoord.status_code == 200
    # Bound: the chosen regio is looked up once more. The current half-year's previous one is
    # the first half-year, made above: only 2026-H1's previous half-year is made.
    with django_assert_max_num_queries(PER_VERZOEK + 2 + PUBLICATIE_MAKEN + 2 + 1):
        antwoord = client.get(url(**EERSTE_HALFJAAR))
    assert antwoord.status_code == 200
    # Every later view in the month reads both kept publications in one query (1): one query
    # fewer than before the key figures, as the regio's are read once.
    with django_assert_max_num_queries(PER_VERZOEK + 2 + PUBLICATIE_LEZEN + 2 + 1):
        antwoord = client.get(url(**EERSTE_HALFJAAR))
    assert antwoord.status_code == 200


def test_dashboard_leest_alleen_na_het_voorbereiden_van_de_publicaties(
    client_als, gebruikers, plaatsen, django_assert_num_queries
):
    """The hourly task makes the running half-year's and the previous half-year's publications
    (``rapportage.services.publicaties``): the first view of the month then only reads them."""
    for i in range(3):
        signaal(
            gebruikers["af"], plaatsen["hilversum"], (timezone.localdate() - timedelta(days=i)).isoformat()
        )
    publicaties_voorbereiden()
    client = client_als("kr")
    client.get(reverse("ketenregie:start"))  # the session's first request writes more
    # The session, user, second factor and roles (4), the regio's (1), both publications read
    # in one query, the basisniveau (2) and the access-log row (1).
    with django_assert_num_queries(4 + 1 + PUBLICATIE_LEZEN + 2 + 1):
        antwoord = client.get(DASHBOARD)
    assert antwoord.status_code == 200


# --- The start page -----------------------------------------------------------------------


def test_startpagina_vat_het_halfjaar_samen_en_linkt_de_werkruimte(
    client_als, gebruikers, plaatsen, settings
):
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = 14
    af, zc = gebruikers["af"], gebruikers["zc"]
    vandaag = timezone.localdate()
    for _ in range(3):
        SignaalFactory(door=af)
    wachtend = SignaalFactory(door=af)
    verwijzing(af, wachtend, "riec", (vandaag - timedelta(days=20)).isoformat())
    verwijzing(af, wachtend, "veilig_thuis", (vandaag - timedelta(days=3)).isoformat())
    TrajectFactory(door=zc)
    TrajectFactory(door=zc, afgesloten=True)
    Basisniveau.objects.create(gemeente=plaatsen["hilversum"], punt="af_aangesteld", status="voldaan")
    SignaalFactory(door=gebruikers["af_ander"])  # another regio: not counted

    antwoord = client_als("kr").get(reverse("ketenregie:start"))
    assert antwoord.status_code == 200
    pagina = tekst(antwoord)
    periode = Periode.halfjaar_van(vandaag)
    assert f"De stand in het {periode.label}" in pagina
    lang = datum_tekst(vandaag)

    def waarde(sleutel: str) -> str:
        gevonden = re.search(rf"{sleutel}</dt>\s*<dd[^>]*>(.*?)</dd>", pagina, re.S)
        return gevonden.group(1).strip()

    # The trajectories come from direct aanmeldingen: no signals of their own.
    lijst_past(
        [
            waarde("Signalen geregistreerd dit halfjaar"),
            waarde(f"Doorverwijzingen die op {lang} langer dan 14 dagen wachtten op terugkoppeling"),
            waarde("Open trajecten zorgcoördinatie"),
        ],
        ["4", "1", "1"],
    )
    assert waarde("Basisniveau") == "1 van de 16 onderdelen voldaan (6%)"
    assert f"Deze cijfers zijn vastgesteld op {datum_tekst(vandaag)}" in pagina
    assert f"vanaf {datum_tekst(volgende_maand(vandaag))} worden ze opnieuw gemaakt" in pagina
    for naam in (
        "ketenregie:wegenkaart",
        "ketenregie:netwerk",
        "ketenregie:basisniveau",
        "ketenregie:activiteiten",
        "ketenregie:overleggen",
        "ketenregie:knelpunten",
        "ketenregie:dashboard",
        "rapportage:start",
    ):
        assert f'href="{reverse(naam)}"' in pagina
    assert "Leeuwarden" not in pagina and "Fryslân" not in pagina


@pytest.mark.parametrize("keer", [1, 10])
def test_startpagina_aantal_queries(client_als, gebruikers, plaatsen, django_assert_max_num_queries, keer):
    beide = maak_gebruiker(
        "kr.beide@test.example", Rol.KETENREGISSEUR, regios=[plaatsen["gv"], plaatsen["fr"]]
    )
    for _ in range(keer):
        SignaalFactory(door=gebruikers["af"])
        SignaalFactory(door=gebruikers["af_ander"])
    client = volledig_inloggen(Client(), beide)
    # the regio's, the basisniveau (2), each regio's publication as the dashboard prints it
    # (made on the first view of the month, read back on every later one), and the access-log
    # row (1).
    with django_assert_max_num_queries(PER_VERZOEK + 1 + 2 + 2 * PUBLICATIE_MAKEN + 1):
        antwoord = client.get(reverse("ketenregie:start"))
    assert antwoord.status_code == 200
    assert tekst(antwoord).count("Alle cijfers van") == 2
    with django_assert_max_num_queries(PER_VERZOEK + 1 + 2 + 2 * PUBLICATIE_LEZEN + 1):
        antwoord = client.get(reverse("ketenregie:start"))
    assert tekst(antwoord).count("Alle cijfers van") == 2


def test_regio_zonder_gemeenten_geeft_lege_cijfers(gebruikers):
    keten = Regio.objects.create(naam="Midden-Nederland")
    kr = maak_gebruiker("kr.keten@test.example", Rol.KETENREGISSEUR, regios=[keten])
    client = volledig_inloggen(Client(), kr)
    antwoord = client.get(DASHBOARD)
    assert antwoord.status_code == 200
    pagina = tekst(antwoord)
    assert "Geen actieve gemeenten in deze regio" in pagina
    assert cellen(tabel(pagina, "Signalen per gemeente")) == ["0"]
    assert teksten(grafieken(antwoord)["Signalen per gemeente"]) == ["Geen gegevens."]
    assert client.get(reverse("ketenregie:start")).status_code == 200


# --- The form: figures for publication periods only ---------------------------------------

VANDAAG = date(2026, 9, 1)


def _paar(jaar: int, maand: int, lengte: int, voor: int, achter: int) -> tuple[str, str]:
    """``lengte`` months from the first of ``maand``, each end moved by a few days."""
    eerste = date(jaar, maand, 1)
    laatste_maand = date(jaar + (maand - 1 + lengte - 1) // 12, (maand - 1 + lengte - 1) % 12 + 1, 1)
    laatste = Periode.maand(laatste_maand.year, laatste_maand.month).tot
    return (
        (eerste + timedelta(days=voor)).isoformat(),
        (laatste + timedelta(days=achter)).isoformat(),
    )


VERSCHUIVING = st.sampled_from([0, 0, 0, 0, 0, 0, -1, 1, 14])
# Ranges on and around month boundaries, where publication periods begin and end...
RONDOM_MAANDEN = st.builds(
    _paar,
    st.integers(2020, 2027),
    st.one_of(st.sampled_from([1, 4, 7, 10]), st.integers(1, 12)),
    st.sampled_from([1, 3, 6, 12, 1, 3, 6, 12, 2, 4, 9, 13, 24]),
    VERSCHUIVING,
    VERSCHUIVING,
)
# ... and anything at all.
WAARDE = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.text(max_size=12),
)
VAN_TOT = st.one_of(RONDOM_MAANDEN, st.tuples(WAARDE, WAARDE))


def _filter(vraag: dict[str, str]) -> DashboardFilter:
    data = QueryDict(mutable=True)
    data.update(vraag)
    standaard = Periode.halfjaar_van(VANDAAG)
    return DashboardFilter(data, regios=Regio.objects.none(), standaard=standaard, vandaag=VANDAAG)


@settings(max_examples=400, deadline=None)
@given(van_tot=VAN_TOT)
def test_elke_geaccepteerde_van_en_tot_is_een_publicatieperiode(van_tot: tuple[str, str]) -> None:
    """Whatever ``van`` and ``tot`` an old link holds, the form lets through a publication
    period of the last five years, exactly the one asked for, or nothing and a message."""
    van, tot = van_tot
    form = _filter({"van": van, "tot": tot})
    form.is_valid()  # no regio's to choose from: only the period is looked at
    if "periode" in form.errors:
        assert form.errors["periode"][0].startswith(VRIJ) or form.errors["periode"] == [
            "Kies een periode uit de lijst."
        ]
        return
    periode = form.cleaned_data["periode"]
    assert periode.is_publicatieperiode
    assert (periode.van.isoformat(), periode.tot.isoformat()) == (van, tot)
    assert VANDAAG.year - 4 <= periode.van.year and periode.van <= VANDAAG


@settings(max_examples=300, deadline=None)
@given(
    code=st.one_of(st.text(max_size=10), st.from_regex(r"20[12]\d(-(H[0-3]|K[0-5]|[01]\d))?", fullmatch=True))
)
def test_elke_geaccepteerde_code_is_een_publicatieperiode(code: str) -> None:
    form = _filter({"periode": code})
    form.is_valid()
    if "periode" not in form.errors:
        periode = form.cleaned_data["periode"]
        assert periode.is_publicatieperiode and periode.code == code.strip()
        assert periode in [p for _, perioden in publicatieperioden(VANDAAG) for p in perioden]


def test_de_lijst_houdt_alleen_publicatieperioden():
    form = _filter({})
    codes = [code for _, groep in form.fields["periode"].widget.choices for code, _ in groep]
    assert len(codes) == len(set(codes)) == 4 * 19 + 1 + 2 + 3 + 9  # up to September 2026
    assert all(Periode.uit_code(code).is_publicatieperiode for code in codes)
    assert form.is_valid() is False and form.cleaned_data["periode"] == Periode.halfjaar(2026, 2)


def test_wie_welke_cijfers_bekijkt_staat_in_het_toegangslog(client_als, gebruikers, plaatsen):
    """Figures of live data can show, day by day, which counts changed (ADR 0007, "Known
    limit"): the dashboard and the start page write who looked at which regio's figures."""
    client = client_als("kr")
    assert client.get(reverse("ketenregie:start")).status_code == 200
    assert client.get(url(**EERSTE_HALFJAAR)).status_code == 200
    regels = list(
        ToegangsLog.objects.filter(gebruiker=gebruikers["kr"], object_type="mensenhandel.Regio").order_by(
            "pk"
        )
    )
    assert [(r.scherm, r.actie, r.object_id) for r in regels] == [
        ("ketenregie:start", ToegangsLog.Actie.BEKIJKEN, str(plaatsen["gv"].pk)),
        ("ketenregie:dashboard", ToegangsLog.Actie.BEKIJKEN, str(plaatsen["gv"].pk)),
    ]
    assert regels[1].toelichting == "Cijfers van eerste halfjaar 2026"
