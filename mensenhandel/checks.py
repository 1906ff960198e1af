"""System checks for a production deployment (`manage.py check --deploy`)."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def celery_broker_ingesteld(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.CELERY_BROKER_URL:
        return []
    return [
        Warning(
            "CELERY_BROKER_URL is not set: tasks such as the halfjaarrapportage run inside "
            "the web process and block the request.",
            hint="Set CELERY_BROKER_URL=redis://… and run a worker and beat (docker-compose.yml).",
            id="mensenhandel.W001",
        )
    ]
