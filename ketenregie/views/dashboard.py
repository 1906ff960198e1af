"""The ketenregisseur's start page and the dashboard of figures.

Figures only, never people: both pages print the regio's publication
(``ketenregie.selectors.publicatie``, which composes the figures of signalen, zorgcoördinatie
and ketenregie and protects them together), made on the first view of a calendar month and
printed unchanged for the rest of it. Each view writes an access-log row (who, which regio's,
which period), so that the use of the figures can be reviewed.

The dashboard's CSV (``dashboard_csv``) takes the same parameters and prints the same cells;
each download is an export in the access log.

Figures are computed for publication periods only (a month, quarter, half-year or year,
``?periode=2026-H1``); see ``ketenregie.forms.dashboard``.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header

from ketenregie.forms.dashboard import DashboardFilter
from ketenregie.grafieken import Dashboardgrafieken, dashboardgrafieken
from ketenregie.selectors.dashboard import bestandsnaam, csv_bestand, tegels, vorige_periode
from ketenregie.selectors.publicatie import Dashboardcijfers, dashboardcijfers, kerncijfers
from mensenhandel.bescherming import uitleg
from mensenhandel.cijfers import Telling
from mensenhandel.http import Verzoek
from mensenhandel.models import Regio, ToegangsLog
from mensenhandel.periode import Periode, datum_tekst, laatste_halfjaren
from mensenhandel.rollen import Rol
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import regios_van, vereist
from mensenhandel.werk import startlijst
from signalen.selectors import wachtdagen

FILTERVELDEN = ("regio", "periode", "van", "tot")  # van/tot: links from before ``periode``


def _cijfers_loggen(request: Verzoek, regios: list[Regio], periode: Periode) -> None:
    """Who looks at which regio's figures, and when (one row per page): the figures are fixed
    per month (ADR 0007), and looking at them is still on the record."""
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type="mensenhandel.Regio",
        object_id=",".join(str(r.pk) for r in regios),
        toelichting=f"Cijfers van {periode.label}",
    )


@vereist(Rol.KETENREGISSEUR)
def start(request: Verzoek) -> HttpResponse:
    regios = list(regios_van(request.user, Rol.KETENREGISSEUR).order_by("naam"))
    periode = Periode.halfjaar_van(timezone.localdate())
    if regios:
        _cijfers_loggen(request, regios, periode)
    return render(
        request,
        "ketenregie/start.html",
        {
            # Action points and reports: no personal data, so the access log names none of them.
            "werk": startlijst(request.user),
            "werk_voor_rol": True,
            "periode": periode,
            "kerncijfers": kerncijfers(regios, periode.van, periode.tot),
            "wachtdagen": wachtdagen(),
        },
    )


@dataclass(frozen=True)
class Regel:
    """A row of a simple table: a category, its count and, where casework is allowed, a link."""

    label: str
    aantal: int
    url: str = ""


def _regels(
    tellingen: list[Telling], filter_url: str, parameter: str, periode: Periode, regio: Regio
) -> list[Regel]:
    """Rows that link to the pseudonymised list of signals behind each count."""

    def url(code: str) -> str:
        if not filter_url:
            return ""
        vraag = {
            parameter: code,
            "van": periode.van.isoformat(),
            "tot": periode.tot.isoformat(),
            "regio": regio.pk,
        }
        return f"{filter_url}?{urlencode(vraag)}"

    return [Regel(t.label, t.aantal, url(t.code)) for t in tellingen]


def _snelkeuzes(regio_pk: int | None, gekozen: Periode | None) -> list[dict[str, object]]:
    """The last four half-years, then the current quarter and month."""
    vandaag = timezone.localdate()
    keuzes = []
    for periode in [*laatste_halfjaren(vandaag), Periode.kwartaal_van(vandaag), Periode.maand_van(vandaag)]:
        vraag = {"periode": periode.code or ""}
        if regio_pk is not None:
            vraag = {"regio": str(regio_pk), **vraag}
        keuzes.append(
            {
                "label": periode.kort_label,
                "url": f"{reverse('ketenregie:dashboard')}?{urlencode(vraag)}",
                "actief": periode == gekozen,
            }
        )
    return keuzes


def _grafieken(cijfers: Dashboardcijfers) -> Dashboardgrafieken:
    """The charts of these figures, from the cache when drawn before: the figures are a month's
    kept publication, so the same charts were drawn on every view of the month (issue 16). The
    key stands for the figures themselves (their publications' seals), so other figures never get
    these charts."""
    sleutel = "dashboardgrafieken:" + cijfers.vingerafdruk
    return cast(Dashboardgrafieken, cache.get_or_set(sleutel, lambda: dashboardgrafieken(cijfers), 3600))


@functools.cache
def _sjabloonversie() -> str:
    """A fingerprint of the dashboard's templates: a deployment that changes them does not print
    figures rendered by the templates before it."""
    vingerafdruk = hashlib.sha256()
    for sjabloon in sorted(
        (Path(settings.BASE_DIR) / "templates" / "ketenregie" / "dashboard").glob("*.html")
    ):
        vingerafdruk.update(sjabloon.read_bytes())
    return vingerafdruk.hexdigest()


def _fragmentsleutel(cijfers: Dashboardcijfers, met_links: bool, regio_in_links: bool) -> str:
    """What the page's figure sections depend on, for ``{% cache %}``: the figures themselves
    (their publications' seals), the regio whose id the links carry, whether there are links,
    and the templates. Rendering those sections was most of the page's time, every view of a
    month the same (issue 16)."""
    delen = [
        cijfers.vingerafdruk,
        str(cijfers.regio.pk),
        str(met_links),
        str(regio_in_links),
        _sjabloonversie(),
    ]
    return hashlib.sha256("|".join(delen).encode()).hexdigest()


DASHBOARD_RECHTEN = [
    "signalen.view_signaal",
    "zorgcoordinatie.view_traject",
    "ketenregie.view_basisniveau",
    "ketenregie.view_activiteit",
]


@dataclass(frozen=True)
class Keuze:
    """What a request for the dashboard's figures asked: the page's context so far, and the
    regio and period when they are valid (else the status to answer with)."""

    context: dict[str, object]
    regio: Regio | None = None
    periode: Periode | None = None
    status: int = 200


def _keuze(request: Verzoek) -> Keuze:
    """The regio and period of the request, through the filter form (the page and its CSV
    take the same parameters)."""
    regios = regios_van(request.user, Rol.KETENREGISSEUR).order_by("naam")
    standaard = Periode.halfjaar_van(timezone.localdate())
    gefilterd = any(sleutel in request.GET for sleutel in FILTERVELDEN)
    # Read once: the form's default (``first()``) then comes from this list, not a query.
    keuzes = list(regios)  # the form offers exactly these
    form = DashboardFilter(request.GET if gefilterd else None, regios=regios, standaard=standaard)
    context: dict[str, object] = {
        "form": form,
        "meer_regios": len(keuzes) > 1,
        "geen_regio": not keuzes,
        "keuzedag": timezone.localdate().isoformat(),  # the period list's choices change by the day
    }
    if not keuzes:
        return Keuze(context)
    if form.is_bound and not form.is_valid():
        gekozen_regio = form.cleaned_data.get("regio") if len(keuzes) > 1 else None
        context["snelkeuzes"] = _snelkeuzes(gekozen_regio.pk if gekozen_regio else None, None)
        return Keuze(context, status=400)
    regio, periode = form.keuze() if form.is_bound else (keuzes[0], standaard)
    context["regio_in_links"] = len(keuzes) > 1  # as the quick choices: only to choose among several
    return Keuze(context, regio, periode)


def _dashboardcijfers(regio: Regio, periode: Periode) -> Dashboardcijfers:
    """The figures of the period, and the publication of the period before it for the change
    in the key figures (one query for both once made this month)."""
    return dashboardcijfers(regio, periode.van, periode.tot, vorige=vorige_periode(periode))


def _fase_titel(cijfers: Dashboardcijfers) -> str:
    return f"Open trajecten per fase op {datum_tekst(cijfers.trajecten.peildatum)}"


@vereist(Rol.KETENREGISSEUR, permissies=DASHBOARD_RECHTEN)
def dashboard(request: Verzoek) -> HttpResponse:
    keuze = _keuze(request)
    context, regio, periode = keuze.context, keuze.regio, keuze.periode
    if regio is None or periode is None:
        return render(request, "ketenregie/dashboard/dashboard.html", context, status=keuze.status)

    cijfers = _dashboardcijfers(regio, periode)
    _cijfers_loggen(request, [regio], periode)
    lijst_url = reverse("signalen:start") if regio.ketenregisseur_mag_casuistiek else ""
    vraag = {"periode": periode.code or ""}
    if context["regio_in_links"]:
        vraag = {"regio": str(regio.pk), **vraag}
    context |= {
        "regio": regio,
        "periode": periode,
        "cijfers": cijfers,
        "tegels": tegels(cijfers),
        # Drawn (or read from the cache) only when the page's figures are not in the cache.
        "grafieken": SimpleLazyObject(lambda: _grafieken(cijfers)),
        "fragmentsleutel": _fragmentsleutel(cijfers, bool(lijst_url), bool(context["regio_in_links"])),
        "snelkeuzes": _snelkeuzes(regio.pk if context["meer_regios"] else None, periode),
        "per_status": _regels(cijfers.signalen.per_status, lijst_url, "status", periode, regio),
        "per_vorm": _regels(cijfers.signalen.per_vorm, lijst_url, "vorm", periode, regio),
        "per_sector": _regels(cijfers.signalen.per_sector, lijst_url, "sector", periode, regio),
        "met_links": bool(lijst_url),
        "onderdrukking": uitleg(regio.kleine_aantallen_drempel),
        "fase_caption": _fase_titel(cijfers),
        "csv_url": f"{reverse('ketenregie:dashboard_csv')}?{urlencode(vraag)}",
    }
    return render(request, "ketenregie/dashboard/dashboard.html", context)


@vereist(Rol.KETENREGISSEUR, permissies=DASHBOARD_RECHTEN)
def dashboard_csv(request: Verzoek) -> HttpResponse:
    """The dashboard's figures as CSV, for the same regio and period as the page, suppressed as
    on the page; a parameter the page refuses is refused here the same way (the page with its
    error, 400), and every download is in the access log as an export."""
    keuze = _keuze(request)
    regio, periode = keuze.regio, keuze.periode
    if regio is None or periode is None:
        status = keuze.status if keuze.status != 200 else 404  # no regio: no figures to give
        return render(request, "ketenregie/dashboard/dashboard.html", keuze.context, status=status)
    cijfers = _dashboardcijfers(regio, periode)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.EXPORTEREN,
        object_type="mensenhandel.Regio",
        object_id=str(regio.pk),
        toelichting=f"CSV van de cijfers van {periode.label}",
    )
    naam = bestandsnaam(cijfers)
    inhoud = csv_bestand(
        cijfers, fase_titel=_fase_titel(cijfers), uitleg=uitleg(regio.kleine_aantallen_drempel)
    )
    antwoord = HttpResponse(inhoud, content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = content_disposition_header(True, naam)
    antwoord["Cache-Control"] = "no-store, private"
    return antwoord


urlpatterns = [
    path("", start, name="start"),
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/cijfers.csv", dashboard_csv, name="dashboard_csv"),
]
