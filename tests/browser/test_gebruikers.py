"""Users managed in the application, in Chromium at 320 px wide (issue 17, point 7): the beheerder
invites a new user, who follows the link from the e-mail (sent over SMTP), chooses a password,
enrols the authenticator app and lands on their start page. axe on every page, none wider than
the window."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from mensenhandel.models import Gebruiker, Rol, Toegangswijziging
from mensenhandel.toegangsbesluiten import toegangswijziging_goedkeuren
from tests.browser.conftest import assert_toegankelijk, inloggen, nieuwe_pagina
from tests.conftest import huidige_code, maak_gebruiker

pytestmark = pytest.mark.browser

SMAL = {"viewport": {"width": 320, "height": 800}}


def _past_en_toegankelijk(page: Page) -> None:
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 320, f"{page.url} is {breedte} pixels breed op een scherm van 320"
    assert_toegankelijk(page)


def test_een_nieuwe_gebruiker_wordt_uitgenodigd_en_logt_voor_het_eerst_in(
    browser, live_server, gebruikers, plaatsen, smtp_postvak
):
    tweede = maak_gebruiker("tweede.beheerder@test.example", Rol.FUNCTIONEEL_BEHEERDER)
    fb = nieuwe_pagina(browser, **SMAL)
    try:
        inloggen(fb, live_server, gebruikers["fb"])
        fb.goto(f"{live_server.url}/beheerder/gebruikers/")
        expect(fb.get_by_role("heading", level=1)).to_have_text("Gebruikers")
        _past_en_toegankelijk(fb)

        fb.get_by_role("link", name="Nieuwe gebruiker uitnodigen").click()
        fb.get_by_label("Naam", exact=True).fill("Sanne Smit")
        fb.get_by_label("E-mailadres").fill("AF@test.example")  # taken, in other capitals
        fb.get_by_label("Zorgcoördinator (trajecten van de gekozen regio's)").check()
        fb.get_by_role("button", name="Gebruiker aanmaken en uitnodigen").click()
        expect(fb.get_by_role("alert")).to_contain_text("Controleer het formulier")
        expect(fb.get_by_text("Kies de regio('s) waarvoor deze gebruiker werkt.")).to_be_visible()
        expect(fb.get_by_label("Naam", exact=True)).to_have_value("Sanne Smit")
        _past_en_toegankelijk(fb)

        fb.get_by_label("Gooi en Vechtstreek").check()
        fb.get_by_role("button", name="Gebruiker aanmaken en uitnodigen").click()
        expect(fb.get_by_text("Er is al een gebruiker met dit e-mailadres.")).to_be_visible()
        fb.get_by_label("E-mailadres").fill("sanne.smit@test.example")
        fb.get_by_role("button", name="Gebruiker aanmaken en uitnodigen").click()
        expect(fb.get_by_role("heading", level=1)).to_have_text("Sanne Smit")
        expect(fb.get_by_text("De uitnodiging is verstuurd naar sanne.smit@test.example.")).to_be_visible()
        expect(fb.get_by_text("De rol of het bereik van Sanne Smit geeft toegang")).to_be_visible()
        _past_en_toegankelijk(fb)
    finally:
        fb.context.close()

    sanne = Gebruiker.objects.get(email="sanne.smit@test.example")
    toegangswijziging_goedkeuren(door=tweede, wijziging=Toegangswijziging.objects.get(gebruiker=sanne))
    link = smtp_postvak.link()

    page = nieuwe_pagina(browser, **SMAL)
    try:
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord kiezen")
        assert page.url.removeprefix(live_server.url) == "/uitnodiging/"  # the token left the address
        page.get_by_label("Nieuw wachtwoord").fill("sanne2026")
        page.get_by_label("Herhaal het wachtwoord").fill("sanne2026")
        page.get_by_role("button", name="Wachtwoord opslaan").click()
        expect(page.get_by_text("Dit wachtwoord is te kort")).to_be_visible()
        _past_en_toegankelijk(page)

        page.get_by_label("Nieuw wachtwoord").fill("Lange-wandeling-langs-de-Vecht-7")
        page.get_by_label("Herhaal het wachtwoord").fill("Lange-wandeling-langs-de-Vecht-7")
        page.get_by_role("button", name="Wachtwoord opslaan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Authenticator-app koppelen")
        _past_en_toegankelijk(page)
        page.get_by_label("Code uit uw authenticator-app").fill(huidige_code(sanne))
        page.get_by_role("button", name="Koppelen en inloggen").click()
        expect(page).to_have_url(f"{live_server.url}/zorgcoordinatie/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Zorgcoördinatie")

        # The link is used up.
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
        _past_en_toegankelijk(page)
    finally:
        page.context.close()
