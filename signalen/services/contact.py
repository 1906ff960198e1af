"""Hits that lead to a person (issue 18 point 1): whom to call about a signal outside one's reach,
the contact request between the two holders, and their answer.

When stacking pairs a signal with one the user may not read, both holders see the fixed text and
the contact of the other side: the aandachtsfunctionaris who registered the other signal while
they still serve its gemeente, else the first (by name) who serves it; never the other signal's
content or reference. "Contact leggen" sends the other side a request (in the application, and by
e-mail without content, ``signalen.tasks.contactverzoek_mailen``); accepted, both see each other's
reference and each may confirm or reject the pair for their own signal
(``stapeling.koppeling_beoordelen``). Every request and answer is in the access log, as every hit
already is (``stapeling.stapelen``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Meldingsvoorkeur, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import aandachtsfunctionarissen_van
from signalen.models import Contactverzoek, Gebeurtenis, Koppeling, Signaal
from signalen.selectors import mag_bewerken, signalen_leesbaar_voor
from signalen.services.basis import gebeurtenis, namens, nieuws_melden

logger = logging.getLogger("signalen.services")

OBJECT_TYPE = "signalen.Contactverzoek"
ONDERWERP = "Verzoek om contact in Aanpak mensenhandel"
STAPELING = Gebeurtenis.Soort.STAPELING
Status = Contactverzoek.Status

GEEN_CONTACT = (
    "Voor de gemeente van het andere signaal is geen aandachtsfunctionaris met een account bekend. "
    "Neem contact op met de ketenregisseur; die ziet deze treffer in het overzicht van treffers."
)


@dataclass
class TrefferElders:
    """A pair with a signal outside the user's reach, as its holder's page shows it: whom to call,
    the request between the two sides, and what the user may do now. Never the other signal."""

    koppeling: Koppeling
    contact: Gebruiker | None
    verzoek: Contactverzoek | None
    andere_referentie: str  # only once a request was accepted, else ""
    mag_aanvragen: bool
    te_beantwoorden: bool  # a request from the other side waits for this user's answer
    te_bevestigen: bool  # contact was made: this side may confirm or reject the pair


def contactpersonen(signalen: Iterable[Signaal]) -> dict[int, Gebruiker | None]:
    """Per signal, whom to call: its registrar while they serve its gemeente as AF, else the first
    AF (by name) who serves it, else None. One query."""
    lijst = list(signalen)
    per_gemeente = aandachtsfunctionarissen_van(s.gemeente_id for s in lijst)
    uitkomst: dict[int, Gebruiker | None] = {}
    for signaal in lijst:
        kandidaten = per_gemeente.get(signaal.gemeente_id, [])
        registrar = next((g for g in kandidaten if g.pk == signaal.geregistreerd_door_id), None)
        uitkomst[signaal.pk] = registrar or (kandidaten[0] if kandidaten else None)
    return uitkomst


def treffers_elders(
    signaal: Signaal, gebruiker: Gebruiker, paren: list[Koppeling], *, bewerkbaar: bool | None = None
) -> list[TrefferElders]:
    """The signal's pairs outside the user's reach (``Stapeling.elders_paren``, each with
    ``ander`` set) with their contact and request; two queries, whatever their number (a third
    when ``bewerkbaar``, whether the user may edit the signal, is not given)."""
    if bewerkbaar is None:
        bewerkbaar = mag_bewerken(gebruiker, signaal)
    if not paren or not bewerkbaar:
        # Only the holders see whom to call; a zorgcoördinator or ketenregisseur who reads the
        # signal sees the fixed text alone.
        return []
    contacten = contactpersonen(k.ander for k in paren)
    per_paar: dict[int, list[Contactverzoek]] = {}
    for v in Contactverzoek.objects.filter(koppeling__in=paren).order_by("aangevraagd_op", "pk"):
        per_paar.setdefault(v.koppeling_id, []).append(v)
    uitkomst: list[TrefferElders] = []
    for koppeling in paren:
        alle = per_paar.get(koppeling.pk, [])
        # The one that says where the pair stands: the accepted one, else the open one, else the latest.
        verzoek = max(alle, key=lambda v: (_gewicht(v), v.aangevraagd_op, v.pk), default=None)
        status = verzoek.status if verzoek else None
        voorgesteld = koppeling.beoordeling == Koppeling.Beoordeling.VOORGESTELD
        contact = contacten.get(koppeling.ander.pk)
        uitkomst.append(
            TrefferElders(
                koppeling=koppeling,
                contact=contact,
                verzoek=verzoek,
                andere_referentie=koppeling.ander.referentie if status == Status.AANGENOMEN else "",
                mag_aanvragen=_niet_aan_te_vragen(koppeling, signaal, alle, contact) is None,
                te_beantwoorden=verzoek is not None
                and status == Status.OPEN
                and verzoek.aan_signaal_id == signaal.pk,
                te_bevestigen=voorgesteld
                and status == Status.AANGENOMEN
                and not koppeling.bevestigd_door_kant(signaal.pk),
            )
        )
    return uitkomst


def _niet_aan_te_vragen(
    koppeling: Koppeling, signaal: Signaal, verzoeken: list[Contactverzoek], contact: Gebruiker | None
) -> str | None:
    """Why the holder of ``signaal`` may not ask for contact about this pair now (the refusal, in
    Dutch), or None: the page offers "Contact leggen" only when it is None, and
    ``contact_aanvragen`` refuses with it, so the two cannot drift apart. ``verzoeken``: every
    request about the pair."""
    if koppeling.beoordeling != Koppeling.Beoordeling.VOORGESTELD:
        return "Deze treffer is al beoordeeld; een contactverzoek is niet meer nodig."
    if any(v.status == Status.AANGENOMEN for v in verzoeken):
        return "Over deze treffer is al contact gelegd; u ziet de referentie van het andere signaal."
    if any(v.status == Status.OPEN for v in verzoeken):
        return "Over deze treffer staat al een contactverzoek open."
    if any(v.van_signaal_id == signaal.pk for v in verzoeken):
        # Declined: the requester does not ask again (the ketenregisseur brokers); the other side may.
        return (
            "U heeft over deze treffer al om contact gevraagd en het verzoek is afgewezen. "
            "Neem zo nodig contact op met de ketenregisseur."
        )
    if contact is None:
        return GEEN_CONTACT
    return None


def _gewicht(verzoek: Contactverzoek) -> int:
    return {Status.AANGENOMEN: 2, Status.OPEN: 1}.get(Status(verzoek.status), 0)


def _loggen(
    request: HttpRequest | None, door: Gebruiker, verzoek: Contactverzoek, scherm: str, tekst: str
) -> None:
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.WIJZIGEN,
        object_type=OBJECT_TYPE,
        object_id=str(verzoek.uuid),
        scherm=scherm,
        toelichting=tekst,
    )


def contact_aanvragen(
    *, koppeling: Koppeling, signaal: Signaal, door: Gebruiker, request: HttpRequest | None = None
) -> Contactverzoek:
    """Ask the holder of the pair's other signal to get in touch. ``signaal`` is the requester's
    own signal of the pair. Refused (``Geweigerd``, a Dutch message) when the user is the contact
    themselves, may already read the other signal, the pair is judged, or a request was made."""
    with transaction.atomic():
        koppeling = Koppeling.objects.select_for_update().get(pk=koppeling.pk)
        if signaal.pk not in (koppeling.signaal_a_id, koppeling.signaal_b_id) or not mag_bewerken(
            door, signaal
        ):
            raise Geweigerd("Alleen wie het signaal beheert, kan over deze treffer om contact vragen.")
        ander = Signaal.objects.get(pk=koppeling.ander_id(signaal.pk))
        if ander.vernietigd_op is not None or ander.verwerking_beperkt_op is not None:
            raise Geweigerd(
                "Het andere signaal is niet meer beschikbaar; een contactverzoek is niet mogelijk."
            )
        contact = contactpersonen([ander])[ander.pk]
        if contact is not None and contact.pk == door.pk:
            raise Geweigerd(
                "U kunt geen contactverzoek aan uzelf sturen: u bent de contactpersoon van dit signaal."
            )
        if signalen_leesbaar_voor(door).filter(pk=ander.pk).exists():
            raise Geweigerd(
                "U kunt het andere signaal zelf al inzien; een contactverzoek is niet nodig. "
                "Beoordeel de koppeling bij het signaal."
            )
        eerder = list(Contactverzoek.objects.filter(koppeling=koppeling))
        if reden := _niet_aan_te_vragen(koppeling, signaal, eerder, contact):
            raise Geweigerd(reden)
        verzoek = Contactverzoek(
            koppeling=koppeling, van_signaal=signaal, aan_signaal=ander, aangevraagd_door=door, aan=contact
        )
        namens(verzoek, door)
        verzoek.save()
        gebeurtenis(
            signaal, door, "Contactverzoek verstuurd over een treffer buiten uw bereik", soort=STAPELING
        )
        # The request is the other side's work ("Contactverzoeken over treffers"), not news as well.
        gebeurtenis(
            ander, None, "Contactverzoek ontvangen over een treffer buiten uw bereik", soort=STAPELING
        )
        _loggen(request, door, verzoek, "signalen:contact_aanvragen", "contactverzoek verstuurd")
        # Robust: a broker or mail server that is away never fails the request (it waits in the
        # addressee's work list and digest; a worker retries the mail).
        transaction.on_commit(lambda: _mailen_in_de_rij(verzoek.pk), robust=True)
    logger.info("contactverzoek verstuurd verzoek=%s koppeling=%s door=%s", verzoek.pk, koppeling.pk, door.pk)
    return verzoek


def _mailen_in_de_rij(verzoek_id: int) -> None:
    from signalen.tasks import contactverzoek_mailen

    contactverzoek_mailen.delay(verzoek_id)


def contactverzoek_beantwoorden(
    *, verzoek: Contactverzoek, door: Gebruiker, aangenomen: bool, request: HttpRequest | None = None
) -> Contactverzoek:
    """Accept or decline a request; any AF who may edit the addressed signal answers."""
    with transaction.atomic():
        verzoek = (
            Contactverzoek.objects.select_for_update(of=("self",))
            .select_related("van_signaal", "aan_signaal")
            .get(pk=verzoek.pk)
        )
        if not mag_bewerken(door, verzoek.aan_signaal):
            raise Geweigerd("Alleen wie het signaal beheert, kan dit contactverzoek beantwoorden.")
        if verzoek.status != Status.OPEN:
            raise Geweigerd(f"Dit contactverzoek is al beantwoord ({verzoek.get_status_display().lower()}).")
        verzoek.status = Status.AANGENOMEN if aangenomen else Status.AFGEWEZEN
        verzoek.beantwoord_door, verzoek.beantwoord_op = door, timezone.now()
        namens(verzoek, door)
        verzoek.save(update_fields=["status", "beantwoord_door", "beantwoord_op"])
        van, aan = verzoek.van_signaal, verzoek.aan_signaal
        if aangenomen:
            gebeurtenis(
                aan, door, f"Contactverzoek aangenomen: contact met {van.referentie}", soort=STAPELING
            )
            gebeurtenis(
                van, None, f"Contactverzoek aangenomen: contact met {aan.referentie}", soort=STAPELING
            )
        else:
            gebeurtenis(aan, door, "Contactverzoek afgewezen", soort=STAPELING)
            gebeurtenis(van, None, "Contactverzoek afgewezen door de andere gemeente", soort=STAPELING)
        nieuws_melden(van, door)
        uitkomst = "aangenomen" if aangenomen else "afgewezen"
        _loggen(request, door, verzoek, "signalen:contactverzoek", f"contactverzoek {uitkomst}")
    logger.info("contactverzoek beantwoord verzoek=%s uitkomst=%s door=%s", verzoek.pk, uitkomst, door.pk)
    return verzoek


def contactverzoek_mailen(verzoek_id: int) -> str:
    """Mail the addressed AF that a request waits, without content: no reference, gemeente or
    person; a link to their work list. Once: ``gemaild_op`` is set in the transaction that holds
    the request's row, so a redelivered task finds it set; a failing server raises (the task
    retries) and leaves it unset. Not for an answered request, an inactive account, or a user
    who turned e-mail off."""
    with transaction.atomic():
        verzoek = (
            # Only the request's row is locked: the addressee and their preference are outer joins.
            Contactverzoek.objects.select_for_update(of=("self",))
            .filter(pk=verzoek_id, gemaild_op__isnull=True, status=Status.OPEN)
            .select_related("aan__meldingsvoorkeur")
            .first()
        )
        if verzoek is None or verzoek.aan is None or not verzoek.aan.is_active:
            return "niet_nodig"
        voorkeur = getattr(verzoek.aan, "meldingsvoorkeur", None)
        if voorkeur is not None and voorkeur.wijze == Meldingsvoorkeur.Wijze.UIT:
            return "uit"
        tekst = render_to_string(
            "signalen/email_contactverzoek.txt", {"link": settings.APPLICATIE_URL + reverse("werk")}
        )
        EmailMessage(subject=ONDERWERP, body=tekst, to=[verzoek.aan.email]).send()
        Contactverzoek.objects.filter(pk=verzoek.pk).update(gemaild_op=timezone.now())
    logger.info("contactverzoek gemaild verzoek=%s", verzoek_id)
    return "verstuurd"
