"""A trajectory's page, and the actions on the trajectory itself: its pillars, a phase
transition, closing and reopening."""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from mensenhandel.acties import formulier_afhandelen, formulierstatus
from mensenhandel.bewaarbeheer import Blokkeerbaar
from mensenhandel.http import Verzoek
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from mensenhandel.views_bewaren import blokkade_aanvraagpagina
from zorgcoordinatie import services
from zorgcoordinatie.dossier import dossierkop, traject_tijdlijn
from zorgcoordinatie.dossier import status as dossier_status
from zorgcoordinatie.forms import (
    OVERGANGEN,
    AfsluitenForm,
    FaseForm,
    HeropenenForm,
    TrajectForm,
)
from zorgcoordinatie.models import Levensdomein, Traject
from zorgcoordinatie.selectors import (
    mag_traject_bewerken,
    nog_lopend,
    traject_detail,
    trajecten_leesbaar_voor,
    zorgcoordinatoren_van,
)
from zorgcoordinatie.views.basis import (
    KR,
    TRAJECT,
    ZC_MET_404_VOOR_AF,
    formulierpagina,
    loggen,
    naar_traject,
    niet_bewerkbaar,
    traject_ophalen,
    trajectactie,
)


# The ketenregisseur reads a trajectory where the regio allows casework (404 elsewhere);
# for the AF see ZC_MET_404_VOOR_AF.
@vereist(*ZC_MET_404_VOOR_AF, KR)
def traject(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(
        request,
        traject_detail(trajecten_leesbaar_voor(request.user)),
        scherm="zorgcoordinatie:traject",
        uuid=uuid,
    )
    return _traject_tonen(request, gevonden)


def traject_opnieuw(
    request: Verzoek,
    traject: Traject,
    *,
    status: int,
    heropenen: HeropenenForm | None = None,
) -> HttpResponse:
    """The trajectory's page again after a failed action, with the action's form as it was sent."""
    volledig = traject_detail(trajecten_leesbaar_voor(request.user)).get(pk=traject.pk)
    return _traject_tonen(request, volledig, status=status, heropenen=heropenen)


def _traject_tonen(
    request: Verzoek,
    traject: Traject,
    *,
    status: int = 200,
    heropenen: HeropenenForm | None = None,
) -> HttpResponse:
    bewerkbaar = mag_traject_bewerken(request.user, traject)
    loggen(request, "zorgcoordinatie:traject", TRAJECT, traject.uuid)
    client = traject.client
    behoeften = {b.domein: b for b in traject.behoeften.all()}
    context = {
        "kop": dossierkop(traject, bewerkbaar=bewerkbaar),
        "gebeurtenissen": traject_tijdlijn(traject),
        "traject": traject,
        "client": client,
        "bewerkbaar": bewerkbaar,
        "open": traject.afgesloten_op is None,
        "conflict": status == 409,
        "intake": [{"label": d.label, "behoefte": behoeften.get(d.value)} for d in Levensdomein],
        "vormen": [
            label
            for veld, label in [
                ("seksuele_uitbuiting", "Seksuele uitbuiting"),
                ("arbeidsuitbuiting", "Arbeidsuitbuiting"),
                ("criminele_uitbuiting", "Criminele uitbuiting"),
                ("orgaanverwijdering", "Gedwongen orgaanverwijdering"),
                ("vorm_onbekend", "Onbekend"),
            ]
            if getattr(traject, veld)
        ],
        "criteria": list(traject.afsluitcriteria.items()),
        # The phase selector in its own section, only the transitions possible now: a phase
        # change is one page load from the trajectory (its page keeps the input after an error).
        "faseform": FaseForm(traject=traject, initial={"datum": timezone.localdate()}) if bewerkbaar else "",
        "heropenen_form": heropenen or HeropenenForm(initial={"versie": traject.versie}),
    }
    return render(request, "zorgcoordinatie/traject.html", context, status=status)


@vereist(*ZC_MET_404_VOOR_AF)
def traject_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:traject_bewerken")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    achtervangers = zorgcoordinatoren_van(traject.regio).exclude(pk=traject.verantwoordelijke_id)
    form = TrajectForm(request.POST or None, instance=traject, achtervangers=achtervangers)
    return formulierpagina(
        request,
        traject,
        form,
        lambda: services.traject_bijwerken(
            traject=traject, door=request.user, gegevens=form.gegevens(), versie=form.cleaned_data["versie"]
        ),
        template="zorgcoordinatie/traject_bewerken.html",
        titel="Traject wijzigen",
        succes="Het traject is opgeslagen.",
        anker="pijlers",
        scherm="zorgcoordinatie:traject_bewerken",
    )


@vereist(*ZC_MET_404_VOOR_AF)
def afsluiten(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:afsluiten")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    criteria = list(traject.afsluitcriteria.items())
    form = AfsluitenForm(request.POST or None, traject=traject)
    return formulierpagina(
        request,
        traject,
        form,
        lambda: services.traject_afsluiten(
            traject=traject,
            door=request.user,
            reden=form.cleaned_data["reden"],
            toelichting=form.cleaned_data["toelichting"],
            overgedragen_aan=form.cleaned_data["overgedragen_aan"],
            versie=form.cleaned_data["versie"],
        ),
        template="zorgcoordinatie/afsluiten.html",
        titel="Traject afsluiten",
        succes="Het traject is afgesloten.",
        scherm="zorgcoordinatie:afsluiten",
        criteria=criteria,
        alle_criteria=all(voldaan for _, voldaan in criteria),
        nog_lopend=nog_lopend(traject),
    )


@vereist(*ZC_MET_404_VOOR_AF)
def fase_wijzigen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """A phase transition on its own page; the selector offers only what can happen now."""
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:fase_wijzigen")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    form = FaseForm(request.POST or None, traject=traject, initial={"datum": timezone.localdate()})
    if not form.mogelijk:
        messages.info(request, "Er is nu geen faseovergang mogelijk.")
        return naar_traject(traject, "fasen")

    def wijzigen() -> Traject:
        fase, actie = form.overgang_gekozen()
        return services.fase_wijzigen(
            traject=traject,
            door=request.user,
            fase=fase,
            actie=actie,
            datum=form.cleaned_data["datum"],
            versie=form.cleaned_data["versie"],
        )

    def gelukt(_: Traject) -> HttpResponse:
        messages.success(request, f"{dict(OVERGANGEN)[form.cleaned_data['overgang']]}: vastgelegd.")
        return naar_traject(traject, "fasen")

    if antwoord := formulier_afhandelen(request, form, wijzigen, gelukt):
        return antwoord
    if request.method != "POST":
        loggen(request, "zorgcoordinatie:fase_wijzigen", TRAJECT, traject.uuid)
    status = formulierstatus(request, form)
    context = {"traject": traject, "client": traject.client, "form": form, "titel": "Fase wijzigen"}
    context |= {"conflict": status == 409, "nu": dossier_status(traject)[0]}
    return render(request, "zorgcoordinatie/fase.html", context, status=status)


@vereist(*ZC_MET_404_VOOR_AF)
@alleen_post
def heropenen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:heropenen")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    form = HeropenenForm(request.POST)
    antwoord = trajectactie(
        request,
        form,
        traject,
        lambda: services.traject_heropenen(
            traject=traject,
            door=request.user,
            reden=form.cleaned_data["reden"],
            versie=form.cleaned_data["versie"],
        ),
        gelukt="Het traject is heropend; de hulpverlening loopt weer.",
        weigering_anker="",
    )
    return antwoord or traject_opnieuw(
        request, traject, status=formulierstatus(request, form), heropenen=form
    )


@vereist(*ZC_MET_404_VOOR_AF)
def blokkade_aanvragen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The responsible zorgcoördinator (or backup) asks to keep the client past the retention
    term; a hold on the client holds all their trajectories."""
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:blokkade_aanvragen")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    client = traject.client
    doel = Blokkeerbaar("zorgcoordinatie.client", client.uuid, client.dossiernummer)
    return blokkade_aanvraagpagina(
        request,
        doel,
        terug=reverse("zorgcoordinatie:traject", kwargs={"uuid": traject.uuid}),
        wat=f"cliënt {client.dossiernummer}",
        scherm="zorgcoordinatie:blokkade_aanvragen",
    )
