"""Kernel pages: login with a second factor, start, session, public pages, beheer."""

from __future__ import annotations

import base64
import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.acties import formulier_afhandelen, formulierstatus
from mensenhandel.forms import CodeForm, InlogForm, ToegangsLogFilter, ToegangswijzigingBeoordelenForm
from mensenhandel.http import Verzoek
from mensenhandel.logweergave import leesbaar_maken
from mensenhandel.middleware import SESSIE_LAATSTE_ACTIVITEIT, sessie_starten
from mensenhandel.models import Gebruiker, Rol, ToegangsLog, Toegangswijziging
from mensenhandel.onderdelen import onderdelen
from mensenhandel.paginas import gelezen, zonder_pagina
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import declaratie, heeft_rol, publiek, vereist
from mensenhandel.toegangsbeheer import twee_beheerders_verplicht
from mensenhandel.toegangsbesluiten import toegangswijziging_afwijzen, toegangswijziging_goedkeuren

# A login in progress: the password was right, the second factor still has to follow.
WACHTEND_GEBRUIKER = "mh_2fa_gebruiker"
WACHTEND_BACKEND = "mh_2fa_backend"
WACHTEND_SINDS = "mh_2fa_sinds"
WACHTEND_VERVOLG = "mh_2fa_vervolg"
WACHTEND_MAX_SECONDEN = 300

ALLE_ROLLEN = tuple(Rol)
V = TypeVar("V", bound=Callable[..., HttpResponse])


def alleen_post(view: V) -> V:
    """Answer anything but POST with a Dutch 405 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            response = render(request, "fouten/405.html", status=405)
            response["Allow"] = "POST"
            return response
        return view(request, *args, **kwargs)

    return cast(V, wrapper)


def _veilig_vervolg(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def axes_gebruikersnaam(request: HttpRequest, credentials: dict | None) -> str:
    """The name axes counts failures under: the e-mail address, folded to lower case.

    ``authenticate`` and the code step pass it as ``username``; axes' own successful-login
    handler passes it under the user model's USERNAME_FIELD (``email``). Reading only
    ``username`` sent the reset after a successful login to "", so earlier failures kept
    counting (issue 15)."""
    credentials = credentials or {}
    naam = credentials.get("username") or credentials.get("email") or request.POST.get("email", "")
    return str(naam).strip().lower()


def geblokkeerd(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes lock-out answer. Says the same whether or not the account exists."""
    request.session.pop(WACHTEND_GEBRUIKER, None)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.INLOGGEN,
        uitkomst=ToegangsLog.Uitkomst.GEBLOKKEERD,
        scherm="inloggen",
        toelichting="te veel mislukte pogingen",
    )
    context = {"minuten": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return render(request, "inloggen/geblokkeerd.html", context, status=429)


def _wachtende_gebruiker(request: HttpRequest) -> Gebruiker | None:
    pk = request.session.get(WACHTEND_GEBRUIKER)
    sinds = request.session.get(WACHTEND_SINDS, 0)
    if pk is None or time.time() - sinds > WACHTEND_MAX_SECONDEN:
        return None
    return Gebruiker.objects.filter(pk=pk, is_active=True).first()


@publiek
@sensitive_post_parameters("wachtwoord")
def inloggen(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("start")
    if request.GET.get("verlopen"):
        messages.info(request, "Uw sessie is verlopen. Log opnieuw in.")
    form = InlogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        gebruiker = auth.authenticate(request, username=email, password=form.cleaned_data["wachtwoord"])
        if gebruiker is None:
            if not getattr(request, "axes_locked_out", False):
                toegang_loggen(
                    request=request,
                    actie=ToegangsLog.Actie.INLOGGEN,
                    uitkomst=ToegangsLog.Uitkomst.MISLUKT,
                    scherm="inloggen",
                    toelichting="e-mailadres of wachtwoord onjuist",
                )
            # With axes_locked_out set, AxesMiddleware replaces this with the lock-out page.
            form.add_error(
                None,
                "Het e-mailadres of het wachtwoord klopt niet. Na 5 mislukte pogingen "
                f"wordt inloggen {int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} "
                "minuten geblokkeerd.",
            )
        else:
            request.session.cycle_key()
            request.session[WACHTEND_GEBRUIKER] = gebruiker.pk
            request.session[WACHTEND_BACKEND] = gebruiker.backend
            request.session[WACHTEND_SINDS] = time.time()
            request.session[WACHTEND_VERVOLG] = _veilig_vervolg(
                request, request.POST.get("next") or request.GET.get("next")
            )
            if TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists():
                return redirect("inloggen_code")
            return redirect("inloggen_koppelen")
    return render(
        request,
        "inloggen/inloggen.html",
        {"form": form, "next": _veilig_vervolg(request, request.GET.get("next")) or ""},
        status=400 if form.errors else 200,
    )


def _code_controleren(
    request: HttpRequest, gebruiker: Gebruiker, apparaat: TOTPDevice, form: CodeForm
) -> HttpResponse | None:
    """Verify the code; on success log in fully and return the redirect."""
    credentials = {"username": gebruiker.email}
    if AxesProxyHandler.is_locked(request, credentials):
        request.axes_locked_out = True  # type: ignore[attr-defined]
        return HttpResponse(status=429)
    if not form.is_valid():
        return None
    toegestaan, _ = apparaat.verify_is_allowed()
    if toegestaan and apparaat.verify_token(form.cleaned_data["code"]):
        vervolg = request.session.get(WACHTEND_VERVOLG)
        backend = request.session.get(WACHTEND_BACKEND)
        for sleutel in (WACHTEND_GEBRUIKER, WACHTEND_BACKEND, WACHTEND_SINDS, WACHTEND_VERVOLG):
            request.session.pop(sleutel, None)
        if not apparaat.confirmed:
            apparaat.confirmed = True
            apparaat.save(update_fields=["confirmed"])
        auth.login(request, gebruiker, backend=backend)  # new session id
        otp_login(request, apparaat)
        request.session.cycle_key()  # and a new one once the second factor is in
        sessie_starten(request)
        toegang_loggen(
            request=request,
            gebruiker=gebruiker,
            actie=ToegangsLog.Actie.INLOGGEN,
            scherm="inloggen",
            toelichting="ingelogd met tweede factor",
        )
        return HttpResponseRedirect(vervolg or reverse("start"))
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    toegang_loggen(
        request=request,
        gebruiker=gebruiker,
        actie=ToegangsLog.Actie.INLOGGEN,
        uitkomst=ToegangsLog.Uitkomst.MISLUKT,
        scherm="inloggen_code",
        toelichting="code onjuist of al gebruikt",
    )
    form.add_error(
        "code",
        "Deze code klopt niet of is al gebruikt. Wacht op de volgende code in uw app en probeer het opnieuw.",
    )
    return None


@publiek
def inloggen_code(request: HttpRequest) -> HttpResponse:
    gebruiker = _wachtende_gebruiker(request)
    if gebruiker is None:
        messages.info(request, "Log eerst in met uw e-mailadres en wachtwoord.")
        return redirect("inloggen")
    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).first()
    if apparaat is None:
        return redirect("inloggen_koppelen")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        antwoord = _code_controleren(request, gebruiker, apparaat, form)
        if antwoord is not None:
            return antwoord
    return render(request, "inloggen/code.html", {"form": form}, status=400 if form.errors else 200)


@publiek
def inloggen_koppelen(request: HttpRequest) -> HttpResponse:
    """First login: link an authenticator app by QR code, then confirm with a code."""
    gebruiker = _wachtende_gebruiker(request)
    if gebruiker is None:
        messages.info(request, "Log eerst in met uw e-mailadres en wachtwoord.")
        return redirect("inloggen")
    if TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists():
        return redirect("inloggen_code")
    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=False).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=gebruiker, name="Authenticator-app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        antwoord = _code_controleren(request, gebruiker, apparaat, form)
        if antwoord is not None:
            return antwoord
    geheim = base64.b32encode(apparaat.bin_key).decode()
    qr = segno.make(apparaat.config_url, error="m")
    return render(
        request,
        "inloggen/koppelen.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=4, dark="#000", light="#fff"),
            "geheim_groepen": [geheim[i : i + 4] for i in range(0, len(geheim), 4)],
        },
        status=400 if form.errors else 200,
    )


@publiek
@alleen_post
def uitloggen(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        toegang_loggen(request=request, actie=ToegangsLog.Actie.UITLOGGEN, scherm="uitloggen")
        auth.logout(request)
    messages.success(request, "U bent uitgelogd.")
    return redirect("inloggen")


def startpagina_voor(rol: Rol | None) -> str | None:
    for config in onderdelen():
        naam = config.startpaginas.get(rol) if rol is not None else None
        if naam:
            return naam
    return None


@vereist(*ALLE_ROLLEN)
def start(request: Verzoek) -> HttpResponse:
    """Send each role to its own start page."""
    naam = startpagina_voor(request.user.rol)
    if naam is None:  # a role without a start page: no app offers one
        raise Http404
    return redirect(naam)


@vereist(*ALLE_ROLLEN)
@alleen_post
def sessie_verlengen(request: HttpRequest) -> HttpResponse:
    # The middleware writes the last activity at most once a minute; asking to stay renews it
    # now, so the page's countdown, which starts again in full, is what the server gives.
    request.session[SESSIE_LAATSTE_ACTIVITEIT] = time.time()
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    messages.success(request, "Uw sessie is verlengd.")
    return redirect(_veilig_vervolg(request, request.POST.get("next")) or reverse("start"))


@publiek
def toegankelijkheid(request: HttpRequest) -> HttpResponse:
    return render(request, "algemeen/toegankelijkheid.html")


@publiek
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "algemeen/privacy.html")


def _toegangsbeheer(wachtend: int | None = None) -> dict[str, Any]:
    """What the beheerder pages say about granting access: whether two beheerders are needed,
    whether a second one exists, and how many grants wait."""
    if wachtend is None:
        wachtend = Toegangswijziging.objects.filter(status=Toegangswijziging.Status.WACHT).count()
    return {
        "twee_beheerders": twee_beheerders_verplicht(),
        "beheerders": Gebruiker.objects.filter(
            is_active=True, groups__name=Rol.FUNCTIONEEL_BEHEERDER.label
        ).count(),
        "wachtend": wachtend,
    }


@vereist(Rol.FUNCTIONEEL_BEHEERDER)
def beheerder_start(request: HttpRequest) -> HttpResponse:
    from mensenhandel.inzage import mag_inzage_afhandelen

    # Inzageverzoeken are the beheerder's only where the installation has no privacy officer.
    return render(
        request, "beheerder/start.html", {**_toegangsbeheer(), "inzage": mag_inzage_afhandelen(request.user)}
    )


TOEGANGSWIJZIGINGEN_PER_PAGINA = 50


def _toegangswijzigingen_tonen(
    request: HttpRequest, bezig: tuple[Toegangswijziging, ToegangswijzigingBeoordelenForm] | None = None
) -> HttpResponse:
    """The trail of grants: the waiting ones (each with its decision form), then all, newest first."""
    regels = Toegangswijziging.objects.select_related(
        "gebruiker", "regio", "aangevraagd_door", "beoordeeld_door"
    )
    wachtend = list(regels.filter(status=Toegangswijziging.Status.WACHT).order_by("aangevraagd_op"))
    for wijziging in wachtend:
        wijziging.formulier = (  # type: ignore[attr-defined]
            bezig[1] if bezig and bezig[0].pk == wijziging.pk else ToegangswijzigingBeoordelenForm()
        )
    pagina = Paginator(regels, TOEGANGSWIJZIGINGEN_PER_PAGINA).get_page(request.GET.get("pagina"))
    gelezen(pagina)
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type="mensenhandel.Toegangswijziging",
        scherm="beheerder:toegangswijzigingen",
        getoond=[
            ("mensenhandel.Toegangswijziging", u) for u in dict.fromkeys(w.uuid for w in [*wachtend, *pagina])
        ],
    )
    context = {
        "wachtende": wachtend,
        "pagina": pagina,
        "zoekopdracht": "",
        # The privacy officer reads the trail; only a functioneel beheerder decides.
        "mag_beoordelen": heeft_rol(request.user, Rol.FUNCTIONEEL_BEHEERDER),
        **_toegangsbeheer(len(wachtend)),
    }
    status = formulierstatus(request, bezig[1]) if bezig else 200
    return render(request, "beheerder/toegangswijzigingen.html", context, status=status)


@vereist(
    Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACYFUNCTIONARIS, permissies=["mensenhandel.view_toegangswijziging"]
)
def toegangswijzigingen(request: HttpRequest) -> HttpResponse:
    return _toegangswijzigingen_tonen(request)


@alleen_post
@vereist(Rol.FUNCTIONEEL_BEHEERDER, permissies=["mensenhandel.change_gebruiker"])
def toegangswijziging_beoordelen(request: Verzoek, uuid: Any) -> HttpResponse:
    """Approve or decline a waiting grant: a second beheerder, never the requester."""
    wijziging = Toegangswijziging.objects.filter(uuid=uuid).select_related("gebruiker", "regio").first()
    if wijziging is None:
        raise Http404
    form = ToegangswijzigingBeoordelenForm(request.POST)

    def beoordelen() -> Toegangswijziging:
        if form.cleaned_data["besluit"] == "goedkeuren":
            return toegangswijziging_goedkeuren(door=request.user, wijziging=wijziging, request=request)
        return toegangswijziging_afwijzen(
            door=request.user,
            wijziging=wijziging,
            toelichting=form.cleaned_data["toelichting"],
            request=request,
        )

    def gelukt(besluit: Toegangswijziging) -> HttpResponse:
        if besluit.status == Toegangswijziging.Status.DOORGEVOERD:
            messages.success(request, f"De wijziging ({besluit.onderwerp}) is goedgekeurd en ingegaan.")
        else:
            messages.success(request, f"De wijziging ({besluit.onderwerp}) is afgewezen.")
        return redirect("beheerder:toegangswijzigingen")

    antwoord = formulier_afhandelen(
        request, form, beoordelen, gelukt, weigering_naar=reverse("beheerder:toegangswijzigingen")
    )
    if antwoord is not None:
        return antwoord
    if wijziging.status != Toegangswijziging.Status.WACHT:
        messages.error(request, "Deze wijziging is al beoordeeld of vervallen.")
        return redirect("beheerder:toegangswijzigingen")
    return _toegangswijzigingen_tonen(request, (wijziging, form))


TOEGANGSLOG_PER_PAGINA = 50


@vereist(Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACYFUNCTIONARIS, permissies=["mensenhandel.view_toegangslog"])
def toegangslog(request: HttpRequest) -> HttpResponse:
    """The access log, filterable and readable (references, titles, Dutch roles); reading it is
    itself logged, with the filters used."""
    form = ToegangsLogFilter(request.GET or None)
    regels = ToegangsLog.objects.select_related("gebruiker")
    geldig = not form.is_bound or form.is_valid()
    regels = form.toepassen(regels) if geldig else regels.none()
    pagina = Paginator(regels, TOEGANGSLOG_PER_PAGINA).get_page(request.GET.get("pagina"))
    # Read the page before this view's own row goes in: counted before and read after, the page
    # would show that new row and drop the oldest one it counted.
    leesbaar_maken(gelezen(pagina))
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.ZOEKEN if form.is_bound else ToegangsLog.Actie.BEKIJKEN,
        object_type="mensenhandel.ToegangsLog",
        scherm="beheerder:toegangslog",
        toelichting=form.logtekst() if geldig else "filters ongeldig",
    )
    export = declaratie(resolve(reverse("fg:export")).func)
    return render(
        request,
        "beheerder/toegangslog.html",
        {
            "form": form,
            "pagina": pagina,
            "zoekopdracht": zonder_pagina(request.GET),
            # The export is the privacy officer's: offered with this page's filters to whom may use it.
            "mag_exporteren": geldig and export is not None and export.toegestaan(request.user),
        },
        status=400 if form.errors else 200,
    )


def csrf_fout(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "fouten/403_csrf.html", status=403)
