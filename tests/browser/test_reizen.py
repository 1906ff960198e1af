"""The journeys of issue 17, counted: page loads, clicks, choices and fields typed.

Each test walks the shortest way a user takes, from the start page after logging in, with
only what the way needs (no deliberate errors; the flow tests of each app try those). The
bound asserted is the journey as it is now: a page that adds a step fails here. The figures
are printed (``pytest -s``) for the notes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from signalen.models import Doorverwijzing, Signaal
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.browser.reizen import Reis
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory
from zorgcoordinatie.models import Client, Traject

pytestmark = pytest.mark.browser

GEBOREN = date(1994, 2, 3)


def kop(page: Page):
    return page.get_by_role("heading", level=1)


def test_af_van_registratie_tot_doorverwijzing(pagina: Page, live_server, gebruikers):
    inloggen(pagina, live_server, gebruikers["af"])
    reis = Reis(pagina, "AF: registreren tot doorverwijzen")

    reis.klik(pagina.get_by_role("link", name="Nieuw signaal"))
    expect(kop(pagina)).to_have_text("Nieuw signaal")
    reis.typ(pagina.get_by_label("Datum waargenomen"), (timezone.localdate() - timedelta(days=1)).isoformat())
    reis.kies(pagina.get_by_label("Gemeente waar het is waargenomen"), label="Hilversum")
    reis.kies(pagina.get_by_label("Sector"), label="Land- en tuinbouw")
    reis.kies(pagina.get_by_label("Bron (wie meldde het)"), label="Gemeente: handhaving")
    reis.vink(pagina.get_by_label("Arbeidsuitbuiting", exact=True))
    reis.typ(pagina.get_by_label("Omschrijving"), "Twee arbeiders slapen in een loods op het terrein.")
    persoon = pagina.get_by_role("group", name="Betrokken persoon 1")
    reis.kies(persoon.get_by_label("Rol in het signaal"), label="Mogelijk slachtoffer")
    reis.typ(persoon.get_by_label(re.compile(r"^Naam\b")), "Piet Proef")
    reis.typ(persoon.get_by_label("Geboortedatum"), "1991-05-06")
    reis.klik(pagina.get_by_role("button", name="Signaal registreren"))
    expect(kop(pagina)).to_have_text(re.compile(r"^Signaal S-"))

    # The case file's one next step, then the weighing and straight on to the decision.
    reis.klik(pagina.locator("[data-volgende]"))
    expect(kop(pagina)).to_have_text("Signaal wegen")
    reis.typ(pagina.get_by_label("Aard"), "Vermoedelijk arbeidsuitbuiting.")
    reis.kies(pagina.get_by_label("Risico"), label="Hoog")
    reis.typ(pagina.get_by_label("Onderbouwing"), "Wonen op de werkplek.")
    reis.klik(pagina.get_by_role("button", name="Vastleggen en besluit nemen"))
    expect(pagina.get_by_role("status").filter(has_text="weging")).to_be_visible()
    expect(kop(pagina)).to_have_text(re.compile(r"^Besluit over signaal S-"))

    zc = pagina.get_by_role("group", name="Zorgcoördinator", exact=True)
    reis.vink(zc.get_by_label("Doorverwijzen naar Zorgcoördinator"))
    reis.kies(zc.get_by_label("Regio van de zorgcoördinator"), label="Gooi en Vechtstreek")
    reis.klik(pagina.get_by_role("button", name="Besluit vastleggen"))
    expect(pagina.get_by_role("status").filter(has_text="besluit")).to_have_text("Het besluit is vastgelegd.")

    reis.melden()
    assert Doorverwijzing.objects.filter(signaal=Signaal.objects.get(), bestemming="zorgcoordinator").exists()
    assert (reis.paginas, reis.klikken) <= (5, 5), reis.samenvatting()


def test_zc_van_aanmelding_tot_afsluiting(pagina: Page, live_server, gebruikers):
    af, zc = gebruikers["af"], gebruikers["zc"]
    persoon = PersoonGegevensFactory(naam="Zofia Proef", geboortedatum=GEBOREN, geslacht="vrouw")
    signaal = SignaalFactory(door=af, doorverwezen_zc=True, personen=[persoon])
    vandaag = timezone.localdate().isoformat()
    inloggen(pagina, live_server, zc)
    reis = Reis(pagina, "ZC: aanmelding tot afsluiting")

    reis.klik(pagina.get_by_role("link", name=f"Aanmelding uit signaal {signaal.referentie} beantwoorden"))
    accepteren = pagina.locator("#accepteren")
    reis.klik(accepteren.get_by_role("button", name="Accepteren en traject openen"))
    expect(kop(pagina)).to_have_text(re.compile(r"^Traject Z-"))

    reis.klik(pagina.locator("[data-volgende]"))  # the case file's next step: the intake
    groep = pagina.get_by_role("group", name="Opvang en huisvesting", exact=True)
    reis.kies(groep.get_by_label(re.compile(r"^Hulpvraag bij")), label="Ja")
    reis.klik(pagina.get_by_role("button", name="Intake vastleggen"))
    expect(pagina.get_by_role("status").filter(has_text="intake")).to_be_visible()

    for overgang in ("Hulpverlening starten", "Intake afronden", "Afronding starten"):
        fasen = pagina.locator("#fasen form")
        reis.kies(fasen.get_by_label("Faseovergang"), label=overgang)
        reis.typ(fasen.get_by_label("Datum", exact=True), vandaag)
        reis.klik(fasen.get_by_role("button", name="Fase vastleggen"))
        expect(pagina.get_by_role("status").filter(has_text="vastgelegd")).to_have_text(
            f"{overgang}: vastgelegd."
        )

    reis.klik(pagina.locator("[data-volgende]"))  # the next step in the afronding: closing
    reis.kies(pagina.get_by_label("Reden van afsluiten"), index=2)
    reis.typ(pagina.get_by_label("Toelichting"), "Verhuisd naar een andere regio.")
    reis.klik(pagina.get_by_role("button", name="Traject afsluiten"))
    expect(pagina.get_by_role("status").filter(has_text="afgesloten")).to_have_text(
        "Het traject is afgesloten."
    )

    reis.melden()
    assert Traject.objects.get().afgesloten_op is not None
    assert (reis.paginas, reis.klikken) <= (9, 9), reis.samenvatting()

    # Afterwards she finds the client again by her name written otherwise (issue 17, point 4),
    # on a page that is accessible and fits a phone.
    pagina.goto(f"{live_server.url}/zorgcoordinatie/")
    pagina.get_by_role("link", name="Cliënt zoeken").click()
    pagina.get_by_label("Naam of alias").fill("PRÓEF, zofia")
    pagina.get_by_role("button", name="Zoeken").click()
    gevonden = pagina.get_by_role("table", name=re.compile(r"^Gevonden cliënten 1–1 van 1"))
    expect(gevonden).to_contain_text("Zofia Proef")
    gevonden.get_by_role("link", name=re.compile(r"^Traject sinds")).first.wait_for()
    assert_toegankelijk(pagina)
    pagina.set_viewport_size({"width": 320, "height": 800})
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320
    pagina.set_viewport_size({"width": 1280, "height": 800})

    # A second referral of the same person, written otherwise: accepting it offers her dossier
    # instead of a second one (issue 17, point 3), and one click attaches the new trajectory.
    dossier = Client.objects.get().dossiernummer
    weer = PersoonGegevensFactory(naam="PROEF, zofia", geboortedatum=GEBOREN, geslacht="vrouw")
    tweede = SignaalFactory(door=af, doorverwezen_zc=True, personen=[weer])
    pagina.goto(f"{live_server.url}/zorgcoordinatie/")
    pagina.get_by_role("link", name=f"Aanmelding uit signaal {tweede.referentie} beantwoorden").click()
    accepteren = pagina.locator("#accepteren")
    expect(accepteren.get_by_label("Naam")).to_have_value("PROEF, zofia")  # pre-filled
    accepteren.get_by_role("button", name="Accepteren en traject openen").click()
    accepteren = pagina.locator("#accepteren")
    expect(accepteren).to_contain_text("Deze cliënt lijkt al bekend in deze regio.")
    assert_toegankelijk(pagina)
    accepteren.get_by_role("button", name=f"Traject koppelen aan {dossier}").click()
    expect(kop(pagina)).to_have_text(re.compile(r"^Traject Z-"))
    assert Client.objects.count() == 1 and Client.objects.get().trajecten.count() == 2
