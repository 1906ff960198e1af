"""Signals registered in a period, and the stacking hits found in it (definitions: ``signalen.cijfers``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from mensenhandel.bescherming import Aantal, kolomsom_van, som_van, zelfde_als
from mensenhandel.cijfers import Gemeentetelling, Telling, gemeentetelling, op_dagen
from mensenhandel.models import Gemeente, Regio
from mensenhandel.periode import Periode, maand_kort
from signalen.models import VORM_VELDEN, Bron, JaNeeOnbekend, Koppeling, Sector, Signaal, Status
from signalen.models.signaal import melder_dagen, melder_grens


def signalen_van(regio: Regio) -> QuerySet[Signaal]:
    return Signaal.objects.filter(gemeente__in=Gemeente.objects.filter(regios=regio))


def _in_regio(regio: Regio, signaal: str) -> Q:
    """The pair's ``signaal`` ("signaal_a" or "signaal_b") belongs to the regio: a join to the signal
    and its gemeente in the regio's few gemeenten, not a membership test in all its signals."""
    return Q(**{f"{signaal}__gemeente__in": Gemeente.objects.filter(regios=regio)})


def koppelingen_van(regio: Regio) -> QuerySet[Koppeling]:
    """Stacking pairs of which at least one signal belongs to the regio."""
    return Koppeling.objects.filter(_in_regio(regio, "signaal_a") | _in_regio(regio, "signaal_b")).order_by()


# --- Signals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signaalcijfers:
    # Every signal has one gemeente, source, sector, status, month and answer on minors.
    totaal: Aantal = field(
        metadata=som_van(
            "per_gemeente", "per_bron", "per_sector", "per_status", "per_maand", "per_minderjarig"
        )
    )
    minderjarig: Aantal = field(
        metadata=zelfde_als("per_minderjarig", JaNeeOnbekend.JA)
    )  # a minor is involved
    migratiecomponent: Aantal  # a part of totaal, without a breakdown beside it: not a sum
    # A part of totaal too: reporters (not anonymous) without feedback within ``melder_dagen`` days.
    melder_zonder_terugkoppeling: Aantal
    per_gemeente: Gemeentetelling  # one column: registered in the period
    per_vorm: list[Telling]  # not a sum: a signal may carry several forms, or none
    per_bron: list[Telling]
    per_sector: list[Telling]
    per_status: list[Telling]  # the status today
    per_maand: list[Telling]  # code "2026-01", label "jan 2026"
    per_minderjarig: list[Telling]  # "minderjarige betrokken": ja, nee, onbekend
    melder_dagen: int  # the setting the figure above was counted with (not a count)


def melder_zonder_terugkoppeling() -> Q:
    """A reporter (not anonymous) who had no feedback within ``melder_dagen()`` days of the
    registration: the first feedback came later, or none came and those days have passed."""
    return ~Q(bron=Bron.ANONIEM) & (
        Q(melder_teruggekoppeld_na__gt=melder_dagen())
        | Q(melder_teruggekoppeld_na__isnull=True, datum_geregistreerd__lt=melder_grens())
    )


def signaalcijfers(regio: Regio, van: date, tot: date) -> Signaalcijfers:
    """Signals registered in the period: 2 queries (the gemeenten, and the signals counted once,
    grouped by gemeente and month with every other breakdown as a conditional count)."""
    periode = Periode(van, tot)
    basis = signalen_van(regio).filter(datum_geregistreerd__range=(van, tot)).order_by()

    tellers: dict[str, Any] = {
        "totaal": Count("id"),
        "minderjarig": Count("id", filter=Q(minderjarige_betrokken=JaNeeOnbekend.JA)),
        "migratie": Count("id", filter=Q(migratiecomponent=True)),
        "melder": Count("id", filter=melder_zonder_terugkoppeling()),
    }
    tellers |= {f"vorm_{vorm}": Count("id", filter=Q(**{veld: True})) for vorm, veld in VORM_VELDEN.items()}
    tellers |= {f"bron_{b}": Count("id", filter=Q(bron=b)) for b in Bron.values}
    tellers |= {f"sector_{s}": Count("id", filter=Q(sector=s)) for s in Sector.values}
    tellers |= {f"status_{s}": Count("id", filter=Q(status=s)) for s in Status.values}
    tellers |= {
        f"minderjarig_{w}": Count("id", filter=Q(minderjarige_betrokken=w)) for w in JaNeeOnbekend.values
    }
    uitkomst = dict.fromkeys(tellers, 0)
    per_gemeente: dict[int, int] = {}
    per_maand: dict[tuple[int, int], int] = {}
    # The rows' keys are the counters' names, which the type checker cannot follow.
    for rij in cast(
        Iterable[Mapping[str, Any]],
        basis.annotate(maand=TruncMonth("datum_geregistreerd"))
        .values("gemeente", "maand")
        .annotate(**tellers),
    ):
        for sleutel in tellers:
            uitkomst[sleutel] += rij[sleutel]
        per_gemeente[rij["gemeente"]] = per_gemeente.get(rij["gemeente"], 0) + rij["totaal"]
        maand = (rij["maand"].year, rij["maand"].month)
        per_maand[maand] = per_maand.get(maand, 0) + rij["totaal"]
    gemeenten = list(Gemeente.objects.filter(regios=regio).order_by("naam", "pk"))
    return Signaalcijfers(
        totaal=uitkomst["totaal"],
        minderjarig=uitkomst["minderjarig"],
        migratiecomponent=uitkomst["migratie"],
        melder_zonder_terugkoppeling=uitkomst["melder"],
        melder_dagen=melder_dagen(),
        per_gemeente=gemeentetelling(
            gemeenten, ["Signalen"], {pk: [n] for pk, n in per_gemeente.items()}, rijtotalen=False
        ),
        per_vorm=[Telling(v.value, v.label, uitkomst[f"vorm_{v.value}"]) for v in VORM_VELDEN],
        per_bron=[Telling(b.value, b.label, uitkomst[f"bron_{b.value}"]) for b in Bron],
        per_sector=[Telling(s.value, s.label, uitkomst[f"sector_{s.value}"]) for s in Sector],
        per_status=[Telling(s.value, s.label, uitkomst[f"status_{s.value}"]) for s in Status],
        per_maand=[
            Telling(f"{m.year}-{m.month:02d}", maand_kort(m), per_maand.get((m.year, m.month), 0))
            for m in periode.maanden()
        ],
        per_minderjarig=[
            Telling(w.value, w.label, uitkomst[f"minderjarig_{w.value}"]) for w in JaNeeOnbekend
        ],
    )


def signalen_per_regio(regio_pks: Sequence[int], van: date, tot: date) -> dict[int, int]:
    """{regio pk: signals registered in the period}, for several regio's at once: 1 query."""
    return dict(
        Signaal.objects.filter(gemeente__regios__in=regio_pks, datum_geregistreerd__range=(van, tot))
        .order_by()
        .values_list("gemeente__regios")
        .annotate(n=Count("id", distinct=True))
    )


# --- Stacking hits --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stapelrij:
    code: str  # the strength of the match
    label: str
    aantal: Aantal = field(metadata=som_van("per_beoordeling"))
    per_beoordeling: list[Telling]  # its assessment today, in the order of Koppeling.Beoordeling


@dataclass(frozen=True)
class Stapelcijfers:
    # Pairs found in the period with at least one signal of the regio: one strength each.
    # ... and one assessment each (the totals row of the table by strength and assessment).
    totaal: Aantal = field(metadata=som_van("per_sterkte", "per_beoordeling"))
    per_sterkte: list[Stapelrij]
    per_beoordeling: list[Telling] = field(metadata=kolomsom_van("per_sterkte", "per_beoordeling"))
    # Not sums: parts of totaal that overlap (a pair between gemeenten may be with another regio).
    tussen_gemeenten: Aantal  # the two signals are about different gemeenten
    met_andere_regio: Aantal  # one of the two signals is outside the regio

    @property
    def bevestigd(self) -> int:
        return next(t.aantal for t in self.per_beoordeling if t.code == Koppeling.Beoordeling.BEVESTIGD)


def stapelcijfers(regio: Regio, van: date, tot: date) -> Stapelcijfers:
    """Stacking hits (0 + 0 + 0 = 1) found in the period, by strength and assessment: 1 query."""
    tellers: dict[str, Any] = {
        "totaal": Count("id"),
        "tussen_gemeenten": Count("id", filter=~Q(signaal_a__gemeente_id=F("signaal_b__gemeente_id"))),
        "andere_regio": Count("id", filter=~(_in_regio(regio, "signaal_a") & _in_regio(regio, "signaal_b"))),
    }
    for sterkte in Koppeling.Sterkte.values:
        for beoordeling in Koppeling.Beoordeling.values:
            tellers[f"{sterkte}_{beoordeling}"] = Count(
                "id", filter=Q(sterkte=sterkte, beoordeling=beoordeling)
            )
    uitkomst = koppelingen_van(regio).filter(op_dagen("gevonden_op", van, tot)).aggregate(**tellers)

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
