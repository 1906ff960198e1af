"""Shared fixtures: two regions, a user per role, and one per role from elsewhere."""

from __future__ import annotations

import importlib
import os
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.middleware import SESSIE_INGELOGD_OM, SESSIE_LAATSTE_ACTIVITEIT
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol
from mensenhandel.services import gebruiker_aanmaken

WACHTWOORD = "Correct-paard-batterij-42"


def maak_gemeente(cbs: str, naam: str) -> Gemeente:
    return Gemeente.objects.create(cbs_code=cbs, naam=naam)


@pytest.fixture
def plaatsen(db) -> dict[str, object]:
    return maak_plaatsen()


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
    return maak_gebruikers(plaatsen)


def maak_gebruikers(p: dict) -> dict[str, Gebruiker]:
    """One user per role in Gooi en Vechtstreek/Hilversum, and one per role elsewhere."""
    return {
        "af": maak_gebruiker("af@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[p["hilversum"]]),
        "af_ander": maak_gebruiker(
            "af.ander@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[p["leeuwarden"]]
        ),
        "zc": maak_gebruiker("zc@test.example", Rol.ZORGCOORDINATOR, regios=[p["gv"]]),
        "zc_ander": maak_gebruiker("zc.ander@test.example", Rol.ZORGCOORDINATOR, regios=[p["fr"]]),
        "kr": maak_gebruiker("kr@test.example", Rol.KETENREGISSEUR, regios=[p["gv"]]),
        "kr_ander": maak_gebruiker("kr.ander@test.example", Rol.KETENREGISSEUR, regios=[p["fr"]]),
        "fb": maak_gebruiker("fb@test.example", Rol.FUNCTIONEEL_BEHEERDER),
        "zonder_rol": maak_gebruiker("geen.rol@test.example", None),
    }


def huidige_code(gebruiker: Gebruiker, verschuiving: int = 0) -> str:
    apparaat = TOTPDevice.objects.get(user=gebruiker)
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    totp.time = time.time() + verschuiving * apparaat.step
    return f"{totp.token():06d}"


def volledig_inloggen(client: Client, gebruiker: Gebruiker) -> Client:
    """A session as after password and second factor, without going through the forms."""
    client.force_login(gebruiker, backend="django.contrib.auth.backends.ModelBackend")
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=gebruiker).persistent_id
    sessie[SESSIE_INGELOGD_OM] = time.time()
    sessie[SESSIE_LAATSTE_ACTIVITEIT] = time.time()
    sessie.save()
    return client


@pytest.fixture
def client_als(gebruikers):
    def maak(naam: str) -> Client:
        return volledig_inloggen(Client(), gebruikers[naam])

    return maak


def pytest_configure(config: pytest.Config) -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_na_flush, dispatch_uid="tests-referentiegegevens-na-flush")


def _na_flush(sender: object, **kwargs: object) -> None:
    """A transactional test (threads, a live server, a real worker) ends with Django's flush,
    which empties every table and then sends post_migrate. Put back the indicator list that
    the data migration loads, so that the next test in this process (pytest-xdist runs files
    in any order) starts from a migrated database again."""
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
    kopie = sqlite3.connect(bestand)
    verbinding.connection.backup(kopie)
    kopie.close()
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
