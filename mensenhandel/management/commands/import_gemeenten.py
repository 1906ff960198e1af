"""Import or update gemeenten from a CSV (cbs_code,naam,veiligheidsregio_code,veiligheidsregio)."""

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mensenhandel.models import Gemeente

STANDAARD_CSV = Path(__file__).resolve().parents[2] / "data" / "gemeenten.csv"
KOLOMMEN = {"cbs_code", "naam"}


class Command(BaseCommand):
    help = "Importeert gemeenten (CBS-code, naam, veiligheidsregio) uit een CSV-bestand."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pad", nargs="?", default=str(STANDAARD_CSV))

    def handle(self, *args: Any, pad: str, **opties: Any) -> None:
        bestand = Path(pad)
        if not bestand.is_file():
            raise CommandError(f"Bestand niet gevonden: {bestand}")
        with bestand.open(newline="", encoding="utf-8-sig") as f:
            lezer = csv.DictReader(f)
            ontbrekend = KOLOMMEN - set(lezer.fieldnames or [])
            if ontbrekend:
                raise CommandError(f"Kolommen ontbreken: {', '.join(sorted(ontbrekend))}")
            rijen = list(lezer)
        nieuw = bijgewerkt = 0
        with transaction.atomic():
            for nummer, rij in enumerate(rijen, start=2):
                code = (rij.get("cbs_code") or "").strip().upper()
                waarden = {
                    "naam": (rij.get("naam") or "").strip(),
                    "veiligheidsregio_code": (rij.get("veiligheidsregio_code") or "").strip(),
                    "veiligheidsregio": (rij.get("veiligheidsregio") or "").strip(),
                }
                gemeente = Gemeente.objects.filter(cbs_code=code).first() or Gemeente(cbs_code=code)
                gewijzigd = any(getattr(gemeente, k) != v for k, v in waarden.items())
                if gemeente.pk and not gewijzigd:
                    continue
                for k, v in waarden.items():
                    setattr(gemeente, k, v)
                try:
                    gemeente.full_clean()
                except ValidationError as fout:
                    raise CommandError(f"Regel {nummer}: {'; '.join(fout.messages)}") from fout
                if gemeente.pk:
                    bijgewerkt += 1
                else:
                    nieuw += 1
                gemeente.save()
        if opties.get("verbosity", 1) > 0:
            self.stdout.write(f"{len(rijen)} gemeenten gelezen: {nieuw} nieuw, {bijgewerkt} bijgewerkt.")
