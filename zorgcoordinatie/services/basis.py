"""What the services of zorgcoördinatie share: who may act, saving with history, and the
trajectory's lock, version and validation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from mensenhandel.acties import Geweigerd, VersieConflict
from mensenhandel.inzage import beperkt_melding
from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.toegang import heeft_rol, regios_van
from zorgcoordinatie.models import Client, Traject
from zorgcoordinatie.selectors import mag_traject_bewerken
from zorgcoordinatie.services.gegevens import VORMVELDEN


def drie_maanden_na(begin: date) -> date:
    """The end of a bedenktijd: three calendar months after its start."""
    maand = begin.month + 3
    jaar, maand = begin.year + (maand - 1) // 12, (maand - 1) % 12 + 1
    for dag in (begin.day, 30, 29, 28):
        try:
            return date(jaar, maand, dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _zc_van_regio(door: Gebruiker, regio: Regio | None) -> Regio:
    """The regio, if ``door`` is a zorgcoördinator of it; refused otherwise."""
    if (
        regio is None
        or not heeft_rol(door, Rol.ZORGCOORDINATOR)
        or not regios_van(door).filter(pk=regio.pk).exists()
    ):
        raise Geweigerd("Alleen een zorgcoördinator van deze regio kan dit doen.")
    return regio


def _opslaan(obj: Any, door: Gebruiker, velden: list[str] | None = None, *, uniek: bool = True) -> None:
    """Validate and save, with ``door`` in the history; ``uniek=False`` leaves uniqueness
    to the database (a form token racing in twice)."""
    obj._history_user = door
    obj.full_clean(validate_unique=uniek)
    obj.save(update_fields=velden) if velden else obj.save()


def _achtervang_controleren(achtervang: Gebruiker | None, verantwoordelijke: Gebruiker, regio: Regio) -> None:
    if achtervang is not None and (
        achtervang.pk == verantwoordelijke.pk
        or not heeft_rol(achtervang, Rol.ZORGCOORDINATOR)
        or not regios_van(achtervang).filter(pk=regio.pk).exists()
    ):
        raise ValidationError(
            {"achtervang": "Kies als achtervang een andere zorgcoördinator van deze regio."}
        )


def beperking_controleren(client: Client) -> None:
    """Refuse any change while the client's processing is restricted (art. 18 AVG)."""
    if client.verwerking_beperkt_op is not None:
        raise Geweigerd(beperkt_melding("deze cliënt", client.verwerking_beperkt_op))


def _traject_vergrendeld(traject: Traject, door: Gebruiker, versie: int | None = None) -> Traject:
    beperking_controleren(traject.client)
    if not mag_traject_bewerken(door, traject):
        raise Geweigerd("Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt dit traject.")
    actueel = Traject.objects.select_for_update().select_related("client").get(pk=traject.pk)
    if versie is not None and actueel.versie != versie:
        raise VersieConflict(
            "Iemand anders heeft dit traject intussen gewijzigd. Uw invoer staat hieronder nog; "
            "bekijk de nieuwe versie en voer uw wijziging opnieuw in."
        )
    return actueel


def _traject_opslaan(traject: Traject, door: Gebruiker) -> None:
    traject.versie += 1
    traject.gewijzigd_op = timezone.now()
    _traject_valideren(traject)
    _opslaan(traject, door)


def _niet_afgesloten(traject: Traject) -> None:
    if traject.afgesloten_op:
        raise Geweigerd("Dit traject is afgesloten. Heropen het eerst.")


def _traject_valideren(traject: Traject) -> None:
    fouten: dict[str, str] = {}
    vandaag = timezone.localdate()
    paren = [
        ("opvang_start", "opvang_eind", "De opvang kan niet eindigen vóór zij begint."),
        ("bedenktijd_start", "bedenktijd_eind", "De bedenktijd kan niet eindigen vóór zij begint."),
        ("intake_start", "intake_eind", "De intake kan niet eindigen vóór zij begint."),
        ("hulpverlening_start", "hulpverlening_eind", "De hulpverlening kan niet eindigen vóór zij begint."),
    ]
    for begin, eind, melding in paren:
        b, e = getattr(traject, begin), getattr(traject, eind)
        if b and e and e < b:
            fouten[eind] = melding
    if (
        traject.bedenktijd_start
        and traject.bedenktijd_eind
        and "bedenktijd_eind" not in fouten
        and traject.bedenktijd_eind > drie_maanden_na(traject.bedenktijd_start)
    ):
        fouten["bedenktijd_eind"] = "De bedenktijd duurt ten hoogste drie maanden."
    if traject.verblijf == Traject.Verblijf.BEDENKTIJD and not traject.bedenktijd_start:
        fouten["bedenktijd_start"] = "Vul in wanneer de bedenktijd is ingegaan."
    if traject.opvang and not traject.opvang_start:
        fouten["opvang_start"] = "Vul in sinds wanneer de cliënt in deze opvang verblijft."
    if traject.strafrecht == Traject.Strafrecht.AANGIFTE and not traject.aangifte_op:
        fouten["aangifte_op"] = "Vul de datum van de aangifte in."
    for veld in (
        "aangifte_op",
        "geinformeerd_verblijfsrecht_op",
        "geinformeerd_strafrecht_op",
        "geinformeerd_zorg_op",
    ):
        waarde = getattr(traject, veld)
        if waarde and waarde > vandaag:
            fouten[veld] = "Deze datum ligt in de toekomst."
    if not any(getattr(traject, v) for v in VORMVELDEN):
        fouten["vorm_onbekend"] = "Kies minstens één vorm van uitbuiting, of 'Onbekend'."
    if fouten:
        raise ValidationError(fouten)
