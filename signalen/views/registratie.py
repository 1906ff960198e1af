"""Registering a signal, changing its details, and adding, changing or removing a person."""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from mensenhandel.acties import (
    Geweigerd,
    al_verstuurd_melden,
    formulieractie,
    formulierstatus,
    nieuw_formuliertoken,
)
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from signalen import services
from signalen.forms import PersonenFormSet, PersoonForm, SignaalForm
from signalen.selectors import signalen_bewerkbaar_voor
from signalen.views.basis import AF, bewerkbaar, loggen, naar_signaal, persoon_ophalen, stapeling_melden


@vereist(AF, permissies=["signalen.add_signaal"])
def nieuw(request: Verzoek) -> HttpResponse:
    """A new signal with its persons. A double submit, also two at the same moment, ends on
    the first signal (the form token, ``services.signaal_registreren``)."""
    if request.method == "POST":
        form = SignaalForm(request.POST, gebruiker=request.user, nieuw=True)
        personen = PersonenFormSet(request.POST, prefix="personen")
        # Both validated, so that every error shows at once.
        geldig = form.is_valid()
        geldig = personen.is_valid() and geldig
        if geldig:
            uitkomst = formulieractie(
                form,
                lambda: services.signaal_registreren(
                    door=request.user,
                    gegevens=form.gegevens(),
                    indicatoren=form.cleaned_data["indicatoren"],
                    personen=personen.gegevens(),
                    formuliertoken=form.cleaned_data["formuliertoken"],
                ),
            )
            if uitkomst.gelukt:
                signaal, stapeling, is_nieuw = uitkomst.resultaat
                if is_nieuw:
                    messages.success(request, f"Signaal {signaal.referentie} is geregistreerd.")
                else:
                    al_verstuurd_melden(request, f"dit is signaal {signaal.referentie}.")
                stapeling_melden(request, stapeling)
                return naar_signaal(signaal)
    else:
        form = SignaalForm(
            gebruiker=request.user, nieuw=True, initial={"formuliertoken": nieuw_formuliertoken()}
        )
        personen = PersonenFormSet(prefix="personen")
    # A POST that gets here did not register anything: its errors are on the page.
    return render(
        request,
        "signalen/nieuw.html",
        {
            "form": form,
            "personen": personen,
            "personen_fouten": personen.is_bound and personen.total_error_count(),
        },
        status=formulierstatus(request, form, personen),
    )


@vereist(AF, permissies=["signalen.change_signaal"])
def bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = ophalen(
        request,
        signalen_bewerkbaar_voor(request.user).select_related("gemeente").prefetch_related("indicatoren"),
        scherm="signalen:bewerken",
        uuid=uuid,
    )
    referentie = signaal.referentie
    form = SignaalForm(request.POST or None, instance=signaal, gebruiker=request.user, nieuw=False)
    if request.method == "POST" and form.is_valid():
        try:
            uitkomst = formulieractie(
                form,
                lambda: services.signaal_bijwerken(
                    signaal=signaal,
                    door=request.user,
                    gegevens=form.gegevens(),
                    indicatoren=form.cleaned_data["indicatoren"],
                    versie=form.cleaned_data["versie"],
                ),
                weigering_doorgeven=True,
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return naar_signaal(signaal)
        if uitkomst.gelukt:
            messages.success(request, "De gegevens van het signaal zijn opgeslagen.")
            return naar_signaal(signaal)
    if request.method == "GET":
        loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:bewerken", signaal)
    status = formulierstatus(request, form)
    return render(
        request,
        "signalen/bewerken.html",
        {"form": form, "signaal": signaal, "referentie": referentie, "conflict": status == 409},
        status=status,
    )


@vereist(AF, permissies=["signalen.add_betrokkenpersoon"])
def persoon_toevoegen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = bewerkbaar(request, uuid, "signalen:persoon_toevoegen")
    form = PersoonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            uitkomst = formulieractie(
                form,
                lambda: services.persoon_toevoegen(
                    signaal=signaal, door=request.user, gegevens=form.gegevens()
                ),
                weigering_doorgeven=True,
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return naar_signaal(signaal)
        if uitkomst.gelukt:
            _, stapeling = uitkomst.resultaat
            messages.success(request, "De betrokken persoon is toegevoegd.")
            stapeling_melden(request, stapeling)
            return naar_signaal(signaal, "personen")
    return render(
        request,
        "signalen/persoon.html",
        {"form": form, "signaal": signaal, "titel": "Betrokken persoon toevoegen"},
        status=formulierstatus(request, form),
    )


@vereist(AF, permissies=["signalen.change_betrokkenpersoon"])
def persoon_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    persoon = persoon_ophalen(request, uuid, "signalen:persoon_bewerken")
    signaal = persoon.signaal
    form = PersoonForm(request.POST or None, instance=persoon)
    if request.method == "POST" and form.is_valid():
        try:
            uitkomst = formulieractie(
                form,
                lambda: services.persoon_bijwerken(
                    persoon=persoon, door=request.user, gegevens=form.gegevens()
                ),
                weigering_doorgeven=True,
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return naar_signaal(signaal)
        if uitkomst.gelukt:
            _, stapeling = uitkomst.resultaat
            messages.success(request, "De gegevens van de betrokken persoon zijn opgeslagen.")
            stapeling_melden(request, stapeling)
            return naar_signaal(signaal, "personen")
    if request.method == "GET":
        loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:persoon_bewerken", signaal)
    return render(
        request,
        "signalen/persoon.html",
        {"form": form, "signaal": signaal, "titel": "Betrokken persoon wijzigen"},
        status=formulierstatus(request, form),
    )


@vereist(AF, permissies=["signalen.delete_betrokkenpersoon"])
@alleen_post
def persoon_verwijderen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    persoon = persoon_ophalen(request, uuid, "signalen:persoon_verwijderen")
    try:
        services.persoon_verwijderen(persoon=persoon, door=request.user)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, "De betrokken persoon is verwijderd.")
    return naar_signaal(persoon.signaal, "personen")
