"""The dashboard read in a minute (issue 17, point 6): the key figures as tiles, the change
against the previous period, and the CSV of every figure of the page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Basisniveau
from ketenregie.selectors.dashboard import GEEN_VERSCHIL, vorige_periode
from mensenhandel.models import Regio, Rol, ToegangsLog
from mensenhandel.periode import Periode
from tests.beveiligd import lijst_past
from tests.conftest import maak_gebruiker, volledig_inloggen
from tests.ketenregie.test_cijfers import maak_dataset, signaal
from tests.ketenregie.test_dashboard import DASHBOARD, tabel, tekst, url
from tests.ketenregie.test_dashboard import na_het_eerste_halfjaar as na_het_eerste_halfjaar  # a fixture

CSV_URL = reverse("ketenregie:dashboard_csv")


def csv_url(**vraag: str) -> str:
    return url(**vraag).replace(DASHBOARD, CSV_URL, 1)


def _schoon(html_tekst: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_tekst)).strip()


def tegels(pagina: str) -> dict[str, dict[str, str]]:
    """Per tile (by title): its figure, its explanation and its lines."""
    gevonden = {}
    for blok in re.findall(r'<li class="tegel">(.*?)</li>', pagina, re.S):
        titel = _schoon(re.search(r"<h3[^>]*>(.*?)</h3>", blok, re.S).group(1))
        tegel = {
            "waarde": _schoon(re.search(r'<p class="tegel__waarde">(.*?)</p>', blok, re.S).group(1)),
            "uitleg": _schoon(re.search(r'<p class="[^"]*tegel__uitleg">(.*?)</p>', blok, re.S).group(1)),
        }
        for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", blok, re.S):
            tegel[_schoon(dt)] = _schoon(dd)
        gevonden[titel] = tegel
    return gevonden


def tabelrijen(pagina: str, caption: str) -> list[list[str]]:
    """Every row of a table of the page (header, body, footer), its cells as text."""
    html_tabel = tabel(pagina, caption)
    return [
        [_schoon(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, re.S)]
        for rij in re.findall(r"<tr>(.*?)</tr>", html_tabel, re.S)
    ]


def secties(inhoud: bytes) -> tuple[list[list[str]], dict[str, list[list[str]]]]:
    """The CSV's heading block, and its tables by title."""
    assert inhoud.startswith("\ufeff".encode())
    rijen = list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))
    blokken: list[list[list[str]]] = [[]]
    for rij in rijen:
        if rij:
            blokken[-1].append(rij)
        else:
            blokken.append([])
    kop, *tabellen = blokken
    return kop, {blok[0][0]: blok[1:] for blok in tabellen}


def drempel_uit(regio: Regio) -> None:
    regio.kleine_aantallen_drempel = 0  # protection off: every count exactly
    regio.save(update_fields=["kleine_aantallen_drempel"])


# --- The period compared with --------------------------------------------------------------


@pytest.mark.parametrize(
    ("periode", "vorige"),
    [
        (Periode.maand(2026, 1), Periode.maand(2025, 12)),
        (Periode.maand(2026, 7), Periode.maand(2026, 6)),
        (Periode.kwartaal(2026, 1), Periode.kwartaal(2025, 4)),
        (Periode.kwartaal(2026, 3), Periode.kwartaal(2026, 2)),
        (Periode.halfjaar(2026, 1), Periode.halfjaar(2025, 2)),
        (Periode.halfjaar(2026, 2), Periode.halfjaar(2026, 1)),
        (Periode.jaar(2026), Periode.jaar(2025)),
    ],
)
def test_vorige_periode_is_van_dezelfde_soort(periode, vorige):
    assert vorige_periode(periode) == vorige


# --- The tiles -------------------------------------------------------------------------------


@pytest.mark.usefixtures("na_het_eerste_halfjaar")
def test_tegels_tonen_de_kerncijfers_van_een_bekende_dataset(client_als, gebruikers, plaatsen):
    """Without protection (threshold 0) every figure is exact: the tiles print the crafted
    dataset's counts, and the change is the difference of the two periods' figures."""
    maak_dataset(gebruikers, plaatsen)
    drempel_uit(plaatsen["gv"])
    antwoord = client_als("kr").get(url(periode="2026-H1"))
    assert antwoord.status_code == 200
    pagina = tekst(antwoord)
    gezien = tegels(pagina)
    assert list(gezien) == [
        "Signalen",
        "Doorverwijzingen die te lang wachten",
        "Open trajecten",
        "Basisniveau",
    ]
    # 5 signals in the first half of 2026, 1 in the second half of 2025 (31 December).
    assert gezien["Signalen"] == {
        "waarde": "5",
        "uitleg": "geregistreerd in eerste halfjaar 2026",
        "In tweede halfjaar 2025": "1",
        "Verschil": "+4",
    }
    # Of every date, waiting too long on 30 June 2026 (the period's reference date): 3 of the
    # period's referrals and the one of 20 December 2025.
    assert gezien["Doorverwijzingen die te lang wachten"]["waarde"] == "4"
    assert gezien["Doorverwijzingen die te lang wachten"]["uitleg"].startswith(
        "langer dan 14 dagen zonder antwoord op 30 juni 2026"
    )
    assert gezien["Open trajecten"] == {
        "waarde": "7",
        "uitleg": "op 30 juni 2026, per fase:",
        "Intake": "4",
        "Hulpverlening": "3",
        "Afronding": "1",
        "Tussen twee fasen": "1",
    }
    assert gezien["Basisniveau"] == {
        "waarde": "0%",
        "uitleg": "0 van de 16 onderdelen voldaan op 30 juni 2026",
    }
    # Each tile leads to its section, and the sections have their own navigation.
    for anker in ("signalen", "doorverwijzingen", "trajecten", "basisniveau"):
        assert f'href="#{anker}" aria-describedby="tegel-{anker}"' in pagina
        assert f'id="{anker}"' in pagina
    navigatie = re.search(r'<nav aria-labelledby="onderdelen-kop".*?</nav>', pagina, re.S).group(0)
    assert re.findall(r'href="#(\w+)"', navigatie) == [
        "signalen",
        "doorverwijzingen",
        "trajecten",
        "basisniveau",
        "activiteiten",
        "over",
    ]
    # Every chart's table is folded beneath it, once.
    assert pagina.count('<details class="tabel-uitklap">') == pagina.count("<table") == 13
    assert pagina.count("<caption>Signalen per bron</caption>") == 1


@pytest.mark.usefixtures("na_het_eerste_halfjaar")
def test_een_verborgen_aantal_geeft_geen_verschil(client_als, gebruikers, plaatsen):
    """With the threshold of 5, the one signal of the second half of 2025 prints "<5": the
    change is not worked out (the true 1 would give it away), and the tile says why."""
    maak_dataset(gebruikers, plaatsen)
    pagina = tekst(client_als("kr").get(url(periode="2026-H1")))
    signalen = tegels(pagina)["Signalen"]
    lijst_past([signalen["waarde"]], ["5"])
    assert signalen["In tweede halfjaar 2025"] == "<5"
    assert signalen["Verschil"] == GEEN_VERSCHIL


def test_een_verborgen_kerncijfer_zegt_dat_het_verborgen_is(client_als, gebruikers, plaatsen):
    signaal(gebruikers["af"], plaatsen["hilversum"], timezone.localdate().isoformat())
    Basisniveau.objects.create(gemeente=plaatsen["hilversum"], punt="af_aangesteld", status="voldaan")
    pagina = tekst(client_als("kr").get(DASHBOARD))
    signalen = tegels(pagina)["Signalen"]
    assert signalen["waarde"] == "<5"
    assert signalen["uitleg"].endswith(
        "(de periode loopt nog) Dit aantal is verborgen om niemand herkenbaar te maken."
    )
    assert signalen["Verschil"] == GEEN_VERSCHIL
    # The basisniveau is about gemeenten, not people: printed as counted.
    basisniveau = tegels(pagina)["Basisniveau"]
    assert basisniveau["waarde"] == "6%"
    assert basisniveau["uitleg"].startswith("1 van de 16 onderdelen voldaan op ")


# --- The CSV ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("na_het_eerste_halfjaar")
@pytest.mark.parametrize("drempel", [5, 0])
def test_csv_zegt_wat_de_pagina_zegt(client_als, gebruikers, plaatsen, drempel):
    maak_dataset(gebruikers, plaatsen)
    if drempel == 0:
        drempel_uit(plaatsen["gv"])
    client = client_als("kr")
    pagina = tekst(client.get(url(periode="2026-H1")))
    antwoord = client.get(csv_url(periode="2026-H1"))
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord["Content-Disposition"] == (
        'attachment; filename="dashboardcijfers-gooi-en-vechtstreek-2026-H1.csv"'
    )
    assert antwoord["Cache-Control"].startswith("no-store, private")
    kop, tabellen = secties(antwoord.content)
    assert kop[:3] == [
        ["Dashboard ketenregie: cijfers"],
        ["Regio", "Gooi en Vechtstreek"],
        ["Periode", "eerste halfjaar 2026"],
    ]

    # Every table of the page is in the file, cell for cell, suppression marks included.
    captions = re.findall(r"<caption>(.*?)</caption>", pagina)
    assert len(captions) == 13
    assert [t for t in tabellen if t != "Kerncijfers"] == captions
    for caption in captions:
        assert tabellen[caption] == tabelrijen(pagina, caption), caption
    if drempel:
        assert any("<5" in rij for rijen in tabellen.values() for rij in rijen)

    # The key figures as the tiles print them; the change as a number where it is one.
    kern = {rij[0]: rij[1:] for rij in tabellen["Kerncijfers"][1:]}
    for titel, tegel in tegels(pagina).items():
        assert kern[titel][0] == tegel["waarde"]
        assert tegel["uitleg"].startswith(kern[titel][1])
        for label, waarde in tegel.items():
            if label in ("waarde", "uitleg"):
                continue
            gedrukt = kern[f"{titel}: {label}"][0]
            assert gedrukt == (waarde if label != "Verschil" or waarde == GEEN_VERSCHIL else str(int(waarde)))
    if drempel == 0:
        assert kern["Signalen: Verschil"] == ["4", ""]
    else:
        assert kern["Signalen: Verschil"] == [GEEN_VERSCHIL, ""]


def test_csv_staat_als_export_in_het_toegangslog_en_kost_niet_meer_dan_de_pagina(
    client_als, gebruikers, plaatsen, django_assert_num_queries
):
    client = client_als("kr")
    client.get(DASHBOARD)  # makes the month's publications
    eerder = set(ToegangsLog.objects.values_list("pk", flat=True))
    # The session, user, second factor and roles (4), the regio's (1), both publications read
    # in one query (1), the basisniveau (2) and the access-log row (1): as the page.
    with django_assert_num_queries(4 + 1 + 1 + 2 + 1):
        antwoord = client.get(CSV_URL)
    assert antwoord.status_code == 200
    regel = ToegangsLog.objects.exclude(pk__in=eerder).get()
    assert regel.actie == ToegangsLog.Actie.EXPORTEREN
    assert regel.gebruiker == gebruikers["kr"]
    assert (regel.object_type, regel.object_id) == ("mensenhandel.Regio", str(plaatsen["gv"].pk))
    assert regel.scherm == "ketenregie:dashboard_csv"
    assert regel.toelichting.startswith("CSV van de cijfers van ")


@pytest.mark.parametrize(
    ("vraag", "veld", "melding"),
    [
        ({"periode": "2026-13"}, "periode", "Kies een periode uit de lijst."),
        ({"periode": ""}, "periode", "Kies een periode."),
        ({"van": "2026-02-01", "tot": "2026-04-30"}, "periode", "niet voor een periode naar keuze"),
        ({"regio": "abc"}, "regio", "Kies een van uw eigen regio's uit de lijst."),
        ({"periode": "2026-H1\x00"}, "periode", "Null-tekens zijn niet toegestaan."),
    ],
)
def test_csv_met_foute_invoer_geeft_400_met_melding(client_als, gebruikers, plaatsen, vraag, veld, melding):
    antwoord = client_als("kr").get(csv_url(**vraag))
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"].startswith("text/html")
    pagina = tekst(antwoord)
    assert "Controleer het formulier." in pagina
    fout = re.search(rf'id="id_{veld}_fout">(.*?)</div>', pagina, re.S)
    assert fout is not None and melding in fout.group(1)
    assert "<table" not in pagina
    assert not ToegangsLog.objects.filter(actie=ToegangsLog.Actie.EXPORTEREN).exists()


def test_csv_van_andermans_regio_wordt_geweigerd(client_als, plaatsen):
    antwoord = client_als("kr").get(csv_url(regio=str(plaatsen["fr"].pk)))
    assert antwoord.status_code == 400
    assert "Fryslân" not in tekst(antwoord)


def test_csv_zonder_regio_zegt_waarom(gebruikers):
    zonder = maak_gebruiker("kr.zonder@test.example", Rol.KETENREGISSEUR, regios=[])
    antwoord = volledig_inloggen(Client(), zonder).get(CSV_URL)
    assert antwoord.status_code == 404
    assert "U bent nog niet aan een regio gekoppeld" in tekst(antwoord)
