"""Retention terms and holds, the privacy officer's thresholds, and inzageverzoeken."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.bewaartermijnen import STANDAARD, Termijnsoort, maanden_tekst
from mensenhandel.models.gebruikers import Gebruiker
from mensenhandel.models.plaatsen import Regio


class Bewaartermijn(models.Model):
    """A regio's own retention term for one kind of record, within the kind's bounds.

    Without one the default applies (``mensenhandel.bewaartermijnen.STANDAARD``). Set by the
    functioneel beheerder; every change is in the history.
    """

    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.CASCADE, related_name="bewaartermijnen"
    )
    soort = models.CharField("soort gegevens", max_length=40, choices=Termijnsoort.choices)
    maanden = models.PositiveSmallIntegerField("bewaartermijn in maanden")
    toelichting = models.CharField("grond voor deze termijn", max_length=300)
    gewijzigd_door = models.ForeignKey(
        Gebruiker, verbose_name="gewijzigd door", on_delete=models.PROTECT, related_name="+"
    )
    gewijzigd_op = models.DateTimeField("gewijzigd op", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bewaartermijn"
        verbose_name_plural = "bewaartermijnen"
        ordering = ["regio__naam", "soort"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "soort"], name="een_bewaartermijn_per_regio_en_soort")
        ]

    def __str__(self) -> str:
        return f"{self.regio}: {self.get_soort_display()} {maanden_tekst(self.maanden)}"

    def clean(self) -> None:
        super().clean()
        standaard = STANDAARD.get(Termijnsoort(self.soort)) if self.soort in Termijnsoort.values else None
        if (
            standaard is not None
            and self.maanden is not None
            and not standaard.minimaal <= self.maanden <= standaard.maximaal
        ):
            laag, hoog = maanden_tekst(standaard.minimaal), maanden_tekst(standaard.maximaal)
            raise ValidationError(
                {
                    "maanden": (
                        f"Kies voor deze soort een termijn van {laag} tot en met {hoog} "
                        f"({standaard.minimaal} tot en met {standaard.maximaal} maanden)."
                    )
                }
            )


class Bewaarblokkade(models.Model):
    """A hold: a record stays past its retention term until ``tot`` (a running criminal case, say).

    The aandachtsfunctionaris or zorgcoördinator of the record asks for it; the functioneel
    beheerder places it (or places one directly). Only a hold that is ``actief`` and not past
    ``tot`` stops the removal.
    """

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        ACTIEF = "actief", "Actief"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        OPGEHEVEN = "opgeheven", "Opgeheven"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The record held: its model ("signalen.signaal") and uuid, and its reference as shown.
    object_type = models.CharField("soort gegeven", max_length=100)
    object_uuid = models.UUIDField("gegeven")
    referentie = models.CharField("referentie", max_length=40)
    reden = models.TextField("reden")
    tot = models.DateField("tot en met")
    status = models.CharField("status", max_length=20, choices=Status.choices)
    aangevraagd_door = models.ForeignKey(Gebruiker, on_delete=models.PROTECT, related_name="+")
    aangevraagd_op = models.DateTimeField(default=timezone.now)
    beoordeeld_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bewaarblokkade"
        verbose_name_plural = "bewaarblokkades"
        ordering = ["-aangevraagd_op", "-id"]
        indexes = [models.Index(fields=["object_type", "object_uuid"])]

    def __str__(self) -> str:
        return f"blokkade {self.referentie} tot {self.tot:%d-%m-%Y} ({self.get_status_display()})"


class Afwijkingsdrempels(models.Model):
    """The privacy officer's thresholds for the report of unusual access (one row)."""

    factor = models.DecimalField(
        "meer dan zoveel keer de mediaan van collega's met dezelfde rol",
        max_digits=4,
        decimal_places=1,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    minimum_per_dag = models.PositiveSmallIntegerField(
        "en minstens zoveel inzagen op een dag",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    kantoor_van = models.TimeField("kantoortijd vanaf", default=datetime.time(7, 0))
    kantoor_tot = models.TimeField("kantoortijd tot", default=datetime.time(19, 0))
    dagen = models.PositiveSmallIntegerField(
        "over de laatste zoveel dagen", default=30, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    gewijzigd_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "drempels voor afwijkende toegang"
        verbose_name_plural = "drempels voor afwijkende toegang"

    def __str__(self) -> str:
        return f"drempels: {self.factor}× mediaan, min. {self.minimum_per_dag}/dag"

    def clean(self) -> None:
        super().clean()
        if (
            self.kantoor_van is not None
            and self.kantoor_tot is not None
            and self.kantoor_van >= self.kantoor_tot
        ):
            raise ValidationError({"kantoor_tot": "Het einde van de kantoortijd moet na het begin liggen."})

    @classmethod
    def huidige(cls) -> Afwijkingsdrempels:
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Inzageverzoek(models.Model):
    """A person's request for their data (art. 15 AVG), as the privacy officer handled it.

    Holds no name or date of birth: the request's own reference (the gemeente's case number,
    say), when it came in, who searched, and references to what was found, so that the
    documents can be made again and the handling can be shown (art. 5(2), 12 AVG).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kenmerk = models.CharField("kenmerk van het verzoek", max_length=60)
    ontvangen_op = models.DateField("verzoek ontvangen op")
    door = models.ForeignKey(Gebruiker, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField("gezocht op", default=timezone.now)
    # What was found: [{"bron": "<app label>", "uuid": "<record uuid>", "zeker": bool}, …]
    treffers = models.JSONField("gevonden gegevens", default=list)

    class Meta:
        verbose_name = "inzageverzoek"
        verbose_name_plural = "inzageverzoeken"
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"inzageverzoek {self.kenmerk} ({self.tijdstip:%d-%m-%Y})"
