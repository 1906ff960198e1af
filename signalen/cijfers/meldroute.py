"""Referrals with their feedback, and the decisions about signals (definitions: ``signalen.cijfers``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, When
from django.db.models.functions import TruncDate

from mensenhandel.bescherming import Aantal, kolomsom_van, mediaan_over, som_van, zelfde_als
from mensenhandel.cijfers import Telling, eerste, mediaan, op_dagen
from mensenhandel.models import Gemeente, Regio
from mensenhandel.periode import Periode
from signalen.cijfers.registratie import signalen_van
from signalen.models import WACHTEND, Bestemming, Doorverwijzing, Signaal, Status
from signalen.selectors import wachtdagen
from signalen.services import Afsluitreden as SignaalAfsluitreden

# --- Referrals and feedback -----------------------------------------------------------------


def wacht_op(dag: date) -> Q:
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
    aantal: Aantal = field(metadata=som_van("per_terugkoppeling"))
    per_terugkoppeling: dict[str, Aantal]  # every Terugkoppeling value
    # Not sums: parts of ``aantal`` (with feedback, waiting), overlapping each other.
    met_terugkoppeling: Aantal  # with a first feedback date
    mediaan_dagen: float | None = field(metadata=mediaan_over("met_terugkoppeling"))  # referral → feedback
    wacht_te_lang: Aantal
    wacht_op_peildatum: Aantal  # still waiting for feedback on the reference date

    @property
    def terugkoppelingen(self) -> list[Telling]:
        return [
            Telling(t.value, t.label, self.per_terugkoppeling.get(t.value, 0))
            for t in Doorverwijzing.Terugkoppeling
        ]


@dataclass(frozen=True)
class Verwijzingscijfers:
    per_bestemming: list[Verwijzingsrij]  # every destination, in the order of Bestemming
    totaal: Verwijzingsrij = field(metadata=kolomsom_van("per_bestemming"))  # each referral has one
    wachtdagen: int  # a setting, not a count
    peildatum: date
    # Referrals of the regio of any date that wait too long on the reference date (not a sum:
    # it holds ``totaal.wacht_te_lang`` and referrals of other periods, which are not printed).
    wacht_te_lang_alle: Aantal
    # Referrals of the regio of any date up to the reference date still waiting on it.
    wacht_alle: Aantal


def verwijzingscijfers(
    regio: Regio, van: date, tot: date, *, vandaag: date | None = None
) -> Verwijzingscijfers:
    """Referrals dated in the period, by destination, with their feedback: 1 query.

    One pass over the regio's referrals of every date (those still waiting on the reference date
    may be of any date), joined to their signal's gemeente: grouped by destination and, for the
    period's referrals with a first feedback, the days to it (the median's histogram); every
    count of the period is conditional on its dates.
    """
    peildatum = Periode(van, tot).peildatum(vandaag)
    dagen = wachtdagen()
    grens = peildatum - timedelta(days=dagen)
    in_periode = Q(datum__range=(van, tot))
    te_lang = Q(datum__lt=grens) & wacht_op(peildatum)
    wacht = Q(datum__lte=peildatum) & wacht_op(peildatum)

    tellers: dict[str, Any] = {
        "aantal": Count("id", filter=in_periode),
        "te_lang": Count("id", filter=in_periode & te_lang),
        "wacht": Count("id", filter=in_periode & wacht),
        "te_lang_alle": Count("id", filter=te_lang),
        "wacht_alle": Count("id", filter=wacht),
    }
    tellers |= {
        f"t_{t}": Count("id", filter=in_periode & Q(terugkoppeling=t))
        for t in Doorverwijzing.Terugkoppeling.values
    }
    # Days from the referral to its first feedback (a timedelta on every database); empty for a
    # referral without feedback and for one outside the period.
    vertraging = Case(
        When(in_periode, then=ExpressionWrapper(F("eerste") - F("datum"), output_field=DurationField())),
        output_field=DurationField(),
    )
    rijen: dict[str, list[Mapping[str, Any]]] = {}
    histogrammen: dict[str, dict[int, int]] = {}
    # The rows' keys are the counters' names, which the type checker cannot follow.
    for r in cast(
        Iterable[Mapping[str, Any]],
        Doorverwijzing.objects.filter(signaal__gemeente__in=Gemeente.objects.filter(regios=regio))
        .order_by()
        .annotate(eerste=eerste("ontvangen_op", "opgepakt_op", "afgewezen_op", "afgerond_op"))
        .annotate(vertraging=vertraging)
        .values("bestemming", "vertraging")
        .annotate(**tellers),
    ):
        rijen.setdefault(r["bestemming"], []).append(r)
        if r["vertraging"] is not None:
            per_dag = histogrammen.setdefault(r["bestemming"], {})
            per_dag[r["vertraging"].days] = per_dag.get(r["vertraging"].days, 0) + r["aantal"]

    def rij(
        code: str, label: str, gegevens: Sequence[Mapping[str, Any]], histogram: dict[int, int]
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
        rij(b.value, b.label, rijen.get(b.value, []), histogrammen.get(b.value, {})) for b in Bestemming
    ]
    alles: dict[int, int] = {}
    for histogram in histogrammen.values():
        for dag, n in histogram.items():
            alles[dag] = alles.get(dag, 0) + n
    alle_rijen = [g for gegevens in rijen.values() for g in gegevens]
    return Verwijzingscijfers(
        per_bestemming=per_bestemming,
        totaal=rij("", "Totaal", alle_rijen, alles),
        wachtdagen=dagen,
        peildatum=peildatum,
        wacht_te_lang_alle=sum(g["te_lang_alle"] for g in alle_rijen),
        wacht_alle=sum(g["wacht_alle"] for g in alle_rijen),
    )


def te_lang_wachtend_per_regio(regio_pks: Sequence[int], vandaag: date) -> dict[int, int]:
    """{regio pk: referrals of any date waiting too long today}, for several regio's at once: 1 query."""
    grens = vandaag - timedelta(days=wachtdagen())
    return dict(
        Doorverwijzing.objects.filter(
            signaal__gemeente__regios__in=regio_pks, terugkoppeling__in=WACHTEND, datum__lt=grens
        )
        .order_by()
        .values_list("signaal__gemeente__regios")
        .annotate(n=Count("id", distinct=True))
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
    # Signals of the regio whose (latest) decision falls in the period: one outcome each.
    totaal: Aantal = field(metadata=som_van("per_uitkomst"))
    per_uitkomst: list[Telling]  # in the order of UITKOMSTEN
    # Not sums: "lopend" signals with or without a referral (the outcomes "lopend" and part of
    # "doorverwezen"), and decisions that referred, closed ones too (part of "afgesloten").
    gemonitord: Aantal  # "lopend" signals, with or without a referral
    met_doorverwijzing: Aantal
    per_bestemming: list[Telling]  # decisions that referred there; one decision may refer to several
    per_afsluitreden: list[Telling]  # of the closed ones; "" for another or no reason
    # The outcome "afgesloten" (the same cell): one reason each.
    afgesloten: Aantal = field(
        metadata={**zelfde_als("per_uitkomst", Status.AFGESLOTEN.value), **som_van("per_afsluitreden")}
    )
    mediaan_dagen: float | None = field(metadata=mediaan_over("totaal"))  # from registration to decision


def besluiten_van(regio: Regio, van: date, tot: date) -> QuerySet[Signaal]:
    return signalen_van(regio).filter(op_dagen("besloten_op", van, tot)).order_by()


def besluitcijfers(regio: Regio, van: date, tot: date) -> Besluitcijfers:
    """Decisions about the regio's signals taken in the period, and what they came to: 2 queries.

    Set-based, without a subquery per signal: (1) the period's decisions counted per status and
    closing reason, grouped by the days from registration to decision (the median's histogram);
    (2) the referrals dated on their signal's decision day, joined to that signal, counted as
    distinct signals per destination and per status. A decision "referred" when (2) holds its
    signal; the outcomes follow from the two by subtraction.
    """
    statussen = Status.values
    redenen = dict(SignaalAfsluitreden.CHOICES)
    dagen = ExpressionWrapper(F("besluitdag") - F("datum_geregistreerd"), output_field=DurationField())
    tellers: dict[str, Any] = {"n": Count("id")}
    tellers |= {f"status_{s}": Count("id", filter=Q(status=s)) for s in statussen}
    tellers |= {
        f"reden_{r}": Count("id", filter=Q(status=Status.AFGESLOTEN, afsluitreden=r)) for r in redenen
    }
    per_status = dict.fromkeys(statussen, 0)
    per_reden = dict.fromkeys(redenen, 0)
    histogram: dict[int, int] = {}
    # The rows' keys are the counters' names, which the type checker cannot follow.
    for rij in cast(
        Iterable[Mapping[str, Any]],
        besluiten_van(regio, van, tot)
        .annotate(besluitdag=TruncDate("besloten_op"))
        .annotate(dagen=dagen)
        .values("dagen")
        .annotate(**tellers),
    ):
        histogram[rij["dagen"].days] = histogram.get(rij["dagen"].days, 0) + rij["n"]
        for s in statussen:
            per_status[s] += rij[f"status_{s}"]
        for r in redenen:
            per_reden[r] += rij[f"reden_{r}"]

    # Referrals on the decision day: a signal with several counts once (per destination too).
    verwezen = (
        Doorverwijzing.objects.filter(
            op_dagen("signaal__besloten_op", van, tot),
            signaal__gemeente__in=Gemeente.objects.filter(regios=regio),
            datum=TruncDate("signaal__besloten_op"),
        )
        .order_by()
        .aggregate(
            totaal=Count("signaal", distinct=True),
            **{
                f"bestemming_{b.value}": Count("signaal", distinct=True, filter=Q(bestemming=b))
                for b in Bestemming
            },
            **{
                f"status_{s}": Count("signaal", distinct=True, filter=Q(signaal__status=s)) for s in statussen
            },
        )
    )
    zonder = {s: per_status[s] - verwezen[f"status_{s}"] for s in statussen}
    afgesloten = per_status[Status.AFGESLOTEN]
    uitkomsten = {
        Status.AFGESLOTEN.value: afgesloten,
        DOORVERWEZEN: verwezen["totaal"] - verwezen[f"status_{Status.AFGESLOTEN.value}"],
        Status.LOPEND.value: zonder[Status.LOPEND],
        ZELF_HULP: zonder[Status.BESLOTEN],
        HEROPEND: sum(zonder[s] for s in HEROPEND_STATUSSEN),
    }
    per_afsluitreden = [Telling(r, label, per_reden[r]) for r, label in redenen.items()]
    anders = afgesloten - sum(t.aantal for t in per_afsluitreden)
    if anders:
        per_afsluitreden.append(Telling(ANDERE_REDEN, "Andere of geen reden vastgelegd", anders))
    return Besluitcijfers(
        totaal=sum(per_status.values()),
        per_uitkomst=[Telling(code, label, uitkomsten[code]) for code, label in UITKOMSTEN],
        gemonitord=per_status[Status.LOPEND],
        met_doorverwijzing=verwezen["totaal"],
        per_bestemming=[Telling(b.value, b.label, verwezen[f"bestemming_{b.value}"]) for b in Bestemming],
        per_afsluitreden=per_afsluitreden,
        afgesloten=afgesloten,
        mediaan_dagen=mediaan(histogram),
    )
