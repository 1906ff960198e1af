"""Coarse lists that do not single anyone out (k-anonymity), for who may not read signals.

The ketenregisseur's list without casework access and the regietafel agenda for those who
may not read a signal show signals as groups of coarse values: a period, a gemeente (or
"Overige gemeenten"), the forms of exploitation and the status, with the number of
signals. Every group shown holds at least ``drempel`` signals; signals that fit no such
group, even fully coarsened, are only counted together ("… signalen met andere
kenmerken"), and that count too is at least ``drempel``. Below ``drempel`` in all, nothing
is shown, and 0 looks the same as 1 to ``drempel - 1``.

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
from dataclasses import dataclass
from datetime import date

from django.utils import formats

OVERIGE_GEMEENTEN = "Overige gemeenten"
ALLE_GEMEENTEN = "Alle gemeenten"
NIET_GETOOND = "—"


# --- Periods (private: the kernel's periode.py is another helper's) -----------------------------


@dataclass(frozen=True, order=True)
class Tijdvak:
    """A month, quarter, half-year or year; ``code`` is what a filter's URL carries."""

    begin: date
    einde: date
    code: str
    label: str

    def bevat(self, ander: Tijdvak) -> bool:
        return self.begin <= ander.begin and ander.einde <= self.einde


def _einde(jaar: int, maand: int) -> date:
    """The last day of the month ``maand`` of ``jaar``."""
    if maand == 12:
        return date(jaar, 12, 31)
    return date.fromordinal(date(jaar, maand + 1, 1).toordinal() - 1)


def maand(dag: date) -> Tijdvak:
    label = formats.date_format(dag, "F Y")
    return Tijdvak(dag.replace(day=1), _einde(dag.year, dag.month), f"{dag:%Y}-{dag:%m}", label)


def kwartaal(dag: date) -> Tijdvak:
    k = (dag.month - 1) // 3 + 1
    return Tijdvak(
        date(dag.year, 3 * k - 2, 1), _einde(dag.year, 3 * k), f"{dag.year}-k{k}", f"{k}e kwartaal {dag.year}"
    )


def halfjaar(dag: date) -> Tijdvak:
    h = 1 if dag.month <= 6 else 2
    return Tijdvak(
        date(dag.year, 6 * h - 5, 1), _einde(dag.year, 6 * h), f"{dag.year}-h{h}", f"{h}e halfjaar {dag.year}"
    )


def jaar(dag: date) -> Tijdvak:
    return Tijdvak(date(dag.year, 1, 1), date(dag.year, 12, 31), str(dag.year), str(dag.year))


def tijdvak_uit_code(code: str) -> Tijdvak | None:
    """The period a filter's code names, or None when the code is not one."""
    try:
        if len(code) == 4 and code.isdigit():
            return jaar(date(int(code), 1, 1))
        jaartal, deel = code.split("-", 1)
        j = int(jaartal)
        if deel.startswith("k") and deel[1:] in {"1", "2", "3", "4"}:
            return kwartaal(date(j, 3 * int(deel[1:]), 1))
        if deel.startswith("h") and deel[1:] in {"1", "2"}:
            return halfjaar(date(j, 6 * int(deel[1:]), 1))
        if deel.isdigit() and len(deel) == 2:
            return maand(date(j, int(deel), 1))
    except ValueError:
        return None
    return None


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
    """One row of a coarse list: values shared by ``aantal`` (at least the threshold) signals."""

    tijdvak: Tijdvak
    gemeente: str
    vormen: tuple[str, ...] | None  # None: not shown
    status: str | None  # None: not shown
    aantal: int

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
    overig: int  # 0 or at least the threshold
    totaal: int

    @property
    def te_weinig(self) -> bool:
        """Fewer signals than the threshold (perhaps none): nothing is shown."""
        return self.totaal < self.drempel


_Sleutel = tuple[Tijdvak, str, "tuple[str, ...] | None", "str | None"]
_Niveau = Callable[[Kenmerken, str], _Sleutel]

NIVEAUS: tuple[_Niveau, ...] = (
    lambda k, g: (maand(k.datum), g, k.vormen, k.status),
    lambda k, g: (kwartaal(k.datum), g, k.vormen, k.status),
    lambda k, g: (halfjaar(k.datum), g, k.vormen, k.status),
    lambda k, g: (halfjaar(k.datum), g, k.vormen, None),
    lambda k, g: (halfjaar(k.datum), g, None, None),
    lambda k, g: (halfjaar(k.datum), ALLE_GEMEENTEN, None, None),
    lambda k, g: (jaar(k.datum), ALLE_GEMEENTEN, None, None),
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


def grof_maken(signalen: Sequence[Kenmerken], drempel: int) -> GrofOverzicht:
    """The coarse list of ``signalen`` in which every group holds at least ``drempel``."""
    drempel = max(drempel, 1)
    totaal = len(signalen)
    if totaal < drempel:
        return GrofOverzicht(drempel=drempel, groepen=(), overig=0, totaal=totaal)
    getoond = gemeenten_groeperen((s.gemeente for s in signalen), drempel)
    over = list(signalen)
    groepen: list[Groep] = []
    for niveau in NIVEAUS:
        per_sleutel: dict[_Sleutel, list[Kenmerken]] = defaultdict(list)
        for s in over:
            per_sleutel[niveau(s, getoond[s.gemeente])].append(s)
        over = []
        for (tijdvak, gemeente, vormen, status), leden in per_sleutel.items():
            if len(leden) >= drempel:
                groepen.append(Groep(tijdvak, gemeente, vormen, status, len(leden)))
            else:
                over.extend(leden)
    overig = len(over)
    # Rule 3: the rest is never a small number; the smallest groups join it.
    groepen.sort(key=lambda g: (g.aantal, -g.tijdvak.begin.toordinal(), _volgorde(g)))
    while 0 < overig < drempel:
        overig += groepen.pop(0).aantal
    groepen.sort(key=lambda g: (-g.tijdvak.begin.toordinal(), g.tijdvak.einde, _volgorde(g)))
    return GrofOverzicht(drempel=drempel, groepen=tuple(groepen), overig=overig, totaal=totaal)


def _volgorde(groep: Groep) -> tuple[int, str, str, str]:
    laatst = groep.gemeente in (OVERIGE_GEMEENTEN, ALLE_GEMEENTEN)
    return (int(laatst), groep.gemeente, groep.vormen_tekst, groep.status_tekst)


def minder_dan(drempel: int) -> str:
    return f"minder dan {drempel}"
