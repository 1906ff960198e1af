"""Periods: the one place that knows where a month, quarter, half-year and year begin and end.

The figures of every app, the ketenregisseur's bijzonderheden and the halfjaarrapportage
count over a ``Periode``. Figures are published for *publication periods* only: one whole
month, quarter, half-year or year (``is_publicatieperiode``); a custom report covers whole
months (``hele_maanden``). A period chosen to the day would let two overlapping queries
single out one signal. ``publicatieperioden`` lists what a user can pick, and ``code`` /
``Periode.uit_code`` write a publication period compactly for URLs ("2026", "2026-H1",
"2026-K2", "2026-06").

Dates are written out with Django's Dutch formats (``date_format``), not with month names
of our own.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format

__all__ = [
    "HALFJAAR",
    "JAAR",
    "KWARTAAL",
    "MAAND",
    "Periode",
    "datum_tekst",
    "laatste_dag",
    "laatste_halfjaren",
    "maand_kort",
    "maand_tekst",
    "publicatieperioden",
    "volgende_maand",
]

MAAND, KWARTAAL, HALFJAAR, JAAR = "maand", "kwartaal", "halfjaar", "jaar"
_CODE = re.compile(r"(?P<jaar>\d{4})(?:-(?:(?P<maand>\d{2})|H(?P<helft>[12])|K(?P<kwartaal>[1-4])))?")


@functools.lru_cache(maxsize=4096)
def datum_tekst(dag: date) -> str:
    """E.g. "3 februari 2026". Kept per date: the interface speaks Dutch only (``LANGUAGES``),
    and a list prints one per row (``date_format`` was a fifth of a list row's time)."""
    return date_format(dag, "j F Y")


def maand_tekst(dag: date) -> str:
    """E.g. "juni 2026"."""
    return date_format(dag, "F Y")


def met_lidwoord(label: str) -> str:
    """A period's label (``Periode.label``) as it reads after "over", "van" or "in": a half-year
    and a quarter take "het"; a period of dates reads as "de periode van …"; a month and a year
    take none."""
    if "halfjaar" in label or "kwartaal" in label:
        return f"het {label}"
    if " tot en met " in label:
        return f"de periode van {label}"
    return label


def laatste_dag(jaar: int, maand: int) -> date:
    return date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def volgende_maand(dag: date) -> date:
    """The first day of the month after the one that holds ``dag``."""
    return laatste_dag(dag.year, dag.month) + timedelta(days=1)


def maand_kort(dag: date) -> str:
    """E.g. "feb 2026" (chart axes and narrow table heads)."""
    return date_format(dag, "b Y")


@dataclass(frozen=True)
class Periode:
    """From ``van`` up to and including ``tot``."""

    van: date
    tot: date

    def __post_init__(self) -> None:
        if self.tot < self.van:
            raise ValueError("Een periode eindigt niet vóór zij begint.")

    @classmethod
    def maanden_van(cls, jaar: int, eerste: int, laatste: int) -> Periode:
        """From the first day of month ``eerste`` to the last day of month ``laatste`` of ``jaar``."""
        return cls(date(jaar, eerste, 1), laatste_dag(jaar, laatste))

    @classmethod
    def maand(cls, jaar: int, maand: int) -> Periode:
        if not 1 <= maand <= 12:
            raise ValueError("Een jaar heeft twaalf maanden: 1 tot en met 12.")
        return cls.maanden_van(jaar, maand, maand)

    @classmethod
    def kwartaal(cls, jaar: int, kwartaal: int) -> Periode:
        if not 1 <= kwartaal <= 4:
            raise ValueError("Een jaar heeft vier kwartalen: 1 tot en met 4.")
        return cls.maanden_van(jaar, 3 * kwartaal - 2, 3 * kwartaal)

    @classmethod
    def halfjaar(cls, jaar: int, helft: int) -> Periode:
        if helft not in (1, 2):
            raise ValueError("Een jaar heeft twee helften: 1 of 2.")
        return cls.maanden_van(jaar, 6 * helft - 5, 6 * helft)

    @classmethod
    def jaar(cls, jaar: int) -> Periode:
        return cls.maanden_van(jaar, 1, 12)

    @classmethod
    def uit_code(cls, code: str) -> Periode:
        """The publication period of a code such as "2026", "2026-H1", "2026-K2" or "2026-06";
        ``ValueError`` for anything else."""
        gevonden = _CODE.fullmatch(code.strip()) if isinstance(code, str) else None
        if gevonden is None:
            raise ValueError(f"Geen periode: {code!r}.")
        jaar = int(gevonden["jaar"])
        if not 1 <= jaar <= 9999:
            raise ValueError(f"Geen jaar: {jaar}.")
        if gevonden["maand"]:
            return cls.maand(jaar, int(gevonden["maand"]))
        if gevonden["helft"]:
            return cls.halfjaar(jaar, int(gevonden["helft"]))
        if gevonden["kwartaal"]:
            return cls.kwartaal(jaar, int(gevonden["kwartaal"]))
        return cls.jaar(jaar)

    @classmethod
    def maand_van(cls, dag: date) -> Periode:
        """The month that holds ``dag``."""
        return cls.maand(dag.year, dag.month)

    @classmethod
    def kwartaal_van(cls, dag: date) -> Periode:
        """The quarter that holds ``dag``."""
        return cls.kwartaal(dag.year, (dag.month + 2) // 3)

    @classmethod
    def halfjaar_van(cls, dag: date) -> Periode:
        """The half-year that holds ``dag``."""
        return cls.halfjaar(dag.year, 1 if dag.month <= 6 else 2)

    def bevat(self, ander: Periode) -> bool:
        """Whether ``ander`` lies wholly within this period."""
        return self.van <= ander.van and ander.tot <= self.tot

    @property
    def hele_maanden(self) -> bool:
        """Starts on the first day of a month and ends on the last day of a month."""
        return self.van.day == 1 and self.tot == laatste_dag(self.tot.year, self.tot.month)

    @property
    def aantal_maanden(self) -> int:
        """The number of calendar months the period touches (for whole months: its length)."""
        return (self.tot.year - self.van.year) * 12 + self.tot.month - self.van.month + 1

    @property
    def soort(self) -> str | None:
        """``MAAND``, ``KWARTAAL``, ``HALFJAAR`` or ``JAAR`` for a publication period, else None."""
        if not self.hele_maanden or self.van.year != self.tot.year:
            return None
        lengte, eerste = self.aantal_maanden, self.van.month
        for soort, maanden in ((MAAND, 1), (KWARTAAL, 3), (HALFJAAR, 6), (JAAR, 12)):
            if lengte == maanden and (eerste - 1) % maanden == 0:
                return soort
        return None

    @property
    def is_publicatieperiode(self) -> bool:
        """Exactly one month, quarter, half-year or year: the only periods figures exist for."""
        return self.soort is not None

    @property
    def is_halfjaar(self) -> bool:
        return self.soort == HALFJAAR

    @property
    def helft(self) -> int | None:
        return (1 if self.van.month == 1 else 2) if self.is_halfjaar else None

    @property
    def code(self) -> str | None:
        """E.g. "2026", "2026-H1", "2026-K2" or "2026-06"; None for any other period."""
        jaar, maand = self.van.year, self.van.month
        return {
            MAAND: f"{jaar:04d}-{maand:02d}",
            KWARTAAL: f"{jaar:04d}-K{(maand + 2) // 3}",
            HALFJAAR: f"{jaar:04d}-H{(maand + 5) // 6}",
            JAAR: f"{jaar:04d}",
        }.get(self.soort or "")

    def vorige_halfjaar(self) -> Periode:
        """The half-year before the one this period starts in."""
        return Periode.halfjaar_van(Periode.halfjaar_van(self.van).van - timedelta(days=1))

    @property
    def label(self) -> str:
        """E.g. "juni 2026", "2e kwartaal 2026", "eerste halfjaar 2026", "2026", or for any
        other period "3 februari 2026 tot en met 15 mei 2026"."""
        soort, jaar = self.soort, self.van.year
        if soort == MAAND:
            return maand_tekst(self.van)
        if soort == KWARTAAL:
            return f"{(self.van.month + 2) // 3}e kwartaal {jaar}"
        if soort == HALFJAAR:
            return f"{'eerste' if self.helft == 1 else 'tweede'} halfjaar {jaar}"
        if soort == JAAR:
            return str(jaar)
        return f"{datum_tekst(self.van)} tot en met {datum_tekst(self.tot)}"

    @property
    def kort_label(self) -> str:
        """E.g. "1e halfjaar 2026" (for links and chart axes); a month, quarter and year as ``label``."""
        if self.is_halfjaar:
            return f"{self.helft}e halfjaar {self.van.year}"
        if self.is_publicatieperiode:
            return self.label
        return f"{self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y}"

    def maanden(self) -> list[date]:
        """The first day of every month the period touches."""
        maanden, maand = [], self.van.replace(day=1)
        while maand <= self.tot:
            maanden.append(maand)
            maand = (maand + timedelta(days=32)).replace(day=1)
        return maanden

    def peildatum(self, vandaag: date | None = None) -> date:
        """The end of the period, or today when it has not ended yet."""
        return min(self.tot, vandaag or timezone.localdate())


def laatste_halfjaren(vandaag: date | None = None, aantal: int = 4) -> list[Periode]:
    """The current half-year and the ones before it, newest first."""
    periodes = [Periode.halfjaar_van(vandaag or timezone.localdate())]
    while len(periodes) < aantal:
        periodes.append(periodes[-1].vorige_halfjaar())
    return periodes


def publicatieperioden(vandaag: date | None = None, jaren: int = 5) -> list[tuple[int, list[Periode]]]:
    """The publication periods a user can pick, per year for the last ``jaren`` years, newest
    year first. Within a year: the year, its half-years, quarters and months, each newest
    first; only periods that have begun by ``vandaag``."""
    vandaag = vandaag or timezone.localdate()
    groepen = []
    for jaar in range(vandaag.year, vandaag.year - jaren, -1):
        perioden = [
            Periode.jaar(jaar),
            *(Periode.halfjaar(jaar, h) for h in (2, 1)),
            *(Periode.kwartaal(jaar, k) for k in (4, 3, 2, 1)),
            *(Periode.maand(jaar, m) for m in range(12, 0, -1)),
        ]
        groepen.append((jaar, [p for p in perioden if p.van <= vandaag]))
    return groepen
