"""The access log: append-only, readable and filterable by the administrator only."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from mensenhandel.models import ToegangsLog
from mensenhandel.services import toegang_loggen
from tests.conftest import PER_VERZOEK


@pytest.fixture
def regel(db):
    return toegang_loggen(request=None, actie=ToegangsLog.Actie.BEKIJKEN, object_type="x.Y", object_id="7")


def test_regel_wijzigen_wordt_geweigerd(regel):
    regel.toelichting = "anders"
    with pytest.raises(PermissionError):
        regel.save()
    with pytest.raises(PermissionError):
        ToegangsLog.objects.filter(pk=regel.pk).update(toelichting="anders")
    assert ToegangsLog.objects.get(pk=regel.pk).toelichting == ""


def test_regel_verwijderen_wordt_geweigerd(regel):
    with pytest.raises(PermissionError):
        regel.delete()
    with pytest.raises(PermissionError):
        ToegangsLog.objects.all().delete()
    assert ToegangsLog.objects.count() == 1


def test_ook_de_basismanager_van_django_weigert(regel):
    with pytest.raises(PermissionError):
        ToegangsLog._base_manager.filter(pk=regel.pk).update(toelichting="anders")
    with pytest.raises(PermissionError):
        ToegangsLog._base_manager.all().delete()


def test_database_weigert_wijzigen(regel):
    """On PostgreSQL and SQLite alike (the development database has its triggers too)."""
    for sql in [
        "UPDATE mensenhandel_toegangslog SET toelichting = 'x'",
        "DELETE FROM mensenhandel_toegangslog",
    ]:
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)
    assert ToegangsLog.objects.count() == 1


def test_tijdstip_is_utc(regel):
    assert regel.tijdstip.utcoffset().total_seconds() == 0


def test_beheerder_leest_en_filtert_en_het_lezen_wordt_gelogd(
    client_als, gebruikers, django_assert_max_num_queries
):
    toegang_loggen(
        request=None,
        gebruiker=gebruikers["af"],
        actie="bekijken",
        object_type="signalen.Signaal",
        object_id="1",
    )
    toegang_loggen(
        request=None, gebruiker=gebruikers["zc"], actie="exporteren", object_type="x.Y", object_id="2"
    )
    client = client_als("fb")
    # PER_VERZOEK, count, the log's own insert, the user list of the filter, one page of rows
    # joined to their users.
    with django_assert_max_num_queries(PER_VERZOEK + 4):
        antwoord = client.get("/beheerder/toegangslog/", {"actie": "exporteren"})
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "x.Y 2" in tekst and "signalen.Signaal 1" not in tekst
    laatste = ToegangsLog.objects.first()
    assert laatste.gebruiker == gebruikers["fb"] and laatste.actie == "zoeken"
    assert laatste.object_type == "mensenhandel.ToegangsLog"


def test_aantal_queries_groeit_niet_met_het_aantal_regels(
    client_als, gebruikers, django_assert_max_num_queries
):
    for i in range(60):
        toegang_loggen(request=None, gebruiker=gebruikers["af"], actie="bekijken", object_id=str(i))
    client = client_als("fb")
    with django_assert_max_num_queries(PER_VERZOEK + 4):
        antwoord = client.get("/beheerder/toegangslog/")
    assert "Pagina 1 van 2" in antwoord.content.decode()


def test_foute_filter_geeft_een_duidelijke_fout_en_houdt_de_invoer(client_als):
    antwoord = client_als("fb").get(
        "/beheerder/toegangslog/", {"vanaf": "2026-05-01", "tot_en_met": "2026-04-01", "object_id": "abc"}
    )
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in tekst
    assert 'value="abc"' in tekst and 'value="2026-05-01"' in tekst
    antwoord = client_als("fb").get("/beheerder/toegangslog/", {"vanaf": "gisteren"})
    assert "Vul een geldige datum in" in antwoord.content.decode()


@pytest.mark.parametrize("rol", ["af", "zc", "kr"])
def test_anderen_lezen_het_log_niet(client_als, rol):
    assert client_als(rol).get("/beheerder/toegangslog/").status_code == 403


def test_logberichten_bevatten_geen_persoonsgegevens(client, gebruikers, caplog):
    client.post("/inloggen/", {"email": "af@test.example", "wachtwoord": "fout-wachtwoord"})
    assert "af@test.example" not in caplog.text
    assert "toegang actie=inloggen uitkomst=mislukt" in caplog.text
