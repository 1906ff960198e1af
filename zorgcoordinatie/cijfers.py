"""The figures of zorgcoördinatie over a period: aanmeldingen, trajectories and the three pillars.

Figures only, never people (see ``mensenhandel.cijfers``). The ketenregisseur's dashboard
and the halfjaarrapportage compose them with the figures of the other apps.

Definitions (part of the method section of the report):

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, When
from django.db.models.functions import Coalesce, Least, TruncDate

from mensenhandel.bescherming import Aantal, gedeelde_cel, gedrukt, mediaan_over, som_der, som_van
from mensenhandel.cijfers import Telling, mediaan
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from signalen.models import Bestemming, Doorverwijzing
from zorgcoordinatie.models import Aanmelding, Client, Fase, Traject

__all__ = [
    "Aanmeldingcijfers",
    "Trajectcijfers",
    "Zorgcijfers",
    "aanmeldingcijfers",
    "open_trajecten_per_regio",
    "trajectcijfers",
    "zorgcijfers",
]

# --- Trajectories ---------------------------------------------------------------------------

ZONDER_FASE = "zonder_fase"
# Trajectories closed in the period: counted in both figures below, printed as one cell.
AFGESLOTEN = gedeelde_cel("trajecten_afgesloten")


@dataclass(frozen=True)
class Trajectcijfers:
    peildatum: date
    geopend: Aantal  # started in the period
    # Closed in the period: one reason each ("" for none recorded).
    afgesloten: Aantal = field(metadata={**som_van("per_afsluitreden"), **AFGESLOTEN})
    open: Aantal  # open on the reference date
    # Not a sum of ``open``: intake and hulpverlening may overlap ("zonder_fase": in none).
    per_fase: list[Telling]  # of the open ones on the reference date; phases may overlap
    per_afsluitreden: list[Telling]  # of the ones closed in the period


def trajectbegin() -> Least:
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
        Traject.objects.filter(regio=regio).order_by().annotate(begin=trajectbegin()).aggregate(**tellers)
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
    # Direct aanmeldingen and referrals from signals, dated in the period: one outcome each.
    # ... and one source each (a referral from a signal, answered or not, is "signaal").
    totaal: Aantal = field(metadata=som_van("per_uitkomst", "per_bron"))
    per_bron: list[Telling]  # in the order of Aanmelding.Bron; referrals from signals are "signaal"
    per_uitkomst: list[Telling]  # on the reference date: accepted, declined, not answered yet


def verwijzingen_zonder_antwoord(regio: Regio) -> QuerySet[Doorverwijzing]:
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
    zonder_antwoord = verwijzingen_zonder_antwoord(regio).filter(datum__range=(van, tot)).count()

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
    afgesloten: Aantal = field(metadata=AFGESLOTEN)  # trajectories closed in the period
    mediaan_duur_dagen: float | None = field(metadata=mediaan_over("afgesloten"))  # start to closing
    bedenktijd_gestart: Aantal  # a bedenktijd that started in the period
    # Residence steps dated in the period, by the step recorded today (one each); no total of
    # them is printed, so there is no sum to declare.
    verblijf: list[Telling]
    aangiften: Aantal  # an aangifte dated in the period
    # Trajectories with a shelter during the period: one kind each ("" is no shelter).
    in_opvang: Aantal = field(metadata=som_van("opvang"))
    opvang: list[Telling]  # ... by kind of shelter
    comensha_gegeven: Aantal  # consent asked in the period and given
    comensha_geweigerd: Aantal  # consent asked in the period and refused
    # Not a sum with the two above: clients of trajectories started in the period, not asked (today).
    comensha_niet_gevraagd: Aantal
    comensha_gevraagd: Aantal = field(metadata=som_der("comensha_gegeven", "comensha_geweigerd"))

    @property
    def comensha_percentage(self) -> float | None:
        """Consent given as a share of consent asked, as printed; None when that is hidden or 0."""
        gegeven, gevraagd = gedrukt(self.comensha_gegeven), gedrukt(self.comensha_gevraagd)
        return 100 * gegeven / gevraagd if gegeven is not None and gevraagd else None


def zorgcijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Zorgcijfers:
    """Duration, the three pillars and CoMensha consent of the regio's trajectories: 2 queries
    (the trajectories counted once, grouped by the duration of those closed in the period; and
    the consent of their clients)."""
    p = Periode(van, tot).peildatum(vandaag)
    trajecten = Traject.objects.filter(regio=regio).order_by().annotate(begin=trajectbegin())
    open_in_periode = Q(begin__lte=tot) & (Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gte=van))
    opvang_in_periode = (
        open_in_periode
        & (Q(opvang_start__isnull=True) | Q(opvang_start__lte=tot))
        & (Q(opvang_eind__isnull=True) | Q(opvang_eind__gte=van))
    )
    afgesloten = Q(afgesloten_op__range=(van, tot))
    tellers: dict[str, Any] = {
        "afgesloten": Count("id", filter=afgesloten),
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
    # From start to closing, for the trajectories closed in the period; empty for the others.
    duur = Case(
        When(
            afgesloten, then=ExpressionWrapper(F("afgesloten_op") - F("begin"), output_field=DurationField())
        ),
        output_field=DurationField(),
    )
    uitkomst = dict.fromkeys(tellers, 0)
    histogram: dict[int, int] = {}
    # The rows' keys are the counters' names, which the type checker cannot follow.
    for rij in cast(
        Iterable[Mapping[str, Any]], trajecten.annotate(duur=duur).values("duur").annotate(**tellers)
    ):
        for sleutel in tellers:
            uitkomst[sleutel] += rij[sleutel]
        if rij["duur"] is not None:
            histogram[rij["duur"].days] = histogram.get(rij["duur"].days, 0) + rij["afgesloten"]

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
        comensha_gevraagd=toestemming["gegeven"] + toestemming["geweigerd"],
    )


def open_trajecten_per_regio(regio_pks: Sequence[int]) -> dict[int, int]:
    """{regio pk: trajectories open today}, for several regio's at once: 1 query."""
    return dict(
        Traject.objects.filter(regio__in=regio_pks, afgesloten_op__isnull=True)
        .order_by()
        .values_list("regio")
        .annotate(n=Count("id"))
    )
