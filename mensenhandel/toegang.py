"""The access policy: the one place that decides who may do what.

Deny by default. Every view declares what it needs with ``@vereist(...)`` or
``@publiek``; ``ToegangVerplichtMiddleware`` refuses any view without a declaration.
Object scope comes from django-guardian object permissions on Gemeente and Regio,
never from global permissions and never from ``is_superuser``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from guardian.shortcuts import get_objects_for_user

from mensenhandel.models import Gemeente, Regio, Rol, ToegangsLog

V = TypeVar("V", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)

PERMISSIE_GEMEENTE = "mensenhandel.bedient_gemeente"
PERMISSIE_REGIO = "mensenhandel.bedient_regio"


@dataclass(frozen=True)
class Vereiste:
    """What a view needs: one of these roles, and every listed model permission."""

    rollen: frozenset[Rol]
    permissies: tuple[str, ...] = ()
    publiek: bool = False

    def toegestaan(self, gebruiker: Any) -> bool:
        if self.publiek:
            return True
        if not gebruiker.is_authenticated or not gebruiker.is_active:
            return False
        if gebruiker.rol not in self.rollen:
            return False
        return all(gebruiker.has_perm(p) for p in self.permissies)


def _declareer(view: V, vereiste: Vereiste) -> V:
    view.toegang = vereiste  # type: ignore[attr-defined]
    return view


def publiek(view: V) -> V:
    """Declare a view open to everyone (login, accessibility statement, health)."""
    return _declareer(view, Vereiste(rollen=frozenset(), publiek=True))


def vereist(*rollen: Rol, permissies: Iterable[str] = ()) -> Callable[[V], V]:
    """Declare and enforce that a view needs one of ``rollen`` and all ``permissies``.

    Anonymous users are sent to the login page; a logged-in user without the role or
    permission gets 403, and the refusal is written to the access log.
    """
    vereiste = Vereiste(rollen=frozenset(rollen), permissies=tuple(permissies))

    def decorator(view: V) -> V:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                if request.method in ("GET", "HEAD"):
                    return redirect_to_login(request.get_full_path())
                # A form posted after the session ended: coming back to a POST-only URL
                # after login would only give a 405, so no "next" here.
                return HttpResponseRedirect(f"{reverse('inloggen')}?verlopen=1")
            if not vereiste.toegestaan(request.user):
                from mensenhandel.services import toegang_loggen

                toegang_loggen(
                    request=request,
                    actie=ToegangsLog.Actie.BEKIJKEN,
                    uitkomst=ToegangsLog.Uitkomst.GEWEIGERD,
                    toelichting="rol of permissie ontbreekt",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declareer(wrapper, vereiste)  # type: ignore[return-value]

    return decorator


def declaratie(view: Callable[..., Any]) -> Vereiste | None:
    """The declaration of a view function or class-based view, if any."""
    for kandidaat in (view, getattr(view, "view_class", None)):
        if kandidaat is not None and hasattr(kandidaat, "toegang"):
            return kandidaat.toegang
    return None


# --- Scope ------------------------------------------------------------------------------


def _objecten(gebruiker: Any, permissie: str, model: type[M]) -> QuerySet[M]:
    # with_superuser=False also disables accept_global_perms: a global permission, or
    # is_superuser, never widens what a user reaches.
    return get_objects_for_user(
        gebruiker,
        permissie,
        klass=model,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )


def heeft_rol(gebruiker: Any, *rollen: Rol) -> bool:
    return bool(gebruiker.is_authenticated and gebruiker.is_active and gebruiker.rol in rollen)


def gemeenten_van_af(gebruiker: Any) -> QuerySet[Gemeente]:
    """The gemeenten an aandachtsfunctionaris serves; none for any other role."""
    if not heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return Gemeente.objects.none()
    return _objecten(gebruiker, PERMISSIE_GEMEENTE, Gemeente)


def regios_van(gebruiker: Any, *rollen: Rol) -> QuerySet[Regio]:
    """The regio's a zorgcoördinator or ketenregisseur serves, with their sub-regions."""
    toegestaan = rollen or (Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR)
    if not heeft_rol(gebruiker, *toegestaan):
        return Regio.objects.none()
    eigen = _objecten(gebruiker, PERMISSIE_REGIO, Regio).values("pk")
    return Regio.objects.filter(
        Q(pk__in=eigen)
        | Q(bovenliggende_regio__in=eigen)
        | Q(bovenliggende_regio__bovenliggende_regio__in=eigen)
    )


def gemeenten_in_bereik(gebruiker: Any) -> QuerySet[Gemeente]:
    """Every gemeente whose records the user's role may reach in some form."""
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return gemeenten_van_af(gebruiker)
    if heeft_rol(gebruiker, Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR):
        return Gemeente.objects.filter(regios__in=regios_van(gebruiker)).distinct()
    return Gemeente.objects.none()


def regios_met_casuistiek_voor_kr(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's where this ketenregisseur may open cases (a per-region setting)."""
    return regios_van(gebruiker, Rol.KETENREGISSEUR).filter(ketenregisseur_mag_casuistiek=True)


def ophalen(request: HttpRequest, toegestaan: QuerySet[M], *, scherm: str = "", **zoek: Any) -> M:
    """Fetch one object from the user's scoped queryset, or 404.

    "Does not exist" and "not yours" answer alike; the latter is logged as refused.
    """
    try:
        return toegestaan.get(**zoek)
    except ObjectDoesNotExist:
        if toegestaan.model._default_manager.filter(**zoek).exists():
            from mensenhandel.services import toegang_loggen

            toegang_loggen(
                request=request,
                actie=ToegangsLog.Actie.BEKIJKEN,
                uitkomst=ToegangsLog.Uitkomst.GEWEIGERD,
                object_type=toegestaan.model._meta.label,
                object_id=str(next(iter(zoek.values()), "")),
                scherm=scherm,
                toelichting="buiten bereik",
            )
        raise Http404 from None
