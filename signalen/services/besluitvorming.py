"""The meldroute's steps: enrich (a note), weigh, decide (refer, monitor, close) and reopen.

Which step the signal's status allows is ``signalen.meldroute``'s table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.models import Gebruiker, Regio
from signalen.meldroute import overgang
from signalen.models import Bestemming, Doorverwijzing, Gebeurtenis, Notitie, Signaal, Status
from signalen.services.basis import gebeurtenis, namens, opslaan, vergrendeld, versie_controleren

OVERGANG = Gebeurtenis.Soort.OVERGANG


class Afsluitreden:
    GEEN_MENSENHANDEL = "geen_mensenhandel"
    TE_WEINIG = "te_weinig"
    CHOICES = [(GEEN_MENSENHANDEL, "Geen mensenhandel"), (TE_WEINIG, "Te weinig aanknopingspunten")]


def notitie_toevoegen(
    *, signaal: Signaal, door: Gebruiker, tekst: str, advies_gevraagd_aan: str = ""
) -> Notitie:
    """Enrich: a note on the timeline. A new signal moves to 'in onderzoek'."""
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf wat u hebt uitgezocht of gehoord."})
    with transaction.atomic():
        actueel = vergrendeld(signaal, door)
        overgang(actueel, "verrijken")
        notitie = Notitie(
            signaal=actueel, auteur=door, tekst=tekst.strip(), advies_gevraagd_aan=advies_gevraagd_aan
        )
        notitie.full_clean()
        namens(notitie, door)
        notitie.save()
        if actueel.status == Status.NIEUW:
            actueel.status = Status.IN_ONDERZOEK
            opslaan(actueel, ["status"], door)
            gebeurtenis(actueel, door, "Status: in onderzoek", soort=OVERGANG)
        else:
            opslaan(actueel, ["versie"], door)
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
        actueel = vergrendeld(signaal, door)
        versie_controleren(actueel, versie)
        overgang(actueel, "wegen")
        actueel.aard, actueel.ernst, actueel.risico = aard.strip(), ernst.strip(), risico
        actueel.weging_onderbouwing = onderbouwing.strip()
        actueel.status = Status.GEWOGEN
        opslaan(actueel, ["aard", "ernst", "risico", "weging_onderbouwing", "status"], door)
        gebeurtenis(actueel, door, f"Gewogen: risico {actueel.get_risico_display().lower()}", soort=OVERGANG)
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
        actueel = vergrendeld(signaal, door)
        versie_controleren(actueel, versie)
        overgang(actueel, "besluiten")
        for verwijzing in verwijzingen:
            if (
                verwijzing.bestemming == Bestemming.ZORGCOORDINATOR
                and verwijzing.regio is not None  # checked above
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
            namens(doorverwijzing, door)
            doorverwijzing.save()
            gebeurtenis(
                actueel,
                door,
                f"Doorverwezen naar {Bestemming(verwijzing.bestemming).label}",
                soort=Gebeurtenis.Soort.DOORVERWIJZING,
            )
        if zelf_hulp:
            gebeurtenis(actueel, door, "Besluit: zelf hulp organiseren", soort=OVERGANG)
        if afsluiten:
            actueel.status = Status.AFGESLOTEN
            actueel.afsluitreden, actueel.afsluittoelichting = afsluitreden, afsluittoelichting.strip()
            actueel.monitoren_tot = None
            gebeurtenis(
                actueel,
                door,
                "Afgesloten: " + dict(Afsluitreden.CHOICES).get(afsluitreden, afsluitreden),
                soort=OVERGANG,
            )
        elif monitoren_tot is not None:
            actueel.status = Status.LOPEND
            actueel.monitoren_tot = monitoren_tot
            gebeurtenis(
                actueel, door, f"Lopend signaal, opnieuw bekijken op {monitoren_tot:%d-%m-%Y}", soort=OVERGANG
            )
        else:
            actueel.status = Status.BESLOTEN
            actueel.monitoren_tot = None
        actueel.besloten_op = timezone.now()
        opslaan(
            actueel, ["status", "afsluitreden", "afsluittoelichting", "monitoren_tot", "besloten_op"], door
        )
    return actueel


def signaal_heropenen(*, signaal: Signaal, door: Gebruiker, reden: str) -> Signaal:
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden om het signaal te heropenen."})
    with transaction.atomic():
        actueel = vergrendeld(signaal, door)
        overgang(actueel, "heropenen")
        actueel.status = Status.IN_ONDERZOEK
        actueel.monitoren_tot = None
        opslaan(actueel, ["status", "monitoren_tot"], door)
        gebeurtenis(actueel, door, f"Heropend: {reden.strip()}", soort=OVERGANG)
    return actueel
