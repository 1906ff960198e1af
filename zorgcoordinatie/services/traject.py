"""A trajectory: its pillars, its phases, closing and reopening."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Regio
from signalen import services as signalen_services
from zorgcoordinatie.models import Fase, Traject
from zorgcoordinatie.services.basis import (
    _achtervang_controleren,
    _niet_afgesloten,
    _traject_opslaan,
    _traject_vergrendeld,
    drie_maanden_na,
)
from zorgcoordinatie.services.gegevens import TRAJECTVELDEN, TrajectGegevens


def traject_bijwerken(
    *, traject: Traject, door: Gebruiker, gegevens: TrajectGegevens, versie: int
) -> Traject:
    """Change the pillars, forms, backup, review date and closure criteria."""
    with transaction.atomic():
        actueel = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(actueel)
        for veld, waarde in gegevens.items():
            if veld in TRAJECTVELDEN:
                setattr(actueel, veld, waarde)
        if actueel.bedenktijd_start and not actueel.bedenktijd_eind:
            actueel.bedenktijd_eind = drie_maanden_na(actueel.bedenktijd_start)
        if "achtervang" in gegevens:
            _achtervang_controleren(actueel.achtervang, actueel.verantwoordelijke, actueel.regio)
        _traject_opslaan(actueel, door)
    return actueel


def mogelijke_overgangen(traject: Traject) -> list[tuple[str, str]]:
    """The (fase, actie) pairs ``fase_wijzigen`` accepts for ``traject`` now, in the order of the
    phases: what the phase selector offers. A test holds this to the service's own checks."""
    t = traject
    if t.afgesloten_op:
        return []
    uit: list[tuple[str, str]] = []
    if not t.intake_start:
        uit.append((Fase.INTAKE, "starten"))
    elif not t.intake_eind:
        uit.append((Fase.INTAKE, "beeindigen"))
    if not t.hulpverlening_start and not t.afronding_start:
        uit.append((Fase.HULPVERLENING, "starten"))
    elif t.hulpverlening_start and not t.hulpverlening_eind:
        uit.append((Fase.HULPVERLENING, "beeindigen"))
    if not t.afronding_start and t.intake_eind:
        uit.append((Fase.AFRONDING, "starten"))
    return uit


def fase_wijzigen(
    *, traject: Traject, door: Gebruiker, fase: str, actie: str, datum: date, versie: int
) -> Traject:
    """Start or end a phase. Hulpverlening may start before or during intake;
    afronding needs a completed intake and ends the hulpverlening."""
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(t)
        if datum > timezone.localdate():
            raise ValidationError({"datum": "Deze datum ligt in de toekomst."})
        if (fase, actie) == (Fase.INTAKE, "starten"):
            if t.intake_start:
                raise Geweigerd("De intake is al gestart.")
            t.intake_start = datum
        elif (fase, actie) == (Fase.INTAKE, "beeindigen"):
            if not t.intake_start or t.intake_eind:
                raise Geweigerd("Er loopt geen intake om af te ronden.")
            t.intake_eind = datum
        elif (fase, actie) == (Fase.HULPVERLENING, "starten"):
            if t.hulpverlening_start:
                raise Geweigerd("De hulpverlening is al gestart.")
            if t.afronding_start:
                raise Geweigerd("In de afronding start geen nieuwe hulpverlening. Heropen eerst.")
            t.hulpverlening_start = datum
        elif (fase, actie) == (Fase.HULPVERLENING, "beeindigen"):
            if not t.hulpverlening_start or t.hulpverlening_eind:
                raise Geweigerd("Er loopt geen hulpverlening om af te ronden.")
            t.hulpverlening_eind = datum
        elif (fase, actie) == (Fase.AFRONDING, "starten"):
            if t.afronding_start:
                raise Geweigerd("De afronding is al gestart.")
            if not t.intake_eind:
                raise Geweigerd("Rond eerst de intake af; daarna kan de afronding beginnen.")
            if datum < t.intake_eind:
                raise ValidationError(
                    {"datum": "De afronding kan niet beginnen vóór het einde van de intake."}
                )
            t.afronding_start = datum
            if t.hulpverlening_start and not t.hulpverlening_eind:
                t.hulpverlening_eind = datum
        else:
            raise Geweigerd("Deze faseovergang bestaat niet.")
        _traject_opslaan(t, door)
    return t


def traject_afsluiten(
    *,
    traject: Traject,
    door: Gebruiker,
    reden: str,
    toelichting: str = "",
    overgedragen_aan: Regio | None = None,
    versie: int,
) -> Traject:
    """Close when every criterion holds, or with a reason."""
    if reden not in Traject.Afsluitreden.values:
        raise ValidationError({"reden": "Kies een reden van afsluiten uit de lijst."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(t)
        if reden == Traject.Afsluitreden.CRITERIA:
            ontbreekt = [tekst for tekst, voldaan in t.afsluitcriteria.items() if not voldaan]
            if ontbreekt:
                raise Geweigerd(
                    "Afsluiten op criteria kan nog niet. Niet voldaan: " + "; ".join(ontbreekt).lower() + ". "
                    "Kies anders een reden van afsluiten."
                )
        if reden == Traject.Afsluitreden.ANDERS and not toelichting.strip():
            raise ValidationError({"toelichting": "Licht toe waarom het traject wordt afgesloten."})
        if reden == Traject.Afsluitreden.OVERGEDRAGEN and (
            overgedragen_aan is None or overgedragen_aan == t.regio
        ):
            raise ValidationError({"overgedragen_aan": "Kies de regio die het traject overneemt."})
        vandaag = timezone.localdate()
        t.afsluitreden, t.afsluittoelichting = reden, toelichting.strip()
        t.overgedragen_aan = overgedragen_aan if reden == Traject.Afsluitreden.OVERGEDRAGEN else None
        t.afgesloten_op = vandaag
        if t.intake_start and not t.intake_eind:
            t.intake_eind = vandaag
        if t.hulpverlening_start and not t.hulpverlening_eind:
            t.hulpverlening_eind = vandaag
        t.volgende_evaluatie = None
        _traject_opslaan(t, door)
        for aanmelding in t.aanmeldingen.select_related("doorverwijzing"):
            if aanmelding.doorverwijzing is not None:
                signalen_services.zorgtraject_afgerond(doorverwijzing=aanmelding.doorverwijzing, door=door)
    return t


def traject_heropenen(*, traject: Traject, door: Gebruiker, reden: str, versie: int) -> Traject:
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden om het traject te heropenen."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        if not t.afgesloten_op:
            raise Geweigerd("Alleen een afgesloten traject kan worden heropend.")
        t.afgesloten_op = None
        t.afsluitreden, t.overgedragen_aan = "", None
        t.afsluittoelichting = f"Heropend: {reden.strip()}"
        t.afronding_start = None
        t.hulpverlening_eind = None
        t.hulpverlening_start = t.hulpverlening_start or timezone.localdate()
        _traject_opslaan(t, door)
    return t
