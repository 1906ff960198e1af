"""The beheerder's and the privacy officer's pages in Chromium, with axe (issue 14 and 15):
the retention preview and a hold, the trail of access grants, an erasure request, and the
thresholds of the report of unusual access, and the readable access log (issue 17)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from mensenhandel.bewaren import maanden_terug
from mensenhandel.models import Bewaarblokkade, Rol, Toegangswijziging
from mensenhandel.services import toegang_loggen
from mensenhandel.toegangsbeheer import toegang_wijzigen
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.signalen.factories import SignaalFactory

pytestmark = pytest.mark.browser


def test_de_beheerder_ziet_wat_weggaat_en_plaatst_een_blokkade(pagina, live_server, gebruikers):
    # Closed 24 months less ten days ago: the nightly removal takes it within 30 days.
    gesloten = maanden_terug(timezone.localdate(), 24) + timedelta(days=10)
    moment = datetime.combine(gesloten, datetime.min.time()).replace(
        hour=12, tzinfo=ZoneInfo("Europe/Amsterdam")
    )
    with time_machine.travel(moment, tick=False):
        signaal = SignaalFactory(door=gebruikers["af"], afgesloten=True)

    inloggen(pagina, live_server, gebruikers["fb"])
    pagina.get_by_role("link", name="Bewaartermijnen, vernietiging en blokkades").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Bewaartermijnen en vernietiging")
    per_gemeente = pagina.get_by_role("table", name="Binnen 30 dagen, per soort en gemeente")
    expect(per_gemeente).to_contain_text("Hilversum")
    assert_toegankelijk(pagina)

    # Without a reason and with a date in the past: both errors at once, the input kept.
    pagina.get_by_label("Referentie van het signaal of dossiernummer van de cliënt").fill(signaal.referentie)
    pagina.get_by_label("Bewaren tot en met").fill("2001-01-01")
    pagina.get_by_role("button", name="Blokkade plaatsen").click()
    expect(pagina.get_by_role("alert")).to_contain_text("Controleer het formulier")
    expect(pagina.get_by_text("Geef de reden van de blokkade")).to_be_visible()
    expect(pagina.get_by_text("Kies een einddatum in de toekomst.")).to_be_visible()
    expect(pagina.get_by_label("Referentie van het signaal of dossiernummer van de cliënt")).to_have_value(
        signaal.referentie
    )
    assert_toegankelijk(pagina)

    pagina.get_by_label("Reden").fill("Lopend strafrechtelijk onderzoek")
    pagina.get_by_label("Bewaren tot en met").fill((timezone.localdate() + timedelta(days=365)).isoformat())
    pagina.get_by_role("button", name="Blokkade plaatsen").click()
    expect(pagina.get_by_text(f"{signaal.referentie} blijft bewaard tot en met")).to_be_visible()
    expect(pagina.get_by_role("table", name="Binnen 30 dagen, per soort en gemeente")).to_have_count(0)
    assert Bewaarblokkade.objects.get().status == Bewaarblokkade.Status.ACTIEF
    assert_toegankelijk(pagina)


def test_een_tweede_beheerder_keurt_een_toekenning_goed(pagina, live_server, gebruikers, plaatsen):
    from tests.conftest import maak_gebruiker

    tweede = maak_gebruiker("tweede.beheerder@test.example", Rol.FUNCTIONEEL_BEHEERDER)
    toegang_wijzigen(
        door=gebruikers["fb"],
        gebruiker=gebruikers["zonder_rol"],
        rol=Rol.ZORGCOORDINATOR,
        regios=[plaatsen["gv"]],
    )
    inloggen(pagina, live_server, tweede)
    pagina.get_by_role(
        "link", name="1 toegangswijziging wacht op goedkeuring door een tweede beheerder."
    ).click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Toegangswijzigingen")
    assert_toegankelijk(pagina)
    pagina.get_by_label("Besluit").select_option("goedkeuren")
    pagina.get_by_role("button", name="Besluit vastleggen").click()
    expect(pagina.get_by_text("is goedgekeurd en ingegaan")).to_be_visible()
    assert Toegangswijziging.objects.filter(status="doorgevoerd", beoordeeld_door=tweede).exists()
    assert_toegankelijk(pagina)


def test_een_wisverzoek_van_aanvraag_tot_besluit(browser, live_server, gebruikers):
    from tests.browser.conftest import nieuwe_pagina

    signaal = SignaalFactory(door=gebruikers["af"])
    af = nieuwe_pagina(browser)
    try:
        inloggen(af, live_server, gebruikers["af"])
        af.goto(f"{live_server.url}/signalen/{signaal.uuid}/")
        af.get_by_role("link", name="Laten wissen (per vergissing, dubbel of test geregistreerd)").click()
        af.get_by_role("button", name="Wisverzoek indienen").click()
        expect(af.get_by_text("Kies wat er mis is met de registratie.")).to_be_visible()
        assert_toegankelijk(af)
        af.get_by_label("Testregistratie: helemaal weg, telt niet mee in de cijfers").check()
        af.get_by_label("Reden").fill("Aangemaakt tijdens de training.")
        af.get_by_role("button", name="Wisverzoek indienen").click()
        expect(af.get_by_text("Het wisverzoek is ingediend.")).to_be_visible()
    finally:
        af.context.close()
    fb = nieuwe_pagina(browser)
    try:
        inloggen(fb, live_server, gebruikers["fb"])
        fb.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wisverzoeken").click()
        expect(fb.get_by_text("Aangemaakt tijdens de training.")).to_be_visible()
        assert_toegankelijk(fb)
        fb.get_by_role("button", name="Wissen").click()
        expect(fb.get_by_text(f"Signaal {signaal.referentie} is gewist.")).to_be_visible()
        assert_toegankelijk(fb)
    finally:
        fb.context.close()
    assert not type(signaal).objects.filter(pk=signaal.pk).exists()


def test_de_privacyfunctionaris_stelt_drempels_in_en_leest_het_toegangslog(pagina, live_server, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    toegang_loggen(
        request=None,
        gebruiker=gebruikers["af"],
        actie="bekijken",
        object_type="signalen.Signaal",
        object_id=str(signaal.uuid),
        scherm="signalen:detail",
    )
    inloggen(pagina, live_server, gebruikers["fg"])
    pagina.get_by_role("link", name="Drempels aanpassen").click()
    pagina.get_by_label("en minstens zoveel inzagen op een dag").fill("0")
    pagina.get_by_role("button", name="Drempels opslaan").click()
    expect(pagina.get_by_role("alert")).to_contain_text("Controleer het formulier")
    assert_toegankelijk(pagina)
    pagina.get_by_label("en minstens zoveel inzagen op een dag").fill("20")
    pagina.get_by_role("button", name="Drempels opslaan").click()
    expect(pagina.get_by_text("De drempels zijn opgeslagen")).to_be_visible()
    expect(pagina.get_by_text("Minstens 20 inzagen van persoonsgegevens op een dag")).to_be_visible()

    # The access log reads as people speak (issue 17, point 8): filters as choices, the signal by
    # its reference, the role and the screen in Dutch; on a phone's width too.
    pagina.set_viewport_size({"width": 320, "height": 800})
    pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Toegangslog").click()
    pagina.get_by_label("Rol").select_option(label="Aandachtsfunctionaris")
    pagina.get_by_label("Soort gegeven").select_option(label="Signaal")
    pagina.get_by_role("button", name="Filteren").click()
    rij = pagina.get_by_role("row").filter(
        has=pagina.get_by_role("link", name=f"Signaal {signaal.referentie}")
    )
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Aandachtsfunctionaris")
    expect(rij.get_by_role("cell", name="Signaal", exact=True)).to_be_visible()
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320
    assert_toegankelijk(pagina)
    with pagina.expect_download() as download:
        pagina.get_by_role("link", name="Exporteren (CSV)").click()
    inhoud = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert f"Signaal {signaal.referentie}" in inhoud and str(signaal.uuid) in inhoud

    # An end before the start: the error at its field, the choices kept, no export of it.
    pagina.get_by_label("Vanaf (datum)").fill("2026-02-01")
    pagina.get_by_label("Tot en met (datum)").fill("2026-01-01")
    pagina.get_by_role("button", name="Filteren").click()
    expect(pagina.get_by_label("Tot en met (datum)")).to_have_accessible_description(
        "De einddatum ligt vóór de begindatum."
    )
    expect(pagina.get_by_label("Rol")).to_have_value("aandachtsfunctionaris")
    expect(pagina.get_by_label("Soort gegeven")).to_have_value("signalen.Signaal")
    expect(pagina.get_by_role("link", name="Exporteren (CSV)")).to_have_count(0)
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320
    assert_toegankelijk(pagina)


def test_de_privacyfunctionaris_zoekt_een_inzageverzoek_en_beperkt_de_verwerking(
    pagina, live_server, gebruikers
):
    from mensenhandel.models import Inzageverzoek

    signaal = SignaalFactory(
        door=gebruikers["af"],
        personen=[{"soort": "slachtoffer", "naam": "Marta Kowalska", "geboortedatum": date(1994, 5, 17)}],
    )
    inloggen(pagina, live_server, gebruikers["fg"])
    pagina.get_by_role("link", name="Inzageverzoeken").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Inzageverzoeken")
    assert_toegankelijk(pagina)

    # A date of birth in the future and no reference: both errors, the name kept.
    pagina.get_by_label("Naam van de betrokkene").fill("kowalska, MARTA")
    pagina.get_by_label("Geboortedatum").fill("2999-05-17")
    pagina.get_by_role("button", name="Zoeken").click()
    expect(pagina.get_by_text("Een geboortedatum kan niet in de toekomst liggen.")).to_be_visible()
    expect(pagina.get_by_text("Vul het kenmerk van het verzoek in")).to_be_visible()
    expect(pagina.get_by_label("Naam van de betrokkene")).to_have_value("kowalska, MARTA")
    assert_toegankelijk(pagina)

    pagina.get_by_label("Geboortedatum").fill("1994-05-17")
    pagina.get_by_label("Kenmerk van het verzoek").fill("Z-2026-0042")
    pagina.get_by_role("button", name="Zoeken").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Inzageverzoek Z-2026-0042")
    expect(pagina.get_by_role("heading", name=f"Signaal {signaal.referentie}")).to_be_visible()
    assert_toegankelijk(pagina)

    with pagina.expect_download() as download:
        pagina.get_by_role("link", name="Document (PDF) downloaden").click()
    assert download.value.suggested_filename.endswith(".pdf")

    pagina.get_by_label("Reden").fill("De betrokkene betwist de juistheid.")
    pagina.get_by_role("button", name="Verwerking beperken").click()
    expect(pagina.get_by_text(f"De verwerking van {signaal.referentie} is beperkt")).to_be_visible()
    expect(pagina.get_by_role("button", name="Beperking opheffen")).to_be_visible()
    signaal.refresh_from_db()
    assert signaal.verwerking_beperkt_op is not None
    assert Inzageverzoek.objects.get().kenmerk == "Z-2026-0042"
    assert_toegankelijk(pagina)
