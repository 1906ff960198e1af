"""The functioneel beheerder's writes on retention: a regio's own terms, and holds.

A term is set per regio and kind within the kind's bounds (``Bewaartermijn``); without one the
default applies. A hold (``Bewaarblokkade``) keeps a record past its term until its end date;
the functioneel beheerder places one, or approves one that the aandachtsfunctionaris or
zorgcoördinator of the record asked for. Every step is in the access log and the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.bewaartermijnen import STANDAARD, Termijnsoort, maanden_tekst
from mensenhandel.bewaren import bewaarregels
from mensenhandel.models import Bewaarblokkade, Bewaartermijn, Gebruiker, Regio, Rol, ToegangsLog
from mensenhandel.services import toegang_loggen

__all__ = [
    "Blokkeerbaar",
    "bewaartermijn_instellen",
    "blokkade_aanvragen",
    "blokkade_beoordelen",
    "blokkade_opheffen",
    "blokkade_plaatsen",
    "blokkades_van",
    "blokkeerbaar_op_referentie",
]

# A hold is for a running matter (a criminal case, a complaint): at most this far ahead.
LANGSTE_BLOKKADE = timedelta(days=10 * 366)


def _beheerder(door: Gebruiker) -> None:
    if door.rol != Rol.FUNCTIONEEL_BEHEERDER:
        raise Geweigerd("Alleen een functioneel beheerder kan dit.")


@transaction.atomic
def bewaartermijn_instellen(
    *,
    door: Gebruiker,
    regio: Regio,
    soort: str,
    maanden: int | None,
    toelichting: str,
    request: HttpRequest | None = None,
) -> Bewaartermijn | None:
    """Give a regio its own term for one kind (``maanden``), or back to the default (None)."""
    _beheerder(door)
    if soort not in Termijnsoort.values:
        raise ValidationError({"soort": "Kies een soort gegevens uit de lijst."})
    termijnsoort = Termijnsoort(soort)
    bestaand = Bewaartermijn.objects.select_for_update().filter(regio=regio, soort=termijnsoort).first()
    if maanden is None:
        if bestaand is not None:
            bestaand.delete()
        wat = f"standaard ({maanden_tekst(STANDAARD[termijnsoort].maanden)})"
        termijn = None
    else:
        if not toelichting.strip():
            raise ValidationError(
                {
                    "toelichting": (
                        "Geef de grond voor deze termijn, bijvoorbeeld het besluit van de stuurgroep."
                    )
                }
            )
        termijn = bestaand or Bewaartermijn(regio=regio, soort=termijnsoort)
        termijn.maanden, termijn.toelichting = maanden, toelichting.strip()
        termijn.gewijzigd_door, termijn.gewijzigd_op = door, timezone.now()
        termijn.full_clean(exclude=["regio", "gewijzigd_door"])
        termijn.save()
        wat = maanden_tekst(maanden)
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.BEHEER,
        object_type="mensenhandel.Regio",
        object_id=str(regio.uuid),
        toelichting=f"bewaartermijn {termijnsoort.value}: {wat}",
    )
    return termijn


# --- Holds ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Blokkeerbaar:
    """A record a hold can name: its model label, uuid and reference as the users know it."""

    object_type: str
    object_uuid: UUID
    referentie: str


def blokkeerbaar_op_referentie(referentie: str) -> Blokkeerbaar | None:
    """The signal (by reference) or client (by dossier number) a beheerder means, if any."""
    tekst = referentie.strip().upper()
    for regel in bewaarregels():
        record = regel.zoeken(tekst) if regel.zoeken is not None else None
        if record is not None:
            return Blokkeerbaar(regel.label, record.uuid, regel.referentie(record))
    return None


def _blokkade_controleren(reden: str, tot: date | None) -> dict[str, str]:
    fouten = {}
    if not reden.strip():
        fouten["reden"] = "Geef de reden van de blokkade, bijvoorbeeld een lopend strafrechtelijk onderzoek."
    vandaag = timezone.localdate()
    if tot is None:
        fouten["tot"] = "Kies tot wanneer de gegevens bewaard moeten blijven."
    elif tot <= vandaag:
        fouten["tot"] = "Kies een einddatum in de toekomst."
    elif tot > vandaag + LANGSTE_BLOKKADE:
        fouten["tot"] = "Een blokkade duurt hoogstens tien jaar; verleng haar later zo nodig."
    return fouten


def _loggen(request: HttpRequest | None, door: Gebruiker, blokkade: Bewaarblokkade, wat: str) -> None:
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.BEHEER,
        object_type="mensenhandel.Bewaarblokkade",
        object_id=str(blokkade.uuid),
        toelichting=f"blokkade {wat}: {blokkade.object_type} {blokkade.referentie}",
    )


@transaction.atomic
def blokkade_plaatsen(
    *, door: Gebruiker, referentie: str, reden: str, tot: date | None, request: HttpRequest | None = None
) -> Bewaarblokkade:
    """The beheerder places a hold on a record named by its reference; it holds at once."""
    _beheerder(door)
    fouten = _blokkade_controleren(reden, tot)
    doel = blokkeerbaar_op_referentie(referentie) if referentie.strip() else None
    if doel is None:
        fouten["referentie"] = (
            "Vul de referentie van een signaal (zoals 2026-0042) of het dossiernummer van een cliënt in "
            "waarvan de gegevens nog bestaan."
        )
    if fouten or doel is None or tot is None:
        raise ValidationError(fouten)
    nu = timezone.now()
    blokkade = Bewaarblokkade.objects.create(
        object_type=doel.object_type,
        object_uuid=doel.object_uuid,
        referentie=doel.referentie,
        reden=reden.strip(),
        tot=tot,
        status=Bewaarblokkade.Status.ACTIEF,
        aangevraagd_door=door,
        aangevraagd_op=nu,
        beoordeeld_door=door,
        beoordeeld_op=nu,
    )
    _loggen(request, door, blokkade, "geplaatst")
    return blokkade


@transaction.atomic
def blokkade_aanvragen(
    *,
    door: Gebruiker,
    doel: Blokkeerbaar,
    reden: str,
    tot: date | None,
    request: HttpRequest | None = None,
) -> Bewaarblokkade:
    """The AF or ZC of a record asks the beheerder to hold it (the view checks the record is theirs)."""
    fouten = _blokkade_controleren(reden, tot)
    if fouten or tot is None:
        raise ValidationError(fouten)
    if Bewaarblokkade.objects.filter(
        object_type=doel.object_type,
        object_uuid=doel.object_uuid,
        status=Bewaarblokkade.Status.AANGEVRAAGD,
    ).exists():
        raise Geweigerd(
            "Voor dit gegeven is al een blokkade aangevraagd; de functioneel beheerder beoordeelt haar."
        )
    blokkade = Bewaarblokkade.objects.create(
        object_type=doel.object_type,
        object_uuid=doel.object_uuid,
        referentie=doel.referentie,
        reden=reden.strip(),
        tot=tot,
        status=Bewaarblokkade.Status.AANGEVRAAGD,
        aangevraagd_door=door,
    )
    _loggen(request, door, blokkade, "aangevraagd")
    return blokkade


def _vergrendeld(blokkade: Bewaarblokkade, *statussen: str) -> Bewaarblokkade:
    vers = Bewaarblokkade.objects.select_for_update().get(pk=blokkade.pk)
    if vers.status not in statussen:
        raise Geweigerd(f"Deze blokkade is al {vers.get_status_display().lower()}.")
    return vers


@transaction.atomic
def blokkade_beoordelen(
    *, door: Gebruiker, blokkade: Bewaarblokkade, goedkeuren: bool, request: HttpRequest | None = None
) -> Bewaarblokkade:
    """The beheerder approves (it holds from now) or declines a requested hold."""
    _beheerder(door)
    blokkade = _vergrendeld(blokkade, Bewaarblokkade.Status.AANGEVRAAGD)
    blokkade.status = Bewaarblokkade.Status.ACTIEF if goedkeuren else Bewaarblokkade.Status.AFGEWEZEN
    blokkade.beoordeeld_door, blokkade.beoordeeld_op = door, timezone.now()
    blokkade.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op"])
    _loggen(request, door, blokkade, "goedgekeurd" if goedkeuren else "afgewezen")
    return blokkade


@transaction.atomic
def blokkade_opheffen(
    *, door: Gebruiker, blokkade: Bewaarblokkade, request: HttpRequest | None = None
) -> Bewaarblokkade:
    """The beheerder lifts an active hold before its end date; the term applies again."""
    _beheerder(door)
    blokkade = _vergrendeld(blokkade, Bewaarblokkade.Status.ACTIEF)
    blokkade.status = Bewaarblokkade.Status.OPGEHEVEN
    blokkade.beoordeeld_door, blokkade.beoordeeld_op = door, timezone.now()
    blokkade.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op"])
    _loggen(request, door, blokkade, "opgeheven")
    return blokkade


def blokkades_van(doel: Any) -> list[Bewaarblokkade]:
    """The holds that name a record (for its page)."""
    return list(
        Bewaarblokkade.objects.filter(object_type=doel._meta.label_lower, object_uuid=doel.uuid).order_by(
            "-aangevraagd_op"
        )
    )
