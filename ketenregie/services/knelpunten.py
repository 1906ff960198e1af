"""Every write of the knelpunten register and the half-year's bijzonderheden.

Both belong to a regio and are kept by its ketenregisseur; both feed the
halfjaarrapportage, so they hold no client data. Invalid input raises ``ValidationError``
with Dutch messages per field; a refused step raises ``Geweigerd``. History records who
did it. An action point is added to a knelpunt here (a double submit adds nothing) through
``ketenregie.services.actiepunten``, which also updates it.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ketenregie.models import Actiepunt, Bijzonderheden, Knelpunt, Knelpuntstatus, Knelpuntthema
from ketenregie.selectors.knelpunten import EERSTE_JAAR, halfjaar_mogelijk, regios_voor_knelpunten
from ketenregie.services.actiepunten import NieuwActiepunt, actiepunt_eenmalig_toevoegen
from ketenregie.services.velden import tekst
from mensenhandel.acties import Geweigerd, eenmalig
from mensenhandel.models import Gebruiker, Regio

logger = logging.getLogger(__name__)

WEIGERING = "Alleen de ketenregisseur van deze regio houdt de knelpunten bij."
WEIGERING_BIJZONDERHEDEN = "Alleen de ketenregisseur van deze regio schrijft de bijzonderheden."
FOUT_REGIO = "Kies de regio van dit knelpunt."
FOUT_REGIO_NIET_EIGEN = "Kies een van uw eigen regio's."
FOUT_THEMA = "Kies het thema van het knelpunt."
FOUT_TITEL = "Vul een korte titel in, zoals ‘Geen opvangplek voor mannelijke slachtoffers’."
FOUT_OMSCHRIJVING = "Beschrijf het knelpunt: wat gaat er mis, en wat is het gevolg?"
FOUT_INGEBRACHT_DOOR = "Vul in wie het knelpunt inbracht: een persoon of organisatie."
FOUT_DATUM = "Vul de datum in waarop het knelpunt is ingebracht."
FOUT_DATUM_TOEKOMST = "De datum van inbrengen kan niet in de toekomst liggen."
FOUT_DATUM_OUD = "Deze datum ligt vóór 2000; controleer het jaar."
FOUT_STATUS = "Kies een status uit de lijst."
FOUT_TEKST = "Schrijf de bijzonderheden van dit halfjaar. Zonder namen of andere gegevens van cliënten."
FOUT_JAAR = f"Kies een jaar van {EERSTE_JAAR} tot en met volgend jaar."
FOUT_HELFT = "Kies het eerste (1) of tweede (2) halfjaar."


class KnelpuntGegevens(TypedDict, total=False):
    """A knelpunt as its form gives it (``KnelpuntForm.gegevens()``); left out stays as it is."""

    thema: str
    titel: str
    omschrijving: str
    ingebracht_door: str
    datum: date | None
    status: str


def _valideren(obj: Knelpunt, gegevens: KnelpuntGegevens) -> None:
    fouten: dict[str, list[str]] = {}

    def fout(veld: str, melding: str) -> None:
        fouten.setdefault(veld, []).append(melding)

    if "titel" in gegevens:
        obj.titel = tekst(gegevens, "titel")
    if "omschrijving" in gegevens:
        obj.omschrijving = tekst(gegevens, "omschrijving")
    if "ingebracht_door" in gegevens:
        obj.ingebracht_door = tekst(gegevens, "ingebracht_door")
    if "thema" in gegevens:
        if gegevens["thema"] in Knelpuntthema.values:
            obj.thema = gegevens["thema"]
        else:
            fout("thema", FOUT_THEMA)
    if "status" in gegevens:
        if gegevens["status"] in Knelpuntstatus.values:
            obj.status = gegevens["status"]
        else:
            fout("status", FOUT_STATUS)
    if "datum" in gegevens:
        datum = gegevens["datum"]
        if not isinstance(datum, date):
            fout("datum", FOUT_DATUM)
        elif datum > timezone.localdate():
            fout("datum", FOUT_DATUM_TOEKOMST)
        elif datum < date(EERSTE_JAAR, 1, 1):
            fout("datum", FOUT_DATUM_OUD)
        else:
            obj.datum = datum

    if not obj.thema and "thema" not in fouten:
        fout("thema", FOUT_THEMA)
    if not obj.titel:
        fout("titel", FOUT_TITEL)
    if not obj.omschrijving:
        fout("omschrijving", FOUT_OMSCHRIJVING)
    if not obj.ingebracht_door:
        fout("ingebracht_door", FOUT_INGEBRACHT_DOOR)
    if obj.datum is None and "datum" not in fouten:
        fout("datum", FOUT_DATUM)
    try:
        obj.full_clean(
            exclude=["regio", "vastgelegd_door", "uuid", "formuliertoken"], validate_constraints=False
        )
    except ValidationError as modelfout:
        for veld, meldingen in modelfout.message_dict.items():
            if veld not in fouten:  # our own message on a field wins
                fouten[veld] = meldingen
    if fouten:
        raise ValidationError(fouten)


def knelpunt_vastleggen(
    *,
    door: Gebruiker,
    gegevens: KnelpuntGegevens,
    regio: Regio | None = None,
    formuliertoken: uuid.UUID | None = None,
) -> tuple[Knelpunt, bool]:
    """Record a knelpunt in one of the KR's regio's; returns (knelpunt, new).

    ``regio`` may be left out when the KR has only one. A repeated submit with the same
    form token returns the first knelpunt (new=False).
    """
    eigen = list(regios_voor_knelpunten(door))
    if not eigen:
        raise Geweigerd(WEIGERING)
    return eenmalig(
        Knelpunt.objects.filter(vastgelegd_door=door),
        formuliertoken,
        lambda: _knelpunt_maken(door, eigen, gegevens, regio, formuliertoken),
    )


def _knelpunt_maken(
    door: Gebruiker,
    eigen: list[Regio],
    gegevens: KnelpuntGegevens,
    regio: Regio | None,
    formuliertoken: uuid.UUID | None,
) -> Knelpunt:
    obj = Knelpunt(vastgelegd_door=door, formuliertoken=formuliertoken, status=Knelpuntstatus.OPEN)
    regiofout = None
    if regio is None:
        if len(eigen) == 1:
            obj.regio = eigen[0]
        else:
            regiofout = FOUT_REGIO
    elif regio in eigen:
        obj.regio = regio
    else:
        regiofout = FOUT_REGIO_NIET_EIGEN
    try:
        _valideren(obj, gegevens)
    except ValidationError as fout:
        if regiofout:
            raise ValidationError({**fout.message_dict, "regio": [regiofout]}) from None
        raise
    if regiofout:
        raise ValidationError({"regio": regiofout})
    obj._history_user = door  # type: ignore[attr-defined]
    obj.save()
    logger.info("knelpunt vastgelegd id=%s door=%s", obj.pk, door.pk)
    return obj


def knelpunt_wijzigen(*, door: Gebruiker, knelpunt: Knelpunt, gegevens: KnelpuntGegevens) -> Knelpunt:
    """Change a knelpunt: its text, theme, who raised it, the date or its status."""
    if not regios_voor_knelpunten(door).filter(pk=knelpunt.regio_id).exists():
        raise Geweigerd(WEIGERING)
    with transaction.atomic():
        obj = Knelpunt.objects.select_for_update().get(pk=knelpunt.pk)
        _valideren(obj, gegevens)
        obj._history_user = door  # type: ignore[attr-defined]
        obj.save()
    logger.info("knelpunt gewijzigd id=%s door=%s", obj.pk, door.pk)
    return obj


def bijzonderheden_opslaan(
    *, door: Gebruiker, regio: Regio, jaar: int, helft: int, tekst: str
) -> Bijzonderheden:
    """Write the bijzonderheden of one regio for one half-year (creating or replacing the text)."""
    if not regios_voor_knelpunten(door).filter(pk=regio.pk).exists():
        raise Geweigerd(WEIGERING_BIJZONDERHEDEN)
    fouten: dict[str, str] = {}
    if helft not in (1, 2):
        fouten["helft"] = FOUT_HELFT
    if not halfjaar_mogelijk(jaar, 1):
        fouten["jaar"] = FOUT_JAAR
    tekst = tekst.strip() if isinstance(tekst, str) else ""
    if not tekst:
        fouten["tekst"] = FOUT_TEKST
    if fouten:
        raise ValidationError(fouten)
    try:
        return _bijzonderheden_schrijven(door, regio, jaar, helft, tekst)
    except IntegrityError:
        # Someone else created this half-year's text at the same moment: write over it.
        return _bijzonderheden_schrijven(door, regio, jaar, helft, tekst)


def _bijzonderheden_schrijven(
    door: Gebruiker, regio: Regio, jaar: int, helft: int, tekst: str
) -> Bijzonderheden:
    with transaction.atomic():
        obj = Bijzonderheden.objects.select_for_update().filter(regio=regio, jaar=jaar, helft=helft).first()
        if obj is None:
            obj = Bijzonderheden(regio=regio, jaar=jaar, helft=helft)
        elif obj.tekst == tekst:
            return obj  # nothing changed: no new history row
        obj.tekst = tekst
        obj.bijgewerkt_door = door
        obj.bijgewerkt_op = timezone.now()
        obj._history_user = door  # type: ignore[attr-defined]
        obj.save()
    logger.info("bijzonderheden opgeslagen regio=%s %s-%s door=%s", regio.pk, jaar, helft, door.pk)
    return obj


def knelpunt_actiepunt_toevoegen(
    *, door: Gebruiker, knelpunt: Knelpunt, gegevens: NieuwActiepunt
) -> tuple[Actiepunt, bool]:
    """Add an action point to a knelpunt; returns (action point, new); a double submit adds nothing."""
    if not regios_voor_knelpunten(door).filter(pk=knelpunt.regio_id).exists():
        raise Geweigerd(WEIGERING)
    return actiepunt_eenmalig_toevoegen(door=door, gegevens=gegevens, knelpunt=knelpunt)
