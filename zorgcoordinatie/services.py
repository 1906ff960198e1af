"""Every write of zorgcoördinatie: aanmeldingen, clients, trajectories and care.

Services check that the user may act, validate with clear Dutch messages, own the
transaction and record the acting user in the history. Answers to referrals from
signals go back through ``signalen.services`` (the lower app learns through a call).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.toegang import heeft_rol, regios_van
from signalen import services as signalen_services
from signalen.models import Bestemming, Doorverwijzing
from signalen.services import Geweigerd, VersieConflict
from zorgcoordinatie.models import (
    Aanmelding,
    Afspraak,
    Client,
    Dossierteller,
    Fase,
    IntakeBehoefte,
    Levensdomein,
    Traject,
    Zorgactie,
    Zorgoverleg,
)
from zorgcoordinatie.selectors import clienten_leesbaar_voor, mag_traject_bewerken

logger = logging.getLogger(__name__)

__all__ = ["Geweigerd", "VersieConflict"]


def drie_maanden_na(begin: date) -> date:
    """The end of a bedenktijd: three calendar months after its start."""
    maand = begin.month + 3
    jaar, maand = begin.year + (maand - 1) // 12, (maand - 1) % 12 + 1
    for dag in (begin.day, 30, 29, 28):
        try:
            return date(jaar, maand, dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _zc_van_regio(door: Gebruiker, regio: Regio) -> None:
    if not heeft_rol(door, Rol.ZORGCOORDINATOR) or not regios_van(door).filter(pk=regio.pk).exists():
        raise Geweigerd("Alleen een zorgcoördinator van deze regio kan dit doen.")


def _opslaan(obj: Any, door: Gebruiker, velden: list[str] | None = None) -> None:
    obj._history_user = door
    obj.full_clean()
    obj.save(update_fields=velden) if velden else obj.save()


def _traject_vergrendeld(traject: Traject, door: Gebruiker, versie: int | None = None) -> Traject:
    if not mag_traject_bewerken(door, traject):
        raise Geweigerd("Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt dit traject.")
    actueel = Traject.objects.select_for_update().select_related("client").get(pk=traject.pk)
    if versie is not None and actueel.versie != versie:
        raise VersieConflict(
            "Iemand anders heeft dit traject intussen gewijzigd. Uw invoer staat hieronder nog; "
            "bekijk de nieuwe versie en voer uw wijziging opnieuw in."
        )
    return actueel


def _traject_opslaan(traject: Traject, door: Gebruiker) -> None:
    traject.versie += 1
    traject.gewijzigd_op = timezone.now()
    _traject_valideren(traject)
    _opslaan(traject, door)


def _niet_afgesloten(traject: Traject) -> None:
    if traject.afgesloten_op:
        raise Geweigerd("Dit traject is afgesloten. Heropen het eerst.")


# --- Aanmeldingen ---------------------------------------------------------------------------


def aanmelding_invoeren(
    *,
    door: Gebruiker,
    regio: Regio,
    bron: str,
    datum: date | None = None,
    bronorganisatie: str = "",
    omschrijving: str = "",
    formuliertoken: uuid.UUID | None = None,
) -> tuple[Aanmelding, bool]:
    """An aanmelding the zorgcoördinator enters (police, Veilig Thuis, the person, …).

    Returns (aanmelding, new): the same form token again (a double submit, also two at the
    same moment) returns the aanmelding of the first submit with new=False.
    """
    _zc_van_regio(door, regio)
    if formuliertoken is not None and (bestaand := _eerder_ingevoerd(door, formuliertoken)) is not None:
        return bestaand, False
    if datum and datum > timezone.localdate():
        raise ValidationError({"datum": "De datum van aanmelding kan niet in de toekomst liggen."})
    aanmelding = Aanmelding(
        regio=regio,
        bron=bron,
        datum=datum or timezone.localdate(),
        bronorganisatie=bronorganisatie,
        omschrijving=omschrijving,
        ingevoerd_door=door,
        formuliertoken=formuliertoken,
    )
    aanmelding._history_user = door
    aanmelding.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            aanmelding.save()
    except IntegrityError:
        # The same form token raced in twice; the first one won.
        if formuliertoken is None or (bestaand := _eerder_ingevoerd(door, formuliertoken)) is None:
            raise
        return bestaand, False
    return aanmelding, True


def _eerder_ingevoerd(door: Gebruiker, formuliertoken: uuid.UUID) -> Aanmelding | None:
    return Aanmelding.objects.filter(formuliertoken=formuliertoken, ingevoerd_door=door).first()


def _volgend_dossiernummer() -> str:
    jaar = timezone.localdate().year
    teller, _ = Dossierteller.objects.select_for_update().get_or_create(jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"Z-{jaar}-{teller.laatste:04d}"


CLIENTVELDEN = [
    "naam", "aliassen", "geboortedatum", "geslacht", "nationaliteiten", "taal", "tolk_nodig",
    "verblijfsstatus", "brp_gemeente", "verblijfplaats", "verantwoordelijke_gemeente", "mag_bellen",
    "mag_sms", "mag_bezoek", "veilige_tijden", "nooit_via", "lvb", "psychische_problematiek",
    "verslaving", "zwangerschap", "overige_kwetsbaarheden",
]  # fmt: skip


def _client_valideren(client: Client) -> None:
    if client.geboortedatum:
        vandaag = timezone.localdate()
        if client.geboortedatum > vandaag:
            raise ValidationError({"geboortedatum": "Een geboortedatum kan niet in de toekomst liggen."})
        if client.geboortedatum.year < vandaag.year - 110:
            raise ValidationError(
                {"geboortedatum": "Deze geboortedatum is niet aannemelijk; controleer het jaar."}
            )


def _client_maken(gegevens: dict[str, Any], door: Gebruiker) -> Client:
    client = Client(**{k: v for k, v in gegevens.items() if k in CLIENTVELDEN})
    _client_valideren(client)
    client.dossiernummer = _volgend_dossiernummer()
    _opslaan(client, door)
    return client


def _achtervang_controleren(achtervang: Gebruiker | None, verantwoordelijke: Gebruiker, regio: Regio) -> None:
    if achtervang is not None and (
        achtervang.pk == verantwoordelijke.pk
        or not heeft_rol(achtervang, Rol.ZORGCOORDINATOR)
        or not regios_van(achtervang).filter(pk=regio.pk).exists()
    ):
        raise ValidationError(
            {"achtervang": "Kies als achtervang een andere zorgcoördinator van deze regio."}
        )


def _traject_openen(
    *, client: Client, regio: Regio, door: Gebruiker, achtervang: Gebruiker | None, vormen: dict[str, bool]
) -> Traject:
    _achtervang_controleren(achtervang, door, regio)
    traject = Traject(
        client=client,
        regio=regio,
        verantwoordelijke=door,
        achtervang=achtervang,
        intake_start=timezone.localdate(),
        **{k: v for k, v in vormen.items() if k in VORMVELDEN},
    )
    _opslaan(traject, door)
    return traject


VORMVELDEN = [
    "seksuele_uitbuiting",
    "arbeidsuitbuiting",
    "criminele_uitbuiting",
    "orgaanverwijdering",
    "vorm_onbekend",
]


def aanmelding_accepteren(
    *,
    door: Gebruiker,
    aanmelding: Aanmelding | None = None,
    doorverwijzing: Doorverwijzing | None = None,
    client: Client | None = None,
    client_gegevens: dict[str, Any] | None = None,
    achtervang: Gebruiker | None = None,
) -> Traject:
    """Accept an aanmelding (direct, or a referral from a signal): client and trajectory.

    Either links an existing client or creates one. For a referral, the signal's AF
    gets "opgepakt" as feedback through the signalen service.
    """
    if (aanmelding is None) == (doorverwijzing is None):
        raise ValueError("Geef een aanmelding of een doorverwijzing.")
    if client is None and not client_gegevens:
        raise ValidationError(
            {"__all__": "Kies een bestaande cliënt of vul de gegevens van een nieuwe cliënt in."}
        )
    with transaction.atomic():
        if doorverwijzing is not None:
            doorverwijzing = (
                Doorverwijzing.objects.select_for_update().select_related("signaal").get(pk=doorverwijzing.pk)
            )
            if doorverwijzing.bestemming != Bestemming.ZORGCOORDINATOR:
                raise Geweigerd("Dit is geen aanmelding voor zorgcoördinatie.")
            if hasattr(doorverwijzing, "aanmelding"):
                raise Geweigerd("Deze aanmelding is al beantwoord.")
            regio = doorverwijzing.regio
            _zc_van_regio(door, regio)
            aanmelding = Aanmelding(
                regio=regio,
                bron=Aanmelding.Bron.SIGNAAL,
                datum=doorverwijzing.datum,
                bronorganisatie="Aandachtsfunctionaris",
                doorverwijzing=doorverwijzing,
                ingevoerd_door=door,
            )
            signaal = doorverwijzing.signaal
            vormen = {veld: getattr(signaal, veld) for veld in VORMVELDEN}
        else:
            aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
            regio = aanmelding.regio
            _zc_van_regio(door, regio)
            if aanmelding.status != Aanmelding.Status.OPEN:
                raise Geweigerd("Deze aanmelding is al beantwoord.")
            vormen = {"vorm_onbekend": True}
        if client is None:
            client = _client_maken(client_gegevens or {}, door)
        elif not clienten_leesbaar_voor(door).filter(pk=client.pk).exists():
            raise Geweigerd("Deze cliënt hoort niet bij uw regio's.")
        elif client.trajecten.filter(regio=regio, afgesloten_op__isnull=True).exists():
            raise Geweigerd(
                f"Cliënt {client.dossiernummer} heeft in deze regio al een open traject. "
                "Wijs de aanmelding af met die verwijzing, of sluit eerst het lopende traject."
            )
        traject = _traject_openen(client=client, regio=regio, door=door, achtervang=achtervang, vormen=vormen)
        aanmelding.status = Aanmelding.Status.GEACCEPTEERD
        aanmelding.beantwoord_door, aanmelding.beantwoord_op = door, timezone.now()
        aanmelding.traject = traject
        _opslaan(aanmelding, door)
        if doorverwijzing is not None:
            signalen_services.aanmelding_beantwoorden(
                doorverwijzing=doorverwijzing,
                door=door,
                geaccepteerd=True,
                bericht="Opgepakt door zorgcoördinatie",
            )
    logger.info(
        "aanmelding geaccepteerd aanmelding=%s traject=%s door=%s", aanmelding.pk, traject.pk, door.pk
    )
    return traject


def aanmelding_afwijzen(
    *,
    door: Gebruiker,
    reden: str,
    aanmelding: Aanmelding | None = None,
    doorverwijzing: Doorverwijzing | None = None,
) -> Aanmelding:
    """Decline with a reason (free of case details); a signal's AF sees it as feedback."""
    if (aanmelding is None) == (doorverwijzing is None):
        raise ValueError("Geef een aanmelding of een doorverwijzing.")
    if not reden.strip():
        raise ValidationError({"reden": "Geef kort de reden van afwijzen (zonder details over de casus)."})
    with transaction.atomic():
        if doorverwijzing is not None:
            doorverwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
            if hasattr(doorverwijzing, "aanmelding"):
                raise Geweigerd("Deze aanmelding is al beantwoord.")
            _zc_van_regio(door, doorverwijzing.regio)
            aanmelding = Aanmelding(
                regio=doorverwijzing.regio,
                bron=Aanmelding.Bron.SIGNAAL,
                datum=doorverwijzing.datum,
                doorverwijzing=doorverwijzing,
                ingevoerd_door=door,
            )
        else:
            aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
            _zc_van_regio(door, aanmelding.regio)
            if aanmelding.status != Aanmelding.Status.OPEN:
                raise Geweigerd("Deze aanmelding is al beantwoord.")
        aanmelding.status = Aanmelding.Status.AFGEWEZEN
        aanmelding.reden_afwijzing = reden.strip()
        aanmelding.beantwoord_door, aanmelding.beantwoord_op = door, timezone.now()
        _opslaan(aanmelding, door)
        if doorverwijzing is not None:
            signalen_services.aanmelding_beantwoorden(
                doorverwijzing=doorverwijzing, door=door, geaccepteerd=False, bericht=reden
            )
    return aanmelding


# --- Client ---------------------------------------------------------------------------------


def client_bijwerken(*, client: Client, door: Gebruiker, gegevens: dict[str, Any], versie: int) -> Client:
    trajecten = client.trajecten.all()
    if not any(mag_traject_bewerken(door, t) for t in trajecten):
        raise Geweigerd("Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt deze cliënt.")
    with transaction.atomic():
        actueel = Client.objects.select_for_update().get(pk=client.pk)
        if actueel.versie != versie:
            raise VersieConflict(
                "Iemand anders heeft deze cliënt intussen gewijzigd. Uw invoer staat hieronder nog; "
                "bekijk de nieuwe versie en voer uw wijziging opnieuw in."
            )
        for veld, waarde in gegevens.items():
            if veld in CLIENTVELDEN:
                setattr(actueel, veld, waarde)
        _client_valideren(actueel)
        actueel.versie += 1
        _opslaan(actueel, door)
    return actueel


def comensha_toestemming_vastleggen(
    *, client: Client, door: Gebruiker, toestemming: str, datum: date | None, reikwijdte: str = ""
) -> Client:
    if not any(mag_traject_bewerken(door, t) for t in client.trajecten.all()):
        raise Geweigerd("Alleen de verantwoordelijke zorgcoördinator of de achtervang legt dit vast.")
    if toestemming != Client.Toestemming.NIET_GEVRAAGD and datum is None:
        raise ValidationError({"datum": "Vul de datum in waarop de toestemming is gevraagd."})
    if datum and datum > timezone.localdate():
        raise ValidationError({"datum": "Deze datum ligt in de toekomst."})
    with transaction.atomic():
        actueel = Client.objects.select_for_update().get(pk=client.pk)
        actueel.comensha_toestemming = toestemming
        actueel.comensha_toestemming_op = datum
        actueel.comensha_reikwijdte = reikwijdte.strip()
        actueel.versie += 1
        _opslaan(actueel, door)
    return actueel


def comensha_registratie(client: Client) -> dict[str, str]:
    """The CoMensha registration of one client: with consent the agreed fields,
    without consent an anonymous minimal registration (no name, no date of birth)."""
    traject = client.trajecten.order_by("-id").first()
    vormen = [
        label
        for veld, label in [
            ("seksuele_uitbuiting", "seksuele uitbuiting"),
            ("arbeidsuitbuiting", "arbeidsuitbuiting"),
            ("criminele_uitbuiting", "criminele uitbuiting"),
            ("orgaanverwijdering", "gedwongen orgaanverwijdering"),
            ("vorm_onbekend", "onbekend"),
        ]
        if traject is not None and getattr(traject, veld)
    ]
    minimaal = {
        "registratie": "anoniem"
        if client.comensha_toestemming != Client.Toestemming.GEGEVEN
        else "met toestemming",
        "regio": traject.regio.naam if traject else "",
        "jaar_aanmelding": str(traject.aangemaakt_op.year) if traject else "",
        "geslacht": client.get_geslacht_display(),
        "minderjarig": {True: "ja", False: "nee", None: "onbekend"}[client.minderjarig],
        "uitbuitingsvormen": ", ".join(vormen),
    }
    if client.comensha_toestemming != Client.Toestemming.GEGEVEN:
        return minimaal
    return {
        **minimaal,
        "dossiernummer": client.dossiernummer,
        "naam": client.naam,
        "geboortedatum": client.geboortedatum.isoformat() if client.geboortedatum else "",
        "nationaliteiten": client.nationaliteiten,
        "verblijfsstatus": client.get_verblijfsstatus_display(),
        "toestemming_op": client.comensha_toestemming_op.isoformat()
        if client.comensha_toestemming_op
        else "",
        "reikwijdte_toestemming": client.comensha_reikwijdte,
    }


# --- Trajectory -----------------------------------------------------------------------------

TRAJECTVELDEN = [
    *VORMVELDEN, "achtervang", "volgende_evaluatie", "opvang", "opvang_start", "opvang_eind", "verblijf",
    "bedenktijd_start", "bedenktijd_eind", "verblijf_datum", "strafrecht", "aangifte_op",
    "strafrecht_contact", "geinformeerd_verblijfsrecht_op", "geinformeerd_strafrecht_op",
    "geinformeerd_zorg_op", "kent_verblijfsstappen", "kent_rechten_voorzieningen", "weet_waar_hulp",
]  # fmt: skip


def _traject_valideren(traject: Traject) -> None:
    fouten: dict[str, str] = {}
    vandaag = timezone.localdate()
    paren = [
        ("opvang_start", "opvang_eind", "De opvang kan niet eindigen vóór zij begint."),
        ("bedenktijd_start", "bedenktijd_eind", "De bedenktijd kan niet eindigen vóór zij begint."),
        ("intake_start", "intake_eind", "De intake kan niet eindigen vóór zij begint."),
        ("hulpverlening_start", "hulpverlening_eind", "De hulpverlening kan niet eindigen vóór zij begint."),
    ]
    for begin, eind, melding in paren:
        b, e = getattr(traject, begin), getattr(traject, eind)
        if b and e and e < b:
            fouten[eind] = melding
    if (
        traject.bedenktijd_start
        and traject.bedenktijd_eind
        and "bedenktijd_eind" not in fouten
        and traject.bedenktijd_eind > drie_maanden_na(traject.bedenktijd_start)
    ):
        fouten["bedenktijd_eind"] = "De bedenktijd duurt ten hoogste drie maanden."
    if traject.verblijf == Traject.Verblijf.BEDENKTIJD and not traject.bedenktijd_start:
        fouten["bedenktijd_start"] = "Vul in wanneer de bedenktijd is ingegaan."
    if traject.opvang and not traject.opvang_start:
        fouten["opvang_start"] = "Vul in sinds wanneer de cliënt in deze opvang verblijft."
    if traject.strafrecht == Traject.Strafrecht.AANGIFTE and not traject.aangifte_op:
        fouten["aangifte_op"] = "Vul de datum van de aangifte in."
    for veld in (
        "aangifte_op",
        "geinformeerd_verblijfsrecht_op",
        "geinformeerd_strafrecht_op",
        "geinformeerd_zorg_op",
    ):
        waarde = getattr(traject, veld)
        if waarde and waarde > vandaag:
            fouten[veld] = "Deze datum ligt in de toekomst."
    if not any(getattr(traject, v) for v in VORMVELDEN):
        fouten["vorm_onbekend"] = "Kies minstens één vorm van uitbuiting, of 'Onbekend'."
    if fouten:
        raise ValidationError(fouten)


def traject_bijwerken(*, traject: Traject, door: Gebruiker, gegevens: dict[str, Any], versie: int) -> Traject:
    """Change the pillars, forms, backup, review date and closure criteria."""
    with transaction.atomic():
        actueel = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(actueel)
        for veld, waarde in gegevens.items():
            if veld in TRAJECTVELDEN:
                setattr(actueel, veld, waarde)
        if actueel.bedenktijd_start and not actueel.bedenktijd_eind:
            actueel.bedenktijd_eind = drie_maanden_na(actueel.bedenktijd_start)
        if "achtervang" in gegevens:
            _achtervang_controleren(actueel.achtervang, actueel.verantwoordelijke, actueel.regio)
        _traject_opslaan(actueel, door)
    return actueel


def fase_wijzigen(
    *, traject: Traject, door: Gebruiker, fase: str, actie: str, datum: date, versie: int
) -> Traject:
    """Start or end a phase. Hulpverlening may start before or during intake;
    afronding needs a completed intake and ends the hulpverlening."""
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(t)
        if datum > timezone.localdate():
            raise ValidationError({"datum": "Deze datum ligt in de toekomst."})
        if (fase, actie) == (Fase.INTAKE, "starten"):
            if t.intake_start:
                raise Geweigerd("De intake is al gestart.")
            t.intake_start = datum
        elif (fase, actie) == (Fase.INTAKE, "beeindigen"):
            if not t.intake_start or t.intake_eind:
                raise Geweigerd("Er loopt geen intake om af te ronden.")
            t.intake_eind = datum
        elif (fase, actie) == (Fase.HULPVERLENING, "starten"):
            if t.hulpverlening_start:
                raise Geweigerd("De hulpverlening is al gestart.")
            if t.afronding_start:
                raise Geweigerd("In de afronding start geen nieuwe hulpverlening. Heropen eerst.")
            t.hulpverlening_start = datum
        elif (fase, actie) == (Fase.HULPVERLENING, "beeindigen"):
            if not t.hulpverlening_start or t.hulpverlening_eind:
                raise Geweigerd("Er loopt geen hulpverlening om af te ronden.")
            t.hulpverlening_eind = datum
        elif (fase, actie) == (Fase.AFRONDING, "starten"):
            if t.afronding_start:
                raise Geweigerd("De afronding is al gestart.")
            if not t.intake_eind:
                raise Geweigerd("Rond eerst de intake af; daarna kan de afronding beginnen.")
            if datum < t.intake_eind:
                raise ValidationError(
                    {"datum": "De afronding kan niet beginnen vóór het einde van de intake."}
                )
            t.afronding_start = datum
            if t.hulpverlening_start and not t.hulpverlening_eind:
                t.hulpverlening_eind = datum
        else:
            raise Geweigerd("Deze faseovergang bestaat niet.")
        _traject_opslaan(t, door)
    return t


def traject_afsluiten(
    *,
    traject: Traject,
    door: Gebruiker,
    reden: str,
    toelichting: str = "",
    overgedragen_aan: Regio | None = None,
    versie: int,
) -> Traject:
    """Close when every criterion holds, or with a reason."""
    if reden not in Traject.Afsluitreden.values:
        raise ValidationError({"reden": "Kies een reden van afsluiten uit de lijst."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(t)
        if reden == Traject.Afsluitreden.CRITERIA:
            ontbreekt = [tekst for tekst, voldaan in t.afsluitcriteria.items() if not voldaan]
            if ontbreekt:
                raise Geweigerd(
                    "Afsluiten op criteria kan nog niet. Niet voldaan: " + "; ".join(ontbreekt).lower() + ". "
                    "Kies anders een reden van afsluiten."
                )
        if reden == Traject.Afsluitreden.ANDERS and not toelichting.strip():
            raise ValidationError({"toelichting": "Licht toe waarom het traject wordt afgesloten."})
        if reden == Traject.Afsluitreden.OVERGEDRAGEN and (
            overgedragen_aan is None or overgedragen_aan == t.regio
        ):
            raise ValidationError({"overgedragen_aan": "Kies de regio die het traject overneemt."})
        vandaag = timezone.localdate()
        t.afsluitreden, t.afsluittoelichting = reden, toelichting.strip()
        t.overgedragen_aan = overgedragen_aan if reden == Traject.Afsluitreden.OVERGEDRAGEN else None
        t.afgesloten_op = vandaag
        if t.intake_start and not t.intake_eind:
            t.intake_eind = vandaag
        if t.hulpverlening_start and not t.hulpverlening_eind:
            t.hulpverlening_eind = vandaag
        t.volgende_evaluatie = None
        _traject_opslaan(t, door)
        for aanmelding in t.aanmeldingen.select_related("doorverwijzing"):
            if aanmelding.doorverwijzing is not None:
                signalen_services.zorgtraject_afgerond(doorverwijzing=aanmelding.doorverwijzing, door=door)
    return t


def traject_heropenen(*, traject: Traject, door: Gebruiker, reden: str, versie: int) -> Traject:
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden om het traject te heropenen."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        if not t.afgesloten_op:
            raise Geweigerd("Alleen een afgesloten traject kan worden heropend.")
        t.afgesloten_op = None
        t.afsluitreden, t.overgedragen_aan = "", None
        t.afsluittoelichting = f"Heropend: {reden.strip()}"
        t.afronding_start = None
        t.hulpverlening_eind = None
        t.hulpverlening_start = t.hulpverlening_start or timezone.localdate()
        _traject_opslaan(t, door)
    return t


# --- Intake, care actions, meetings ---------------------------------------------------------


def intake_vastleggen(
    *, traject: Traject, door: Gebruiker, behoeften: dict[str, tuple[str, str]], versie: int
) -> Traject:
    """Need per life domain (ja / nee / onbekend, with a note)."""
    onbekend = set(behoeften) - set(Levensdomein.values)
    if onbekend:
        raise ValidationError({"__all__": "Onbekend levensdomein."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(t)
        for domein, (behoefte, toelichting) in behoeften.items():
            rij = IntakeBehoefte.objects.filter(traject=t, domein=domein).first() or IntakeBehoefte(
                traject=t, domein=domein
            )
            rij.behoefte, rij.toelichting = behoefte, toelichting.strip()
            _opslaan(rij, door)
        _traject_opslaan(t, door)
    return t


ACTIEVELDEN = ["domein", "zorgaanbieder", "soort", "status", "aangevraagd_op", "gestart_op", "beeindigd_op",
               "warme_overdracht_op"]  # fmt: skip


def _actie_valideren(actie: Zorgactie) -> None:
    fouten = {}
    vandaag = timezone.localdate()
    if actie.gestart_op and actie.gestart_op < actie.aangevraagd_op:
        fouten["gestart_op"] = "De start ligt vóór de aanvraag."
    if actie.beeindigd_op and actie.gestart_op and actie.beeindigd_op < actie.gestart_op:
        fouten["beeindigd_op"] = "Het einde ligt vóór de start."
    if actie.aangevraagd_op > vandaag:
        fouten["aangevraagd_op"] = "Deze datum ligt in de toekomst."
    if fouten:
        raise ValidationError(fouten)


def zorgactie_toevoegen(*, traject: Traject, door: Gebruiker, gegevens: dict[str, Any]) -> Zorgactie:
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door)
        _niet_afgesloten(t)
        actie = Zorgactie(
            traject=t, **{k: v for k, v in gegevens.items() if k in ACTIEVELDEN and v is not None}
        )
        _actie_valideren(actie)
        _opslaan(actie, door)
        _traject_opslaan(t, door)
    return actie


def zorgactie_bijwerken(*, actie: Zorgactie, door: Gebruiker, gegevens: dict[str, Any]) -> Zorgactie:
    with transaction.atomic():
        t = _traject_vergrendeld(actie.traject, door)
        _niet_afgesloten(t)
        actie = Zorgactie.objects.select_for_update().get(pk=actie.pk, traject=t)
        voor = (actie.status, actie.gestart_op, actie.beeindigd_op, actie.warme_overdracht_op)
        for veld, waarde in gegevens.items():
            if veld in ACTIEVELDEN:
                setattr(actie, veld, waarde)
        # Progress is a change of status or of a milestone date, not a re-saved form.
        if (actie.status, actie.gestart_op, actie.beeindigd_op, actie.warme_overdracht_op) != voor:
            actie.laatste_voortgang = timezone.localdate()
        _actie_valideren(actie)
        _opslaan(actie, door)
        _traject_opslaan(t, door)
    return actie


def zorgoverleg_vastleggen(
    *, traject: Traject, door: Gebruiker, datum: date, organisaties: str, afspraken: list[dict[str, Any]]
) -> Zorgoverleg:
    if not organisaties.strip():
        raise ValidationError({"organisaties": "Noem de organisaties die deelnamen."})
    if datum > timezone.localdate():
        raise ValidationError(
            {"datum": "Leg een zorgoverleg vast nadat het is gehouden; deze datum ligt in de toekomst."}
        )
    for gegevens in afspraken:
        if gegevens.get("deadline") and gegevens["deadline"] < datum:
            raise ValidationError({"__all__": "De uiterste datum van een afspraak ligt vóór het overleg."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door)
        _niet_afgesloten(t)
        overleg = Zorgoverleg(traject=t, datum=datum, organisaties=organisaties.strip())
        _opslaan(overleg, door)
        for gegevens in afspraken:
            afspraak = Afspraak(overleg=overleg, **gegevens)
            _opslaan(afspraak, door)
        _traject_opslaan(t, door)
    return overleg


def afspraak_afronden(*, afspraak: Afspraak, door: Gebruiker) -> Afspraak:
    with transaction.atomic():
        _traject_vergrendeld(afspraak.overleg.traject, door)
        _niet_afgesloten(afspraak.overleg.traject)
        afspraak = Afspraak.objects.select_for_update().get(pk=afspraak.pk)
        if afspraak.afgerond_op is None:
            afspraak.afgerond_op = timezone.localdate()
            _opslaan(afspraak, door)
    return afspraak
