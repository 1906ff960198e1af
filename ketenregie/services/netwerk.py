"""Every write of the AF network: aandachtsfunctionarissen and the coordinating AF.

An aandachtsfunctionaris keeps the AF records of the gemeenten they serve; a
ketenregisseur those of every gemeente in their regio's, and names the coordinating AF
of a regio. Records are never deleted: someone who leaves is set to not active, and the
history keeps every change with who made it.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from ketenregie.models import Aandachtsfunctionaris, Afdeling, Coordinatie
from ketenregie.selectors.netwerk import (
    BIJHOUDERS,
    af_accounts,
    afs_bewerkbaar_voor,
    gemeenten_bij_te_houden,
    regios_voor_coordinatie,
)
from ketenregie.services.velden import invullen
from ketenregie.services.wegenkaart import FOUT_EMAIL, FOUT_TELEFOON, _email, _telefoon_geldig
from mensenhandel.acties import Geweigerd, eenmalig, eerder_verstuurd
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol
from mensenhandel.toegang import heeft_rol

logger = logging.getLogger(__name__)

AFVELDEN = [
    "gemeente",
    "naam",
    "afdeling",
    "functie",
    "telefoon",
    "email",
    "gebruiker",
    "eerste_training",
    "laatste_opfristraining",
    "actief",
]

# Training dates before this are almost certainly a typo in the year.
VROEGSTE_DATUM = date(2000, 1, 1)

WEIGERING = "Alleen een aandachtsfunctionaris of de ketenregisseur kan het netwerk bijwerken."
WEIGERING_AF = "U kunt alleen aandachtsfunctionarissen van uw eigen gemeente(n) bijwerken."
WEIGERING_COORDINATIE = (
    "Alleen de ketenregisseur van deze regio wijst de coördinerend aandachtsfunctionaris aan."
)

FOUT_GEMEENTE = "Kies een van uw eigen gemeenten."
FOUT_NAAM = "Vul de naam van de aandachtsfunctionaris in."
FOUT_AFDELING = "Kies de afdeling: OOV, sociaal domein of een andere afdeling."
FOUT_BEREIKBAAR = (
    "Vul een telefoonnummer of e-mailadres in, zodat collega's en partners deze aandachtsfunctionaris "
    "kunnen bereiken."
)
FOUT_BASIS_TOEKOMST = "De datum van de basistraining kan niet in de toekomst liggen."
FOUT_OPFRIS_TOEKOMST = "De datum van de opfristraining kan niet in de toekomst liggen."
FOUT_TE_VROEG = "Deze datum ligt te ver terug; controleer het jaar."
FOUT_OPFRIS_VOOR_BASIS = "De opfristraining kan niet vóór de basistraining liggen."
FOUT_ACCOUNT = (
    "Kies het account van een actieve aandachtsfunctionaris die deze gemeente bedient, of laat dit veld leeg."
)
FOUT_COORDINATOR_KIEZEN = "Kies de aandachtsfunctionaris die de coördinatie overneemt."
FOUT_COORDINATOR_REGIO = (
    "Kies een actieve aandachtsfunctionaris van een gemeente in deze regio. "
    "Iemand die niet meer in functie is, kan niet coördineren."
)
FOUT_VANAF = "Vul de datum in vanaf wanneer deze aandachtsfunctionaris coördineert."


class AfGegevens(TypedDict, total=False):
    """An AF record as its form gives it (``AandachtsfunctionarisForm.gegevens()``).

    Left out stays as it is; ``actief`` only when editing.
    """

    gemeente: Gemeente | None
    naam: str
    afdeling: str
    functie: str
    telefoon: str
    email: str
    gebruiker: Gebruiker | None
    eerste_training: date | None
    laatste_opfristraining: date | None
    actief: bool


def _dubbel(naam: str, gemeente: Gemeente, bestaand: Aandachtsfunctionaris | None) -> str:
    melding = f"Er staat al een aandachtsfunctionaris met de naam ‘{naam}’ bij {gemeente.naam}. "
    if bestaand is not None and not bestaand.actief:
        return (
            melding
            + "Die staat op ‘niet meer in functie’; zet die weer op actief in plaats van een nieuwe te maken."
        )
    return melding + "Pas die aan in plaats van een nieuwe te maken."


def _datum(datum: date) -> str:
    return date_format(datum, "j F Y")


# --- Aandachtsfunctionarissen ----------------------------------------------------------------


def _invullen(af: Aandachtsfunctionaris, gegevens: AfGegevens) -> None:
    invullen(af, AFVELDEN, gegevens)
    af.email = (af.email or "").lower()
    af.telefoon = af.telefoon or ""
    af.functie = af.functie or ""


def _valideren(door: Gebruiker, af: Aandachtsfunctionaris, *, account_gewijzigd: bool, vandaag: date) -> None:
    fouten: dict[str, list[str]] = {}

    def fout(veld: str, melding: str) -> None:
        fouten.setdefault(veld, []).append(melding)

    gemeente = af.gemeente if af.gemeente_id else None
    if gemeente is None:
        fout("gemeente", FOUT_GEMEENTE)
    elif not gemeenten_bij_te_houden(door).filter(pk=gemeente.pk).exists():
        fout("gemeente", FOUT_GEMEENTE)
        gemeente = None
    if not af.naam:
        fout("naam", FOUT_NAAM)
    if af.afdeling not in Afdeling.values:
        fout("afdeling", FOUT_AFDELING)
    if af.telefoon and not _telefoon_geldig(af.telefoon):
        fout("telefoon", FOUT_TELEFOON)
    if af.email:
        try:
            _email(af.email)
        except ValidationError:
            fout("email", FOUT_EMAIL)
    if not (af.telefoon or af.email):
        fout("telefoon", FOUT_BEREIKBAAR)
    for veld, toekomst in (
        ("eerste_training", FOUT_BASIS_TOEKOMST),
        ("laatste_opfristraining", FOUT_OPFRIS_TOEKOMST),
    ):
        datum = getattr(af, veld)
        if datum is not None and datum > vandaag:
            fout(veld, toekomst)
        elif datum is not None and datum < VROEGSTE_DATUM:
            fout(veld, FOUT_TE_VROEG)
    if (
        af.eerste_training
        and af.laatste_opfristraining
        and af.laatste_opfristraining < af.eerste_training
        and "laatste_opfristraining" not in fouten
    ):
        fout("laatste_opfristraining", FOUT_OPFRIS_VOOR_BASIS)
    if (
        af.gebruiker_id
        and gemeente is not None
        and account_gewijzigd
        and not af_accounts([gemeente]).filter(pk=af.gebruiker_id).exists()
    ):
        fout("gebruiker", FOUT_ACCOUNT)
    if af.naam and gemeente is not None:
        dubbel = (
            Aandachtsfunctionaris.objects.filter(gemeente=gemeente, naam__iexact=af.naam)
            .exclude(pk=af.pk)
            .first()
        )
        if dubbel is not None:
            fout("naam", _dubbel(af.naam, gemeente, dubbel))
    try:
        af.full_clean(exclude=["uuid", "formuliertoken", "gemeente", "gebruiker"], validate_constraints=False)
    except ValidationError as model_fout:
        for veld, meldingen in model_fout.message_dict.items():
            fouten.setdefault(veld, meldingen)
    if fouten:
        raise ValidationError(fouten)


def _opslaan(door: Gebruiker, af: Aandachtsfunctionaris) -> None:
    try:
        with transaction.atomic():
            af._history_user = door  # type: ignore[attr-defined]
            af.save()
    except IntegrityError:
        # Someone saved the same name in the same gemeente at the same moment.
        raise ValidationError({"naam": _dubbel(af.naam, af.gemeente, None)}) from None


def af_controleren(*, door: Gebruiker, gegevens: AfGegevens, af: Aandachtsfunctionaris | None = None) -> None:
    """Check input without saving: a form with errors of its own shows these at once too."""
    obj = Aandachtsfunctionaris(actief=True) if af is None else Aandachtsfunctionaris.objects.get(pk=af.pk)
    voor = (obj.gebruiker_id, obj.gemeente_id)
    _invullen(obj, gegevens)
    gewijzigd = af is None or (obj.gebruiker_id, obj.gemeente_id) != voor
    _valideren(door, obj, account_gewijzigd=gewijzigd, vandaag=timezone.localdate())


def af_toevoegen(
    *, door: Gebruiker, gegevens: AfGegevens, formuliertoken: uuid.UUID | None = None
) -> tuple[Aandachtsfunctionaris, bool]:
    """Add an aandachtsfunctionaris to a gemeente in the user's scope; returns (af, new).

    A repeated submit with the same form token returns the first record (new=False).
    """
    if not heeft_rol(door, *BIJHOUDERS):
        raise Geweigerd(WEIGERING)
    af = Aandachtsfunctionaris(formuliertoken=formuliertoken, actief=True)

    def maken() -> Aandachtsfunctionaris:
        _invullen(af, gegevens)
        _valideren(door, af, account_gewijzigd=True, vandaag=timezone.localdate())
        af._history_user = door  # type: ignore[attr-defined]
        af.save()
        logger.info("aandachtsfunctionaris toegevoegd id=%s door=%s", af.pk, door.pk)
        return af

    try:
        return eenmalig(afs_bewerkbaar_voor(door), formuliertoken, maken)
    except IntegrityError:
        # Not the same form: someone saved the same name in the same gemeente at the same moment.
        raise ValidationError({"naam": _dubbel(af.naam, af.gemeente, None)}) from None
    except ValidationError:
        # The same form a moment earlier made the record that now holds this name.
        if (eerder := eerder_verstuurd(afs_bewerkbaar_voor(door), formuliertoken)) is not None:
            return eerder, False
        raise


def af_wijzigen(*, door: Gebruiker, af: Aandachtsfunctionaris, gegevens: AfGegevens) -> Aandachtsfunctionaris:
    """Change an AF record in the user's scope; ``actief`` off when someone leaves.

    A linked account is only checked when it (or the gemeente) changes, so that a
    record whose account was since deactivated can still be edited.
    """
    if not heeft_rol(door, *BIJHOUDERS):
        raise Geweigerd(WEIGERING)
    if not afs_bewerkbaar_voor(door).filter(pk=af.pk).exists():
        raise Geweigerd(WEIGERING_AF)
    obj = Aandachtsfunctionaris.objects.select_related("gemeente").get(pk=af.pk)
    voor = (obj.gebruiker_id, obj.gemeente_id)
    _invullen(obj, gegevens)
    _valideren(
        door, obj, account_gewijzigd=(obj.gebruiker_id, obj.gemeente_id) != voor, vandaag=timezone.localdate()
    )
    _opslaan(door, obj)
    logger.info("aandachtsfunctionaris gewijzigd id=%s door=%s", obj.pk, door.pk)
    return obj


# --- The coordinating AF ---------------------------------------------------------------------


def coordinator_aanwijzen(
    *, door: Gebruiker, regio: Regio, aandachtsfunctionaris: Aandachtsfunctionaris | None, vanaf: date | None
) -> Coordinatie:
    """Name the coordinating AF of a regio from ``vanaf``; the previous period ends the day before.

    A start date before the latest period's start is refused. On the same start date the
    latest period gets the new person: a correction, kept in the history.
    """
    if (
        not heeft_rol(door, Rol.KETENREGISSEUR)
        or not regios_voor_coordinatie(door).filter(pk=regio.pk).exists()
    ):
        raise Geweigerd(WEIGERING_COORDINATIE)
    fouten: dict[str, str] = {}
    if aandachtsfunctionaris is None:
        fouten["aandachtsfunctionaris"] = FOUT_COORDINATOR_KIEZEN
    elif (
        not aandachtsfunctionaris.actief
        or not regio.gemeenten.filter(pk=aandachtsfunctionaris.gemeente_id).exists()
    ):
        fouten["aandachtsfunctionaris"] = FOUT_COORDINATOR_REGIO
    if vanaf is None:
        fouten["vanaf"] = FOUT_VANAF
    if fouten or aandachtsfunctionaris is None or vanaf is None:
        raise ValidationError(fouten)

    with transaction.atomic():
        # Lock the regio's periods so that two KRs cannot both close the same one.
        perioden = list(Coordinatie.objects.select_for_update().filter(regio=regio).order_by("-vanaf"))
        laatste = perioden[0] if perioden else None
        if laatste is not None and vanaf < laatste.vanaf:
            raise ValidationError(
                {
                    "vanaf": f"Kies een datum op of na {_datum(laatste.vanaf)}: toen begon "
                    f"{laatste.aandachtsfunctionaris.naam} als coördinerend aandachtsfunctionaris. "
                    "Een eerdere periode kunt u hier niet meer invoegen."
                }
            )
        if (
            laatste is not None
            and laatste.aandachtsfunctionaris_id == aandachtsfunctionaris.pk
            and laatste.vanaf == vanaf
        ):
            return laatste  # the same again (a form sent twice): nothing to change
        if (
            laatste is not None
            and laatste.aandachtsfunctionaris_id == aandachtsfunctionaris.pk
            and (laatste.tot_en_met is None or laatste.tot_en_met >= vanaf)
        ):
            raise ValidationError(
                {
                    "aandachtsfunctionaris": f"{aandachtsfunctionaris.naam} is vanaf {_datum(laatste.vanaf)} "
                    "al coördinerend aandachtsfunctionaris."
                }
            )
        if laatste is not None and vanaf == laatste.vanaf:
            # The same start date: a correction of who it is.
            laatste.aandachtsfunctionaris = aandachtsfunctionaris
            laatste._history_user = door  # type: ignore[attr-defined]
            laatste.save(update_fields=["aandachtsfunctionaris"])
            logger.info("coordinatie gecorrigeerd regio=%s door=%s", regio.pk, door.pk)
            return laatste
        if laatste is not None and (laatste.tot_en_met is None or laatste.tot_en_met >= vanaf):
            laatste.tot_en_met = vanaf - timedelta(days=1)
            laatste._history_user = door  # type: ignore[attr-defined]
            laatste.save(update_fields=["tot_en_met"])
        nieuw = Coordinatie(regio=regio, aandachtsfunctionaris=aandachtsfunctionaris, vanaf=vanaf)
        nieuw._history_user = door  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                nieuw.save()
        except IntegrityError:
            raise ValidationError(
                {"vanaf": "Intussen is voor deze datum al iemand aangewezen. Laad de pagina opnieuw."}
            ) from None
    logger.info("coordinatie vastgelegd regio=%s af=%s door=%s", regio.pk, aandachtsfunctionaris.pk, door.pk)
    return nieuw
