"""The basisniveau monitor: the VNG basisniveau per gemeente.

The ketenregisseur sees a table per regio (gemeenten × checks); an aandachtsfunctionaris
the rows of their own gemeenten. Both update a gemeente's eight checks in one form.
Views read through ``ketenregie.selectors.basisniveau`` and write through
``ketenregie.services.basisniveau``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from ketenregie.forms.basisniveau import BasisniveauForm, Groep
from ketenregie.models import Basisniveau, Basisniveaupunt, BasisniveauStatus
from ketenregie.selectors.basisniveau import (
    SYMBOOL,
    basisniveau_tabellen,
    basisniveau_van,
    punten,
    versie_van,
)
from ketenregie.selectors.netwerk import BIJHOUDERS, aantal_actieve_afs, gemeenten_bij_te_houden
from ketenregie.services import basisniveau as services
from mensenhandel.acties import formulier_afhandelen, formulierstatus
from mensenhandel.forms import fouten_overnemen
from mensenhandel.http import Verzoek
from mensenhandel.models import Gemeente, Rol
from mensenhandel.toegang import heeft_rol, ophalen, vereist

LEZEN = ["ketenregie.view_basisniveau"]
BIJWERKEN = [*LEZEN, "ketenregie.change_basisniveau"]


@vereist(*BIJHOUDERS, permissies=LEZEN)
def basisniveau(request: Verzoek) -> HttpResponse:
    return render(
        request,
        "ketenregie/basisniveau/tabel.html",
        {
            "tabellen": basisniveau_tabellen(request.user),
            "punten": punten(),
            "statussen": [(s.label, SYMBOOL[s.value]) for s in BasisniveauStatus],
            "is_kr": heeft_rol(request.user, Rol.KETENREGISSEUR),
        },
    )


@dataclass
class Onderdeelblok:
    """One check on the form: its fields, what is saved now, and a hint where there is one."""

    groep: Groep
    opgeslagen: Basisniveau | None
    afwijking: bool = False
    hint: str = ""


def _hint_af(gemeente: Gemeente) -> str:
    aantal = aantal_actieve_afs(gemeente)
    wie = {0: "nu geen actieve aandachtsfunctionaris", 1: "1 actieve aandachtsfunctionaris"}.get(
        aantal, f"{aantal} actieve aandachtsfunctionarissen"
    )
    return f"Volgens het netwerk van aandachtsfunctionarissen heeft {gemeente.naam} {wie}."


def _blokken(form: BasisniveauForm, gemeente: Gemeente, conflict: bool) -> list[Onderdeelblok]:
    opgeslagen = basisniveau_van(gemeente)
    ingevoerd = form.geldige_punten() if conflict else {}
    blokken = []
    for groep in form.groepen():
        onderdeel = opgeslagen.get(groep.punt)
        blok = Onderdeelblok(groep=groep, opgeslagen=onderdeel)
        if conflict and groep.punt in ingevoerd:
            waarden = ingevoerd[groep.punt]
            blok.afwijking = not services.gelijk_aan_opgeslagen(
                onderdeel, waarden["status"], waarden["datum"], (waarden["onderbouwing"] or "").strip()
            )
        if groep.punt == Basisniveaupunt.AF_AANGESTELD:
            blok.hint = _hint_af(gemeente)
        blokken.append(blok)
    return blokken


@vereist(*BIJHOUDERS, permissies=BIJWERKEN)
def basisniveau_gemeente(request: Verzoek, cbs_code: str) -> HttpResponse:
    gemeente = ophalen(
        request,
        gemeenten_bij_te_houden(request.user),
        scherm="ketenregie:basisniveau_gemeente",
        cbs_code=cbs_code,
    )
    if request.method == "POST":
        form = BasisniveauForm(request.POST, onderdelen=basisniveau_van(gemeente))
    else:
        form = BasisniveauForm(onderdelen=basisniveau_van(gemeente), initial={"versie": versie_van(gemeente)})
    geldig = form.is_valid()

    def gelukt(aantal: int) -> HttpResponse:
        if aantal:
            messages.success(request, f"Het basisniveau van {gemeente.naam} is opgeslagen.")
        else:
            messages.info(request, f"Er was niets gewijzigd aan het basisniveau van {gemeente.naam}.")
        return redirect(f"{reverse('ketenregie:basisniveau')}#gemeente-{gemeente.cbs_code}")

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.basisniveau_bijwerken(
            door=request.user, gemeente=gemeente, punten=form.punten(), versie=form.cleaned_data["versie"]
        ),
        gelukt,
        weigering_naar=reverse("ketenregie:basisniveau"),
    )
    if antwoord is not None:
        return antwoord
    status = formulierstatus(request, form)
    conflict = status == 409
    if conflict:
        # Keep the input; carry the new version so that saving again is a choice.
        fouten = form.non_field_errors()
        data = request.POST.copy()
        data["versie"] = str(versie_van(gemeente))
        form = BasisniveauForm(data, onderdelen=basisniveau_van(gemeente))
        form.is_valid()
        for fout in fouten:
            form.add_error(None, fout)
    elif request.method == "POST" and not geldig:
        # Show the service's checks of the valid parts too, so that every error shows at once.
        try:
            services.punten_controleren(form.geldige_punten())
        except ValidationError as fout:
            fouten_overnemen(form, fout)
    return render(
        request,
        "ketenregie/basisniveau/gemeente.html",
        {
            "gemeente": gemeente,
            "form": form,
            "blokken": _blokken(form, gemeente, conflict),
            "conflict": conflict,
        },
        status=status,
    )


urlpatterns = [
    path("basisniveau/", basisniveau, name="basisniveau"),
    path("basisniveau/<str:cbs_code>/", basisniveau_gemeente, name="basisniveau_gemeente"),
]
