"""Periodic housekeeping of the kernel."""

import logging

from axes.models import AccessAttempt
from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def verlopen_sessies_opschonen() -> dict[str, int]:
    """Remove expired sessions and lock-out counters past their cool-off. Idempotent."""
    nu = timezone.now()
    sessies, _ = Session.objects.filter(expire_date__lt=nu).delete()
    pogingen, _ = AccessAttempt.objects.filter(attempt_time__lt=nu - settings.AXES_COOLOFF_TIME).delete()
    logger.info("opgeschoond sessies=%s pogingen=%s", sessies, pogingen)
    return {"sessies": sessies, "pogingen": pogingen}


@shared_task(acks_late=True, time_limit=3000, soft_time_limit=2940)
def bewaartermijnen_toepassen() -> dict[str, int]:
    """Remove the personal data past its retention term (``mensenhandel.bewaren``), the
    access-log rows past the log's own term (``mensenhandel.toegangslog``), and the records of
    mails about waiting work after 90 days (``mensenhandel.meldingen``). Nightly.

    Idempotent and in batches: each record in a transaction of its own, so a worker that dies
    leaves every record whole or removed, and the next run goes on where it stopped.
    """
    from mensenhandel import meldingen, toegangslog
    from mensenhandel.bewaren import verlopen_vernietigen

    aantallen = verlopen_vernietigen()
    aantallen["toegangslog"] = toegangslog.opschonen()
    aantallen["meldingen"] = meldingen.opschonen()
    return aantallen


@shared_task(acks_late=True, time_limit=900, soft_time_limit=840)
def meldingen_versturen() -> dict[str, int]:
    """E-mail each user whose turn it is how many items wait for them (``mensenhandel.meldingen``).
    Idempotent: a redelivered or concurrent run sends nothing twice."""
    from mensenhandel.meldingen import meldingen_versturen as versturen

    return versturen()
