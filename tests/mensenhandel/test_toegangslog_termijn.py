"""The access log's own retention term (issue 14, point 1): rows past
``TOEGANGSLOG_BEWAARTERMIJN_MAANDEN`` go with the nightly task; the database refuses to delete a
younger row whoever asks (PostgreSQL), and migrate stores a changed term and logs it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from mensenhandel import toegangslog
from mensenhandel.models import ToegangsLog, Toegangslogtermijn
from mensenhandel.tasks import bewaartermijnen_toepassen

MAAND = timedelta(days=30, hours=10, minutes=30)  # an average month


def _regels(leeftijd: timedelta, aantal: int = 1) -> list[int]:
    tijdstip = timezone.now() - leeftijd
    regels = ToegangsLog.objects.bulk_create(
        [ToegangsLog(actie="bekijken", uitkomst="toegestaan", tijdstip=tijdstip) for _ in range(aantal)]
    )
    return [r.pk for r in regels]


def test_migrate_legt_de_termijn_vast_en_een_wijziging_staat_in_het_log(db, settings):
    assert Toegangslogtermijn.objects.get(pk=1).maanden == settings.TOEGANGSLOG_BEWAARTERMIJN_MAANDEN == 96
    toegangslog.termijn_vastleggen()  # unchanged: nothing logged
    assert not ToegangsLog.objects.filter(object_type="mensenhandel.Toegangslogtermijn").exists()
    settings.TOEGANGSLOG_BEWAARTERMIJN_MAANDEN = 120
    toegangslog.termijn_vastleggen()
    assert Toegangslogtermijn.objects.get(pk=1).maanden == 120
    regel = ToegangsLog.objects.get(object_type="mensenhandel.Toegangslogtermijn")
    assert regel.actie == "beheer" and "96 → 120 maanden" in regel.toelichting


def test_de_nachtelijke_taak_verwijdert_alleen_wat_over_de_termijn_is(db):
    oud = _regels(97 * MAAND, 7)
    jong = _regels(95 * MAAND, 3)
    uitkomst = bewaartermijnen_toepassen()
    assert uitkomst["toegangslog"] == 7
    assert not ToegangsLog.objects.filter(pk__in=oud).exists()
    assert ToegangsLog.objects.filter(pk__in=jong).count() == 3
    verslag = ToegangsLog.objects.get(actie="vernietigen", object_type="mensenhandel.ToegangsLog")
    assert (
        verslag.toelichting == "7 regels ouder dan de bewaartermijn verwijderd" and verslag.gebruiker is None
    )
    assert toegangslog.opschonen() == 0  # idempotent


def test_in_porties(db):
    _regels(100 * MAAND, 12)
    assert toegangslog.opschonen(per_keer=5) == 12


def test_zonder_vastgelegde_termijn_gaat_er_niets_weg(db):
    _regels(200 * MAAND, 2)
    Toegangslogtermijn.objects.all().delete()
    assert toegangslog.opschonen() == 0
    assert ToegangsLog.objects.count() == 2


def test_de_database_laat_geen_jongere_regel_verwijderen(db):
    """On PostgreSQL and on SQLite (development) alike."""
    (oud,) = _regels(97 * MAAND)
    (jong,) = _regels(95 * MAAND)
    tabel = ToegangsLog._meta.db_table
    for sql in [f"DELETE FROM {tabel} WHERE id = {jong}", f"DELETE FROM {tabel}"]:  # noqa: S608
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)
    with transaction.atomic(), connection.cursor() as c:
        c.execute(f"DELETE FROM {tabel} WHERE id = {oud}")  # noqa: S608
    assert list(ToegangsLog.objects.values_list("pk", flat=True)) == [jong]
    # Without a term in the database, not even an old row may go.
    (oud,) = _regels(150 * MAAND)
    Toegangslogtermijn.objects.all().delete()
    with (
        pytest.raises(DatabaseError, match="alleen-toevoegen"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute(f"DELETE FROM {tabel} WHERE id = {oud}")  # noqa: S608


def test_de_beheerder_ziet_de_termijn(client_als):
    tekst = client_als("fb").get("/beheerder/bewaren/").content.decode()
    assert "Het toegangslog bewaart elke regel 8 jaar" in tekst
