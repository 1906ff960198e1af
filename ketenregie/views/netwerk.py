"""The AF network: who the aandachtsfunctionarissen are, their training, and the coordinating AF.

An AF sees and keeps the AF records of their own gemeenten; a ketenregisseur those of
their regio's, sees the gaps and names the coordinating AF per regio. Views read through
``ketenregie.selectors.netwerk`` and write through ``ketenregie.services.netwerk``.
"""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from ketenregie.forms.netwerk import AandachtsfunctionarisForm, CoordinatieForm
from ketenregie.models import Aandachtsfunctionaris
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
from ketenregie.services import Geweigerd
from ketenregie.services import netwerk as services
from mensenhandel.forms import fouten_overnemen
from mensenhandel.models import Gebruiker, Rol
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
    gegevens = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k != "formuliertoken"}
    try:
        services.af_controleren(door=door, gegevens=gegevens, af=af)
    except ValidationError as fout:
        for veld, meldingen in fout.message_dict.items():
            if veld in form.fields and veld not in form.errors:
                form.add_error(veld, meldingen)


def _naar_netwerk(anker: str = "") -> HttpResponse:
    url = reverse("ketenregie:netwerk")
    return redirect(f"{url}#{anker}" if anker else url)


@vereist(*BIJHOUDERS, permissies=LEZEN)
def netwerk(request: HttpRequest) -> HttpResponse:
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
def af_nieuw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AandachtsfunctionarisForm(request.POST, gebruiker=request.user)
        if form.is_valid():
            try:
                af, nieuw = services.af_toevoegen(
                    door=request.user,  # type: ignore[arg-type]
                    gegevens=form.gegevens(),
                    formuliertoken=form.cleaned_data["formuliertoken"],
                )
            except ValidationError as fout:
                fouten_overnemen(form, fout)
            except Geweigerd as fout:
                form.add_error(None, str(fout))
            else:
                if nieuw:
                    messages.success(request, f"{af.naam} staat in het netwerk bij {af.gemeente.naam}.")
                else:
                    messages.info(request, f"Dit formulier was al verstuurd; {af.naam} stond er al in.")
                return _naar_netwerk(f"gemeente-{af.gemeente.cbs_code}")
        else:
            _ook_controleren(form, None, request.user)  # type: ignore[arg-type]
    else:
        initieel: dict[str, object] = {"formuliertoken": uuidlib.uuid4()}
        # From a gap on the network page ("Wijdemeren heeft geen aandachtsfunctionaris").
        gekozen = (
            gemeenten_bij_te_houden(request.user).filter(cbs_code=request.GET.get("gemeente", "")).first()
        )
        if gekozen is not None:
            initieel["gemeente"] = gekozen
        form = AandachtsfunctionarisForm(gebruiker=request.user, initial=initieel)
    return render(
        request,
        "ketenregie/netwerk/af_formulier.html",
        {"form": form, "titel": "Aandachtsfunctionaris toevoegen", "af": None},
        status=400 if request.method == "POST" else 200,
    )


@vereist(*BIJHOUDERS, permissies=[*LEZEN, "ketenregie.change_aandachtsfunctionaris"])
def af_bewerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(request, afs_bewerkbaar_voor(request.user), scherm="ketenregie:af_bewerken", uuid=uuid)
    initieel = {veld: getattr(bestaand, veld) for veld in services.AFVELDEN}
    form = AandachtsfunctionarisForm(
        request.POST or None, gebruiker=request.user, af=bestaand, initial=initieel
    )
    if request.method == "POST" and form.is_valid():
        try:
            af = services.af_wijzigen(
                door=request.user,  # type: ignore[arg-type]
                af=bestaand,
                gegevens=form.gegevens(),
            )
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_netwerk()
        else:
            messages.success(request, f"De gegevens van {af.naam} zijn opgeslagen.")
            return _naar_netwerk(f"gemeente-{af.gemeente.cbs_code}")
    elif request.method == "POST":
        _ook_controleren(form, bestaand, request.user)  # type: ignore[arg-type]
    return render(
        request,
        "ketenregie/netwerk/af_formulier.html",
        {
            "form": form,
            "titel": f"{bestaand.naam} bewerken",
            "af": bestaand,
            "wijzigingen": wijzigingen_van(bestaand),
        },
        status=400 if request.method == "POST" else 200,
    )


@vereist(Rol.KETENREGISSEUR, permissies=COORDINATIE)
def coordinatie(request: HttpRequest, regio_id: int) -> HttpResponse:
    regio = ophalen(
        request, regios_voor_coordinatie(request.user), scherm="ketenregie:coordinatie", pk=regio_id
    )
    form = CoordinatieForm(request.POST or None, regio=regio, initial={"vanaf": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            gekozen = services.coordinator_aanwijzen(
                door=request.user,  # type: ignore[arg-type]
                regio=regio,
                aandachtsfunctionaris=form.cleaned_data["aandachtsfunctionaris"],
                vanaf=form.cleaned_data["vanaf"],
            )
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_netwerk()
        else:
            messages.success(
                request,
                f"{gekozen.aandachtsfunctionaris.naam} is coördinerend aandachtsfunctionaris van "
                f"{regio.naam} vanaf {gekozen.vanaf:%d-%m-%Y}.",
            )
            return _naar_netwerk(f"regio-{regio.pk}")
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
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("netwerk/", netwerk, name="netwerk"),
    path("netwerk/nieuw/", af_nieuw, name="af_nieuw"),
    path("netwerk/<uuid:uuid>/bewerken/", af_bewerken, name="af_bewerken"),
    path("netwerk/regio/<int:regio_id>/coordinatie/", coordinatie, name="coordinatie"),
]
