"""Every read of the basisniveau monitor, scoped to the user who asks.

A ketenregisseur reads the table of every gemeente in their regio's; an aandachtsfunctionaris
the rows of the gemeenten they serve. Both may update those gemeenten (the same scope as
the AF network: ``gemeenten_bij_te_houden``). A check without a row counts as "onbekend".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch

from ketenregie.models import Basisniveau, Basisniveaupunt, BasisniveauStatus
from ketenregie.selectors.netwerk import BIJHOUDERS, elke_gemeente_een_keer, getoonde_regios
from mensenhandel.models import Gemeente, Regio
from mensenhandel.toegang import heeft_rol

# Short column headings for the regional table; the legend on the page gives the full text.
KORT: dict[str, str] = {
    Basisniveaupunt.ACTIEF_SIGNALEREN: "Actief signaleren",
    Basisniveaupunt.AF_AANGESTELD: "AF aangesteld",
    Basisniveaupunt.BESTUURLIJKE_INSTRUMENTEN: "Bestuurlijke instrumenten",
    Basisniveaupunt.ORGANISATIES_BEKEND: "Organisaties bekend",
    Basisniveaupunt.BELEID_VASTGESTELD: "Beleid vastgesteld",
    Basisniveaupunt.PROSTITUTIEBELEID: "Prostitutiebeleid",
    Basisniveaupunt.MELDROUTE_GECOMMUNICEERD: "Meldroute",
    Basisniveaupunt.JAARLIJKSE_TRAINING: "Jaarlijkse training",
}

# A symbol next to each status's text, so that meaning never rests on colour alone.
SYMBOOL: dict[str, str] = {
    BasisniveauStatus.VOLDAAN: "✓",
    BasisniveauStatus.DEELS: "◐",
    BasisniveauStatus.NIET: "✗",
    BasisniveauStatus.ONBEKEND: "?",
}


@dataclass
class Cel:
    """One check of one gemeente; ``onderdeel`` is None when nothing was recorded yet."""

    punt: str
    onderdeel: Basisniveau | None

    @property
    def status(self) -> str:
        return self.onderdeel.status if self.onderdeel else BasisniveauStatus.ONBEKEND

    @property
    def status_label(self) -> str:
        return BasisniveauStatus(self.status).label

    @property
    def symbool(self) -> str:
        return SYMBOOL[self.status]

    @property
    def datum(self) -> date | None:
        return self.onderdeel.datum if self.onderdeel else None

    @property
    def onderbouwing(self) -> str:
        return self.onderdeel.onderbouwing if self.onderdeel else ""

    @property
    def voldaan(self) -> bool:
        return self.status == BasisniveauStatus.VOLDAAN


@dataclass
class Gemeenterij:
    gemeente: Gemeente
    cellen: list[Cel]

    @property
    def aantal_voldaan(self) -> int:
        return sum(cel.voldaan for cel in self.cellen)


@dataclass
class Dekking:
    punt: str
    label: str
    voldaan: int
    totaal: int


@dataclass
class Tabel:
    """The basisniveau of one regio: gemeenten (rows) × checks (columns)."""

    regio: Regio
    rijen: list[Gemeenterij]

    @property
    def dekking(self) -> list[Dekking]:
        """Per check: in how many of the table's gemeenten it is met."""
        return [
            Dekking(
                punt=punt.value,
                label=KORT[punt.value],
                voldaan=sum(rij.cellen[index].voldaan for rij in self.rijen),
                totaal=len(self.rijen),
            )
            for index, punt in enumerate(Basisniveaupunt)
        ]

    @property
    def voldaan(self) -> int:
        return sum(rij.aantal_voldaan for rij in self.rijen)

    @property
    def mogelijk(self) -> int:
        return len(self.rijen) * len(Basisniveaupunt)


def punten() -> list[tuple[str, str, str]]:
    """The checks in their fixed order: (value, full label, short label)."""
    return [(p.value, p.label, KORT[p.value]) for p in Basisniveaupunt]


def _cellen(onderdelen: list[Basisniveau]) -> list[Cel]:
    per_punt = {o.punt: o for o in onderdelen}
    return [Cel(punt=p.value, onderdeel=per_punt.get(p.value)) for p in Basisniveaupunt]


def basisniveau_tabellen(gebruiker: Any) -> list[Tabel]:
    """One table per regio the user sees, in a constant number of queries.

    A KR: every gemeente of each of their regio's. An AF: their own gemeenten, under each
    regio those belong to.
    """
    if not heeft_rol(gebruiker, *BIJHOUDERS):
        return []
    regios = getoonde_regios(
        gebruiker,
        Gemeente.objects.prefetch_related(
            Prefetch("basisniveau", queryset=Basisniveau.objects.order_by("punt"))
        ),
    )
    return [
        Tabel(
            regio=regio,
            rijen=[
                Gemeenterij(gemeente=g, cellen=_cellen(list(g.basisniveau.all())))
                for g in regio.getoonde_gemeenten  # type: ignore[attr-defined]  # Prefetch(to_attr=...)
            ],
        )
        for regio in elke_gemeente_een_keer(regios)
    ]


def basisniveau_van(gemeente: Gemeente) -> dict[str, Basisniveau]:
    """The recorded checks of one gemeente, by punt (missing ones are "onbekend")."""
    return {
        o.punt: o for o in Basisniveau.objects.filter(gemeente=gemeente).select_related("bijgewerkt_door")
    }


def versie_van(gemeente: Gemeente) -> int:
    """The number of saved changes to a gemeente's basisniveau; it only ever grows.

    A form carries it so that a save over someone else's newer change is noticed.
    """
    return Basisniveau.history.filter(gemeente_id=gemeente.pk).count()
