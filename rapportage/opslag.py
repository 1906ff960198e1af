"""Private storage of the report PDFs, in ``settings.RAPPORTEN_ROOT``.

The folder lies outside STATIC_ROOT and has no URL: a file leaves the server only through
the views of ``rapportage.views`` (``downloaden``, ``export_csv``, ``export_xlsx``), which
check who asks and the file's checksum, and log the download.

A report's file names come from its uuid alone (``<uuid>.pdf``, and its figures as
``<uuid>.csv`` and ``<uuid>.xlsx``), so a task that runs twice for the same report can only
overwrite those files, never add a second copy. A file is written to a temporary file in the
same folder first and then moved into place with ``os.replace`` (atomic on one file
system): a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
import uuid as uuidlib
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)

ACHTERVOEGSEL_TIJDELIJK = ".tmp"


def map_() -> Path:
    return Path(settings.RAPPORTEN_ROOT)


class Bestandssoort(models.TextChoices):
    """The files of a finished report, by their extension: the PDF, and its figures."""

    PDF = "pdf", "PDF"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


def naam_voor(rapport_uuid: uuidlib.UUID, soort: Bestandssoort | str = Bestandssoort.PDF) -> str:
    """The file name of a report's PDF (or of its figures as CSV or XLSX) inside the folder;
    ValueError for any other kind of file."""
    return f"{uuidlib.UUID(str(rapport_uuid))}.{Bestandssoort(soort).value}"


def pad(naam: str) -> Path:
    """The full path of a stored file; refuses any name that would leave the folder."""
    if not naam or Path(naam).name != naam or naam.startswith("."):
        raise ValueError(f"Ongeldige bestandsnaam voor een rapportage: {naam!r}")
    return map_() / naam


def sha256_van(inhoud: bytes) -> str:
    return hashlib.sha256(inhoud).hexdigest()


def tijdelijk_schrijven(naam: str, inhoud: bytes) -> Path:
    """Write ``inhoud`` to a new temporary file next to ``naam``'s place; returns its path.

    The file is flushed to disk before it is returned, so that ``plaatsen`` after a crash
    never moves an empty or partial file into place.
    """
    doel = pad(naam)
    doel.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(dir=doel.parent, prefix=f".{naam}.", suffix=ACHTERVOEGSEL_TIJDELIJK)
    try:
        with os.fdopen(fd, "wb") as bestand:
            bestand.write(inhoud)
            bestand.flush()
            os.fsync(bestand.fileno())
        os.chmod(tijdelijk, 0o640)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise
    return Path(tijdelijk)


def plaatsen(tijdelijk: Path, naam: str) -> None:
    """Move a temporary file into place as ``naam``, replacing any earlier file (atomic)."""
    doel = pad(naam)
    if tijdelijk.parent != doel.parent:
        raise ValueError("Een tijdelijk bestand moet in dezelfde map staan als zijn doel.")
    os.replace(tijdelijk, doel)
    _map_synchroniseren(doel.parent)


def opruimen(tijdelijk: Path) -> None:
    tijdelijk.unlink(missing_ok=True)


def verwijderen(naam: str) -> None:
    """Remove a stored file; a missing file is fine (the record says what it was)."""
    if naam:
        pad(naam).unlink(missing_ok=True)


def alles_verwijderen(rapport_uuid: uuidlib.UUID) -> None:
    """Remove every stored file of a report: the PDF and its figures."""
    for soort in Bestandssoort:
        verwijderen(naam_voor(rapport_uuid, soort))


def openen(naam: str) -> BinaryIO:
    """Open a stored file for reading (binary); FileNotFoundError when it is gone."""
    return pad(naam).open("rb")


def controleren(naam: str, sha256: str) -> bool:
    """Whether the stored file still has the checksum recorded when it was made."""
    digest = hashlib.sha256()
    try:
        with openen(naam) as bestand:
            for blok in iter(lambda: bestand.read(1 << 16), b""):
                digest.update(blok)
    except FileNotFoundError:
        return False
    return digest.hexdigest() == sha256


def oude_tijdelijke_opruimen(ouder_dan_seconden: int) -> int:
    """Remove temporary files left by a worker that was killed while writing."""
    map_pad = map_()
    if not map_pad.is_dir():
        return 0
    grens = time.time() - ouder_dan_seconden
    weg = 0
    for kandidaat in map_pad.glob(f".*{ACHTERVOEGSEL_TIJDELIJK}"):
        try:
            if kandidaat.stat().st_mtime < grens:
                kandidaat.unlink()
                weg += 1
        except FileNotFoundError:
            continue
    if weg:
        logger.info("rapportage tijdelijke bestanden opgeruimd aantal=%s", weg)
    return weg


def _map_synchroniseren(map_pad: Path) -> None:
    """Make the rename durable (fsync of the folder); not every platform allows it."""
    try:
        fd = os.open(map_pad, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
