"""The building blocks of a report's contents: a key figure, a chart, and a suppressed table by
gemeente ready to print, and the period the summary compares with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.safestring import SafeString

from ketenregie import grafieken
from ketenregie.selectors import cijfers
from mensenhandel.onderdrukking import Cel, OnderdrukteTabel
from mensenhandel.periode import datum_tekst
from rapportage import tabellen
from rapportage.models import Periodesoort, Rapport


@dataclass(frozen=True)
class Kerngetal:
    """One line of the summary: this period, the one before, and the change."""

    label: str
    waarde: int | float | None
    vorige: int | float | None
    decimalen: int = 0

    @property
    def tekst(self) -> str:
        return grafieken.getal(self.waarde, self.decimalen)

    @property
    def vorige_tekst(self) -> str:
        return grafieken.getal(self.vorige, self.decimalen)

    @property
    def verschil(self) -> str:
        if self.waarde is None or self.vorige is None:
            return "–"
        verschil = self.waarde - self.vorige
        if round(verschil, self.decimalen) == 0:
            return "gelijk"
        teken = "+" if verschil > 0 else "−"
        return teken + grafieken.getal(abs(verschil), self.decimalen)


@dataclass(frozen=True)
class Grafiek:
    """A chart and the table with its figures (its text alternative)."""

    svg: SafeString
    titel: str


@dataclass(frozen=True)
class Tabelregel:
    label: str
    cellen: list[Cel]
    totaal: Cel | None


@dataclass(frozen=True)
class Gemeentetabel:
    """A suppressed table by gemeente, ready to print: only ``Cel.tekst`` is shown."""

    titel: str
    kolommen: list[str]
    regels: list[Tabelregel]
    kolomtotalen: list[int]
    totaal: int
    onderdrukt: bool
    rijtotalen: bool

    def als_tabel(self, uitleg: str, *, blad: str = "") -> tabellen.Tabel:
        """The typed table that the PDF, the CSV and the XLSX print (``uitleg``: the
        suppression rule, noted under a table that hides cells)."""
        return tabellen.gemeentetabel(
            self.titel,
            self.kolommen,
            ((r.label, r.cellen, r.totaal) for r in self.regels),
            self.kolomtotalen,
            self.totaal,
            rijtotalen=self.rijtotalen,
            onderdrukt=self.onderdrukt,
            uitleg=uitleg,
            blad=blad,
        )


def gemeentetabel(
    titel: str, labels: list[str], kolommen: list[str], tabel: OnderdrukteTabel
) -> Gemeentetabel:
    totalen: list[Cel | None] = list(tabel.rijtotalen) or [None] * len(labels)
    return Gemeentetabel(
        titel=titel,
        kolommen=kolommen,
        regels=[
            Tabelregel(label, cellen, totaal)
            for label, cellen, totaal in zip(labels, tabel.rijen, totalen, strict=True)
        ],
        kolomtotalen=tabel.kolomtotalen,
        totaal=tabel.totaal,
        onderdrukt=tabel.onderdrukt,
        rijtotalen=bool(tabel.rijtotalen),
    )


def vergelijkperiode(rapport: Rapport) -> tuple[cijfers.Periode, str]:
    """The period the summary compares with: the half-year before, or for a custom
    period the same number of whole months just before it (a custom period from before
    whole months were required: the equally long period in days)."""
    periode = cijfers.Periode(rapport.van, rapport.tot)
    if rapport.soort != Periodesoort.EIGEN:
        vorige = periode.vorige_halfjaar()
        return vorige, vorige.label
    tot = rapport.van - timedelta(days=1)
    if periode.hele_maanden:
        maanden = tot.year * 12 + tot.month - periode.aantal_maanden  # months since year 0, 0-based
        vorige = cijfers.Periode(date(maanden // 12, maanden % 12 + 1, 1), tot)
    else:
        vorige = cijfers.Periode(tot - (rapport.tot - rapport.van), tot)
    return vorige, f"{datum_tekst(vorige.van)} tot en met {datum_tekst(vorige.tot)}"
