"""The access log's own retention term: rows older than ``TOEGANGSLOG_BEWAARTERMIJN_MAANDEN`` go.

``migrate`` (as the database owner) stores the term where the database's trigger reads it
(``Toegangslogtermijn``), and records a change of it in the log. The nightly task removes the rows
past it in batches; on PostgreSQL the trigger refuses to delete any younger row, whoever asks,
so the application's own database role cannot empty the log (nor shorten the term: it may only
read that table).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mensenhandel.bewaren import maanden_terug
from mensenhandel.models import ToegangsLog, Toegangslogtermijn

logger = logging.getLogger(__name__)

PER_KEER = 5000
# The database's clock and this process's may differ a little: stay a day inside the term.
MARGE = timedelta(days=1)


def termijn_vastleggen() -> None:
    """Store the configured term (after every migrate); a change of it is logged."""
    maanden = settings.TOEGANGSLOG_BEWAARTERMIJN_MAANDEN
    huidige = Toegangslogtermijn.objects.filter(pk=1).first()
    if huidige is not None and huidige.maanden == maanden:
        return
    Toegangslogtermijn.objects.update_or_create(
        pk=1, defaults={"maanden": maanden, "gewijzigd_op": timezone.now()}
    )
    if huidige is None:
        return  # the first, at installation
    from mensenhandel.services import toegang_loggen

    toegang_loggen(
        request=None,
        actie=ToegangsLog.Actie.BEHEER,
        object_type="mensenhandel.Toegangslogtermijn",
        object_id="1",
        toelichting=(f"bewaartermijn toegangslog {huidige.maanden} → {maanden} maanden"),
    )


def grens(nu: datetime | None = None) -> datetime | None:
    """Rows older than this go; None without a stored term (then nothing goes)."""
    termijn = Toegangslogtermijn.objects.filter(pk=1).values_list("maanden", flat=True).first()
    if termijn is None:
        return None
    nu = timezone.localtime(nu or timezone.now())
    dag = maanden_terug(nu.date(), termijn)
    return timezone.make_aware(datetime.combine(dag, nu.time())) - MARGE


def opschonen(nu: datetime | None = None, *, per_keer: int = PER_KEER) -> int:
    """Remove the access-log rows past the term, ``per_keer`` at a time (short transactions);
    the number removed. One row in the log says how many went, never which."""
    tot = grens(nu)
    if tot is None:
        return 0
    totaal = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            # The model refuses deletes (append-only); the database checks every row's age.
            cursor.execute(
                "DELETE FROM mensenhandel_toegangslog WHERE id IN (SELECT id FROM mensenhandel_toegangslog "
                "WHERE tijdstip < %s ORDER BY id LIMIT %s)",
                [tot, per_keer],
            )
            weg = cursor.rowcount
        totaal += weg
        if weg < per_keer:
            break
    if totaal:
        from mensenhandel.services import toegang_loggen

        toegang_loggen(
            request=None,
            actie=ToegangsLog.Actie.VERNIETIGEN,
            object_type="mensenhandel.ToegangsLog",
            toelichting=f"{totaal} regels ouder dan de bewaartermijn verwijderd",
        )
        logger.info("toegangslog opgeschoond regels=%s", totaal)
    return totaal
