"""What every signal service shares: the timeline entry, the row lock with its access
check, the version check and the save that counts the version up.
"""

from __future__ import annotations

import logging

from django.db.models import Model
from django.utils import timezone

from mensenhandel.acties import Geweigerd, VersieConflict
from mensenhandel.inzage import beperkt_melding
from mensenhandel.models import Gebruiker
from signalen.models import Gebeurtenis, Signaal, Status
from signalen.selectors import mag_bewerken

# One logger for all of signalen's services, under the name it always had.
logger = logging.getLogger("signalen.services")


def namens(record: Model, door: Gebruiker) -> None:
    """Record ``door`` as the author of the record's next history entry, also outside a
    request (tasks, commands)."""
    record._history_user = door  # type: ignore[attr-defined]  # simple_history reads it on save


def gebeurtenis(signaal: Signaal, door: Gebruiker | None, tekst: str, *, soort: str) -> None:
    """An entry on the signal's timeline, of the kind ``soort`` (``Gebeurtenis.Soort``)."""
    Gebeurtenis.objects.create(signaal=signaal, gebruiker=door, omschrijving=tekst[:300], soort=soort)


def nieuws_melden(signaal: Signaal, door: Gebruiker | None) -> None:
    """Feedback or a decision from someone other than the signal's owner: the owner's list
    marks the signal until they open it (issue 17). One query; none for the owner's own."""
    if door is None or door.pk != signaal.geregistreerd_door_id:
        Signaal.objects.filter(pk=signaal.pk).update(nieuws_op=timezone.now())


def gezien_door_eigenaar(signaal: Signaal, gebruiker: Gebruiker) -> None:
    """The owner opened the signal: its news is seen. A query only when there was news."""
    if gebruiker.pk == signaal.geregistreerd_door_id and signaal.nieuws_voor_eigenaar:
        signaal.eigenaar_gezien_op = timezone.now()
        Signaal.objects.filter(pk=signaal.pk).update(eigenaar_gezien_op=signaal.eigenaar_gezien_op)


def vergrendeld(signaal: Signaal, door: Gebruiker) -> Signaal:
    """Lock the row for this transaction, after checking the user may edit it."""
    if signaal.verwerking_beperkt_op is not None:
        raise Geweigerd(beperkt_melding("dit signaal", signaal.verwerking_beperkt_op))
    if not mag_bewerken(door, signaal):
        raise Geweigerd("U mag dit signaal niet wijzigen.")
    return Signaal.objects.select_for_update().get(pk=signaal.pk)


def niet_afgesloten(signaal: Signaal) -> None:
    if signaal.status == Status.AFGESLOTEN:
        raise Geweigerd("Een afgesloten signaal kan niet worden gewijzigd. Heropen het eerst.")


def versie_controleren(actueel: Signaal, versie: int | None) -> None:
    if versie is not None and actueel.versie != versie:
        raise VersieConflict(
            "Iemand anders heeft dit signaal intussen gewijzigd. Uw invoer staat hieronder nog; "
            "bekijk de nieuwe versie en voer uw wijziging opnieuw in."
        )


def opslaan(signaal: Signaal, velden: list[str] | None = None, door: Gebruiker | None = None) -> None:
    """Save the signal with its version counted up (only ``velden`` when given)."""
    if door is not None:
        namens(signaal, door)
    signaal.versie += 1
    signaal.gewijzigd_op = timezone.now()
    signaal.full_clean(exclude=["indicatoren"])
    if velden is None:
        signaal.save()
    else:
        signaal.save(update_fields=[*velden, "versie", "gewijzigd_op"])
