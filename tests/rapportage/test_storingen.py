"""A bad day in production (issue 15, points 8-10), with real workers, a real beat and a Redis
of the test's own, as CI runs them (mark ``celery_werker``: one process, PostgreSQL, Redis).

1. The whole worker is killed (SIGKILL of its process group, as Docker does after the stop
   grace period) in the middle of a report, with the broker's production visibility timeout:
   a new worker with its beat finds the stopped heartbeat and makes the report, once, within two
   minutes, and the page says it was interrupted.
2. A report asked for while Redis is down waits, marked as not sent, and is made within a minute
   of Redis coming back.
3. The broker is down at 06:00 on 1 January: beat's run is lost ("Couldn't apply scheduled
   task"), and the hourly catch-up makes every regio's half-year report once the broker is back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery import Celery
from celery.beat import Scheduler
from django.conf import settings

from mensenhandel.models import Regio
from rapportage import opslag
from rapportage.models import Rapport, Status
from rapportage.tasks import rapport_maken
from tests.conftest import DIENSTEN_VERPLICHT, _database_url, dienst_ontbreekt
from tests.rapportage.hulp import aanvragen

pytestmark = [pytest.mark.diensten, pytest.mark.celery_werker, pytest.mark.django_db(transaction=True)]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Short for the test; production: 15 s, 60 s and 30 s (mensenhandel.settings).
SNEL = {"RAPPORTAGE_HARTSLAG": "1", "RAPPORTAGE_HARTSLAG_VERLOPEN": "4", "RAPPORTAGE_CONTROLE_INTERVAL": "2"}


def _postgresql_en_redis_nodig() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        if DIENSTEN_VERPLICHT:
            pytest.fail("De storingstests hebben PostgreSQL nodig (een database die de workers delen).")
        dienst_ontbreekt("De storingstests draaien tegen PostgreSQL (CI).")
    if not settings.CELERY_BROKER_URL:
        dienst_ontbreekt("Geen broker ingesteld (CELERY_BROKER_URL); de storingstests draaien in CI.")


def _wachten(voorwaarde: Callable[[], bool], seconden: float, melding: str) -> float:
    """Wait for ``voorwaarde``; the seconds it took."""
    begin = time.monotonic()
    while time.monotonic() - begin < seconden:
        if voorwaarde():
            return time.monotonic() - begin
        time.sleep(0.25)
    pytest.fail(melding)


def _rapport(pk: int) -> Rapport:
    return Rapport.objects.get(pk=pk)


class EigenRedis:
    """A redis-server of the test's own on a free port, to stop and start again."""

    def __init__(self, map_: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.poort = s.getsockname()[1]
        self.map = map_
        self.proces: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.poort}/0"

    def starten(self) -> None:
        try:
            self.proces = subprocess.Popen(
                ["redis-server", "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.map)],
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
        except FileNotFoundError:
            if DIENSTEN_VERPLICHT:
                pytest.fail("redis-server ontbreekt op deze machine.")
            dienst_ontbreekt("redis-server ontbreekt op deze machine.")
        einde = time.monotonic() + 20
        while time.monotonic() < einde:
            try:
                with socket.create_connection(("127.0.0.1", self.poort), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail("De eigen redis-server startte niet.")

    def stoppen(self) -> None:
        if self.proces is not None and self.proces.poll() is None:
            self.proces.terminate()
            self.proces.wait(timeout=20)
        self.proces = None


@pytest.fixture
def eigen_redis(tmp_path):
    _postgresql_en_redis_nodig()
    redis = EigenRedis(tmp_path)
    redis.starten()
    yield redis
    redis.stoppen()


def _werker(naam: str, broker: str, map_: Path, *, beat: bool = False, **omgeving: str) -> subprocess.Popen:
    """A worker process of ``tests.rapportage.werker`` in a process group of its own."""
    opdracht = [
        sys.executable, "-m", "celery", "-A", "tests.rapportage.werker", "worker",
        "--pool=prefork", "--concurrency=1", "--loglevel=WARNING", "--without-gossip",
        "--without-mingle", "-n", naam,
    ]  # fmt: skip
    if beat:
        opdracht += ["-B", "-s", str(map_.parent / f"beat-{naam}")]
    proces = subprocess.Popen(
        opdracht,
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": _database_url(settings.DATABASES["default"]),
            "DJANGO_SETTINGS_MODULE": "mensenhandel.settings",
            "CELERY_BROKER_URL": broker,
            "RAPPORTEN_ROOT": str(map_),
            **({"MH_TEST_BEAT": "herstel"} if beat else {}),
            **omgeving,
        },
        start_new_session=True,
    )
    return proces


def _app(broker: str, naam: str = "test") -> Celery:
    """A Celery app of this process on ``broker``. Celery reads the broker from the environment
    before its argument (``CELERY_BROKER_URL``, which CI sets for the suite): use it inside
    ``_op(broker)``."""
    return Celery(naam, broker=broker, set_as_current=False)


def _op(broker: str) -> Any:
    return mock.patch.dict(os.environ, {"CELERY_BROKER_URL": broker})


def _klaar_voor_werk(proces: subprocess.Popen, broker: str, naam: str) -> None:
    app = _app(broker)
    try:
        einde = time.monotonic() + 60
        while time.monotonic() < einde:
            if proces.poll() is not None:
                pytest.fail(f"De worker {naam} stopte direct (code {proces.returncode}).")
            with _op(broker):
                if app.control.ping(destination=[naam], timeout=1.0):
                    return
        pytest.fail(f"De worker {naam} meldde zich niet binnen 60 seconden.")
    finally:
        app.close()


def _groep_doden(proces: subprocess.Popen) -> None:
    """SIGKILL of the whole process group: the main process and its pool at once."""
    if proces.poll() is None:
        os.killpg(os.getpgid(proces.pid), signal.SIGKILL)
    proces.wait(timeout=20)


def _stoppen(proces: subprocess.Popen) -> None:
    if proces.poll() is None:
        os.killpg(os.getpgid(proces.pid), signal.SIGTERM)
        try:
            proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _groep_doden(proces)


def test_een_gedode_werker_wordt_binnen_twee_minuten_opgevangen(gebruikers, eigen_redis, tmp_path):
    map_ = tmp_path / "rapporten"
    settings.RAPPORTEN_ROOT = map_
    wachtrij = f"rapportage-storing-{uuid.uuid4().hex[:8]}"
    with mock.patch("rapportage.services._versturen_na_commit"):
        rapport = aanvragen(gebruikers["kr"])

    naam = f"gedood-{uuid.uuid4().hex[:6]}@localhost"
    eerste = _werker(naam, eigen_redis.url, map_, MH_TEST_WACHTRIJ=wachtrij, MH_TEST_VERTRAGING="300", **SNEL)
    try:
        _klaar_voor_werk(eerste, eigen_redis.url, naam)
        with _op(eigen_redis.url):
            verzender = _app(eigen_redis.url)
            verzender.send_task(rapport_maken.name, args=[rapport.pk], queue=wachtrij)
            verzender.close()
        _wachten(
            lambda: _rapport(rapport.pk).status == Status.BEZIG and _rapport(rapport.pk).voortgang >= 60,
            90,
            "De eerste worker begon niet aan de PDF.",
        )
        _groep_doden(eerste)
    finally:
        if eerste.poll() is None:
            _groep_doden(eerste)
    gedood = time.monotonic()
    assert _rapport(rapport.pk).status == Status.BEZIG

    naam = f"nieuw-{uuid.uuid4().hex[:6]}@localhost"
    tweede = _werker(naam, eigen_redis.url, map_, beat=True, MH_TEST_WACHTRIJ=wachtrij, **SNEL)
    try:
        _wachten(
            lambda: _rapport(rapport.pk).status in (Status.KLAAR, Status.MISLUKT),
            120 - (time.monotonic() - gedood),
            "Binnen twee minuten na het doden van de worker was de rapportage niet klaar.",
        )
        klaar = _rapport(rapport.pk)
        assert klaar.status == Status.KLAAR, klaar.foutmelding
        # Made once more, not twice: a second delivery would find it klaar and leave the files.
        gemaakt = (map_ / klaar.bestand).stat().st_mtime_ns
        time.sleep(6)
    finally:
        _stoppen(tweede)
    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR and rapport.pogingen == 2 and rapport.onderbroken
    assert sorted(p.name for p in map_.iterdir() if not p.name.startswith(".")) == sorted(
        f"{rapport.uuid}.{extensie}" for extensie in ("pdf", "csv", "xlsx")
    )
    assert all(opslag.controleren(b.naam, b.sha256) for b in rapport.bestanden())
    assert (map_ / rapport.bestand).stat().st_mtime_ns == gemaakt


def test_een_aanvraag_zonder_redis_wordt_gemaakt_binnen_een_minuut_na_zijn_terugkeer(
    gebruikers, eigen_redis, tmp_path, client_als
):
    map_ = tmp_path / "rapporten"
    settings.RAPPORTEN_ROOT = map_
    naam = f"wacht-{uuid.uuid4().hex[:6]}@localhost"
    werker = _werker(naam, eigen_redis.url, map_, beat=True, **SNEL)
    try:
        _klaar_voor_werk(werker, eigen_redis.url, naam)
        eigen_redis.stoppen()

        # The request, sent to the broker that is down: in a process of its own, as the web
        # server would, with that broker.
        aanvraag = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from mensenhandel.toegang import regios_van; from mensenhandel.models import Gebruiker; "
             "from rapportage import services; from django.db import transaction\n"
             f"kr = Gebruiker.objects.get(pk={gebruikers['kr'].pk})\n"
             "with transaction.atomic():\n"
             "    r = services.rapport_aanvragen(\n"
             "        door=kr, regio=regios_van(kr).get(), soort='eerste_halfjaar', jaar=2025)\n"
             "print(r.pk)"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DATABASE_URL": _database_url(settings.DATABASES["default"]),
                 "CELERY_BROKER_URL": eigen_redis.url, "DJANGO_SETTINGS_MODULE": "mensenhandel.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
        assert aanvraag.returncode == 0, aanvraag.stderr[-2000:]
        rapport = Rapport.objects.get(pk=int(aanvraag.stdout.strip().splitlines()[-1]))
        assert rapport.status == Status.AANGEVRAAGD and rapport.niet_verstuurd
        pagina = client_als("kr").get(f"/rapportage/{rapport.uuid}/").content.decode()
        assert "wachtrij" in pagina and "binnen enkele seconden" not in pagina

        time.sleep(3)  # the worker and its beat notice that the broker is gone
        eigen_redis.starten()
        duur = _wachten(
            lambda: _rapport(rapport.pk).status in (Status.KLAAR, Status.MISLUKT),
            60,
            "Binnen een minuut na de terugkeer van Redis was de rapportage niet gemaakt.",
        )
    finally:
        _stoppen(werker)
    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR, rapport.foutmelding
    assert duur < 60 and not rapport.niet_verstuurd


def test_een_gemiste_eerste_januari_wordt_ingehaald(gebruikers, plaatsen, eigen_redis, tmp_path, caplog):
    map_ = tmp_path / "rapporten"
    settings.RAPPORTEN_ROOT = map_
    # Beat as production runs it, with only the half-year entry, on the test's own broker.
    omgeving = _op(eigen_redis.url)
    omgeving.start()
    beat_app = _app(eigen_redis.url, "beat")
    beat_app.conf.update(
        timezone=settings.CELERY_TIMEZONE,
        beat_schedule={"rapportage-halfjaar": settings.CELERY_BEAT_SCHEDULE["rapportage-halfjaar"]},
        broker_connection_timeout=1,
        # A publish to a broker that is down gives up after a second, as beat's does after its tries.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
    )
    with time_machine.travel(datetime(2027, 1, 1, 5, 59, 30, tzinfo=AMSTERDAM), tick=True) as reis:
        planner = Scheduler(app=beat_app, lazy=False)
        planner.producer  # noqa: B018  (connected while the broker is up, as a running beat is)
        eigen_redis.stoppen()
        reis.move_to(datetime(2027, 1, 1, 6, 0, 5, tzinfo=AMSTERDAM))
        planner.tick()  # the run falls while the broker is down: beat logs it and moves on
        assert "Couldn't apply scheduled task" in caplog.text
        assert not Rapport.objects.exists()

        eigen_redis.starten()
        # The worker's clock runs from just after the next hourly run's moment.
        naam = f"januari-{uuid.uuid4().hex[:6]}@localhost"
        werker = _werker(naam, eigen_redis.url, map_, MH_TEST_KLOK="2027-01-01T07:00:02+01:00")
        try:
            _klaar_voor_werk(werker, eigen_redis.url, naam)
            reis.move_to(datetime(2027, 1, 1, 7, 0, 1, tzinfo=AMSTERDAM))
            planner.tick()  # the hourly catch-up
            _wachten(
                lambda: Rapport.objects.filter(status=Status.KLAAR).count() == Regio.objects.count(),
                180,
                "De gemiste halfjaarrapportages zijn niet gemaakt.",
            )
        finally:
            _stoppen(werker)
            beat_app.close()
            omgeving.stop()
    rapporten = Rapport.objects.order_by("regio__naam")
    assert [(r.regio_id, r.van, r.tot, r.automatisch) for r in rapporten] == [
        (regio.pk, date(2026, 7, 1), date(2026, 12, 31), True) for regio in Regio.objects.order_by("naam")
    ]
