"""The privacy officer's pages: the report of unusual access, its thresholds, and the access
log as a file. Read-only on the cases: the officer sees the access log, never a case."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from mensenhandel import inzage
from mensenhandel.acties import Geweigerd
from mensenhandel.afwijkingen import afwijkingen
from mensenhandel.forms import AfwijkingsdrempelsForm, BeperkingForm, InzageZoekForm, ToegangsLogFilter
from mensenhandel.http import Verzoek
from mensenhandel.logweergave import leesbaar_in_stukken
from mensenhandel.models import Afwijkingsdrempels, Inzageverzoek, Rol, ToegangsLog
from mensenhandel.pdf import PDFFout
from mensenhandel.services import toegang_loggen
from mensenhandel.spreadsheet import csv_regels
from mensenhandel.toegang import vereist
from mensenhandel.views import alleen_post

FG = Rol.PRIVACYFUNCTIONARIS
FB = Rol.FUNCTIONEEL_BEHEERDER


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


# Readable as the log page is, then the raw values that trace a row back (ids, codes, URL name).
KOPPEN = ["tijdstip", "gebruiker", "e-mail", "rol", "actie", "uitkomst", "soort gegeven", "gegeven", "scherm",
          "ip-adres", "toelichting", "getoonde gegevens", "gebruiker-id", "rol (code)", "actie (code)",
          "uitkomst (code)", "soort gegeven (code)", "id van het gegeven", "scherm (code)"]  # fmt: skip
# Rows whose references are looked up together: one query per kind of record per batch.
PER_KEER = 2000


def _rijen(regels: Iterator[ToegangsLog]) -> Iterator[list[str]]:
    yield KOPPEN
    for r in leesbaar_in_stukken(regels, PER_KEER):
        yield [
            timezone.localtime(r.tijdstip).isoformat(timespec="seconds"),
            r.gebruiker.naam if r.gebruiker else "",
            r.gebruiker.email if r.gebruiker else "",
            r.rol_tekst,  # type: ignore[attr-defined]
            r.get_actie_display(),
            r.get_uitkomst_display(),
            r.soort_tekst,  # type: ignore[attr-defined]
            r.gegeven_tekst,  # type: ignore[attr-defined]
            r.scherm_titel,  # type: ignore[attr-defined]
            r.ip_adres or "",
            r.toelichting,
            " ".join(r.getoond),
            str(r.gebruiker_id or ""),
            r.rol,
            r.actie,
            r.uitkomst,
            r.object_type,
            r.object_id,
            r.scherm,
        ]


@vereist(FG, permissies=["mensenhandel.view_toegangslog"])
def export(request: Verzoek) -> HttpResponse | StreamingHttpResponse:
    """The access log as CSV, with the access-log page's filters and as readable as that page; the
    export is logged too. Streamed: the references are looked up a batch of rows at a time."""
    form = ToegangsLogFilter(request.GET or None)
    regels = ToegangsLog.objects.select_related("gebruiker").order_by("tijdstip", "id")
    if form.is_bound and not form.is_valid():
        messages.error(request, "De filters kloppen niet. Pas ze aan en exporteer opnieuw.")
        return redirect(f"{reverse('beheerder:toegangslog')}?{request.GET.urlencode()}")
    regels = form.toepassen(regels)
    # The log row of this export goes in first and is in the file: the file shows its own export.
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.EXPORTEREN,
        object_type="mensenhandel.ToegangsLog",
        scherm="fg:export",
        toelichting=" ".join(["toegangslog als bestand", form.logtekst()]).strip(),
    )
    antwoord = StreamingHttpResponse(
        csv_regels(_rijen(regels.iterator(chunk_size=PER_KEER))), content_type="text/csv; charset=utf-8"
    )
    antwoord["Content-Disposition"] = (
        f'attachment; filename="toegangslog-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return antwoord


# --- The rights of the person concerned (art. 15, 16, 18 AVG) ---------------------------------

INZAGE_TYPE = "mensenhandel.Inzageverzoek"
INZAGE_PERMISSIES = ["mensenhandel.view_inzageverzoek", "mensenhandel.add_inzageverzoek"]


def _inzage_toegestaan(request: Verzoek) -> None:
    """The privacy officer; the functioneel beheerder only where the installation has none."""
    if not inzage.mag_inzage_afhandelen(request.user):
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.BEKIJKEN,
            uitkomst=ToegangsLog.Uitkomst.GEWEIGERD,
            object_type=INZAGE_TYPE,
            toelichting="inzageverzoeken: de privacyfunctionaris handelt ze af",
        )
        raise PermissionDenied


def _getoond(dossiers: list[inzage.Dossier]) -> list[tuple[str, object]]:
    return [(d.object_type, d.treffer.uuid) for d in dossiers]


@vereist(FG, FB, permissies=INZAGE_PERMISSIES)
def inzage_zoeken(request: Verzoek) -> HttpResponse:
    """Search for a person across every regio: the request is stored without the name."""
    _inzage_toegestaan(request)
    form = InzageZoekForm(request.POST or None, initial={"ontvangen_op": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        treffers = inzage.zoeken(gegevens["naam"], gegevens["geboortedatum"])
        verzoek = Inzageverzoek.objects.create(
            kenmerk=gegevens["kenmerk"],
            ontvangen_op=gegevens["ontvangen_op"],
            door=request.user,
            treffers=[t.als_json() for t in treffers],
        )
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.ZOEKEN,
            object_type=INZAGE_TYPE,
            object_id=str(verzoek.uuid),
            toelichting=f"inzageverzoek {verzoek.kenmerk}: {len(treffers)} gegevens gevonden",
            getoond=[(inzage.bronnen()[t.bron].object_type, t.uuid) for t in treffers],
        )
        return redirect("fg:inzage_verzoek", uuid=verzoek.uuid)
    verzoeken = Inzageverzoek.objects.select_related("door")[:50]
    if request.method == "GET":
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.BEKIJKEN,
            object_type=INZAGE_TYPE,
            toelichting="inzageverzoeken",
        )
    return render(
        request,
        "fg/inzage.html",
        {"form": form, "verzoeken": verzoeken},
        status=400 if form.errors else 200,
    )


def _verzoek(request: Verzoek, uuid: uuidlib.UUID) -> Inzageverzoek:
    _inzage_toegestaan(request)
    return get_object_or_404(Inzageverzoek.objects.select_related("door"), uuid=uuid)


@vereist(FG, FB, permissies=INZAGE_PERMISSIES)
def inzage_verzoek(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """What was found, to check; the documents; restricting a record's processing."""
    verzoek = _verzoek(request, uuid)
    dossiers = inzage.dossiers(inzage.verzoek_treffers(verzoek))
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type=INZAGE_TYPE,
        object_id=str(verzoek.uuid),
        toelichting=f"inzageverzoek {verzoek.kenmerk}",
        getoond=_getoond(dossiers),
    )
    return render(
        request,
        "fg/inzage_verzoek.html",
        {"verzoek": verzoek, "dossiers": dossiers},
    )


@vereist(FG, FB, permissies=INZAGE_PERMISSIES)
def inzage_document(request: Verzoek, uuid: uuidlib.UUID, formaat: str) -> HttpResponse:
    """The documents to hand over: a PDF, and the same as JSON."""
    verzoek = _verzoek(request, uuid)
    dossiers = inzage.dossiers(inzage.verzoek_treffers(verzoek))
    naam = f"inzage-{slugify(verzoek.kenmerk) or 'verzoek'}-{timezone.localdate():%Y-%m-%d}"
    if formaat == "pdf":
        try:
            inhoud: bytes | str = inzage.als_pdf(verzoek, dossiers)
        except PDFFout as fout:
            messages.error(
                request, f"Het document kon niet worden gemaakt. {fout} Probeer het later opnieuw."
            )
            return redirect("fg:inzage_verzoek", uuid=verzoek.uuid)
        soort = "application/pdf"
    else:
        inhoud, soort = inzage.als_json(verzoek, dossiers), "application/json; charset=utf-8"
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.EXPORTEREN,
        object_type=INZAGE_TYPE,
        object_id=str(verzoek.uuid),
        toelichting=f"inzageverzoek {verzoek.kenmerk} als {formaat.upper()}",
        getoond=_getoond(dossiers),
    )
    antwoord = HttpResponse(inhoud, content_type=soort)
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    antwoord["Cache-Control"] = "no-store"
    return antwoord


@vereist(FG, FB, permissies=INZAGE_PERMISSIES)
@alleen_post
def inzage_beperking(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """Restrict (art. 18 AVG) or free the processing of a record found for this request."""
    verzoek = _verzoek(request, uuid)
    form = BeperkingForm(request.POST)
    treffers = {f"{t.bron}:{t.uuid}": t for t in inzage.verzoek_treffers(verzoek)}
    if not form.is_valid():
        for fouten in form.errors.values():
            messages.error(request, " ".join(str(f) for f in fouten))
        return redirect("fg:inzage_verzoek", uuid=verzoek.uuid)
    treffer = treffers.get(form.cleaned_data["sleutel"])
    if treffer is None:
        messages.error(request, "Dit gegeven hoort niet bij dit inzageverzoek.")
        return redirect("fg:inzage_verzoek", uuid=verzoek.uuid)
    bron = inzage.bronnen()[treffer.bron]
    reden, beperken = form.cleaned_data["reden"], form.cleaned_data["actie"] == "beperken"
    try:
        if beperken:
            kenmerk = bron.beperken(treffer.uuid, request.user, reden)
        else:
            kenmerk = bron.beperking_opheffen(treffer.uuid, request.user, reden)
    except Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect("fg:inzage_verzoek", uuid=verzoek.uuid)
    except ObjectDoesNotExist:
        messages.error(request, "Dit gegeven bestaat niet meer; het is misschien vernietigd.")
        return redirect("fg:inzage_verzoek", uuid=verzoek.uuid)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.WIJZIGEN,
        object_type=bron.object_type,
        object_id=treffer.uuid,
        toelichting=(
            f"verwerking beperkt (art. 18 AVG), inzageverzoek {verzoek.kenmerk}"
            if beperken
            else f"beperking opgeheven, inzageverzoek {verzoek.kenmerk}"
        ),
    )
    messages.success(
        request,
        f"De verwerking van {kenmerk} is beperkt: niemand kan het nog wijzigen en alleen wie het "
        "beheert ziet het."
        if beperken
        else f"De beperking van {kenmerk} is opgeheven.",
    )
    return redirect("fg:inzage_verzoek", uuid=verzoek.uuid)
