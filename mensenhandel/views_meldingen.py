"""The user's own page for e-mail about their work (``mensenhandel.meldingen``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mensenhandel import meldingen
from mensenhandel import werk as werklijsten
from mensenhandel.acties import formulier_afhandelen, formulierstatus
from mensenhandel.forms_meldingen import MeldingsvoorkeurForm
from mensenhandel.http import Verzoek
from mensenhandel.models import Meldingsvoorkeur, Rol
from mensenhandel.toegang import vereist

BEVESTIGING = {
    Meldingsvoorkeur.Wijze.DAGELIJKS: (
        "U krijgt elke dag om {uur:02d}:00 uur een e-mail als er werk op u wacht."
    ),
    Meldingsvoorkeur.Wijze.DIRECT: "U krijgt een e-mail zodra er nieuw werk op u wacht.",
    Meldingsvoorkeur.Wijze.UIT: "U krijgt geen e-mail meer over uw werk.",
}


@vereist(*Rol)
def meldingen_instellen(request: Verzoek) -> HttpResponse:
    """Show and change how often the user hears of waiting work; the page shows their own
    setting only (no personal data of others)."""
    voorkeur = meldingen.voorkeur_van(request.user)
    form = MeldingsvoorkeurForm(request.POST or None, initial={"wijze": voorkeur.wijze, "uur": voorkeur.uur})

    def opslaan() -> Meldingsvoorkeur:
        return meldingen.meldingsvoorkeur_instellen(
            door=request.user, wijze=form.cleaned_data["wijze"], uur=form.cleaned_data["uur"]
        )

    def gelukt(opgeslagen: Meldingsvoorkeur) -> HttpResponse:
        messages.success(
            request, BEVESTIGING[Meldingsvoorkeur.Wijze(opgeslagen.wijze)].format(uur=opgeslagen.uur)
        )
        return redirect(reverse("meldingen"))

    antwoord = formulier_afhandelen(request, form, opslaan, gelukt)
    return antwoord or render(
        request,
        "meldingen/instellen.html",
        {"form": form, "werk_voor_rol": werklijsten.heeft_werk(request.user)},
        status=formulierstatus(request, form),
    )
