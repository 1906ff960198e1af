"""The knelpunten register and the half-year's bijzonderheden: the ketenregisseur's, per regio.

Both feed the halfjaarrapportage. Views read through ``ketenregie.selectors.knelpunten`` and
write through ``ketenregie.services.knelpunten``. A validation error re-renders the form with
the input kept (400); a refused step becomes a message and a redirect.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
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
from ketenregie.services import knelpunten as services
from ketenregie.views.actiepunten import actiepunt_toevoegen, met_te_laat, nieuw_actiepuntformulier
from mensenhandel.acties import (
    aanmaken_melden,
    formulier_afhandelen,
    formulierstatus,
    nieuw_formuliertoken,
    recordactie,
)
from mensenhandel.http import Verzoek
from mensenhandel.models import Rol
from mensenhandel.paginas import naar
from mensenhandel.periode import Periode
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post

KR = Rol.KETENREGISSEUR


def _knelpunt_url(knelpunt: Knelpunt, anker: str = "") -> str:
    url = reverse("ketenregie:knelpunt", kwargs={"uuid": knelpunt.uuid})
    return f"{url}#{anker}" if anker else url


# --- The register ----------------------------------------------------------------------------


@vereist(KR, permissies=["ketenregie.view_knelpunt"])
def knelpunten(request: Verzoek) -> HttpResponse:
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
def knelpunt_nieuw(request: Verzoek) -> HttpResponse:
    form = KnelpuntForm(
        request.POST if request.method == "POST" else None,
        gebruiker=request.user,
        nieuw=True,
        initial={
            "formuliertoken": nieuw_formuliertoken(),
            "datum": timezone.localdate(),
            "status": Knelpuntstatus.OPEN,
        },
    )

    def gelukt(resultaat: tuple[Knelpunt, bool]) -> HttpResponse:
        knelpunt, nieuw = resultaat
        aanmaken_melden(
            request,
            nieuw,
            gelukt=f"Het knelpunt ‘{knelpunt.titel}’ staat in het register.",
            al_verstuurd="dit is het knelpunt dat toen is vastgelegd.",
        )
        return naar(_knelpunt_url(knelpunt))

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.knelpunt_vastleggen(
            door=request.user,
            gegevens=form.gegevens(),
            regio=form.cleaned_data.get("regio"),
            formuliertoken=form.cleaned_data["formuliertoken"],
        ),
        gelukt,
    )
    return antwoord or render(
        request,
        "ketenregie/knelpunten/formulier.html",
        {"form": form, "titel": "Nieuw knelpunt", "knelpunt": None},
        status=formulierstatus(request, form),
    )


def _knelpunt_tonen(
    request: Verzoek,
    knelpunt: Knelpunt,
    *,
    actiepunt_form: ActiepuntForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actiepunten = met_te_laat(knelpunt.actiepunten.all(), timezone.localdate())
    return render(
        request,
        "ketenregie/knelpunten/knelpunt.html",
        {
            "knelpunt": knelpunt,
            "actiepunten": actiepunten,
            "open_actiepunten": sum(1 for p in actiepunten if p.status == Actiestatus.OPEN),
            "actiepunt_form": actiepunt_form or nieuw_actiepuntformulier(),
        },
        status=status,
    )


@vereist(KR, permissies=["ketenregie.view_knelpunt"])
def knelpunt(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(request, knelpunt_met_acties(request.user), scherm="ketenregie:knelpunt", uuid=uuid)
    return _knelpunt_tonen(request, gevonden)


@vereist(KR, permissies=["ketenregie.change_knelpunt"])
def knelpunt_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(
        request,
        knelpunten_voor(request.user).select_related("regio"),
        scherm="ketenregie:knelpunt_bewerken",
        uuid=uuid,
    )
    form = KnelpuntForm(
        request.POST or None, gebruiker=request.user, nieuw=False, initial=KnelpuntForm.initieel(bestaand)
    )
    terug = _knelpunt_url(bestaand)

    antwoord = recordactie(
        request,
        form,
        lambda: services.knelpunt_wijzigen(door=request.user, knelpunt=bestaand, gegevens=form.gegevens()),
        url=terug,
        gelukt="Het knelpunt is opgeslagen.",
        weigering_anker="",
    )
    return antwoord or render(
        request,
        "ketenregie/knelpunten/formulier.html",
        {"form": form, "titel": f"{bestaand.titel} bewerken", "knelpunt": bestaand},
        status=formulierstatus(request, form),
    )


@vereist(KR, permissies=["ketenregie.add_actiepunt"])
@alleen_post
def knelpunt_actiepunt(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(
        request, knelpunt_met_acties(request.user), scherm="ketenregie:knelpunt_actiepunt", uuid=uuid
    )
    form = nieuw_actiepuntformulier(request.POST)
    antwoord = actiepunt_toevoegen(
        request,
        form,
        lambda gegevens: services.knelpunt_actiepunt_toevoegen(
            door=request.user, knelpunt=gevonden, gegevens=gegevens
        ),
        terug=_knelpunt_url(gevonden, "actiepunten"),
        wat="Het actiepunt",
    )
    return antwoord or _knelpunt_tonen(
        request, gevonden, actiepunt_form=form, status=formulierstatus(request, form)
    )


# --- Bijzonderheden per half-year --------------------------------------------------------------


@vereist(KR, permissies=["ketenregie.view_bijzonderheden"])
def bijzonderheden(request: Verzoek) -> HttpResponse:
    return render(
        request,
        "ketenregie/knelpunten/bijzonderheden.html",
        {
            "per_regio": halfjaren_per_regio(request.user),
            "huidig": Periode.halfjaar_van(timezone.localdate()),
        },
    )


@vereist(KR, permissies=["ketenregie.change_bijzonderheden"])
def bijzonderheden_bewerken(request: Verzoek, regio: uuidlib.UUID, jaar: int, helft: int) -> HttpResponse:
    if not halfjaar_mogelijk(jaar, helft):
        raise Http404
    gevonden = ophalen(
        request, regios_voor_knelpunten(request.user), scherm="ketenregie:bijzonderheden_bewerken", uuid=regio
    )
    bestaand = (
        gevonden.bijzonderheden.filter(jaar=jaar, helft=helft).select_related("bijgewerkt_door").first()
    )
    form = BijzonderhedenForm(request.POST or None, initial={"tekst": bestaand.tekst if bestaand else ""})
    terug = reverse("ketenregie:bijzonderheden")

    antwoord = recordactie(
        request,
        form,
        lambda: services.bijzonderheden_opslaan(
            door=request.user, regio=gevonden, jaar=jaar, helft=helft, tekst=form.cleaned_data["tekst"]
        ),
        url=terug,
        gelukt=f"De bijzonderheden van het {Periode.halfjaar(jaar, helft).label} zijn opgeslagen.",
        weigering_anker="",
    )
    if antwoord is not None:
        return antwoord
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
        status=formulierstatus(request, form),
    )


urlpatterns = [
    path("knelpunten/", knelpunten, name="knelpunten"),
    path("knelpunten/nieuw/", knelpunt_nieuw, name="knelpunt_nieuw"),
    path("knelpunten/<uuid:uuid>/", knelpunt, name="knelpunt"),
    path("knelpunten/<uuid:uuid>/bewerken/", knelpunt_bewerken, name="knelpunt_bewerken"),
    path("knelpunten/<uuid:uuid>/actiepunten/nieuw/", knelpunt_actiepunt, name="knelpunt_actiepunt"),
    path("bijzonderheden/", bijzonderheden, name="bijzonderheden"),
    path(
        "bijzonderheden/<uuid:regio>/<int:jaar>/<int:helft>/",
        bijzonderheden_bewerken,
        name="bijzonderheden_bewerken",
    ),
]
