"""The Celery tasks of the halfjaarrapportage.

``rapport_maken(rapport_id)`` makes one report: the PDF, and from the same gathering its
figures as CSV and XLSX, stored beside it so that they are always the PDF's figures. It is
given only the ID and is safe to run more than once for the same report. The report's
status changes are services (``rapportage.services.werk``); the task calls them:

- it takes the row with ``select_for_update`` and returns at once when the report is
  already klaar (or failed, or deleted);
- the files' names come from the report's uuid, and each file is written to a temporary
  file and moved into place with ``os.replace`` while the row is locked, in the same
  transaction that sets "klaar" with the checksums: a second run can only replace those
  files, and the stored checksums always belong to the files in place;
- it acknowledges the message only when done (``acks_late``), and a worker that dies in the
  middle gives the message back (``reject_on_worker_lost``; after a SIGKILL of the whole
  worker the broker delivers it again after its visibility timeout). The redelivered task
  finds the report "bezig" and makes it.

Transient errors (database or connection) are retried with exponential backoff. Any other
error leaves the report "mislukt" with a readable message, never stuck in "bezig"; the soft
time limit does the same, and ``vastgelopen_rapporten_herstellen`` catches what is left (a
hard time limit or a killed worker whose message is not redelivered).
"""

from __future__ import annotations

import logging
import time
import uuid as uuidlib
from pathlib import Path
from typing import Any

from billiard.exceptions import SoftTimeLimitExceeded
from celery import Task, shared_task
from celery.signals import worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from mensenhandel import bescherming
from mensenhandel.models import Regio
from rapportage import export, inhoud, opslag, pdf, services
from rapportage.opslag import Bestandssoort
from rapportage.services.versturen import TAAK_RAPPORT_MAKEN
from rapportage.services.werk import (
    MAX_HERHALINGEN,
    rapport_afronden,
    rapport_claimen,
    rapport_mislukt,
    vastgelopen_herstellen,
    voortgang_melden,
)

logger = logging.getLogger(__name__)

# Worth another try: the database or a connection was away for a moment.
TIJDELIJK = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

FOUT_TE_LANG = (
    "Het maken van de rapportage duurde te lang en is afgebroken. Probeer het opnieuw; blijft dit "
    "gebeuren, neem dan contact op met de functioneel beheerder."
)
FOUT_TIJDELIJK = (
    "Het maken van de rapportage is mislukt: de database of een andere dienst was niet bereikbaar. "
    "Probeer het opnieuw."
)


def _foutmelding(fout: BaseException) -> str:
    if isinstance(fout, pdf.PDFFout):
        return f"Het maken van de PDF is mislukt. {fout}"
    if isinstance(fout, bescherming.Onoplosbaar):
        return (
            "De beveiliging van de cijfers kon niet worden gecontroleerd, dus is er geen rapportage "
            "gemaakt (de fout staat in het logboek van de applicatie). Geef dit door aan de functioneel "
            "beheerder; probeer het daarna opnieuw."
        )
    technisch = f"{type(fout).__name__}: {fout}"[:300]
    return (
        "Het maken van de rapportage is mislukt door een fout in de applicatie. Probeer het opnieuw; "
        f"blijft dit gebeuren, geef dan deze melding door aan de functioneel beheerder: {technisch}"
    )


def _voortgang(rapport_id: int, procent: int) -> None:
    voortgang_melden(rapport_id, procent)


def _bestanden_maken(context: dict[str, Any], inhoud_pdf: bytes) -> dict[Bestandssoort, bytes]:
    """The PDF and, from the same gathering, its figures as CSV and XLSX.

    The figures are an addition to the PDF, which the bestuurlijk overleg needs: when they
    cannot be made (a part of the gathering the export does not know, a programming error),
    the error is logged and the report is finished with its PDF only. The report's page then
    says so. The time limit and transient errors still end the whole attempt.
    """
    bestanden = {Bestandssoort.PDF: inhoud_pdf}
    nu = timezone.now()
    pdf_sha256 = opslag.sha256_van(inhoud_pdf)
    try:
        bestanden[Bestandssoort.CSV] = export.csv_maken(context, nu=nu, pdf_sha256=pdf_sha256)
        bestanden[Bestandssoort.XLSX] = export.xlsx_maken(context, nu=nu, pdf_sha256=pdf_sha256)
    except (*TIJDELIJK, SoftTimeLimitExceeded):
        raise
    except Exception:
        logger.exception("rapportage cijfers niet te maken id=%s", context["rapport"].pk)
        return {Bestandssoort.PDF: inhoud_pdf}
    return bestanden


def _tijdelijk_schrijven(
    rapport_uuid: uuidlib.UUID, bestanden: dict[Bestandssoort, bytes]
) -> dict[Bestandssoort, Path]:
    """Every file to a temporary file beside its place; none left behind when one fails."""
    tijdelijk: dict[Bestandssoort, Path] = {}
    try:
        for soort, inhoud_bestand in bestanden.items():
            naam = opslag.naam_voor(rapport_uuid, soort)
            tijdelijk[soort] = opslag.tijdelijk_schrijven(naam, inhoud_bestand)
    except BaseException:
        for pad in tijdelijk.values():
            opslag.opruimen(pad)
        raise
    return tijdelijk


class RapportTaak(Task):
    def on_failure(
        self, exc: Exception, task_id: str, args: tuple[Any, ...], kwargs: dict[str, Any], einfo: Any
    ) -> None:
        # Reached when the retries of a transient error ran out: record it, so the report
        # does not stay "bezig". If the database is still away this fails too, and the
        # periodic check marks it later.
        rapport_id = args[0] if args else kwargs.get("rapport_id")
        if rapport_id is None:
            return
        try:
            rapport_mislukt(rapport_id, FOUT_TIJDELIJK)
        except Exception:
            logger.exception("rapportage mislukt niet vast te leggen id=%s", rapport_id)


@shared_task(
    bind=True,
    base=RapportTaak,
    name=TAAK_RAPPORT_MAKEN,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TIJDELIJK,
    max_retries=MAX_HERHALINGEN,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    soft_time_limit=settings.RAPPORTAGE_ZACHTE_TIJDSLIMIET,
    time_limit=settings.RAPPORTAGE_TIJDSLIMIET,
)
def rapport_maken(self: Task, rapport_id: int) -> str:
    """Make the PDF and the figures of one report. Idempotent; see the module's docstring."""
    rapport = rapport_claimen(rapport_id)
    if rapport is None:
        return "niets te doen"
    logger.info("rapportage maken id=%s poging=%s", rapport.pk, rapport.pogingen)
    tijdelijk: dict[Bestandssoort, Path] = {}
    try:
        _voortgang(rapport.pk, 10)
        with bescherming.strikt():  # a stored report fails rather than print only "x"
            context = inhoud.verzamelen(rapport)
        _voortgang(rapport.pk, 40)
        inhoud_pdf = pdf.rapport_pdf(context, voortgang=lambda procent: _voortgang(rapport.pk, procent))
        _voortgang(rapport.pk, 85)
        bestanden = _bestanden_maken(context, inhoud_pdf)
        _voortgang(rapport.pk, 95)
        tijdelijk = _tijdelijk_schrijven(rapport.uuid, bestanden)
        uitkomst = rapport_afronden(rapport.pk, tijdelijk, bestanden)
    except TIJDELIJK:
        raise  # retried with backoff (autoretry_for)
    except SoftTimeLimitExceeded:
        logger.warning("rapportage tijdslimiet id=%s", rapport.pk)
        rapport_mislukt(rapport.pk, FOUT_TE_LANG)
        return "mislukt"
    except Exception as fout:
        logger.exception("rapportage mislukt id=%s", rapport.pk)
        rapport_mislukt(rapport.pk, _foutmelding(fout))
        return "mislukt"
    finally:
        # What was not moved into place (a failure, or the report was deleted or finished
        # meanwhile); after success there is nothing left to remove.
        for pad in tijdelijk.values():
            opslag.opruimen(pad)
    logger.info(
        "rapportage %s id=%s bytes=%s cijfers=%s",
        uitkomst,
        rapport.pk,
        len(inhoud_pdf),
        Bestandssoort.CSV in bestanden,
    )
    return uitkomst


@worker_process_init.connect
def weasyprint_voorbereiden(**_: object) -> None:
    """Each worker process loads WeasyPrint and the fonts when it starts, not during its first
    report. A failure here is logged only: the report itself then fails with its message."""
    t = time.perf_counter()
    try:
        pdf.voorbereiden()
    except Exception:
        logger.exception("rapportage voorbereiden mislukt")
        return
    logger.info("rapportage voorbereid in %.1f s", time.perf_counter() - t)


# --- Periodic --------------------------------------------------------------------------------


@shared_task(name="rapportage.tasks.vastgelopen_rapporten_herstellen", acks_late=True, time_limit=120)
def vastgelopen_rapporten_herstellen() -> dict[str, int]:
    """Mark reports stuck in "bezig" past the time limit as failed; send again the requests
    left in "aangevraagd" (after a broker restart, say); clear old temporary files. Idempotent."""
    uitkomst = vastgelopen_herstellen(
        tijdslimiet=settings.RAPPORTAGE_TIJDSLIMIET, opnieuw_na=settings.RAPPORTAGE_OPNIEUW_VERSTUREN_NA
    )
    opgeruimd = opslag.oude_tijdelijke_opruimen(settings.RAPPORTAGE_TIJDSLIMIET + 60)
    if any(uitkomst.values()) or opgeruimd:
        logger.info("rapportage herstel %s opgeruimd=%s", uitkomst, opgeruimd)
    return uitkomst


@shared_task(
    name="rapportage.tasks.halfjaarrapporten_maken",
    acks_late=True,
    autoretry_for=TIJDELIJK,
    max_retries=MAX_HERHALINGEN,
    retry_backoff=30,
    time_limit=300,
)
def halfjaarrapporten_maken() -> list[int]:
    """Ask for the previous half-year's report of every regio (1 January and 1 July).

    At most one scheduled report per regio and period (a unique constraint), so beat
    firing twice, or this task running twice, asks for nothing more.
    """
    soort, van, _tot = services.vorig_halfjaar(timezone.localdate())
    rapporten = [
        services.rapport_aanvragen(door=None, regio=regio, soort=soort, jaar=van.year, automatisch=True).pk
        for regio in Regio.objects.order_by("naam")
    ]
    logger.info("rapportage halfjaar periode=%s %s regio's", van, len(rapporten))
    return rapporten
