"""The functional administrator keeps the indicator list; nobody else does."""

from signalen.models import Indicator


def test_er_zijn_minstens_25_indicatoren_in_zes_groepen(db):
    assert Indicator.objects.filter(actief=True).count() >= 25
    assert set(Indicator.objects.values_list("groep", flat=True)) == set(Indicator.Groep.values)


def test_beheerder_voegt_een_indicator_toe(client_als):
    antwoord = client_als("fb").post(
        "/beheer/signalen/indicator/add/",
        {"groep": "online", "omschrijving": "Wordt via een datingapp benaderd voor werk", "volgorde": 9},
    )
    assert antwoord.status_code == 302
    assert Indicator.objects.get(omschrijving="Wordt via een datingapp benaderd voor werk").groep == "online"


def test_beheerder_zet_een_indicator_uit_in_plaats_van_te_verwijderen(client_als):
    indicator = Indicator.objects.first()
    client = client_als("fb")
    assert client.get(f"/beheer/signalen/indicator/{indicator.pk}/delete/").status_code == 403
    antwoord = client.post(
        f"/beheer/signalen/indicator/{indicator.pk}/change/",
        {"groep": indicator.groep, "omschrijving": indicator.omschrijving, "volgorde": indicator.volgorde},
    )
    assert antwoord.status_code == 302
    indicator.refresh_from_db()
    assert not indicator.actief


def test_aandachtsfunctionaris_beheert_geen_indicatoren(client_als):
    assert client_als("af").get("/beheer/signalen/indicator/").status_code == 403
