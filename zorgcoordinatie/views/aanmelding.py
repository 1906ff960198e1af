"""The zorgcoördinator's start page (caseload and inbox), entering an aanmelding and
answering one: a direct aanmelding or a referral from a signal."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mensenhandel import startgeheugen
from mensenhandel.acties import AL_VERSTUURD, formulier_afhandelen, formulierstatus, nieuw_formuliertoken
from mensenhandel.http import Verzoek
from mensenhandel.paginas import gelezen
from mensenhandel.toegang import bereik, ophalen, regios_van, vereist
from mensenhandel.werk import START, startwerk
from mensenhandel.werk import getoond as werkgetoond
from signalen.models import BetrokkenPersoon, Doorverwijzing
from signalen.selectors import aanmeldingen_voor_zc
from zorgcoordinatie import services
from zorgcoordinatie.caseload import caseload, caseloadtellingen
from zorgcoordinatie.forms import AanmeldingForm, AccepterenForm, AfwijzenForm
from zorgcoordinatie.inbox import AANMELDING, DIRECT, NAMEN, UIT_SIGNALEN, inboxregels, open_rijen
from zorgcoordinatie.models import Aanmelding, Client, Traject
from zorgcoordinatie.selectors import aanmeldingen_voor, clienten_leesbaar_voor, zorgcoordinatoren_van
from zorgcoordinatie.views.basis import TRAJECT, ZC, ZC_MET_404_VOOR_AF, loggen, naar_traject
from zorgcoordinatie.werk import IN_DE_INBOX

PER_PAGINA = 25
# Per kind, the oldest first: the start page shows what to answer next; the inbox pages show all.
INBOX_MAX = 10

# "Mijn werk" on the start page leaves out what the inbox shows: empty, it does not say "nothing".
WERK_BEHALVE_INBOX = (
    "Behalve de open aanmeldingen in de inbox hieronder wacht er nu niets op u. Wat uw aandacht "
    "vraagt, verschijnt hier vanzelf en verdwijnt weer als het is afgehandeld."
)


def _bijschrift(soort: str, gelezen_: int) -> str:
    """The caption of a kind's table on the start page, which read one row more than it shows."""
    if gelezen_ > INBOX_MAX:
        return f"{NAMEN[soort]}: de {INBOX_MAX} oudste"
    return f"{NAMEN[soort]} ({gelezen_})"


# --- Caseload and inbox ----------------------------------------------------------------------


@vereist(ZC, permissies=["zorgcoordinatie.view_traject"])
def start(request: Verzoek) -> HttpResponse:
    # The counts per phase and the work section are kept for a minute, as the AF list's
    # (``mensenhandel.startgeheugen``).
    gehouden = startgeheugen.onthouden(
        request.user,
        bereik(request.user),
        caseload=lambda: caseloadtellingen(request.user),
        **{START: startwerk(request.user)},
    )
    tellingen = gehouden["caseload"]
    pagina = caseload(request.user, request.GET.get("pagina"), PER_PAGINA, tellingen=tellingen)["pagina"]
    # The open aanmeldingen are in the inbox below, with more to go on than a work entry gives.
    werk = [item for item in gehouden[START] if item.soort not in IN_DE_INBOX]
    # One more than shown, to say that there are more without counting them.
    doorverwijzingen = inboxregels(UIT_SIGNALEN, open_rijen(request.user, UIT_SIGNALEN)[: INBOX_MAX + 1])
    aanmeldingen = inboxregels(DIRECT, open_rijen(request.user, DIRECT)[: INBOX_MAX + 1])
    getoond = [
        *((TRAJECT, t.uuid) for t in gelezen(pagina)),
        *(r.getoond for r in doorverwijzingen[:INBOX_MAX]),
        *(r.getoond for r in aanmeldingen[:INBOX_MAX]),
        *werkgetoond(werk),
    ]
    # A record both on the work list and in a table is named once.
    loggen(request, "zorgcoordinatie:start", getoond=list(dict.fromkeys(getoond)))
    return render(
        request,
        "zorgcoordinatie/start.html",
        {
            "werk": werk,
            "werk_voor_rol": True,
            "werk_leeg": WERK_BEHALVE_INBOX if doorverwijzingen or aanmeldingen else "",
            "tellingen": tellingen,
            "pagina": pagina,
            "aanmeldingen": aanmeldingen[:INBOX_MAX],
            "doorverwijzingen": doorverwijzingen[:INBOX_MAX],
            "meer_aanmeldingen": len(aanmeldingen) > INBOX_MAX,
            "meer_doorverwijzingen": len(doorverwijzingen) > INBOX_MAX,
            "bijschrift_signalen": _bijschrift(UIT_SIGNALEN, len(doorverwijzingen)),
            "bijschrift_direct": _bijschrift(DIRECT, len(aanmeldingen)),
            "inbox_max": INBOX_MAX,
        },
    )


@vereist(ZC, permissies=["zorgcoordinatie.view_traject"])
def inbox(request: Verzoek, soort: str) -> HttpResponse:
    """Every open aanmelding of one kind, the oldest first, a page at a time: what the start
    page's inbox leaves out when more than ``INBOX_MAX`` wait."""
    pagina = Paginator(open_rijen(request.user, soort), PER_PAGINA).get_page(request.GET.get("pagina"))
    pagina.object_list = inboxregels(soort, pagina.object_list)
    loggen(request, f"zorgcoordinatie:inbox_{soort}", getoond=[r.getoond for r in pagina.object_list])
    van, tot, aantal = pagina.start_index(), pagina.end_index(), pagina.paginator.count
    bijschrift = f"{NAMEN[soort]} {van}–{tot} van {aantal}"
    return render(
        request,
        "zorgcoordinatie/inbox.html",
        {
            "soort": soort,
            "uit_signalen": soort == UIT_SIGNALEN,
            "pagina": pagina,
            "aanmeldingen": pagina.object_list if soort == DIRECT else [],
            "doorverwijzingen": pagina.object_list if soort == UIT_SIGNALEN else [],
            f"bijschrift_{soort}": bijschrift,
        },
    )


@vereist(ZC, permissies=["zorgcoordinatie.add_aanmelding"])
def aanmelding_nieuw(request: Verzoek) -> HttpResponse:
    """A new direct aanmelding. The form token makes a double submit, also two at the same
    moment, end on the aanmelding of the first (``services.aanmelding_invoeren``)."""
    regios = regios_van(request.user, ZC)
    if request.method == "POST":
        form = AanmeldingForm(request.POST, regios=regios)
        antwoord = formulier_afhandelen(
            request,
            form,
            lambda: services.aanmelding_invoeren(
                door=request.user,
                regio=form.cleaned_data["regio"],
                bron=form.cleaned_data["bron"],
                datum=form.cleaned_data["datum"],
                bronorganisatie=form.cleaned_data["bronorganisatie"].strip(),
                omschrijving=form.cleaned_data["omschrijving"].strip(),
                formuliertoken=form.cleaned_data["formuliertoken"],
            ),
            lambda resultaat: _ingevoerd(request, *resultaat),
        )
        if antwoord:
            return antwoord
    else:
        form = AanmeldingForm(regios=regios, initial={"formuliertoken": nieuw_formuliertoken()})
    return render(
        request,
        "zorgcoordinatie/aanmelding_nieuw.html",
        {"form": form},
        status=formulierstatus(request, form),
    )


def _ingevoerd(request: Verzoek, aanmelding: Aanmelding, nieuw: bool) -> HttpResponse:
    if aanmelding.status != Aanmelding.Status.OPEN:
        messages.info(request, f"{AL_VERSTUURD} en de aanmelding is al beantwoord.")
        return redirect("zorgcoordinatie:start")
    if nieuw:
        messages.success(request, "De aanmelding is ingevoerd. Accepteer of wijs haar af.")
    else:
        messages.info(
            request, f"{AL_VERSTUURD}: de aanmelding is één keer ingevoerd. Accepteer of wijs haar af."
        )
    return redirect("zorgcoordinatie:aanmelding_beantwoorden", uuid=aanmelding.uuid)


# --- Answering an aanmelding -------------------------------------------------------------------


@vereist(*ZC_MET_404_VOOR_AF)
def aanmelding_beantwoorden(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    aanmelding = ophalen(
        request,
        aanmeldingen_voor(request.user),
        scherm="zorgcoordinatie:aanmelding_beantwoorden",
        uuid=uuid,
    )
    loggen(request, "zorgcoordinatie:aanmelding_beantwoorden", AANMELDING, aanmelding.uuid)
    return _beantwoorden(request, aanmelding=aanmelding)


@vereist(*ZC_MET_404_VOOR_AF)
def doorverwijzing_beantwoorden(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    doorverwijzing = ophalen(
        request,
        aanmeldingen_voor_zc(request.user),
        scherm="zorgcoordinatie:doorverwijzing_beantwoorden",
        uuid=uuid,
    )
    loggen(
        request,
        "zorgcoordinatie:doorverwijzing_beantwoorden",
        "signalen.Signaal",
        doorverwijzing.signaal.uuid,
    )
    return _beantwoorden(request, doorverwijzing=doorverwijzing)


def _geaccepteerd(request: Verzoek, traject: Traject) -> HttpResponse:
    messages.success(
        request,
        f"De aanmelding is geaccepteerd. Het traject van dossier {traject.client.dossiernummer} is geopend.",
    )
    return naar_traject(traject)


def clientgegevens_uit(persoon: BetrokkenPersoon) -> dict[str, Any]:
    """A new client's fields as the signal's person fills them; the zorgcoördinator checks and
    completes them. The signal has no language; its gender has fewer choices than the client's."""
    geslacht = persoon.geslacht if persoon.geslacht in Client.Geslacht.values else Client.Geslacht.ONBEKEND
    return {
        "naam": persoon.naam,
        "aliassen": persoon.alias,
        "geboortedatum": persoon.geboortedatum,
        "geslacht": geslacht,
        "nationaliteiten": persoon.nationaliteit,
    }


def _afgewezen(request: Verzoek) -> HttpResponse:
    messages.success(request, "De aanmelding is afgewezen.")
    return redirect("zorgcoordinatie:start")


def _beantwoorden(
    request: Verzoek,
    *,
    aanmelding: Aanmelding | None = None,
    doorverwijzing: Doorverwijzing | None = None,
) -> HttpResponse:
    """The page with two forms: accept (a new or known client) or decline with a reason."""
    if doorverwijzing is not None:
        regio = doorverwijzing.regio
        beantwoord = not doorverwijzing.wacht_op_terugkoppeling
        traject = getattr(getattr(doorverwijzing, "aanmelding", None), "traject", None)
    elif aanmelding is not None:
        regio = aanmelding.regio
        beantwoord = aanmelding.status != Aanmelding.Status.OPEN
        traject = aanmelding.traject
    else:
        raise ValueError("Geef een aanmelding of een doorverwijzing.")
    if regio is None:  # a referral the zorgcoördinator reads always names their regio
        raise Http404
    if beantwoord and request.method == "POST":
        messages.error(request, "Deze aanmelding is al beantwoord.")
        return redirect(request.path)
    antwoord = request.POST.get("antwoord") if request.method == "POST" else None
    initial: dict[str, Any] = {}
    overgenomen: BetrokkenPersoon | None = None
    slachtoffers = 0
    if doorverwijzing is not None:
        initial["verantwoordelijke_gemeente"] = doorverwijzing.signaal.gemeente_id
        # No retyping between roles (issue 17, point 3): the client as the signal names them.
        personen = list(
            doorverwijzing.signaal.personen.filter(soort=BetrokkenPersoon.Soort.SLACHTOFFER).order_by("id")
        )
        slachtoffers = len(personen)
        if personen:
            overgenomen = personen[0]
            initial |= clientgegevens_uit(overgenomen)
    accepteren = AccepterenForm(
        request.POST if antwoord == "accepteren" else None,
        initial=initial,
        clienten=clienten_leesbaar_voor(request.user).filter(trajecten__regio=regio),
        achtervangers=zorgcoordinatoren_van(regio).exclude(pk=request.user.pk),
    )
    afwijzen = AfwijzenForm(request.POST if antwoord == "afwijzen" else None)
    if request.method == "POST":
        # A refusal (the aanmelding was answered meanwhile, ...): a message and the start page.
        start_url = reverse("zorgcoordinatie:start")
        if antwoord == "accepteren":
            gedaan = formulier_afhandelen(
                request,
                accepteren,
                lambda: services.aanmelding_accepteren(
                    door=request.user,
                    aanmelding=aanmelding,
                    doorverwijzing=doorverwijzing,
                    client=accepteren.bestaande_client,
                    client_gegevens=accepteren.client_gegevens(),
                    achtervang=accepteren.cleaned_data["achtervang"],
                ),
                lambda nieuw_traject: _geaccepteerd(request, nieuw_traject),
                weigering_naar=start_url,
            )
        elif antwoord == "afwijzen":
            gedaan = formulier_afhandelen(
                request,
                afwijzen,
                lambda: services.aanmelding_afwijzen(
                    door=request.user,
                    reden=afwijzen.cleaned_data["reden"],
                    aanmelding=aanmelding,
                    doorverwijzing=doorverwijzing,
                ),
                lambda _: _afgewezen(request),
                weigering_naar=start_url,
            )
        else:
            gedaan = None
            messages.error(request, "Kies of u de aanmelding accepteert of afwijst.")
        if gedaan:
            return gedaan
    return render(
        request,
        "zorgcoordinatie/beantwoorden.html",
        {
            "aanmelding": aanmelding,
            "doorverwijzing": doorverwijzing,
            "signaal": doorverwijzing.signaal if doorverwijzing is not None else None,
            "beantwoord": beantwoord,
            "beantwoord_traject": traject,
            "regio": regio,
            "accepteren": accepteren,
            "afwijzen": afwijzen,
            "overgenomen": overgenomen,
            "slachtoffers": slachtoffers,
            "url": request.path,
        },
        status=formulierstatus(request, accepteren, afwijzen),
    )
