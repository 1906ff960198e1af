"""The building blocks of a report's contents: a key figure, a chart, and a suppressed table by
gemeente ready to print, and the period the summary compares with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.safestring import SafeString

from ketenregie import grafieken
from mensenhandel.bescherming import BeschermdeTabel, Cel
from mensenhandel.periode import Periode, datum_tekst
from rapportage import tabellen
from rapportage.models import Periodesoort, Rapport


def _gedrukt(waarde: float | Cel | None) -> float | None:
    return waarde.getal if isinstance(waarde, Cel) else waarde


@dataclass(frozen=True)
class Kerngetal:
    """One line of the summary: this period, the one before, and the change."""

    label: str
    waarde: float | Cel | None  # a protected count, or a median
    vorige: float | Cel | None
    decimalen: int = 0

    @property
    def tekst(self) -> str:
        return grafieken.staaf("", self.waarde, self.decimalen).tekst

    @property
    def vorige_tekst(self) -> str:
        return grafieken.staaf("", self.vorige, self.decimalen).tekst

    @property
    def verschil_getal(self) -> float | None:
        """The change between the printed figures; None when either is hidden or missing."""
        nu, toen = _gedrukt(self.waarde), _gedrukt(self.vorige)
        if nu is None or toen is None:
            return None
        verschil = round(nu - toen, self.decimalen)
        return int(verschil) if self.decimalen == 0 else verschil

    @property
    def verschil(self) -> str:
        verschil = self.verschil_getal
        if verschil is None:
            return "–"
        if verschil == 0:
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
    kolomtotalen: list[Cel]
    totaal: Cel
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
    titel: str, labels: list[str], kolommen: list[str], tabel: BeschermdeTabel
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


def vergelijkperiode(rapport: Rapport) -> tuple[Periode, str]:
    """The period the summary compares with: the half-year before, or for a custom
    period the same number of whole months just before it (a custom period from before
    whole months were required: the equally long period in days)."""
    periode = Periode(rapport.van, rapport.tot)
    if rapport.soort != Periodesoort.EIGEN:
        vorige = periode.vorige_halfjaar()
        return vorige, vorige.label
    tot = rapport.van - timedelta(days=1)
    if periode.hele_maanden:
        maanden = tot.year * 12 + tot.month - periode.aantal_maanden  # months since year 0, 0-based
        vorige = Periode(date(maanden // 12, maanden % 12 + 1, 1), tot)
    else:
        vorige = Periode(tot - (rapport.tot - rapport.van), tot)
    return vorige, f"{datum_tekst(vorige.van)} tot en met {datum_tekst(vorige.tot)}"
