"""The knelpunten register and the half-year's bijzonderheden: the ketenregisseur's, per regio.

Both feed the halfjaarrapportage. Views read through ``ketenregie.selectors.knelpunten`` and
write through ``ketenregie.services.knelpunten``. A validation error re-renders the form with
the input kept (400); a refused step becomes a message and a redirect.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst

from ketenregie.forms.actiepunten import ActiepuntForm
from ketenregie.forms.knelpunten import BijzonderhedenForm, KnelpuntFilter, KnelpuntForm
from ketenregie.models import Actiestatus, Knelpunt, Knelpuntstatus
from ketenregie.selectors.knelpunten import (
    halfjaar_mogelijk,
    halfjaren_per_regio,
    knelpunt_met_acties,
    knelpunten_in_halfjaar,
    knelpunten_voor,
    knelpuntenregister,
    regios_voor_knelpunten,
)
from ketenregie.services import Geweigerd
from ketenregie.services import knelpunten as services
from mensenhandel.forms import fouten_overnemen
from mensenhandel.models import Rol
from mensenhandel.periode import Periode
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post

KR = Rol.KETENREGISSEUR


def _naar_knelpunt(knelpunt: Knelpunt, anker: str = "") -> HttpResponse:
    url = reverse("ketenregie:knelpunt", kwargs={"uuid": knelpunt.uuid})
    return redirect(f"{url}#{anker}" if anker else url)


# --- The register ----------------------------------------------------------------------------


@vereist(KR, permissies=["ketenregie.view_knelpunt"])
def knelpunten(request: HttpRequest) -> HttpResponse:
    form = KnelpuntFilter(request.GET or None, gebruiker=request.user)
    rijen = list(knelpuntenregister(request.user, **form.zoekvragen())) if not form.errors else []
    return render(
        request,
        "ketenregie/knelpunten/register.html",
        {
            "form": form,
            "knelpunten": rijen,
            "lopend": sum(1 for k in rijen if k.status in Knelpuntstatus.lopend()),
            "meer_regios": "regio" in form.fields,
        },
        status=400 if form.errors else 200,
    )


@vereist(KR, permissies=["ketenregie.add_knelpunt"])
def knelpunt_nieuw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = KnelpuntForm(request.POST, gebruiker=request.user, nieuw=True)
        if form.is_valid():
            try:
                nieuw, is_nieuw = services.knelpunt_vastleggen(
                    door=request.user,  # type: ignore[arg-type]
                    gegevens=form.gegevens(),
                    regio=form.cleaned_data.get("regio"),
                    formuliertoken=form.cleaned_data["formuliertoken"],
                )
            except ValidationError as fout:
                fouten_overnemen(form, fout)
            except Geweigerd as fout:
                form.add_error(None, str(fout))
            else:
                if is_nieuw:
                    messages.success(request, f"Het knelpunt ‘{nieuw.titel}’ staat in het register.")
                else:
                    messages.info(
                        request, "Dit formulier was al verstuurd; dit is het knelpunt dat toen is vastgelegd."
                    )
                return _naar_knelpunt(nieuw)
    else:
        form = KnelpuntForm(
            gebruiker=request.user,
            nieuw=True,
            initial={
                "formuliertoken": uuidlib.uuid4(),
                "datum": timezone.localdate(),
                "status": Knelpuntstatus.OPEN,
            },
        )
    return render(
        request,
        "ketenregie/knelpunten/formulier.html",
        {"form": form, "titel": "Nieuw knelpunt", "knelpunt": None},
        status=400 if request.method == "POST" else 200,
    )


def _knelpunt_tonen(
    request: HttpRequest,
    knelpunt: Knelpunt,
    *,
    actiepunt_form: ActiepuntForm | None = None,
    status: int = 200,
) -> HttpResponse:
    vandaag = timezone.localdate()
    actiepunten = list(knelpunt.actiepunten.all())
    for punt in actiepunten:
        punt.te_laat = punt.status == Actiestatus.OPEN and punt.deadline < vandaag  # type: ignore[attr-defined]
    return render(
        request,
        "ketenregie/knelpunten/knelpunt.html",
        {
            "knelpunt": knelpunt,
            "actiepunten": actiepunten,
            "open_actiepunten": sum(1 for p in actiepunten if p.status == Actiestatus.OPEN),
            "actiepunt_form": actiepunt_form or ActiepuntForm(auto_id="id_actiepunt_%s"),
        },
        status=status,
    )


@vereist(KR, permissies=["ketenregie.view_knelpunt"])
def knelpunt(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(request, knelpunt_met_acties(request.user), scherm="ketenregie:knelpunt", uuid=uuid)
    return _knelpunt_tonen(request, gevonden)


@vereist(KR, permissies=["ketenregie.change_knelpunt"])
def knelpunt_bewerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(
        request,
        knelpunten_voor(request.user).select_related("regio"),
        scherm="ketenregie:knelpunt_bewerken",
        uuid=uuid,
    )
    form = KnelpuntForm(
        request.POST or None, gebruiker=request.user, nieuw=False, initial=KnelpuntForm.initieel(bestaand)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.knelpunt_wijzigen(
                door=request.user,  # type: ignore[arg-type]
                knelpunt=bestaand,
                gegevens=form.gegevens(),
            )
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_knelpunt(bestaand)
        else:
            messages.success(request, "Het knelpunt is opgeslagen.")
            return _naar_knelpunt(bestaand)
    return render(
        request,
        "ketenregie/knelpunten/formulier.html",
        {"form": form, "titel": f"{bestaand.titel} bewerken", "knelpunt": bestaand},
        status=400 if request.method == "POST" else 200,
    )


@vereist(KR, permissies=["ketenregie.add_actiepunt"])
@alleen_post
def knelpunt_actiepunt(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(
        request, knelpunt_met_acties(request.user), scherm="ketenregie:knelpunt_actiepunt", uuid=uuid
    )
    form = ActiepuntForm(request.POST, auto_id="id_actiepunt_%s")
    if form.is_valid():
        try:
            punt, nieuw = services.knelpunt_actiepunt_toevoegen(
                door=request.user,  # type: ignore[arg-type]
                knelpunt=gevonden,
                gegevens=form.cleaned_data,
            )
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_knelpunt(gevonden, "actiepunten")
        else:
            if nieuw:
                messages.success(request, f"Het actiepunt ‘{punt.omschrijving}’ is toegevoegd.")
            else:
                messages.info(
                    request, f"Het actiepunt ‘{punt.omschrijving}’ stond er al; er is niets bijgekomen."
                )
            return _naar_knelpunt(gevonden, "actiepunten")
    return _knelpunt_tonen(request, gevonden, actiepunt_form=form, status=400)


# --- Bijzonderheden per half-year --------------------------------------------------------------


@vereist(KR, permissies=["ketenregie.view_bijzonderheden"])
def bijzonderheden(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ketenregie/knelpunten/bijzonderheden.html",
        {
            "per_regio": halfjaren_per_regio(request.user),
            "huidig": Periode.halfjaar_van(timezone.localdate()),
        },
    )


@vereist(KR, permissies=["ketenregie.change_bijzonderheden"])
def bijzonderheden_bewerken(request: HttpRequest, regio: int, jaar: int, helft: int) -> HttpResponse:
    if not halfjaar_mogelijk(jaar, helft):
        raise Http404
    gevonden = ophalen(
        request, regios_voor_knelpunten(request.user), scherm="ketenregie:bijzonderheden_bewerken", pk=regio
    )
    bestaand = (
        gevonden.bijzonderheden.filter(jaar=jaar, helft=helft).select_related("bijgewerkt_door").first()
    )
    form = BijzonderhedenForm(request.POST or None, initial={"tekst": bestaand.tekst if bestaand else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.bijzonderheden_opslaan(
                door=request.user,  # type: ignore[arg-type]
                regio=gevonden,
                jaar=jaar,
                helft=helft,
                tekst=form.cleaned_data["tekst"],
            )
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return redirect("ketenregie:bijzonderheden")
        else:
            messages.success(
                request, f"De bijzonderheden van het {Periode.halfjaar(jaar, helft).label} zijn opgeslagen."
            )
            return redirect("ketenregie:bijzonderheden")
    context: dict[str, Any] = {
        "form": form,
        "regio": gevonden,
        "meer_regios": regios_voor_knelpunten(request.user).count() > 1,
        "label": capfirst(Periode.halfjaar(jaar, helft).label),
        "bestaand": bestaand,
        "knelpunten": list(knelpunten_in_halfjaar(gevonden, jaar, helft)),
    }
    return render(
        request,
        "ketenregie/knelpunten/bijzonderheden_bewerken.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("knelpunten/", knelpunten, name="knelpunten"),
    path("knelpunten/nieuw/", knelpunt_nieuw, name="knelpunt_nieuw"),
    path("knelpunten/<uuid:uuid>/", knelpunt, name="knelpunt"),
    path("knelpunten/<uuid:uuid>/bewerken/", knelpunt_bewerken, name="knelpunt_bewerken"),
    path("knelpunten/<uuid:uuid>/actiepunten/nieuw/", knelpunt_actiepunt, name="knelpunt_actiepunt"),
    path("bijzonderheden/", bijzonderheden, name="bijzonderheden"),
    path(
        "bijzonderheden/<int:regio>/<int:jaar>/<int:helft>/",
        bijzonderheden_bewerken,
        name="bijzonderheden_bewerken",
    ),
]
