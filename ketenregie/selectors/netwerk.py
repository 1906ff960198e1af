"""Every read of the AF network, scoped to the user who asks.

An aandachtsfunctionaris keeps the AF records of the gemeenten they serve; a
ketenregisseur those of every gemeente in their regio's, and names the coordinating AF
of each regio (district). Other roles reach nothing here.

The rule for "bijgeschoold" (up to date with training) lives here, once:
``bijgeschoold_filter`` for queries and ``is_bijgeschoold`` for one record.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone

from ketenregie.models import Aandachtsfunctionaris, Coordinatie
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol
from mensenhandel.toegang import PERMISSIE_GEMEENTE, gemeenten_van_af, heeft_rol, regios_van

BIJHOUDERS = (Rol.AANDACHTSFUNCTIONARIS, Rol.KETENREGISSEUR)

# An AF counts as up to date when their latest training is at most this many months ago.
BIJSCHOLING_MAANDEN = 12
UITLEG_BIJGESCHOOLD = (
    "Een aandachtsfunctionaris telt als bijgeschoold als de laatste training hooguit 12 maanden "
    "geleden is. Dat is de basistraining of de laatste opfristraining, welke van de twee het laatst "
    "was. Is geen van beide datums bekend, dan telt de aandachtsfunctionaris als niet bijgeschoold."
)


# --- The training rule -----------------------------------------------------------------------


def maanden_terug(datum: date, maanden: int) -> date:
    """The same day ``maanden`` months earlier; the month's last day when it is shorter."""
    index = datum.year * 12 + datum.month - 1 - maanden
    jaar, maand = divmod(index, 12)
    maand += 1
    return date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def bijscholingsgrens(vandaag: date | None = None) -> date:
    """The earliest training date that still counts as up to date."""
    return maanden_terug(vandaag or timezone.localdate(), BIJSCHOLING_MAANDEN)


def bijgeschoold_filter(vandaag: date | None = None) -> Q:
    """AFs whose latest training (basis or refresher) is at most 12 months ago.

    "The later of the two is on or after the limit" is "one of them is": unknown dates
    (NULL) never match, so they count as not up to date.
    """
    grens = bijscholingsgrens(vandaag)
    return Q(eerste_training__gte=grens) | Q(laatste_opfristraining__gte=grens)


def laatste_training(af: Aandachtsfunctionaris) -> date | None:
    datums = [d for d in (af.eerste_training, af.laatste_opfristraining) if d is not None]
    return max(datums, default=None)


def is_bijgeschoold(af: Aandachtsfunctionaris, vandaag: date | None = None) -> bool:
    """The same rule as ``bijgeschoold_filter``, for one record in memory."""
    laatste = laatste_training(af)
    return laatste is not None and laatste >= bijscholingsgrens(vandaag)


# --- Scope -----------------------------------------------------------------------------------


def gemeenten_bij_te_houden(gebruiker: Any) -> QuerySet[Gemeente]:
    """The gemeenten whose AF network and basisniveau this user keeps.

    An AF: the gemeenten they serve. A KR: every gemeente of their regio's. Others: none.
    """
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return gemeenten_van_af(gebruiker)
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Gemeente.objects.filter(regios__in=regios_van(gebruiker, Rol.KETENREGISSEUR)).distinct()
    return Gemeente.objects.none()


def afs_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Aandachtsfunctionaris]:
    """The AF records this user reads and edits (the same set for both roles)."""
    if not heeft_rol(gebruiker, *BIJHOUDERS):
        return Aandachtsfunctionaris.objects.none()
    return Aandachtsfunctionaris.objects.filter(
        gemeente__in=gemeenten_bij_te_houden(gebruiker).values("pk")
    ).select_related("gemeente", "gebruiker")


def regios_voor_coordinatie(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's whose coordinating AF this user names: a KR's own regio's."""
    return regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")


def af_accounts(gemeenten: QuerySet[Gemeente] | list[Gemeente]) -> QuerySet[Gebruiker]:
    """Active accounts with the AF role serving one of ``gemeenten``.

    Only these may be linked to an AF record (``Aandachtsfunctionaris.gebruiker``).
    """
    return (
        Gebruiker.objects.filter(
            is_active=True,
            groups__name=Rol.AANDACHTSFUNCTIONARIS.label,
            gemeentegebruikerpermissie__content_object__in=gemeenten,
            gemeentegebruikerpermissie__permission__codename=PERMISSIE_GEMEENTE.split(".", 1)[1],
        )
        .distinct()
        .order_by("naam", "email")
    )


def _actueel_filter(vandaag: date) -> Q:
    return Q(vanaf__lte=vandaag) & (Q(tot_en_met__isnull=True) | Q(tot_en_met__gte=vandaag))


def coordinaties_van(regio: Regio) -> QuerySet[Coordinatie]:
    """Every period of the regio, newest first."""
    return (
        Coordinatie.objects.filter(regio=regio)
        .select_related("aandachtsfunctionaris__gemeente")
        .order_by("-vanaf")
    )


def aantal_actieve_afs(gemeente: Gemeente) -> int:
    return Aandachtsfunctionaris.objects.filter(gemeente=gemeente, actief=True).count()


# --- The network page ------------------------------------------------------------------------


def elke_gemeente_een_keer(regios: list[Regio]) -> list[Regio]:
    """Show each gemeente once, under the most specific regio that holds it.

    A chain region (Midden-Nederland) can hold sub-regions that hold the same gemeenten;
    a gemeente then belongs under its district. Each regio carries ``getoonde_gemeenten``;
    regio's left without any are dropped.
    """
    ouders = {r.pk: r.bovenliggende_regio_id for r in regios}

    def diepte(regio: Regio) -> int:
        stappen, ouder = 0, ouders.get(regio.pk)
        while ouder in ouders and stappen < len(ouders):
            stappen, ouder = stappen + 1, ouders[ouder]
        return stappen

    gezien: set[int] = set()
    for regio in sorted(regios, key=lambda r: (-diepte(r), r.naam)):
        regio.getoonde_gemeenten = [g for g in regio.getoonde_gemeenten if g.pk not in gezien]  # type: ignore[attr-defined]
        gezien.update(g.pk for g in regio.getoonde_gemeenten)  # type: ignore[attr-defined]
    return [r for r in regios if r.getoonde_gemeenten]  # type: ignore[attr-defined]


@dataclass
class Gemeenteregel:
    gemeente: Gemeente
    actief: list[Aandachtsfunctionaris] = field(default_factory=list)
    inactief: list[Aandachtsfunctionaris] = field(default_factory=list)


@dataclass
class Regioblok:
    """One regio (district) on the network page: its coordinating AF and its gemeenten."""

    regio: Regio
    coordinatie: Coordinatie | None
    gemeenten: list[Gemeenteregel]

    @property
    def actieve_afs(self) -> list[Aandachtsfunctionaris]:
        return [af for regel in self.gemeenten for af in regel.actief]

    @property
    def inactieve_afs(self) -> list[Aandachtsfunctionaris]:
        return [af for regel in self.gemeenten for af in regel.inactief]

    @property
    def zonder_af(self) -> list[Gemeente]:
        """Gaps: gemeenten without an active AF."""
        return [regel.gemeente for regel in self.gemeenten if not regel.actief]

    @property
    def niet_bijgeschoold(self) -> list[Aandachtsfunctionaris]:
        """Gaps: active AFs without training in the last 12 months."""
        return [af for af in self.actieve_afs if not af.bijgeschoold]  # type: ignore[attr-defined]  # an annotation

    @property
    def coordinatie_ontbreekt(self) -> bool:
        return self.coordinatie is None

    @property
    def coordinator_niet_actief(self) -> bool:
        return self.coordinatie is not None and not self.coordinatie.aandachtsfunctionaris.actief

    @property
    def aantal_aandachtspunten(self) -> int:
        return (
            len(self.zonder_af)
            + len(self.niet_bijgeschoold)
            + int(self.coordinatie_ontbreekt or self.coordinator_niet_actief)
        )


def getoonde_regios(gebruiker: Any, gemeenten: QuerySet[Gemeente] | None = None) -> list[Regio]:
    """The regio's whose gemeenten this user keeps, each with ``getoonde_gemeenten``.

    A KR: every gemeente of each of their regio's. An AF: their own gemeenten, under each
    regio those belong to. ``gemeenten`` narrows or extends the gemeenten's queryset
    (e.g. with a prefetch); it is filtered to the user's own.
    """
    eigen = gemeenten_bij_te_houden(gebruiker)
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        regios = regios_van(gebruiker, Rol.KETENREGISSEUR)
    else:
        regios = Regio.objects.filter(gemeenten__in=eigen.values("pk")).distinct()
    basis = Gemeente.objects.all() if gemeenten is None else gemeenten
    return list(
        regios.order_by("naam").prefetch_related(
            Prefetch(
                "gemeenten",
                queryset=basis.filter(pk__in=eigen.values("pk")).order_by("naam"),
                to_attr="getoonde_gemeenten",
            )
        )
    )


def netwerk_voor(gebruiker: Any, vandaag: date | None = None) -> list[Regioblok]:
    """The AF network as this user sees it, per regio, in a constant number of queries.

    A KR sees every gemeente of their regio's; an AF the gemeenten they serve, under each
    regio those gemeenten belong to (with that regio's coordinating AF). Each AF carries
    ``bijgeschoold`` and ``laatste_training``.
    """
    if not heeft_rol(gebruiker, *BIJHOUDERS):
        return []
    vandaag = vandaag or timezone.localdate()
    regios = elke_gemeente_een_keer(getoonde_regios(gebruiker))
    gemeente_ids = {g.pk for r in regios for g in r.getoonde_gemeenten}  # type: ignore[attr-defined]  # Prefetch(to_attr=...)
    afs = (
        Aandachtsfunctionaris.objects.filter(gemeente__in=gemeente_ids)
        .select_related("gemeente", "gebruiker")
        .annotate(bijgeschoold=ExpressionWrapper(bijgeschoold_filter(vandaag), output_field=BooleanField()))
        .order_by("naam", "id")
    )
    per_gemeente: dict[int, list[Aandachtsfunctionaris]] = {}
    for af in afs:
        af.laatste_training = laatste_training(af)  # type: ignore[attr-defined]
        per_gemeente.setdefault(af.gemeente_id, []).append(af)
    coordinaties: dict[int, Coordinatie] = {}
    for coordinatie in (
        Coordinatie.objects.filter(regio__in=[r.pk for r in regios])
        .filter(_actueel_filter(vandaag))
        .select_related("aandachtsfunctionaris__gemeente")
        .order_by("vanaf")
    ):
        coordinaties[coordinatie.regio_id] = coordinatie  # the latest start wins
    blokken = []
    for regio in regios:
        regels = []
        for gemeente in regio.getoonde_gemeenten:  # type: ignore[attr-defined]  # Prefetch(to_attr=...)
            alle = per_gemeente.get(gemeente.pk, [])
            regels.append(
                Gemeenteregel(
                    gemeente=gemeente,
                    actief=[af for af in alle if af.actief],
                    inactief=[af for af in alle if not af.actief],
                )
            )
        blokken.append(Regioblok(regio=regio, coordinatie=coordinaties.get(regio.pk), gemeenten=regels))
    return blokken


# --- History ---------------------------------------------------------------------------------


@dataclass
class Wijziging:
    datum: Any
    door: str
    soort: str
    velden: list[str]


_VERBORGEN_IN_HISTORIE = ["formuliertoken", "uuid"]


def wijzigingen_van(af: Aandachtsfunctionaris, aantal: int = 10) -> list[Wijziging]:
    """The latest changes of an AF record: when, by whom and which fields (no values)."""
    regels = list(
        af.history.select_related("history_user").order_by("-history_date", "-history_id")[: aantal + 1]
    )
    velden = Aandachtsfunctionaris._meta.fields
    labels = {f.name: f.verbose_name for f in velden}
    volgorde = [f.name for f in velden if f.name not in _VERBORGEN_IN_HISTORIE]
    wijzigingen = []
    for index, regel in enumerate(regels[:aantal]):
        vorige = regels[index + 1] if index + 1 < len(regels) else None
        if regel.history_type == "+" or vorige is None:
            soort, namen = "Toegevoegd", []
        else:
            delta = regel.diff_against(vorige, excluded_fields=_VERBORGEN_IN_HISTORIE)
            soort = "Gewijzigd"
            gewijzigd = {c.field for c in delta.changes}
            namen = [str(labels[naam]) for naam in volgorde if naam in gewijzigd]
        door = regel.history_user.naam if regel.history_user else "onbekend"
        wijzigingen.append(Wijziging(datum=regel.history_date, door=door, soort=soort, velden=namen))
    return wijzigingen
