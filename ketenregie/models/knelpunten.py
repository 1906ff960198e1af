"""The knelpunten register and the half-year's bijzonderheden."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Regio


class Knelpuntthema(models.TextChoices):
    CAPACITEIT = "capaciteit", "Capaciteit"
    INFORMATIEDELING = "informatiedeling", "Informatiedeling en de AVG"
    OPVANG = "opvang", "Opvang"
    SAMENWERKING = "samenwerking", "Samenwerking met een partner"
    FINANCIERING = "financiering", "Financiering"
    DESKUNDIGHEID = "deskundigheid", "Deskundigheid en training"
    OVERIG = "overig", "Overig"


class Knelpuntstatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    OPGELOST = "opgelost", "Opgelost"
    GEACCEPTEERD = "geaccepteerd", "Niet op te lossen (geaccepteerd)"

    @classmethod
    def lopend(cls) -> set[str]:
        return {cls.OPEN, cls.IN_BEHANDELING}


class Knelpunt(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="knelpunten"
    )
    thema = models.CharField("thema", max_length=20, choices=Knelpuntthema.choices)
    titel = models.CharField("titel", max_length=200)
    omschrijving = models.TextField(
        "omschrijving",
        help_text="Zonder namen of andere gegevens over cliënten: dit gaat naar de rapportage.",
    )
    ingebracht_door = models.CharField("ingebracht door", max_length=200, help_text="Persoon of organisatie.")
    datum = models.DateField("datum ingebracht")
    status = models.CharField(
        "status", max_length=20, choices=Knelpuntstatus.choices, default=Knelpuntstatus.OPEN
    )
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "knelpunt"
        verbose_name_plural = "knelpunten"
        ordering = ["-datum", "-id"]

    def __str__(self) -> str:
        return self.titel


class Bijzonderheden(models.Model):
    """The ketenregisseur's "bijzonderheden" text for one half-year, for the rapportage."""

    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="bijzonderheden"
    )
    jaar = models.PositiveSmallIntegerField("jaar")
    helft = models.PositiveSmallIntegerField(
        "halfjaar", choices=[(1, "Eerste halfjaar"), (2, "Tweede halfjaar")]
    )
    tekst = models.TextField(
        "bijzonderheden",
        help_text="Zonder namen of andere gegevens over cliënten: dit gaat naar de rapportage.",
    )
    bijgewerkt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bijgewerkt_op = models.DateTimeField("bijgewerkt op", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bijzonderheden"
        verbose_name_plural = "bijzonderheden"
        ordering = ["regio__naam", "-jaar", "-helft"]
        constraints = [
            models.UniqueConstraint(
                fields=["regio", "jaar", "helft"], name="ketenregie_bijzonderheden_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regio} {self.jaar}-{self.helft}"
