"""The ketenregisseur's report screens: the list and form, the progress page, download, steps."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import ToegangsLog
from rapportage import opslag, pdf, services, views
from rapportage.models import Rapport, Status
from tests.conftest import PER_VERZOEK
from tests.rapportage.hulp import KLEINE_PDF, aanvragen, klaar_maken

pytestmark = pytest.mark.django_db

START = reverse("rapportage:start")


def url(naam: str, rapport: Rapport) -> str:
    return reverse(f"rapportage:{naam}", kwargs={"uuid": rapport.uuid})


def formulier(**velden) -> dict:
    return {"formuliertoken": str(uuid.uuid4()), "jaar": "", "van": "", "tot": "", **velden}


# --- The list and the form --------------------------------------------------------------------


def test_lijst_en_formulier(client_als, gebruikers):
    kr = gebruikers["kr"]
    klaar = klaar_maken(aanvragen(kr, jaar=2025))
    services.rapport_vaststellen(door=kr, rapport=klaar)
    aanvragen(kr, jaar=2025)
    aanvragen(gebruikers["kr_ander"], jaar=2025)

    antwoord = client_als("kr").get(START)
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Rapportages van Gooi en Vechtstreek" in html and "Fryslân" not in html
    assert html.count(url("rapport", klaar)) == 1
    assert "Eerste halfjaar 2025" in html
    assert re.search(r">\s*2\s*</td>\s*<td[^>]*>\s*Aangevraagd \(0%\)", html)
    assert re.search(r">\s*1\s*</td>\s*<td[^>]*>\s*Klaar", html)
    # The form: the previous half-year chosen; one regio, so no choice of regio.
    soort, van, _ = services.vorig_halfjaar(timezone.localdate())
    assert re.search(rf'value="{soort}"[^>]*checked', html)
    assert f'name="jaar" value="{van.year}"' in html
    assert 'type="hidden" name="regio"' in html
    assert 'name="formuliertoken"' in html


def test_lijst_kost_een_vast_aantal_queries(client_als, gebruikers, django_assert_max_num_queries):
    client = client_als("kr")
    aanvragen(gebruikers["kr"], jaar=2024)
    with django_assert_max_num_queries(PER_VERZOEK + 2) as weinig:
        client.get(START)
    for jaar in (2020, 2021, 2022, 2023):
        klaar_maken(aanvragen(gebruikers["kr"], jaar=jaar))
        aanvragen(gebruikers["kr"], jaar=jaar, soort="tweede_halfjaar")
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        client.get(START)


def test_rapportpagina_kost_een_vast_aantal_queries(client_als, gebruikers, django_assert_max_num_queries):
    client = client_als("kr")
    rapport = klaar_maken(aanvragen(gebruikers["kr"], jaar=2024), opruimen_bij_einde=True)
    client.get(url("rapport", rapport))  # warm the session
    with django_assert_max_num_queries(PER_VERZOEK + 2) as weinig:
        assert client.get(url("rapport", rapport)).status_code == 200
    # More versions of the same period and other reports of the regio change nothing.
    for _ in range(3):
        klaar_maken(aanvragen(gebruikers["kr"], jaar=2024), opruimen_bij_einde=True)
    for jaar in (2021, 2022, 2023):
        aanvragen(gebruikers["kr"], jaar=jaar)
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        assert client.get(url("rapport", rapport)).status_code == 200


def test_rapportage_aanvragen(client_als, gebruikers, plaatsen):
    gegevens = formulier(regio=plaatsen["gv"].pk, soort="tweede_halfjaar", jaar="2024")
    antwoord = client_als("kr").post(START, gegevens)
    rapport = Rapport.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == url("rapport", rapport)
    assert (rapport.van, rapport.tot, rapport.aangevraagd_door) == (
        date(2024, 7, 1),
        date(2024, 12, 31),
        gebruikers["kr"],
    )

    # The same form again (a double click): no second report.
    opnieuw = client_als("kr").post(START, gegevens)
    assert opnieuw["Location"] == url("rapport", rapport)
    assert Rapport.objects.count() == 1


def test_zonder_broker_wordt_de_rapportage_in_het_verzoek_gemaakt(
    client_als, plaatsen, settings, django_capture_on_commit_callbacks, monkeypatch
):
    if settings.CELERY_BROKER_URL:
        pytest.skip("Met een broker maakt de worker de rapportage; zie test_werker.py.")
    # The flow, not the PDF (the browser test downloads a real one made this way).
    monkeypatch.setattr(pdf, "rapport_pdf", lambda context, voortgang=None: KLEINE_PDF)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client_als("kr").post(
            START, formulier(regio=plaatsen["gv"].pk, soort="eerste_halfjaar", jaar="2025")
        )
    rapport = Rapport.objects.get()
    assert rapport.status == Status.KLAAR
    html = client_als("kr").get(antwoord["Location"]).content.decode()
    assert url("downloaden", rapport) in html


@pytest.mark.django_db(transaction=True)
def test_zonder_broker_zegt_de_melding_dat_de_rapportage_gemaakt_is(
    client_als, plaatsen, settings, monkeypatch
):
    """In-process (``make run``) the report is made before the answer: the message says so, with
    the article before the period (issue 17, point 9)."""
    if settings.CELERY_BROKER_URL:
        pytest.skip("Met een broker maakt de worker de rapportage.")
    monkeypatch.setattr(pdf, "rapport_pdf", lambda context, voortgang=None: KLEINE_PDF)
    client = client_als("kr")
    gegevens = formulier(regio=plaatsen["gv"].pk, soort="eerste_halfjaar", jaar="2025")
    html = client.post(START, gegevens, follow=True).content.decode()
    assert "De rapportage over het eerste halfjaar 2025 (versie 1) is gemaakt." in html
    assert "wordt gemaakt" not in html


def test_eigen_periode_aanvragen(client_als, plaatsen):
    gegevens = formulier(regio=plaatsen["gv"].pk, soort="eigen", van="2025-02", tot="2025-05")
    assert client_als("kr").post(START, gegevens).status_code == 302
    rapport = Rapport.objects.get()
    # Whole months: from the first day of the first month to the last day of the last.
    assert (rapport.soort, rapport.van, rapport.tot) == ("eigen", date(2025, 2, 1), date(2025, 5, 31))


@pytest.mark.parametrize(
    ("velden", "veld", "melding"),
    [
        ({"soort": "eerste_halfjaar"}, "jaar", "Vul het jaar in"),
        ({"soort": "eerste_halfjaar", "jaar": "1850"}, "jaar", "Kies een jaar van 2000"),
        ({"soort": "eerste_halfjaar", "jaar": "twintig"}, "jaar", "Vul een jaartal in, zoals 2026."),
        (
            {"soort": "eigen", "van": "2025-05", "tot": "2025-04"},
            "tot",
            "De laatste maand ligt vóór de eerste maand.",
        ),
        ({"soort": "eigen", "van": "2025-13", "tot": "2025-04"}, "van", "Vul een maand in als jaar en maand"),
        ({"soort": "eigen", "van": "2025-02"}, "tot", "Vul de laatste maand in."),
        # A day is no month; one or two months are too few.
        ({"soort": "eigen", "van": "2025-06-30", "tot": "2025-06-30"}, "van", "zoals 2026-01."),
        ({"soort": "eigen", "van": "2025-06", "tot": "2025-06"}, "tot", "ten minste 3 hele maanden"),
        ({"soort": "eigen", "van": "2025-05", "tot": "2025-06"}, "tot", "ten minste 3 hele maanden"),
        ({"soort": "eigen", "van": "2019-01", "tot": "2024-02"}, "tot", "ten hoogste vijf jaar (60 maanden)"),
        ({}, "soort", "Kies welke periode de rapportage beslaat."),
        ({"soort": "maandelijks"}, "soort", "Kies welke periode de rapportage beslaat."),
    ],
)
def test_foute_invoer_geeft_400_met_melding_en_behoudt_de_invoer(client_als, plaatsen, velden, veld, melding):
    gegevens = formulier(regio=plaatsen["gv"].pk, **velden)
    antwoord = client_als("kr").post(START, gegevens)
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert melding in html
    assert (f'id="id_{veld}_fout"' in html and 'aria-invalid="true"' in html) or veld == "soort"
    assert "Controleer het formulier." in html
    for naam, waarde in velden.items():
        if naam == "soort":
            if waarde in ("eerste_halfjaar", "eigen"):
                assert re.search(rf'value="{waarde}"[^>]*checked', html)
        else:
            assert f'value="{waarde}"' in html
    assert not Rapport.objects.exists()


def test_een_andere_regio_kiezen_kan_niet(client_als, plaatsen):
    gegevens = formulier(regio=plaatsen["fr"].pk, soort="eerste_halfjaar", jaar="2025")
    antwoord = client_als("kr").post(START, gegevens)
    assert antwoord.status_code == 400
    assert "Het formulier is onvolledig" in antwoord.content.decode()
    assert not Rapport.objects.exists()


# --- A report's page ------------------------------------------------------------------------------


def test_voortgang_met_en_zonder_javascript(client_als, gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(status=Status.BEZIG, voortgang=40)
    html = client_als("kr").get(url("rapport", rapport)).content.decode()

    assert '<progress id="rapport-voortgang" max="100" value="40">40%</progress>' in html
    assert f'data-rapport-status="{url("status", rapport)}"' in html
    assert re.search(r'<script src="/static/rapportage/rapport\.js" defer></script>', html)
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "De rapportage wordt gemaakt." in html
    assert url("downloaden", rapport) not in html
    # No inline script: the Content-Security-Policy allows scripts from the site only.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert finders.find("rapportage/rapport.js")


def test_klaar_toont_de_download_en_ververst_niet_meer(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert url("downloaden", rapport) in html and "PDF downloaden" in html
    assert "http-equiv" not in html and "<progress" not in html and "rapport.js" not in html
    assert rapport.sha256 in html
    assert url("vaststellen", rapport) in html and url("verwijderen", rapport) in html


def test_mislukt_toont_de_melding_en_opnieuw_proberen(client_als, gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.MISLUKT,
        foutmelding="Het maken van de PDF is mislukt. De opmaak kon niet worden geladen.",
    )
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert "Het maken van deze rapportage is mislukt." in html
    assert "De opmaak kon niet worden geladen." in html
    assert f'action="{url("opnieuw", rapport)}"' in html and "Opnieuw proberen" in html
    assert "http-equiv" not in html and url("downloaden", rapport) not in html

    antwoord = client_als("kr").post(url("opnieuw", rapport))
    assert antwoord.status_code == 302 and antwoord["Location"] == url("rapport", rapport)
    rapport.refresh_from_db()
    assert rapport.status == Status.AANGEVRAAGD and rapport.foutmelding == "" and rapport.versie == 1


def test_status_als_json(client_als, gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(status=Status.BEZIG, voortgang=60)
    antwoord = client_als("kr").get(url("status", rapport))
    assert antwoord["Content-Type"] == "application/json"
    assert antwoord.json() == {
        "status": "bezig",
        "status_label": "Bezig",
        "voortgang": 60,
        "tekst": "De rapportage wordt gemaakt. Dit duurt meestal minder dan een minuut.",
        "afgerond": False,
    }
    klaar_maken(rapport)
    assert client_als("kr").get(url("status", rapport)).json()["afgerond"] is True


@pytest.mark.parametrize(
    ("velden", "tekst"),
    [
        ({"status": Status.AANGEVRAAGD, "niet_verstuurd": True}, views.TEKST_WACHTRIJ_ONBEREIKBAAR),
        ({"status": Status.AANGEVRAAGD, "onderbroken": True}, views.TEKST_ONDERBROKEN_WACHTRIJ),
        ({"status": Status.BEZIG, "onderbroken": True, "minuten_stil": 0}, views.TEKST_ONDERBROKEN_BEZIG),
        ({"status": Status.BEZIG, "minuten_stil": 5}, views.TEKST_GEEN_HARTSLAG),
        ({"status": Status.BEZIG, "minuten_stil": 0}, views.STATUSTEKST[Status.BEZIG]),
    ],
)
def test_de_pagina_zegt_waarom_een_rapportage_nog_niet_klaar_is(client_als, gebruikers, velden, tekst):
    """The queue unreachable, a worker that stopped, a report started again: the page and the
    status it polls say so, instead of "binnen enkele seconden"."""
    rapport = aanvragen(gebruikers["kr"])
    velden = dict(velden)
    if (minuten := velden.pop("minuten_stil", None)) is not None:
        velden["hartslag_op"] = velden["gestart_op"] = timezone.now() - timedelta(minutes=minuten)
    Rapport.objects.filter(pk=rapport.pk).update(**velden)
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert tekst in html
    assert client_als("kr").get(url("status", rapport)).json()["tekst"] == tekst


def test_klaar_na_een_onderbreking_zegt_de_pagina_dat(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert views.TEKST_KLAAR_NA_ONDERBREKING not in html
    Rapport.objects.filter(pk=rapport.pk).update(onderbroken=True)
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert views.TEKST_KLAAR_NA_ONDERBREKING in html


@pytest.mark.django_db(transaction=True)  # the request commits, and then sends (on_commit)
def test_aanvragen_terwijl_de_wachtrij_onbereikbaar_is_zegt_dat_het_wacht(client_als, plaatsen):
    from kombu.exceptions import OperationalError as BrokerWeg

    with (
        mock.patch("rapportage.services.versturen._zonder_broker", return_value=False),
        mock.patch("rapportage.tasks.rapport_maken.delay", side_effect=BrokerWeg("Connection refused")),
    ):
        antwoord = client_als("kr").post(
            START, formulier(regio=plaatsen["gv"].pk, soort="eerste_halfjaar", jaar="2025"), follow=True
        )
    html = antwoord.content.decode()
    assert "staat in de wachtrij. De wachtrij is op dit moment niet bereikbaar" in html
    assert "wordt gemaakt." not in html
    assert views.TEKST_WACHTRIJ_ONBEREIKBAAR in html
    assert Rapport.objects.get().niet_verstuurd


# --- Download ------------------------------------------------------------------------------------------


def test_downloaden_stroomt_het_bestand_en_logt(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    antwoord = client_als("kr").get(url("downloaden", rapport))
    assert antwoord.status_code == 200
    assert b"".join(antwoord.streaming_content) == KLEINE_PDF
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord["Content-Disposition"] == (
        'attachment; filename="rapportage-gooi-en-vechtstreek-2025-01-01-tm-2025-06-30-v1.pdf"'
    )
    assert antwoord["Content-Length"] == str(len(KLEINE_PDF))
    assert "no-store" in antwoord["Cache-Control"]
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.EXPORTEREN)
    assert (regel.gebruiker, regel.uitkomst, regel.object_type, regel.object_id, regel.scherm) == (
        gebruikers["kr"],
        ToegangsLog.Uitkomst.TOEGESTAAN,
        "rapportage.Rapport",
        str(rapport.uuid),
        "rapportage:downloaden",
    )


def test_elke_download_wordt_gelogd(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    for _ in range(3):
        b"".join(client_als("kr").get(url("downloaden", rapport)).streaming_content)
    assert (
        ToegangsLog.objects.filter(actie=ToegangsLog.Actie.EXPORTEREN, object_id=str(rapport.uuid)).count()
        == 3
    )


def test_geen_openbare_url_naar_het_bestand(client_als, gebruikers, settings):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert rapport.bestand not in html
    for adres in (f"/static/{rapport.bestand}", f"/media/{rapport.bestand}", f"/rapporten/{rapport.bestand}"):
        assert client_als("kr").get(adres).status_code == 404


def test_downloaden_van_een_rapportage_die_niet_klaar_is(client_als, gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    antwoord = client_als("kr").get(url("downloaden", rapport), follow=True)
    assert "nog niet klaar" in antwoord.content.decode()
    assert not ToegangsLog.objects.filter(actie=ToegangsLog.Actie.EXPORTEREN).exists()


def test_een_beschadigd_bestand_wordt_niet_gegeven(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    opslag.pad(rapport.bestand).write_bytes(b"%PDF-1.7 iemand heeft dit veranderd")
    antwoord = client_als("kr").get(url("downloaden", rapport), follow=True)
    assert "ontbreekt of is beschadigd" in antwoord.content.decode()
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.EXPORTEREN)
    assert regel.uitkomst == ToegangsLog.Uitkomst.MISLUKT


# --- Who ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["rapport", "status", "downloaden"])
@pytest.mark.parametrize("profiel", ["kr_ander", "af", "zc"])
def test_anderen_krijgen_404_en_dat_wordt_gelogd(client_als, gebruikers, naam, profiel):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    antwoord = client_als(profiel).get(url(naam, rapport))
    assert antwoord.status_code == 404
    regel = ToegangsLog.objects.get(uitkomst=ToegangsLog.Uitkomst.GEWEIGERD)
    assert (regel.gebruiker, regel.object_id, regel.toelichting) == (
        gebruikers[profiel],
        str(rapport.uuid),
        "buiten bereik",
    )
    assert not ToegangsLog.objects.filter(actie=ToegangsLog.Actie.EXPORTEREN).exists()


@pytest.mark.parametrize("naam", ["vaststellen", "opnieuw", "verwijderen"])
def test_een_andere_regio_kan_niets_doen(client_als, gebruikers, naam):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    assert client_als("kr_ander").post(url(naam, rapport)).status_code == 404
    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR and not rapport.vastgesteld


def test_beheerder_krijgt_403(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    assert client_als("fb").get(url("rapport", rapport)).status_code == 403
    assert client_als("fb").get(START).status_code == 403


# --- Vaststellen and deleting --------------------------------------------------------------------


def test_vaststellen_en_daarna_niet_verwijderen(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    client = client_als("kr")
    antwoord = client.post(url("vaststellen", rapport), follow=True)
    assert "Versie 1 is vastgesteld." in antwoord.content.decode()
    rapport.refresh_from_db()
    assert rapport.vastgesteld and rapport.vastgesteld_door == gebruikers["kr"]

    html = client.get(url("rapport", rapport)).content.decode()
    assert url("verwijderen", rapport) not in html and url("vaststellen", rapport) not in html

    antwoord = client.post(url("verwijderen", rapport), follow=True)
    assert "Een vastgestelde rapportage kan niet worden verwijderd." in antwoord.content.decode()
    assert Rapport.objects.filter(pk=rapport.pk).exists() and opslag.pad(rapport.bestand).exists()


def test_verwijderen(client_als, gebruikers, django_capture_on_commit_callbacks):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client_als("kr").post(url("verwijderen", rapport))
    assert antwoord.status_code == 302 and antwoord["Location"] == START
    assert not Rapport.objects.filter(pk=rapport.pk).exists()
    assert not opslag.pad(rapport.bestand).exists()


def test_nieuwe_versie_vanaf_de_pagina(client_als, gebruikers):
    rapport = klaar_maken(
        aanvragen(gebruikers["kr"], soort="eigen", jaar=None, van=date(2025, 2, 1), tot=date(2025, 4, 30))
    )
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    formulier_html = html[html.index('<h3 class="utrecht-heading-3">Nieuwe versie</h3>') - 200 :]
    velden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', formulier_html))
    assert client_als("kr").post(START, velden).status_code == 302
    nieuw = Rapport.objects.exclude(pk=rapport.pk).get()
    assert (nieuw.van, nieuw.tot, nieuw.versie) == (rapport.van, rapport.tot, 2)


def test_een_eigen_periode_van_voor_hele_maanden_wordt_niet_opnieuw_geteld(client_als, gebruikers):
    """A custom period chosen to the day (asked for before whole months were required) keeps
    its report, but offers neither a new version nor making a failed one again."""
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(
        soort="eigen", van=date(2025, 2, 3), tot=date(2025, 5, 15), status=Status.MISLUKT, foutmelding="Kapot"
    )
    client = client_als("kr")
    html = client.get(url("rapport", rapport)).content.decode()
    assert "Het maken van deze rapportage is mislukt." in html
    assert "Nieuwe versie maken" not in html and f'action="{url("opnieuw", rapport)}"' not in html
    antwoord = client.post(url("opnieuw", rapport), follow=True)
    assert "cijfers worden alleen nog over hele maanden gemaakt" in antwoord.content.decode()
    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT
    # The form of a new version, sent by hand with those days, is refused with a message.
    antwoord = client.post(
        START, formulier(regio=rapport.regio.pk, soort="eigen", van="2025-02-03", tot="2025-05-15")
    )
    assert antwoord.status_code == 400 and Rapport.objects.count() == 1
    assert "Vul een maand in als jaar en maand, zoals 2026-01." in antwoord.content.decode()


def test_alleen_post_voor_stappen(client_als, gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    for naam in ("vaststellen", "opnieuw", "verwijderen"):
        assert client_als("kr").get(url(naam, rapport)).status_code == 405
