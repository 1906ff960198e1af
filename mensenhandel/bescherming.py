"""Figures that cannot single anyone out: the one protection of every count that leaves the
case screens (dashboard, report PDF, CSV, XLSX, and any future export).

A *publication* (``Publicatie``) is everything one page or one report prints for one regio and
one publication period: its counts (cells, each with a stable key) and the sums a reader knows
hold between them (a row total is the sum of its row; the region's signals by gemeente add up
to the region's total; signals with a minor are at most all signals). Tables that share a
margin share its cells, so linked tables are protected together. ``beschermen`` protects the
whole publication at once; nothing prints a count that did not go through it.

The method (``docs/adr/0007-statistische-beveiliging.md`` gives the reasoning):

1. *Small counts are hidden* (primary suppression). A count from 1 up to, not including, the
   regio's threshold ``t`` (``Regio.kleine_aantallen_drempel``, default 5) is printed "<t".
   0 as threshold turns protection off; then every count is printed exactly.
2. *Shown counts carry a little consistent noise* (the cell-key method). A shown count ``v``
   of ``t`` or more is printed as ``v + e`` with ``|e| <= D = ceil((t - 1) / 2)`` and never
   below ``t``; a 0 stays 0. ``e`` follows from a keyed hash (``settings.HMAC_SLEUTEL``) of the
   publication's context, the cell's key and its value: the same cell with the same value gets
   the same noise in every query, on the dashboard and in the report alike, so asking again
   teaches nothing, and subtracting two periods' figures gives a number that is off by up to
   ``2D``: it never pins a difference into 1..t-1 (see ``verschil_interval``).
3. *Then more cells are hidden* (secondary suppression with protection levels) until a reader
   who knows every printed figure, every sum between them and this method cannot narrow any
   hidden count into 1..t-1 nor to one value, and cannot narrow a shown count to fewer than
   ``D + 1`` values. This is checked exactly: an integer linear program (HiGHS, through
   highspy) takes the smallest and the largest value of each cell over every table consistent
   with what is printed. A failing cell hides its cheapest shown neighbour in one of its sums
   (small values first, totals last, ties and near-ties broken by a keyed hash, so that which
   cell is hidden alongside cannot be predicted from outside), until the check holds.

What a reader knows of a printed cell, and what the check assumes:

- a number ``p`` of ``t`` or more: the count is ``max(t, p - D)`` to ``p + D``;
- ``0``: the count is 0;
- ``<t``: the count is 0 to ``t - 1`` (a small count, or a 0 hidden alongside);
- ``x``: a count hidden alongside: 0, or ``t`` or more (never 1 to ``t - 1``);
- in a group of linked cells where that is not enough (two gemeenten with 3 and 2 and a region
  total of 5: whatever else is hidden, "x" for a total of 5 or more says that both are at least
  1), every hidden cell of the group is printed ``x``, meaning any count of 0 or more, and the
  group has no "<t". Without "<t" in a group, "x" means "any count".
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import highspy
import numpy as np
from django.conf import settings

T = TypeVar("T")

KLEIN = "klein"  # hidden: a count from 1 to t - 1
AANVULLEND = "aanvullend"  # hidden alongside, to protect a small count
AANVULLEND_TEKEN = "x"

Sleutel = tuple[object, ...]

GELIJK, TEN_MINSTE, HOOGSTENS = "=", ">=", "<="  # sum of the parts (=, >=, <=) the total
_ONBEGRENSD = math.inf
_KOSTEN_TOTAAL = 1_000_000  # hiding a total costs the reader more than hiding a part


def klein_teken(drempel: int) -> str:
    return f"<{drempel}"


def uitleg(drempel: int) -> str:
    """How figures are protected, in plain Dutch: under a table, on the dashboard and in the
    report's method section."""
    if drempel <= 0:
        return "Alle aantallen staan er precies; de regio heeft geen drempel voor kleine aantallen ingesteld."
    d = ruisgrens(drempel)
    return (
        f"Aantallen van 1 tot {drempel} staan er als ‘{klein_teken(drempel)}’, zodat niemand herkenbaar "
        f"wordt. Getoonde aantallen van {drempel} of meer wijken met opzet een klein beetje af van het "
        f"precieze aantal (hoogstens {d} erbij of eraf, en nooit onder {drempel}); hetzelfde aantal krijgt "
        "overal en bij elke opvraging dezelfde afwijking. Daardoor tellen tabellen niet altijd precies op, "
        "en geeft het verschil tussen twee perioden geen klein aantal prijs. Om te voorkomen dat een klein "
        "aantal uit de totalen en de andere cellen is terug te rekenen, zijn ook andere cellen verborgen: "
        f"als ‘{klein_teken(drempel)}’ (0 tot {drempel}) of als ‘{AANVULLEND_TEKEN}’ (0, of {drempel} of "
        "meer). Een 0 is precies."
    )


def ruisgrens(drempel: int) -> int:
    """D: the most a shown count differs from the true count."""
    return 0 if drempel <= 1 else math.ceil((drempel - 1) / 2)


@dataclass(frozen=True)
class Cel:
    """A protected count. Print ``tekst``; ``getal`` is the printed number (None when hidden),
    ``waarde`` the true count, which never leaves the server."""

    waarde: int
    tekst: str
    soort: str = ""  # "", KLEIN or AANVULLEND
    getal: int | None = None

    @property
    def verborgen(self) -> bool:
        return bool(self.soort)

    def __str__(self) -> str:
        return self.tekst

    def __bool__(self) -> bool:
        """False only for a printed 0 (so ``{% if %}`` in a template reads the printed value)."""
        return self.tekst != "0"

    def __float__(self) -> float:
        """The printed number; not a number when hidden (so ``|pluralize`` says "several")."""
        return math.nan if self.getal is None else float(self.getal)


@dataclass(frozen=True)
class BeschermdeTabel:
    """A protected table by gemeente (rows) and category (columns), as printed."""

    rijen: list[list[Cel]]
    rijtotalen: list[Cel]  # empty when the table has no totals per row
    kolomtotalen: list[Cel]  # the region's
    totaal: Cel
    drempel: int

    @property
    def onderdrukt(self) -> bool:
        return any(c.verborgen for rij in self.rijen for c in rij) or any(
            c.verborgen for c in self.rijtotalen
        )


@dataclass(frozen=True)
class Relatie:
    """A sum a reader knows: ``sum(delen)`` is equal to, at least, or at most ``totaal``."""

    totaal: Sleutel
    delen: tuple[Sleutel, ...]
    soort: str = GELIJK


@dataclass(frozen=True)
class Interval:
    """From ``laag`` to ``hoog``; with ``of_nul`` also 0 (a cell hidden alongside, "x")."""

    laag: float
    hoog: float
    of_nul: bool = False

    def __contains__(self, waarde: object) -> bool:
        return isinstance(waarde, int | float) and self.laag <= waarde <= self.hoog


def veilig(interval: Interval, drempel: int) -> bool:
    """A hidden count is safe when a reader's interval for it is not one value and not inside
    1..t-1: it still holds 0 or reaches t."""
    return interval.laag < interval.hoog and (interval.laag <= 0 or interval.hoog >= drempel)


def bekend(cel: Cel, drempel: int, *, onbepaald: bool = False) -> Interval:
    """What a reader knows of one printed cell on its own (see the module's docstring).

    ``onbepaald``: the cell's group prints every hidden count as "x", meaning any count.
    """
    if drempel <= 0:
        return Interval(cel.waarde, cel.waarde)
    if cel.verborgen:
        if onbepaald:
            return Interval(0, _ONBEGRENSD)
        if cel.tekst == klein_teken(drempel):
            return Interval(0, drempel - 1)
        return Interval(drempel, _ONBEGRENSD, of_nul=True)
    getal = cel.waarde if cel.getal is None else cel.getal
    if getal == 0:
        return Interval(0, 0)
    d = ruisgrens(drempel)
    return Interval(max(drempel, getal - d), getal + d)


def verschil_interval(groot: Interval, klein: Interval) -> Interval:
    """What a reader knows of ``groot - klein`` (the count of a period minus a period within it)."""
    return Interval(max(0, groot.laag - klein.hoog), groot.hoog - klein.laag)


def _geheim() -> bytes:
    return hmac.new(settings.HMAC_SLEUTEL.encode(), b"mensenhandel.bescherming", hashlib.sha256).digest()


def _hash(geheim: bytes, *delen: object) -> int:
    return int.from_bytes(hmac.new(geheim, repr(delen).encode(), hashlib.sha256).digest()[:8], "big")


@dataclass
class Publicatie:
    """The counts and sums of one publication: one regio, one publication period, one page or
    report. ``context`` names it (for instance ``("regio", 3, "2026-H1")``): the same cell in
    the same context gets the same noise wherever it is shown."""

    drempel: int
    context: Sleutel = ()
    waarden: dict[Sleutel, int] = field(default_factory=dict)
    relaties: list[Relatie] = field(default_factory=list)
    totalen: set[Sleutel] = field(default_factory=set)

    def tel(self, sleutel: Sleutel, waarde: int) -> Sleutel:
        """Add a count; the same key twice must have the same count (a shared margin)."""
        if not isinstance(waarde, int) or isinstance(waarde, bool) or waarde < 0:
            raise ValueError(f"Een aantal is een geheel getal van 0 of meer, niet {waarde!r} ({sleutel}).")
        if self.waarden.setdefault(sleutel, waarde) != waarde:
            raise ValueError(
                f"De cel {sleutel} staat twee keer in de publicatie, met verschillende aantallen."
            )
        return sleutel

    def som(self, totaal: Sleutel, delen: Iterable[Sleutel], soort: str = GELIJK) -> None:
        """A sum a reader knows. Every key must have been counted."""
        delen = tuple(delen)
        for s in (totaal, *delen):
            if s not in self.waarden:
                raise KeyError(f"De cel {s} is niet geteld.")
        if soort not in (GELIJK, TEN_MINSTE, HOOGSTENS):
            raise ValueError(soort)
        self.relaties.append(Relatie(totaal, delen, soort))
        if soort == GELIJK:
            self.totalen.add(totaal)

    def beschermen(self) -> Bescherming:
        return _beschermen(self)


@dataclass(frozen=True)
class Bescherming:
    """The protected publication: a ``Cel`` per key."""

    cellen: Mapping[Sleutel, Cel]
    drempel: int
    onbepaald: frozenset[Sleutel] = frozenset()  # cells of groups where "x" means any count

    def __getitem__(self, sleutel: Sleutel) -> Cel:
        return self.cellen[sleutel]

    def __iter__(self) -> Iterator[Sleutel]:
        return iter(self.cellen)

    @property
    def onderdrukt(self) -> bool:
        return any(c.verborgen for c in self.cellen.values())

    def bekend(self, sleutel: Sleutel) -> Interval:
        return bekend(self.cellen[sleutel], self.drempel, onbepaald=sleutel in self.onbepaald)


# --- The protection ------------------------------------------------------------------------------


def _groepen(sleutels: Iterable[Sleutel], relaties: Sequence[Relatie]) -> list[list[Sleutel]]:
    """The cells linked by sums, as groups (connected components)."""
    ouder: dict[Sleutel, Sleutel] = {s: s for s in sleutels}

    def wortel(s: Sleutel) -> Sleutel:
        while ouder[s] != s:
            ouder[s] = ouder[ouder[s]]
            s = ouder[s]
        return s

    for r in relaties:
        for deel in r.delen:
            a, b = wortel(r.totaal), wortel(deel)
            if a != b:
                ouder[a] = b
    groepen: dict[Sleutel, list[Sleutel]] = {}
    for s in ouder:
        groepen.setdefault(wortel(s), []).append(s)
    return list(groepen.values())


class _Groep:
    """One group of linked cells and the integer program a reader can solve over it."""

    def __init__(
        self, pub: Publicatie, sleutels: list[Sleutel], relaties: list[Relatie], geheim: bytes
    ) -> None:
        self.pub = pub
        self.t = pub.drempel
        self.d = ruisgrens(pub.drempel)
        self.sleutels = sleutels
        self.index = {s: i for i, s in enumerate(sleutels)}
        self.relaties = relaties
        self.geheim = geheim
        self.buren: dict[Sleutel, set[Sleutel]] = {s: set() for s in sleutels}
        for r in relaties:
            leden = (r.totaal, *r.delen)
            for s in leden:
                self.buren[s].update(x for x in leden if x != s)
        self.verborgen: dict[Sleutel, str] = {s: KLEIN for s in sleutels if 1 <= pub.waarden[s] < self.t}
        self.onbepaald = False
        self._model: highspy.Highs | None = None
        # The M of "cel <= M * b": more than any count of the group can be, small enough for
        # the solver's tolerances to keep b whole.
        self.veel = 2 * sum(pub.waarden[s] for s in sleutels) + 10 * self.t + 10
        self._schakelaars = False

    def _programma(self, laag: np.ndarray, hoog: np.ndarray, nul_of_veel: list[int]) -> highspy.Highs:
        """The sums as an integer program (HiGHS), with what a reader knows of each cell as
        its bounds. A cell of ``nul_of_veel`` ("x": 0, or t or more) gets a switch ``b``:
        ``t * b <= cel <= M * b``."""
        n = len(self.sleutels)
        kolommen: list[list[tuple[int, float]]] = [[] for _ in range(n + len(nul_of_veel))]
        rijlaag: list[float] = []
        rijhoog: list[float] = []
        for r in self.relaties:
            rij = len(rijlaag)
            for deel in r.delen:
                kolommen[self.index[deel]].append((rij, 1.0))
            kolommen[self.index[r.totaal]].append((rij, -1.0))
            rijlaag.append(-highspy.kHighsInf if r.soort == HOOGSTENS else 0.0)
            rijhoog.append(highspy.kHighsInf if r.soort == TEN_MINSTE else 0.0)
        for k, i in enumerate(nul_of_veel):
            rij = len(rijlaag)
            kolommen[i] += [(rij, 1.0), (rij + 1, 1.0)]
            kolommen[n + k] += [(rij, -float(self.t)), (rij + 1, -float(self.veel))]
            rijlaag += [0.0, -highspy.kHighsInf]
            rijhoog += [highspy.kHighsInf, 0.0]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(kolommen), len(rijlaag)
        lp.col_cost_ = np.zeros(len(kolommen))
        lp.col_lower_ = np.concatenate([laag, np.zeros(len(nul_of_veel))])
        lp.col_upper_ = np.concatenate([hoog, np.ones(len(nul_of_veel))])
        lp.row_lower_, lp.row_upper_ = np.array(rijlaag), np.array(rijhoog)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.cumsum([0, *(len(k) for k in kolommen)]).astype(np.int32)
        lp.a_matrix_.index_ = np.array([r for k in kolommen for r, _ in k], dtype=np.int32)
        lp.a_matrix_.value_ = np.array([w for k in kolommen for _, w in k])
        model = highspy.Highs()
        model.setOptionValue("output_flag", False)
        model.passModel(lp)
        return model

    # What gets printed
    def getal(self, s: Sleutel) -> int:
        v = self.pub.waarden[s]
        if v == 0 or self.d == 0:
            return v
        keuzes = list(range(max(-self.d, self.t - v), self.d + 1))
        return v + keuzes[_hash(self.geheim, "ruis", self.pub.context, s, v) % len(keuzes)]

    def cel(self, s: Sleutel) -> Cel:
        v = self.pub.waarden[s]
        soort = self.verborgen.get(s, "")
        if not soort:
            getal = self.getal(s)
            return Cel(v, str(getal), "", getal)
        if self.onbepaald or v >= self.t:
            return Cel(v, AANVULLEND_TEKEN, soort)
        return Cel(v, klein_teken(self.t), soort)

    # What a reader can work out
    def _grenzen(self) -> tuple[np.ndarray, np.ndarray]:
        """What a reader knows of each cell on its own; the program takes them as bounds."""
        intervallen = [bekend(self.cel(s), self.t, onbepaald=self.onbepaald) for s in self.sleutels]
        laag = np.array([i.laag for i in intervallen], dtype=float)
        hoog = np.array([min(i.hoog, highspy.kHighsInf) for i in intervallen], dtype=float)
        nul_of_veel = [i for i, iv in enumerate(intervallen) if iv.of_nul]
        laag[nul_of_veel] = 0.0
        if self.relaties:
            self._model = self._programma(laag, hoog, nul_of_veel)
            self._schakelaars = bool(nul_of_veel)
        return laag, hoog

    def _uiterste(self, i: int, richting: float, grenzen: tuple[np.ndarray, np.ndarray]) -> float:
        """The least (richting 1) or the greatest (richting -1) value of cell ``i``."""
        laag, hoog = grenzen
        if self._model is None:
            return float(laag[i] if richting > 0 else hoog[i])
        model = self._model
        n = model.getNumCol()
        kosten = np.zeros(n)
        kosten[i] = 1.0
        model.changeColsCost(n, np.arange(n, dtype=np.int32), kosten)
        model.changeObjectiveSense(highspy.ObjSense.kMinimize if richting > 0 else highspy.ObjSense.kMaximize)
        # The linear relaxation first (warm, from the last basis): a whole-numbered optimum is
        # the integer program's too. Only a fractional one, or a program with switches (whose
        # relaxation is weak), needs branch and bound.
        model.run()
        status = model.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            waarden = np.asarray(model.getSolution().col_value)
            if not self._schakelaars and np.allclose(waarden, np.round(waarden), atol=1e-9):
                return float(round(model.getInfo().objective_function_value))
            alle = np.arange(n, dtype=np.int32)
            model.changeColsIntegrality(n, alle, np.ones(n, dtype=np.uint8))
            try:
                model.run()
                status = model.getModelStatus()
                if status == highspy.HighsModelStatus.kOptimal:
                    return float(round(model.getInfo().objective_function_value))
            finally:
                model.changeColsIntegrality(n, alle, np.zeros(n, dtype=np.uint8))
        if richting < 0 and status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return _ONBEGRENSD
        raise RuntimeError(  # pragma: no cover - the true table always fits what is printed
            f"De controle van de beveiliging faalde: {model.modelStatusToString(status)}"
        )

    def interval(self, s: Sleutel, grenzen: tuple[np.ndarray, np.ndarray] | None = None) -> Interval:
        grenzen = grenzen or self._grenzen()
        i = self.index[s]
        return Interval(self._uiterste(i, 1.0, grenzen), self._uiterste(i, -1.0, grenzen))

    def _zwak(self, s: Sleutel, grenzen: tuple[np.ndarray, np.ndarray]) -> bool:
        """Whether a reader narrows ``s`` too far, with as few integer programs as it takes.

        The true count always lies in a reader's interval, which saves one of the two
        programs in most cases.
        """
        v, i = self.pub.waarden[s], self.index[s]
        laag = self._uiterste(i, 1.0, grenzen)
        if s in self.verborgen:
            if laag <= 0:  # holds 0: it must not be one value
                return v == 0 and self._uiterste(i, -1.0, grenzen) <= 0
            if v < self.t:  # never 0: it must reach t
                return grenzen[1][i] < self.t or self._uiterste(i, -1.0, grenzen) < self.t
            return laag >= v and self._uiterste(i, -1.0, grenzen) <= laag
        if v == 0 or v - laag >= self.d:
            return False
        return self._uiterste(i, -1.0, grenzen) - laag < self.d

    def zwak(self, cellen: Iterable[Sleutel] | None = None) -> list[Sleutel]:
        """The cells a reader narrows too far: a hidden one into 1..t-1 or to one value, a
        shown one (other than 0) to fewer than D + 1 values."""
        grenzen = self._grenzen()
        return [s for s in (self.sleutels if cellen is None else cellen) if self._zwak(s, grenzen)]

    def kosten(self, s: Sleutel) -> float:
        toeval = _hash(self.geheim, "kosten", self.pub.context, s) / 2**64
        basis = self.pub.waarden[s] + 1 + (_KOSTEN_TOTAAL if s in self.pub.totalen else 0)
        return basis * (1 + 0.5 * toeval)

    def _goedkoopste(self, kandidaten: Iterable[Sleutel]) -> Sleutel | None:
        zichtbaar = [b for b in kandidaten if b not in self.verborgen]
        return min(zichtbaar, key=self.kosten) if zichtbaar else None

    def _verder(self, s: Sleutel) -> Sleutel | None:
        """The cheapest of the nearest shown cells of the group, beyond ``s``'s own sums."""
        gezien, rand = {s}, [s]
        while rand:
            rand = [b for x in rand for b in self.buren[x] if b not in gezien and not gezien.add(b)]  # type: ignore[func-returns-value]
            if (keuze := self._goedkoopste(rand)) is not None:
                return keuze
        return None

    def beschermen(self) -> None:
        """Hide cells until no cell of the group is weak.

        Each round, every weak cell hides its cheapest shown neighbour (a pinned shown cell
        with none hides itself). A hidden cell whose sums hold no shown cell any more reaches
        further into the group; when no shown cell is left, the group's marks all become "x",
        meaning any count. Every round hides a cell or changes the marks, so this ends.
        """
        if self.t <= 1 or (not self.verborgen and not self.relaties):
            return
        # Hiding a cell or turning the marks into "x, any count" only widens what a reader
        # knows of every cell, so a cell found safe stays safe: each round checks again only
        # the weak cells and the newly hidden ones.
        zwak = self.zwak()
        while zwak:
            nieuw: set[Sleutel] = set()
            vast: list[Sleutel] = []
            for s in sorted(zwak, key=self.kosten):
                keuze = self._goedkoopste(self.buren[s])
                if keuze is not None:
                    nieuw.add(keuze)
                elif s not in self.verborgen:
                    nieuw.add(s)
                else:
                    vast.append(s)
            if not nieuw:
                nieuw = {k for s in vast if (k := self._verder(s)) is not None}
            if not nieuw and not self.onbepaald:
                self.onbepaald = True
                zwak = self.zwak(zwak)
                continue
            if not nieuw:  # pragma: no cover - with every cell hidden and "x" any count, all is safe
                raise RuntimeError("De beveiliging vond geen cel meer om te verbergen.")
            for s in nieuw:
                self.verborgen[s] = AANVULLEND
            zwak = self.zwak([*zwak, *(s for s in nieuw if s not in zwak)])


def _beschermen(pub: Publicatie) -> Bescherming:
    t = pub.drempel
    if t <= 0:
        return Bescherming({s: Cel(v, str(v), "", v) for s, v in pub.waarden.items()}, t)
    geheim = _geheim()
    cellen: dict[Sleutel, Cel] = {}
    onbepaald: set[Sleutel] = set()
    for sleutels in _groepen(pub.waarden, pub.relaties):
        leden = set(sleutels)
        relaties = [r for r in pub.relaties if r.totaal in leden]
        groep = _Groep(pub, sleutels, relaties, geheim)
        groep.beschermen()
        cellen.update({s: groep.cel(s) for s in sleutels})
        if groep.onbepaald:
            onbepaald.update(sleutels)
    return Bescherming({s: cellen[s] for s in pub.waarden}, t, frozenset(onbepaald))


# --- Figures as dataclasses ----------------------------------------------------------------------
#
# The figures modules return plain dataclasses. A field typed ``Aantal`` holds a count, one
# typed ``dict[str, Aantal]`` a count per code; a list of dataclasses (``Telling`` and the like)
# holds a breakdown, each item keyed by its ``code`` (or ``label``) and counted by its first
# ``Aantal``; a ``Beschermbaar`` (``mensenhandel.cijfers.Gemeentetelling``) holds a table by
# gemeente. ``beschermd`` registers every count of such a tree in one publication, with the sums
# declared on the fields (``som_van``), protects it, and returns the same tree with a ``Cel`` in
# the place of every count. Pages and files print only what ``beschermd`` returned.

Aantal = int  # a count in a figures dataclass; after ``beschermd``, a ``Cel`` in its place
SOM_VAN = "bescherming.som_van"
ZELFDE_ALS = "bescherming.zelfde_als"
KOLOMSOM_VAN = "bescherming.kolomsom_van"
SOM_DER = "bescherming.som_der"
MEDIAAN_OVER = "bescherming.mediaan_over"


def som_van(*velden: str) -> dict[str, tuple[str, ...]]:
    """Field metadata: this count is the sum of each of these breakdowns (sibling fields)."""
    return {SOM_VAN: velden}


def som_der(*velden: str) -> dict[str, tuple[str, ...]]:
    """Field metadata: this count is the sum of these sibling counts together."""
    return {SOM_DER: velden}


def kolomsom_van(veld: str) -> dict[str, str]:
    """Field metadata on a row (a dataclass) of a table whose other rows are the list ``veld``:
    every count of this row is the sum of the same count of those rows (a totals row)."""
    return {KOLOMSOM_VAN: veld}


def mediaan_over(veld: str) -> dict[str, str]:
    """Field metadata on a median: it is the median of the ``veld`` values counted beside it,
    and is not printed (None) unless that count is shown (t or more values)."""
    return {MEDIAAN_OVER: veld}


def zelfde_als(veld: str, code: str) -> dict[str, tuple[str, str]]:
    """Field metadata: this count is the item ``code`` of the breakdown ``veld`` (the same cell,
    printed twice with the same noise)."""
    return {ZELFDE_ALS: (veld, code)}


class Beschermbaar:
    """A part of a figures tree that registers its own cells (a table by gemeente)."""

    def registreren(self, pub: Publicatie, pad: Sleutel, totaal: Sleutel | None = None) -> None:
        """Count the cells under ``pad``; ``totaal``, when given, is an already counted cell
        that is the table's grand total (so it is one cell, not two)."""
        raise NotImplementedError  # pragma: no cover

    def invullen(self, bescherming: Bescherming, pad: Sleutel, totaal: Sleutel | None = None) -> Beschermbaar:
        """The same part with its printed cells; ``totaal`` as given to ``registreren``."""
        raise NotImplementedError  # pragma: no cover


def _soort(veld: dataclasses.Field[Any]) -> str:
    return veld.type if isinstance(veld.type, str) else getattr(veld.type, "__name__", "")


def _is_aantal(veld: dataclasses.Field[Any]) -> bool:
    return _soort(veld).split("|")[0].strip() == "Aantal"


def _is_aantallen(veld: dataclasses.Field[Any]) -> bool:
    """A ``dict[str, Aantal]``: a breakdown by code."""
    return _soort(veld).replace(" ", "") == "dict[str,Aantal]"


def _itemsleutel(item: object, i: int) -> object:
    return getattr(item, "code", None) or getattr(item, "label", None) or i


def _aantalveld(item: object) -> str | None:
    if not dataclasses.is_dataclass(item):
        return None
    velden = [v.name for v in dataclasses.fields(item) if _is_aantal(v)]
    return velden[0] if velden else None


def _registreren(obj: object, pub: Publicatie, pad: Sleutel) -> Sleutel | None:
    """Count the cells of ``obj``; return the key of its first count, which is what an item of
    a breakdown adds to a sum."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return None
    velden = dataclasses.fields(obj)
    eerste: Sleutel | None = None
    for veld in velden:  # the counts first: a table may total into one of them
        waarde = getattr(obj, veld.name)
        if _is_aantal(veld) and isinstance(waarde, int) and ZELFDE_ALS not in veld.metadata:
            sleutel = pub.tel((*pad, veld.name), waarde)
            eerste = eerste or sleutel
    totaal_van = {lijst: veld.name for veld in velden for lijst in veld.metadata.get(SOM_VAN, ())}
    delen: dict[str, list[Sleutel]] = {}
    for veld in velden:
        waarde = getattr(obj, veld.name)
        p = (*pad, veld.name)
        if isinstance(waarde, Beschermbaar):
            totaal = totaal_van.get(veld.name)
            waarde.registreren(pub, p, (*pad, totaal) if totaal else None)
        elif _is_aantallen(veld):
            delen[veld.name] = [pub.tel((*p, code), n) for code, n in waarde.items()]
        elif isinstance(waarde, list | tuple):
            sleutels = [_registreren(item, pub, (*p, _itemsleutel(item, i))) for i, item in enumerate(waarde)]
            delen[veld.name] = [s for s in sleutels if s is not None]
        elif dataclasses.is_dataclass(waarde):
            _registreren(waarde, pub, p)
    for lijst, totaal in totaal_van.items():
        if delen.get(lijst):
            pub.som((*pad, totaal), delen[lijst])
    for veld in velden:
        if SOM_DER in veld.metadata:
            pub.som((*pad, veld.name), [(*pad, deel) for deel in veld.metadata[SOM_DER]])
        if KOLOMSOM_VAN in veld.metadata:
            rijen = getattr(obj, veld.metadata[KOLOMSOM_VAN])
            voor = (*pad, veld.name)
            for sleutel in [k for k in pub.waarden if k[: len(voor)] == voor]:
                rest = sleutel[len(voor) :]
                pub.som(
                    sleutel,
                    [
                        (*pad, veld.metadata[KOLOMSOM_VAN], _itemsleutel(r, i), *rest)
                        for i, r in enumerate(rijen)
                    ],
                )
    return eerste


def _invullen(obj: Any, bescherming: Bescherming, pad: Sleutel) -> Any:
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    velden = dataclasses.fields(obj)
    totaal_van = {lijst: veld.name for veld in velden for lijst in veld.metadata.get(SOM_VAN, ())}
    nieuw: dict[str, Any] = {}
    for veld in velden:
        waarde = getattr(obj, veld.name)
        p = (*pad, veld.name)
        if _is_aantal(veld) and isinstance(waarde, int):
            if ZELFDE_ALS in veld.metadata:
                lijst, code = veld.metadata[ZELFDE_ALS]
                item = next(i for i in getattr(obj, lijst) if _itemsleutel(i, -1) == code)
                nieuw[veld.name] = bescherming[(*pad, lijst, code, _aantalveld(item))]
            else:
                nieuw[veld.name] = bescherming[p]
        elif isinstance(waarde, Beschermbaar):
            totaal = totaal_van.get(veld.name)
            nieuw[veld.name] = waarde.invullen(bescherming, p, (*pad, totaal) if totaal else None)
        elif _is_aantallen(veld):
            nieuw[veld.name] = {code: bescherming[(*p, code)] for code in waarde}
        elif isinstance(waarde, list | tuple):
            nieuw[veld.name] = type(waarde)(
                _invullen(item, bescherming, (*p, _itemsleutel(item, i))) for i, item in enumerate(waarde)
            )
        elif dataclasses.is_dataclass(waarde):
            nieuw[veld.name] = _invullen(waarde, bescherming, p)
    for veld in velden:
        if MEDIAAN_OVER in veld.metadata and getattr(obj, veld.name) is not None:
            over = nieuw.get(veld.metadata[MEDIAAN_OVER])
            if not isinstance(over, Cel) or over.verborgen or (over.getal or 0) < bescherming.drempel:
                nieuw[veld.name] = None
    return dataclasses.replace(obj, **nieuw)


def publicatie(cijfers: object, drempel: int, context: Sleutel) -> Publicatie:
    """The publication of a figures tree: its counts and the sums between them."""
    pub = Publicatie(drempel, context)
    _registreren(cijfers, pub, ())
    return pub


def beschermd(cijfers: T, drempel: int, context: Sleutel) -> T:
    """``cijfers`` with a protected ``Cel`` in the place of every count (see above)."""
    return cast(T, _invullen(cijfers, publicatie(cijfers, drempel, context).beschermen(), ()))


def gedrukt(aantal: int | Cel) -> int | None:
    """The printed number of a protected count (None when hidden); a plain int as it is."""
    return aantal.getal if isinstance(aantal, Cel) else aantal


def onbeschermd(cijfers: object, pad: Sleutel = ()) -> list[Sleutel]:
    """The places in a figures tree that hold a count that did not go through ``beschermd``
    (for the test that walks every page and file with figures)."""
    if isinstance(cijfers, Beschermbaar):
        return [] if getattr(cijfers, "beschermd", None) is not None else [pad]
    if isinstance(cijfers, list | tuple):
        return [p for i, item in enumerate(cijfers) for p in onbeschermd(item, (*pad, i))]
    if not dataclasses.is_dataclass(cijfers) or isinstance(cijfers, type):
        return []
    uit: list[Sleutel] = []
    for veld in dataclasses.fields(cijfers):
        waarde = getattr(cijfers, veld.name)
        if _is_aantal(veld) and not isinstance(waarde, Cel) and waarde is not None:
            uit.append((*pad, veld.name))
        elif _is_aantallen(veld):
            uit += [(*pad, veld.name, k) for k, n in waarde.items() if not isinstance(n, Cel)]
        else:
            uit += onbeschermd(waarde, (*pad, veld.name))
    return uit
