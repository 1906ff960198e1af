"""A trajectory's and a client's case file (issue 17, point 1): the header with status, phases
and the next step, the in-page sections, and one timeline of what happened in a trajectory.

Everything here reads the trajectory as ``selectors.traject_detail`` fetched it (its care
actions, meetings with their agreements and aanmeldingen with their referral prefetched), so
the case file costs no query of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone

from mensenhandel.dossier import Dossierkop, Gebeurtenis, Sectie, Volgende, stappen, tijdlijn
from mensenhandel.periode import datum_tekst
from zorgcoordinatie.models import Client, Fase, Traject
from zorgcoordinatie.services import mogelijke_overgangen

FASEN = [Fase.INTAKE.label, Fase.HULPVERLENING.label, Fase.AFRONDING.label]


def _url(naam: str, record: Traject | Client, anker: str = "") -> str:
    url = reverse(f"zorgcoordinatie:{naam}", kwargs={"uuid": record.uuid})
    return f"{url}#{anker}" if anker else url


def huidige_fase(traject: Traject) -> int | None:
    """Where the trajectory stands among intake, hulpverlening and afronding (an index in
    ``FASEN``); None before any phase started. Help may run during the intake: then the
    trajectory stands in the hulpverlening."""
    if traject.afronding_start:
        return 2
    if traject.hulpverlening_start:
        return 1
    if traject.intake_start:
        return 0
    return None


def status(traject: Traject) -> tuple[str, str]:
    """The status badge: its text and variant."""
    if traject.afgesloten_op:
        return "Afgesloten", "neutraal"
    open_fasen = [Fase(f).label.lower() for f in traject.open_fasen]
    if not open_fasen:
        return "Nog geen fase gestart", "waarschuwing"
    return " en ".join(open_fasen).capitalize(), "info"


def volgende_stap(traject: Traject, *, bewerkbaar: bool) -> Volgende | None:
    """The one next step for this user: nothing for who may not edit or on a closed trajectory;
    first the intake, then (with help running) a first care action, in the afronding closing,
    otherwise the phase that can change."""
    if not bewerkbaar or traject.afgesloten_op:
        return None
    if not traject.behoeften.all():
        return Volgende("Intake vastleggen", _url("intake", traject))
    if traject.afronding_start:
        return Volgende("Afronden", _url("afsluiten", traject))
    hulp_loopt = traject.hulpverlening_start and not traject.hulpverlening_eind
    if hulp_loopt and not traject.zorgacties.all():
        return Volgende("Zorgactie toevoegen", _url("zorgactie_toevoegen", traject))
    if mogelijke_overgangen(traject):
        return Volgende("Fase wijzigen", _url("fase_wijzigen", traject))
    return None


def kenmerken(client: Client, *, bewerkbaar: bool) -> list[tuple[str, str]]:
    """The badges beside the status: a minor, and a page this user only reads."""
    return [
        *([("Minderjarig", "waarschuwing")] if client.minderjarig else []),
        *([("Alleen lezen", "neutral")] if not bewerkbaar else []),
    ]


def _datum(label: str, dag: date | None) -> list[tuple[str, str]]:
    return [(label, datum_tekst(dag))] if dag else []


def _aangemeld(traject: Traject) -> date:
    data = [a.datum for a in traject.aanmeldingen.all()]
    return min(data) if data else timezone.localdate(traject.aangemaakt_op)


def dossierkop(traject: Traject, *, bewerkbaar: bool) -> Dossierkop:
    """The header of a trajectory's page."""
    tekst, soort = status(traject)
    vandaag = timezone.localdate()
    bedenktijd = (
        traject.bedenktijd_eind
        if traject.verblijf == Traject.Verblijf.BEDENKTIJD
        and traject.bedenktijd_eind
        and traject.bedenktijd_eind >= vandaag
        else None
    )
    data = [
        ("Aangemeld", datum_tekst(_aangemeld(traject))),
        *_datum("Intake gestart", traject.intake_start),
        *_datum("Bedenktijd tot en met", bedenktijd),
        (
            "Volgende evaluatie",
            datum_tekst(traject.volgende_evaluatie) if traject.volgende_evaluatie else "Niet gepland",
        )
        if not traject.afgesloten_op
        else ("Afgesloten op", datum_tekst(traject.afgesloten_op)),
        ("Achtervang", traject.achtervang.naam if traject.achtervang else "Geen"),
    ]
    acties = traject.zorgacties.all()
    overleggen = traject.overleggen.all()
    secties = [
        Sectie("client", "Cliënt"),
        Sectie("fasen", "Fasen"),
        Sectie("pijlers", "Pijlers"),
        Sectie("intake", "Intake"),
        Sectie("zorgacties", "Zorgacties", len(acties)),
        Sectie("zorgoverleg", "Zorgoverleg", len(overleggen)),
        Sectie("tijdlijn", "Tijdlijn"),
        Sectie("afsluiten", "Afsluiten"),
    ]
    return Dossierkop(
        referentie=traject.client.dossiernummer,
        titel=f"Traject {traject.client.dossiernummer}",
        status=tekst,
        status_soort=soort,
        verantwoordelijke=traject.verantwoordelijke.naam,
        data=data,
        stappen=stappen(FASEN, huidige_fase(traject), afgerond=traject.afgesloten_op is not None),
        stappen_label="Fasen",
        verantwoordelijke_label="Zorgcoördinator",
        kenmerken=kenmerken(traject.client, bewerkbaar=bewerkbaar),
        volgende=volgende_stap(traject, bewerkbaar=bewerkbaar),
        secties=secties,
    )


def clientkop(client: Client, trajecten: Sequence[Traject], *, bewerkbaar: bool) -> Dossierkop:
    """The header of a client's page: their dossier, where their latest trajectory stands, and
    as next step the consent for CoMensha while it was not asked, else the running trajectory."""
    laatste = trajecten[0] if trajecten else None
    lopend = next((t for t in trajecten if t.afgesloten_op is None), None)
    if lopend is not None:
        tekst, soort = f"Traject loopt: {status(lopend)[0].lower()}", "info"
    else:
        tekst, soort = "Geen lopend traject", "neutraal"
    volgende = None
    if bewerkbaar and client.comensha_toestemming == Client.Toestemming.NIET_GEVRAAGD:
        volgende = Volgende("Toestemming CoMensha vastleggen", _url("comensha_toestemming", client))
    elif lopend is not None:
        volgende = Volgende("Naar het lopende traject", _url("traject", lopend))
    data = [
        ("Geboortedatum", datum_tekst(client.geboortedatum) if client.geboortedatum else "Onbekend"),
        *_datum("Laatste traject geopend", timezone.localdate(laatste.aangemaakt_op) if laatste else None),
        *_datum("Laatste traject afgesloten", laatste.afgesloten_op if laatste else None),
        ("Toestemming CoMensha", client.get_comensha_toestemming_display()),
    ]
    return Dossierkop(
        referentie=client.dossiernummer,
        titel=f"Cliënt {client.dossiernummer}",
        status=tekst,
        status_soort=soort,
        verantwoordelijke=laatste.verantwoordelijke.naam if laatste else "",
        verantwoordelijke_label="Zorgcoördinator",
        data=data,
        stappen=stappen(FASEN, huidige_fase(laatste), afgerond=laatste.afgesloten_op is not None)
        if laatste
        else [],
        stappen_label="Fasen van het laatste traject",
        kenmerken=kenmerken(client, bewerkbaar=bewerkbaar),
        volgende=volgende,
        secties=[
            Sectie("gegevens", "Gegevens"),
            Sectie("veilig-contact", "Veilig contact"),
            Sectie("kwetsbaarheden", "Kwetsbaarheden"),
            Sectie("trajecten", "Trajecten", len(trajecten)),
            Sectie("comensha", "CoMensha"),
        ],
    )


def _op(dag: date) -> datetime:
    """A day as a moment: the very end of that day, so that what happened on a day stands above the
    trajectory's opening at a time of that day (an intake started on the day it opened), also when
    it opened in the day's last minute."""
    return timezone.make_aware(datetime.combine(dag, time.max))


def _op_dag(dag: date, soort: str, titel: str, tekst: str = "") -> Gebeurtenis:
    """An event of which only the day is known."""
    return Gebeurtenis(_op(dag), soort, titel, tekst, alleen_datum=True)


# Each source below yields what happens later on one day first: the timeline keeps the order of
# its sources for equal moments, and days are all it knows of these.


def _fasen(traject: Traject) -> Iterator[Gebeurtenis]:
    if traject.afgesloten_op:
        reden = traject.get_afsluitreden_display()
        toelichting = f" {traject.afsluittoelichting}" if traject.afsluittoelichting else ""
        yield _op_dag(traject.afgesloten_op, "overgang", "Traject afgesloten", f"{reden}.{toelichting}")
    for dag, titel in [
        (traject.afronding_start, "Afronding gestart"),
        (traject.hulpverlening_eind, "Hulpverlening beëindigd"),
        (traject.intake_eind, "Intake afgerond"),
        (traject.hulpverlening_start, "Hulpverlening gestart"),
        (traject.intake_start, "Intake gestart"),
    ]:
        if dag:
            yield _op_dag(dag, "overgang", titel)


def _aanmeldingen(traject: Traject) -> Iterator[Gebeurtenis]:
    for aanmelding in traject.aanmeldingen.all():
        verwijzing = aanmelding.doorverwijzing
        if verwijzing is None:
            bron = aanmelding.get_bron_display()
            organisatie = f" ({aanmelding.bronorganisatie})" if aanmelding.bronorganisatie else ""
            yield _op_dag(aanmelding.datum, "registratie", f"Aangemeld: {bron}{organisatie}")
            continue
        for dag, wat in [
            (verwijzing.afgerond_op, "traject afgerond"),
            (verwijzing.afgewezen_op, "afgewezen"),
            (verwijzing.opgepakt_op, "opgepakt"),
        ]:
            if dag:
                yield _op_dag(dag, "terugkoppeling", f"Terugkoppeling aan de aandachtsfunctionaris: {wat}")
        referentie = verwijzing.signaal.referentie
        yield _op_dag(verwijzing.datum, "doorverwijzing", f"Doorverwezen vanuit signaal {referentie}")


def _zorgacties(traject: Traject) -> Iterator[Gebeurtenis]:
    for actie in traject.zorgacties.all():
        wat = f"{actie.soort} bij {actie.zorgaanbieder}"
        if actie.beeindigd_op:
            stand = actie.get_status_display().lower()
            yield _op_dag(actie.beeindigd_op, "zorgactie", f"Zorgactie beëindigd ({stand}): {wat}")
        if actie.gestart_op:
            yield _op_dag(actie.gestart_op, "zorgactie", f"Zorgactie gestart: {wat}")
        yield _op_dag(actie.aangevraagd_op, "zorgactie", f"Zorgactie aangevraagd: {wat}")


def _overleggen(traject: Traject) -> Iterator[Gebeurtenis]:
    for overleg in traject.overleggen.all():
        afspraken = overleg.afspraken.all()
        tekst = "; ".join(
            f"{a.omschrijving} ({a.eigenaar}, uiterlijk {datum_tekst(a.deadline)})" for a in afspraken
        )
        yield _op_dag(
            overleg.datum,
            "tafelbesluit",
            f"Zorgoverleg met {overleg.organisaties}",
            f"Afspraken: {tekst}." if tekst else "Geen afspraken.",
        )
        for afspraak in afspraken:
            if afspraak.afgerond_op:
                yield _op_dag(
                    afspraak.afgerond_op, "tafelbesluit", f"Afspraak afgerond: {afspraak.omschrijving}"
                )


def traject_tijdlijn(traject: Traject) -> list[Gebeurtenis]:
    """Opening, referral and feedback, phase transitions, care actions and the decisions of the
    zorgoverleg, newest first."""
    geopend = [Gebeurtenis(traject.aangemaakt_op, "registratie", "Traject geopend")]
    return tijdlijn(
        _fasen(traject), _overleggen(traject), _zorgacties(traject), _aanmeldingen(traject), geopend
    )
