"""The figures as a workbook: "Toelichting" first, then one sheet per table.

Numbers are real number cells (right for sorting and sums); a suppressed cell keeps its
printed text ("<5", "x") as a text cell, its true value never reaches the file. Every text
is stored as a text cell, never a formula (see ``rapportage.export.tekst``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from mensenhandel.bescherming import Cel
from mensenhandel.spreadsheet import neutraliseren
from rapportage.export.tekst import TITEL, decimaal
from rapportage.tabellen import Tabel, Waarde

INGEKORT = " … (ingekort: de hele tekst staat in de PDF)"
# The longest text one spreadsheet cell holds.
_MAX_CEL = 32_767

_VET = Font(bold=True)
_TITELLETTER = Font(bold=True, size=13)
_KOPVULLING = PatternFill("solid", fgColor="E8E8E8")
_ONDERLIJN = Border(bottom=Side(style="thin"))
_BOVENLIJN = Border(top=Side(style="thin"))
_TERUGLOOP = Alignment(wrap_text=True, vertical="top")
_RECHTS = Alignment(horizontal="right")


def _schrijven(blad: Worksheet, rij: int, kolom: int, waarde: Waarde) -> Cell | MergedCell:
    cel = blad.cell(row=rij, column=kolom)
    if isinstance(waarde, Cel):
        if waarde.verborgen:
            cel.value = waarde.tekst
            cel.data_type = "s"
            cel.alignment = _RECHTS
            return cel
        waarde = waarde.getal  # the printed number, never the true count
    if waarde is None:
        return cel
    if isinstance(waarde, bool):
        cel.value = "ja" if waarde else "nee"
    elif isinstance(waarde, int):
        cel.value = waarde
        cel.number_format = "#,##0"
    elif isinstance(waarde, float):
        cel.value = waarde
        cel.number_format = "#,##0.0##"
    elif isinstance(waarde, date):
        cel.value = waarde
        cel.number_format = "d-m-yyyy"
    else:
        tekst = neutraliseren(str(waarde))
        if len(tekst) > _MAX_CEL:
            tekst = tekst[: _MAX_CEL - len(INGEKORT)] + INGEKORT
        cel.value = tekst
        cel.data_type = "s"  # a text, never a formula
        if len(tekst) > 60 or "\n" in tekst:
            cel.alignment = _TERUGLOOP
    return cel


def _lengte(waarde: Waarde) -> int:
    if waarde is None:
        return 0
    if isinstance(waarde, Cel):
        return len(waarde.tekst)
    if isinstance(waarde, date):
        return 10
    if isinstance(waarde, float):
        return len(decimaal(waarde))
    return max((len(deel) for deel in str(waarde).split("\n")), default=0)


def _toelichting(blad: Worksheet, uitleg: Sequence[tuple[str, Waarde]], tabellen: Sequence[Tabel]) -> None:
    """The first sheet: what this is, and a list of the tables with a link to each."""
    blad.title = "Toelichting"
    blad.cell(row=1, column=1, value=TITEL).font = _TITELLETTER
    rij = 3
    for label, waarde in uitleg:
        blad.cell(row=rij, column=1, value=label).font = _VET
        _schrijven(blad, rij, 2, waarde).alignment = Alignment(
            wrap_text=True, vertical="top", horizontal="left"
        )
        blad.cell(row=rij, column=1).alignment = Alignment(vertical="top")
        rij += 1
    rij += 1
    blad.cell(row=rij, column=1, value="Tabellen").font = _VET
    for tabel in tabellen:
        cel = blad.cell(row=rij, column=2, value=neutraliseren(tabel.titel))
        cel.data_type = "s"
        verwijzing = tabel.blad.replace("'", "''")
        cel.hyperlink = Hyperlink(ref=cel.coordinate, location=f"'{verwijzing}'!A1", display=tabel.titel)
        cel.style = "Hyperlink"
        rij += 1
    blad.column_dimensions["A"].width = 30
    blad.column_dimensions["B"].width = 100


def _getallenkolom(tabel: Tabel, kolom: int) -> bool:
    return kolom > 1 and all(
        r[kolom - 1] is None or isinstance(r[kolom - 1], (int, float, Cel))
        for r in tabel.rijen
        if kolom - 1 < len(r)
    )


def _tabelblad(blad: Worksheet, tabel: Tabel) -> None:
    _schrijven(blad, 1, 1, tabel.titel).font = _TITELLETTER
    blad.cell(row=1, column=1).alignment = Alignment()
    koprij = 3
    for kolom, kop in enumerate(tabel.kolommen, start=1):
        cel = _schrijven(blad, koprij, kolom, kop)
        cel.font = _VET
        cel.fill = _KOPVULLING
        cel.border = _ONDERLIJN
        cel.alignment = Alignment(
            wrap_text=True, vertical="bottom", horizontal="right" if _getallenkolom(tabel, kolom) else "left"
        )
    rij = koprij + 1
    for regel in tabel.rijen:
        for kolom, waarde in enumerate(regel, start=1):
            _schrijven(blad, rij, kolom, waarde)
        rij += 1
    laatste = rij - 1
    for regel in tabel.voet:
        for kolom, waarde in enumerate(regel, start=1):
            cel = _schrijven(blad, rij, kolom, waarde)
            cel.font = _VET
            cel.border = _BOVENLIJN
        rij += 1
    if tabel.notities:
        rij += 1
        for notitie in tabel.notities:
            _schrijven(blad, rij, 1, notitie).alignment = Alignment()
            rij += 1

    breedte = len(tabel.kolommen)
    blad.freeze_panes = blad.cell(row=koprij + 1, column=2 if breedte > 1 else 1).coordinate
    if tabel.rijen and laatste > koprij:
        blad.auto_filter.ref = f"A{koprij}:{get_column_letter(breedte)}{laatste}"
    blad.print_title_rows = f"{koprij}:{koprij}"
    blad.page_setup.orientation = "landscape" if breedte > 5 else "portrait"
    blad.page_setup.fitToWidth = 1
    blad.page_setup.fitToHeight = 0
    if blad.sheet_properties.pageSetUpPr is None:
        blad.sheet_properties.pageSetUpPr = PageSetupProperties()
    blad.sheet_properties.pageSetUpPr.fitToPage = True
    for kolom in range(1, breedte + 1):
        lengtes = [len(str(tabel.kolommen[kolom - 1]))]
        lengtes += [_lengte(r[kolom - 1]) for r in [*tabel.rijen, *tabel.voet] if kolom - 1 < len(r)]
        blad.column_dimensions[get_column_letter(kolom)].width = min(max(max(lengtes) + 2, 10), 70)


def xlsx_schrijven(
    uitleg: Sequence[tuple[str, Waarde]], tabellen: Sequence[Tabel], *, titel: str, nu: datetime
) -> bytes:
    """The workbook: the explanation with links to the tables, then a sheet per table (each
    table's ``blad`` is its sheet's name)."""
    boek = Workbook()
    boek.properties.title = titel
    boek.properties.creator = "Aanpak mensenhandel"
    boek.properties.language = "nl-NL"
    boek.properties.created = nu.astimezone(UTC).replace(tzinfo=None)  # openpyxl writes UTC
    eerste = boek.active
    if not isinstance(eerste, Worksheet):  # a new workbook starts with one worksheet
        raise TypeError("Een nieuw werkboek zonder werkblad.")
    _toelichting(eerste, uitleg, tabellen)
    for tabel in tabellen:
        _tabelblad(boek.create_sheet(tabel.blad), tabel)
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()
