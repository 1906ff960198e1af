"""Two database roles (issue 15, point 6): the owner migrates; the application connects as a role
that reads and writes the tables but owns none, and cannot change, empty, alter or drop the
access log, nor shorten its term. TRUNCATE of the access log fails on PostgreSQL for every role.
"""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from mensenhandel.models import ToegangsLog

APP_ROL = "mh_test_app"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Databaserollen en triggers bestaan op PostgreSQL (de CI-run met PostgreSQL toetst ze).")


def _als_app_rol():
    """A connection to the test database as the application's role, after granting it."""
    with connection.cursor() as c:
        c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROL])
        if c.fetchone() is None:
            c.execute(f"CREATE ROLE {APP_ROL} LOGIN")
    call_command("rechten_toekennen", APP_ROL)
    instellingen = connection.settings_dict
    return psycopg.connect(
        host=instellingen["HOST"] or "127.0.0.1",
        port=instellingen["PORT"] or 5432,
        dbname=instellingen["NAME"],
        user=APP_ROL,
        autocommit=True,
    )


def _weigert(verbinding, sql: str, *meldingen: str) -> None:
    with pytest.raises(psycopg.Error) as fout:
        verbinding.execute(sql)
    assert any(m in str(fout.value) for m in meldingen), str(fout.value)


def test_truncate_van_het_toegangslog_faalt_ook_voor_de_eigenaar(postgresql):
    ToegangsLog.objects.create(actie="bekijken", uitkomst="toegestaan")
    with (
        pytest.raises(DatabaseError, match="alleen-toevoegen: TRUNCATE"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute("TRUNCATE mensenhandel_toegangslog")
    assert ToegangsLog.objects.count() == 1


def test_de_applicatierol_schrijft_het_log_maar_leegt_wijzigt_of_verbouwt_het_niet(postgresql):
    oud = ToegangsLog.objects.create(actie="bekijken", uitkomst="toegestaan")
    with connection.cursor() as c:  # a row past the term, as the nightly task would find it
        c.execute(
            "ALTER TABLE mensenhandel_toegangslog DISABLE TRIGGER mensenhandel_toegangslog_alleen_toevoegen"
        )
        c.execute(
            "UPDATE mensenhandel_toegangslog SET tijdstip = %s WHERE id = %s",
            [timezone.now() - timedelta(days=365 * 9), oud.pk],
        )
        c.execute(
            "ALTER TABLE mensenhandel_toegangslog ENABLE TRIGGER mensenhandel_toegangslog_alleen_toevoegen"
        )
    jong = ToegangsLog.objects.create(actie="bekijken", uitkomst="toegestaan")
    with _als_app_rol() as app:
        # Adds and reads (with the sequence), as every request does.
        app.execute(
            "INSERT INTO mensenhandel_toegangslog (uuid, tijdstip, rol, actie, uitkomst, object_type, "
            "object_id, scherm, toelichting, getoond) VALUES (gen_random_uuid(), now(), '', 'bekijken', "
            "'toegestaan', '', '', '', '', '[]')"
        )
        assert app.execute("SELECT count(*) FROM mensenhandel_toegangslog").fetchone()[0] == 3
        assert app.execute("SELECT count(*) FROM signalen_signaal").fetchone()[0] == 0
        # Never changes, empties or rebuilds it.
        _weigert(app, "UPDATE mensenhandel_toegangslog SET toelichting = 'x'", "permission denied")
        _weigert(app, "TRUNCATE mensenhandel_toegangslog", "permission denied")
        _weigert(app, f"DELETE FROM mensenhandel_toegangslog WHERE id = {jong.pk}", "alleen-toevoegen")  # noqa: S608
        _weigert(app, "ALTER TABLE mensenhandel_toegangslog DISABLE TRIGGER ALL", "must be owner")
        _weigert(app, "DROP TABLE mensenhandel_toegangslog", "must be owner")
        _weigert(app, "UPDATE mensenhandel_toegangslogtermijn SET maanden = 24", "permission denied")
        _weigert(app, "DELETE FROM django_migrations", "permission denied")
        _weigert(app, "TRUNCATE signalen_signaal CASCADE", "permission denied")
        # A row past the log's term may go (the nightly task).
        app.execute(f"DELETE FROM mensenhandel_toegangslog WHERE id = {oud.pk}")  # noqa: S608
    assert not ToegangsLog.objects.filter(pk=oud.pk).exists()
    assert ToegangsLog.objects.filter(pk=jong.pk).exists()


def test_rechten_toekennen_weigert_een_onbekende_rol(postgresql):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("rechten_toekennen", "bestaat_niet_xyz")


def test_een_installatie_van_voor_de_twee_rollen_krijgt_de_rol_bij_de_volgende_deploy(
    postgresql, monkeypatch
):
    rol = "mh_test_app_nieuw"
    with connection.cursor() as c:
        c.execute(f"DROP ROLE IF EXISTS {rol}")
    monkeypatch.setenv("MH_TEST_APP_WACHTWOORD", "een-lang-geheim-wachtwoord")
    call_command("rechten_toekennen", rol, wachtwoord_uit="MH_TEST_APP_WACHTWOORD")
    call_command("rechten_toekennen", rol, wachtwoord_uit="MH_TEST_APP_WACHTWOORD")  # again: no error
    with connection.cursor() as c:
        c.execute("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", [rol])
        assert c.fetchone() == (True, False)
        c.execute("SELECT has_table_privilege(%s, 'mensenhandel_toegangslog', 'TRUNCATE')", [rol])
        assert c.fetchone() == (False,)
        c.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {rol}")
        c.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {rol}")
        c.execute(f"REVOKE ALL ON SCHEMA public FROM {rol}")
        c.execute(f"DROP ROLE {rol}")
    monkeypatch.delenv("MH_TEST_APP_WACHTWOORD")
    with pytest.raises(CommandError, match="leeg of ontbreekt"):
        call_command("rechten_toekennen", rol, wachtwoord_uit="MH_TEST_APP_WACHTWOORD")
