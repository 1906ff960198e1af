"""Reads of action points (of meetings and of knelpunten), scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ketenregie.models import Actiepunt
from mensenhandel.models import Regio, Rol
from mensenhandel.toegang import heeft_rol, regios_van


def regios_bijgehouden_door(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's whose meetings, knelpunten and action points this user keeps: a KR's own."""
    return regios_van(gebruiker, Rol.KETENREGISSEUR)


def mag_regio_bijhouden(gebruiker: Any, regio: Regio) -> bool:
    return (
        heeft_rol(gebruiker, Rol.KETENREGISSEUR)
        and regios_bijgehouden_door(gebruiker).filter(pk=regio.pk).exists()
    )


def actiepunten_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Actiepunt]:
    """Action points of meetings and knelpunten of the KR's regio's, with their parent joined."""
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Actiepunt.objects.none()
    regios = regios_bijgehouden_door(gebruiker)
    return Actiepunt.objects.filter(
        Q(overleg__regio__in=regios) | Q(knelpunt__regio__in=regios)
    ).select_related("overleg", "knelpunt")
