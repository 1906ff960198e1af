"""The ketenregisseur's reports: the list with the form to ask for one, a report's page with its
progress, the download, the figures as CSV and XLSX, and vaststellen, making again and deleting.

Views read through ``rapportage.selectors`` and write through ``rapportage.services``. A
validation error re-renders the form with the input kept (400); a refused step becomes a
message and a redirect. Aandachtsfunctionarissen and zorgcoördinatoren pass the role check
of a report's URLs and then find nothing (404), like any record outside their scope: that a
report exists is not theirs to know.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from mensenhandel.acties import Geweigerd, formulieractie, formulierstatus, nieuw_formuliertoken
from mensenhandel.http import Verzoek
from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from rapportage import export, opslag, services
from rapportage.forms import RapportForm
from rapportage.models import Rapport, Status
from rapportage.opslag import Bestandssoort
from rapportage.selectors import rapporten_voor, rapportenlijst, regios_voor_rapportage

KR = Rol.KETENREGISSEUR
# The roles that reach a report's URL at all; only the KR's scope holds reports.
RAPPORT_ROLLEN = (KR, Rol.AANDACHTSFUNCTIONARIS, Rol.ZORGCOORDINATOR)
OBJECT_TYPE = "rapportage.Rapport"
VERVERSEN_SECONDEN = 5
BLOK = 64 * 1024

INHOUDSTYPE = {
    Bestandssoort.PDF: "application/pdf",
    Bestandssoort.CSV: export.CSV_TYPE,
    Bestandssoort.XLSX: export.XLSX_TYPE,
}
_CIJFERS_NIET_KLAAR = (
    "De cijfers van deze rapportage zijn nog niet te downloaden: de rapportage is nog niet klaar. Wacht "
    "tot zij klaar is en download de cijfers dan."
)
NIET_KLAAR = {
    Bestandssoort.PDF: "Deze rapportage is nog niet klaar. Wacht tot zij klaar is en download haar dan.",
    Bestandssoort.CSV: _CIJFERS_NIET_KLAAR,
    Bestandssoort.XLSX: _CIJFERS_NIET_KLAAR,
}
CIJFERS_NIET_BEWAARD = (
    "De cijfers van deze versie konden niet als bestand worden gemaakt. De PDF is wel te downloaden. "
    "Maak een nieuwe versie als u de cijfers nodig hebt, en meld het aan de functioneel beheerder."
)
BESCHADIGD = (
    "Het bestand van deze rapportage ontbreekt of is beschadigd. Maak een nieuwe versie; meld het ook aan "
    "de functioneel beheerder."
)

STATUSTEKST = {
    Status.AANGEVRAAGD: (
        "De rapportage staat in de wachtrij. Het maken begint meestal binnen enkele seconden."
    ),
    Status.BEZIG: "De rapportage wordt gemaakt. Dit duurt meestal minder dan een minuut.",
    Status.KLAAR: "De rapportage is klaar.",
    Status.MISLUKT: "Het maken van de rapportage is mislukt.",
}
TEKST_WACHTRIJ_ONBEREIKBAAR = (
    "De rapportage staat in de wachtrij, maar de wachtrij is op dit moment niet bereikbaar. Het maken "
    "begint vanzelf zodra de wachtrij weer bereikbaar is; u hoeft niets opnieuw aan te vragen."
)
TEKST_ONDERBROKEN_WACHTRIJ = (
    "Het maken van de rapportage werd onderbroken: de verwerking op de achtergrond stopte. De rapportage "
    "staat opnieuw in de wachtrij en wordt opnieuw gemaakt."
)
TEKST_ONDERBROKEN_BEZIG = (
    "De rapportage wordt opnieuw gemaakt, nadat de verwerking op de achtergrond werd onderbroken. Dit "
    "duurt meestal minder dan een minuut."
)
TEKST_GEEN_HARTSLAG = (
    "De verwerking op de achtergrond geeft geen teken van leven meer. De rapportage wordt binnen enkele "
    "minuten vanzelf opnieuw gestart."
)
TEKST_KLAAR_NA_ONDERBREKING = (
    "Het maken werd onderbroken (de verwerking op de achtergrond stopte) en is daarna opnieuw "
    "gestart; deze versie is één keer gemaakt, met de bestanden hieronder."
)


def statustekst(rapport: Rapport) -> str:
    """What the page says about the report's state: also that it waits for an unreachable
    queue, was started again after its worker stopped, or has a worker that no longer answers."""
    if rapport.status == Status.AANGEVRAAGD:
        if rapport.niet_verstuurd:
            return TEKST_WACHTRIJ_ONBEREIKBAAR
        if rapport.onderbroken:
            return TEKST_ONDERBROKEN_WACHTRIJ
    if rapport.status == Status.BEZIG:
        laatste = rapport.hartslag_op or rapport.gestart_op
        verlopen = timezone.now() - timedelta(seconds=settings.RAPPORTAGE_HARTSLAG_VERLOPEN)
        if laatste is not None and laatste < verlopen:
            return TEKST_GEEN_HARTSLAG
        if rapport.onderbroken:
            return TEKST_ONDERBROKEN_BEZIG
    return STATUSTEKST[Status(rapport.status)]


def _rapport(request: Verzoek, uuid: uuidlib.UUID, scherm: str, permissie: str = "") -> Rapport:
    gevonden = ophalen(request, rapporten_voor(request.user), scherm=scherm, uuid=uuid)
    if permissie and not request.user.has_perm(permissie):
        raise PermissionDenied
    return gevonden


def _naar(rapport: Rapport) -> HttpResponse:
    return redirect("rapportage:rapport", uuid=rapport.uuid)


def _blokken(naam: str) -> Iterator[bytes]:
    with opslag.openen(naam) as bestand:
        yield from iter(lambda: bestand.read(BLOK), b"")


def _bestandsnaam(rapport: Rapport, soort: Bestandssoort) -> str:
    """E.g. "rapportage-gooi-en-vechtstreek-2026-01-01-tm-2026-06-30-v2-vastgesteld.pdf"; the
    figures end in "-cijfers.csv" or "-cijfers.xlsx"."""
    periode = f"{rapport.van:%Y-%m-%d}-tm-{rapport.tot:%Y-%m-%d}"
    delen = [f"rapportage-{slugify(rapport.regio.naam)}-{periode}-v{rapport.versie}"]
    if rapport.vastgesteld:
        delen.append("vastgesteld")
    if soort != Bestandssoort.PDF:
        delen.append("cijfers")
    return "-".join(delen) + f".{soort.value}"


# --- The list and the form ------------------------------------------------------------------------


@vereist(KR, permissies=["rapportage.view_rapport"])
def start(request: Verzoek) -> HttpResponse:
    regios = regios_voor_rapportage(request.user)
    mag_maken = request.user.has_perm("rapportage.add_rapport")
    if request.method == "POST":
        if not mag_maken:
            raise PermissionDenied
        form = RapportForm(request.POST, regios=regios)
        if form.is_valid():
            data = form.cleaned_data
            uitkomst = formulieractie(
                form,
                lambda: services.rapport_aanvragen(
                    door=request.user,
                    regio=data["regio"],
                    soort=data["soort"],
                    jaar=data["jaar"],
                    van=data["van"],
                    tot=data["tot"],
                    formuliertoken=data["formuliertoken"],
                ),
            )
            if uitkomst.gelukt:
                rapport = uitkomst.resultaat
                rapport.refresh_from_db(fields=["status", "niet_verstuurd"])
                wat = f"De rapportage over {rapport.periode_met_lidwoord} (versie {rapport.versie})"
                if rapport.niet_verstuurd:
                    messages.warning(
                        request,
                        f"{wat} is aangevraagd en staat in de wachtrij. De wachtrij is op dit moment niet "
                        "bereikbaar; het maken begint vanzelf zodra zij weer bereikbaar is.",
                    )
                elif rapport.status == Status.KLAAR:  # made in the request (no broker configured)
                    messages.success(request, f"{wat} is gemaakt.")
                else:
                    messages.success(request, f"{wat} wordt gemaakt.")
                return _naar(rapport)
    else:
        form = RapportForm(regios=regios, initial={"formuliertoken": nieuw_formuliertoken()})
    return render(
        request,
        "rapportage/start.html",
        {
            "form": form,
            "rapporten": list(rapportenlijst(request.user)),
            "mag_maken": mag_maken,
        },
        status=formulierstatus(request, form),
    )


# --- One report --------------------------------------------------------------------------------------


@vereist(*RAPPORT_ROLLEN)
def rapport(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = _rapport(request, uuid, "rapportage:rapport")
    versies = list(
        Rapport.objects.filter(regio=gevonden.regio, van=gevonden.van, tot=gevonden.tot)
        .exclude(pk=gevonden.pk)
        .order_by("-versie")
    )
    vastgestelde = next((v for v in versies if v.vastgesteld), None)
    gebruiker = request.user
    # A custom period from before whole months were required is never counted again.
    periode_toegestaan = services.periode_toegestaan(gevonden.van, gevonden.tot)
    return render(
        request,
        "rapportage/rapport.html",
        {
            "rapport": gevonden,
            "statustekst": statustekst(gevonden),
            "klaar_na_onderbreking": TEKST_KLAAR_NA_ONDERBREKING,
            "cijfers_niet_bewaard": CIJFERS_NIET_BEWAARD,
            "versies": versies,
            "vastgestelde": vastgestelde,
            "verversen": VERVERSEN_SECONDEN,
            "mag_vaststellen": gebruiker.has_perm("rapportage.change_rapport")
            and gevonden.status == Status.KLAAR
            and not gevonden.vastgesteld
            and vastgestelde is None,
            "mag_opnieuw": gebruiker.has_perm("rapportage.change_rapport")
            and gevonden.status == Status.MISLUKT
            and periode_toegestaan,
            "mag_verwijderen": gebruiker.has_perm("rapportage.delete_rapport") and not gevonden.vastgesteld,
            "mag_nieuwe_versie": gebruiker.has_perm("rapportage.add_rapport")
            and not gevonden.lopend
            and periode_toegestaan,
            "nieuwe_versie_token": uuidlib.uuid4(),
        },
    )


@vereist(*RAPPORT_ROLLEN)
def status(request: Verzoek, uuid: uuidlib.UUID) -> JsonResponse:
    """The report's state for the page's script, which polls it until the report is done."""
    gevonden = _rapport(request, uuid, "rapportage:status")
    return JsonResponse(
        {
            "status": gevonden.status,
            "status_label": gevonden.get_status_display(),
            "voortgang": gevonden.voortgang,
            "tekst": statustekst(gevonden),
            "afgerond": not gevonden.lopend,
        }
    )


def _versturen(request: Verzoek, gevonden: Rapport, soort: Bestandssoort, *, scherm: str) -> HttpResponseBase:
    """A stored file of a report that is klaar, streamed after checking its checksum; the
    download, or why it failed, is always in the access log."""
    if gevonden.status != Status.KLAAR:
        messages.error(request, NIET_KLAAR[soort])
        return _naar(gevonden)

    def loggen(uitkomst: str = ToegangsLog.Uitkomst.TOEGESTAAN, waarom: str = "") -> None:
        toegang_loggen(
            request=request,
            actie=ToegangsLog.Actie.EXPORTEREN,
            uitkomst=uitkomst,
            object_type=OBJECT_TYPE,
            object_id=str(gevonden.uuid),
            scherm=scherm,
            toelichting=f"{soort.label} versie {gevonden.versie}{waarom}",
        )

    bestand = gevonden.opgeslagen(soort)
    if bestand is None:
        # Klaar without figures: they could not be made (the task logged why).
        loggen(ToegangsLog.Uitkomst.MISLUKT, ": niet bewaard")
        messages.error(request, CIJFERS_NIET_BEWAARD)
        return _naar(gevonden)
    if not opslag.controleren(bestand.naam, bestand.sha256):
        loggen(ToegangsLog.Uitkomst.MISLUKT, ": bestand ontbreekt of klopt niet met de controlesom")
        messages.error(request, BESCHADIGD)
        return _naar(gevonden)
    loggen()
    services.rapport_geopend(rapport=gevonden, door=request.user)
    naam = _bestandsnaam(gevonden, soort)
    # The file is opened only when the server starts sending, and closed at the end even when
    # the download is broken off; nothing stays open for a response that is never read.
    antwoord = FileResponse(
        _blokken(bestand.naam), content_type=INHOUDSTYPE[soort], as_attachment=True, filename=naam
    )
    antwoord["Content-Disposition"] = content_disposition_header(True, naam)
    antwoord["Content-Length"] = str(bestand.grootte)
    antwoord["Cache-Control"] = "no-store, private"
    return antwoord


@vereist(*RAPPORT_ROLLEN)
def downloaden(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponseBase:
    """The PDF, from the private folder."""
    gevonden = _rapport(request, uuid, "rapportage:downloaden", "rapportage.view_rapport")
    return _versturen(request, gevonden, Bestandssoort.PDF, scherm="rapportage:downloaden")


@vereist(*RAPPORT_ROLLEN)
def export_csv(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponseBase:
    """The report's figures as one CSV file (";" separated, UTF-8), suppressed as in the PDF."""
    gevonden = _rapport(request, uuid, "rapportage:export_csv", "rapportage.view_rapport")
    return _versturen(request, gevonden, Bestandssoort.CSV, scherm="rapportage:export_csv")


@vereist(*RAPPORT_ROLLEN)
def export_xlsx(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponseBase:
    """The report's figures as an Excel workbook, one sheet per table, suppressed as in the PDF."""
    gevonden = _rapport(request, uuid, "rapportage:export_xlsx", "rapportage.view_rapport")
    return _versturen(request, gevonden, Bestandssoort.XLSX, scherm="rapportage:export_xlsx")


# --- Steps ----------------------------------------------------------------------------------------


@vereist(*RAPPORT_ROLLEN)
@alleen_post
def vaststellen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = _rapport(request, uuid, "rapportage:vaststellen", "rapportage.change_rapport")
    try:
        services.rapport_vaststellen(door=request.user, rapport=gevonden)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request, f"Versie {gevonden.versie} is vastgesteld. Zij kan niet meer worden verwijderd."
        )
    return _naar(gevonden)


@vereist(*RAPPORT_ROLLEN)
@alleen_post
def opnieuw(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = _rapport(request, uuid, "rapportage:opnieuw", "rapportage.change_rapport")
    try:
        services.rapport_opnieuw_maken(door=request.user, rapport=gevonden)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        gevonden.refresh_from_db(fields=["niet_verstuurd"])
        if gevonden.niet_verstuurd:
            messages.warning(
                request,
                f"Versie {gevonden.versie} staat opnieuw in de wachtrij. De wachtrij is op dit moment niet "
                "bereikbaar; het maken begint vanzelf zodra zij weer bereikbaar is.",
            )
        else:
            messages.success(request, f"Versie {gevonden.versie} wordt opnieuw gemaakt.")
    return _naar(gevonden)


@vereist(*RAPPORT_ROLLEN)
@alleen_post
def verwijderen(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    gevonden = _rapport(request, uuid, "rapportage:verwijderen", "rapportage.delete_rapport")
    try:
        services.rapport_verwijderen(door=request.user, rapport=gevonden)
    except Geweigerd as fout:
        messages.error(request, str(fout))
        return _naar(gevonden)
    messages.success(request, f"Versie {gevonden.versie} over {gevonden.periode_label} is verwijderd.")
    return redirect(reverse("rapportage:start"))
