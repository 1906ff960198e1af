"""Shared fixtures: two regions, a user per role, and one per role from elsewhere."""

from __future__ import annotations

import gc
import importlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.db import connections
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.middleware import SESSIE_INGELOGD_OM, SESSIE_LAATSTE_ACTIVITEIT
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol
from mensenhandel.services import gebruiker_aanmaken
from mensenhandel.werk import menuaantal
from tests import testdatabase
from tests.postvak import smtp_postvak  # noqa: F401 (a fixture for every test module)

WACHTWOORD = "Correct-paard-batterij-42"


def maak_gemeente(cbs: str, naam: str) -> Gemeente:
    return Gemeente.objects.create(cbs_code=cbs, naam=naam)


@pytest.fixture
def plaatsen(db) -> dict[str, object]:
    momentopname("plaatsen", maak_plaatsen)
    return _plaatsen_ophalen()


def _plaatsen_ophalen() -> dict[str, object]:
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(cbs_code__in=("GM0402", "GM0406", "GM0080"))}
    regios = {r.naam: r for r in Regio.objects.filter(naam__in=("Gooi en Vechtstreek", "Fryslân"))}
    return {
        "hilversum": gemeenten["GM0402"],
        "huizen": gemeenten["GM0406"],
        "leeuwarden": gemeenten["GM0080"],
        "gv": regios["Gooi en Vechtstreek"],
        "fr": regios["Fryslân"],
    }


def maak_plaatsen() -> dict[str, object]:
    """Regio Gooi en Vechtstreek (Hilversum, Huizen) and regio Fryslân (Leeuwarden)."""
    hilversum = maak_gemeente("GM0402", "Hilversum")
    huizen = maak_gemeente("GM0406", "Huizen")
    leeuwarden = maak_gemeente("GM0080", "Leeuwarden")
    gv = Regio.objects.create(naam="Gooi en Vechtstreek")
    gv.gemeenten.set([hilversum, huizen])
    fr = Regio.objects.create(naam="Fryslân")
    fr.gemeenten.set([leeuwarden])
    return {"hilversum": hilversum, "huizen": huizen, "leeuwarden": leeuwarden, "gv": gv, "fr": fr}


def maak_gebruiker(email: str, rol: Rol | None, *, gemeenten=(), regios=(), tweede_factor=True) -> Gebruiker:
    gebruiker = gebruiker_aanmaken(
        email=email,
        naam=email.split("@")[0],
        wachtwoord=WACHTWOORD,
        rol=rol,
        gemeenten=gemeenten,
        regios=regios,
    )
    if tweede_factor:
        TOTPDevice.objects.create(user=gebruiker, name="test", confirmed=True)
    return gebruiker


@pytest.fixture
def gebruikers(plaatsen) -> dict[str, Gebruiker]:
    momentopname("gebruikers", lambda: maak_gebruikers(plaatsen))
    per_email = {g.email: g for g in Gebruiker.objects.filter(email__in=GEBRUIKERS.values())}
    return {naam: per_email[email] for naam, email in GEBRUIKERS.items()}


GEBRUIKERS = {
    "af": "af@test.example",
    "af_ander": "af.ander@test.example",
    "zc": "zc@test.example",
    "zc_ander": "zc.ander@test.example",
    "kr": "kr@test.example",
    "kr_ander": "kr.ander@test.example",
    "fb": "fb@test.example",
    "fg": "fg@test.example",
    "zonder_rol": "geen.rol@test.example",
}


def maak_gebruikers(p: dict) -> dict[str, Gebruiker]:
    """One user per role in Gooi en Vechtstreek/Hilversum, and one per role elsewhere."""
    e = GEBRUIKERS
    return {
        "af": maak_gebruiker(e["af"], Rol.AANDACHTSFUNCTIONARIS, gemeenten=[p["hilversum"]]),
        "af_ander": maak_gebruiker(e["af_ander"], Rol.AANDACHTSFUNCTIONARIS, gemeenten=[p["leeuwarden"]]),
        "zc": maak_gebruiker(e["zc"], Rol.ZORGCOORDINATOR, regios=[p["gv"]]),
        "zc_ander": maak_gebruiker(e["zc_ander"], Rol.ZORGCOORDINATOR, regios=[p["fr"]]),
        "kr": maak_gebruiker(e["kr"], Rol.KETENREGISSEUR, regios=[p["gv"]]),
        "kr_ander": maak_gebruiker(e["kr_ander"], Rol.KETENREGISSEUR, regios=[p["fr"]]),
        "fb": maak_gebruiker(e["fb"], Rol.FUNCTIONEEL_BEHEERDER),
        "fg": maak_gebruiker(e["fg"], Rol.PRIVACYFUNCTIONARIS),
        "zonder_rol": maak_gebruiker(e["zonder_rol"], None),
    }


# --- Snapshots of the shared fixtures -------------------------------------------------------------
#
# Nearly every test starts from the same two regio's and eight users. Made through the services
# (as they are the first time in each test process), they cost about as much as many a test
# itself: users, role groups, guardian permissions, TOTP devices and history rows. So the first
# time in a process the rows they wrote are recorded, and every later test gets the very same
# rows inserted again (the test's transaction rolls them back as before). A flush (the end of a
# transactional test) recreates the role groups with new ids, so it throws the recordings away.

_MOMENTOPNAMEN: dict[str, list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]]] = {}


def momentopname(naam: str, maak: Callable[[], object]) -> None:
    """Run ``maak`` the first time; afterwards insert the rows it wrote then."""
    verbinding = connections["default"]
    opname = _MOMENTOPNAMEN.get(naam)
    if opname is not None:
        q = verbinding.ops.quote_name
        with verbinding.cursor() as cursor:
            for tabel, kolommen, rijen in opname:
                velden, plekken = ", ".join(q(k) for k in kolommen), ", ".join(["%s"] * len(kolommen))
                cursor.executemany(
                    f"INSERT INTO {q(tabel)} ({velden}) VALUES ({plekken})",  # noqa: S608 (introspected names)
                    [tuple(_als_parameter(verbinding, w) for w in rij) for rij in rijen],
                )
        return
    with verbinding.cursor() as cursor:
        tabellen = [
            (t, verbinding.introspection.get_primary_key_column(cursor, t))
            for t in sorted(verbinding.introspection.table_names(cursor))
        ]
        voor = {t: _sleutels(cursor, verbinding, t, pk) for t, pk in tabellen if pk}
    maak()
    opname = []
    with verbinding.cursor() as cursor:
        for tabel, pk in tabellen:
            if not pk:
                continue
            cursor.execute(f"SELECT * FROM {verbinding.ops.quote_name(tabel)}")  # noqa: S608
            kolommen = tuple(k[0] for k in cursor.description)
            i = kolommen.index(pk)
            nieuw = [rij for rij in cursor.fetchall() if rij[i] not in voor[tabel]]
            if nieuw:
                opname.append((tabel, kolommen, nieuw))
    _MOMENTOPNAMEN[naam] = opname


def _sleutels(cursor, verbinding, tabel: str, pk: str) -> set[object]:
    q = verbinding.ops.quote_name
    cursor.execute(f"SELECT {q(pk)} FROM {q(tabel)}")  # noqa: S608 (names from introspection)
    return {r[0] for r in cursor.fetchall()}


def _als_parameter(verbinding, waarde: object) -> object:
    if verbinding.vendor == "postgresql" and isinstance(waarde, dict | list):
        from psycopg.types.json import Jsonb

        return Jsonb(waarde)
    return waarde


# Every request of a logged-in user: the session, the user, their OTP device, and their role with
# its permissions and scope in one query (``mensenhandel.toegang.bereik``). The session is written
# at most once a minute (``SessieVerloopMiddleware``), so not on a request right after another.
PER_VERZOEK = 4

# A regio's publication of a period is made on the first view of a month and kept for the rest of
# it (``ketenregie.selectors.publicatie.regiocijfers``): 1 query to look for it, 16 to count and
# protect every figure, 3 to keep it (insert, read back, remove earlier months); 1 once kept.
PUBLICATIE_MAKEN = 1 + 16 + 3
PUBLICATIE_LEZEN = 1


def nieuwe_maand() -> None:
    """Forget the kept publications, as on the first view in a new month: figures are made again."""
    from ketenregie.models import Maandpublicatie

    Maandpublicatie.objects.all().delete()


def huidige_code(gebruiker: Gebruiker, verschuiving: int = 0) -> str:
    apparaat = TOTPDevice.objects.get(user=gebruiker)
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    totp.time = time.time() + verschuiving * apparaat.step
    return f"{totp.token():06d}"


def volledig_inloggen(client: Client, gebruiker: Gebruiker) -> Client:
    """A session as after password and second factor, without going through the forms.

    What ``login`` writes into the session, with the device and times of the second factor,
    saved once, and ``user_logged_in`` sent as ``login`` sends it (last login, axes' record, the
    start page's memory forgotten). ``Client.force_login`` and a second save made, rotated and
    read back the session five times over; nearly every test logs in, many of them often (the
    access matrix nine times a row)."""
    sessie = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    sessie[SESSION_KEY] = gebruiker._meta.pk.value_to_string(gebruiker)
    sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    sessie[HASH_SESSION_KEY] = gebruiker.get_session_auth_hash()
    sessie[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=gebruiker).persistent_id
    sessie[SESSIE_INGELOGD_OM] = sessie[SESSIE_LAATSTE_ACTIVITEIT] = time.time()
    sessie.save()
    verzoek = HttpRequest()
    verzoek.session = sessie
    user_logged_in.send(sender=type(gebruiker), request=verzoek, user=gebruiker)
    client.cookies[settings.SESSION_COOKIE_NAME] = sessie.session_key
    return client


@pytest.fixture
def client_als(gebruikers):
    """A logged-in client, as after its first page: the menu's count of "Mijn werk" is in the cache
    (``mensenhandel.werk``), as the start page after a login leaves it, so the query counts of the
    tests measure a page's own queries, not the count the menu makes once a minute."""

    def maak(naam: str) -> Client:
        client = volledig_inloggen(Client(), gebruikers[naam])
        menuaantal(gebruikers[naam])
        return client

    return maak


def pytest_collection_finish(session: pytest.Session) -> None:
    """Once every test module is imported (in each xdist worker): freeze what lives then, as a web
    worker does, and collect the young generation less often. The suite makes millions of
    short-lived objects; the collector spent about a sixth of the access matrix's time walking the
    application again and again (9.5 s of 60 in a run of the matrix and the signal views; 2.9 s
    of 49 with this)."""
    from mensenhandel.opstarten import opwarmen_en_bevriezen

    opwarmen_en_bevriezen()
    gc.set_threshold(10_000, 20, 20)


def pytest_configure(config: pytest.Config) -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_na_flush, dispatch_uid="tests-referentiegegevens-na-flush")
    _flush_met_toegangslog()
    testdatabase.installeren()


TRUNCATE_TRIGGER = "mensenhandel_toegangslog_geen_truncate"


def _flush_met_toegangslog() -> None:
    """The test-only path that empties the access log: the flush at the end of a transactional
    test TRUNCATEs every table on PostgreSQL, which the log's statement trigger refuses
    (mensenhandel/migrations/0011). Here, and nowhere in the application, the flush switches
    that trigger off around its own TRUNCATE, in the same transaction, as the owner of the
    test database."""
    # Through the backends' base modules: importing an operations module first is circular.
    from django.db.backends.postgresql.base import DatabaseOperations
    from django.db.backends.sqlite3.base import DatabaseOperations as SQLiteOperations

    if getattr(DatabaseOperations.sql_flush, "met_toegangslog", False):
        return
    origineel = DatabaseOperations.sql_flush
    sqlite_origineel = SQLiteOperations.sql_flush
    sqlite_triggers = importlib.import_module("mensenhandel.migrations.0012_toegangslog_sqlite").TRIGGERS

    def sqlite_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # type: ignore[no-untyped-def]
        # SQLite empties a table with DELETE, which its row trigger refuses: drop and remake it.
        sql = sqlite_origineel(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if sql and "mensenhandel_toegangslog" in tables:
            sql = [
                *(f"DROP TRIGGER IF EXISTS {naam}" for naam in sqlite_triggers),
                *sql,
                *sqlite_triggers.values(),
            ]
        return sql

    SQLiteOperations.sql_flush = sqlite_flush  # type: ignore[method-assign]

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # type: ignore[no-untyped-def]
        sql = origineel(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if sql and "mensenhandel_toegangslog" in tables:
            tabel = self.quote_name("mensenhandel_toegangslog")
            sql = [
                f"ALTER TABLE {tabel} DISABLE TRIGGER {TRUNCATE_TRIGGER};",
                *sql,
                f"ALTER TABLE {tabel} ENABLE TRIGGER {TRUNCATE_TRIGGER};",
            ]
        return sql

    sql_flush.met_toegangslog = True  # type: ignore[attr-defined]
    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


def _na_flush(sender: object, **kwargs: object) -> None:
    """A transactional test (threads, a live server, a real worker) ends with Django's flush,
    which empties every table and then sends post_migrate. Put back the indicator list that
    the data migration loads, so that the next test in this process (pytest-xdist runs files
    in any order) starts from a migrated database again."""
    _MOMENTOPNAMEN.clear()
    if getattr(sender, "label", None) == "signalen":
        referentiegegevens_herstellen()


def referentiegegevens_herstellen() -> None:
    """The reference data that the data migrations load (the indicator list), where it is gone."""
    from django.apps import apps

    importlib.import_module("signalen.migrations.0002_indicatoren").vooruit(apps, None)


@pytest.fixture(autouse=True)
def _snelle_wachtwoorden(settings):
    # Argon2 is the production hasher (tests/mensenhandel/test_instellingen.py checks it);
    # it is deliberately slow, which only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _beschermingsfouten_opwerpen(settings):
    # In production a publication whose protection cannot be checked prints every count as
    # "x" and logs an error (``mensenhandel.bescherming.programma.beschermen``); in the tests
    # that error is raised, so a declared sum that does not hold fails the test that meets it.
    # tests/mensenhandel/test_beschermingsfouten.py turns it off to test the production path.
    settings.BESCHERMING_FOUTEN_OPWERPEN = True


DIENSTEN_VERPLICHT = os.environ.get("MH_DIENSTEN_VERPLICHT") == "1"

# The attacker tests on random data (integer programs, seconds per dataset) try a few datasets
# in `make test` and more in CI's run against PostgreSQL, which sets MH_GRONDIG=1.
GRONDIG = os.environ.get("MH_GRONDIG") == "1"


def grondig(snel: int, volledig: int) -> int:
    """How many random datasets (or hypothesis examples) an expensive attacker test tries."""
    return volledig if GRONDIG else snel


# The tests that talk to the real Celery worker carry the mark ``celery_werker``, so that CI
# can run them in one process after the parallel run of the rest: a worker serves one test
# database, and pytest-xdist gives each of its processes a database of its own. A test that
# asks for the worker with getfixturevalue carries the mark itself.


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the mark
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "celery_werker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.celery_werker)


def dienst_ontbreekt(reden: str) -> None:
    """Skip when a real service is absent on a developer machine; fail in CI."""
    if DIENSTEN_VERPLICHT:
        pytest.fail(f"{reden} (MH_DIENSTEN_VERPLICHT=1: in CI mag dit niet ontbreken)")
    pytest.skip(reden)


def _database_url(db: dict) -> str:
    gebruiker = db.get("USER") or ""
    wachtwoord = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    adres = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{gebruiker}{wachtwoord}@{adres}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_werker(django_db_setup, django_db_blocker):
    """A real Celery worker process on the test database, when a broker is configured.

    Yields its node name, or None in the embedded setup (tasks run eagerly there).
    Under pytest-xdist it refuses: run the tests marked ``celery_werker`` in one process.
    """
    from django.conf import settings

    from mensenhandel.celery import app

    if not settings.CELERY_BROKER_URL:
        if DIENSTEN_VERPLICHT:
            pytest.fail("CELERY_BROKER_URL ontbreekt terwijl MH_DIENSTEN_VERPLICHT=1")
        yield None
        return
    if "PYTEST_XDIST_WORKER" in os.environ:
        pytest.fail("Een echte Celery-worker bedient één testdatabase: draai -m celery_werker zonder -n.")
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("Een echte Celery-worker heeft een gedeelde database nodig (PostgreSQL).")
    naam = f"testwerker-{uuid.uuid4().hex[:8]}@localhost"
    omgeving = {
        **os.environ,
        "DATABASE_URL": _database_url(db),
        "DJANGO_SETTINGS_MODULE": "mensenhandel.settings",
    }
    proces = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mensenhandel",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--purge",
            "-n",
            naam,
        ],
        cwd=settings.BASE_DIR,
        env=omgeving,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proces.poll() is not None:
                pytest.fail(f"De Celery-worker stopte direct (code {proces.returncode}).")
            if app.control.ping(destination=[naam], timeout=1.0):
                break
        else:
            pytest.fail("De Celery-worker meldde zich niet binnen 60 seconden.")
        yield naam
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


@pytest.fixture
def gedeelde_database(transactional_db, tmp_path):
    """A test database that threads share the way a server's requests share one.

    pytest-django makes SQLite's test database an in-memory one with a shared cache; there a
    second writer fails at once ("database table is locked") instead of waiting for SQLite's
    write lock as it does on the file database of the embedded setup. So on SQLite the test
    runs on a file copy of the migrated test database, and every connection opened meanwhile,
    in any thread, goes there (with the project's options: IMMEDIATE, a busy timeout).
    Other databases are used as they are: each thread opens its own connection.
    """
    verbinding = connections["default"]
    if verbinding.vendor != "sqlite" or not verbinding.is_in_memory_db():
        yield
        return
    bestand = tmp_path / "gelijktijdig.sqlite3"
    verbinding.ensure_connection()
    testdatabase.naar_bestand(verbinding.connection, bestand)
    geheugen, naam = verbinding.connection, verbinding.settings_dict["NAME"]
    # The settings dictionary is shared by the connections of every thread.
    verbinding.settings_dict["NAME"] = str(bestand)
    verbinding.connection = None
    try:
        yield
    finally:
        verbinding.close()
        verbinding.settings_dict["NAME"] = naam
        verbinding.connection = geheugen
