"""Template context shared by every page: the role's navigation and session timing."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import resolve, reverse

from mensenhandel.models import Rol
from mensenhandel.onderdelen import onderdelen
from mensenhandel.toegang import bereik, declaratie
from mensenhandel.werk import menuaantal

WERK = "werk"  # the menu item that carries the count of the user's work


def menu_voor(gebruiker: Any) -> list[dict[str, str]]:
    """The navigation items whose views admit this user, in app order.

    An item with roles shows only to those roles (the page itself stays reachable by its
    declaration), so a role with many pages can reach some of them through its start page
    instead. Every item's URL name reverses: the system check ``mensenhandel.E101`` sees to it.
    """
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return []
    wie = bereik(gebruiker)
    return [{"url": url, "label": label, "naam": naam} for url, label, naam in _menu(wie.rol, wie.permissies)]


@functools.lru_cache(maxsize=64)
def _menu(rol: Rol | None, permissies: frozenset[str]) -> tuple[tuple[str, str, str], ...]:
    """The menu of a role with these permissions: built once per process, not per request."""
    items = []
    for config in onderdelen():
        for item in config.navigatie:
            if item.rollen is not None and rol not in item.rollen:
                continue
            url = reverse(item.naam)
            vereiste = declaratie(resolve(url).func)
            if vereiste is not None and vereiste.toegestaan_aan(rol, permissies):
                items.append((url, item.label, item.naam))
    return tuple(items)


def navigatie(request: HttpRequest) -> dict[str, Any]:
    gebruiker = getattr(request, "user", None)
    if gebruiker is None or not gebruiker.is_authenticated:
        return {"menu": []}
    menu = menu_voor(gebruiker)
    # The current item is the one whose address is the longest prefix of this page's
    # path, so that exactly one item carries aria-current.
    passend = [item for item in menu if request.path.startswith(item["url"])]
    huidig = max(passend, key=lambda item: len(item["url"]), default=None)
    for item in menu:
        item["actief"] = "true" if item is huidig else ""
        if item["naam"] == WERK:
            # From the cache: no query on a page (see ``mensenhandel.werk.menuaantal``).
            item["label"] = f"{item['label']} ({menuaantal(gebruiker)})"
    return {
        "menu": menu,
        "sessie_inactief_seconden": getattr(
            request, "sessie_resterend_seconden", settings.SESSIE_INACTIEF_MINUTEN * 60
        ),
        "sessie_inactief_minuten": settings.SESSIE_INACTIEF_MINUTEN,
        "sessie_waarschuwing_seconden": settings.SESSIE_WAARSCHUWING_MINUTEN * 60,
    }
