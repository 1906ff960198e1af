"""The zorgcoördinator finds a client by name, alias or date of birth (issue 17, point 4): matched
on the keyed hash of the normalised name, as stacking matches, within the trajectories she reads;
every search is in the access log without what was typed."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.test import Client as Browser
from django.urls import reverse

from mensenhandel.models import Rol, ToegangsLog
from tests.conftest import maak_gebruiker, volledig_inloggen
from tests.zorgcoordinatie.factories import TrajectFactory
from zorgcoordinatie import services
from zorgcoordinatie.bewaren import client_vernietigen
from zorgcoordinatie.inzage import Clientinzage
from zorgcoordinatie.models import Client, Clientnaam
from zorgcoordinatie.services.client import naamsleutel

pytestmark = pytest.mark.django_db

URL = reverse("zorgcoordinatie:clienten")
GEBOREN = date(1996, 2, 29)


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def gevonden(antwoord) -> list[str]:
    return [c.dossiernummer for c in antwoord.context["pagina"].object_list]


@pytest.fixture
def ana(gebruikers) -> Client:
    """Ana van der Berg-Ionescu, alias "Anca", in a trajectory of Gooi en Vechtstreek."""
    return TrajectFactory(
        door=gebruikers["zc"],
        client_gegevens__naam="Ana van der Berg-Ionescu",
        client_gegevens__aliassen="Anca; Ani",
        client_gegevens__geboortedatum=GEBOREN,
    ).client


@pytest.mark.parametrize(
    "gezocht",
    [
        "Ana van der Berg-Ionescu",
        "ANA BERG-IONESCU",
        "berg-ionescu, ana",
        "Ána van der Bérg-Ionescu",
        "anca",
        "Ani",
    ],
)
def test_gevonden_op_naam_of_alias_zoals_stapeling_vergelijkt(client_als, ana, gezocht):
    antwoord = client_als("zc").get(URL, {"naam": gezocht})
    assert antwoord.status_code == 200
    assert gevonden(antwoord) == [ana.dossiernummer]
    pagina = tekst(antwoord)
    assert "Gevonden cliënten (1)" in pagina and "Ana van der Berg-Ionescu" in pagina


def test_op_geboortedatum_alleen_en_met_naam(client_als, gebruikers, ana):
    TrajectFactory(
        door=gebruikers["zc"], client_gegevens__naam="Ana Popescu", client_gegevens__geboortedatum=GEBOREN
    )
    zc = client_als("zc")
    assert len(gevonden(zc.get(URL, {"geboortedatum": GEBOREN.isoformat()}))) == 2
    assert gevonden(zc.get(URL, {"naam": "anca", "geboortedatum": GEBOREN.isoformat()})) == [
        ana.dossiernummer
    ]
    antwoord = zc.get(URL, {"naam": "anca", "geboortedatum": "1996-03-01"})
    assert antwoord.status_code == 200 and gevonden(antwoord) == []
    assert "Geen cliënt gevonden." in tekst(antwoord)


def test_alleen_in_eigen_regio_en_niet_na_vernietiging(client_als, ana):
    assert gevonden(client_als("zc_ander").get(URL, {"naam": "Ana van der Berg-Ionescu"})) == []
    client_vernietigen(ana)
    assert not Clientnaam.objects.filter(client=ana).exists()
    assert gevonden(client_als("zc").get(URL, {"naam": "Ana van der Berg-Ionescu"})) == []


def test_een_beperkte_client_vindt_alleen_haar_eigen_zorgcoordinator(client_als, gebruikers, plaatsen, ana):
    collega = maak_gebruiker("zc.collega@test.example", Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"]])
    Clientinzage.beperken(str(ana.uuid), gebruikers["fg"], "Verzoek van de cliënt")
    assert gevonden(client_als("zc").get(URL, {"naam": "anca"})) == [ana.dossiernummer]
    assert gevonden(volledig_inloggen(Browser(), collega).get(URL, {"naam": "anca"})) == []


def test_een_nieuwe_naam_vervangt_de_oude_sleutels(gebruikers, ana):
    services.client_bijwerken(
        client=ana,
        door=gebruikers["zc"],
        gegevens={"naam": "Ana Ionescu", "aliassen": "", "geboortedatum": GEBOREN},
        versie=ana.versie,
    )
    assert set(Clientnaam.objects.filter(client=ana).values_list("waarde_hash", flat=True)) == {
        naamsleutel("ionescu ana")
    }


def test_het_toegangslog_noemt_de_velden_niet_wat_is_ingevuld(client_als, gebruikers, ana):
    client_als("zc").get(URL, {"naam": "Anca", "geboortedatum": GEBOREN.isoformat()})
    regel = ToegangsLog.objects.filter(scherm="zorgcoordinatie:clienten").latest("id")
    assert regel.actie == ToegangsLog.Actie.ZOEKEN
    assert regel.toelichting == "Gezocht op cliënt: naam of alias, geboortedatum"
    assert regel.getoond == [f"zorgcoordinatie.Client:{ana.uuid}"]
    assert "anca" not in str(regel.__dict__).lower() and "1996" not in regel.toelichting


@pytest.mark.parametrize(
    ("gegevens", "fout"),
    [
        ({}, None),
        ({"naam": "", "geboortedatum": ""}, "Vul een naam, een alias of een geboortedatum in om te zoeken."),
        ({"naam": "--- ,,,"}, "Vul een naam met letters in."),
        ({"geboortedatum": "29-02-1996x"}, None),
        ({"naam": "x" * 151}, None),
    ],
)
def test_slechte_invoer_een_duidelijke_fout_en_niets_kwijt(client_als, ana, gegevens, fout):
    antwoord = client_als("zc").get(URL, gegevens)
    if not gegevens:
        assert antwoord.status_code == 200 and antwoord.context["pagina"] is None
        return
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert "Controleer het formulier." in pagina
    if fout:
        assert fout in pagina
    for waarde in gegevens.values():
        assert f'value="{waarde}"' in pagina or not waarde
    assert antwoord.context["pagina"] is None


def test_het_aantal_queries_groeit_niet_met_de_treffers(
    client_als, gebruikers, ana, django_assert_num_queries
):
    zc = client_als("zc")
    zc.get(URL, {"geboortedatum": GEBOREN.isoformat()})  # warm the session and the caches
    with django_assert_num_queries(QUERIES) as een:
        zc.get(URL, {"geboortedatum": GEBOREN.isoformat()})
    for _ in range(3):
        TrajectFactory(door=gebruikers["zc"], client_gegevens__geboortedatum=GEBOREN)
    with django_assert_num_queries(len(een.captured_queries)):
        antwoord = zc.get(URL, {"geboortedatum": GEBOREN.isoformat()})
    assert len(gevonden(antwoord)) == 4


QUERIES = 8
