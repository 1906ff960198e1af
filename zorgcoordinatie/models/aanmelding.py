"""An aanmelding: a request for zorgcoördinatie, entered directly or answering a referral."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Regio


class Aanmelding(models.Model):
    """A request for zorgcoördinatie entered directly by the zorgcoördinator.

    Referrals from signals stay ``signalen.Doorverwijzing`` rows until answered; then an
    Aanmelding records the answer and links the referral.
    """

    class Bron(models.TextChoices):
        SIGNAAL = "signaal", "Signaal van een aandachtsfunctionaris"
        POLITIE = "politie", "Politie"
        VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
        ZORGAANBIEDER = "zorgaanbieder", "Zorgaanbieder"
        ASIELKETEN = "asielketen", "Asielketen (COA, IND, Nidos)"
        ZELFMELDER = "zelfmelder", "De persoon zelf"
        OVERIG = "overig", "Overig"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    datum = models.DateField("datum van aanmelding", default=timezone.localdate)
    bron = models.CharField("bron", max_length=20, choices=Bron.choices)
    bronorganisatie = models.CharField("organisatie die aanmeldt", max_length=200, blank=True)
    doorverwijzing = models.OneToOneField(
        "signalen.Doorverwijzing",
        verbose_name="doorverwijzing vanuit signaal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmelding",
    )
    omschrijving = models.TextField("korte omschrijving", blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)
    reden_afwijzing = models.CharField("reden van afwijzen", max_length=300, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    traject = models.ForeignKey(
        "Traject", on_delete=models.PROTECT, null=True, blank=True, related_name="aanmeldingen"
    )
    ingevoerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # Set when the retention term removed its personal data (``zorgcoordinatie.bewaren``).
    vernietigd_op = models.DateTimeField(
        "persoonsgegevens vernietigd op", null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        ordering = ["-datum", "-id"]
        # The inbox: the oldest open aanmeldingen of a regio, whatever the number answered.
        indexes = [
            models.Index(
                fields=["regio", "datum", "id"], condition=Q(status="open"), name="aanmelding_open_inbox"
            )
        ]

    def __str__(self) -> str:
        return f"Aanmelding {self.datum:%d-%m-%Y} ({self.get_bron_display()})"
