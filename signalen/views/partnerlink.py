"""The partner's one-time link (issue 18): the AF sends and revokes it from the referral's
feedback page; the partner answers on a public page that shows the reference, the date and the
kind of referral only.

An unknown, forged, used, expired or revoked link answers as an unknown page (the project's
404) and is logged; the public page is rate-limited per address.
"""

from __future__ import annotations

import hashlib
import time
import uuid as uuidlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from mensenhandel.acties import formulier_afhandelen, formulierstatus, nieuw_formuliertoken
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import ophalen, publiek, vereist
from mensenhandel.views import alleen_post
from signalen import services
from signalen.forms import PartnerantwoordForm, PartnerlinkForm
from signalen.models import Bestemming, Doorverwijzing
from signalen.selectors import doorverwijzingen_bewerkbaar_voor
from signalen.views.basis import AF, naar_signaal

WIJZIGEN = ["signalen.change_doorverwijzing"]


def _doorverwijzing(request: Verzoek, uuid: uuidlib.UUID, scherm: str) -> Doorverwijzing:
    return ophalen(request, doorverwijzingen_bewerkbaar_voor(request.user), scherm=scherm, uuid=uuid)


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@vereist(AF, permissies=WIJZIGEN)
def partnerlink(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The referral's link: whether one is open, and a form to send a (new) one."""
    doorverwijzing = _doorverwijzing(request, uuid, "signalen:partnerlink")
    signaal = doorverwijzing.signaal
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        messages.error(request, services.partnerlink.GEEN_LINK_ZC)
        return naar_signaal(signaal, "doorverwijzingen")
    if request.method != "POST" and not services.volgende_terugkoppelingen(doorverwijzing):
        messages.error(request, services.partnerlink.GEEN_LINK_AFGEROND)
        return naar_signaal(signaal, "doorverwijzingen")
    form = PartnerlinkForm(request.POST or None, initial={"formuliertoken": nieuw_formuliertoken()})

    def gelukt(uitkomst: tuple[object, bool, bool]) -> HttpResponse:
        _, nieuw, gemaild = uitkomst
        if not nieuw:
            messages.info(request, "Dit formulier was al verstuurd; de link is één keer gestuurd.")
        elif gemaild:
            messages.success(request, "De link is per e-mail naar de contactpersoon gestuurd.")
        else:
            messages.error(
                request,
                "De link is gemaakt, maar de e-mail kon niet worden verstuurd. Probeer het later opnieuw.",
            )
        return naar_signaal(signaal, "doorverwijzingen")

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.partnerlink_versturen(
            doorverwijzing=doorverwijzing,
            door=request.user,
            email=form.cleaned_data["email"],
            site=_site(request),
            formuliertoken=form.cleaned_data["formuliertoken"],
            request=request,
        ),
        gelukt,
    )
    if antwoord is not None:
        return antwoord
    if request.method != "POST":
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.BEKIJKEN,
            object_type="signalen.Doorverwijzing",
            object_id=str(doorverwijzing.uuid),
        )
    context = {
        "signaal": signaal,
        "doorverwijzing": doorverwijzing,
        "open_link": services.open_partnerlink(doorverwijzing),
        "form": form,
        "dagen": settings.PARTNERLINK_GELDIG_DAGEN,
    }
    return render(
        request, "signalen/partnerlink/versturen.html", context, status=formulierstatus(request, form)
    )


@vereist(AF, permissies=WIJZIGEN)
@alleen_post
def partnerlink_intrekken(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    doorverwijzing = _doorverwijzing(request, uuid, "signalen:partnerlink_intrekken")
    try:
        services.partnerlink_intrekken(doorverwijzing=doorverwijzing, door=request.user, request=request)
    except services.Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, "De link is ingetrokken; hij werkt niet meer.")
    return naar_signaal(doorverwijzing.signaal, "doorverwijzingen")


# --- The partner's public page --------------------------------------------------------------------


def _sleutel(adres: str) -> str:
    return f"partnerlink:{hashlib.sha256(adres.encode()).hexdigest()[:32]}:{int(time.time() // 3600)}"


def pogingen_vergeten(adres: str) -> None:
    """Forget this hour's tries of an address (for the tests)."""
    cache.delete(_sleutel(adres))


def _te_vaak(request: HttpRequest) -> bool:
    """Count this address's tries in the current hour (in the cache); True past the limit."""
    sleutel = _sleutel(get_client_ip_address(request) or "onbekend")
    cache.add(sleutel, 0, 3600)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, 3600)
        aantal = 1
    return aantal > settings.PARTNERLINK_POGINGEN_PER_UUR


def _weigeren(request: HttpRequest, uitkomst: str, toelichting: str) -> None:
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        uitkomst=uitkomst,
        scherm="signalen:partnerantwoord",
        toelichting=toelichting,
    )


@publiek
@never_cache
def partnerantwoord(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the partner's e-mail: the referral's reference, date and kind, and the form."""
    if _te_vaak(request):
        _weigeren(request, ToegangsLog.Uitkomst.GEBLOKKEERD, "partnerlink: te veel pogingen")
        return render(request, "signalen/partnerlink/te_vaak.html", status=429)
    link = services.partnerlink_bij_token(token)
    if link is None:
        _weigeren(
            request, ToegangsLog.Uitkomst.MISLUKT, "partnerlink onbekend, gebruikt, verlopen of ingetrokken"
        )
        raise Http404
    doorverwijzing = link.doorverwijzing
    form = PartnerantwoordForm(request.POST or None, doorverwijzing=doorverwijzing)

    def gelukt(beantwoord: Doorverwijzing) -> HttpResponse:
        return render(request, "signalen/partnerlink/bedankt.html", {"doorverwijzing": beantwoord})

    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.partnerlink_beantwoorden(
            link=link,
            status=form.cleaned_data["status"],
            bericht=form.cleaned_data["bericht"],
            request=request,
        ),
        gelukt,
    )
    if antwoord is not None:
        return antwoord
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type="signalen.Doorverwijzing",
        object_id=str(doorverwijzing.uuid),
        toelichting=f"partnerlink geopend ({link.uuid})",
    )
    context = {
        "doorverwijzing": doorverwijzing,
        "referentie": doorverwijzing.signaal.referentie,
        "form": form,
        "actie": reverse("signalen:partnerantwoord", kwargs={"token": token}),
    }
    return render(
        request, "signalen/partnerlink/antwoord.html", context, status=formulierstatus(request, form)
    )
