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
from typing import Any, TypeVar, cast

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connection
from django.db.models import CharField, F, IntegerField, Model, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from mensenhandel.models import (
    Gemeente,
    GemeenteGebruikerPermissie,
    Regio,
    RegioGebruikerPermissie,
    Rol,
    ToegangsLog,
)
from mensenhandel.vooraf import Vooraf, plaatshouders

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

    def toegestaan_aan(self, rol: Rol | None, permissies: frozenset[str]) -> bool:
        """``toegestaan`` for an active user with this role and these model permissions."""
        return self.publiek or (rol in self.rollen and all(p in permissies for p in self.permissies))


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


@dataclass(frozen=True)
class Bereik:
    """A user's role, model permissions and scope, read once per request in one query.

    The scope is held as literal ids, so a list filters on ``gemeente_id IN (1, 2)`` that the
    planner answers from an index, not on a subquery over the permission tables that makes it
    scan the whole table (issue 16). Cached on the user object, which lives for one request;
    ``bereik_vergeten`` drops it when a user's access changes within one.
    """

    rol: Rol | None = None
    permissies: frozenset[str] = frozenset()
    gemeenten: tuple[int, ...] = ()  # served directly: an aandachtsfunctionaris's gemeenten
    regios: tuple[int, ...] = ()  # a ZC's or KR's own regio's and the regio's under them
    regiogemeenten: tuple[int, ...] = ()  # the gemeenten of those regio's


GEEN_BEREIK = Bereik()
T = TypeVar("T")


def _tekst(waarde: str) -> Value:
    return Value(waarde, output_field=CharField())


@functools.cache
def _bereikquery(vendor: str) -> Vooraf:
    """``_bereikquery_maken`` for this database, compiled once per process (``mensenhandel.vooraf``):
    building and compiling six querysets cost more than running them, on every request."""
    [gebruiker] = plaatshouders(1)
    return Vooraf.van(_bereikquery_maken(gebruiker))


def _bereik_lezen(gebruiker: Any) -> Bereik:
    rijen = _bereikquery(connection.vendor).rijen([gebruiker.pk])
    labels = {r.label: r for r in Rol}
    rollen = [labels[tekst] for soort, tekst, _ in rijen if soort == "rol" and tekst in labels]

    def ids(soort: str) -> tuple[int, ...]:
        return tuple(sorted({getal for s, _, getal in rijen if s == soort}))

    return Bereik(
        rol=rollen[0] if len(rollen) == 1 else None,
        permissies=frozenset(tekst for soort, tekst, _ in rijen if soort == "perm"),
        gemeenten=ids("gemeente"),
        regios=ids("regio"),
        regiogemeenten=ids("regiogemeente"),
    )


def _bereikquery_maken(gebruiker: int) -> QuerySet[Any]:
    """One UNION ALL of (kind, text, id) rows: the user's role groups, their permissions through
    groups and directly, the gemeenten they serve, their regio's with the regio's under them (two
    levels), and those regio's gemeenten."""
    geen_tekst, geen_getal = _tekst(""), Value(0, output_field=IntegerField())
    permissie = Concat(F("content_type__app_label"), _tekst("."), F("codename"), output_field=CharField())
    eigen_regios = RegioGebruikerPermissie.objects.filter(
        user=gebruiker, permission__codename=PERMISSIE_REGIO.split(".")[1]
    ).values("content_object_id")
    regios = Regio.objects.filter(
        Q(pk__in=eigen_regios)
        | Q(bovenliggende_regio__in=eigen_regios)
        | Q(bovenliggende_regio__bovenliggende_regio__in=eigen_regios)
    )
    delen = [
        Group.objects.filter(user=gebruiker).values_list(_tekst("rol"), "name", geen_getal),
        Permission.objects.filter(group__user=gebruiker).values_list(_tekst("perm"), permissie, geen_getal),
        Permission.objects.filter(user=gebruiker).values_list(_tekst("perm"), permissie, geen_getal),
        GemeenteGebruikerPermissie.objects.filter(
            user=gebruiker, permission__codename=PERMISSIE_GEMEENTE.split(".")[1]
        ).values_list(_tekst("gemeente"), geen_tekst, "content_object_id"),
        regios.values_list(_tekst("regio"), geen_tekst, "pk"),
        Gemeente.objects.filter(regios__in=regios).values_list(_tekst("regiogemeente"), geen_tekst, "pk"),
    ]
    return delen[0].order_by().union(*(deel.order_by() for deel in delen[1:]), all=True)


def _object(gebruiker: Any) -> Any:
    """The user itself, also behind ``request.user``'s lazy wrapper (whose own ``__dict__`` is not
    the user's: a cache kept there would be read twice). django-otp wraps Django's wrapper again."""
    while isinstance(gebruiker, LazyObject):
        if gebruiker._wrapped is empty:
            gebruiker._setup()
        gebruiker = gebruiker._wrapped
    return gebruiker


def onthouden(gebruiker: Any, sleutel: str, maken: Callable[[], T]) -> T:
    """``maken()`` once per user object, that is once per request; ``bereik_vergeten`` forgets it."""
    cache = _object(gebruiker).__dict__
    naam = f"_mh_{sleutel}"
    if naam not in cache:
        cache[naam] = maken()
    return cast(T, cache[naam])


def bereik(gebruiker: Any) -> Bereik:
    """The user's role, permissions and scope, read once (one query) per user object.

    It also fills Django's permission cache, so ``has_perm`` asks the database nothing more;
    an inactive user has permissions nor scope (``ModelBackend`` reads none for them either).
    """
    if gebruiker is None or not getattr(gebruiker, "is_authenticated", False) or gebruiker.pk is None:
        return GEEN_BEREIK

    def lezen() -> Bereik:
        gelezen = _bereik_lezen(gebruiker)
        if not gebruiker.is_active:
            return Bereik(rol=gelezen.rol)
        _object(gebruiker).__dict__.setdefault("_perm_cache", set(gelezen.permissies))
        return gelezen

    return onthouden(gebruiker, "bereik", lezen)


def bereik_vergeten(gebruiker: Any) -> None:
    """Forget what ``bereik`` read for this user object: call it after changing their access."""
    cache = _object(gebruiker).__dict__
    for sleutel in [s for s in cache if s.startswith("_mh_")]:  # what the apps keep with ``onthouden``
        cache.pop(sleutel)
    for sleutel in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        cache.pop(sleutel, None)


def heeft_rol(gebruiker: Any, *rollen: Rol) -> bool:
    return bool(gebruiker.is_authenticated and gebruiker.is_active and gebruiker.rol in rollen)


def gemeenten_van_af(gebruiker: Any) -> QuerySet[Gemeente]:
    """The gemeenten an aandachtsfunctionaris serves; none for any other role."""
    return Gemeente.objects.filter(pk__in=gemeente_ids_van_af(gebruiker))


def gemeente_ids_van_af(gebruiker: Any) -> tuple[int, ...]:
    """The ids of the gemeenten an aandachtsfunctionaris serves (literal, see ``Bereik``)."""
    if not heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return ()
    return bereik(gebruiker).gemeenten


def aandachtsfunctionarissen_van(gemeente_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Per gemeente, the active users who serve it as aandachtsfunctionaris, by name, with their
    organisation; one query. Whom to call about a gemeente's signal (issue 18 point 1)."""
    ids = set(gemeente_ids)
    if not ids:
        return {}
    rijen = (
        GemeenteGebruikerPermissie.objects.filter(
            content_object_id__in=ids,
            permission__codename=PERMISSIE_GEMEENTE.split(".")[1],
            user__is_active=True,
            user__groups__name=Rol.AANDACHTSFUNCTIONARIS.label,
        )
        .select_related("user__organisatie")
        .order_by("user__naam", "user_id")
    )
    per_gemeente: dict[int, list[Any]] = {}
    for rij in rijen:
        per_gemeente.setdefault(rij.content_object_id, []).append(rij.user)
    return per_gemeente


def regios_van(gebruiker: Any, *rollen: Rol) -> QuerySet[Regio]:
    """The regio's a zorgcoördinator or ketenregisseur serves, with their sub-regions."""
    return Regio.objects.filter(pk__in=regio_ids_van(gebruiker, *rollen))


def regio_ids_van(gebruiker: Any, *rollen: Rol) -> tuple[int, ...]:
    """The ids of the regio's a zorgcoördinator or ketenregisseur serves, sub-regions included."""
    if not heeft_rol(gebruiker, *(rollen or (Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR))):
        return ()
    return bereik(gebruiker).regios


def regiogemeente_ids_van(gebruiker: Any, *rollen: Rol) -> tuple[int, ...]:
    """The ids of the gemeenten in the regio's of ``regio_ids_van``."""
    if not heeft_rol(gebruiker, *(rollen or (Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR))):
        return ()
    return bereik(gebruiker).regiogemeenten


def gemeenten_in_bereik(gebruiker: Any) -> QuerySet[Gemeente]:
    """Every gemeente whose records the user's role may reach in some form."""
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return gemeenten_van_af(gebruiker)
    if heeft_rol(gebruiker, Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR):
        return Gemeente.objects.filter(pk__in=regiogemeente_ids_van(gebruiker))
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
