"""Health endpoint for the container platform: database, cache, the report storage and, with
a broker, Celery.

The endpoint is public: a failing check names what failed, never a server path.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from health_check.base import HealthCheck
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from mensenhandel.toegang import publiek

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class OpslagSchrijfbaar(HealthCheck):
    """The folder of the generated reports (RAPPORTEN_ROOT) takes a new file: write one, remove it.

    The name starts with "." and ends in ".tmp", like the report task's own temporary files, so
    one left behind by a killed process is cleared by the task's periodic clean-up."""

    def run(self) -> None:
        map_ = Path(settings.RAPPORTEN_ROOT)
        try:
            map_.mkdir(mode=0o750, parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=map_, prefix=".gezondheid-", suffix=".tmp") as bestand:
                bestand.write(b"ok")
                bestand.flush()
        except OSError as fout:
            logger.warning("gezondheid: rapportopslag niet beschrijfbaar: %s", fout)
            raise ServiceUnavailable("Opslag van de rapportages niet beschrijfbaar") from None


@dataclasses.dataclass
class CeleryPing(Ping):
    """Ping the workers; after a broker restart the pooled connection is stale, and the first
    ping fails on it: the pool is emptied and the ping tried once more on a fresh connection,
    so that one probe right after the restart does not report the broker as down."""

    def run(self) -> None:
        fouten: tuple[type[BaseException], ...] = (OSError, *self._verbindingsfouten())
        try:
            super().run()
        except ServiceUnavailable:
            raise
        except fouten:
            logger.info("gezondheid: verbinding met de broker verlopen, opnieuw verbinden", exc_info=True)
            self.app.pool.force_close_all()
            try:
                super().run()
            except fouten as fout:
                raise ServiceUnavailable("Broker niet bereikbaar") from fout

    def _verbindingsfouten(self) -> tuple[type[BaseException], ...]:
        with self.app.connection_for_write() as verbinding:
            return tuple(verbinding.connection_errors) + tuple(verbinding.channel_errors)


CONTROLES: list = [
    "health_check.checks.Database",
    "health_check.checks.Cache",
    OpslagSchrijfbaar,
]
if settings.CELERY_BROKER_URL:
    CONTROLES.append((CeleryPing, {"timeout": timedelta(seconds=3), "limit": 1}))

gezondheid = publiek(HealthCheckView.as_view(checks=CONTROLES))
