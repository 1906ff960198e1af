"""Demo trajectory: the zorgcoördinator accepts the demo referral from Huizen.

Fictitious client; idempotent (a referral that has been answered is left alone).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mensenhandel.models import Gebruiker, Gemeente
from signalen.models import Bestemming, Doorverwijzing
from zorgcoordinatie import services
from zorgcoordinatie.models import Traject


def demo_laden() -> None:
    doorverwijzing = (
        Doorverwijzing.objects.filter(
            bestemming=Bestemming.ZORGCOORDINATOR,
            aanmelding__isnull=True,
            signaal__gemeente__cbs_code="GM0406",
        )
        .order_by("id")
        .first()
    )
    if doorverwijzing is None:
        return
    zc = Gebruiker.objects.get(email="zc1.gooi@demo.example")
    achtervang = Gebruiker.objects.get(email="zc2.gooi@demo.example")
    traject = services.aanmelding_accepteren(
        door=zc,
        doorverwijzing=doorverwijzing,
        client_gegevens={
            "naam": "Piotr Kowalczyk",
            "geslacht": "man",
            "nationaliteiten": "Pools",
            "taal": "Pools",
            "tolk_nodig": True,
            "verblijfsstatus": "eu",
            "verantwoordelijke_gemeente": Gemeente.objects.get(cbs_code="GM0406"),
            "mag_bellen": True,
            "veilige_tijden": "Na 18.00 uur",
            "nooit_via": "De uitzender of collega's",
        },
        achtervang=achtervang,
    )
    vandaag = timezone.localdate()
    traject = services.fase_wijzigen(
        traject=traject, door=zc, fase="hulpverlening", actie="starten", datum=vandaag, versie=traject.versie
    )
    traject = services.traject_bijwerken(
        traject=traject,
        door=zc,
        gegevens={
            "opvang": Traject.Opvang.COSM,
            "opvang_start": vandaag,
            "verblijf": Traject.Verblijf.BEDENKTIJD,
            "bedenktijd_start": vandaag - timedelta(days=80),
            "strafrecht": Traject.Strafrecht.OVERWEEGT,
            "volgende_evaluatie": vandaag + timedelta(days=14),
        },
        versie=traject.versie,
    )
    services.zorgactie_toevoegen(
        traject=traject,
        door=zc,
        gegevens={
            "domein": "opvang",
            "zorgaanbieder": "COSM-locatie",
            "soort": "Categorale opvang",
            "status": "lopend",
        },
    )
