"""What a start page keeps per user for a minute: its aggregates (issue 16).

The start pages are the pages users open most: an AF goes from the list to a signal and back,
again and again. Each view counted the user's whole scope anew (the AF's status counts over every
signal of her gemeenten, the zorgcoördinator's phases over every open trajectory of her regio,
the "Mijn werk" section's counts and entries), although those change far less often than they
are read. They are kept here, one mechanism for all of them (the section: ``mensenhandel.werk.
startwerk``):

- per user, at most ``SECONDEN`` old (the menu's count lives as long), and only for the scope
  they were made for: a value made for other gemeenten or regio's (a changed scope) is made again;
- the user's own changes forget it at once (every POST, ``mensenhandel.werk.vergeten``), and so
  does logging in; what someone else changed shows within the minute;
- only counts and references the page shows anyway, never what a filter or search asked for:
  those pages read fresh.

All of a user's values share one cache entry, so a page reads them in one round trip and a change
forgets them with one delete. Two requests of one user at the same moment may each write the
entry; the one that loses only makes its value again on the next view.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import cache

from mensenhandel.models import Gebruiker

SECONDEN = 60


def _sleutel(gebruiker: Gebruiker) -> str:
    return f"startgeheugen:{gebruiker.pk}"


def onthouden(gebruiker: Gebruiker, bereik: Hashable, **maken: Callable[[], Any]) -> dict[str, Any]:
    """The values of this user's start page, by name, for ``bereik`` (the scope they cover, the
    user's ``mensenhandel.toegang.Bereik``): each kept when made for the same scope less than
    ``SECONDEN`` ago, else made by its function in ``maken`` and kept. One cache read, and one
    write when something was made. Each value keeps the time it was made: writing another value
    renews the entry, not the age of the values in it."""
    sleutel, nu = _sleutel(gebruiker), time.time()
    bewaard: dict[str, tuple[Any, float, Any]] = cache.get(sleutel) or {}
    geldig = {n: w for n, w in bewaard.items() if w[0] == bereik and 0 <= nu - w[1] < SECONDEN}
    nieuw = {naam: (bereik, nu, functie()) for naam, functie in maken.items() if naam not in geldig}
    if nieuw:
        cache.set(sleutel, geldig | nieuw, SECONDEN)
    return {naam: (geldig | nieuw)[naam][2] for naam in maken}


def vergeten(gebruiker: Gebruiker) -> None:
    cache.delete(_sleutel(gebruiker))
