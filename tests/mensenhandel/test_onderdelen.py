"""The plug-in points of the apps are checked when Django starts (system checks)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core import checks

from mensenhandel.onderdelen import Menuitem, Onderdeel, onderdelen, onderdelen_controleren
from mensenhandel.rollen import Rol


@pytest.fixture
def signalen() -> Iterator[Onderdeel]:
    config = apps.get_app_config("signalen")
    assert isinstance(config, Onderdeel)
    oud = {
        naam: getattr(config, naam)
        for naam in ("navigatie", "startpaginas", "rol_permissies", "demo", "logweergave")
    }
    yield config
    for naam, waarde in oud.items():
        setattr(config, naam, waarde)


def ids(fouten: list[checks.CheckMessage]) -> list[str]:
    return [fout.id or "" for fout in fouten]


def test_elke_app_van_het_project_is_een_onderdeel() -> None:
    namen = {config.name for config in onderdelen()}
    assert namen == {"mensenhandel", "signalen", "zorgcoordinatie", "ketenregie", "rapportage"}


def test_de_echte_configuratie_is_in_orde() -> None:
    assert onderdelen_controleren() == []
    # and the check is registered: `manage.py check` runs it
    assert onderdelen_controleren in checks.registry.registry.get_checks()


def test_een_menu_item_met_een_onbekende_url_naam_laat_de_check_falen(signalen: Onderdeel) -> None:
    signalen.navigatie = [*signalen.navigatie, Menuitem("signalen:bestaat_niet", "Kapot")]  # type: ignore[misc]
    fouten = checks.run_checks(tags=["urls"])
    assert "mensenhandel.E101" in ids(fouten)
    fout = next(f for f in fouten if f.id == "mensenhandel.E101")
    assert "signalen:bestaat_niet" in fout.msg and fout.is_serious()


def test_een_menu_item_dat_geen_menuitem_is_wordt_geweigerd(signalen: Onderdeel) -> None:
    signalen.navigatie = [("signalen:start", "Signalen")]  # type: ignore[misc, list-item]
    assert ids(onderdelen_controleren()) == ["mensenhandel.E100"]


def test_een_startpagina_met_een_onbekende_rol_of_url(signalen: Onderdeel) -> None:
    signalen.startpaginas = {"beheerder": "signalen:start", Rol.KETENREGISSEUR: "signalen:nergens"}  # type: ignore[misc, dict-item]
    assert sorted(ids(onderdelen_controleren())) == ["mensenhandel.E101", "mensenhandel.E102"]


def test_een_permissie_zonder_app_en_een_demo_die_niet_bestaat(signalen: Onderdeel) -> None:
    signalen.rol_permissies = {Rol.AANDACHTSFUNCTIONARIS: ["view_signaal", "onbekend.view_x"]}  # type: ignore[misc]
    signalen.demo = "signalen.demo.bestaat_niet"  # type: ignore[misc]
    assert sorted(ids(onderdelen_controleren())) == [
        "mensenhandel.E103",
        "mensenhandel.E103",
        "mensenhandel.E104",
    ]


def test_een_logweergave_die_niet_bestaat(signalen: Onderdeel) -> None:
    signalen.logweergave = "signalen.logweergave.bestaat_niet"  # type: ignore[misc]
    fouten = onderdelen_controleren()
    assert ids(fouten) == ["mensenhandel.E104"] and "logweergave" in fouten[0].msg
