"""The worker's own changes of a report: take it up, report progress, finish it with its
files, mark it failed, and the periodic repair of reports left behind.

``rapportage.tasks`` only calls these: each owns its transaction and takes the report's row
with ``select_for_update``, so two deliveries of the same task never both make a report, and
the checksums stored at "klaar" always belong to the files in place.

A report is made exactly once. The delivery that takes a report up records its task id; from
then on only that delivery (its retries, or its own message redelivered after its worker died)
works on it, and every other message for the report (a resend, a redelivery after the report
was put back in the queue) finds it taken, klaar or failed and does nothing. The worker
refreshes a heartbeat on the record while it works; when the heartbeat stops (the whole worker
was killed), the periodic check puts the report back in the queue, marked "onderbroken" so
that the page says so. A failed version is never made behind the user's back: only "opnieuw
proberen" starts it again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
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
    "Het maken van de rapportage is niet binnen de tijdslimiet afgerond en is afgebroken. Probeer het "
    "opnieuw; blijft dit gebeuren, neem dan contact op met de functioneel beheerder."
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


def _van_deze_aflevering(rapport: Rapport, taak_id: str) -> bool:
    """Whether the report is being made by this delivery (its retry, or its own message
    redelivered after its worker died). A report taken up before task ids were recorded
    has none, and any delivery may finish it."""
    return rapport.status == Status.BEZIG and rapport.taak_id in ("", taak_id)


def _mislukt_opslaan(rapport: Rapport, melding: str) -> None:
    rapport.status = Status.MISLUKT
    rapport.foutmelding = melding
    rapport.klaar_op = None
    rapport.taak_id = ""
    rapport.niet_verstuurd = False
    rapport.save()


def rapport_claimen(rapport_id: int, taak_id: str | None = None) -> Rapport | None:
    """Take a report up for delivery ``taak_id``: "bezig", one more attempt. None when there
    is nothing to do (gone, klaar, failed, or being made by another delivery)."""
    taak_id = taak_id or ""
    with transaction.atomic():
        rapport = _vergrendeld(rapport_id)
        if rapport is None:
            logger.info("rapportage bestaat niet meer id=%s", rapport_id)
            return None
        if rapport.status != Status.AANGEVRAAGD and not _van_deze_aflevering(rapport, taak_id):
            logger.info(
                "rapportage niets te doen id=%s status=%s taak=%s", rapport_id, rapport.status, taak_id
            )
            return None
        if rapport.pogingen >= MAX_POGINGEN:
            _mislukt_opslaan(rapport, FOUT_TE_VAAK.format(n=rapport.pogingen))
            return None
        nu = timezone.now()
        rapport.status = Status.BEZIG
        rapport.foutmelding = ""
        rapport.niet_verstuurd = False
        rapport.taak_id = taak_id
        rapport.pogingen += 1
        rapport.gestart_op = nu
        rapport.hartslag_op = nu
        rapport.voortgang = 5
        rapport.save()
    return rapport


def _van(rapport_id: int, taak_id: str | None) -> Q:
    return Q(pk=rapport_id, status=Status.BEZIG, taak_id__in=("", taak_id or ""))


def voortgang_melden(rapport_id: int, procent: int, taak_id: str | None = None) -> None:
    Rapport.objects.filter(_van(rapport_id, taak_id)).update(voortgang=procent, hartslag_op=timezone.now())


def hartslag(rapport_id: int, taak_id: str | None = None) -> bool:
    """The worker is still making the report; False when it no longer is its to make."""
    return bool(Rapport.objects.filter(_van(rapport_id, taak_id)).update(hartslag_op=timezone.now()))


def rapport_mislukt(rapport_id: int, melding: str, taak_id: str | None = None) -> None:
    """Mark a report failed with ``melding`` (shown to the ketenregisseur), if this delivery
    is the one making it (a late delivery does not undo what another one made)."""
    with transaction.atomic():
        rapport = _vergrendeld(rapport_id)
        if rapport is not None and _van_deze_aflevering(rapport, taak_id or ""):
            _mislukt_opslaan(rapport, melding)


def _maat(inhoud_bestand: bytes | None) -> tuple[int | None, str]:
    """(size, checksum) of a file, or (None, "") for one that was not made."""
    if inhoud_bestand is None:
        return None, ""
    return len(inhoud_bestand), opslag.sha256_van(inhoud_bestand)


def rapport_afronden(
    rapport_id: int,
    tijdelijk: dict[Bestandssoort, Path],
    bestanden: dict[Bestandssoort, bytes],
    taak_id: str | None = None,
) -> str:
    """Move the files into place and mark the report klaar, in one locked transaction:
    "klaar", or "vervallen" when the report was deleted or finished meanwhile.

    Each file is moved into place atomically. A worker killed between two moves leaves the
    report "bezig" (nothing was committed): the redelivered task makes all files again and
    replaces them, so the checksums stored at "klaar" always belong to the files in place.
    """
    with transaction.atomic():
        rapport = _vergrendeld(rapport_id)
        if rapport is None or not _van_deze_aflevering(rapport, taak_id or ""):
            # Deleted meanwhile, or put back in the queue and taken up by another delivery
            # (this worker's heartbeat had stopped): the temporary files are thrown away
            # (``rapport_maken``).
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
        rapport.taak_id = ""
        rapport.klaar_op = timezone.now()
        rapport.save()
    if Bestandssoort.CSV not in bestanden:
        # Figures of an earlier attempt that did make them would not match this PDF.
        for soort in (Bestandssoort.CSV, Bestandssoort.XLSX):
            opslag.verwijderen(opslag.naam_voor(rapport.uuid, soort))
    return "klaar"


def vastgelopen_markeren(grens: datetime) -> int:
    """Mark the reports "bezig" since before ``grens`` as failed; how many. A backstop: the
    worker's hard time limit ends such a report first."""
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
            _mislukt_opslaan(rapport, FOUT_VASTGELOPEN)
            vastgelopen += 1
            logger.warning("rapportage vastgelopen id=%s", rapport_id)
    return vastgelopen


def _opnieuw_in_de_wachtrij(rapport: Rapport, nu: datetime) -> None:
    if not rapport.niet_verstuurd:  # a sending the broker refused does not count
        rapport.keer_verstuurd += 1
    rapport.status = Status.AANGEVRAAGD
    rapport.voortgang = 0
    rapport.taak_id = ""
    rapport.hartslag_op = None
    rapport.niet_verstuurd = False
    rapport.verstuurd_op = nu


def stilgevallen_herstarten(grens: datetime, nu: datetime) -> tuple[int, int]:
    """Put back in the queue the reports "bezig" whose heartbeat is older than ``grens``
    (their worker was killed), marked "onderbroken"; give up on one that was started too
    often. (started again, given up)."""
    laatste = Coalesce("hartslag_op", "gestart_op")
    herstart = opgegeven = 0
    for rapport_id in list(
        Rapport.objects.alias(laatste=laatste)
        .filter(status=Status.BEZIG, laatste__lt=grens)
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            rapport = _vergrendeld(rapport_id)
            if rapport is None or rapport.status != Status.BEZIG:
                continue
            if (rapport.hartslag_op or rapport.gestart_op or nu) >= grens:
                continue  # a sign of life meanwhile
            if rapport.pogingen >= MAX_POGINGEN:
                _mislukt_opslaan(rapport, FOUT_TE_VAAK.format(n=rapport.pogingen))
                opgegeven += 1
                continue
            _opnieuw_in_de_wachtrij(rapport, nu)
            rapport.onderbroken = True
            rapport.save()
            versturen_na_commit(rapport_id)
            herstart += 1
            logger.warning(
                "rapportage onderbroken, opnieuw in de wachtrij id=%s poging=%s", rapport_id, rapport.pogingen
            )
    return herstart, opgegeven


def opnieuw_versturen(grens: datetime, nu: datetime) -> tuple[int, int]:
    """Send again the requests the broker could not take (at once), and those left in
    "aangevraagd" since before ``grens``; give up on one sent too often (the broker took it,
    but no worker started it). (sent again, given up)."""
    opnieuw = opgegeven = 0
    for rapport_id in list(
        Rapport.objects.filter(status=Status.AANGEVRAAGD)
        .filter(Q(niet_verstuurd=True) | Q(verstuurd_op__lt=grens))
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            rapport = _vergrendeld(rapport_id)
            if rapport is None or rapport.status != Status.AANGEVRAAGD:
                continue
            if (
                not rapport.niet_verstuurd
                and rapport.verstuurd_op is not None
                and rapport.verstuurd_op >= grens
            ):
                continue
            if not rapport.niet_verstuurd and rapport.keer_verstuurd >= MAX_KEER_VERSTUURD:
                _mislukt_opslaan(rapport, FOUT_NIET_GESTART)
                opgegeven += 1
                continue
            _opnieuw_in_de_wachtrij(rapport, nu)
            rapport.save(
                update_fields=[
                    "voortgang",
                    "taak_id",
                    "hartslag_op",
                    "niet_verstuurd",
                    "verstuurd_op",
                    "keer_verstuurd",
                ]
            )
            versturen_na_commit(rapport_id)
            opnieuw += 1
    return opnieuw, opgegeven


def vastgelopen_herstellen(*, tijdslimiet: int, opnieuw_na: int, hartslag_verlopen: int) -> dict[str, int]:
    """The periodic repair: reports whose worker stopped go back in the queue, reports past the
    time limit (seconds) fail, requests the broker did not take or no worker started after
    ``opnieuw_na`` seconds are sent again. Idempotent."""
    nu = timezone.now()
    herstart, te_vaak = stilgevallen_herstarten(nu - timedelta(seconds=hartslag_verlopen), nu)
    vastgelopen = vastgelopen_markeren(nu - timedelta(seconds=tijdslimiet + 60))
    opnieuw, opgegeven = opnieuw_versturen(nu - timedelta(seconds=opnieuw_na), nu)
    return {
        "opnieuw_gestart": herstart,
        "vastgelopen": vastgelopen,
        "opnieuw_verstuurd": opnieuw,
        "opgegeven": opgegeven + te_vaak,
    }
