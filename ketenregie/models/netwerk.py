"""The AF network: the aandachtsfunctionarissen of the gemeenten and the coordinating AF per regio."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente, Regio


class Afdeling(models.TextChoices):
    OOV = "oov", "Openbare orde en veiligheid (OOV)"
    SOCIAAL_DOMEIN = "sociaal_domein", "Sociaal domein"
    ANDERS = "anders", "Andere afdeling"


class Aandachtsfunctionaris(models.Model):
    """An aandachtsfunctionaris of a gemeente, as the network knows them.

    Not every AF has an account here (some only join the AF meeting), so this is its own
    record; ``gebruiker`` links the account when there is one.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name="gemeente",
        on_delete=models.PROTECT,
        related_name="aandachtsfunctionarissen",
    )
    naam = models.CharField("naam", max_length=150)
    afdeling = models.CharField("afdeling", max_length=20, choices=Afdeling.choices)
    functie = models.CharField("functie", max_length=150, blank=True)
    email = models.CharField("e-mailadres", max_length=254, blank=True)
    telefoon = models.CharField("telefoonnummer", max_length=30, blank=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="account in deze applicatie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    eerste_training = models.DateField("datum basistraining", null=True, blank=True)
    laatste_opfristraining = models.DateField("laatste opfristraining", null=True, blank=True)
    actief = models.BooleanField("actief", default=True, help_text="Uit: niet meer in functie.")
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "aandachtsfunctionaris"
        verbose_name_plural = "aandachtsfunctionarissen"
        ordering = ["gemeente__naam", "naam"]
        constraints = [
            models.UniqueConstraint("gemeente", Lower("naam"), name="ketenregie_af_naam_per_gemeente_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.gemeente})"


class Coordinatie(models.Model):
    """The coordinating AF of a district (regio) for a period; the role rotates."""

    regio = models.ForeignKey(
        Regio, verbose_name="district", on_delete=models.PROTECT, related_name="af_coordinaties"
    )
    aandachtsfunctionaris = models.ForeignKey(
        Aandachtsfunctionaris,
        verbose_name="coördinerend aandachtsfunctionaris",
        on_delete=models.PROTECT,
        related_name="coordinaties",
    )
    vanaf = models.DateField("vanaf")
    tot_en_met = models.DateField("tot en met", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "coördinerend aandachtsfunctionaris"
        verbose_name_plural = "coördinerend aandachtsfunctionarissen"
        ordering = ["regio__naam", "-vanaf"]
        constraints = [
            models.UniqueConstraint(
                fields=["regio", "vanaf"], name="ketenregie_coordinatie_regio_vanaf_uniek"
            ),
            models.CheckConstraint(
                condition=models.Q(tot_en_met__isnull=True) | models.Q(tot_en_met__gte=models.F("vanaf")),
                name="ketenregie_coordinatie_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aandachtsfunctionaris.naam}, {self.regio}"
