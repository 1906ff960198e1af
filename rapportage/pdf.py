"""Rendering a report: HTML from a Django template, then a PDF/UA-1 with WeasyPrint
(``mensenhandel.pdf``: only the worker loads WeasyPrint, and its URL fetcher serves only the
project's own static files, named with the ``statisch:`` prefix).

Fonts: DejaVu Sans, vendored under ``rapportage/static/rapportage/lettertypen`` and loaded
with ``@font-face`` through the same fetcher, so the PDF looks the same on every server;
WeasyPrint embeds the glyphs it uses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string

from mensenhandel.pdf import (  # noqa: F401  (the report's names for them)
    PDF_VARIANT,
    STATISCH,
    GeweigerdeURL,
    PDFFout,
    html_naar_pdf,
    statisch_pad,
    url_fetcher,
)
from rapportage import pdftabellen

logger = logging.getLogger(__name__)
SJABLOON = "rapportage/pdf/rapport.html"
VOORBEREIDEN = "rapportage/pdf/voorbereiden.html"


def html_maken(context: dict[str, Any]) -> str:
    """The report's HTML: the gathering, and every figures table as a typed table
    (``rapportage.pdftabellen``)."""
    tabellen = pdftabellen.tabellen(context)
    return render_to_string(SJABLOON, {**context, "statisch": STATISCH, "tabellen": tabellen})


def voorbereiden() -> None:
    """Load WeasyPrint, Pango, fontconfig and the report's fonts by rendering a small page in
    the report's style: a worker process does this once when it starts
    (``rapportage.tasks``), so that its first report is not slower than the next."""
    html_naar_pdf(render_to_string(VOORBEREIDEN, {"statisch": STATISCH}))


def rapport_pdf(context: dict[str, Any], voortgang: Callable[[int], None] | None = None) -> bytes:
    """The PDF of a report from its gathered contents; reports progress on the way."""
    html = html_maken(context)
    if voortgang is not None:
        voortgang(60)
    return html_naar_pdf(html)
