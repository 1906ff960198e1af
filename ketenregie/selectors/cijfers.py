"""The ketenregisseur's figures of a regio, and the composition for the dashboard and the report.

Figures only, never people (see ``mensenhandel.cijfers``). Every app counts its own data:
``signalen.cijfers`` (signals, referrals, decisions, stacking), ``zorgcoordinatie.cijfers``
(aanmeldingen, trajectories, the three pillars) and this module (basisniveau, activities,
meetings). The dashboard (``dashboardcijfers``), the start page (``kerncijfers``) and the
report's summary and trend (``periodecijfers``) are composed here.

Definitions (part of the method section of the report):

- *Basisniveau coverage* counts per check the active gemeenten of the regio with status
  "voldaan" on the reference date; a gemeente without a record counts as "onbekend".
- *Activities* are those of the regio dated in the period. An activity may have several
  target groups; its participants count for each of them.
- *Meetings* (overleggen) are those of the regio dated in the period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from ketenregie.models import (
    Activiteit,
    Activiteitsoort,
    Basisniveau,
    Basisniveaupunt,
    BasisniveauStatus,
    Overleg,
)
from ketenregie.models import Doelgroep as DoelgroepKeuze
from mensenhandel.cijfers import Gemeentetabel, Telling, per_periode
from mensenhandel.models import Gemeente, Regio
from mensenhandel.periode import Periode
from signalen.cijfers import (
    Besluitcijfers,
    Signaalcijfers,
    Stapelcijfers,
    Verwijzingscijfers,
    besluitcijfers,
    signaalcijfers,
    signaalperiodes,
    signalen_per_regio,
    stapelcijfers,
    te_lang_wachtend_per_regio,
    verwijzingscijfers,
)
from zorgcoordinatie.cijfers import (
    Aanmeldingcijfers,
    Trajectcijfers,
    Zorgcijfers,
    aanmeldingcijfers,
    open_trajecten_per_regio,
    trajectcijfers,
    zorgcijfers,
    zorgperiodes,
)

__all__ = [
    "Activiteitcijfers",
    "Activiteittelling",
    "Basisniveaucijfers",
    "Basisniveaurij",
    "Dashboardcijfers",
    "Kerncijfers",
    "Periodecijfers",
    "activiteitcijfers",
    "basisniveau_stand",
    "basisniveaucijfers",
    "dashboardcijfers",
    "kerncijfers",
    "periodecijfers",
]
# The report (``rapportage.inhoud``, ``rapportage.export``) reads every figure through this
# module; these names belong to the kernel and the other apps and are only passed on.
__all__ += [
    "Aanmeldingcijfers",
    "Besluitcijfers",
    "Gemeentetabel",
    "Periode",
    "Signaalcijfers",
    "Stapelcijfers",
    "Telling",
    "Trajectcijfers",
    "Verwijzingscijfers",
    "Zorgcijfers",
    "aanmeldingcijfers",
    "besluitcijfers",
    "signaalcijfers",
    "stapelcijfers",
    "trajectcijfers",
    "verwijzingscijfers",
    "zorgcijfers",
]


# --- Basisniveau ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Basisniveaurij:
    code: str
    label: str
    aantal_gemeenten: int
    per_status: dict[str, int]  # every BasisniveauStatus value; missing records are "onbekend"

    @property
    def voldaan(self) -> int:
        return self.per_status[BasisniveauStatus.VOLDAAN]

    @property
    def percentage(self) -> float | None:
        return 100 * self.voldaan / self.aantal_gemeenten if self.aantal_gemeenten else None

    @property
    def statussen(self) -> list[Telling]:
        return [Telling(s.value, s.label, self.per_status[s.value]) for s in BasisniveauStatus]


@dataclass(frozen=True)
class Basisniveaucijfers:
    peildatum: date
    aantal_gemeenten: int  # the active gemeenten of the regio
    rijen: list[Basisniveaurij] = field(default_factory=list)

    @property
    def voldaan(self) -> int:
        return sum(r.voldaan for r in self.rijen)

    @property
    def onderdelen(self) -> int:
        return self.aantal_gemeenten * len(self.rijen)

    @property
    def percentage(self) -> float | None:
        return 100 * self.voldaan / self.onderdelen if self.onderdelen else None


def basisniveau_stand(gemeenten: QuerySet[Gemeente], peildatum: date, vandaag: date) -> QuerySet:
    """Rows (gemeente, punt, status) as they stood at the end of ``peildatum``.

    Today: the records themselves. Earlier: the last historical version of each record
    made before the next day began (a deleted record counts as missing).
    """
    if peildatum >= vandaag:
        return Basisniveau.objects.filter(gemeente__in=gemeenten)
    historie = Basisniveau.history.model
    grens = timezone.make_aware(datetime.combine(peildatum + timedelta(days=1), time.min))
    laatste = (
        historie.objects.filter(id=OuterRef("id"), history_date__lt=grens)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        historie.objects.filter(gemeente__in=gemeenten, history_date__lt=grens)
        .filter(history_id=Subquery(laatste))
        .exclude(history_type="-")
    )


def basisniveaucijfers(
    regio: Regio, van: date, tot: date, *, vandaag: date | None = None
) -> Basisniveaucijfers:
    """Per check, how many of the regio's active gemeenten meet it on the reference date: 2 queries."""
    vandaag = vandaag or timezone.localdate()
    peildatum = Periode(van, tot).peildatum(vandaag)
    gemeenten = Gemeente.objects.filter(regios=regio, actief=True)
    aantal = gemeenten.count()
    tellingen: dict[tuple[str, str], int] = {}
    for punt, status, n in (
        basisniveau_stand(gemeenten, peildatum, vandaag)
        .order_by()
        .values_list("punt", "status")
        .annotate(n=Count("gemeente", distinct=True))
    ):
        tellingen[(punt, status)] = n
    rijen = []
    for punt in Basisniveaupunt:
        per_status = {s: tellingen.get((punt.value, s), 0) for s in BasisniveauStatus.values}
        per_status[BasisniveauStatus.ONBEKEND] += aantal - sum(per_status.values())
        rijen.append(Basisniveaurij(punt.value, punt.label, aantal, per_status))
    return Basisniveaucijfers(peildatum=peildatum, aantal_gemeenten=aantal, rijen=rijen)


# --- Activities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Activiteittelling:
    code: str
    label: str
    aantal: int
    deelnemers: int  # known participants; activities without a number add nothing


@dataclass(frozen=True)
class Activiteitcijfers:
    aantal: int
    deelnemers: int
    zonder_deelnemersaantal: int
    per_soort: list[Activiteittelling]
    per_doelgroep: list[Activiteittelling]  # an activity counts for each of its target groups


def _doelgroep(code: str) -> Q:
    # ``doelgroepen`` is a JSON list of codes; no code is part of another one, so a search
    # for the quoted code in the stored text works on every database.
    return Q(doelgroepen__icontains=f'"{code}"')


def activiteitcijfers(regio: Regio, van: date, tot: date) -> Activiteitcijfers:
    """Activities of the regio dated in the period, per soort and target group: 1 query."""
    basis = Activiteit.objects.filter(regio=regio, datum__range=(van, tot)).order_by()
    groepen = {"soort": {s: Q(soort=s) for s in Activiteitsoort.values}}
    groepen["doelgroep"] = {d: _doelgroep(d) for d in DoelgroepKeuze.values}
    tellers: dict[str, Any] = {
        "aantal": Count("id"),
        "deelnemers_totaal": Sum("deelnemers"),
        "zonder": Count("id", filter=Q(deelnemers__isnull=True)),
    }
    for groep, voorwaarden in groepen.items():
        for code, q in voorwaarden.items():
            tellers[f"{groep}_{code}_n"] = Count("id", filter=q)
            tellers[f"{groep}_{code}_d"] = Sum("deelnemers", filter=q)
    uitkomst = basis.aggregate(**tellers)

    def tellingen(groep: str, keuzes: Iterable[tuple[str, str]]) -> list[Activiteittelling]:
        return [
            Activiteittelling(code, label, uitkomst[f"{groep}_{code}_n"], uitkomst[f"{groep}_{code}_d"] or 0)
            for code, label in keuzes
        ]

    return Activiteitcijfers(
        aantal=uitkomst["aantal"],
        deelnemers=uitkomst["deelnemers_totaal"] or 0,
        zonder_deelnemersaantal=uitkomst["zonder"],
        per_soort=tellingen("soort", Activiteitsoort.choices),
        per_doelgroep=tellingen("doelgroep", DoelgroepKeuze.choices),
    )


# --- Everything for one regio ----------------------------------------------------------------


@dataclass(frozen=True)
class Dashboardcijfers:
    regio: Regio
    periode: Periode
    signalen: Signaalcijfers
    verwijzingen: Verwijzingscijfers
    trajecten: Trajectcijfers
    basisniveau: Basisniveaucijfers
    activiteiten: Activiteitcijfers


def dashboardcijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Dashboardcijfers:
    """Every figure of the dashboard for one regio: 11 queries whatever the data."""
    vandaag = vandaag or timezone.localdate()
    return Dashboardcijfers(
        regio=regio,
        periode=Periode(van, tot),
        signalen=signaalcijfers(regio, van, tot),
        verwijzingen=verwijzingscijfers(regio, van, tot, vandaag=vandaag),
        trajecten=trajectcijfers(regio, van, tot, vandaag=vandaag),
        basisniveau=basisniveaucijfers(regio, van, tot, vandaag=vandaag),
        activiteiten=activiteitcijfers(regio, van, tot),
    )


# --- Key figures for several regio's at once (the start page) --------------------------------


@dataclass(frozen=True)
class Kerncijfers:
    regio: Regio
    periode: Periode
    signalen: int  # registered in the period
    wacht_te_lang: int  # referrals of any date waiting too long today
    open_trajecten: int  # today
    basisniveau_voldaan: int  # checks met today, over all active gemeenten
    basisniveau_onderdelen: int  # active gemeenten × checks

    @property
    def basisniveau_percentage(self) -> float | None:
        if not self.basisniveau_onderdelen:
            return None
        return 100 * self.basisniveau_voldaan / self.basisniveau_onderdelen


def kerncijfers(
    regios: Sequence[Regio], van: date, tot: date, *, vandaag: date | None = None
) -> list[Kerncijfers]:
    """The four key figures of each regio, in the order given: 5 queries for any number of regio's."""
    if not regios:
        return []
    vandaag = vandaag or timezone.localdate()
    pks = [r.pk for r in regios]
    signalen = signalen_per_regio(pks, van, tot)
    wacht = te_lang_wachtend_per_regio(pks, vandaag)
    trajecten = open_trajecten_per_regio(pks)
    gemeenten: dict[int, int] = dict(
        Gemeente.objects.filter(regios__in=pks, actief=True)
        .order_by()
        .values_list("regios")
        .annotate(n=Count("id", distinct=True))
    )
    voldaan: dict[int, int] = dict(
        Basisniveau.objects.filter(
            gemeente__regios__in=pks, gemeente__actief=True, status=BasisniveauStatus.VOLDAAN
        )
        .order_by()
        .values_list("gemeente__regios")
        .annotate(n=Count("id", distinct=True))
    )
    periode = Periode(van, tot)
    return [
        Kerncijfers(
            regio=regio,
            periode=periode,
            signalen=signalen.get(regio.pk, 0),
            wacht_te_lang=wacht.get(regio.pk, 0),
            open_trajecten=trajecten.get(regio.pk, 0),
            basisniveau_voldaan=voldaan.get(regio.pk, 0),
            basisniveau_onderdelen=gemeenten.get(regio.pk, 0) * len(Basisniveaupunt),
        )
        for regio in regios
    ]


# --- Key figures of one regio over several periods (the report's summary and trend) ----------


@dataclass(frozen=True)
class Periodecijfers:
    """The key figures of one period, counted as in the detailed functions."""

    periode: Periode
    peildatum: date
    signalen: int  # registered in the period
    minderjarig: int  # ... with a minor involved
    besluiten: int  # decisions taken in the period
    mediaan_dagen_tot_besluit: float | None
    doorverwijzingen: int  # dated in the period
    wacht_op_peildatum: int  # ... still waiting for feedback on the reference date
    stapelingen: int  # stacking hits found in the period
    aanmeldingen: int  # for zorgcoördinatie, dated in the period
    trajecten_gestart: int
    trajecten_afgesloten: int
    trajecten_open: int  # on the reference date
    activiteiten: int
    overleggen: int


def periodecijfers(
    regio: Regio, periodes: Sequence[Periode], *, vandaag: date | None = None
) -> list[Periodecijfers]:
    """The key figures of each period, in the order given: 8 queries and 1 more per period.

    Every figure is a conditional count per period in one query per kind of record; only
    the median time to decision needs a query of its own per period.
    """
    if not periodes:
        return []
    vandaag = vandaag or timezone.localdate()
    signalen = signaalperiodes(regio, periodes, vandaag)
    zorg = zorgperiodes(regio, periodes, vandaag)
    in_periode = {"n": lambda p, _: Q(datum__range=(p.van, p.tot))}
    activiteiten = per_periode(Activiteit.objects.filter(regio=regio), periodes, vandaag, in_periode)
    overleggen = per_periode(Overleg.objects.filter(regio=regio), periodes, vandaag, in_periode)
    return [
        Periodecijfers(
            periode=p,
            peildatum=p.peildatum(vandaag),
            signalen=s.signalen,
            minderjarig=s.minderjarig,
            besluiten=s.besluiten,
            mediaan_dagen_tot_besluit=s.mediaan_dagen_tot_besluit,
            doorverwijzingen=s.doorverwijzingen,
            wacht_op_peildatum=s.wacht_op_peildatum,
            stapelingen=s.stapelingen,
            aanmeldingen=z.aanmeldingen,
            trajecten_gestart=z.trajecten_gestart,
            trajecten_afgesloten=z.trajecten_afgesloten,
            trajecten_open=z.trajecten_open,
            activiteiten=activiteiten[f"n_{i}"],
            overleggen=overleggen[f"n_{i}"],
        )
        for i, (p, s, z) in enumerate(zip(periodes, signalen, zorg, strict=True))
    ]
