"""The ketenregisseur's workspace in a real browser, and a regietafel decision reaching the AF.

The ketenregisseur of Gooi en Vechtstreek (a regio without casework access) logs in with
the second factor and, through the links of the pages: opens the basisniveau table,
records a regional training (first without an organiser), records a knelpunt, and holds
a regietafel whose agenda fills itself with the signal an AF of Hilversum registered
(set up through the signalen services). The agenda shows that signal pseudonymised: its
reference, but nothing of the person or the situation. The ketenregisseur records the
table's decision on it (first empty); the AF of Hilversum then finds that decision on the
signal, in its own section and on the timeline. axe-core checks every page and error state.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from ketenregie.models import Activiteit, Agendasignaal, Knelpunt, Overleg
from signalen.models import Overlegbesluit
from tests.browser.conftest import assert_toegankelijk, inloggen, nieuwe_pagina
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory

pytestmark = pytest.mark.browser

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

# The signal on the table: a fictitious person and what only those who may read it see.
PERSOON = "Marta Wiśniewska"
TELEFOON = "06 12345678"
LOCATIE = "Champignonkwekerij aan de Loosdrechtseweg"
OMSCHRIJVING = "Zes arbeidskrachten slapen in een container achter de kwekerij."

TRAINING = "Training signaleren voor het sociaal wijkteam"
ORGANISATOR = "CoMensha, met de ketenregisseur"
DEELNEMERS = "18"

KNELPUNT = "Geen opvangplek voor mannelijke slachtoffers in de regio"
KNELPUNT_OMSCHRIJVING = (
    "Mannelijke slachtoffers van arbeidsuitbuiting kunnen in de regio nergens terecht; "
    "de zorgcoördinator moet uitwijken naar Utrecht of Amsterdam."
)
INGEBRACHT_DOOR = "AF-overleg Gooi en Vechtstreek"

DEELNEMERS_REGIETAFEL = "Politie basisteam Gooi, Veilig Thuis, Zorg- en Veiligheidshuis"
BESLUIT = "Politie en Arbeidsinspectie gaan samen op huisbezoek; de AF van Hilversum regelt een tolk."


def lang(datum: date) -> str:
    """A date as the pages show it (Django's "j F Y" in Dutch)."""
    return f"{datum.day} {MAANDEN[datum.month - 1]} {datum.year}"


def kop(page: Page):
    return page.get_by_role("heading", level=1)


def melding(page: Page, tekst: str):
    return page.get_by_role("status").filter(has_text=tekst)


def hoofdmenu(page: Page, naam: str):
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=naam, exact=True)


def in_inhoud(page: Page, naam: str):
    """A link in the page's main content (not the menu) by its exact name."""
    return page.get_by_role("main").get_by_role("link", name=naam, exact=True)


def fout_bij(veld, tekst: str) -> None:
    """The field is marked invalid and its error message is part of its description."""
    expect(veld).to_have_attribute("aria-invalid", "true")
    expect(veld).to_have_accessible_description(re.compile(re.escape(tekst)))


def test_ketenregisseur_werkt_aan_de_keten_en_de_af_ziet_het_besluit(
    browser: Browser, pagina: Page, live_server, gebruikers, plaatsen
):
    af, kr = gebruikers["af"], gebruikers["kr"]
    regio = plaatsen["gv"]
    assert not regio.ketenregisseur_mag_casuistiek  # the KR may not see casework here
    signaal = SignaalFactory(
        door=af,
        locatie=LOCATIE,
        omschrijving=OMSCHRIJVING,
        personen=[PersoonGegevensFactory(naam=PERSOON, telefoon=TELEFOON)],
    )
    referentie = signaal.referentie
    assert signaal.gemeente.naam == "Hilversum"
    vandaag = timezone.localdate()
    trainingsdatum = vandaag - timedelta(days=12)
    knelpuntdatum = vandaag - timedelta(days=3)
    overlegnaam = f"Regietafel {vandaag:%d-%m-%Y}"
    page = pagina

    # --- 1. The ketenregisseur logs in and opens the basisniveau table -------------------------
    inloggen(page, live_server, kr)
    expect(kop(page)).to_have_text("Ketenregie")
    assert_toegankelijk(page)
    in_inhoud(page, "Basisniveau").click()
    expect(kop(page)).to_have_text("Basisniveau per gemeente")
    tabel = page.get_by_role("table", name=re.compile(r"^Basisniveau in Gooi en Vechtstreek: 2 gemeenten"))
    gemeenten = tabel.locator("tbody").get_by_role("rowheader")
    expect(gemeenten).to_have_text(["Hilversum", "Huizen"])
    for gemeente in ("Hilversum", "Huizen"):
        expect(tabel.get_by_role("link", name=gemeente, exact=True)).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Leeuwarden")  # another regio's gemeente
    assert_toegankelijk(page)

    # --- 2. A regional training; first without an organiser ----------------------------------
    hoofdmenu(page, "Ketenregie").click()
    expect(kop(page)).to_have_text("Ketenregie")
    in_inhoud(page, "Activiteiten").click()
    expect(kop(page)).to_have_text("Activiteiten")
    in_inhoud(page, "Nieuwe activiteit").click()
    expect(kop(page)).to_have_text("Nieuwe activiteit")
    assert_toegankelijk(page)

    page.get_by_label("Soort activiteit").select_option(label="Training")
    page.get_by_label("Titel").fill(TRAINING)
    page.get_by_label("Datum").fill(trainingsdatum.isoformat())
    gemeentekeuze = page.get_by_role("group", name="Gemeenten")
    gemeentekeuze.get_by_label("Hilversum", exact=True).check()
    gemeentekeuze.get_by_label("Huizen", exact=True).check()
    doelgroepen = page.get_by_role("group", name="Doelgroepen")
    doelgroepen.get_by_label("Gemeentelijke medewerkers: sociaal domein", exact=True).check()
    doelgroepen.get_by_label("Professionals van ketenpartners", exact=True).check()
    page.get_by_label("Aantal deelnemers").fill(DEELNEMERS)
    with page.expect_response(lambda r: r.request.method == "POST") as antwoord:
        page.get_by_role("button", name="Opslaan").click()
    assert antwoord.value.status == 400
    expect(kop(page)).to_have_text("Nieuwe activiteit")
    expect(page.get_by_role("alert").filter(has_text="Controleer het formulier.")).to_be_visible()
    fout_bij(page.get_by_label("Organisator"), "Vul in wie de activiteit organiseerde.")
    # Everything typed is still there.
    expect(page.get_by_label("Soort activiteit")).to_have_value("training")
    expect(page.get_by_label("Titel")).to_have_value(TRAINING)
    expect(page.get_by_label("Datum")).to_have_value(trainingsdatum.isoformat())
    gemeentekeuze = page.get_by_role("group", name="Gemeenten")
    expect(gemeentekeuze.get_by_label("Hilversum", exact=True)).to_be_checked()
    expect(gemeentekeuze.get_by_label("Huizen", exact=True)).to_be_checked()
    doelgroepen = page.get_by_role("group", name="Doelgroepen")
    expect(doelgroepen.get_by_label("Gemeentelijke medewerkers: sociaal domein", exact=True)).to_be_checked()
    expect(doelgroepen.get_by_label("Professionals van ketenpartners", exact=True)).to_be_checked()
    expect(doelgroepen.get_by_label("Jongeren", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Aantal deelnemers")).to_have_value(DEELNEMERS)
    assert not Activiteit.objects.exists()
    assert_toegankelijk(page)

    page.get_by_label("Organisator").fill(ORGANISATOR)
    page.get_by_role("button", name="Opslaan").click()
    expect(kop(page)).to_have_text(TRAINING)
    expect(melding(page, "vastgelegd")).to_have_text(f"De activiteit ‘{TRAINING}’ is vastgelegd.")
    expect(page.get_by_role("main")).to_contain_text(f"Training op {lang(trainingsdatum)}")

    in_inhoud(page, "Terug naar de activiteiten").click()
    expect(kop(page)).to_have_text("Activiteiten")
    lijst = page.get_by_role("table", name=re.compile(r"^Activiteiten 1–1 van 1"))
    rij = lijst.get_by_role("row").filter(has_text=TRAINING)
    for tekst in (
        lang(trainingsdatum),
        "Training",
        "Hilversum, Huizen",
        "Gemeentelijke medewerkers: sociaal domein, Professionals van ketenpartners",
        DEELNEMERS,
        ORGANISATOR,
    ):
        expect(rij).to_contain_text(tekst)
    expect(rij.get_by_role("link", name=TRAINING)).to_be_visible()
    assert_toegankelijk(page)

    # --- 3. A knelpunt in the register --------------------------------------------------------
    hoofdmenu(page, "Ketenregie").click()
    in_inhoud(page, "Knelpunten").click()
    expect(kop(page)).to_have_text("Knelpunten")
    in_inhoud(page, "Nieuw knelpunt").click()
    expect(kop(page)).to_have_text("Nieuw knelpunt")
    assert_toegankelijk(page)
    page.get_by_label("Thema").select_option(label="Opvang")
    page.get_by_label("Titel").fill(KNELPUNT)
    page.get_by_label("Omschrijving").fill(KNELPUNT_OMSCHRIJVING)
    page.get_by_label("Ingebracht door").fill(INGEBRACHT_DOOR)
    page.get_by_label("Datum ingebracht").fill(knelpuntdatum.isoformat())
    expect(page.get_by_label("Status")).to_have_value("open")
    page.get_by_role("button", name="Opslaan").click()
    expect(kop(page)).to_have_text(KNELPUNT)
    expect(melding(page, "register")).to_have_text(f"Het knelpunt ‘{KNELPUNT}’ staat in het register.")
    expect(page.get_by_role("main")).to_contain_text(KNELPUNT_OMSCHRIJVING)
    assert_toegankelijk(page)

    in_inhoud(page, "Terug naar de knelpunten").click()
    expect(kop(page)).to_have_text("Knelpunten")
    register = page.get_by_role("table", name="Knelpunten, open en in behandeling eerst")
    rij = register.get_by_role("row").filter(has_text=KNELPUNT)
    for tekst in ("Opvang", "Open", f"{lang(knelpuntdatum)} door {INGEBRACHT_DOOR}", "Geen"):
        expect(rij).to_contain_text(tekst)
    expect(page.get_by_role("main")).to_contain_text("1 knelpunt, waarvan 1 open of in behandeling.")
    assert_toegankelijk(page)

    # --- 4. A regietafel today: the agenda fills itself, pseudonymised -----------------------
    hoofdmenu(page, "Overleggen").click()
    expect(kop(page)).to_have_text("Overleggen")
    in_inhoud(page, "Nieuw overleg").click()
    expect(kop(page)).to_have_text("Nieuw overleg")
    assert_toegankelijk(page)
    page.get_by_label("Soort overleg").select_option(label="Regietafel")
    page.get_by_label("Datum").fill(vandaag.isoformat())
    page.get_by_label("Overige deelnemers").fill(DEELNEMERS_REGIETAFEL)
    page.get_by_label("Agenda (niet verplicht)", exact=True).fill("Nieuwe en lopende signalen; rondvraag.")
    page.get_by_role("button", name="Opslaan").click()

    expect(kop(page)).to_have_text(f"Regietafel {lang(vandaag)}")
    expect(melding(page, "overleg")).to_have_text(
        "Het overleg is vastgelegd. Er staat 1 signaal op de agenda."
    )
    signalen = page.locator("#signalen")
    agenda = signalen.get_by_role("table", name="1 signaal op de agenda, oudste eerst")
    rij = agenda.get_by_role("row").filter(has_text=referentie)
    expect(rij.get_by_role("rowheader")).to_have_text(referentie)
    expect(rij.get_by_role("link")).to_have_count(0)  # not readable for this KR: no link
    # Not readable for this KR: only its reference, no gemeente, form or status beside it (those
    # are only in the table of coarse groups, which needs at least the threshold of signals).
    expect(rij).to_contain_text("Niet zichtbaar voor u")
    for tekst in ("Hilversum", "Arbeidsuitbuiting", "Nieuw"):
        expect(rij).not_to_contain_text(tekst)
    inhoud = page.content()
    for geheim in (PERSOON, TELEFOON, LOCATIE, OMSCHRIJVING):
        assert geheim not in inhoud, f"{geheim!r} staat op de agenda van een ketenregisseur zonder casuïstiek"
    assert_toegankelijk(page)

    # Nothing came in since: bringing the agenda up to date adds nothing.
    signalen.get_by_role("button", name="Agenda bijwerken").click()
    expect(melding(page, "agenda")).to_have_text("Er zijn geen nieuwe signalen bijgekomen; de agenda is bij.")
    expect(page.locator("#signalen").get_by_role("table").first).to_have_accessible_name(
        "1 signaal op de agenda, oudste eerst"
    )

    # --- 5. The table's decision on the signal; first empty ----------------------------------
    besluitveld = page.get_by_label(f"Besluit over {referentie}", exact=True)
    vastleggen = page.get_by_role("button", name=f"Besluit over {referentie} vastleggen")
    with page.expect_response(lambda r: r.request.method == "POST") as antwoord:
        vastleggen.click()
    assert antwoord.value.status == 400
    fout_bij(
        page.get_by_label(f"Besluit over {referentie}", exact=True),
        "Schrijf op wat het overleg over dit signaal heeft besloten.",
    )
    assert not Overlegbesluit.objects.exists()
    assert_toegankelijk(page)

    besluitveld.fill(BESLUIT)
    vastleggen.click()
    expect(melding(page, "besluit")).to_have_text(
        f"Het besluit over {referentie} is vastgelegd en staat nu ook bij het signaal."
    )
    rij = page.locator("#signalen").get_by_role("row").filter(has_text=referentie)
    expect(rij).to_contain_text(BESLUIT)
    expect(rij).to_contain_text(f"Vastgelegd door {kr.naam} op {lang(vandaag)}")
    expect(page.get_by_label(f"Besluit over {referentie}", exact=True)).to_have_count(0)  # the form is gone
    assert PERSOON not in page.content()
    assert_toegankelijk(page)

    # --- 6. The dashboard, read in a minute: the key figures first -------------------------
    page.set_viewport_size({"width": 1280, "height": 800})
    hoofdmenu(page, "Dashboard").click()
    expect(kop(page)).to_have_text("Dashboard Gooi en Vechtstreek")
    tegels = page.get_by_role("list", name=re.compile(r"^In het kort: ")).get_by_role("listitem")
    expect(tegels.get_by_role("heading", level=3)).to_have_text(
        ["Signalen", "Doorverwijzingen die te lang wachten", "Open trajecten", "Basisniveau"]
    )
    # One signal this half-year: hidden, and so no change against the half-year before.
    signalentegel = tegels.filter(has=page.get_by_role("heading", name="Signalen", exact=True))
    expect(signalentegel.locator(".tegel__waarde")).to_have_text("<5")
    expect(signalentegel).to_contain_text("Dit aantal is verborgen om niemand herkenbaar te maken.")
    expect(signalentegel).to_contain_text("niet te berekenen: een van beide aantallen is verborgen")
    details = tegels.get_by_role("link", name="Naar de details", exact=True)
    expect(details).to_have_count(4)
    expect(details.nth(2)).to_have_accessible_description("Open trajecten")
    # The tables are folded beneath their charts; one opens on demand.
    activiteiten = page.get_by_role("table", name="Activiteiten per soort")
    expect(activiteiten).to_be_hidden()
    page.get_by_text("Tabel: Activiteiten per soort", exact=True).click()
    expect(activiteiten).to_be_visible()
    expect(activiteiten.get_by_role("row").filter(has_text="Training")).to_be_visible()
    hoogte = page.evaluate("document.documentElement.scrollHeight")
    # Was 11,172 pixels with every table open beneath its chart (measured before issue 17).
    assert hoogte < 7500, hoogte
    onderdelen = page.get_by_role("navigation", name="Op deze pagina")
    onderdelen.get_by_role("link", name="Basisniveau", exact=True).click()
    expect(page).to_have_url(re.compile(r"#basisniveau$"))
    assert_toegankelijk(page)
    # The figures as CSV, for the same period as the page.
    with page.expect_download() as download:
        in_inhoud(page, "Alle cijfers van deze pagina downloaden (CSV)").click()
    code = f"{vandaag.year}-H{1 if vandaag.month <= 6 else 2}"
    assert download.value.suggested_filename == f"dashboardcijfers-gooi-en-vechtstreek-{code}.csv"
    csv_tekst = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Kerncijfers" in csv_tekst and "Signalen;<5;" in csv_tekst
    # WCAG 1.4.10: at 320 pixels the tiles stack and nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # --- 7. The AF of Hilversum finds the decision on the signal ------------------------------
    af_pagina = nieuwe_pagina(browser)
    try:
        inloggen(af_pagina, live_server, af)
        expect(kop(af_pagina)).to_have_text("Signalen")
        af_pagina.get_by_role("link", name=referentie, exact=True).click()
        expect(kop(af_pagina)).to_have_text(f"Signaal {referentie}")
        besluiten = af_pagina.locator("#overlegbesluiten").get_by_role(
            "table", name="Besluiten over dit signaal uit een regietafel of drieluik (1)"
        )
        rij = besluiten.get_by_role("row").filter(has_text=BESLUIT)
        expect(rij.get_by_role("rowheader")).to_have_text(overlegnaam)
        expect(rij).to_contain_text(lang(vandaag))
        expect(rij).to_contain_text(kr.naam)
        regels = af_pagina.locator("#tijdlijn ol").get_by_role("listitem")
        expect(regels.filter(has_text=f"Besluit {overlegnaam}: {BESLUIT}")).to_have_count(1)
        expect(af_pagina.locator("#personen")).to_contain_text(PERSOON)  # the AF does see the person
        assert_toegankelijk(af_pagina)
    finally:
        af_pagina.context.close()

    # --- What the pages did, in the database -----------------------------------------------
    activiteit = Activiteit.objects.get()
    assert activiteit.titel == TRAINING
    assert activiteit.soort == "training"
    assert activiteit.datum == trainingsdatum
    assert activiteit.deelnemers == int(DEELNEMERS)
    assert activiteit.regio == regio
    assert sorted(activiteit.gemeenten.values_list("naam", flat=True)) == ["Hilversum", "Huizen"]
    knelpunt = Knelpunt.objects.get()
    assert (knelpunt.titel, knelpunt.thema, knelpunt.datum) == (KNELPUNT, "opvang", knelpuntdatum)
    overleg = Overleg.objects.get()
    assert (overleg.soort, overleg.datum, overleg.regio) == ("regietafel", vandaag, regio)
    rij = Agendasignaal.objects.get()
    besluit = Overlegbesluit.objects.get()
    assert rij.besluit == besluit
    assert (besluit.signaal, besluit.besluit, besluit.overleg) == (signaal, BESLUIT, overlegnaam)
