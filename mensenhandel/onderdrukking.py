"""Small numbers do not identify people: the one suppression rule of the dashboard and the rapportage.

A table broken down by gemeente (rows) and a category (columns) is printed with its
region totals (column totals and the grand total), which stay exact, and usually with a
total per gemeente. Two steps:

1. *Small counts* ("klein"): a count from 1 up to, but not including, the region's
   threshold (``Regio.kleine_aantallen_drempel``, default 5) is printed as "<5".
   Zero stays 0; 0 as threshold turns the rule off.
2. *Complementary cells* ("aanvullend"): then more cells are hidden until no hidden value
   can be worked out from what is printed. A complementary cell below the threshold (a 0,
   in practice) is printed "<5" too, which is true of it; one at or above the threshold is
   printed "x". So a reader knows exactly this of a hidden cell: "<5" is 0 to 4, "x" is 5
   or more.

What a reader can work out is checked exactly, bounds included. Every line of the table (a
row with its total, a column with its region total) is a sum the reader knows; a line
without a printed sum (the rows of a table without totals per row) tells nothing, and
those merge into one node. Draw each line as a node and each hidden cell as an edge. A
different table that prints the same differs from the true one by alternately adding
and subtracting along cycles of hidden cells (the constraint matrix of a two-way table
is totally unimodular, so that suffices). A cell may go up by one if it stays within what
its mark says, and down likewise; a hidden cell can be worked out exactly when no such
cycle runs through it in either direction. The loop below finds each such cell and hides
the cheapest path of shown cells that closes a cycle through it (small values first;
totals per gemeente last). ``tests/mensenhandel/test_onderdrukking.py`` checks the promise
by enumerating every table that prints the same, on random small tables (hypothesis).

Sometimes the exact region totals give a cell away whatever is hidden (two gemeenten,
both "<5", a region total of 8: both are 4). Those cells are listed in
``OnderdrukteTabel.onvermijdelijk``; a table of one gemeente is its region altogether, so
nothing is hidden there.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KLEIN = "klein"
AANVULLEND = "aanvullend"
AANVULLEND_TEKEN = "x"
# Hiding a gemeente's total costs the reader more than hiding one of its cells.
_KOSTEN_RIJTOTAAL = 1_000_000


@dataclass(frozen=True)
class Cel:
    waarde: int  # the true value: never print it when ``verborgen``
    tekst: str  # what to print
    soort: str = ""  # "", KLEIN or AANVULLEND

    @property
    def verborgen(self) -> bool:
        return bool(self.soort)


@dataclass(frozen=True)
class OnderdrukteTabel:
    rijen: list[list[Cel]]
    rijtotalen: list[Cel]  # empty when the table has no totals per row
    kolomtotalen: list[int]  # region totals: exact
    totaal: int  # exact
    drempel: int
    # Hidden cells the exact region totals give away whatever else is hidden:
    # (row, column), column == number of columns for a row total.
    onvermijdelijk: frozenset[tuple[int, int]] = frozenset()

    @property
    def onderdrukt(self) -> bool:
        return any(c.verborgen for rij in self.rijen for c in rij) or any(
            c.verborgen for c in self.rijtotalen
        )


def klein_teken(drempel: int) -> str:
    return f"<{drempel}"


def uitleg(drempel: int) -> str:
    """The rule in plain Dutch, for under a table and in the report's method section."""
    if drempel <= 0:
        return "Alle aantallen staan er precies; de regio heeft geen drempel voor kleine aantallen ingesteld."
    return (
        f"Aantallen van 1 tot {drempel} staan er als ‘{klein_teken(drempel)}’, "
        "zodat niemand herkenbaar wordt. Om te voorkomen dat zo’n aantal uit de totalen en de "
        f"andere cellen is terug te rekenen, zijn ook andere cellen verborgen: als "
        f"‘{klein_teken(drempel)}’ (0 tot {drempel}) of als ‘{AANVULLEND_TEKEN}’ ({drempel} of meer). "
        "De totalen van de regio kloppen precies."
    )


Cell = tuple[int, int]  # (row, column); column == number of columns means the row total


def onderdrukken(
    tabel: Sequence[Sequence[int]], drempel: int, *, rijtotalen: bool = True
) -> OnderdrukteTabel:
    """Suppress ``tabel`` (rows: gemeenten; columns: categories) for the region's ``drempel``."""
    rijen = [list(rij) for rij in tabel]
    breedte = len(rijen[0]) if rijen else 0
    if any(len(rij) != breedte for rij in rijen):
        raise ValueError("Alle rijen van de tabel moeten even lang zijn.")
    if any(not isinstance(w, int) or w < 0 for rij in rijen for w in rij):
        raise ValueError("Een tabel bevat alleen aantallen: gehele getallen van 0 of meer.")
    if drempel < 0:
        raise ValueError("De drempel is 0 (uit) of meer.")

    waarden: dict[Cell, int] = {(i, j): w for i, rij in enumerate(rijen) for j, w in enumerate(rij)}
    if rijtotalen:
        waarden.update({(i, breedte): sum(rij) for i, rij in enumerate(rijen)})
    verborgen: dict[Cell, str] = {}
    onvermijdelijk: set[Cell] = set()
    if drempel > 0 and len(rijen) >= 2:
        verborgen = {cel: KLEIN for cel, w in waarden.items() if 1 <= w < drempel}
        if verborgen:
            tafel = _Tafel(waarden, drempel, breedte, rijtotalen)
            onvermijdelijk = tafel.aanvullen(verborgen)

    def cel(positie: Cell) -> Cel:
        soort = verborgen.get(positie, "")
        waarde = waarden[positie]
        if not soort:
            return Cel(waarde, str(waarde))
        return Cel(waarde, klein_teken(drempel) if waarde < drempel else AANVULLEND_TEKEN, soort)

    return OnderdrukteTabel(
        rijen=[[cel((i, j)) for j in range(breedte)] for i in range(len(rijen))],
        rijtotalen=[cel((i, breedte)) for i in range(len(rijen))] if rijtotalen else [],
        kolomtotalen=[sum(rij[j] for rij in rijen) for j in range(breedte)],
        totaal=sum(sum(rij) for rij in rijen),
        drempel=drempel,
        onvermijdelijk=frozenset(onvermijdelijk),
    )


# --- The graph of lines and cells ----------------------------------------------------------

_VRIJ = ("vrij",)  # the merged node of all lines whose sum is not printed
_ONBEGRENSD = 10**12
Knoop = tuple
Pijl = tuple[Knoop, Knoop, Cell]  # from, to, the cell that moves


class _Tafel:
    """A table's lines (nodes) and cells (edges), and what moving a hidden cell allows."""

    def __init__(self, waarden: dict[Cell, int], drempel: int, breedte: int, rijtotalen: bool) -> None:
        self.waarden = waarden
        self.drempel = drempel
        self.breedte = breedte
        self.rijtotalen = rijtotalen

    def knopen(self, cel: Cell) -> tuple[Knoop, Knoop]:
        rij, kolom = cel
        return (("rij", rij) if self.rijtotalen else _VRIJ), ("kolom", kolom)

    def grenzen(self, cel: Cell) -> tuple[int, int]:
        """What a reader knows of the cell once hidden: "<5" is 0 to 4, "x" is 5 or more."""
        if self.waarden[cel] < self.drempel:
            return 0, self.drempel - 1
        return self.drempel, _ONBEGRENSD

    def pijlen(self, cel: Cell) -> list[Pijl]:
        """The moves of a hidden cell as arrows: row → column for +1, column → row for −1.

        A row total enters its row's sum with the opposite sign of the row's cells, so for
        it the two directions swap. A cycle of arrows keeps every printed sum.
        """
        rij, kolom = self.knopen(cel)
        laag, hoog = self.grenzen(cel)
        waarde = self.waarden[cel]
        omhoog, omlaag = waarde + 1 <= hoog, waarde - 1 >= laag
        if cel[1] == self.breedte:  # a row total
            omhoog, omlaag = omlaag, omhoog
        uit: list[Pijl] = []
        if omhoog:
            uit.append((rij, kolom, cel))
        if omlaag:
            uit.append((kolom, rij, cel))
        return uit

    def kosten(self, cel: Cell) -> int:
        # Hide small values first; a gemeente's total costs the reader more than one cell.
        return self.waarden[cel] + 1 + (_KOSTEN_RIJTOTAAL if cel[1] == self.breedte else 0)

    def _graaf(self, verborgen: Iterable[Cell]) -> dict[Knoop, list[tuple[Knoop, Cell]]]:
        graaf: dict[Knoop, list[tuple[Knoop, Cell]]] = {}
        for cel in verborgen:
            for van, naar, c in self.pijlen(cel):
                graaf.setdefault(van, []).append((naar, c))
        return graaf

    @staticmethod
    def _bereikbaar(
        graaf: dict[Knoop, list[tuple[Knoop, Cell]]], van: Knoop, naar: Knoop, zonder: Cell
    ) -> bool:
        gezien, stapel = {van}, [van]
        while stapel:
            knoop = stapel.pop()
            if knoop == naar:
                return True
            for buur, cel in graaf.get(knoop, []):
                if cel != zonder and buur not in gezien:
                    gezien.add(buur)
                    stapel.append(buur)
        return False

    def vast(self, verborgen: Iterable[Cell]) -> list[Cell]:
        """The hidden cells a reader can work out: no cycle of moves runs through them."""
        cellen = list(verborgen)
        graaf = self._graaf(cellen)
        return [
            cel
            for cel in cellen
            if not any(self._bereikbaar(graaf, naar, van, cel) for van, naar, _ in self.pijlen(cel))
        ]

    def _goedkoopste_cyclus(self, verborgen: dict[Cell, str], cel: Cell) -> list[Cell] | None:
        """The shown cells that, hidden, close the cheapest cycle of moves through ``cel``."""
        pijlen: dict[Knoop, list[tuple[Knoop, Cell, int]]] = {}
        for c in self.waarden:
            if c == cel:
                continue
            kosten = 0 if c in verborgen else self.kosten(c)
            for van, naar, _ in self.pijlen(c):
                pijlen.setdefault(van, []).append((naar, c, kosten))
        beste: tuple[int, list[Cell]] | None = None
        for van, naar, _ in self.pijlen(cel):
            pad = _dijkstra(pijlen, naar, van)
            if pad is not None and (beste is None or pad[0] < beste[0]):
                beste = (pad[0], [c for c in pad[1] if c not in verborgen])
        return None if beste is None else beste[1]

    def aanvullen(self, verborgen: dict[Cell, str]) -> set[Cell]:
        """Hide complementary cells until every hidden cell is safe or cannot be made so."""
        onvermijdelijk: set[Cell] = set()
        while True:
            open_ = [cel for cel in self.vast(verborgen) if cel not in onvermijdelijk]
            if not open_:
                return onvermijdelijk
            cel = min(open_)
            extra = self._goedkoopste_cyclus(verborgen, cel)
            if extra is None:
                onvermijdelijk.add(cel)  # the exact region totals give it away
                continue
            for c in extra:
                verborgen[c] = AANVULLEND


def _dijkstra(
    pijlen: dict[Knoop, list[tuple[Knoop, Cell, int]]], van: Knoop, naar: Knoop
) -> tuple[int, list[Cell]] | None:
    """The cheapest directed path; its cost and the cells on it, or None."""
    afstand = {van: 0}
    terug: dict[Knoop, tuple[Knoop, Cell]] = {}
    wachtrij: list[tuple[int, int, Knoop]] = [(0, 0, van)]
    volgnummer = 1
    while wachtrij:
        kosten, _, knoop = heapq.heappop(wachtrij)
        if knoop == naar:
            break
        if kosten > afstand.get(knoop, kosten):
            continue
        for buur, cel, extra in pijlen.get(knoop, []):
            nieuw = kosten + extra
            if nieuw < afstand.get(buur, nieuw + 1):
                afstand[buur] = nieuw
                terug[buur] = (knoop, cel)
                heapq.heappush(wachtrij, (nieuw, volgnummer, buur))
                volgnummer += 1
    if naar not in afstand:
        return None
    cellen: list[Cell] = []
    knoop = naar
    while knoop != van:
        knoop, cel = terug[knoop]
        cellen.append(cel)
    return afstand[naar], cellen
