"""Users managed by the functioneel beheerder in the application: create with an invitation,
change, deactivate and reactivate. Role and scope always go through
``mensenhandel.toegangsbeheer.toegang_wijzigen`` (its trail, four eyes and self-check hold).

A new user never gets a password from the beheerder: an invitation e-mail carries a one-time link
(only its hash is stored) to choose one, after which the first login's enrolment of the second
factor follows (``views.inloggen_koppelen``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from mensenhandel import mail
from mensenhandel.acties import Geweigerd, eenmalig
from mensenhandel.models import (
    Gebruiker,
    Gemeente,
    Organisatie,
    Regio,
    Rol,
    ToegangsLog,
    Toegangswijziging,
    Uitnodiging,
)
from mensenhandel.services import toegang_loggen
from mensenhandel.toegangsbeheer import toegang_wijzigen
from mensenhandel.tokens import hash_van_link, nieuw_token

logger = logging.getLogger("mensenhandel.services")

OBJECT_TYPE = "mensenhandel.Gebruiker"
ONGELDIG = "Deze uitnodiging werkt niet meer."


@dataclass(frozen=True)
class NieuweOrganisatie:
    """An organisation made on the way, in the user's form."""

    naam: str
    soort: str
    gemeente: Gemeente | None = None


@dataclass(frozen=True)
class Gebruikersgegevens:
    """What the beheerder fills in about a user: who, where from, and which access."""

    naam: str
    email: str
    organisatie: Organisatie | None
    rol: Rol | None
    gemeenten: tuple[Gemeente, ...] = ()
    regios: tuple[Regio, ...] = ()
    nieuwe_organisatie: NieuweOrganisatie | None = None
    telefoon: str = ""


def _loggen(request: HttpRequest | None, door: Gebruiker, gebruiker: Gebruiker, toelichting: str) -> None:
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.BEHEER,
        object_type=OBJECT_TYPE,
        object_id=str(gebruiker.pk),
        toelichting=toelichting,
    )


def _organisatie(gegevens: Gebruikersgegevens) -> Organisatie | None:
    """The chosen organisation, or the new one made now (its errors on the form's own fields)."""
    nieuw = gegevens.nieuwe_organisatie
    if nieuw is None:
        return gegevens.organisatie
    if Organisatie.objects.filter(naam__iexact=nieuw.naam).exists():
        raise ValidationError(
            {"organisatie_naam": "Deze organisatie bestaat al: kies haar hierboven in de lijst."}
        )
    organisatie = Organisatie(naam=nieuw.naam, soort=nieuw.soort, gemeente=nieuw.gemeente)
    try:
        organisatie.full_clean()
    except ValidationError as fout:
        raise ValidationError(
            {f"organisatie_{veld}": meldingen for veld, meldingen in fout.message_dict.items()}
        ) from fout
    organisatie.save()
    return organisatie


def _email_vrij(email: str, behalve: Gebruiker | None = None) -> None:
    andere = Gebruiker.objects.filter(email__iexact=email)
    if behalve is not None:
        andere = andere.exclude(pk=behalve.pk)
    if andere.exists():
        raise ValidationError({"email": "Er is al een gebruiker met dit e-mailadres."})


def _toegang(
    door: Gebruiker, gebruiker: Gebruiker, gegevens: Gebruikersgegevens, request: HttpRequest | None
) -> Toegangswijziging | None:
    return toegang_wijzigen(
        door=door,
        gebruiker=gebruiker,
        rol=gegevens.rol,
        gemeenten=gegevens.gemeenten,
        regios=gegevens.regios,
        request=request,
    )


def _uitnodiging_maken(*, door: Gebruiker, gebruiker: Gebruiker, formuliertoken: Any = None) -> Uitnodiging:
    """A new open invitation; an open one before it is replaced. The token lives in memory only."""
    nu = timezone.now()
    Uitnodiging.objects.filter(gebruiker=gebruiker, status=Uitnodiging.Status.OPEN).update(
        status=Uitnodiging.Status.VERVANGEN, afgesloten_op=nu, afgesloten_door=door
    )
    token, hash_ = nieuw_token()
    uitnodiging = Uitnodiging.objects.create(
        gebruiker=gebruiker,
        token_hash=hash_,
        formuliertoken=formuliertoken,
        aangemaakt_door=door,
        aangemaakt_op=nu,
        verloopt_op=nu + timedelta(hours=settings.UITNODIGING_GELDIG_UREN),
    )
    uitnodiging.token = token
    return uitnodiging


def uitnodiging_mailen(*, uitnodiging: Uitnodiging, site: str) -> bool:
    """Send the invitation e-mail (no case content); record when it went out. False when the mail
    server refused or could not be reached: the beheerder is told and can send a new one."""
    gebruiker = uitnodiging.gebruiker
    link = site.rstrip("/") + reverse("uitnodiging", kwargs={"token": uitnodiging.token})
    if not mail.versturen(
        onderwerp="Uitnodiging voor de applicatie Aanpak mensenhandel",
        sjabloon="uitnodiging/email.txt",
        context={
            "naam": gebruiker.naam,
            "link": link,
            "verloopt_op": timezone.localtime(uitnodiging.verloopt_op),
            "uren": settings.UITNODIGING_GELDIG_UREN,
        },
        aan=gebruiker.email,
        wat="uitnodiging",
        pk=uitnodiging.pk,
    ):
        return False
    uitnodiging.verstuurd_op = timezone.now()
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(verstuurd_op=uitnodiging.verstuurd_op)
    return True


def gebruiker_uitnodigen(
    *,
    door: Gebruiker,
    gegevens: Gebruikersgegevens,
    site: str,
    formuliertoken: Any = None,
    request: HttpRequest | None = None,
) -> tuple[Uitnodiging, Toegangswijziging | None, bool]:
    """Create a user (no password), give the role and scope through ``toegang_wijzigen``, and send
    an invitation after the transaction (``eenmalig``'s) is done: not ``on_commit``, so that the
    beheerder is told at once whether the mail went out. Returns (invitation, access change, new);
    a repeated submit of the same form returns the first invitation with new=False, sending nothing."""
    wijzigingen: list[Toegangswijziging | None] = []

    def maken() -> Uitnodiging:
        _email_vrij(gegevens.email)
        organisatie = _organisatie(gegevens)
        gebruiker = Gebruiker(
            email=gegevens.email, naam=gegevens.naam, organisatie=organisatie, telefoon=gegevens.telefoon
        )
        gebruiker.set_unusable_password()
        gebruiker.full_clean(exclude=["password"])
        gebruiker.save()
        _loggen(request, door, gebruiker, "gebruiker aangemaakt")
        wijzigingen.append(_toegang(door, gebruiker, gegevens, request))
        uitnodiging = _uitnodiging_maken(door=door, gebruiker=gebruiker, formuliertoken=formuliertoken)
        _loggen(request, door, gebruiker, f"uitnodiging gemaakt ({uitnodiging.uuid})")
        return uitnodiging

    eigen = Uitnodiging.objects.filter(aangemaakt_door=door).select_related("gebruiker")
    uitnodiging, nieuw = eenmalig(eigen, formuliertoken, maken)
    if not nieuw:
        return uitnodiging, None, False
    uitnodiging_mailen(uitnodiging=uitnodiging, site=site)
    logger.info("gebruiker uitgenodigd gebruiker=%s door=%s", uitnodiging.gebruiker_id, door.pk)
    return uitnodiging, wijzigingen[-1], True


@transaction.atomic
def gebruiker_wijzigen(
    *,
    door: Gebruiker,
    gebruiker: Gebruiker,
    gegevens: Gebruikersgegevens,
    request: HttpRequest | None = None,
) -> Toegangswijziging | None:
    """Change a user's name, e-mail address, organisation, role and scope. Returns the access change
    (waiting for a second beheerder where it opens personal data), None when access stays."""
    gebruiker = Gebruiker.objects.select_for_update().get(pk=gebruiker.pk)
    if not gebruiker.is_active and gegevens.rol is not None:
        raise Geweigerd("Heractiveer deze gebruiker eerst; daarna kunt u een rol geven.")
    _email_vrij(gegevens.email, behalve=gebruiker)
    organisatie = _organisatie(gegevens)
    veranderd = [
        label
        for label, oud, nieuw in (
            ("naam", gebruiker.naam, gegevens.naam),
            ("e-mailadres", gebruiker.email, gegevens.email.lower()),
            ("organisatie", gebruiker.organisatie_id, organisatie.pk if organisatie else None),
            ("telefoonnummer", gebruiker.telefoon, gegevens.telefoon),
        )
        if oud != nieuw
    ]
    if veranderd:
        gebruiker.naam, gebruiker.email, gebruiker.organisatie = gegevens.naam, gegevens.email, organisatie
        gebruiker.telefoon = gegevens.telefoon
        gebruiker.full_clean(exclude=["password"])
        gebruiker.save(update_fields=["naam", "email", "organisatie", "telefoon"])
        _loggen(request, door, gebruiker, f"gegevens gewijzigd: {', '.join(veranderd)}")
        if "e-mailadres" in veranderd:
            # The open link went to the old address: it stops working; the beheerder sends a new one.
            ingetrokken = Uitnodiging.objects.filter(
                gebruiker=gebruiker, status=Uitnodiging.Status.OPEN
            ).update(
                status=Uitnodiging.Status.INGETROKKEN, afgesloten_op=timezone.now(), afgesloten_door=door
            )
            if ingetrokken:
                _loggen(request, door, gebruiker, "open uitnodiging ingetrokken: e-mailadres gewijzigd")
    # After the new name and address are saved: the service's check of a beheerder's own
    # (second) account sees the account as it is now.
    return _toegang(door, gebruiker, gegevens, request)


@transaction.atomic
def gebruiker_deactiveren(
    *, door: Gebruiker, gebruiker: Gebruiker, request: HttpRequest | None = None
) -> None:
    """End a user's access at once: inactive (their session ends), role and scope withdrawn (in the
    trail), open invitations revoked. The account and its history stay."""
    gebruiker = Gebruiker.objects.select_for_update().get(pk=gebruiker.pk)
    if gebruiker.pk == door.pk:
        raise Geweigerd("U kunt uw eigen account niet deactiveren. Vraag een andere functioneel beheerder.")
    if not gebruiker.is_active:
        raise Geweigerd(f"{gebruiker.naam} is al gedeactiveerd.")
    toegang_wijzigen(door=door, gebruiker=gebruiker, rol=None, request=request)
    Uitnodiging.objects.filter(gebruiker=gebruiker, status=Uitnodiging.Status.OPEN).update(
        status=Uitnodiging.Status.INGETROKKEN, afgesloten_op=timezone.now(), afgesloten_door=door
    )
    gebruiker.is_active = False
    gebruiker.save(update_fields=["is_active"])
    _loggen(request, door, gebruiker, "gebruiker gedeactiveerd")


@transaction.atomic
def gebruiker_heractiveren(
    *, door: Gebruiker, gebruiker: Gebruiker, request: HttpRequest | None = None
) -> None:
    """Let a deactivated user log in again, without a role: the beheerder gives one afterwards,
    through ``toegang_wijzigen`` (and a second beheerder where it opens personal data)."""
    gebruiker = Gebruiker.objects.select_for_update().get(pk=gebruiker.pk)
    if gebruiker.is_active:
        raise Geweigerd(f"{gebruiker.naam} is al actief.")
    gebruiker.is_active = True
    gebruiker.save(update_fields=["is_active"])
    _loggen(request, door, gebruiker, "gebruiker geheractiveerd")


def uitnodiging_opnieuw_versturen(
    *, door: Gebruiker, gebruiker: Gebruiker, site: str, request: HttpRequest | None = None
) -> Uitnodiging:
    """A new invitation for a user who has not chosen a password yet; the open one stops working.
    The mail goes out once the new invitation is stored."""
    uitnodiging = _nieuwe_uitnodiging(door=door, gebruiker=gebruiker, request=request)
    uitnodiging_mailen(uitnodiging=uitnodiging, site=site)
    return uitnodiging


@transaction.atomic
def _nieuwe_uitnodiging(*, door: Gebruiker, gebruiker: Gebruiker, request: HttpRequest | None) -> Uitnodiging:
    gebruiker = Gebruiker.objects.select_for_update().get(pk=gebruiker.pk)
    if not gebruiker.is_active:
        raise Geweigerd("Heractiveer deze gebruiker eerst; daarna kunt u een uitnodiging versturen.")
    if gebruiker.has_usable_password():
        raise Geweigerd(f"{gebruiker.naam} heeft de uitnodiging al aangenomen en logt zelf in.")
    uitnodiging = _uitnodiging_maken(door=door, gebruiker=gebruiker)
    _loggen(request, door, gebruiker, f"nieuwe uitnodiging gemaakt ({uitnodiging.uuid})")
    return uitnodiging


@transaction.atomic
def uitnodiging_intrekken(
    *, door: Gebruiker, gebruiker: Gebruiker, request: HttpRequest | None = None
) -> None:
    """Revoke a user's open invitation: its link answers that it no longer works."""
    open_ = Uitnodiging.objects.select_for_update().filter(
        gebruiker=gebruiker, status=Uitnodiging.Status.OPEN
    )
    uitnodiging = open_.first()
    if uitnodiging is None:
        raise Geweigerd("Er is geen open uitnodiging om in te trekken.")
    uitnodiging.status = Uitnodiging.Status.INGETROKKEN
    uitnodiging.afgesloten_op = timezone.now()
    uitnodiging.afgesloten_door = door
    uitnodiging.save(update_fields=["status", "afgesloten_op", "afgesloten_door"])
    _loggen(request, door, gebruiker, f"uitnodiging ingetrokken ({uitnodiging.uuid})")


# --- The invited user ----------------------------------------------------------------------------


def uitnodiging_bij_token(token: str) -> Uitnodiging | None:
    """The invitation whose link this is, while it still works; None for an unknown, used,
    revoked, replaced or expired link alike."""
    hash_ = hash_van_link(token)
    uitnodiging = (
        Uitnodiging.objects.select_related("gebruiker").filter(token_hash=hash_).first() if hash_ else None
    )
    if uitnodiging is None or not uitnodiging.bruikbaar or not uitnodiging.gebruiker.is_active:
        return None
    return uitnodiging


def uitnodiging_bruikbaar(pk: Any) -> Uitnodiging | None:
    """``uitnodiging_bij_token`` for an invitation already opened in this session."""
    uitnodiging = Uitnodiging.objects.select_related("gebruiker").filter(pk=pk).first()
    if uitnodiging is None or not uitnodiging.bruikbaar or not uitnodiging.gebruiker.is_active:
        return None
    return uitnodiging


@transaction.atomic
def uitnodiging_aannemen(
    *, uitnodiging: Uitnodiging, wachtwoord: str, request: HttpRequest | None = None
) -> Gebruiker:
    """The invited user chooses a password; the link is used up. The second factor follows."""
    vers = Uitnodiging.objects.select_for_update().select_related("gebruiker").get(pk=uitnodiging.pk)
    if not vers.bruikbaar or not vers.gebruiker.is_active:
        raise Geweigerd(ONGELDIG)
    gebruiker = vers.gebruiker
    try:
        validate_password(wachtwoord, gebruiker)
    except ValidationError as fout:
        raise ValidationError({"wachtwoord": fout.messages}) from fout
    gebruiker.set_password(wachtwoord)
    gebruiker.save(update_fields=["password"])
    vers.status = Uitnodiging.Status.GEBRUIKT
    vers.afgesloten_op = timezone.now()
    vers.save(update_fields=["status", "afgesloten_op"])
    toegang_loggen(
        request=request,
        gebruiker=gebruiker,
        actie=ToegangsLog.Actie.BEHEER,
        object_type=OBJECT_TYPE,
        object_id=str(gebruiker.pk),
        scherm="uitnodiging",
        toelichting=f"uitnodiging aangenomen, wachtwoord gekozen ({vers.uuid})",
    )
    return gebruiker
