"""The case file layout that a signal, a client and a trajectory share (issue 17): the header
with its status, progress and one next step, the in-page navigation, and one timeline.

Plain values, built by the app's view from what it already read; the templates in
``templates/onderdelen/dossier/`` render them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# The header's badge: a case's kind of status, or an Utrecht status badge variant itself.
BADGE_VARIANTEN: dict[str, str] = {
    "info": "neutral",
    "waarschuwing": "warning",
    "succes": "success",
    "neutraal": "inactive",
    "gevaar": "danger",
}
UTRECHT_VARIANTEN = frozenset(
    {"active", "danger", "error", "inactive", "invalid", "neutral", "safe", "success", "valid", "warning"}
)


def badge(soort: str) -> str:
    """The Utrecht status badge variant for a kind of status (or a variant itself)."""
    if soort in UTRECHT_VARIANTEN:
        return soort
    return BADGE_VARIANTEN.get(soort, "neutral")


@dataclass(frozen=True)
class Stap:
    """One step of a progress indicator."""

    label: str
    stand: Literal["gedaan", "huidig", "open"]


def stappen(labels: Sequence[str], huidige: int | None, *, afgerond: bool = False) -> list[Stap]:
    """The steps before ``huidige`` done, that one current, the rest open; all done when
    ``afgerond``; all open when there is no current step (``None``)."""
    if afgerond:
        return [Stap(label, "gedaan") for label in labels]
    if huidige is None:
        return [Stap(label, "open") for label in labels]
    if not 0 <= huidige < len(labels):
        raise ValueError(f"Stap {huidige} bestaat niet (er zijn {len(labels)} stappen).")
    return [
        Stap(label, "gedaan" if i < huidige else "huidig" if i == huidige else "open")
        for i, label in enumerate(labels)
    ]


@dataclass(frozen=True)
class Volgende:
    """The one primary button: a GET link to the page or section with the next step's form."""

    label: str
    url: str


@dataclass(frozen=True)
class Sectie:
    """An entry of the in-page navigation: the section's ``id`` and its name, with a count."""

    anker: str
    label: str
    aantal: int | None = None


@dataclass(frozen=True)
class Dossierkop:
    referentie: str
    titel: str
    status: str
    status_soort: str
    verantwoordelijke: str
    data: list[tuple[str, str]]
    stappen: list[Stap]
    volgende: Volgende | None
    secties: list[Sectie] = field(default_factory=list)
    # What the progress indicator follows ("Meldroute", "Fasen"), for its accessible name.
    stappen_label: str = "Voortgang"
    # Who ``verantwoordelijke`` is ("Aandachtsfunctionaris", "Zorgcoördinator").
    verantwoordelijke_label: str = "Verantwoordelijk"
    # Further badges beside the status, as (label, soort): "Urgent", "Alleen lezen".
    kenmerken: list[tuple[str, str]] = field(default_factory=list)

    @property
    def badge(self) -> str:
        """The Utrecht status badge variant for ``status_soort``."""
        return badge(self.status_soort)

    @property
    def kenmerk_badges(self) -> list[tuple[str, str]]:
        """``kenmerken`` as (label, Utrecht status badge variant)."""
        return [(label, badge(soort)) for label, soort in self.kenmerken]

    @property
    def huidige_stap(self) -> Stap | None:
        return next((stap for stap in self.stappen if stap.stand == "huidig"), None)


@dataclass(frozen=True)
class Gebeurtenis:
    """One line of a case's timeline."""

    moment: datetime
    soort: str
    titel: str
    tekst: str = ""
    door: str = ""
    # Only the day is known (a phase started on a date): the timeline shows no time of day.
    alleen_datum: bool = False

    @property
    def soort_label(self) -> str:
        return SOORTEN.get(self.soort, self.soort.capitalize())


SOORTEN: dict[str, str] = {
    "notitie": "Notitie",
    "overgang": "Status",
    "doorverwijzing": "Doorverwijzing",
    "terugkoppeling": "Terugkoppeling",
    "tafelbesluit": "Besluit uit overleg",
    "registratie": "Registratie",
    "fase": "Fase",
    "zorgactie": "Zorgactie",
    "zorgoverleg": "Zorgoverleg",
    "wijziging": "Wijziging",
    "stapeling": "Stapeling",
}


def tijdlijn(*bronnen: Iterable[Gebeurtenis]) -> list[Gebeurtenis]:
    """The events of every source in one list, newest first; equal moments keep the order of
    the sources and within each source."""
    samen = [g for bron in bronnen for g in bron]
    # sorted is stable: reverse=True would reverse ties too, so sort on the negated position.
    volgorde = sorted(enumerate(samen), key=lambda paar: (paar[1].moment, -paar[0]), reverse=True)
    return [g for _, g in volgorde]


__all__ = [
    "Dossierkop",
    "Gebeurtenis",
    "Sectie",
    "Stap",
    "Volgende",
    "badge",
    "stappen",
    "tijdlijn",
]
