"""The privacy officer's report of unusual access, read from the access log only.

Four kinds, over the last ``dagen`` days (Dutch time), each a fixed number of queries:

- *many views*: a user with at least ``minimum_per_dag`` views of personal data on a day and
  more than ``factor`` times the median of the other users of the same role that day;
- *refused*: views refused for being out of scope or role;
- *exports and searches*: every export, and the number of searches with a free text per user
  (the text itself is not shown: it may be a name);
- *outside office hours*: views before ``kantoor_van``, from ``kantoor_tot``, or in a weekend;
- *stacking hits elsewhere*: lookups that found a signal outside the user's reach, and the
  users refused for the daily limit (``STAPELING_DAGLIMIET``).

No case content: users, roles, days, counts, and the kind and reference of a record.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, ExtractMinute, TruncDate
from django.utils import timezone

from mensenhandel.models import Afwijkingsdrempels, ToegangsLog

__all__ = ["Afwijkingen", "afwijkingen"]

# The screen under which signalen logs a stacking lookup with a hit outside the user's reach
# (``signalen.services.stapeling``): a way to learn whether someone is known elsewhere.
STAPELING = "signalen:stapeling"

INZAGE = [
    ToegangsLog.Actie.BEKIJKEN,
    ToegangsLog.Actie.ZOEKEN,
    ToegangsLog.Actie.EXPORTEREN,
    ToegangsLog.Actie.AFDRUKKEN,
]


@dataclass(frozen=True)
class Veelinzage:
    naam: str  # of the user
    rol: str
    dag: date
    aantal: int
    mediaan: float  # of the others of the same role that day


@dataclass(frozen=True)
class Telling:
    naam: str  # of the user
    rol: str
    aantal: int


@dataclass(frozen=True)
class Afwijkingen:
    vanaf: date
    drempels: Afwijkingsdrempels
    veel: list[Veelinzage]
    geweigerd: list[Telling]
    exports: list[ToegangsLog]
    zoekopdrachten: list[Telling]
    buiten_kantoortijd: list[Telling]
    stapeltreffers: list[Telling]  # lookups with a hit outside the user's reach
    stapellimiet: list[Telling]  # lookups refused for the daily limit


def _regels(vanaf: date) -> QuerySet[ToegangsLog]:
    begin = timezone.make_aware(datetime.combine(vanaf, datetime.min.time()))
    return ToegangsLog.objects.filter(tijdstip__gte=begin, gebruiker__isnull=False)


def _tellingen(qs: QuerySet[ToegangsLog]) -> list[Telling]:
    rijen = qs.order_by().values("gebruiker", "gebruiker__naam", "rol").annotate(n=Count("id"))
    return [Telling(r["gebruiker__naam"], r["rol"], r["n"]) for r in rijen.order_by("-n", "gebruiker")]


def _tellingen_per(qs: QuerySet[ToegangsLog], veld: str) -> list[tuple[str, Telling]]:
    """Counts per user and per value of ``veld``, in one query."""
    rijen = qs.order_by().values(veld, "gebruiker", "gebruiker__naam", "rol").annotate(n=Count("id"))
    return [
        (r[veld], Telling(r["gebruiker__naam"], r["rol"], r["n"])) for r in rijen.order_by("-n", "gebruiker")
    ]


def afwijkingen(vandaag: date | None = None) -> Afwijkingen:
    drempels = Afwijkingsdrempels.huidige()
    vandaag = vandaag or timezone.localdate()
    vanaf = vandaag - timedelta(days=drempels.dagen - 1)
    basis = _regels(vanaf)
    # Views of personal data: a row that names a kind of record (a page, a list, an export).
    toegestaan = basis.filter(uitkomst=ToegangsLog.Uitkomst.TOEGESTAAN, actie__in=INZAGE).exclude(
        object_type=""
    )

    # Many views: per user and day, against the median of the others of the same role.
    per_dag = list(
        toegestaan.annotate(dag=TruncDate("tijdstip"))
        .order_by()
        .values("gebruiker", "gebruiker__naam", "rol", "dag")
        .annotate(n=Count("id"))
    )
    per_rol_dag: dict[tuple[str, date], list[tuple[int, int]]] = defaultdict(list)
    namen = {}
    for rij in per_dag:
        per_rol_dag[(rij["rol"], rij["dag"])].append((rij["gebruiker"], rij["n"]))
        namen[rij["gebruiker"]] = rij["gebruiker__naam"]
    veel_rijen = []
    for (rol, dag), tellingen in per_rol_dag.items():
        for gebruiker, n in tellingen:
            anderen = [m for g, m in tellingen if g != gebruiker]
            if n < drempels.minimum_per_dag or not anderen:
                continue
            mediaan = statistics.median(anderen)
            if n > float(drempels.factor) * mediaan:
                veel_rijen.append((gebruiker, rol, dag, n, float(mediaan)))
    veel = sorted(
        (Veelinzage(namen[g], rol, dag, n, m) for g, rol, dag, n, m in veel_rijen),
        key=lambda v: (v.dag, -v.aantal),
        reverse=True,
    )

    # Outside office hours: before the start, from the end, or on Saturday and Sunday.
    van, tot = drempels.kantoor_van, drempels.kantoor_tot
    minuut = ExtractHour("tijdstip") * 60 + ExtractMinute("tijdstip")
    buiten = toegestaan.annotate(minuut=minuut, weekdag=ExtractIsoWeekDay("tijdstip")).filter(
        Q(minuut__lt=van.hour * 60 + van.minute)
        | Q(minuut__gte=tot.hour * 60 + tot.minute)
        | Q(weekdag__gte=6)
    )

    # The stacking lookups, hits and refusals, in one reading.
    stapeling = _tellingen_per(basis.filter(scherm=STAPELING), "uitkomst")
    geweigerd_stapel = ToegangsLog.Uitkomst.GEWEIGERD

    return Afwijkingen(
        vanaf=vanaf,
        drempels=drempels,
        veel=veel,
        geweigerd=_tellingen(basis.filter(uitkomst=ToegangsLog.Uitkomst.GEWEIGERD)),
        exports=list(
            toegestaan.filter(actie=ToegangsLog.Actie.EXPORTEREN)
            .select_related("gebruiker")
            .order_by("-tijdstip")[:200]
        ),
        zoekopdrachten=_tellingen(toegestaan.filter(actie=ToegangsLog.Actie.ZOEKEN).exclude(toelichting="")),
        buiten_kantoortijd=_tellingen(buiten),
        stapeltreffers=[t for u, t in stapeling if u != geweigerd_stapel],
        stapellimiet=[t for u, t in stapeling if u == geweigerd_stapel],
    )
