"""The report as PDF: the figures of the crafted dataset in its text, no people, PDF/UA, fonts.

The dataset and the expected tables are in ``tests/rapportage/proefgegevens.py``; the same
rows are checked against the gathering in ``test_inhoud.py``. The PDF is made by the Celery
task (run eagerly) and read with pypdf (``tests/rapportage/pdfhulp.py``): text extracted
the way a PDF reader extracts it, the catalog, the XMP metadata, the structure tree, fonts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from mensenhandel.bescherming import uitleg
from rapportage import inhoud, pdf, tasks
from rapportage.models import Rapport
from tests.conftest import maak_gebruikers, maak_plaatsen
from tests.rapportage import pdfhulp
from tests.rapportage import proefgegevens as p
from tests.rapportage.hulp import aanvragen
from tests.rapportage.test_inhoud import ALS_GEDRUKT

# Meant to keep the whole module on one worker, so that the PDF is rendered once (``make test``
# distributes the other tests one by one: ``--dist loadgroup``). With pytest 9 and pytest-xdist
# 3.8 the group is not honoured (xdist sets ``item._nodeid``, pytest 9 reads ``item._id``), so each
# process that runs one of these tests renders it. Honouring it made
# test_export::test_na_een_wijziging_heeft_alleen_een_nieuwe_versie_de_nieuwe_cijfers fail on
# PostgreSQL in parallel: an order dependence to find before the group is put back.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("rapport_pdf")]


@pytest.fixture(scope="module")
def rapport_pdf(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[tuple[Rapport, bytes]]:
    """The crafted dataset's report, rendered once for this module (WeasyPrint takes seconds).

    Made in a transaction of its own that is rolled back afterwards; the tests only read the
    PDF's bytes and the report's regio and period, which stay in memory.
    """
    map_ = tmp_path_factory.mktemp("rapporten")
    with (
        django_db_blocker.unblock(),
        override_settings(
            SIGNALEN_TERUGKOPPELING_WACHTDAGEN=p.WACHTDAGEN,
            RAPPORTEN_ROOT=map_,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        plaatsen = maak_plaatsen()
        gebruikers = maak_gebruikers(plaatsen)
        p.maak(gebruikers, plaatsen)
        rapport = aanvragen(gebruikers["kr"], soort="eerste_halfjaar", jaar=2026)
        assert tasks.rapport_maken.apply(args=[rapport.pk]).get() == "klaar"
        rapport = Rapport.objects.select_related("regio").get(pk=rapport.pk)
        inhoud_pdf = (map_ / rapport.bestand).read_bytes()
        # The tables as the gathering prints them (``test_inhoud`` holds them against the true
        # figures), kept on the report: the data is rolled back below.
        c = inhoud.verzamelen(rapport)
        rapport.gedrukt = {titel: ALS_GEDRUKT[titel](c) for titel in p.TABELLEN}  # type: ignore[attr-defined]
        transaction.set_rollback(True)
    yield rapport, inhoud_pdf


def _patroon(*delen: str) -> str:
    """The parts one after the other, words separated by any whitespace (lines wrap)."""
    return r"\s+".join(re.escape(woord) for deel in delen for woord in deel.split())


def _regel(tekst: str, *delen: str) -> bool:
    return re.search(_patroon(*delen), tekst) is not None


def _tabel(tekst: str, titel: str, rijen: list[tuple[str, ...]]) -> bool:
    """The caption, its column headings (a few words, skipped), then every row in order."""
    cellen = [cel for rij in rijen for cel in rij]
    return re.search(_patroon(titel) + r"\s+(?:\S+\s+){0,40}?" + _patroon(*cellen), tekst) is not None


# --- The figures --------------------------------------------------------------------------------


def test_elke_tabel_staat_getal_voor_getal_in_de_pdf(rapport_pdf):
    """Every table as the gathering prints it (which ``test_inhoud`` holds against the true
    figures) stands in the PDF, number for number."""
    rapport, inhoud_pdf = rapport_pdf
    tekst = pdfhulp.tekst(inhoud_pdf)
    gedrukt = rapport.gedrukt
    ontbreekt = [titel for titel, rijen in gedrukt.items() if not _tabel(tekst, titel, rijen)]
    assert not ontbreekt, ontbreekt


def _zin(zin: str) -> str:
    """A sentence of ``ZINNEN`` as a pattern: each number may be printed protected."""
    delen = re.split(r"(\d+(?:,\d+)?%?)", zin)
    return "".join(
        r"(?:\d+(?:,\d+)?%?|<\d+|x|–)" if i % 2 else r"\s+".join(map(re.escape, re.split(r"\s+", deel)))
        for i, deel in enumerate(delen)
    )


def test_de_zinnen_met_cijfers_staan_in_de_pdf(rapport_pdf):
    _, inhoud_pdf = rapport_pdf
    tekst = " ".join(pdfhulp.tekst(inhoud_pdf).split())
    ontbreekt = [zin[:60] for zin in p.ZINNEN if not re.search(_zin(zin), tekst)]
    assert not ontbreekt, ontbreekt


def test_omslag_ketenregie_en_werkwijze(rapport_pdf):
    _, inhoud_pdf = rapport_pdf
    tekst = pdfhulp.tekst(inhoud_pdf)
    assert _regel(
        tekst,
        "Halfjaarrapportage aanpak mensenhandel",
        "Gooi en Vechtstreek",
        "Eerste halfjaar 2026",
        "Periode 1 januari 2026 tot en met 30 juni 2026",
        "Versie 1",
        "Gemaakt op",
    )
    assert "tussenstand" not in tekst  # the half-year was over
    # The suppression rule under a suppressed table and in the method section.
    assert _regel(tekst, "In deze tabel zijn kleine aantallen verborgen:", uitleg(p.DREMPEL))
    assert _regel(tekst, "Hoe de cijfers zijn beveiligd", "Voor alle cijfers in deze rapportage")
    assert _regel(tekst, uitleg(p.DREMPEL))
    assert _regel(tekst, "Nu: 30 juni 2026.")
    assert _regel(tekst, "meer dan 14 dagen eerder verstuurd.")
    for begrip in ("Besluit", "Tijd tot besluit", "Stapelingstreffer", "Aanmelding", "Toestemming CoMensha"):
        assert begrip in tekst, begrip
    # Ketenregie: the period's bijzonderheden and the open knelpunten with their actions.
    assert p.BIJZONDERHEDEN in tekst and p.BIJZONDERHEDEN_ANDER_HALFJAAR not in tekst
    assert _regel(tekst, p.KNELPUNT, "Thema: Opvang · Status: Open · Ingebracht op 1 maart 2026")
    assert _regel(tekst, p.ACTIE, "1-4-2026", "Afgerond", p.ACTIE_UITKOMST)
    assert _regel(tekst, p.ACTIE_2, "1-9-2026", "Open", "–")
    assert _regel(tekst, p.KNELPUNT_ZONDER_ACTIES, "Thema: Capaciteit · Status: In behandeling")
    assert p.KNELPUNT_OPGELOST not in tekst and "Knelpunt van Fryslân" not in tekst
    assert "Tekst van Fryslân." not in tekst and "Leeuwarden" not in tekst


def test_de_pdf_bevat_geen_gegevens_over_personen(rapport_pdf):
    _, inhoud_pdf = rapport_pdf
    tekst = pdfhulp.tekst(inhoud_pdf)
    for waarde in p.VERBODEN:
        assert waarde not in tekst, waarde
    assert not re.search(r"P-(?:2026-)?\d{5}", tekst)  # no reference or dossier number
    assert not re.search(r"\b(?:19|20)\d\d-\d\d-\d\d\b", tekst)  # no ISO dates
    assert "06 12345678" not in tekst and "1211 AB" not in tekst


# --- A PDF everyone can read --------------------------------------------------------------------


def test_pdf_ua_getagd_nederlands_met_titel(rapport_pdf):
    rapport, inhoud_pdf = rapport_pdf
    titel = f"Halfjaarrapportage aanpak mensenhandel {rapport.regio.naam}, {rapport.periode_label}"
    lezer = pdfhulp.lezer(inhoud_pdf)
    assert lezer.pdf_header == "%PDF-1.7"
    catalogus = pdfhulp.catalogus(inhoud_pdf)
    assert catalogus["/Lang"] == "nl"
    assert bool(catalogus["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalogus
    assert bool(catalogus["/ViewerPreferences"]["/DisplayDocTitle"])
    metadata = pdfhulp.metadata(inhoud_pdf)
    assert b'pdfuaid:part="1"' in metadata
    assert titel.encode() in metadata
    assert lezer.metadata.title == titel

    elementen = pdfhulp.structuur(inhoud_pdf)
    tags = {e.tag for e in elementen}
    assert {"Document", "H1", "H2", "H3", "Table", "THead", "TH", "TD", "Caption", "L", "LI", "Link"} <= tags
    assert [e.tag for e in elementen if e.tag.startswith("H")][:3] == ["H1", "H2", "H2"]  # cover, contents
    # Every chart a figure with its title as alternative text.
    figuren = [e.alt for e in elementen if e.tag == "Figure"]
    assert len(figuren) == 15
    assert figuren[:3] == ["Signalen per gemeente", "Signalen per vorm van uitbuiting", "Signalen per bron"]
    assert all(figuren), figuren


def test_lettertypen_ingebed_en_tekst_te_kopieren(rapport_pdf):
    _, inhoud_pdf = rapport_pdf
    fonts = pdfhulp.lettertypen(inhoud_pdf)
    assert fonts and all(f.ingebed for f in fonts), fonts
    # Only the vendored DejaVu Sans, under the report's name and under the charts' "Arial"
    # (rapport-pdf.css): no font of the server that rendered it.
    namen = {re.sub(r"^[A-Z]{6}\+", "", f.naam) for f in fonts}
    assert namen <= {"Rapport", "Rapport-Bold", "Arial", "Arial-Bold"}, namen
    assert {"Rapport", "Rapport-Bold"} <= namen
    assert all(f.tounicode for f in fonts)
    assert "\ufffd" not in pdfhulp.tekst(inhoud_pdf)


def test_a4_paginanummers_en_inhoudsopgave(rapport_pdf):
    _, inhoud_pdf = rapport_pdf
    maten = pdfhulp.paginamaten(inhoud_pdf)
    assert all({round(b), round(h)} == {595, 842} for b, h in maten)  # A4, portrait or landscape
    assert any(b > h for b, h in maten)  # the basisniveau table is landscape
    paginas = pdfhulp.paginateksten(inhoud_pdf)
    assert "Pagina" not in paginas[0]  # not on the cover
    for nummer, tekst in enumerate(paginas[1:], start=2):
        assert f"Pagina {nummer} van {len(paginas)}" in tekst
    inhoud_tekst = paginas[1]
    for hoofdstuk in (
        "Samenvatting",
        "Signalen",
        "Besluiten, doorverwijzingen en stapeling",
        "Stapeling van signalen",
        "Zorgcoördinatie",
        "Toestemming voor CoMensha",
        "Ontwikkeling over vier halfjaren",
        "Ketenregie",
        "Werkwijze en definities",
    ):
        gevonden = re.search(re.escape(hoofdstuk) + r"[ .]+(\d+) ", inhoud_tekst)
        assert gevonden, hoofdstuk
        # The page number in the table of contents is the page the chapter starts on.
        assert hoofdstuk in paginas[int(gevonden.group(1)) - 1], hoofdstuk


# --- The URL fetcher ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/mensenhandel/settings.py",
        "http://127.0.0.1:8000/",
        "https://example.org/logo.png",
        "data:text/css,body{}",
        "ftp://example.org/x.css",
        "rapportage/rapport-pdf.css",
        "/static/rapportage/rapport-pdf.css",
        "statisch:../mensenhandel/settings.py",
        "statisch:rapportage/../../mensenhandel/settings.py",
        "statisch:/etc/passwd",
        "statisch:",
    ],
)
def test_de_fetcher_weigert_alles_buiten_de_eigen_statische_bestanden(url):
    with pytest.raises((pdf.GeweigerdeURL, ValueError)):
        pdf.url_fetcher()(url)


def test_de_fetcher_geeft_eigen_statische_bestanden():
    antwoord = pdf.url_fetcher()("statisch:rapportage/rapport-pdf.css")
    try:
        assert antwoord.content_type == "text/css"
        assert b"@page" in antwoord.read()
    finally:
        antwoord.close()
    with pytest.raises(FileNotFoundError):
        pdf.url_fetcher()("statisch:rapportage/bestaat-niet.css")


@pytest.mark.parametrize(
    "bron",
    [
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<img src="https://example.org/x.png" alt="x">',
        '<style>body { background: url("file:///etc/hostname") }</style>',
    ],
)
def test_een_verwijzing_naar_buiten_stopt_het_maken(bron):
    html = (
        f'<!DOCTYPE html><html lang="nl"><head><title>T</title>{bron}</head><body><p>Hallo</p></body></html>'
    )
    with pytest.raises(pdf.PDFFout, match="kon niet worden geladen"):
        pdf.html_naar_pdf(html)


def test_een_pdf_zonder_taal_wordt_niet_gemaakt():
    with pytest.raises(pdf.PDFFout, match="PDF/UA"):
        pdf.html_naar_pdf(
            "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hallo</p></body></html>"
        )


def test_een_workerproces_laadt_weasyprint_bij_het_starten(caplog):
    """The handler is connected to the signal every worker process sends when it starts, and
    renders a page in the report's style (fonts through the fetcher) without error."""
    from celery.signals import worker_process_init

    with caplog.at_level("INFO", logger="rapportage.tasks"):
        worker_process_init.send(sender=None)
    assert "rapportage voorbereid in" in caplog.text
    assert "voorbereiden mislukt" not in caplog.text


def test_voorbereiden_dat_mislukt_houdt_de_worker_niet_tegen(monkeypatch, caplog):
    def kapot(html: str) -> bytes:
        raise pdf.PDFFout("Pango ontbreekt.")

    monkeypatch.setattr(pdf, "html_naar_pdf", kapot)
    tasks.weasyprint_voorbereiden()  # does not raise
    assert "rapportage voorbereiden mislukt" in caplog.text
