"""Detail pages of ketenregie cost the same number of queries however much they show.

The lists have their own cost tests beside their other tests; these are the pages of one
record (a partner, an activity, a regio's coordination history) and the list of
half-year texts. Each page is measured small, then grown, and must cost exactly the same.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketenregie.services import knelpunten as knelpunt_services
from ketenregie.services import netwerk as netwerk_services
from ketenregie.services import wegenkaart as wegenkaart_services
from tests.ketenregie.test_activiteiten import van_kr
from tests.ketenregie.test_netwerk import af_van
from tests.ketenregie.test_wegenkaart import partner_van_kr


def _gelijk(client, url, django_assert_num_queries, groeien, toont: str) -> None:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as klein:
        assert client.get(url).status_code == 200
    groeien()
    with django_assert_num_queries(len(klein.captured_queries)):
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    assert toont in antwoord.content.decode()  # the grown part is on the page


def test_partnerpagina(client_als, gebruikers, plaatsen, django_assert_num_queries):
    partner = partner_van_kr(gebruikers, plaatsen)
    url = reverse("ketenregie:partner", kwargs={"uuid": partner.uuid})

    def groeien() -> None:
        for i in range(12):
            wegenkaart_services.contactpersoon_opslaan(
                door=gebruikers["kr"],
                partner=partner,
                gegevens={"naam": f"Contact {i}", "telefoon": "035 123 4567"},
            )

    _gelijk(client_als("kr"), url, django_assert_num_queries, groeien, "Contact 11")


def test_activiteitpagina(client_als, gebruikers, plaatsen, django_assert_num_queries):
    klein = van_kr(gebruikers, plaatsen, gemeenten=[plaatsen["hilversum"]], doelgroepen=["jongeren"])
    groot = van_kr(
        gebruikers,
        plaatsen,
        gemeenten=[plaatsen["hilversum"], plaatsen["huizen"]],
        doelgroepen=["jongeren", "lvb", "sekswerkers", "publiek"],
    )
    client = client_als("kr")
    url_klein = reverse("ketenregie:activiteit", kwargs={"uuid": klein.uuid})
    url_groot = reverse("ketenregie:activiteit", kwargs={"uuid": groot.uuid})
    client.get(url_klein)
    with CaptureQueriesContext(connection) as eerste:
        assert client.get(url_klein).status_code == 200
    with django_assert_num_queries(len(eerste.captured_queries)):
        antwoord = client.get(url_groot)
    assert antwoord.status_code == 200
    assert "Huizen" in antwoord.content.decode()


def test_coordinatiepagina(client_als, gebruikers, plaatsen, django_assert_num_queries):
    kr, gv = gebruikers["kr"], plaatsen["gv"]
    anouk = af_van(gebruikers, plaatsen)
    netwerk_services.coordinator_aanwijzen(
        door=kr, regio=gv, aandachtsfunctionaris=anouk, vanaf=date(2020, 1, 1)
    )
    url = reverse("ketenregie:coordinatie", kwargs={"uuid": gv.uuid})

    def groeien() -> None:
        afs = [af_van(gebruikers, plaatsen, naam=f"AF {i}", gemeente=plaatsen["huizen"]) for i in range(6)]
        for i, af in enumerate(afs):
            netwerk_services.coordinator_aanwijzen(
                door=kr, regio=gv, aandachtsfunctionaris=af, vanaf=date(2021, 1, 1) + timedelta(days=90 * i)
            )

    _gelijk(client_als("kr"), url, django_assert_num_queries, groeien, "AF 5")


def test_bijzonderheden_per_halfjaar(client_als, gebruikers, plaatsen, django_assert_num_queries):
    url = reverse("ketenregie:bijzonderheden")

    def groeien() -> None:
        for jaar in (2022, 2023, 2024, 2025):
            for helft in (1, 2):
                knelpunt_services.bijzonderheden_opslaan(
                    door=gebruikers["kr"],
                    regio=plaatsen["gv"],
                    jaar=jaar,
                    helft=helft,
                    tekst=f"Tekst {jaar}-{helft}",
                )

    _gelijk(client_als("kr"), url, django_assert_num_queries, groeien, "Tekst 2022-1")
