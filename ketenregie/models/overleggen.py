"""Meetings: the AF meeting, the regietafel or drieluik with its agenda of signals, and the
bestuurlijk overleg."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ketenregie.models.wegenkaart import Partner
from mensenhandel.models import Regio


class Overlegsoort(models.TextChoices):
    AF_OVERLEG = "af_overleg", "Overleg aandachtsfunctionarissen"
    REGIETAFEL = "regietafel", "Regietafel"
    DRIELUIK = "drieluik", "Drieluik"
    BESTUURLIJK = "bestuurlijk", "Bestuurlijk overleg Zorg en Veiligheid"

    @classmethod
    def met_signalen(cls) -> set[str]:
        """Tables where signals are discussed case by case."""
        return {cls.REGIETAFEL, cls.DRIELUIK}


class Overleg(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="overleggen"
    )
    soort = models.CharField("soort overleg", max_length=20, choices=Overlegsoort.choices)
    datum = models.DateField("datum")
    organisaties = models.ManyToManyField(
        Partner, verbose_name="deelnemende organisaties", blank=True, related_name="overleggen"
    )
    overige_deelnemers = models.CharField(
        "overige deelnemers",
        max_length=500,
        blank=True,
        help_text="Organisaties die niet op de wegenkaart staan.",
    )
    agenda = models.TextField("agenda", blank=True)
    besluiten = models.TextField(
        "besluiten",
        blank=True,
        help_text="Algemene besluiten; besluiten over een signaal staan bij dat signaal.",
    )
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[organisaties])

    class Meta:
        verbose_name = "overleg"
        verbose_name_plural = "overleggen"
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["regio", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


class Agendasignaal(models.Model):
    """A signal on the agenda of a regietafel or drieluik, and the decision taken on it.

    The decision itself is written onto the signal by ``signalen.services``
    (``besluit``); this row only says it was taken at this table.
    """

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="agendasignalen")
    signaal = models.ForeignKey("signalen.Signaal", on_delete=models.CASCADE, related_name="+")
    besluit = models.OneToOneField(
        "signalen.Overlegbesluit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    toegevoegd_op = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "signaal op de agenda"
        verbose_name_plural = "signalen op de agenda"
        ordering = ["overleg", "id"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "signaal"], name="ketenregie_agendasignaal_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.signaal_id} op {self.overleg}"
