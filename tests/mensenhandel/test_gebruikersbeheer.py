"""Users managed in the application by the functioneel beheerder, with invitations (issue 17, point 7).

The beheerder never handles a password: a new user gets an e-mail with a one-time link that
expires, chooses a password and enrols the second factor. Role and scope go through
``toegang_wijzigen``, so the trail, the second beheerder and the self-check hold here too.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from mensenhandel.models import Gebruiker, Organisatie, Rol, ToegangsLog, Toegangswijziging, Uitnodiging
from mensenhandel.toegang import gemeenten_van_af
from mensenhandel.toegangsbeheer import ZELF_GEWEIGERD, toegang_van, toegang_wijzigen
from mensenhandel.toegangsbesluiten import toegangswijziging_goedkeuren
from tests.conftest import PER_VERZOEK, huidige_code, maak_gebruiker

LIJST = "/beheerder/gebruikers/"
NIEUW = "/beheerder/gebruikers/nieuw/"
WACHTWOORD = "Zonnige-ochtend-in-Bussum-82"
LINK_WERKT_NIET = "Deze link werkt niet meer"


@pytest.fixture
def fb2(gebruikers) -> Gebruiker:
    """A second functioneel beheerder, another person."""
    return maak_gebruiker("tweede.beheerder@test.example", Rol.FUNCTIONEEL_BEHEERDER)


def _nieuw(**velden: object) -> dict[str, object]:
    return {
        "naam": "Nina Nieuw",
        "email": "nina@test.example",
        "rol": "aandachtsfunctionaris",
        "formuliertoken": "7d3c1f7e-5b1a-4d55-9a43-0f8f2d3b9c11",
        **velden,
    }


def _pagina(gebruiker: Gebruiker) -> str:
    return f"/beheerder/gebruikers/{gebruiker.uuid}/"


def _uitnodigen(client: Client, django_capture_on_commit_callbacks, **velden: object):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(NIEUW, _nieuw(**velden), follow=True)


def test_een_uitnodiging_van_aanmaken_tot_eerste_login_over_smtp(
    client_als, gebruikers, plaatsen, fb2, smtp_postvak, django_capture_on_commit_callbacks
):
    fb = gebruikers["fb"]
    antwoord = _uitnodigen(
        client_als("fb"), django_capture_on_commit_callbacks, gemeenten=[plaatsen["huizen"].pk]
    )
    tekst = antwoord.content.decode()
    assert "Nina Nieuw is aangemaakt." in tekst
    assert "De uitnodiging is verstuurd naar nina@test.example." in tekst
    assert "gaat pas in als een tweede" in tekst  # an AF opens personal data: four eyes
    nina = Gebruiker.objects.get(email="nina@test.example")
    assert not nina.has_usable_password() and nina.rol is None
    wijziging = Toegangswijziging.objects.get(gebruiker=nina)
    assert wijziging.status == Toegangswijziging.Status.WACHT and wijziging.aangevraagd_door == fb

    # The e-mail went out over SMTP: to her, with one link and no case content.
    assert smtp_postvak.ontvangers == [["nina@test.example"]]
    bericht = smtp_postvak.berichten[0]
    assert bericht["Subject"] == "Uitnodiging voor de applicatie Aanpak mensenhandel"
    inhoud = smtp_postvak.tekst()
    assert "Beste Nina Nieuw" in inhoud and "48 uur geldig" in inhoud
    assert "Huizen" not in inhoud and "aandachtsfunctionaris" not in inhoud.lower()
    link = smtp_postvak.link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    uitnodiging = Uitnodiging.objects.get(gebruiker=nina)
    assert uitnodiging.verstuurd_op is not None
    assert token not in uitnodiging.token_hash and len(uitnodiging.token_hash) == 64  # only a hash

    # A second beheerder approves the role before she starts.
    toegangswijziging_goedkeuren(door=fb2, wijziging=wijziging)

    # She follows the link: the token leaves the address at once.
    nieuw = Client()
    stap = nieuw.get(link.removeprefix("http://testserver"))
    assert stap.status_code == 302 and stap["Location"] == "/uitnodiging/"
    formulier = nieuw.get("/uitnodiging/")
    assert formulier.status_code == 200 and "nina@test.example" in formulier.content.decode()

    # A weak password and a repetition that differs: Dutch messages, nothing stored.
    zwak = nieuw.post("/uitnodiging/", {"wachtwoord": "kort", "herhaling": "anders"})
    assert zwak.status_code == 400
    fouten = zwak.content.decode()
    assert "Dit wachtwoord is te kort" in fouten
    assert not Gebruiker.objects.get(pk=nina.pk).has_usable_password()
    verschil = nieuw.post("/uitnodiging/", {"wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD + "x"})
    assert verschil.status_code == 400
    assert "De twee wachtwoorden zijn niet gelijk" in verschil.content.decode()

    gekozen = nieuw.post("/uitnodiging/", {"wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD})
    assert gekozen.status_code == 302 and gekozen["Location"] == "/inloggen/koppelen/"
    assert Gebruiker.objects.get(pk=nina.pk).check_password(WACHTWOORD)

    # The first login's enrolment, as it is: a wrong code, then the right one.
    koppelen = nieuw.get("/inloggen/koppelen/")
    assert "Authenticator-app koppelen" in koppelen.content.decode()
    fout = nieuw.post(
        "/inloggen/koppelen/", {"code": "000000" if huidige_code(nina) != "000000" else "111111"}
    )
    assert fout.status_code == 400 and "Deze code klopt niet" in fout.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):  # past django-otp's throttle
        klaar = nieuw.post("/inloggen/koppelen/", {"code": huidige_code(nina)}, follow=True)
    assert klaar.redirect_chain[-1][0] == "/signalen/"  # her start page
    assert klaar.status_code == 200

    # The link is used up: the same Dutch page as for any unknown link.
    ander = Client()
    opnieuw = ander.get(link.removeprefix("http://testserver"))
    assert opnieuw.status_code == 410 and LINK_WERKT_NIET in opnieuw.content.decode()
    assert "nina" not in opnieuw.content.decode().lower()

    toelichtingen = list(
        ToegangsLog.objects.filter(object_id=str(nina.pk), actie__in=["beheer", "inloggen"])
        .order_by("tijdstip", "id")
        .values_list("toelichting", flat=True)
    )
    assert toelichtingen[0] == "gebruiker aangemaakt"
    assert any(t.startswith("uitnodiging gemaakt") for t in toelichtingen)
    assert any(t.startswith("uitnodigingslink geopend") for t in toelichtingen)
    assert any(t.startswith("uitnodiging aangenomen") for t in toelichtingen)
    assert ToegangsLog.objects.filter(gebruiker=nina, toelichting="ingelogd met tweede factor").exists()


def test_een_verlopen_link_werkt_niet_ook_niet_halverwege(
    client_als, gebruikers, plaatsen, settings, django_capture_on_commit_callbacks
):
    settings.UITNODIGING_GELDIG_UREN = 2
    _uitnodigen(client_als("fb"), django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    assert "2 uur geldig" in mail.outbox[0].body

    halverwege = Client()
    assert halverwege.get(link).status_code == 302
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        for client, url in ((Client(), link), (halverwege, "/uitnodiging/")):
            antwoord = client.get(url)
            assert antwoord.status_code == 410 and LINK_WERKT_NIET in antwoord.content.decode()
        # Posting the password after the link expired stores nothing.
        antwoord = halverwege.post("/uitnodiging/", {"wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD})
        assert antwoord.status_code == 410
    assert not Gebruiker.objects.get(email="nina@test.example").has_usable_password()
    assert ToegangsLog.objects.filter(scherm="uitnodiging", uitkomst="mislukt").count() == 3


def test_opnieuw_versturen_en_intrekken(client_als, gebruikers, plaatsen, django_capture_on_commit_callbacks):
    fb = client_als("fb")
    _uitnodigen(fb, django_capture_on_commit_callbacks, rol="functioneel_beheerder")
    nina = Gebruiker.objects.get(email="nina@test.example")
    eerste = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]

    with django_capture_on_commit_callbacks(execute=True):
        antwoord = fb.post(f"{_pagina(nina)}uitnodiging/versturen/", follow=True)
    assert "de vorige link werkt niet meer" in antwoord.content.decode()
    tweede = mail.outbox[1].body.split("http://testserver", 1)[1].split()[0]
    assert eerste != tweede
    assert Client().get(eerste).status_code == 410
    statussen = list(Uitnodiging.objects.filter(gebruiker=nina).values_list("status", flat=True))
    assert statussen == ["open", "vervangen"]

    antwoord = fb.post(f"{_pagina(nina)}uitnodiging/intrekken/", follow=True)
    assert "De uitnodiging van Nina Nieuw is ingetrokken" in antwoord.content.decode()
    assert Client().get(tweede).status_code == 410
    # Nothing left to revoke: refused with a message, no 500.
    antwoord = fb.post(f"{_pagina(nina)}uitnodiging/intrekken/", follow=True)
    assert "Er is geen open uitnodiging om in te trekken." in antwoord.content.decode()
    assert ToegangsLog.objects.filter(
        object_id=str(nina.pk), toelichting__startswith="uitnodiging ingetrokken"
    ).exists()

    # Someone who accepted logs in themselves: no new invitation.
    antwoord = fb.post(f"{_pagina(gebruikers['af'])}uitnodiging/versturen/", follow=True)
    assert "heeft de uitnodiging al aangenomen" in antwoord.content.decode()
    assert len(mail.outbox) == 2


def test_een_onbereikbare_mailserver_geeft_een_melding_geen_fout(
    client_als, gebruikers, settings, django_capture_on_commit_callbacks, caplog
):
    from tests.postvak import vrije_poort

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", vrije_poort(), False
    antwoord = _uitnodigen(client_als("fb"), django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    assert antwoord.status_code == 200
    assert "De uitnodiging kon niet worden verstuurd" in antwoord.content.decode()
    uitnodiging = Uitnodiging.objects.get(gebruiker__email="nina@test.example")
    assert uitnodiging.verstuurd_op is None
    assert "Niet verstuurd" in antwoord.content.decode()
    assert f"uitnodiging niet verstuurd uitnodiging={uitnodiging.pk}" in caplog.text
    assert "nina@test.example" not in caplog.text  # ids only in the log


def test_een_nieuwe_gebruiker_met_fouten_in_een_ronde_en_alle_invoer_blijft(client_als, gebruikers, plaatsen):
    Organisatie.objects.create(naam="Fier", soort="zorgorganisatie")
    antwoord = client_als("fb").post(
        NIEUW,
        _nieuw(
            email="AF@test.example",  # another user's address, in other capitals
            rol="aandachtsfunctionaris",  # without a gemeente
            organisatie=Organisatie.objects.get().pk,
            organisatie_naam="Gemeente Nergens",  # and a new one too
        ),
    )
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "Kies de gemeente(n) die deze aandachtsfunctionaris bedient." in tekst
    assert "Kies een bestaande organisatie óf vul een nieuwe in, niet allebei." in tekst
    assert "Kies de soort van de nieuwe organisatie." in tekst
    assert 'value="Nina Nieuw"' in tekst and 'value="Gemeente Nergens"' in tekst
    assert not Gebruiker.objects.filter(naam="Nina Nieuw").exists()

    # The form's own checks pass; the service finds the address taken.
    antwoord = client_als("fb").post(
        NIEUW, _nieuw(email="AF@test.example", gemeenten=[plaatsen["huizen"].pk])
    )
    assert antwoord.status_code == 400
    assert "Er is al een gebruiker met dit e-mailadres." in antwoord.content.decode()
    assert 'value="AF@test.example"' in antwoord.content.decode()

    antwoord = client_als("fb").post(NIEUW, _nieuw(rol="zorgcoordinator", naam="", email="geen-adres"))
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Vul de naam in." in tekst and "Vul een geldig e-mailadres in" in tekst
    assert "Kies de regio(&#x27;s) waarvoor deze gebruiker werkt." in tekst

    antwoord = client_als("fb").post(NIEUW, _nieuw(rol=""))
    assert "Kies een rol." in antwoord.content.decode()
    assert not Gebruiker.objects.filter(naam="Nina Nieuw").exists()
    assert not Uitnodiging.objects.exists()


def test_een_nieuwe_organisatie_onderweg(
    client_als, gebruikers, plaatsen, django_capture_on_commit_callbacks
):
    velden = {"rol": "zorgcoordinator", "regios": [plaatsen["gv"].pk], "organisatie_naam": "Gemeente Huizen"}
    antwoord = client_als("fb").post(NIEUW, _nieuw(**velden, organisatie_soort="gemeente"))
    assert antwoord.status_code == 400
    assert "Kies de gemeente van deze organisatie." in antwoord.content.decode()
    assert not Organisatie.objects.exists()

    antwoord = _uitnodigen(
        client_als("fb"),
        django_capture_on_commit_callbacks,
        **velden,
        organisatie_soort="gemeente",
        organisatie_gemeente=plaatsen["huizen"].pk,
    )
    assert antwoord.status_code == 200
    nina = Gebruiker.objects.get(email="nina@test.example")
    assert nina.organisatie is not None and nina.organisatie.naam == "Gemeente Huizen"
    assert nina.organisatie.gemeente == plaatsen["huizen"]


def test_dubbel_versturen_maakt_een_gebruiker(client_als, gebruikers, django_capture_on_commit_callbacks):
    fb = client_als("fb")
    _uitnodigen(fb, django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    antwoord = _uitnodigen(fb, django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    assert "Dit formulier was al verstuurd; Nina Nieuw was al aangemaakt." in antwoord.content.decode()
    assert Gebruiker.objects.filter(email="nina@test.example").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("email", ["fb+af@test.example", "ander@test.example"])
def test_geen_toegang_tot_casuistiek_voor_een_eigen_tweede_account(client_als, gebruikers, plaatsen, email):
    naam = "fb" if email.startswith("ander") else "Nina Nieuw"  # the same name, or the same mailbox
    antwoord = client_als("fb").post(NIEUW, _nieuw(email=email, naam=naam, gemeenten=[plaatsen["huizen"].pk]))
    assert antwoord.status_code == 400
    assert ZELF_GEWEIGERD in antwoord.content.decode()
    assert not Gebruiker.objects.filter(email=email).exists()  # nothing half made
    assert not Toegangswijziging.objects.filter(aangevraagd_door=gebruikers["fb"]).exists()


def test_wijzigen_gaat_door_het_toegangsspoor(client_als, gebruikers, plaatsen, fb2):
    fb, af = client_als("fb"), gebruikers["af"]
    pagina = fb.get(_pagina(af))
    tekst = pagina.content.decode()
    assert pagina.status_code == 200
    assert "Aandachtsfunctionaris" in tekst and "Hilversum" in tekst
    velden = {
        "naam": "Anna de Vries",
        "email": "anna.devries@test.example",
        "rol": "aandachtsfunctionaris",
        "gemeenten": [plaatsen["hilversum"].pk, plaatsen["huizen"].pk],
    }
    antwoord = fb.post(_pagina(af), velden, follow=True)
    assert "De gegevens van Anna de Vries zijn opgeslagen." in antwoord.content.decode()
    assert "gaat pas in als een tweede" in antwoord.content.decode()
    af.refresh_from_db()
    assert (af.naam, af.email) == ("Anna de Vries", "anna.devries@test.example")
    # Huizen waits for the second beheerder; Hilversum stays.
    assert list(gemeenten_van_af(Gebruiker.objects.get(pk=af.pk))) == [plaatsen["hilversum"]]
    wachtend = Toegangswijziging.objects.get(gebruiker=af, status="wacht")
    toegangswijziging_goedkeuren(door=fb2, wijziging=wachtend)
    assert set(toegang_van(af).gemeenten) == {plaatsen["hilversum"], plaatsen["huizen"]}
    assert ToegangsLog.objects.filter(
        object_id=str(af.pk), toelichting="gegevens gewijzigd: naam, e-mailadres"
    ).exists()

    # Withdrawing goes at once; a role without its scope is refused on the field.
    antwoord = fb.post(_pagina(af), {**velden, "rol": "zorgcoordinator", "gemeenten": []})
    assert antwoord.status_code == 400
    assert "Kies de regio(&#x27;s) waarvoor deze gebruiker werkt." in antwoord.content.decode()
    antwoord = fb.post(_pagina(af), {**velden, "rol": "", "gemeenten": []})
    assert antwoord.status_code == 302
    assert Gebruiker.objects.get(pk=af.pk).rol is None


def test_een_beheerder_geeft_zichzelf_geen_casuistiek(client_als, gebruikers, plaatsen):
    fb = gebruikers["fb"]
    antwoord = client_als("fb").post(
        _pagina(fb),
        {
            "naam": fb.naam,
            "email": fb.email,
            "rol": "aandachtsfunctionaris",
            "gemeenten": [plaatsen["huizen"].pk],
        },
    )
    assert antwoord.status_code == 400
    assert ZELF_GEWEIGERD in antwoord.content.decode()
    assert Gebruiker.objects.get(pk=fb.pk).rol == Rol.FUNCTIONEEL_BEHEERDER


def test_deactiveren_en_heractiveren(client_als, gebruikers, plaatsen):
    fb, zc = client_als("fb"), gebruikers["zc"]
    eigen_sessie = client_als("zc")
    assert eigen_sessie.get("/zorgcoordinatie/").status_code == 200

    antwoord = fb.post(f"{_pagina(zc)}deactiveren/", follow=True)
    assert "is gedeactiveerd" in antwoord.content.decode()
    zc = Gebruiker.objects.get(pk=zc.pk)
    assert not zc.is_active and toegang_van(zc).rol is None
    # Her open session ends at once.
    assert eigen_sessie.get("/zorgcoordinatie/").status_code == 302
    assert Toegangswijziging.objects.filter(gebruiker=zc, na__rol="").exists()  # in the trail
    assert ToegangsLog.objects.filter(object_id=str(zc.pk), toelichting="gebruiker gedeactiveerd").exists()

    # Twice: refused with a message. A role for an inactive user: refused on the form.
    antwoord = fb.post(f"{_pagina(zc)}deactiveren/", follow=True)
    assert "is al gedeactiveerd" in antwoord.content.decode()
    antwoord = fb.post(
        _pagina(zc),
        {"naam": zc.naam, "email": zc.email, "rol": "zorgcoordinator", "regios": [plaatsen["gv"].pk]},
    )
    assert antwoord.status_code == 400 and "Heractiveer deze gebruiker eerst" in antwoord.content.decode()

    antwoord = fb.post(f"{_pagina(zc)}heractiveren/", follow=True)
    assert "is weer actief" in antwoord.content.decode()
    zc = Gebruiker.objects.get(pk=zc.pk)
    assert zc.is_active and zc.rol is None  # the role is given again, through the trail

    # Nobody deactivates themselves.
    antwoord = fb.post(f"{_pagina(gebruikers['fb'])}deactiveren/", follow=True)
    assert "U kunt uw eigen account niet deactiveren" in antwoord.content.decode()
    assert Gebruiker.objects.get(pk=gebruikers["fb"].pk).is_active


def test_een_ander_e_mailadres_trekt_de_open_uitnodiging_in(
    client_als, gebruikers, django_capture_on_commit_callbacks
):
    fb = client_als("fb")
    _uitnodigen(fb, django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    nina = Gebruiker.objects.get(email="nina@test.example")
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    antwoord = fb.post(
        _pagina(nina),
        {"naam": "Nina Nieuw", "email": "nina.nieuw@test.example", "rol": "privacyfunctionaris"},
    )
    assert antwoord.status_code == 302
    assert Client().get(link).status_code == 410
    assert Uitnodiging.objects.get(gebruiker=nina).status == Uitnodiging.Status.INGETROKKEN
    lijst = fb.get(LIJST).content.decode()
    assert "Uitnodiging niet aangenomen" in lijst


def test_deactiveren_trekt_een_open_uitnodiging_in(
    client_als, gebruikers, django_capture_on_commit_callbacks
):
    fb = client_als("fb")
    _uitnodigen(fb, django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    nina = Gebruiker.objects.get(email="nina@test.example")
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    fb.post(f"{_pagina(nina)}deactiveren/")
    assert Uitnodiging.objects.get(gebruiker=nina).status == Uitnodiging.Status.INGETROKKEN
    assert Client().get(link).status_code == 410
    # Reactivated without a password: a new invitation can go out.
    fb.post(f"{_pagina(nina)}heractiveren/")
    antwoord = fb.get(_pagina(nina))
    assert "Nieuwe uitnodiging versturen" in antwoord.content.decode()


def test_de_lijst_zoekt_filtert_en_leest_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, django_assert_num_queries, django_capture_on_commit_callbacks
):
    fb = client_als("fb")
    fb.get(LIJST)  # warm: session, menu
    _uitnodigen(fb, django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    for i in range(5):
        maak_gebruiker(f"extra{i}@test.example", Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"], plaatsen["fr"]])
    # PER_VERZOEK, the page's count and rows, the rows' role groups, gemeenten and regio's, the
    # organisations of the filter, the access-log row.
    with django_assert_num_queries(PER_VERZOEK + 7):
        antwoord = fb.get(LIJST)
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Gebruikers 1–15 van 15" in tekst
    assert "Fryslân, Gooi en Vechtstreek" in tekst and "Uitgenodigd" in tekst
    regel = ToegangsLog.objects.filter(scherm="beheerder:gebruikers").first()
    assert regel.actie == "bekijken" and len(regel.getoond) == 15

    with django_assert_num_queries(PER_VERZOEK + 7):
        antwoord = fb.get(LIJST, {"zoek": "EXTRA", "rol": "zorgcoordinator", "status": "actief"})
    assert "Gebruikers 1–5 van 5" in antwoord.content.decode()
    assert ToegangsLog.objects.filter(scherm="beheerder:gebruikers").first().actie == "zoeken"
    assert "Gebruikers 1–1 van 1" in fb.get(LIJST, {"status": "uitgenodigd"}).content.decode()
    # The user without a role, and the invited privacy officer is one with a role.
    geen = fb.get(LIJST, {"rol": "geen"}).content.decode()
    assert "geen.rol@test.example" in geen and "Gebruikers 1–1 van 1" in geen

    fout = fb.get(LIJST, {"rol": "koning"})
    assert fout.status_code == 400 and "Kies een rol uit de lijst." in fout.content.decode()


def test_de_pagina_van_een_gebruiker_leest_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, django_assert_num_queries
):
    fb, af = client_als("fb"), gebruikers["af"]
    fb.get(_pagina(af))  # warm
    for gemeente in ("huizen", "leeuwarden", "hilversum"):
        toegang_wijzigen(
            door=gebruikers["fb"], gebruiker=af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen[gemeente]]
        )
    # PER_VERZOEK; the user with organisation and open invitation, their groups, gemeenten and
    # regio's (also the form's initial values); the access-log row; the invitations; the trail;
    # the form's choices (organisations, gemeenten for the user and for a new organisation, regio's).
    with django_assert_num_queries(PER_VERZOEK + 11):
        antwoord = fb.get(_pagina(af))
    assert antwoord.status_code == 200
    assert ToegangsLog.objects.filter(scherm="beheerder:gebruiker", object_id=str(af.pk)).exists()


def test_de_beheerder_ziet_geen_wachtwoord_en_de_admin_is_nederlands(client_als, gebruikers):
    fb = client_als("fb")
    nieuw = fb.get(NIEUW).content.decode()
    assert 'type="password"' not in nieuw
    paden = (
        "/beheer/",
        "/beheer/mensenhandel/gebruiker/",
        "/beheer/mensenhandel/gebruiker/add/",
        f"/beheer/mensenhandel/gebruiker/{gebruikers['af'].pk}/change/",
    )
    for pad in paden:
        tekst = fb.get(pad).content.decode()
        for engels in ("Add user", "After you", "Change user", "Site administration", "Save and continue"):
            assert engels not in tekst, (pad, engels)
    # The admin's form for a new user sends the beheerder to the invitation.
    assert NIEUW in fb.get("/beheer/mensenhandel/gebruiker/add/").content.decode()


def test_wie_op_goedkeuring_wacht_hoort_dat_bij_het_koppelen(
    client_als, gebruikers, plaatsen, django_capture_on_commit_callbacks
):
    _uitnodigen(client_als("fb"), django_capture_on_commit_callbacks, gemeenten=[plaatsen["huizen"].pk])
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    nieuw = Client()
    nieuw.get(link)
    antwoord = nieuw.post("/uitnodiging/", {"wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD}, follow=True)
    tekst = antwoord.content.decode()
    assert "Authenticator-app koppelen" in tekst
    assert "Uw rol wacht nog op goedkeuring door een tweede functioneel beheerder." in tekst


def test_een_link_in_de_browser_van_een_ander_beeindigt_diens_sessie(
    client_als, gebruikers, django_capture_on_commit_callbacks
):
    _uitnodigen(client_als("fb"), django_capture_on_commit_callbacks, rol="privacyfunctionaris")
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    af = client_als("af")
    assert af.get(link)["Location"] == "/uitnodiging/"
    assert "nina@test.example" in af.get("/uitnodiging/").content.decode()
    assert af.get("/signalen/").status_code == 302  # the AF's session is gone, not mixed with Nina's
