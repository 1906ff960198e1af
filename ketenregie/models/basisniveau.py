"""The basisniveau monitor: the VNG basisniveau's checks per gemeente."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente


class Basisniveaupunt(models.TextChoices):
    """The VNG basisniveau for the municipal approach to human trafficking."""

    ACTIEF_SIGNALEREN = "actief_signaleren", "De gemeente signaleert actief"
    AF_AANGESTELD = "af_aangesteld", "Er is een aandachtsfunctionaris aangesteld"
    BESTUURLIJKE_INSTRUMENTEN = (
        "bestuurlijke_instrumenten",
        "Bekend met de bestuurlijke instrumenten",
    )
    ORGANISATIES_BEKEND = (
        "organisaties_bekend",
        "Bekend met de organisaties waar slachtoffers terechtkunnen",
    )
    BELEID_VASTGESTELD = "beleid_vastgesteld", "Beleid tegen mensenhandel vastgesteld"
    PROSTITUTIEBELEID = (
        "prostitutiebeleid",
        "Prostitutiebeleid met informatie en hulp voor sekswerkers",
    )
    MELDROUTE_GECOMMUNICEERD = "meldroute_gecommuniceerd", "Interne meldroute gecommuniceerd"
    JAARLIJKSE_TRAINING = "jaarlijkse_training", "Jaarlijks training gegeven"


class BasisniveauStatus(models.TextChoices):
    VOLDAAN = "voldaan", "Voldaan"
    DEELS = "deels", "Deels voldaan"
    NIET = "niet", "Niet voldaan"
    ONBEKEND = "onbekend", "Onbekend"


class Basisniveau(models.Model):
    """One check of the basisniveau for one gemeente: status, date and evidence."""

    gemeente = models.ForeignKey(
        Gemeente, verbose_name="gemeente", on_delete=models.PROTECT, related_name="basisniveau"
    )
    punt = models.CharField("onderdeel", max_length=40, choices=Basisniveaupunt.choices)
    status = models.CharField(
        "status", max_length=10, choices=BasisniveauStatus.choices, default=BasisniveauStatus.ONBEKEND
    )
    datum = models.DateField(
        "datum", null=True, blank=True, help_text="Bijvoorbeeld de datum van vaststelling of van de training."
    )
    onderbouwing = models.CharField(
        "onderbouwing",
        max_length=500,
        blank=True,
        help_text="Kort: waaruit blijkt het, zoals een raadsbesluit of intranetpagina.",
    )
    bijgewerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bijgewerkt_op = models.DateTimeField("bijgewerkt op", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "basisniveau-onderdeel"
        verbose_name_plural = "basisniveau"
        ordering = ["gemeente__naam", "punt"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "punt"], name="ketenregie_basisniveau_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente}: {self.get_punt_display()} ({self.get_status_display()})"
