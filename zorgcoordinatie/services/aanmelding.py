"""Aanmeldingen: entering one, and answering one (direct, or a referral from a signal).

Accepting opens the client's trajectory; answers to a referral go back through
``signalen.services`` (the lower app learns through a call).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.acties import Geweigerd, eenmalig
from mensenhandel.models import Gebruiker, Regio
from signalen import services as signalen_services
from signalen.models import Bestemming, Doorverwijzing
from zorgcoordinatie.models import Aanmelding, Client, Traject
from zorgcoordinatie.selectors import clienten_leesbaar_voor
from zorgcoordinatie.services.basis import _achtervang_controleren, _opslaan, _zc_van_regio
from zorgcoordinatie.services.client import _client_maken
from zorgcoordinatie.services.gegevens import VORMVELDEN, ClientGegevens

logger = logging.getLogger(__name__)


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

    def maken() -> Aanmelding:
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
        _opslaan(aanmelding, door, uniek=False)  # the unique token decides a race
        return aanmelding

    return eenmalig(Aanmelding.objects.filter(ingevoerd_door=door), formuliertoken, maken)


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


def aanmelding_accepteren(
    *,
    door: Gebruiker,
    aanmelding: Aanmelding | None = None,
    doorverwijzing: Doorverwijzing | None = None,
    client: Client | None = None,
    client_gegevens: ClientGegevens | None = None,
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
            regio = _zc_van_regio(door, doorverwijzing.regio)
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
        elif aanmelding is not None:
            aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
            regio = _zc_van_regio(door, aanmelding.regio)
            if aanmelding.status != Aanmelding.Status.OPEN:
                raise Geweigerd("Deze aanmelding is al beantwoord.")
            vormen = {"vorm_onbekend": True}
        else:  # exactly one of the two, checked above
            raise AssertionError("unreachable")
        if client is None:
            client = _client_maken(client_gegevens or ClientGegevens(), door)
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
        elif aanmelding is not None:
            aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
            _zc_van_regio(door, aanmelding.regio)
            if aanmelding.status != Aanmelding.Status.OPEN:
                raise Geweigerd("Deze aanmelding is al beantwoord.")
        else:  # exactly one of the two, checked above
            raise AssertionError("unreachable")
        aanmelding.status = Aanmelding.Status.AFGEWEZEN
        aanmelding.reden_afwijzing = reden.strip()
        aanmelding.beantwoord_door, aanmelding.beantwoord_op = door, timezone.now()
        _opslaan(aanmelding, door)
        if doorverwijzing is not None:
            signalen_services.aanmelding_beantwoorden(
                doorverwijzing=doorverwijzing, door=door, geaccepteerd=False, bericht=reden
            )
    return aanmelding
