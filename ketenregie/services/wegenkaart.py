"""Every write of the wegenkaart: partners and their contact persons.

Only a ketenregisseur (for partners serving one of their regio's) or the functional
administrator writes here. Invalid input raises ``ValidationError`` with Dutch messages
per field; a refused step raises ``Geweigerd``. History records who did it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction

from ketenregie.models import Contactpersoon, Partner, Soort
from ketenregie.selectors.wegenkaart import BEWERKERS, mag_partner_bewerken
from ketenregie.services.velden import invullen
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.toegang import heeft_rol, regios_van

logger = logging.getLogger(__name__)


PARTNERVELDEN = [
    "naam",
    "soort",
    "wat_kunnen_zij",
    "telefoon",
    "email",
    "meldpunt",
    "buiten_kantoortijd",
    "actief",
]
CONTACTVELDEN = ["naam", "functie", "telefoon", "email"]

FOUT_TELEFOON = (
    "Vul een geldig telefoonnummer in: cijfers, eventueel met spaties, streepjes of een + ervoor, "
    "zoals 035 123 4567 of 0800-1234."
)
FOUT_EMAIL = "Vul een geldig e-mailadres in, zoals naam@organisatie.nl."
FOUT_BEREIKBAAR = (
    "Vul ten minste één manier in om deze partner te bereiken: telefoonnummer, e-mailadres of meldpunt."
)
FOUT_CONTACT_BEREIKBAAR = "Vul een telefoonnummer of e-mailadres van de contactpersoon in."
FOUT_GEEN_EIGEN_REGIO = "Kies ten minste één van uw eigen regio's die deze partner bedient."
FOUT_ANDERE_REGIO = "U kunt alleen uw eigen regio's koppelen."
WEIGERING = "Alleen de ketenregisseur of de functioneel beheerder kan de wegenkaart bijwerken."
WEIGERING_PARTNER = "U kunt alleen partners bijwerken die een van uw regio's bedienen."

TELEFOON = re.compile(r"^\+?[0-9][0-9 ()-]*[0-9]$")
_email = EmailValidator(FOUT_EMAIL)


class PartnerGegevens(TypedDict, total=False):
    """A partner as its form gives it (``PartnerForm.gegevens()``); left out stays as it is."""

    naam: str
    soort: str
    wat_kunnen_zij: str
    telefoon: str
    email: str
    meldpunt: str
    buiten_kantoortijd: str
    actief: bool


class ContactGegevens(TypedDict, total=False):
    """A contact person as its form gives it (``ContactpersoonForm.gegevens()``)."""

    naam: str
    functie: str
    telefoon: str
    email: str


def _dubbel(naam: str, soort: str) -> str:
    return (
        f"Er staat al een partner met de naam ‘{naam}’ bij de soort {Soort(soort).label}. "
        "Pas die aan in plaats van een nieuwe te maken."
    )


def _telefoon_geldig(waarde: str) -> bool:
    cijfers = sum(c.isdigit() for c in waarde)
    return bool(TELEFOON.match(waarde)) and 3 <= cijfers <= 15


def _bereikbaarheid(obj: Partner | Contactpersoon, fouten: dict[str, list[str]]) -> None:
    if obj.telefoon and not _telefoon_geldig(obj.telefoon):
        fouten.setdefault("telefoon", []).append(FOUT_TELEFOON)
    if obj.email:
        try:
            _email(obj.email)
        except ValidationError:
            fouten.setdefault("email", []).append(FOUT_EMAIL)


def _invullen(
    obj: Partner | Contactpersoon, velden: list[str], gegevens: PartnerGegevens | ContactGegevens
) -> None:
    invullen(obj, velden, gegevens)
    if obj.email:
        obj.email = obj.email.lower()


def _model_fouten(obj: Partner | Contactpersoon, exclude: list[str], fouten: dict[str, list[str]]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as fout:
        for veld, meldingen in fout.message_dict.items():
            if veld not in fouten:  # our own message on a field wins
                fouten[veld] = meldingen


def _regios_bepalen(door: Gebruiker, partner: Partner | None, gekozen: set[Regio]) -> set[Regio]:
    """The partner's regio's after this change; a KR only touches their own."""
    if heeft_rol(door, Rol.FUNCTIONEEL_BEHEERDER):
        return gekozen
    eigen = set(regios_van(door, Rol.KETENREGISSEUR))
    if gekozen - eigen:
        raise ValidationError({"regios": FOUT_ANDERE_REGIO})
    if not gekozen:
        raise ValidationError({"regios": FOUT_GEEN_EIGEN_REGIO})
    anderen = set(partner.regios.all()) - eigen if partner is not None and partner.pk else set()
    return gekozen | anderen


def partner_opslaan(
    *, door: Gebruiker, partner: Partner | None = None, gegevens: PartnerGegevens, regios: Iterable[Regio]
) -> Partner:
    """Create (``partner=None``) or change a partner, with the regio's it serves."""
    if not heeft_rol(door, *BEWERKERS):
        raise Geweigerd(WEIGERING)
    if partner is not None and not mag_partner_bewerken(door, partner):
        raise Geweigerd(WEIGERING_PARTNER)
    nieuw = partner is None
    obj = Partner() if partner is None else Partner.objects.get(pk=partner.pk)
    _invullen(obj, PARTNERVELDEN, gegevens)

    fouten: dict[str, list[str]] = {}
    try:
        definitieve_regios = _regios_bepalen(door, obj if not nieuw else None, set(regios))
    except ValidationError as fout:
        fouten.update(fout.message_dict)
        definitieve_regios = set()
    _bereikbaarheid(obj, fouten)
    if not (obj.telefoon or obj.email or obj.meldpunt):
        fouten.setdefault("telefoon", []).append(FOUT_BEREIKBAAR)
    if obj.naam and obj.soort:
        dubbel = Partner.objects.filter(naam__iexact=obj.naam, soort=obj.soort).exclude(pk=obj.pk)
        if dubbel.exists():
            fouten.setdefault("naam", []).append(_dubbel(obj.naam, obj.soort))
    _model_fouten(obj, ["regios", "uuid"], fouten)
    if fouten:
        raise ValidationError(fouten)

    try:
        with transaction.atomic():
            obj._history_user = door  # type: ignore[attr-defined]
            obj.save()
            if set(obj.regios.all()) != definitieve_regios:
                obj.regios.set(definitieve_regios)
    except IntegrityError:
        # Another user saved the same name and soort at the same moment.
        raise ValidationError({"naam": _dubbel(obj.naam, obj.soort)}) from None
    logger.info("partner %s id=%s door=%s", "aangemaakt" if nieuw else "gewijzigd", obj.pk, door.pk)
    return obj


def _contact_valideren(obj: Contactpersoon) -> None:
    fouten: dict[str, list[str]] = {}
    _bereikbaarheid(obj, fouten)
    if not (obj.telefoon or obj.email):
        fouten.setdefault("telefoon", []).append(FOUT_CONTACT_BEREIKBAAR)
    _model_fouten(obj, ["partner", "uuid"], fouten)
    if fouten:
        raise ValidationError(fouten)


def contactpersoon_opslaan(
    *,
    door: Gebruiker,
    partner: Partner,
    gegevens: ContactGegevens,
    contactpersoon: Contactpersoon | None = None,
) -> Contactpersoon:
    """Add a contact person to a partner, or change one."""
    if not heeft_rol(door, *BEWERKERS):
        raise Geweigerd(WEIGERING)
    if not mag_partner_bewerken(door, partner):
        raise Geweigerd(WEIGERING_PARTNER)
    obj = contactpersoon or Contactpersoon(partner=partner)
    if obj.partner_id != partner.pk:
        raise Geweigerd("Deze contactpersoon hoort bij een andere partner.")
    _invullen(obj, CONTACTVELDEN, gegevens)
    _contact_valideren(obj)
    with transaction.atomic():
        obj._history_user = door  # type: ignore[attr-defined]
        obj.save()
    return obj


def contactpersoon_verwijderen(*, door: Gebruiker, contactpersoon: Contactpersoon) -> None:
    """Remove a contact person; the history keeps who removed them."""
    if not heeft_rol(door, *BEWERKERS):
        raise Geweigerd(WEIGERING)
    if not mag_partner_bewerken(door, contactpersoon.partner):
        raise Geweigerd(WEIGERING_PARTNER)
    with transaction.atomic():
        contactpersoon._history_user = door  # type: ignore[attr-defined]
        contactpersoon.delete()
