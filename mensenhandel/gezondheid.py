"""Health endpoint for the container platform: database, cache and, with a broker, Celery."""

from datetime import timedelta

from django.conf import settings
from health_check.views import HealthCheckView

from mensenhandel.toegang import publiek

CONTROLES: list = ["health_check.checks.Database", "health_check.checks.Cache"]
if settings.CELERY_BROKER_URL:
    CONTROLES.append(("health_check.contrib.celery.Ping", {"timeout": timedelta(seconds=3), "limit": 1}))

gezondheid = publiek(HealthCheckView.as_view(checks=CONTROLES))
