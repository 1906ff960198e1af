"""Every read of the meetings (overleggen), scoped to the user who asks.

- The ketenregisseur keeps the meetings of their regio's (and reads them).
- An aandachtsfunctionaris reads the meetings of the regio's holding one of their
  gemeenten; a zorgcoördinator those of their regio's.
- The functional administrator reads none.

A regietafel's or drieluik's agenda lists signals. Who may not read a signal sees it
pseudonymised (reference, gemeente, form, status, days open); only users for whom the
signal is in ``signalen.selectors.signalen_leesbaar_voor`` see details and a link.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ketenregie.models import Actiepunt, Actiestatus, Agendasignaal, Overleg, Overlegsoort, Partner
from ketenregie.selectors.actiepunten import regios_bijgehouden_door
from ketenregie.selectors.activiteiten import gemeenten_van_regio
from ketenregie.selectors.wegenkaart import partners_voor
from mensenhandel.models import Regio, Rol
from mensenhandel.toegang import gemeenten_van_af, heeft_rol, regios_van
from signalen.grof import GrofOverzicht, Kenmerken, grof_maken
from signalen.models import Signaal, Status, Uitbuitingsvorm
from signalen.selectors import signalen_bewerkbaar_voor, signalen_in_regio_voor_kr, signalen_leesbaar_voor

LEZERS = (Rol.AANDACHTSFUNCTIONARIS, Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR)
BEWERKERS = (Rol.KETENREGISSEUR,)
# Who may record a decision on an agenda signal: the KR, and an AF who may edit the signal.
BESLUITERS = (Rol.AANDACHTSFUNCTIONARIS, Rol.KETENREGISSEUR)

# The AF meeting is held four (up to six) times a year.
AF_OVERLEG_NORM = (4, 6)


# --- Regio's and meetings ------------------------------------------------------------------


def regios_leesbaar_voor(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's whose meetings this user reads.

    An AF: the regio's holding one of their gemeenten, and the chain regio's above them.
    """
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR, Rol.ZORGCOORDINATOR):
        return regios_van(gebruiker)
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        direct = Regio.objects.filter(gemeenten__in=gemeenten_van_af(gebruiker)).values("pk")
        return Regio.objects.filter(
            Q(pk__in=direct) | Q(deelregios__in=direct) | Q(deelregios__deelregios__in=direct)
        ).distinct()
    return Regio.objects.none()


def overleggen_voor(gebruiker: Any) -> QuerySet[Overleg]:
    """The meetings this user reads, regio joined."""
    if not heeft_rol(gebruiker, *LEZERS):
        return Overleg.objects.none()
    return Overleg.objects.filter(regio__in=regios_leesbaar_voor(gebruiker)).select_related("regio")


def overleggen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Overleg]:
    """The meetings this user keeps: those of a ketenregisseur's regio's."""
    if not heeft_rol(gebruiker, *BEWERKERS):
        return Overleg.objects.none()
    return Overleg.objects.filter(regio__in=regios_bijgehouden_door(gebruiker)).select_related("regio")


def mag_overleg_bewerken(gebruiker: Any, overleg: Overleg) -> bool:
    return overleggen_bewerkbaar_voor(gebruiker).filter(pk=overleg.pk).exists()


def regios_voor_nieuw_overleg(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's a user may hold a meeting for: a ketenregisseur's own."""
    if not heeft_rol(gebruiker, *BEWERKERS):
        return Regio.objects.none()
    return regios_bijgehouden_door(gebruiker).order_by("naam")


def overzicht(basis: QuerySet[Overleg]) -> QuerySet[Overleg]:
    """The list: per meeting its agenda size, decisions taken and open action points."""
    return (
        basis.select_related("regio")
        .annotate(
            aantal_signalen=Count("agendasignalen", distinct=True),
            aantal_besluiten=Count(
                "agendasignalen", filter=Q(agendasignalen__besluit__isnull=False), distinct=True
            ),
            open_actiepunten=Count(
                "actiepunten", filter=Q(actiepunten__status=Actiestatus.OPEN), distinct=True
            ),
        )
        .order_by("-datum", "-id")
    )


def jaren_met_overleggen(basis: QuerySet[Overleg]) -> list[int]:
    return sorted({d.year for d in basis.order_by().values_list("datum", flat=True).distinct()}, reverse=True)


@dataclass(frozen=True)
class Normregel:
    """How many AF meetings a regio held in a year, against the norm of four to six."""

    regio: Regio
    jaar: int
    gehouden: int
    gepland: int

    @property
    def minimum(self) -> int:
        return AF_OVERLEG_NORM[0]

    @property
    def maximum(self) -> int:
        return AF_OVERLEG_NORM[1]

    @property
    def oordeel(self) -> str:
        if self.gehouden > self.maximum:
            return "Boven de norm"
        if self.gehouden >= self.minimum:
            return "Voldoet aan de norm"
        tekort = self.minimum - self.gehouden
        if self.gehouden + self.gepland >= self.minimum:
            return "Nog niet gehaald; met de geplande overleggen wel"
        return f"Onder de norm: nog {tekort} {'overleg' if tekort == 1 else 'overleggen'} nodig"

    @property
    def voldaan(self) -> bool:
        return self.gehouden >= self.minimum


def af_overleg_norm(basis: QuerySet[Overleg], *, vandaag: date | None = None) -> list[Normregel]:
    """Per regio and year, the AF meetings held (date passed) and planned; newest year first.

    The current year is always shown for every regio, also with nothing held yet.
    """
    vandaag = vandaag or timezone.localdate()
    tellingen: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for regio_id, datum in (
        basis.filter(soort=Overlegsoort.AF_OVERLEG).order_by().values_list("regio", "datum")
    ):
        tellingen[(regio_id, datum.year)][0 if datum <= vandaag else 1] += 1
    regios = {r.pk: r for r in Regio.objects.filter(pk__in=basis.order_by().values("regio"))}
    return sorted(
        (
            Normregel(regio=regios[regio_id], jaar=jaar, gehouden=gehouden, gepland=gepland)
            for (regio_id, jaar), (gehouden, gepland) in tellingen.items()
            if regio_id in regios
        ),
        key=lambda r: (-r.jaar, r.regio.naam),
    )


def af_overleg_norm_voor(gebruiker: Any, *, vandaag: date | None = None) -> list[Normregel]:
    """The norm table for the user's regio's, with the current year for each regio."""
    vandaag = vandaag or timezone.localdate()
    regios = list(regios_leesbaar_voor(gebruiker).order_by("naam"))
    if not regios:
        return []
    basis = Overleg.objects.filter(regio__in=regios)
    regels = {(r.regio.pk, r.jaar): r for r in af_overleg_norm(basis, vandaag=vandaag)}
    for regio in regios:
        regels.setdefault(
            (regio.pk, vandaag.year), Normregel(regio=regio, jaar=vandaag.year, gehouden=0, gepland=0)
        )
    return sorted(regels.values(), key=lambda r: (-r.jaar, r.regio.naam))


# --- One meeting ------------------------------------------------------------------------


def overleg_detail(basis: QuerySet[Overleg]) -> QuerySet[Overleg]:
    """One meeting's page: organisations, action points and the agenda in fixed queries."""
    return basis.select_related("regio", "vastgelegd_door").prefetch_related(
        Prefetch("organisaties", queryset=Partner.objects.order_by("naam")),
        Prefetch("actiepunten", queryset=Actiepunt.objects.order_by("deadline", "id")),
        Prefetch(
            "agendasignalen",
            queryset=Agendasignaal.objects.select_related(
                "signaal__gemeente", "besluit__vastgelegd_door"
            ).order_by("signaal__datum_geregistreerd", "signaal__id"),
        ),
    )


@dataclass
class Agendaregel:
    """One signal on the agenda as this user may see it."""

    agendasignaal: Agendasignaal
    leesbaar: bool  # details and a link to the signal
    mag_besluiten: bool  # may record the table's decision on it
    besluit_zichtbaar: bool  # may read the decision's text
    dagen_open: int

    @property
    def signaal(self) -> Signaal:
        return self.agendasignaal.signaal

    @property
    def besluit(self) -> Any:
        return self.agendasignaal.besluit


def peildatum(overleg: Overleg, vandaag: date | None = None) -> date:
    """The day "days open" is counted to: the meeting's date, or today for a coming meeting."""
    vandaag = vandaag or timezone.localdate()
    return min(overleg.datum, vandaag)


def agenda_voor(gebruiker: Any, overleg: Overleg, *, bewerkbaar: bool) -> list[Agendaregel]:
    """The meeting's agenda signals for this user, with what each row may show.

    Expects ``overleg`` from ``overleg_detail`` (agenda prefetched) and ``bewerkbaar``
    from ``mag_overleg_bewerken``; costs at most two queries more, whatever the agenda's
    length: which signals the user reads, and which they may record a decision on.

    The decision's text shows to whoever reads the signal, and to the ketenregisseur who
    keeps the meeting (the decision is the table's, recorded by them); others only see
    that a decision was taken.
    """
    rijen = list(overleg.agendasignalen.all())
    if not rijen:
        return []
    ids = [r.signaal_id for r in rijen]
    leesbaar = set(signalen_leesbaar_voor(gebruiker).filter(pk__in=ids).values_list("pk", flat=True))
    kr_van_overleg = bewerkbaar and heeft_rol(gebruiker, Rol.KETENREGISSEUR)
    if kr_van_overleg:
        # The chair records decisions without reading the signals.
        besluitbaar = set(
            signalen_in_regio_voor_kr(gebruiker).filter(pk__in=ids).values_list("pk", flat=True)
        )
    elif heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        # An AF reads exactly the signals they may edit.
        besluitbaar = leesbaar & set(
            signalen_bewerkbaar_voor(gebruiker).filter(pk__in=ids).values_list("pk", flat=True)
        )
    else:
        besluitbaar = set()
    peil = peildatum(overleg)
    regels = [
        Agendaregel(
            agendasignaal=r,
            leesbaar=r.signaal_id in leesbaar,
            # A row the user may not read shows no status, so a closed signal's form stays;
            # the service refuses the decision.
            mag_besluiten=r.signaal_id in besluitbaar
            and (r.signaal.status != Status.AFGESLOTEN or r.signaal_id not in leesbaar),
            besluit_zichtbaar=r.signaal_id in leesbaar or kr_van_overleg,
            dagen_open=max((peil - r.signaal.datum_geregistreerd).days, 0),
        )
        for r in rijen
    ]
    # What the user may read first (oldest first), then the rest by reference only, so the
    # order does not place another's signal between dates the user knows.
    return sorted(regels, key=lambda r: (not r.leesbaar, "" if r.leesbaar else r.signaal.referentie))


def agenda_grof(agenda: list[Agendaregel], overleg: Overleg) -> GrofOverzicht:
    """The agenda's signals this user may not read, as a coarse list (``signalen.grof``)."""
    signalen = [r.signaal for r in agenda if not r.leesbaar]
    labels = dict(Uitbuitingsvorm.choices)
    return grof_maken(
        [
            Kenmerken(
                datum=s.datum_geregistreerd,
                gemeente=s.gemeente.naam,
                vormen=tuple(labels[v] for v in s.uitbuitingsvormen),
                status=s.get_status_display(),
            )
            for s in signalen
        ],
        overleg.regio.kleine_aantallen_drempel,
        (overleg.regio_id,),
    )


# --- Filling the agenda --------------------------------------------------------------------


def signalen_voor_agenda(regio: Regio) -> QuerySet[Signaal]:
    """The regio's new and lopende signals: every signal of its gemeenten that is not closed."""
    return (
        Signaal.objects.filter(
            gemeente__in=gemeenten_van_regio(regio).values("pk"), vernietigd_op__isnull=True
        )
        .exclude(status=Status.AFGESLOTEN)
        .order_by("datum_geregistreerd", "id")
    )


def van_agenda_gehaald(overleg: Overleg) -> QuerySet[Any]:
    """Ids of the signals the ketenregisseur took off this agenda (from its history)."""
    nu_erop = Agendasignaal.objects.filter(overleg=overleg, signaal=OuterRef("signaal_id"))
    return (
        Agendasignaal.history.filter(overleg_id=overleg.pk, history_type="-")
        .exclude(Exists(nu_erop))
        .values("signaal_id")
    )


# --- Choices for the forms ---------------------------------------------------------------------


def partners_te_kiezen(gebruiker: Any, regios: Any, *, gekozen: Any = ()) -> QuerySet[Partner]:
    """Wegenkaart partners for a meeting of one of ``regios``: those serving it, and national ones.

    Inactive partners only when already chosen (so that editing keeps them).
    """
    pks: Q = Q(pk__in=[p.pk for p in gekozen])
    for regio in regios:
        pks |= Q(pk__in=partners_voor(gebruiker, regio=regio).filter(actief=True).values("pk"))
    return Partner.objects.filter(pks).order_by("soort", "naam")


def partner_past_bij_regio(gebruiker: Any, regio: Regio) -> QuerySet[Partner]:
    """The partners a meeting of ``regio`` may list: serving that regio, or national."""
    return partners_voor(gebruiker, regio=regio)
