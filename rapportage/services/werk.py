"""The worker's own changes of a report: take it up, report progress, finish it with its
files, mark it failed, and the periodic repair of reports left behind.

``rapportage.tasks`` only calls these: each owns its transaction and takes the report's row
with ``select_for_update``, so two deliveries of the same task never both make a report, and
the checksums stored at "klaar" always belong to the files in place.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rapportage import opslag
from rapportage.models import Rapport, Status
from rapportage.opslag import Bestandssoort
from rapportage.services.versturen import versturen_na_commit

logger = logging.getLogger(__name__)

# Worth another try (in the task): the database or a connection was away for a moment.
MAX_HERHALINGEN = 5
# A report whose task was taken up this often without finishing is given up: a report
# that kills its worker every time would otherwise be delivered again forever. The
# retries after transient errors count too, so this leaves room for all of them.
MAX_POGINGEN = MAX_HERHALINGEN + 3
# How often a request left in "aangevraagd" is sent again before it is given up.
MAX_KEER_VERSTUURD = 12

FOUT_VASTGELOPEN = (
    "Het maken van de rapportage is onderbroken (de verwerking op de achtergrond stopte) en niet "
    "binnen de tijdslimiet afgerond. Probeer het opnieuw."
)
FOUT_NIET_GESTART = (
    "De rapportage is niet gestart: de verwerking op de achtergrond reageert niet. Probeer het later "
    "opnieuw; blijft dit gebeuren, neem dan contact op met de functioneel beheerder."
)
FOUT_TE_VAAK = (
    "Het maken van de rapportage is {n} keer begonnen en steeds onderbroken. Probeer het later opnieuw; "
    "blijft dit gebeuren, neem dan contact op met de functioneel beheerder."
)


def _vergrendeld(rapport_id: int) -> Rapport | None:
    # of=("self",): lock the report's row only, not the regio joined by the ordering.
    return Rapport.objects.select_for_update(of=("self",)).filter(pk=rapport_id).order_by().first()


def _opnieuw_te_maken(rapport: Rapport) -> bool:
    """Whether a task that finds this report should make it."""
    if rapport.status in Status.lopend():
        return True
    # Marked failed by the periodic check while its message was still on its way back
    # (a killed worker): the redelivered task still makes it.
    return rapport.status == Status.MISLUKT and rapport.onderbroken


def _mislukt_opslaan(rapport: Rapport, melding: str, *, onderbroken: bool = False) -> None:
    rapport.status = Status.MISLUKT
    rapport.foutmelding = melding
    rapport.onderbroken = onderbroken
    rapport.klaar_op = None
    rapport.save()


def rapport_claimen(rapport_id: int) -> Rapport | None:
    """Take a report up: "bezig", one more attempt. None when there is nothing to do."""
    with transaction.atomic():
        rapport = _vergrendeld(rapport_id)
        if rapport is None:
            logger.info("rapportage bestaat niet meer id=%s", rapport_id)
            return None
        if not _opnieuw_te_maken(rapport):
            logger.info("rapportage niets te doen id=%s status=%s", rapport_id, rapport.status)
            return None
        if rapport.pogingen >= MAX_POGINGEN:
            _mislukt_opslaan(rapport, FOUT_TE_VAAK.format(n=rapport.pogingen))
            return None
        rapport.status = Status.BEZIG
        rapport.onderbroken = False
        rapport.foutmelding = ""
        rapport.pogingen += 1
        rapport.gestart_op = timezone.now()
        rapport.voortgang = 5
        rapport.save()
    return rapport


def voortgang_melden(rapport_id: int, procent: int) -> None:
    Rapport.objects.filter(pk=rapport_id, status=Status.BEZIG).update(voortgang=procent)


def rapport_mislukt(rapport_id: int, melding: str) -> None:
    """Mark a report failed with ``melding`` (shown to the ketenregisseur), unless it is klaar."""
    with transaction.atomic():
        rapport = _vergrendeld(rapport_id)
        if rapport is not None and rapport.status != Status.KLAAR:
            _mislukt_opslaan(rapport, melding)


def _maat(inhoud_bestand: bytes | None) -> tuple[int | None, str]:
    """(size, checksum) of a file, or (None, "") for one that was not made."""
    if inhoud_bestand is None:
        return None, ""
    return len(inhoud_bestand), opslag.sha256_van(inhoud_bestand)


def rapport_afronden(
    rapport_id: int, tijdelijk: dict[Bestandssoort, Path], bestanden: dict[Bestandssoort, bytes]
) -> str:
    """Move the files into place and mark the report klaar, in one locked transaction:
    "klaar", or "vervallen" when the report was deleted or finished meanwhile.

    Each file is moved into place atomically. A worker killed between two moves leaves the
    report "bezig" (nothing was committed): the redelivered task makes all files again and
    replaces them, so the checksums stored at "klaar" always belong to the files in place.
    """
    with transaction.atomic():
        rapport = _vergrendeld(rapport_id)
        if rapport is None or not _opnieuw_te_maken(rapport):
            # Deleted meanwhile, or finished by another delivery of the same task: the
            # temporary files are thrown away (``rapport_maken``).
            return "vervallen"
        for soort, pad in tijdelijk.items():
            opslag.plaatsen(pad, opslag.naam_voor(rapport.uuid, soort))
        inhoud_pdf = bestanden[Bestandssoort.PDF]
        rapport.status = Status.KLAAR
        rapport.voortgang = 100
        rapport.bestand = opslag.naam_voor(rapport.uuid, Bestandssoort.PDF)
        rapport.grootte = len(inhoud_pdf)
        rapport.sha256 = opslag.sha256_van(inhoud_pdf)
        rapport.csv_grootte, rapport.csv_sha256 = _maat(bestanden.get(Bestandssoort.CSV))
        rapport.xlsx_grootte, rapport.xlsx_sha256 = _maat(bestanden.get(Bestandssoort.XLSX))
        rapport.foutmelding = ""
        rapport.onderbroken = False
        rapport.klaar_op = timezone.now()
        rapport.save()
    if Bestandssoort.CSV not in bestanden:
        # Figures of an earlier attempt that did make them would not match this PDF.
        for soort in (Bestandssoort.CSV, Bestandssoort.XLSX):
            opslag.verwijderen(opslag.naam_voor(rapport.uuid, soort))
    return "klaar"


def vastgelopen_markeren(grens: datetime) -> int:
    """Mark the reports "bezig" since before ``grens`` as failed (interrupted); how many."""
    vastgelopen = 0
    for rapport_id in list(
        Rapport.objects.filter(status=Status.BEZIG, gestart_op__lt=grens).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            rapport = _vergrendeld(rapport_id)
            if rapport is None or rapport.status != Status.BEZIG:
                continue
            if rapport.gestart_op is not None and rapport.gestart_op >= grens:
                continue  # taken up again meanwhile
            _mislukt_opslaan(rapport, FOUT_VASTGELOPEN, onderbroken=True)
            vastgelopen += 1
            logger.warning("rapportage vastgelopen id=%s", rapport_id)
    return vastgelopen


def opnieuw_versturen(grens: datetime, nu: datetime) -> tuple[int, int]:
    """Send again the requests left in "aangevraagd" since before ``grens``; give up on one
    sent too often. (sent again, given up)."""
    opnieuw = opgegeven = 0
    for rapport_id in list(
        Rapport.objects.filter(status=Status.AANGEVRAAGD, verstuurd_op__lt=grens).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            rapport = _vergrendeld(rapport_id)
            if rapport is None or rapport.status != Status.AANGEVRAAGD:
                continue
            if rapport.verstuurd_op is not None and rapport.verstuurd_op >= grens:
                continue
            if rapport.keer_verstuurd >= MAX_KEER_VERSTUURD:
                _mislukt_opslaan(rapport, FOUT_NIET_GESTART)
                opgegeven += 1
                continue
            rapport.verstuurd_op = nu
            rapport.keer_verstuurd += 1
            rapport.save(update_fields=["verstuurd_op", "keer_verstuurd"])
            versturen_na_commit(rapport_id)
            opnieuw += 1
    return opnieuw, opgegeven


def vastgelopen_herstellen(*, tijdslimiet: int, opnieuw_na: int) -> dict[str, int]:
    """Mark reports stuck in "bezig" past the time limit (seconds) as failed; send again the
    requests left in "aangevraagd" longer than ``opnieuw_na`` seconds. Idempotent."""
    nu = timezone.now()
    vastgelopen = vastgelopen_markeren(nu - timedelta(seconds=tijdslimiet + 60))
    opnieuw, opgegeven = opnieuw_versturen(nu - timedelta(seconds=opnieuw_na), nu)
    return {"vastgelopen": vastgelopen, "opnieuw_verstuurd": opnieuw, "opgegeven": opgegeven}
