"""Secondary suppression, checked by an integer program over each group of linked cells."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import highspy
import numpy as np
from django.conf import settings

from mensenhandel.bescherming.cellen import (
    _KOSTEN_TOTAAL,
    _ONBEGRENSD,
    AANVULLEND,
    AANVULLEND_TEKEN,
    HOOGSTENS,
    KLEIN,
    TEN_MINSTE,
    Bescherming,
    Cel,
    Interval,
    Publicatie,
    Relatie,
    Sleutel,
    _geheim,
    _hash,
    _ruis,
    bekend,
    klein_teken,
    ruisgrens,
)

logger = logging.getLogger(__name__)

_STRIKT: ContextVar[bool] = ContextVar("bescherming_strikt", default=False)


@contextmanager
def strikt() -> Iterator[None]:
    """Within this block a publication that cannot be checked raises ``Onoplosbaar`` instead of
    printing every count as "x". For a stored record (the report): it should fail, and be made
    again once the error is mended, rather than keep tables without a single figure."""
    token = _STRIKT.set(True)
    try:
        yield
    finally:
        _STRIKT.reset(token)


class Onoplosbaar(RuntimeError):
    """The check found no table that prints what is printed, or the solver failed. The true
    table always fits what is printed when every declared sum holds, so this means a declared
    sum that does not hold (a programming error), or a solver failure."""


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


def _geheel(waarden: np.ndarray) -> bool:
    """``np.allclose(waarden, np.round(waarden), atol=1e-9)`` without its overhead, which was a
    fifth of the time of a solved program."""
    afgerond = np.round(waarden)
    return bool(np.all(np.abs(waarden - afgerond) <= 1e-9 + 1e-5 * np.abs(afgerond)))


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
        model.setOptionValue("threads", 1)
        model.passModel(lp)
        return model

    # What gets printed
    def getal(self, s: Sleutel) -> int:
        return _ruis(self.geheim, self.pub.waarden[s], self.t, self.pub.context, s)

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
            if not self._schakelaars and _geheel(waarden):
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
        raise Onoplosbaar(f"De controle van de beveiliging faalde: {model.modelStatusToString(status)}")

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
                raise Onoplosbaar("De beveiliging vond geen cel meer om te verbergen.")
            for s in nieuw:
                self.verborgen[s] = AANVULLEND
            zwak = self.zwak([*zwak, *(s for s in nieuw if s not in zwak)])


def beschermen(pub: Publicatie) -> Bescherming:
    """Protect a whole publication, group by group (see the package's docstring).

    Fails safe: when the check cannot be done (``Onoplosbaar``), it logs an error that names
    the publication (its context: regio and period, no figures) and prints every count of the
    publication as "x", meaning any count, which gives nothing away. With the setting
    ``BESCHERMING_FOUTEN_OPWERPEN`` (on in the tests) it raises instead, so that a declared sum
    that does not hold fails a test rather than blanking a user's page.
    """
    t = pub.drempel
    if t <= 0:
        return Bescherming({s: Cel(v, str(v), "", v) for s, v in pub.waarden.items()}, t)
    try:
        return _beschermen(pub)
    except Onoplosbaar as fout:
        if _STRIKT.get() or settings.BESCHERMING_FOUTEN_OPWERPEN:
            raise
        logger.error(
            "Beveiliging van cijfers niet te controleren voor publicatie %s (%s): alle aantallen "
            "van deze publicatie staan er als '%s'.",
            pub.context,
            fout,
            AANVULLEND_TEKEN,
        )
        verborgen = {s: Cel(v, AANVULLEND_TEKEN, AANVULLEND) for s, v in pub.waarden.items()}
        return Bescherming(verborgen, t, frozenset(pub.waarden), mislukt=True)


def _beschermen(pub: Publicatie) -> Bescherming:
    t = pub.drempel
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
