"""The Celery app of the worker processes that ``test_werker.py`` starts and kills.

The project's own app, with two changes for the kill-and-redeliver test, both read from the
environment of the worker process and absent from every production code path:

- ``MH_TEST_ZICHTBAARHEID``: a short broker visibility timeout (seconds), checked every
  second, so that a message held by a killed worker comes back within seconds instead of
  the hour production waits;
- ``MH_TEST_VERTRAGING``: seconds the rendering of a PDF waits before it starts, so that
  the test can kill the worker in the middle of a report;

and three for the fault tests (``test_storingen.py``):

- ``MH_TEST_WACHTRIJ``: the default queue, so that everything this worker and its beat send
  (the periodic check, a report it puts back in the queue) stays on the test's own queue;
- ``MH_TEST_BEAT=herstel``: the embedded beat (``-B``) runs only the periodic check of the
  reports, at ``RAPPORTAGE_CONTROLE_INTERVAL``;
- ``MH_TEST_KLOK``: an ISO date and time the process's clock starts at and runs on from
  (time-machine), to be past 1 January.

Start it as ``celery -A tests.rapportage.werker worker``.
"""

from __future__ import annotations

import os
import time

from celery.signals import task_prerun

from mensenhandel.celery import app

__all__ = ["app"]

_zichtbaarheid = int(os.environ.get("MH_TEST_ZICHTBAARHEID", "0"))
if _zichtbaarheid:
    app.conf.broker_transport_options = {
        "visibility_timeout": _zichtbaarheid,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

_vertraging = float(os.environ.get("MH_TEST_VERTRAGING", "0"))

if _wachtrij := os.environ.get("MH_TEST_WACHTRIJ"):
    app.conf.task_default_queue = _wachtrij

if os.environ.get("MH_TEST_BEAT") == "herstel":
    from django.conf import settings

    app.conf.beat_schedule = {
        "rapportage-vastgelopen-herstellen": settings.CELERY_BEAT_SCHEDULE[
            "rapportage-vastgelopen-herstellen"
        ]
    }

if _klok := os.environ.get("MH_TEST_KLOK"):
    from datetime import datetime

    import time_machine

    time_machine.travel(datetime.fromisoformat(_klok), tick=True).start()


@task_prerun.connect
def _langzaam_renderen(sender=None, **kwargs):  # type: ignore[no-untyped-def]
    if not _vertraging:
        return
    from rapportage import pdf

    if getattr(pdf.html_naar_pdf, "vertraagd", False):
        return
    origineel = pdf.html_naar_pdf

    def langzaam(html: str) -> bytes:
        time.sleep(_vertraging)
        return origineel(html)

    langzaam.vertraagd = True  # type: ignore[attr-defined]
    pdf.html_naar_pdf = langzaam
