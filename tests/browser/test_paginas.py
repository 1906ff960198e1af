"""Every page in a real browser: WCAG 2.1 AA through axe-core, login with the second factor,
the role's start page and menu, QR enrolment, logout, no-JavaScript use and the session warning.
"""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import Browser, Page, expect

from mensenhandel.models import Rol
from tests.browser.conftest import (
    assert_toegankelijk,
    axe_controleren,
    inloggen,
    inloggen_via_formulieren,
    nieuwe_context,
    nieuwe_pagina,
    wachtwoord_invullen,
)
from tests.conftest import WACHTWOORD, huidige_code, maak_gebruiker
from tests.zorgcoordinatie.factories import AanmeldingFactory, TrajectFactory
from zorgcoordinatie.models import Traject

pytestmark = pytest.mark.browser

FOUT_WACHTWOORD = "Helemaal-niet-goed-99"

# role fixture, start page, its h1, and the complete main menu in order
ROLLEN = [
    (
        "af",
        "/signalen/",
        "Signalen",
        [
            "Mijn werk (0)",
            "Signalen",
            "Wegenkaart",
            "AF-netwerk",
            "Basisniveau",
            "Activiteiten",
            "Overleggen",
        ],
    ),
    (
        "zc",
        "/zorgcoordinatie/",
        "Zorgcoördinatie",
        # The zorgcoördinator starts with work waiting (``werk_voor``).
        ["Mijn werk (2)", "Signalen", "Zorgcoördinatie", "Wegenkaart", "Overleggen"],
    ),
    (
        "kr",
        "/ketenregie/",
        "Ketenregie",
        [
            "Mijn werk (0)",
            "Signalen",
            "Treffers",
            "Ketenregie",
            "Wegenkaart",
            "Overleggen",
            "Dashboard",
            "Rapportages",
        ],
    ),
    (
        "fb",
        "/beheerder/",
        "Functioneel beheer",
        ["Beheer", "Gebruikers", "Toegangslog", "Wisverzoeken", "Wegenkaart"],
    ),
    (
        "fg",
        "/gegevensbescherming/",
        "Afwijkende toegang",
        ["Toegangslog", "Afwijkende toegang", "Inzageverzoeken"],
    ),
]


def werk_voor(rol: str, gebruikers) -> None:
    """Work waiting for the zorgcoördinator: a review past its date and a direct aanmelding, so
    that her start page and "Mijn werk" are checked with items (axe, 320 pixels)."""
    if rol != "zc":
        return
    traject = TrajectFactory(door=gebruikers["zc"])
    Traject.objects.filter(pk=traject.pk).update(volgende_evaluatie=timezone.localdate() - timedelta(days=2))
    AanmeldingFactory(door=gebruikers["zc"])


def kop(page: Page):
    return page.get_by_role("heading", level=1)


def foute_code(gebruiker) -> str:
    """Six digits the authenticator app does not show now (nor one step either side)."""
    geldig = {huidige_code(gebruiker, stap) for stap in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in geldig)


# --- Public pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pad", "titel"),
    [
        ("/inloggen/", "Inloggen"),
        ("/toegankelijkheid/", "Toegankelijkheidsverklaring"),
        ("/privacy/", "Privacy"),
    ],
)
def test_publieke_pagina_is_toegankelijk(pagina, live_server, pad, titel):
    antwoord = pagina.goto(f"{live_server.url}{pad}")
    assert antwoord.status == 200
    expect(kop(pagina)).to_have_text(titel)
    assert_toegankelijk(pagina)


def test_inlogpagina_na_verlopen_sessie_is_toegankelijk(pagina, live_server):
    pagina.goto(f"{live_server.url}/inloggen/?verlopen=1")
    expect(pagina.get_by_role("status")).to_have_text("Uw sessie is verlopen. Log opnieuw in.")
    assert_toegankelijk(pagina)


def test_axe_vindt_overtredingen(pagina, live_server):
    """The check itself works: an image without alt text must fail it."""
    pagina.goto(f"{live_server.url}/privacy/")
    pagina.evaluate("document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_toegankelijk(pagina)


def test_404_pagina_is_toegankelijk(pagina, live_server):
    antwoord = pagina.goto(f"{live_server.url}/bestaat-niet/")
    assert antwoord.status == 404
    expect(kop(pagina)).to_have_text("Pagina niet gevonden")
    expect(pagina.get_by_role("link", name="Naar de startpagina")).to_be_visible()
    assert_toegankelijk(pagina)


def test_405_pagina_is_toegankelijk(pagina, live_server):
    antwoord = pagina.goto(f"{live_server.url}/uitloggen/")
    assert antwoord.status == 405
    expect(kop(pagina)).to_have_text("Deze actie kan zo niet")
    assert_toegankelijk(pagina)


def test_inlogformulier_met_fouten_is_toegankelijk(pagina, live_server):
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_role("button", name="Verder").click()

    expect(pagina.get_by_role("alert")).to_contain_text("Controleer het formulier.")
    email = pagina.get_by_label("E-mailadres", exact=True)
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("Vul uw e-mailadres in.")
    expect(pagina.get_by_label("Wachtwoord", exact=True)).to_have_accessible_description(
        "Vul uw wachtwoord in."
    )
    assert_toegankelijk(pagina)


def test_verzendknop_gaat_na_de_eerste_klik_uit(pagina, live_server, gebruikers):
    """A form is sent once: its button is disabled after the first submit (static/js/
    formulieren.js), and the button's own name and value still reach the server."""
    verzoeken = []

    def beantwoorden(route):
        if route.request.method != "POST":
            route.continue_()
            return
        verzoeken.append(route.request.post_data or "")
        # 204: the browser stays on the page, as while a slow answer is on its way.
        route.fulfill(status=204)

    pagina.route("**/inloggen/", beantwoorden)
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_label("E-mailadres", exact=True).fill(gebruikers["af"].email)
    pagina.get_by_label("Wachtwoord", exact=True).fill(WACHTWOORD)
    knop = pagina.get_by_role("button", name="Verder")
    knop.evaluate("k => { k.name = 'knop'; k.value = 'verder'; }")
    knop.click()

    expect(knop).to_be_disabled()
    expect(knop).to_have_attribute("aria-disabled", "true")
    pagina.locator("main form").evaluate("f => f.requestSubmit()")  # a second submit
    pagina.wait_for_timeout(300)
    assert len(verzoeken) == 1 and "knop=verder" in verzoeken[0]

    # Sent for real, the next page comes with its own working button.
    pagina.unroute("**/inloggen/")
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_label("E-mailadres", exact=True).fill(gebruikers["af"].email)
    pagina.get_by_label("Wachtwoord", exact=True).fill(WACHTWOORD)
    pagina.get_by_role("button", name="Verder").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Code invullen")
    expect(pagina.get_by_role("button", name="Inloggen")).to_be_enabled()


def test_codepagina_met_foute_code_is_toegankelijk(pagina, live_server, gebruikers):
    wachtwoord_invullen(pagina, live_server, gebruikers["af"].email)
    expect(kop(pagina)).to_have_text("Code invullen")
    assert_toegankelijk(pagina)

    veld = pagina.get_by_label("Code uit uw authenticator-app")
    veld.fill(foute_code(gebruikers["af"]))
    pagina.get_by_role("button", name="Inloggen").click()

    expect(pagina.get_by_role("alert")).to_contain_text("Controleer het formulier.")
    expect(veld).to_have_attribute("aria-invalid", "true")
    expect(veld).to_have_accessible_description(re.compile(r"Deze code klopt niet of is al gebruikt"))
    assert pagina.url == f"{live_server.url}/inloggen/code/"
    assert_toegankelijk(pagina)


def test_blokkade_na_vijf_foute_wachtwoorden_is_toegankelijk(pagina, live_server, gebruikers):
    statussen = []
    for _ in range(6):
        with pagina.expect_response(lambda r: r.request.method == "POST") as antwoord:
            wachtwoord_invullen(pagina, live_server, gebruikers["af"].email, FOUT_WACHTWOORD)
        statussen.append(antwoord.value.status)

    # Four times "e-mailadres of wachtwoord klopt niet"; the fifth failure blocks, and so does the sixth.
    assert statussen == [400, 400, 400, 400, 429, 429], statussen
    expect(kop(pagina)).to_have_text("Inloggen tijdelijk geblokkeerd")
    expect(pagina.get_by_role("alert")).to_contain_text("15 minuten geblokkeerd")
    assert_toegankelijk(pagina)

    # Blocked means blocked: now the right password does not get through either.
    wachtwoord_invullen(pagina, live_server, gebruikers["af"].email)
    expect(kop(pagina)).to_have_text("Inloggen tijdelijk geblokkeerd")


# --- Each role: login, start page, menu, and every page in the menu ------------------------


@pytest.mark.parametrize(("rol", "startpad", "titel", "menu"), ROLLEN, ids=[r[0] for r in ROLLEN])
def test_rol_logt_in_en_ziet_alleen_eigen_menu(pagina, live_server, gebruikers, rol, startpad, titel, menu):
    """The login, the start page, the exact menu, and every page of the menu: accessible (axe) and,
    at 320 CSS pixels wide, without sideways scrolling (``past_op_320_pixels``)."""
    werk_voor(rol, gebruikers)
    inloggen_via_formulieren(pagina, live_server, gebruikers[rol])

    expect(pagina).to_have_url(f"{live_server.url}{startpad}")
    expect(kop(pagina)).to_have_text(titel)
    expect(kop(pagina)).to_be_visible()
    if rol == "zc":
        # The open aanmelding is in the inbox below, not listed again under "Mijn werk".
        mijn_werk = pagina.locator("#mijn-werk")
        expect(mijn_werk.get_by_role("heading", level=3)).to_have_text(["Evaluatie verlopen (1)"])
        expect(mijn_werk.get_by_role("link", name="Al mijn werk")).to_be_visible()
        expect(pagina.locator("#inbox").get_by_role("table", name="Directe aanmeldingen (1)")).to_be_visible()
        expect(pagina.get_by_role("link", name="Mijn werk (2)")).to_be_visible()
    hoofdmenu = pagina.get_by_role("navigation", name="Hoofdmenu")
    # The exact list: another role's items (e.g. "Beheer" for af, "Signalen" for fb) fail this.
    expect(hoofdmenu.get_by_role("link")).to_have_text(menu)
    assert_toegankelijk(pagina)
    past_op_320_pixels(pagina)

    for label in menu:
        hoofdmenu.get_by_role("link", name=label, exact=True).click()
        expect(hoofdmenu.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(kop(pagina)).to_be_visible()
        assert_toegankelijk(pagina)
        past_op_320_pixels(pagina)


def test_403_pagina_is_toegankelijk(pagina, live_server, gebruikers):
    inloggen(pagina, live_server, gebruikers["af"])
    antwoord = pagina.goto(f"{live_server.url}/beheerder/")
    assert antwoord.status == 403
    expect(kop(pagina)).to_have_text("Geen toegang")
    assert_toegankelijk(pagina)


def test_beheerder_filtert_toegangslog(pagina, live_server, gebruikers):
    inloggen_via_formulieren(pagina, live_server, gebruikers["fb"])  # its login is what it filters on
    pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Toegangslog").click()
    expect(kop(pagina)).to_have_text("Toegangslog")

    pagina.get_by_label("Actie").select_option(label="Inloggen")
    pagina.get_by_label("Uitkomst").select_option(label="Toegestaan")
    pagina.get_by_label("Vanaf (datum)").fill("2020-01-01")
    pagina.get_by_role("button", name="Filteren").click()

    expect(pagina).to_have_url(re.compile(r"actie=inloggen&uitkomst=toegestaan.*&vanaf=2020-01-01"))
    tabel = pagina.get_by_role("table")
    expect(tabel.get_by_role("row").filter(has_text="ingelogd met tweede factor")).to_have_count(1)
    expect(tabel).not_to_contain_text("Bekijken")
    # The filter stays filled in, so the user sees what the list is filtered on.
    expect(pagina.get_by_label("Actie")).to_have_value("inloggen")
    expect(pagina.get_by_label("Vanaf (datum)")).to_have_value("2020-01-01")
    assert_toegankelijk(pagina)


def test_toegangslog_met_ongeldige_datums_is_toegankelijk(pagina, live_server, gebruikers):
    inloggen(pagina, live_server, gebruikers["fb"])
    pagina.goto(f"{live_server.url}/beheerder/toegangslog/")

    # Through the form: an end date before the start date.
    pagina.get_by_label("Vanaf (datum)").fill("2026-02-01")
    pagina.get_by_label("Tot en met (datum)").fill("2026-01-01")
    pagina.get_by_role("button", name="Filteren").click()
    expect(pagina.get_by_role("alert")).to_contain_text("Controleer het formulier.")
    tot = pagina.get_by_label("Tot en met (datum)")
    expect(tot).to_have_attribute("aria-invalid", "true")
    expect(tot).to_have_accessible_description("De einddatum ligt vóór de begindatum.")
    expect(pagina.get_by_role("table")).to_contain_text("Geen regels gevonden voor deze filters.")
    assert_toegankelijk(pagina)

    # A date that does not exist, as from an edited or old link.
    antwoord = pagina.goto(f"{live_server.url}/beheerder/toegangslog/?vanaf=2026-02-30")
    assert antwoord.status == 400
    vanaf = pagina.get_by_label("Vanaf (datum)")
    expect(vanaf).to_have_attribute("aria-invalid", "true")
    expect(vanaf).to_have_accessible_description("Vul een geldige datum in, zoals 2026-01-31.")
    assert_toegankelijk(pagina)


# --- First login: link the authenticator app ----------------------------------------------


def test_eerste_login_koppelt_authenticator_app(pagina, live_server, plaatsen):
    nieuw = maak_gebruiker(
        "nieuw@test.example",
        Rol.AANDACHTSFUNCTIONARIS,
        gemeenten=[plaatsen["hilversum"]],
        tweede_factor=False,
    )
    wachtwoord_invullen(pagina, live_server, nieuw.email)

    expect(pagina).to_have_url(f"{live_server.url}/inloggen/koppelen/")
    expect(kop(pagina)).to_have_text("Authenticator-app koppelen")
    qr = pagina.get_by_role("img", name=re.compile("QR"))
    expect(qr).to_be_visible()
    assert_toegankelijk(pagina)

    geheim = pagina.locator("code.geheim").inner_text()
    assert re.fullmatch(r"([A-Z2-7=]{1,4} ?)+", geheim.strip()), geheim
    sleutel = base64.b32decode(geheim.replace(" ", ""))
    pagina.get_by_label("Code uit uw authenticator-app").fill(f"{TOTP(sleutel).token():06d}")
    pagina.get_by_role("button", name="Koppelen en inloggen").click()

    expect(pagina).to_have_url(f"{live_server.url}/signalen/")
    expect(kop(pagina)).to_have_text("Signalen")


# --- Logout, no JavaScript, session warning -----------------------------------------------


def test_uitloggen(pagina, live_server, gebruikers):
    inloggen(pagina, live_server, gebruikers["zc"])
    pagina.get_by_role("button", name="Uitloggen").click()

    expect(pagina).to_have_url(f"{live_server.url}/inloggen/")
    expect(pagina.get_by_role("status")).to_have_text("U bent uitgelogd.")
    expect(pagina.get_by_role("button", name="Uitloggen")).to_have_count(0)
    # The session is really gone: a page behind login sends back to the login form.
    pagina.goto(f"{live_server.url}/zorgcoordinatie/")
    expect(kop(pagina)).to_have_text("Inloggen")


def test_inloggen_werkt_zonder_javascript(browser: Browser, live_server, gebruikers):
    context = nieuwe_context(browser, java_script_enabled=False)
    try:
        pagina = context.new_page()
        inloggen_via_formulieren(pagina, live_server, gebruikers["kr"])
        expect(pagina).to_have_url(f"{live_server.url}/ketenregie/")
        expect(kop(pagina)).to_have_text("Ketenregie")
        pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
        expect(kop(pagina)).to_have_text("Rapportages")
    finally:
        context.close()


def test_sessiewaarschuwing_en_verlengen(pagina, live_server, gebruikers, settings):
    settings.SESSIE_INACTIEF_MINUTEN = 1
    settings.SESSIE_WAARSCHUWING_MINUTEN = 1
    # A controllable clock for the page, so the 15-second tick of sessie.js need not be waited for.
    pagina.clock.install()
    inloggen(pagina, live_server, gebruikers["af"])
    melding = pagina.locator("#sessiemelding")
    expect(melding).to_be_hidden()

    pagina.clock.run_for(16_000)  # one tick: 44 seconds left, within the 60-second warning

    expect(melding).to_be_visible()
    expect(melding).to_contain_text("Uw sessie verloopt over minder dan een minuut")
    assert_toegankelijk(pagina)

    melding.get_by_role("button", name="Sessie verlengen").click()
    expect(melding).to_be_hidden()
    expect(pagina).to_have_url(f"{live_server.url}/signalen/")  # extended in place, no reload


# The innermost elements that reach past the window's right edge, to name them in a failure.
TE_BREDE_ELEMENTEN = """() => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter(e => ![...e.children].some(k => k.getBoundingClientRect().right > window.innerWidth + 0.5))
    .filter(e => !e.closest(".utrecht-table-container"))
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} `
        + `(${Math.round(e.getBoundingClientRect().right)} px)`)"""


def past_op_320_pixels(page: Page) -> None:
    """WCAG 1.4.10 (reflow): at 320 CSS pixels the page does not scroll sideways; a wide table
    scrolls inside its own container. The window is narrowed for the check and widened again
    (the page is laid out anew, as on a phone, without loading it a second time)."""
    venster = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        breedte = page.evaluate("document.documentElement.scrollWidth")
        if breedte > 320:
            te_breed = page.evaluate(TE_BREDE_ELEMENTEN)
            pytest.fail(f"{page.url} is {breedte} pixels breed op een scherm van 320: {te_breed}")
    finally:
        if venster:
            page.set_viewport_size(venster)


def test_een_tweede_tabblad_houdt_de_sessie_ook_in_het_eerste_open(
    browser: Browser, live_server, gebruikers, settings
):
    """Working in one tab resets the server's idle timer for the session: a tab left open
    beside it (with a half-filled form, say) neither warns nor leaves its page too early."""
    settings.SESSIE_INACTIEF_MINUTEN = 2
    settings.SESSIE_WAARSCHUWING_MINUTEN = 1
    context = nieuwe_context(browser)
    context.clock.install()
    try:
        eerste = context.new_page()
        inloggen(eerste, live_server, gebruikers["af"])
        eerste.goto(f"{live_server.url}/signalen/nieuw/")
        eerste.get_by_label("Omschrijving").fill("Half ingevuld")
        melding = eerste.locator("#sessiemelding")

        context.clock.run_for(100_000)  # 20 seconds left for the first tab on its own
        tweede = context.new_page()
        tweede.goto(f"{live_server.url}/signalen/")  # activity: the session lasts 120 s from now
        expect(tweede.get_by_role("heading", level=1)).to_have_text("Signalen")

        context.clock.run_for(31_000)  # past the first tab's own end; 89 s left for the session
        expect(melding).to_be_hidden()
        assert eerste.url == f"{live_server.url}/signalen/nieuw/"
        expect(eerste.get_by_label("Omschrijving")).to_have_value("Half ingevuld")

        context.clock.run_for(45_000)  # 44 s left: now the first tab warns, as it should
        expect(melding).to_be_visible()
        tweede.reload()  # more activity in the second tab
        context.clock.run_for(16_000)  # the first tab's next tick sees it
        expect(melding).to_be_hidden()
        assert eerste.url == f"{live_server.url}/signalen/nieuw/"
    finally:
        context.close()


def test_de_toegankelijkheidscontrole_vindt_een_overtreding(browser: Browser):
    """axe-core, as every browser test runs it, reports what is wrong (an image without a text
    alternative, a field without a label), so a page that passes passed a real check."""
    page = nieuwe_pagina(browser)
    try:
        page.set_content(
            '<!DOCTYPE html><html lang="nl"><head><title>Proef</title></head><body><main>'
            '<h1>Proef</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
            "</main></body></html>"
        )
        regels = {overtreding["id"] for overtreding in axe_controleren(page)}
    finally:
        page.context.close()
    assert {"image-alt", "label"} <= regels
