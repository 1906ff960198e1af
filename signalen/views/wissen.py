"""Erasing a signal registered in error: the AF's request page and the beheerder's list."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mensenhandel.acties import formulier_afhandelen, formulierstatus
from mensenhandel.http import Verzoek
from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.paginas import gelezen
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import vereist
from mensenhandel.views import alleen_post
from signalen import services
from signalen.forms import WisverzoekBesluitForm, WisverzoekForm
from signalen.models import Wisverzoek
from signalen.views.basis import AF, bewerkbaar, signaal_url

PER_PAGINA = 50


@vereist(AF, permissies=["signalen.change_signaal"])
def wissen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The AF asks to erase their signal: what is wrong with it, and why."""
    signaal = bewerkbaar(request, uuid, "signalen:wissen")
    form = WisverzoekForm(request.POST or None)

    def indienen() -> Wisverzoek:
        return services.wisverzoek_indienen(
            door=request.user,
            signaal=signaal,
            soort=form.cleaned_data["soort"],
            reden=form.cleaned_data["reden"],
            request=request,
        )

    def gelukt(verzoek: Wisverzoek) -> HttpResponse:
        messages.success(
            request,
            "Het wisverzoek is ingediend. Een functioneel beheerder beoordeelt het; tot dan blijft het "
            "signaal zoals het is.",
        )
        return redirect(signaal_url(signaal))

    antwoord = formulier_afhandelen(request, form, indienen, gelukt)
    if antwoord is not None:
        return antwoord
    verzoeken = list(Wisverzoek.objects.filter(signaal=signaal).select_related("beoordeeld_door"))
    return render(
        request,
        "signalen/wissen.html",
        {"signaal": signaal, "form": form, "verzoeken": verzoeken},
        status=formulierstatus(request, form),
    )


def _lijst(request: Verzoek, bezig: WisverzoekBesluitForm | None = None) -> HttpResponse:
    verzoeken = Wisverzoek.objects.select_related("gemeente", "aangevraagd_door", "beoordeeld_door")
    open_ = list(verzoeken.filter(status=Wisverzoek.Status.AANGEVRAAGD).order_by("aangevraagd_op"))
    for verzoek in open_:
        verzoek.formulier = (  # type: ignore[attr-defined]
            bezig
            if bezig is not None and getattr(bezig, "verzoek", None) == verzoek.pk
            else WisverzoekBesluitForm()
        )
    pagina = Paginator(verzoeken.exclude(status=Wisverzoek.Status.AANGEVRAAGD), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    gelezen(pagina)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type="signalen.Wisverzoek",
        scherm="signalen:wisverzoeken",
        getoond=[("signalen.Wisverzoek", v.uuid) for v in [*open_, *pagina]],
    )
    return render(
        request,
        "signalen/wisverzoeken.html",
        {"open": open_, "pagina": pagina, "zoekopdracht": ""},
        status=formulierstatus(request, bezig) if bezig is not None else 200,
    )


@vereist(Rol.FUNCTIONEEL_BEHEERDER)
def wisverzoeken(request: Verzoek) -> HttpResponse:
    return _lijst(request)


@alleen_post
@vereist(Rol.FUNCTIONEEL_BEHEERDER)
def wisverzoek_beoordelen(request: Verzoek, uuid: Any) -> HttpResponse:
    verzoek = Wisverzoek.objects.filter(uuid=uuid).first()
    if verzoek is None:
        raise Http404
    form = WisverzoekBesluitForm(request.POST)
    form.verzoek = verzoek.pk  # type: ignore[attr-defined]

    def beoordelen() -> Wisverzoek:
        return services.wisverzoek_beoordelen(
            door=request.user,
            verzoek=verzoek,
            goedkeuren=form.cleaned_data["besluit"] == "goedkeuren",
            toelichting=form.cleaned_data["toelichting"],
            request=request,
        )

    def gelukt(besluit: Wisverzoek) -> HttpResponse:
        if besluit.status == Wisverzoek.Status.UITGEVOERD:
            messages.success(request, f"Signaal {besluit.referentie} is gewist.")
        else:
            messages.success(request, f"Het wisverzoek voor {besluit.referentie} is afgewezen.")
        return redirect("signalen:wisverzoeken")

    antwoord = formulier_afhandelen(
        request, form, beoordelen, gelukt, weigering_naar=reverse("signalen:wisverzoeken")
    )
    return antwoord or _lijst(request, form)
