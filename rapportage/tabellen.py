"""The report's figures as typed tables: what the CSV and XLSX writers and the PDF's template
(``rapportage.pdftabellen``, ``templates/rapportage/pdf/_tabel.html``) render, without knowing
where the figures came from.

A ``Tabel`` has a title, its column headers, its rows, a footer (totals, printed bold) and
notes printed under it. A cell is a number, a text, a date, nothing, or a suppressed
``Cel`` (``mensenhandel.bescherming``): a writer prints a hidden cell's text ("<5", "x")
and never its true value, a shown cell's number as a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from mensenhandel.bescherming import Cel

Waarde = str | int | float | date | Cel | None
Rij = tuple[Waarde, ...]

GEEN_GEGEVENS = "Geen gegevens."
REGIO_PRECIES = "Regio"


@dataclass(frozen=True)
class Tabel:
    """One table: a block of the CSV, a sheet of the XLSX, a table of the PDF."""

    titel: str
    kolommen: tuple[str, ...]
    rijen: tuple[Rij, ...] = ()
    voet: tuple[Rij, ...] = ()  # totals, printed bold
    notities: tuple[str, ...] = ()  # printed under the table
    blad: str = ""  # the sheet's name (at most 31 characters); see ``bladnamen``

    @property
    def inhoud(self) -> tuple[tuple[str, ...], tuple[Rij, ...], tuple[Rij, ...]]:
        """What the table says (title and sheet aside): the same table reached twice is
        written once."""
        return (self.kolommen, self.rijen, self.voet)


def tabel(
    titel: str,
    kolommen: Iterable[str],
    rijen: Iterable[Iterable[Waarde]] = (),
    *,
    voet: Iterable[Iterable[Waarde]] = (),
    notities: Iterable[str] = (),
    blad: str = "",
    leeg: str = GEEN_GEGEVENS,
) -> Tabel:
    """A table; one without rows says ``leeg`` under a header of its first column only."""
    kop = tuple(kolommen)
    regels = tuple(tuple(r) for r in rijen)
    if not regels:
        return Tabel(titel, (kop[0] if kop else "Toelichting",), ((leeg,),), blad=blad)
    return Tabel(titel, kop, regels, tuple(tuple(r) for r in voet), tuple(n for n in notities if n), blad)


# --- Tables by gemeente -------------------------------------------------------------------------


def onderdrukt_notitie(onderdrukt: bool, uitleg: str) -> tuple[str, ...]:
    return (f"In deze tabel zijn kleine aantallen verborgen: {uitleg}",) if onderdrukt else ()


def gemeentetabel(
    titel: str,
    kolommen: Sequence[str],
    regels: Iterable[tuple[str, Sequence[Cel], Cel | None]],
    kolomtotalen: Sequence[int | Cel],
    totaal: int | Cel,
    *,
    rijtotalen: bool,
    onderdrukt: bool,
    uitleg: str,
    blad: str = "",
) -> Tabel:
    """A protected table by gemeente: the cells as printed, the region's totals below."""
    rijen: list[Rij] = []
    for label, cellen, rijtotaal in regels:
        rij: list[Waarde] = [label, *cellen]
        if rijtotalen:
            rij.append(rijtotaal)
        rijen.append(tuple(rij))
    voet: list[Waarde] = [REGIO_PRECIES, *kolomtotalen]
    if rijtotalen:
        voet.append(totaal)
    return Tabel(
        titel=titel,
        kolommen=("Gemeente", *kolommen, *(("Totaal",) if rijtotalen else ())),
        rijen=tuple(rijen),
        voet=(tuple(voet),),
        notities=onderdrukt_notitie(onderdrukt, uitleg),
        blad=blad,
    )


# --- Sheet names --------------------------------------------------------------------------------


def bladnaam(naam: str, bezet: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    schoon = re.sub(r"[\[\]:*?/\\]", " ", naam)
    schoon = re.sub(r"\s+", " ", schoon).strip(" '") or "Tabel"
    if len(schoon) > 31:
        schoon = schoon[:30].rsplit(" ", 1)[0].rstrip(" ,;-") + "…"
    kandidaat, n = schoon, 2
    while kandidaat.lower() in bezet:
        achter = f" ({n})"
        kandidaat = schoon[: 31 - len(achter)].rstrip() + achter
        n += 1
    bezet.add(kandidaat.lower())
    return kandidaat


def uniek_met_bladnamen(tabellen: Iterable[Tabel], bezet: Iterable[str] = ("toelichting",)) -> list[Tabel]:
    """Every table once (by what it says), each with a sheet name of its own, in order."""
    gezien: set[tuple[tuple[str, ...], tuple[Rij, ...], tuple[Rij, ...]]] = set()
    namen = set(bezet)
    uit = []
    for t in tabellen:
        if t.inhoud in gezien:
            continue
        gezien.add(t.inhoud)
        uit.append(replace(t, blad=bladnaam(t.blad or t.titel, namen)))
    return uit
