"""Action points of a meeting or of a knelpunt."""

from __future__ import annotations

import uuid

from django.db import models
from simple_history.models import HistoricalRecords

from ketenregie.models.overleggen import Overleg


class Actiestatus(models.TextChoices):
    OPEN = "open", "Open"
    AFGEROND = "afgerond", "Afgerond"
    VERVALLEN = "vervallen", "Vervallen"


class Actiepunt(models.Model):
    """An action point of a meeting or of a knelpunt: who does what by when, and the outcome."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    overleg = models.ForeignKey(
        Overleg, on_delete=models.CASCADE, null=True, blank=True, related_name="actiepunten"
    )
    knelpunt = models.ForeignKey(
        "Knelpunt", on_delete=models.CASCADE, null=True, blank=True, related_name="actiepunten"
    )
    omschrijving = models.CharField("actie", max_length=300)
    eigenaar = models.CharField("eigenaar", max_length=200, help_text="Wie het doet: persoon of organisatie.")
    deadline = models.DateField("uiterlijk op")
    status = models.CharField("status", max_length=10, choices=Actiestatus.choices, default=Actiestatus.OPEN)
    uitkomst = models.CharField("wat ervan is gekomen", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "actiepunt"
        verbose_name_plural = "actiepunten"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(overleg__isnull=False) & models.Q(knelpunt__isnull=True))
                | (models.Q(overleg__isnull=True) & models.Q(knelpunt__isnull=False)),
                name="ketenregie_actiepunt_bij_een_ding",
            ),
        ]

    def __str__(self) -> str:
        return self.omschrijving
