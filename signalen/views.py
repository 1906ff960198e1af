"""Screens of the signals app: the start page per role, a signal's page and the meldroute.

Views read through ``signalen.selectors`` and write through ``signalen.services``. A
refused step (``Geweigerd``) becomes a message and a redirect to the signal's page; a
validation error re-renders the form with the input kept (400); a version conflict
re-renders it with the conflict message (409).
"""

from __future__ import annotations

import csv
import uuid as uuidlib
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mensenhandel.forms import fouten_overnemen
from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from signalen import services
from signalen.forms import (
    BesluitForm,
    HeropenenForm,
    KoppelingForm,
    NotitieForm,
    PersonenFormSet,
    PersoonForm,
    SignaalFilter,
    SignaalFilterKR,
    SignaalForm,
    TerugkoppelingForm,
    WegenForm,
)
from signalen.models import Bestemming, BetrokkenPersoon, Identificator, Koppeling, Signaal, Status
from signalen.selectors import (
    aanmeldingen_voor_zc,
    doorverwijzingen_bewerkbaar_voor,
    koppelingen_bewerkbaar_voor,
    mag_bewerken,
    personen_bewerkbaar_voor,
    signaal_detail,
    signaallijst,
    signalen_bewerkbaar_voor,
    signalen_in_regio_voor_kr,
    signalen_leesbaar_voor,
    signalen_met_treffer_elders,
    tellingen_per_status,
)
from signalen.services import Geweigerd, Stapeling, VersieConflict

PER_PAGINA = 25
OBJECT_TYPE = "signalen.Signaal"
ELDERS = (
    "Elders is een signaal over deze persoon bekend; neem contact op met de ketenregisseur "
    "of zorgcoördinator."
)

AF = Rol.AANDACHTSFUNCTIONARIS
LEZERS = (Rol.AANDACHTSFUNCTIONARIS, Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR)


def _loggen(request: HttpRequest, actie: str, scherm: str, signaal: Signaal | None = None) -> None:
    toegang_loggen(
        request=request,
        actie=actie,
        object_type=OBJECT_TYPE,
        object_id=str(signaal.uuid) if signaal is not None else "",
        scherm=scherm,
    )


def _naar_signaal(signaal: Signaal, anker: str = "") -> HttpResponse:
    url = reverse("signalen:detail", kwargs={"uuid": signaal.uuid})
    return redirect(f"{url}#{anker}" if anker else url)


def _bewerkbaar(request: HttpRequest, uuid: uuidlib.UUID, scherm: str) -> Signaal:
    """The signal, if this user may change it; 404 otherwise (logged as refused)."""
    return ophalen(
        request, signalen_bewerkbaar_voor(request.user).select_related("gemeente"), scherm=scherm, uuid=uuid
    )


def _stapeling_melden(request: HttpRequest, stapeling: Stapeling) -> None:
    if stapeling.binnen_bereik:
        aantal = len(stapeling.binnen_bereik)
        messages.warning(
            request,
            f"Stapeling: {aantal} {'ander signaal' if aantal == 1 else 'andere signalen'} over "
            "dezelfde persoon gevonden. Bekijk en beoordeel de overeenkomst bij 'Stapeling'.",
        )
    if stapeling.elders:
        messages.warning(request, ELDERS)


def _filter_uit(request: HttpRequest) -> SignaalFilter:
    """The filter form, bound only when the request carries more than a page number."""
    gefilterd = any(sleutel != "pagina" for sleutel in request.GET)
    return SignaalFilter(request.GET if gefilterd else None)


def _zonder_pagina(query: QueryDict) -> str:
    kopie = query.copy()
    kopie.pop("pagina", None)
    return kopie.urlencode()


def _tellingen(basis: QuerySet[Signaal]) -> list[dict[str, Any]]:
    aantallen = tellingen_per_status(basis)
    return [{"status": s.value, "label": s.label, "aantal": aantallen.get(s.value, 0)} for s in Status]


# --- Start page per role --------------------------------------------------------------------


@vereist(*LEZERS, permissies=["signalen.view_signaal"])
def start(request: HttpRequest) -> HttpResponse:
    rol = request.user.rol  # type: ignore[union-attr]
    if rol == Rol.ZORGCOORDINATOR:
        return _start_zc(request)
    if rol == Rol.KETENREGISSEUR:
        return _start_kr(request)
    return _start_af(request)


def _start_af(request: HttpRequest) -> HttpResponse:
    form = _filter_uit(request)
    basis = signalen_bewerkbaar_voor(request.user)
    lijst = form.toepassen(signaallijst(basis))
    tellingen = _tellingen(basis)
    totaal = sum(t["aantal"] for t in tellingen)
    paginator = Paginator(lijst, PER_PAGINA)
    if not form.is_bound:
        # Unfiltered, the counts per status already hold the total: one query less.
        paginator.count = totaal
    pagina = paginator.get_page(request.GET.get("pagina"))
    _loggen(
        request, ToegangsLog.Actie.ZOEKEN if form.is_bound else ToegangsLog.Actie.BEKIJKEN, "signalen:start"
    )
    return render(
        request,
        "signalen/start.html",
        {
            "form": form,
            "pagina": pagina,
            "tellingen": tellingen,
            "totaal": totaal,
            "zoekopdracht": _zonder_pagina(request.GET),
            "vandaag": timezone.localdate(),
            "treffers_elders": list(signalen_met_treffer_elders(request.user)[:10]),
        },
        status=400 if form.errors else 200,
    )


def _start_zc(request: HttpRequest) -> HttpResponse:
    # Read only: the zorgcoördinator answers a referral in zorgcoordinatie, where
    # accepting opens a client and a trajectory.
    aanmeldingen = aanmeldingen_voor_zc(request.user).order_by("-datum", "-id")
    pagina = Paginator(aanmeldingen, PER_PAGINA).get_page(request.GET.get("pagina"))
    _loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:start")
    return render(request, "signalen/start_zc.html", {"pagina": pagina})


def _start_kr(request: HttpRequest) -> HttpResponse:
    # Pseudonymised: reference, gemeente, date, forms and status; no persons, no text.
    basis = signalen_in_regio_voor_kr(request.user)
    gefilterd = any(sleutel != "pagina" for sleutel in request.GET)
    form = SignaalFilterKR(request.GET if gefilterd else None, gebruiker=request.user)
    # A gemeente in two of the KR's regio's must not show twice: filter on ids.
    lijst = (
        Signaal.objects.filter(pk__in=form.toepassen(basis).values("pk"))
        .select_related("gemeente")
        .order_by("-datum_geregistreerd", "-id")
    )
    tellingen = _tellingen(basis)
    totaal = sum(t["aantal"] for t in tellingen)
    paginator = Paginator(lijst, PER_PAGINA)
    if not gefilterd:
        paginator.count = totaal  # the counts per status already hold it: one query less
    pagina = paginator.get_page(request.GET.get("pagina"))
    leesbaar = set(
        signalen_leesbaar_voor(request.user)
        .filter(pk__in=[s.pk for s in pagina])
        .values_list("pk", flat=True)
    )
    for signaal in pagina:
        signaal.leesbaar = signaal.pk in leesbaar
    return render(
        request,
        "signalen/start_kr.html",
        {
            "pagina": pagina,
            "tellingen": tellingen,
            "totaal": totaal,
            "form": form,
            "meer_regios": len(form.fields["regio"].queryset) > 1,
            "gefilterd": gefilterd,
            "zoekopdracht": _zonder_pagina(request.GET),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# --- Export ----------------------------------------------------------------------------------

EXPORTKOPPEN = [
    "referentie", "datum_waargenomen", "datum_geregistreerd", "gemeente", "sector", "bron",
    "uitbuitingsvormen", "minderjarige_betrokken", "acuut_gevaar", "status", "risico",
]  # fmt: skip


class _Doorgeven:
    """A file-like object that hands each CSV line back instead of storing it."""

    def write(self, waarde: str) -> str:
        return waarde


def _exportregels(signalen: QuerySet[Signaal]) -> Iterator[str]:
    schrijver = csv.writer(_Doorgeven(), delimiter=";")
    yield "\ufeff"  # so that spreadsheet programs read UTF-8
    yield schrijver.writerow(EXPORTKOPPEN)
    for s in signalen.iterator(chunk_size=2000):
        yield schrijver.writerow(
            [
                s.referentie,
                s.datum_waargenomen.isoformat(),
                s.datum_geregistreerd.isoformat(),
                s.gemeente.naam,
                s.get_sector_display(),
                s.get_bron_display(),
                ", ".join(s.uitbuitingsvormen_labels),
                s.get_minderjarige_betrokken_display(),
                "ja" if s.acuut_gevaar else "nee",
                s.get_status_display(),
                s.get_risico_display() if s.risico else "",
            ]
        )


@vereist(AF, permissies=["signalen.view_signaal"])
def export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV, without personal data; every export is logged."""
    form = _filter_uit(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, "De filters kloppen niet. Pas ze aan en exporteer opnieuw.")
        return redirect(f"{reverse('signalen:start')}?{_zonder_pagina(request.GET)}")
    lijst = form.toepassen(signaallijst(signalen_bewerkbaar_voor(request.user)))
    _loggen(request, ToegangsLog.Actie.EXPORTEREN, "signalen:export")
    antwoord = StreamingHttpResponse(_exportregels(lijst), content_type="text/csv; charset=utf-8")
    naam = f"signalen-{timezone.localdate():%Y-%m-%d}.csv"
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord


# --- A new signal ------------------------------------------------------------------------------


@vereist(AF, permissies=["signalen.add_signaal"])
def nieuw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignaalForm(request.POST, gebruiker=request.user, nieuw=True)
        personen = PersonenFormSet(request.POST, prefix="personen")
        # Both validated, so that every error shows at once.
        geldig = form.is_valid()
        geldig = personen.is_valid() and geldig
        if geldig:
            try:
                signaal, stapeling, is_nieuw = services.signaal_registreren(
                    door=request.user,  # type: ignore[arg-type]
                    gegevens=form.gegevens(),
                    indicatoren=form.cleaned_data["indicatoren"],
                    personen=personen.gegevens(),
                    formuliertoken=form.cleaned_data["formuliertoken"],
                )
            except ValidationError as fout:
                fouten_overnemen(form, fout)
            except Geweigerd as fout:
                form.add_error(None, str(fout))
            else:
                if is_nieuw:
                    messages.success(request, f"Signaal {signaal.referentie} is geregistreerd.")
                else:
                    messages.info(
                        request, f"Dit formulier was al verstuurd; dit is signaal {signaal.referentie}."
                    )
                _stapeling_melden(request, stapeling)
                return _naar_signaal(signaal)
    else:
        form = SignaalForm(gebruiker=request.user, nieuw=True, initial={"formuliertoken": uuidlib.uuid4()})
        personen = PersonenFormSet(prefix="personen")
    # A POST that gets here did not register anything: its errors are on the page.
    return render(
        request,
        "signalen/nieuw.html",
        {
            "form": form,
            "personen": personen,
            "personen_fouten": personen.is_bound and personen.total_error_count(),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- A signal's page -------------------------------------------------------------------------


@vereist(*LEZERS, permissies=["signalen.view_signaal"])
def detail(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = ophalen(
        request, signaal_detail(signalen_leesbaar_voor(request.user)), scherm="signalen:detail", uuid=uuid
    )
    return _detail_tonen(request, signaal)


def _detail_opnieuw(
    request: HttpRequest, signaal: Signaal, *, status: int, **formulieren: Any
) -> HttpResponse:
    """The signal's page again after a failed action, with the action's form as it was sent."""
    volledig = signaal_detail(signalen_leesbaar_voor(request.user)).get(pk=signaal.pk)
    return _detail_tonen(request, volledig, status=status, **formulieren)


def _detail_tonen(
    request: HttpRequest,
    signaal: Signaal,
    *,
    status: int = 200,
    notitie: NotitieForm | None = None,
    wegen: WegenForm | None = None,
    heropenen: HeropenenForm | None = None,
    terugkoppeling: tuple[int, TerugkoppelingForm] | None = None,
) -> HttpResponse:
    gebruiker = request.user
    bewerkbaar = mag_bewerken(gebruiker, signaal)
    stapeling = services.stapeling_voor(signaal, gebruiker)  # type: ignore[arg-type]
    _loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:detail", signaal)

    mogelijk = services.mogelijke_acties(signaal)
    tijdlijn = sorted(
        [
            *(
                {"tijdstip": n.tijdstip, "notitie": True, "tekst": n.tekst, "door": n.auteur,
                 "advies": n.get_advies_gevraagd_aan_display() if n.advies_gevraagd_aan else ""}
                for n in signaal.notities.all()
            ),
            *(
                {"tijdstip": g.tijdstip, "notitie": False, "tekst": g.omschrijving, "door": g.gebruiker}
                for g in signaal.gebeurtenissen.all()
            ),
        ],
        key=lambda regel: regel["tijdstip"],
    )  # fmt: skip
    doorverwijzingen = list(signaal.doorverwijzingen.all())
    if bewerkbaar:
        for d in doorverwijzingen:
            if terugkoppeling is not None and terugkoppeling[0] == d.pk:
                d.formulier = terugkoppeling[1]
            elif services.volgende_terugkoppelingen(d):
                d.formulier = TerugkoppelingForm(doorverwijzing=d)
    for koppeling in stapeling.binnen_bereik:
        koppeling.soorten_labels = [Identificator.Soort(s).label for s in koppeling.soorten]
        koppeling.te_beoordelen = bewerkbaar and koppeling.beoordeling == Koppeling.Beoordeling.VOORGESTELD
    context = {
        "signaal": signaal,
        "bewerkbaar": bewerkbaar,
        "stapeling": stapeling,
        "aantal_over_persoon": len(stapeling.binnen_bereik) + 1,
        "elders": ELDERS,
        "tijdlijn": tijdlijn,
        "doorverwijzingen": doorverwijzingen,
        "mag_verrijken": bewerkbaar and "verrijken" in mogelijk,
        "mag_wegen": bewerkbaar and "wegen" in mogelijk,
        "mag_besluiten": bewerkbaar and "besluiten" in mogelijk,
        "mag_heropenen": bewerkbaar and "heropenen" in mogelijk,
        "mag_wijzigen": bewerkbaar and signaal.status != Status.AFGESLOTEN,
        "notitie_form": notitie or NotitieForm(),
        "wegen_form": wegen
        or WegenForm(
            initial={
                "aard": signaal.aard,
                "ernst": signaal.ernst,
                "risico": signaal.risico,
                "onderbouwing": signaal.weging_onderbouwing,
                "versie": signaal.versie,
            }
        ),
        "heropenen_form": heropenen or HeropenenForm(),
        "afsluitreden": dict(services.Afsluitreden.CHOICES).get(signaal.afsluitreden, signaal.afsluitreden),
    }
    return render(request, "signalen/detail.html", context, status=status)


# --- Editing the signal and its persons ----------------------------------------------------------


@vereist(AF, permissies=["signalen.change_signaal"])
def bewerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = ophalen(
        request,
        signalen_bewerkbaar_voor(request.user).select_related("gemeente").prefetch_related("indicatoren"),
        scherm="signalen:bewerken",
        uuid=uuid,
    )
    referentie = signaal.referentie
    form = SignaalForm(request.POST or None, instance=signaal, gebruiker=request.user, nieuw=False)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.signaal_bijwerken(
                signaal=signaal,
                door=request.user,  # type: ignore[arg-type]
                gegevens=form.gegevens(),
                indicatoren=form.cleaned_data["indicatoren"],
                versie=form.cleaned_data["versie"],
            )
        except VersieConflict as fout:
            form.add_error(None, str(fout))
            status = 409
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_signaal(signaal)
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De gegevens van het signaal zijn opgeslagen.")
            return _naar_signaal(signaal)
    if request.method == "GET":
        _loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:bewerken", signaal)
    if status == 200 and form.errors:
        status = 400
    return render(
        request,
        "signalen/bewerken.html",
        {"form": form, "signaal": signaal, "referentie": referentie, "conflict": status == 409},
        status=status,
    )


def _persoon_ophalen(request: HttpRequest, uuid: uuidlib.UUID, scherm: str) -> BetrokkenPersoon:
    return ophalen(request, personen_bewerkbaar_voor(request.user), scherm=scherm, uuid=uuid)


@vereist(AF, permissies=["signalen.add_betrokkenpersoon"])
def persoon_toevoegen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = _bewerkbaar(request, uuid, "signalen:persoon_toevoegen")
    form = PersoonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, stapeling = services.persoon_toevoegen(
                signaal=signaal,
                door=request.user,  # type: ignore[arg-type]
                gegevens=form.gegevens(),
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_signaal(signaal)
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De betrokken persoon is toegevoegd.")
            _stapeling_melden(request, stapeling)
            return _naar_signaal(signaal, "personen")
    return render(
        request,
        "signalen/persoon.html",
        {"form": form, "signaal": signaal, "titel": "Betrokken persoon toevoegen"},
        status=400 if form.errors else 200,
    )


@vereist(AF, permissies=["signalen.change_betrokkenpersoon"])
def persoon_bewerken(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    persoon = _persoon_ophalen(request, uuid, "signalen:persoon_bewerken")
    signaal = persoon.signaal
    form = PersoonForm(request.POST or None, instance=persoon)
    if request.method == "POST" and form.is_valid():
        try:
            _, stapeling = services.persoon_bijwerken(
                persoon=persoon,
                door=request.user,  # type: ignore[arg-type]
                gegevens=form.gegevens(),
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_signaal(signaal)
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De gegevens van de betrokken persoon zijn opgeslagen.")
            _stapeling_melden(request, stapeling)
            return _naar_signaal(signaal, "personen")
    if request.method == "GET":
        _loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:persoon_bewerken", signaal)
    return render(
        request,
        "signalen/persoon.html",
        {"form": form, "signaal": signaal, "titel": "Betrokken persoon wijzigen"},
        status=400 if form.errors else 200,
    )


@vereist(AF, permissies=["signalen.delete_betrokkenpersoon"])
@alleen_post
def persoon_verwijderen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    persoon = _persoon_ophalen(request, uuid, "signalen:persoon_verwijderen")
    try:
        services.persoon_verwijderen(persoon=persoon, door=request.user)  # type: ignore[arg-type]
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, "De betrokken persoon is verwijderd.")
    return _naar_signaal(persoon.signaal, "personen")


# --- The meldroute ----------------------------------------------------------------------------


@vereist(AF, permissies=["signalen.add_notitie"])
@alleen_post
def notitie(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = _bewerkbaar(request, uuid, "signalen:notitie")
    form = NotitieForm(request.POST)
    if form.is_valid():
        try:
            services.notitie_toevoegen(
                signaal=signaal,
                door=request.user,  # type: ignore[arg-type]
                tekst=form.cleaned_data["tekst"],
                advies_gevraagd_aan=form.cleaned_data["advies_gevraagd_aan"],
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_signaal(signaal)
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De notitie is toegevoegd.")
            return _naar_signaal(signaal, "tijdlijn")
    return _detail_opnieuw(request, signaal, status=400, notitie=form)


@vereist(AF, permissies=["signalen.change_signaal"])
@alleen_post
def wegen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = _bewerkbaar(request, uuid, "signalen:wegen")
    form = WegenForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.signaal_wegen(
                signaal=signaal,
                door=request.user,  # type: ignore[arg-type]
                aard=data["aard"],
                ernst=data["ernst"],
                risico=data["risico"],
                onderbouwing=data["onderbouwing"],
                versie=data["versie"],
            )
        except VersieConflict as fout:
            form.add_error(None, str(fout))
            status = 409
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_signaal(signaal)
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De weging is vastgelegd.")
            return _naar_signaal(signaal, "weging")
    return _detail_opnieuw(request, signaal, status=status, wegen=form)


@vereist(AF, permissies=["signalen.change_signaal", "signalen.add_doorverwijzing"])
def besluit(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = _bewerkbaar(request, uuid, "signalen:besluit")
    status = 200
    if request.method == "POST":
        form = BesluitForm(request.POST, signaal=signaal, gebruiker=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.besluit_nemen(
                    signaal=signaal,
                    door=request.user,  # type: ignore[arg-type]
                    verwijzingen=form.verwijzingen(),
                    zelf_hulp=data["zelf_hulp"],
                    monitoren_tot=data["monitoren_tot"],
                    afsluitreden=data["afsluitreden"],
                    afsluittoelichting=data["afsluittoelichting"],
                    versie=data["versie"],
                )
            except VersieConflict as fout:
                form.add_error(None, str(fout))
                status = 409
            except Geweigerd as fout:
                messages.error(request, str(fout))
                return _naar_signaal(signaal)
            except ValidationError as fout:
                fouten_overnemen(form, fout)
            else:
                messages.success(request, "Het besluit is vastgelegd.")
                return _naar_signaal(signaal, "besluit")
        if status == 200:
            status = 400
    else:
        if "besluiten" not in services.mogelijke_acties(signaal):
            messages.error(request, services.WEIGERINGEN["besluiten"])
            return _naar_signaal(signaal)
        regios = list(signaal.gemeente.regios.order_by("naam")[:2])
        form = BesluitForm(
            signaal=signaal,
            gebruiker=request.user,
            initial={"versie": signaal.versie, "regio": regios[0] if len(regios) == 1 else None},
        )
    return render(request, "signalen/besluit.html", {"form": form, "signaal": signaal}, status=status)


@vereist(AF, permissies=["signalen.change_signaal"])
@alleen_post
def heropenen(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = _bewerkbaar(request, uuid, "signalen:heropenen")
    form = HeropenenForm(request.POST)
    if form.is_valid():
        try:
            services.signaal_heropenen(
                signaal=signaal,
                door=request.user,  # type: ignore[arg-type]
                reden=form.cleaned_data["reden"],
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_signaal(signaal)
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "Het signaal is heropend en staat weer in onderzoek.")
            return _naar_signaal(signaal)
    return _detail_opnieuw(request, signaal, status=400, heropenen=form)


@vereist(AF, permissies=["signalen.change_doorverwijzing"])
@alleen_post
def terugkoppeling(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    doorverwijzing = ophalen(
        request, doorverwijzingen_bewerkbaar_voor(request.user), scherm="signalen:terugkoppeling", uuid=uuid
    )
    signaal = doorverwijzing.signaal
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        messages.error(request, services.TERUGKOPPELING_ZC_MELDING)
        return _naar_signaal(signaal, "doorverwijzingen")
    form = TerugkoppelingForm(request.POST, doorverwijzing=doorverwijzing)
    if form.is_valid():
        try:
            services.terugkoppeling_vastleggen(
                doorverwijzing=doorverwijzing,
                door=request.user,  # type: ignore[arg-type]
                status=form.cleaned_data["status"],
                bericht=form.cleaned_data["bericht"],
                datum=form.cleaned_data["datum"],
            )
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return _naar_signaal(signaal, "doorverwijzingen")
        except ValidationError as fout:
            fouten_overnemen(form, fout)
        else:
            messages.success(request, "De terugkoppeling is vastgelegd.")
            return _naar_signaal(signaal, "doorverwijzingen")
    return _detail_opnieuw(request, signaal, status=400, terugkoppeling=(doorverwijzing.pk, form))


@vereist(AF, permissies=["signalen.change_koppeling"])
@alleen_post
def koppeling(request: HttpRequest, uuid: uuidlib.UUID) -> HttpResponse:
    """Confirm or reject a suggested pair; only when the user may edit both signals."""
    gevonden = ophalen(
        request,
        koppelingen_bewerkbaar_voor(request.user),
        scherm="signalen:koppeling",
        uuid=uuid,
    )
    form = KoppelingForm(request.POST)
    geldig = form.is_valid()
    terug = gevonden.signaal_a
    if geldig and form.cleaned_data["signaal"] == gevonden.signaal_b.uuid:
        terug = gevonden.signaal_b
    if not geldig:
        messages.error(request, "Kies of u de koppeling bevestigt of afwijst.")
        return _naar_signaal(terug, "stapeling")
    bevestigd = form.cleaned_data["beoordeling"] == "bevestigen"
    try:
        services.koppeling_beoordelen(
            koppeling=gevonden,
            door=request.user,  # type: ignore[arg-type]
            bevestigd=bevestigd,
        )
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, "De koppeling is bevestigd." if bevestigd else "De koppeling is afgewezen.")
    return _naar_signaal(terug, "stapeling")
