"""Login: password, then a second factor that works once; lock-out; session lifetime."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.middleware import SESSIE_INGELOGD_OM, SESSIE_LAATSTE_ACTIVITEIT
from mensenhandel.models import ToegangsLog
from mensenhandel.toegangsbeheer import gebruiker_toewijzen
from tests.conftest import WACHTWOORD, huidige_code, maak_gebruiker, volledig_inloggen

INLOGGEN = "/inloggen/"
CODE = "/inloggen/code/"
KOPPELEN = "/inloggen/koppelen/"


def wachtwoord_invullen(client: Client, email: str, wachtwoord: str = WACHTWOORD, **extra):
    return client.post(INLOGGEN, {"email": email, "wachtwoord": wachtwoord, **extra})


def test_wachtwoord_alleen_bereikt_geen_pagina_achter_de_login(client, gebruikers):
    antwoord = wachtwoord_invullen(client, "af@test.example")
    assert antwoord.status_code == 302 and antwoord["Location"] == CODE
    for url in ["/", "/signalen/", "/beheerder/", "/beheer/"]:
        antwoord = client.get(url, follow=True)
        assert antwoord.request["PATH_INFO"] == INLOGGEN, url
        assert antwoord.redirect_chain, url


def test_volledige_login_geeft_tweemaal_een_nieuwe_sessie_id(client, gebruikers):
    client.get(INLOGGEN)
    wachtwoord_invullen(client, "AF@test.example")  # case does not matter
    na_wachtwoord = client.session.session_key
    antwoord = client.post(CODE, {"code": huidige_code(gebruikers["af"])})
    assert antwoord.status_code == 302 and antwoord["Location"] == "/"
    assert client.session.session_key != na_wachtwoord
    assert client.get("/", follow=True).request["PATH_INFO"] == "/signalen/"
    regel = ToegangsLog.objects.filter(actie="inloggen", uitkomst="toegestaan").get()
    assert regel.gebruiker == gebruikers["af"] and regel.rol == "aandachtsfunctionaris"


def test_een_login_staat_alleen_in_het_eigen_toegangslog(client, gebruikers):
    """One login trail, with a retention rule: the access log. axes keeps none of its own (address,
    browser and name of every login, which it never removes), and still resets the failures."""
    wachtwoord_invullen(client, "af@test.example", "fout-wachtwoord")
    assert AccessAttempt.objects.filter(username="af@test.example").exists()
    wachtwoord_invullen(client, "af@test.example")
    client.post(CODE, {"code": huidige_code(gebruikers["af"])})
    assert ToegangsLog.objects.filter(actie="inloggen", uitkomst="toegestaan").count() == 1
    assert not AccessLog.objects.exists()
    assert not AccessAttempt.objects.filter(username="af@test.example").exists()
    client.post("/uitloggen/")
    assert not AccessLog.objects.exists()


def test_sessie_id_wisselt_na_het_wachtwoord(client, gebruikers):
    client.get(INLOGGEN)
    client.cookies["mh_sessie"] = "x"  # a session id planted before login
    wachtwoord_invullen(client, "af@test.example")
    assert client.session.session_key not in ("x", None)


def test_een_code_werkt_maar_een_keer(gebruikers):
    eerste = Client()
    wachtwoord_invullen(eerste, "zc@test.example")
    code = huidige_code(gebruikers["zc"])
    assert eerste.post(CODE, {"code": code}).status_code == 302

    tweede = Client()
    wachtwoord_invullen(tweede, "zc@test.example")
    antwoord = tweede.post(CODE, {"code": code})
    assert antwoord.status_code == 400
    assert "al gebruikt" in antwoord.content.decode()
    assert tweede.get("/zorgcoordinatie/").status_code == 302


def test_verkeerde_code_geeft_een_nederlandse_fout_en_telt_mee(client, gebruikers):
    wachtwoord_invullen(client, "kr@test.example")
    antwoord = client.post(
        CODE, {"code": "000000" if huidige_code(gebruikers["kr"]) != "000000" else "111111"}
    )
    assert antwoord.status_code == 400
    assert "Deze code klopt niet" in antwoord.content.decode()
    assert 'aria-invalid="true"' in antwoord.content.decode()
    assert AccessAttempt.objects.get(username="kr@test.example").failures_since_start == 1
    assert ToegangsLog.objects.filter(uitkomst="mislukt", gebruiker=gebruikers["kr"]).exists()


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_onzinnige_code(client, gebruikers, code):
    wachtwoord_invullen(client, "kr@test.example")
    antwoord = client.post(CODE, {"code": code})
    assert antwoord.status_code == 400
    assert "zes cijfers" in antwoord.content.decode()


def test_verkeerd_wachtwoord(client, gebruikers):
    antwoord = wachtwoord_invullen(client, "af@test.example", "fout-wachtwoord")
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "Het e-mailadres of het wachtwoord klopt niet" in tekst
    assert 'value="af@test.example"' in tekst  # what the user typed stays
    assert "fout-wachtwoord" not in tekst  # but never the password
    assert ToegangsLog.objects.filter(actie="inloggen", uitkomst="mislukt").count() == 1


def test_leeg_formulier(client, db):
    antwoord = client.post(INLOGGEN, {"email": "geen-adres", "wachtwoord": ""})
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Vul een geldig e-mailadres in" in tekst and "Vul uw wachtwoord in." in tekst
    assert 'value="geen-adres"' in tekst


def zonder_token(inhoud: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", inhoud.decode())


def _vijf_keer_fout(client: Client, email: str) -> None:
    for _ in range(5):
        wachtwoord_invullen(client, email, "fout-wachtwoord")


def test_blokkade_na_vijf_pogingen_ook_met_het_juiste_wachtwoord(client, gebruikers):
    _vijf_keer_fout(client, "af@test.example")
    antwoord = wachtwoord_invullen(Client(), "af@test.example")  # another browser, right password
    assert antwoord.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in antwoord.content.decode()
    assert "15 minuten" in antwoord.content.decode()
    assert ToegangsLog.objects.filter(uitkomst="geblokkeerd").exists()


def test_blokkade_verraadt_niet_of_het_account_bestaat(gebruikers):
    bestaand, onbekend = Client(), Client()
    _vijf_keer_fout(bestaand, "af@test.example")
    _vijf_keer_fout(onbekend, "niemand@test.example")
    a = wachtwoord_invullen(bestaand, "af@test.example", "fout-wachtwoord")
    b = wachtwoord_invullen(onbekend, "niemand@test.example", "fout-wachtwoord")
    assert a.status_code == b.status_code == 429
    assert zonder_token(a.content) == zonder_token(b.content)
    # And before the lock-out, a wrong password reads the same for both.
    c = wachtwoord_invullen(Client(), "zc@test.example", "fout-wachtwoord")
    d = wachtwoord_invullen(Client(), "nog.iemand@test.example", "fout-wachtwoord")
    assert zonder_token(c.content).replace("zc@test.example", "X") == zonder_token(d.content).replace(
        "nog.iemand@test.example", "X"
    )


def test_blokkade_telt_in_de_database_en_verloopt_na_het_kwartier(gebruikers):
    _vijf_keer_fout(Client(), "fb@test.example")
    assert AccessAttempt.objects.get(username="fb@test.example").failures_since_start == 5
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    antwoord = wachtwoord_invullen(Client(), "fb@test.example")
    assert antwoord.status_code == 302 and antwoord["Location"] == CODE


def test_foute_codes_leiden_ook_tot_blokkade(client, gebruikers):
    wachtwoord_invullen(client, "zc@test.example")
    goed = huidige_code(gebruikers["zc"])
    fout = "999999" if goed != "999999" else "888888"
    antwoorden = [client.post(CODE, {"code": fout}).status_code for _ in range(6)]
    # The fifth wrong code locks the account and ends the half-finished login.
    assert antwoorden == [400, 400, 400, 400, 429, 302]
    assert client.post(CODE, {"code": goed})["Location"] == INLOGGEN
    assert wachtwoord_invullen(Client(), "zc@test.example").status_code == 429
    assert client.get("/zorgcoordinatie/").status_code == 302  # never logged in


def test_koppelen_bij_eerste_login(client, plaatsen):
    gebruiker = maak_gebruiker("nieuw@test.example", None, tweede_factor=False)
    antwoord = wachtwoord_invullen(client, "nieuw@test.example")
    assert antwoord["Location"] == KOPPELEN
    pagina = client.get(KOPPELEN)
    tekst = pagina.content.decode()
    assert pagina.status_code == 200
    assert 'src="data:image/svg+xml' in tekst and "QR-code" in tekst
    apparaat = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    # The code page is not reachable before a device is confirmed.
    assert client.get(CODE)["Location"] == KOPPELEN
    antwoord = client.post(KOPPELEN, {"code": huidige_code(gebruiker)})
    assert antwoord.status_code == 302
    apparaat.refresh_from_db()
    assert apparaat.confirmed


def test_wachtende_login_verloopt_na_vijf_minuten(client, gebruikers):
    wachtwoord_invullen(client, "af@test.example")
    sessie = client.session
    sessie["mh_2fa_sinds"] = time.time() - 301
    sessie.save()
    antwoord = client.post(CODE, {"code": huidige_code(gebruikers["af"])})
    assert antwoord.status_code == 302 and antwoord["Location"] == INLOGGEN


def test_dubbel_verzonden_code(client, gebruikers):
    wachtwoord_invullen(client, "af@test.example")
    code = huidige_code(gebruikers["af"])
    assert client.post(CODE, {"code": code}).status_code == 302
    tweede = client.post(CODE, {"code": code}, follow=True)
    assert tweede.status_code == 200  # lands on the start page, already logged in
    assert tweede.request["PATH_INFO"] == "/signalen/"


def test_vervolgadres_alleen_binnen_de_site(gebruikers):
    client = Client()
    wachtwoord_invullen(client, "fb@test.example", next="/beheerder/toegangslog/")
    assert (
        client.post(CODE, {"code": huidige_code(gebruikers["fb"])})["Location"] == "/beheerder/toegangslog/"
    )
    client = Client()
    wachtwoord_invullen(client, "kr@test.example", next="https://kwaad.example/")
    assert client.post(CODE, {"code": huidige_code(gebruikers["kr"])})["Location"] == "/"


def test_uitloggen(client_als):
    client = client_als("af")
    antwoord = client.post("/uitloggen/", follow=True)
    assert "U bent uitgelogd." in antwoord.content.decode()
    assert client.get("/signalen/").status_code == 302
    assert ToegangsLog.objects.filter(actie="uitloggen").count() == 1


def test_uitloggen_met_get_geeft_een_nette_405(client_als):
    antwoord = client_als("af").get("/uitloggen/")
    assert antwoord.status_code == 405
    assert "werkt alleen via een knop" in antwoord.content.decode()


# --- Session lifetime ----------------------------------------------------------------


def _sessie_zetten(client: Client, **waarden: float) -> None:
    sessie = client.session
    for sleutel, waarde in waarden.items():
        sessie[sleutel] = waarde
    sessie.save()


def test_sessie_verloopt_na_vijftien_minuten_zonder_activiteit(client_als):
    client = client_als("af")
    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: time.time() - 15 * 60 - 1})
    antwoord = client.get("/signalen/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == f"{INLOGGEN}?verlopen=1&next=%2Fsignalen%2F"
    assert "Uw sessie is verlopen" in client.get(antwoord["Location"]).content.decode()
    assert client.get("/signalen/").status_code == 302  # and it stays ended


def test_activiteit_houdt_de_sessie_in_leven(client_als):
    client = client_als("af")
    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: time.time() - 14 * 60})
    assert client.get("/signalen/").status_code == 200
    assert time.time() - client.session[SESSIE_LAATSTE_ACTIVITEIT] < 5


def test_de_sessie_wordt_hooguit_eens_per_minuut_geschreven(client_als):
    """A page view within a minute of the stored moment writes no session (issue 16); the page's
    countdown starts from that stored moment, so it never promises more than the server gives."""
    client = client_als("af")
    eerder = time.time() - 30
    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: eerder})
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get("/signalen/")
    assert antwoord.status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert client.session[SESSIE_LAATSTE_ACTIVITEIT] == eerder
    resterend = int(re.search(r'data-sessie-seconden="(\d+)"', antwoord.content.decode()).group(1))
    assert 15 * 60 - 35 <= resterend <= 15 * 60 - 29

    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: time.time() - 61})
    antwoord = client.get("/signalen/")
    assert time.time() - client.session[SESSIE_LAATSTE_ACTIVITEIT] < 5
    assert 'data-sessie-seconden="900"' in antwoord.content.decode()


def test_inactiviteitsduur_is_instelbaar(client_als, settings):
    settings.SESSIE_INACTIEF_MINUTEN = 30
    client = client_als("af")
    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: time.time() - 20 * 60})
    assert client.get("/signalen/").status_code == 200


def test_sessie_eindigt_na_twaalf_uur_hoe_dan_ook(client_als):
    client = client_als("zc")
    _sessie_zetten(client, **{SESSIE_INGELOGD_OM: time.time() - 12 * 3600 - 1})
    assert client.get("/zorgcoordinatie/").status_code == 302


def test_sessie_verlengen(client_als):
    client = client_als("kr")
    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: time.time() - 14 * 60})
    antwoord = client.post("/sessie/verlengen/", {"next": "/ketenregie/"}, HTTP_X_REQUESTED_WITH="fetch")
    assert antwoord.status_code == 204
    # Also within a minute of the last write: asking to stay renews the moment itself.
    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: time.time() - 30})
    client.post("/sessie/verlengen/", {"next": "/ketenregie/"}, HTTP_X_REQUESTED_WITH="fetch")
    assert time.time() - client.session[SESSIE_LAATSTE_ACTIVITEIT] < 5
    antwoord = client.post("/sessie/verlengen/", {"next": "/ketenregie/"})
    assert antwoord["Location"] == "/ketenregie/"


def test_deactiveren_werkt_bij_het_volgende_verzoek(client_als, gebruikers):
    client = client_als("af")
    assert client.get("/signalen/").status_code == 200
    gebruikers["af"].is_active = False
    gebruikers["af"].save()
    assert client.get("/signalen/").status_code == 302


def test_rol_afnemen_werkt_bij_het_volgende_verzoek(client_als, gebruikers):
    client = client_als("af")
    assert client.get("/signalen/").status_code == 200
    gebruiker_toewijzen(gebruiker=gebruikers["af"], rol=None)
    assert client.get("/signalen/").status_code == 403
    assert ToegangsLog.objects.filter(uitkomst="geweigerd", gebruiker=gebruikers["af"]).exists()


# --- Headers and bad requests --------------------------------------------------------


@pytest.mark.parametrize("url", ["/signalen/", "/inloggen/"])
def test_paginas_worden_niet_bewaard(client_als, url):
    antwoord = client_als("af").get(url, follow=True)
    assert "no-store" in antwoord["Cache-Control"]


def test_beveiligingsheaders(client, db):
    antwoord = client.get(INLOGGEN)
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["Referrer-Policy"] == "same-origin"
    csp = antwoord["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize(
    ("wie", "url"),
    [
        (None, INLOGGEN),
        (None, "/bestaat-niet/"),
        ("af", "/signalen/"),
        ("af", "/signalen/export/"),
        ("kr", "/ketenregie/dashboard/"),
        ("fb", "/beheer/"),
        (None, "/static/css/app.css"),
    ],
)
def test_elk_antwoord_zet_browserfuncties_uit(client_als, db, wie, url):
    """Permissions-Policy on every response: pages, errors, files and static files."""
    http = client_als(wie) if wie else Client()
    antwoord = http.get(url)
    antwoord.close()  # a file or a stream: its handle is closed at once
    beleid = dict(deel.strip().split("=", 1) for deel in antwoord.headers["Permissions-Policy"].split(","))
    for functie in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert beleid[functie] == "()", functie


def test_ontbrekend_csrf_token(db, gebruikers):
    client = Client(enforce_csrf_checks=True)
    antwoord = client.post(INLOGGEN, {"email": "af@test.example", "wachtwoord": WACHTWOORD})
    assert antwoord.status_code == 403
    assert "Formulier verlopen" in antwoord.content.decode()


def test_onbekende_url(client, db):
    antwoord = client.get("/bestaat/niet/")
    assert antwoord.status_code == 404
    assert "Pagina niet gevonden" in antwoord.content.decode()


def test_volledig_ingelogd_hulpmiddel_klopt(client, gebruikers):
    # The shortcut the other tests use must match what the forms produce.
    volledig_inloggen(client, gebruikers["af"])
    assert client.get("/signalen/").status_code == 200


def test_formulier_na_verlopen_sessie_stuurt_niet_terug_naar_een_post_adres(client_als):
    client = client_als("kr")
    _sessie_zetten(client, **{SESSIE_LAATSTE_ACTIVITEIT: time.time() - 16 * 60})
    client.get("/ketenregie/")  # the session ends here
    antwoord = client.post("/sessie/verlengen/", {"next": "/ketenregie/"})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/inloggen/?verlopen=1"


def test_voettekst_noemt_de_inactiviteitsduur(client_als, settings):
    settings.SESSIE_INACTIEF_MINUTEN = 1
    assert "na 1 minuut." in client_als("af").get("/signalen/").content.decode()
    settings.SESSIE_INACTIEF_MINUTEN = 15
    assert "na 15 minuten." in client_als("af").get("/signalen/").content.decode()


def test_een_geslaagde_login_zet_de_teller_terug(gebruikers):
    """Four wrong passwords, then a complete login, then one wrong code: not locked (the
    successful login resets the count, also though its last step posts no e-mail address)."""
    for _ in range(4):
        wachtwoord_invullen(Client(), "kr@test.example", "fout-wachtwoord")
    assert AccessAttempt.objects.get(username="kr@test.example").failures_since_start == 4
    browser = Client()
    assert wachtwoord_invullen(browser, "kr@test.example")["Location"] == CODE
    assert browser.post(CODE, {"code": huidige_code(gebruikers["kr"])}).status_code == 302
    assert not AccessAttempt.objects.filter(username="kr@test.example").exists()
    browser.post("/uitloggen/")

    ander = Client()
    assert wachtwoord_invullen(ander, "kr@test.example")["Location"] == CODE
    goed = huidige_code(gebruikers["kr"])
    assert ander.post(CODE, {"code": "999999" if goed != "999999" else "888888"}).status_code == 400
    assert wachtwoord_invullen(Client(), "kr@test.example").status_code == 302  # not locked
