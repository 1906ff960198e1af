"""The ketenregie's part of a report: basisniveau and activities per gemeente, meetings,
bijzonderheden and the open knelpunten. Named persons ("ingebracht door", "eigenaar") stay
out of the report; the texts are the ketenregisseur's own, written for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q

from ketenregie.models import (
    Actiepunt,
    Agendasignaal,
    Basisniveaupunt,
    BasisniveauStatus,
    Bijzonderheden,
    Knelpunt,
    Knelpuntstatus,
    Overleg,
    Overlegsoort,
)
from ketenregie.selectors import cijfers
from ketenregie.selectors.basisniveau import KORT, SYMBOOL
from mensenhandel.models import Gemeente, Regio
from mensenhandel.periode import Periode

# --- Ketenregie: basisniveau per gemeente --------------------------------------------------------


@dataclass(frozen=True)
class Basisniveaucel:
    status: str

    @property
    def tekst(self) -> str:
        return f"{SYMBOOL[self.status]} {BasisniveauStatus(self.status).label}"


@dataclass(frozen=True)
class Basisniveauregel:
    gemeente: str
    cellen: list[Basisniveaucel]


@dataclass(frozen=True)
class Basisniveautabel:
    peildatum: date
    kolommen: list[str]  # short labels, in the order of Basisniveaupunt
    legenda: list[tuple[str, str]]  # (short label, full label)
    regels: list[Basisniveauregel]
    voldaan_per_punt: list[int]

    @property
    def aantal_gemeenten(self) -> int:
        return len(self.regels)


def basisniveautabel(gemeenten: list[Gemeente], peildatum: date, vandaag: date) -> Basisniveautabel:
    """The basisniveau of every active gemeente on the reference date: 1 query."""
    actief = [g for g in gemeenten if g.actief]
    stand = {
        (gemeente_id, punt): status
        for gemeente_id, punt, status in cijfers.basisniveau_stand(
            Gemeente.objects.filter(pk__in=[g.pk for g in actief]), peildatum, vandaag
        )
        .order_by()
        .values_list("gemeente_id", "punt", "status")
    }
    regels = [
        Basisniveauregel(
            gemeente=g.naam,
            cellen=[
                Basisniveaucel(stand.get((g.pk, p.value), BasisniveauStatus.ONBEKEND))
                for p in Basisniveaupunt
            ],
        )
        for g in actief
    ]
    return Basisniveautabel(
        peildatum=peildatum,
        kolommen=[KORT[p.value] for p in Basisniveaupunt],
        legenda=[(KORT[p.value], p.label) for p in Basisniveaupunt],
        regels=regels,
        voldaan_per_punt=[
            sum(r.cellen[i].status == BasisniveauStatus.VOLDAAN for r in regels)
            for i in range(len(Basisniveaupunt))
        ],
    )


HELE_REGIO = cijfers.HELE_REGIO


# --- Ketenregie: meetings, bijzonderheden, knelpunten --------------------------------------------


@dataclass(frozen=True)
class Overlegtelling:
    label: str
    aantal: int
    besproken_signalen: int | None  # only for tables where signals are discussed


def overleggen_per_soort(regio: Regio, van: date, tot: date) -> list[Overlegtelling]:
    """Meetings held in the period per soort, and the signals discussed there: 2 queries."""
    in_periode = Overleg.objects.filter(regio=regio, datum__range=(van, tot)).order_by()
    aantallen = dict(in_periode.values_list("soort").annotate(n=Count("id")))
    besproken = dict(
        Agendasignaal.objects.filter(overleg__in=in_periode)
        .order_by()
        .values_list("overleg__soort")
        .annotate(n=Count("id"))
    )
    return [
        Overlegtelling(
            label=soort.label,
            aantal=aantallen.get(soort.value, 0),
            besproken_signalen=besproken.get(soort.value, 0)
            if soort in Overlegsoort.met_signalen()
            else None,
        )
        for soort in Overlegsoort
    ]


@dataclass(frozen=True)
class Bijzonderhedentekst:
    periode: str
    tekst: str


def bijzonderheden(regio: Regio, van: date, tot: date) -> list[Bijzonderhedentekst]:
    """The ketenregisseur's bijzonderheden of every half-year the period touches: 1 query."""
    helften = []
    dag = van
    while dag <= tot:
        periode = Periode.halfjaar_van(dag)
        helften.append((periode.van.year, periode.helft))
        dag = periode.tot + timedelta(days=1)
    voorwaarde = Q(pk__in=[])
    for jaar, helft in helften:
        voorwaarde |= Q(jaar=jaar, helft=helft)
    teksten = Bijzonderheden.objects.filter(voorwaarde, regio=regio).order_by("jaar", "helft")
    return [
        Bijzonderhedentekst(
            periode=f"{'Eerste' if b.helft == 1 else 'Tweede'} halfjaar {b.jaar}", tekst=b.tekst.strip()
        )
        for b in teksten
        if b.tekst.strip()
    ]


def open_knelpunten(regio: Regio) -> list[Knelpunt]:
    """The knelpunten still open (or in behandeling) when the report is made, with their
    action points: 2 queries."""
    return list(
        Knelpunt.objects.filter(regio=regio, status__in=Knelpuntstatus.lopend())
        .order_by("datum", "id")
        .prefetch_related(Prefetch("actiepunten", queryset=Actiepunt.objects.order_by("deadline", "id")))
    )
