"""Every write of the activities: trainings, voorlichtingen, campaigns and meetings.

An aandachtsfunctionaris records the activities of their own gemeente(n); the activity's
regio is the regio holding those gemeenten (chosen only when there is more than one).
The ketenregisseur records regional ones: a regio of their own, with gemeenten of that
regio or none (the whole regio). Invalid input raises ``ValidationError`` with Dutch
messages per field; a refused step raises ``Geweigerd``. History records who did it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ketenregie.models import Activiteit, Activiteitsoort, Doelgroep
from ketenregie.selectors.activiteiten import (
    BEWERKERS,
    gemeenten_van_regio,
    mag_activiteit_bewerken,
    regios_voor_activiteit,
)
from ketenregie.services.velden import tekst
from mensenhandel.acties import Geweigerd, eenmalig
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol
from mensenhandel.toegang import gemeenten_van_af, heeft_rol

logger = logging.getLogger(__name__)

ACTIVITEITVELDEN = ["soort", "titel", "datum", "doelgroepen", "deelnemers", "organisator", "omschrijving"]

MAX_DEELNEMERS = 1_000_000
EERSTE_DATUM = date(2000, 1, 1)
MAX_VOORUIT = timedelta(days=366)

WEIGERING = "Alleen een aandachtsfunctionaris of de ketenregisseur legt activiteiten vast."
WEIGERING_ACTIVITEIT = (
    "U kunt deze activiteit niet wijzigen: dat kan de ketenregisseur van de regio, of de "
    "aandachtsfunctionaris als alle gemeenten van de activiteit de zijne zijn."
)
FOUT_SOORT = "Kies de soort activiteit."
FOUT_TITEL = "Vul de titel van de activiteit in."
FOUT_DATUM = "Vul de datum van de activiteit in."
FOUT_DATUM_OUD = "Deze datum ligt vóór 2000; controleer het jaar."
FOUT_DATUM_VER = "Deze datum ligt meer dan een jaar vooruit; controleer het jaar."
FOUT_DOELGROEPEN = "Kies ten minste één doelgroep."
FOUT_DEELNEMERS = "Vul een aantal deelnemers in van 0 of meer."
FOUT_DEELNEMERS_VEEL = f"Vul een aantal deelnemers in van ten hoogste {MAX_DEELNEMERS:,}.".replace(",", ".")
FOUT_DEELNEMERS_TOEKOMST = (
    "De activiteit moet nog plaatsvinden. Vul het aantal deelnemers na afloop in, of laat het leeg."
)
FOUT_ORGANISATOR = "Vul in wie de activiteit organiseerde."
FOUT_GEMEENTEN_AF = "Kies de gemeente(n) waar de activiteit plaatsvond."
FOUT_GEMEENTEN_NIET_EIGEN = "U kunt alleen activiteiten vastleggen voor de gemeente(n) die u bedient."
FOUT_GEMEENTEN_BUITEN_REGIO = (
    "Kies alleen gemeenten in de regio {regio}, of geen gemeente voor de hele regio."
)
FOUT_GEMEENTEN_GEEN_REGIO = (
    "Deze gemeenten liggen niet samen in één regio. Leg per regio een aparte activiteit vast."
)
FOUT_REGIO = "Kies de regio waar deze activiteit onder valt."
FOUT_REGIO_NIET_EIGEN = "Kies een van uw eigen regio's."
FOUT_REGIO_GEMEENTEN = (
    "Deze regio omvat niet alle gekozen gemeenten. Kies een regio waar zij alle onder vallen."
)


class ActiviteitGegevens(TypedDict, total=False):
    """An activity as its form gives it (``ActiviteitForm.gegevens()``)."""

    soort: str
    titel: str
    datum: date | None
    doelgroepen: list[str]
    deelnemers: int | None
    organisator: str
    omschrijving: str


def _onbekende_doelgroep(code: object) -> str:
    return f"Onbekende doelgroep: ‘{code}’. Kies uit de lijst."


def _fout(fouten: dict[str, list[str]], veld: str, melding: str) -> None:
    fouten.setdefault(veld, []).append(melding)


def _velden_valideren(obj: Activiteit, gegevens: ActiviteitGegevens, fouten: dict[str, list[str]]) -> None:
    """Fill ``obj`` with the plain fields of ``gegevens`` and collect what is wrong."""
    soort = gegevens.get("soort")
    if soort not in Activiteitsoort.values:
        _fout(fouten, "soort", FOUT_SOORT)
    else:
        obj.soort = soort

    obj.titel = tekst(gegevens, "titel")
    if not obj.titel:
        _fout(fouten, "titel", FOUT_TITEL)
    elif len(obj.titel) > 200:
        _fout(fouten, "titel", "Gebruik voor de titel ten hoogste 200 tekens.")

    datum = gegevens.get("datum")
    if not isinstance(datum, date):
        _fout(fouten, "datum", FOUT_DATUM)
    elif datum < EERSTE_DATUM:
        _fout(fouten, "datum", FOUT_DATUM_OUD)
    elif datum > timezone.localdate() + MAX_VOORUIT:
        _fout(fouten, "datum", FOUT_DATUM_VER)
    else:
        obj.datum = datum

    codes = gegevens.get("doelgroepen") or []
    if isinstance(codes, str):
        codes = [codes]
    onbekend = [code for code in codes if code not in Doelgroep.values]
    if onbekend:
        _fout(fouten, "doelgroepen", _onbekende_doelgroep(onbekend[0]))
    elif not codes:
        _fout(fouten, "doelgroepen", FOUT_DOELGROEPEN)
    else:
        gekozen = set(codes)
        obj.doelgroepen = [code for code in Doelgroep.values if code in gekozen]

    deelnemers = gegevens.get("deelnemers")
    if deelnemers in (None, ""):
        obj.deelnemers = None
    elif isinstance(deelnemers, bool) or not isinstance(deelnemers, int) or deelnemers < 0:
        _fout(fouten, "deelnemers", FOUT_DEELNEMERS)
    elif deelnemers > MAX_DEELNEMERS:
        _fout(fouten, "deelnemers", FOUT_DEELNEMERS_VEEL)
    elif isinstance(datum, date) and datum > timezone.localdate():
        _fout(fouten, "deelnemers", FOUT_DEELNEMERS_TOEKOMST)
    else:
        obj.deelnemers = deelnemers

    obj.organisator = tekst(gegevens, "organisator")
    if not obj.organisator:
        _fout(fouten, "organisator", FOUT_ORGANISATOR)
    elif len(obj.organisator) > 200:
        _fout(fouten, "organisator", "Gebruik voor de organisator ten hoogste 200 tekens.")
    obj.omschrijving = tekst(gegevens, "omschrijving")


def _regio_en_gemeenten_af(
    door: Gebruiker, gekozen: list[Gemeente], regio: Regio | None, fouten: dict[str, list[str]]
) -> Regio | None:
    """An AF names only their own gemeenten; the regio follows from them."""
    if not gekozen:
        _fout(fouten, "gemeenten", FOUT_GEMEENTEN_AF)
        return None
    eigen = set(gemeenten_van_af(door).values_list("pk", flat=True))
    if any(g.pk not in eigen for g in gekozen):
        _fout(fouten, "gemeenten", FOUT_GEMEENTEN_NIET_EIGEN)
        return None
    samen = Regio.objects.all()
    for gemeente in gekozen:
        samen = samen.filter(gemeenten=gemeente)
    kandidaten = list(samen.order_by("naam"))
    if regio is not None:
        if regio not in kandidaten:
            _fout(fouten, "regio", FOUT_REGIO_GEMEENTEN if kandidaten else FOUT_GEMEENTEN_GEEN_REGIO)
            return None
        return regio
    if len(kandidaten) == 1:
        return kandidaten[0]
    _fout(
        fouten,
        "regio" if kandidaten else "gemeenten",
        FOUT_REGIO if kandidaten else FOUT_GEMEENTEN_GEEN_REGIO,
    )
    return None


def _regio_en_gemeenten_kr(
    door: Gebruiker, gekozen: list[Gemeente], regio: Regio | None, fouten: dict[str, list[str]]
) -> Regio | None:
    """A KR names one of their regio's, and gemeenten of that regio or none."""
    eigen = list(regios_voor_activiteit(door))
    if regio is None:
        if len(eigen) != 1:
            _fout(fouten, "regio", FOUT_REGIO)
            return None
        regio = eigen[0]
    elif regio not in eigen:
        _fout(fouten, "regio", FOUT_REGIO_NIET_EIGEN)
        return None
    if gekozen:
        binnen = set(gemeenten_van_regio(regio).values_list("pk", flat=True))
        if any(g.pk not in binnen for g in gekozen):
            _fout(fouten, "gemeenten", FOUT_GEMEENTEN_BUITEN_REGIO.format(regio=regio.naam))
            return None
    return regio


def _valideren(
    door: Gebruiker,
    obj: Activiteit,
    gegevens: ActiviteitGegevens,
    gemeenten: Iterable[Gemeente],
    regio: Regio | None,
) -> list[Gemeente]:
    fouten: dict[str, list[str]] = {}
    _velden_valideren(obj, gegevens, fouten)
    gekozen = list(dict.fromkeys(gemeenten))
    if heeft_rol(door, Rol.KETENREGISSEUR):
        gevonden = _regio_en_gemeenten_kr(door, gekozen, regio, fouten)
    else:
        gevonden = _regio_en_gemeenten_af(door, gekozen, regio, fouten)
    if gevonden is not None:
        obj.regio = gevonden
    if fouten:
        raise ValidationError(fouten)
    return gekozen


def _opslaan(door: Gebruiker, obj: Activiteit, gemeenten: list[Gemeente]) -> None:
    obj._history_user = door  # type: ignore[attr-defined]
    obj.save()
    if set(obj.gemeenten.all()) != set(gemeenten):
        obj.gemeenten.set(gemeenten)


def activiteit_vastleggen(
    *,
    door: Gebruiker,
    gegevens: ActiviteitGegevens,
    gemeenten: Iterable[Gemeente] = (),
    regio: Regio | None = None,
    formuliertoken: uuid.UUID | None = None,
) -> tuple[Activiteit, bool]:
    """Record an activity; returns (activity, new).

    A repeated submit with the same form token returns the first activity (new=False).
    """
    if not heeft_rol(door, *BEWERKERS):
        raise Geweigerd(WEIGERING)

    def maken() -> Activiteit:
        obj = Activiteit(vastgelegd_door=door, formuliertoken=formuliertoken)
        _opslaan(door, obj, _valideren(door, obj, gegevens, gemeenten, regio))
        logger.info("activiteit vastgelegd id=%s door=%s", obj.pk, door.pk)
        return obj

    return eenmalig(Activiteit.objects.filter(vastgelegd_door=door), formuliertoken, maken)


def activiteit_wijzigen(
    *,
    door: Gebruiker,
    activiteit: Activiteit,
    gegevens: ActiviteitGegevens,
    gemeenten: Iterable[Gemeente] = (),
    regio: Regio | None = None,
) -> Activiteit:
    """Change an activity. An AF's change keeps the activity's regio when it still fits."""
    if not heeft_rol(door, *BEWERKERS):
        raise Geweigerd(WEIGERING)
    if not mag_activiteit_bewerken(door, activiteit):
        raise Geweigerd(WEIGERING_ACTIVITEIT)
    obj = Activiteit.objects.get(pk=activiteit.pk)
    gekozen = list(dict.fromkeys(gemeenten))
    # An AF's change keeps the regio the activity has while it holds every chosen gemeente.
    if (
        regio is None
        and heeft_rol(door, Rol.AANDACHTSFUNCTIONARIS)
        and gekozen
        and obj.regio.gemeenten.filter(pk__in=[g.pk for g in gekozen]).count() == len(gekozen)
    ):
        regio = obj.regio
    gekozen = _valideren(door, obj, gegevens, gekozen, regio)
    with transaction.atomic():
        _opslaan(door, obj, gekozen)
    logger.info("activiteit gewijzigd id=%s door=%s", obj.pk, door.pk)
    return obj


def activiteit_verwijderen(*, door: Gebruiker, activiteit: Activiteit) -> None:
    """Remove an activity; the history keeps it and who removed it."""
    if not heeft_rol(door, *BEWERKERS):
        raise Geweigerd(WEIGERING)
    if not mag_activiteit_bewerken(door, activiteit):
        raise Geweigerd(WEIGERING_ACTIVITEIT)
    with transaction.atomic():
        activiteit._history_user = door  # type: ignore[attr-defined]
        activiteit.delete()
    logger.info("activiteit verwijderd uuid=%s door=%s", activiteit.uuid, door.pk)
