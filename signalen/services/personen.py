"""The persons involved in a signal: their checks, adding, changing and removing them.

Every change of a person renews its identifiers and runs stacking again.
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.inzage import CORRECTIE
from mensenhandel.models import Gebruiker
from signalen import normalisatie
from signalen.models import BetrokkenPersoon, Gebeurtenis, Signaal
from signalen.services.basis import gebeurtenis, namens, niet_afgesloten, opslaan, vergrendeld
from signalen.services.gegevens import PERSOONVELDEN, PersoonGegevens
from signalen.services.stapeling import (
    Treffers,
    identificatoren_bijwerken,
    stapelen,
    stapellimiet_controleren,
)

WIJZIGING = Gebeurtenis.Soort.WIJZIGING


def persoon_valideren(persoon: BetrokkenPersoon) -> None:
    """The checks on a person's data that need more than a field (dates, phone number)."""
    fouten: dict[str, str] = {}
    vandaag = timezone.localdate()
    if persoon.geboortedatum:
        if persoon.geboortedatum > vandaag:
            fouten["geboortedatum"] = "Een geboortedatum kan niet in de toekomst liggen."
        elif persoon.geboortedatum.year < vandaag.year - 110:
            fouten["geboortedatum"] = "Deze geboortedatum is niet aannemelijk; controleer het jaar."
    if persoon.geschatte_leeftijd is not None and persoon.geschatte_leeftijd > 110:
        fouten["geschatte_leeftijd"] = "Vul een leeftijd tussen 0 en 110 in."
    if persoon.telefoon and normalisatie.telefoon(persoon.telefoon) is None:
        fouten["telefoon"] = "Dit telefoonnummer klopt niet. Vul het in zoals 06 12345678 of +48 601 234 567."
    if fouten:
        raise ValidationError(fouten)


def persoon_opslaan(
    persoon: BetrokkenPersoon, gegevens: PersoonGegevens, door: Gebruiker, *, correctie: bool = False
) -> BetrokkenPersoon:
    """Check and save one person (only the fields given), and renew its identifiers.

    ``correctie``: at the person's request (art. 16 AVG); the history records it as such."""
    waarden = cast(dict[str, object], gegevens)
    for veld in PERSOONVELDEN:
        if veld in waarden:
            setattr(persoon, veld, waarden[veld] if waarden[veld] is not None else _leeg(veld))
    persoon_valideren(persoon)
    # The signal is the caller's (created or locked by it) and the uuid new or unchanged: not
    # looked up again.
    persoon.full_clean(exclude=["signaal", "uuid"])
    namens(persoon, door)
    if correctie:
        persoon._change_reason = CORRECTIE  # type: ignore[attr-defined]  # read by simple_history
    nieuw = persoon._state.adding
    persoon.save()
    identificatoren_bijwerken(persoon, nieuw=nieuw)
    return persoon


def _leeg(veld: str) -> str | None:
    return None if veld in ("geboortedatum", "geschatte_leeftijd") else ""


def persoon_toevoegen(
    *, signaal: Signaal, door: Gebruiker, gegevens: PersoonGegevens
) -> tuple[BetrokkenPersoon, Treffers]:
    stapellimiet_controleren(door)
    with transaction.atomic():
        actueel = vergrendeld(signaal, door)
        niet_afgesloten(actueel)
        persoon = persoon_opslaan(BetrokkenPersoon(signaal=actueel), gegevens, door)
        opslaan(actueel, ["versie"], door)
        gebeurtenis(
            actueel,
            door,
            f"Betrokken persoon toegevoegd ({persoon.get_soort_display().lower()})",
            soort=WIJZIGING,
        )
        stapeling = stapelen(actueel, door)
    return persoon, stapeling


def persoon_bijwerken(
    *, persoon: BetrokkenPersoon, door: Gebruiker, gegevens: PersoonGegevens, correctie: bool = False
) -> tuple[BetrokkenPersoon, Treffers]:
    stapellimiet_controleren(door)
    with transaction.atomic():
        actueel = vergrendeld(persoon.signaal, door)
        niet_afgesloten(actueel)
        persoon = BetrokkenPersoon.objects.select_for_update().get(pk=persoon.pk, signaal=actueel)
        persoon_opslaan(persoon, gegevens, door, correctie=correctie)
        opslaan(actueel, ["versie"], door)
        gebeurtenis(
            actueel,
            door,
            "Gegevens van een betrokken persoon gecorrigeerd op verzoek van de betrokkene (art. 16 AVG)"
            if correctie
            else "Gegevens van een betrokken persoon gewijzigd",
            soort=WIJZIGING,
        )
        stapeling = stapelen(actueel, door)
    return persoon, stapeling


def persoon_verwijderen(*, persoon: BetrokkenPersoon, door: Gebruiker) -> None:
    with transaction.atomic():
        actueel = vergrendeld(persoon.signaal, door)
        niet_afgesloten(actueel)
        te_verwijderen = BetrokkenPersoon.objects.get(pk=persoon.pk, signaal=actueel)
        namens(te_verwijderen, door)
        te_verwijderen.delete()
        opslaan(actueel, ["versie"], door)
        gebeurtenis(actueel, door, "Betrokken persoon verwijderd", soort=WIJZIGING)
        stapelen(actueel, door, treffers_loggen=False)
