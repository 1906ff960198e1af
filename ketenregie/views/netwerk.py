"""The AF network: who the aandachtsfunctionarissen are, their training, and the coordinating AF.

An AF sees and keeps the AF records of their own gemeenten; a ketenregisseur those of
their regio's, sees the gaps and names the coordinating AF per regio. Views read through
``ketenregie.selectors.netwerk`` and write through ``ketenregie.services.netwerk``.
"""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from ketenregie.forms.netwerk import AandachtsfunctionarisForm, CoordinatieForm
from ketenregie.models import Aandachtsfunctionaris, Coordinatie
from ketenregie.selectors.netwerk import (
    BIJHOUDERS,
    UITLEG_BIJGESCHOOLD,
    afs_bewerkbaar_voor,
    bijscholingsgrens,
    coordinaties_van,
    gemeenten_bij_te_houden,
    netwerk_voor,
    regios_voor_coordinatie,
    wijzigingen_van,
)
from ketenregie.services import netwerk as services
from mensenhandel.acties import aanmaken_melden, formulier_afhandelen, formulierstatus, nieuw_formuliertoken
from mensenhandel.http import Verzoek
from mensenhandel.models import Gebruiker, Rol
from mensenhandel.paginas import naar
from mensenhandel.toegang import heeft_rol, ophalen, vereist

LEZEN = ["ketenregie.view_aandachtsfunctionaris"]
COORDINATIE = [
    "ketenregie.view_coordinatie",
    "ketenregie.add_coordinatie",
    "ketenregie.change_coordinatie",
]


def _ook_controleren(
    form: AandachtsfunctionarisForm, af: Aandachtsfunctionaris | None, door: Gebruiker
) -> None:
    """On a form with errors, add the service's messages for the fields that look fine."""
    try:
        services.af_controleren(door=door, gegevens=form.gegevens(), af=af)
    except ValidationError as fout:
        for veld, meldingen in fout.message_dict.items():
            if veld in form.fields and veld not in form.errors:
                form.add_error(veld, meldingen)


def _naar_netwerk(anker: str = "") -> HttpResponse:
    return naar(reverse("ketenregie:netwerk"), anker)


@vereist(*BIJHOUDERS, permissies=LEZEN)
def netwerk(request: Verzoek) -> HttpResponse:
    vandaag = timezone.localdate()
    return render(
        request,
        "ketenregie/netwerk/netwerk.html",
        {
            "blokken": netwerk_voor(request.user, vandaag),
            "is_kr": heeft_rol(request.user, Rol.KETENREGISSEUR),
            "uitleg_bijgeschoold": UITLEG_BIJGESCHOOLD,
            "grens": bijscholingsgrens(vandaag),
        },
    )


@vereist(*BIJHOUDERS, permissies=[*LEZEN, "ketenregie.add_aandachtsfunctionaris"])
def af_nieuw(request: Verzoek) -> HttpResponse:
    initieel: dict[str, object] = {"formuliertoken": nieuw_formuliertoken()}
    if request.method == "POST":
        form = AandachtsfunctionarisForm(request.POST, gebruiker=request.user, initial=initieel)
    else:
        # From a gap on the network page ("Wijdemeren heeft geen aandachtsfunctionaris").
        gekozen = (
            gemeenten_bij_te_houden(request.user).filter(cbs_code=request.GET.get("gemeente", "")).first()
        )
        if gekozen is not None:
            initieel["gemeente"] = gekozen
        form = AandachtsfunctionarisForm(gebruiker=request.user, initial=initieel)

    def gelukt(resultaat: tuple[Aandachtsfunctionaris, bool]) -> HttpResponse:
        af, nieuw = resultaat
        aanmaken_melden(
            request,
            nieuw,
            gelukt=f"{af.naam} staat in het netwerk bij {af.gemeente.naam}.",
            al_verstuurd=f"{af.naam} stond er al in.",
        )
        return _naar_netwerk(f"gemeente-{af.gemeente.cbs_code}")

    geldig = form.is_valid()
    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.af_toevoegen(
            door=request.user, gegevens=form.gegevens(), formuliertoken=form.cleaned_data["formuliertoken"]
        ),
        gelukt,
    )
    if antwoord is not None:
        return antwoord
    if request.method == "POST" and not geldig:
        _ook_controleren(form, None, request.user)
    return render(
        request,
        "ketenregie/netwerk/af_formulier.html",
        {"form": form, "titel": "Aandachtsfunctionaris toevoegen", "af": None},
        status=formulierstatus(request, form),
    )


@vereist(*BIJHOUDERS, permissies=[*LEZEN, "ketenregie.change_aandachtsfunctionaris"])
def af_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(request, afs_bewerkbaar_voor(request.user), scherm="ketenregie:af_bewerken", uuid=uuid)
    initieel = {veld: getattr(bestaand, veld) for veld in services.AFVELDEN}
    form = AandachtsfunctionarisForm(
        request.POST or None, gebruiker=request.user, af=bestaand, initial=initieel
    )

    def gelukt(af: Aandachtsfunctionaris) -> HttpResponse:
        messages.success(request, f"De gegevens van {af.naam} zijn opgeslagen.")
        return _naar_netwerk(f"gemeente-{af.gemeente.cbs_code}")

    geldig = form.is_valid()
    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.af_wijzigen(door=request.user, af=bestaand, gegevens=form.gegevens()),
        gelukt,
        weigering_naar=reverse("ketenregie:netwerk"),
    )
    if antwoord is not None:
        return antwoord
    if request.method == "POST" and not geldig:
        _ook_controleren(form, bestaand, request.user)
    return render(
        request,
        "ketenregie/netwerk/af_formulier.html",
        {
            "form": form,
            "titel": f"{bestaand.naam} bewerken",
            "af": bestaand,
            "wijzigingen": wijzigingen_van(bestaand),
        },
        status=formulierstatus(request, form),
    )


@vereist(Rol.KETENREGISSEUR, permissies=COORDINATIE)
def coordinatie(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    regio = ophalen(
        request, regios_voor_coordinatie(request.user), scherm="ketenregie:coordinatie", uuid=uuid
    )
    form = CoordinatieForm(request.POST or None, regio=regio, initial={"vanaf": timezone.localdate()})

    def gelukt(gekozen: Coordinatie) -> HttpResponse:
        messages.success(
            request,
            f"{gekozen.aandachtsfunctionaris.naam} is coördinerend aandachtsfunctionaris van "
            f"{regio.naam} vanaf {gekozen.vanaf:%d-%m-%Y}.",
        )
        return _naar_netwerk(f"regio-{regio.pk}")

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.coordinator_aanwijzen(
            door=request.user,
            regio=regio,
            aandachtsfunctionaris=form.cleaned_data["aandachtsfunctionaris"],
            vanaf=form.cleaned_data["vanaf"],
        ),
        gelukt,
        weigering_naar=reverse("ketenregie:netwerk"),
    )
    if antwoord is not None:
        return antwoord
    vandaag = timezone.localdate()
    perioden = list(coordinaties_van(regio))
    for periode in perioden:
        if periode.vanaf > vandaag:
            periode.stand = "gepland"  # type: ignore[attr-defined]
        elif periode.tot_en_met is None or periode.tot_en_met >= vandaag:
            periode.stand = "nu"  # type: ignore[attr-defined]
    return render(
        request,
        "ketenregie/netwerk/coordinatie.html",
        {"form": form, "regio": regio, "perioden": perioden},
        status=formulierstatus(request, form),
    )


urlpatterns = [
    path("netwerk/", netwerk, name="netwerk"),
    path("netwerk/nieuw/", af_nieuw, name="af_nieuw"),
    path("netwerk/<uuid:uuid>/bewerken/", af_bewerken, name="af_bewerken"),
    path("netwerk/regio/<uuid:uuid>/coordinatie/", coordinatie, name="coordinatie"),
]
