"""The user's own e-mail preference (issue 18 point 5) in Chromium at 320 px wide (a plain form
without scripts of its own), reached from "Mijn werk", a bad hour answered at its field with the
input kept, then saved; axe finds nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mensenhandel.models import Meldingsvoorkeur
from tests.browser.conftest import assert_toegankelijk, inloggen

pytestmark = pytest.mark.browser


def test_de_zorgcoordinator_stelt_de_email_over_haar_werk_in(pagina: Page, live_server, gebruikers):
    zc = gebruikers["zc"]
    pagina.set_viewport_size({"width": 320, "height": 800})
    inloggen(pagina, live_server, zc)
    pagina.goto(f"{live_server.url}/werk/")
    pagina.get_by_role("link", name="E-mail over mijn werk instellen").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("E-mail over mijn werk")
    expect(pagina.get_by_label("Eén keer per dag een overzicht")).to_be_checked()
    uur = pagina.get_by_label("Uur van het dagelijkse overzicht")
    expect(uur).to_have_value("8")

    pagina.get_by_label("Direct als er nieuw werk bij komt").check()
    uur.fill("24")
    pagina.get_by_role("button", name="Opslaan").click()
    expect(pagina.get_by_role("alert")).to_contain_text("Controleer het formulier.")
    expect(uur).to_have_accessible_description(re.compile("Kies een heel uur van 0 tot en met 23."))
    expect(uur).to_have_value("24")
    expect(pagina.get_by_label("Direct als er nieuw werk bij komt")).to_be_checked()
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320
    assert_toegankelijk(pagina)
    assert not Meldingsvoorkeur.objects.filter(gebruiker=zc).exists()

    uur.fill("7")
    pagina.get_by_label("Eén keer per dag een overzicht").check()
    pagina.get_by_role("button", name="Opslaan").click()
    expect(pagina.get_by_role("status")).to_contain_text("U krijgt elke dag om 07:00 uur een e-mail")
    expect(uur).to_have_value("7")
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320
    assert_toegankelijk(pagina)
    voorkeur = Meldingsvoorkeur.objects.get(gebruiker=zc)
    assert (voorkeur.wijze, voorkeur.uur) == (Meldingsvoorkeur.Wijze.DAGELIJKS, 7)
