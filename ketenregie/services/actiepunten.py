"""Action points of a meeting or of a knelpunt: who does what by when, and what became of it.

Only the ketenregisseur of the meeting's or knelpunt's regio writes them.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from ketenregie.models import Actiepunt, Actiestatus, Knelpunt, Overleg
from ketenregie.selectors.actiepunten import mag_regio_bijhouden
from ketenregie.services.velden import invullen
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Regio

logger = logging.getLogger(__name__)

VELDEN = ["omschrijving", "eigenaar", "deadline", "status", "uitkomst"]

FOUT_OMSCHRIJVING = "Beschrijf de actie, zoals ‘Uitnodiging sturen aan de COA-locatie’."
FOUT_EIGENAAR = "Vul in wie de actie uitvoert: een persoon of organisatie."
FOUT_DEADLINE = "Vul de datum in waarop de actie uiterlijk klaar is."
FOUT_STATUS = "Kies een status uit de lijst."
FOUT_UITKOMST = "Schrijf kort wat ervan is gekomen, zodat het overleg het kan nalezen."
WEIGERING = "Alleen de ketenregisseur van deze regio legt actiepunten vast."


class NieuwActiepunt(TypedDict, total=False):
    """A new action point: what, who and by when (``ActiepuntForm.gegevens()``)."""

    omschrijving: str
    eigenaar: str
    deadline: date | None


class ActiepuntWijziging(TypedDict, total=False):
    """A change of an action point (``ActiepuntBijwerkenForm.gegevens()``); left out stays."""

    omschrijving: str
    eigenaar: str
    deadline: date | None
    status: str
    uitkomst: str


def _regio_van(overleg: Overleg | None, knelpunt: Knelpunt | None) -> Regio:
    if overleg is not None:
        return overleg.regio
    if knelpunt is None:
        raise ValueError("Een actiepunt hoort bij een overleg of bij een knelpunt.")
    return knelpunt.regio


def _valideren(actiepunt: Actiepunt) -> None:
    fouten: dict[str, str] = {}
    if not actiepunt.omschrijving:
        fouten["omschrijving"] = FOUT_OMSCHRIJVING
    if not actiepunt.eigenaar:
        fouten["eigenaar"] = FOUT_EIGENAAR
    if not isinstance(actiepunt.deadline, date):
        fouten["deadline"] = FOUT_DEADLINE
    if actiepunt.status not in Actiestatus.values:
        fouten["status"] = FOUT_STATUS
    elif actiepunt.status != Actiestatus.OPEN and not actiepunt.uitkomst:
        fouten["uitkomst"] = FOUT_UITKOMST
    if fouten:
        raise ValidationError(fouten)
    actiepunt.full_clean(exclude=["overleg", "knelpunt", "uuid"], validate_constraints=False)


def actiepunt_toevoegen(
    *,
    door: Gebruiker,
    gegevens: NieuwActiepunt,
    overleg: Overleg | None = None,
    knelpunt: Knelpunt | None = None,
) -> Actiepunt:
    """Add an open action point to a meeting or to a knelpunt (exactly one of the two)."""
    if (overleg is None) == (knelpunt is None):
        raise ValueError("Een actiepunt hoort bij een overleg of bij een knelpunt.")
    if not mag_regio_bijhouden(door, _regio_van(overleg, knelpunt)):
        raise Geweigerd(WEIGERING)
    actiepunt = Actiepunt(overleg=overleg, knelpunt=knelpunt, status=Actiestatus.OPEN)
    invullen(actiepunt, ("omschrijving", "eigenaar", "deadline"), gegevens)
    _valideren(actiepunt)
    with transaction.atomic():
        actiepunt._history_user = door  # type: ignore[attr-defined]
        actiepunt.save()
    logger.info("actiepunt toegevoegd id=%s door=%s", actiepunt.pk, door.pk)
    return actiepunt


def actiepunt_eenmalig_toevoegen(
    *,
    door: Gebruiker,
    gegevens: NieuwActiepunt,
    overleg: Overleg | None = None,
    knelpunt: Knelpunt | None = None,
) -> tuple[Actiepunt, bool]:
    """Add an action point unless the same one is there; returns (action point, new).

    The same action (text, owner and due date) on the same meeting or knelpunt is a
    double submit: the first one is returned and nothing is added. The parent row is
    locked, so two submits at the same moment cannot both add it.
    """
    if (overleg is None) == (knelpunt is None):
        raise ValueError("Een actiepunt hoort bij een overleg of bij een knelpunt.")
    if not mag_regio_bijhouden(door, _regio_van(overleg, knelpunt)):
        raise Geweigerd(WEIGERING)
    with transaction.atomic():
        if overleg is not None:
            overleg = Overleg.objects.select_for_update().select_related("regio").get(pk=overleg.pk)
        elif knelpunt is not None:
            knelpunt = Knelpunt.objects.select_for_update().select_related("regio").get(pk=knelpunt.pk)
        omschrijving = str(gegevens.get("omschrijving") or "").strip()
        eigenaar = str(gegevens.get("eigenaar") or "").strip()
        deadline = gegevens.get("deadline")
        if omschrijving and eigenaar and isinstance(deadline, date):
            bestaand = Actiepunt.objects.filter(
                overleg=overleg,
                knelpunt=knelpunt,
                omschrijving=omschrijving,
                eigenaar=eigenaar,
                deadline=deadline,
            ).first()
            if bestaand is not None:
                return bestaand, False
        return actiepunt_toevoegen(door=door, gegevens=gegevens, overleg=overleg, knelpunt=knelpunt), True


def actiepunt_bijwerken(*, door: Gebruiker, actiepunt: Actiepunt, gegevens: ActiepuntWijziging) -> Actiepunt:
    """Change an action point: its status, outcome, owner, due date or text.

    Closing one (afgerond, vervallen) needs a word on what became of it.
    """
    with transaction.atomic():
        actueel = (
            Actiepunt.objects.select_for_update(of=("self",))
            .select_related("overleg", "knelpunt")
            .get(pk=actiepunt.pk)
        )
        if not mag_regio_bijhouden(door, _regio_van(actueel.overleg, actueel.knelpunt)):
            raise Geweigerd(WEIGERING)
        invullen(actueel, VELDEN, gegevens)
        _valideren(actueel)
        actueel._history_user = door  # type: ignore[attr-defined]
        actueel.save()
    return actueel
