"""Meetings (overleggen): the AF meeting, the regietafel or drieluik, and the bestuurlijk
overleg Zorg en Veiligheid.

The ketenregisseur of the regio keeps them; AFs and zorgcoördinatoren of the regio read
them. A regietafel's agenda lists the regio's open signals, pseudonymised for whoever
may not read a signal. Views read through ``ketenregie.selectors.overleggen`` and write
through ``ketenregie.services.overleggen``. A validation error re-renders the form with
the input kept (400); a refused step becomes a message and a redirect.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from ketenregie.forms.actiepunten import ActiepuntForm
from ketenregie.forms.overleggen import OverlegFilter, OverlegForm, SignaalbesluitForm, besluitprefix
from ketenregie.models import Actiestatus, Agendasignaal, Overleg, Overlegsoort
from ketenregie.selectors.overleggen import (
    AF_OVERLEG_NORM,
    BESLUITERS,
    BEWERKERS,
    LEZERS,
    af_overleg_norm_voor,
    agenda_grof,
    agenda_voor,
    jaren_met_overleggen,
    mag_overleg_bewerken,
    overleg_detail,
    overleggen_bewerkbaar_voor,
    overleggen_voor,
    overzicht,
    peildatum,
)
from ketenregie.services import overleggen as services
from ketenregie.views.actiepunten import (
    actiepunt_toevoegen,
    is_te_laat,
    met_te_laat,
    nieuw_actiepuntformulier,
)
from mensenhandel.acties import (
    Geweigerd,
    aanmaken_melden,
    formulier_afhandelen,
    formulieractie,
    formulierstatus,
    nieuw_formuliertoken,
)
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.paginas import naar, zonder_pagina
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import heeft_rol, ophalen, vereist
from mensenhandel.views import alleen_post

PER_PAGINA = 50


def _overleg_url(overleg: Overleg, anker: str = "") -> str:
    url = reverse("ketenregie:overleg", kwargs={"uuid": overleg.uuid})
    return f"{url}#{anker}" if anker else url


def _naar_overleg(overleg: Overleg, anker: str = "") -> HttpResponse:
    return naar(_overleg_url(overleg, anker))


def _signalen(aantal: int) -> str:
    return "1 signaal" if aantal == 1 else f"{aantal} signalen"


def _op_de_agenda(aantal: int) -> str:
    if aantal == 0:
        return "Er staan nog geen signalen op de agenda."
    return f"Er {'staat' if aantal == 1 else 'staan'} {_signalen(aantal)} op de agenda."


# --- The list -------------------------------------------------------------------------------


@vereist(*LEZERS, permissies=["ketenregie.view_overleg"])
def overleggen(request: Verzoek) -> HttpResponse:
    basis = overleggen_voor(request.user)
    vandaag = timezone.localdate()
    jaren = sorted({*jaren_met_overleggen(basis), vandaag.year}, reverse=True)
    gefilterd = any(sleutel != "pagina" for sleutel in request.GET)
    form = OverlegFilter(request.GET if gefilterd else None, jaren=jaren)
    selectie = basis if not form.errors else basis.none()
    zoek = form.zoekvragen()
    if "jaar" in zoek:
        selectie = selectie.filter(datum__year=zoek["jaar"])
    if "soort" in zoek:
        selectie = selectie.filter(soort=zoek["soort"])
    pagina = Paginator(overzicht(selectie), PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "ketenregie/overleggen/lijst.html",
        {
            "form": form,
            "pagina": pagina,
            "vandaag": vandaag,
            "zoekopdracht": zonder_pagina(request.GET),
            "normregels": af_overleg_norm_voor(request.user, vandaag=vandaag),
            "norm": AF_OVERLEG_NORM,
            "mag_toevoegen": heeft_rol(request.user, *BEWERKERS),
            "soorten": Overlegsoort,
        },
        status=400 if form.errors else 200,
    )


# --- A new meeting and changing one -------------------------------------------------------------


@vereist(*BEWERKERS, permissies=["ketenregie.add_overleg"])
def overleg_nieuw(request: Verzoek) -> HttpResponse:
    soort = request.GET.get("soort", "")
    form = OverlegForm(
        request.POST if request.method == "POST" else None,
        gebruiker=request.user,
        initial={
            "formuliertoken": nieuw_formuliertoken(),
            "soort": soort if soort in Overlegsoort.values else "",
        },
    )

    def gelukt(resultaat: tuple[Overleg, bool, int]) -> HttpResponse:
        overleg, nieuw, aantal = resultaat
        vastgelegd = "Het overleg is vastgelegd."
        if overleg.soort in Overlegsoort.met_signalen():
            vastgelegd = f"{vastgelegd} {_op_de_agenda(aantal)}"
        aanmaken_melden(request, nieuw, gelukt=vastgelegd, al_verstuurd=f"dit is het overleg {overleg}.")
        return _naar_overleg(overleg)

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.overleg_aanmaken(
            door=request.user,
            gegevens=form.gegevens(),
            organisaties=form.cleaned_data["organisaties"],
            formuliertoken=form.cleaned_data["formuliertoken"],
        ),
        gelukt,
    )
    return antwoord or render(
        request,
        "ketenregie/overleggen/formulier.html",
        {"form": form, "titel": "Nieuw overleg", "overleg": None},
        status=formulierstatus(request, form),
    )


@vereist(*BEWERKERS, permissies=["ketenregie.change_overleg"])
def overleg_bewerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    bestaand = ophalen(
        request,
        overleggen_bewerkbaar_voor(request.user).prefetch_related("organisaties"),
        scherm="ketenregie:overleg_bewerken",
        uuid=uuid,
    )
    initieel: dict[str, Any] = {veld: getattr(bestaand, veld) for veld in services.OVERLEGVELDEN}
    initieel["regio"] = bestaand.regio
    initieel["organisaties"] = list(bestaand.organisaties.all())
    form = OverlegForm(request.POST or None, gebruiker=request.user, overleg=bestaand, initial=initieel)

    def gelukt(_: Overleg) -> HttpResponse:
        messages.success(request, "De gegevens van het overleg zijn opgeslagen.")
        return _naar_overleg(bestaand)

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.overleg_bijwerken(
            door=request.user,
            overleg=bestaand,
            gegevens=form.gegevens(),
            organisaties=form.cleaned_data["organisaties"],
        ),
        gelukt,
        weigering_naar=_overleg_url(bestaand),
    )
    return antwoord or render(
        request,
        "ketenregie/overleggen/formulier.html",
        {"form": form, "titel": f"{bestaand} bewerken", "overleg": bestaand},
        status=formulierstatus(request, form),
    )


# --- A meeting's page -----------------------------------------------------------------------------


@vereist(*LEZERS, permissies=["ketenregie.view_overleg"])
def overleg(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(
        request, overleg_detail(overleggen_voor(request.user)), scherm="ketenregie:overleg", uuid=uuid
    )
    return _overleg_tonen(request, gevonden)


def _overleg_tonen(
    request: Verzoek,
    overleg: Overleg,
    *,
    status: int = 200,
    besluit: tuple[int, SignaalbesluitForm] | None = None,
    actiepunt: ActiepuntForm | None = None,
) -> HttpResponse:
    gebruiker = request.user
    vandaag = timezone.localdate()
    bewerkbaar = mag_overleg_bewerken(gebruiker, overleg)
    met_signalen = overleg.soort in Overlegsoort.met_signalen()
    agenda = agenda_voor(gebruiker, overleg, bewerkbaar=bewerkbaar) if met_signalen else []
    gepland = overleg.datum > vandaag
    for regel in agenda:
        pk = regel.agendasignaal.pk
        if besluit is not None and besluit[0] == pk:
            regel.formulier = besluit[1]  # type: ignore[attr-defined]
        elif regel.mag_besluiten and regel.besluit is None and not gepland:
            regel.formulier = SignaalbesluitForm(  # type: ignore[attr-defined]
                prefix=besluitprefix(pk), referentie=regel.signaal.referentie
            )
    actiepunten = met_te_laat(overleg.actiepunten.all(), vandaag)
    grof = agenda_grof(agenda, overleg) if any(not r.leesbaar for r in agenda) else None
    if agenda:
        # The agenda names signals (and details of those the user reads): in the access log.
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.BEKIJKEN,
            object_type="ketenregie.Overleg",
            object_id=str(overleg.uuid),
            scherm="ketenregie:overleg",
            toelichting=(
                f"Agenda met {_signalen(len(agenda))}, "
                f"waarvan met details: {sum(1 for r in agenda if r.leesbaar)}"
            ),
            getoond=[("signalen.Signaal", r.signaal.uuid) for r in agenda if r.leesbaar],
        )
    return render(
        request,
        "ketenregie/overleggen/overleg.html",
        {
            "overleg": overleg,
            "bewerkbaar": bewerkbaar,
            "met_signalen": met_signalen,
            "agenda": agenda,
            "grof": grof,
            "gepland": gepland,
            "peildatum": peildatum(overleg, vandaag),
            "vandaag": vandaag,
            "actiepunten": actiepunten,
            "open_actiepunten": sum(1 for p in actiepunten if p.status == Actiestatus.OPEN),
            "te_laat": sum(1 for p in actiepunten if is_te_laat(p, vandaag)),
            "actiepunt_form": (actiepunt or nieuw_actiepuntformulier()) if bewerkbaar else None,
        },
        status=status,
    )


def _bewerkbaar_overleg(request: Verzoek, uuid: uuidlib.UUID, scherm: str) -> Overleg:
    return ophalen(
        request, overleg_detail(overleggen_bewerkbaar_voor(request.user)), scherm=scherm, uuid=uuid
    )


def _agendarij(overleg: Overleg, signaal: uuidlib.UUID) -> Agendasignaal | None:
    return next((r for r in overleg.agendasignalen.all() if r.signaal.uuid == signaal), None)


# --- The agenda ------------------------------------------------------------------------------------


@vereist(*BEWERKERS, permissies=["ketenregie.add_agendasignaal"])
@alleen_post
def agenda_bijwerken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = _bewerkbaar_overleg(request, uuid, "ketenregie:agenda_bijwerken")
    try:
        aantal = services.agenda_bijwerken(door=request.user, overleg=gevonden)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        if aantal:
            messages.success(request, f"De agenda is bijgewerkt: {_signalen(aantal)} toegevoegd.")
        else:
            messages.info(request, "Er zijn geen nieuwe signalen bijgekomen; de agenda is bij.")
    return _naar_overleg(gevonden, "signalen")


@vereist(*BEWERKERS, permissies=["ketenregie.delete_agendasignaal"])
@alleen_post
def agendasignaal_verwijderen(request: Verzoek, uuid: uuidlib.UUID, signaal: uuidlib.UUID) -> HttpResponse:
    gevonden = _bewerkbaar_overleg(request, uuid, "ketenregie:agendasignaal_verwijderen")
    rij = _agendarij(gevonden, signaal)
    if rij is None:
        # Taken off already (a double submit), or never on this agenda.
        messages.info(request, "Dit signaal staat niet (meer) op de agenda.")
        return _naar_overleg(gevonden, "signalen")
    try:
        services.van_agenda_halen(door=request.user, agendasignaal=rij)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request,
            f"Signaal {rij.signaal.referentie} is van de agenda gehaald. "
            "Het komt niet terug als u de agenda bijwerkt.",
        )
    return _naar_overleg(gevonden, "signalen")


@vereist(*BESLUITERS, permissies=["ketenregie.view_overleg"])
@alleen_post
def signaalbesluit(request: Verzoek, uuid: uuidlib.UUID, signaal: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(
        request, overleg_detail(overleggen_voor(request.user)), scherm="ketenregie:signaalbesluit", uuid=uuid
    )
    rij = _agendarij(gevonden, signaal)
    if rij is None:
        raise Http404
    referentie = rij.signaal.referentie
    form = SignaalbesluitForm(request.POST, prefix=besluitprefix(rij.pk), referentie=referentie)
    form.is_valid()  # every input is text; the service judges it
    try:
        uitkomst = formulieractie(
            form,
            lambda: services.signaalbesluit_vastleggen(
                door=request.user, agendasignaal=rij, besluit=form.cleaned_data.get("besluit", "")
            ),
            weigering_doorgeven=True,
        )
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        if not uitkomst.gelukt:
            return _overleg_tonen(
                request, gevonden, status=formulierstatus(request, form), besluit=(rij.pk, form)
            )
        _, nieuw = uitkomst.resultaat
        if nieuw:
            messages.success(
                request, f"Het besluit over {referentie} is vastgelegd en staat nu ook bij het signaal."
            )
        else:
            messages.info(
                request,
                f"Over {referentie} was op dit overleg al een besluit vastgelegd; er is niets bijgekomen.",
            )
    return _naar_overleg(gevonden, "signalen")


# --- Action points -----------------------------------------------------------------------------------


@vereist(*BEWERKERS, permissies=["ketenregie.add_actiepunt"])
@alleen_post
def overleg_actiepunt(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = _bewerkbaar_overleg(request, uuid, "ketenregie:overleg_actiepunt")
    form = nieuw_actiepuntformulier(request.POST)
    antwoord = actiepunt_toevoegen(
        request,
        form,
        lambda gegevens: services.overleg_actiepunt_toevoegen(
            door=request.user, overleg=gevonden, gegevens=gegevens
        ),
        terug=_overleg_url(gevonden, "actiepunten"),
        wat="Actiepunt",
    )
    return antwoord or _overleg_tonen(
        request, gevonden, status=formulierstatus(request, form), actiepunt=form
    )


urlpatterns = [
    path("overleggen/", overleggen, name="overleggen"),
    path("overleggen/nieuw/", overleg_nieuw, name="overleg_nieuw"),
    path("overleggen/<uuid:uuid>/", overleg, name="overleg"),
    path("overleggen/<uuid:uuid>/bewerken/", overleg_bewerken, name="overleg_bewerken"),
    path("overleggen/<uuid:uuid>/agenda/bijwerken/", agenda_bijwerken, name="agenda_bijwerken"),
    path(
        "overleggen/<uuid:uuid>/agenda/<uuid:signaal>/verwijderen/",
        agendasignaal_verwijderen,
        name="agendasignaal_verwijderen",
    ),
    path("overleggen/<uuid:uuid>/agenda/<uuid:signaal>/besluit/", signaalbesluit, name="signaalbesluit"),
    path("overleggen/<uuid:uuid>/actiepunten/nieuw/", overleg_actiepunt, name="overleg_actiepunt"),
]
