"""Building blocks of the figures that every app counts over its own data.

Figures only, never people: the figures modules (``signalen.cijfers``,
``zorgcoordinatie.cijfers``, ``ketenregie.selectors.cijfers``) count in the database and
return plain dataclasses made of these blocks, no HTML and no request, so that a Celery
task can call them for the PDF. Each function there costs a fixed number of queries
whatever the amount of data.

General definitions (also the method section of the report):

- The *reference date* (peildatum) is the end of the period, or today when the period has
  not ended yet (``Periode.peildatum``).
- A *median* of a number of days is the middle value, or the mean of the two middle
  values; none without values.
- Every table broken down by gemeente goes through ``mensenhandel.onderdrukking``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, Least

from mensenhandel.models import Gemeente
from mensenhandel.onderdrukking import Cel, OnderdrukteTabel, onderdrukken
from mensenhandel.periode import Periode

__all__ = [
    "Gemeentetabel",
    "Periodevoorwaarde",
    "Telling",
    "dagenhistogram",
    "eerste",
    "gemeentetabel",
    "mediaan",
    "per_periode",
]


@dataclass(frozen=True)
class Telling:
    """A count for one category: ``code`` is the stored value (for filter links)."""

    code: str
    label: str
    aantal: int


@dataclass(frozen=True)
class Gemeentetabel:
    """A table broken down by gemeente, suppressed by the region's rule.

    Print ``Cel.tekst`` only; the region totals (``tabel.kolomtotalen``, ``tabel.totaal``)
    are exact.
    """

    gemeenten: list[str]
    kolommen: list[str]
    tabel: OnderdrukteTabel

    @property
    def regels(self) -> list[tuple[str, list[Cel], Cel | None]]:
        """Per gemeente: its name, its cells and its total (None without row totals)."""
        totalen: list[Cel | None] = list(self.tabel.rijtotalen) or [None] * len(self.gemeenten)
        return list(zip(self.gemeenten, self.tabel.rijen, totalen, strict=True))

    @property
    def onderdrukt(self) -> bool:
        return self.tabel.onderdrukt


def gemeentetabel(
    gemeenten: Sequence[Gemeente],
    kolommen: Sequence[str],
    waarden: Mapping[int, list[int]],
    drempel: int,
    *,
    rijtotalen: bool,
) -> Gemeentetabel:
    """Rows for the active gemeenten, and inactive ones only when they have counts."""
    leeg = [0] * len(kolommen)
    rijen = [g for g in gemeenten if g.actief or any(waarden.get(g.pk, leeg))]
    tabel = onderdrukken([waarden.get(g.pk, leeg) for g in rijen], drempel, rijtotalen=rijtotalen)
    return Gemeentetabel(gemeenten=[g.naam for g in rijen], kolommen=list(kolommen), tabel=tabel)


def mediaan(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how often}; None without values."""
    n = sum(histogram.values())
    if n == 0:
        return None
    midden = sorted({(n - 1) // 2, n // 2})
    gevonden: list[int] = []
    gezien = 0
    for waarde in sorted(histogram):
        volgende = gezien + histogram[waarde]
        gevonden.extend(waarde for positie in midden if gezien <= positie < volgende)
        gezien = volgende
    return sum(gevonden) / len(gevonden)


def dagenhistogram(rijen: Iterable[tuple[timedelta, int]]) -> dict[int, int]:
    """{days: how many} from rows of (a duration, how many) as the database counted them."""
    histogram: dict[int, int] = {}
    for duur, n in rijen:
        histogram[duur.days] = histogram.get(duur.days, 0) + n
    return histogram


def eerste(*velden: str) -> Least:
    """The earliest non-empty date of ``velden`` on every database.

    ``LEAST`` ignores NULL on PostgreSQL but not on SQLite; rotating a COALESCE through the
    fields gives every non-empty value a turn, so the least of those is the earliest.
    """
    rotaties = [Coalesce(*velden[i:], *velden[:i]) for i in range(len(velden))]
    return Least(*rotaties)


# A condition for one period: (the period, its reference date) -> a filter.
Periodevoorwaarde = Callable[[Periode, date], Q]


def per_periode(
    queryset: QuerySet, periodes: Sequence[Periode], vandaag: date, voorwaarden: dict[str, Periodevoorwaarde]
) -> dict[str, int]:
    """Conditional counts of ``queryset`` per period in one query: {"naam_i": count}.

    ``i`` is the position of the period in ``periodes``.
    """
    tellers = {
        f"{naam}_{i}": Count("id", filter=voorwaarde(p, p.peildatum(vandaag)))
        for naam, voorwaarde in voorwaarden.items()
        for i, p in enumerate(periodes)
    }
    return queryset.order_by().aggregate(**tellers)
