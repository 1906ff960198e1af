"""The care within a trajectory: the intake per life domain, care actions, meetings and agreements."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zorgcoordinatie.models.traject import Traject


class JaNeeOnbekend(models.TextChoices):
    JA = "ja", "Ja"
    NEE = "nee", "Nee"
    ONBEKEND = "onbekend", "Onbekend"


class Levensdomein(models.TextChoices):
    OPVANG = "opvang", "Opvang en huisvesting"
    FINANCIEN = "financien", "Financiën en uitkering"
    ZORGVERZEKERING = "zorgverzekering", "Zorgverzekering"
    MEDISCH = "medisch", "Medische zorg"
    PSYCHISCH = "psychisch", "Psychische zorg en traumabehandeling"
    RECHTSHULP = "rechtshulp", "Rechtshulp"
    VERBLIJFSRECHT = "verblijfsrecht", "Verblijfsrecht"
    STRAFRECHT = "strafrecht", "Strafrecht"
    DOCUMENTEN = "documenten", "Identiteitsdocumenten"
    BRP_DIGID = "brp_digid", "BRP en DigiD"
    DAGBESTEDING = "dagbesteding", "Dagbesteding, werk of school"
    NETWERK = "netwerk", "Sociaal netwerk"
    VEILIGHEID = "veiligheid", "Veiligheid"
    TAAL = "taal", "Taal"


class IntakeBehoefte(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="behoeften")
    domein = models.CharField("levensdomein", max_length=20, choices=Levensdomein.choices)
    behoefte = models.CharField("hulpvraag", max_length=10, choices=JaNeeOnbekend.choices, default="onbekend")
    toelichting = models.CharField("toelichting", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["traject", "domein"], name="zc_behoefte_per_domein")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_domein_display()}: {self.get_behoefte_display()}"


# The care action's states that still run (``Zorgactie.Status`` values): one definition for the
# caseload, the closing page and the partial index that serves them.
OPEN_ZORGACTIE = ("aangevraagd", "wachtlijst", "lopend")


class Zorgactie(models.Model):
    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        WACHTLIJST = "wachtlijst", "Wachtlijst"
        LOPEND = "lopend", "Lopend"
        AFGEROND = "afgerond", "Afgerond"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        GESTOPT = "gestopt", "Gestopt"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="zorgacties")
    domein = models.CharField("levensdomein", max_length=20, choices=Levensdomein.choices)
    zorgaanbieder = models.CharField("zorgaanbieder", max_length=200)
    soort = models.CharField("soort hulp", max_length=200)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD)
    aangevraagd_op = models.DateField("aangevraagd op", default=timezone.localdate)
    gestart_op = models.DateField("gestart op", null=True, blank=True)
    beeindigd_op = models.DateField("beëindigd op", null=True, blank=True)
    warme_overdracht_op = models.DateField("warme overdracht op", null=True, blank=True)
    laatste_voortgang = models.DateField("laatste voortgang", default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "zorgactie"
        verbose_name_plural = "zorgacties"
        ordering = ["aangevraagd_op", "id"]
        # The caseload's "no progress" list reads the open care actions only (issue 16).
        indexes = [
            models.Index(
                fields=["traject", "laatste_voortgang"],
                condition=models.Q(status__in=OPEN_ZORGACTIE),
                name="zorgactie_open_voortgang",
            )
        ]

    def __str__(self) -> str:
        return f"{self.soort} ({self.get_status_display()})"


class Zorgoverleg(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overleggen")
    datum = models.DateField("datum")
    organisaties = models.CharField("deelnemende organisaties", max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["datum", "id"]

    def __str__(self) -> str:
        return f"Zorgoverleg {self.datum:%d-%m-%Y}"


class Afspraak(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    overleg = models.ForeignKey(Zorgoverleg, on_delete=models.CASCADE, related_name="afspraken")
    omschrijving = models.CharField("afspraak", max_length=300)
    eigenaar = models.CharField("wie", max_length=150)
    deadline = models.DateField("uiterlijk op")
    afgerond_op = models.DateField("afgerond op", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.omschrijving

    @property
    def verlopen(self) -> bool:
        return self.afgerond_op is None and self.deadline < timezone.localdate()
