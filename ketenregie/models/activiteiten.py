"""Activities: trainings, voorlichtingen, campaigns and meetings of AFs and the ketenregisseur."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente, Regio


class Activiteitsoort(models.TextChoices):
    TRAINING = "training", "Training"
    VOORLICHTING = "voorlichting", "Voorlichting"
    CAMPAGNE = "campagne", "Bewustwordingscampagne"
    BIJEENKOMST = "bijeenkomst", "Bijeenkomst"


class Doelgroep(models.TextChoices):
    MEDEWERKERS_OOV = "medewerkers_oov", "Gemeentelijke medewerkers: OOV"
    MEDEWERKERS_SOCIAAL = "medewerkers_sociaal", "Gemeentelijke medewerkers: sociaal domein"
    MEDEWERKERS_OVERIG = "medewerkers_overig", "Gemeentelijke medewerkers: andere afdelingen"
    JONGEREN = "jongeren", "Jongeren"
    LVB = "lvb", "Mensen met een licht verstandelijke beperking"
    ARBEIDSMIGRANTEN = "arbeidsmigranten", "Arbeidsmigranten"
    VLUCHTELINGEN = "vluchtelingen", "Vluchtelingen"
    SEKSWERKERS = "sekswerkers", "Sekswerkers"
    PROFESSIONALS = "professionals", "Professionals van ketenpartners"
    BESTUURDERS = "bestuurders", "Bestuurders"
    PUBLIEK = "publiek", "Algemeen publiek"


class Activiteit(models.Model):
    """A training, voorlichting, campaign or meeting held in the region.

    An AF records one for their own gemeente(n); the ketenregisseur one for the region
    (``gemeenten`` empty means: the whole region).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="activiteiten"
    )
    soort = models.CharField("soort", max_length=20, choices=Activiteitsoort.choices)
    titel = models.CharField("titel", max_length=200)
    datum = models.DateField("datum")
    gemeenten = models.ManyToManyField(
        Gemeente,
        verbose_name="gemeenten",
        blank=True,
        related_name="activiteiten",
        help_text="Leeg: de hele regio.",
    )
    doelgroepen = models.JSONField("doelgroepen", default=list)
    deelnemers = models.PositiveIntegerField("aantal deelnemers", null=True, blank=True)
    organisator = models.CharField("organisator", max_length=200)
    omschrijving = models.TextField("omschrijving", blank=True)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[gemeenten])

    class Meta:
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["regio", "datum"])]

    def __str__(self) -> str:
        return f"{self.titel} ({self.datum:%d-%m-%Y})"

    @property
    def doelgroepen_labels(self) -> list[str]:
        labels = dict(Doelgroep.choices)
        return [labels.get(d, d) for d in self.doelgroepen]
