"""A partner answers a referral through the one-time link, in Chromium at 320 px wide (issue 18,
point 3): the AF sends the link, the partner opens it from the e-mail (sent over SMTP), first
forgets the state, then answers; axe on every page, none wider than the window."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from signalen.views.partnerlink import pogingen_vergeten
from tests.browser.conftest import assert_toegankelijk, inloggen, nieuwe_pagina
from tests.signalen.matrix_partnerlink import partnerverwijzing

pytestmark = pytest.mark.browser

SMAL = {"viewport": {"width": 320, "height": 800}}


def _past_en_toegankelijk(page: Page) -> None:
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 320, f"{page.url} is {breedte} pixels breed op een scherm van 320"
    assert_toegankelijk(page)


def test_partner_antwoordt_via_de_link(browser, live_server, gebruikers, smtp_postvak):
    pogingen_vergeten("127.0.0.1")
    doorverwijzing = partnerverwijzing(gebruikers["af"])
    referentie = doorverwijzing.signaal.referentie
    af = nieuwe_pagina(browser, **SMAL)
    try:
        inloggen(af, live_server, gebruikers["af"])
        af.goto(f"{live_server.url}/signalen/doorverwijzingen/{doorverwijzing.uuid}/partnerlink/")
        af.get_by_label("E-mailadres van de contactpersoon").fill("j.jansen@politie.example")
        af.get_by_role("button", name="Link sturen").click()
        expect(af.get_by_text("De link is per e-mail naar de contactpersoon gestuurd.")).to_be_visible()
        af.goto(f"{live_server.url}/signalen/doorverwijzingen/{doorverwijzing.uuid}/partnerlink/")
        expect(af.get_by_role("status")).to_contain_text("Er is een werkende link")
        _past_en_toegankelijk(af)
    finally:
        af.context.close()

    partner = nieuwe_pagina(browser, **SMAL)
    try:
        partner.goto(smtp_postvak.link())
        expect(partner.get_by_role("heading", level=1)).to_have_text("Terugkoppeling op een doorverwijzing")
        expect(partner.get_by_text(referentie)).to_be_visible()
        partner.get_by_label("Kort bericht").fill("Contact gelegd")
        partner.get_by_role("button", name="Terugkoppeling versturen").click()
        expect(partner.get_by_text("Kies de stand van de doorverwijzing.").first).to_be_visible()
        expect(partner.get_by_label("Kort bericht")).to_have_value("Contact gelegd")
        _past_en_toegankelijk(partner)

        partner.get_by_label("Opgepakt").check()
        partner.get_by_role("button", name="Terugkoppeling versturen").click()
        expect(partner.get_by_role("heading", level=1)).to_have_text("Dank u wel")
        _past_en_toegankelijk(partner)
    finally:
        partner.context.close()
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.terugkoppeling == "opgepakt" and doorverwijzing.bericht == "Contact gelegd"
