"""What the first sheet says, and how a value goes into a spreadsheet cell as text.

**Formula injection.** Every text goes through the kernel's ``neutraliseren``
(``mensenhandel.spreadsheet``, which every export uses); in the XLSX every text is moreover
stored as a text cell, never a formula.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from mensenhandel.bescherming import Cel
from mensenhandel.periode import datum_tekst
from mensenhandel.spreadsheet import neutraliseren
from rapportage.tabellen import Waarde

TITEL = "Halfjaarrapportage aanpak mensenhandel: cijfers"

BEREKEND = (
    "De cijfers in dit bestand zijn samen met de PDF van deze versie gemaakt, uit dezelfde gegevens en "
    "met dezelfde peildatum: het zijn de cijfers van de PDF. Standen zoals de status van signalen, de "
    "terugkoppeling op doorverwijzingen en de open knelpunten zijn die op het moment van maken."
)
PRIVACY = (
    "Dit bestand bevat cijfers en de teksten van de ketenregie (bijzonderheden en knelpunten), geen "
    "gegevens over personen en geen teksten uit dossiers. Bewaar het zorgvuldig en deel het niet verder "
    "dan nodig."
)


def decimaal(waarde: float) -> str:
    """3.5 → "3,5"; 2.0 → "2"; at most three decimals."""
    tekst = f"{waarde:.3f}".rstrip("0").rstrip(".")
    return tekst.replace(".", ",")


def als_tekst(waarde: Waarde) -> str:
    """A cell as the CSV writes it: a suppressed cell as printed, a decimal comma, d-m-jjjj."""
    if isinstance(waarde, Cel):
        return waarde.tekst
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, int):
        return str(waarde)
    if isinstance(waarde, float):
        return decimaal(waarde)
    if isinstance(waarde, date):
        return f"{waarde.day}-{waarde.month}-{waarde.year}"
    return neutraliseren(str(waarde))


def _moment(moment: datetime) -> str:
    lokaal = timezone.localtime(moment)
    return f"{datum_tekst(lokaal.date())} om {lokaal:%H:%M}"


GEWIST = (
    "Signalen uit deze periode die dubbel of als test waren geregistreerd, zijn op verzoek van de "
    "aandachtsfunctionaris en met goedkeuring van de functioneel beheerder gewist; ze tellen niet mee."
)


def toelichting(context: dict[str, Any], *, nu: datetime, pdf_sha256: str) -> list[tuple[str, Waarde]]:
    """What the file is: regio, period, version, when made (with the PDF), the suppression rule.

    The file is made with the PDF, before any vaststellen: whether the version is vastgesteld
    is on the report's page and in the download's file name, not in the file.
    """
    rapport = context["rapport"]
    periode = context["periode_label"]
    peildatum = context["peildatum"]
    if context["tussenstand"]:
        peildatum += " (de periode was bij het maken nog niet voorbij: een tussenstand)"
    return [
        ("Regio", context["regio"].naam),
        ("Periode", f"{periode[:1].upper()}{periode[1:]}: {context['periode_tekst']}"),
        ("Versie", rapport.versie),
        ("Gemaakt op", f"{_moment(nu)}, samen met de PDF"),
        ("Controlesom van de PDF (SHA-256)", pdf_sha256),
        ("Peildatum", peildatum),
        ("Vergeleken met", context["vorige_label"]),
        ("Hoe de cijfers zijn berekend", BEREKEND),
        ("Kleine aantallen", context["onderdrukking_uitleg"]),
        ("Privacy", PRIVACY),
        *([("Gewiste registraties", GEWIST)] if context.get("gewist_uit_cijfers") else []),
    ]
