"""Every write of the kernel: access log, users and their roles, role permissions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm, remove_perm

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol, ToegangsLog, Toegangswijziging
from mensenhandel.onderdelen import onderdelen

logger = logging.getLogger(__name__)

# Model permissions of the kernel per role; each app adds its own through the
# ``rol_permissies`` attribute of its AppConfig (see rollen_synchroniseren).
KERNEL_ROL_PERMISSIES: dict[Rol, list[str]] = {
    Rol.FUNCTIONEEL_BEHEERDER: [
        "mensenhandel.view_gebruiker",
        "mensenhandel.add_gebruiker",
        "mensenhandel.change_gebruiker",
        "mensenhandel.view_gemeente",
        "mensenhandel.add_gemeente",
        "mensenhandel.change_gemeente",
        "mensenhandel.view_regio",
        "mensenhandel.add_regio",
        "mensenhandel.change_regio",
        "mensenhandel.view_organisatie",
        "mensenhandel.add_organisatie",
        "mensenhandel.change_organisatie",
        "mensenhandel.view_toegangslog",
        "mensenhandel.view_toegangswijziging",
        # Only where the installation has no privacy officer (``mensenhandel.inzage``).
        "mensenhandel.view_inzageverzoek",
        "mensenhandel.add_inzageverzoek",
    ],
    Rol.PRIVACYFUNCTIONARIS: [
        "mensenhandel.view_toegangslog",
        "mensenhandel.view_toegangswijziging",
        "mensenhandel.view_inzageverzoek",
        "mensenhandel.add_inzageverzoek",
    ],
}


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or None


def toegang_loggen(
    *,
    request: HttpRequest | None,
    actie: str,
    uitkomst: str = ToegangsLog.Uitkomst.TOEGESTAAN,
    gebruiker: Gebruiker | None = None,
    object_type: str = "",
    object_id: str = "",
    scherm: str = "",
    toelichting: str = "",
    getoond: Iterable[tuple[str, object]] = (),
) -> ToegangsLog:
    """Write one line to the access log; the one helper every view and export calls.

    ``getoond``: the records a list page showed, as (object type, id) pairs."""
    if gebruiker is None and request is not None and request.user.is_authenticated:
        gebruiker = request.user
    if not scherm and request is not None:
        match = getattr(request, "resolver_match", None)
        scherm = (match.view_name if match else "") or request.path[:200]
    regel = ToegangsLog(
        gebruiker=gebruiker,
        rol=(gebruiker.rol.value if gebruiker is not None and gebruiker.rol else ""),
        actie=actie,
        uitkomst=uitkomst,
        object_type=object_type,
        object_id=str(object_id),
        scherm=scherm[:200],
        ip_adres=_client_ip(request),
        toelichting=toelichting[:200],
        getoond=[f"{soort}:{pk}" for soort, pk in getoond],
    )
    regel.save()
    # Ids only: never names or e-mail addresses in log messages.
    logger.info(
        "toegang actie=%s uitkomst=%s gebruiker=%s object=%s:%s scherm=%s",
        actie,
        uitkomst,
        gebruiker.pk if gebruiker is not None else "-",
        object_type or "-",
        object_id or "-",
        regel.scherm,
    )
    return regel


def rol_permissies() -> dict[Rol, set[str]]:
    """The model permissions of each role: the kernel's plus each app's."""
    totaal: dict[Rol, set[str]] = {rol: set() for rol in Rol}
    bronnen: list[Mapping[Rol, Sequence[str]]] = [KERNEL_ROL_PERMISSIES]
    bronnen += [c.rol_permissies for c in onderdelen()]
    for bron in bronnen:
        for rol, permissies in bron.items():
            totaal[rol].update(permissies)
    return totaal


@transaction.atomic
def rollen_synchroniseren() -> None:
    """Create the four role groups and give each exactly its model permissions."""
    for rol, permissies in rol_permissies().items():
        groep, _ = Group.objects.get_or_create(name=rol.label)
        gevonden = []
        for naam in sorted(permissies):
            app_label, codename = naam.split(".", 1)
            gevonden.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        groep.permissions.set(gevonden)


# --- Role and scope: who may see what -----------------------------------------------------------
#
# Every grant, change and withdrawal is a Toegangswijziging (who, whom, before, after, when). A
# change that opens personal data waits for a second functioneel beheerder when the installation
# asks for two (TOEGANG_TWEE_BEHEERDERS); what it withdraws takes effect at once.


@dataclass(frozen=True)
class Toegang:
    """A user's role and scope: gemeenten for an AF, regio's for a ZC or KR, none otherwise."""

    rol: Rol | None
    gemeenten: frozenset[Gemeente] = frozenset()
    regios: frozenset[Regio] = frozenset()

    @classmethod
    def van(
        cls, rol: Rol | None, gemeenten: Iterable[Gemeente] = (), regios: Iterable[Regio] = ()
    ) -> Toegang:
        """The scope that fits the role; scope another role does not use is dropped."""
        return cls(
            rol=rol,
            gemeenten=frozenset(gemeenten) if rol == Rol.AANDACHTSFUNCTIONARIS else frozenset(),
            regios=frozenset(regios) if rol in (Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR) else frozenset(),
        )

    def persoonsgegevens(self) -> frozenset[tuple[str, int]]:
        """What of the case data this access opens: the gemeenten of an AF, the regio's of a ZC,
        the regio's of a KR where the regio allows casework."""
        if self.rol == Rol.AANDACHTSFUNCTIONARIS:
            return frozenset(("gemeente", g.pk) for g in self.gemeenten)
        if self.rol == Rol.ZORGCOORDINATOR:
            return frozenset(("zorgcoordinatie", r.pk) for r in self.regios)
        if self.rol == Rol.KETENREGISSEUR:
            return frozenset(("casuistiek", r.pk) for r in self.regios if r.ketenregisseur_mag_casuistiek)
        return frozenset()

    def zonder_nieuwe_persoonsgegevens(self, voor: Toegang) -> Toegang:
        """This access less what it opens beyond ``voor``: what may take effect before approval."""
        if self.rol == voor.rol:
            gemeenten = self.gemeenten & voor.gemeenten
            regios = self.regios & voor.regios if self.rol == Rol.ZORGCOORDINATOR else self.regios
            if self.rol == Rol.KETENREGISSEUR:
                regios = frozenset(
                    r for r in self.regios if r in voor.regios or not r.ketenregisseur_mag_casuistiek
                )
            return Toegang.van(self.rol, gemeenten, regios)
        if self.rol == Rol.KETENREGISSEUR:
            zonder = frozenset(r for r in self.regios if not r.ketenregisseur_mag_casuistiek)
            return Toegang.van(self.rol, regios=zonder) if zonder else Toegang(None)
        return Toegang(None)

    def als_json(self) -> dict[str, Any]:
        """As stored in the trail: the names as they were, beside the ids."""
        return {
            "rol": self.rol.value if self.rol else "",
            "gemeenten": sorted([g.pk, g.naam] for g in self.gemeenten),
            "regios": sorted([r.pk, r.naam] for r in self.regios),
        }

    @classmethod
    def uit_json(cls, data: dict[str, Any]) -> Toegang:
        return cls.van(
            Rol(data["rol"]) if data["rol"] else None,
            Gemeente.objects.filter(pk__in=[pk for pk, _ in data["gemeenten"]]),
            Regio.objects.filter(pk__in=[pk for pk, _ in data["regios"]]),
        )


def toegang_van(gebruiker: Gebruiker) -> Toegang:
    """A user's role and scope as they are now."""
    gebruiker.__dict__.pop("_rol_cache", None)
    return Toegang.van(
        gebruiker.rol,
        Gemeente.objects.filter(gemeentegebruikerpermissie__user=gebruiker),
        Regio.objects.filter(regiogebruikerpermissie__user=gebruiker),
    )


def _toepassen(gebruiker: Gebruiker, toegang: Toegang) -> None:
    """Give a user exactly this role and scope. Takes effect on the user's next request."""
    rolgroepen = Group.objects.filter(name__in=[r.label for r in Rol])
    gebruiker.groups.remove(*rolgroepen)
    if toegang.rol is not None:
        gebruiker.groups.add(Group.objects.get(name=toegang.rol.label))
    gebruiker.__dict__.pop("_rol_cache", None)

    for gemeente in Gemeente.objects.filter(gemeentegebruikerpermissie__user=gebruiker):
        if gemeente not in toegang.gemeenten:
            remove_perm("mensenhandel.bedient_gemeente", gebruiker, gemeente)
    for gemeente in toegang.gemeenten:
        assign_perm("mensenhandel.bedient_gemeente", gebruiker, gemeente)
    for regio in Regio.objects.filter(regiogebruikerpermissie__user=gebruiker):
        if regio not in toegang.regios:
            remove_perm("mensenhandel.bedient_regio", gebruiker, regio)
    for regio in toegang.regios:
        assign_perm("mensenhandel.bedient_regio", gebruiker, regio)

    # Only the functional administrator works in the Django admin.
    gebruiker.is_staff = toegang.rol == Rol.FUNCTIONEEL_BEHEERDER
    gebruiker.save(update_fields=["is_staff"])


def _mailbox(email: str) -> str:
    lokaal, _, domein = email.lower().partition("@")
    return f"{lokaal.split('+', 1)[0]}@{domein}"


def zelfde_persoon(a: Gebruiker, b: Gebruiker) -> bool:
    """Whether two accounts are (probably) one person: the same account, the same mailbox
    (``jan+zc@`` is ``jan@``), or the same name. A beheerder's second account is found this
    way; one under another name and address is not (the second beheerder's review is the
    check there)."""
    naam_a, naam_b = " ".join(a.naam.casefold().split()), " ".join(b.naam.casefold().split())
    return a.pk == b.pk or _mailbox(a.email) == _mailbox(b.email) or bool(naam_a and naam_a == naam_b)


ZELF_GEWEIGERD = (
    "U kunt uzelf (of een eigen tweede account) geen toegang tot casuïstiek geven. Vraag een andere "
    "functioneel beheerder om deze wijziging te doen."
)


def eigen_toegang_controleren(*, door: Gebruiker, gebruiker: Gebruiker, na: Toegang) -> None:
    """Refuse a change by which a beheerder opens case data to themselves."""
    if not zelfde_persoon(door, gebruiker):
        return
    voor = toegang_van(gebruiker) if gebruiker.pk is not None else Toegang(None)
    if na.persoonsgegevens() - voor.persoonsgegevens():
        raise Geweigerd(ZELF_GEWEIGERD)


def _omschrijving(toegang: dict[str, Any]) -> str:
    """A short text for the access log: the role and how much scope (names are in the trail)."""
    rol = Rol(toegang["rol"]).label.lower() if toegang["rol"] else "geen rol"
    delen = [f"{len(toegang['gemeenten'])} gemeente(n)"] if toegang["gemeenten"] else []
    delen += [f"{len(toegang['regios'])} regio('s)"] if toegang["regios"] else []
    return f"{rol} ({', '.join(delen)})" if delen else rol


def _vastleggen(
    *,
    gebruiker: Gebruiker,
    door: Gebruiker | None,
    voor: Toegang,
    na: Toegang,
    status: str,
    request: HttpRequest | None,
) -> Toegangswijziging:
    nu = timezone.now()
    wijziging = Toegangswijziging.objects.create(
        gebruiker=gebruiker,
        aangevraagd_door=door,
        aangevraagd_op=nu,
        voor=voor.als_json(),
        na=na.als_json(),
        opent_persoonsgegevens=bool(na.persoonsgegevens() - voor.persoonsgegevens()),
        status=status,
        doorgevoerd_op=nu if status == Toegangswijziging.Status.DOORGEVOERD else None,
    )
    if door is not None:
        wat = "aangevraagd" if status == Toegangswijziging.Status.WACHT else "gewijzigd"
        toegang_loggen(
            request=request,
            gebruiker=door,
            actie=ToegangsLog.Actie.BEHEER,
            object_type="mensenhandel.Gebruiker",
            object_id=str(gebruiker.pk),
            toelichting=(
                f"rol en bereik {wat} ({wijziging.uuid}): "
                f"{_omschrijving(wijziging.voor)} -> {_omschrijving(wijziging.na)}"
            ),
        )
    return wijziging


def _wachtende_laten_vervallen(
    gebruiker: Gebruiker, door: Gebruiker | None, request: HttpRequest | None
) -> None:
    for oud in Toegangswijziging.objects.filter(gebruiker=gebruiker, status=Toegangswijziging.Status.WACHT):
        oud.status = Toegangswijziging.Status.VERVALLEN
        oud.beoordeeld_op = timezone.now()
        oud.save(update_fields=["status", "beoordeeld_op"])
        if door is not None:
            toegang_loggen(
                request=request,
                gebruiker=door,
                actie=ToegangsLog.Actie.BEHEER,
                object_type="mensenhandel.Gebruiker",
                object_id=str(gebruiker.pk),
                toelichting=f"wachtende toegangswijziging vervallen ({oud.uuid})",
            )


@transaction.atomic
def gebruiker_toewijzen(
    *,
    gebruiker: Gebruiker,
    rol: Rol | None,
    gemeenten: Iterable[Gemeente] = (),
    regios: Iterable[Regio] = (),
) -> None:
    """Give a user exactly one role and its scope (gemeenten for an AF, regio's for ZC/KR),
    at once, by the system: the installation, the demo data, a management command.

    Recorded in the trail with no beheerder. People go through ``toegang_wijzigen``.
    """
    Gebruiker.objects.select_for_update().filter(pk=gebruiker.pk).first()
    voor, na = toegang_van(gebruiker), Toegang.van(rol, gemeenten, regios)
    if voor == na:
        return
    _wachtende_laten_vervallen(gebruiker, None, None)
    _toepassen(gebruiker, na)
    _vastleggen(
        gebruiker=gebruiker,
        door=None,
        voor=voor,
        na=na,
        status=Toegangswijziging.Status.DOORGEVOERD,
        request=None,
    )


def twee_beheerders_verplicht() -> bool:
    return bool(settings.TOEGANG_TWEE_BEHEERDERS)


@transaction.atomic
def toegang_wijzigen(
    *,
    door: Gebruiker,
    gebruiker: Gebruiker,
    rol: Rol | None,
    gemeenten: Iterable[Gemeente] = (),
    regios: Iterable[Regio] = (),
    request: HttpRequest | None = None,
) -> Toegangswijziging | None:
    """A functioneel beheerder gives, changes or withdraws a user's role and scope.

    What withdraws access takes effect at once. What opens personal data waits for a second
    beheerder (``toegangswijziging_goedkeuren``) when two are required; returned then is the
    waiting request. None when nothing changes. A newer change supersedes a waiting one.
    """
    Gebruiker.objects.select_for_update().filter(pk=gebruiker.pk).first()
    voor, na = toegang_van(gebruiker), Toegang.van(rol, gemeenten, regios)
    eigen_toegang_controleren(door=door, gebruiker=gebruiker, na=na)
    if voor == na:
        return None
    _wachtende_laten_vervallen(gebruiker, door, request)
    opent = bool(na.persoonsgegevens() - voor.persoonsgegevens())
    if not (opent and twee_beheerders_verplicht()):
        _toepassen(gebruiker, na)
        return _vastleggen(
            gebruiker=gebruiker,
            door=door,
            voor=voor,
            na=na,
            status=Toegangswijziging.Status.DOORGEVOERD,
            request=request,
        )
    tussen = na.zonder_nieuwe_persoonsgegevens(voor)
    if tussen != voor:
        _toepassen(gebruiker, tussen)
        _vastleggen(
            gebruiker=gebruiker,
            door=door,
            voor=voor,
            na=tussen,
            status=Toegangswijziging.Status.DOORGEVOERD,
            request=request,
        )
    return _vastleggen(
        gebruiker=gebruiker,
        door=door,
        voor=tussen,
        na=na,
        status=Toegangswijziging.Status.WACHT,
        request=request,
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


@transaction.atomic
def tweede_factor_resetten(*, gebruiker: Gebruiker, door: Gebruiker, request: HttpRequest | None) -> None:
    """Remove a user's authenticator devices; they enrol a new one at their next login."""
    TOTPDevice.objects.filter(user=gebruiker).delete()
    toegang_loggen(
        request=request,
        gebruiker=door,
        actie=ToegangsLog.Actie.BEHEER,
        object_type="mensenhandel.Gebruiker",
        object_id=str(gebruiker.pk),
        toelichting="tweede factor gereset",
    )


def gebruiker_aanmaken(
    *,
    email: str,
    naam: str,
    wachtwoord: str | None,
    rol: Rol | None,
    organisatie: Any = None,
    gemeenten: Iterable[Gemeente] = (),
    regios: Iterable[Regio] = (),
) -> Gebruiker:
    """Create a user with a role and scope in one transaction; the password is validated."""
    if wachtwoord is not None:
        validate_password(wachtwoord, Gebruiker(email=email, naam=naam))
    with transaction.atomic():
        gebruiker = Gebruiker.objects.create_user(
            email=email, password=wachtwoord, naam=naam, organisatie=organisatie
        )
        gebruiker_toewijzen(gebruiker=gebruiker, rol=rol, gemeenten=gemeenten, regios=regios)
    return gebruiker
