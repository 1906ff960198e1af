"""Helpers for the rapportage tests: reports asked for through the service, and made "klaar"
without rendering where the files' contents do not matter (access checks, screens)."""

from __future__ import annotations

import atexit
from typing import Any

from django.utils import timezone

from mensenhandel.toegang import regios_van
from rapportage import opslag, services
from rapportage.models import Rapport, Status

# A minimal PDF; the views stream bytes and check their checksum, they do not read them.
KLEINE_PDF = b"%PDF-1.7\n% testbestand\n%%EOF\n"
# Stand-ins for the figures, where only their storage and download matter.
KLEINE_CSV = "\ufeffHalfjaarrapportage aanpak mensenhandel: cijfers\r\n".encode()
KLEINE_XLSX = b"PK\x05\x06" + bytes(18)  # an empty ZIP archive


def aanvragen(kr: Any, *, jaar: int = 2025, soort: str = "eerste_halfjaar", **extra: Any) -> Rapport:
    """A report of the KR's (only) regio over a half-year, asked for through the service."""
    return services.rapport_aanvragen(door=kr, regio=regios_van(kr).get(), soort=soort, jaar=jaar, **extra)


def klaar_maken(
    rapport: Rapport,
    inhoud: bytes = KLEINE_PDF,
    *,
    cijfers: bool = True,
    opruimen_bij_einde: bool = False,
) -> Rapport:
    """Store ``inhoud`` as the report's PDF (the way the task does), with stand-ins for its
    figures unless ``cijfers`` is false, and mark it klaar."""
    bestanden = {"pdf": inhoud}
    if cijfers:
        bestanden |= {"csv": KLEINE_CSV, "xlsx": KLEINE_XLSX}
    for extensie, bytes_ in bestanden.items():
        naam = opslag.naam_voor(rapport.uuid, extensie)
        opslag.plaatsen(opslag.tijdelijk_schrijven(naam, bytes_), naam)
        if opruimen_bij_einde:
            # The access matrix writes into the configured folder; remove the files afterwards.
            atexit.register(opslag.pad(naam).unlink, missing_ok=True)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.KLAAR,
        voortgang=100,
        bestand=opslag.naam_voor(rapport.uuid),
        grootte=len(inhoud),
        sha256=opslag.sha256_van(inhoud),
        csv_grootte=len(KLEINE_CSV) if cijfers else None,
        csv_sha256=opslag.sha256_van(KLEINE_CSV) if cijfers else "",
        xlsx_grootte=len(KLEINE_XLSX) if cijfers else None,
        xlsx_sha256=opslag.sha256_van(KLEINE_XLSX) if cijfers else "",
        gestart_op=timezone.now(),
        klaar_op=timezone.now(),
    )
    rapport.refresh_from_db()
    return rapport


def met_de_taak_maken(rapport: Rapport, monkeypatch: Any) -> Rapport:
    """Make a report with the real task, its figures included, but a stand-in for WeasyPrint's
    PDF where the PDF's contents do not matter (the figures are made from the same gathering)."""
    from rapportage import pdf, tasks

    monkeypatch.setattr(pdf, "rapport_pdf", lambda context, voortgang=None: KLEINE_PDF)
    assert tasks.rapport_maken.apply(args=[rapport.pk]).get() == "klaar"
    rapport.refresh_from_db()
    return rapport
