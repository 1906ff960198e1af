"""The periodic tasks that Celery beat sends (``CELERY_BEAT_SCHEDULE`` in the settings).

A module of its own so that the settings stay a page of configuration; the intervals come from
the settings (``RAPPORTAGE_CONTROLE_INTERVAL``, ``MELDINGEN_INTERVAL``).
"""

from typing import Any

from celery.schedules import crontab


def beat_schedule(*, controle_interval: int, meldingen_interval: int) -> dict[str, dict[str, Any]]:
    """Every periodic task, its schedule and the options it is sent with."""
    return {
        "sessies-en-pogingen-opschonen": {
            "task": "mensenhandel.tasks.verlopen_sessies_opschonen",
            "schedule": 3600.0,
        },
        # Removes the personal data past its retention term, at night (mensenhandel.bewaren).
        "bewaartermijnen-toepassen": {
            "task": "mensenhandel.tasks.bewaartermijnen_toepassen",
            "schedule": crontab(minute=30, hour=2),
        },
        # Starts again the reports whose worker stopped (no heartbeat), sends again the requests
        # left in "aangevraagd" (the broker was down, say), marks reports past their time limit as
        # failed. Often, so that both happen within a minute or two; a run that could not be sent
        # (the broker was down) is not worth sending later than the next one.
        "rapportage-vastgelopen-herstellen": {
            "task": "rapportage.tasks.vastgelopen_rapporten_herstellen",
            "schedule": float(controle_interval),
            "options": {"expires": float(controle_interval)},
        },
        # The previous half-year's report for every regio is due on 1 January and 1 July at 06:00
        # in CELERY_TIMEZONE (Europe/Amsterdam). The task runs every hour and makes any due report
        # that was never made, so a run that beat could not send (the broker was down at 06:00) or
        # forgot (a new container without its schedule file) is caught up within the hour.
        "rapportage-halfjaar": {
            "task": "rapportage.tasks.halfjaarrapporten_maken",
            "schedule": crontab(minute=0),
            "options": {"expires": 3600.0},
        },
        # E-mail about waiting work (mensenhandel.meldingen): every few minutes, so that "direct"
        # is soon and a daily digest goes out within minutes of its hour; a run that beat could not
        # send is not worth sending after the next one.
        "meldingen-versturen": {
            "task": "mensenhandel.tasks.meldingen_versturen",
            "schedule": float(meldingen_interval),
            "options": {"expires": float(meldingen_interval)},
        },
        # The month's publications of every regio's figures (the dashboard's and the due report's),
        # made in the first hour of the month, before the report at 06:00, so that neither the
        # first view of the month nor the report waits for them; every other run finds them made.
        "rapportage-publicaties-voorbereiden": {
            "task": "rapportage.tasks.publicaties_voorbereiden",
            "schedule": crontab(minute=30),
            "options": {"expires": 3600.0},
        },
    }
