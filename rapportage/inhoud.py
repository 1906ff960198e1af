"""What goes into a report: figures and texts of one regio over one period, for the PDF template.

Figures only, never people: no names, dates of birth, addresses or free text from cases.
The figures of signals, decisions, referrals, stacking hits, aanmeldingen and trajectories
come from ``ketenregie.selectors.cijfers`` (the functions of the ketenregisseur's
dashboard, whose docstring holds the definitions the method section prints); the
ketenregie part (basisniveau per gemeente, activities per gemeente, meetings,
bijzonderheden, knelpunten) is read here. Every table broken down by gemeente goes through
``mensenhandel.onderdrukking``. Named persons on knelpunten and action points ("ingebracht
door", "eigenaar") stay out; the texts of knelpunten, action points and bijzonderheden are
the ketenregisseur's own, written for this report.

``verzamelen`` costs a fixed number of queries whatever the amount of data (41: see
``tests/rapportage/test_inhoud.py``). The CSV and XLSX export reads the same dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.safestring import SafeString

from ketenregie import grafieken
from ketenregie.models import (
    Actiepunt,
    Activiteit,
    Activiteitsoort,
    Agendasignaal,
    Basisniveaupunt,
    BasisniveauStatus,
    Bijzonderheden,
    Knelpunt,
    Knelpuntstatus,
    Overleg,
    Overlegsoort,
)
from ketenregie.selectors import cijfers
from ketenregie.selectors.basisniveau import KORT, SYMBOOL
from mensenhandel.models import Gemeente, Regio
from mensenhandel.onderdrukking import Cel, OnderdrukteTabel, onderdrukken, uitleg
from mensenhandel.periode import datum_tekst
from rapportage.models import Periodesoort, Rapport

AANTAL_HALFJAREN_TREND = 4


# --- Building blocks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kerngetal:
    """One line of the summary: this period, the one before, and the change."""

    label: str
    waarde: int | float | None
    vorige: int | float | None
    decimalen: int = 0

    @property
    def tekst(self) -> str:
        return grafieken.getal(self.waarde, self.decimalen)

    @property
    def vorige_tekst(self) -> str:
        return grafieken.getal(self.vorige, self.decimalen)

    @property
    def verschil(self) -> str:
        if self.waarde is None or self.vorige is None:
            return "–"
        verschil = self.waarde - self.vorige
        if round(verschil, self.decimalen) == 0:
            return "gelijk"
        teken = "+" if verschil > 0 else "−"
        return teken + grafieken.getal(abs(verschil), self.decimalen)


@dataclass(frozen=True)
class Grafiek:
    """A chart and the table with its figures (its text alternative)."""

    svg: SafeString
    titel: str


@dataclass(frozen=True)
class Tabelregel:
    label: str
    cellen: list[Cel]
    totaal: Cel | None


@dataclass(frozen=True)
class Gemeentetabel:
    """A suppressed table by gemeente, ready to print: only ``Cel.tekst`` is shown."""

    titel: str
    kolommen: list[str]
    regels: list[Tabelregel]
    kolomtotalen: list[int]
    totaal: int
    onderdrukt: bool
    rijtotalen: bool


def _gemeentetabel(
    titel: str, labels: list[str], kolommen: list[str], tabel: OnderdrukteTabel
) -> Gemeentetabel:
    totalen: list[Cel | None] = list(tabel.rijtotalen) or [None] * len(labels)
    return Gemeentetabel(
        titel=titel,
        kolommen=kolommen,
        regels=[
            Tabelregel(label, cellen, totaal)
            for label, cellen, totaal in zip(labels, tabel.rijen, totalen, strict=True)
        ],
        kolomtotalen=tabel.kolomtotalen,
        totaal=tabel.totaal,
        onderdrukt=tabel.onderdrukt,
        rijtotalen=bool(tabel.rijtotalen),
    )


def _vergelijkperiode(rapport: Rapport) -> tuple[cijfers.Periode, str]:
    """The period the summary compares with: the half-year before, or for a custom
    period the equally long period just before it."""
    periode = cijfers.Periode(rapport.van, rapport.tot)
    if rapport.soort != Periodesoort.EIGEN:
        vorige = periode.vorige_halfjaar()
        return vorige, vorige.label
    lengte = rapport.tot - rapport.van
    tot = rapport.van - timedelta(days=1)
    vorige = cijfers.Periode(tot - lengte, tot)
    return vorige, f"{datum_tekst(vorige.van)} tot en met {datum_tekst(vorige.tot)}"


# --- Ketenregie: basisniveau per gemeente --------------------------------------------------------


@dataclass(frozen=True)
class Basisniveaucel:
    status: str

    @property
    def tekst(self) -> str:
        return f"{SYMBOOL[self.status]} {BasisniveauStatus(self.status).label}"


@dataclass(frozen=True)
class Basisniveauregel:
    gemeente: str
    cellen: list[Basisniveaucel]


@dataclass(frozen=True)
class Basisniveautabel:
    peildatum: date
    kolommen: list[str]  # short labels, in the order of Basisniveaupunt
    legenda: list[tuple[str, str]]  # (short label, full label)
    regels: list[Basisniveauregel]
    voldaan_per_punt: list[int]

    @property
    def aantal_gemeenten(self) -> int:
        return len(self.regels)


def basisniveautabel(gemeenten: list[Gemeente], peildatum: date, vandaag: date) -> Basisniveautabel:
    """The basisniveau of every active gemeente on the reference date: 1 query."""
    actief = [g for g in gemeenten if g.actief]
    stand = {
        (gemeente_id, punt): status
        for gemeente_id, punt, status in cijfers.basisniveau_stand(
            Gemeente.objects.filter(pk__in=[g.pk for g in actief]), peildatum, vandaag
        )
        .order_by()
        .values_list("gemeente_id", "punt", "status")
    }
    regels = [
        Basisniveauregel(
            gemeente=g.naam,
            cellen=[
                Basisniveaucel(stand.get((g.pk, p.value), BasisniveauStatus.ONBEKEND))
                for p in Basisniveaupunt
            ],
        )
        for g in actief
    ]
    return Basisniveautabel(
        peildatum=peildatum,
        kolommen=[KORT[p.value] for p in Basisniveaupunt],
        legenda=[(KORT[p.value], p.label) for p in Basisniveaupunt],
        regels=regels,
        voldaan_per_punt=[
            sum(r.cellen[i].status == BasisniveauStatus.VOLDAAN for r in regels)
            for i in range(len(Basisniveaupunt))
        ],
    )


# --- Ketenregie: activities per gemeente ---------------------------------------------------------

HELE_REGIO = "Hele regio (geen gemeente genoemd)"


def activiteiten_per_gemeente(regio: Regio, gemeenten: list[Gemeente], van: date, tot: date) -> Gemeentetabel:
    """Activities dated in the period by gemeente and soort, suppressed: 2 queries.

    An activity for several gemeenten counts for each of them; one for the whole regio
    (no gemeenten named) has its own line.
    """
    soorten = list(Activiteitsoort)
    in_periode = Activiteit.objects.filter(regio=regio, datum__range=(van, tot))
    per_gemeente: dict[int, dict[str, int]] = {}
    for gemeente_id, soort, n in (
        Activiteit.gemeenten.through.objects.filter(activiteit__in=in_periode)
        .order_by()
        .values_list("gemeente_id", "activiteit__soort")
        .annotate(n=Count("activiteit_id", distinct=True))
    ):
        per_gemeente.setdefault(gemeente_id, {})[soort] = n
    regiobreed = dict(
        in_periode.filter(gemeenten__isnull=True).order_by().values_list("soort").annotate(n=Count("id"))
    )
    rijen = [g for g in gemeenten if g.actief or g.pk in per_gemeente]
    labels = [g.naam for g in rijen] + [HELE_REGIO]
    waarden = [[per_gemeente.get(g.pk, {}).get(s.value, 0) for s in soorten] for g in rijen]
    waarden.append([regiobreed.get(s.value, 0) for s in soorten])
    tabel = onderdrukken(waarden, regio.kleine_aantallen_drempel, rijtotalen=True)
    return _gemeentetabel("Activiteiten per gemeente en soort", labels, [s.label for s in soorten], tabel)


# --- Ketenregie: meetings, bijzonderheden, knelpunten --------------------------------------------


@dataclass(frozen=True)
class Overlegtelling:
    label: str
    aantal: int
    besproken_signalen: int | None  # only for tables where signals are discussed


def overleggen_per_soort(regio: Regio, van: date, tot: date) -> list[Overlegtelling]:
    """Meetings held in the period per soort, and the signals discussed there: 2 queries."""
    in_periode = Overleg.objects.filter(regio=regio, datum__range=(van, tot)).order_by()
    aantallen = dict(in_periode.values_list("soort").annotate(n=Count("id")))
    besproken = dict(
        Agendasignaal.objects.filter(overleg__in=in_periode)
        .order_by()
        .values_list("overleg__soort")
        .annotate(n=Count("id"))
    )
    return [
        Overlegtelling(
            label=soort.label,
            aantal=aantallen.get(soort.value, 0),
            besproken_signalen=besproken.get(soort.value, 0)
            if soort in Overlegsoort.met_signalen()
            else None,
        )
        for soort in Overlegsoort
    ]


@dataclass(frozen=True)
class Bijzonderhedentekst:
    periode: str
    tekst: str


def bijzonderheden(regio: Regio, van: date, tot: date) -> list[Bijzonderhedentekst]:
    """The ketenregisseur's bijzonderheden of every half-year the period touches: 1 query."""
    helften = []
    dag = van
    while dag <= tot:
        periode = cijfers.Periode.halfjaar_van(dag)
        helften.append((periode.van.year, periode.helft))
        dag = periode.tot + timedelta(days=1)
    voorwaarde = Q(pk__in=[])
    for jaar, helft in helften:
        voorwaarde |= Q(jaar=jaar, helft=helft)
    teksten = Bijzonderheden.objects.filter(voorwaarde, regio=regio).order_by("jaar", "helft")
    return [
        Bijzonderhedentekst(
            periode=f"{'Eerste' if b.helft == 1 else 'Tweede'} halfjaar {b.jaar}", tekst=b.tekst.strip()
        )
        for b in teksten
        if b.tekst.strip()
    ]


def open_knelpunten(regio: Regio) -> list[Knelpunt]:
    """The knelpunten still open (or in behandeling) when the report is made, with their
    action points: 2 queries."""
    return list(
        Knelpunt.objects.filter(regio=regio, status__in=Knelpuntstatus.lopend())
        .order_by("datum", "id")
        .prefetch_related(Prefetch("actiepunten", queryset=Actiepunt.objects.order_by("deadline", "id")))
    )


# --- Summary and trend ----------------------------------------------------------------------------

# (label, field of cijfers.Periodecijfers, decimals): the key figures of the summary, in order.
KERNGETALLEN: list[tuple[str, str, int]] = [
    ("Signalen geregistreerd", "signalen", 0),
    ("Signalen met een minderjarige", "minderjarig", 0),
    ("Besluiten over signalen", "besluiten", 0),
    ("Dagen van registratie tot besluit (mediaan)", "mediaan_dagen_tot_besluit", 1),
    ("Doorverwijzingen", "doorverwijzingen", 0),
    (
        "Doorverwijzingen die aan het eind van de periode nog wachten op terugkoppeling",
        "wacht_op_peildatum",
        0,
    ),
    ("Stapelingstreffers", "stapelingen", 0),
    ("Aanmeldingen voor zorgcoördinatie", "aanmeldingen", 0),
    ("Trajecten gestart", "trajecten_gestart", 0),
    ("Trajecten afgesloten", "trajecten_afgesloten", 0),
    ("Trajecten open aan het eind van de periode", "trajecten_open", 0),
    ("Activiteiten (training, voorlichting, campagne, bijeenkomst)", "activiteiten", 0),
    ("Overleggen gehouden", "overleggen", 0),
]


def samenvatting(nu: cijfers.Periodecijfers, vorige: cijfers.Periodecijfers) -> list[Kerngetal]:
    return [
        Kerngetal(label, getattr(nu, veld), getattr(vorige, veld), decimalen)
        for label, veld, decimalen in KERNGETALLEN
    ]


@dataclass(frozen=True)
class Trendregel:
    """The key figures of one half-year of the trend."""

    periode: str
    signalen: int
    verwijzingen: int
    trajecten_geopend: int
    trajecten_afgesloten: int
    minderjarig: int
    besluiten: int
    mediaan_dagen_tot_besluit: float | None
    stapelingen: int
    aanmeldingen: int
    trajecten_open: int  # at the end of the half-year (or today, for the running one)


def trendperiodes(tot: date) -> list[cijfers.Periode]:
    """The last four half-years up to the one ``tot`` lies in, oldest first."""
    periodes = [cijfers.Periode.halfjaar_van(tot)]
    while len(periodes) < AANTAL_HALFJAREN_TREND:
        periodes.append(periodes[-1].vorige_halfjaar())
    return list(reversed(periodes))


def trendregel(rij: cijfers.Periodecijfers) -> Trendregel:
    return Trendregel(
        periode=rij.periode.kort_label,
        signalen=rij.signalen,
        verwijzingen=rij.doorverwijzingen,
        trajecten_geopend=rij.trajecten_gestart,
        trajecten_afgesloten=rij.trajecten_afgesloten,
        minderjarig=rij.minderjarig,
        besluiten=rij.besluiten,
        mediaan_dagen_tot_besluit=rij.mediaan_dagen_tot_besluit,
        stapelingen=rij.stapelingen,
        aanmeldingen=rij.aanmeldingen,
        trajecten_open=rij.trajecten_open,
    )


# --- Charts -----------------------------------------------------------------------------------------


def _staafgrafiek(sleutel: str, titel: str, staven: list[grafieken.Staaf]) -> Grafiek:
    return Grafiek(svg=grafieken.staafdiagram(sleutel=sleutel, titel=titel, staven=staven), titel=titel)


def _trendgrafiek(sleutel: str, titel: str, regels: list[Trendregel], veld: str) -> Grafiek:
    staven = [grafieken.Staaf(r.periode, getattr(r, veld), grafieken.getal(getattr(r, veld))) for r in regels]
    return _staafgrafiek(sleutel, titel, staven)


# --- Everything ---------------------------------------------------------------------------------------


def verzamelen(rapport: Rapport, *, vandaag: date | None = None) -> dict[str, Any]:
    """Everything the PDF template prints for ``rapport`` (and the export writes).

    The keys and their types are listed in ``tests/rapportage/test_inhoud.py``
    (``test_de_vorm_van_de_verzameling``); the export relies on them.
    """
    vandaag = vandaag or timezone.localdate()
    regio = rapport.regio
    van, tot = rapport.van, rapport.tot
    periode = cijfers.Periode(van, tot)
    peildatum = periode.peildatum(vandaag)
    drempel = regio.kleine_aantallen_drempel
    gemeenten = list(Gemeente.objects.filter(regios=regio).order_by("naam", "pk"))

    signalen = cijfers.signaalcijfers(regio, van, tot)
    besluiten = cijfers.besluitcijfers(regio, van, tot)
    verwijzingen = cijfers.verwijzingscijfers(regio, van, tot, vandaag=vandaag)
    stapeling = cijfers.stapelcijfers(regio, van, tot)
    aanmeldingen = cijfers.aanmeldingcijfers(regio, van, tot, vandaag=vandaag)
    trajecten = cijfers.trajectcijfers(regio, van, tot, vandaag=vandaag)
    zorg = cijfers.zorgcijfers(regio, van, tot, vandaag=vandaag)
    activiteiten = cijfers.activiteitcijfers(regio, van, tot)
    overleggen = overleggen_per_soort(regio, van, tot)
    basisniveau = basisniveautabel(gemeenten, peildatum, vandaag)

    # The summary and the trend: one set of queries for all their periods.
    vorige, vorige_label = _vergelijkperiode(rapport)
    halfjaren = trendperiodes(tot)
    per_periode = cijfers.periodecijfers(regio, [periode, vorige, *halfjaren], vandaag=vandaag)
    kern_nu, kern_vorige, *kern_trend = per_periode
    trendregels = [trendregel(r) for r in kern_trend]

    per_gemeente = signalen.per_gemeente
    signalen_per_gemeente = _gemeentetabel(
        "Signalen per gemeente", per_gemeente.gemeenten, per_gemeente.kolommen, per_gemeente.tabel
    )
    activiteiten_gemeente = activiteiten_per_gemeente(regio, gemeenten, van, tot)

    grafiek = {
        "signalen_gemeente": _staafgrafiek(
            "signalen-gemeente",
            "Signalen per gemeente",
            grafieken.staven_uit_cellen(per_gemeente.gemeenten, [r[0] for r in per_gemeente.tabel.rijen]),
        ),
        "signalen_vorm": _staafgrafiek(
            "signalen-vorm",
            "Signalen per vorm van uitbuiting",
            grafieken.staven_uit_tellingen(signalen.per_vorm),
        ),
        "signalen_bron": _staafgrafiek(
            "signalen-bron", "Signalen per bron", grafieken.staven_uit_tellingen(signalen.per_bron)
        ),
        "signalen_sector": _staafgrafiek(
            "signalen-sector", "Signalen per sector", grafieken.staven_uit_tellingen(signalen.per_sector)
        ),
        "signalen_maand": Grafiek(
            svg=grafieken.kolomdiagram(
                sleutel="signalen-maand",
                titel="Signalen per maand",
                kolommen=grafieken.staven_uit_tellingen(signalen.per_maand),
            ),
            titel="Signalen per maand",
        ),
        "besluiten_uitkomst": _staafgrafiek(
            "besluiten-uitkomst",
            "Besluiten over signalen naar wat er is besloten",
            grafieken.staven_uit_tellingen(besluiten.per_uitkomst),
        ),
        "verwijzingen_bestemming": _staafgrafiek(
            "verwijzingen-bestemming",
            "Doorverwijzingen per bestemming",
            grafieken.staven_uit_tellingen(verwijzingen.per_bestemming),
        ),
        "aanmeldingen_bron": _staafgrafiek(
            "aanmeldingen-bron",
            "Aanmeldingen voor zorgcoördinatie per bron",
            grafieken.staven_uit_tellingen(aanmeldingen.per_bron),
        ),
        "trajecten_fase": _staafgrafiek(
            "trajecten-fase",
            "Open trajecten per fase",
            grafieken.staven_uit_tellingen(trajecten.per_fase),
        ),
        "trajecten_afsluitreden": _staafgrafiek(
            "trajecten-afsluitreden",
            "Afgesloten trajecten per reden",
            grafieken.staven_uit_tellingen(trajecten.per_afsluitreden),
        ),
        "trend": _trendgrafiek("trend", "Signalen geregistreerd per halfjaar", trendregels, "signalen"),
        "trend_verwijzingen": _trendgrafiek(
            "trend-verwijzingen", "Doorverwijzingen per halfjaar", trendregels, "verwijzingen"
        ),
        "trend_aanmeldingen": _trendgrafiek(
            "trend-aanmeldingen",
            "Aanmeldingen voor zorgcoördinatie per halfjaar",
            trendregels,
            "aanmeldingen",
        ),
        "trend_trajecten": _trendgrafiek(
            "trend-trajecten", "Trajecten gestart per halfjaar", trendregels, "trajecten_geopend"
        ),
        "activiteiten_doelgroep": _staafgrafiek(
            "activiteiten-doelgroep",
            "Activiteiten per doelgroep",
            grafieken.staven_uit_tellingen(activiteiten.per_doelgroep),
        ),
    }

    return {
        "rapport": rapport,
        "regio": regio,
        "periode_label": rapport.periode_label,
        "periode_tekst": f"{datum_tekst(van)} tot en met {datum_tekst(tot)}",
        "gemaakt_op": datum_tekst(vandaag),
        "peildatum": datum_tekst(peildatum),
        "tussenstand": tot >= vandaag,
        "vorige_label": vorige_label,
        "drempel": drempel,
        "onderdrukking_uitleg": uitleg(drempel),
        "samenvatting": samenvatting(kern_nu, kern_vorige),
        "signalen": signalen,
        "signalen_per_gemeente": signalen_per_gemeente,
        "besluiten": besluiten,
        "verwijzingen": verwijzingen,
        "stapeling": stapeling,
        "aanmeldingen": aanmeldingen,
        "trajecten": trajecten,
        "zorg": zorg,
        "trend": trendregels,
        "basisniveau": basisniveau,
        "activiteiten": activiteiten,
        "activiteiten_per_gemeente": activiteiten_gemeente,
        "overleggen": overleggen,
        "bijzonderheden": bijzonderheden(regio, van, tot),
        "knelpunten": open_knelpunten(regio),
        "grafiek": grafiek,
    }
