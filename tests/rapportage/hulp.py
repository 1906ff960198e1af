"""Helpers for the rapportage tests: reports asked for through the service, and made "klaar"
without rendering where the PDF's contents do not matter (access checks, screens)."""

from __future__ import annotations

import atexit
from typing import Any

from django.utils import timezone

from mensenhandel.toegang import regios_van
from rapportage import opslag, services
from rapportage.models import Rapport, Status

# A minimal PDF; the views stream bytes and check their checksum, they do not read them.
KLEINE_PDF = b"%PDF-1.7\n% testbestand\n%%EOF\n"


def aanvragen(kr: Any, *, jaar: int = 2025, soort: str = "eerste_halfjaar", **extra: Any) -> Rapport:
    """A report of the KR's (only) regio over a half-year, asked for through the service."""
    return services.rapport_aanvragen(door=kr, regio=regios_van(kr).get(), soort=soort, jaar=jaar, **extra)


def klaar_maken(rapport: Rapport, inhoud: bytes = KLEINE_PDF, *, opruimen_bij_einde: bool = False) -> Rapport:
    """Store ``inhoud`` as the report's PDF (the way the task does) and mark it klaar."""
    naam = opslag.naam_voor(rapport.uuid)
    opslag.plaatsen(opslag.tijdelijk_schrijven(naam, inhoud), naam)
    if opruimen_bij_einde:
        # The access matrix writes into the configured folder; remove the file afterwards.
        atexit.register(opslag.pad(naam).unlink, missing_ok=True)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.KLAAR,
        voortgang=100,
        bestand=naam,
        grootte=len(inhoud),
        sha256=opslag.sha256_van(inhoud),
        gestart_op=timezone.now(),
        klaar_op=timezone.now(),
    )
    rapport.refresh_from_db()
    return rapport
