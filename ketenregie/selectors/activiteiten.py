"""Every read of the activities (trainings, voorlichtingen, campaigns, meetings), scoped to the user.

A ketenregisseur reads and edits the activities of their regio's. An aandachtsfunctionaris
reads those that involve one of their gemeenten and the region-wide ones (no gemeenten)
of the regio's their gemeenten belong to; they edit an activity only when every gemeente
of it is theirs. Other roles read nothing here.

Scope filters use subqueries, never joins, so a filtered set has no duplicate rows and its
totals are right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.expressions import Combinable

from ketenregie.models import Activiteit
from mensenhandel.models import Gemeente, Regio, Rol
from mensenhandel.toegang import gemeenten_van_af, heeft_rol, regios_van

BEWERKERS = (Rol.AANDACHTSFUNCTIONARIS, Rol.KETENREGISSEUR)

ActiviteitGemeente = Activiteit.gemeenten.through


def regios_met_gemeenten(gemeenten: QuerySet[Gemeente]) -> QuerySet[Regio]:
    """The regio's holding one of ``gemeenten``, directly or through a sub-region."""
    return Regio.objects.filter(
        Q(gemeenten__in=gemeenten)
        | Q(deelregios__gemeenten__in=gemeenten)
        | Q(deelregios__deelregios__gemeenten__in=gemeenten)
    ).distinct()


def gemeenten_van_regio(regio: Regio) -> QuerySet[Gemeente]:
    """The gemeenten of a regio, including those of its sub-regions."""
    return Gemeente.objects.filter(
        Q(regios=regio)
        | Q(regios__bovenliggende_regio=regio)
        | Q(regios__bovenliggende_regio__bovenliggende_regio=regio)
    ).distinct()


def _met_gemeente_in(gemeenten: QuerySet[Gemeente]) -> Exists:
    return Exists(ActiviteitGemeente.objects.filter(activiteit=OuterRef("pk"), gemeente__in=gemeenten))


def _regiobreed() -> Combinable:
    """For the whole regio: no gemeente named."""
    return ~Exists(ActiviteitGemeente.objects.filter(activiteit=OuterRef("pk")))


def activiteiten_voor(gebruiker: Any) -> QuerySet[Activiteit]:
    """The activities this user reads (not yet ordered or prefetched)."""
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Activiteit.objects.filter(regio__in=regios_van(gebruiker, Rol.KETENREGISSEUR))
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        eigen = gemeenten_van_af(gebruiker)
        regios = regios_met_gemeenten(eigen)
        return Activiteit.objects.filter(
            _met_gemeente_in(eigen) | (_regiobreed() & Q(regio__in=regios.values("pk")))
        )
    return Activiteit.objects.none()


def activiteiten_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Activiteit]:
    """The activities this user may change or remove.

    The KR: those of their regio's. The AF: those with at least one gemeente, all of them theirs.
    """
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Activiteit.objects.filter(regio__in=regios_van(gebruiker, Rol.KETENREGISSEUR))
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        eigen = gemeenten_van_af(gebruiker)
        vreemd = ActiviteitGemeente.objects.filter(activiteit=OuterRef("pk")).exclude(
            gemeente__in=eigen.values("pk")
        )
        return Activiteit.objects.filter(_met_gemeente_in(eigen)).exclude(Exists(vreemd))
    return Activiteit.objects.none()


def mag_activiteit_bewerken(gebruiker: Any, activiteit: Activiteit) -> bool:
    return activiteiten_bewerkbaar_voor(gebruiker).filter(pk=activiteit.pk).exists()


def regios_voor_activiteit(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's an activity of this user may belong to."""
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        eigen = gemeenten_van_af(gebruiker)
        return Regio.objects.filter(pk__in=Regio.objects.filter(gemeenten__in=eigen).values("pk")).order_by(
            "naam"
        )
    return Regio.objects.none()


def gemeenten_voor_activiteit(gebruiker: Any) -> QuerySet[Gemeente]:
    """The gemeenten this user may name on an activity: an AF's own, a KR's regio's."""
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return gemeenten_van_af(gebruiker).order_by("naam")
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        regios = regios_van(gebruiker, Rol.KETENREGISSEUR)
        return Gemeente.objects.filter(
            pk__in=Gemeente.objects.filter(regios__in=regios).values("pk")
        ).order_by("naam")
    return Gemeente.objects.none()


def activiteiten_gefilterd(
    activiteiten: QuerySet[Activiteit],
    *,
    van: date | None = None,
    tot: date | None = None,
    soort: str = "",
    doelgroep: str = "",
    gemeente: Gemeente | None = None,
) -> QuerySet[Activiteit]:
    """Apply the list's filters. ``gemeente`` also keeps the region-wide activities of its regio's."""
    if van:
        activiteiten = activiteiten.filter(datum__gte=van)
    if tot:
        activiteiten = activiteiten.filter(datum__lte=tot)
    if soort:
        activiteiten = activiteiten.filter(soort=soort)
    if doelgroep:
        # A JSON list of codes; a quoted code matches one whole element on every database
        # (``contains`` on a JSONField is not available on SQLite).
        activiteiten = activiteiten.filter(doelgroepen__icontains=f'"{doelgroep}"')
    if gemeente is not None:
        enkel = Gemeente.objects.filter(pk=gemeente.pk)
        activiteiten = activiteiten.filter(
            _met_gemeente_in(enkel) | (_regiobreed() & Q(regio__in=regios_met_gemeenten(enkel).values("pk")))
        )
    return activiteiten


def activiteitenlijst(activiteiten: QuerySet[Activiteit]) -> QuerySet[Activiteit]:
    """Newest first, with regio and gemeenten for a list or a page."""
    return (
        activiteiten.select_related("regio", "vastgelegd_door")
        .prefetch_related(Prefetch("gemeenten", queryset=Gemeente.objects.order_by("naam")))
        .order_by("-datum", "-id")
    )


@dataclass(frozen=True)
class Totalen:
    aantal: int
    deelnemers: int
    zonder_aantal: int


def totalen(activiteiten: QuerySet[Activiteit]) -> Totalen:
    """The number of activities and participants of a (filtered) set, in one query."""
    uitkomst = activiteiten.order_by().aggregate(
        som_aantal=Count("pk"),
        som_deelnemers=Sum("deelnemers"),
        som_zonder_aantal=Count("pk", filter=Q(deelnemers__isnull=True)),
    )
    return Totalen(
        aantal=uitkomst["som_aantal"] or 0,
        deelnemers=uitkomst["som_deelnemers"] or 0,
        zonder_aantal=uitkomst["som_zonder_aantal"] or 0,
    )
