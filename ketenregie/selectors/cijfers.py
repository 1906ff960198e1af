"""The figures of a regio over a period: the ketenregisseur's dashboard and the halfjaarrapportage.

Figures only, never people: every function counts in the database and returns plain
dataclasses, no HTML and no request, so that a Celery task can call them for the PDF.
Each function costs a fixed number of queries whatever the amount of data.

Definitions (also the method section of the report):

- *Signals of a regio* are the signals whose gemeente belongs to the regio; *registered in
  the period* means ``datum_geregistreerd`` from ``van`` up to and including ``tot``. A
  signal may carry several forms of exploitation, so the forms add up to more than the
  number of signals.
- *Referrals* are those of the regio's signals dated in the period. Their *first feedback*
  is the earliest of the dates received, picked up, declined and completed; the *delay* is
  the number of days from the referral to that date. A referral *waits* on a day when it
  was not picked up, declined or completed by then (today: its feedback is "verstuurd" or
  "ontvangen"), and *waits too long* when it also was sent more than
  ``signalen.selectors.wachtdagen()`` days before the reference date. The counts per
  feedback state are those of today.
- *Trajectories* belong to the regio that runs them (``Traject.regio``). A trajectory
  *starts* on the first of its intake and hulpverlening dates; it is *open* on a day when
  it started on or before that day and was not closed by then. Its phases on that day
  follow from the phase dates; intake and hulpverlening may run at the same time.
- The *reference date* (peildatum) is the end of the period, or today when the period has
  not ended yet.
- *Basisniveau coverage* counts per check the active gemeenten of the regio with status
  "voldaan" on the reference date; a gemeente without a record counts as "onbekend".
- *Activities* are those of the regio dated in the period. An activity may have several
  target groups; its participants count for each of them.
- Every table broken down by gemeente goes through ``mensenhandel.onderdrukking``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Least, TruncDate, TruncMonth
from django.utils import timezone

from ketenregie.models import Activiteit, Activiteitsoort, Basisniveau, Basisniveaupunt, BasisniveauStatus
from ketenregie.models import Doelgroep as DoelgroepKeuze
from mensenhandel.models import Gemeente, Regio
from mensenhandel.onderdrukking import Cel, OnderdrukteTabel, onderdrukken
from signalen.models import (
    VORM_VELDEN,
    Bestemming,
    Bron,
    Doorverwijzing,
    JaNeeOnbekend,
    Sector,
    Signaal,
    Status,
)
from signalen.selectors import wachtdagen
from zorgcoordinatie.models import Fase, Traject

__all__ = [
    "MAANDEN",
    "MAANDEN_KORT",
    "Activiteitcijfers",
    "Activiteittelling",
    "Basisniveaucijfers",
    "Basisniveaurij",
    "Dashboardcijfers",
    "Gemeentetabel",
    "Kerncijfers",
    "Periode",
    "Signaalcijfers",
    "Telling",
    "Trajectcijfers",
    "Verwijzingscijfers",
    "Verwijzingsrij",
    "activiteitcijfers",
    "basisniveaucijfers",
    "dashboardcijfers",
    "kerncijfers",
    "laatste_halfjaren",
    "mediaan",
    "signaalcijfers",
    "trajectcijfers",
    "verwijzingscijfers",
]

MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
MAANDEN_KORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

WACHTEND = [Doorverwijzing.Terugkoppeling.VERSTUURD, Doorverwijzing.Terugkoppeling.ONTVANGEN]


def _datum_tekst(dag: date) -> str:
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


# --- The period -----------------------------------------------------------------------------


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
        return f"{_datum_tekst(self.van)} tot en met {_datum_tekst(self.tot)}"

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


# --- Building blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Telling:
    """A count for one category: ``code`` is the stored value (for filter links)."""

    code: str
    label: str
    aantal: int


@dataclass(frozen=True)
class Gemeentetabel:
    """A table broken down by gemeente, suppressed by the region's rule.

    Print ``Cel.tekst`` only; the region totals (``tabel.kolomtotalen``, ``tabel.totaal``)
    are exact.
    """

    gemeenten: list[str]
    kolommen: list[str]
    tabel: OnderdrukteTabel

    @property
    def regels(self) -> list[tuple[str, list[Cel], Cel | None]]:
        """Per gemeente: its name, its cells and its total (None without row totals)."""
        totalen: list[Cel | None] = list(self.tabel.rijtotalen) or [None] * len(self.gemeenten)
        return list(zip(self.gemeenten, self.tabel.rijen, totalen, strict=True))

    @property
    def onderdrukt(self) -> bool:
        return self.tabel.onderdrukt


def _gemeentetabel(
    gemeenten: Sequence[Gemeente],
    kolommen: Sequence[str],
    waarden: dict[int, list[int]],
    drempel: int,
    *,
    rijtotalen: bool,
) -> Gemeentetabel:
    """Rows for the active gemeenten, and inactive ones only when they have counts."""
    leeg = [0] * len(kolommen)
    rijen = [g for g in gemeenten if g.actief or any(waarden.get(g.pk, leeg))]
    tabel = onderdrukken([waarden.get(g.pk, leeg) for g in rijen], drempel, rijtotalen=rijtotalen)
    return Gemeentetabel(gemeenten=[g.naam for g in rijen], kolommen=list(kolommen), tabel=tabel)


def mediaan(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how often}; None without values."""
    n = sum(histogram.values())
    if n == 0:
        return None
    midden = sorted({(n - 1) // 2, n // 2})
    gevonden: list[int] = []
    gezien = 0
    for waarde in sorted(histogram):
        volgende = gezien + histogram[waarde]
        gevonden.extend(waarde for positie in midden if gezien <= positie < volgende)
        gezien = volgende
    return sum(gevonden) / len(gevonden)


def _signalen_van(regio: Regio) -> QuerySet[Signaal]:
    return Signaal.objects.filter(gemeente__in=Gemeente.objects.filter(regios=regio))


def _eerste(*velden: str) -> Least:
    """The earliest non-empty date of ``velden`` on every database.

    ``LEAST`` ignores NULL on PostgreSQL but not on SQLite; rotating a COALESCE through the
    fields gives every non-empty value a turn, so the least of those is the earliest.
    """
    rotaties = [Coalesce(*velden[i:], *velden[:i]) for i in range(len(velden))]
    return Least(*rotaties)


# --- Signals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signaalcijfers:
    totaal: int
    minderjarig: int  # a minor is involved ("ja")
    migratiecomponent: int
    per_gemeente: Gemeentetabel  # one column: registered in the period
    per_vorm: list[Telling]  # a signal may carry several forms
    per_bron: list[Telling]
    per_sector: list[Telling]
    per_status: list[Telling]  # the status today
    per_maand: list[Telling]  # code "2026-01", label "jan 2026"


def signaalcijfers(regio: Regio, van: date, tot: date) -> Signaalcijfers:
    """Signals registered in the period: 4 queries."""
    periode = Periode(van, tot)
    basis = _signalen_van(regio).filter(datum_geregistreerd__range=(van, tot)).order_by()

    tellers: dict[str, Any] = {
        "totaal": Count("id"),
        "minderjarig": Count("id", filter=Q(minderjarige_betrokken=JaNeeOnbekend.JA)),
        "migratie": Count("id", filter=Q(migratiecomponent=True)),
    }
    tellers |= {f"vorm_{vorm}": Count("id", filter=Q(**{veld: True})) for vorm, veld in VORM_VELDEN.items()}
    tellers |= {f"bron_{b}": Count("id", filter=Q(bron=b)) for b in Bron.values}
    tellers |= {f"sector_{s}": Count("id", filter=Q(sector=s)) for s in Sector.values}
    tellers |= {f"status_{s}": Count("id", filter=Q(status=s)) for s in Status.values}
    uitkomst = basis.aggregate(**tellers)

    per_gemeente = dict(basis.values_list("gemeente").annotate(n=Count("id")))
    gemeenten = list(Gemeente.objects.filter(regios=regio).order_by("naam", "pk"))
    per_maand = {
        (m.year, m.month): n
        for m, n in basis.annotate(maand=TruncMonth("datum_geregistreerd"))
        .values_list("maand")
        .annotate(n=Count("id"))
    }
    return Signaalcijfers(
        totaal=uitkomst["totaal"],
        minderjarig=uitkomst["minderjarig"],
        migratiecomponent=uitkomst["migratie"],
        per_gemeente=_gemeentetabel(
            gemeenten,
            ["Signalen"],
            {pk: [n] for pk, n in per_gemeente.items()},
            regio.kleine_aantallen_drempel,
            rijtotalen=False,
        ),
        per_vorm=[Telling(v.value, v.label, uitkomst[f"vorm_{v.value}"]) for v in VORM_VELDEN],
        per_bron=[Telling(b.value, b.label, uitkomst[f"bron_{b.value}"]) for b in Bron],
        per_sector=[Telling(s.value, s.label, uitkomst[f"sector_{s.value}"]) for s in Sector],
        per_status=[Telling(s.value, s.label, uitkomst[f"status_{s.value}"]) for s in Status],
        per_maand=[
            Telling(
                f"{m.year}-{m.month:02d}",
                f"{MAANDEN_KORT[m.month - 1]} {m.year}",
                per_maand.get((m.year, m.month), 0),
            )
            for m in periode.maanden()
        ],
    )


# --- Referrals and feedback -----------------------------------------------------------------


def _wacht_op(dag: date) -> Q:
    """Referrals that were still waiting for feedback on ``dag``.

    Every step of the feedback records its date, so this holds for past days too (today
    it equals the feedback being "verstuurd" or "ontvangen").
    """
    voorwaarde = Q()
    for veld in ("opgepakt_op", "afgewezen_op", "afgerond_op"):
        voorwaarde &= Q(**{f"{veld}__isnull": True}) | Q(**{f"{veld}__gt": dag})
    return voorwaarde


@dataclass(frozen=True)
class Verwijzingsrij:
    code: str  # the destination; "" for the total
    label: str
    aantal: int
    per_terugkoppeling: dict[str, int]  # every Terugkoppeling value
    met_terugkoppeling: int  # with a first feedback date
    mediaan_dagen: float | None  # from referral to first feedback
    wacht_te_lang: int

    @property
    def wacht(self) -> int:
        return sum(self.per_terugkoppeling.get(t, 0) for t in WACHTEND)

    @property
    def terugkoppelingen(self) -> list[Telling]:
        return [
            Telling(t.value, t.label, self.per_terugkoppeling.get(t.value, 0))
            for t in Doorverwijzing.Terugkoppeling
        ]


@dataclass(frozen=True)
class Verwijzingscijfers:
    per_bestemming: list[Verwijzingsrij]  # every destination, in the order of Bestemming
    totaal: Verwijzingsrij
    wachtdagen: int
    peildatum: date
    # Referrals of the regio of any date that wait too long on the reference date.
    wacht_te_lang_alle: int


def verwijzingscijfers(
    regio: Regio, van: date, tot: date, *, vandaag: date | None = None
) -> Verwijzingscijfers:
    """Referrals dated in the period, by destination, with their feedback: 3 queries."""
    peildatum = Periode(van, tot).peildatum(vandaag)
    dagen = wachtdagen()
    grens = peildatum - timedelta(days=dagen)
    van_regio = Doorverwijzing.objects.filter(signaal__in=_signalen_van(regio)).order_by()
    basis = van_regio.filter(datum__range=(van, tot))
    te_lang = Q(datum__lt=grens) & _wacht_op(peildatum)

    tellers: dict[str, Any] = {"aantal": Count("id"), "te_lang": Count("id", filter=te_lang)}
    tellers |= {
        f"t_{t}": Count("id", filter=Q(terugkoppeling=t)) for t in Doorverwijzing.Terugkoppeling.values
    }
    rijen = {r["bestemming"]: r for r in basis.values("bestemming").annotate(**tellers)}

    vertraging = ExpressionWrapper(
        F("eerste") - F("datum"), output_field=DurationField()
    )  # a timedelta on every database
    histogrammen: dict[str, dict[int, int]] = {}
    for bestemming, duur, n in (
        basis.annotate(eerste=_eerste("ontvangen_op", "opgepakt_op", "afgewezen_op", "afgerond_op"))
        .filter(eerste__isnull=False)
        .annotate(vertraging=vertraging)
        .values_list("bestemming", "vertraging")
        .annotate(n=Count("id"))
    ):
        per_dag = histogrammen.setdefault(bestemming, {})
        per_dag[duur.days] = per_dag.get(duur.days, 0) + n

    wacht_te_lang_alle = van_regio.filter(te_lang).count()

    def rij(
        code: str, label: str, gegevens: list[dict[str, Any]], histogram: dict[int, int]
    ) -> Verwijzingsrij:
        return Verwijzingsrij(
            code=code,
            label=label,
            aantal=sum(g["aantal"] for g in gegevens),
            per_terugkoppeling={
                t: sum(g[f"t_{t}"] for g in gegevens) for t in Doorverwijzing.Terugkoppeling.values
            },
            met_terugkoppeling=sum(histogram.values()),
            mediaan_dagen=mediaan(histogram),
            wacht_te_lang=sum(g["te_lang"] for g in gegevens),
        )

    per_bestemming = [
        rij(b.value, b.label, [rijen[b.value]] if b.value in rijen else [], histogrammen.get(b.value, {}))
        for b in Bestemming
    ]
    alles: dict[int, int] = {}
    for histogram in histogrammen.values():
        for dag, n in histogram.items():
            alles[dag] = alles.get(dag, 0) + n
    return Verwijzingscijfers(
        per_bestemming=per_bestemming,
        totaal=rij("", "Totaal", list(rijen.values()), alles),
        wachtdagen=dagen,
        peildatum=peildatum,
        wacht_te_lang_alle=wacht_te_lang_alle,
    )


# --- Trajectories ---------------------------------------------------------------------------

ZONDER_FASE = "zonder_fase"


@dataclass(frozen=True)
class Trajectcijfers:
    peildatum: date
    geopend: int  # started in the period
    afgesloten: int  # closed in the period
    open: int  # open on the reference date
    per_fase: list[Telling]  # of the open ones on the reference date; phases may overlap
    per_afsluitreden: list[Telling]  # of the ones closed in the period


def _trajectbegin() -> Least:
    begin = TruncDate("aangemaakt_op")  # only when no phase date was ever set
    return Least(
        Coalesce("intake_start", "hulpverlening_start", begin),
        Coalesce("hulpverlening_start", "intake_start", begin),
    )


def trajectcijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Trajectcijfers:
    """Trajectories of the regio: opened and closed in the period, open on the reference date: 1 query."""
    p = Periode(van, tot).peildatum(vandaag)
    open_op_p = Q(begin__lte=p) & (Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gt=p))
    fasen = {
        Fase.INTAKE.value: Q(intake_start__lte=p) & (Q(intake_eind__isnull=True) | Q(intake_eind__gt=p)),
        Fase.HULPVERLENING.value: Q(hulpverlening_start__lte=p)
        & (Q(hulpverlening_eind__isnull=True) | Q(hulpverlening_eind__gt=p)),
        Fase.AFRONDING.value: Q(afronding_start__lte=p),
    }
    met_fase = Q()
    for voorwaarde in fasen.values():
        met_fase |= voorwaarde
    afgesloten = Q(afgesloten_op__range=(van, tot))
    tellers: dict[str, Any] = {
        "geopend": Count("id", filter=Q(begin__range=(van, tot))),
        "afgesloten": Count("id", filter=afgesloten),
        "open": Count("id", filter=open_op_p),
        "met_fase": Count("id", filter=open_op_p & met_fase),
    }
    tellers |= {f"fase_{fase}": Count("id", filter=open_op_p & q) for fase, q in fasen.items()}
    tellers |= {
        f"reden_{r}": Count("id", filter=afgesloten & Q(afsluitreden=r)) for r in Traject.Afsluitreden.values
    }
    uitkomst = (
        Traject.objects.filter(regio=regio).order_by().annotate(begin=_trajectbegin()).aggregate(**tellers)
    )

    labels = dict(Fase.choices)
    per_fase = [Telling(fase, labels[fase], uitkomst[f"fase_{fase}"]) for fase in fasen]
    per_fase.append(Telling(ZONDER_FASE, "Tussen twee fasen", uitkomst["open"] - uitkomst["met_fase"]))
    per_afsluitreden = [Telling(r.value, r.label, uitkomst[f"reden_{r.value}"]) for r in Traject.Afsluitreden]
    zonder_reden = uitkomst["afgesloten"] - sum(t.aantal for t in per_afsluitreden)
    if zonder_reden:
        per_afsluitreden.append(Telling("", "Geen reden vastgelegd", zonder_reden))
    return Trajectcijfers(
        peildatum=p,
        geopend=uitkomst["geopend"],
        afgesloten=uitkomst["afgesloten"],
        open=uitkomst["open"],
        per_fase=per_fase,
        per_afsluitreden=per_afsluitreden,
    )


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


def _basisniveau_stand(gemeenten: QuerySet[Gemeente], peildatum: date, vandaag: date) -> QuerySet:
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
        _basisniveau_stand(gemeenten, peildatum, vandaag)
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
    grens = vandaag - timedelta(days=wachtdagen())

    def per_regio(rijen: Iterable[tuple[int, int]]) -> dict[int, int]:
        return dict(rijen)

    signalen = per_regio(
        Signaal.objects.filter(gemeente__regios__in=pks, datum_geregistreerd__range=(van, tot))
        .order_by()
        .values_list("gemeente__regios")
        .annotate(n=Count("id", distinct=True))
    )
    wacht = per_regio(
        Doorverwijzing.objects.filter(
            signaal__gemeente__regios__in=pks, terugkoppeling__in=WACHTEND, datum__lt=grens
        )
        .order_by()
        .values_list("signaal__gemeente__regios")
        .annotate(n=Count("id", distinct=True))
    )
    trajecten = per_regio(
        Traject.objects.filter(regio__in=pks, afgesloten_op__isnull=True)
        .order_by()
        .values_list("regio")
        .annotate(n=Count("id"))
    )
    gemeenten = per_regio(
        Gemeente.objects.filter(regios__in=pks, actief=True)
        .order_by()
        .values_list("regios")
        .annotate(n=Count("id", distinct=True))
    )
    voldaan = per_regio(
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
