"""How an app plugs into the kernel: a typed ``AppConfig`` base and the checks on it.

An app of this project subclasses ``Onderdeel`` and fills in what it offers: menu items,
start pages per role, the model permissions of each role, its demo data and (ketenregie)
the partners on offer. The kernel reads these through ``onderdelen()`` only, and the system
check ``mensenhandel.E101``… refuses to start when an entry names a URL that does not
reverse, a role that does not exist, a permission that is not "app.codename" or a dotted
path that does not import, instead of a menu item that silently disappears.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from django.apps import AppConfig, apps
from django.core.checks import CheckMessage, Error, register
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from mensenhandel.rollen import Rol

__all__ = ["Menuitem", "Onderdeel", "onderdelen", "onderdelen_controleren"]


class Menuitem(NamedTuple):
    """A menu entry: a URL name without arguments, its label, and optionally the only roles
    that see it in the menu (the page itself stays reachable by its own declaration)."""

    naam: str
    label: str
    rollen: frozenset[Rol] | None = None


class Onderdeel(AppConfig):
    """An app of this project, with what it offers the kernel.

    Import the module, not the class, in an ``apps.py`` (``onderdelen.Onderdeel``): Django picks
    the one ``AppConfig`` subclass an ``apps.py`` holds by name, and an imported base counts.
    """

    navigatie: ClassVar[Sequence[Menuitem]] = ()
    startpaginas: ClassVar[Mapping[Rol, str]] = {}
    rol_permissies: ClassVar[Mapping[Rol, Sequence[str]]] = {}
    # Dotted path of a function that loads the app's demo data (`manage.py seed_demo`).
    demo: ClassVar[str | None] = None
    # Dotted path of a function that offers partners (``mensenhandel.partners``).
    partnerkeuzes: ClassVar[str | None] = None
    # Dotted path of a function that returns the app's retention rules (``mensenhandel.bewaren``).
    bewaarregels: ClassVar[str | None] = None
    # Model label → why no retention rule removes its rows: no personal data, or data of
    # professionals in their role that is kept while it is current (``mensenhandel.bewaren``).
    geen_bewaartermijn: ClassVar[Mapping[str, str]] = {}
    # Dotted path of the class that finds and describes a person's data in this app, for a
    # request under art. 15 AVG (``mensenhandel.inzage.Inzagebron``).
    inzage: ClassVar[str | None] = None
    # Dotted path of a function that returns how the access log reads this app's rows: its kinds
    # of record with their references, and its screens' titles (``mensenhandel.logweergave``).
    logweergave: ClassVar[str | None] = None
    # Dotted paths of the functions that say what work waits for a user, one kind each
    # (``mensenhandel.werk``): each takes the user and returns a ``Werkbron`` or None.
    werk: ClassVar[Sequence[str]] = ()


def onderdelen() -> Iterator[Onderdeel]:
    """The installed apps of this project, in ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        if isinstance(config, Onderdeel):
            yield config


def _url_fouten(config: Onderdeel, naam: str, waar: str) -> list[CheckMessage]:
    try:
        reverse(naam)
    except NoReverseMatch:
        return [
            Error(
                f"{config.name}: {waar} noemt de URL-naam {naam!r}, die niet bestaat (of argumenten vraagt).",
                hint="Controleer de naam in urls.py van de app.",
                obj=config,
                id="mensenhandel.E101",
            )
        ]
    return []


def _rol_fouten(config: Onderdeel, rol: Any, waar: str) -> list[CheckMessage]:
    if isinstance(rol, Rol):
        return []
    return [
        Error(
            f"{config.name}: {waar} noemt de rol {rol!r}, die niet bestaat.",
            hint=f"Gebruik een van {', '.join(r.name for r in Rol)} uit mensenhandel.rollen.Rol.",
            obj=config,
            id="mensenhandel.E102",
        )
    ]


def _pad_fouten(config: Onderdeel, pad: str | None, waar: str) -> list[CheckMessage]:
    if pad is None:
        return []
    try:
        doel = import_string(pad)
    except ImportError:
        doel = None
    if callable(doel):
        return []
    return [
        Error(
            f"{config.name}: {waar} {pad!r} is geen functie die te importeren is.",
            obj=config,
            id="mensenhandel.E104",
        )
    ]


def onderdelen_controleren(**kwargs: Any) -> list[CheckMessage]:
    """System check: every plug-in point of every app names something that exists."""
    fouten: list[CheckMessage] = []
    for config in onderdelen():
        for item in config.navigatie:
            if not isinstance(item, Menuitem):
                fouten.append(
                    Error(
                        f"{config.name}: navigatie bevat {item!r}, geen Menuitem.",
                        obj=config,
                        id="mensenhandel.E100",
                    )
                )
                continue
            fouten += _url_fouten(config, item.naam, "navigatie")
            for rol in item.rollen or ():
                fouten += _rol_fouten(config, rol, f"navigatie ({item.naam})")
        for rol, naam in config.startpaginas.items():
            fouten += _rol_fouten(config, rol, "startpaginas")
            fouten += _url_fouten(config, naam, "startpaginas")
        for rol, permissies in config.rol_permissies.items():
            fouten += _rol_fouten(config, rol, "rol_permissies")
            for permissie in permissies:
                app_label, punt, codenaam = permissie.partition(".")
                if not punt or not codenaam or app_label not in {c.label for c in apps.get_app_configs()}:
                    fouten.append(
                        Error(
                            f"{config.name}: rol_permissies noemt {permissie!r}, geen 'app.codenaam' "
                            "van een geïnstalleerde app.",
                            obj=config,
                            id="mensenhandel.E103",
                        )
                    )
        fouten += _pad_fouten(config, config.demo, "demo")
        fouten += _pad_fouten(config, config.partnerkeuzes, "partnerkeuzes")
        fouten += _pad_fouten(config, config.bewaarregels, "bewaarregels")
        fouten += _pad_fouten(config, config.inzage, "inzage")
        fouten += _pad_fouten(config, config.logweergave, "logweergave")
        for pad in config.werk:
            fouten += _pad_fouten(config, pad, "werk")
    return fouten


def registreren() -> None:
    # URL names can only be reversed once the URLconf loads: a check of the "urls" tag.
    register(onderdelen_controleren, "urls")
