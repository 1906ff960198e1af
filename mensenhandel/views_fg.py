"""The privacy officer's pages: the report of unusual access, its thresholds, and the access
log as a file. Read-only on the cases: the officer sees the access log, never a case."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mensenhandel.afwijkingen import afwijkingen
from mensenhandel.forms import AfwijkingsdrempelsForm, ToegangsLogFilter
from mensenhandel.http import Verzoek
from mensenhandel.models import Afwijkingsdrempels, Rol, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.spreadsheet import csv_regels
from mensenhandel.toegang import vereist

FG = Rol.PRIVACYFUNCTIONARIS


@vereist(FG, permissies=["mensenhandel.view_toegangslog"])
def start(request: Verzoek) -> HttpResponse:
    """The report of unusual access over the last days, with the thresholds it used."""
    rapport = afwijkingen()
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type="mensenhandel.ToegangsLog",
        scherm="fg:start",
        toelichting="rapport afwijkende toegang",
    )
    return render(request, "fg/start.html", {"rapport": rapport})


@vereist(FG, permissies=["mensenhandel.view_toegangslog"])
def drempels(request: Verzoek) -> HttpResponse:
    huidige = Afwijkingsdrempels.huidige()
    form = AfwijkingsdrempelsForm(request.POST or None, instance=huidige)
    if request.method == "POST" and form.is_valid():
        nieuw = form.save(commit=False)
        nieuw.gewijzigd_door, nieuw.gewijzigd_op = request.user, timezone.now()
        nieuw.save()
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.WIJZIGEN,
            object_type="mensenhandel.Afwijkingsdrempels",
            object_id="1",
            scherm="fg:drempels",
            toelichting="drempels afwijkende toegang gewijzigd",
        )
        messages.success(request, "De drempels zijn opgeslagen; het rapport gebruikt ze nu.")
        return redirect("fg:start")
    return render(request, "fg/drempels.html", {"form": form}, status=400 if form.errors else 200)


KOPPEN = ["tijdstip", "gebruiker", "e-mail", "rol", "actie", "uitkomst", "soort gegeven", "id", "scherm",
          "ip-adres", "toelichting", "getoond"]  # fmt: skip


def _rijen(regels: Iterator[ToegangsLog]) -> Iterator[list[str]]:
    yield KOPPEN
    for r in regels:
        yield [
            timezone.localtime(r.tijdstip).isoformat(timespec="seconds"),
            r.gebruiker.naam if r.gebruiker else "",
            r.gebruiker.email if r.gebruiker else "",
            r.rol,
            r.actie,
            r.uitkomst,
            r.object_type,
            r.object_id,
            r.scherm,
            r.ip_adres or "",
            r.toelichting,
            " ".join(r.getoond),
        ]


@vereist(FG, permissies=["mensenhandel.view_toegangslog"])
def export(request: Verzoek) -> HttpResponse | StreamingHttpResponse:
    """The access log as CSV, with the access-log page's filters; the export is logged too."""
    form = ToegangsLogFilter(request.GET or None)
    regels = ToegangsLog.objects.select_related("gebruiker").order_by("tijdstip", "id")
    if form.is_bound and not form.is_valid():
        messages.error(request, "De filters kloppen niet. Pas ze aan en exporteer opnieuw.")
        return redirect("beheerder:toegangslog")
    regels = form.toepassen(regels)
    # The log row of this export goes in first and is in the file: the file shows its own export.
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.EXPORTEREN,
        object_type="mensenhandel.ToegangsLog",
        scherm="fg:export",
        toelichting="toegangslog als bestand",
    )
    antwoord = StreamingHttpResponse(
        csv_regels(_rijen(regels.iterator(chunk_size=2000))), content_type="text/csv; charset=utf-8"
    )
    antwoord["Content-Disposition"] = (
        f'attachment; filename="toegangslog-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return antwoord
