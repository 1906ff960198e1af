"""Rendering HTML to a tagged PDF (PDF/UA-1) with WeasyPrint, safely: for the reports
(``rapportage.pdf``) and the documents of an inzageverzoek (``mensenhandel.inzage``).

WeasyPrint is imported inside the functions: it loads Pango and friends, which only the
processes that render need. Its URL fetcher serves only the project's own static files, named in
the template with the ``statisch:`` prefix (``statisch:rapportage/rapport-pdf.css``) and found
through ``django.contrib.staticfiles.finders``. Anything else (``file://``, ``http(s)://``,
``data:``, a relative path) is refused with an exception that stops the rendering, so a
document can never read a file of the server or reach the network.
"""

from __future__ import annotations

import logging
import mimetypes
import warnings
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from django.contrib.staticfiles import finders

STATISCH = "statisch:"
PDF_VARIANT = "pdf/ua-1"


class PDFFout(Exception):
    """The PDF could not be made; the message is Dutch and may be shown to the user."""


class GeweigerdeURL(ValueError):
    """A resource outside the project's static files."""


def statisch_pad(url: str) -> str:
    """The static file name that a ``statisch:`` URL names; refuses everything else."""
    if not url.startswith(STATISCH):
        raise GeweigerdeURL(f"Alleen eigen statische bestanden zijn toegestaan, niet: {url[:100]}")
    naam = unquote(url[len(STATISCH) :].split("?", 1)[0].split("#", 1)[0])
    delen = PurePosixPath(naam).parts
    if not naam or naam.startswith("/") or "\\" in naam or any(d in ("..", ".") for d in delen):
        raise GeweigerdeURL(f"Ongeldige naam van een statisch bestand: {url[:100]}")
    return naam


def _weasyprint() -> Any:
    """Import WeasyPrint (Pango, HarfBuzz, fontconfig): only the worker pays for it."""
    with warnings.catch_warnings():
        # Without libharfbuzz-subset (the Dockerfile installs it) WeasyPrint subsets the
        # fonts with fontTools, which works, and warns that a future version will need it.
        warnings.filterwarnings(
            "ignore", message="HarfBuzz-Subset will be required", category=DeprecationWarning
        )
        import weasyprint
        import weasyprint.urls
    return weasyprint


def _fetcher_klasse() -> type:
    urls = _weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse

    # WeasyPrint is imported lazily (it is slow to load), so its class is a run-time value here.
    class StatischeBestanden(URLFetcher):  # type: ignore[valid-type,misc]
        """Serves ``statisch:<name>`` from the static files; refuses any other URL."""

        def __init__(self) -> None:
            # fail_on_errors: a refused or missing resource stops the rendering instead of
            # leaving a report without its stylesheet.
            super().__init__(timeout=1, allowed_protocols=("statisch",), fail_on_errors=True)

        def fetch(self, url: str, headers: Any = None) -> Any:
            naam = statisch_pad(url)
            gevonden = finders.find(naam)
            if not gevonden:
                raise FileNotFoundError(f"Statisch bestand niet gevonden: {naam}")
            soort = mimetypes.guess_type(naam)[0] or "application/octet-stream"
            with open(gevonden, "rb") as bestand:
                inhoud = bestand.read()
            return URLFetcherResponse(url, inhoud, {"Content-Type": soort})

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
            # Never fall back to urllib's handlers (file://, http://).
            return self.fetch(url if isinstance(url, str) else url.full_url)

    return StatischeBestanden


def url_fetcher() -> Any:
    """The only fetcher a report's rendering uses."""
    return _fetcher_klasse()()


class _Fouten(logging.Handler):
    """Collects WeasyPrint's error messages (a missing alt text, a refused resource)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.meldingen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.meldingen.append(record.getMessage())


def html_naar_pdf(html: str) -> bytes:
    """Render ``html`` to a tagged PDF/UA-1 document. Raises ``PDFFout``."""
    weasyprint = _weasyprint()
    HTML, FatalURLFetchingError = weasyprint.HTML, weasyprint.urls.FatalURLFetchingError

    weasy_logger = logging.getLogger("weasyprint")
    fouten = _Fouten()
    weasy_logger.addHandler(fouten)
    try:
        document = HTML(string=html, url_fetcher=url_fetcher(), media_type="print")
        inhoud = document.write_pdf(pdf_variant=PDF_VARIANT)
    except FatalURLFetchingError as fout:
        oorzaak = fout.__cause__ or fout
        raise PDFFout(f"Een onderdeel van de opmaak kon niet worden geladen: {oorzaak}") from fout
    finally:
        weasy_logger.removeHandler(fouten)
    if fouten.meldingen:
        # PDF/UA promises what these errors break (alternative texts, language): no PDF then.
        raise PDFFout("De PDF voldoet niet aan PDF/UA: " + "; ".join(fouten.meldingen)[:500])
    if not inhoud:
        raise PDFFout("De PDF is leeg gebleven.")
    return inhoud
