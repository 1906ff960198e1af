"""Registering a signal, changing its details, and adding, changing or removing a person."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from mensenhandel.acties import (
    Geweigerd,
    aanmaken_melden,
    formulier_afhandelen,
    formulierstatus,
    nieuw_formuliertoken,
)
from mensenhandel.forms import foutmeldingen, ongecontroleerd
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from signalen import services
from signalen.forms import PersonenFormSet, PersoonForm, SignaalForm
from signalen.forms.registratie import PERSOON_ERBIJ
from signalen.models import BetrokkenPersoon, Signaal
from signalen.selectors import signalen_bewerkbaar_voor
from signalen.services import Treffers
from signalen.views.basis import (
    AF,
    bewerkbaar,
    loggen,
    naar_signaal,
    persoon_ophalen,
    signaal_url,
    signaalactie,
    stapeling_melden,
)

PERSONEN = "personen"  # the persons' formset prefix


@vereist(AF, permissies=["signalen.add_signaal"])
def nieuw(request: Verzoek) -> HttpResponse:
    """A new signal with its persons. A double submit, also two at the same moment, ends on
    the first signal (the form token, ``services.signaal_registreren``).

    "Nog een persoon toevoegen" and "weghalen" post the page too: shown again with one person
    block more or less, as typed, unchecked and unsaved (the same form token)."""
    status = 200
    if (
        request.method == "POST"
        and (gewijzigd := PersonenFormSet.blokken_wijzigen(request.POST, prefix=PERSONEN)) is not None
    ):
        form = SignaalForm(gewijzigd, gebruiker=request.user, nieuw=True)
        personen = PersonenFormSet(gewijzigd, prefix=PERSONEN)
        ongecontroleerd(form, personen)
    elif request.method == "POST":
        form = SignaalForm(request.POST, gebruiker=request.user, nieuw=True)
        personen = PersonenFormSet(request.POST, prefix=PERSONEN)
        # Both validated, so that every error shows at once.
        geldig = form.is_valid()
        geldig = personen.is_valid() and geldig
        antwoord = geldig and formulier_afhandelen(
            request,
            form,
            lambda: services.signaal_registreren(
                door=request.user,
                gegevens=form.gegevens(),
                indicatoren=form.cleaned_data["indicatoren"],
                personen=personen.gegevens(),
                formuliertoken=form.cleaned_data["formuliertoken"],
            ),
            lambda resultaat: _geregistreerd(request, *resultaat),
        )
        if antwoord:
            return antwoord
        # It did not register anything: its errors are on the page.
        status = formulierstatus(request, form, personen)
    else:
        form = SignaalForm(
            gebruiker=request.user, nieuw=True, initial={"formuliertoken": nieuw_formuliertoken()}
        )
        personen = PersonenFormSet(prefix=PERSONEN)
    fouten = [*foutmeldingen(form), *personen.foutmeldingen()] if request.method == "POST" else []
    if PERSOON_ERBIJ in request.POST and personen.forms:
        # The block just added takes the focus (and the page scrolls there), also without JS.
        personen.forms[-1].fields["soort"].widget.attrs["autofocus"] = True
    return render(
        request,
        "signalen/nieuw.html",
        {
            "form": form,
            "personen": personen,
            "fouten": fouten,
        },
        status=status,
    )


def _geregistreerd(request: Verzoek, signaal: Signaal, treffers: Treffers, nieuw: bool) -> HttpResponse:
    aanmaken_melden(
        request,
        nieuw,
        gelukt=f"Signaal {signaal.referentie} is geregistreerd.",
        al_verstuurd=f"dit is signaal {signaal.referentie}.",
    )
    stapeling_melden(request, treffers)
    return naar_signaal(signaal)


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
    antwoord = signaalactie(
        request,
        form,
        signaal,
        lambda: services.signaal_bijwerken(
            signaal=signaal,
            door=request.user,
            gegevens=form.gegevens(),
            indicatoren=form.cleaned_data["indicatoren"],
            versie=form.cleaned_data["versie"],
        ),
        gelukt="De gegevens van het signaal zijn opgeslagen.",
    )
    if antwoord:
        return antwoord
    if request.method == "GET":
        loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:bewerken", signaal)
    status = formulierstatus(request, form)
    return render(
        request,
        "signalen/bewerken.html",
        {
            "form": form,
            "signaal": signaal,
            "referentie": referentie,
            "conflict": status == 409,
            "fouten": foutmeldingen(form) if request.method == "POST" else [],
        },
        status=status,
    )


def _persoon_opgeslagen(
    request: Verzoek, signaal: Signaal, melding: str
) -> Callable[[tuple[BetrokkenPersoon, Treffers]], HttpResponse]:
    """After adding or changing a person: the message, the stacking found, the signal's persons."""

    def gelukt(resultaat: tuple[BetrokkenPersoon, Treffers]) -> HttpResponse:
        _, treffers = resultaat
        messages.success(request, melding)
        stapeling_melden(request, treffers)
        return naar_signaal(signaal, "personen")

    return gelukt


@vereist(AF, permissies=["signalen.add_betrokkenpersoon"])
def persoon_toevoegen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = bewerkbaar(request, uuid, "signalen:persoon_toevoegen")
    form = PersoonForm(request.POST or None)
    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.persoon_toevoegen(signaal=signaal, door=request.user, gegevens=form.gegevens()),
        _persoon_opgeslagen(request, signaal, "De betrokken persoon is toegevoegd."),
        weigering_naar=signaal_url(signaal),
    )
    if antwoord:
        return antwoord
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
    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.persoon_bijwerken(
            persoon=persoon,
            door=request.user,
            gegevens=form.gegevens(),
            correctie=form.cleaned_data.get("correctie", False),
        ),
        _persoon_opgeslagen(request, signaal, "De gegevens van de betrokken persoon zijn opgeslagen."),
        weigering_naar=signaal_url(signaal),
    )
    if antwoord:
        return antwoord
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
