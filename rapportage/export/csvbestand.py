"""The figures as one CSV file with sections.

**One CSV with sections, not a ZIP of files.** A Dutch spreadsheet user double-clicks a
CSV and Excel opens it; a ZIP has to be unpacked first and Excel does not open one CSV from
it, let alone nine. The spreadsheet with one sheet per table is the XLSX; the CSV is the
plain, universal copy: UTF-8 with a byte order mark and ";" between fields (as the
signalen export, what Excel with Dutch settings expects), a decimal comma, dates as
d-m-jjjj, every table under its title row with a blank line between the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from mensenhandel.spreadsheet import csv_tekst
from rapportage.export.tekst import TITEL, als_tekst
from rapportage.tabellen import Tabel, Waarde


def csv_schrijven(uitleg: Sequence[tuple[str, Waarde]], tabellen: Iterable[Tabel]) -> bytes:
    """The explanation, then every table under its title."""

    def regels() -> Iterator[Sequence[Waarde]]:
        yield [TITEL]
        for label, waarde in uitleg:
            yield [label, waarde]
        for tabel in tabellen:
            yield []
            yield [tabel.titel]
            yield list(tabel.kolommen)
            yield from (list(rij) for rij in [*tabel.rijen, *tabel.voet])
            yield from ([notitie] for notitie in tabel.notities)

    return csv_tekst([als_tekst(w) for w in rij] for rij in regels()).encode("utf-8")
