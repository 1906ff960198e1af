"""The publication of a regio over a publication period: every figure the ketenregisseur's
pages and the report print, protected together (``mensenhandel.bescherming``).

The figures functions (``signalen.cijfers``, ``zorgcoordinatie.cijfers``,
``ketenregie.selectors.cijfers``) count; this module composes their true counts into one
``Regiocijfers`` and protects it, so that the dashboard, the start page and the report (with
its summary and trend: each period's own publication) print the very same cells.

A publication is made once per calendar month and kept (``ketenregie.models.Maandpublicatie``):
recomputed on every view, live figures would show from day to day which cells changed, and
so the attributes of the one signal that changed them (ADR 0007). Every view in a month
prints what the first view of that month made; the figures move once a month, all at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ketenregie.models import Basisniveau, Basisniveaupunt, BasisniveauStatus, Maandpublicatie, Overleg
from ketenregie.selectors.cijfers import (
    Activiteitcijfers,
    Basisniveaucijfers,
    activiteitcijfers,
    activiteiten_per_gemeente,
    basisniveaucijfers,
)
from ketenregie.selectors.verzegeling import ZEGELLENGTE, openen, verzegeld
from mensenhandel.bescherming import Aantal, Sleutel, beschermd_met_uitkomst
from mensenhandel.cijfers import Gemeentetelling
from mensenhandel.models import Gemeente, Regio
from mensenhandel.periode import Periode, volgende_maand
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
    # The day the publication was made: its "today" (reference dates of a running period).
    vastgesteld_op: date | None = None

    @property
    def opnieuw_op(self) -> date | None:
        """When the figures are made again: the first day of the next month."""
        return volgende_maand(self.vastgesteld_op) if self.vastgesteld_op else None


@cache
def publicatieversie() -> str:
    """A fingerprint of the code that counts, protects and holds a publication: a stored
    publication made by other code is made again rather than read into changed types."""
    from mensenhandel import bescherming, cijfers
    from signalen import cijfers as signaalcijfers_
    from zorgcoordinatie import cijfers as zorgcijfers_

    bestanden = [Path(__file__), Path(__file__).with_name("cijfers.py")]
    bestanden += [Path(str(module.__file__)) for module in (cijfers, zorgcijfers_)]
    for pakket in (bescherming, signaalcijfers_):
        bestanden += sorted(Path(str(pakket.__file__)).parent.glob("*.py"))
    vingerafdruk = hashlib.sha256()
    for bestand in bestanden:
        vingerafdruk.update(bestand.read_bytes())
    return vingerafdruk.hexdigest()


def regiocijfers(regio: Regio, van: date, tot: date, *, vandaag: date | None = None) -> Regiocijfers:
    """The protected figures of one regio over one period, as made on the first request in
    the month of ``vandaag``: 1 query when made before, else 20 (1 to look for it, 16 to count,
    3 to keep it and remove those of earlier months)."""
    return regiocijfers_van(regio, [Periode(van, tot)], vandaag=vandaag)[0]


def regiocijfers_van(
    regio: Regio, perioden: Sequence[Periode], *, vandaag: date | None = None
) -> list[Regiocijfers]:
    """``regiocijfers`` of several periods of one regio, in the order given: 1 query to look
    for all of them, and 19 more (16 to count, 3 to keep) for each one not made yet this month."""
    return [cijfers for cijfers, _ in _gezegeld(regio, perioden, vandaag=vandaag)]


def _gezegeld(
    regio: Regio, perioden: Sequence[Periode], *, vandaag: date | None = None
) -> list[tuple[Regiocijfers, bytes | None]]:
    """``regiocijfers_van``, each with the seal of its kept publication (None when its
    protection failed and it was not kept)."""
    if not perioden:
        return []
    vandaag = vandaag or timezone.localdate()
    gemeenschappelijk: dict[str, Any] = {
        "regio": regio,
        "maand": vandaag.replace(day=1),
        "drempel": regio.kleine_aantallen_drempel,
        "versie": publicatieversie(),
    }
    gezocht = Q()
    for periode in perioden:
        gezocht |= Q(van=periode.van, tot=periode.tot)
    bewaard = {
        (van, tot): inhoud
        for van, tot, inhoud in Maandpublicatie.objects.filter(gezocht, **gemeenschappelijk).values_list(
            "van", "tot", "inhoud"
        )
    }
    uit: list[tuple[Regiocijfers, bytes | None]] = []
    for periode in perioden:
        gelezen = _lezen(bewaard.get((periode.van, periode.tot)), regio)
        if gelezen is None:
            cijfers = _maken(regio, periode.van, periode.tot, vandaag)
            if not cijfers.gecontroleerd:  # not kept: the next view tries again
                uit.append((cijfers, None))
                continue
            sleutel = {**gemeenschappelijk, "van": periode.van, "tot": periode.tot}
            gelezen = _bewaren(sleutel, cijfers, vandaag)
        uit.append(gelezen)
    return uit


def _maken(regio: Regio, van: date, tot: date, vandaag: date) -> Regiocijfers:
    ruw = ongeschoonde_regiocijfers(regio, van, tot, vandaag=vandaag)
    cijfers, bescherming = beschermd_met_uitkomst(
        ruw, regio.kleine_aantallen_drempel, publicatiecontext(regio, ruw.periode)
    )
    return replace(cijfers, gecontroleerd=not bescherming.mislukt, vastgesteld_op=vandaag)


def _inhoud(bewaard: QuerySet[Maandpublicatie]) -> bytes | memoryview | None:
    return bewaard.values_list("inhoud", flat=True).first()


def _lezen(bewaard: bytes | memoryview | None, regio: Regio) -> tuple[Regiocijfers, bytes] | None:
    """A kept publication, with the regio as it is now, and its seal; None when there is none,
    its seal does not match or it does not read (then it is made again)."""
    geopend = openen(bewaard, f"regio {regio.pk}") if bewaard is not None else None
    if geopend is None or not isinstance(geopend[0], Regiocijfers):
        return None
    return replace(geopend[0], regio=regio), geopend[1]


def _bewaren(sleutel: dict[str, Any], cijfers: Regiocijfers, vandaag: date) -> tuple[Regiocijfers, bytes]:
    """Keep ``cijfers`` as the publication of its month, and return it with its seal; when another
    request kept one first, that one is returned, so that two simultaneous first views print the
    same figures. Publications of earlier months of the regio go (the report keeps its own
    figures)."""
    inhoud = verzegeld(cijfers)
    bewaard = Maandpublicatie.objects.filter(**sleutel)
    nieuw = Maandpublicatie(**sleutel, inhoud=inhoud, vastgesteld_op=vandaag)
    Maandpublicatie.objects.bulk_create([nieuw], ignore_conflicts=True)
    eerste = _lezen(_inhoud(bewaard), cijfers.regio)
    if eerste is None:  # a kept publication that does not read: this one takes its place
        bewaard.update(inhoud=inhoud, vastgesteld_op=vandaag)
    Maandpublicatie.objects.filter(regio=sleutel["regio"], maand__lt=sleutel["maand"]).delete()
    return eerste or (cijfers, inhoud[:ZEGELLENGTE])


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
    # The publication of the period compared with (the one before), when asked for: its own
    # printed cells, so that a change shown is the difference of two published figures.
    vorige: Regiocijfers | None = None
    # The seals of the publications above (None for figures that were not kept): what they hold,
    # in a few bytes (``vingerafdruk``).
    zegels: tuple[bytes | None, ...] = field(default=(), compare=False, repr=False)

    @property
    def vingerafdruk(self) -> str:
        """A key for what these figures print: the publications' seals with the regio and the
        basisniveau, or, for figures not kept, all of them (the slower ``repr``, 1.2 ms)."""
        if self.zegels and all(self.zegels):
            delen = [
                *(zegel.hex() for zegel in self.zegels if zegel),
                repr(self.regio),
                repr(self.basisniveau),
            ]
        else:
            delen = [repr(self)]
        return hashlib.sha256("\n".join(delen).encode()).hexdigest()

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


def dashboardcijfers(
    regio: Regio, van: date, tot: date, *, vandaag: date | None = None, vorige: Periode | None = None
) -> Dashboardcijfers:
    """Every figure of the dashboard for one regio, protected; the basisniveau as on the day
    the publication was made, like every other figure of the page; with ``vorige``, that
    period's publication too (looked for in the same query). 3 queries once the month's
    publications are made, whatever the data."""
    vandaag = vandaag or timezone.localdate()
    gelezen = _gezegeld(regio, [Periode(van, tot), *([vorige] if vorige else [])], vandaag=vandaag)
    cijfers = gelezen[0][0]
    return Dashboardcijfers(
        cijfers=cijfers,
        basisniveau=basisniveaucijfers(regio, van, tot, vandaag=cijfers.vastgesteld_op or vandaag),
        vorige=gelezen[1][0] if vorige else None,
        zegels=tuple(zegel for _, zegel in gelezen),
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
    vastgesteld_op: date | None = None  # as ``Regiocijfers.vastgesteld_op``

    @property
    def opnieuw_op(self) -> date | None:
        return volgende_maand(self.vastgesteld_op) if self.vastgesteld_op else None

    @property
    def basisniveau_percentage(self) -> float | None:
        if not self.basisniveau_onderdelen:
            return None
        return 100 * self.basisniveau_voldaan / self.basisniveau_onderdelen


def kerncijfers(
    regios: Sequence[Regio], van: date, tot: date, *, vandaag: date | None = None
) -> list[Kerncijfers]:
    """The four key figures of each regio, in the order given, as the dashboard prints them
    (from the regio's publication): 2 queries and 16 per regio."""
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
                vastgesteld_op=rc.vastgesteld_op,
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
    cells, protected together with everything else of the period): 16 queries per distinct
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
