"""Activities: trainings, voorlichtingen, awareness campaigns and meetings.

AFs record their gemeente's; the ketenregisseur records regional ones. Views read through
``ketenregie.selectors.activiteiten`` and write through ``ketenregie.services.activiteiten``.
A validation error re-renders the form with the input kept (400); a refused step becomes
a message and a redirect.
"""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from ketenregie.forms.activiteiten import ActiviteitFilter, ActiviteitForm
from ketenregie.models import Activiteit
from ketenregie.selectors.activiteiten import (
    BEWERKERS,
    activiteiten_bewerkbaar_voor,
    activiteiten_gefilterd,
    activiteiten_voor,
    activiteitenlijst,
    totalen,
)
from ketenregie.services import activiteiten as services
from mensenhandel.acties import (
    Geweigerd,
    aanmaken_melden,
    formulier_afhandelen,
    formulierstatus,
    nieuw_formuliertoken,
    recordactie,
)
from mensenhandel.http import Verzoek
from mensenhandel.models import Rol
from mensenhandel.paginas import zonder_pagina
from mensenhandel.toegang import heeft_rol, ophalen, vereist
from mensenhandel.views import alleen_post

PER_PAGINA = 50


def _activiteit_url(activiteit: Activiteit) -> str:
    return reverse("ketenregie:activiteit", kwargs={"uuid": activiteit.uuid})


@vereist(*BEWERKERS, permissies=["ketenregie.view_activiteit"])
def activiteiten(request: Verzoek) -> HttpResponse:
    gefilterd = any(sleutel != "pagina" for sleutel in request.GET)
    form = ActiviteitFilter(request.GET if gefilterd else None, gebruiker=request.user)
    basis = activiteiten_voor(request.user)
    if form.is_bound and not form.is_valid():
        basis = basis.none()
    selectie = activiteiten_gefilterd(basis, **form.zoekvragen())
    opgeteld = totalen(selectie)
    paginator = Paginator(activiteitenlijst(selectie), PER_PAGINA)
    paginator.count = opgeteld.aantal  # already counted with the totals
    pagina = paginator.get_page(request.GET.get("pagina"))
    rijen = list(pagina)
    bewerkbaar = set(
        activiteiten_bewerkbaar_voor(request.user)
        .filter(pk__in=[a.pk for a in rijen])
        .values_list("pk", flat=True)
    )
    for activiteit in rijen:
        activiteit.bewerkbaar = activiteit.pk in bewerkbaar  # type: ignore[attr-defined]
    return render(
        request,
        "ketenregie/activiteiten/lijst.html",
        {
            "form": form,
            "pagina": pagina,
            "rijen": rijen,
            "totalen": opgeteld,
            "zoekopdracht": zonder_pagina(request.GET),
            "meer_regios": len({a.regio_id for a in rijen}) > 1,
            "ketenregisseur": heeft_rol(request.user, Rol.KETENREGISSEUR),
        },
        status=400 if form.errors else 200,
    )


@vereist(*BEWERKERS, permissies=["ketenregie.view_activiteit"])
def activiteit(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(
        request,
        activiteitenlijst(activiteiten_voor(request.user)),
        scherm="ketenregie:activiteit",
        uuid=uuid,
    )
    return render(
        request,
        "ketenregie/activiteiten/activiteit.html",
        {
            "activiteit": gevonden,
            "bewerkbaar": activiteiten_bewerkbaar_voor(request.user).filter(pk=gevonden.pk).exists(),
        },
    )


@vereist(*BEWERKERS, permissies=["ketenregie.add_activiteit"])
def activiteit_nieuw(request: Verzoek) -> HttpResponse:
    form = ActiviteitForm(
        request.POST if request.method == "POST" else None,
        gebruiker=request.user,
        nieuw=True,
        initial={"formuliertoken": nieuw_formuliertoken()},
    )

    def gelukt(resultaat: tuple[Activiteit, bool]) -> HttpResponse:
        activiteit, nieuw = resultaat
        aanmaken_melden(
            request,
            nieuw,
            gelukt=f"De activiteit ‘{activiteit.titel}’ is vastgelegd.",
            al_verstuurd="dit is de activiteit die toen is vastgelegd.",
        )
        return redirect(_activiteit_url(activiteit))

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.activiteit_vastleggen(
            door=request.user,
            gegevens=form.gegevens(),
            gemeenten=form.cleaned_data["gemeenten"],
            regio=form.cleaned_data.get("regio"),
            formuliertoken=form.cleaned_data["formuliertoken"],
        ),
        gelukt,
    )
    return antwoord or render(
        request,
        "ketenregie/activiteiten/formulier.html",
        {"form": form, "titel": "Nieuwe activiteit", "activiteit": None},
        status=formulierstatus(request, form),
    )


@vereist(*BEWERKERS, permissies=["ketenregie.change_activiteit"])
def activiteit_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(
        request,
        activiteiten_bewerkbaar_voor(request.user).select_related("regio").prefetch_related("gemeenten"),
        scherm="ketenregie:activiteit_bewerken",
        uuid=uuid,
    )
    form = ActiviteitForm(
        request.POST or None, gebruiker=request.user, nieuw=False, initial=ActiviteitForm.initieel(bestaand)
    )
    terug = _activiteit_url(bestaand)

    antwoord = recordactie(
        request,
        form,
        lambda: services.activiteit_wijzigen(
            door=request.user,
            activiteit=bestaand,
            gegevens=form.gegevens(),
            gemeenten=form.cleaned_data["gemeenten"],
            regio=form.cleaned_data.get("regio"),
        ),
        url=terug,
        gelukt="De activiteit is opgeslagen.",
        weigering_anker="",
    )
    return antwoord or render(
        request,
        "ketenregie/activiteiten/formulier.html",
        {"form": form, "titel": f"{bestaand.titel} bewerken", "activiteit": bestaand},
        status=formulierstatus(request, form),
    )


# Removing is part of keeping the record: the same permission as changing it; the history
# keeps the removed activity.
@vereist(*BEWERKERS, permissies=["ketenregie.change_activiteit"])
@alleen_post
def activiteit_verwijderen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(
        request,
        activiteiten_bewerkbaar_voor(request.user),
        scherm="ketenregie:activiteit_verwijderen",
        uuid=uuid,
    )
    try:
        services.activiteit_verwijderen(door=request.user, activiteit=bestaand)
    except Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect(_activiteit_url(bestaand))
    messages.success(request, f"De activiteit ‘{bestaand.titel}’ is verwijderd.")
    return redirect("ketenregie:activiteiten")


urlpatterns = [
    path("activiteiten/", activiteiten, name="activiteiten"),
    path("activiteiten/nieuw/", activiteit_nieuw, name="activiteit_nieuw"),
    path("activiteiten/<uuid:uuid>/", activiteit, name="activiteit"),
    path("activiteiten/<uuid:uuid>/bewerken/", activiteit_bewerken, name="activiteit_bewerken"),
    path("activiteiten/<uuid:uuid>/verwijderen/", activiteit_verwijderen, name="activiteit_verwijderen"),
]
