"""A hit that leads to a person, in Chromium (issue 18, point 1): the AF of Leeuwarden sees at
their signal whom to call in Hilversum (never that signal) and sends a contact request; the AF of
Hilversum finds it in 'Mijn werk', first sends the answer without a choice, then accepts; both
then see the other's reference; the ketenregisseur's list shows the match. axe on every page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from signalen.models import Contactverzoek
from signalen.tasks import contactverzoek_mailen
from tests.browser.conftest import assert_toegankelijk, inloggen, nieuwe_pagina
from tests.signalen.factories import SignaalFactory

pytestmark = pytest.mark.browser

PERSOON = {"soort": "slachtoffer", "naam": "Ilse Browsercontact", "geboortedatum": date(1994, 3, 2)}


def test_twee_afs_leggen_contact_over_een_treffer(browser, live_server, gebruikers, smtp_postvak):
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    af.naam, af.telefoon = "Anna Aandacht", "035 111 2222"
    af.save()
    eigen = SignaalFactory(door=af, personen=[PERSOON], omschrijving="Geheim: werkt in een kas.")
    elders = SignaalFactory(door=af_ander, personen=[PERSOON])

    b = nieuwe_pagina(browser)
    try:
        inloggen(b, live_server, af_ander)
        b.goto(f"{live_server.url}/signalen/{elders.uuid}/#stapeling")
        treffers = b.locator(".treffers-elders")
        expect(treffers).to_contain_text("Anna Aandacht")
        expect(treffers).to_contain_text("035 111 2222")
        expect(b.locator("main")).not_to_contain_text(eigen.referentie)
        expect(b.locator("main")).not_to_contain_text("Geheim: werkt in een kas.")
        assert_toegankelijk(b)
        b.get_by_role("button", name="Contact leggen over treffer 1").click()
        expect(b.get_by_text("Het contactverzoek is verstuurd.")).to_be_visible()
        expect(treffers).to_contain_text("wacht op antwoord")
        assert_toegankelijk(b)
    finally:
        b.context.close()
    # The mail task, queued after the commit, runs here (with a broker, as in CI, no worker serves
    # this test's database; in the embedded setup it already ran eagerly and now has nothing to do).
    contactverzoek_mailen.apply(args=[Contactverzoek.objects.get().pk]).get()
    assert smtp_postvak.ontvangers == [[af.email]]

    a = nieuwe_pagina(browser)
    try:
        inloggen(a, live_server, af)
        a.goto(f"{live_server.url}/werk/")
        a.locator("a[href*='/contactverzoeken/']", has_text=eigen.referentie).click()
        expect(a.get_by_role("heading", level=1)).to_have_text("Contactverzoek over een treffer")
        expect(a.locator("main")).to_contain_text(af_ander.email)
        a.get_by_role("button", name="Antwoord versturen").click()
        expect(a.get_by_text("Kies of u het contactverzoek aanneemt of afwijst.").first).to_be_visible()
        assert_toegankelijk(a)
        a.get_by_label("Aannemen: wij leggen contact").check()
        a.get_by_role("button", name="Antwoord versturen").click()
        expect(a.get_by_text("U heeft het contactverzoek beantwoord.")).to_be_visible()
        expect(a.locator(".treffers-elders")).to_contain_text(elders.referentie)
        assert_toegankelijk(a)
    finally:
        a.context.close()
    assert Contactverzoek.objects.get().status == Contactverzoek.Status.AANGENOMEN

    b = nieuwe_pagina(browser)
    try:
        inloggen(b, live_server, af_ander)
        b.goto(f"{live_server.url}/signalen/{elders.uuid}/#stapeling")
        expect(b.locator(".treffers-elders")).to_contain_text(eigen.referentie)
        expect(b.get_by_role("button", name=f"Koppeling met {eigen.referentie} bevestigen")).to_be_visible()
    finally:
        b.context.close()

    kr = nieuwe_pagina(browser)
    try:
        inloggen(kr, live_server, gebruikers["kr"])
        kr.goto(f"{live_server.url}/signalen/treffers/")
        tabel = kr.get_by_role("table")
        expect(tabel).to_contain_text(eigen.referentie)
        expect(tabel).to_contain_text("Aangenomen")
        expect(kr.locator("main")).not_to_contain_text("Browsercontact")
        assert_toegankelijk(kr)
    finally:
        kr.context.close()
