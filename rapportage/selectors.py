"""Every read of the reports, scoped to the user who asks.

Only a ketenregisseur reads reports, those of their own regio's (with sub-regions). For
every other role the scope is empty: a report URL answers 404 to them, as if the report
did not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mensenhandel.models import Regio, Rol
from mensenhandel.toegang import heeft_rol, regios_van
from rapportage.models import Rapport


def regios_voor_rapportage(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's whose reports this user makes: a ketenregisseur's own."""
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Regio.objects.none()
    return regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")


def rapporten_voor(gebruiker: Any) -> QuerySet[Rapport]:
    """The reports this user reads (not yet ordered)."""
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR) or not gebruiker.has_perm("rapportage.view_rapport"):
        return Rapport.objects.none()
    return Rapport.objects.filter(regio__in=regios_voor_rapportage(gebruiker).values("pk")).select_related(
        "regio", "aangevraagd_door", "vastgesteld_door"
    )


def rapportenlijst(gebruiker: Any) -> QuerySet[Rapport]:
    """The list page: per regio, newest period first, newest version first; one query."""
    return rapporten_voor(gebruiker).order_by("regio__naam", "-van", "-tot", "-versie")
