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
- it acknowledges the message only when done (``acks_late``), and a pool process that dies in
  the middle gives the message back (``reject_on_worker_lost``), which the same delivery takes
  up again;
- while it works, a thread refreshes the report's heartbeat every ``RAPPORTAGE_HARTSLAG``
  seconds. When the whole worker is killed (SIGKILL of its process group, as Docker does after
  the stop grace period), the heartbeat stops and ``vastgelopen_rapporten_herstellen`` puts the
  report back in the queue within ``RAPPORTAGE_HARTSLAG_VERLOPEN`` plus
  ``RAPPORTAGE_CONTROLE_INTERVAL`` seconds; the killed worker's own message, which the broker
  delivers again after its visibility timeout, then finds the report taken up, klaar or failed
  and does nothing (``rapportage.services.werk``).

Transient errors (database or connection) are retried with exponential backoff. Any other
error leaves the report "mislukt" with a Dutch message that names no server path or
programming detail (those go to the log, under a reference the message gives), never stuck
in "bezig"; the soft time limit does the same.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
import uuid as uuidlib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from billiard.exceptions import SoftTimeLimitExceeded
from celery import Task, shared_task
from celery.signals import worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone

from mensenhandel import bescherming
from mensenhandel.models import Regio
from mensenhandel.pdf import PDFFout
from rapportage import export, inhoud, opslag, pdf, services
from rapportage.models import Rapport
from rapportage.opslag import Bestandssoort
from rapportage.services import publicaties
from rapportage.services.versturen import TAAK_RAPPORT_MAKEN
from rapportage.services.werk import (
    MAX_HERHALINGEN,
    hartslag,
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


FOUT_OPSLAG = (
    "De rapportage is gemaakt maar kon niet worden opgeslagen: de opslag op de server is niet "
    "beschikbaar, vol of niet beschrijfbaar. Geef dit door aan de functioneel beheerder (kenmerk "
    "{kenmerk}); probeer het daarna opnieuw."
)
FOUT_APPLICATIE = (
    "Het maken van de rapportage is mislukt door een fout in de applicatie. Probeer het opnieuw; "
    "blijft dit gebeuren, geef dan dit kenmerk door aan de functioneel beheerder: {kenmerk}. De "
    "fout staat onder dat kenmerk in het logboek van de applicatie."
)


def _foutmelding(fout: BaseException, kenmerk: str) -> str:
    """What the ketenregisseur reads: what happened, in Dutch, never where (no server path,
    no exception text). ``kenmerk`` finds the details in the log."""
    if isinstance(fout, PDFFout):
        return f"Het maken van de PDF is mislukt. {fout}"
    if isinstance(fout, bescherming.Onoplosbaar):
        return (
            "De beveiliging van de cijfers kon niet worden gecontroleerd, dus is er geen rapportage "
            "gemaakt (de fout staat in het logboek van de applicatie). Geef dit door aan de functioneel "
            "beheerder; probeer het daarna opnieuw."
        )
    if isinstance(fout, OSError):
        return FOUT_OPSLAG.format(kenmerk=kenmerk)
    return FOUT_APPLICATIE.format(kenmerk=kenmerk)


def _voortgang(rapport_id: int, procent: int, taak_id: str | None = None) -> None:
    voortgang_melden(rapport_id, procent, taak_id)


class Hartslag:
    """A thread that refreshes the report's heartbeat while the task works on it, also during
    a long step without progress (WeasyPrint's rendering); it stops with the task, and with
    the process when the worker is killed."""

    def __init__(self, rapport_id: int, taak_id: str | None, interval: float) -> None:
        self.rapport_id, self.taak_id, self.interval = rapport_id, taak_id, interval
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._kloppen, name=f"hartslag-{rapport_id}", daemon=True)

    def __enter__(self) -> Hartslag:
        self._draad.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._draad.join(timeout=self.interval + 10)

    def _kloppen(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    if not hartslag(self.rapport_id, self.taak_id):
                        return  # klaar, failed, deleted, or taken over: nothing to keep alive
                except Exception:
                    # The database away for a moment: the next beat tries again; the check
                    # waits several beats before it starts the report again.
                    logger.warning("rapportage hartslag mislukt id=%s", self.rapport_id, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection


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
        # periodic check starts the report again when its heartbeat is old.
        rapport_id = args[0] if args else kwargs.get("rapport_id")
        if rapport_id is None:
            return
        try:
            rapport_mislukt(rapport_id, FOUT_TIJDELIJK, task_id)
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
    taak_id = self.request.id
    rapport = rapport_claimen(rapport_id, taak_id)
    if rapport is None:
        return "niets te doen"
    logger.info("rapportage maken id=%s poging=%s taak=%s", rapport.pk, rapport.pogingen, taak_id)
    tijdelijk: dict[Bestandssoort, Path] = {}

    def voortgang(procent: int) -> None:
        _voortgang(rapport.pk, procent, taak_id)

    try:
        with Hartslag(rapport.pk, taak_id, settings.RAPPORTAGE_HARTSLAG):
            voortgang(10)
            with bescherming.strikt():  # a stored report fails rather than print only "x"
                context = inhoud.verzamelen(rapport)
            voortgang(40)
            inhoud_pdf = pdf.rapport_pdf(context, voortgang=voortgang)
            voortgang(85)
            bestanden = _bestanden_maken(context, inhoud_pdf)
            voortgang(95)
            tijdelijk = _tijdelijk_schrijven(rapport.uuid, bestanden)
            uitkomst = rapport_afronden(rapport.pk, tijdelijk, bestanden, taak_id)
    except TIJDELIJK:
        raise  # retried with backoff (autoretry_for)
    except SoftTimeLimitExceeded:
        logger.warning("rapportage tijdslimiet id=%s", rapport.pk)
        rapport_mislukt(rapport.pk, FOUT_TE_LANG, taak_id)
        return "mislukt"
    except Exception as fout:
        kenmerk = secrets.token_hex(4)
        logger.exception("rapportage mislukt id=%s kenmerk=%s", rapport.pk, kenmerk)
        rapport_mislukt(rapport.pk, _foutmelding(fout, kenmerk), taak_id)
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
    """Start again the reports whose worker stopped; send again the requests the broker did not
    take or no worker started; mark reports past the time limit as failed; clear old temporary
    files. Idempotent."""
    uitkomst = vastgelopen_herstellen(
        tijdslimiet=settings.RAPPORTAGE_TIJDSLIMIET,
        opnieuw_na=settings.RAPPORTAGE_OPNIEUW_VERSTUREN_NA,
        hartslag_verlopen=settings.RAPPORTAGE_HARTSLAG_VERLOPEN,
    )
    opgeruimd = opslag.oude_tijdelijke_opruimen(settings.RAPPORTAGE_TIJDSLIMIET + 60)
    if any(uitkomst.values()) or opgeruimd:
        logger.info("rapportage herstel %s opgeruimd=%s", uitkomst, opgeruimd)
    return uitkomst


@shared_task(
    name="rapportage.tasks.publicaties_voorbereiden",
    acks_late=True,
    autoretry_for=TIJDELIJK,
    max_retries=MAX_HERHALINGEN,
    retry_backoff=30,
    time_limit=1800,
)
def publicaties_voorbereiden() -> int:
    """Make the month's publications of every regio before anyone asks for them
    (``rapportage.services.publicaties``). Runs every hour: the first run of a month makes
    them, the others find them made (one query each)."""
    return publicaties.publicaties_voorbereiden()


# The half-year's report is due from 06:00 (Europe/Amsterdam) on 1 January and 1 July.
HALFJAAR_UUR = 6


def verschuldigde_halfjaar(nu: datetime) -> tuple[str, date, date]:
    """The half-year whose report is due at ``nu``: the previous one, from 06:00 on its first
    day; before that hour the one before it."""
    lokaal = timezone.localtime(nu)
    dag = lokaal.date()
    if dag.day == 1 and dag.month in (1, 7) and lokaal.hour < HALFJAAR_UUR:
        dag -= timedelta(days=1)
    return services.vorig_halfjaar(dag)


@shared_task(
    name="rapportage.tasks.halfjaarrapporten_maken",
    acks_late=True,
    autoretry_for=TIJDELIJK,
    max_retries=MAX_HERHALINGEN,
    retry_backoff=30,
    time_limit=300,
)
def halfjaarrapporten_maken() -> list[int]:
    """Ask for the due half-year's report of every regio that never had one made by the
    schedule (a deleted one included). Runs every hour, so a run beat missed (the broker was
    down at 06:00 on 1 January, or beat forgot its schedule) is made up within the hour.

    At most one scheduled report per regio and period (a unique constraint), so beat firing
    twice, or this task running twice, asks for nothing more.
    """
    soort, van, tot = verschuldigde_halfjaar(timezone.now())
    # The history keeps a scheduled report that a ketenregisseur deleted: not made again.
    gemaakt = set(
        Rapport.history.filter(van=van, tot=tot, automatisch=True).values_list("regio_id", flat=True)
    )
    rapporten = []
    for regio in Regio.objects.exclude(pk__in=gemaakt).order_by("naam"):
        rapport = services.rapport_aanvragen(
            door=None, regio=regio, soort=soort, jaar=van.year, automatisch=True
        )
        rapporten.append(rapport.pk)
    if rapporten:
        logger.info("rapportage halfjaar periode=%s gevraagd voor %s regio's", van, len(rapporten))
    return rapporten
