"""Request-wide rules: session lifetime, no caching, and deny by default."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from mensenhandel.toegang import declaratie

logger = logging.getLogger(__name__)

SESSIE_INGELOGD_OM = "mh_ingelogd_om"
SESSIE_LAATSTE_ACTIVITEIT = "mh_laatste_activiteit"
# The idle timer's moment is written at most this often, so that a page view does not write
# (and commit) the session every time; the page's countdown starts from the stored moment.
SESSIE_SCHRIJVEN_SECONDEN = 60


def sessie_starten(request: HttpRequest) -> None:
    """Mark the start of a fully authenticated session (after the second factor)."""
    nu = time.time()
    request.session[SESSIE_INGELOGD_OM] = nu
    request.session[SESSIE_LAATSTE_ACTIVITEIT] = nu


class SessieVerloopMiddleware:
    """End a session after inactivity (default 15 minutes) and after 12 hours in any case.

    Also ends any authenticated session that has not passed the second factor, so a
    password alone never reaches a page behind login.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            nu = time.time()
            ingelogd_om = request.session.get(SESSIE_INGELOGD_OM)
            laatst = request.session.get(SESSIE_LAATSTE_ACTIVITEIT)
            reden = None
            if not user.is_verified():
                reden = "tweede-factor"
            elif ingelogd_om is None or laatst is None:
                reden = "onbekend"
            elif nu - laatst > settings.SESSIE_INACTIEF_MINUTEN * 60:
                reden = "inactief"
            elif nu - ingelogd_om > settings.SESSIE_MAXIMAAL_UREN * 3600:
                reden = "maximaal"
            if reden is not None:
                logger.info("sessie beeindigd gebruiker=%s reden=%s", user.pk, reden)
                logout(request)
                query = {"verlopen": "1"}
                if request.method == "GET":
                    query["next"] = request.get_full_path()
                return HttpResponseRedirect(f"{reverse('inloggen')}?{urlencode(query)}")
            laatst = cast(float, laatst)  # present: checked above
            if nu - laatst >= SESSIE_SCHRIJVEN_SECONDEN:
                request.session[SESSIE_LAATSTE_ACTIVITEIT] = laatst = nu
            # What the page's countdown shows: the server ends the session this long after the
            # stored moment, which may lie up to a minute before this request.
            request.sessie_resterend_seconden = max(  # type: ignore[attr-defined]
                0, round(settings.SESSIE_INACTIEF_MINUTEN * 60 - (nu - laatst))
            )
        return self.get_response(request)


class GeenCacheMiddleware:
    """Send pages with Cache-Control: no-store, so no browser or proxy keeps case data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class ToegangVerplichtMiddleware:
    """Deny by default: a view without an access declaration is refused.

    The Django admin declares its own rule (functional administrator only, see
    mensenhandel.admin.BeheerSite).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        match = request.resolver_match
        if match is not None and match.namespace == "admin":
            return None
        if declaratie(view_func) is None:
            logger.error("view zonder toegangsdeclaratie: %s", getattr(match, "view_name", "?"))
            raise PermissionDenied
        return None


class WerkVergetenMiddleware:
    """After a user's POST, forget their cached work ("Mijn werk", ``mensenhandel.werk``): what
    they just dealt with leaves their start page and the menu's count at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and request.user.is_authenticated:
            from mensenhandel.werk import vergeten

            vergeten(request.user)
        return response
