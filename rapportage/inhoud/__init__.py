"""What goes into a report: figures and texts of one regio over one period, for the PDF template.

Figures only, never people: no names, dates of birth, addresses or free text from cases.
The figures come from the app that owns them: signals, decisions, referrals and stacking
hits from ``signalen.cijfers``, aanmeldingen and trajectories from ``zorgcoordinatie.cijfers``,
activities from ``ketenregie.selectors.cijfers`` (the functions of the ketenregisseur's
dashboard, whose docstrings hold the definitions the method section prints), composed by
``ketenregie.selectors.publicatie``; the ketenregie part (basisniveau per gemeente,
activities per gemeente, meetings, bijzonderheden, knelpunten) is read here. Every count is
protected as one publication per period (``publicatie.regiocijfers``,
``mensenhandel.bescherming``). Named persons on knelpunten and action points ("ingebracht
door", "eigenaar") stay out; the texts of knelpunten, action points and bijzonderheden are
the ketenregisseur's own, written for this report.

The parts live by subject: ``bouwstenen`` (key figure, chart, table by gemeente),
``kerncijfers`` (summary and trend), ``ketendelen`` (the ketenregie's part) and
``diagrammen`` (the charts); ``verzamelen`` here puts them together.

``verzamelen`` costs a fixed number of queries whatever the amount of data: 9, and per distinct
period of the report, its summary and trend (four for a half-year's report) 20 when its
publication of the month is still to be made, 1 when it is kept (see
``tests/rapportage/test_inhoud.py``). The CSV and XLSX export reads the same dict.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from ketenregie.selectors import publicatie
from mensenhandel.bescherming import uitleg
from mensenhandel.models import Gemeente
from mensenhandel.periode import Periode, datum_tekst
from rapportage.inhoud import bouwstenen, diagrammen, kerncijfers, ketendelen
from rapportage.inhoud.bouwstenen import Gemeentetabel, Grafiek, Kerngetal, Tabelregel
from rapportage.inhoud.kerncijfers import AANTAL_HALFJAREN_TREND, KERNGETALLEN, Trendregel
from rapportage.inhoud.ketendelen import (
    HELE_REGIO,
    Basisniveaucel,
    Basisniveauregel,
    Basisniveautabel,
    Bijzonderhedentekst,
    Overlegtelling,
)
from rapportage.models import Rapport
from signalen.models import Wisverzoek


def periodes_van(rapport: Rapport) -> list[Periode]:
    """The periods whose publication ``rapport`` prints, in the order ``verzamelen`` reads them:
    its own, the one its summary compares with, and the trend's half-years (four distinct
    periods for a half-year's report)."""
    periode = Periode(rapport.van, rapport.tot)
    vorige, _ = bouwstenen.vergelijkperiode(rapport)
    return [periode, vorige, *kerncijfers.trendperiodes(rapport.tot)]


def verzamelen(rapport: Rapport, *, vandaag: date | None = None) -> dict[str, Any]:
    """Everything the PDF template prints for ``rapport`` (and the export writes).

    The keys and their types are listed in ``tests/rapportage/test_inhoud.py``
    (``test_de_vorm_van_de_verzameling``); the export relies on them.
    """
    vandaag = vandaag or timezone.localdate()
    regio = rapport.regio
    van, tot = rapport.van, rapport.tot
    periode = Periode(van, tot)
    drempel = regio.kleine_aantallen_drempel
    gemeenten = list(Gemeente.objects.filter(regios=regio).order_by("naam", "pk"))

    # Every figure of the period, protected together (the dashboard prints the same cells).
    rc = publicatie.regiocijfers(regio, van, tot, vandaag=vandaag)
    # The publication is the month's (made on its first view or report): its reference date.
    peildatum = periode.peildatum(rc.vastgesteld_op or vandaag)
    signalen, besluiten, verwijzingen = rc.signalen, rc.besluiten, rc.verwijzingen
    stapeling, aanmeldingen, trajecten, zorg = rc.stapeling, rc.aanmeldingen, rc.trajecten, rc.zorg
    activiteiten = rc.activiteiten
    overleggen = ketendelen.overleggen_per_soort(regio, van, tot)
    basisniveau = ketendelen.basisniveautabel(gemeenten, peildatum, vandaag)

    # The summary and the trend: each period's figures as its own publication prints them.
    _, vorige_label = bouwstenen.vergelijkperiode(rapport)
    per_periode = publicatie.beschermde_periodecijfers(
        regio, periodes_van(rapport), vandaag=vandaag, bekend={periode: rc}
    )
    kern_nu, kern_vorige, *kern_trend = per_periode
    trendregels = [kerncijfers.trendregel(r) for r in kern_trend]

    per_gemeente = signalen.per_gemeente
    signalen_per_gemeente = bouwstenen.gemeentetabel(
        "Signalen per gemeente", per_gemeente.gemeenten, per_gemeente.kolommen, per_gemeente.tabel
    )
    per_activiteit = rc.activiteiten_per_gemeente
    activiteiten_gemeente = bouwstenen.gemeentetabel(
        "Activiteiten per gemeente en soort",
        per_activiteit.gemeenten,
        per_activiteit.kolommen,
        per_activiteit.tabel,
    )

    grafiek = diagrammen.diagrammen(
        signalen, besluiten, verwijzingen, aanmeldingen, trajecten, activiteiten, trendregels
    )

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
        "samenvatting": kerncijfers.samenvatting(kern_nu, kern_vorige),
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
        "bijzonderheden": ketendelen.bijzonderheden(regio, van, tot),
        "knelpunten": ketendelen.open_knelpunten(regio),
        "grafiek": grafiek,
        "gewist_uit_cijfers": gewist_uit_cijfers(rapport),
    }


def gewist_uit_cijfers(rapport: Rapport) -> str:
    """Whether signals of the period were erased from the figures (duplicates, tests): since the
    previous version of this report ("sinds_vorige"), before its first ("eerder"), or not ("")."""
    gewist = Wisverzoek.objects.filter(
        status=Wisverzoek.Status.UITGEVOERD,
        soort__in=[Wisverzoek.Soort.DUBBEL, Wisverzoek.Soort.TEST],
        gemeente__regios=rapport.regio,
        datum_geregistreerd__range=(rapport.van, rapport.tot),
    )
    vorige = (
        Rapport.objects.filter(
            regio=rapport.regio, van=rapport.van, tot=rapport.tot, versie__lt=rapport.versie
        )
        .order_by("-versie")
        .first()
        if rapport.versie
        else None
    )
    if vorige is None:
        return "eerder" if gewist.exists() else ""
    return "sinds_vorige" if gewist.filter(beoordeeld_op__gte=vorige.aangevraagd_op).exists() else ""


__all__ = [
    "AANTAL_HALFJAREN_TREND",
    "HELE_REGIO",
    "KERNGETALLEN",
    "Basisniveaucel",
    "Basisniveauregel",
    "Basisniveautabel",
    "Bijzonderhedentekst",
    "Gemeentetabel",
    "Grafiek",
    "Kerngetal",
    "Overlegtelling",
    "Tabelregel",
    "Trendregel",
    "verzamelen",
]
