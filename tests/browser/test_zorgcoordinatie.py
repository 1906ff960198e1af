"""The zorgcoördinator's trajectory in a real browser, from aanmelding to afsluiting.

An AF of Hilversum has referred a signal to the zorgcoördinator of Gooi en Vechtstreek
(set up through the services). The zorgcoördinator logs in with the second factor, finds
the aanmelding in the inbox, accepts it with a new client (first forgetting the
responsible gemeente), records the intake, starts the hulpverlening during the intake,
adds two care actions (the second first with a start before the request), starts a
bedenktijd (first longer than three months, with an opvang that ends before it begins),
finds only the phase changes possible now on their own page, ends the intake (first with a
date in the future) and starts the afronding, tries to close on
the criteria while they are unmet, meets them and closes. The AF who referred it then
sees "Afgerond" on the signal, and nothing of the trajectory. Everything through the
pages, following the case file's one next-step button where it leads; axe-core checks each
page and each error state on the way. On a 1280×800 window the trajectory's first screen shows
its status, phases and next step (issue 17, point 1), and the page fits 320 px.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from mensenhandel.models import Rol
from signalen.models import Bestemming, Doorverwijzing
from tests.browser.conftest import assert_toegankelijk, inloggen, nieuwe_pagina
from tests.conftest import maak_gebruiker
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory
from zorgcoordinatie.models import Aanmelding, Client, IntakeBehoefte, Traject, Zorgactie

pytestmark = pytest.mark.browser

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
DOSSIER = re.compile(r"^Traject (Z-\d{4}-\d{4})$")
TRAJECTPAD = re.compile(r"/zorgcoordinatie/trajecten/[0-9a-f-]{36}/(#\w+)?$")

CLIENTNAAM = "Zofia Kowalska"
GEBOORTEDATUM = date(1998, 3, 14)
ACHTERVANG = "zc.twee"  # the name maak_gebruiker gives zc.twee@test.example

# The intake: three domains with a need, one without; the other ten stay 'onbekend'.
INTAKE = {
    "Opvang en huisvesting": (
        "Ja",
        "Sliep in een schuur op het bedrijfsterrein; heeft een veilige plek nodig.",
    ),
    "Psychische zorg en traumabehandeling": ("Ja", "Slaapt slecht en heeft herbelevingen."),
    "Identiteitsdocumenten": ("Ja", "Paspoort is ingenomen door de werkgever."),
    "Taal": ("Nee", "Spreekt Engels; een tolk Pools is prettig maar niet nodig."),
}
COSM = ("COSM Kompaan en De Bocht", "Plaatsing in de categorale opvang")
GGZ = ("GGZ Centraal", "Traumabehandeling (EMDR)")
STRAFRECHT_CONTACT = "Rechercheur K. Bakker, Politie Midden-Nederland"
TOELICHTING = "Woont zelfstandig in Huizen en weet de weg naar het wijkteam."


def lang(datum: date) -> str:
    """A date as the pages show it (Django's "j F Y" in Dutch)."""
    return f"{datum.day} {MAANDEN[datum.month - 1]} {datum.year}"


def drie_maanden_later(begin: date) -> date:
    """Three calendar months on; a day that month lacks becomes its last day."""
    jaar, maand = divmod(begin.month - 1 + 3, 12)
    jaar, maand = begin.year + jaar, maand + 1
    return date(jaar, maand, min(begin.day, calendar.monthrange(jaar, maand)[1]))


def kop(page: Page):
    return page.get_by_role("heading", level=1)


def melding(page: Page, tekst: str):
    return page.get_by_role("status").filter(has_text=tekst)


def formulierfout(page: Page):
    return page.get_by_role("alert").filter(has_text="Controleer het formulier.")


def fout_bij(veld, tekst: str) -> None:
    """The field is marked invalid and its error message is part of its description."""
    expect(veld).to_have_attribute("aria-invalid", "true")
    expect(veld).to_have_accessible_description(re.compile(re.escape(tekst)))


def actie_invullen(page: Page, *, domein: str, aanbieder: str, soort: str, status: str, **data: date) -> None:
    page.get_by_label("Levensdomein (hulpvraag)").select_option(label=domein)
    page.get_by_label("Zorgaanbieder").fill(aanbieder)
    page.get_by_label("Soort hulp").fill(soort)
    page.get_by_label("Status", exact=True).select_option(label=status)
    labels = {
        "aangevraagd": "Aangevraagd op",
        "gestart": "Gestart op",
        "overdracht": "Warme overdracht op",
    }
    for sleutel, datum in data.items():
        page.get_by_label(labels[sleutel]).fill(datum.isoformat())


def fase_vastleggen(page: Page, overgang: str, datum: date) -> None:
    """The phase change: in the trajectory's phase section, or on its own page when there (the
    next-step button leads there, and an error keeps the input there)."""
    formulier = (
        page.get_by_role("main")
        if kop(page).inner_text().strip() == "Fase wijzigen"
        else page.locator("#fasen form")
    )
    formulier.get_by_label("Faseovergang").select_option(label=overgang)
    formulier.get_by_label("Datum", exact=True).fill(datum.isoformat())
    formulier.get_by_role("button", name="Fase vastleggen").click()


def status(page: Page):
    """The status badge in the case file's header."""
    return page.locator(".dossierkop [data-status]")


def volgende_stap(page: Page):
    """The one primary button of the case file's header."""
    return page.locator(".dossierkop [data-volgende]")


def in_eerste_scherm(page: Page, locator) -> None:
    """Seen without scrolling: the element ends within the window's height."""
    vak = locator.bounding_box()
    assert vak is not None and vak["y"] >= 0, locator
    assert vak["y"] + vak["height"] <= page.viewport_size["height"], (locator, vak)


def past_in_320(page: Page) -> None:
    """The page fits a window 320 px wide: nothing scrolls sideways."""
    breedte = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    page.set_viewport_size(breedte)


def pijler(page: Page, kop: str, sleutel: str):
    """A value in the pillars section of the trajectory page: under heading ``kop``, key ``sleutel``."""
    return page.locator(f"#pijlers h3:text-is('{kop}') + dl dt:text-is('{sleutel}') + dd")


def criteria_op_pagina(page: Page):
    return page.get_by_role("list", name="Afsluitcriteria").get_by_role("listitem")


def test_traject_van_aanmelding_tot_afsluiting(
    browser: Browser, pagina: Page, live_server, gebruikers, plaatsen
):
    af, zc = gebruikers["af"], gebruikers["zc"]
    maak_gebruiker("zc.twee@test.example", Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"]])
    # The AF wrote her name as she heard it; the zorgcoördinator corrects it (issue 17, point 3).
    gehoord = PersoonGegevensFactory(naam="Zofia Kowalski", geboortedatum=GEBOORTEDATUM, geslacht="vrouw")
    signaal = SignaalFactory(door=af, doorverwezen_zc=True, personen=[gehoord])
    referentie = signaal.referentie
    vandaag = timezone.localdate()
    gisteren = vandaag - timedelta(days=1)
    # A bedenktijd that began at the end of last month: the end date has to be clamped
    # to the last day of its month more often than not.
    bedenktijd_start = vandaag.replace(day=1) - timedelta(days=1)
    bedenktijd_eind = drie_maanden_later(bedenktijd_start)
    pagina_zc = pagina

    # --- 1. The zorgcoördinator logs in and finds the aanmelding in the inbox ----------------
    inloggen(pagina_zc, live_server, zc)
    expect(kop(pagina_zc)).to_have_text("Zorgcoördinatie")
    inbox = pagina_zc.locator("#inbox")
    uit_signalen = inbox.get_by_role("table", name="Aanmeldingen uit signalen (1)")
    rij = uit_signalen.get_by_role("row").filter(has_text=referentie)
    for tekst in ("Hilversum", "Gooi en Vechtstreek", "Arbeidsuitbuiting", lang(vandaag)):
        expect(rij).to_contain_text(tekst)
    expect(inbox.get_by_role("table", name="Directe aanmeldingen (0)")).to_contain_text(
        "Geen open directe aanmeldingen."
    )
    expect(pagina_zc.locator("#trajecten")).to_contain_text("Er zijn geen open trajecten in uw regio.")
    assert_toegankelijk(pagina_zc)
    # Every open aanmelding of a kind, a page at a time, the oldest first.
    pagina_zc.goto(f"{live_server.url}/zorgcoordinatie/inbox/uit-signalen/")
    alle = pagina_zc.get_by_role("table", name="Aanmeldingen uit signalen 1–1 van 1")
    expect(alle).to_contain_text(referentie)
    assert_toegankelijk(pagina_zc)
    pagina_zc.go_back()

    rij.get_by_role("link", name=f"Aanmelding uit signaal {referentie} beantwoorden").click()
    expect(kop(pagina_zc)).to_have_text(f"Aanmelding uit signaal {referentie}")
    gegevens = pagina_zc.locator("#aanmelding")
    expect(gegevens).to_contain_text("Hilversum")
    expect(gegevens).to_contain_text("Verstuurd")
    assert_toegankelijk(pagina_zc)

    # --- 2. Accept with a new client; first without the responsible gemeente ----------------
    accepteren = pagina_zc.locator("#accepteren")
    gemeente = accepteren.get_by_label("Verantwoordelijke gemeente")
    expect(gemeente.locator("option:checked")).to_have_text("Hilversum")  # where it was signalled
    # No retyping: the signal's possible victim fills the new client in.
    expect(accepteren).to_contain_text(
        f"Ingevuld met de gegevens van het mogelijke slachtoffer uit signaal {referentie}"
    )
    expect(accepteren.get_by_label("Naam")).to_have_value("Zofia Kowalski")
    expect(accepteren.get_by_label("Geboortedatum")).to_have_value(GEBOORTEDATUM.isoformat())
    expect(accepteren.get_by_label("Geslacht")).to_have_value("vrouw")
    accepteren.get_by_label("Naam").fill(CLIENTNAAM)
    gemeente.select_option(index=0)  # "Kies…"
    accepteren.get_by_label("Achtervang").select_option(label=ACHTERVANG)
    with pagina_zc.expect_response(lambda r: r.request.method == "POST") as antwoord:
        accepteren.get_by_role("button", name="Accepteren en traject openen").click()
    assert antwoord.value.status == 400
    expect(kop(pagina_zc)).to_have_text(f"Aanmelding uit signaal {referentie}")
    accepteren = pagina_zc.locator("#accepteren")
    expect(accepteren.get_by_role("alert")).to_contain_text("Controleer het formulier.")
    gemeente = accepteren.get_by_label("Verantwoordelijke gemeente")
    fout_bij(gemeente, "Kies de verantwoordelijke gemeente.")
    expect(accepteren.get_by_label("Naam")).to_have_value(CLIENTNAAM)
    expect(accepteren.get_by_label("Geboortedatum")).to_have_value(GEBOORTEDATUM.isoformat())
    expect(accepteren.get_by_label("Geslacht")).to_have_value("vrouw")
    expect(accepteren.get_by_label("Achtervang").locator("option:checked")).to_have_text(ACHTERVANG)
    assert not Client.objects.exists()
    assert not Traject.objects.exists()
    assert_toegankelijk(pagina_zc)

    # She lives in Huizen: that gemeente is responsible, not the one where she was found.
    gemeente.select_option(label="Huizen")
    accepteren.get_by_role("button", name="Accepteren en traject openen").click()

    expect(pagina_zc).to_have_url(TRAJECTPAD)
    expect(kop(pagina_zc)).to_have_text(DOSSIER)
    dossier = DOSSIER.match(kop(pagina_zc).inner_text().strip()).group(1)
    assert dossier.startswith(f"Z-{vandaag.year}-")
    traject_url = pagina_zc.url.split("#")[0]
    expect(melding(pagina_zc, "geaccepteerd")).to_have_text(
        f"De aanmelding is geaccepteerd. Het traject van dossier {dossier} is geopend."
    )
    # The case file (issue 17, point 1): on a 1280×800 window the first screen shows the status,
    # the phases and the one next step, without scrolling.
    pagina_zc.set_viewport_size({"width": 1280, "height": 800})
    pagina_zc.evaluate("window.scrollTo(0, 0)")
    expect(status(pagina_zc)).to_contain_text("Intake")
    voortgang = pagina_zc.get_by_role("list", name="Fasen")
    expect(voortgang.get_by_role("listitem")).to_have_count(3)
    expect(voortgang.locator('[aria-current="step"]')).to_contain_text("Intake")
    expect(volgende_stap(pagina_zc)).to_have_text("Intake vastleggen")
    for deel in (status(pagina_zc), voortgang, volgende_stap(pagina_zc)):
        in_eerste_scherm(pagina_zc, deel)
    koptekst = pagina_zc.locator(".dossierkop")
    expect(koptekst).to_contain_text(ACHTERVANG)
    expect(koptekst).to_contain_text(f"Aangemeld{lang(vandaag)}")
    navigatie = pagina_zc.get_by_role("navigation", name="Onderdelen van dit dossier")
    expect(navigatie.get_by_role("link")).to_have_text(
        [
            "Cliënt",
            "Fasen",
            "Pijlers",
            "Intake",
            "Zorgacties (0)",
            "Zorgoverleg (0)",
            "Tijdlijn",
            "Afsluiten",
        ]
    )
    kern = pagina_zc.locator("#pijlers")
    expect(kern).to_contain_text("Gooi en Vechtstreek")
    expect(kern).to_contain_text("Arbeidsuitbuiting")  # taken over from the signal
    expect(kern.get_by_role("link", name=referentie)).to_be_visible()
    tijdlijn = pagina_zc.locator("#tijdlijn")
    expect(tijdlijn.get_by_role("listitem")).to_have_count(4)
    expect(tijdlijn.get_by_role("listitem").first).to_contain_text("Intake gestart")
    expect(tijdlijn).to_contain_text(f"Doorverwezen vanuit signaal {referentie}")
    expect(tijdlijn).to_contain_text("Terugkoppeling aan de aandachtsfunctionaris: opgepakt")
    past_in_320(pagina_zc)
    client = pagina_zc.locator("#client")
    expect(client).to_contain_text(CLIENTNAAM)
    expect(client).to_contain_text(f"{lang(GEBOORTEDATUM)} (")
    expect(client).to_contain_text("Vrouw")
    expect(client).to_contain_text("Huizen")
    fasentabel = pagina_zc.get_by_role("table", name="Fasen met hun data")
    expect(fasentabel.get_by_role("row").filter(has_text="Intake")).to_contain_text(lang(vandaag))
    assert_toegankelijk(pagina_zc)

    # The client's own page: all her data, her trajectories and CoMensha. Consent for CoMensha
    # was not asked yet: that is its next step, on a page of its own.
    client.get_by_role("link", name=f"Alle gegevens van cliënt {dossier}").click()
    expect(kop(pagina_zc)).to_have_text(f"Cliënt {dossier}")
    expect(status(pagina_zc)).to_contain_text("Traject loopt: intake")
    expect(pagina_zc.get_by_role("table", name="Trajecten van deze cliënt (1)")).to_be_visible()
    expect(pagina_zc.locator("#gegevens")).to_contain_text("Huizen")
    assert_toegankelijk(pagina_zc)
    past_in_320(pagina_zc)
    expect(volgende_stap(pagina_zc)).to_have_text("Toestemming CoMensha vastleggen")
    volgende_stap(pagina_zc).click()
    expect(kop(pagina_zc)).to_have_text("Toestemming voor CoMensha")
    pagina_zc.get_by_label("Toestemming voor registratie bij CoMensha").select_option(label="Geweigerd")
    with pagina_zc.expect_response(lambda r: r.request.method == "POST") as antwoord:
        pagina_zc.get_by_role("button", name="Toestemming vastleggen").click()
    assert antwoord.value.status == 400
    datum = pagina_zc.get_by_label("Datum waarop het is gevraagd")
    fout_bij(datum, "Vul de datum in waarop de toestemming is gevraagd.")
    expect(pagina_zc.get_by_label("Toestemming voor registratie bij CoMensha")).to_have_value("geweigerd")
    assert_toegankelijk(pagina_zc)
    past_in_320(pagina_zc)
    datum.fill(vandaag.isoformat())
    pagina_zc.get_by_role("button", name="Toestemming vastleggen").click()
    expect(melding(pagina_zc, "CoMensha")).to_have_text("De toestemming voor CoMensha is vastgelegd.")
    expect(pagina_zc.locator("#comensha")).to_contain_text("Toestemming voor registratie: Geweigerd")
    expect(volgende_stap(pagina_zc)).to_have_text("Naar het lopende traject")
    volgende_stap(pagina_zc).click()
    expect(pagina_zc).to_have_url(TRAJECTPAD)

    # --- 3. The intake: the need per life domain ---------------------------------------------
    volgende_stap(pagina_zc).click()
    expect(kop(pagina_zc)).to_have_text("Intake: hulpvraag per levensdomein")
    assert_toegankelijk(pagina_zc)
    for domein, (behoefte, toelichting) in INTAKE.items():
        groep = pagina_zc.get_by_role("group", name=domein, exact=True)
        groep.get_by_label(re.compile(r"^Hulpvraag bij")).select_option(label=behoefte)
        groep.get_by_label(re.compile(r"^Toelichting bij")).fill(toelichting)
    pagina_zc.get_by_role("button", name="Intake vastleggen").click()

    expect(pagina_zc).to_have_url(re.compile(r"#intake$"))
    expect(melding(pagina_zc, "intake")).to_have_text("De intake is vastgelegd.")
    intake = pagina_zc.get_by_role("table", name="Hulpvraag per levensdomein")
    for domein, (behoefte, toelichting) in INTAKE.items():
        expect(intake.get_by_role("row").filter(has_text=domein).get_by_role("cell")).to_have_text(
            [behoefte, toelichting]
        )
    expect(intake.get_by_role("row").filter(has_text="Zorgverzekering").get_by_role("cell")).to_have_text(
        ["Onbekend", "—"]
    )
    assert_toegankelijk(pagina_zc)

    # Help may start while the intake is still running: both phases are open.
    fase_vastleggen(pagina_zc, "Hulpverlening starten", vandaag)
    expect(melding(pagina_zc, "vastgelegd")).to_have_text("Hulpverlening starten: vastgelegd.")
    expect(status(pagina_zc)).to_contain_text("Intake en hulpverlening")
    assert_toegankelijk(pagina_zc)

    # --- 4. Two care actions; the second first starts before it was requested --------------
    # With help running and nothing arranged yet, a care action is the next step.
    expect(volgende_stap(pagina_zc)).to_have_text("Zorgactie toevoegen")
    volgende_stap(pagina_zc).click()
    expect(kop(pagina_zc)).to_have_text("Zorgactie toevoegen")
    assert_toegankelijk(pagina_zc)
    actie_invullen(
        pagina_zc,
        domein="Opvang en huisvesting",
        aanbieder=COSM[0],
        soort=COSM[1],
        status="Lopend",
        aangevraagd=gisteren,
        gestart=vandaag,
        overdracht=vandaag,
    )
    pagina_zc.get_by_role("button", name="Opslaan").click()
    expect(pagina_zc).to_have_url(re.compile(r"#zorgacties$"))
    expect(melding(pagina_zc, "zorgactie")).to_have_text("De zorgactie is toegevoegd.")
    expect(pagina_zc.get_by_role("table", name="Zorgacties (1)")).to_be_visible()

    pagina_zc.get_by_role("link", name="Zorgactie toevoegen").click()
    actie_invullen(
        pagina_zc,
        domein="Psychische zorg en traumabehandeling",
        aanbieder=GGZ[0],
        soort=GGZ[1],
        status="Wachtlijst",
        aangevraagd=vandaag,
        gestart=gisteren,
    )
    with pagina_zc.expect_response(lambda r: r.request.method == "POST") as antwoord:
        pagina_zc.get_by_role("button", name="Opslaan").click()
    assert antwoord.value.status == 400
    expect(kop(pagina_zc)).to_have_text("Zorgactie toevoegen")
    expect(formulierfout(pagina_zc)).to_be_visible()
    fout_bij(pagina_zc.get_by_label("Gestart op"), "De start ligt vóór de aanvraag.")
    expect(pagina_zc.get_by_label("Levensdomein (hulpvraag)")).to_have_value("psychisch")
    expect(pagina_zc.get_by_label("Zorgaanbieder")).to_have_value(GGZ[0])
    expect(pagina_zc.get_by_label("Soort hulp")).to_have_value(GGZ[1])
    expect(pagina_zc.get_by_label("Status", exact=True)).to_have_value("wachtlijst")
    expect(pagina_zc.get_by_label("Aangevraagd op")).to_have_value(vandaag.isoformat())
    expect(pagina_zc.get_by_label("Gestart op")).to_have_value(gisteren.isoformat())
    assert Zorgactie.objects.count() == 1
    assert_toegankelijk(pagina_zc)

    pagina_zc.get_by_label("Gestart op").fill("")  # on the waiting list: not started yet
    pagina_zc.get_by_role("button", name="Opslaan").click()
    expect(melding(pagina_zc, "zorgactie")).to_have_text("De zorgactie is toegevoegd.")
    acties = pagina_zc.get_by_role("table", name="Zorgacties (2)")
    cosm = acties.get_by_role("row").filter(has_text=COSM[1])
    for tekst in ("Opvang en huisvesting", COSM[0], "Lopend", f"Aangevraagd {lang(gisteren)}"):
        expect(cosm).to_contain_text(tekst)
    expect(cosm).to_contain_text(f"gestart {lang(vandaag)}; warme overdracht {lang(vandaag)}")
    ggz = acties.get_by_role("row").filter(has_text=GGZ[1])
    for tekst in (
        "Psychische zorg en traumabehandeling",
        GGZ[0],
        "Wachtlijst",
        f"Aangevraagd {lang(vandaag)}",
    ):
        expect(ggz).to_contain_text(tekst)
    expect(ggz).not_to_contain_text("gestart")
    assert_toegankelijk(pagina_zc)

    # --- 5. A bedenktijd: first too long, with an opvang that ends before it begins ---------
    pagina_zc.get_by_role("link", name="Traject wijzigen").click()
    expect(kop(pagina_zc)).to_have_text("Traject wijzigen")
    assert_toegankelijk(pagina_zc)
    opvang = pagina_zc.get_by_role("group", name="Hulp en opvang")
    opvang.get_by_label("Type opvang").select_option(label="COSM (categorale opvang)")
    opvang.get_by_label("Opvang vanaf").fill(vandaag.isoformat())
    opvang.get_by_label("Opvang tot").fill(gisteren.isoformat())
    verblijf = pagina_zc.get_by_role("group", name="Verblijfsrecht", exact=True)
    verblijf.get_by_label("Verblijfsrecht", exact=True).select_option(label="Bedenktijd")
    verblijf.get_by_label("Bedenktijd vanaf").fill(bedenktijd_start.isoformat())
    te_lang = bedenktijd_eind + timedelta(days=1)
    verblijf.get_by_label("Bedenktijd tot").fill(te_lang.isoformat())
    strafrecht = pagina_zc.get_by_role("group", name="Strafrecht", exact=True)
    strafrecht.get_by_label("Strafrecht", exact=True).select_option(label="Onderzoek loopt")
    strafrecht.get_by_label("Contact bij politie of OM").fill(STRAFRECHT_CONTACT)
    geinformeerd = pagina_zc.get_by_role("group", name="Geïnformeerd over rechten en plichten")
    geinformeerd.get_by_label("Geïnformeerd over het verblijfsrecht op").fill(vandaag.isoformat())
    geinformeerd.get_by_label("Geïnformeerd over het strafrecht op").fill(vandaag.isoformat())
    criteria = pagina_zc.get_by_role("group", name="Afsluitcriteria")
    criteria.get_by_label("De cliënt weet waar hulp te vinden is").check()
    with pagina_zc.expect_response(lambda r: r.request.method == "POST") as antwoord:
        pagina_zc.get_by_role("button", name="Opslaan").click()
    assert antwoord.value.status == 400
    expect(kop(pagina_zc)).to_have_text("Traject wijzigen")
    expect(formulierfout(pagina_zc)).to_be_visible()
    fout_bij(verblijf.get_by_label("Bedenktijd tot"), "De bedenktijd duurt ten hoogste drie maanden.")
    fout_bij(opvang.get_by_label("Opvang tot"), "De opvang kan niet eindigen vóór zij begint.")
    expect(opvang.get_by_label("Type opvang")).to_have_value("cosm")
    expect(opvang.get_by_label("Opvang vanaf")).to_have_value(vandaag.isoformat())
    expect(opvang.get_by_label("Opvang tot")).to_have_value(gisteren.isoformat())
    expect(verblijf.get_by_label("Verblijfsrecht", exact=True)).to_have_value("bedenktijd")
    expect(verblijf.get_by_label("Bedenktijd vanaf")).to_have_value(bedenktijd_start.isoformat())
    expect(verblijf.get_by_label("Bedenktijd tot")).to_have_value(te_lang.isoformat())
    expect(strafrecht.get_by_label("Strafrecht", exact=True)).to_have_value("onderzoek")
    expect(strafrecht.get_by_label("Contact bij politie of OM")).to_have_value(STRAFRECHT_CONTACT)
    expect(geinformeerd.get_by_label("Geïnformeerd over het strafrecht op")).to_have_value(
        vandaag.isoformat()
    )
    expect(criteria.get_by_label("De cliënt weet waar hulp te vinden is")).to_be_checked()
    traject = Traject.objects.get()
    assert traject.bedenktijd_start is None
    assert traject.opvang == ""
    assert_toegankelijk(pagina_zc)

    # The opvang runs on; the end of the bedenktijd is left to the rule of three months.
    opvang.get_by_label("Opvang tot").fill("")
    verblijf.get_by_label("Bedenktijd tot").fill("")
    pagina_zc.get_by_role("button", name="Opslaan").click()
    expect(pagina_zc).to_have_url(re.compile(r"#pijlers$"))
    expect(melding(pagina_zc, "opgeslagen")).to_have_text("Het traject is opgeslagen.")
    expect(pijler(pagina_zc, "Hulp en opvang", "Opvang")).to_have_text(
        f"COSM (categorale opvang), vanaf {lang(vandaag)}"
    )
    expect(pijler(pagina_zc, "Verblijfsrecht", "Stand")).to_have_text("Bedenktijd")
    # Three calendar months after the start, as the page shows it.
    expect(pijler(pagina_zc, "Verblijfsrecht", "Bedenktijd")).to_have_text(
        f"{lang(bedenktijd_start)} tot {lang(bedenktijd_eind)}"
    )
    expect(pijler(pagina_zc, "Strafrecht", "Stand")).to_have_text("Onderzoek loopt")
    expect(pijler(pagina_zc, "Strafrecht", "Contact politie of OM")).to_have_text(STRAFRECHT_CONTACT)
    informeren = "Geïnformeerd over rechten en plichten"
    expect(pijler(pagina_zc, informeren, "Verblijfsrecht")).to_have_text(lang(vandaag))
    expect(pijler(pagina_zc, informeren, "Strafrecht")).to_have_text(lang(vandaag))
    expect(pijler(pagina_zc, informeren, "Zorg")).to_have_text("Nog niet")
    assert_toegankelijk(pagina_zc)

    # --- 6. The phases: only what can happen now; no afronding before the intake has ended --
    expect(volgende_stap(pagina_zc)).to_have_text("Fase wijzigen")
    volgende_stap(pagina_zc).click()
    expect(kop(pagina_zc)).to_have_text("Fase wijzigen")
    expect(pagina_zc.get_by_label("Faseovergang").locator("option")).to_have_text(
        ["Kies…", "Intake afronden", "Hulpverlening beëindigen"]
    )
    # A date in the future: the error on the field, the choice kept.
    with pagina_zc.expect_response(lambda r: r.request.method == "POST") as antwoord:
        fase_vastleggen(pagina_zc, "Intake afronden", vandaag + timedelta(days=1))
    assert antwoord.value.status == 400
    fout_bij(pagina_zc.get_by_label("Datum", exact=True), "Deze datum ligt in de toekomst.")
    expect(pagina_zc.get_by_label("Faseovergang")).to_have_value("intake:beeindigen")
    assert_toegankelijk(pagina_zc)
    past_in_320(pagina_zc)

    fase_vastleggen(pagina_zc, "Intake afronden", vandaag)
    expect(melding(pagina_zc, "vastgelegd")).to_have_text("Intake afronden: vastgelegd.")
    expect(status(pagina_zc)).to_have_text(re.compile(r"Hulpverlening$"))
    fase_vastleggen(pagina_zc, "Afronding starten", vandaag)
    expect(melding(pagina_zc, "vastgelegd")).to_have_text("Afronding starten: vastgelegd.")
    expect(status(pagina_zc)).to_contain_text("Afronding")
    expect(pagina_zc.get_by_role("list", name="Fasen").locator('[aria-current="step"]')).to_contain_text(
        "Afronding"
    )
    for fase in ("Intake", "Hulpverlening", "Afronding"):
        expect(fasentabel.get_by_role("row").filter(has_text=fase)).to_contain_text(lang(vandaag))
    assert_toegankelijk(pagina_zc)

    # --- 7. Close on the criteria while three of four are unmet ------------------------------
    expect(volgende_stap(pagina_zc)).to_have_text("Afronden")
    volgende_stap(pagina_zc).click()
    expect(kop(pagina_zc)).to_have_text("Traject afsluiten")
    expect(criteria_op_pagina(pagina_zc)).to_have_text(
        [
            "Er loopt geen strafrechtelijke procedure: niet voldaan",
            "De cliënt kent de volgende stappen in het verblijfsrecht: niet voldaan",
            "De cliënt kent de rechten op voorzieningen: niet voldaan",
            "De cliënt weet waar hulp te vinden is: voldaan",
        ]
    )
    expect(pagina_zc.get_by_role("main")).to_contain_text("Nog niet alle criteria zijn voldaan.")
    # What still runs, said before closing (issue 17, point 5): the bedenktijd set in step 3.
    expect(pagina_zc.get_by_role("region", name="Dit loopt nog")).to_contain_text(
        f"De bedenktijd loopt nog tot en met {lang(bedenktijd_eind)}."
    )
    assert_toegankelijk(pagina_zc)
    pagina_zc.get_by_label("Reden van afsluiten").select_option(label="Alle afsluitcriteria voldaan")
    pagina_zc.get_by_label("Toelichting").fill(TOELICHTING)
    with pagina_zc.expect_response(lambda r: r.request.method == "POST") as antwoord:
        pagina_zc.get_by_role("button", name="Traject afsluiten").click()
    assert antwoord.value.status == 400
    expect(kop(pagina_zc)).to_have_text("Traject afsluiten")
    expect(formulierfout(pagina_zc)).to_have_text(
        "Controleer het formulier. Afsluiten op criteria kan nog niet. Niet voldaan: "
        "er loopt geen strafrechtelijke procedure; "
        "de cliënt kent de volgende stappen in het verblijfsrecht; "
        "de cliënt kent de rechten op voorzieningen. "
        "Kies anders een reden van afsluiten."
    )
    expect(formulierfout(pagina_zc)).not_to_contain_text("weet waar hulp")
    expect(pagina_zc.get_by_label("Reden van afsluiten")).to_have_value("criteria")
    expect(pagina_zc.get_by_label("Toelichting")).to_have_value(TOELICHTING)
    traject.refresh_from_db()
    assert traject.afgesloten_op is None
    assert_toegankelijk(pagina_zc)

    # --- 8. Meet the criteria and close ---------------------------------------------------
    pagina_zc.get_by_role("main").get_by_role("link", name="Traject wijzigen").click()
    expect(kop(pagina_zc)).to_have_text("Traject wijzigen")
    strafrecht = pagina_zc.get_by_role("group", name="Strafrecht", exact=True)
    strafrecht.get_by_label("Strafrecht", exact=True).select_option(label="Zaak gesloten")
    criteria = pagina_zc.get_by_role("group", name="Afsluitcriteria")
    criteria.get_by_label("De cliënt kent de volgende stappen in het verblijfsrecht").check()
    criteria.get_by_label("De cliënt kent de rechten op voorzieningen").check()
    pagina_zc.get_by_role("group", name="Geïnformeerd over rechten en plichten").get_by_label(
        "Geïnformeerd over de zorg op"
    ).fill(vandaag.isoformat())
    # The bedenktijd as the page shows it after saving: the end date was filled in.
    expect(pagina_zc.get_by_label("Bedenktijd tot")).to_have_value(bedenktijd_eind.isoformat())
    assert_toegankelijk(pagina_zc)
    pagina_zc.get_by_role("button", name="Opslaan").click()
    expect(melding(pagina_zc, "opgeslagen")).to_have_text("Het traject is opgeslagen.")
    expect(pijler(pagina_zc, "Strafrecht", "Stand")).to_have_text("Zaak gesloten")
    expect(pijler(pagina_zc, "Geïnformeerd over rechten en plichten", "Zorg")).to_have_text(lang(vandaag))
    expect(criteria_op_pagina(pagina_zc)).to_have_text(
        [
            "Er loopt geen strafrechtelijke procedure: voldaan",
            "De cliënt kent de volgende stappen in het verblijfsrecht: voldaan",
            "De cliënt kent de rechten op voorzieningen: voldaan",
            "De cliënt weet waar hulp te vinden is: voldaan",
        ]
    )
    assert_toegankelijk(pagina_zc)

    pagina_zc.get_by_role("link", name="Traject afsluiten").click()
    expect(kop(pagina_zc)).to_have_text("Traject afsluiten")
    expect(pagina_zc.get_by_role("main")).not_to_contain_text("Nog niet alle criteria zijn voldaan.")
    assert_toegankelijk(pagina_zc)
    pagina_zc.get_by_label("Reden van afsluiten").select_option(label="Alle afsluitcriteria voldaan")
    pagina_zc.get_by_label("Toelichting").fill(TOELICHTING)
    pagina_zc.get_by_role("button", name="Traject afsluiten").click()

    expect(pagina_zc).to_have_url(TRAJECTPAD)
    expect(melding(pagina_zc, "afgesloten")).to_have_text("Het traject is afgesloten.")
    expect(kop(pagina_zc)).to_have_text(f"Traject {dossier}")
    expect(status(pagina_zc)).to_contain_text("Afgesloten")
    expect(pagina_zc.locator(".dossierkop")).to_contain_text(f"Afgesloten op{lang(vandaag)}")
    expect(pagina_zc.locator("#afsluiten")).to_contain_text(
        f"Afgesloten op {lang(vandaag)}: Alle afsluitcriteria voldaan. {TOELICHTING}"
    )
    expect(volgende_stap(pagina_zc)).to_have_count(0)
    expect(pagina_zc.locator("#fasen form")).to_have_count(0)
    expect(pagina_zc.locator("#tijdlijn").get_by_role("listitem").first).to_contain_text("Traject afgesloten")
    expect(pagina_zc.get_by_role("button", name="Traject heropenen")).to_be_visible()
    assert_toegankelijk(pagina_zc)

    # The caseload: nothing open any more, one trajectory closed, the inbox empty.
    pagina_zc.get_by_role("link", name="Terug naar de caseload").click()
    expect(kop(pagina_zc)).to_have_text("Zorgcoördinatie")
    expect(pagina_zc.locator("#inbox")).to_contain_text("Er zijn geen open aanmeldingen.")
    per_fase = pagina_zc.get_by_role("table", name=re.compile("^Aantal open trajecten per fase"))
    expect(per_fase.get_by_role("cell")).to_have_text(["0", "0", "0", "0", "1"])
    assert_toegankelijk(pagina_zc)

    # --- 9. The AF who referred it sees "Afgerond", and nothing of the trajectory ------------
    pagina_af = nieuwe_pagina(browser)
    try:
        inloggen(pagina_af, live_server, af)
        expect(kop(pagina_af)).to_have_text("Signalen")
        assert_toegankelijk(pagina_af)
        pagina_af.get_by_role("link", name=referentie, exact=True).click()
        expect(kop(pagina_af)).to_have_text(f"Signaal {referentie}")
        verwijzingen = pagina_af.get_by_role("table", name="Doorverwijzingen (1)")
        naar_zc = verwijzingen.get_by_role("row").filter(has_text="Zorgcoördinator (Gooi en Vechtstreek)")
        expect(naar_zc.locator("strong")).to_have_text("Afgerond")
        expect(naar_zc).to_contain_text(f"Opgepakt op {lang(vandaag)}")
        expect(naar_zc).to_contain_text(f"Afgerond op {lang(vandaag)}")
        expect(naar_zc).to_contain_text("Bericht: Zorgtraject afgerond")
        expect(pagina_af.locator("#tijdlijn")).to_contain_text("Zorgcoördinatie: traject afgerond")
        html = pagina_af.content()
        traject_pad = reverse("zorgcoordinatie:traject", kwargs={"uuid": traject.uuid})
        for geheim in (
            CLIENTNAAM, dossier, "Huizen", COSM[0], GGZ[0], STRAFRECHT_CONTACT, TOELICHTING, traject_pad,
            "/zorgcoordinatie/",
        ):  # fmt: skip
            assert geheim not in html, f"{geheim!r} uit het traject staat op de signaalpagina van de AF"
        assert_toegankelijk(pagina_af)

        # Nor can the AF open the trajectory by its address.
        antwoord = pagina_af.goto(traject_url)
        assert antwoord is not None and antwoord.status == 404
        expect(kop(pagina_af)).to_have_text("Pagina niet gevonden")
        assert CLIENTNAAM not in pagina_af.content()
        assert_toegankelijk(pagina_af)
    finally:
        pagina_af.context.close()

    # --- What the pages did, in the database -----------------------------------------------
    traject = Traject.objects.select_related("client", "achtervang").get()
    assert traject.verantwoordelijke == zc
    assert traject.achtervang.email == "zc.twee@test.example"
    assert traject.client.dossiernummer == dossier
    assert traject.client.naam == CLIENTNAAM
    assert traject.client.geboortedatum == GEBOORTEDATUM
    assert traject.client.geslacht == Client.Geslacht.VROUW
    assert traject.client.verantwoordelijke_gemeente == plaatsen["huizen"]
    assert traject.arbeidsuitbuiting
    assert (traject.intake_start, traject.intake_eind) == (vandaag, vandaag)
    assert (traject.hulpverlening_start, traject.hulpverlening_eind) == (vandaag, vandaag)
    assert traject.afronding_start == vandaag
    assert traject.afgesloten_op == vandaag
    assert traject.afsluitreden == Traject.Afsluitreden.CRITERIA
    assert traject.afsluittoelichting == TOELICHTING
    assert traject.verblijf == Traject.Verblijf.BEDENKTIJD
    assert (traject.bedenktijd_start, traject.bedenktijd_eind) == (bedenktijd_start, bedenktijd_eind)
    assert (traject.opvang, traject.opvang_start, traject.opvang_eind) == ("cosm", vandaag, None)
    assert traject.strafrecht == Traject.Strafrecht.GESLOTEN
    assert all(traject.afsluitcriteria.values())
    behoeften = dict(IntakeBehoefte.objects.filter(traject=traject).values_list("domein", "behoefte"))
    assert len(behoeften) == 14
    assert sorted(d for d, b in behoeften.items() if b == "ja") == ["documenten", "opvang", "psychisch"]
    assert [d for d, b in behoeften.items() if b == "nee"] == ["taal"]
    assert sorted(traject.zorgacties.values_list("zorgaanbieder", "status", "gestart_op")) == [
        (COSM[0], Zorgactie.Status.LOPEND, vandaag),
        (GGZ[0], Zorgactie.Status.WACHTLIJST, None),
    ]
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.status == Aanmelding.Status.GEACCEPTEERD
    assert aanmelding.traject == traject
    assert aanmelding.bron == Aanmelding.Bron.SIGNAAL
    doorverwijzing = Doorverwijzing.objects.get(signaal=signaal, bestemming=Bestemming.ZORGCOORDINATOR)
    assert aanmelding.doorverwijzing == doorverwijzing
    assert doorverwijzing.terugkoppeling == Doorverwijzing.Terugkoppeling.AFGEROND
    assert doorverwijzing.afgerond_op == vandaag
    assert CLIENTNAAM not in doorverwijzing.bericht
