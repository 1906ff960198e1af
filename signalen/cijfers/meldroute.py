"""Referrals with their feedback, and the decisions about signals (definitions: ``signalen.cijfers``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from mensenhandel.bescherming import Aantal, kolomsom_van, mediaan_over, som_van, zelfde_als
from mensenhandel.cijfers import Telling, dagenhistogram, eerste, mediaan
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from signalen.cijfers.registratie import signalen_van
from signalen.models import Bestemming, Doorverwijzing, Signaal, Status
from signalen.selectors import wachtdagen
from signalen.services import Afsluitreden as SignaalAfsluitreden

WACHTEND = [Doorverwijzing.Terugkoppeling.VERSTUURD, Doorverwijzing.Terugkoppeling.ONTVANGEN]


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
    """Referrals dated in the period, by destination, with their feedback: 3 queries."""
    peildatum = Periode(van, tot).peildatum(vandaag)
    dagen = wachtdagen()
    grens = peildatum - timedelta(days=dagen)
    van_regio = Doorverwijzing.objects.filter(signaal__in=signalen_van(regio)).order_by()
    basis = van_regio.filter(datum__range=(van, tot))
    te_lang = Q(datum__lt=grens) & wacht_op(peildatum)
    wacht = Q(datum__lte=peildatum) & wacht_op(peildatum)

    tellers: dict[str, Any] = {
        "aantal": Count("id"),
        "te_lang": Count("id", filter=te_lang),
        "wacht": Count("id", filter=wacht),
    }
    tellers |= {
        f"t_{t}": Count("id", filter=Q(terugkoppeling=t)) for t in Doorverwijzing.Terugkoppeling.values
    }
    rijen: dict[str, Mapping[str, Any]] = {
        r["bestemming"]: r for r in basis.values("bestemming").annotate(**tellers)
    }

    vertraging = ExpressionWrapper(
        F("eerste") - F("datum"), output_field=DurationField()
    )  # a timedelta on every database
    histogrammen: dict[str, dict[int, int]] = {}
    for bestemming, duur, n in (
        basis.annotate(eerste=eerste("ontvangen_op", "opgepakt_op", "afgewezen_op", "afgerond_op"))
        .filter(eerste__isnull=False)
        .annotate(vertraging=vertraging)
        .values_list("bestemming", "vertraging")
        .annotate(n=Count("id"))
    ):
        per_dag = histogrammen.setdefault(bestemming, {})
        per_dag[duur.days] = per_dag.get(duur.days, 0) + n

    alle = van_regio.aggregate(te_lang=Count("id", filter=te_lang), wacht=Count("id", filter=wacht))

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
    return signalen_van(regio).filter(besloten_op__date__range=(van, tot)).order_by()


def dagen_tot_besluit(besluiten: QuerySet[Signaal]) -> dict[int, int]:
    """{days from registration to decision: how many}."""
    dagen = ExpressionWrapper(F("besluitdag") - F("datum_geregistreerd"), output_field=DurationField())
    return dagenhistogram(
        besluiten.annotate(besluitdag=TruncDate("besloten_op"))
        .annotate(dagen=dagen)
        .values_list("dagen")
        .annotate(n=Count("id"))
    )


def besluitcijfers(regio: Regio, van: date, tot: date) -> Besluitcijfers:
    """Decisions about the regio's signals taken in the period, and what they came to: 3 queries."""
    bij_besluit = Doorverwijzing.objects.filter(signaal=OuterRef("pk"), datum=OuterRef("besluitdag"))
    besluiten = (
        besluiten_van(regio, van, tot)
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
        Doorverwijzing.objects.filter(signaal__in=besluiten_van(regio, van, tot))
        .annotate(besluitdag=TruncDate("signaal__besloten_op"))
        .filter(datum=F("besluitdag"))
        .order_by()
        .values_list("bestemming")
        .annotate(n=Count("signaal", distinct=True))
    )
    histogram = dagen_tot_besluit(besluiten_van(regio, van, tot))

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
        afgesloten=uitkomst[f"uitkomst_{Status.AFGESLOTEN.value}"],
        mediaan_dagen=mediaan(histogram),
    )
