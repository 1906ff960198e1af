"""How the access log reads this app's rows: meetings, partners, the AF network, activities and
knelpunten by what the ketenregisseur calls them, and the titles of the screens
(``mensenhandel.logweergave``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.utils.text import Truncator

from ketenregie.models import (
    Aandachtsfunctionaris,
    Actiepunt,
    Activiteit,
    Contactpersoon,
    Knelpunt,
    Overleg,
    Partner,
)
from mensenhandel.logweergave import Gegevenssoort, Logweergave, per_uuid


def _kort(tekst: str) -> str:
    return Truncator(tekst).chars(60)


def _met(qs: Any, tekst: Callable[[Any], str]) -> Callable[[Collection[str]], Mapping[str, str]]:
    return lambda ids: per_uuid(qs(), ids, tekst)


def weergave() -> Logweergave:
    return Logweergave(
        soorten=[
            Gegevenssoort(
                "ketenregie.Overleg",
                "Overleg",
                _met(lambda: Overleg.objects.select_related("regio"), lambda o: f"{o}, {o.regio.naam}"),
            ),
            Gegevenssoort("ketenregie.Partner", "Ketenpartner", _met(Partner.objects.all, lambda p: p.naam)),
            Gegevenssoort(
                "ketenregie.Contactpersoon",
                "Contactpersoon",
                _met(
                    lambda: Contactpersoon.objects.select_related("partner"),
                    lambda c: f"bij {c.partner.naam}",
                ),
            ),
            Gegevenssoort(
                "ketenregie.Aandachtsfunctionaris",
                "Aandachtsfunctionaris (netwerk)",
                _met(lambda: Aandachtsfunctionaris.objects.select_related("gemeente"), str),
            ),
            Gegevenssoort(
                "ketenregie.Activiteit", "Activiteit", _met(Activiteit.objects.all, lambda a: _kort(str(a)))
            ),
            Gegevenssoort(
                "ketenregie.Knelpunt", "Knelpunt", _met(Knelpunt.objects.all, lambda k: _kort(k.titel))
            ),
            Gegevenssoort(
                "ketenregie.Actiepunt",
                "Actiepunt",
                _met(Actiepunt.objects.all, lambda a: _kort(a.omschrijving)),
            ),
        ],
        schermen={
            "ketenregie:start": "Ketenregie",
            "ketenregie:dashboard": "Dashboard",
            "ketenregie:dashboard_csv": "Dashboardcijfers downloaden (CSV)",
            "ketenregie:wegenkaart": "Wegenkaart",
            "ketenregie:partner_nieuw": "Ketenpartner toevoegen",
            "ketenregie:partner": "Ketenpartner",
            "ketenregie:partner_bewerken": "Ketenpartner bewerken",
            "ketenregie:contactpersoon_toevoegen": "Contactpersoon toevoegen",
            "ketenregie:contactpersoon_bewerken": "Contactpersoon bewerken",
            "ketenregie:contactpersoon_verwijderen": "Contactpersoon verwijderen",
            "ketenregie:netwerk": "Netwerk van aandachtsfunctionarissen",
            "ketenregie:af_nieuw": "Aandachtsfunctionaris toevoegen",
            "ketenregie:af_bewerken": "Aandachtsfunctionaris bewerken",
            "ketenregie:coordinatie": "Coördinerend aandachtsfunctionaris",
            "ketenregie:basisniveau": "Basisniveau",
            "ketenregie:basisniveau_gemeente": "Basisniveau per gemeente",
            "ketenregie:activiteiten": "Activiteiten",
            "ketenregie:activiteit_nieuw": "Activiteit toevoegen",
            "ketenregie:activiteit": "Activiteit",
            "ketenregie:activiteit_bewerken": "Activiteit bewerken",
            "ketenregie:activiteit_verwijderen": "Activiteit verwijderen",
            "ketenregie:overleggen": "Overleggen",
            "ketenregie:overleg_nieuw": "Overleg toevoegen",
            "ketenregie:overleg": "Overleg",
            "ketenregie:overleg_bewerken": "Overleg bewerken",
            "ketenregie:agenda_bijwerken": "Agenda van een overleg bijwerken",
            "ketenregie:agendasignaal_verwijderen": "Signaal van de agenda halen",
            "ketenregie:signaalbesluit": "Besluit over een signaal (overleg)",
            "ketenregie:overleg_actiepunt": "Actiepunt bij een overleg",
            "ketenregie:knelpunten": "Knelpunten",
            "ketenregie:knelpunt_nieuw": "Knelpunt toevoegen",
            "ketenregie:knelpunt": "Knelpunt",
            "ketenregie:knelpunt_bewerken": "Knelpunt bewerken",
            "ketenregie:knelpunt_actiepunt": "Actiepunt bij een knelpunt",
            "ketenregie:bijzonderheden": "Bijzonderheden per halfjaar",
            "ketenregie:bijzonderheden_bewerken": "Bijzonderheden bewerken",
            "ketenregie:actiepunt_bijwerken": "Actiepunt bijwerken",
        },
    )
