"""From the gathering (``rapportage.inhoud.verzamelen``) to typed tables, part by part.

Each key of the gathering that holds figures has its own function here, which says exactly
which table it makes with which columns; a key the export does not know raises
``OnbekendOnderdeel``, so nothing added to the gathering falls out of the files unnoticed.
Charts are left out on purpose (their figures are tables of their own), and so are the
people: knelpunten and their actions go without "ingebracht door" and without the action's
owner, as in the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rapportage import inhoud
from rapportage.export.bouwstenen import OVER_HET_RAPPORT, OnbekendOnderdeel, Uitleg, inhoudtabel
from rapportage.export.casustabellen import (
    aanmeldingen,
    besluiten,
    samenvatting,
    signalen,
    stapeling,
    trajecten,
    trend,
    verwijzingen,
    zorg,
)
from rapportage.export.ketentabellen import activiteiten, basisniveau, bijzonderheden, knelpunten, overleggen
from rapportage.tabellen import Tabel


def _per_gemeente(t: inhoud.Gemeentetabel, uitleg: Uitleg) -> list[Tabel]:
    return [inhoudtabel(t, uitleg)]


def _geen(waarde: object, uitleg: Uitleg) -> list[Tabel]:
    """The charts: their figures are tables of their own."""
    return []


def _activiteiten_per_gemeente(t: inhoud.Gemeentetabel, uitleg: Uitleg) -> list[Tabel]:
    return [inhoudtabel(t, uitleg, blad="Activiteiten per gemeente")]


# Every key of the gathering with figures, and the function that makes its tables.
ONDERDELEN: dict[str, Callable[[Any, Uitleg], list[Tabel]]] = {
    "samenvatting": samenvatting,
    "signalen": signalen,
    "signalen_per_gemeente": _per_gemeente,
    "besluiten": besluiten,
    "verwijzingen": verwijzingen,
    "stapeling": stapeling,
    "aanmeldingen": aanmeldingen,
    "trajecten": trajecten,
    "zorg": zorg,
    "trend": trend,
    "basisniveau": basisniveau,
    "activiteiten": activiteiten,
    "activiteiten_per_gemeente": _activiteiten_per_gemeente,
    "overleggen": overleggen,
    "bijzonderheden": bijzonderheden,
    "knelpunten": knelpunten,
    "grafiek": _geen,
}


def alle_tabellen(context: dict[str, Any]) -> list[Tabel]:
    """The tables of every part of the gathering, in its order (duplicates included)."""
    uitleg = Uitleg(context["onderdrukking_uitleg"], context["vorige_label"])
    uit: list[Tabel] = []
    for sleutel, waarde in context.items():
        if sleutel in OVER_HET_RAPPORT:
            continue
        if sleutel not in ONDERDELEN:
            raise OnbekendOnderdeel(
                f"{sleutel}: een onderdeel dat de export niet kent. Zet het op de toelichting "
                "(OVER_HET_RAPPORT) of geef het een functie in rapportage/export/onderdelen.py."
            )
        uit.extend(ONDERDELEN[sleutel](waarde, uitleg))
    return uit


__all__ = ["ONDERDELEN", "OVER_HET_RAPPORT", "OnbekendOnderdeel", "Uitleg", "alle_tabellen"]
