"""Decisions of chain meetings (regietafel, drieluik) written onto a signal's timeline."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Rol
from mensenhandel.toegang import heeft_rol
from signalen.models import Gebeurtenis, Overlegbesluit, Signaal, Status
from signalen.selectors import mag_bewerken, signalen_in_regio_voor_kr
from signalen.services.basis import gebeurtenis, logger, namens, nieuws_melden

WEIGERING_OVERLEGBESLUIT = (
    "Alleen de ketenregisseur van de regio of een aandachtsfunctionaris van de gemeente legt "
    "een besluit over dit signaal vast."
)


def mag_overlegbesluit_vastleggen(gebruiker: Gebruiker, signaal: Signaal) -> bool:
    """The KR of a regio holding the signal's gemeente (casework or not), or its AF."""
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return signalen_in_regio_voor_kr(gebruiker).filter(pk=signaal.pk).exists()
    return mag_bewerken(gebruiker, signaal)


def overlegbesluit_vastleggen(
    *, signaal: Signaal, door: Gebruiker, overleg: str, datum: date, besluit: str
) -> Overlegbesluit:
    """Write a decision taken at a regietafel or drieluik onto the signal's timeline.

    The ketenregisseur chairs the table and may record it without reading the signal:
    the decision is theirs, the signal's content stays out of reach.
    """
    if not mag_overlegbesluit_vastleggen(door, signaal):
        raise Geweigerd(WEIGERING_OVERLEGBESLUIT)
    if signaal.status == Status.AFGESLOTEN:
        raise Geweigerd(
            "Bij een afgesloten signaal kan geen besluit worden vastgelegd. Laat het eerst heropenen."
        )
    fouten = {}
    if not besluit.strip():
        fouten["besluit"] = "Schrijf op wat het overleg over dit signaal heeft besloten."
    if datum is None:
        fouten["datum"] = "Vul de datum van het overleg in."
    elif datum > timezone.localdate():
        fouten["datum"] = "Een besluit kan niet in de toekomst zijn genomen."
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        vastgelegd = Overlegbesluit(
            signaal=signaal, overleg=overleg[:100], datum=datum, besluit=besluit.strip(), vastgelegd_door=door
        )
        vastgelegd.full_clean()
        namens(vastgelegd, door)
        vastgelegd.save()
        gebeurtenis(
            signaal, door, f"Besluit {overleg[:100]}: {besluit.strip()}", soort=Gebeurtenis.Soort.TAFELBESLUIT
        )
        nieuws_melden(signaal, door)
    logger.info("overlegbesluit signaal=%s door=%s", signaal.pk, door.pk)
    return vastgelegd
