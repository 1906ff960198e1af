"""Small numbers do not identify people: the one suppression rule of the dashboard and the rapportage.

A table broken down by gemeente (rows) and a category (columns) is printed with its
region totals (column totals and the grand total), which stay exact, and usually with a
total per gemeente. Two steps:

1. *Small counts* ("klein"): a count from 1 up to, but not including, the region's
   threshold (``Regio.kleine_aantallen_drempel``, default 5) is printed as "<5".
   Zero stays 0; 0 as threshold turns the rule off.
2. *Complementary cells* ("aanvullend"): then more cells are hidden (printed "x") until no
   hidden value can be worked out from the totals and the cells shown.

Why step 2 works: every line of the table (a row with its total, a column with its region
total) is a sum that the reader knows. Draw each line as a node and each hidden cell as an
edge between its row and its column; a line whose sum is not printed (the rows of a table
without row totals) tells nothing, so those nodes merge into one. A hidden value can be
recomputed exactly when its edge is a *bridge* of that graph (no cycle runs through it): on
a cycle, adding 1 and subtracting 1 alternately keeps every printed sum, so the reader
cannot tell the values apart. The loop below finds each bridge and hides the cheapest
path of shown cells that closes a cycle through it (small values first; totals per
gemeente last). ``tests/mensenhandel/test_onderdrukking.py`` checks the promise with
exact linear algebra on random tables (hypothesis).

A table of one gemeente is its region: its figures equal the exact region totals, so
nothing is hidden there.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
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
        "zodat niemand herkenbaar wordt. "
        f"Een ‘{AANVULLEND_TEKEN}’ verbergt een ander aantal, zodat een verborgen aantal niet uit de "
        "totalen en de andere cellen is terug te rekenen. De totalen van de regio kloppen precies."
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
    if drempel > 0 and len(rijen) >= 2:
        verborgen = {cel: KLEIN for cel, w in waarden.items() if 1 <= w < drempel}
        if verborgen:
            _aanvullen(waarden, verborgen, len(rijen), breedte, rijtotalen)

    def cel(positie: Cell) -> Cel:
        soort = verborgen.get(positie, "")
        waarde = waarden[positie]
        if soort == KLEIN:
            return Cel(waarde, klein_teken(drempel), KLEIN)
        if soort == AANVULLEND:
            return Cel(waarde, AANVULLEND_TEKEN, AANVULLEND)
        return Cel(waarde, str(waarde))

    return OnderdrukteTabel(
        rijen=[[cel((i, j)) for j in range(breedte)] for i in range(len(rijen))],
        rijtotalen=[cel((i, breedte)) for i in range(len(rijen))] if rijtotalen else [],
        kolomtotalen=[sum(rij[j] for rij in rijen) for j in range(breedte)],
        totaal=sum(sum(rij) for rij in rijen),
        drempel=drempel,
    )


# --- The graph of lines and cells ----------------------------------------------------------

_VRIJ = ("vrij",)  # the merged node of all lines whose sum is not printed


def _knopen(cel: Cell, breedte: int, rijtotalen: bool) -> tuple[tuple, tuple]:
    rij, kolom = cel
    rijknoop = ("rij", rij) if rijtotalen else _VRIJ
    return rijknoop, ("kolom", kolom)


def _bruggen(randen: list[tuple[Cell, tuple, tuple]]) -> list[Cell]:
    """The bridges of a multigraph given as (edge id, node, node); iterative Tarjan."""
    buren: dict[tuple, list[tuple[tuple, Cell]]] = {}
    for cel, a, b in randen:
        buren.setdefault(a, []).append((b, cel))
        buren.setdefault(b, []).append((a, cel))
    ontdekt: dict[tuple, int] = {}
    laagste: dict[tuple, int] = {}
    bruggen: list[Cell] = []
    teller = 0
    for begin in buren:
        if begin in ontdekt:
            continue
        ontdekt[begin] = laagste[begin] = teller
        teller += 1
        stapel: list[tuple[tuple, Cell | None, int]] = [(begin, None, 0)]
        while stapel:
            knoop, via, index = stapel[-1]
            if index < len(buren[knoop]):
                stapel[-1] = (knoop, via, index + 1)
                buur, rand = buren[knoop][index]
                if rand == via:
                    continue
                if buur in ontdekt:
                    laagste[knoop] = min(laagste[knoop], ontdekt[buur])
                else:
                    ontdekt[buur] = laagste[buur] = teller
                    teller += 1
                    stapel.append((buur, rand, 0))
            else:
                stapel.pop()
                if stapel:
                    ouder = stapel[-1][0]
                    laagste[ouder] = min(laagste[ouder], laagste[knoop])
                    if laagste[knoop] > ontdekt[ouder]:
                        bruggen.append(via)  # type: ignore[arg-type]
    return bruggen


def _goedkoopste_pad(
    waarden: dict[Cell, int],
    verborgen: dict[Cell, str],
    zonder: Cell,
    van: tuple,
    naar: tuple,
    breedte: int,
    rijtotalen: bool,
) -> list[Cell]:
    """The shown cells on the cheapest path from ``van`` to ``naar`` avoiding ``zonder`` (Dijkstra)."""
    buren: dict[tuple, list[tuple[tuple, Cell, int]]] = {}
    for cel, waarde in waarden.items():
        if cel == zonder:
            continue
        a, b = _knopen(cel, breedte, rijtotalen)
        kosten = 0 if cel in verborgen else waarde + 1 + (_KOSTEN_RIJTOTAAL if cel[1] == breedte else 0)
        buren.setdefault(a, []).append((b, cel, kosten))
        buren.setdefault(b, []).append((a, cel, kosten))
    afstand = {van: 0}
    terug: dict[tuple, tuple[tuple, Cell]] = {}
    wachtrij: list[tuple[int, int, tuple]] = [(0, 0, van)]
    volgnummer = 1
    while wachtrij:
        kosten, _, knoop = heapq.heappop(wachtrij)
        if knoop == naar:
            break
        if kosten > afstand.get(knoop, kosten):
            continue
        for buur, cel, extra in buren.get(knoop, []):
            nieuw = kosten + extra
            if nieuw < afstand.get(buur, nieuw + 1):
                afstand[buur] = nieuw
                terug[buur] = (knoop, cel)
                heapq.heappush(wachtrij, (nieuw, volgnummer, buur))
                volgnummer += 1
    if naar not in afstand:
        return []
    pad: list[Cell] = []
    knoop = naar
    while knoop != van:
        knoop, cel = terug[knoop]
        if cel not in verborgen:
            pad.append(cel)
    return pad


def _aanvullen(
    waarden: dict[Cell, int], verborgen: dict[Cell, str], hoogte: int, breedte: int, rijtotalen: bool
) -> None:
    """Hide complementary cells until no hidden cell is a bridge (can be recomputed)."""
    while True:
        randen = [(cel, *_knopen(cel, breedte, rijtotalen)) for cel in verborgen]
        bruggen = _bruggen(randen)
        if not bruggen:
            return
        brug = min(bruggen)
        van, naar = _knopen(brug, breedte, rijtotalen)
        pad = _goedkoopste_pad(waarden, verborgen, brug, van, naar, breedte, rijtotalen)
        if not pad:  # cannot happen with two rows or more; never loop forever
            raise RuntimeError("Geen aanvullende cellen te vinden om te onderdrukken.")
        for cel in pad:
            verborgen[cel] = AANVULLEND
