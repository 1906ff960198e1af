"""Accepting an aanmelding for a person the regio knows already offers their dossier instead of a
second one (issue 17, point 3): matched on the keyed hash of the normalised name and date of
birth, as stacking matches signals."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.urls import reverse

from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory
from tests.zorgcoordinatie.factories import AanmeldingFactory
from zorgcoordinatie import services
from zorgcoordinatie.bewaren import client_vernietigen
from zorgcoordinatie.models import Client, Traject
from zorgcoordinatie.services.client import clientsleutel

pytestmark = pytest.mark.django_db

GEBOREN = date(1999, 5, 4)


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


@pytest.fixture
def bekend(gebruikers, plaatsen) -> Client:
    """Maria Nowak, known in Gooi en Vechtstreek from a direct aanmelding."""
    traject = services.aanmelding_accepteren(
        door=gebruikers["zc"],
        aanmelding=AanmeldingFactory(door=gebruikers["zc"]),
        client_gegevens={
            "naam": "Maria Nowak",
            "geboortedatum": GEBOREN,
            "verantwoordelijke_gemeente": plaatsen["hilversum"],
        },
    )
    return traject.client


def beantwoorden_url(gebruikers, naam: str = "NOWAK, maria") -> str:
    persoon = PersoonGegevensFactory(naam=naam, geboortedatum=GEBOREN, geslacht="vrouw")
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True, personen=[persoon])
    return reverse(
        "zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": signaal.doorverwijzingen.get().uuid}
    )


def accepteren(plaatsen, **meer) -> dict[str, object]:
    return {
        "antwoord": "accepteren",
        "accepteren-naam": "NOWAK, maria",
        "accepteren-geboortedatum": GEBOREN.isoformat(),
        "accepteren-geslacht": "vrouw",
        "accepteren-verantwoordelijke_gemeente": plaatsen["hilversum"].pk,
        **meer,
    }


def test_de_sleutel_volgt_naam_en_geboortedatum_en_gaat_mee_weg(bekend):
    assert bekend.sleutel_naam_geboortedatum == clientsleutel("maria NOWAK", GEBOREN)
    assert clientsleutel("Maria Nowak", None) == "" and clientsleutel("", GEBOREN) == ""
    assert clientsleutel("Maria Nowak", date(1999, 5, 5)) != bekend.sleutel_naam_geboortedatum
    client_vernietigen(bekend)
    bekend.refresh_from_db()
    assert bekend.sleutel_naam_geboortedatum == ""


def test_een_bekende_client_wordt_aangeboden_in_plaats_van_een_tweede_dossier(
    client_als, gebruikers, plaatsen, bekend
):
    url = beantwoorden_url(gebruikers)
    client = client_als("zc")
    # While her trajectory is open, the page leads to it: no second trajectory.
    antwoord = client.post(url, accepteren(plaatsen))
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert f"Dossier {bekend.dossiernummer} heeft al een open traject" in pagina
    assert reverse("zorgcoordinatie:traject", kwargs={"uuid": bekend.trajecten.get().uuid}) in pagina
    assert "Traject koppelen aan" not in pagina

    Traject.objects.filter(client=bekend).update(afgesloten_op=date(2026, 1, 1), afsluitreden="criteria")
    antwoord = client.post(url, accepteren(plaatsen))
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert (
        f"Een cliënt met deze naam en geboortedatum is al bekend in deze regio ({bekend.dossiernummer})"
        in pagina
    )
    assert f"Traject koppelen aan {bekend.dossiernummer}" in pagina
    assert "toch een nieuw dossier maken" in pagina
    assert 'value="NOWAK, maria"' in pagina  # nothing typed is lost
    assert Client.objects.count() == 1 and Traject.objects.count() == 1

    # A dossier number that is not the regio's (a tampered button) is refused at the field.
    antwoord = client.post(url, accepteren(plaatsen, **{"accepteren-koppelen": "Z-1999-9999"}))
    assert antwoord.status_code == 400
    assert "In deze regio is geen cliënt met dossiernummer Z-1999-9999." in tekst(antwoord)
    assert Traject.objects.count() == 1

    # One click: the trajectory joins the known dossier.
    antwoord = client.post(url, accepteren(plaatsen, **{"accepteren-koppelen": bekend.dossiernummer}))
    assert antwoord.status_code == 302
    assert Client.objects.count() == 1
    assert bekend.trajecten.count() == 2


def test_een_andere_persoon_krijgt_toch_een_eigen_dossier(client_als, gebruikers, plaatsen, bekend):
    url = beantwoorden_url(gebruikers)
    antwoord = client_als("zc").post(url, accepteren(plaatsen, **{"accepteren-nieuw_dossier": "on"}))
    assert antwoord.status_code == 302
    assert Client.objects.count() == 2


def test_alleen_clienten_van_de_eigen_regio_worden_aangeboden(client_als, gebruikers, plaatsen, bekend):
    """The zorgcoördinator of another regio never learns of this client."""
    persoon = PersoonGegevensFactory(naam="Maria Nowak", geboortedatum=GEBOREN)
    signaal = SignaalFactory(door=gebruikers["af_ander"], doorverwezen_zc=True, personen=[persoon])
    url = reverse(
        "zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": signaal.doorverwijzingen.get().uuid}
    )
    gemeente = signaal.gemeente
    antwoord = client_als("zc_ander").post(
        url,
        {
            "antwoord": "accepteren",
            "accepteren-naam": "Maria Nowak",
            "accepteren-geboortedatum": GEBOREN.isoformat(),
            "accepteren-verantwoordelijke_gemeente": gemeente.pk,
        },
    )
    assert antwoord.status_code == 302
    assert Client.objects.count() == 2
