"""Every write of the basisniveau monitor.

The ketenregisseur of the regio and the aandachtsfunctionaris of the gemeente update a
gemeente's checks, all at once from one form. Only checks that changed are written (each
row keeps its own history, with who changed it); the whole update is one transaction.

Errors are keyed ``<punt>__<veld>`` (for example ``beleid_vastgesteld__datum``): the form
has one field per check and attribute, named that way.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ketenregie.models import Basisniveau, Basisniveaupunt, BasisniveauStatus
from ketenregie.selectors.basisniveau import versie_van
from ketenregie.selectors.netwerk import BIJHOUDERS, gemeenten_bij_te_houden
from mensenhandel.acties import Geweigerd, VersieConflict
from mensenhandel.models import Gebruiker, Gemeente
from mensenhandel.toegang import heeft_rol

logger = logging.getLogger(__name__)

VELDEN = ("status", "datum", "onderbouwing")
ONDERBOUWING_MAX: int = Basisniveau._meta.get_field("onderbouwing").max_length or 0
VROEGSTE_DATUM = date(1990, 1, 1)

WEIGERING = "Alleen een aandachtsfunctionaris of de ketenregisseur kan het basisniveau bijwerken."
WEIGERING_GEMEENTE = "U kunt alleen het basisniveau van uw eigen gemeente(n) bijwerken."

FOUT_STATUS = "Kies een status: voldaan, deels voldaan, niet voldaan of onbekend."
FOUT_ONDERBOUWING = (
    "Licht kort toe waaruit blijkt dat dit (deels) voldaan is, bijvoorbeeld een raadsbesluit, "
    "een intranetpagina of de datum van een training."
)
FOUT_ONDERBOUWING_LANG = f"Houd de onderbouwing kort: ten hoogste {ONDERBOUWING_MAX} tekens."
FOUT_TOEKOMST = "De datum kan niet in de toekomst liggen."
FOUT_TE_VROEG = "Deze datum ligt te ver terug; controleer het jaar."
FOUT_BELEID_DATUM = "Vul de datum in waarop het beleid is vastgesteld."
FOUT_ONBEKEND_PUNT = "Dit onderdeel hoort niet bij het basisniveau."


class PuntWaarden(TypedDict, total=False):
    """One check as the form gives it (``BasisniveauForm.punten()``)."""

    status: str
    datum: date | None
    onderbouwing: str


class BasisniveauGewijzigd(VersieConflict):
    """Someone else saved this gemeente's basisniveau after the form was opened."""

    def __init__(self, gemeente: Gemeente, versie: int) -> None:
        self.versie = versie
        super().__init__(
            f"Iemand anders heeft het basisniveau van {gemeente.naam} intussen bijgewerkt. Uw invoer "
            "staat hieronder nog; waar die afwijkt van wat nu is opgeslagen, staat de opgeslagen stand "
            "erbij. Controleer uw invoer en sla opnieuw op."
        )


def veldnaam(punt: str, veld: str) -> str:
    return f"{punt}__{veld}"


def gelijk_aan_opgeslagen(
    onderdeel: Basisniveau | None, status: str, datum: date | None, onderbouwing: str
) -> bool:
    if onderdeel is None:
        return status == BasisniveauStatus.ONBEKEND and datum is None and not onderbouwing
    return (onderdeel.status, onderdeel.datum, onderdeel.onderbouwing) == (status, datum, onderbouwing)


def punten_controleren(punten: Mapping[str, PuntWaarden]) -> None:
    """Check values without saving, so a form with other errors still shows these at once."""
    _valideren(punten, timezone.localdate())


def _valideren(punten: Mapping[str, PuntWaarden], vandaag: date) -> dict[str, tuple[str, date | None, str]]:
    """The checked values per punt, or ValidationError with every message at once."""
    fouten: dict[str, list[str]] = {}
    schoon: dict[str, tuple[str, date | None, str]] = {}
    for punt, waarden in punten.items():
        if punt not in Basisniveaupunt.values:
            fouten.setdefault("__all__", []).append(FOUT_ONBEKEND_PUNT)
            continue
        status = waarden.get("status") or ""
        datum = waarden.get("datum")
        onderbouwing = (waarden.get("onderbouwing") or "").strip()
        if status not in BasisniveauStatus.values:
            fouten[veldnaam(punt, "status")] = [FOUT_STATUS]
        if datum is not None and datum > vandaag:
            fouten[veldnaam(punt, "datum")] = [FOUT_TOEKOMST]
        elif datum is not None and datum < VROEGSTE_DATUM:
            fouten[veldnaam(punt, "datum")] = [FOUT_TE_VROEG]
        elif (
            datum is None
            and punt == Basisniveaupunt.BELEID_VASTGESTELD
            and status == BasisniveauStatus.VOLDAAN
        ):
            fouten[veldnaam(punt, "datum")] = [FOUT_BELEID_DATUM]
        if len(onderbouwing) > ONDERBOUWING_MAX:
            fouten[veldnaam(punt, "onderbouwing")] = [FOUT_ONDERBOUWING_LANG]
        elif not onderbouwing and status in (BasisniveauStatus.VOLDAAN, BasisniveauStatus.DEELS):
            fouten[veldnaam(punt, "onderbouwing")] = [FOUT_ONDERBOUWING]
        schoon[punt] = (status, datum, onderbouwing)
    if fouten:
        raise ValidationError(fouten)
    return schoon


def basisniveau_bijwerken(
    *,
    door: Gebruiker,
    gemeente: Gemeente,
    punten: Mapping[str, PuntWaarden],
    versie: int | None = None,
) -> int:
    """Update a gemeente's checks; returns how many changed.

    ``punten`` maps a check (``Basisniveaupunt``) to its ``status``, ``datum`` and
    ``onderbouwing``; checks left out stay as they are. With ``versie`` (from
    ``versie_van`` when the form was opened) a newer save by someone else raises
    ``BasisniveauGewijzigd`` instead of being overwritten.
    """
    if not heeft_rol(door, *BIJHOUDERS):
        raise Geweigerd(WEIGERING)
    if not gemeenten_bij_te_houden(door).filter(pk=gemeente.pk).exists():
        raise Geweigerd(WEIGERING_GEMEENTE)
    schoon = _valideren(punten, timezone.localdate())

    gewijzigd = 0
    try:
        with transaction.atomic():
            bestaand = {o.punt: o for o in Basisniveau.objects.select_for_update().filter(gemeente=gemeente)}
            te_schrijven = [
                (punt, waarden)
                for punt, waarden in schoon.items()
                if not gelijk_aan_opgeslagen(bestaand.get(punt), *waarden)
            ]
            # Nothing to write (a form sent twice, or saved unchanged) is never a conflict.
            if te_schrijven and versie is not None:
                actueel = versie_van(gemeente)
                if actueel != versie:
                    raise BasisniveauGewijzigd(gemeente, actueel)
            nu = timezone.now()
            for punt, (status, datum, onderbouwing) in te_schrijven:
                onderdeel = bestaand.get(punt) or Basisniveau(gemeente=gemeente, punt=punt)
                onderdeel.status = status
                onderdeel.datum = datum
                onderdeel.onderbouwing = onderbouwing
                onderdeel.bijgewerkt_door = door
                onderdeel.bijgewerkt_op = nu
                onderdeel._history_user = door  # type: ignore[attr-defined]
                onderdeel.save()
                gewijzigd += 1
    except IntegrityError:
        # Someone created the same check at the same moment: treat it as a newer save.
        raise BasisniveauGewijzigd(gemeente, versie_van(gemeente)) from None
    if gewijzigd:
        logger.info(
            "basisniveau bijgewerkt gemeente=%s onderdelen=%s door=%s", gemeente.pk, gewijzigd, door.pk
        )
    return gewijzigd
