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
- A *decision* (besluit) about a signal counts in the period of its date (``besloten_op``,
  in Dutch time). A signal keeps the date of its latest decision only, so a signal decided
  again later counts in the period of that later decision. What was decided is read from
  the signal as it stands: closed (per reason), referred (a referral dated on the day of
  the decision), monitored (a "lopend" signal), help organised by the AF (a decision
  without any of those), or reopened since. The *time to decision* is the number of days
  from ``datum_geregistreerd`` to the day of the decision.
- A *stacking hit* is a pair of signals (``signalen.Koppeling``) found in the period of
  which at least one signal belongs to the regio; its assessment is that of today.
- *Aanmeldingen* for zorgcoördinatie are the direct ones the zorgcoördinator entered and
  the referrals from signals to the regio's zorgcoördinator (``Doorverwijzing.regio``),
  answered or not, dated in the period. One *answered* on the reference date was
  accepted or declined on or before that day.
- *Trajectories* belong to the regio that runs them (``Traject.regio``). A trajectory
  *starts* on the first of its intake and hulpverlening dates; it is *open* on a day when
  it started on or before that day and was not closed by then. Its phases on that day
  follow from the phase dates; intake and hulpverlening may run at the same time.
  Its *duration* runs from its start to its closing date, in days. The pillars count
  what is dated in the period: a *bedenktijd* by its start, a *residence permit* step
  (applied for, granted, refused, asylum) by ``verblijf_datum`` with the step recorded
  today, an *aangifte* by ``aangifte_op``; a *shelter* counts when it overlapped the
  period while the trajectory was open. *CoMensha consent* counts the clients of the
  regio's trajectories whose consent was asked in the period, with the answer recorded.
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

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Least, TruncDate, TruncMonth
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
from mensenhandel.models import Gemeente, Regio
from mensenhandel.onderdrukking import Cel, OnderdrukteTabel, onderdrukken
from signalen.models import (
    VORM_VELDEN,
    Bestemming,
    Bron,
    Doorverwijzing,
    JaNeeOnbekend,
    Koppeling,
    Sector,
    Signaal,
    Status,
)
from signalen.selectors import wachtdagen
from signalen.services import Afsluitreden as SignaalAfsluitreden
from zorgcoordinatie.models import Aanmelding, Client, Fase, Traject

__all__ = [
    "MAANDEN",
    "MAANDEN_KORT",
    "Aanmeldingcijfers",
    "Activiteitcijfers",
    "Activiteittelling",
    "Basisniveaucijfers",
    "Basisniveaurij",
    "Besluitcijfers",
    "Dashboardcijfers",
    "Gemeentetabel",
    "Kerncijfers",
    "Periode",
    "Periodecijfers",
    "Signaalcijfers",
    "Stapelcijfers",
    "Stapelrij",
    "Telling",
    "Trajectcijfers",
    "Verwijzingscijfers",
    "Verwijzingsrij",
    "Zorgcijfers",
    "aanmeldingcijfers",
    "activiteitcijfers",
    "basisniveau_stand",
    "basisniveaucijfers",
    "besluitcijfers",
    "dashboardcijfers",
    "kerncijfers",
    "laatste_halfjaren",
    "mediaan",
    "periodecijfers",
    "signaalcijfers",
    "stapelcijfers",
    "trajectcijfers",
    "verwijzingscijfers",
    "zorgcijfers",
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
    per_minderjarig: list[Telling]  # "minderjarige betrokken": ja, nee, onbekend


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
    tellers |= {
        f"minderjarig_{w}": Count("id", filter=Q(minderjarige_betrokken=w)) for w in JaNeeOnbekend.values
    }
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
        per_minderjarig=[
            Telling(w.value, w.label, uitkomst[f"minderjarig_{w.value}"]) for w in JaNeeOnbekend
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
    wacht_op_peildatum: int  # still waiting for feedback on the reference date

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
    # Referrals of the regio of any date up to the reference date still waiting on it.
    wacht_alle: int


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
    wacht = Q(datum__lte=peildatum) & _wacht_op(peildatum)

    tellers: dict[str, Any] = {
        "aantal": Count("id"),
        "te_lang": Count("id", filter=te_lang),
        "wacht": Count("id", filter=wacht),
    }
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

    alle = van_regio.aggregate(te_lang=Count("id", filter=te_lang), wacht=Count("id", filter=wacht))

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
            wacht_op_peildatum=sum(g["wacht"] for g in gegevens),
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
        wacht_te_lang_alle=alle["te_lang"],
        wacht_alle=alle["wacht"],
    )


# --- Decisions ------------------------------------------------------------------------------

DOORVERWEZEN = "doorverwezen"
ZELF_HULP = "zelf_hulp"
HEROPEND = "heropend"
ANDERE_REDEN = ""

# What a decision came to, one outcome per decision, in this order of precedence.
UITKOMSTEN = [
    (Status.AFGESLOTEN.value, "Afgesloten"),
    (DOORVERWEZEN, "Doorverwezen naar een of meer ketenpartners"),
    (Status.LOPEND.value, "Lopend signaal (monitoren), zonder doorverwijzing"),
    (ZELF_HULP, "Zelf hulp georganiseerd, zonder doorverwijzing"),
    (HEROPEND, "Sindsdien heropend, zonder doorverwijzing"),
]
HEROPEND_STATUSSEN = [Status.NIEUW, Status.IN_ONDERZOEK, Status.GEWOGEN]


@dataclass(frozen=True)
class Besluitcijfers:
    totaal: int  # signals of the regio whose (latest) decision falls in the period
    per_uitkomst: list[Telling]  # one outcome per decision (UITKOMSTEN): adds up to ``totaal``
    gemonitord: int  # "lopend" signals, with or without a referral
    met_doorverwijzing: int
    per_bestemming: list[Telling]  # decisions that referred there; one decision may refer to several
    per_afsluitreden: list[Telling]  # of the closed ones
    mediaan_dagen: float | None  # from registration to decision


def _besluiten_van(regio: Regio, van: date, tot: date) -> QuerySet[Signaal]:
    return _signalen_van(regio).filter(besloten_op__date__range=(van, tot)).order_by()


def _dagen_tot_besluit(besluiten: QuerySet[Signaal]) -> dict[int, int]:
    """{days from registration to decision: how many}."""
    dagen = ExpressionWrapper(F("besluitdag") - F("datum_geregistreerd"), output_field=DurationField())
    histogram: dict[int, int] = {}
    for duur, n in (
        besluiten.annotate(besluitdag=TruncDate("besloten_op"))
        .annotate(dagen=dagen)
        .values_list("dagen")
        .annotate(n=Count("id"))
    ):
        histogram[duur.days] = histogram.get(duur.days, 0) + n
    return histogram


def besluitcijfers(regio: Regio, van: date, tot: date) -> Besluitcijfers:
    """Decisions about the regio's signals taken in the period, and what they came to: 3 queries."""
    bij_besluit = Doorverwijzing.objects.filter(signaal=OuterRef("pk"), datum=OuterRef("besluitdag"))
    besluiten = (
        _besluiten_van(regio, van, tot)
        .annotate(besluitdag=TruncDate("besloten_op"))
        .annotate(doorverwezen=Exists(bij_besluit))
    )
    niet_afgesloten = ~Q(status=Status.AFGESLOTEN)
    zonder = Q(doorverwezen=False)
    voorwaarden = {
        Status.AFGESLOTEN.value: Q(status=Status.AFGESLOTEN),
        DOORVERWEZEN: Q(doorverwezen=True) & niet_afgesloten,
        Status.LOPEND.value: zonder & Q(status=Status.LOPEND),
        ZELF_HULP: zonder & Q(status=Status.BESLOTEN),
        HEROPEND: zonder & Q(status__in=HEROPEND_STATUSSEN),
    }
    tellers: dict[str, Any] = {
        "totaal": Count("id"),
        "gemonitord": Count("id", filter=Q(status=Status.LOPEND)),
        "met_doorverwijzing": Count("id", filter=Q(doorverwezen=True)),
    }
    tellers |= {f"uitkomst_{code}": Count("id", filter=q) for code, q in voorwaarden.items()}
    redenen = dict(SignaalAfsluitreden.CHOICES)
    tellers |= {
        f"reden_{r}": Count("id", filter=Q(status=Status.AFGESLOTEN, afsluitreden=r)) for r in redenen
    }
    uitkomst = besluiten.aggregate(**tellers)

    per_bestemming = dict(
        Doorverwijzing.objects.filter(signaal__in=_besluiten_van(regio, van, tot))
        .annotate(besluitdag=TruncDate("signaal__besloten_op"))
        .filter(datum=F("besluitdag"))
        .order_by()
        .values_list("bestemming")
        .annotate(n=Count("signaal", distinct=True))
    )
    histogram = _dagen_tot_besluit(_besluiten_van(regio, van, tot))

    per_afsluitreden = [Telling(r, label, uitkomst[f"reden_{r}"]) for r, label in redenen.items()]
    anders = uitkomst[f"uitkomst_{Status.AFGESLOTEN.value}"] - sum(t.aantal for t in per_afsluitreden)
    if anders:
        per_afsluitreden.append(Telling(ANDERE_REDEN, "Andere of geen reden vastgelegd", anders))
    return Besluitcijfers(
        totaal=uitkomst["totaal"],
        per_uitkomst=[Telling(code, label, uitkomst[f"uitkomst_{code}"]) for code, label in UITKOMSTEN],
        gemonitord=uitkomst["gemonitord"],
        met_doorverwijzing=uitkomst["met_doorverwijzing"],
        per_bestemming=[Telling(b.value, b.label, per_bestemming.get(b.value, 0)) for b in Bestemming],
        per_afsluitreden=per_afsluitreden,
        mediaan_dagen=mediaan(histogram),
    )


# --- Stacking hits --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stapelrij:
    code: str  # the strength of the match
    label: str
    aantal: int
    per_beoordeling: list[Telling]  # its assessment today, in the order of Koppeling.Beoordeling


@dataclass(frozen=True)
class Stapelcijfers:
    totaal: int  # pairs found in the period with at least one signal of the regio
    per_sterkte: list[Stapelrij]
    per_beoordeling: list[Telling]
    tussen_gemeenten: int  # the two signals are about different gemeenten
    met_andere_regio: int  # one of the two signals is outside the regio

    @property
    def bevestigd(self) -> int:
        return next(t.aantal for t in self.per_beoordeling if t.code == Koppeling.Beoordeling.BEVESTIGD)


def _koppelingen_van(regio: Regio) -> QuerySet[Koppeling]:
    signalen = _signalen_van(regio).values("pk")
    return Koppeling.objects.filter(Q(signaal_a__in=signalen) | Q(signaal_b__in=signalen)).order_by()


def stapelcijfers(regio: Regio, van: date, tot: date) -> Stapelcijfers:
    """Stacking hits (0 + 0 + 0 = 1) found in the period, by strength and assessment: 1 query."""
    signalen = _signalen_van(regio).values("pk")
    tellers: dict[str, Any] = {
        "totaal": Count("id"),
        "tussen_gemeenten": Count("id", filter=~Q(signaal_a__gemeente_id=F("signaal_b__gemeente_id"))),
        "andere_regio": Count("id", filter=~(Q(signaal_a__in=signalen) & Q(signaal_b__in=signalen))),
    }
    for sterkte in Koppeling.Sterkte.values:
        for beoordeling in Koppeling.Beoordeling.values:
            tellers[f"{sterkte}_{beoordeling}"] = Count(
                "id", filter=Q(sterkte=sterkte, beoordeling=beoordeling)
            )
    uitkomst = _koppelingen_van(regio).filter(gevonden_op__date__range=(van, tot)).aggregate(**tellers)

    def beoordelingen(sterkten: list[str]) -> list[Telling]:
        return [
            Telling(b.value, b.label, sum(uitkomst[f"{s}_{b.value}"] for s in sterkten))
            for b in Koppeling.Beoordeling
        ]

    per_sterkte = []
    for sterkte in Koppeling.Sterkte:
        tellingen = beoordelingen([sterkte.value])
        per_sterkte.append(
            Stapelrij(sterkte.value, sterkte.label, sum(t.aantal for t in tellingen), tellingen)
        )
    return Stapelcijfers(
        totaal=uitkomst["totaal"],
        per_sterkte=per_sterkte,
        per_beoordeling=beoordelingen(Koppeling.Sterkte.values),
        tussen_gemeenten=uitkomst["tussen_gemeenten"],
        met_andere_regio=uitkomst["andere_regio"],
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


# --- Zorgcoördinatie: aanmeldingen and the three pillars -------------------------------------

ONBEANTWOORD = "onbeantwoord"


@dataclass(frozen=True)
class Aanmeldingcijfers:
    peildatum: date
    totaal: int  # direct aanmeldingen and referrals from signals, dated in the period
    per_bron: list[Telling]  # in the order of Aanmelding.Bron; referrals from signals are "signaal"
    per_uitkomst: list[Telling]  # on the reference date: accepted, declined, not answered yet


def _zc_verwijzingen_zonder_antwoord(regio: Regio) -> QuerySet[Doorverwijzing]:
    """Referrals to the regio's zorgcoördinator that have no Aanmelding (no answer) yet."""
    return Doorverwijzing.objects.filter(
        bestemming=Bestemming.ZORGCOORDINATOR, regio=regio, aanmelding__isnull=True
    ).order_by()


def aanmeldingcijfers(
    regio: Regio, van: date, tot: date, *, vandaag: date | None = None
) -> Aanmeldingcijfers:
    """Aanmeldingen for the regio's zorgcoördinatie dated in the period: 2 queries.

    A referral from a signal stays a ``Doorverwijzing`` until the zorgcoördinator answers
    it; the answer makes an ``Aanmelding`` that links it. Both count, each once.
    """
    p = Periode(van, tot).peildatum(vandaag)
    beantwoord = Q(beantwoord_op__isnull=True) | Q(beantwoord_op__date__lte=p)
    tellers: dict[str, Any] = {"totaal": Count("id")}
    tellers |= {f"bron_{b}": Count("id", filter=Q(bron=b)) for b in Aanmelding.Bron.values}
    antwoorden = [Aanmelding.Status.GEACCEPTEERD, Aanmelding.Status.AFGEWEZEN]
    tellers |= {f"antwoord_{a.value}": Count("id", filter=Q(status=a) & beantwoord) for a in antwoorden}
    uitkomst = Aanmelding.objects.filter(regio=regio, datum__range=(van, tot)).order_by().aggregate(**tellers)
    zonder_antwoord = _zc_verwijzingen_zonder_antwoord(regio).filter(datum__range=(van, tot)).count()

    totaal = uitkomst["totaal"] + zonder_antwoord
    per_uitkomst = [Telling(a.value, a.label, uitkomst[f"antwoord_{a.value}"]) for a in antwoorden]
    per_uitkomst.append(
        Telling(ONBEANTWOORD, "Nog niet beantwoord", totaal - sum(t.aantal for t in per_uitkomst))
    )
    return Aanmeldingcijfers(
        peildatum=p,
        totaal=totaal,
        per_bron=[
            Telling(
                b.value,
                b.label,
                uitkomst[f"bron_{b.value}"] + (zonder_antwoord if b == Aanmelding.Bron.SIGNAAL else 0),
            )
            for b in Aanmelding.Bron
        ],
        per_uitkomst=per_uitkomst,
    )


VERBLIJFSSTAPPEN = [
    Traject.Verblijf.AANGEVRAAGD,
    Traject.Verblijf.VERLEEND,
    Traject.Verblijf.GEWEIGERD,
    Traject.Verblijf.ASIEL,
]
OPVANGSOORTEN = [o for o in Traject.Opvang if o != Traject.Opvang.GEEN]


@dataclass(frozen=True)
class Zorgcijfers:
    peildatum: date
    afgesloten: int  # trajectories closed in the period
    mediaan_duur_dagen: float | None  # of those: from start to closing
    bedenktijd_gestart: int  # a bedenktijd that started in the period
    verblijf: list[Telling]  # residence steps dated in the period, by the step recorded today
    aangiften: int  # an aangifte dated in the period
    in_opvang: int  # trajectories with a shelter during the period
    opvang: list[Telling]  # ... by kind of shelter
    comensha_gegeven: int  # consent asked in the period and given
    comensha_geweigerd: int  # consent asked in the period and refused
    comensha_niet_gevraagd: int  # clients of trajectories started in the period, not asked (today)

    @property
    def comensha_gevraagd(self) -> int:
        return self.comensha_gegeven + self.comensha_geweigerd

    @property
    def comensha_percentage(self) -> float | None:
        """Consent given as a share of consent asked; None when nobody was asked."""
        return 100 * self.comensha_gegeven / self.comensha_gevraagd if self.comensha_gevraagd else None


def zorgcijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Zorgcijfers:
    """Duration, the three pillars and CoMensha consent of the regio's trajectories: 3 queries."""
    p = Periode(van, tot).peildatum(vandaag)
    trajecten = Traject.objects.filter(regio=regio).order_by().annotate(begin=_trajectbegin())
    open_in_periode = Q(begin__lte=tot) & (Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gte=van))
    opvang_in_periode = (
        open_in_periode
        & (Q(opvang_start__isnull=True) | Q(opvang_start__lte=tot))
        & (Q(opvang_eind__isnull=True) | Q(opvang_eind__gte=van))
    )
    tellers: dict[str, Any] = {
        "afgesloten": Count("id", filter=Q(afgesloten_op__range=(van, tot))),
        "bedenktijd": Count("id", filter=Q(bedenktijd_start__range=(van, tot))),
        "aangiften": Count("id", filter=Q(aangifte_op__range=(van, tot))),
        "in_opvang": Count("id", filter=opvang_in_periode & ~Q(opvang=Traject.Opvang.GEEN)),
    }
    tellers |= {
        f"verblijf_{v.value}": Count("id", filter=Q(verblijf=v, verblijf_datum__range=(van, tot)))
        for v in VERBLIJFSSTAPPEN
    }
    tellers |= {
        f"opvang_{o.value}": Count("id", filter=opvang_in_periode & Q(opvang=o)) for o in OPVANGSOORTEN
    }
    uitkomst = trajecten.aggregate(**tellers)

    duur = ExpressionWrapper(F("afgesloten_op") - F("begin"), output_field=DurationField())
    histogram: dict[int, int] = {}
    for dagen, n in (
        trajecten.filter(afgesloten_op__range=(van, tot))
        .annotate(duur=duur)
        .values_list("duur")
        .annotate(n=Count("id"))
    ):
        histogram[dagen.days] = histogram.get(dagen.days, 0) + n

    gestart = trajecten.filter(begin__range=(van, tot)).values("client")
    gevraagd = Q(comensha_toestemming_op__range=(van, tot))
    toestemming = (
        Client.objects.filter(pk__in=Traject.objects.filter(regio=regio).values("client"))
        .order_by()
        .aggregate(
            gegeven=Count("id", filter=gevraagd & Q(comensha_toestemming=Client.Toestemming.GEGEVEN)),
            geweigerd=Count("id", filter=gevraagd & Q(comensha_toestemming=Client.Toestemming.GEWEIGERD)),
            niet_gevraagd=Count(
                "id", filter=Q(comensha_toestemming=Client.Toestemming.NIET_GEVRAAGD, pk__in=gestart)
            ),
        )
    )
    return Zorgcijfers(
        peildatum=p,
        afgesloten=uitkomst["afgesloten"],
        mediaan_duur_dagen=mediaan(histogram),
        bedenktijd_gestart=uitkomst["bedenktijd"],
        verblijf=[Telling(v.value, v.label, uitkomst[f"verblijf_{v.value}"]) for v in VERBLIJFSSTAPPEN],
        aangiften=uitkomst["aangiften"],
        in_opvang=uitkomst["in_opvang"],
        opvang=[Telling(o.value, o.label, uitkomst[f"opvang_{o.value}"]) for o in OPVANGSOORTEN],
        comensha_gegeven=toestemming["gegeven"],
        comensha_geweigerd=toestemming["geweigerd"],
        comensha_niet_gevraagd=toestemming["niet_gevraagd"],
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


# --- Key figures of one regio over several periods (the report's summary and trend) ----------


@dataclass(frozen=True)
class Periodecijfers:
    """The key figures of one period, counted as in the detailed functions above."""

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
    peildata = [p.peildatum(vandaag) for p in periodes]

    def per_periode(queryset: QuerySet, voorwaarden: dict[str, Any]) -> dict[str, int]:
        tellers = {
            f"{naam}_{i}": Count("id", filter=voorwaarde(p, peildatum))
            for naam, voorwaarde in voorwaarden.items()
            for i, (p, peildatum) in enumerate(zip(periodes, peildata, strict=True))
        }
        return queryset.order_by().aggregate(**tellers)

    uitkomst: dict[str, int] = {}
    uitkomst |= per_periode(
        _signalen_van(regio),
        {
            "signalen": lambda p, _: Q(datum_geregistreerd__range=(p.van, p.tot)),
            "minderjarig": lambda p, _: Q(
                datum_geregistreerd__range=(p.van, p.tot), minderjarige_betrokken=JaNeeOnbekend.JA
            ),
            "besluiten": lambda p, _: Q(besloten_op__date__range=(p.van, p.tot)),
        },
    )
    uitkomst |= per_periode(
        Doorverwijzing.objects.filter(signaal__in=_signalen_van(regio)),
        {
            "verwijzingen": lambda p, _: Q(datum__range=(p.van, p.tot)),
            "wacht": lambda p, peildatum: (
                Q(datum__range=(p.van, min(p.tot, peildatum))) & _wacht_op(peildatum)
            ),
        },
    )
    uitkomst |= per_periode(
        _koppelingen_van(regio), {"stapelingen": lambda p, _: Q(gevonden_op__date__range=(p.van, p.tot))}
    )
    in_periode = {"n": lambda p, _: Q(datum__range=(p.van, p.tot))}
    direct = per_periode(Aanmelding.objects.filter(regio=regio), in_periode)
    zonder_antwoord = per_periode(_zc_verwijzingen_zonder_antwoord(regio), in_periode)
    uitkomst |= {
        f"aanmeldingen_{i}": direct[f"n_{i}"] + zonder_antwoord[f"n_{i}"] for i in range(len(periodes))
    }
    uitkomst |= per_periode(
        Traject.objects.filter(regio=regio).annotate(begin=_trajectbegin()),
        {
            "gestart": lambda p, _: Q(begin__range=(p.van, p.tot)),
            "afgesloten": lambda p, _: Q(afgesloten_op__range=(p.van, p.tot)),
            "open": lambda _, peildatum: (
                Q(begin__lte=peildatum) & (Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gt=peildatum))
            ),
        },
    )
    uitkomst |= per_periode(
        Activiteit.objects.filter(regio=regio), {"activiteiten": lambda p, _: Q(datum__range=(p.van, p.tot))}
    )
    uitkomst |= per_periode(
        Overleg.objects.filter(regio=regio), {"overleggen": lambda p, _: Q(datum__range=(p.van, p.tot))}
    )

    return [
        Periodecijfers(
            periode=p,
            peildatum=peildatum,
            signalen=uitkomst[f"signalen_{i}"],
            minderjarig=uitkomst[f"minderjarig_{i}"],
            besluiten=uitkomst[f"besluiten_{i}"],
            mediaan_dagen_tot_besluit=mediaan(_dagen_tot_besluit(_besluiten_van(regio, p.van, p.tot))),
            doorverwijzingen=uitkomst[f"verwijzingen_{i}"],
            wacht_op_peildatum=uitkomst[f"wacht_{i}"],
            stapelingen=uitkomst[f"stapelingen_{i}"],
            aanmeldingen=uitkomst[f"aanmeldingen_{i}"],
            trajecten_gestart=uitkomst[f"gestart_{i}"],
            trajecten_afgesloten=uitkomst[f"afgesloten_{i}"],
            trajecten_open=uitkomst[f"open_{i}"],
            activiteiten=uitkomst[f"activiteiten_{i}"],
            overleggen=uitkomst[f"overleggen_{i}"],
        )
        for i, (p, peildatum) in enumerate(zip(periodes, peildata, strict=True))
    ]
