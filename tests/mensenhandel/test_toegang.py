"""The access policy: scope from object permissions only, 404 alike, refusals logged."""

import pytest
from django.contrib.auth.models import Permission
from django.http import Http404
from django.test import RequestFactory

from mensenhandel.models import Gemeente, Regio, Rol, ToegangsLog
from mensenhandel.toegang import (
    gemeenten_in_bereik,
    gemeenten_van_af,
    ophalen,
    regios_met_casuistiek_voor_kr,
    regios_van,
)
from mensenhandel.toegangsbeheer import gebruiker_toewijzen
from tests.conftest import maak_gemeente


def test_af_bereikt_alleen_eigen_gemeenten(gebruikers, plaatsen):
    assert list(gemeenten_van_af(gebruikers["af"])) == [plaatsen["hilversum"]]
    assert list(gemeenten_van_af(gebruikers["af_ander"])) == [plaatsen["leeuwarden"]]
    assert not gemeenten_van_af(gebruikers["zc"]).exists()


def test_globale_permissie_of_superuser_verbreedt_nooit(gebruikers, plaatsen):
    af = gebruikers["af"]
    af.user_permissions.add(
        Permission.objects.get(codename="bedient_gemeente"), Permission.objects.get(codename="bedient_regio")
    )
    af.is_superuser = True
    af.save()
    af = type(af).objects.get(pk=af.pk)
    assert list(gemeenten_van_af(af)) == [plaatsen["hilversum"]]
    assert not regios_van(af).exists()


def test_regio_omvat_deelregios(gebruikers, plaatsen):
    keten = Regio.objects.create(naam="Midden-Nederland")
    plaatsen["gv"].bovenliggende_regio = keten
    plaatsen["gv"].save()
    gebruiker_toewijzen(gebruiker=gebruikers["kr"], rol=Rol.KETENREGISSEUR, regios=[keten])
    assert set(regios_van(gebruikers["kr"])) == {keten, plaatsen["gv"]}
    assert set(gemeenten_in_bereik(gebruikers["kr"])) == {plaatsen["hilversum"], plaatsen["huizen"]}


def test_gemeente_in_twee_regios(gebruikers, plaatsen):
    eemnes = maak_gemeente("GM0317", "Eemnes")
    plaatsen["gv"].gemeenten.add(eemnes)
    utrecht = Regio.objects.create(naam="Utrecht-Oost")
    utrecht.gemeenten.add(eemnes)
    assert eemnes in gemeenten_in_bereik(gebruikers["zc"])
    assert set(eemnes.regios.all()) == {plaatsen["gv"], utrecht}


def test_casuistiek_voor_kr_staat_standaard_uit(gebruikers, plaatsen):
    assert not regios_met_casuistiek_voor_kr(gebruikers["kr"]).exists()
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    assert list(regios_met_casuistiek_voor_kr(gebruikers["kr"])) == [plaatsen["gv"]]
    assert not regios_met_casuistiek_voor_kr(gebruikers["kr_ander"]).exists()
    assert not regios_met_casuistiek_voor_kr(gebruikers["zc"]).exists()


def test_ophalen_antwoordt_404_voor_onbestaand_en_buiten_bereik(gebruikers, plaatsen):
    request = RequestFactory().get("/x/")
    request.user = gebruikers["af"]
    bereik = gemeenten_van_af(gebruikers["af"])
    assert ophalen(request, bereik, pk=plaatsen["hilversum"].pk) == plaatsen["hilversum"]
    with pytest.raises(Http404):
        ophalen(request, bereik, pk=plaatsen["leeuwarden"].pk)
    with pytest.raises(Http404):
        ophalen(request, bereik, pk=999_999)
    geweigerd = ToegangsLog.objects.get(uitkomst="geweigerd")
    assert geweigerd.object_id == str(plaatsen["leeuwarden"].pk)
    assert geweigerd.object_type == "mensenhandel.Gemeente"


def test_toewijzen_wisselt_rol_en_bereik(gebruikers, plaatsen):
    gebruiker = gebruikers["af"]
    gebruiker_toewijzen(gebruiker=gebruiker, rol=Rol.ZORGCOORDINATOR, regios=[plaatsen["fr"]])
    gebruiker = type(gebruiker).objects.get(pk=gebruiker.pk)
    assert gebruiker.rol == Rol.ZORGCOORDINATOR
    assert not gemeenten_van_af(gebruiker).exists()
    assert list(regios_van(gebruiker)) == [plaatsen["fr"]]
    assert [g.name for g in gebruiker.groups.all()] == ["Zorgcoördinator"]
    assert not gebruiker.is_staff


def test_alleen_de_beheerder_krijgt_beheertoegang(gebruikers):
    assert gebruikers["fb"].is_staff
    assert not any(gebruikers[n].is_staff for n in ["af", "zc", "kr"])
    assert not any(g.is_superuser for g in gebruikers.values())


def test_rollen_hebben_hun_permissies(db):
    from django.contrib.auth.models import Group

    beheer = Group.objects.get(name="Functioneel beheerder")
    codes = set(beheer.permissions.values_list("codename", flat=True))
    assert {"change_gebruiker", "view_toegangslog"} <= codes
    assert "delete_gebruiker" not in codes and "change_toegangslog" not in codes
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Aandachtsfunctionaris",
        "Zorgcoördinator",
        "Ketenregisseur",
        "Functioneel beheerder",
    }


def test_gemeente_cbs_code_wordt_gecontroleerd(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="CBS-code is GM"):
        Gemeente(cbs_code="0402", naam="Hilversum").full_clean()


def test_regio_kan_niet_onder_zichzelf_vallen(plaatsen):
    from django.core.exceptions import ValidationError

    gv, fr = plaatsen["gv"], plaatsen["fr"]
    fr.bovenliggende_regio = gv
    fr.save()
    gv.bovenliggende_regio = fr
    with pytest.raises(ValidationError, match="onder zichzelf"):
        gv.full_clean()


def test_wachtwoord_van_een_nieuwe_gebruiker_wordt_gecontroleerd(db):
    from django.core.exceptions import ValidationError

    from mensenhandel.services import gebruiker_aanmaken

    with pytest.raises(ValidationError, match="te kort"):
        gebruiker_aanmaken(email="x@test.example", naam="X", wachtwoord="kort", rol=None)


def test_ip_adres_uit_doorgestuurde_header_alleen_achter_een_proxy(client, db, settings):
    client.post(
        "/inloggen/", {"email": "a@test.example", "wachtwoord": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert ToegangsLog.objects.get().ip_adres == "127.0.0.1"
