"""Figures that cannot single anyone out: the one protection of every count that leaves the
case screens (dashboard, report PDF, CSV, XLSX, and any future export).

A *publication* (``Publicatie``) is everything one page or one report prints for one regio and
one publication period: its counts (cells, each with a stable key) and the sums a reader knows
hold between them (a row total is the sum of its row; the region's signals by gemeente add up
to the region's total; signals with a minor are at most all signals). Tables that share a
margin share its cells, so linked tables are protected together. ``beschermen`` protects the
whole publication at once; nothing prints a count that did not go through it. A count shown on
its own, outside a table (a row of the coarse lists of ``signalen.grof``), gets the same noise
through ``met_ruis``.

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

from mensenhandel.bescherming.bomen import (
    GEDEELDE_CEL,
    KOLOMSOM_BINNEN,
    KOLOMSOM_VAN,
    MEDIAAN_OVER,
    SOM_DER,
    SOM_VAN,
    ZELFDE_ALS,
    Aantal,
    Beschermbaar,
    beschermd,
    beschermd_met_uitkomst,
    gedeelde_cel,
    gedrukt,
    kolomsom_van,
    mediaan_over,
    onbeschermd,
    publicatie,
    som_der,
    som_van,
    zelfde_als,
)
from mensenhandel.bescherming.cellen import (
    AANVULLEND,
    AANVULLEND_TEKEN,
    GELIJK,
    HOOGSTENS,
    KLEIN,
    TEN_MINSTE,
    BeschermdeTabel,
    Bescherming,
    Cel,
    Interval,
    Publicatie,
    Relatie,
    Sleutel,
    bekend,
    klein_teken,
    met_ruis,
    ruisgrens,
    uitleg,
    veilig,
    verschil_interval,
)
from mensenhandel.bescherming.programma import (
    Onoplosbaar,
    beschermen,
    strikt,
)

__all__ = [
    "AANVULLEND",
    "AANVULLEND_TEKEN",
    "GEDEELDE_CEL",
    "GELIJK",
    "HOOGSTENS",
    "KLEIN",
    "KOLOMSOM_BINNEN",
    "KOLOMSOM_VAN",
    "MEDIAAN_OVER",
    "SOM_DER",
    "SOM_VAN",
    "TEN_MINSTE",
    "ZELFDE_ALS",
    "Aantal",
    "Beschermbaar",
    "BeschermdeTabel",
    "Bescherming",
    "Cel",
    "Interval",
    "Onoplosbaar",
    "Publicatie",
    "Relatie",
    "Sleutel",
    "bekend",
    "beschermd",
    "beschermd_met_uitkomst",
    "beschermen",
    "gedeelde_cel",
    "gedrukt",
    "klein_teken",
    "kolomsom_van",
    "mediaan_over",
    "met_ruis",
    "onbeschermd",
    "publicatie",
    "ruisgrens",
    "som_der",
    "som_van",
    "strikt",
    "uitleg",
    "veilig",
    "verschil_interval",
    "zelfde_als",
]
