"""What waits for a ketenregisseur in the chain's work ("Mijn werk", ``mensenhandel.werk``): the
open action points of their regio's meetings and knelpunten past their date."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Actiepunt, Actiestatus
from ketenregie.selectors.actiepunten import actiepunten_bewerkbaar_voor
from mensenhandel.models import Gebruiker, Rol
from mensenhandel.periode import datum_tekst
from mensenhandel.toegang import heeft_rol
from mensenhandel.werk import Regel, Werkbron


def actiepunten_verlopen(gebruiker: Gebruiker) -> Werkbron | None:
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return None

    def regel(a: Actiepunt) -> Regel:
        # Where it belongs, not what it says: the label names the meeting or the knelpunt.
        waar = f"Overleg {a.overleg}" if a.overleg is not None else f"Knelpunt ‘{a.knelpunt}’"
        return Regel(
            referentie=waar,
            url=reverse("ketenregie:actiepunt_bijwerken", kwargs={"uuid": a.uuid}),
            datum=a.deadline,
            toelichting=f"actiepunt, uiterlijk {datum_tekst(a.deadline)}",
        )

    return Werkbron(
        soort="kr.actiepunten_verlopen",
        label="Actiepunten over hun datum",
        url=reverse("ketenregie:overleggen"),
        open=actiepunten_bewerkbaar_voor(gebruiker)
        .filter(status=Actiestatus.OPEN, deadline__lt=timezone.localdate())
        .only(
            "uuid",
            "deadline",
            "overleg__soort",
            "overleg__datum",
            "knelpunt__titel",
        )
        .order_by("deadline", "id"),
        regel=regel,
    )
