"""The figures as one CSV file with sections.

**One CSV with sections, not a ZIP of files.** A Dutch spreadsheet user double-clicks a
CSV and Excel opens it; a ZIP has to be unpacked first and Excel does not open one CSV from
it, let alone nine. The spreadsheet with one sheet per table is the XLSX; the CSV is the
plain, universal copy: UTF-8 with a byte order mark and ";" between fields (as the
signalen export, what Excel with Dutch settings expects), a decimal comma, dates as
d-m-jjjj, every table under its title row with a blank line between the tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from rapportage.export.tekst import TITEL, als_tekst
from rapportage.tabellen import Tabel, Waarde


def csv_schrijven(uitleg: Sequence[tuple[str, Waarde]], tabellen: Iterable[Tabel]) -> bytes:
    """The explanation, then every table under its title."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def regel(waarden: Iterable[Waarde]) -> None:
        schrijver.writerow([als_tekst(w) for w in waarden])

    regel([TITEL])
    for label, waarde in uitleg:
        regel([label, waarde])
    for tabel in tabellen:
        regel([])
        regel([tabel.titel])
        regel(tabel.kolommen)
        for rij in [*tabel.rijen, *tabel.voet]:
            regel(rij)
        for notitie in tabel.notities:
            regel([notitie])
    return buffer.getvalue().encode("utf-8")
