"""Sending a report to the worker, once the transaction commits.

The task is looked up by its name in Celery's registry (``rapportage.apps`` imports
``rapportage.tasks`` at start-up, which registers it), so the services never import the
tasks module: the task calls the services, not the other way round.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

TAAK_RAPPORT_MAKEN = "rapportage.tasks.rapport_maken"


def versturen(rapport_id: int) -> None:
    """Send the task that makes report ``rapport_id`` now."""
    current_app.tasks[TAAK_RAPPORT_MAKEN].delay(rapport_id)


def versturen_na_commit(rapport_id: int) -> None:
    """Send the task once the transaction commits. A broker that is down does not undo the
    request: it stays "aangevraagd", and ``vastgelopen_rapporten_herstellen`` sends it again."""
    transaction.on_commit(lambda: versturen(rapport_id), robust=True)
