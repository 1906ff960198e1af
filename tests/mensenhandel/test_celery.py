"""A real round trip: a task sent through Redis, run by a worker process, seen in the DB."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from mensenhandel.tasks import verlopen_sessies_opschonen
from tests.conftest import dienst_ontbreekt


@pytest.mark.diensten
@pytest.mark.django_db(transaction=True)
def test_taak_via_redis_door_echte_worker(celery_werker):
    if celery_werker is None:
        dienst_ontbreekt("Geen broker ingesteld (CELERY_BROKER_URL); de worker-test draait in CI.")
    verlopen = SessionStore()
    verlopen.create()
    Session.objects.filter(session_key=verlopen.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    geldig = SessionStore()
    geldig.create()

    verlopen_sessies_opschonen.delay()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Session.objects.filter(session_key=verlopen.session_key).exists():
        time.sleep(0.2)
    assert not Session.objects.filter(session_key=verlopen.session_key).exists()
    assert Session.objects.filter(session_key=geldig.session_key).exists()


@pytest.mark.django_db
def test_taak_draait_zonder_broker_in_het_proces(settings):
    if settings.CELERY_BROKER_URL:
        pytest.skip("Met een broker draait de taak in de worker; zie de test hierboven.")
    verlopen = SessionStore()
    verlopen.create()
    Session.objects.filter(session_key=verlopen.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    resultaat = verlopen_sessies_opschonen.delay()
    assert resultaat.get() == {"sessies": 1, "pogingen": 0}
    assert not Session.objects.filter(session_key=verlopen.session_key).exists()
