"""The wegenkaart (partner directory): read by every role, kept by the KR and the FB.

Views read through ``ketenregie.selectors`` and write through ``ketenregie.services``.
A validation error re-renders the form with the input kept (400); a refused step
becomes a message and a redirect to the partner's page.
"""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from ketenregie.forms.wegenkaart import ContactpersoonForm, PartnerForm, WegenkaartFilter
from ketenregie.models import Contactpersoon, Partner, Soort
from ketenregie.selectors.wegenkaart import (
    BEWERKERS,
    LEZERS,
    contactpersonen_bewerkbaar_voor,
    partners_bewerkbaar_voor,
    partners_voor,
)
from ketenregie.services import wegenkaart as services
from mensenhandel.acties import Geweigerd, formulier_afhandelen, formulierstatus
from mensenhandel.http import Verzoek
from mensenhandel.paginas import naar
from mensenhandel.toegang import heeft_rol, ophalen, vereist
from mensenhandel.views import alleen_post


def _partner_url(partner: Partner) -> str:
    return reverse("ketenregie:partner", kwargs={"uuid": partner.uuid})


def _naar_partner(partner: Partner, anker: str = "") -> HttpResponse:
    return naar(_partner_url(partner), anker)


# --- The wegenkaart ----------------------------------------------------------------------


@vereist(*LEZERS, permissies=["ketenregie.view_partner"])
def wegenkaart(request: Verzoek) -> HttpResponse:
    form = WegenkaartFilter(request.GET or None)
    partners = list(partners_voor(request.user, **form.zoekvragen())) if not form.errors else []
    bewerkbaar: set[int] = set()
    if heeft_rol(request.user, *BEWERKERS) and partners:
        bewerkbaar = set(
            partners_bewerkbaar_voor(request.user)
            .filter(pk__in=[p.pk for p in partners])
            .values_list("pk", flat=True)
        )
    per_soort: dict[str, list[Partner]] = {}
    for partner in partners:
        partner.bewerkbaar = partner.pk in bewerkbaar  # type: ignore[attr-defined]
        per_soort.setdefault(partner.soort, []).append(partner)
    groepen = [
        (soort.value, soort.label, per_soort[soort.value]) for soort in Soort if soort.value in per_soort
    ]
    return render(
        request,
        "ketenregie/wegenkaart/wegenkaart.html",
        {
            "form": form,
            "groepen": groepen,
            "aantal": len(partners),
            "mag_toevoegen": heeft_rol(request.user, *BEWERKERS),
        },
        status=400 if form.errors else 200,
    )


@vereist(*LEZERS, permissies=["ketenregie.view_partner"])
def partner(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(request, partners_voor(request.user), scherm="ketenregie:partner", uuid=uuid)
    bewerkbaar = partners_bewerkbaar_voor(request.user).filter(pk=gevonden.pk).exists()
    return render(
        request,
        "ketenregie/wegenkaart/partner.html",
        {
            "partner": gevonden,
            "bewerkbaar": bewerkbaar,
            "contact_form": ContactpersoonForm() if bewerkbaar else None,
        },
    )


@vereist(*BEWERKERS, permissies=["ketenregie.add_partner"])
def partner_nieuw(request: Verzoek) -> HttpResponse:
    form = PartnerForm(request.POST or None, gebruiker=request.user)

    def gelukt(nieuw: Partner) -> HttpResponse:
        messages.success(request, f"{nieuw.naam} staat op de wegenkaart.")
        return _naar_partner(nieuw)

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.partner_opslaan(
            door=request.user, gegevens=form.gegevens(), regios=form.cleaned_data["regios"]
        ),
        gelukt,
    )
    return antwoord or render(
        request,
        "ketenregie/wegenkaart/partner_formulier.html",
        {"form": form, "titel": "Nieuwe partner", "partner": None},
        status=formulierstatus(request, form),
    )


@vereist(*BEWERKERS, permissies=["ketenregie.change_partner"])
def partner_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(
        request,
        partners_bewerkbaar_voor(request.user).prefetch_related("regios"),
        scherm="ketenregie:partner_bewerken",
        uuid=uuid,
    )
    initieel = {veld: getattr(bestaand, veld) for veld in services.PARTNERVELDEN}
    initieel["regios"] = list(bestaand.regios.all())
    form = PartnerForm(request.POST or None, gebruiker=request.user, initial=initieel)

    def gelukt(_: Partner) -> HttpResponse:
        messages.success(request, "De gegevens van de partner zijn opgeslagen.")
        return _naar_partner(bestaand)

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.partner_opslaan(
            door=request.user, partner=bestaand, gegevens=form.gegevens(), regios=form.cleaned_data["regios"]
        ),
        gelukt,
        weigering_naar=_partner_url(bestaand),
    )
    return antwoord or render(
        request,
        "ketenregie/wegenkaart/partner_formulier.html",
        {"form": form, "titel": f"{bestaand.naam} bewerken", "partner": bestaand},
        status=formulierstatus(request, form),
    )


# --- Contact persons -----------------------------------------------------------------------


@vereist(*BEWERKERS, permissies=["ketenregie.add_contactpersoon"])
def contactpersoon_toevoegen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    bij = ophalen(
        request,
        partners_bewerkbaar_voor(request.user),
        scherm="ketenregie:contactpersoon_toevoegen",
        uuid=uuid,
    )
    form = ContactpersoonForm(request.POST or None)

    def gelukt(contact: Contactpersoon) -> HttpResponse:
        messages.success(request, f"{contact.naam} is toegevoegd als contactpersoon.")
        return _naar_partner(bij, "contactpersonen")

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.contactpersoon_opslaan(door=request.user, partner=bij, gegevens=form.gegevens()),
        gelukt,
        weigering_naar=_partner_url(bij),
    )
    return antwoord or render(
        request,
        "ketenregie/wegenkaart/contactpersoon.html",
        {"form": form, "partner": bij},
        status=formulierstatus(request, form),
    )


@vereist(*BEWERKERS, permissies=["ketenregie.change_contactpersoon"])
def contactpersoon_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    contact = ophalen(
        request,
        contactpersonen_bewerkbaar_voor(request.user),
        scherm="ketenregie:contactpersoon_bewerken",
        uuid=uuid,
    )
    bij, naam = contact.partner, contact.naam  # the service changes ``contact`` before it validates
    form = ContactpersoonForm(
        request.POST or None, initial={veld: getattr(contact, veld) for veld in services.CONTACTVELDEN}
    )

    def gelukt(opgeslagen: Contactpersoon) -> HttpResponse:
        messages.success(request, f"De gegevens van {opgeslagen.naam} zijn opgeslagen.")
        return _naar_partner(bij, "contactpersonen")

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.contactpersoon_opslaan(
            door=request.user, partner=bij, contactpersoon=contact, gegevens=form.gegevens()
        ),
        gelukt,
        weigering_naar=_partner_url(bij),
    )
    return antwoord or render(
        request,
        "ketenregie/wegenkaart/contactpersoon.html",
        {"form": form, "partner": bij, "contact_naam": naam},
        status=formulierstatus(request, form),
    )


@vereist(*BEWERKERS, permissies=["ketenregie.delete_contactpersoon"])
@alleen_post
def contactpersoon_verwijderen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    contact = ophalen(
        request,
        contactpersonen_bewerkbaar_voor(request.user),
        scherm="ketenregie:contactpersoon_verwijderen",
        uuid=uuid,
    )
    try:
        services.contactpersoon_verwijderen(door=request.user, contactpersoon=contact)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, f"{contact.naam} is verwijderd als contactpersoon.")
    return _naar_partner(contact.partner, "contactpersonen")


urlpatterns = [
    path("wegenkaart/", wegenkaart, name="wegenkaart"),
    path("wegenkaart/nieuw/", partner_nieuw, name="partner_nieuw"),
    path("wegenkaart/<uuid:uuid>/", partner, name="partner"),
    path("wegenkaart/<uuid:uuid>/bewerken/", partner_bewerken, name="partner_bewerken"),
    path(
        "wegenkaart/<uuid:uuid>/contactpersonen/nieuw/",
        contactpersoon_toevoegen,
        name="contactpersoon_toevoegen",
    ),
    path(
        "wegenkaart/contactpersonen/<uuid:uuid>/bewerken/",
        contactpersoon_bewerken,
        name="contactpersoon_bewerken",
    ),
    path(
        "wegenkaart/contactpersonen/<uuid:uuid>/verwijderen/",
        contactpersoon_verwijderen,
        name="contactpersoon_verwijderen",
    ),
]
