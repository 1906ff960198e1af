"""Every file a spreadsheet opens is written through ``mensenhandel.spreadsheet``: no text is
read as a formula (issue 15). The exports themselves are tried in their apps' tests
(``tests/signalen/test_views.py``, ``tests/zorgcoordinatie/test_views.py``,
``tests/rapportage/test_export.py``); this module holds the rule, and checks that no other
module writes CSV or XLSX on its own."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from mensenhandel.spreadsheet import csv_regels, csv_tekst, neutraliseren

WORTEL = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("=1+1", "'=1+1"),
        ("+31 20 123", "'+31 20 123"),
        ("-5 signalen", "'-5 signalen"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ('=HYPERLINK("https://kwaad.example";"Klik")', '\'=HYPERLINK("https://kwaad.example";"Klik")'),
        ("Gewoon een tekst", "Gewoon een tekst"),
        ("<5", "<5"),
        ("e-mail", "e-mail"),
        ("'=al neutraal", "'=al neutraal"),
        ("Tekst\x0bmet\x00stuurtekens", "Tekstmetstuurtekens"),
    ],
)
def test_neutraliseren(tekst, verwacht):
    assert neutraliseren(tekst) == verwacht
    assert neutraliseren(verwacht) == verwacht  # twice is once


def test_csv_zoals_excel_het_verwacht():
    tekst = csv_tekst([["naam", "aantal", "leeg"], ["=1+1", 3, None], ["a;b", -2, 1.5]])
    assert tekst.startswith("\ufeff") and tekst.count("\r\n") == 3
    rijen = list(csv.reader(io.StringIO(tekst.removeprefix("\ufeff")), delimiter=";"))
    # Numbers are no texts: -2 stays a number.
    assert rijen == [["naam", "aantal", "leeg"], ["'=1+1", "3", ""], ["a;b", "-2", "1.5"]]


def test_csv_regels_streamt():
    regels = csv_regels(iter([["a"], ["b"]]))
    assert next(regels) == "\ufeff" and next(regels) == "a\r\n"


def test_geen_module_schrijft_csv_of_xlsx_buiten_de_kern_om():
    """``csv.writer`` only in the kernel's writer; openpyxl only in the report's XLSX, whose every
    text cell goes through ``neutraliseren``."""
    gevonden = {}
    for pad in WORTEL.glob("*/**/*.py"):
        deel = pad.relative_to(WORTEL).parts[0]
        if deel in {".venv", "tests", "var", "node_modules"} or "migrations" in pad.parts:
            continue
        inhoud = pad.read_text(encoding="utf-8")
        if re.search(r"\bcsv\.(writer|DictWriter)\(", inhoud) or re.search(
            r"^from openpyxl import", inhoud, re.M
        ):
            gevonden[str(pad.relative_to(WORTEL))] = True
    assert sorted(gevonden) == ["mensenhandel/spreadsheet.py", "rapportage/export/xlsxbestand.py"]
    xlsx = (WORTEL / "rapportage/export/xlsxbestand.py").read_text(encoding="utf-8")
    assert "value=neutraliseren(" in xlsx and "neutraliseren(str(waarde))" in xlsx
