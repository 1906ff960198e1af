"""The care within a trajectory: the intake, care actions, a zorgoverleg and its agreements."""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.http import HttpResponse
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.http import Verzoek
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from zorgcoordinatie import services
from zorgcoordinatie.forms import IntakeForm, ZorgactieForm, ZorgoverlegForm
from zorgcoordinatie.selectors import afspraken_leesbaar_voor, zorgacties_leesbaar_voor
from zorgcoordinatie.views.basis import (
    ZC_MET_404_VOOR_AF,
    formulierpagina,
    naar_traject,
    niet_bewerkbaar,
    traject_ophalen,
)


@vereist(*ZC_MET_404_VOOR_AF)
def intake(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:intake", "behoeften")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    form = IntakeForm(request.POST or None, traject=traject)
    return formulierpagina(
        request,
        traject,
        form,
        lambda: services.intake_vastleggen(
            traject=traject, door=request.user, behoeften=form.behoeften(), versie=form.cleaned_data["versie"]
        ),
        template="zorgcoordinatie/intake.html",
        titel="Intake: hulpvraag per levensdomein",
        succes="De intake is vastgelegd.",
        anker="intake",
        scherm="zorgcoordinatie:intake",
    )


@vereist(*ZC_MET_404_VOOR_AF)
def zorgactie_toevoegen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:zorgactie_toevoegen")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    form = ZorgactieForm(request.POST or None, gebruiker=request.user, regio=traject.regio)
    return formulierpagina(
        request,
        traject,
        form,
        lambda: services.zorgactie_toevoegen(traject=traject, door=request.user, gegevens=form.gegevens()),
        template="zorgcoordinatie/zorgactie.html",
        titel="Zorgactie toevoegen",
        succes="De zorgactie is toegevoegd.",
        anker="zorgacties",
        scherm="zorgcoordinatie:zorgactie_toevoegen",
    )


@vereist(*ZC_MET_404_VOOR_AF)
def zorgactie_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    actie = ophalen(
        request,
        zorgacties_leesbaar_voor(request.user).select_related("traject__regio"),
        scherm="zorgcoordinatie:zorgactie_bewerken",
        uuid=uuid,
    )
    traject = actie.traject
    if terug := niet_bewerkbaar(request, traject):
        return terug
    form = ZorgactieForm(request.POST or None, instance=actie, gebruiker=request.user, regio=traject.regio)
    return formulierpagina(
        request,
        traject,
        form,
        lambda: services.zorgactie_bijwerken(actie=actie, door=request.user, gegevens=form.gegevens()),
        template="zorgcoordinatie/zorgactie.html",
        titel="Zorgactie wijzigen",
        succes="De zorgactie is opgeslagen.",
        anker="zorgacties",
        scherm="zorgcoordinatie:zorgactie_bewerken",
    )


@vereist(*ZC_MET_404_VOOR_AF)
def zorgoverleg_toevoegen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    traject = traject_ophalen(request, uuid, "zorgcoordinatie:zorgoverleg_toevoegen")
    if terug := niet_bewerkbaar(request, traject):
        return terug
    form = ZorgoverlegForm(request.POST or None, initial={"datum": timezone.localdate()})
    return formulierpagina(
        request,
        traject,
        form,
        lambda: services.zorgoverleg_vastleggen(
            traject=traject,
            door=request.user,
            datum=form.cleaned_data["datum"],
            organisaties=form.cleaned_data["organisaties"],
            afspraken=form.afspraken(),
        ),
        template="zorgcoordinatie/zorgoverleg.html",
        titel="Zorgoverleg vastleggen",
        succes="Het zorgoverleg is vastgelegd.",
        anker="zorgoverleg",
        scherm="zorgcoordinatie:zorgoverleg_toevoegen",
    )


@vereist(*ZC_MET_404_VOOR_AF)
@alleen_post
def afspraak_afronden(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    afspraak = ophalen(
        request, afspraken_leesbaar_voor(request.user), scherm="zorgcoordinatie:afspraak_afronden", uuid=uuid
    )
    traject = afspraak.overleg.traject
    if terug := niet_bewerkbaar(request, traject):
        return terug
    try:  # a button, no form: a refusal is a message on the trajectory's page
        services.afspraak_afronden(afspraak=afspraak, door=request.user)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, f"De afspraak '{afspraak.omschrijving}' is afgerond.")
    return naar_traject(traject, "zorgoverleg")
