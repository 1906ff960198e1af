"""The halfjaarrapportage in a real browser: from the bijzonderheden to the downloaded PDF.

The ketenregisseur of Gooi en Vechtstreek writes the previous half-year's bijzonderheden,
asks for the report of that half-year (first with a custom period that ends before it
begins), watches the progress on the report's page and downloads the PDF, which carries
the bijzonderheden. The same page without JavaScript shows the status, refreshes itself
and offers the download once the report is klaar. An aandachtsfunctionaris and a
zorgcoördinator get 404 on every URL of the report. axe-core checks every page and state.

With a broker (CI: Redis, PostgreSQL) the session's real Celery worker makes the report;
without one (``make test``: SQLite) the task runs in this process. Either way the test
holds the task's message back at first (as a busy queue would), so that the page is
caught while the report waits: the state with the progress bar and the self-refresh is
then always seen, not only when the worker happens to be slow. While the page without
JavaScript is used and while the task is sent (and, eagerly, runs here), the status
requests of the page with JavaScript are held in the browser: with SQLite the live server
and this test share one in-memory connection, which must never be used twice at once.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Callable
from unittest import mock

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, Route, expect
from pypdf import PdfReader

import mensenhandel.settings as basisinstellingen
from ketenregie.models import Bijzonderheden
from mensenhandel.models import ToegangsLog
from rapportage import opslag
from rapportage.models import Periodesoort, Rapport, Status
from rapportage.services import vorig_halfjaar
from rapportage.tasks import rapport_maken
from rapportage.views import VERVERSEN_SECONDEN
from tests.browser.conftest import assert_toegankelijk, inloggen, nieuwe_pagina, wachtwoord_invullen
from tests.browser.reizen import Reis
from tests.conftest import huidige_code, volledig_inloggen
from tests.rapportage.hulp import aanvragen, klaar_maken

pytestmark = pytest.mark.browser

BIJZONDERHEDEN = (
    "Het netwerk van aandachtsfunctionarissen kwam dit halfjaar vier keer bijeen. Wijkteams in Huizen "
    "herkennen arbeidsuitbuiting in de schoonmaakbranche beter sinds de training van maart."
)
TEKST_WACHTRIJ = "De rapportage staat in de wachtrij. Het maken begint meestal binnen enkele seconden."
TEKST_KLAAR = "De rapportage is klaar."
FOUT_VOLGORDE = "De laatste maand ligt vóór de eerste maand."
# A real worker renders the whole report; a slow CI machine gets plenty of time.
KLAAR_BINNEN_MS = 180_000

# Notes every state the page's progress bar and status sentence take, in sessionStorage so
# that the list survives the reload the page's script does when the report is done.
VOORTGANG_NOTEREN = """
document.addEventListener("DOMContentLoaded", () => {
  const blok = document.querySelector("[data-rapport-status]");
  if (!blok) { return; }
  const balk = blok.querySelector("progress");
  const tekst = blok.querySelector("[data-rapport-tekst]");
  const sleutel = "voortgang " + location.pathname;
  const noteren = () => {
    const lijst = JSON.parse(sessionStorage.getItem(sleutel) || "[]");
    const stand = [Number(balk.getAttribute("value")), tekst.textContent.trim()];
    const vorige = lijst[lijst.length - 1];
    if (!vorige || vorige[0] !== stand[0] || vorige[1] !== stand[1]) {
      lijst.push(stand);
      sessionStorage.setItem(sleutel, JSON.stringify(lijst));
    }
  };
  noteren();
  const waarnemer = new MutationObserver(noteren);
  waarnemer.observe(balk, { attributes: true, attributeFilter: ["value"] });
  waarnemer.observe(tekst, { childList: true, characterData: true, subtree: true });
});
"""


def kop(page: Page):
    return page.get_by_role("heading", level=1)


def melding(page: Page, tekst: str):
    return page.get_by_role("status").filter(has_text=tekst)


def hoofdmenu(page: Page, naam: str):
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=naam, exact=True)


def in_inhoud(page: Page, naam: str):
    return page.get_by_role("main").get_by_role("link", name=naam, exact=True)


def fout_bij(veld, tekst: str) -> None:
    """The field is marked invalid and its error message is part of its description."""
    expect(veld).to_have_attribute("aria-invalid", "true")
    expect(veld).to_have_accessible_description(re.compile(re.escape(tekst)))


def nog_eens_inloggen(page: Page, live_server, gebruiker) -> None:
    """Log in through the forms a second time: the code the first login used is spent (no
    replay), so with the app's next code, which the server accepts within its tolerance."""
    wachtwoord_invullen(page, live_server, gebruiker.email)
    expect(kop(page)).to_have_text("Code invullen")
    page.get_by_label("Code uit uw authenticator-app").fill(huidige_code(gebruiker, 1))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))


def wachten_tot(page: Page, voorwaarde: Callable[[], bool], seconden: float, wat: str) -> None:
    """Wait for a condition that Playwright's own events make true (a route handler runs only
    while this thread is inside a Playwright call, so this lets it deliver them)."""
    for _ in range(int(seconden * 20)):
        if voorwaarde():
            return
        page.wait_for_timeout(50)
    pytest.fail(f"Na {seconden} seconden nog niet: {wat}")


def pdf_tekst(lezer: PdfReader) -> str:
    """The PDF's text as a reader extracts it, whitespace collapsed."""
    return " ".join(" ".join(pagina.extract_text() or "" for pagina in lezer.pages).split())


class Statusverzoeken:
    """The status requests of a report's page, passed on or held in the browser on demand.

    The page's script asks for the status one request at a time (the next only after the
    answer), so once one is held, none is on its way to the server.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.vast = False
        self.wachtend: list[Route] = []
        self.aantal = 0
        page.route(lambda adres: adres.endswith("/status/"), self._verzoek)

    def _verzoek(self, route: Route) -> None:
        self.aantal += 1
        if self.vast:
            self.wachtend.append(route)
        else:
            route.continue_()

    def vasthouden(self) -> None:
        self.vast = True
        wachten_tot(self.page, lambda: bool(self.wachtend), 30, "een statusvraag van de pagina vastgehouden")

    def doorlaten(self) -> None:
        self.vast = False
        while self.wachtend:
            self.wachtend.pop().continue_()


@pytest.fixture
def rapportenmap(settings, tmp_path, celery_werker):
    """Where the PDFs go: the real worker writes where its environment says (this process must
    read there too); without a worker the task runs here and writes into the test's own folder."""
    if celery_werker is None:
        settings.RAPPORTEN_ROOT = tmp_path / "rapporten"
    else:
        settings.RAPPORTEN_ROOT = basisinstellingen.RAPPORTEN_ROOT
    return settings.RAPPORTEN_ROOT


@pytest.fixture
def berichten_vasthouden(monkeypatch):
    """Hold the task's messages back (as a busy queue does); ``versturen()`` sends them then,
    to the real worker through the broker, or in this process when tasks run eagerly."""
    origineel = rapport_maken.delay
    vastgehouden: list[int] = []
    monkeypatch.setattr(rapport_maken, "delay", lambda rapport_id: vastgehouden.append(rapport_id))

    def versturen() -> int:
        aantal = len(vastgehouden)
        while vastgehouden:
            origineel(vastgehouden.pop(0))
        return aantal

    return versturen


def test_ketenregisseur_maakt_de_halfjaarrapportage_en_downloadt_de_pdf(
    browser: Browser,
    pagina: Page,
    live_server,
    gebruikers,
    plaatsen,
    celery_werker,
    rapportenmap,
    berichten_vasthouden,
):
    kr = gebruikers["kr"]
    regio = plaatsen["gv"]
    soort, van, tot = vorig_halfjaar(timezone.localdate())
    helft = 1 if soort == Periodesoort.EERSTE_HALFJAAR else 2
    halfjaar = f"{Periodesoort(soort).label} {van.year}"  # e.g. "Eerste halfjaar 2026"
    periode = halfjaar.lower()
    page = pagina
    page.add_init_script(VOORTGANG_NOTEREN)

    # --- 1. The bijzonderheden of the previous half-year, through the links -------------------
    inloggen(page, live_server, kr)
    expect(kop(page)).to_have_text("Ketenregie")
    in_inhoud(page, "Knelpunten").click()
    expect(kop(page)).to_have_text("Knelpunten")
    in_inhoud(page, "bijzonderheden per halfjaar").first.click()
    expect(kop(page)).to_have_text("Bijzonderheden per halfjaar")
    tabel = page.get_by_role("table", name=f"Bijzonderheden van {regio.naam}, nieuwste halfjaar eerst")
    rij = tabel.get_by_role("row").filter(has=page.get_by_role("rowheader", name=halfjaar, exact=True))
    expect(rij).to_contain_text("Nog niet ingevuld")
    assert_toegankelijk(page)
    rij.get_by_role("link", name=f"Bijzonderheden {periode} van {regio.naam} invullen").click()
    expect(kop(page)).to_have_text(f"Bijzonderheden {periode}")
    assert_toegankelijk(page)

    with page.expect_response(lambda r: r.request.method == "POST") as antwoord:
        page.get_by_role("button", name="Opslaan").click()  # empty first
    assert antwoord.value.status == 400
    fout_bij(page.get_by_label("Bijzonderheden", exact=True), "Schrijf de bijzonderheden van dit halfjaar.")
    assert not Bijzonderheden.objects.exists()
    assert_toegankelijk(page)

    page.get_by_label("Bijzonderheden", exact=True).fill(BIJZONDERHEDEN)
    page.get_by_role("button", name="Opslaan").click()
    expect(kop(page)).to_have_text("Bijzonderheden per halfjaar")
    expect(melding(page, "opgeslagen")).to_have_text(f"De bijzonderheden van het {periode} zijn opgeslagen.")
    rij = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=halfjaar, exact=True))
    expect(rij).to_contain_text(f"door {kr.naam}")
    expect(rij).to_contain_text("Het netwerk van aandachtsfunctionarissen kwam dit halfjaar")
    assert_toegankelijk(page)

    # --- 2. Rapportages: the form, first with a custom period that ends before it begins -----
    # The journey counted (issue 17): from here to the download, without the error round.
    reis = Reis(page, "KR: rapportage maken en downloaden")
    reis.klik(hoofdmenu(page, "Rapportages"))
    expect(kop(page)).to_have_text("Rapportages")
    expect(page.get_by_role("main")).to_contain_text("Er zijn nog geen rapportages gemaakt.")
    expect(page.get_by_role("main")).to_contain_text(f"Regio: {regio.naam}")
    keuze = page.get_by_role("group", name="Periode")
    expect(keuze.get_by_label(Periodesoort(soort).label, exact=True)).to_be_checked()
    expect(page.get_by_label("Jaar", exact=True)).to_have_value(str(van.year))
    assert_toegankelijk(page)

    fout_van = f"{van.replace(month=van.month + 3):%Y-%m}"
    fout_tot = f"{van.replace(month=van.month + 1):%Y-%m}"
    with reis.buiten_de_telling():
        keuze.get_by_label("Eigen periode", exact=True).check()
        page.get_by_label("Eerste maand", exact=True).fill(fout_van)
        page.get_by_label("Laatste maand", exact=True).fill(fout_tot)
        with page.expect_response(lambda r: r.request.method == "POST") as antwoord:
            page.get_by_role("button", name="Rapportage maken").click()
    assert antwoord.value.status == 400
    expect(kop(page)).to_have_text("Rapportages")
    expect(page.get_by_role("alert").filter(has_text="Controleer het formulier.")).to_be_visible()
    fout_bij(page.get_by_label("Laatste maand", exact=True), FOUT_VOLGORDE)
    expect(
        page.get_by_role("group", name="Periode").get_by_label("Eigen periode", exact=True)
    ).to_be_checked()
    expect(page.get_by_label("Eerste maand", exact=True)).to_have_value(fout_van)
    expect(page.get_by_label("Laatste maand", exact=True)).to_have_value(fout_tot)
    expect(page.get_by_label("Jaar", exact=True)).to_have_value(str(van.year))
    assert not Rapport.objects.exists()
    assert_toegankelijk(page)

    # The previous half-year; its year is still filled in.
    with reis.buiten_de_telling():  # chosen by itself on the form's first view
        page.get_by_role("group", name="Periode").get_by_label(Periodesoort(soort).label, exact=True).check()
    reis.klik(page.get_by_role("button", name="Rapportage maken"))
    expect(kop(page)).to_have_text(f"Rapportage {periode}")
    expect(melding(page, "wordt gemaakt")).to_have_text(
        f"De rapportage over het {periode} (versie 1) wordt gemaakt."
    )
    rapport_url = page.url
    rapport_uuid = re.fullmatch(rf"{re.escape(live_server.url)}/rapportage/([0-9a-f-]{{36}})/", rapport_url)
    assert rapport_uuid, rapport_url

    # --- While the report waits: the progress bar, and the script asking for the status ------
    statusverzoeken = Statusverzoeken(page)
    voortgang = page.get_by_role("progressbar", name="Voortgang")
    tekst = page.locator("[data-rapport-tekst]")
    expect(voortgang).to_have_attribute("value", "0")
    expect(tekst).to_have_text(TEKST_WACHTRIJ)
    expect(tekst).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("link", name=re.compile("PDF downloaden"))).to_have_count(0)
    with page.expect_response(lambda r: r.url.endswith("/status/"), timeout=15_000) as antwoord:
        pass
    assert antwoord.value.json() == {
        "status": "aangevraagd",
        "status_label": "Aangevraagd",
        "voortgang": 0,
        "tekst": TEKST_WACHTRIJ,
        "afgerond": False,
    }
    expect(kop(page)).to_have_text(f"Rapportage {periode}")  # not reloaded: not done yet
    assert_toegankelijk(page)

    # --- 3. The same page without JavaScript: the status, and a page that refreshes itself ---
    statusverzoeken.vasthouden()  # from here on, only the page without JavaScript asks the server
    zonder_js = nieuwe_pagina(browser, java_script_enabled=False)
    try:
        nog_eens_inloggen(zonder_js, live_server, kr)
        zonder_js.goto(rapport_url)
        expect(kop(zonder_js)).to_have_text(f"Rapportage {periode}")
        expect(zonder_js.get_by_role("main")).to_contain_text(f"{regio.naam}, versie 1 Aangevraagd")
        expect(zonder_js.get_by_role("progressbar", name="Voortgang")).to_have_attribute("value", "0")
        expect(zonder_js.get_by_text(TEKST_WACHTRIJ)).to_be_visible()
        verversen = zonder_js.locator('meta[http-equiv="refresh"]')
        expect(verversen).to_have_count(1)
        expect(verversen).to_have_attribute("content", str(VERVERSEN_SECONDEN))
        # (Playwright's text matching skips <noscript>; its paragraph is matched by itself.)
        expect(zonder_js.locator("main noscript p")).to_contain_text(
            f"Deze pagina ververst zichzelf elke {VERVERSEN_SECONDEN} seconden tot de rapportage klaar is."
        )
        expect(zonder_js.get_by_role("link", name="Nu verversen")).to_be_visible()
        expect(zonder_js.get_by_role("link", name=re.compile("PDF downloaden"))).to_have_count(0)
        # The browser reloads the page by itself.
        with zonder_js.expect_event("load", timeout=(VERVERSEN_SECONDEN + 10) * 1000):
            pass
        assert zonder_js.url == rapport_url
        expect(zonder_js.get_by_text(TEKST_WACHTRIJ)).to_be_visible()
        zonder_js.goto("about:blank")  # no more refreshes while the task runs

        # --- The report is made; the page with JavaScript follows it to the end --------------
        assert Rapport.objects.get().status == Status.AANGEVRAAGD
        assert berichten_vasthouden() == 1  # the real worker, or (eagerly) right here
        statusverzoeken.doorlaten()
        einde = page.get_by_role("heading", level=2, name=re.compile(r"^(Downloaden|Niet gelukt)$"))
        expect(einde).to_be_visible(timeout=KLAAR_BINNEN_MS)
        if einde.inner_text() != "Downloaden":
            pytest.fail(f"De rapportage is mislukt: {page.get_by_role('alert').inner_text()}")
        assert page.url == rapport_url  # the script reloaded the page; nobody navigated
        standen = page.evaluate(
            "sleutel => JSON.parse(sessionStorage.getItem(sleutel) || '[]')",
            f"voortgang /rapportage/{rapport_uuid.group(1)}/",
        )
        assert standen[0] == [0, TEKST_WACHTRIJ], standen
        assert standen[-1] == [100, TEKST_KLAAR], standen  # shown before the page reloaded
        procenten = [procent for procent, _ in standen]
        assert procenten == sorted(procenten), standen
        assert statusverzoeken.aantal >= 2
        expect(page.get_by_role("main")).to_contain_text(f"{regio.naam}, versie 1 Klaar")
        expect(page.get_by_role("progressbar")).to_have_count(0)
        assert_toegankelijk(page)

        # --- The download --------------------------------------------------------------------
        knop = page.get_by_role("link", name=re.compile(r"^PDF downloaden \("))
        download = reis.download(knop)
        reis.melden()
        # Rapportages, Rapportage maken, the page's own reload when done, and the download.
        assert (reis.paginas, reis.klikken, reis.downloads) == (3, 3, 1), reis.samenvatting()
        bestandsnaam = download.suggested_filename
        assert bestandsnaam.endswith(".pdf")
        assert bestandsnaam == f"rapportage-gooi-en-vechtstreek-{van.isoformat()}-tm-{tot.isoformat()}-v1.pdf"
        inhoud = download.path().read_bytes()
        assert inhoud.startswith(b"%PDF")
        # The catalog sits in a compressed object stream, so "/Lang (nl)" is not in the raw
        # bytes; pypdf reads the catalog itself: language nl, and tagged.
        lezer = PdfReader(io.BytesIO(inhoud))
        catalogus = lezer.trailer["/Root"]
        assert catalogus["/Lang"] == "nl"
        assert bool(catalogus["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalogus
        # The checksum on the page is the one of the file the user received.
        expect(page.locator("code.controlesom")).to_have_text(hashlib.sha256(inhoud).hexdigest())
        tekst_pdf = pdf_tekst(lezer)
        assert BIJZONDERHEDEN in tekst_pdf
        assert regio.naam in tekst_pdf

        # The figures made with it, as a spreadsheet: the same bijzonderheden, the PDF's checksum.
        with page.expect_download() as download_cijfers:
            page.get_by_role("link", name=re.compile(r"^Cijfers als Excel-bestand")).click()
        cijferbestand = download_cijfers.value.suggested_filename
        assert cijferbestand == bestandsnaam.removesuffix(".pdf") + "-cijfers.xlsx"
        boek = load_workbook(io.BytesIO(download_cijfers.value.path().read_bytes()))
        toelichting = {r[0]: r[1] for r in boek["Toelichting"].iter_rows(min_row=3, values_only=True) if r[0]}
        assert toelichting["Controlesom van de PDF (SHA-256)"] == hashlib.sha256(inhoud).hexdigest()
        assert boek["Bijzonderheden"]["B4"].value == BIJZONDERHEDEN

        # --- Finished, without JavaScript: the status and the download -----------------------
        zonder_js.goto(rapport_url)
        expect(zonder_js.get_by_role("main")).to_contain_text(f"{regio.naam}, versie 1 Klaar")
        expect(zonder_js.locator('meta[http-equiv="refresh"]')).to_have_count(0)
        expect(zonder_js.get_by_role("progressbar")).to_have_count(0)
        with zonder_js.expect_download() as download_zonder_js:
            zonder_js.get_by_role("link", name=re.compile(r"^PDF downloaden \(")).click()
        assert download_zonder_js.value.path().read_bytes() == inhoud
    finally:
        zonder_js.context.close()
        rapport = Rapport.objects.filter().first()
        if rapport is not None and celery_werker is not None:
            opslag.alles_verwijderen(rapport.uuid)

    # --- What the pages did, in the database ----------------------------------------------------
    tekst_db = Bijzonderheden.objects.get()
    assert (tekst_db.regio, tekst_db.jaar, tekst_db.helft, tekst_db.tekst) == (
        regio,
        van.year,
        helft,
        BIJZONDERHEDEN,
    )
    rapport = Rapport.objects.get()
    assert (rapport.regio, rapport.soort, rapport.van, rapport.tot, rapport.versie) == (
        regio,
        soort,
        van,
        tot,
        1,
    )
    assert rapport.status == Status.KLAAR and rapport.aangevraagd_door == kr
    assert rapport.sha256 == hashlib.sha256(inhoud).hexdigest()
    downloads = ToegangsLog.objects.filter(
        actie=ToegangsLog.Actie.EXPORTEREN,
        object_id=str(rapport.uuid),
        uitkomst=ToegangsLog.Uitkomst.TOEGESTAAN,
    )
    # Every download is in the access log: the PDF twice, the figures once.
    assert sorted(downloads.values_list("scherm", flat=True)) == [
        "rapportage:downloaden",
        "rapportage:downloaden",
        "rapportage:export_xlsx",
    ]


# --- 4. Not the AF's or the zorgcoördinator's: 404 on every report URL ------------------------------


def rapportage_urls(rapport_uuid: uuid.UUID) -> dict[str, str]:
    """Every URL pattern of the ``rapportage`` namespace that concerns one report, filled in."""
    gevonden: dict[str, str] = {}

    def loop(patronen: list, namespace: str) -> None:
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                loop(
                    patroon.url_patterns,
                    f"{namespace}{patroon.namespace}:" if patroon.namespace else namespace,
                )
            elif isinstance(patroon, URLPattern) and namespace == "rapportage:" and patroon.name:
                naam = f"rapportage:{patroon.name}"
                parameters = set(patroon.pattern.converters)
                if parameters == {"uuid"}:
                    gevonden[naam] = reverse(naam, kwargs={"uuid": rapport_uuid})
                elif parameters:
                    pytest.fail(f"{naam} heeft parameters {parameters}: vul ze hier in")

    loop(get_resolver().url_patterns, "")
    return gevonden


def _titel(html: str) -> str:
    gevonden = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return gevonden.group(1).strip() if gevonden else ""


@pytest.mark.parametrize("rol", ["af", "zc"])
def test_af_en_zorgcoordinator_krijgen_404_op_elke_rapportage_url(
    pagina: Page, live_server, gebruikers, settings, tmp_path, rol
):
    settings.RAPPORTEN_ROOT = tmp_path / "rapporten"
    kr = gebruikers["kr"]
    with mock.patch.object(rapport_maken, "delay"):  # made "klaar" below, without rendering
        rapport = klaar_maken(aanvragen(kr))
    urls = rapportage_urls(rapport.uuid)
    assert {"rapportage:rapport", "rapportage:status", "rapportage:downloaden"} <= set(urls)
    # The ketenregisseur reaches them: the report is there, so every 404 below is about who asks.
    client = volledig_inloggen(Client(), kr)
    assert client.get(urls["rapportage:rapport"]).status_code == 200
    assert client.get(urls["rapportage:downloaden"]).status_code == 200

    page = pagina
    inloggen(page, live_server, gebruikers[rol])
    expect(hoofdmenu(page, "Rapportages")).to_have_count(0)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    onbekend = rapportage_urls(uuid.uuid4())
    for naam, pad in urls.items():
        antwoord = page.request.get(live_server.url + pad, max_redirects=0)
        methode = "GET"
        if antwoord.status == 405:  # a step: only POST does something
            assert "POST" in antwoord.headers.get("allow", ""), naam
            methode = "POST"
            antwoord = page.request.post(
                live_server.url + pad, headers={"X-CSRFToken": token}, max_redirects=0
            )
        assert antwoord.status == 404, f"{rol} {methode} {naam}: {antwoord.status}"
        html = antwoord.text()
        assert _titel(html) == "Pagina niet gevonden", naam
        assert rapport.periode_label not in html, naam  # nothing of the report
        # Exactly what a report that does not exist gives.
        if methode == "GET":
            ander = page.request.get(live_server.url + onbekend[naam], max_redirects=0)
        else:
            ander = page.request.post(
                live_server.url + onbekend[naam], headers={"X-CSRFToken": token}, max_redirects=0
            )
        assert (ander.status, _titel(ander.text())) == (404, "Pagina niet gevonden"), naam
    rapport.refresh_from_db()
    assert (rapport.status, rapport.vastgesteld) == (Status.KLAAR, False)  # the POSTs changed nothing
    assert opslag.pad(rapport.bestand).exists()

    # The list is not theirs either, and the 404 page is accessible.
    assert page.request.get(live_server.url + reverse("rapportage:start"), max_redirects=0).status == 403
    antwoord = page.goto(live_server.url + urls["rapportage:rapport"])
    assert antwoord is not None and antwoord.status == 404
    expect(kop(page)).to_have_text("Pagina niet gevonden")
    assert_toegankelijk(page)
