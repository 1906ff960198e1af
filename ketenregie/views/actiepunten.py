"""Updating an action point of a meeting or a knelpunt: status, outcome and due date.

Adding one happens on the meeting's or the knelpunt's own page. Only the ketenregisseur
of the regio keeps action points; afterwards the user goes back to where the action
point belongs.
"""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from ketenregie.forms.actiepunten import ActiepuntBijwerkenForm
from ketenregie.models import Actiepunt
from ketenregie.selectors.actiepunten import actiepunten_bewerkbaar_voor
from ketenregie.services import Geweigerd
from ketenregie.services import actiepunten as services
from mensenhandel.forms import fouten_overnemen
from mensenhandel.models import Rol
from mensenhandel.toegang import ophalen, vereist


def terug_naar(actiepunt: Actiepunt) -> str:
    """The page the action point belongs to, at its list of action points."""
    if actiepunt.overleg_id is not None:
        url = reverse("ketenregie:overleg", kwargs={"uuid": actiepunt.overleg.uuid})  # type: ignore[union-attr]
    else:
        url = reverse("ketenregie:knelpunt", kwargs={"uuid": actiepunt.knelpunt.uuid})  # type: ignore[union-attr]
    return f"{url}#actiepunten"


def _waar(actiepunt: Actiepunt) -> str:
    if actiepunt.overleg_id is not None:
        return f"het overleg ‘{actiepunt.overleg}’"
    return f"het knelpunt ‘{actiepunt.knelpunt}’"


@vereist(Rol.KETENREGISSEUR, permissies=["ketenregie.change_actiepunt"])
def actiepunt_bijwerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    actiepunt = ophalen(
        request,
        actiepunten_bewerkbaar_voor(request.user).select_related("overleg", "knelpunt"),
        scherm="ketenregie:actiepunt_bijwerken",
        uuid=uuid,
    )
    form = ActiepuntBijwerkenForm(request.POST or None, initial=ActiepuntBijwerkenForm.initieel(actiepunt))
    if request.method == "POST" and form.is_valid():
        try:
            services.actiepunt_bijwerken(
                door=request.user,  # type: ignore[arg-type]
                actiepunt=actiepunt,
                gegevens=form.cleaned_data,
            )
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return redirect(terug_naar(actiepunt))
        else:
            messages.success(request, f"Het actiepunt ‘{actiepunt.omschrijving}’ is bijgewerkt.")
            return redirect(terug_naar(actiepunt))
    return render(
        request,
        "ketenregie/knelpunten/actiepunt.html",
        {"form": form, "actiepunt": actiepunt, "waar": _waar(actiepunt), "terug": terug_naar(actiepunt)},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("actiepunten/<uuid:uuid>/bijwerken/", actiepunt_bijwerken, name="actiepunt_bijwerken"),
]
