"""The key figures of signalen for several periods at once (the report's summary and trend)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from mensenhandel.cijfers import mediaan, per_periode
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from signalen.cijfers.meldroute import besluiten_van, dagen_tot_besluit, wacht_op
from signalen.cijfers.registratie import koppelingen_van, signalen_van
from signalen.models import Doorverwijzing, JaNeeOnbekend


@dataclass(frozen=True)
class Signaalperiode:
    """The key figures of signalen in one period, counted as in the detailed functions."""

    signalen: int  # registered in the period
    minderjarig: int  # ... with a minor involved
    besluiten: int  # decisions taken in the period
    mediaan_dagen_tot_besluit: float | None
    doorverwijzingen: int  # dated in the period
    wacht_op_peildatum: int  # ... still waiting for feedback on the reference date
    stapelingen: int  # stacking hits found in the period


def signaalperiodes(regio: Regio, periodes: Sequence[Periode], vandaag: date) -> list[Signaalperiode]:
    """The key figures of each period, in the order given: 3 queries and 1 more per period."""
    signalen = per_periode(
        signalen_van(regio),
        periodes,
        vandaag,
        {
            "signalen": lambda p, _: Q(datum_geregistreerd__range=(p.van, p.tot)),
            "minderjarig": lambda p, _: Q(
                datum_geregistreerd__range=(p.van, p.tot), minderjarige_betrokken=JaNeeOnbekend.JA
            ),
            "besluiten": lambda p, _: Q(besloten_op__date__range=(p.van, p.tot)),
        },
    )
    verwijzingen = per_periode(
        Doorverwijzing.objects.filter(signaal__in=signalen_van(regio)),
        periodes,
        vandaag,
        {
            "verwijzingen": lambda p, _: Q(datum__range=(p.van, p.tot)),
            "wacht": lambda p, peildatum: (
                Q(datum__range=(p.van, min(p.tot, peildatum))) & wacht_op(peildatum)
            ),
        },
    )
    stapelingen = per_periode(
        koppelingen_van(regio),
        periodes,
        vandaag,
        {"stapelingen": lambda p, _: Q(gevonden_op__date__range=(p.van, p.tot))},
    )
    return [
        Signaalperiode(
            signalen=signalen[f"signalen_{i}"],
            minderjarig=signalen[f"minderjarig_{i}"],
            besluiten=signalen[f"besluiten_{i}"],
            mediaan_dagen_tot_besluit=mediaan(dagen_tot_besluit(besluiten_van(regio, p.van, p.tot))),
            doorverwijzingen=verwijzingen[f"verwijzingen_{i}"],
            wacht_op_peildatum=verwijzingen[f"wacht_{i}"],
            stapelingen=stapelingen[f"stapelingen_{i}"],
        )
        for i, p in enumerate(periodes)
    ]
