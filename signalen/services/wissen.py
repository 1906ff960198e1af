"""Erasing a signal registered in error: the AF asks, a functioneel beheerder decides.

Four eyes: the one who asks never decides. Approved, a signal registered by mistake goes
through the same removal as at the end of its retention term (``signalen.bewaren``): its
personal data and history leave, the anonymous residue stays in the figures. A duplicate or a
test registration leaves altogether, figures included; the next report version says that
signals were taken out of its figures (``rapportage.inhoud``). Either way an access-log row
"vernietigen" names the signal and the beheerder.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.bewaren import historie_wissen
from mensenhandel.cijfers import bronnen_gewijzigd
from mensenhandel.models import Gebruiker, Rol, ToegangsLog
from mensenhandel.services import toegang_loggen
from signalen.bewaren import signaal_vernietigen
from signalen.models import (
    BetrokkenPersoon,
    Doorverwijzing,
    Notitie,
    Overlegbesluit,
    Signaal,
    Wisverzoek,
)

__all__ = ["wisverzoek_beoordelen", "wisverzoek_indienen"]


def _loggen(request: HttpRequest | None, door: Gebruiker, verzoek: Wisverzoek, wat: str, actie: str) -> None:
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=actie,
        object_type="signalen.Signaal",
        object_id=str(verzoek.signaal.uuid) if verzoek.signaal else "",
        toelichting=f"wisverzoek {verzoek.referentie} {wat} ({verzoek.uuid})",
    )


@transaction.atomic
def wisverzoek_indienen(
    *, door: Gebruiker, signaal: Signaal, soort: str, reden: str, request: HttpRequest | None = None
) -> Wisverzoek:
    """The AF of a signal (the view checks it is theirs) asks to erase it, with a reason."""
    fouten = {}
    if soort not in Wisverzoek.Soort.values:
        fouten["soort"] = "Kies wat er mis is met de registratie."
    if not reden.strip():
        fouten["reden"] = (
            "Geef de reden om dit signaal te wissen, bijvoorbeeld het signaal waarvan het een dubbel is."
        )
    if fouten:
        raise ValidationError(fouten)
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if signaal.vernietigd_op is not None:
        raise Geweigerd("De persoonsgegevens van dit signaal zijn al vernietigd.")
    if Wisverzoek.objects.filter(signaal=signaal, status=Wisverzoek.Status.AANGEVRAAGD).exists():
        raise Geweigerd(
            "Voor dit signaal is al een wisverzoek ingediend; de functioneel beheerder beoordeelt het."
        )
    verzoek = Wisverzoek.objects.create(
        signaal=signaal,
        referentie=signaal.referentie,
        gemeente_id=signaal.gemeente_id,
        datum_geregistreerd=signaal.datum_geregistreerd,
        soort=soort,
        reden=reden.strip(),
        aangevraagd_door=door,
    )
    _loggen(request, door, verzoek, "ingediend", actie=ToegangsLog.Actie.WIJZIGEN)
    return verzoek


def _helemaal_wissen(signaal: Signaal) -> None:
    """Delete a signal with everything of it (a duplicate, a test) and its history rows."""
    if Doorverwijzing.objects.filter(signaal=signaal, aanmelding__isnull=False).exists():
        raise Geweigerd(
            "Zorgcoördinatie heeft een doorverwijzing van dit signaal al beantwoord; het kan daarom niet "
            "helemaal worden gewist. Kies ‘per vergissing geregistreerd’ of overleg met de zorgcoördinator."
        )
    pk = signaal.pk
    regio_pks = list(signaal.gemeente.regios.values_list("pk", flat=True))
    signaal_vernietigen(signaal)  # persons, identifiers, notes and their history first
    Signaal.objects.filter(pk=pk).delete()  # cascades to referrals, pairs, table decisions
    for model in (Signaal, BetrokkenPersoon, Notitie, Doorverwijzing, Overlegbesluit):
        historie_wissen(model, **({"id": pk} if model is Signaal else {"signaal_id": pk}))
    # The regio's published figures of this month still count it: they are made again.
    bronnen_gewijzigd.send(sender=Signaal, regio_pks=regio_pks)


@transaction.atomic
def wisverzoek_beoordelen(
    *,
    door: Gebruiker,
    verzoek: Wisverzoek,
    goedkeuren: bool,
    toelichting: str = "",
    request: HttpRequest | None = None,
) -> Wisverzoek:
    """A functioneel beheerder, not the one who asked, approves (the signal is erased now) or declines."""
    if door.rol != Rol.FUNCTIONEEL_BEHEERDER:
        raise Geweigerd("Alleen een functioneel beheerder beoordeelt een wisverzoek.")
    verzoek = Wisverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.status != Wisverzoek.Status.AANGEVRAAGD:
        raise Geweigerd(f"Dit wisverzoek is al beoordeeld ({verzoek.get_status_display().lower()}).")
    if verzoek.aangevraagd_door_id == door.pk:
        raise Geweigerd("U heeft dit wisverzoek zelf ingediend; een ander beoordeelt het.")
    if not goedkeuren and not toelichting.strip():
        raise ValidationError({"toelichting": "Geef aan waarom u het wisverzoek afwijst."})
    verzoek.beoordeeld_door, verzoek.beoordeeld_op = door, timezone.now()
    verzoek.toelichting = toelichting.strip()[:500]
    if not goedkeuren:
        verzoek.status = Wisverzoek.Status.AFGEWEZEN
        verzoek.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "toelichting"])
        _loggen(request, door, verzoek, "afgewezen", actie=ToegangsLog.Actie.BEHEER)
        return verzoek
    signaal = (
        Signaal.objects.select_for_update().filter(pk=verzoek.signaal_id).first()
        if verzoek.signaal_id is not None
        else None
    )
    if signaal is None or signaal.vernietigd_op is not None:
        raise Geweigerd("Dit signaal bestaat niet meer of is al vernietigd.")
    _loggen(request, door, verzoek, "uitgevoerd", actie=ToegangsLog.Actie.VERNIETIGEN)
    if verzoek.telt_mee:
        signaal_vernietigen(signaal)
    else:
        _helemaal_wissen(signaal)
    verzoek.status = Wisverzoek.Status.UITGEVOERD
    verzoek.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "toelichting"])
    return verzoek
