"""The ketenregisseur's own figures of a regio: basisniveau, activities and meetings.

Figures only, never people (see ``mensenhandel.cijfers``). Every app counts its own data:
``signalen.cijfers`` (signals, referrals, decisions, stacking), ``zorgcoordinatie.cijfers``
(aanmeldingen, trajectories, the three pillars) and this module (basisniveau, activities,
meetings). ``ketenregie.selectors.publicatie`` composes them for the dashboard
(``dashboardcijfers``), the start page (``kerncijfers``) and the report (``regiocijfers``,
and ``beschermde_periodecijfers`` for its summary and trend); the report reads each app's figure types
from the app itself.

Definitions (part of the method section of the report):

- *Basisniveau coverage* counts per check the active gemeenten of the regio with status
  "voldaan" on the reference date; a gemeente without a record counts as "onbekend".
- *Activities* are those of the regio dated in the period. An activity may have several
  target groups; its participants count for each of them.
- *Meetings* (overleggen) are those of the regio dated in the period.
"""

from __future__ import annotations

from collections.abc import Iterable
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
)
from ketenregie.models import Doelgroep as DoelgroepKeuze
from mensenhandel.bescherming import Aantal, som_van
from mensenhandel.cijfers import Gemeentetelling, Telling
from mensenhandel.models import Gemeente, Regio
from mensenhandel.periode import Periode

__all__ = [
    "HELE_REGIO",
    "Activiteitcijfers",
    "Activiteittelling",
    "Basisniveaucijfers",
    "Basisniveaurij",
    "activiteitcijfers",
    "activiteiten_per_gemeente",
    "basisniveau_stand",
    "basisniveaucijfers",
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
    aantal: Aantal
    deelnemers: Aantal  # known participants; activities without a number add nothing


@dataclass(frozen=True)
class Activiteitcijfers:
    aantal: Aantal = field(metadata=som_van("per_soort"))  # one kind each
    deelnemers: Aantal = field(metadata=som_van("per_soort.deelnemers"))  # ... with its participants
    zonder_deelnemersaantal: Aantal  # a part of aantal, without a breakdown beside it: not a sum
    per_soort: list[Activiteittelling]
    # Not a sum: an activity counts (with its participants) for each of its target groups.
    per_doelgroep: list[Activiteittelling]


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


# --- Activities per gemeente -----------------------------------------------------------------


HELE_REGIO = "Hele regio (geen gemeente genoemd)"


def activiteiten_per_gemeente(
    regio: Regio, gemeenten: list[Gemeente], van: date, tot: date
) -> Gemeentetelling:
    """Activities dated in the period by gemeente and soort: 2 queries.

    An activity for several gemeenten counts for each of them; one for the whole regio
    (no gemeenten named) has its own line.
    """
    soorten = list(Activiteitsoort)
    in_periode = Activiteit.objects.filter(regio=regio, datum__range=(van, tot))
    per_gemeente: dict[int, dict[str, int]] = {}
    for gemeente_id, soort, n in (
        Activiteit.gemeenten.through.objects.filter(activiteit__in=in_periode)
        .order_by()
        .values_list("gemeente_id", "activiteit__soort")
        .annotate(n=Count("activiteit_id", distinct=True))
    ):
        per_gemeente.setdefault(gemeente_id, {})[soort] = n
    regiobreed = dict(
        in_periode.filter(gemeenten__isnull=True).order_by().values_list("soort").annotate(n=Count("id"))
    )
    rijen = [g for g in gemeenten if g.actief or g.pk in per_gemeente]
    waarden = [[per_gemeente.get(g.pk, {}).get(s.value, 0) for s in soorten] for g in rijen]
    waarden.append([regiobreed.get(s.value, 0) for s in soorten])
    return Gemeentetelling(
        gemeenten=[g.naam for g in rijen] + [HELE_REGIO],
        kolommen=[s.label for s in soorten],
        waarden=waarden,
        rijtotalen=True,
    )
