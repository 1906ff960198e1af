"""Coarse lists that do not single anyone out (k-anonymity), for who may not read signals.

The ketenregisseur's list without casework access and the regietafel agenda for those who
may not read a signal show signals as groups of coarse values: a period, a gemeente (or
"Overige gemeenten"), the forms of exploitation and the status, with the number of
signals. Every group shown holds at least ``drempel`` signals; signals that fit no such
group, even fully coarsened, are only counted together ("… signalen met andere
kenmerken"), and that count too is at least ``drempel``. Below ``drempel`` in all, nothing
is shown, and 0 looks the same as 1 to ``drempel - 1``.

The counts are printed as the figures print theirs (ADR 0007): the rule works on the true
counts, and each printed count (a group's, the rest's) carries the cell-key noise of
``mensenhandel.bescherming.met_ruis``: at most D = ceil((t - 1) / 2) off, never below t, the
same cell with the same count always the same number. A cell is what its row shows (period,
gemeente, forms, status; the rest and the grouped gemeenten also by the regio's listed), not
the filter that shows it, so two filters, or the list and the agenda, print the same number
for the same group, and subtracting what two filters show gives noise, not a count from 1 to
t - 1. A total is the sum of the printed counts it covers: it tells nothing they do not.

The rule, deterministic so that the same signals always give the same list:

1. Gemeenten with fewer than ``drempel`` signals go into "Overige gemeenten"; while that
   group holds 1 to ``drempel - 1`` signals, the smallest other gemeente joins it.
2. Each signal is shown at the finest of these levels at which at least ``drempel`` of the
   signals not placed yet share its values: month; quarter; half-year; half-year without
   status; half-year without status and forms; half-year for all gemeenten; year for all
   gemeenten.
3. What is left goes to the rest. While the rest holds 1 to ``drempel - 1`` signals, the
   smallest group joins it.

Pure functions on plain values: no database, no request.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from mensenhandel.bescherming import Sleutel, met_ruis
from mensenhandel.bescherming import uitleg as beschermingsuitleg
from mensenhandel.periode import Periode

OVERIGE_GEMEENTEN = "Overige gemeenten"
ALLE_GEMEENTEN = "Alle gemeenten"
NIET_GETOOND = "—"
_CONTEXT = ("signalen.grof",)


# --- The rule -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kenmerken:
    """What may be known of one signal before coarsening."""

    datum: date
    gemeente: str
    vormen: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Groep:
    """One row of a coarse list: values shared by ``aantal`` (at least the threshold) signals.

    ``aantal`` is the true count, for the rule only; the page prints ``getal``, the count with
    the figures' noise (``mensenhandel.bescherming.met_ruis``)."""

    tijdvak: Periode
    gemeente: str
    vormen: tuple[str, ...] | None  # None: not shown
    status: str | None  # None: not shown
    aantal: int
    getal: int = 0

    @property
    def vormen_tekst(self) -> str:
        return NIET_GETOOND if self.vormen is None else ", ".join(self.vormen) or NIET_GETOOND

    @property
    def status_tekst(self) -> str:
        return NIET_GETOOND if self.status is None else self.status


@dataclass(frozen=True)
class GrofOverzicht:
    drempel: int
    groepen: tuple[Groep, ...]
    overig: int  # 0 or at least the threshold (the true count, for the rule only)
    totaal: int  # the true count: never printed
    overig_getal: int = 0  # what the page prints for the rest
    uitleg: str = ""  # how the printed counts are protected (the figures' own explanation)

    @property
    def te_weinig(self) -> bool:
        """Fewer signals than the threshold (perhaps none): nothing is shown."""
        return self.totaal < self.drempel

    @property
    def totaal_getal(self) -> int:
        """The printed total: the sum of the printed counts, so it tells nothing they do not."""
        return getoond_totaal(self.groepen, self.overig_getal)


_Sleutel = tuple[Periode, str, "tuple[str, ...] | None", "str | None"]
_Niveau = Callable[[Kenmerken, str], _Sleutel]

NIVEAUS: tuple[_Niveau, ...] = (
    lambda k, g: (Periode.maand_van(k.datum), g, k.vormen, k.status),
    lambda k, g: (Periode.kwartaal_van(k.datum), g, k.vormen, k.status),
    lambda k, g: (Periode.halfjaar_van(k.datum), g, k.vormen, k.status),
    lambda k, g: (Periode.halfjaar_van(k.datum), g, k.vormen, None),
    lambda k, g: (Periode.halfjaar_van(k.datum), g, None, None),
    lambda k, g: (Periode.halfjaar_van(k.datum), ALLE_GEMEENTEN, None, None),
    lambda k, g: (Periode.jaar(k.datum.year), ALLE_GEMEENTEN, None, None),
)


def gemeenten_groeperen(gemeenten: Iterable[str], drempel: int) -> dict[str, str]:
    """Each gemeente's name as shown: itself, or ``OVERIGE_GEMEENTEN`` (rule 1)."""
    aantallen = Counter(gemeenten)
    klein = {g for g, n in aantallen.items() if n < drempel}
    overig = sum(aantallen[g] for g in klein)
    groot = sorted((g for g in aantallen if g not in klein), key=lambda g: (aantallen[g], g))
    while 0 < overig < drempel and groot:
        erbij = groot.pop(0)
        klein.add(erbij)
        overig += aantallen[erbij]
    return {g: OVERIGE_GEMEENTEN if g in klein else g for g in aantallen}


def grof_maken(signalen: Sequence[Kenmerken], drempel: int, regio: Sleutel = ()) -> GrofOverzicht:
    """The coarse list of ``signalen`` in which every group holds at least ``drempel``.

    ``regio`` names the regio's the list covers (their keys). The rule runs on the true
    counts; every printed count carries the noise of its cell (``_celsleutel``)."""
    minimum = max(drempel, 1)
    totaal = len(signalen)
    if totaal < minimum:
        return GrofOverzicht(
            drempel=minimum, groepen=(), overig=0, totaal=totaal, uitleg=beschermingsuitleg(drempel)
        )
    getoond = gemeenten_groeperen((s.gemeente for s in signalen), minimum)
    over = list(signalen)
    groepen: list[Groep] = []
    for niveau in NIVEAUS:
        per_sleutel: dict[_Sleutel, list[Kenmerken]] = defaultdict(list)
        for s in over:
            per_sleutel[niveau(s, getoond[s.gemeente])].append(s)
        over = []
        for (tijdvak, gemeente, vormen, status), leden in per_sleutel.items():
            if len(leden) >= minimum:
                groepen.append(Groep(tijdvak, gemeente, vormen, status, len(leden)))
            else:
                over.extend(leden)
    overig = len(over)
    # Rule 3: the rest is never a small number; the smallest groups join it.
    groepen.sort(key=lambda g: (g.aantal, -g.tijdvak.van.toordinal(), _volgorde(g)))
    while 0 < overig < minimum:
        overig += groepen.pop(0).aantal
    groepen.sort(key=lambda g: (-g.tijdvak.van.toordinal(), g.tijdvak.tot, _volgorde(g)))
    return GrofOverzicht(
        drempel=minimum,
        groepen=tuple(
            replace(g, getal=met_ruis(g.aantal, drempel, _CONTEXT, _celsleutel(g, regio))) for g in groepen
        ),
        overig=overig,
        totaal=totaal,
        overig_getal=met_ruis(overig, drempel, _CONTEXT, ("overig", regio)),
        uitleg=beschermingsuitleg(drempel),
    )


def _celsleutel(groep: Groep, regio: Sleutel) -> Sleutel:
    """What defines a group's cell: its shown values, not the filter that shows it. A named
    gemeente defines its own cell (so "all regio's" and one regio print the same number for
    the same group); "Overige gemeenten" and "Alle gemeenten" depend on the regio's listed."""
    gemeente: object = groep.gemeente
    if groep.gemeente in (OVERIGE_GEMEENTEN, ALLE_GEMEENTEN):
        gemeente = (groep.gemeente, regio)
    return ("groep", groep.tijdvak.code, gemeente, groep.vormen, groep.status)


def getoond_totaal(groepen: Iterable[Groep], overig_getal: int = 0) -> int:
    """The total of some printed rows: the sum of what they print."""
    return sum(g.getal for g in groepen) + overig_getal


def _volgorde(groep: Groep) -> tuple[int, str, str, str]:
    laatst = groep.gemeente in (OVERIGE_GEMEENTEN, ALLE_GEMEENTEN)
    return (int(laatst), groep.gemeente, groep.vormen_tekst, groep.status_tekst)


def minder_dan(drempel: int) -> str:
    return f"minder dan {drempel}"
