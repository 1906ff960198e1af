"""The partner's one-time link (issue 18, point 3): the AF mails it, the partner answers once
without logging in, and afterwards, expired, revoked or forged, it is an unknown page (404)."""

from __future__ import annotations

import html
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import ToegangsLog
from signalen import services
from signalen.models import Bestemming, Doorverwijzing, Gebeurtenis, Partnerlink, Signaal
from signalen.views.partnerlink import pogingen_vergeten
from tests.postvak import vrije_poort
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory
from tests.signalen.matrix_partnerlink import partnerverwijzing

NIET_GEVONDEN = "Pagina niet gevonden"


@pytest.fixture(autouse=True)
def _geen_eerdere_pogingen():
    pogingen_vergeten("127.0.0.1")
    yield
    pogingen_vergeten("127.0.0.1")


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def _sturen(client: Client, doorverwijzing: Doorverwijzing, email: str = "j.jansen@politie.example") -> None:
    url = reverse("signalen:partnerlink", kwargs={"uuid": doorverwijzing.uuid})
    antwoord = client.post(url, {"email": email})
    assert antwoord.status_code == 302, tekst(antwoord)


def _mislukt() -> int:
    return ToegangsLog.objects.filter(
        scherm="signalen:partnerantwoord", uitkomst=ToegangsLog.Uitkomst.MISLUKT
    ).count()


def test_partner_antwoordt_een_keer_via_de_link(
    client_als, gebruikers, smtp_postvak, django_assert_max_num_queries
):
    af = gebruikers["af"]
    doorverwijzing = partnerverwijzing(af, personen=[PersoonGegevensFactory(naam="Mirela Testpersoon")])
    signaal = doorverwijzing.signaal
    af_client = client_als("af")
    url = reverse("signalen:partnerlink", kwargs={"uuid": doorverwijzing.uuid})

    # Bad input on the AF's form: a Dutch error, the input kept, nothing sent.
    antwoord = af_client.post(url, {"email": "geen-adres"})
    assert antwoord.status_code == 400
    assert "Vul een geldig e-mailadres in" in tekst(antwoord) and 'value="geen-adres"' in tekst(antwoord)
    assert not smtp_postvak.berichten

    _sturen(af_client, doorverwijzing)
    assert smtp_postvak.ontvangers == [["j.jansen@politie.example"]]
    mail = smtp_postvak.tekst()
    # The e-mail carries no case content: no reference, description, place, names or gemeente.
    for inhoud in (
        signaal.referentie,
        signaal.omschrijving,
        signaal.locatie,
        signaal.gemeente.naam,
        "Jansen",
    ):
        assert inhoud not in mail
    link = Partnerlink.objects.get()
    assert link.verloopt_op - link.aangemaakt_op == timedelta(days=14)
    assert link.token_hash not in mail  # only the hash is kept; the token is in the mail alone
    pad = urlparse(smtp_postvak.link()).path

    partner = Client()
    # Reading the page: the rate-limit (cache), the link with its referral and signal, the log line.
    with django_assert_max_num_queries(3):
        pagina = partner.get(pad)
    assert pagina.status_code == 200
    inhoud = tekst(pagina)
    assert signaal.referentie in inhoud and "Politie: basisteam" in inhoud
    for geheim in (
        signaal.omschrijving,
        signaal.locatie,
        signaal.gemeente.naam,
        "Mirela",
        "Basisteam Gooi",
        "J. Jansen",
        af.email,
    ):
        assert geheim not in inhoud, geheim
    assert "Zet hier geen details over de casus" in inhoud

    # Bad input: no state; a message too long. Clear Dutch errors, input kept, nothing changed.
    antwoord = partner.post(pad, {"bericht": "Contact gelegd"})
    assert antwoord.status_code == 400
    assert "Kies de stand van de doorverwijzing." in tekst(antwoord) and "Contact gelegd" in tekst(antwoord)
    antwoord = partner.post(pad, {"status": "opgepakt", "bericht": "x" * 301})
    assert antwoord.status_code == 400
    assert "Het bericht mag hoogstens 300 tekens lang zijn (nu 301)." in tekst(antwoord)
    assert "x" * 301 in tekst(antwoord)
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == "verstuurd"

    antwoord = partner.post(pad, {"status": "opgepakt", "bericht": "Opgepakt, contact gelegd"})
    assert antwoord.status_code == 200 and "Dank u wel" in tekst(antwoord)
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.terugkoppeling == "opgepakt" and doorverwijzing.opgepakt_op == timezone.localdate()
    assert doorverwijzing.via_link_op is not None
    assert Signaal.objects.get(pk=signaal.pk).nieuws_op is not None  # the AF's list marks it
    assert Gebeurtenis.objects.filter(
        signaal=signaal, omschrijving__endswith="opgepakt (door partner via link)", gebruiker=None
    ).exists()

    # Used: the link is an unknown page now, for a reload and for a second answer alike; logged.
    for poging in (partner.get(pad), partner.post(pad, {"status": "afgerond"})):
        assert poging.status_code == 404 and NIET_GEVONDEN in tekst(poging)
    assert _mislukt() == 2
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == "opgepakt"
    gebruik = ToegangsLog.objects.filter(object_id=str(doorverwijzing.uuid), gebruiker=None)
    assert {r.toelichting.split(" (")[0] for r in gebruik} >= {
        "partnerlink geopend",
        "partnerlink gebruikt: opgepakt",
    }

    # The AF sees who answered and when.
    detail = tekst(af_client.get(reverse("signalen:detail", kwargs={"uuid": signaal.uuid})))
    assert "Mirela Testpersoon" in detail and signaal.omschrijving in detail  # what the partner never saw
    assert "Door partner via link op" in detail and "Bericht: Opgepakt, contact gelegd" in detail


def test_verlopen_ingetrokken_en_vervalste_links_zijn_onbekend(client_als, gebruikers, smtp_postvak):
    af = gebruikers["af"]
    af_client = client_als("af")
    partner = Client()

    verlopen = partnerverwijzing(af)
    _sturen(af_client, verlopen)
    Partnerlink.objects.filter(doorverwijzing=verlopen).update(
        verloopt_op=timezone.now() - timedelta(seconds=1)
    )
    pad_verlopen = urlparse(smtp_postvak.link()).path

    ingetrokken = partnerverwijzing(af)
    _sturen(af_client, ingetrokken)
    pad_ingetrokken = urlparse(smtp_postvak.link()).path
    assert partner.get(pad_ingetrokken).status_code == 200
    intrekken = reverse("signalen:partnerlink_intrekken", kwargs={"uuid": ingetrokken.uuid})
    assert "De link is ingetrokken" in tekst(af_client.post(intrekken, follow=True))
    assert Partnerlink.objects.get(doorverwijzing=ingetrokken).ingetrokken_door == af

    # A new link replaces the one before: the first mail's link no longer works.
    vervangen = partnerverwijzing(af)
    _sturen(af_client, vervangen)
    pad_eerste = urlparse(smtp_postvak.link()).path
    _sturen(af_client, vervangen)
    assert urlparse(smtp_postvak.link()).path != pad_eerste

    vervalst = reverse("signalen:partnerantwoord", kwargs={"token": pad_eerste.rstrip("/")[-43:-1] + "A"})
    te_kort = reverse("signalen:partnerantwoord", kwargs={"token": "abc"})
    voor = _mislukt()
    for pad in (pad_verlopen, pad_ingetrokken, pad_eerste, vervalst, te_kort):
        antwoord = partner.get(pad)
        assert antwoord.status_code == 404 and NIET_GEVONDEN in tekst(antwoord), pad
    assert partner.post(pad_verlopen, {"status": "ontvangen"}).status_code == 404
    assert _mislukt() == voor + 6
    assert Doorverwijzing.objects.get(pk=verlopen.pk).terugkoppeling == "verstuurd"


def test_geen_link_voor_zorgcoordinatie_en_een_formulier_stuurt_een_keer(
    client_als, gebruikers, smtp_postvak
):
    af_client = client_als("af")
    zc = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True).doorverwijzingen.get()
    antwoord = af_client.get(reverse("signalen:partnerlink", kwargs={"uuid": zc.uuid}), follow=True)
    assert "beantwoordt de zorgcoördinator in de applicatie" in tekst(antwoord)
    assert zc.bestemming == Bestemming.ZORGCOORDINATOR

    partner = partnerverwijzing(gebruikers["af"])
    url = reverse("signalen:partnerlink", kwargs={"uuid": partner.uuid})
    gegevens = {"email": "contact@partner.example", "formuliertoken": "2b1f2f0e-4f8e-4d7c-9f4e-4a1e0b7c9d01"}
    assert af_client.post(url, gegevens).status_code == 302
    assert af_client.post(url, gegevens).status_code == 302  # a double submit
    assert len(smtp_postvak.berichten) == 1 and Partnerlink.objects.count() == 1

    # A signal whose processing is restricted: the link is an unknown page while it is.
    pad = urlparse(smtp_postvak.link()).path
    Signaal.objects.filter(pk=partner.signaal_id).update(verwerking_beperkt_op=timezone.now())
    assert Client().get(pad).status_code == 404
    Signaal.objects.filter(pk=partner.signaal_id).update(verwerking_beperkt_op=None)
    assert Client().get(pad).status_code == 200

    # A referral whose feedback is complete needs no link.
    services.terugkoppeling_vastleggen(doorverwijzing=partner, door=gebruikers["af"], status="afgewezen")
    antwoord = af_client.get(url, follow=True)
    assert "er valt niets meer terug te koppelen" in tekst(antwoord)
    assert Client().get(pad).status_code == 404


def test_een_onbereikbare_mailserver_zegt_het_en_de_link_kan_opnieuw(
    client_als, gebruikers, smtp_postvak, settings, caplog
):
    """A mail server that is away is not an error page: the AF reads that the mail was not sent,
    the link stays unsent, the log names only the link's id; sending again works."""
    af_client = client_als("af")
    partner = partnerverwijzing(gebruikers["af"])
    url = reverse("signalen:partnerlink", kwargs={"uuid": partner.uuid})
    echte_poort = settings.EMAIL_PORT
    settings.EMAIL_PORT = vrije_poort()  # nobody listens: the connection is refused
    antwoord = af_client.post(url, {"email": "j.jansen@politie.example"}, follow=True)
    assert antwoord.status_code == 200
    assert "De link is gemaakt, maar de e-mail kon niet worden verstuurd." in tekst(antwoord)
    link = Partnerlink.objects.get()
    assert link.verstuurd_op is None
    assert f"partnerlink niet verstuurd partnerlink={link.pk} fout=" in caplog.text
    assert "j.jansen@politie.example" not in caplog.text
    settings.EMAIL_PORT = echte_poort
    _sturen(af_client, partner)
    assert smtp_postvak.ontvangers == [["j.jansen@politie.example"]]
    assert Partnerlink.objects.filter(verstuurd_op__isnull=False).count() == 1


def test_te_veel_pogingen_vanaf_een_adres(settings, db):
    settings.PARTNERLINK_POGINGEN_PER_UUR = 3
    partner = Client()
    pad = reverse("signalen:partnerantwoord", kwargs={"token": "x" * 43})
    assert [partner.get(pad).status_code for _ in range(3)] == [404, 404, 404]
    antwoord = partner.get(pad)
    assert antwoord.status_code == 429 and "te veel links geopend" in tekst(antwoord)
    assert (
        ToegangsLog.objects.filter(
            scherm="signalen:partnerantwoord", uitkomst=ToegangsLog.Uitkomst.GEBLOKKEERD
        ).count()
        == 1
    )
    # Another address is not held up.
    assert Client(REMOTE_ADDR="192.0.2.7").get(pad).status_code == 404
