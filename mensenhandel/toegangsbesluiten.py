"""Decisions on access grants: a second functioneel beheerder approves or declines a grant that
waits, and a regio's casework for its ketenregisseurs is switched on the same way
(``mensenhandel.toegangsbeheer`` records the grants)."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Regio, Rol, ToegangsLog, Toegangswijziging
from mensenhandel.services import toegang_loggen
from mensenhandel.toegangsbeheer import (
    ZELF_GEWEIGERD,
    Toegang,
    _omschrijving,
    _toepassen,
    toegang_van,
    twee_beheerders_verplicht,
    zelfde_persoon,
)


def _wachtende_ophalen(wijziging: Toegangswijziging) -> Toegangswijziging:
    vers = (
        Toegangswijziging.objects.select_for_update(of=("self",))
        .select_related("gebruiker", "regio", "aangevraagd_door")
        .get(pk=wijziging.pk)
    )
    if vers.status != Toegangswijziging.Status.WACHT:
        raise Geweigerd(
            f"Deze wijziging is al beoordeeld of vervallen (status: {vers.get_status_display().lower()})."
        )
    return vers


def _ketenregisseur_zelf(door: Gebruiker, regio: Regio) -> bool:
    """Whether ``door`` is (with a second account) a ketenregisseur of the regio."""
    krs = Gebruiker.objects.filter(
        groups__name=Rol.KETENREGISSEUR.label,
        regiogebruikerpermissie__content_object=regio,
    ).distinct()
    return any(zelfde_persoon(door, kr) for kr in krs)


def _beoordeling_loggen(
    request: HttpRequest | None, door: Gebruiker, wijziging: Toegangswijziging, wat: str
) -> None:
    """The access-log row of a decision on a change: the user or regio it is about."""
    if wijziging.soort == Toegangswijziging.Soort.CASUISTIEK:
        object_type, object_id = "mensenhandel.Regio", str(wijziging.regio.uuid) if wijziging.regio else ""
    else:
        object_type, object_id = "mensenhandel.Gebruiker", str(wijziging.gebruiker_id)
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.BEHEER,
        object_type=object_type,
        object_id=object_id,
        toelichting=f"toegangswijziging {wat}",
    )


@transaction.atomic
def casuistiek_regio_wijzigen(
    *, door: Gebruiker, regio: Regio, aan: bool, request: HttpRequest | None = None
) -> Toegangswijziging | None:
    """Switch whether the ketenregisseurs of a regio may open its signals and trajectories.

    Switching it on opens case data to each of them at once, so it waits for a second
    beheerder like a grant does; switching it off takes effect at once. None: no change.
    """
    regio = Regio.objects.select_for_update().get(pk=regio.pk)
    if regio.ketenregisseur_mag_casuistiek == aan:
        return None
    if aan and _ketenregisseur_zelf(door, regio):
        raise Geweigerd(ZELF_GEWEIGERD)
    for oud in Toegangswijziging.objects.filter(regio=regio, status=Toegangswijziging.Status.WACHT):
        oud.status, oud.beoordeeld_op = Toegangswijziging.Status.VERVALLEN, timezone.now()
        oud.save(update_fields=["status", "beoordeeld_op"])
    wachten = aan and twee_beheerders_verplicht()
    nu = timezone.now()
    wijziging = Toegangswijziging.objects.create(
        soort=Toegangswijziging.Soort.CASUISTIEK,
        regio=regio,
        aangevraagd_door=door,
        aangevraagd_op=nu,
        voor={"casuistiek": not aan},
        na={"casuistiek": aan},
        opent_persoonsgegevens=aan,
        status=Toegangswijziging.Status.WACHT if wachten else Toegangswijziging.Status.DOORGEVOERD,
        doorgevoerd_op=None if wachten else nu,
    )
    if not wachten:
        regio.ketenregisseur_mag_casuistiek = aan
        regio.save(update_fields=["ketenregisseur_mag_casuistiek"])
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.BEHEER,
        object_type="mensenhandel.Regio",
        object_id=str(regio.uuid),
        toelichting=(
            f"casuïstiek ketenregisseurs {'aan' if aan else 'uit'} "
            f"{'aangevraagd' if wachten else 'gezet'} ({wijziging.uuid})"
        ),
    )
    return wijziging


@transaction.atomic
def toegangswijziging_goedkeuren(
    *, door: Gebruiker, wijziging: Toegangswijziging, request: HttpRequest | None = None
) -> Toegangswijziging:
    """A second functioneel beheerder approves a waiting change; it takes effect now."""
    if wijziging.gebruiker_id is not None:
        Gebruiker.objects.select_for_update().filter(pk=wijziging.gebruiker_id).first()
    if wijziging.regio_id is not None:
        Regio.objects.select_for_update().filter(pk=wijziging.regio_id).first()
    wijziging = _wachtende_ophalen(wijziging)
    if wijziging.aangevraagd_door_id == door.pk:
        raise Geweigerd(
            "U heeft deze wijziging zelf aangevraagd. Een tweede functioneel beheerder moet haar goedkeuren."
        )
    if (
        (wijziging.gebruiker is not None and zelfde_persoon(door, wijziging.gebruiker))
        or (wijziging.aangevraagd_door is not None and zelfde_persoon(wijziging.aangevraagd_door, door))
        or (wijziging.regio is not None and _ketenregisseur_zelf(door, wijziging.regio))
    ):
        raise Geweigerd(
            "U kunt geen toegang goedkeuren voor uzelf, een eigen tweede account of op een eigen aanvraag."
        )
    if door.rol != Rol.FUNCTIONEEL_BEHEERDER:
        raise Geweigerd("Alleen een functioneel beheerder kan een toegangswijziging goedkeuren.")
    if wijziging.soort == Toegangswijziging.Soort.CASUISTIEK:
        regio = cast(Regio, wijziging.regio)
        actueel = regio.ketenregisseur_mag_casuistiek == wijziging.voor["casuistiek"]
    else:
        gebruiker = wijziging.gebruiker
        actueel = gebruiker is not None and toegang_van(gebruiker) == Toegang.uit_json(wijziging.voor)
    if not actueel:
        wijziging.status = Toegangswijziging.Status.VERVALLEN
        wijziging.beoordeeld_op = timezone.now()
        wijziging.save(update_fields=["status", "beoordeeld_op"])
        raise Geweigerd(
            "De toegang is sinds de aanvraag op een andere manier gewijzigd; de aanvraag is vervallen. "
            "Vraag de wijziging zo nodig opnieuw aan."
        )
    if wijziging.soort == Toegangswijziging.Soort.CASUISTIEK:
        regio.ketenregisseur_mag_casuistiek = wijziging.na["casuistiek"]
        regio.save(update_fields=["ketenregisseur_mag_casuistiek"])
        omschrijving = "casuïstiek ketenregisseurs aan"
    else:
        _toepassen(cast(Gebruiker, wijziging.gebruiker), Toegang.uit_json(wijziging.na))
        omschrijving = _omschrijving(wijziging.na)
    nu = timezone.now()
    wijziging.status = Toegangswijziging.Status.DOORGEVOERD
    wijziging.beoordeeld_door, wijziging.beoordeeld_op, wijziging.doorgevoerd_op = door, nu, nu
    wijziging.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "doorgevoerd_op"])
    _beoordeling_loggen(request, door, wijziging, f"goedgekeurd ({wijziging.uuid}): {omschrijving}")
    return wijziging


@transaction.atomic
def toegangswijziging_afwijzen(
    *, door: Gebruiker, wijziging: Toegangswijziging, toelichting: str, request: HttpRequest | None = None
) -> Toegangswijziging:
    """A functioneel beheerder declines a waiting change (the requester may withdraw their own)."""
    if not toelichting.strip():
        raise ValidationError({"toelichting": "Geef aan waarom u deze wijziging afwijst."})
    wijziging = _wachtende_ophalen(wijziging)
    if door.rol != Rol.FUNCTIONEEL_BEHEERDER:
        raise Geweigerd("Alleen een functioneel beheerder kan een toegangswijziging afwijzen.")
    wijziging.status = Toegangswijziging.Status.AFGEWEZEN
    wijziging.beoordeeld_door, wijziging.beoordeeld_op = door, timezone.now()
    wijziging.toelichting = toelichting.strip()[:500]
    wijziging.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "toelichting"])
    _beoordeling_loggen(request, door, wijziging, f"afgewezen ({wijziging.uuid})")
    return wijziging
