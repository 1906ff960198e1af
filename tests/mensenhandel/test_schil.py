"""The shell people see: start pages, navigation per role, public and error pages."""

import re

import pytest
from django.test import Client

from tests.conftest import PER_VERZOEK

MENU = {
    "af": [
        "Mijn werk (0)",
        "Signalen",
        "Wegenkaart",
        "AF-netwerk",
        "Basisniveau",
        "Activiteiten",
        "Overleggen",
    ],
    "zc": ["Mijn werk (0)", "Signalen", "Zorgcoördinatie", "Wegenkaart", "Overleggen"],
    "kr": [
        "Mijn werk (0)",
        "Signalen",
        "Treffers",
        "Ketenregie",
        "Wegenkaart",
        "Overleggen",
        "Dashboard",
        "Rapportages",
    ],
    "fb": ["Beheer", "Gebruikers", "Toegangslog", "Wisverzoeken", "Wegenkaart"],
    "fg": ["Toegangslog", "Afwijkende toegang", "Inzageverzoeken"],
}
# The ketenregisseur's start page prints each regio's key figures as the dashboard does: from
# the regio's protected publication, kept since the warming request (1 query a regio;
# tests/ketenregie/test_dashboard.py).
# The privacy officer's report reads its thresholds, five counts of the access log and the
# stacking lookups per outcome (tests/mensenhandel/test_privacyfunctionaris.py).
# The start pages of the AF, the ZC and the KR show the user's work list ("Mijn werk"): without
# work, one query counting every kind (tests/mensenhandel/test_werk.py).
WERKLIJST = 1
STARTPAGINA_QUERIES = {
    "af": PER_VERZOEK + 4 + WERKLIJST,
    "zc": PER_VERZOEK + 5 + WERKLIJST,
    "kr": PER_VERZOEK + 5 + WERKLIJST,
    "fg": PER_VERZOEK + 8,
}
START = {
    "af": "/signalen/",
    "zc": "/zorgcoordinatie/",
    "kr": "/ketenregie/",
    "fb": "/beheerder/",
    "fg": "/gegevensbescherming/",
}


def menu_items(html: str) -> list[str]:
    nav = re.search(r'<nav class="utrecht-nav-bar" aria-label="Hoofdmenu">(.*?)</nav>', html, re.S)
    return re.findall(r">([^<]+)</a>", nav.group(1)) if nav else []


@pytest.mark.parametrize("rol", sorted(MENU))
def test_startpagina_en_menu_per_rol(client_als, rol, django_assert_max_num_queries):
    client = client_als(rol)
    antwoord = client.get("/")
    assert antwoord["Location"] == START[rol]
    # Warm: the first page in a process also fills Django's content-type cache (guardian's
    # scope lookups), one query that depends on which test ran before.
    client.get(START[rol])
    # PER_VERZOEK and the page's own work: a start page stays small (issue 16).
    # The zorgcoördinator's caseload adds its counts per phase and the inbox (accounted for in
    # tests/zorgcoordinatie/test_views.py); the ketenregisseur's overview
    # its key figures of the half-year (tests/ketenregie/test_dashboard.py).
    with django_assert_max_num_queries(STARTPAGINA_QUERIES.get(rol, PER_VERZOEK + 4)):
        antwoord = client.get(START[rol])
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert menu_items(html) == MENU[rol]
    assert '<html lang="nl"' in html
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert "<header" in html and "<main" in html and "<footer" in html
    assert re.search(r'<h1 class="utrecht-heading-1">[^<]+</h1>', html)


def test_lege_startpagina_zegt_wat_er_komt(client_als):
    html = client_als("af").get("/signalen/").content.decode()
    assert "Hier komen de signalen" in html


def test_zonder_rol_geen_menu_en_een_uitleg(client_als):
    antwoord = client_als("zonder_rol").get("/")
    assert antwoord.status_code == 403
    html = antwoord.content.decode()
    assert menu_items(html) == []
    assert "Geen toegang" in html and "functioneel beheerder" in html


@pytest.mark.parametrize(
    "url,kop", [("/toegankelijkheid/", "Toegankelijkheidsverklaring"), ("/privacy/", "Privacy")]
)
def test_openbare_paginas(client, db, url, kop):
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    assert f'<h1 class="utrecht-heading-1">{kop}</h1>' in antwoord.content.decode()


def test_serverfout_geeft_een_nederlandse_pagina(db, settings):
    settings.ROOT_URLCONF = "tests.urls_met_fout"
    antwoord = Client(raise_request_exception=False).get("/fout/")
    assert antwoord.status_code == 500
    assert "Er ging iets mis" in antwoord.content.decode()


def test_gezondheid(client, db, celery_werker):
    antwoord = client.get("/gezondheid/?format=json")
    assert antwoord.status_code == 200
    assert "no-store" in antwoord["Cache-Control"]


def test_veld_dat_een_service_controleert_heet_niet_optioneel():
    from django import forms

    from mensenhandel.forms import verplicht_tonen

    class Formulier(forms.Form):
        reden = forms.CharField(label="Reden", required=False)
        opmerking = forms.CharField(label="Opmerking", required=False)

    verplicht_tonen(Formulier, "reden")
    form = Formulier()
    reden = form["reden"].as_field_group()
    opmerking = form["opmerking"].as_field_group()
    assert "(niet verplicht)" not in reden and 'aria-required="true"' in reden
    assert "(niet verplicht)" in opmerking and "aria-required" not in opmerking


def test_precies_een_menu_item_is_de_huidige_pagina(client_als):
    html = client_als("kr").get("/ketenregie/wegenkaart/").content.decode()
    huidig = re.findall(r'href="([^"]+)" aria-current="page"', html)
    assert huidig == ["/ketenregie/wegenkaart/"]


def test_favicon_voor_wie_er_ook_om_vraagt(client, db):
    from django.contrib.staticfiles import finders

    antwoord = client.get("/favicon.ico")
    assert antwoord.status_code == 301
    assert antwoord["Location"] == "/static/favicon.ico"
    assert finders.find("favicon.ico") and finders.find("favicon.svg")
    html = client.get("/inloggen/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


INLINE_STIJL = re.compile(r"<[a-z][^>]*\sstyle=|<style", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)


@pytest.mark.parametrize("rol", ["anoniem", *sorted(MENU)])
def test_geen_htmx_en_niets_inline_dat_de_csp_weigert(client_als, client, rol):
    """The CSP allows styles and scripts from files only: no page carries inline ones, or
    loads a library (htmx) that injects them."""
    if rol == "anoniem":
        paginas = ["/inloggen/", "/toegankelijkheid/", "/privacy/", "/bestaat-niet/"]
        gebruiker = client
    else:
        gebruiker = client_als(rol)
        start = gebruiker.get(START[rol]).content.decode()
        nav = re.search(r'aria-label="Hoofdmenu">(.*?)</nav>', start, re.S)
        paginas = [START[rol], *re.findall(r'href="([^"]+)"', nav.group(1))]
    assert len(paginas) >= 3
    for url in paginas:
        antwoord = gebruiker.get(url)
        assert antwoord.status_code in (200, 404), url
        html = antwoord.content.decode()
        assert "<main" in html, url
        assert "htmx" not in html, url
        assert not INLINE_STIJL.search(html), (url, INLINE_STIJL.search(html))
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        assert '<script src="/static/js/formulieren.js" defer></script>' in html, url
