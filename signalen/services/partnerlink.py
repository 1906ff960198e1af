"""The partner's one-time link (issue 18): the AF sends the contact person of a referral a link
with which they set the feedback themselves, without an account; the AF can revoke it.

The e-mail and the public page carry no case content: the reference, the date and the kind of
referral only. The token is in the e-mail alone; the database keeps its hash
(``mensenhandel.tokens``, as the invitations do).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from mensenhandel import mail
from mensenhandel.acties import Geweigerd, eenmalig
from mensenhandel.models import Gebruiker, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.tokens import hash_van_link, nieuw_token
from signalen.models import Bestemming, Doorverwijzing, Partnerlink
from signalen.services.basis import gebeurtenis, nieuws_melden, vergrendeld
from signalen.services.terugkoppeling import (
    TERUGKOPPELING,
    _terugkoppeling_zetten,
    volgende_terugkoppelingen,
)

OBJECT_TYPE = "signalen.Doorverwijzing"
GEEN_LINK_ZC = (
    "Een aanmelding bij zorgcoördinatie beantwoordt de zorgcoördinator in de applicatie; daar hoort geen "
    "link bij."
)
GEEN_LINK_AFGEROND = "Deze doorverwijzing is afgerond of afgewezen; er valt niets meer terug te koppelen."


def _loggen(request: HttpRequest | None, door: Gebruiker | None, link: Partnerlink, toelichting: str) -> None:
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.WIJZIGEN,
        object_type=OBJECT_TYPE,
        object_id=str(link.doorverwijzing.uuid),
        toelichting=f"{toelichting} ({link.uuid})",
    )


def open_partnerlink(doorverwijzing: Doorverwijzing) -> Partnerlink | None:
    """The link of this referral that still works, if any."""
    nu = timezone.now()
    return (
        doorverwijzing.partnerlinks.filter(gebruikt_op=None, ingetrokken_op=None, verloopt_op__gt=nu)
        .order_by("-aangemaakt_op")
        .first()
    )


def _intrekken(doorverwijzing: Doorverwijzing, door: Gebruiker) -> int:
    return doorverwijzing.partnerlinks.filter(gebruikt_op=None, ingetrokken_op=None).update(
        ingetrokken_op=timezone.now(), ingetrokken_door=door
    )


def _mailen(link: Partnerlink, token: str, site: str) -> bool:
    adres = site.rstrip("/") + reverse("signalen:partnerantwoord", kwargs={"token": token})
    if not mail.versturen(
        onderwerp="Verzoek om terugkoppeling op een doorverwijzing (Aanpak mensenhandel)",
        sjabloon="signalen/partnerlink/email.txt",
        context={
            "link": adres,
            "verloopt_op": timezone.localtime(link.verloopt_op),
            "dagen": settings.PARTNERLINK_GELDIG_DAGEN,
        },
        aan=link.email,
        wat="partnerlink",
        pk=link.pk,
    ):
        return False
    link.verstuurd_op = timezone.now()
    Partnerlink.objects.filter(pk=link.pk).update(verstuurd_op=link.verstuurd_op)
    return True


def partnerlink_versturen(
    *,
    doorverwijzing: Doorverwijzing,
    door: Gebruiker,
    email: str,
    site: str,
    formuliertoken: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> tuple[Partnerlink, bool, bool]:
    """Make a new link for the referral's contact person (an open one is revoked) and mail it.
    Returns (link, new, mailed): a repeated submit of the same form sends nothing again; not
    mailed: the mail server failed, the AF is told and can send a new one."""
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        raise Geweigerd(GEEN_LINK_ZC)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as fout:
        raise ValidationError(
            {"email": "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."}
        ) from fout
    tokens: list[str] = []

    def maken() -> Partnerlink:
        vergrendeld(doorverwijzing.signaal, door)
        actueel = (
            Doorverwijzing.objects.select_for_update().select_related("signaal").get(pk=doorverwijzing.pk)
        )
        if not volgende_terugkoppelingen(actueel):
            raise Geweigerd(GEEN_LINK_AFGEROND)
        _intrekken(actueel, door)
        token, hash_ = nieuw_token()
        tokens.append(token)
        nu = timezone.now()
        link = Partnerlink(
            doorverwijzing=actueel,
            token_hash=hash_,
            email=email,
            formuliertoken=formuliertoken,
            aangemaakt_door=door,
            aangemaakt_op=nu,
            verloopt_op=nu + timedelta(days=settings.PARTNERLINK_GELDIG_DAGEN),
        )
        link.full_clean()
        link.save()
        gebeurtenis(
            actueel.signaal,
            door,
            f"Link voor terugkoppeling gestuurd naar {actueel.get_bestemming_display()}",
            soort=TERUGKOPPELING,
        )
        _loggen(request, door, link, "partnerlink gemaakt")
        return link

    eigen = Partnerlink.objects.filter(aangemaakt_door=door).select_related("doorverwijzing")
    link, nieuw = eenmalig(eigen, formuliertoken, maken)
    if not nieuw:
        return link, False, link.verstuurd_op is not None
    return link, True, _mailen(link, tokens[0], site)


def partnerlink_intrekken(
    *, doorverwijzing: Doorverwijzing, door: Gebruiker, request: HttpRequest | None = None
) -> None:
    """The AF revokes the open link of a referral; from now on it answers as an unknown page."""
    with transaction.atomic():
        vergrendeld(doorverwijzing.signaal, door)
        link = open_partnerlink(doorverwijzing)
        if link is None:
            raise Geweigerd("Er is geen werkende link om in te trekken.")
        _intrekken(doorverwijzing, door)
        gebeurtenis(
            doorverwijzing.signaal,
            door,
            f"Link voor terugkoppeling van {doorverwijzing.get_bestemming_display()} ingetrokken",
            soort=TERUGKOPPELING,
        )
        _loggen(request, door, link, "partnerlink ingetrokken")


def partnerlink_bij_token(token: str) -> Partnerlink | None:
    """The link this token opens while it works; None for an unknown, forged, used, revoked or
    expired link alike."""
    hash_ = hash_van_link(token)
    if hash_ is None:
        return None
    link = Partnerlink.objects.select_related("doorverwijzing__signaal").filter(token_hash=hash_).first()
    if link is None or not link.bruikbaar or not volgende_terugkoppelingen(link.doorverwijzing):
        return None
    signaal = link.doorverwijzing.signaal
    if signaal.verwerking_beperkt_op is not None or signaal.vernietigd_op is not None:
        return None  # restricted or destroyed: nothing may change it now
    return link


def partnerlink_beantwoorden(
    *, link: Partnerlink, status: str, bericht: str, request: HttpRequest | None = None
) -> Doorverwijzing:
    """The partner sets the feedback through the link (which is then used up), through the same
    transitions as the AF's feedback; the signal's owner sees it as news."""
    with transaction.atomic():
        link = Partnerlink.objects.select_for_update().get(pk=link.pk)
        if not link.bruikbaar:
            raise Geweigerd("Deze link werkt niet meer.")
        doorverwijzing = (
            Doorverwijzing.objects.select_for_update()
            .select_related("signaal")
            .get(pk=link.doorverwijzing_id)
        )
        if doorverwijzing.signaal.verwerking_beperkt_op is not None:
            raise Geweigerd("Deze link werkt niet meer.")
        _terugkoppeling_zetten(doorverwijzing, status, bericht, None, None)
        link.gebruikt_op = timezone.now()
        link.save(update_fields=["gebruikt_op"])
        gebeurtenis(
            doorverwijzing.signaal,
            None,
            f"Terugkoppeling {doorverwijzing.get_bestemming_display()}: "
            f"{doorverwijzing.get_terugkoppeling_display().lower()} (door partner via link)",
            soort=TERUGKOPPELING,
        )
        nieuws_melden(doorverwijzing.signaal, None)
        _loggen(request, None, link, f"partnerlink gebruikt: {doorverwijzing.terugkoppeling}")
    return doorverwijzing
