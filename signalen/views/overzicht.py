"""The start page per role (the AF's list, the zorgcoördinator's referrals, the
ketenregisseur's pseudonymised list) and the AF's export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mensenhandel import startgeheugen
from mensenhandel.http import Verzoek
from mensenhandel.models import Gebruiker, Regio, Rol, ToegangsLog
from mensenhandel.paginas import gelezen, zonder_pagina
from mensenhandel.spreadsheet import csv_regels
from mensenhandel.toegang import bereik, regios_van, vereist
from mensenhandel.werk import START, startwerk
from mensenhandel.werk import getoond as werkgetoond
from signalen.forms import SignaalFilterGrof, SignaalFilterKR
from signalen.grof import getoond_totaal, grof_maken, minder_dan
from signalen.lijst import lijstregels
from signalen.models import Signaal
from signalen.selectors import (
    aanmeldingen_voor_zc,
    kenmerken_van,
    met_wachttijd,
    signaallijst,
    signalen_bewerkbaar_voor,
    signalen_in_regio_voor_kr,
    signalen_leesbaar_voor,
    signalen_met_treffer_elders,
)
from signalen.views.basis import (
    AF,
    LEZERS,
    OBJECT_TYPE,
    PER_PAGINA,
    filter_uit,
    gefilterd,
    getoonde_signalen,
    loggen,
    statustellingen,
)

# --- Start page per role --------------------------------------------------------------------


@vereist(*LEZERS, permissies=["signalen.view_signaal"])
def start(request: Verzoek) -> HttpResponse:
    rol = request.user.rol
    if rol == Rol.ZORGCOORDINATOR:
        return _start_zc(request)
    if rol == Rol.KETENREGISSEUR:
        return _start_kr(request)
    return _start_af(request)


def _start_af(request: Verzoek) -> HttpResponse:
    form = filter_uit(request)
    # The AF's own signals, those whose processing is restricted included (the owner still views them).
    basis = signalen_leesbaar_voor(request.user)
    lijst = form.toepassen(signaallijst(basis))
    # The counts per status and the filtered list's length in one aggregate over the same rows;
    # the plain start page keeps them, the hits box and its work section for a minute
    # (``startgeheugen``). The work section belongs to the plain start page: a search or filter
    # is another task, and its access-log row names what the search showed.
    if form.is_bound:
        tellingen, gefilterd = statustellingen(basis, form.voorwaarde())
        treffers, werk = _treffers_elders(request.user), []
    else:
        gehouden = startgeheugen.onthouden(
            request.user,
            bereik(request.user),
            statustellingen=lambda: statustellingen(basis),
            treffers_elders=lambda: _treffers_elders(request.user),
            **{START: startwerk(request.user)},
        )
        (tellingen, gefilterd), treffers = gehouden["statustellingen"], gehouden["treffers_elders"]
        werk = gehouden[START]
    totaal = sum(t["aantal"] for t in tellingen)
    # Its page holds the rows as ``Lijstregel``s once read.
    paginator: Paginator[Any] = Paginator(lijst, PER_PAGINA)
    paginator.count = gefilterd
    pagina = paginator.get_page(request.GET.get("pagina"))
    rijen = met_wachttijd(cast(QuerySet[Signaal], pagina.object_list))
    pagina.object_list = lijstregels(rijen, request.user.pk, timezone.localdate())
    loggen(
        request,
        ToegangsLog.Actie.ZOEKEN if form.is_bound else ToegangsLog.Actie.BEKIJKEN,
        "signalen:start",
        toelichting=form.persoonszoekopdracht(),
        # A signal both on the work list and on the page is named once.
        getoond=list(dict.fromkeys([*getoonde_signalen(pagina), *werkgetoond(werk)])),
    )
    return render(
        request,
        "signalen/start.html",
        {
            "form": form,
            "pagina": pagina,
            "tellingen": tellingen,
            "totaal": totaal,
            "zoekopdracht": zonder_pagina(request.GET),
            "treffers_elders": treffers,
            "werk": werk,
            "werk_voor_rol": True,
            "werk_tonen": not form.is_bound,
        },
        status=400 if form.errors else 200,
    )


def _treffers_elders(gebruiker: Gebruiker) -> list[dict[str, object]]:
    """The hits box's lines: what it prints of each signal, no more (the plain start page keeps
    them in the cache; a filtered one reads them fresh, in the same shape)."""
    return [
        {"uuid": s.uuid, "referentie": s.referentie, "gemeente": str(s.gemeente)}
        for s in signalen_met_treffer_elders(gebruiker)
    ]


def _start_zc(request: Verzoek) -> HttpResponse:
    # Read only: the zorgcoördinator answers a referral in zorgcoordinatie, where
    # accepting opens a client and a trajectory.
    aanmeldingen = aanmeldingen_voor_zc(request.user).order_by("-datum", "-id")
    pagina = Paginator(aanmeldingen, PER_PAGINA).get_page(request.GET.get("pagina"))
    getoond = [(OBJECT_TYPE, d.signaal.uuid) for d in gelezen(pagina)]
    loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:start", getoond=getoond)
    return render(request, "signalen/start_zc.html", {"pagina": pagina})


def _start_kr(request: Verzoek) -> HttpResponse:
    regios = list(regios_van(request.user, Rol.KETENREGISSEUR).order_by("naam"))
    gekozen = next((r for r in regios if str(r.pk) == request.GET.get("regio")), None)
    bereik = [gekozen] if gekozen is not None else regios
    met_filter = gefilterd(request)
    actie = ToegangsLog.Actie.ZOEKEN if met_filter else ToegangsLog.Actie.BEKIJKEN
    if bereik and all(r.ketenregisseur_mag_casuistiek for r in bereik):
        return _start_kr_volledig(request, actie=actie, met_filter=met_filter, meer_regios=len(regios) > 1)
    # Groups of coarse values: no record is shown, so no ids.
    loggen(request, actie, "signalen:start", toelichting=_filtertekst(request))
    drempel = max(
        (r.kleine_aantallen_drempel for r in bereik if not r.ketenregisseur_mag_casuistiek), default=5
    )
    return _start_kr_grof(
        request, gekozen, bereik, drempel=drempel, met_filter=met_filter, meer_regios=len(regios) > 1
    )


def _filtertekst(request: Verzoek) -> str:
    filters = zonder_pagina(request.GET)
    return f"Filter: {filters}" if filters else ""


def _start_kr_grof(
    request: Verzoek,
    regio: Regio | None,
    bereik: list[Regio],
    *,
    drempel: int,
    met_filter: bool,
    meer_regios: bool,
) -> HttpResponse:
    # Without casework: groups of coarse values, each of at least the threshold (signalen.grof).
    basis = signalen_in_regio_voor_kr(request.user)
    if regio is not None:
        basis = basis.filter(gemeente__regios=regio)
    overzicht = grof_maken(kenmerken_van(basis), drempel, tuple(sorted(r.pk for r in bereik)))
    form = SignaalFilterGrof(
        request.GET if met_filter else None, gebruiker=request.user, groepen=overzicht.groepen
    )
    groepen, overig = form.selecteren(overzicht)
    pagina = Paginator(groepen, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "signalen/start_kr_grof.html",
        {
            "pagina": pagina,
            "overzicht": overzicht,
            "overig": overig,
            "getoond": getoond_totaal(groepen, overig),
            "form": form,
            "meer_regios": meer_regios,
            "gefilterd": met_filter,
            "zoekopdracht": zonder_pagina(request.GET),
            "minder_dan": minder_dan(overzicht.drempel),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _start_kr_volledig(request: Verzoek, *, actie: str, met_filter: bool, meer_regios: bool) -> HttpResponse:
    # With casework: reference, gemeente, date, forms and status; a link where the KR may open it.
    basis = signalen_in_regio_voor_kr(request.user)
    form = SignaalFilterKR(request.GET if met_filter else None, gebruiker=request.user)
    # A gemeente in two of the KR's regio's must not show twice: filter on ids.
    # The scope is a list of gemeente ids, so a gemeente in two of the KR's regio's cannot
    # show twice.
    lijst = form.toepassen(basis).select_related("gemeente").order_by("-datum_geregistreerd", "-id")
    tellingen, _ = statustellingen(basis)
    totaal = sum(t["aantal"] for t in tellingen)
    paginator = Paginator(lijst, PER_PAGINA)
    if not met_filter:
        paginator.count = totaal  # the counts per status already hold it: one query less
    pagina = paginator.get_page(request.GET.get("pagina"))
    getoond = getoonde_signalen(pagina)
    loggen(request, actie, "signalen:start", toelichting=_filtertekst(request), getoond=getoond)
    leesbaar = set(
        signalen_leesbaar_voor(request.user)
        .filter(pk__in=[s.pk for s in pagina])
        .values_list("pk", flat=True)
    )
    for signaal in pagina:
        signaal.leesbaar = signaal.pk in leesbaar
    return render(
        request,
        "signalen/start_kr.html",
        {
            "pagina": pagina,
            "tellingen": tellingen,
            "totaal": totaal,
            "form": form,
            "meer_regios": meer_regios,
            "gefilterd": met_filter,
            "zoekopdracht": zonder_pagina(request.GET),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# --- Export ----------------------------------------------------------------------------------

EXPORTKOPPEN = [
    "referentie", "datum_waargenomen", "datum_geregistreerd", "gemeente", "sector", "bron",
    "uitbuitingsvormen", "minderjarige_betrokken", "acuut_gevaar", "status", "risico",
]  # fmt: skip


EXPORT_PER_KEER = 2000


def _exportrijen(signalen: QuerySet[Signaal], pks: list[int]) -> Iterator[list[str]]:
    """The rows of exactly the signals ``pks`` (in that order): those the access log names."""
    yield EXPORTKOPPEN
    for begin in range(0, len(pks), EXPORT_PER_KEER):
        deel = pks[begin : begin + EXPORT_PER_KEER]
        per_pk = {s.pk: s for s in signalen.filter(pk__in=deel)}
        # A signal removed meanwhile is left out (it is named in the log all the same).
        yield from (_exportrij(per_pk[pk]) for pk in deel if pk in per_pk)


def _exportrij(s: Signaal) -> list[str]:
    return [
        s.referentie,
        s.datum_waargenomen.isoformat(),
        s.datum_geregistreerd.isoformat(),
        s.gemeente.naam,
        s.get_sector_display(),
        s.get_bron_display(),
        ", ".join(s.uitbuitingsvormen_labels),
        s.get_minderjarige_betrokken_display(),
        "ja" if s.acuut_gevaar else "nee",
        s.get_status_display(),
        s.get_risico_display() if s.risico else "",
    ]


@vereist(AF, permissies=["signalen.view_signaal"])
def export(request: Verzoek) -> HttpResponseBase:
    """The filtered list as CSV, without personal data; every export is logged."""
    form = filter_uit(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, "De filters kloppen niet. Pas ze aan en exporteer opnieuw.")
        return redirect(f"{reverse('signalen:start')}?{zonder_pagina(request.GET)}")
    lijst = form.toepassen(signaallijst(signalen_bewerkbaar_voor(request.user)))
    # The log row names every exported signal: the file holds exactly these (NEN 7513).
    sleutels = list(lijst.values_list("pk", "uuid"))
    loggen(
        request,
        ToegangsLog.Actie.EXPORTEREN,
        "signalen:export",
        toelichting=form.persoonszoekopdracht(),
        getoond=[(OBJECT_TYPE, uuid) for _, uuid in sleutels],
    )
    rijen = _exportrijen(lijst, [pk for pk, _ in sleutels])
    antwoord = StreamingHttpResponse(csv_regels(rijen), content_type="text/csv; charset=utf-8")
    naam = f"signalen-{timezone.localdate():%Y-%m-%d}.csv"
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord
