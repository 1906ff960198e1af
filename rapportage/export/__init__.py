"""The figures of a report as CSV and XLSX, for the ketenregisseur's own analysis.

The task that makes the PDF (``rapportage.tasks.rapport_maken``) writes both files from the
same gathering and stores them beside it: they are the PDF's figures, whenever they are
downloaded. ``tabellen(context)`` turns the gathering (``rapportage.inhoud.verzamelen``)
into typed tables (``rapportage.tabellen.Tabel``), part by part
(``rapportage.export.onderdelen``); the CSV and XLSX writers only render those tables:

- suppressed exactly as printed: a hidden cell keeps its printed text ("<5", "x"), its true
  value (``Cel.waarde``) never reaches the file; the region totals are exact numbers;
- numbers stay numbers (in the XLSX real number cells, right for sorting and sums);
- the charts are left out: every chart's figures are a table of their own as well;
- no people: knelpunten and their actions without "ingebracht door" and without the
  action's owner, as in the PDF. Their texts (and the bijzonderheden) are the
  ketenregisseur's own texts meant for the report, not texts from cases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapportage.export.csvbestand import csv_schrijven
from rapportage.export.onderdelen import OVER_HET_RAPPORT, OnbekendOnderdeel, alle_tabellen
from rapportage.export.tekst import TITEL, toelichting
from rapportage.export.xlsxbestand import INGEKORT, xlsx_schrijven
from rapportage.tabellen import Tabel, uniek_met_bladnamen

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tabellen(context: dict[str, Any]) -> list[Tabel]:
    """Every table of the gathering, in its order, each with a sheet name of its own.

    The same table reached twice (the signals per gemeente are both in the signal figures and
    a table of the report) is written once.
    """
    return uniek_met_bladnamen(alle_tabellen(context))


def csv_maken(context: dict[str, Any], *, nu: datetime, pdf_sha256: str) -> bytes:
    """The figures as one CSV file: the explanation, then every table under its title."""
    return csv_schrijven(toelichting(context, nu=nu, pdf_sha256=pdf_sha256), tabellen(context))


def xlsx_maken(context: dict[str, Any], *, nu: datetime, pdf_sha256: str) -> bytes:
    """The figures as a workbook: "Toelichting" first, then one sheet per table."""
    rapport = context["rapport"]
    return xlsx_schrijven(
        toelichting(context, nu=nu, pdf_sha256=pdf_sha256),
        tabellen(context),
        titel=f"{TITEL}, {context['regio'].naam}, {context['periode_label']}, versie {rapport.versie}",
        nu=nu,
    )


__all__ = [
    "CSV_TYPE",
    "INGEKORT",
    "OVER_HET_RAPPORT",
    "TITEL",
    "XLSX_TYPE",
    "OnbekendOnderdeel",
    "Tabel",
    "csv_maken",
    "csv_schrijven",
    "tabellen",
    "toelichting",
    "xlsx_maken",
    "xlsx_schrijven",
]
