"""The client: their page, their data, the consent for CoMensha and the CoMensha registration export."""

from __future__ import annotations

import uuid as uuidlib

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from mensenhandel.acties import formulierstatus, recordactie
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.paginas import gelezen, naar_url
from mensenhandel.services import toegang_loggen
from mensenhandel.spreadsheet import csv_tekst
from mensenhandel.toegang import ophalen, vereist
from zorgcoordinatie import services
from zorgcoordinatie.dossier import clientkop
from zorgcoordinatie.forms import ClientForm, ClientZoeken, ComenshaForm
from zorgcoordinatie.models import Client, Traject
from zorgcoordinatie.selectors import (
    client_detail,
    clienten_leesbaar_voor,
    trajecten_bewerkbaar_voor,
    trajecten_leesbaar_voor,
)
from zorgcoordinatie.views.basis import (
    CLIENT,
    KR,
    ZC,
    ZC_MET_404_VOOR_AF,
    client_niet_bewerkbaar,
    client_ophalen,
    kwetsbaarheden,
    loggen,
)


def client_url(client: Client, anker: str = "") -> str:
    return naar_url(reverse("zorgcoordinatie:client", kwargs={"uuid": client.uuid}), anker)


# Read as the trajectory is: the ketenregisseur only where the regio allows casework (404
# elsewhere); for the AF see ZC_MET_404_VOOR_AF.
@vereist(*ZC_MET_404_VOOR_AF, KR)
def client(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The client's case file: their data, their trajectories and CoMensha."""
    gevonden = ophalen(request, client_detail(request.user), scherm="zorgcoordinatie:client", uuid=uuid)
    trajecten: list[Traject] = gevonden.leesbare_trajecten  # type: ignore[attr-defined]
    bewerkbaar = trajecten_bewerkbaar_voor(request.user).filter(client=gevonden).exists()
    loggen(request, "zorgcoordinatie:client", CLIENT, gevonden.uuid)
    context = {
        "kop": clientkop(gevonden, trajecten, bewerkbaar=bewerkbaar),
        "client": gevonden,
        "trajecten": trajecten,
        "bewerkbaar": bewerkbaar,
        "kwetsbaarheden": kwetsbaarheden(gevonden),
    }
    return render(request, "zorgcoordinatie/client.html", context)


@vereist(*ZC_MET_404_VOOR_AF)
def client_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    client, traject = client_ophalen(request, uuid, "zorgcoordinatie:client_bewerken")
    if terug := client_niet_bewerkbaar(request, client, traject):
        return terug
    form = ClientForm(request.POST or None, instance=client)
    antwoord = recordactie(
        request,
        form,
        lambda: services.client_bijwerken(
            client=client,
            door=request.user,
            gegevens=form.gegevens(),
            versie=form.cleaned_data["versie"],
            correctie=form.cleaned_data["correctie"],
        ),
        url=client_url(client),
        gelukt="De gegevens van de cliënt zijn opgeslagen.",
        anker="gegevens",
    )
    if antwoord:
        return antwoord
    if request.method != "POST":
        loggen(request, "zorgcoordinatie:client_bewerken", CLIENT, client.uuid)
    status = formulierstatus(request, form)
    return render(
        request,
        "zorgcoordinatie/client_bewerken.html",
        {"form": form, "client": client, "traject": traject, "conflict": status == 409},
        status=status,
    )


@vereist(*ZC_MET_404_VOOR_AF)
def comensha_toestemming(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The consent for CoMensha on its own page."""
    client, traject = client_ophalen(request, uuid, "zorgcoordinatie:comensha_toestemming")
    if terug := client_niet_bewerkbaar(request, client, traject):
        return terug
    form = ComenshaForm(
        request.POST or None,
        initial={
            "toestemming": client.comensha_toestemming,
            "datum": client.comensha_toestemming_op,
            "velden": client.comensha_velden,
        },
    )
    antwoord = recordactie(
        request,
        form,
        lambda: services.comensha_toestemming_vastleggen(
            client=client,
            door=request.user,
            toestemming=form.cleaned_data["toestemming"],
            datum=form.cleaned_data["datum"],
            velden=form.cleaned_data["velden"],
        ),
        url=client_url(client),
        gelukt="De toestemming voor CoMensha is vastgelegd.",
        anker="comensha",
    )
    if antwoord:
        return antwoord
    if request.method != "POST":
        loggen(request, "zorgcoordinatie:comensha_toestemming", CLIENT, client.uuid)
    return render(
        request,
        "zorgcoordinatie/comensha.html",
        {"form": form, "client": client},
        status=formulierstatus(request, form),
    )


@vereist(*ZC_MET_404_VOOR_AF)
def comensha_export(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The CoMensha registration of one client as CSV: with consent the agreed fields,
    without consent an anonymous minimal registration. Every export is logged, and recorded
    on the client with the personal data it held."""
    client, traject = client_ophalen(request, uuid, "zorgcoordinatie:comensha_export")
    if terug := client_niet_bewerkbaar(request, client, traject):
        return terug
    registratie = services.comensha_registratie(client)
    services.comensha_export_vastleggen(client=client, door=request.user, registratie=registratie)
    loggen(
        request, "zorgcoordinatie:comensha_export", CLIENT, client.uuid, actie=ToegangsLog.Actie.EXPORTEREN
    )
    inhoud = csv_tekst([registratie.keys(), registratie.values()])
    antwoord = HttpResponse(inhoud, content_type="text/csv; charset=utf-8")
    # No dossiernummer in the file name: without consent the registration is anonymous.
    antwoord["Content-Disposition"] = (
        f'attachment; filename="comensha-registratie-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return antwoord


CLIENTEN_PER_PAGINA = 25


@vereist(ZC, permissies=["zorgcoordinatie.view_traject"])
def clienten(request: Verzoek) -> HttpResponse:
    """Find a client of one's regio's by name, alias or date of birth (issue 17). Only clients
    with a trajectory the zorgcoördinator reads; the access log says which fields the search
    used, never what was typed, and which clients the page showed."""
    form = ClientZoeken(request.GET or None)
    pagina = None
    if form.is_bound and form.is_valid():
        trajecten = trajecten_leesbaar_voor(request.user).order_by("-aangemaakt_op")
        gevonden = (
            clienten_leesbaar_voor(request.user)
            .filter(form.voorwaarde())
            .select_related("verantwoordelijke_gemeente")
            .prefetch_related(Prefetch("trajecten", queryset=trajecten, to_attr="leesbare_trajecten"))
            .order_by("-id")
        )
        pagina = Paginator(gevonden, CLIENTEN_PER_PAGINA).get_page(request.GET.get("pagina"))
        gelezen(pagina)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.ZOEKEN if form.is_bound else ToegangsLog.Actie.BEKIJKEN,
        object_type=CLIENT if pagina is not None else "",
        scherm="zorgcoordinatie:clienten",
        toelichting=form.zoekopdracht(),
        getoond=[(CLIENT, c.uuid) for c in pagina.object_list] if pagina is not None else (),
    )
    zoekopdracht = request.GET.copy()
    zoekopdracht.pop("pagina", None)
    return render(
        request,
        "zorgcoordinatie/clienten.html",
        {"form": form, "pagina": pagina, "zoekopdracht": zoekopdracht.urlencode()},
        status=400 if form.errors else 200,
    )
