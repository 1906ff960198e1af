"""The functional administrator manages users, roles and places in the admin."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.models import Gebruiker, Gemeente, Rol, ToegangsLog
from mensenhandel.toegang import gemeenten_van_af


def test_beheerder_maakt_een_aandachtsfunctionaris_aan(client_als, plaatsen, settings):
    # An installation with one beheerder: the grant is in at once. With two (the default) it
    # waits for the second: tests/mensenhandel/test_toegangswijzigingen.py.
    settings.TOEGANG_TWEE_BEHEERDERS = False
    client = client_als("fb")
    antwoord = client.post(
        "/beheer/mensenhandel/gebruiker/add/",
        {
            "email": "Nieuwe.AF@test.example",
            "naam": "Nina Nieuw",
            "password1": "Een-lang-wachtwoord-77",
            "password2": "Een-lang-wachtwoord-77",
            "rol": "aandachtsfunctionaris",
            "gemeenten": [plaatsen["huizen"].pk],
            "usable_password": "true",
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    nieuw = Gebruiker.objects.get(email="nieuwe.af@test.example")
    assert nieuw.rol == Rol.AANDACHTSFUNCTIONARIS
    assert list(gemeenten_van_af(nieuw)) == [plaatsen["huizen"]]
    assert nieuw.password.startswith("md5$")  # hashed (Argon2 outside the tests)
    assert not TOTPDevice.objects.filter(user=nieuw).exists()  # enrols at first login


def test_rol_zonder_bereik_wordt_geweigerd_en_invoer_blijft(client_als):
    antwoord = client_als("fb").post(
        "/beheer/mensenhandel/gebruiker/add/",
        {
            "email": "zc.nieuw@test.example",
            "naam": "Zoë Zonderregio",
            "password1": "kort",
            "password2": "kort",
            "rol": "zorgcoordinator",
            "usable_password": "true",
        },
    )
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Kies de regio(&#x27;s) waarvoor deze gebruiker werkt." in tekst
    assert "Dit wachtwoord is te kort" in tekst
    assert 'value="zc.nieuw@test.example"' in tekst and "Zoë Zonderregio" in tekst
    assert not Gebruiker.objects.filter(email="zc.nieuw@test.example").exists()


def test_beheerder_wijzigt_rol_en_de_historie_noemt_wie(client_als, gebruikers, plaatsen):
    af = gebruikers["af"]
    antwoord = client_als("fb").post(
        f"/beheer/mensenhandel/gebruiker/{af.pk}/change/",
        {
            "email": af.email,
            "naam": "Andere Naam",
            "is_active": "on",
            "rol": "ketenregisseur",
            "regios": [plaatsen["fr"].pk],
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    af = Gebruiker.objects.get(pk=af.pk)
    assert af.rol == Rol.KETENREGISSEUR and af.naam == "Andere Naam"
    assert af.history.first().history_user == gebruikers["fb"]


def test_beheerder_reset_de_tweede_factor(client_als, gebruikers):
    zc = gebruikers["zc"]
    antwoord = client_als("fb").post(
        "/beheer/mensenhandel/gebruiker/",
        {"action": "tweede_factor_resetten_actie", "_selected_action": [zc.pk]},
        follow=True,
    )
    assert "is gereset" in antwoord.content.decode()
    assert not TOTPDevice.objects.filter(user=zc).exists()
    regel = ToegangsLog.objects.get(toelichting="tweede factor gereset")
    assert regel.gebruiker == gebruikers["fb"] and regel.object_id == str(zc.pk)


def test_beheerder_reset_een_wachtwoord(client_als, gebruikers, client):
    kr = gebruikers["kr"]
    antwoord = client_als("fb").post(
        f"/beheer/mensenhandel/gebruiker/{kr.pk}/password/",
        {
            "password1": "Nieuw-wachtwoord-2026!",
            "password2": "Nieuw-wachtwoord-2026!",
            "usable_password": "true",
        },
    )
    assert antwoord.status_code == 302
    assert client.post("/inloggen/", {"email": kr.email, "wachtwoord": "Nieuw-wachtwoord-2026!"})[
        "Location"
    ] == ("/inloggen/code/")


def test_beheerder_wijzigt_gemeente_met_historie(client_als, gebruikers, plaatsen):
    gemeente = plaatsen["huizen"]
    antwoord = client_als("fb").post(
        f"/beheer/mensenhandel/gemeente/{gemeente.pk}/change/",
        {"cbs_code": "GM0406", "naam": "Huizen (NH)", "veiligheidsregio_code": "", "veiligheidsregio": ""},
    )
    assert antwoord.status_code == 302
    assert Gemeente.objects.get(pk=gemeente.pk).naam == "Huizen (NH)"
    assert gemeente.history.first().history_user == gebruikers["fb"]


def test_beheerder_zonder_tweede_factor_komt_niet_in_de_admin(client, gebruikers):
    client.force_login(gebruikers["fb"], backend="django.contrib.auth.backends.ModelBackend")
    antwoord = client.get("/beheer/")
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/inloggen/")
