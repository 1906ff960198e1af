"""Every write of signals: registration, the meldroute, referrals and stacking.

Each service checks that the user may act on the signal, validates, owns its
transaction, and writes a ``Gebeurtenis`` for the signal's timeline. A refused step
raises ``Geweigerd`` with a message fit to show the user.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mensenhandel.acties import Geweigerd, VersieConflict
from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.toegang import gemeenten_van_af, heeft_rol, regios_van
from signalen import normalisatie
from signalen.models import (
    VORM_VELDEN,
    Bestemming,
    BetrokkenPersoon,
    Doorverwijzing,
    Gebeurtenis,
    Identificator,
    Indicator,
    Koppeling,
    Notitie,
    Overlegbesluit,
    Referentieteller,
    Signaal,
    Status,
)
from signalen.selectors import mag_bewerken, signalen_in_regio_voor_kr, signalen_leesbaar_voor

logger = logging.getLogger(__name__)


# --- The meldroute as a state machine ---------------------------------------------------

OVERGANGEN: dict[str, tuple[set[str], str | None]] = {
    # action: (allowed from, to). None: the decision determines the target.
    "verrijken": ({Status.NIEUW, Status.IN_ONDERZOEK, Status.GEWOGEN, Status.LOPEND}, None),
    "wegen": ({Status.NIEUW, Status.IN_ONDERZOEK, Status.GEWOGEN}, Status.GEWOGEN),
    "besluiten": ({Status.GEWOGEN, Status.LOPEND}, None),
    "heropenen": ({Status.BESLOTEN, Status.AFGESLOTEN, Status.LOPEND}, Status.IN_ONDERZOEK),
}

WEIGERINGEN = {
    "wegen": "Een signaal waarover al besloten is, kan niet opnieuw worden gewogen. Heropen het eerst.",
    "besluiten": "Een besluit kan pas als het signaal gewogen is.",
    "heropenen": "Alleen een besloten, lopend of afgesloten signaal kan worden heropend.",
    "verrijken": (
        "Aan een afgesloten of besloten signaal kunnen geen notities worden toegevoegd. Heropen het eerst."
    ),
}


def mogelijke_acties(signaal: Signaal) -> set[str]:
    """The meldroute steps the signal's status allows now."""
    return {actie for actie, (van, _) in OVERGANGEN.items() if signaal.status in van}


def _overgang(signaal: Signaal, actie: str) -> None:
    van, _ = OVERGANGEN[actie]
    if signaal.status not in van:
        raise Geweigerd(f"{WEIGERINGEN[actie]} (status nu: {signaal.get_status_display().lower()})")


class Afsluitreden:
    GEEN_MENSENHANDEL = "geen_mensenhandel"
    TE_WEINIG = "te_weinig"
    CHOICES = [(GEEN_MENSENHANDEL, "Geen mensenhandel"), (TE_WEINIG, "Te weinig aanknopingspunten")]


def _gebeurtenis(signaal: Signaal, door: Gebruiker | None, tekst: str) -> None:
    Gebeurtenis.objects.create(signaal=signaal, gebruiker=door, omschrijving=tekst[:300])


def _vergrendeld(signaal: Signaal, door: Gebruiker) -> Signaal:
    """Lock the row for this transaction, after checking the user may edit it."""
    if not mag_bewerken(door, signaal):
        raise Geweigerd("U mag dit signaal niet wijzigen.")
    return Signaal.objects.select_for_update().get(pk=signaal.pk)


def _niet_afgesloten(signaal: Signaal) -> None:
    if signaal.status == Status.AFGESLOTEN:
        raise Geweigerd("Een afgesloten signaal kan niet worden gewijzigd. Heropen het eerst.")


def _versie_controleren(actueel: Signaal, versie: int | None) -> None:
    if versie is not None and actueel.versie != versie:
        raise VersieConflict(
            "Iemand anders heeft dit signaal intussen gewijzigd. Uw invoer staat hieronder nog; "
            "bekijk de nieuwe versie en voer uw wijziging opnieuw in."
        )


def _opslaan(signaal: Signaal, velden: list[str] | None = None, door: Gebruiker | None = None) -> None:
    if door is not None:
        signaal._history_user = door  # also outside a request (tasks, commands)
    signaal.versie += 1
    signaal.gewijzigd_op = timezone.now()
    signaal.full_clean(exclude=["indicatoren"])
    if velden is None:
        signaal.save()
    else:
        signaal.save(update_fields=[*velden, "versie", "gewijzigd_op"])


# --- Registration and editing -------------------------------------------------------------


def _volgende_referentie(jaar: int) -> str:
    teller, _ = Referentieteller.objects.select_for_update().get_or_create(jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"S-{jaar}-{teller.laatste:05d}"


SIGNAALVELDEN = [
    "datum_waargenomen", "gemeente", "locatie", "postcode", "huisnummer", "sector", "bron",
    "melder_contact", "migratiecomponent", "reikwijdte", "omschrijving", "minderjarige_betrokken",
    "acuut_gevaar", "alarmnummer_gebeld", *VORM_VELDEN.values(),
]  # fmt: skip


@dataclass
class Stapeling:
    """What stacking found for a signal, as the user who saved it may see it."""

    binnen_bereik: list[Koppeling] = field(default_factory=list)
    elders: int = 0


def signaal_registreren(
    *,
    door: Gebruiker,
    gegevens: dict[str, Any],
    indicatoren: Iterable[Indicator] = (),
    personen: Iterable[dict[str, Any]] = (),
    formuliertoken: uuid.UUID | None = None,
) -> tuple[Signaal, Stapeling, bool]:
    """Register a signal with its persons; returns (signal, stacking, new).

    A repeated submit with the same form token returns the first signal (new=False).
    """
    if not heeft_rol(door, Rol.AANDACHTSFUNCTIONARIS):
        raise Geweigerd("Alleen een aandachtsfunctionaris registreert signalen.")
    if formuliertoken is not None:
        bestaand = Signaal.objects.filter(formuliertoken=formuliertoken, geregistreerd_door=door).first()
        if bestaand is not None:
            return bestaand, stapeling_voor(bestaand, door), False
    gemeente = gegevens["gemeente"]
    if not gemeenten_van_af(door).filter(pk=gemeente.pk).exists():
        raise Geweigerd("U kunt alleen signalen registreren voor de gemeente(n) die u bedient.")
    try:
        with transaction.atomic():
            signaal = Signaal(
                geregistreerd_door=door,
                formuliertoken=formuliertoken,
                **{k: v for k, v in gegevens.items() if k in SIGNAALVELDEN},
            )
            _signaal_valideren(signaal)
            signaal.referentie = _volgende_referentie(timezone.localdate().year)
            signaal.full_clean(exclude=["indicatoren"])
            signaal._history_user = door
            signaal.save()
            signaal.indicatoren.set(indicatoren)
            _gebeurtenis(signaal, door, "Signaal geregistreerd")
            for persoon in personen:
                _persoon_opslaan(BetrokkenPersoon(signaal=signaal), persoon, door)
            stapeling = _stapelen(signaal, door)
    except IntegrityError:
        # The same form token raced in twice; the first one won.
        bestaand = Signaal.objects.get(formuliertoken=formuliertoken)
        return bestaand, stapeling_voor(bestaand, door), False
    logger.info("signaal geregistreerd id=%s door=%s", signaal.pk, door.pk)
    return signaal, stapeling, True


def _signaal_valideren(signaal: Signaal) -> None:
    fouten: dict[str, str] = {}
    vandaag = timezone.localdate()
    if signaal.datum_waargenomen and signaal.datum_waargenomen > vandaag:
        fouten["datum_waargenomen"] = "De datum van waarnemen kan niet in de toekomst liggen."
    if signaal.datum_waargenomen and signaal.datum_waargenomen < date(vandaag.year - 30, 1, 1):
        fouten["datum_waargenomen"] = "Deze datum ligt te ver terug; controleer het jaar."
    if not any(getattr(signaal, veld) for veld in VORM_VELDEN.values()):
        fouten["uitbuitingsvormen"] = "Kies minstens één vorm van uitbuiting, of 'Onbekend'."
    if signaal.alarmnummer_gebeld and not signaal.acuut_gevaar:
        fouten["alarmnummer_gebeld"] = "112 gebeld kan alleen bij acuut gevaar."
    if signaal.acuut_gevaar and not signaal.alarmnummer_gebeld:
        fouten["alarmnummer_gebeld"] = "Bij acuut gevaar belt u eerst 112. Vink aan dat dat gebeurd is."
    if fouten:
        raise ValidationError(fouten)


def signaal_bijwerken(
    *,
    signaal: Signaal,
    door: Gebruiker,
    gegevens: dict[str, Any],
    indicatoren: Iterable[Indicator],
    versie: int,
) -> Signaal:
    """Change a signal's details; refused when someone else saved in between."""
    with transaction.atomic():
        actueel = _vergrendeld(signaal, door)
        _versie_controleren(actueel, versie)
        _niet_afgesloten(actueel)
        gemeente = gegevens.get("gemeente", actueel.gemeente)
        if gemeente != actueel.gemeente and not gemeenten_van_af(door).filter(pk=gemeente.pk).exists():
            raise Geweigerd("U kunt een signaal alleen verplaatsen naar een gemeente die u bedient.")
        for veld, waarde in gegevens.items():
            if veld in SIGNAALVELDEN:
                setattr(actueel, veld, waarde)
        _signaal_valideren(actueel)
        _opslaan(actueel, None, door)
        actueel.indicatoren.set(indicatoren)
        _gebeurtenis(actueel, door, "Gegevens van het signaal gewijzigd")
    return actueel


# --- Persons and stacking -------------------------------------------------------------------

PERSOONVELDEN = [
    "soort", "naam", "alias", "geboortedatum", "geschatte_leeftijd", "geslacht", "nationaliteit",
    "telefoon", "adres", "postcode", "huisnummer", "kenteken",
]  # fmt: skip


def persoon_valideren(persoon: BetrokkenPersoon) -> None:
    """The checks on a person's data that need more than a field (dates, phone number)."""
    fouten: dict[str, str] = {}
    vandaag = timezone.localdate()
    if persoon.geboortedatum:
        if persoon.geboortedatum > vandaag:
            fouten["geboortedatum"] = "Een geboortedatum kan niet in de toekomst liggen."
        elif persoon.geboortedatum.year < vandaag.year - 110:
            fouten["geboortedatum"] = "Deze geboortedatum is niet aannemelijk; controleer het jaar."
    if persoon.geschatte_leeftijd is not None and persoon.geschatte_leeftijd > 110:
        fouten["geschatte_leeftijd"] = "Vul een leeftijd tussen 0 en 110 in."
    if persoon.telefoon and normalisatie.telefoon(persoon.telefoon) is None:
        fouten["telefoon"] = "Dit telefoonnummer klopt niet. Vul het in zoals 06 12345678 of +48 601 234 567."
    if fouten:
        raise ValidationError(fouten)


def _persoon_opslaan(
    persoon: BetrokkenPersoon, gegevens: dict[str, Any], door: Gebruiker
) -> BetrokkenPersoon:
    for veld in PERSOONVELDEN:
        if veld in gegevens:
            setattr(persoon, veld, gegevens[veld] if gegevens[veld] is not None else _leeg(veld))
    persoon_valideren(persoon)
    persoon.full_clean()
    persoon._history_user = door
    persoon.save()
    _identificatoren_bijwerken(persoon)
    return persoon


def _leeg(veld: str) -> Any:
    return None if veld in ("geboortedatum", "geschatte_leeftijd") else ""


def persoon_toevoegen(
    *, signaal: Signaal, door: Gebruiker, gegevens: dict[str, Any]
) -> tuple[BetrokkenPersoon, Stapeling]:
    with transaction.atomic():
        actueel = _vergrendeld(signaal, door)
        _niet_afgesloten(actueel)
        persoon = _persoon_opslaan(BetrokkenPersoon(signaal=actueel), gegevens, door)
        _opslaan(actueel, ["versie"], door)
        _gebeurtenis(actueel, door, f"Betrokken persoon toegevoegd ({persoon.get_soort_display().lower()})")
        stapeling = _stapelen(actueel, door)
    return persoon, stapeling


def persoon_bijwerken(
    *, persoon: BetrokkenPersoon, door: Gebruiker, gegevens: dict[str, Any]
) -> tuple[BetrokkenPersoon, Stapeling]:
    with transaction.atomic():
        actueel = _vergrendeld(persoon.signaal, door)
        _niet_afgesloten(actueel)
        persoon = BetrokkenPersoon.objects.select_for_update().get(pk=persoon.pk, signaal=actueel)
        _persoon_opslaan(persoon, gegevens, door)
        _opslaan(actueel, ["versie"], door)
        _gebeurtenis(actueel, door, "Gegevens van een betrokken persoon gewijzigd")
        stapeling = _stapelen(actueel, door)
    return persoon, stapeling


def persoon_verwijderen(*, persoon: BetrokkenPersoon, door: Gebruiker) -> None:
    with transaction.atomic():
        actueel = _vergrendeld(persoon.signaal, door)
        _niet_afgesloten(actueel)
        te_verwijderen = BetrokkenPersoon.objects.get(pk=persoon.pk, signaal=actueel)
        te_verwijderen._history_user = door
        te_verwijderen.delete()
        _opslaan(actueel, ["versie"], door)
        _gebeurtenis(actueel, door, "Betrokken persoon verwijderd")
        _stapelen(actueel, door)


def identificatoren_van(persoon: BetrokkenPersoon) -> set[tuple[str, str]]:
    """The (kind, keyed hash) pairs of one person's normalised identifying data."""
    soort = Identificator.Soort
    sleutel = normalisatie.sleutel
    naam = normalisatie.naam(persoon.naam) if persoon.naam else ""
    telefoon = normalisatie.telefoon(persoon.telefoon) if persoon.telefoon else None
    paren: set[tuple[str, str]] = set()
    if naam:
        paren.add((soort.NAAM, sleutel(soort.NAAM, naam)))
        if persoon.geboortedatum:
            datum = normalisatie.geboortedatum(persoon.geboortedatum)
            paren.add((soort.NAAM_GEBOORTEDATUM, sleutel(soort.NAAM_GEBOORTEDATUM, naam, datum)))
        if telefoon:
            paren.add((soort.NAAM_TELEFOON, sleutel(soort.NAAM_TELEFOON, naam, telefoon)))
    if telefoon:
        paren.add((soort.TELEFOON, sleutel(soort.TELEFOON, telefoon)))
    if persoon.alias and (alias := normalisatie.naam(persoon.alias)):
        # An alias may meet another person's alias or name.
        paren.add((soort.NAAM, sleutel(soort.NAAM, alias)))
    if persoon.kenteken and (kenteken := normalisatie.kenteken(persoon.kenteken)):
        paren.add((soort.KENTEKEN, sleutel(soort.KENTEKEN, kenteken)))
    if persoon.postcode and persoon.huisnummer:
        adres = (normalisatie.postcode(persoon.postcode), normalisatie.huisnummer(persoon.huisnummer))
        paren.add((soort.ADRES, sleutel(soort.ADRES, *adres)))
    return paren


def _identificatoren_bijwerken(persoon: BetrokkenPersoon) -> None:
    Identificator.objects.filter(persoon=persoon).delete()
    Identificator.objects.bulk_create(
        Identificator(persoon=persoon, signaal_id=persoon.signaal_id, soort=s, waarde_hash=h)
        for s, h in sorted(identificatoren_van(persoon))
    )


def _stapelen(signaal: Signaal, door: Gebruiker) -> Stapeling:
    """Find other signals sharing an identifier with this one and keep the pairs current.

    New pairs are recorded (with a timeline entry on both signals); suggested pairs whose
    identifiers no longer match are withdrawn. Confirmed and rejected pairs stay as the
    AF decided. A constant number of queries, whatever the number of hits.
    """
    eigen = list(Identificator.objects.filter(signaal=signaal).values_list("soort", "waarde_hash"))
    gevonden: dict[int, set[str]] = {}
    if eigen:
        voorwaarde = Q()
        for soort, waarde in eigen:
            voorwaarde |= Q(soort=soort, waarde_hash=waarde)
        for ander_id, soort in (
            Identificator.objects.filter(voorwaarde)
            .exclude(signaal=signaal)
            .values_list("signaal_id", "soort")
        ):
            gevonden.setdefault(ander_id, set()).add(soort)

    bestaand = {
        (k.signaal_b_id if k.signaal_a_id == signaal.pk else k.signaal_a_id): k
        for k in Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
    }
    nieuw: list[Koppeling] = []
    gebeurtenissen: list[Gebeurtenis] = []
    for ander_id, soorten in gevonden.items():
        sterkte = Koppeling.Sterkte.STERK if soorten & Identificator.STERK else Koppeling.Sterkte.MOGELIJK
        koppeling = bestaand.get(ander_id)
        if koppeling is None:
            a, b = sorted([signaal.pk, ander_id])
            nieuw.append(Koppeling(signaal_a_id=a, signaal_b_id=b, sterkte=sterkte, soorten=sorted(soorten)))
            tekst = f"Stapeling: {Koppeling.Sterkte(sterkte).label.lower()} met een ander signaal"
            gebeurtenissen += [
                Gebeurtenis(signaal=signaal, gebruiker=door, omschrijving=tekst),
                Gebeurtenis(signaal_id=ander_id, gebruiker=None, omschrijving=tekst),
            ]
        elif koppeling.sterkte != sterkte or set(koppeling.soorten) != soorten:
            koppeling.sterkte, koppeling.soorten = sterkte, sorted(soorten)
            koppeling._history_user = door
            koppeling.save(update_fields=["sterkte", "soorten"])
    if nieuw:
        try:
            with transaction.atomic():
                bulk_create_with_history(nieuw, Koppeling, default_user=door)
        except IntegrityError:
            # Another registration recorded one of these pairs at the same moment.
            for koppeling in nieuw:
                Koppeling.objects.get_or_create(
                    signaal_a_id=koppeling.signaal_a_id,
                    signaal_b_id=koppeling.signaal_b_id,
                    defaults={"sterkte": koppeling.sterkte, "soorten": koppeling.soorten},
                )
        for koppeling in nieuw:
            logger.info(
                "stapeling gevonden signalen=%s,%s sterkte=%s",
                koppeling.signaal_a_id,
                koppeling.signaal_b_id,
                koppeling.sterkte,
            )
    vervallen = [
        k
        for ander_id, k in bestaand.items()
        if ander_id not in gevonden and k.beoordeling == Koppeling.Beoordeling.VOORGESTELD
    ]
    for koppeling in vervallen:
        tekst = "Stapeling vervallen: de gegevens komen niet meer overeen"
        gebeurtenissen += [
            Gebeurtenis(signaal_id=koppeling.signaal_a_id, gebruiker=door, omschrijving=tekst),
            Gebeurtenis(signaal_id=koppeling.signaal_b_id, gebruiker=door, omschrijving=tekst),
        ]
        koppeling._history_user = door
        koppeling.delete()
        logger.info("stapeling vervallen signalen=%s,%s", koppeling.signaal_a_id, koppeling.signaal_b_id)
    Gebeurtenis.objects.bulk_create(gebeurtenissen)
    return stapeling_voor(signaal, door)


def stapeling_voor(signaal: Signaal, gebruiker: Gebruiker) -> Stapeling:
    """Split the signal's pairs into those the user may open and a count of the rest."""
    koppelingen = list(
        Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
        .exclude(beoordeling=Koppeling.Beoordeling.AFGEWEZEN)
        .select_related("signaal_a__gemeente", "signaal_b__gemeente")
    )
    andere = {k.signaal_b_id if k.signaal_a_id == signaal.pk else k.signaal_a_id for k in koppelingen}
    zichtbaar = set(signalen_leesbaar_voor(gebruiker).filter(pk__in=andere).values_list("pk", flat=True))
    resultaat = Stapeling()
    for koppeling in koppelingen:
        ander = koppeling.signaal_b_id if koppeling.signaal_a_id == signaal.pk else koppeling.signaal_a_id
        if ander in zichtbaar:
            koppeling.ander = (
                koppeling.signaal_b if koppeling.signaal_a_id == signaal.pk else koppeling.signaal_a
            )
            resultaat.binnen_bereik.append(koppeling)
        else:
            resultaat.elders += 1
    return resultaat


def koppeling_beoordelen(*, koppeling: Koppeling, door: Gebruiker, bevestigd: bool) -> Koppeling:
    """Confirm or reject a suggested pair; only someone who may edit both signals."""
    with transaction.atomic():
        koppeling = Koppeling.objects.select_for_update().get(pk=koppeling.pk)
        if not (mag_bewerken(door, koppeling.signaal_a) and mag_bewerken(door, koppeling.signaal_b)):
            raise Geweigerd(
                "Deze koppeling kan alleen worden beoordeeld door wie beide signalen mag inzien. "
                "Neem contact op met de ketenregisseur of zorgcoördinator."
            )
        koppeling.beoordeling = (
            Koppeling.Beoordeling.BEVESTIGD if bevestigd else Koppeling.Beoordeling.AFGEWEZEN
        )
        koppeling.beoordeeld_door = door
        koppeling.beoordeeld_op = timezone.now()
        koppeling._history_user = door
        koppeling.save()
        tekst = "bevestigd" if bevestigd else "afgewezen"
        for signaal in (koppeling.signaal_a, koppeling.signaal_b):
            _gebeurtenis(signaal, door, f"Koppeling met {_ander(koppeling, signaal).referentie} {tekst}")
    logger.info("koppeling beoordeeld koppeling=%s uitkomst=%s door=%s", koppeling.pk, tekst, door.pk)
    return koppeling


def _ander(koppeling: Koppeling, signaal: Signaal) -> Signaal:
    return koppeling.signaal_b if koppeling.signaal_a_id == signaal.pk else koppeling.signaal_a


# --- The meldroute ------------------------------------------------------------------------


def notitie_toevoegen(
    *, signaal: Signaal, door: Gebruiker, tekst: str, advies_gevraagd_aan: str = ""
) -> Notitie:
    """Enrich: a note on the timeline. A new signal moves to 'in onderzoek'."""
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf wat u hebt uitgezocht of gehoord."})
    with transaction.atomic():
        actueel = _vergrendeld(signaal, door)
        _overgang(actueel, "verrijken")
        notitie = Notitie(
            signaal=actueel, auteur=door, tekst=tekst.strip(), advies_gevraagd_aan=advies_gevraagd_aan
        )
        notitie.full_clean()
        notitie._history_user = door
        notitie.save()
        if actueel.status == Status.NIEUW:
            actueel.status = Status.IN_ONDERZOEK
            _opslaan(actueel, ["status"], door)
            _gebeurtenis(actueel, door, "Status: in onderzoek")
        else:
            _opslaan(actueel, ["versie"], door)
    return notitie


def signaal_wegen(
    *, signaal: Signaal, door: Gebruiker, aard: str, ernst: str, risico: str, onderbouwing: str, versie: int
) -> Signaal:
    """Record the weighing of nature, severity and risk."""
    fouten = {}
    if not risico:
        fouten["risico"] = "Kies het risico: laag, midden of hoog."
    if not onderbouwing.strip():
        fouten["onderbouwing"] = "Onderbouw de weging in een paar zinnen."
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        actueel = _vergrendeld(signaal, door)
        _versie_controleren(actueel, versie)
        _overgang(actueel, "wegen")
        actueel.aard, actueel.ernst, actueel.risico = aard.strip(), ernst.strip(), risico
        actueel.weging_onderbouwing = onderbouwing.strip()
        actueel.status = Status.GEWOGEN
        _opslaan(actueel, ["aard", "ernst", "risico", "weging_onderbouwing", "status"], door)
        _gebeurtenis(actueel, door, f"Gewogen: risico {actueel.get_risico_display().lower()}")
    return actueel


@dataclass
class Verwijzing:
    bestemming: str
    partnerorganisatie: str = ""
    contactpersoon: str = ""
    regio: Regio | None = None


def besluit_nemen(
    *,
    signaal: Signaal,
    door: Gebruiker,
    verwijzingen: list[Verwijzing],
    zelf_hulp: bool = False,
    monitoren_tot: date | None = None,
    afsluitreden: str = "",
    afsluittoelichting: str = "",
    versie: int,
) -> Signaal:
    """Decide: refer (care and criminal law may run side by side), monitor, or close."""
    fouten: dict[str, str] = {}
    afsluiten = bool(afsluitreden)
    if afsluiten and afsluitreden not in dict(Afsluitreden.CHOICES):
        fouten["afsluitreden"] = "Kies een reden van afsluiten uit de lijst."
    if afsluiten and (verwijzingen or monitoren_tot or zelf_hulp):
        fouten["afsluitreden"] = (
            "Afsluiten kan niet samen met doorverwijzen, zelf hulp organiseren of monitoren."
        )
    if afsluiten and not afsluittoelichting.strip():
        fouten["afsluittoelichting"] = "Licht toe waarom het signaal wordt afgesloten."
    if not (afsluiten or verwijzingen or monitoren_tot or zelf_hulp):
        fouten["__all__"] = (
            "Kies minstens één besluit: doorverwijzen, zelf hulp organiseren, monitoren of afsluiten."
        )
    if monitoren_tot is not None and monitoren_tot <= timezone.localdate():
        fouten["monitoren_tot"] = "Kies een datum in de toekomst om het signaal opnieuw te bekijken."
    for verwijzing in verwijzingen:
        if verwijzing.bestemming == Bestemming.ZORGCOORDINATOR and verwijzing.regio is None:
            fouten["regio"] = "Kies de regio van de zorgcoördinator."
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        actueel = _vergrendeld(signaal, door)
        _versie_controleren(actueel, versie)
        _overgang(actueel, "besluiten")
        for verwijzing in verwijzingen:
            if (
                verwijzing.bestemming == Bestemming.ZORGCOORDINATOR
                and not actueel.gemeente.regios.filter(pk=verwijzing.regio.pk).exists()
            ):
                raise ValidationError({"regio": "Deze regio hoort niet bij de gemeente van het signaal."})
            doorverwijzing = Doorverwijzing(
                signaal=actueel,
                bestemming=verwijzing.bestemming,
                regio=verwijzing.regio if verwijzing.bestemming == Bestemming.ZORGCOORDINATOR else None,
                partnerorganisatie=verwijzing.partnerorganisatie,
                contactpersoon=verwijzing.contactpersoon,
                door=door,
            )
            doorverwijzing.full_clean()
            doorverwijzing._history_user = door
            doorverwijzing.save()
            _gebeurtenis(actueel, door, f"Doorverwezen naar {Bestemming(verwijzing.bestemming).label}")
        if zelf_hulp:
            _gebeurtenis(actueel, door, "Besluit: zelf hulp organiseren")
        if afsluiten:
            actueel.status = Status.AFGESLOTEN
            actueel.afsluitreden, actueel.afsluittoelichting = afsluitreden, afsluittoelichting.strip()
            actueel.monitoren_tot = None
            _gebeurtenis(
                actueel, door, "Afgesloten: " + dict(Afsluitreden.CHOICES).get(afsluitreden, afsluitreden)
            )
        elif monitoren_tot is not None:
            actueel.status = Status.LOPEND
            actueel.monitoren_tot = monitoren_tot
            _gebeurtenis(actueel, door, f"Lopend signaal, opnieuw bekijken op {monitoren_tot:%d-%m-%Y}")
        else:
            actueel.status = Status.BESLOTEN
            actueel.monitoren_tot = None
        actueel.besloten_op = timezone.now()
        _opslaan(
            actueel, ["status", "afsluitreden", "afsluittoelichting", "monitoren_tot", "besloten_op"], door
        )
    return actueel


def signaal_heropenen(*, signaal: Signaal, door: Gebruiker, reden: str) -> Signaal:
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden om het signaal te heropenen."})
    with transaction.atomic():
        actueel = _vergrendeld(signaal, door)
        _overgang(actueel, "heropenen")
        actueel.status = Status.IN_ONDERZOEK
        actueel.monitoren_tot = None
        _opslaan(actueel, ["status", "monitoren_tot"], door)
        _gebeurtenis(actueel, door, f"Heropend: {reden.strip()}")
    return actueel


# --- Feedback on referrals ------------------------------------------------------------------

TERUGKOPPELING_VOLGORDE = {
    Doorverwijzing.Terugkoppeling.VERSTUURD: {Doorverwijzing.Terugkoppeling.ONTVANGEN,
                                             Doorverwijzing.Terugkoppeling.OPGEPAKT,
                                             Doorverwijzing.Terugkoppeling.AFGEWEZEN},
    Doorverwijzing.Terugkoppeling.ONTVANGEN: {Doorverwijzing.Terugkoppeling.OPGEPAKT,
                                              Doorverwijzing.Terugkoppeling.AFGEWEZEN},
    Doorverwijzing.Terugkoppeling.OPGEPAKT: {Doorverwijzing.Terugkoppeling.AFGEROND},
    Doorverwijzing.Terugkoppeling.AFGEWEZEN: set(),
    Doorverwijzing.Terugkoppeling.AFGEROND: set(),
}  # fmt: skip

DATUMVELD = {
    Doorverwijzing.Terugkoppeling.ONTVANGEN: "ontvangen_op",
    Doorverwijzing.Terugkoppeling.OPGEPAKT: "opgepakt_op",
    Doorverwijzing.Terugkoppeling.AFGEWEZEN: "afgewezen_op",
    Doorverwijzing.Terugkoppeling.AFGEROND: "afgerond_op",
}


TERUGKOPPELING_ZC_MELDING = (
    "De terugkoppeling van zorgcoördinatie komt van de zorgcoördinator zelf; u hoeft die niet in te vullen."
)


def volgende_terugkoppelingen(doorverwijzing: Doorverwijzing) -> set[str]:
    """The feedback states the AF may record for a referral (none for zorgcoördinatie,
    whose feedback is the zorgcoördinator's own answer)."""
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        return set()
    return set(TERUGKOPPELING_VOLGORDE[doorverwijzing.terugkoppeling])


def _terugkoppeling_zetten(
    doorverwijzing: Doorverwijzing, status: str, bericht: str, datum: date | None, door: Gebruiker
) -> None:
    huidig = doorverwijzing.terugkoppeling
    if status not in Doorverwijzing.Terugkoppeling.values:
        raise Geweigerd("Kies een geldige stand van de terugkoppeling.")
    if status not in TERUGKOPPELING_VOLGORDE[huidig]:
        raise Geweigerd(
            f"De terugkoppeling staat op '{doorverwijzing.get_terugkoppeling_display().lower()}' en kan niet "
            f"naar '{Doorverwijzing.Terugkoppeling(status).label.lower()}'."
        )
    doorverwijzing.terugkoppeling = status
    setattr(doorverwijzing, DATUMVELD[status], datum or timezone.localdate())
    doorverwijzing.bericht = bericht.strip()
    doorverwijzing.full_clean()
    doorverwijzing._history_user = door
    doorverwijzing.save()


def terugkoppeling_vastleggen(
    *,
    doorverwijzing: Doorverwijzing,
    door: Gebruiker,
    status: str,
    bericht: str = "",
    datum: date | None = None,
) -> Doorverwijzing:
    """The AF records what a partner reported back.

    Not for referrals to zorgcoördinatie: their feedback is the zorgcoördinator's answer.
    """
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        raise Geweigerd(TERUGKOPPELING_ZC_MELDING)
    with transaction.atomic():
        _vergrendeld(doorverwijzing.signaal, door)
        doorverwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
        _terugkoppeling_zetten(doorverwijzing, status, bericht, datum, door)
        _gebeurtenis(
            doorverwijzing.signaal,
            door,
            f"Terugkoppeling {doorverwijzing.get_bestemming_display()}: "
            f"{doorverwijzing.get_terugkoppeling_display().lower()}",
        )
    return doorverwijzing


def aanmelding_beantwoorden(
    *, doorverwijzing: Doorverwijzing, door: Gebruiker, geaccepteerd: bool, bericht: str = ""
) -> Doorverwijzing:
    """The zorgcoördinator accepts or declines a referral; the AF sees it as feedback."""
    if doorverwijzing.bestemming != Bestemming.ZORGCOORDINATOR:
        raise Geweigerd("Dit is geen aanmelding voor zorgcoördinatie.")
    if (
        not heeft_rol(door, Rol.ZORGCOORDINATOR)
        or not regios_van(door).filter(pk=doorverwijzing.regio_id).exists()
    ):
        raise Geweigerd("Alleen een zorgcoördinator van deze regio beantwoordt deze aanmelding.")
    if not geaccepteerd and not bericht.strip():
        raise ValidationError({"bericht": "Geef kort de reden van afwijzen (zonder details over de casus)."})
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
        status = (
            Doorverwijzing.Terugkoppeling.OPGEPAKT
            if geaccepteerd
            else Doorverwijzing.Terugkoppeling.AFGEWEZEN
        )
        _terugkoppeling_zetten(doorverwijzing, status, bericht, None, door)
        _gebeurtenis(
            doorverwijzing.signaal,
            door,
            "Zorgcoördinatie: aanmelding " + ("geaccepteerd" if geaccepteerd else "afgewezen"),
        )
    return doorverwijzing


def zorgtraject_afgerond(*, doorverwijzing: Doorverwijzing, door: Gebruiker) -> Doorverwijzing:
    """Zorgcoördinatie reports that the trajectory of an accepted referral has ended."""
    if doorverwijzing.bestemming != Bestemming.ZORGCOORDINATOR:
        raise Geweigerd("Dit is geen aanmelding voor zorgcoördinatie.")
    if (
        not heeft_rol(door, Rol.ZORGCOORDINATOR)
        or not regios_van(door).filter(pk=doorverwijzing.regio_id).exists()
    ):
        raise Geweigerd("Alleen een zorgcoördinator van deze regio rondt deze aanmelding af.")
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
        if doorverwijzing.terugkoppeling != Doorverwijzing.Terugkoppeling.OPGEPAKT:
            return doorverwijzing
        _terugkoppeling_zetten(
            doorverwijzing, Doorverwijzing.Terugkoppeling.AFGEROND, "Zorgtraject afgerond", None, door
        )
        _gebeurtenis(doorverwijzing.signaal, door, "Zorgcoördinatie: traject afgerond")
    return doorverwijzing


# --- Decisions of chain meetings ------------------------------------------------------------

WEIGERING_OVERLEGBESLUIT = (
    "Alleen de ketenregisseur van de regio of een aandachtsfunctionaris van de gemeente legt "
    "een besluit over dit signaal vast."
)


def mag_overlegbesluit_vastleggen(gebruiker: Gebruiker, signaal: Signaal) -> bool:
    """The KR of a regio holding the signal's gemeente (casework or not), or its AF."""
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return signalen_in_regio_voor_kr(gebruiker).filter(pk=signaal.pk).exists()
    return mag_bewerken(gebruiker, signaal)


def overlegbesluit_vastleggen(
    *, signaal: Signaal, door: Gebruiker, overleg: str, datum: date, besluit: str
) -> Overlegbesluit:
    """Write a decision taken at a regietafel or drieluik onto the signal's timeline.

    The ketenregisseur chairs the table and may record it without reading the signal:
    the decision is theirs, the signal's content stays out of reach.
    """
    if not mag_overlegbesluit_vastleggen(door, signaal):
        raise Geweigerd(WEIGERING_OVERLEGBESLUIT)
    if signaal.status == Status.AFGESLOTEN:
        raise Geweigerd(
            "Bij een afgesloten signaal kan geen besluit worden vastgelegd. Laat het eerst heropenen."
        )
    fouten = {}
    if not besluit.strip():
        fouten["besluit"] = "Schrijf op wat het overleg over dit signaal heeft besloten."
    if datum is None:
        fouten["datum"] = "Vul de datum van het overleg in."
    elif datum > timezone.localdate():
        fouten["datum"] = "Een besluit kan niet in de toekomst zijn genomen."
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        vastgelegd = Overlegbesluit(
            signaal=signaal, overleg=overleg[:100], datum=datum, besluit=besluit.strip(), vastgelegd_door=door
        )
        vastgelegd.full_clean()
        vastgelegd._history_user = door  # type: ignore[attr-defined]
        vastgelegd.save()
        _gebeurtenis(signaal, door, f"Besluit {overleg[:100]}: {besluit.strip()}")
    logger.info("overlegbesluit signaal=%s door=%s", signaal.pk, door.pk)
    return vastgelegd
