"""Action points of a meeting or a knelpunt: adding one (on the meeting's or the knelpunt's
own page) and updating one (status, outcome and due date) on its own screen.

Only the ketenregisseur of the regio keeps action points; afterwards the user goes back to
where the action point belongs.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
from datetime import date

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path, reverse

from ketenregie.forms.actiepunten import ActiepuntBijwerkenForm, ActiepuntForm
from ketenregie.models import Actiepunt, Actiestatus
from ketenregie.selectors.actiepunten import actiepunten_bewerkbaar_voor
from ketenregie.services import actiepunten as services
from ketenregie.services.actiepunten import NieuwActiepunt
from mensenhandel.acties import formulier_afhandelen, formulierstatus, recordactie
from mensenhandel.http import Verzoek
from mensenhandel.models import Rol
from mensenhandel.paginas import naar
from mensenhandel.toegang import ophalen, vereist


def terug_naar(actiepunt: Actiepunt) -> str:
    """The page the action point belongs to, at its list of action points."""
    overleg, knelpunt = actiepunt.overleg, actiepunt.knelpunt
    if overleg is not None:
        url = reverse("ketenregie:overleg", kwargs={"uuid": overleg.uuid})
    elif knelpunt is not None:
        url = reverse("ketenregie:knelpunt", kwargs={"uuid": knelpunt.uuid})
    else:
        raise ValueError("Een actiepunt hoort bij een overleg of bij een knelpunt.")
    return f"{url}#actiepunten"


def _waar(actiepunt: Actiepunt) -> str:
    if actiepunt.overleg_id is not None:
        return f"het overleg ‘{actiepunt.overleg}’"
    return f"het knelpunt ‘{actiepunt.knelpunt}’"


def nieuw_actiepuntformulier(data: QueryDict | None = None) -> ActiepuntForm:
    """The form for a new action point on a meeting's or a knelpunt's page."""
    return ActiepuntForm(data, auto_id="id_actiepunt_%s")


def is_te_laat(actiepunt: Actiepunt, vandaag: date) -> bool:
    return actiepunt.status == Actiestatus.OPEN and actiepunt.deadline < vandaag


def met_te_laat(actiepunten: Iterable[Actiepunt], vandaag: date) -> list[Actiepunt]:
    """The action points, each marked ``te_laat`` (for the template) when open past its due date."""
    lijst = list(actiepunten)
    for punt in lijst:
        punt.te_laat = is_te_laat(punt, vandaag)  # type: ignore[attr-defined]
    return lijst


def actiepunt_toevoegen(
    request: Verzoek,
    form: ActiepuntForm,
    toevoegen: Callable[[NieuwActiepunt], tuple[Actiepunt, bool]],
    *,
    terug: str,
    wat: str,
) -> HttpResponse | None:
    """Add an action point through ``toevoegen`` (a service) and go back to ``terug``.

    ``wat`` names it in the message ("Actiepunt", "Het actiepunt"). None: show the page
    again with the form's errors.
    """

    def gelukt(resultaat: tuple[Actiepunt, bool]) -> HttpResponse:
        punt, nieuw = resultaat
        if nieuw:
            messages.success(request, f"{wat} ‘{punt.omschrijving}’ is toegevoegd.")
        else:
            messages.info(request, f"{wat} ‘{punt.omschrijving}’ stond er al; er is niets bijgekomen.")
        return naar(terug)

    return formulier_afhandelen(
        request, form, lambda: toevoegen(form.gegevens()), gelukt, weigering_naar=terug
    )


@vereist(Rol.KETENREGISSEUR, permissies=["ketenregie.change_actiepunt"])
def actiepunt_bijwerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    actiepunt = ophalen(
        request,
        actiepunten_bewerkbaar_voor(request.user).select_related("overleg", "knelpunt"),
        scherm="ketenregie:actiepunt_bijwerken",
        uuid=uuid,
    )
    terug = terug_naar(actiepunt)
    form = ActiepuntBijwerkenForm(request.POST or None, initial=ActiepuntBijwerkenForm.initieel(actiepunt))

    antwoord = recordactie(
        request,
        form,
        lambda: services.actiepunt_bijwerken(
            door=request.user, actiepunt=actiepunt, gegevens=form.gegevens()
        ),
        url=terug,
        gelukt=f"Het actiepunt ‘{actiepunt.omschrijving}’ is bijgewerkt.",
        weigering_anker="",
    )
    return antwoord or render(
        request,
        "ketenregie/knelpunten/actiepunt.html",
        {"form": form, "actiepunt": actiepunt, "waar": _waar(actiepunt), "terug": terug},
        status=formulierstatus(request, form),
    )


urlpatterns = [
    path("actiepunten/<uuid:uuid>/bijwerken/", actiepunt_bijwerken, name="actiepunt_bijwerken"),
]
