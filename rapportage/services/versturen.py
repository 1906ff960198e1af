"""Sending a report to the worker, once the transaction commits.

The task is looked up by its name in Celery's registry (``rapportage.apps`` imports
``rapportage.tasks`` at start-up, which registers it), so the services never import the
tasks module: the task calls the services, not the other way round.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

TAAK_RAPPORT_MAKEN = "rapportage.tasks.rapport_maken"


def _zonder_broker() -> bool:
    """The embedded setup: tasks run eagerly in-process."""
    return bool(current_app.conf.task_always_eager)


def versturen(rapport_id: int) -> bool:
    """Send the task that makes report ``rapport_id`` now. When the broker cannot take it,
    the report is marked ``niet_verstuurd`` (its page says it waits for the queue) and the
    periodic check sends it again once the broker is back; False then."""
    from rapportage.models import Rapport, Status

    taak = current_app.tasks[TAAK_RAPPORT_MAKEN]
    if _zonder_broker():  # the task runs here, and its errors are its own
        taak.delay(rapport_id)
        return True
    try:
        taak.delay(rapport_id)
    except Exception:
        logger.exception("rapportage niet verstuurd, de wachtrij is niet bereikbaar id=%s", rapport_id)
        Rapport.objects.filter(pk=rapport_id, status=Status.AANGEVRAAGD).update(niet_verstuurd=True)
        return False
    return True


def versturen_na_commit(rapport_id: int) -> None:
    """Send the task once the transaction commits. A broker that is down does not undo the
    request: it stays "aangevraagd", marked as not sent (``versturen``)."""
    transaction.on_commit(lambda: versturen(rapport_id), robust=True)
