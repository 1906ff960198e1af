"""The publication of a regio over a publication period: every figure the ketenregisseur's
pages and the report print, protected together (``mensenhandel.bescherming``).

The figures functions (``signalen.cijfers``, ``zorgcoordinatie.cijfers``,
``ketenregie.selectors.cijfers``) count; this module composes their true counts into one
``Regiocijfers`` and protects it, so that the dashboard, the start page and the report (with
its summary and trend: each period's own publication) print the very same cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count
from django.utils import timezone

from ketenregie.models import Basisniveau, Basisniveaupunt, BasisniveauStatus, Overleg
from ketenregie.selectors.cijfers import (
    Activiteitcijfers,
    Basisniveaucijfers,
    activiteitcijfers,
    activiteiten_per_gemeente,
    basisniveaucijfers,
)
from mensenhandel.bescherming import Aantal, Sleutel, beschermd_met_uitkomst
from mensenhandel.cijfers import Gemeentetelling
from mensenhandel.models import Gemeente, Regio
from mensenhandel.periode import Periode
from signalen.cijfers import (
    Besluitcijfers,
    Signaalcijfers,
    Stapelcijfers,
    Verwijzingscijfers,
    besluitcijfers,
    signaalcijfers,
    stapelcijfers,
    verwijzingscijfers,
)
from zorgcoordinatie.cijfers import (
    Aanmeldingcijfers,
    Trajectcijfers,
    Zorgcijfers,
    aanmeldingcijfers,
    trajectcijfers,
    zorgcijfers,
)

# --- One publication: every figure of a regio over a publication period ----------------------


def publicatiecontext(regio: Regio, periode: Periode) -> Sleutel:
    """What names a publication: the same cell in it gets the same noise on every page."""
    return ("regio", regio.pk, periode.van.isoformat(), periode.tot.isoformat())


@dataclass(frozen=True)
class Regiocijfers:
    """Every figure of one regio over one publication period that leaves as figures: what the
    dashboard, the start page and the report print, protected together as one publication
    (``mensenhandel.bescherming``), so that no page gives away what another hides."""

    regio: Regio
    periode: Periode
    signalen: Signaalcijfers
    besluiten: Besluitcijfers
    verwijzingen: Verwijzingscijfers
    stapeling: Stapelcijfers
    aanmeldingen: Aanmeldingcijfers
    trajecten: Trajectcijfers
    zorg: Zorgcijfers
    activiteiten: Activiteitcijfers
    # Not a breakdown of ``activiteiten.aantal``: an activity for several gemeenten counts for
    # each (its own row and column totals are declared by the table).
    activiteiten_per_gemeente: Gemeentetelling
    overleggen: Aantal  # meetings of the regio dated in the period
    # False when the check of the protection could not be done (every count is then "x"):
    # the pages say so instead of showing tables without a figure.
    gecontroleerd: bool = True


def regiocijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Regiocijfers:
    """The protected figures of one regio over one period: 22 queries whatever the data."""
    ruw = ongeschoonde_regiocijfers(regio, van, tot, vandaag=vandaag)
    cijfers, bescherming = beschermd_met_uitkomst(
        ruw, regio.kleine_aantallen_drempel, publicatiecontext(regio, ruw.periode)
    )
    return replace(cijfers, gecontroleerd=not bescherming.mislukt)


def ongeschoonde_regiocijfers(
    regio: Regio, van: date, tot: date, *, vandaag: date | None = None
) -> Regiocijfers:
    """The true counts behind ``regiocijfers``: for its tests only, never to print."""
    vandaag = vandaag or timezone.localdate()
    periode = Periode(van, tot)
    gemeenten = list(Gemeente.objects.filter(regios=regio).order_by("naam", "pk"))
    return Regiocijfers(
        regio=regio,
        periode=periode,
        signalen=signaalcijfers(regio, van, tot),
        besluiten=besluitcijfers(regio, van, tot),
        verwijzingen=verwijzingscijfers(regio, van, tot, vandaag=vandaag),
        stapeling=stapelcijfers(regio, van, tot),
        aanmeldingen=aanmeldingcijfers(regio, van, tot, vandaag=vandaag),
        trajecten=trajectcijfers(regio, van, tot, vandaag=vandaag),
        zorg=zorgcijfers(regio, van, tot, vandaag=vandaag),
        activiteiten=activiteitcijfers(regio, van, tot),
        activiteiten_per_gemeente=activiteiten_per_gemeente(regio, gemeenten, van, tot),
        overleggen=Overleg.objects.filter(regio=regio, datum__range=(van, tot)).count(),
    )


@dataclass(frozen=True)
class Dashboardcijfers:
    """The dashboard: the regio's publication, and the basisniveau (about gemeenten, not
    people, so printed as counted)."""

    cijfers: Regiocijfers
    basisniveau: Basisniveaucijfers

    @property
    def regio(self) -> Regio:
        return self.cijfers.regio

    @property
    def periode(self) -> Periode:
        return self.cijfers.periode

    @property
    def signalen(self) -> Signaalcijfers:
        return self.cijfers.signalen

    @property
    def verwijzingen(self) -> Verwijzingscijfers:
        return self.cijfers.verwijzingen

    @property
    def trajecten(self) -> Trajectcijfers:
        return self.cijfers.trajecten

    @property
    def activiteiten(self) -> Activiteitcijfers:
        return self.cijfers.activiteiten


def dashboardcijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Dashboardcijfers:
    """Every figure of the dashboard for one regio, protected: 24 queries whatever the data."""
    vandaag = vandaag or timezone.localdate()
    return Dashboardcijfers(
        cijfers=regiocijfers(regio, van, tot, vandaag=vandaag),
        basisniveau=basisniveaucijfers(regio, van, tot, vandaag=vandaag),
    )


# --- Key figures for several regio's at once (the start page) --------------------------------


@dataclass(frozen=True)
class Kerncijfers:
    regio: Regio
    periode: Periode
    signalen: Aantal  # registered in the period
    wacht_te_lang: Aantal  # referrals of any date waiting too long today
    open_trajecten: Aantal  # today
    basisniveau_voldaan: int  # checks met today, over all active gemeenten
    basisniveau_onderdelen: int  # active gemeenten × checks
    gecontroleerd: bool = True  # as ``Regiocijfers.gecontroleerd``

    @property
    def basisniveau_percentage(self) -> float | None:
        if not self.basisniveau_onderdelen:
            return None
        return 100 * self.basisniveau_voldaan / self.basisniveau_onderdelen


def kerncijfers(
    regios: Sequence[Regio], van: date, tot: date, *, vandaag: date | None = None
) -> list[Kerncijfers]:
    """The four key figures of each regio, in the order given, as the dashboard prints them
    (from the regio's publication): 2 queries and 22 per regio."""
    if not regios:
        return []
    vandaag = vandaag or timezone.localdate()
    pks = [r.pk for r in regios]
    gemeenten: dict[int, int] = dict(
        Gemeente.objects.filter(regios__in=pks, actief=True)
        .order_by()
        .values_list("regios")
        .annotate(n=Count("id", distinct=True))
    )
    voldaan: dict[int, int] = dict(
        Basisniveau.objects.filter(
            gemeente__regios__in=pks, gemeente__actief=True, status=BasisniveauStatus.VOLDAAN
        )
        .order_by()
        .values_list("gemeente__regios")
        .annotate(n=Count("id", distinct=True))
    )
    uit = []
    for regio in regios:
        rc = regiocijfers(regio, van, tot, vandaag=vandaag)
        uit.append(
            Kerncijfers(
                regio=regio,
                periode=rc.periode,
                signalen=rc.signalen.totaal,
                wacht_te_lang=rc.verwijzingen.wacht_te_lang_alle,
                open_trajecten=rc.trajecten.open,
                basisniveau_voldaan=voldaan.get(regio.pk, 0),
                basisniveau_onderdelen=gemeenten.get(regio.pk, 0) * len(Basisniveaupunt),
                gecontroleerd=rc.gecontroleerd,
            )
        )
    return uit


# --- Key figures of one regio over several periods (the report's summary and trend) ----------


@dataclass(frozen=True)
class Periodecijfers:
    """The key figures of one period, counted as in the detailed functions."""

    periode: Periode
    peildatum: date
    signalen: Aantal  # registered in the period
    minderjarig: Aantal  # ... with a minor involved
    besluiten: Aantal  # decisions taken in the period
    mediaan_dagen_tot_besluit: float | None
    doorverwijzingen: Aantal  # dated in the period
    wacht_op_peildatum: Aantal  # ... still waiting for feedback on the reference date
    stapelingen: Aantal  # stacking hits found in the period
    aanmeldingen: Aantal  # for zorgcoördinatie, dated in the period
    trajecten_gestart: Aantal
    trajecten_afgesloten: Aantal
    trajecten_open: Aantal  # on the reference date
    activiteiten: Aantal
    overleggen: Aantal


def beschermde_periodecijfers(
    regio: Regio,
    periodes: Sequence[Periode],
    *,
    vandaag: date | None = None,
    bekend: Mapping[Periode, Regiocijfers] | None = None,
) -> list[Periodecijfers]:
    """The key figures of each period as that period's publication prints them (the same
    cells, protected together with everything else of the period): 22 queries per distinct
    period that is not in ``bekend`` (publications already made, for the same ``vandaag``).
    """
    vandaag = vandaag or timezone.localdate()
    gemaakt: dict[Periode, Regiocijfers] = dict(bekend or {})
    uit = []
    for p in periodes:
        rc = gemaakt.get(p)
        if rc is None:
            rc = gemaakt[p] = regiocijfers(regio, p.van, p.tot, vandaag=vandaag)
        uit.append(
            Periodecijfers(
                periode=p,
                peildatum=p.peildatum(vandaag),
                signalen=rc.signalen.totaal,
                minderjarig=rc.signalen.minderjarig,
                besluiten=rc.besluiten.totaal,
                mediaan_dagen_tot_besluit=rc.besluiten.mediaan_dagen,
                doorverwijzingen=rc.verwijzingen.totaal.aantal,
                wacht_op_peildatum=rc.verwijzingen.totaal.wacht_op_peildatum,
                stapelingen=rc.stapeling.totaal,
                aanmeldingen=rc.aanmeldingen.totaal,
                trajecten_gestart=rc.trajecten.geopend,
                trajecten_afgesloten=rc.trajecten.afgesloten,
                trajecten_open=rc.trajecten.open,
                activiteiten=rc.activiteiten.aantal,
                overleggen=rc.overleggen,
            )
        )
    return uit
