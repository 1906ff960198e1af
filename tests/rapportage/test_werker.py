"""With a real broker and real worker processes (CI: Redis and PostgreSQL).

1. A report asked for on the ketenregisseur's page is made by the session's worker
   (``celery_werker``) and then downloaded through that page.
2. Kill and redeliver: a worker is killed (SIGKILL) in the middle of a report; another worker
   takes the message up again once the broker's visibility timeout has passed, and the
   report completes once, with exactly one file.

Without a broker these tests are skipped on a developer machine and fail in CI
(``MH_DIENSTEN_VERPLICHT=1``), through ``dienst_ontbreekt``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

import mensenhandel.settings as basisinstellingen
from mensenhandel.celery import app
from mensenhandel.models import ToegangsLog
from rapportage import opslag
from rapportage.models import Rapport, Status
from rapportage.tasks import rapport_maken
from tests.conftest import _database_url, dienst_ontbreekt
from tests.rapportage.hulp import aanvragen

pytestmark = [pytest.mark.diensten, pytest.mark.django_db(transaction=True)]


def _broker_nodig() -> None:
    if not settings.CELERY_BROKER_URL:
        dienst_ontbreekt("Geen broker ingesteld (CELERY_BROKER_URL); de worker-tests draaien in CI.")
    try:
        with app.connection_for_write() as verbinding:
            verbinding.ensure_connection(max_retries=1)
    except Exception as fout:
        dienst_ontbreekt(f"De broker is niet bereikbaar: {fout}")
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("Een echte Celery-worker heeft een gedeelde database nodig (PostgreSQL).")


def _wachten(voorwaarde: Callable[[], bool], seconden: float, melding: str) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.2)
    pytest.fail(melding)


def _status(rapport: Rapport) -> Rapport:
    return Rapport.objects.get(pk=rapport.pk)


# --- 1. Made by the real worker, downloaded through the KR's page ----------------------------------


def test_echte_werker_maakt_de_rapportage_die_de_kr_downloadt(celery_werker, client_als, plaatsen, settings):
    if celery_werker is None:
        dienst_ontbreekt("Geen broker ingesteld (CELERY_BROKER_URL); de worker-test draait in CI.")
    # The session's worker writes where the environment says; this process reads there too.
    settings.RAPPORTEN_ROOT = basisinstellingen.RAPPORTEN_ROOT
    client = client_als("kr")
    antwoord = client.post(
        reverse("rapportage:start"),
        {
            "formuliertoken": str(uuid.uuid4()),
            "regio": plaatsen["gv"].pk,
            "soort": "eerste_halfjaar",
            "jaar": "2025",
        },
    )
    assert antwoord.status_code == 302
    rapport = Rapport.objects.get()
    try:
        _wachten(
            lambda: _status(rapport).status == Status.KLAAR, 120, "De worker maakte de rapportage niet af."
        )
        rapport.refresh_from_db()
        pagina = client.get(reverse("rapportage:rapport", kwargs={"uuid": rapport.uuid})).content.decode()
        download = reverse("rapportage:downloaden", kwargs={"uuid": rapport.uuid})
        assert download in pagina
        bestand = client.get(download)
        assert bestand.status_code == 200 and bestand["Content-Type"] == "application/pdf"
        inhoud = b"".join(bestand.streaming_content)
        assert inhoud.startswith(b"%PDF-1.7") and opslag.sha256_van(inhoud) == rapport.sha256
        # The figures the worker made with it, through the same page.
        for naam, begin in (("export_csv", b"\xef\xbb\xbf"), ("export_xlsx", b"PK")):
            adres = reverse(f"rapportage:{naam}", kwargs={"uuid": rapport.uuid})
            assert adres in pagina
            cijfers = b"".join(client.get(adres).streaming_content)
            assert cijfers.startswith(begin)
            assert opslag.sha256_van(cijfers) == getattr(rapport, f"{naam.removeprefix('export_')}_sha256")
        assert (
            ToegangsLog.objects.filter(
                actie=ToegangsLog.Actie.EXPORTEREN,
                object_id=str(rapport.uuid),
                uitkomst=ToegangsLog.Uitkomst.TOEGESTAAN,
            ).count()
            == 3
        )
    finally:
        opslag.alles_verwijderen(rapport.uuid)


# --- 2. Kill and redeliver --------------------------------------------------------------------------

ZICHTBAARHEID = 3  # seconds; production waits CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def _werker(naam: str, wachtrij: str, map_, *, vertraging: float = 0) -> subprocess.Popen:
    omgeving = {
        **os.environ,
        "DATABASE_URL": _database_url(settings.DATABASES["default"]),
        "DJANGO_SETTINGS_MODULE": "mensenhandel.settings",
        "RAPPORTEN_ROOT": str(map_),
        "MH_TEST_ZICHTBAARHEID": str(ZICHTBAARHEID),
        "MH_TEST_VERTRAGING": str(vertraging),
    }
    proces = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.rapportage.werker",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            wachtrij,
            "-n",
            naam,
        ],
        cwd=settings.BASE_DIR,
        env=omgeving,
    )
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        if proces.poll() is not None:
            pytest.fail(f"De Celery-worker {naam} stopte direct (code {proces.returncode}).")
        if app.control.ping(destination=[naam], timeout=1.0):
            return proces
    proces.kill()
    pytest.fail(f"De Celery-worker {naam} meldde zich niet binnen 60 seconden.")


def _stoppen(proces: subprocess.Popen) -> None:
    if proces.poll() is None:
        proces.terminate()
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


def test_een_gedode_werker_verliest_de_rapportage_niet(gebruikers, settings, tmp_path):
    _broker_nodig()
    map_ = tmp_path / "werker"
    settings.RAPPORTEN_ROOT = map_
    wachtrij = f"rapportage-test-{uuid.uuid4().hex[:8]}"
    # Sent by the test to a queue of its own, so that no other worker takes it.
    with mock.patch("rapportage.services._versturen_na_commit"):
        rapport = aanvragen(gebruikers["kr"])

    eerste = _werker(f"gedood-{uuid.uuid4().hex[:6]}@localhost", wachtrij, map_, vertraging=120)
    try:
        rapport_maken.apply_async(args=[rapport.pk], queue=wachtrij)
        _wachten(
            lambda: _status(rapport).status == Status.BEZIG and _status(rapport).voortgang >= 60,
            60,
            "De eerste worker begon niet aan de PDF.",
        )
        eerste.send_signal(signal.SIGKILL)
        eerste.wait(timeout=10)
    finally:
        if eerste.poll() is None:
            eerste.kill()
            eerste.wait()
    tussenstand = _status(rapport)
    assert tussenstand.status == Status.BEZIG and tussenstand.pogingen == 1
    assert not map_.exists() or not [p for p in map_.iterdir() if not p.name.startswith(".")]

    tweede = _werker(f"terug-{uuid.uuid4().hex[:6]}@localhost", wachtrij, map_)
    try:
        _wachten(
            lambda: _status(rapport).status == Status.KLAAR,
            120,
            "De opnieuw afgeleverde taak maakte de rapportage niet af.",
        )
        klaar = _status(rapport)
        gemaakt = (map_ / klaar.bestand).stat().st_mtime_ns
        # The broker may deliver the message once more (it was taken up again); that run
        # must find the report klaar and leave the file alone.
        time.sleep(ZICHTBAARHEID + 3)
    finally:
        _stoppen(tweede)

    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR and rapport.pogingen == 2
    assert sorted(p.name for p in map_.iterdir()) == sorted(
        f"{rapport.uuid}.{extensie}" for extensie in ("pdf", "csv", "xlsx")
    )
    assert all(opslag.controleren(b.naam, b.sha256) for b in rapport.bestanden())
    assert (map_ / rapport.bestand).stat().st_mtime_ns == gemaakt
    assert opslag.sha256_van((map_ / rapport.bestand).read_bytes()) == rapport.sha256 == klaar.sha256
