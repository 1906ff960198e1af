"""Comparing printed figures with the true ones under the protection of figures
(``mensenhandel.bescherming``): the exact-figure tests of the dashboard and the report state
the true figures, and check that what is printed is what the method may print for them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import highspy
import numpy as np

from mensenhandel.bescherming import AANVULLEND_TEKEN, Cel, klein_teken, ruisgrens

_GETAL = re.compile(r"^\d+$")
_VERSCHIL = re.compile(r"^(gelijk|[+−-]\d+([,.]\d+)?)$")


def waar(waarde: Any) -> Any:
    """The true counts behind protected cells, also inside tuples, lists and dicts (tests only:
    the application never prints them)."""
    if isinstance(waarde, Cel):
        return waarde.waarde
    if isinstance(waarde, tuple | list):
        return type(waarde)(waar(w) for w in waarde)
    if isinstance(waarde, dict):
        return {k: waar(w) for k, w in waarde.items()}
    return waarde


def past(gedrukt: object, ware: object, drempel: int = 5) -> bool:
    """Whether ``gedrukt`` is what the method may print for the true ``ware`` (both as text)."""
    gedrukt, ware = str(gedrukt), str(ware)
    if gedrukt == ware:
        return True
    verborgen = {klein_teken(drempel), AANVULLEND_TEKEN}
    if _GETAL.match(ware):
        n = int(ware)
        if n == 0:
            return gedrukt in verborgen  # a 0 hidden alongside
        if n < drempel:
            return gedrukt in verborgen
        if gedrukt == AANVULLEND_TEKEN:
            return True
        if not _GETAL.match(gedrukt):
            return False
        p = int(gedrukt)
        return p >= drempel and abs(p - n) <= ruisgrens(drempel)
    if ware.endswith("%"):  # a share of two printed counts
        return gedrukt == "–" or gedrukt.endswith("%")
    if _VERSCHIL.match(ware):  # the change between two printed counts
        return gedrukt == "–" or bool(_VERSCHIL.match(gedrukt))
    if re.match(r"^\d+,\d+$", ware):  # a median: hidden when it is over too few
        return gedrukt == "–"
    return False


def rijen_passen(
    gedrukt: Sequence[Sequence[object]], ware: Sequence[Sequence[object]], drempel: int = 5
) -> None:
    """Assert that a printed table is what the method may print for the true one."""
    assert len(gedrukt) == len(ware), (gedrukt, ware)
    for g, w in zip(gedrukt, ware, strict=True):
        assert len(g) == len(w), (g, w)
        for x, y in zip(g, w, strict=True):
            assert past(x, y, drempel), f"{x!r} past niet bij de ware {y!r} in {g} / {w}"


def lijst_past(gedrukt: Sequence[object], ware: Sequence[object], drempel: int = 5) -> None:
    """Assert that printed cells are what the method may print for the true ones."""
    rijen_passen([gedrukt], [ware], drempel)


def geheel_optimum(h: highspy.Highs) -> highspy.HighsModelStatus:
    """Solve the model (its objective set) as an integer program over all its columns; on
    ``kOptimal`` its objective value is the optimum. The attackers' programs (written apart from
    the code under test). The linear relaxation first: a whole-numbered optimum of it is the
    integer program's too. Otherwise (fractional, unbounded, infeasible) branch and bound decides."""
    n = h.getNumCol()
    alle = np.arange(n, dtype=np.int32)
    h.changeColsIntegrality(n, alle, np.zeros(n, dtype=np.uint8))
    h.run()
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        waarden = np.asarray(h.getSolution().col_value)
        if np.all(np.abs(waarden - np.round(waarden)) <= 1e-9):
            return h.getModelStatus()
    h.changeColsIntegrality(n, alle, np.ones(n, dtype=np.uint8))
    h.run()
    return h.getModelStatus()
