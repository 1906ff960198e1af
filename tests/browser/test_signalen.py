"""The AF's meldroute in a real browser, with stacking across two gemeenten.

An AF of Hilversum registers a signal with one person involved (first with two errors,
reported in one round, then correctly), enriches, weighs and refers it to the zorgcoördinator and the police
side by side; an AF of Leeuwarden registers a signal about the same person, written
differently, and sees a hit without any content; the first AF is told too; the
zorgcoördinator accepts the aanmelding and the first AF sees the feedback. Everything
through the pages; axe-core checks each page and each error state on the way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from signalen.models import Doorverwijzing, Indicator, Koppeling, Signaal, Status
from tests.browser.conftest import assert_toegankelijk, inloggen, nieuwe_context, nieuwe_pagina
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory

pytestmark = pytest.mark.browser

ELDERS = (
    "Elders is een signaal over deze persoon bekend; neem contact op met de ketenregisseur "
    "of zorgcoördinator."
)
REFERENTIE = re.compile(r"^Signaal (S-\d{4}-\d{5})$")
DETAILPAD = re.compile(r"/signalen/[0-9a-f-]{36}/(#\w+)?$")

# Taken from the seeded list; created here when a flushed (transactional) database lost them.
WOONT_OP_WERKPLEK = ("huisvesting", "Woont op de werkplek")
SCHULDEN = ("werk_geld", "Schulden bij werkgever, bemiddelaar of smokkelaar")

# The first signal: what the AF of the other gemeente must never get to see.
LOCATIE = "Kassencomplex aan de Noorderweg"
OMSCHRIJVING = "Drie arbeiders slapen in een schuur op het terrein en werken zeven dagen per week."
MELDER = "J. Jansen, handhaving, 035 123 4567"
SLACHTOFFER = "Jan de Vries"
GEBOORTEDATUM = "1990-04-12"
TELEFOON = "06 12345678"
SLACHTOFFER_ANDERS_GESCHREVEN = "VRIES, Jan de"  # same person, same date of birth


def kop(page: Page):
    return page.get_by_role("heading", level=1)


def status_van(page: Page):
    return page.get_by_role("main").locator("p").filter(has_text="Status:").first


def naam_veld(persoon):
    # Not get_by_label("Naam"): "Alias of bijnaam" contains it too.
    return persoon.get_by_label(re.compile(r"^Naam\b"))


def referentie_van(page: Page) -> str:
    expect(kop(page)).to_have_text(REFERENTIE)
    return REFERENTIE.match(kop(page).inner_text().strip()).group(1)


def signaalgegevens_invullen(
    page: Page, *, datum: date, gemeente: str, locatie: str, omschrijving: str, melder: str
) -> None:
    gezien = page.get_by_role("group", name="Wat is er gezien")
    gezien.get_by_label("Datum waargenomen").fill(datum.isoformat())
    gezien.get_by_label("Gemeente waar het is waargenomen").select_option(label=gemeente)
    gezien.get_by_label("Sector").select_option(label="Land- en tuinbouw")
    gezien.get_by_label("Bron (wie meldde het)").select_option(label="Gemeente: handhaving")
    gezien.get_by_label("Arbeidsuitbuiting", exact=True).check()
    gezien.get_by_label("Omschrijving").fill(omschrijving)
    # The rest of the details, and the indicators per theme, are folded away.
    page.locator("summary").filter(has_text="Meer over het signaal").click()
    page.get_by_label("Locatie").fill(locatie)
    page.get_by_label("Contact van de melder").fill(melder)
    page.get_by_label("Er is een migratiecomponent").check()
    page.get_by_label("Binnenlands of grensoverschrijdend").select_option(label="Grensoverschrijdend")
    indicatoren = page.get_by_role("group", name=re.compile(r"^Indicatoren"))
    for groep, indicator in (WOONT_OP_WERKPLEK, SCHULDEN):
        thema = indicatoren.locator("details").filter(has=page.locator(f"#thema-{groep}"))
        thema.locator("summary").click()
        thema.get_by_label(indicator, exact=True).check()
        expect(thema.locator("summary")).to_contain_text("(1 gekozen)")  # counted as it is chosen


def test_meldroute_stapeling_en_terugkoppeling(browser: Browser, pagina: Page, live_server, gebruikers):
    for groep, omschrijving in (WOONT_OP_WERKPLEK, SCHULDEN):
        Indicator.objects.get_or_create(omschrijving=omschrijving, defaults={"groep": groep})
    vandaag = timezone.localdate()
    af = pagina
    af.set_viewport_size({"width": 1280, "height": 800})

    # --- 1. The AF of Hilversum registers a signal; first with a date in the future and a bad
    # phone number: both reported in one round, in one summary whose links lead to the fields.
    inloggen(af, live_server, gebruikers["af"])
    expect(kop(af)).to_have_text("Signalen")
    af.get_by_role("link", name="Nieuw signaal").click()
    expect(kop(af)).to_have_text("Nieuw signaal")
    # One short pass: the form was some 6,200 px tall at 1280 px wide, with two person blocks.
    assert af.viewport_size["width"] == 1280
    assert af.evaluate("document.documentElement.scrollHeight") < 2300
    datumveld = af.get_by_label("Datum waargenomen")
    expect(datumveld).to_have_value(vandaag.isoformat())  # today, unless changed
    expect(af.get_by_role("group", name=re.compile("^Betrokken persoon"))).to_have_count(1)
    assert_toegankelijk(af)

    signaalgegevens_invullen(
        af,
        datum=vandaag + timedelta(days=3),
        gemeente="Hilversum",
        locatie=LOCATIE,
        omschrijving=OMSCHRIJVING,
        melder=MELDER,
    )
    slachtoffer = af.get_by_role("group", name="Betrokken persoon 1")
    slachtoffer.get_by_label("Rol in het signaal").select_option(label="Mogelijk slachtoffer")
    naam_veld(slachtoffer).fill(SLACHTOFFER)
    slachtoffer.get_by_label("Geboortedatum").fill(GEBOORTEDATUM)
    slachtoffer.get_by_label("Telefoonnummer").fill("06 1234")

    with af.expect_response(lambda r: r.request.method == "POST") as antwoord:
        af.get_by_role("button", name="Signaal registreren").click()
    assert antwoord.value.status == 400
    expect(kop(af)).to_have_text("Nieuw signaal")
    overzicht = af.get_by_role("alert")
    expect(overzicht).to_contain_text("Controleer het formulier. Er zijn 2 fouten")
    expect(overzicht).to_be_focused()
    telefoonveld = slachtoffer.get_by_label("Telefoonnummer")
    links = overzicht.get_by_role("link")
    expect(links).to_have_text(
        [
            "Datum waargenomen: De datum van waarnemen kan niet in de toekomst liggen.",
            re.compile(r"^Betrokken persoon 1, Telefoonnummer: Dit telefoonnummer klopt niet\."),
        ]
    )
    for link, veld in ((links.nth(1), telefoonveld), (links.nth(0), datumveld)):
        link.click()
        expect(veld).to_be_focused()
        expect(veld).to_be_in_viewport()
        expect(veld).to_have_attribute("aria-invalid", "true")
    expect(datumveld).to_have_accessible_description(
        re.compile("De datum van waarnemen kan niet in de toekomst liggen.")
    )
    # Everything typed is still there, the chosen indicators counted in their folded themes.
    expect(datumveld).to_have_value((vandaag + timedelta(days=3)).isoformat())
    expect(af.get_by_label("Gemeente waar het is waargenomen").locator("option:checked")).to_have_text(
        "Hilversum"
    )
    expect(af.get_by_label("Locatie")).to_have_value(LOCATIE)  # its section shown: filled in
    expect(af.get_by_label("Sector")).to_have_value("land_tuinbouw")
    expect(af.get_by_label("Bron (wie meldde het)")).to_have_value("handhaving")
    expect(af.get_by_label("Contact van de melder")).to_have_value(MELDER)
    expect(af.get_by_label("Arbeidsuitbuiting", exact=True)).to_be_checked()
    expect(af.get_by_label("Er is een migratiecomponent")).to_be_checked()
    expect(af.get_by_label("Omschrijving")).to_have_value(OMSCHRIJVING)
    for groep, indicator in (WOONT_OP_WERKPLEK, SCHULDEN):
        expect(af.locator(f"#thema-{groep}")).to_contain_text("(1 gekozen)")
        expect(af.get_by_label(indicator, exact=True)).to_be_checked()
    expect(slachtoffer.get_by_label("Rol in het signaal")).to_have_value("slachtoffer")
    expect(naam_veld(slachtoffer)).to_have_value(SLACHTOFFER)
    expect(slachtoffer.get_by_label("Geboortedatum")).to_have_value(GEBOORTEDATUM)
    expect(telefoonveld).to_have_value("06 1234")
    assert not Signaal.objects.exists()
    assert_toegankelijk(af)
    # The page with its errors fits a 320 px wide window.
    af.set_viewport_size({"width": 320, "height": 800})
    assert af.evaluate("document.documentElement.scrollWidth") <= 320
    af.set_viewport_size({"width": 1280, "height": 720})

    datumveld.fill((vandaag - timedelta(days=2)).isoformat())
    telefoonveld.fill(TELEFOON)
    af.get_by_role("button", name="Signaal registreren").click()

    expect(af).to_have_url(DETAILPAD)
    eerste = referentie_van(af)
    assert eerste.startswith(f"S-{vandaag.year}-")
    eerste_url = af.url
    expect(af.get_by_role("status").filter(has_text="is geregistreerd")).to_have_text(
        f"Signaal {eerste} is geregistreerd."
    )
    expect(status_van(af)).to_contain_text("Nieuw")
    gegevens = af.locator("#gegevens")
    expect(gegevens).to_contain_text(LOCATIE)
    expect(gegevens).to_contain_text("Hilversum")
    expect(gegevens).to_contain_text("Land- en tuinbouw")
    expect(gegevens).to_contain_text("Gemeente: handhaving")
    expect(gegevens).to_contain_text(MELDER)
    expect(gegevens).to_contain_text("Arbeidsuitbuiting")
    expect(gegevens).to_contain_text(OMSCHRIJVING)
    expect(af.locator("#indicatoren")).to_contain_text(WOONT_OP_WERKPLEK[1])
    expect(af.locator("#indicatoren")).to_contain_text(SCHULDEN[1])
    personen = af.get_by_role("table", name="Betrokken personen (1)")
    rij = personen.get_by_role("row").filter(has_text=SLACHTOFFER)
    for tekst in ("Mogelijk slachtoffer", "12 april 1990", TELEFOON):
        expect(rij).to_contain_text(tekst)
    expect(af.locator("#stapeling")).to_have_count(0)  # nothing to stack with yet
    assert_toegankelijk(af)

    # The case file's first screen (1280 × 800, not scrolled): the status, where the signal
    # stands on the meldroute and the one next step.
    assert af.evaluate("window.scrollY") == 0
    expect(status_van(af)).to_be_in_viewport()
    meldroute = af.get_by_role("list", name="Meldroute")
    expect(meldroute).to_be_in_viewport()
    expect(meldroute.get_by_role("listitem")).to_have_count(5)
    expect(meldroute.locator("[aria-current='step']")).to_have_text(re.compile(r"^\s*Verrijken"))
    volgende = af.get_by_role("link", name="Signaal wegen")
    expect(volgende).to_be_in_viewport()
    # The in-page navigation leads to each section.
    onderdelen = af.get_by_role("navigation", name="Onderdelen van dit dossier")
    onderdelen.get_by_role("link", name="Personen (1)").click()
    expect(af).to_have_url(re.compile(r"#personen$"))
    expect(af.get_by_role("heading", name="Betrokken personen", exact=True)).to_be_in_viewport()
    onderdelen.get_by_role("link", name="Tijdlijn (1)").click()
    expect(af.locator("#tijdlijn")).to_be_in_viewport()
    expect(af.locator("#tijdlijn ol > li")).to_have_text(
        [re.compile(r"^\s*Registratie: Signaal geregistreerd")]
    )

    # --- 2. Enrich, weigh, decide: each form on a page of its own -------------------------
    af.locator("#tijdlijn").get_by_role("link", name="Notitie toevoegen").click()
    expect(kop(af)).to_have_text("Notitie toevoegen")
    af.get_by_label("Advies gevraagd aan").select_option(label="Zorgcoördinator")
    af.get_by_role("button", name="Notitie toevoegen").click()  # no text: one clear error
    expect(af.get_by_role("alert")).to_contain_text("Controleer het formulier.")
    expect(af.get_by_label("Wat hebt u uitgezocht of gehoord?")).to_have_accessible_description(
        re.compile("Schrijf wat u hebt uitgezocht of gehoord.")
    )
    assert_toegankelijk(af)
    af.get_by_label("Wat hebt u uitgezocht of gehoord?").fill(
        "Met de eigenaar gesproken; hij ontkent dat er mensen op het terrein wonen."
    )
    expect(af.get_by_label("Advies gevraagd aan")).to_have_value("zorgcoordinator")  # kept
    af.get_by_role("button", name="Notitie toevoegen").click()
    expect(af.get_by_role("status").filter(has_text="notitie")).to_have_text("De notitie is toegevoegd.")
    expect(status_van(af)).to_contain_text("In onderzoek")
    tijdlijn = af.locator("#tijdlijn ol")
    # Newest first: the status and the note, then the registration.
    expect(tijdlijn.locator("> li").first).to_contain_text("Status: In onderzoek")
    expect(tijdlijn).to_contain_text("Notitie: advies gevraagd aan zorgcoördinator")
    expect(tijdlijn).to_contain_text("hij ontkent dat er mensen op het terrein wonen")
    expect(tijdlijn.locator("> li").last).to_contain_text("Registratie: Signaal geregistreerd")

    af.get_by_role("link", name="Signaal wegen").click()
    expect(kop(af)).to_have_text("Signaal wegen")
    af.get_by_label("Aard").fill("Vermoedelijk arbeidsuitbuiting met huisvesting op het terrein.")
    af.get_by_label("Risico").select_option(label="Hoog")
    af.get_by_label("Onderbouwing").fill("Schulden en wonen op de werkplek.")
    assert_toegankelijk(af)
    af.get_by_role("button", name="Weging vastleggen").click()
    expect(af.get_by_role("status").filter(has_text="weging")).to_have_text("De weging is vastgelegd.")
    expect(status_van(af)).to_contain_text("Gewogen")
    # The recorded weighing (its data list), not the form's options.
    expect(af.locator("#weging dl")).to_contain_text("Hoog")
    expect(af.get_by_role("list", name="Meldroute").locator("[aria-current='step']")).to_have_text(
        re.compile(r"^\s*Besluiten")
    )
    assert_toegankelijk(af)

    af.get_by_role("link", name="Besluit nemen").click()
    expect(kop(af)).to_have_text(f"Besluit over signaal {eerste}")
    assert_toegankelijk(af)

    # Nothing chosen: a clear message, and the page stays accessible.
    af.get_by_role("button", name="Besluit vastleggen").click()
    expect(af.get_by_role("alert")).to_contain_text(
        "Kies minstens één besluit: doorverwijzen, zelf hulp organiseren, monitoren of afsluiten."
    )
    assert_toegankelijk(af)

    zc = af.get_by_role("group", name="Zorgcoördinator", exact=True)
    zc.get_by_label("Doorverwijzen naar Zorgcoördinator").check()
    zc.get_by_label("Regio van de zorgcoördinator").select_option(label="Gooi en Vechtstreek")
    zc.get_by_label("Partnerorganisatie").fill("Zorgcoördinatie Gooi en Vechtstreek")
    zc.get_by_label("Contactpersoon").fill("P. de Groot")
    tmm = af.get_by_role("group", name="Politie: Team Migratiecriminaliteit en Mensenhandel", exact=True)
    tmm.get_by_label("Doorverwijzen naar Politie: Team Migratiecriminaliteit en Mensenhandel").check()
    tmm.get_by_label("Partnerorganisatie").fill("Politie Midden-Nederland")
    tmm.get_by_label("Contactpersoon").fill("Rechercheur K. Bakker")
    assert_toegankelijk(af)
    af.get_by_role("button", name="Besluit vastleggen").click()

    expect(af).to_have_url(DETAILPAD)
    expect(af.get_by_role("status").filter(has_text="besluit")).to_have_text("Het besluit is vastgelegd.")
    expect(status_van(af)).to_contain_text("Besluit genomen")
    verwijzingen = af.get_by_role("table", name="Doorverwijzingen (2)")
    naar_zc = verwijzingen.get_by_role("row").filter(has_text="Zorgcoördinator (Gooi en Vechtstreek)")
    naar_tmm = verwijzingen.get_by_role("row").filter(
        has_text="Politie: Team Migratiecriminaliteit en Mensenhandel"
    )
    expect(naar_zc.locator("strong")).to_have_text("Verstuurd")
    expect(naar_zc).to_contain_text("P. de Groot")
    expect(naar_tmm.locator("strong")).to_have_text("Verstuurd")
    expect(naar_tmm).to_contain_text("Rechercheur K. Bakker")
    assert_toegankelijk(af)
    # A case file with referrals fits a phone's width (WCAG 1.4.10): nothing scrolls sideways.
    af.set_viewport_size({"width": 320, "height": 800})
    assert af.evaluate("document.documentElement.scrollWidth") <= 320
    assert_toegankelijk(af)
    af.set_viewport_size({"width": 1280, "height": 800})

    # --- 3. An AF of Leeuwarden registers a signal about the same person ----------------
    ander = nieuwe_pagina(browser)
    try:
        inloggen(ander, live_server, gebruikers["af_ander"])
        ander.get_by_role("link", name="Nieuw signaal").click()
        expect(kop(ander)).to_have_text("Nieuw signaal")
        signaalgegevens_invullen(
            ander,
            datum=vandaag - timedelta(days=1),
            gemeente="Leeuwarden",
            locatie="Uitzendbureau aan de Stationsweg",
            omschrijving="Een jonge man vertelt dat zijn paspoort is ingenomen.",
            melder="Baliemedewerker, 058 233 8888",
        )
        persoon = ander.get_by_role("group", name="Betrokken persoon 1")
        persoon.get_by_label("Rol in het signaal").select_option(label="Mogelijk slachtoffer")
        naam_veld(persoon).fill(SLACHTOFFER_ANDERS_GESCHREVEN)
        persoon.get_by_label("Geboortedatum").fill(GEBOORTEDATUM)
        ander.get_by_role("button", name="Signaal registreren").click()

        expect(ander).to_have_url(DETAILPAD)
        tweede = referentie_van(ander)
        assert tweede != eerste
        expect(ander.get_by_role("status").filter(has_text="Elders")).to_have_text(ELDERS)
        stapeling = ander.locator("#stapeling")
        expect(stapeling.locator(".utrecht-alert")).to_have_text(ELDERS)
        # A hit without content: no table, no link to a signal (only the first AF's address to
        # write to: whom to call, issue 18), nothing of the first signal anywhere.
        expect(stapeling.get_by_role("table")).to_have_count(0)
        expect(stapeling.locator("a:not([href^='mailto:']):not([href^='tel:'])")).to_have_count(0)
        expect(stapeling.locator("a[href^='mailto:']")).to_have_text([gebruikers["af"].email])
        html = ander.content()
        for geheim in (eerste, OMSCHRIJVING, LOCATIE, TELEFOON, MELDER, "Hilversum"):
            assert geheim not in html, f"{geheim!r} van het eerste signaal staat op de pagina van de ander"
        expect(ander.get_by_role("main")).not_to_contain_text(eerste)
        assert_toegankelijk(ander)

        # Their own start page tells of the hit on their own signal, not of the other one.
        ander.get_by_role("link", name="Terug naar de signalen").click()
        treffers = ander.get_by_role("status").filter(has_text="Treffers elders.")
        expect(treffers.get_by_role("link")).to_have_text([tweede])
        assert eerste not in ander.content()
    finally:
        ander.context.close()

    # --- 4. The first AF is told too ----------------------------------------------------
    af.goto(eerste_url)
    expect(kop(af)).to_have_text(f"Signaal {eerste}")
    expect(af.locator("#stapeling .utrecht-alert")).to_have_text(ELDERS)
    expect(af.locator("#stapeling a:not([href^='mailto:']):not([href^='tel:'])")).to_have_count(0)
    expect(af.get_by_role("main")).not_to_contain_text(tweede)
    assert_toegankelijk(af)

    af.get_by_role("link", name="Terug naar de signalen").click()
    expect(kop(af)).to_have_text("Signalen")
    treffers = af.get_by_role("status").filter(has_text="Treffers elders.")
    expect(treffers).to_contain_text("buiten uw gemeente(n) een signaal bekend")
    expect(treffers.get_by_role("listitem")).to_have_text([f"{eerste} (Hilversum)"])
    assert tweede not in af.content()
    assert_toegankelijk(af)

    # --- 5. The zorgcoördinator accepts the aanmelding; the AF sees "Opgepakt" ------------
    zorg = nieuwe_pagina(browser)
    try:
        inloggen(zorg, live_server, gebruikers["zc"])
        zorg.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Signalen", exact=True
        ).click()
        expect(kop(zorg)).to_have_text("Aanmeldingen uit signalen")
        inbox = zorg.get_by_role("table", name=re.compile("^Aanmeldingen"))
        expect(inbox.get_by_role("row")).to_have_count(2)  # header and one aanmelding
        rij = inbox.get_by_role("row").filter(has_text=eerste)
        expect(rij).to_contain_text("Hilversum")
        expect(rij).to_contain_text("Gooi en Vechtstreek")
        expect(rij).to_contain_text("Verstuurd")
        assert tweede not in zorg.content()
        assert_toegankelijk(zorg)

        # The signals page only reads; the answer is given in zorgcoördinatie.
        expect(rij.get_by_role("button")).to_have_count(0)
        zorg.get_by_role("link", name="Naar de inbox van zorgcoördinatie").click()
        expect(kop(zorg)).to_have_text("Zorgcoördinatie")
        zorg.get_by_role("link", name=f"Aanmelding uit signaal {eerste} beantwoorden").click()
        expect(kop(zorg)).to_have_text(f"Aanmelding uit signaal {eerste}")
        assert_toegankelijk(zorg)
        accepteren = zorg.locator("#accepteren")
        accepteren.get_by_label("Naam (niet verplicht)").fill("Zofia Kowalska")
        accepteren.get_by_label("Geslacht").select_option("vrouw")
        expect(accepteren.get_by_label("Verantwoordelijke gemeente").locator("option:checked")).to_have_text(
            "Hilversum"
        )
        accepteren.get_by_role("button", name="Accepteren en traject openen").click()
        expect(zorg.get_by_role("status").filter(has_text="aanmelding")).to_contain_text(
            "De aanmelding is geaccepteerd."
        )
        expect(kop(zorg)).to_have_text(re.compile(r"^Traject Z-\d{4}-\d{4}$"))
        assert_toegankelijk(zorg)
    finally:
        zorg.context.close()

    af.goto(eerste_url)
    verwijzingen = af.get_by_role("table", name="Doorverwijzingen (2)")
    naar_zc = verwijzingen.get_by_role("row").filter(has_text="Zorgcoördinator (Gooi en Vechtstreek)")
    expect(naar_zc.locator("strong")).to_have_text("Opgepakt")
    expect(naar_zc).to_contain_text("Bericht: Opgepakt door zorgcoördinatie")
    naar_tmm = verwijzingen.get_by_role("row").filter(
        has_text="Politie: Team Migratiecriminaliteit en Mensenhandel"
    )
    expect(naar_tmm.locator("strong")).to_have_text("Verstuurd")
    assert_toegankelijk(af)

    # Feedback to the reporter (issue 18, point 2): its form at 320 px, an error, then recorded.
    af.get_by_role("link", name="Terugkoppeling aan de melder vastleggen").click()
    expect(kop(af)).to_have_text("Terugkoppeling aan de melder")
    expect(af.get_by_role("main")).to_contain_text(MELDER)
    af.set_viewport_size({"width": 320, "height": 800})
    af.get_by_label("Kort bericht").fill("Bedankt voor uw melding, we pakken het op.")
    af.get_by_role("button", name="Terugkoppeling vastleggen").click()
    expect(af.get_by_role("main")).to_contain_text("Kies hoe u hebt teruggekoppeld.")
    expect(af.get_by_label("Kort bericht")).to_have_value("Bedankt voor uw melding, we pakken het op.")
    assert af.evaluate("document.documentElement.scrollWidth") <= 320
    assert_toegankelijk(af)
    af.set_viewport_size({"width": 1280, "height": 800})
    af.get_by_label("Hoe hebt u teruggekoppeld?").select_option("telefoon")
    af.get_by_role("button", name="Terugkoppeling vastleggen").click()
    melder = af.get_by_role("table", name="Terugkoppelingen aan de melder (1)")
    expect(melder).to_contain_text("Telefoon")
    expect(af.locator("#tijdlijn")).to_contain_text("Aan de melder (telefoon)")

    # Changing the signal's details: the same fields, none of them folded away.
    uuid = Signaal.objects.get(referentie=eerste).uuid
    af.goto(live_server.url + reverse("signalen:bewerken", kwargs={"uuid": uuid}))
    expect(kop(af)).to_have_text(f"Signaal {eerste} wijzigen")
    expect(af.get_by_label("Locatie")).to_have_value(LOCATIE)
    assert_toegankelijk(af)

    # --- What the pages did, in the database -------------------------------------------
    signaal = Signaal.objects.get(referentie=eerste)
    assert signaal.status == Status.BESLOTEN
    assert signaal.gemeente.naam == "Hilversum"
    assert signaal.datum_waargenomen == vandaag - timedelta(days=2)
    assert signaal.personen.count() == 1
    assert signaal.notities.count() == 1
    assert signaal.risico == "hoog"
    assert sorted(signaal.doorverwijzingen.values_list("bestemming", "terugkoppeling")) == [
        ("politie_tmm", Doorverwijzing.Terugkoppeling.VERSTUURD),
        ("zorgcoordinator", Doorverwijzing.Terugkoppeling.OPGEPAKT),
    ]
    tweede_signaal = Signaal.objects.get(referentie=tweede)
    assert tweede_signaal.gemeente.naam == "Leeuwarden"
    koppeling = Koppeling.objects.get()
    assert {koppeling.signaal_a, koppeling.signaal_b} == {signaal, tweede_signaal}
    assert koppeling.sterkte == Koppeling.Sterkte.STERK
    assert "naam_geboortedatum" in koppeling.soorten
    assert Signaal.objects.count() == 2


def test_de_af_vindt_een_signaal_op_de_naam_van_een_persoon(pagina: Page, live_server, gebruikers):
    """Issue 17, point 4: written otherwise than registered (case, accent, word order), the name
    still finds the signal; the other signals stay out of the list."""
    af = gebruikers["af"]
    gezocht = SignaalFactory(door=af, personen=[PersoonGegevensFactory(naam="José van der Berg")])
    ander = SignaalFactory(door=af, personen=[PersoonGegevensFactory(naam="Anna Kowalska")])
    inloggen(pagina, live_server, af)
    pagina.get_by_label("Naam of alias van een betrokken persoon").fill("BERG, jose")
    pagina.get_by_role("button", name="Filteren").click()
    lijst = pagina.get_by_role("table", name=re.compile(r"^Signalen 1–1 van 1"))
    expect(lijst).to_contain_text(gezocht.referentie)
    expect(lijst).not_to_contain_text(ander.referentie)
    expect(pagina.get_by_label("Naam of alias van een betrokken persoon")).to_have_value("BERG, jose")
    assert_toegankelijk(pagina)
    # A phone number that is none: the error at the field, what was typed kept.
    pagina.get_by_label("Telefoonnummer van een betrokken persoon").fill("12")
    pagina.get_by_role("button", name="Filteren").click()
    expect(pagina.get_by_text("Dit is geen geldig telefoonnummer, bijvoorbeeld 06 12345678.")).to_be_visible()
    expect(pagina.get_by_label("Naam of alias van een betrokken persoon")).to_have_value("BERG, jose")
    assert_toegankelijk(pagina)


def test_nieuw_signaal_zonder_javascript(browser: Browser, live_server, gebruikers):
    """Without JavaScript: "Nog een persoon toevoegen" adds a block (focused) and keeps what was
    typed; Enter in a field registers (not the first "weghalen" button); a link in the error
    summary puts the focus in its field."""
    context = nieuwe_context(browser, java_script_enabled=False)
    try:
        af = context.new_page()
        inloggen(af, live_server, gebruikers["af"])
        af.goto(f"{live_server.url}/signalen/nieuw/")
        af.get_by_label("Omschrijving").fill(OMSCHRIJVING)
        af.get_by_role("button", name="Nog een persoon toevoegen").click()
        tweede = af.get_by_role("group", name="Betrokken persoon 2")
        expect(tweede.get_by_label("Rol in het signaal")).to_be_focused()
        expect(af.get_by_label("Omschrijving")).to_have_value(OMSCHRIJVING)
        expect(af.get_by_role("alert")).to_have_count(0)  # nothing checked yet

        naam_veld(tweede).fill(SLACHTOFFER)
        with af.expect_response(lambda r: r.request.method == "POST") as antwoord:
            naam_veld(tweede).press("Enter")
        assert antwoord.value.status == 400
        assert "persoon_weg" not in (antwoord.value.request.post_data or "")
        expect(af.get_by_role("group", name=re.compile("^Betrokken persoon"))).to_have_count(2)
        expect(naam_veld(tweede)).to_have_value(SLACHTOFFER)
        overzicht = af.get_by_role("alert")
        expect(overzicht.get_by_role("link", name="Betrokken persoon 2, Rol in het signaal")).to_have_count(1)
        overzicht.get_by_role("link", name="Sector: Kies de sector.").click()
        expect(af.get_by_label("Sector")).to_be_focused()
        assert not Signaal.objects.exists()
    finally:
        context.close()
