"""The cells of a publication: the marks, what a reader knows of a printed cell, and the
publication (``Publicatie``) that collects counts and the sums between them."""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.conf import settings

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


def _ruis(geheim: bytes, waarde: int, drempel: int, context: Sleutel, sleutel: Sleutel) -> int:
    """The cell-key noise (the package's docstring, point 2) of a count of 0 or of t or more."""
    d = ruisgrens(drempel)
    if waarde == 0 or d == 0:
        return waarde
    keuzes = range(max(-d, drempel - waarde), d + 1)
    return waarde + keuzes[_hash(geheim, "ruis", context, sleutel, waarde) % len(keuzes)]


def met_ruis(waarde: int, drempel: int, context: Sleutel, sleutel: Sleutel) -> int:
    """The printed number of one shown count outside a ``Publicatie`` (a coarse list's rows):
    the same noise as every figure, for a count of 0 or of at least ``drempel``. The same
    context, key and count always give the same number. A count from 1 to ``drempel - 1`` is
    never printed, so it is refused."""
    if 0 < waarde < drempel:
        raise ValueError(f"Een aantal van 1 tot {drempel} wordt niet getoond ({sleutel}).")
    return _ruis(_geheim(), waarde, drempel, context, sleutel)


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
        from mensenhandel.bescherming.programma import beschermen

        return beschermen(self)


@dataclass(frozen=True)
class Bescherming:
    """The protected publication: a ``Cel`` per key."""

    cellen: Mapping[Sleutel, Cel]
    drempel: int
    onbepaald: frozenset[Sleutel] = frozenset()  # cells of groups where "x" means any count
    mislukt: bool = False  # the check could not be done: every count is "x" (programma.beschermen)

    def __getitem__(self, sleutel: Sleutel) -> Cel:
        return self.cellen[sleutel]

    def __iter__(self) -> Iterator[Sleutel]:
        return iter(self.cellen)

    @property
    def onderdrukt(self) -> bool:
        return any(c.verborgen for c in self.cellen.values())

    def bekend(self, sleutel: Sleutel) -> Interval:
        return bekend(self.cellen[sleutel], self.drempel, onbepaald=sleutel in self.onbepaald)
