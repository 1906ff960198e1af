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
- Every count leaves through ``mensenhandel.bescherming`` (``beschermd``): the figures
  functions return true counts, the composition (``ketenregie.selectors.publicatie.regiocijfers``)
  protects them as one publication.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.db.models.functions import Coalesce, Least
from django.dispatch import Signal
from django.utils import timezone

from mensenhandel import bescherming
from mensenhandel.bescherming import (
    Aantal,
    Beschermbaar,
    BeschermdeTabel,
    Bescherming,
    Publicatie,
    Sleutel,
)
from mensenhandel.models import Gemeente

__all__ = [
    "Gemeentetelling",
    "Telling",
    "bronnen_gewijzigd",
    "eerste",
    "gemeentetelling",
    "mediaan",
    "op_dagen",
]

# Sent (with ``regio_pks``) when records leave the figures altogether, as an erased duplicate
# does: whoever keeps a regio's published figures (``ketenregie``) makes them again, so that a
# report made now does not count what it says is gone.
bronnen_gewijzigd = Signal()


@dataclass(frozen=True)
class Telling:
    """A count for one category: ``code`` is the stored value (for filter links)."""

    code: str
    label: str
    aantal: Aantal


@dataclass(frozen=True)
class Gemeentetelling(Beschermbaar):
    """A table broken down by gemeente for ``mensenhandel.bescherming.beschermd``: the true
    counts, and once protected the printed cells in ``tabel``. (It replaces ``Gemeentetabel``
    as the figures move to the protection of issue 13.)

    Every cell, total per gemeente, region total per column and the grand total is a count of
    the publication, linked by its sums.
    """

    gemeenten: list[str]
    kolommen: list[str]
    waarden: list[list[int]] = field(repr=False)  # the true counts: never print them
    rijtotalen: bool = False
    beschermd: BeschermdeTabel | None = None

    @property
    def tabel(self) -> BeschermdeTabel:
        if self.beschermd is None:
            raise RuntimeError("Deze tabel is nog niet beveiligd: druk alleen beschermde cijfers af.")
        return self.beschermd

    @property
    def regels(self) -> list[tuple[str, list[bescherming.Cel], bescherming.Cel | None]]:
        """Per gemeente: its name, its cells and its total (None without row totals)."""
        totalen: list[bescherming.Cel | None] = list(self.tabel.rijtotalen) or [None] * len(self.gemeenten)
        return list(zip(self.gemeenten, self.tabel.rijen, totalen, strict=True))

    @property
    def onderdrukt(self) -> bool:
        return self.tabel.onderdrukt

    def _sleutels(self, pad: Sleutel, totaal: Sleutel | None) -> dict[str, Any]:
        groot = totaal or (*pad, "totaal")
        kolommen = [(*pad, "kolom", k) for k in self.kolommen]
        if len(kolommen) == 1:
            kolommen = [groot]  # one column: its region total is the grand total
        return {
            "cellen": [[(*pad, g, k) for k in self.kolommen] for g in self.gemeenten],
            "rijen": [(*pad, g, "totaal") for g in self.gemeenten] if self.rijtotalen else [],
            "kolommen": kolommen,
            "totaal": groot,
        }

    def registreren(self, pub: Publicatie, pad: Sleutel, totaal: Sleutel | None = None) -> None:
        s = self._sleutels(pad, totaal)
        for sleutels, rij in zip(s["cellen"], self.waarden, strict=True):
            for sleutel, waarde in zip(sleutels, rij, strict=True):
                pub.tel(sleutel, waarde)
        for sleutel, rij in zip(s["rijen"], self.waarden if self.rijtotalen else [], strict=True):
            pub.tel(sleutel, sum(rij))
        for j, sleutel in enumerate(s["kolommen"]):
            pub.tel(sleutel, sum(rij[j] for rij in self.waarden))
        pub.tel(s["totaal"], sum(map(sum, self.waarden)))
        for rijsleutel, sleutels in zip(s["rijen"], s["cellen"] if self.rijtotalen else [], strict=True):
            pub.som(rijsleutel, sleutels)
        for j, sleutel in enumerate(s["kolommen"]):
            pub.som(sleutel, [rij[j] for rij in s["cellen"]])
        if len(s["kolommen"]) > 1:
            pub.som(s["totaal"], s["kolommen"])
        if s["rijen"]:
            pub.som(s["totaal"], s["rijen"])

    def invullen(
        self, bescherming: Bescherming, pad: Sleutel, totaal: Sleutel | None = None
    ) -> Gemeentetelling:
        s = self._sleutels(pad, totaal)
        return replace(
            self,
            beschermd=BeschermdeTabel(
                rijen=[[bescherming[k] for k in rij] for rij in s["cellen"]],
                rijtotalen=[bescherming[k] for k in s["rijen"]],
                kolomtotalen=[bescherming[k] for k in s["kolommen"]],
                totaal=bescherming[s["totaal"]],
                drempel=bescherming.drempel,
            ),
        )


def gemeentetelling(
    gemeenten: Sequence[Gemeente],
    kolommen: Sequence[str],
    waarden: Mapping[int, list[int]],
    *,
    rijtotalen: bool,
) -> Gemeentetelling:
    """Rows for the active gemeenten, and inactive ones only when they have counts."""
    leeg = [0] * len(kolommen)
    rijen = [g for g in gemeenten if g.actief or any(waarden.get(g.pk, leeg))]
    return Gemeentetelling(
        gemeenten=[g.naam for g in rijen],
        kolommen=list(kolommen),
        waarden=[list(waarden.get(g.pk, leeg)) for g in rijen],
        rijtotalen=rijtotalen,
    )


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


def op_dagen(veld: str, van: date, tot: date) -> Q:
    """A moment ``veld`` on one of the days ``van`` up to and including ``tot`` (Dutch time).

    The same rows as ``{veld}__date__range``, but as bounds on the stored moment: the database
    compares the column itself (an index can serve it) instead of converting every row's
    moment to a date first.
    """
    begin = timezone.make_aware(datetime.combine(van, time.min))
    einde = timezone.make_aware(datetime.combine(tot + timedelta(days=1), time.min))
    return Q(**{f"{veld}__gte": begin, f"{veld}__lt": einde})


def eerste(*velden: str) -> Least:
    """The earliest non-empty date of ``velden`` on every database.

    ``LEAST`` ignores NULL on PostgreSQL but not on SQLite; rotating a COALESCE through the
    fields gives every non-empty value a turn, so the least of those is the earliest.
    """
    rotaties = [Coalesce(*velden[i:], *velden[:i]) for i in range(len(velden))]
    return Least(*rotaties)
