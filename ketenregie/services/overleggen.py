"""Every write of the meetings (overleggen): the meeting, its agenda of signals, the
decisions taken at the table on those signals, and its action points.

Only the ketenregisseur of the meeting's regio keeps a meeting. A decision on an agenda
signal is written onto the signal by ``signalen.services.overlegbesluit_vastleggen``
(the KR of the regio, or an AF who may edit the signal) and linked on the agenda row in
the same transaction. Invalid input raises ``ValidationError`` with Dutch messages per
field; a refused step raises ``Geweigerd``. History records who did it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ketenregie.models import Actiepunt, Agendasignaal, Overleg, Overlegsoort, Partner
from ketenregie.selectors.actiepunten import mag_regio_bijhouden
from ketenregie.selectors.overleggen import (
    partners_te_kiezen,
    regios_leesbaar_voor,
    signalen_voor_agenda,
    van_agenda_gehaald,
)
from ketenregie.services.actiepunten import NieuwActiepunt, actiepunt_eenmalig_toevoegen
from ketenregie.services.velden import invullen
from mensenhandel.acties import Geweigerd, eenmalig
from mensenhandel.forms import ONVOLLEDIG
from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.toegang import heeft_rol
from signalen import services as signalen_services
from signalen.models import Signaal

logger = logging.getLogger(__name__)

OVERLEGVELDEN = ["soort", "datum", "overige_deelnemers", "agenda", "besluiten"]

FOUT_REGIO = "Kies een van uw eigen regio's."
FOUT_SOORT = "Kies de soort overleg."
FOUT_DATUM = "Vul de datum van het overleg in."
FOUT_DATUM_VER = "De datum ligt meer dan twee jaar vooruit. Controleer het jaar."
FOUT_DATUM_OUD = "De datum ligt vóór 2000. Controleer het jaar."
FOUT_ORGANISATIES = "Kies alleen organisaties van de wegenkaart die in de regio van dit overleg werken."
FOUT_REGIO_VAST = (
    "Er staan signalen op de agenda van dit overleg; de regio kan daarom niet meer worden gewijzigd."
)
FOUT_SOORT_VAST = (
    "Er staan signalen op de agenda van dit overleg; kies een regietafel of drieluik, "
    "of haal eerst de signalen van de agenda."
)
FOUT_BESLOTEN = (
    "Over signalen op dit overleg zijn al besluiten vastgelegd met deze soort en datum; "
    "die kunnen daarom niet meer worden gewijzigd."
)
WEIGERING = "Alleen de ketenregisseur van de regio legt overleggen vast en werkt ze bij."
WEIGERING_AGENDA = "Alleen bij een regietafel of drieluik staan signalen op de agenda."
WEIGERING_BESLUIT = (
    "Alleen de ketenregisseur van de regio of een aandachtsfunctionaris van de gemeente legt "
    "een besluit over dit signaal vast."
)
WEIGERING_VAN_AGENDA = (
    "Over dit signaal is op dit overleg al een besluit vastgelegd; het blijft daarom op de agenda."
)


def overlegnaam(overleg: Overleg) -> str:
    """How the meeting is named on the signal's timeline, e.g. "Regietafel 12-11-2026"."""
    return f"{overleg.get_soort_display()} {overleg.datum:%d-%m-%Y}"


class OverlegGegevens(TypedDict, total=False):
    """A meeting as its form gives it (``OverlegForm.gegevens()``); left out stays as it is."""

    regio: Regio | None
    soort: str
    datum: date | None
    overige_deelnemers: str
    agenda: str
    besluiten: str


def _invullen(overleg: Overleg, gegevens: OverlegGegevens) -> Regio | None:
    """Fill in the meeting; returns its regio after the change (None: none chosen)."""
    invullen(overleg, OVERLEGVELDEN, gegevens)
    regio = gegevens.get("regio", overleg.regio if overleg.regio_id else None)
    if regio is not None:
        overleg.regio = regio
    return regio


def _valideren(
    door: Gebruiker,
    overleg: Overleg,
    regio: Regio | None,
    organisaties: list[Partner],
    vorige: Overleg | None,
) -> None:
    """Check a meeting before it is saved; ``vorige`` is the stored version when editing."""
    fouten: dict[str, list[str]] = {}

    def fout(veld: str, melding: str) -> None:
        fouten.setdefault(veld, []).append(melding)

    regio_goed = regio is not None and mag_regio_bijhouden(door, regio)
    if not regio_goed:
        fout("regio", FOUT_REGIO)
    if overleg.soort not in Overlegsoort.values:
        fout("soort", FOUT_SOORT)
    if not isinstance(overleg.datum, date):
        fout("datum", FOUT_DATUM)
    elif overleg.datum.year < 2000:
        fout("datum", FOUT_DATUM_OUD)
    elif (overleg.datum - timezone.localdate()).days > 2 * 366:
        fout("datum", FOUT_DATUM_VER)
    if regio is not None and regio_goed and organisaties:
        vorige_partners = list(vorige.organisaties.all()) if vorige is not None else []
        toegestaan = set(
            partners_te_kiezen(door, [regio], gekozen=vorige_partners).values_list("pk", flat=True)
        )
        if any(p.pk not in toegestaan for p in organisaties):
            fout("organisaties", FOUT_ORGANISATIES)
    if vorige is not None and not fouten:
        agenda = vorige.agendasignalen.all()
        if regio is not None and vorige.regio_id != regio.pk and agenda.exists():
            fout("regio", FOUT_REGIO_VAST)
        if overleg.soort not in Overlegsoort.met_signalen() and agenda.exists():
            fout("soort", FOUT_SOORT_VAST)
        gewijzigd = (vorige.soort, vorige.datum) != (overleg.soort, overleg.datum)
        if gewijzigd and agenda.filter(besluit__isnull=False).exists():
            fout("datum" if vorige.datum != overleg.datum else "soort", FOUT_BESLOTEN)
    try:
        overleg.full_clean(
            exclude=["regio", "soort", "datum", "organisaties", "vastgelegd_door", "uuid", "formuliertoken"],
            validate_constraints=False,
        )
    except ValidationError as model_fout:
        for veld, meldingen in model_fout.message_dict.items():
            fouten.setdefault(veld, meldingen)
    if fouten:
        raise ValidationError(fouten)


def _agenda_aanvullen(overleg: Overleg, door: Gebruiker) -> int:
    """Put the regio's open signals on the agenda that are not on it yet; returns how many.

    Signals the ketenregisseur took off this agenda stay off. Call inside a transaction
    holding the meeting's row lock.
    """
    if overleg.soort not in Overlegsoort.met_signalen():
        return 0
    kandidaten = (
        signalen_voor_agenda(overleg.regio)
        .exclude(pk__in=Agendasignaal.objects.filter(overleg=overleg).values("signaal_id"))
        .exclude(pk__in=van_agenda_gehaald(overleg))
        .values_list("pk", flat=True)
    )
    nieuw = [Agendasignaal(overleg=overleg, signaal_id=pk) for pk in kandidaten]
    if nieuw:
        bulk_create_with_history(nieuw, Agendasignaal, default_user=door)
    return len(nieuw)


# --- The meeting ---------------------------------------------------------------------------


def overleg_aanmaken(
    *,
    door: Gebruiker,
    gegevens: OverlegGegevens,
    organisaties: Iterable[Partner] = (),
    formuliertoken: uuid.UUID | None = None,
) -> tuple[Overleg, bool, int]:
    """Record a meeting of one of the KR's regio's; returns (meeting, new, signals put on the agenda).

    A regietafel or drieluik gets the regio's new and lopende signals on its agenda. A
    repeated submit with the same form token returns the first meeting (new=False).
    """
    if not heeft_rol(door, Rol.KETENREGISSEUR):
        raise Geweigerd(WEIGERING)
    lijst = list(organisaties)
    aantal = 0

    def maken() -> Overleg:
        nonlocal aantal
        overleg = Overleg(vastgelegd_door=door, formuliertoken=formuliertoken)
        _valideren(door, overleg, _invullen(overleg, gegevens), lijst, None)
        overleg._history_user = door  # type: ignore[attr-defined]
        overleg.save()
        if lijst:
            overleg.organisaties.set(lijst)
        aantal = _agenda_aanvullen(overleg, door)
        logger.info(
            "overleg aangemaakt id=%s soort=%s agenda=%s door=%s", overleg.pk, overleg.soort, aantal, door.pk
        )
        return overleg

    try:
        overleg, nieuw = eenmalig(Overleg.objects.filter(vastgelegd_door=door), formuliertoken, maken)
    except IntegrityError:
        # Not the form token: an agenda row that raced in; nothing was saved.
        raise ValidationError(ONVOLLEDIG) from None
    return overleg, nieuw, aantal if nieuw else 0


def overleg_bijwerken(
    *, door: Gebruiker, overleg: Overleg, gegevens: OverlegGegevens, organisaties: Iterable[Partner]
) -> Overleg:
    """Change a meeting: date, participants, agenda text, general decisions.

    Its regio and soort stay while signals are on its agenda; its soort and date stay
    once a decision on a signal was recorded with them.
    """
    if not mag_regio_bijhouden(door, overleg.regio):
        raise Geweigerd(WEIGERING)
    organisaties = list(organisaties)
    with transaction.atomic():
        vorige = Overleg.objects.select_for_update().select_related("regio").get(pk=overleg.pk)
        actueel = Overleg.objects.select_related("regio").get(pk=overleg.pk)
        _valideren(door, actueel, _invullen(actueel, gegevens), organisaties, vorige)
        actueel._history_user = door  # type: ignore[attr-defined]
        actueel.save()
        if set(actueel.organisaties.all()) != set(organisaties):
            actueel.organisaties.set(organisaties)
    return actueel


# --- The agenda of a regietafel or drieluik -------------------------------------------------


def agenda_bijwerken(*, door: Gebruiker, overleg: Overleg) -> int:
    """Add the signals that came in since the agenda was filled; returns how many.

    Idempotent: a second call (a double submit) adds nothing.
    """
    if not mag_regio_bijhouden(door, overleg.regio):
        raise Geweigerd(WEIGERING)
    if overleg.soort not in Overlegsoort.met_signalen():
        raise Geweigerd(WEIGERING_AGENDA)
    try:
        with transaction.atomic():
            vergrendeld = Overleg.objects.select_for_update().select_related("regio").get(pk=overleg.pk)
            aantal = _agenda_aanvullen(vergrendeld, door)
    except IntegrityError:
        # Someone else filled it at the same moment; what they added is there now.
        return 0
    logger.info("agenda bijgewerkt overleg=%s erbij=%s door=%s", overleg.pk, aantal, door.pk)
    return aantal


def van_agenda_halen(*, door: Gebruiker, agendasignaal: Agendasignaal) -> None:
    """Take a signal off the agenda, unless a decision on it was recorded at this meeting.

    It stays off when the agenda is brought up to date later.
    """
    if not mag_regio_bijhouden(door, agendasignaal.overleg.regio):
        raise Geweigerd(WEIGERING)
    with transaction.atomic():
        actueel = Agendasignaal.objects.select_for_update().filter(pk=agendasignaal.pk).first()
        if actueel is None:
            return  # already taken off (a double submit)
        if actueel.besluit_id is not None:
            raise Geweigerd(WEIGERING_VAN_AGENDA)
        actueel._history_user = door  # type: ignore[attr-defined]
        actueel.delete()


def _mag_besluit_vastleggen(door: Gebruiker, overleg: Overleg) -> bool:
    if heeft_rol(door, Rol.KETENREGISSEUR):
        return mag_regio_bijhouden(door, overleg.regio)
    if heeft_rol(door, Rol.AANDACHTSFUNCTIONARIS):
        return regios_leesbaar_voor(door).filter(pk=overleg.regio_id).exists()
    return False


def signaalbesluit_vastleggen(
    *, door: Gebruiker, agendasignaal: Agendasignaal, besluit: str
) -> tuple[Agendasignaal, bool]:
    """Write the table's decision on an agenda signal onto the signal; returns (row, new).

    The signal gets an ``Overlegbesluit`` and a line on its timeline; the agenda row
    points to it. A second decision on the same row (a double submit) records nothing
    and returns the first one (new=False).
    """
    overleg = agendasignaal.overleg
    if overleg.soort not in Overlegsoort.met_signalen():
        raise Geweigerd(WEIGERING_AGENDA)
    if not _mag_besluit_vastleggen(door, overleg):
        raise Geweigerd(WEIGERING_BESLUIT)
    with transaction.atomic():
        actueel = (
            Agendasignaal.objects.select_for_update(of=("self",))
            .select_related("besluit")
            .get(pk=agendasignaal.pk)
        )
        if actueel.besluit_id is not None:
            return actueel, False
        signaal = Signaal.objects.get(pk=actueel.signaal_id)
        # The signal's own refusals (a closed signal) reach the user as they are.
        vastgelegd = signalen_services.overlegbesluit_vastleggen(
            signaal=signaal, door=door, overleg=overlegnaam(overleg), datum=overleg.datum, besluit=besluit
        )
        actueel.besluit = vastgelegd
        actueel._history_user = door  # type: ignore[attr-defined]
        actueel.save(update_fields=["besluit"])
    logger.info("besluit op agenda overleg=%s signaal=%s door=%s", overleg.pk, signaal.pk, door.pk)
    return actueel, True


# --- Action points ---------------------------------------------------------------------------


def overleg_actiepunt_toevoegen(
    *, door: Gebruiker, overleg: Overleg, gegevens: NieuwActiepunt
) -> tuple[Actiepunt, bool]:
    """Add an action point to a meeting; returns (action point, new); a double submit adds nothing."""
    return actiepunt_eenmalig_toevoegen(door=door, gegevens=gegevens, overleg=overleg)
