"""The functioneel beheerder's user pages (list, new with an invitation, detail and change,
deactivate, reactivate, resend or revoke an invitation) and the invited user's password step."""

from __future__ import annotations

import time
import uuid as uuidlib
from typing import Any

from django import forms
from django.contrib import auth, messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.debug import sensitive_post_parameters

from mensenhandel import gebruikersbeheer as beheer
from mensenhandel import gebruikerslijst
from mensenhandel.acties import (
    aanmaken_melden,
    formulier_afhandelen,
    formulierstatus,
    nieuw_formuliertoken,
    recordactie,
)
from mensenhandel.forms_gebruikers import GebruikerForm, GebruikersFilter, WachtwoordKiezenForm
from mensenhandel.http import Verzoek
from mensenhandel.models import Gebruiker, Rol, ToegangsLog, Toegangswijziging, Uitnodiging
from mensenhandel.paginas import gelezen, zonder_pagina
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import ophalen, publiek, vereist
from mensenhandel.views import (
    WACHTEND_BACKEND,
    WACHTEND_GEBRUIKER,
    WACHTEND_SINDS,
    WACHTEND_VERVOLG,
    alleen_post,
)

BEHEER = (Rol.FUNCTIONEEL_BEHEERDER,)
LEZEN = ["mensenhandel.view_gebruiker"]
WIJZIGEN = [*LEZEN, "mensenhandel.change_gebruiker"]
GEBRUIKERS_PER_PAGINA = 50
# The invitation opened in this browser: its id, and when (the password step must follow soon).
SESSIE_UITNODIGING = "mh_uitnodiging"
SESSIE_UITNODIGING_SINDS = "mh_uitnodiging_sinds"
UITNODIGING_STAP_SECONDEN = 30 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _site(request: HttpRequest) -> str:
    """The address the invitation's link starts with: this installation as the beheerder reaches it."""
    return request.build_absolute_uri("/")


def _wachtende_melding(
    request: HttpRequest, gebruiker: Gebruiker, wijziging: Toegangswijziging | None
) -> None:
    if wijziging is not None and wijziging.status == Toegangswijziging.Status.WACHT:
        messages.warning(
            request,
            format_html(
                "De rol of het bereik van {} geeft toegang tot persoonsgegevens en gaat pas in als een "
                'tweede functioneel beheerder de wijziging goedkeurt (<a class="utrecht-link" href="{}">'
                "toegangswijzigingen</a>).",
                gebruiker.naam,
                reverse("beheerder:toegangswijzigingen"),
            ),
        )


def _verstuurd_melden(request: HttpRequest, uitnodiging: Uitnodiging) -> None:
    if uitnodiging.verstuurd_op is not None:
        messages.success(request, f"De uitnodiging is verstuurd naar {uitnodiging.gebruiker.email}.")
    else:
        messages.error(
            request,
            "De uitnodiging kon niet worden verstuurd: de mailserver was niet bereikbaar of weigerde het "
            "bericht. Probeer het later opnieuw met ‘Nieuwe uitnodiging versturen’.",
        )


@vereist(*BEHEER, permissies=LEZEN)
def gebruikers(request: Verzoek) -> HttpResponse:
    """All users, searchable and filterable, 50 a page."""
    form = GebruikersFilter(request.GET or None)
    rijen = gebruikerslijst.gebruikers_voor_beheer()
    if form.is_bound:
        rijen = (
            gebruikerslijst.gebruikers_zoeken(rijen, **form.filters()) if form.is_valid() else rijen.none()
        )
    pagina = Paginator(rijen, GEBRUIKERS_PER_PAGINA).get_page(request.GET.get("pagina"))
    for gebruiker in gelezen(pagina):
        rol = gebruikerslijst.rol_uit_groepen(gebruiker)
        gebruiker.rol_label = rol.label if rol else "Geen rol"
        gebruiker.bereik_tekst = gebruikerslijst.bereik_tekst(gebruiker)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.ZOEKEN if form.is_bound else ToegangsLog.Actie.BEKIJKEN,
        object_type=beheer.OBJECT_TYPE,
        scherm="beheerder:gebruikers",
        getoond=[(beheer.OBJECT_TYPE, g.pk) for g in pagina],
    )
    return render(
        request,
        "beheerder/gebruikers/lijst.html",
        {"form": form, "pagina": pagina, "zoekopdracht": zonder_pagina(request.GET)},
        status=400 if form.errors else 200,
    )


@vereist(*BEHEER, permissies=[*LEZEN, "mensenhandel.add_gebruiker"])
def gebruiker_nieuw(request: Verzoek) -> HttpResponse:
    form = GebruikerForm(request.POST or None, nieuw=True, initial={"formuliertoken": nieuw_formuliertoken()})

    def gelukt(resultaat: tuple[Uitnodiging, Toegangswijziging | None, bool]) -> HttpResponse:
        uitnodiging, wijziging, nieuw = resultaat
        gebruiker = uitnodiging.gebruiker
        aanmaken_melden(
            request,
            nieuw,
            gelukt=f"{gebruiker.naam} is aangemaakt.",
            al_verstuurd=f"{gebruiker.naam} was al aangemaakt.",
        )
        if nieuw:
            _verstuurd_melden(request, uitnodiging)
            _wachtende_melding(request, gebruiker, wijziging)
        return redirect("beheerder:gebruiker", uuid=gebruiker.uuid)

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: beheer.gebruiker_uitnodigen(
            door=request.user,
            gegevens=form.gegevens(),
            site=_site(request),
            formuliertoken=form.cleaned_data["formuliertoken"],
            request=request,
        ),
        gelukt,
    )
    return antwoord or render(
        request,
        "beheerder/gebruikers/formulier.html",
        {"form": form, "titel": "Nieuwe gebruiker", "gebruiker": None},
        status=formulierstatus(request, form),
    )


def _initieel(gebruiker: Gebruiker) -> dict[str, Any]:
    """The form as the user is now, from what ``gebruikers_voor_beheer`` prefetched."""
    rol = gebruikerslijst.rol_uit_groepen(gebruiker)
    return {
        "naam": gebruiker.naam,
        "email": gebruiker.email,
        "telefoon": gebruiker.telefoon,
        "organisatie": gebruiker.organisatie,
        "rol": rol.value if rol else "",
        "gemeenten": [p.content_object for p in gebruiker.gemeentegebruikerpermissie_set.all()],
        "regios": [p.content_object for p in gebruiker.regiogebruikerpermissie_set.all()],
    }


@vereist(*BEHEER, permissies=WIJZIGEN)
def gebruiker(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """One user: their access, invitations and the trail of their access; the change form."""
    bestaand = ophalen(
        request, gebruikerslijst.gebruikers_voor_beheer(), scherm="beheerder:gebruiker", uuid=uuid
    )
    form = GebruikerForm(request.POST or None, nieuw=False, initial=_initieel(bestaand))

    def gelukt(wijziging: Toegangswijziging | None) -> HttpResponse:
        messages.success(request, f"De gegevens van {form.cleaned_data['naam']} zijn opgeslagen.")
        _wachtende_melding(request, bestaand, wijziging)
        return redirect("beheerder:gebruiker", uuid=bestaand.uuid)

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: beheer.gebruiker_wijzigen(
            door=request.user, gebruiker=bestaand, gegevens=form.gegevens(), request=request
        ),
        gelukt,
    )
    if antwoord is not None:
        return antwoord
    if request.method == "GET":
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.BEKIJKEN,
            object_type=beheer.OBJECT_TYPE,
            object_id=str(bestaand.pk),
            scherm="beheerder:gebruiker",
        )
    rol = gebruikerslijst.rol_uit_groepen(bestaand)
    context = {
        "form": form,
        "titel": bestaand.naam,
        "gebruiker": bestaand,
        "rol_label": rol.label if rol else "Geen rol",
        "bereik": gebruikerslijst.bereik_tekst(bestaand),
        "uitnodigingen": list(gebruikerslijst.uitnodigingen_van(bestaand)[:10]),
        "wijzigingen": list(
            Toegangswijziging.objects.filter(gebruiker=bestaand).select_related(
                "gebruiker", "aangevraagd_door", "beoordeeld_door"
            )[:10]
        ),
        "eigen": bestaand.pk == request.user.pk,
        "wachtwoord_gekozen": bestaand.has_usable_password(),
    }
    return render(
        request, "beheerder/gebruikers/formulier.html", context, status=formulierstatus(request, form)
    )


def _actie(request: Verzoek, uuid: uuidlib.UUID, actie: Any, gelukt: str) -> HttpResponse:
    """A button on a user's page: run the service, a message, back to the page (a refusal too)."""
    scherm = request.resolver_match.view_name if request.resolver_match else ""
    doel = ophalen(request, Gebruiker.objects.all(), scherm=scherm, uuid=uuid)
    uitkomst: list[Any] = []

    def uitvoeren() -> None:
        uitkomst.append(actie(doel))

    antwoord = recordactie(
        request,
        forms.Form(request.POST),
        uitvoeren,
        url=reverse("beheerder:gebruiker", kwargs={"uuid": doel.uuid}),
        gelukt=gelukt.format(naam=doel.naam),
        weigering_anker="",
    )
    if uitkomst and isinstance(uitkomst[0], Uitnodiging):
        _verstuurd_melden(request, uitkomst[0])
    # An empty form is always valid: there is always an answer.
    return antwoord or redirect("beheerder:gebruiker", uuid=doel.uuid)


@alleen_post
@vereist(*BEHEER, permissies=WIJZIGEN)
def gebruiker_deactiveren(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    return _actie(
        request,
        uuid,
        lambda g: beheer.gebruiker_deactiveren(door=request.user, gebruiker=g, request=request),
        "{naam} is gedeactiveerd: inloggen kan niet meer, en de rol en het bereik zijn ingetrokken.",
    )


@alleen_post
@vereist(*BEHEER, permissies=WIJZIGEN)
def gebruiker_heractiveren(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    return _actie(
        request,
        uuid,
        lambda g: beheer.gebruiker_heractiveren(door=request.user, gebruiker=g, request=request),
        "{naam} is weer actief. Kies hieronder een rol en het bereik.",
    )


@alleen_post
@vereist(*BEHEER, permissies=WIJZIGEN)
def uitnodiging_versturen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    return _actie(
        request,
        uuid,
        lambda g: beheer.uitnodiging_opnieuw_versturen(
            door=request.user, gebruiker=g, site=_site(request), request=request
        ),
        "Er is een nieuwe uitnodiging gemaakt voor {naam}; de vorige link werkt niet meer.",
    )


@alleen_post
@vereist(*BEHEER, permissies=WIJZIGEN)
def uitnodiging_intrekken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    return _actie(
        request,
        uuid,
        lambda g: beheer.uitnodiging_intrekken(door=request.user, gebruiker=g, request=request),
        "De uitnodiging van {naam} is ingetrokken; de link werkt niet meer.",
    )


# --- The invited user ----------------------------------------------------------------------------


def _ongeldig(request: HttpRequest) -> HttpResponse:
    """One answer for an unknown, used, expired or revoked link: nothing about the account."""
    request.session.pop(SESSIE_UITNODIGING, None)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.INLOGGEN,
        uitkomst=ToegangsLog.Uitkomst.MISLUKT,
        scherm="uitnodiging",
        toelichting="uitnodigingslink ongeldig, gebruikt, verlopen of ingetrokken",
    )
    return render(request, "uitnodiging/ongeldig.html", status=410)


@publiek
def uitnodiging(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: checked, kept in the session, and sent on to an address without the
    token (so that it stays out of the browser's history and of any Referer)."""
    gevonden = beheer.uitnodiging_bij_token(token)
    if gevonden is None:
        return _ongeldig(request)
    if request.user.is_authenticated:
        auth.logout(request)  # someone else's session in this browser: the invitation is not theirs
    request.session.cycle_key()
    request.session[SESSIE_UITNODIGING] = gevonden.pk
    request.session[SESSIE_UITNODIGING_SINDS] = time.time()
    toegang_loggen(
        request=request,
        gebruiker=gevonden.gebruiker,
        actie=ToegangsLog.Actie.INLOGGEN,
        object_type=beheer.OBJECT_TYPE,
        object_id=str(gevonden.gebruiker.pk),
        scherm="uitnodiging",
        toelichting=f"uitnodigingslink geopend ({gevonden.uuid})",
    )
    return redirect("uitnodiging_wachtwoord")


@publiek
@sensitive_post_parameters("wachtwoord", "herhaling")
def uitnodiging_wachtwoord(request: HttpRequest) -> HttpResponse:
    """Choose a password; then the first login's enrolment of the authenticator app follows."""
    pk = request.session.get(SESSIE_UITNODIGING)
    sinds = request.session.get(SESSIE_UITNODIGING_SINDS, 0)
    gevonden = (
        beheer.uitnodiging_bruikbaar(pk)
        if pk is not None and time.time() - sinds <= UITNODIGING_STAP_SECONDEN
        else None
    )
    if gevonden is None:
        return _ongeldig(request)
    nieuw = gevonden.gebruiker
    form = WachtwoordKiezenForm(request.POST or None, gebruiker=nieuw)

    def gelukt(gebruiker: Gebruiker) -> HttpResponse:
        request.session.pop(SESSIE_UITNODIGING, None)
        request.session.pop(SESSIE_UITNODIGING_SINDS, None)
        # As after a correct password at the login: the second factor follows (enrolment).
        request.session.cycle_key()
        request.session[WACHTEND_GEBRUIKER] = gebruiker.pk
        request.session[WACHTEND_BACKEND] = MODEL_BACKEND
        request.session[WACHTEND_SINDS] = time.time()
        request.session[WACHTEND_VERVOLG] = None
        messages.success(request, "Uw wachtwoord is ingesteld. Koppel nu uw authenticator-app.")
        if gebruiker.rol is None:
            messages.info(
                request,
                "Uw rol wacht nog op goedkeuring door een tweede functioneel beheerder. Tot dan ziet u na "
                "het inloggen nog geen gegevens.",
            )
        return redirect("inloggen_koppelen")

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: beheer.uitnodiging_aannemen(
            uitnodiging=gevonden, wachtwoord=form.cleaned_data["wachtwoord"], request=request
        ),
        gelukt,
    )
    return antwoord or render(
        request,
        "uitnodiging/wachtwoord.html",
        {"form": form, "naam": nieuw.naam, "email": nieuw.email},
        status=formulierstatus(request, form),
    )
