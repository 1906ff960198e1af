"""A signal's page as a case file (issue 17): the header with status, the meldroute's progress
and the one next step, then its sections (details, persons, indicators, weighing and decision,
referrals and feedback, one timeline). The forms of the steps have pages of their own
(``signalen.views.meldroute``)."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator
from datetime import date, datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone

from mensenhandel import dossier
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.toegang import ophalen, vereist
from signalen import services
from signalen.models import Doorverwijzing, Gebeurtenis, Identificator, Koppeling, Signaal, Status
from signalen.selectors import mag_bewerken, signaal_detail, signalen_leesbaar_voor
from signalen.services import Stapeling
from signalen.views.basis import ELDERS, LEZERS, loggen

# The meldroute as the progress indicator shows it, and where each status stands on it.
MELDROUTE = ["Registreren", "Verrijken", "Wegen", "Besluiten", "Opvolgen"]
HUIDIGE_STAP: dict[str, int] = {
    Status.NIEUW: 1,
    Status.IN_ONDERZOEK: 1,
    Status.GEWOGEN: 3,
    Status.BESLOTEN: 4,
    Status.LOPEND: 4,
}


@vereist(*LEZERS, permissies=["signalen.view_signaal"])
def detail(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = ophalen(
        request, signaal_detail(signalen_leesbaar_voor(request.user)), scherm="signalen:detail", uuid=uuid
    )
    gebruiker = request.user
    bewerkbaar = mag_bewerken(gebruiker, signaal)
    stapeling = services.stapeling_voor(signaal, gebruiker)
    loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:detail", signaal)
    services.gezien_door_eigenaar(signaal, gebruiker)

    mogelijk = services.mogelijke_acties(signaal) if bewerkbaar else set()
    doorverwijzingen = list(signaal.doorverwijzingen.all())
    terugkoppelbaar = {d.pk for d in doorverwijzingen if bewerkbaar and services.volgende_terugkoppelingen(d)}
    for koppeling in stapeling.binnen_bereik:
        koppeling.soorten_labels = Identificator.overeenkomst_labels(koppeling.soorten)
        koppeling.te_beoordelen = bewerkbaar and koppeling.beoordeling == Koppeling.Beoordeling.VOORGESTELD
    gebeurtenissen = tijdlijn(signaal)
    context = {
        "signaal": signaal,
        "kop": dossierkop(signaal, bewerkbaar, mogelijk, doorverwijzingen, terugkoppelbaar, stapeling,
                          len(gebeurtenissen)),
        "gebeurtenissen": gebeurtenissen,
        "bewerkbaar": bewerkbaar,
        "stapeling": stapeling,
        "treffers_elders": services.treffers_elders(
            signaal, gebruiker, stapeling.elders_paren, bewerkbaar=bewerkbaar
        ),
        "met_stapeling": _met_stapeling(signaal, stapeling),
        "aantal_over_persoon": len(stapeling.binnen_bereik) + 1,
        "elders": ELDERS,
        "mogelijk_maximum": settings.STAPELING_MOGELIJK_MAXIMUM,
        "doorverwijzingen": doorverwijzingen,
        "melder_terugkoppelingen": list(signaal.melder_terugkoppelingen.all()),
        "terugkoppelbaar": terugkoppelbaar,
        "mag_verrijken": "verrijken" in mogelijk,
        "mag_wegen": "wegen" in mogelijk,
        "mag_besluiten": "besluiten" in mogelijk,
        "mag_heropenen": "heropenen" in mogelijk,
        "mag_wijzigen": bewerkbaar and signaal.status != Status.AFGESLOTEN,
        "afsluitreden": dict(services.Afsluitreden.CHOICES).get(signaal.afsluitreden, signaal.afsluitreden),
    }  # fmt: skip
    return render(request, "signalen/detail.html", context)


def _met_stapeling(signaal: Signaal, stapeling: Stapeling) -> bool:
    return bool(stapeling.binnen_bereik or stapeling.elders_paren or signaal.mogelijk_niet_gekoppeld)


def _stap_url(naam: str, signaal: Signaal) -> str:
    return reverse(naam, kwargs={"uuid": signaal.uuid})


def volgende_stap(
    signaal: Signaal, mogelijk: set[str], doorverwijzingen: list[Doorverwijzing], terugkoppelbaar: set[int]
) -> dossier.Volgende | None:
    """The one next step of the meldroute for this user (``mogelijk`` is empty for a user who
    may not change the signal): decide once weighed or while monitoring, weigh before that, and
    after the decision record the feedback a partner still owes."""
    if "besluiten" in mogelijk:
        return dossier.Volgende("Besluit nemen", _stap_url("signalen:besluit", signaal))
    if "wegen" in mogelijk:
        label = "Weging aanpassen" if signaal.risico else "Signaal wegen"
        return dossier.Volgende(label, _stap_url("signalen:wegen", signaal))
    if signaal.status == Status.BESLOTEN:
        wachtend = next(
            (d for d in doorverwijzingen if d.pk in terugkoppelbaar and d.wacht_op_terugkoppeling), None
        )
        if wachtend is not None:
            return dossier.Volgende(
                "Terugkoppeling vastleggen",
                reverse("signalen:terugkoppeling", kwargs={"uuid": wachtend.uuid}),
            )
    return None


def _datum(waarde: date | datetime) -> str:
    if isinstance(waarde, datetime):
        waarde = timezone.localtime(waarde).date()
    return formats.date_format(waarde, "j F Y")


def dossierkop(
    signaal: Signaal,
    bewerkbaar: bool,
    mogelijk: set[str],
    doorverwijzingen: list[Doorverwijzing],
    terugkoppelbaar: set[int],
    stapeling: Stapeling,
    aantal_gebeurtenissen: int,
) -> dossier.Dossierkop:
    """The case file's header and navigation, from what the page read already (no query)."""
    data = [
        ("Gemeente", signaal.gemeente.naam),
        ("Waargenomen", _datum(signaal.datum_waargenomen)),
        ("Geregistreerd", _datum(signaal.datum_geregistreerd)),
    ]
    if signaal.besloten_op:
        data.append(("Besluit genomen", _datum(signaal.besloten_op)))
    if signaal.status == Status.LOPEND and signaal.monitoren_tot:
        data.append(("Opnieuw bekijken op", _datum(signaal.monitoren_tot)))
    kenmerken = []
    if signaal.acuut_gevaar:
        kenmerken.append(("Urgent", "gevaar"))
    if not bewerkbaar:
        kenmerken.append(("Alleen lezen", "neutraal"))
    secties = [
        *([dossier.Sectie("stapeling", "Stapeling")] if _met_stapeling(signaal, stapeling) else []),
        dossier.Sectie("gegevens", "Gegevens"),
        dossier.Sectie("personen", "Personen", len(signaal.personen.all())),
        dossier.Sectie("indicatoren", "Indicatoren", len(signaal.indicatoren.all())),
        dossier.Sectie("weging", "Weging en besluit"),
        dossier.Sectie("doorverwijzingen", "Doorverwijzingen en terugkoppeling", len(doorverwijzingen)),
        dossier.Sectie("tijdlijn", "Tijdlijn", aantal_gebeurtenissen),
    ]
    return dossier.Dossierkop(
        referentie=signaal.referentie,
        titel=f"Signaal {signaal.referentie}",
        status=signaal.get_status_display(),
        status_soort=signaal.status_badge,
        verantwoordelijke=signaal.geregistreerd_door.naam,
        verantwoordelijke_label="Aandachtsfunctionaris",
        data=data,
        stappen=dossier.stappen(
            MELDROUTE, HUIDIGE_STAP.get(signaal.status), afgerond=signaal.status == Status.AFGESLOTEN
        ),
        stappen_label="Meldroute",
        volgende=volgende_stap(signaal, mogelijk, doorverwijzingen, terugkoppelbaar),
        secties=secties,
        kenmerken=kenmerken,
    )


def _titel(gebeurtenis: Gebeurtenis) -> str:
    """The event's text without the name of its kind in front ("Status: gewogen" under the kind
    "Status" reads "Gewogen")."""
    label = dossier.SOORTEN.get(gebeurtenis.soort, "")
    tekst = gebeurtenis.omschrijving
    for begin in (f"{label}: ", f"{label} "):
        if label and tekst.startswith(begin):
            rest = tekst.removeprefix(begin)
            return rest[:1].upper() + rest[1:]
    return tekst


def _notities(signaal: Signaal) -> Iterator[dossier.Gebeurtenis]:
    for notitie in signaal.notities.all():
        advies = (
            f"advies gevraagd aan {notitie.get_advies_gevraagd_aan_display().lower()}"
            if notitie.advies_gevraagd_aan
            else ""
        )
        yield dossier.Gebeurtenis(
            moment=notitie.tijdstip,
            soort="notitie",
            titel=advies,
            tekst=notitie.tekst,
            door=notitie.auteur.naam,
        )


def _gebeurtenissen(signaal: Signaal) -> Iterator[dossier.Gebeurtenis]:
    for gebeurtenis in signaal.gebeurtenissen.all():
        yield dossier.Gebeurtenis(
            moment=gebeurtenis.tijdstip,
            soort=gebeurtenis.soort,
            titel=_titel(gebeurtenis),
            door=gebeurtenis.gebruiker.naam if gebeurtenis.gebruiker else "",
        )


def tijdlijn(signaal: Signaal) -> list[dossier.Gebeurtenis]:
    """One timeline of the signal, newest first: its notes and its events (registration, status
    transitions, referrals, feedback, table decisions, changes, stacking)."""
    return dossier.tijdlijn(_notities(signaal), _gebeurtenissen(signaal))
