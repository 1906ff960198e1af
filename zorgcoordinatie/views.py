"""Screens of zorgcoördinatie: the caseload with the inbox, answering an aanmelding, and a
trajectory's page with its actions.

Views read through ``zorgcoordinatie.selectors`` and write through
``zorgcoordinatie.services``. As in signalen: a validation error re-renders the form with
the input kept (400), a version conflict with the conflict message (409). A user who may
read but not edit a trajectory gets a message and is sent back to its page; any other
refusal of a service (a phase that cannot start, closing on unmet criteria) is shown on
the form (400).

Views of one record also admit the aandachtsfunctionaris in their declaration, only so
that the scoped queryset answers 404 alike for them, as for a zorgcoördinator of another
regio (the issue asks for 404 there, not 403).
"""

from __future__ import annotations

import csv
import io
import uuid as uuidlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import ophalen, regios_van, vereist
from mensenhandel.views import alleen_post
from signalen.models import Doorverwijzing
from signalen.selectors import aanmeldingen_voor_zc
from zorgcoordinatie import services
from zorgcoordinatie.forms import (
    AanmeldingForm,
    AccepterenForm,
    AfsluitenForm,
    AfwijzenForm,
    ClientForm,
    ComenshaForm,
    FaseForm,
    HeropenenForm,
    IntakeForm,
    TrajectForm,
    ZorgactieForm,
    ZorgoverlegForm,
    fouten_overnemen,
)
from zorgcoordinatie.models import Aanmelding, Client, Fase, Levensdomein, Traject
from zorgcoordinatie.selectors import (
    aanmeldingen_voor,
    afspraken_leesbaar_voor,
    caseload,
    clienten_leesbaar_voor,
    mag_traject_bewerken,
    open_aanmeldingen_voor,
    open_doorverwijzingen_voor,
    traject_detail,
    trajecten_bewerkbaar_voor,
    trajecten_leesbaar_voor,
    zorgacties_leesbaar_voor,
    zorgcoordinatoren_van,
)
from zorgcoordinatie.services import Geweigerd, VersieConflict

ZC = Rol.ZORGCOORDINATOR
AF = Rol.AANDACHTSFUNCTIONARIS
KR = Rol.KETENREGISSEUR

PER_PAGINA = 25
INBOX_MAX = 50
TRAJECT = "zorgcoordinatie.Traject"
CLIENT = "zorgcoordinatie.Client"
NIET_BEWERKEN = "Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt dit traject."


def _loggen(
    request: HttpRequest,
    scherm: str,
    object_type: str = "",
    object_id: Any = "",
    actie: str = ToegangsLog.Actie.BEKIJKEN,
) -> None:
    toegang_loggen(
        request=request,
        actie=actie,
        object_type=object_type,
        object_id=str(object_id),
        scherm=scherm,
    )


def _naar_traject(traject: Traject, anker: str = "") -> HttpResponse:
    url = reverse("zorgcoordinatie:traject", kwargs={"uuid": traject.uuid})
    return redirect(f"{url}#{anker}" if anker else url)


def _traject_ophalen(request: HttpRequest, uuid: uuidlib.UUID, scherm: str, *prefetch: str) -> Traject:
    """The trajectory if the user may read it; 404 otherwise (logged as refused)."""
    leesbaar = trajecten_leesbaar_voor(request.user).select_related("client", "regio")
    return ophalen(request, leesbaar.prefetch_related(*prefetch), scherm=scherm, uuid=uuid)


def _niet_bewerkbaar(request: HttpRequest, traject: Traject) -> HttpResponse | None:
    """A zorgcoördinator of the regio reads, only the responsible one and the backup edit."""
    if mag_traject_bewerken(request.user, traject):
        return None
    messages.error(request, NIET_BEWERKEN)
    return _naar_traject(traject)


def _client_niet_bewerkbaar(request: HttpRequest, client: Client, traject: Traject) -> HttpResponse | None:
    """Only the responsible zorgcoördinator or the backup of one of the client's trajectories."""
    if trajecten_bewerkbaar_voor(request.user).filter(client=client).exists():
        return None
    messages.error(
        request, "Alleen de verantwoordelijke zorgcoördinator of de achtervang werkt met deze cliënt."
    )
    return _naar_traject(traject)


def _laatste_traject(request: HttpRequest, client: Client) -> Traject | None:
    return trajecten_leesbaar_voor(request.user).filter(client=client).order_by("-id").first()


# --- Caseload and inbox ----------------------------------------------------------------------


@vereist(ZC, permissies=["zorgcoordinatie.view_traject"])
def start(request: HttpRequest) -> HttpResponse:
    overzicht = caseload(request.user)
    tellingen = overzicht.pop("tellingen")
    paginator = Paginator(overzicht.pop("trajecten"), PER_PAGINA)
    paginator.count = tellingen["totaal"]  # the counts already hold it: one query less
    pagina = paginator.get_page(request.GET.get("pagina"))
    # One more than shown, to say that there are more without counting them.
    aanmeldingen = list(open_aanmeldingen_voor(request.user).order_by("datum", "id")[: INBOX_MAX + 1])
    doorverwijzingen = list(open_doorverwijzingen_voor(request.user).order_by("datum", "id")[: INBOX_MAX + 1])
    _loggen(request, "zorgcoordinatie:start")
    return render(
        request,
        "zorgcoordinatie/start.html",
        {
            **overzicht,
            "tellingen": tellingen,
            "pagina": pagina,
            "aanmeldingen": aanmeldingen[:INBOX_MAX],
            "doorverwijzingen": doorverwijzingen[:INBOX_MAX],
            "meer_in_inbox": len(aanmeldingen) > INBOX_MAX or len(doorverwijzingen) > INBOX_MAX,
            "inbox_max": INBOX_MAX,
            "vandaag": timezone.localdate(),
        },
    )


@vereist(ZC, permissies=["zorgcoordinatie.add_aanmelding"])
def aanmelding_nieuw(request: HttpRequest) -> HttpResponse:
    regios = regios_van(request.user, ZC)
    if request.method == "POST":
        form = AanmeldingForm(request.POST, regios=regios)
        if form.is_valid():
            data = form.cleaned_data
            try:
                aanmelding, nieuw = services.aanmelding_invoeren(
                    door=request.user,  # type: ignore[arg-type]
                    regio=data["regio"],
                    bron=data["bron"],
                    datum=data["datum"],
                    bronorganisatie=data["bronorganisatie"].strip(),
                    omschrijving=data["omschrijving"].strip(),
                    formuliertoken=data["formuliertoken"],
                )
            except Geweigerd as fout:
                form.add_error(None, str(fout))
            except ValidationError as fout:
                fouten_overnemen(form, fout)
            else:
                if aanmelding.status != Aanmelding.Status.OPEN:
                    messages.info(
                        request, "Dit formulier was al verstuurd en de aanmelding is al beantwoord."
                    )
                    return redirect("zorgcoordinatie:start")
                if nieuw:
                    messages.success(request, "De aanmelding is ingevoerd. Accepteer of wijs haar af.")
                else:
                    messages.info(
                        request,
                        "Dit formulier was al verstuurd: de aanmelding is één keer ingevoerd. Accepteer of "
                        "wijs haar af.",
                    )
                return redirect("zorgcoordinatie:aanmelding_beantwoorden", uuid=aanmelding.uuid)
    else:
        form = AanmeldingForm(regios=regios, initial={"formuliertoken": uuidlib.uuid4()})
    return render(
        request,
        "zorgcoordinatie/aanmelding_nieuw.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Answering an aanmelding -------------------------------------------------------------------


@vereist(ZC, AF)
def aanmelding_beantwoorden(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    aanmelding = ophalen(
        request,
        aanmeldingen_voor(request.user),
        scherm="zorgcoordinatie:aanmelding_beantwoorden",
        uuid=uuid,
    )
    _loggen(request, "zorgcoordinatie:aanmelding_beantwoorden", "zorgcoordinatie.Aanmelding", aanmelding.uuid)
    return _beantwoorden(request, aanmelding=aanmelding)


@vereist(ZC, AF)
def doorverwijzing_beantwoorden(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    doorverwijzing = ophalen(
        request,
        aanmeldingen_voor_zc(request.user),
        scherm="zorgcoordinatie:doorverwijzing_beantwoorden",
        uuid=uuid,
    )
    _loggen(
        request,
        "zorgcoordinatie:doorverwijzing_beantwoorden",
        "signalen.Signaal",
        doorverwijzing.signaal.uuid,
    )
    return _beantwoorden(request, doorverwijzing=doorverwijzing)


def _beantwoorden(
    request: HttpRequest,
    *,
    aanmelding: Aanmelding | None = None,
    doorverwijzing: Doorverwijzing | None = None,
) -> HttpResponse:
    """The page with two forms: accept (a new or known client) or decline with a reason."""
    regio = aanmelding.regio if aanmelding is not None else doorverwijzing.regio  # type: ignore[union-attr]
    if doorverwijzing is not None:
        beantwoord = not doorverwijzing.wacht_op_terugkoppeling
        traject = getattr(getattr(doorverwijzing, "aanmelding", None), "traject", None)
    else:
        beantwoord = aanmelding.status != Aanmelding.Status.OPEN  # type: ignore[union-attr]
        traject = aanmelding.traject  # type: ignore[union-attr]
    if beantwoord and request.method == "POST":
        messages.error(request, "Deze aanmelding is al beantwoord.")
        return redirect(request.path)
    antwoord = request.POST.get("antwoord") if request.method == "POST" else None
    initial = {}
    if doorverwijzing is not None:
        initial["verantwoordelijke_gemeente"] = doorverwijzing.signaal.gemeente_id
    accepteren = AccepterenForm(
        request.POST if antwoord == "accepteren" else None,
        initial=initial,
        clienten=clienten_leesbaar_voor(request.user).filter(trajecten__regio=regio),
        achtervangers=zorgcoordinatoren_van(regio).exclude(pk=request.user.pk),
    )
    afwijzen = AfwijzenForm(request.POST if antwoord == "afwijzen" else None)
    doel = {"aanmelding": aanmelding, "doorverwijzing": doorverwijzing}
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if antwoord == "accepteren" and accepteren.is_valid():
                traject = services.aanmelding_accepteren(
                    door=request.user,  # type: ignore[arg-type]
                    client=accepteren.bestaande_client,
                    client_gegevens=accepteren.client_gegevens(),
                    achtervang=accepteren.cleaned_data["achtervang"],
                    **doel,
                )
                messages.success(
                    request,
                    "De aanmelding is geaccepteerd. Het traject van dossier "
                    f"{traject.client.dossiernummer} is geopend.",
                )
                return _naar_traject(traject)
            if antwoord == "afwijzen" and afwijzen.is_valid():
                services.aanmelding_afwijzen(
                    door=request.user,  # type: ignore[arg-type]
                    reden=afwijzen.cleaned_data["reden"],
                    **doel,
                )
                messages.success(request, "De aanmelding is afgewezen.")
                return redirect("zorgcoordinatie:start")
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return redirect("zorgcoordinatie:start")
        except ValidationError as fout:
            fouten_overnemen(accepteren if antwoord == "accepteren" else afwijzen, fout)
        if antwoord not in ("accepteren", "afwijzen"):
            messages.error(request, "Kies of u de aanmelding accepteert of afwijst.")
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
            "url": request.path,
        },
        status=status,
    )


# --- A trajectory's page -------------------------------------------------------------------------


@vereist(ZC, KR, AF)
def traject(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = ophalen(
        request,
        traject_detail(trajecten_leesbaar_voor(request.user)),
        scherm="zorgcoordinatie:traject",
        uuid=uuid,
    )
    return _traject_tonen(request, gevonden)


def _traject_opnieuw(
    request: HttpRequest, traject: Traject, *, status: int, **formulieren: Any
) -> HttpResponse:
    """The trajectory's page again after a failed action, with the action's form as it was sent."""
    volledig = traject_detail(trajecten_leesbaar_voor(request.user)).get(pk=traject.pk)
    return _traject_tonen(request, volledig, status=status, **formulieren)


def _traject_tonen(
    request: HttpRequest,
    traject: Traject,
    *,
    status: int = 200,
    fase: FaseForm | None = None,
    heropenen: HeropenenForm | None = None,
    comensha: ComenshaForm | None = None,
) -> HttpResponse:
    bewerkbaar = mag_traject_bewerken(request.user, traject)
    _loggen(request, "zorgcoordinatie:traject", TRAJECT, traject.uuid)
    client = traject.client
    behoeften = {b.domein: b for b in traject.behoeften.all()}
    context = {
        "traject": traject,
        "client": client,
        "bewerkbaar": bewerkbaar,
        "open": traject.afgesloten_op is None,
        "conflict": status == 409,
        "intake": [{"label": d.label, "behoefte": behoeften.get(d.value)} for d in Levensdomein],
        "kwetsbaarheden": [
            label
            for veld, label in [
                ("lvb", "Licht verstandelijke beperking"),
                ("psychische_problematiek", "Psychische problematiek"),
                ("verslaving", "Verslaving"),
                ("zwangerschap", "Zwangerschap"),
            ]
            if getattr(client, veld)
        ],
        "vormen": [
            label
            for veld, label in [
                ("seksuele_uitbuiting", "Seksuele uitbuiting"),
                ("arbeidsuitbuiting", "Arbeidsuitbuiting"),
                ("criminele_uitbuiting", "Criminele uitbuiting"),
                ("orgaanverwijdering", "Gedwongen orgaanverwijdering"),
                ("vorm_onbekend", "Onbekend"),
            ]
            if getattr(traject, veld)
        ],
        "open_fasen": [Fase(f).label for f in traject.open_fasen],
        "criteria": list(traject.afsluitcriteria.items()),
        "fase_form": fase or FaseForm(initial={"datum": timezone.localdate(), "versie": traject.versie}),
        "heropenen_form": heropenen or HeropenenForm(initial={"versie": traject.versie}),
        "comensha_form": comensha
        or ComenshaForm(
            initial={
                "toestemming": client.comensha_toestemming,
                "datum": client.comensha_toestemming_op,
                "reikwijdte": client.comensha_reikwijdte,
            }
        ),
    }
    return render(request, "zorgcoordinatie/traject.html", context, status=status)


# --- Actions on a trajectory ----------------------------------------------------------------------


def _formulierpagina(
    request: HttpRequest,
    traject: Traject,
    form: Any,
    opslaan: Any,
    *,
    template: str,
    titel: str,
    succes: str,
    anker: str = "",
    scherm: str,
    **extra: Any,
) -> HttpResponse:
    """A page with one form for a trajectory: save through ``opslaan`` or show what is wrong."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            opslaan()
        except VersieConflict as fout:
            form.add_error(None, str(fout))
            status = 409
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, succes)
            return _naar_traject(traject, anker)
    if request.method != "POST":
        _loggen(request, scherm, TRAJECT, traject.uuid)
    if status == 200 and form.errors:
        status = 400
    context = {
        "traject": traject,
        "client": traject.client,
        "form": form,
        "titel": titel,
        "conflict": status == 409,
        **extra,
    }
    return render(request, template, context, status=status)


@vereist(ZC, AF)
def traject_bewerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    traject = _traject_ophalen(request, uuid, "zorgcoordinatie:traject_bewerken")
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    achtervangers = zorgcoordinatoren_van(traject.regio).exclude(pk=traject.verantwoordelijke_id)
    form = TrajectForm(request.POST or None, instance=traject, achtervangers=achtervangers)

    def opslaan() -> None:
        services.traject_bijwerken(
            traject=traject,
            door=request.user,  # type: ignore[arg-type]
            gegevens=form.gegevens(),
            versie=form.cleaned_data["versie"],
        )

    return _formulierpagina(
        request,
        traject,
        form,
        opslaan,
        template="zorgcoordinatie/traject_bewerken.html",
        titel="Traject wijzigen",
        succes="Het traject is opgeslagen.",
        anker="pijlers",
        scherm="zorgcoordinatie:traject_bewerken",
    )


@vereist(ZC, AF)
def intake(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    traject = _traject_ophalen(request, uuid, "zorgcoordinatie:intake", "behoeften")
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    form = IntakeForm(request.POST or None, traject=traject)

    def opslaan() -> None:
        services.intake_vastleggen(
            traject=traject,
            door=request.user,  # type: ignore[arg-type]
            behoeften=form.behoeften(),
            versie=form.cleaned_data["versie"],
        )

    return _formulierpagina(
        request,
        traject,
        form,
        opslaan,
        template="zorgcoordinatie/intake.html",
        titel="Intake: hulpvraag per levensdomein",
        succes="De intake is vastgelegd.",
        anker="intake",
        scherm="zorgcoordinatie:intake",
    )


@vereist(ZC, AF)
def zorgactie_toevoegen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    traject = _traject_ophalen(request, uuid, "zorgcoordinatie:zorgactie_toevoegen")
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    form = ZorgactieForm(request.POST or None, gebruiker=request.user, regio=traject.regio)

    def opslaan() -> None:
        services.zorgactie_toevoegen(
            traject=traject,
            door=request.user,  # type: ignore[arg-type]
            gegevens=form.gegevens(),
        )

    return _formulierpagina(
        request,
        traject,
        form,
        opslaan,
        template="zorgcoordinatie/zorgactie.html",
        titel="Zorgactie toevoegen",
        succes="De zorgactie is toegevoegd.",
        anker="zorgacties",
        scherm="zorgcoordinatie:zorgactie_toevoegen",
    )


@vereist(ZC, AF)
def zorgactie_bewerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    actie = ophalen(
        request,
        zorgacties_leesbaar_voor(request.user).select_related("traject__regio"),
        scherm="zorgcoordinatie:zorgactie_bewerken",
        uuid=uuid,
    )
    traject = actie.traject
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    form = ZorgactieForm(request.POST or None, instance=actie, gebruiker=request.user, regio=traject.regio)

    def opslaan() -> None:
        services.zorgactie_bijwerken(
            actie=actie,
            door=request.user,  # type: ignore[arg-type]
            gegevens=form.gegevens(),
        )

    return _formulierpagina(
        request,
        traject,
        form,
        opslaan,
        template="zorgcoordinatie/zorgactie.html",
        titel="Zorgactie wijzigen",
        succes="De zorgactie is opgeslagen.",
        anker="zorgacties",
        scherm="zorgcoordinatie:zorgactie_bewerken",
    )


@vereist(ZC, AF)
def zorgoverleg_toevoegen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    traject = _traject_ophalen(request, uuid, "zorgcoordinatie:zorgoverleg_toevoegen")
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    form = ZorgoverlegForm(request.POST or None, initial={"datum": timezone.localdate()})

    def opslaan() -> None:
        services.zorgoverleg_vastleggen(
            traject=traject,
            door=request.user,  # type: ignore[arg-type]
            datum=form.cleaned_data["datum"],
            organisaties=form.cleaned_data["organisaties"],
            afspraken=form.afspraken(),
        )

    return _formulierpagina(
        request,
        traject,
        form,
        opslaan,
        template="zorgcoordinatie/zorgoverleg.html",
        titel="Zorgoverleg vastleggen",
        succes="Het zorgoverleg is vastgelegd.",
        anker="zorgoverleg",
        scherm="zorgcoordinatie:zorgoverleg_toevoegen",
    )


@vereist(ZC, AF)
def afsluiten(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    traject = _traject_ophalen(request, uuid, "zorgcoordinatie:afsluiten")
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    criteria = list(traject.afsluitcriteria.items())
    form = AfsluitenForm(request.POST or None, traject=traject)

    def opslaan() -> None:
        data = form.cleaned_data
        services.traject_afsluiten(
            traject=traject,
            door=request.user,  # type: ignore[arg-type]
            reden=data["reden"],
            toelichting=data["toelichting"],
            overgedragen_aan=data["overgedragen_aan"],
            versie=data["versie"],
        )

    return _formulierpagina(
        request,
        traject,
        form,
        opslaan,
        template="zorgcoordinatie/afsluiten.html",
        titel="Traject afsluiten",
        succes="Het traject is afgesloten.",
        scherm="zorgcoordinatie:afsluiten",
        criteria=criteria,
        alle_criteria=all(voldaan for _, voldaan in criteria),
    )


@vereist(ZC, AF)
@alleen_post
def fase_wijzigen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    traject = _traject_ophalen(request, uuid, "zorgcoordinatie:fase_wijzigen")
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    form = FaseForm(request.POST)
    status = 400
    if form.is_valid():
        fase, actie = form.overgang_gekozen()
        try:
            services.fase_wijzigen(
                traject=traject,
                door=request.user,  # type: ignore[arg-type]
                fase=fase,
                actie=actie,
                datum=form.cleaned_data["datum"],
                versie=form.cleaned_data["versie"],
            )
        except VersieConflict as fout:
            form.add_error(None, str(fout))
            status = 409
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            keuze = dict(form.fields["overgang"].choices)[form.cleaned_data["overgang"]]
            messages.success(request, f"{keuze}: vastgelegd.")
            return _naar_traject(traject, "fasen")
    return _traject_opnieuw(request, traject, status=status, fase=form)


@vereist(ZC, AF)
@alleen_post
def heropenen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    traject = _traject_ophalen(request, uuid, "zorgcoordinatie:heropenen")
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    form = HeropenenForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.traject_heropenen(
                traject=traject,
                door=request.user,  # type: ignore[arg-type]
                reden=form.cleaned_data["reden"],
                versie=form.cleaned_data["versie"],
            )
        except VersieConflict as fout:
            form.add_error(None, str(fout))
            status = 409
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_traject(traject)
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "Het traject is heropend; de hulpverlening loopt weer.")
            return _naar_traject(traject)
    return _traject_opnieuw(request, traject, status=status, heropenen=form)


@vereist(ZC, AF)
@alleen_post
def afspraak_afronden(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    afspraak = ophalen(
        request, afspraken_leesbaar_voor(request.user), scherm="zorgcoordinatie:afspraak_afronden", uuid=uuid
    )
    traject = afspraak.overleg.traject
    if terug := _niet_bewerkbaar(request, traject):
        return terug
    try:
        services.afspraak_afronden(afspraak=afspraak, door=request.user)  # type: ignore[arg-type]
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, f"De afspraak '{afspraak.omschrijving}' is afgerond.")
    return _naar_traject(traject, "zorgoverleg")


# --- The client ----------------------------------------------------------------------------------


def _client_ophalen(request: HttpRequest, uuid: uuidlib.UUID, scherm: str) -> tuple[Client, Traject]:
    """The client if the user may read one of their trajectories, with the latest of those."""
    client = ophalen(request, clienten_leesbaar_voor(request.user), scherm=scherm, uuid=uuid)
    traject = _laatste_traject(request, client)
    if traject is None:  # a readable client always has a readable trajectory
        raise Http404
    traject.client = client
    return client, traject


@vereist(ZC, AF)
def client_bewerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    client, traject = _client_ophalen(request, uuid, "zorgcoordinatie:client_bewerken")
    if terug := _client_niet_bewerkbaar(request, client, traject):
        return terug
    form = ClientForm(request.POST or None, instance=client)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.client_bijwerken(
                client=client,
                door=request.user,  # type: ignore[arg-type]
                gegevens=form.gegevens(),
                versie=form.cleaned_data["versie"],
            )
        except VersieConflict as fout:
            form.add_error(None, str(fout))
            status = 409
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De gegevens van de cliënt zijn opgeslagen.")
            return _naar_traject(traject, "client")
    if request.method != "POST":
        _loggen(request, "zorgcoordinatie:client_bewerken", CLIENT, client.uuid)
    if status == 200 and form.errors:
        status = 400
    return render(
        request,
        "zorgcoordinatie/client.html",
        {"form": form, "client": client, "traject": traject, "conflict": status == 409},
        status=status,
    )


@vereist(ZC, AF)
@alleen_post
def comensha_toestemming(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    client, traject = _client_ophalen(request, uuid, "zorgcoordinatie:comensha_toestemming")
    if terug := _client_niet_bewerkbaar(request, client, traject):
        return terug
    form = ComenshaForm(request.POST)
    if form.is_valid():
        try:
            services.comensha_toestemming_vastleggen(
                client=client,
                door=request.user,  # type: ignore[arg-type]
                toestemming=form.cleaned_data["toestemming"],
                datum=form.cleaned_data["datum"],
                reikwijdte=form.cleaned_data["reikwijdte"],
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_traject(traject, "comensha")
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De toestemming voor CoMensha is vastgelegd.")
            return _naar_traject(traject, "comensha")
    return _traject_opnieuw(request, traject, status=400, comensha=form)


@vereist(ZC, AF)
def comensha_export(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    """The CoMensha registration of one client as CSV: with consent the agreed fields,
    without consent an anonymous minimal registration. Every export is logged."""
    client, traject = _client_ophalen(request, uuid, "zorgcoordinatie:comensha_export")
    if terug := _client_niet_bewerkbaar(request, client, traject):
        return terug
    registratie = services.comensha_registratie(client)
    _loggen(
        request, "zorgcoordinatie:comensha_export", CLIENT, client.uuid, actie=ToegangsLog.Actie.EXPORTEREN
    )
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    schrijver.writerow(registratie.keys())
    schrijver.writerow(registratie.values())
    antwoord = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    # No dossiernummer in the file name: without consent the registration is anonymous.
    antwoord["Content-Disposition"] = (
        f'attachment; filename="comensha-registratie-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return antwoord
