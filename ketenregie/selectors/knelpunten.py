"""Every read of the knelpunten register and the half-year's bijzonderheden, scoped to the user.

Both are the ketenregisseur's, per regio: they read and keep those of their own regio's.
Other roles read nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.text import capfirst

from ketenregie.models import Actiepunt, Actiestatus, Bijzonderheden, Knelpunt, Knelpuntstatus
from mensenhandel.models import Regio, Rol
from mensenhandel.periode import Periode
from mensenhandel.toegang import heeft_rol, regios_van

EERSTE_JAAR = 2000


def regios_voor_knelpunten(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's whose knelpunten and bijzonderheden this user keeps: a KR's own."""
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Regio.objects.none()
    return regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")


def knelpunten_voor(gebruiker: Any) -> QuerySet[Knelpunt]:
    """The knelpunten this user reads and keeps (not yet ordered)."""
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Knelpunt.objects.none()
    return Knelpunt.objects.filter(regio__in=regios_van(gebruiker, Rol.KETENREGISSEUR))


def knelpuntenregister(
    gebruiker: Any, *, status: str = "", thema: str = "", regio: Regio | None = None
) -> QuerySet[Knelpunt]:
    """The register: open and in behandeling first, then newest first, with action counts."""
    knelpunten = knelpunten_voor(gebruiker)
    if status:
        knelpunten = knelpunten.filter(status=status)
    if thema:
        knelpunten = knelpunten.filter(thema=thema)
    if regio is not None:
        knelpunten = knelpunten.filter(regio=regio)
    vandaag = timezone.localdate()
    open_actie = Q(actiepunten__status=Actiestatus.OPEN)
    return (
        knelpunten.select_related("regio")
        .annotate(
            volgorde=Case(
                When(status__in=Knelpuntstatus.lopend(), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            acties_open=Count("actiepunten", filter=open_actie),
            acties_verlopen=Count("actiepunten", filter=open_actie & Q(actiepunten__deadline__lt=vandaag)),
            acties_totaal=Count("actiepunten"),
        )
        .order_by("volgorde", "-datum", "-id")
    )


def knelpunt_met_acties(gebruiker: Any) -> QuerySet[Knelpunt]:
    """Knelpunten for their own page: regio, who recorded it and the action points."""
    return (
        knelpunten_voor(gebruiker)
        .select_related("regio", "vastgelegd_door")
        .prefetch_related(Prefetch("actiepunten", queryset=Actiepunt.objects.order_by("deadline", "id")))
    )


# --- Bijzonderheden per half-year ------------------------------------------------------------


def halfjaar_mogelijk(jaar: int, helft: int) -> bool:
    """A half-year that can carry bijzonderheden: 2000 up to next year, first or second half."""
    return helft in (1, 2) and EERSTE_JAAR <= jaar <= timezone.localdate().year + 1


def jaar_en_helft(halfjaar: Periode) -> tuple[int, int]:
    """The (jaar, helft) under which bijzonderheden of a half-year are kept."""
    if halfjaar.helft is None:
        raise ValueError("Bijzonderheden horen bij een halfjaar.")
    return halfjaar.van.year, halfjaar.helft


def bijzonderheden_voor(gebruiker: Any) -> QuerySet[Bijzonderheden]:
    return Bijzonderheden.objects.filter(regio__in=regios_voor_knelpunten(gebruiker))


@dataclass(frozen=True)
class Halfjaar:
    regio: Regio
    periode: Periode  # a half-year
    bijzonderheden: Bijzonderheden | None

    @property
    def jaar(self) -> int:
        return jaar_en_helft(self.periode)[0]

    @property
    def helft(self) -> int:
        return jaar_en_helft(self.periode)[1]

    @property
    def label(self) -> str:
        """E.g. "Eerste halfjaar 2026"."""
        return capfirst(self.periode.label)


def halfjaren_per_regio(gebruiker: Any) -> list[tuple[Regio, list[Halfjaar]]]:
    """Per regio of the user: the half-years with bijzonderheden, newest first.

    The current and the previous half-year are always offered (the report over a
    half-year is usually written just after it ends).
    """
    regios = list(regios_voor_knelpunten(gebruiker))
    per_regio: dict[int, dict[Periode, Bijzonderheden]] = {r.pk: {} for r in regios}
    for tekst in bijzonderheden_voor(gebruiker).select_related("bijgewerkt_door"):
        per_regio[tekst.regio_id][Periode.halfjaar(tekst.jaar, tekst.helft)] = tekst
    huidig = Periode.halfjaar_van(timezone.localdate())
    altijd = {huidig, huidig.vorige_halfjaar()}
    uitkomst = []
    for regio in regios:
        bekend = per_regio[regio.pk]
        periodes = sorted(set(bekend) | altijd, key=lambda p: p.van, reverse=True)
        uitkomst.append((regio, [Halfjaar(regio, p, bekend.get(p)) for p in periodes]))
    return uitkomst


def knelpunten_in_halfjaar(regio: Regio, jaar: int, helft: int) -> QuerySet[Knelpunt]:
    """The knelpunten raised in the half-year, and older ones still open at its end."""
    periode = Periode.halfjaar(jaar, helft)
    return (
        Knelpunt.objects.filter(regio=regio, datum__lte=periode.tot)
        .filter(Q(datum__gte=periode.van) | Q(status__in=Knelpuntstatus.lopend()))
        .order_by("-datum", "-id")
    )
