"""Every write of the kernel: the access log, users, role permissions (roles and scope of a user:
``mensenhandel.toegangsbeheer``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol, ToegangsLog
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
        from mensenhandel.toegangsbeheer import gebruiker_toewijzen

        gebruiker_toewijzen(gebruiker=gebruiker, rol=rol, gemeenten=gemeenten, regios=regios)
    return gebruiker
