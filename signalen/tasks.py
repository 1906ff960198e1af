"""Tasks of signalen: the e-mail that tells an AF a contact request waits (issue 18 point 1)."""

import smtplib

from celery import shared_task


@shared_task(
    acks_late=True,
    time_limit=120,
    soft_time_limit=100,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=24,
)
def contactverzoek_mailen(verzoek_id: int) -> str:
    """Mail the addressed AF that a contact request waits, without content. Once: a redelivered
    task finds it sent; a mail server that is away raises and the task tries again later (the
    request waits in the AF's work list meanwhile, and counts in their digest)."""
    from signalen.services import contactverzoek_mailen as mailen

    return mailen(verzoek_id)
