"""Work that comes to a user ("Mijn werk", issue 18 point 4): one list, from one place.

Each app registers what needs a user now as *providers* (``Onderdeel.werk``, dotted paths): a
provider takes the user and returns a ``Werkbron`` for one kind of work, or None when that kind
is not theirs. A ``Werkbron`` is a scoped queryset of the records that need the user, oldest
first, so an item is derived from the records' state and disappears when the record changes
(no separate to-do table that can drift). A new kind of work is one provider function.

The kernel never imports an app's models: it counts and slices the querysets it is given.

- ``aantallen(gebruiker)``: the count per kind in one query, whatever the number of records
  (for the menu and, issue 18 point 5, for e-mail: counts only, never what an item is about).
- ``werklijst(gebruiker, per_soort)``: per kind with work, its count and its first entries; one
  query for the counts and one per kind that has work, never rows in proportion to the data.
- ``menuaantal(gebruiker)``: the total for the menu, from the project's cache (see there).

An entry (``Regel``) names a record by its reference (S-…, Z-…) and a date, never a name or a
description: the list is shown inside the application only, and what leaves it is the counts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.module_loading import import_string

from mensenhandel import startgeheugen
from mensenhandel.models import Gebruiker
from mensenhandel.onderdelen import onderdelen
from mensenhandel.toegang import bereik

__all__ = [
    "MENU_CACHE_SECONDEN",
    "Regel",
    "Werkbron",
    "Werkitem",
    "aantallen",
    "bronnen",
    "getoond",
    "heeft_werk",
    "menuaantal",
    "startlijst",
    "startwerk",
    "vergeten",
    "werklijst",
]

# The menu's count is kept this long per user: a page other than the work list and the start page
# reads it from the cache and asks the database nothing (the menu is on every page). The work list
# itself is always read fresh and puts its total in the cache, so opening it refreshes the count.
MENU_CACHE_SECONDEN = startgeheugen.SECONDEN
START_MAX = 5  # entries per kind in the start page's section; the work page shows WERK_MAX
WERK_MAX = 25
START = "werk"  # the section's name among what a start page keeps (``startwerk``)


@dataclass(frozen=True)
class Regel:
    """One entry of a kind: the record's reference, where it is dealt with, and its date."""

    referentie: str
    url: str
    datum: date | None = None
    toelichting: str = ""  # a short fact without case content, e.g. "evaluatie was op 3 mei 2026"
    getoond: tuple[str, object] | None = None  # (object type, id) for the access log


@dataclass(frozen=True)
class Werkbron:
    """One kind of work for one user, as a provider offers it.

    ``open``: the records that need the user now, already scoped to them and ordered oldest
    first, with what ``regel`` reads selected; ``regel`` makes an entry of one of them."""

    soort: str
    label: str
    url: str
    open: QuerySet[Any]
    regel: Callable[[Any], Regel]


@dataclass(frozen=True)
class Werkitem:
    """A kind of work on the list: its label, how many, where its whole list lives, the oldest
    date, and the first few entries."""

    soort: str
    label: str
    aantal: int
    url: str
    regels: tuple[Regel, ...] = field(default=())

    @property
    def oudste(self) -> date | None:
        return self.regels[0].datum if self.regels else None

    @property
    def meer(self) -> int:
        return self.aantal - len(self.regels)


Provider = Callable[[Gebruiker], "Werkbron | None"]


@functools.cache
def _providers() -> tuple[Provider, ...]:
    """Every app's providers, in app order (imported once per process)."""
    return tuple(import_string(pad) for config in onderdelen() for pad in config.werk)


def bronnen(gebruiker: Gebruiker) -> list[Werkbron]:
    """The kinds of work that apply to this user (by role; asks the database nothing beyond the
    user's role and scope, which every request reads once)."""
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return []
    return [bron for provider in _providers() if (bron := provider(gebruiker)) is not None]


def heeft_werk(gebruiker: Gebruiker) -> bool:
    """Whether any kind of work applies to this user's role (the empty list says which)."""
    return bool(bronnen(gebruiker))


def _tel(open_: QuerySet[Any]) -> Subquery:
    # SELECT COUNT(pk) FROM … WHERE …, as a scalar subquery: COUNT as a plain function, not an
    # aggregate, so Django adds no GROUP BY.
    return Subquery(open_.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")[:1])


def _tellen(lijst: Sequence[Werkbron], gebruiker: Gebruiker) -> dict[str, int]:
    """The count of every kind in one query (one scalar subquery per kind)."""
    if not lijst:
        return {}
    velden = {
        f"n{i}": Coalesce(_tel(bron.open), Value(0), output_field=IntegerField())
        for i, bron in enumerate(lijst)
    }
    rij: dict[str, Any] = dict(Gebruiker.objects.filter(pk=gebruiker.pk).values(**velden).get())
    return {bron.soort: int(rij[f"n{i}"]) for i, bron in enumerate(lijst)}


def _sleutel(gebruiker: Gebruiker) -> str:
    return f"werk:aantal:{gebruiker.pk}"


def _onthouden(gebruiker: Gebruiker, totaal: int) -> None:
    cache.set(_sleutel(gebruiker), totaal, MENU_CACHE_SECONDEN)


def aantallen(gebruiker: Gebruiker) -> dict[str, int]:
    """How many items of each kind wait for this user: counts only, in one query."""
    uit = _tellen(bronnen(gebruiker), gebruiker)
    _onthouden(gebruiker, sum(uit.values()))
    return uit


def werklijst(gebruiker: Gebruiker, per_soort: int = START_MAX) -> list[Werkitem]:
    """The kinds with work for this user, each with its count and first ``per_soort`` entries.

    One query for the counts, one per kind that has work (a kind without work reads nothing).
    Puts the total in the menu's cache, so opening the list refreshes the menu's count."""
    lijst = bronnen(gebruiker)
    tellingen = _tellen(lijst, gebruiker)
    _onthouden(gebruiker, sum(tellingen.values()))
    items = []
    for bron in lijst:
        aantal = tellingen[bron.soort]
        if aantal:
            regels = tuple(bron.regel(rij) for rij in bron.open[:per_soort])
            items.append(Werkitem(bron.soort, bron.label, aantal, bron.url, regels))
    return items


def startwerk(gebruiker: Gebruiker) -> Callable[[], list[Werkitem]]:
    """How a start page makes its section: ``werklijst`` with ``START_MAX`` entries per kind. A
    start page keeps it with its counts in ``mensenhandel.startgeheugen`` under ``START``: the
    start page is the page a user opens most, and the one issue 16 measures at national scale;
    read fresh, the section cost a query for the counts and one per kind with work on every view.
    The user's own changes forget it (``vergeten``), and so does logging in; what someone else
    changed shows within ``startgeheugen.SECONDEN``. The work page reads fresh."""
    return functools.partial(werklijst, gebruiker, START_MAX)


def startlijst(gebruiker: Gebruiker) -> list[Werkitem]:
    """The start page's section alone, for a start page that keeps nothing else."""
    return startgeheugen.onthouden(gebruiker, bereik(gebruiker), **{START: startwerk(gebruiker)})[START]


def vergeten(gebruiker: Gebruiker) -> None:
    """Forget the user's cached count and what their start pages keep, their section included,
    after a change of theirs."""
    cache.delete(_sleutel(gebruiker))
    startgeheugen.vergeten(gebruiker)


def menuaantal(gebruiker: Gebruiker) -> int:
    """The total for "Mijn werk (N)" in the menu: from the cache, which the work list and the start
    pages fill (logging in empties it); counted (one query) only when the cached value has expired, so a
    page adds at most one query a minute per user, not one per request."""
    totaal = cache.get(_sleutel(gebruiker))
    if totaal is None:
        totaal = sum(aantallen(gebruiker).values())
    return int(totaal)


def getoond(items: Sequence[Werkitem]) -> list[tuple[str, object]]:
    """What a list of work items showed, for the access log."""
    return [r.getoond for item in items for r in item.regels if r.getoond is not None]
