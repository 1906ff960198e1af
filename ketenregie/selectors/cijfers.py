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
from mensenhandel.bescherming import Aantal, Sleutel, beschermd, som_van
from mensenhandel.cijfers import Gemeentetelling, Telling, per_periode
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
    stapelcijfers,
    verwijzingscijfers,
)
from zorgcoordinatie.cijfers import (
    Aanmeldingcijfers,
    Trajectcijfers,
    Zorgcijfers,
    aanmeldingcijfers,
    trajectcijfers,
    zorgcijfers,
    zorgperiodes,
)

__all__ = [
    "HELE_REGIO",
    "Activiteitcijfers",
    "Activiteittelling",
    "Basisniveaucijfers",
    "Basisniveaurij",
    "Dashboardcijfers",
    "Kerncijfers",
    "Periodecijfers",
    "Regiocijfers",
    "activiteitcijfers",
    "activiteiten_per_gemeente",
    "basisniveau_stand",
    "basisniveaucijfers",
    "dashboardcijfers",
    "kerncijfers",
    "periodecijfers",
    "publicatiecontext",
    "regiocijfers",
]
# The report (``rapportage.inhoud``, ``rapportage.export``) reads every figure through this
# module; these names belong to the kernel and the other apps and are only passed on.
__all__ += [
    "Aanmeldingcijfers",
    "Besluitcijfers",
    "Gemeentetelling",
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
    aantal: Aantal
    deelnemers: Aantal  # known participants; activities without a number add nothing


@dataclass(frozen=True)
class Activiteitcijfers:
    aantal: Aantal = field(metadata=som_van("per_soort"))  # one kind each
    deelnemers: Aantal
    zonder_deelnemersaantal: Aantal
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


# --- One publication: every figure of a regio over a publication period ----------------------


def publicatiecontext(regio: Regio, periode: Periode) -> Sleutel:
    """What names a publication: the same cell in it gets the same noise on every page."""
    return ("regio", regio.pk, periode.van.isoformat(), periode.tot.isoformat())


@dataclass(frozen=True)
class Regiocijfers:
    """Every figure of one regio over one publication period that leaves as figures: what the
    dashboard, the start page and the report print, protected together as one publication
    (``mensenhandel.bescherming``), so that no page gives away what another hides."""

    regio: Regio
    periode: Periode
    signalen: Signaalcijfers
    besluiten: Besluitcijfers
    verwijzingen: Verwijzingscijfers
    stapeling: Stapelcijfers
    aanmeldingen: Aanmeldingcijfers
    trajecten: Trajectcijfers
    zorg: Zorgcijfers
    activiteiten: Activiteitcijfers
    activiteiten_per_gemeente: Gemeentetelling
    overleggen: Aantal  # meetings of the regio dated in the period


def regiocijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Regiocijfers:
    """The protected figures of one regio over one period: 22 queries whatever the data."""
    ruw = ongeschoonde_regiocijfers(regio, van, tot, vandaag=vandaag)
    return beschermd(ruw, regio.kleine_aantallen_drempel, publicatiecontext(regio, ruw.periode))


def ongeschoonde_regiocijfers(
    regio: Regio, van: date, tot: date, *, vandaag: date | None = None
) -> Regiocijfers:
    """The true counts behind ``regiocijfers``: for its tests only, never to print."""
    vandaag = vandaag or timezone.localdate()
    periode = Periode(van, tot)
    gemeenten = list(Gemeente.objects.filter(regios=regio).order_by("naam", "pk"))
    return Regiocijfers(
        regio=regio,
        periode=periode,
        signalen=signaalcijfers(regio, van, tot),
        besluiten=besluitcijfers(regio, van, tot),
        verwijzingen=verwijzingscijfers(regio, van, tot, vandaag=vandaag),
        stapeling=stapelcijfers(regio, van, tot),
        aanmeldingen=aanmeldingcijfers(regio, van, tot, vandaag=vandaag),
        trajecten=trajectcijfers(regio, van, tot, vandaag=vandaag),
        zorg=zorgcijfers(regio, van, tot, vandaag=vandaag),
        activiteiten=activiteitcijfers(regio, van, tot),
        activiteiten_per_gemeente=activiteiten_per_gemeente(regio, gemeenten, van, tot),
        overleggen=Overleg.objects.filter(regio=regio, datum__range=(van, tot)).count(),
    )


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


@dataclass(frozen=True)
class Dashboardcijfers:
    """The dashboard: the regio's publication, and the basisniveau (about gemeenten, not
    people, so printed as counted)."""

    cijfers: Regiocijfers
    basisniveau: Basisniveaucijfers

    @property
    def regio(self) -> Regio:
        return self.cijfers.regio

    @property
    def periode(self) -> Periode:
        return self.cijfers.periode

    @property
    def signalen(self) -> Signaalcijfers:
        return self.cijfers.signalen

    @property
    def verwijzingen(self) -> Verwijzingscijfers:
        return self.cijfers.verwijzingen

    @property
    def trajecten(self) -> Trajectcijfers:
        return self.cijfers.trajecten

    @property
    def activiteiten(self) -> Activiteitcijfers:
        return self.cijfers.activiteiten


def dashboardcijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Dashboardcijfers:
    """Every figure of the dashboard for one regio, protected: 24 queries whatever the data."""
    vandaag = vandaag or timezone.localdate()
    return Dashboardcijfers(
        cijfers=regiocijfers(regio, van, tot, vandaag=vandaag),
        basisniveau=basisniveaucijfers(regio, van, tot, vandaag=vandaag),
    )


# --- Key figures for several regio's at once (the start page) --------------------------------


@dataclass(frozen=True)
class Kerncijfers:
    regio: Regio
    periode: Periode
    signalen: Aantal  # registered in the period
    wacht_te_lang: Aantal  # referrals of any date waiting too long today
    open_trajecten: Aantal  # today
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
    """The four key figures of each regio, in the order given, as the dashboard prints them
    (from the regio's publication): 2 queries and 22 per regio."""
    if not regios:
        return []
    vandaag = vandaag or timezone.localdate()
    pks = [r.pk for r in regios]
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
    uit = []
    for regio in regios:
        rc = regiocijfers(regio, van, tot, vandaag=vandaag)
        uit.append(
            Kerncijfers(
                regio=regio,
                periode=rc.periode,
                signalen=rc.signalen.totaal,
                wacht_te_lang=rc.verwijzingen.wacht_te_lang_alle,
                open_trajecten=rc.trajecten.open,
                basisniveau_voldaan=voldaan.get(regio.pk, 0),
                basisniveau_onderdelen=gemeenten.get(regio.pk, 0) * len(Basisniveaupunt),
            )
        )
    return uit


# --- Key figures of one regio over several periods (the report's summary and trend) ----------


@dataclass(frozen=True)
class Periodecijfers:
    """The key figures of one period, counted as in the detailed functions."""

    periode: Periode
    peildatum: date
    signalen: Aantal  # registered in the period
    minderjarig: Aantal  # ... with a minor involved
    besluiten: Aantal  # decisions taken in the period
    mediaan_dagen_tot_besluit: float | None
    doorverwijzingen: Aantal  # dated in the period
    wacht_op_peildatum: Aantal  # ... still waiting for feedback on the reference date
    stapelingen: Aantal  # stacking hits found in the period
    aanmeldingen: Aantal  # for zorgcoördinatie, dated in the period
    trajecten_gestart: Aantal
    trajecten_afgesloten: Aantal
    trajecten_open: Aantal  # on the reference date
    activiteiten: Aantal
    overleggen: Aantal


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


def beschermde_periodecijfers(
    regio: Regio, periodes: Sequence[Periode], *, vandaag: date | None = None
) -> list[Periodecijfers]:
    """The key figures of each period as that period's publication prints them (the same
    cells, protected together with everything else of the period): 22 queries per period.

    ``periodecijfers`` counts the same in fewer queries, but its counts are not protected:
    a summary or trend must not print them.
    """
    vandaag = vandaag or timezone.localdate()
    uit = []
    for p in periodes:
        rc = regiocijfers(regio, p.van, p.tot, vandaag=vandaag)
        uit.append(
            Periodecijfers(
                periode=p,
                peildatum=p.peildatum(vandaag),
                signalen=rc.signalen.totaal,
                minderjarig=rc.signalen.minderjarig,
                besluiten=rc.besluiten.totaal,
                mediaan_dagen_tot_besluit=rc.besluiten.mediaan_dagen,
                doorverwijzingen=rc.verwijzingen.totaal.aantal,
                wacht_op_peildatum=rc.verwijzingen.totaal.wacht_op_peildatum,
                stapelingen=rc.stapeling.totaal,
                aanmeldingen=rc.aanmeldingen.totaal,
                trajecten_gestart=rc.trajecten.geopend,
                trajecten_afgesloten=rc.trajecten.afgesloten,
                trajecten_open=rc.trajecten.open,
                activiteiten=rc.activiteiten.aantal,
                overleggen=rc.overleggen,
            )
        )
    return uit
