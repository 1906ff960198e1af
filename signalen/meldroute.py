"""The meldroute as a state machine: which step a signal's status allows, and the refusal
when it does not.

The services of ``signalen.services`` check a step with ``overgang``; the signal's page
offers the steps ``mogelijke_acties`` returns.
"""

from __future__ import annotations

from mensenhandel.acties import Geweigerd
from signalen.models import Signaal, Status

__all__ = ["OVERGANGEN", "WEIGERINGEN", "mogelijke_acties", "overgang"]

OVERGANGEN: dict[str, tuple[set[str], str | None]] = {
    # action: (allowed from, to). None: the decision determines the target.
    "verrijken": ({Status.NIEUW, Status.IN_ONDERZOEK, Status.GEWOGEN, Status.LOPEND}, None),
    "wegen": ({Status.NIEUW, Status.IN_ONDERZOEK, Status.GEWOGEN}, Status.GEWOGEN),
    "besluiten": ({Status.GEWOGEN, Status.LOPEND}, None),
    "heropenen": ({Status.BESLOTEN, Status.AFGESLOTEN, Status.LOPEND}, Status.IN_ONDERZOEK),
}

WEIGERINGEN = {
    "wegen": "Een signaal waarover al besloten is, kan niet opnieuw worden gewogen. Heropen het eerst.",
    "besluiten": "Een besluit kan pas als het signaal gewogen is.",
    "heropenen": "Alleen een besloten, lopend of afgesloten signaal kan worden heropend.",
    "verrijken": (
        "Aan een afgesloten of besloten signaal kunnen geen notities worden toegevoegd. Heropen het eerst."
    ),
}


def mogelijke_acties(signaal: Signaal) -> set[str]:
    """The meldroute steps the signal's status allows now."""
    return {actie for actie, (van, _) in OVERGANGEN.items() if signaal.status in van}


def overgang(signaal: Signaal, actie: str) -> None:
    """Refuse the step ``actie`` when the signal's status does not allow it."""
    van, _ = OVERGANGEN[actie]
    if signaal.status not in van:
        raise Geweigerd(f"{WEIGERINGEN[actie]} (status nu: {signaal.get_status_display().lower()})")
