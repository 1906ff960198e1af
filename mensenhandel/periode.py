"""Periods and half-years: the one place that knows where a half-year begins and ends.

The figures of every app, the ketenregisseur's bijzonderheden and the halfjaarrapportage
count over a ``Periode``. Dates are written out with Django's Dutch formats
(``date_format``), not with month names of our own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format

__all__ = ["Periode", "datum_tekst", "laatste_halfjaren", "maand_kort"]


def datum_tekst(dag: date) -> str:
    """E.g. "3 februari 2026"."""
    return date_format(dag, "j F Y")


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
    def halfjaar(cls, jaar: int, helft: int) -> Periode:
        if helft == 1:
            return cls(date(jaar, 1, 1), date(jaar, 6, 30))
        if helft == 2:
            return cls(date(jaar, 7, 1), date(jaar, 12, 31))
        raise ValueError("Een jaar heeft twee helften: 1 of 2.")

    @classmethod
    def halfjaar_van(cls, dag: date) -> Periode:
        """The half-year that holds ``dag``."""
        return cls.halfjaar(dag.year, 1 if dag.month <= 6 else 2)

    @property
    def is_halfjaar(self) -> bool:
        return self == Periode.halfjaar_van(self.van)

    @property
    def helft(self) -> int | None:
        return (1 if self.van.month == 1 else 2) if self.is_halfjaar else None

    def vorige_halfjaar(self) -> Periode:
        """The half-year before the one this period starts in."""
        return Periode.halfjaar_van(Periode.halfjaar_van(self.van).van - timedelta(days=1))

    @property
    def label(self) -> str:
        """E.g. "eerste halfjaar 2026" or "3 februari 2026 tot en met 15 mei 2026"."""
        if self.is_halfjaar:
            return f"{'eerste' if self.helft == 1 else 'tweede'} halfjaar {self.van.year}"
        return f"{datum_tekst(self.van)} tot en met {datum_tekst(self.tot)}"

    @property
    def kort_label(self) -> str:
        """E.g. "1e halfjaar 2026" (for links and chart axes)."""
        if self.is_halfjaar:
            return f"{self.helft}e halfjaar {self.van.year}"
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
