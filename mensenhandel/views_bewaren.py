"""The functioneel beheerder's retention page: terms, what will go, and holds."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mensenhandel import bewaarbeheer, bewaren
from mensenhandel.acties import formulier_afhandelen, formulierstatus
from mensenhandel.bewaartermijnen import STANDAARD, Termijnsoort, maanden_tekst
from mensenhandel.forms import BewaartermijnForm, BlokkadeBesluitForm, BlokkadeForm
from mensenhandel.http import Verzoek
from mensenhandel.models import Bewaarblokkade, Bewaartermijn, Rol, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import vereist
from mensenhandel.views import alleen_post

NACHTELIJKE_RUN = time(2, 30)  # CELERY_BEAT_SCHEDULE "bewaartermijnen-toepassen"
VOORUIT_DAGEN = 30


def volgende_run(nu: Any = None) -> date:
    """The day of the next nightly removal."""
    lokaal = timezone.localtime(nu)
    return lokaal.date() if lokaal.time() < NACHTELIJKE_RUN else lokaal.date() + timedelta(days=1)


def _pagina(request: Verzoek, formulieren: dict[str, forms.BaseForm] | None = None) -> HttpResponse:
    formulieren = formulieren or {}
    eigen: dict[str, list[Bewaartermijn]] = {}
    for termijn in Bewaartermijn.objects.select_related("regio", "gewijzigd_door").order_by("regio__naam"):
        eigen.setdefault(termijn.soort, []).append(termijn)
    wat = {regel.soort: regel.wat for regel in bewaren.bewaarregels()}
    soorten = [
        {
            "soort": soort,
            "standaard": STANDAARD[soort],
            "wat": wat.get(soort, ""),
            "minimaal": maanden_tekst(STANDAARD[soort].minimaal),
            "maximaal": maanden_tekst(STANDAARD[soort].maximaal),
            "eigen": eigen.get(soort.value, []),
        }
        for soort in Termijnsoort
    ]
    dag = volgende_run()
    straks, later = bewaren.vooruitblik(dag), bewaren.vooruitblik(dag + timedelta(days=VOORUIT_DAGEN))
    blokkades = list(Bewaarblokkade.objects.select_related("aangevraagd_door", "beoordeeld_door")[:200])
    bezig = formulieren.get("besluit")
    for blokkade in blokkades:
        blokkade.formulier = (  # type: ignore[attr-defined]
            bezig
            if bezig is not None and getattr(bezig, "blokkade", None) == blokkade.pk
            else BlokkadeBesluitForm()
        )
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type="mensenhandel.Bewaarblokkade",
        scherm="beheerder:bewaren",
        getoond=[("mensenhandel.Bewaarblokkade", b.uuid) for b in blokkades],
    )
    context = {
        "soorten": soorten,
        "straks": straks,
        "later": later,
        "vooruit_dagen": VOORUIT_DAGEN,
        "toegangslog_termijn": maanden_tekst(settings.TOEGANGSLOG_BEWAARTERMIJN_MAANDEN),
        "aangevraagd": [b for b in blokkades if b.status == Bewaarblokkade.Status.AANGEVRAAGD],
        "actief": [b for b in blokkades if b.status == Bewaarblokkade.Status.ACTIEF],
        "overig": [
            b
            for b in blokkades
            if b.status not in (Bewaarblokkade.Status.AANGEVRAAGD, Bewaarblokkade.Status.ACTIEF)
        ][:20],
        "termijnform": formulieren.get("termijn") or BewaartermijnForm(),
        "blokkadeform": formulieren.get("blokkade") or BlokkadeForm(),
    }
    status = formulierstatus(request, *formulieren.values()) if formulieren else 200
    return render(request, "beheerder/bewaren.html", context, status=status)


@vereist(Rol.FUNCTIONEEL_BEHEERDER)
def bewaren_overzicht(request: Verzoek) -> HttpResponse:
    return _pagina(request)


@alleen_post
@vereist(Rol.FUNCTIONEEL_BEHEERDER)
def bewaartermijn_instellen(request: Verzoek) -> HttpResponse:
    form = BewaartermijnForm(request.POST)

    def instellen() -> Bewaartermijn | None:
        data = form.cleaned_data
        return bewaarbeheer.bewaartermijn_instellen(
            door=request.user,
            regio=data["regio"],
            soort=data["soort"],
            maanden=data["maanden"],
            toelichting=data["toelichting"],
            request=request,
        )

    def gelukt(termijn: Bewaartermijn | None) -> HttpResponse:
        if termijn is None:
            messages.success(request, "De regio volgt voor deze soort weer de standaardtermijn.")
        else:
            messages.success(
                request,
                f"De bewaartermijn van {termijn.regio.naam} voor ‘{termijn.get_soort_display()}’ is nu "
                f"{maanden_tekst(termijn.maanden)}.",
            )
        return redirect(f"{reverse('beheerder:bewaren')}#termijnen")

    antwoord = formulier_afhandelen(request, form, instellen, gelukt)
    return antwoord or _pagina(request, {"termijn": form})


@alleen_post
@vereist(Rol.FUNCTIONEEL_BEHEERDER)
def blokkade_plaatsen(request: Verzoek) -> HttpResponse:
    form = BlokkadeForm(request.POST)

    def plaatsen() -> Bewaarblokkade:
        data = form.cleaned_data
        return bewaarbeheer.blokkade_plaatsen(
            door=request.user,
            referentie=data["referentie"],
            reden=data["reden"],
            tot=data["tot"],
            request=request,
        )

    def gelukt(blokkade: Bewaarblokkade) -> HttpResponse:
        messages.success(request, f"{blokkade.referentie} blijft bewaard tot en met {blokkade.tot:%d-%m-%Y}.")
        return redirect(f"{reverse('beheerder:bewaren')}#blokkades")

    antwoord = formulier_afhandelen(request, form, plaatsen, gelukt)
    return antwoord or _pagina(request, {"blokkade": form})


@alleen_post
@vereist(Rol.FUNCTIONEEL_BEHEERDER)
def blokkade_besluit(request: Verzoek, uuid: Any) -> HttpResponse:
    blokkade = Bewaarblokkade.objects.filter(uuid=uuid).first()
    if blokkade is None:
        raise Http404
    form = BlokkadeBesluitForm(request.POST)
    form.blokkade = blokkade.pk  # type: ignore[attr-defined]

    def besluiten() -> Bewaarblokkade:
        besluit = form.cleaned_data["besluit"]
        if besluit == "opheffen":
            return bewaarbeheer.blokkade_opheffen(door=request.user, blokkade=blokkade, request=request)
        return bewaarbeheer.blokkade_beoordelen(
            door=request.user, blokkade=blokkade, goedkeuren=besluit == "goedkeuren", request=request
        )

    def gelukt(besluit: Bewaarblokkade) -> HttpResponse:
        messages.success(
            request, f"De blokkade van {besluit.referentie} is {besluit.get_status_display().lower()}."
        )
        return redirect(f"{reverse('beheerder:bewaren')}#blokkades")

    antwoord = formulier_afhandelen(
        request, form, besluiten, gelukt, weigering_naar=f"{reverse('beheerder:bewaren')}#blokkades"
    )
    return antwoord or _pagina(request, {"besluit": form})


# --- A hold asked for by the aandachtsfunctionaris or zorgcoördinator of a record -----------------


def blokkade_aanvraagpagina(
    request: Verzoek, doel: bewaarbeheer.Blokkeerbaar, *, terug: str, wat: str, scherm: str
) -> HttpResponse:
    """The page on which the owner of a record asks to keep it past its term (GET and POST).

    The app's view has checked that the record is the user's; ``wat`` names it ("signaal
    S-2026-00042"), ``terug`` is its page.
    """
    form = BlokkadeForm(request.POST or None, met_referentie=False)

    def aanvragen() -> Bewaarblokkade:
        return bewaarbeheer.blokkade_aanvragen(
            door=request.user,
            doel=doel,
            reden=form.cleaned_data["reden"],
            tot=form.cleaned_data["tot"],
            request=request,
        )

    def gelukt(blokkade: Bewaarblokkade) -> HttpResponse:
        messages.success(
            request,
            "De blokkade is aangevraagd; de functioneel beheerder beoordeelt haar. Tot dan geldt de "
            "gewone bewaartermijn.",
        )
        return redirect(terug)

    antwoord = formulier_afhandelen(request, form, aanvragen, gelukt)
    if antwoord is not None:
        return antwoord
    blokkades = list(
        Bewaarblokkade.objects.filter(object_type=doel.object_type, object_uuid=doel.object_uuid).order_by(
            "-aangevraagd_op"
        )
    )
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type=doel.object_type,
        object_id=str(doel.object_uuid),
        scherm=scherm,
    )
    return render(
        request,
        "bewaren/aanvragen.html",
        {"form": form, "blokkades": blokkades, "wat": wat, "terug": terug},
        status=formulierstatus(request, form),
    )
