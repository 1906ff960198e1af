"""The meldroute's steps on a signal: note, weighing, decision, reopening, feedback on a
referral, and the review of a pair of signals.

Each step's form has a page of its own (issue 17: the signal's page links to it). A refused
step (``Geweigerd``) becomes a message and a redirect to the signal's page; a validation error
shows the step's page again with the input kept (400); a version conflict shows it with the
conflict message (409).
"""

from __future__ import annotations

import uuid as uuidlib

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from mensenhandel.acties import Geweigerd, formulierstatus
from mensenhandel.bewaarbeheer import Blokkeerbaar
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.paginas import naar_url
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from mensenhandel.views_bewaren import blokkade_aanvraagpagina
from signalen import services
from signalen.forms import (
    BesluitForm,
    HeropenenForm,
    KoppelingForm,
    MelderTerugkoppelingForm,
    NotitieForm,
    TerugkoppelingForm,
    WegenForm,
)
from signalen.models import Bestemming, Bron, Koppeling, Signaal
from signalen.selectors import (
    doorverwijzingen_bewerkbaar_voor,
    koppelingen_bewerkbaar_voor,
    signalen_bewerkbaar_voor,
)
from signalen.views.basis import AF, bewerkbaar, loggen, naar_signaal, signaal_url, signaalactie

TERUGKOPPELING_AFGEROND = (
    "Deze doorverwijzing is afgerond of afgewezen; er is geen terugkoppeling meer vast te leggen."
)


def _stap_geweigerd(request: Verzoek, signaal: Signaal, actie: str) -> HttpResponse | None:
    """On opening a step's page: the message and the signal's page when its status does not
    allow the step now (the same refusal its service gives)."""
    if actie in services.mogelijke_acties(signaal):
        return None
    messages.error(request, services.WEIGERINGEN[actie])
    return naar_signaal(signaal)


def _stappagina(
    request: Verzoek,
    signaal: Signaal,
    form: forms.BaseForm,
    *,
    titel: str,
    knop: str,
    anker: str,
    uitleg: str = "",
    template: str = "signalen/stap.html",
    **extra: object,
) -> HttpResponse:
    """A step's form on a page of its own; after an error with the input kept (400, 409)."""
    status = formulierstatus(request, form)
    context = {
        "signaal": signaal,
        "form": form,
        "titel": titel,
        "knop": knop,
        "uitleg": uitleg,
        "terug": naar_url(signaal_url(signaal), anker),
        "conflict": status == 409,
        **extra,
    }
    return render(request, template, context, status=status)


@vereist(AF, permissies=["signalen.add_notitie"])
def notitie(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = bewerkbaar(request, uuid, "signalen:notitie")
    if request.method != "POST":
        geweigerd = _stap_geweigerd(request, signaal, "verrijken")
        if geweigerd:
            return geweigerd
    form = NotitieForm(request.POST or None)
    antwoord = signaalactie(
        request,
        form,
        signaal,
        lambda: services.notitie_toevoegen(
            signaal=signaal,
            door=request.user,
            tekst=form.cleaned_data["tekst"],
            advies_gevraagd_aan=form.cleaned_data["advies_gevraagd_aan"],
        ),
        gelukt="De notitie is toegevoegd.",
        anker="tijdlijn",
    )
    return antwoord or _stappagina(
        request,
        signaal,
        form,
        titel="Notitie toevoegen",
        knop="Notitie toevoegen",
        anker="tijdlijn",
        uitleg="Leg vast wat u hebt uitgezocht of gehoord en bij wie u advies vroeg.",
    )


@vereist(AF, permissies=["signalen.change_signaal"])
def wegen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """Weigh the signal; "Weging aanpassen" starts from the current weighing."""
    signaal = bewerkbaar(request, uuid, "signalen:wegen")
    if request.method != "POST":
        geweigerd = _stap_geweigerd(request, signaal, "wegen")
        if geweigerd:
            return geweigerd
        loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:wegen", signaal)
    huidig = {
        "aard": signaal.aard,
        "ernst": signaal.ernst,
        "risico": signaal.risico,
        "onderbouwing": signaal.weging_onderbouwing,
        "versie": signaal.versie,
    }
    form = WegenForm(request.POST or None, initial=huidig)
    antwoord = signaalactie(
        request,
        form,
        signaal,
        lambda: services.signaal_wegen(
            signaal=signaal,
            door=request.user,
            aard=form.cleaned_data["aard"],
            ernst=form.cleaned_data["ernst"],
            risico=form.cleaned_data["risico"],
            onderbouwing=form.cleaned_data["onderbouwing"],
            versie=form.cleaned_data["versie"],
        ),
        gelukt="De weging is vastgelegd.",
        anker="weging",
        # "Vastleggen en besluit nemen": the decision is the next step, one page load less.
        vervolg=reverse("signalen:besluit", kwargs={"uuid": uuid}) if request.POST.get("daarna") else None,
    )
    return antwoord or _stappagina(
        request,
        signaal,
        form,
        titel="Weging aanpassen" if signaal.risico else "Signaal wegen",
        knop="Weging vastleggen",
        anker="weging",
        uitleg="Weeg de aard, de ernst en het risico van mensenhandel, en onderbouw de weging.",
        tweede_knop=("besluit", "Vastleggen en besluit nemen"),
    )


@vereist(AF, permissies=["signalen.change_signaal", "signalen.add_doorverwijzing"])
def besluit(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = bewerkbaar(request, uuid, "signalen:besluit")
    if request.method == "POST":
        form = BesluitForm(request.POST, signaal=signaal, gebruiker=request.user)
        antwoord = signaalactie(
            request,
            form,
            signaal,
            lambda: services.besluit_nemen(
                signaal=signaal,
                door=request.user,
                verwijzingen=form.verwijzingen(),
                zelf_hulp=form.cleaned_data["zelf_hulp"],
                monitoren_tot=form.cleaned_data["monitoren_tot"],
                afsluitreden=form.cleaned_data["afsluitreden"],
                afsluittoelichting=form.cleaned_data["afsluittoelichting"],
                versie=form.cleaned_data["versie"],
            ),
            gelukt="Het besluit is vastgelegd.",
            anker="besluit",
        )
        if antwoord:
            return antwoord
    else:
        if "besluiten" not in services.mogelijke_acties(signaal):
            messages.error(request, services.WEIGERINGEN["besluiten"])
            return naar_signaal(signaal)
        regios = list(signaal.gemeente.regios.order_by("naam")[:2])
        form = BesluitForm(
            signaal=signaal,
            gebruiker=request.user,
            initial={"versie": signaal.versie, "regio": regios[0] if len(regios) == 1 else None},
        )
    return render(
        request,
        "signalen/besluit.html",
        {"form": form, "signaal": signaal},
        status=formulierstatus(request, form),
    )


@vereist(AF, permissies=["signalen.change_signaal"])
def heropenen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = bewerkbaar(request, uuid, "signalen:heropenen")
    if request.method != "POST":
        geweigerd = _stap_geweigerd(request, signaal, "heropenen")
        if geweigerd:
            return geweigerd
    form = HeropenenForm(request.POST or None)
    antwoord = signaalactie(
        request,
        form,
        signaal,
        lambda: services.signaal_heropenen(
            signaal=signaal, door=request.user, reden=form.cleaned_data["reden"]
        ),
        gelukt="Het signaal is heropend en staat weer in onderzoek.",
    )
    return antwoord or _stappagina(
        request,
        signaal,
        form,
        titel="Signaal heropenen",
        knop="Signaal heropenen",
        anker="weging",
        uitleg=(
            "Het signaal gaat terug naar ‘in onderzoek’: u kunt het verrijken, opnieuw wegen en "
            "opnieuw besluiten."
        ),
    )


@vereist(AF, permissies=["signalen.change_doorverwijzing"])
def terugkoppeling(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    doorverwijzing = ophalen(
        request, doorverwijzingen_bewerkbaar_voor(request.user), scherm="signalen:terugkoppeling", uuid=uuid
    )
    signaal = doorverwijzing.signaal
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        messages.error(request, services.TERUGKOPPELING_ZC_MELDING)
        return naar_signaal(signaal, "doorverwijzingen")
    if request.method != "POST" and not services.volgende_terugkoppelingen(doorverwijzing):
        messages.error(request, TERUGKOPPELING_AFGEROND)
        return naar_signaal(signaal, "doorverwijzingen")
    form = TerugkoppelingForm(request.POST or None, doorverwijzing=doorverwijzing)
    antwoord = signaalactie(
        request,
        form,
        signaal,
        lambda: services.terugkoppeling_vastleggen(
            doorverwijzing=doorverwijzing,
            door=request.user,
            status=form.cleaned_data["status"],
            bericht=form.cleaned_data["bericht"],
            datum=form.cleaned_data["datum"],
        ),
        gelukt="De terugkoppeling is vastgelegd.",
        anker="doorverwijzingen",
        weigering_anker="doorverwijzingen",
    )
    return antwoord or _stappagina(
        request,
        signaal,
        form,
        titel=f"Terugkoppeling van {doorverwijzing.get_bestemming_display()}",
        knop="Terugkoppeling vastleggen",
        anker="doorverwijzingen",
        uitleg="Wat heeft de partner teruggemeld? Kort en zonder inhoud over de casus.",
        template="signalen/terugkoppeling.html",
        doorverwijzing=doorverwijzing,
    )


@vereist(AF, permissies=["signalen.add_melderterugkoppeling"])
def melder_terugkoppeling(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """Record the feedback given to the signal's reporter; an anonymous report is refused."""
    signaal = bewerkbaar(request, uuid, "signalen:melder_terugkoppeling")
    if request.method != "POST" and signaal.bron == Bron.ANONIEM:
        messages.error(request, services.MELDER_ANONIEM)
        return naar_signaal(signaal, "doorverwijzingen")
    form = MelderTerugkoppelingForm(request.POST or None, initial={"datum": timezone.localdate()})
    antwoord = signaalactie(
        request,
        form,
        signaal,
        lambda: services.melder_terugkoppeling_vastleggen(
            signaal=signaal,
            door=request.user,
            datum=form.cleaned_data["datum"],
            kanaal=form.cleaned_data["kanaal"],
            bericht=form.cleaned_data["bericht"],
        ),
        gelukt="De terugkoppeling aan de melder is vastgelegd.",
        anker="doorverwijzingen",
        weigering_anker="doorverwijzingen",
    )
    return antwoord or _stappagina(
        request,
        signaal,
        form,
        titel="Terugkoppeling aan de melder",
        knop="Terugkoppeling vastleggen",
        anker="doorverwijzingen",
        uitleg=(
            f"Melder: {signaal.melder.label.lower()}"
            + (f" ({signaal.melder_contact})" if signaal.melder_contact else "")
            + ". Leg vast wanneer en hoe u de melder hebt laten weten wat er met het signaal gebeurt."
        ),
    )


@vereist(AF, permissies=["signalen.change_koppeling"])
@alleen_post
def koppeling(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """Confirm or reject a suggested pair: whole when the user may edit both signals, for their own
    side after an accepted contact request when they hold one (back to that signal's page)."""
    gevonden = ophalen(
        request,
        koppelingen_bewerkbaar_voor(request.user),
        scherm="signalen:koppeling",
        uuid=uuid,
    )
    form = KoppelingForm(request.POST)
    geldig = form.is_valid()
    eigen = set(
        signalen_bewerkbaar_voor(request.user)
        .filter(pk__in=[gevonden.signaal_a_id, gevonden.signaal_b_id])
        .values_list("pk", flat=True)
    )
    terug = gevonden.signaal_a if gevonden.signaal_a_id in eigen else gevonden.signaal_b
    if geldig and form.cleaned_data["signaal"] == gevonden.signaal_b.uuid and gevonden.signaal_b_id in eigen:
        terug = gevonden.signaal_b
    if not geldig:
        messages.error(request, "Kies of u de koppeling bevestigt of afwijst.")
        return naar_signaal(terug, "stapeling")
    bevestigd = form.cleaned_data["beoordeling"] == "bevestigen"
    try:
        uitkomst = services.koppeling_beoordelen(koppeling=gevonden, door=request.user, bevestigd=bevestigd)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        if not bevestigd:
            messages.success(request, "De koppeling is afgewezen.")
        elif uitkomst.beoordeling == Koppeling.Beoordeling.BEVESTIGD:
            messages.success(request, "De koppeling is bevestigd.")
        else:
            messages.success(
                request,
                "U heeft de koppeling voor uw signaal bevestigd; de andere gemeente beoordeelt haar nog.",
            )
    return naar_signaal(terug, "stapeling")


@vereist(AF, permissies=["signalen.change_signaal"])
def blokkade_aanvragen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The AF asks to keep their signal past the retention term (a running criminal case, say)."""
    signaal = bewerkbaar(request, uuid, "signalen:blokkade_aanvragen")
    doel = Blokkeerbaar("signalen.signaal", signaal.uuid, signaal.referentie)
    return blokkade_aanvraagpagina(
        request,
        doel,
        terug=signaal_url(signaal),
        wat=f"signaal {signaal.referentie}",
        scherm="signalen:blokkade_aanvragen",
    )
