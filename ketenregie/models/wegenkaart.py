"""The wegenkaart: partners in the chain and their contact persons."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from mensenhandel.models import Regio


class Soort(models.TextChoices):
    POLITIE_BASISTEAM = "politie_basisteam", "Politie: basisteam"
    POLITIE_AVIM = "politie_avim", "Politie: AVIM (Vreemdelingenpolitie, Identificatie en Mensenhandel)"
    POLITIE_TMM = "politie_tmm", "Politie: team mensenhandel (TMM)"
    OPENBAAR_MINISTERIE = "om", "Openbaar Ministerie"
    RIEC = "riec", "RIEC"
    AI_OPSPORING = "ai_opsporing", "Arbeidsinspectie: opsporing"
    AI_TOEZICHT = "ai_toezicht", "Arbeidsinspectie: toezicht"
    VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
    ZORG_VEILIGHEIDSHUIS = "zvh", "Zorg- en Veiligheidshuis"
    COMENSHA = "comensha", "CoMensha"
    ZORGAANBIEDER = "zorgaanbieder", "Zorgaanbieder"
    OPVANG = "opvang", "Opvang (zoals COSM en OMM)"
    COA = "coa", "COA"
    IND = "ind", "IND"
    KMAR = "kmar", "Koninklijke Marechaussee"
    NIDOS = "nidos", "Nidos"
    GEMEENTE = "gemeente", "Gemeente"
    SCHOOL = "school", "School"
    JONGERENWERK = "jongerenwerk", "Jongerenwerk"
    OVERIG = "overig", "Overig"


class Partner(models.Model):
    """An organisation in the chain: what they can do and how to reach them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField("naam", max_length=200)
    soort = models.CharField("soort organisatie", max_length=30, choices=Soort.choices)
    regios = models.ManyToManyField(
        Regio,
        verbose_name="regio's die zij bedienen",
        related_name="partners",
        blank=True,
        help_text="Geen regio: de partner werkt landelijk.",
    )
    wat_kunnen_zij = models.TextField(
        "wat kunnen zij",
        blank=True,
        help_text="Deskundigheid en bevoegdheden, in gewone woorden.",
    )
    telefoon = models.CharField("telefoonnummer", max_length=30, blank=True)
    email = models.CharField("e-mailadres", max_length=254, blank=True)
    meldpunt = models.CharField(
        "meldpunt", max_length=300, blank=True, help_text="Waar en hoe een melding of verwijzing binnenkomt."
    )
    buiten_kantoortijd = models.CharField(
        "buiten kantoortijd",
        max_length=300,
        blank=True,
        help_text="Hoe zij 's avonds en in het weekend bereikbaar zijn.",
    )
    actief = models.BooleanField(
        "actief", default=True, help_text="Uit: niet meer te kiezen, wel terug te vinden."
    )

    history = HistoricalRecords(m2m_fields=[regios])

    class Meta:
        verbose_name = "ketenpartner"
        verbose_name_plural = "ketenpartners"
        ordering = ["soort", "naam"]
        constraints = [
            models.UniqueConstraint(Lower("naam"), "soort", name="ketenregie_partner_naam_soort_uniek"),
        ]

    def __str__(self) -> str:
        return self.naam


class Contactpersoon(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        Partner, verbose_name="partner", on_delete=models.CASCADE, related_name="contactpersonen"
    )
    naam = models.CharField("naam", max_length=200)
    functie = models.CharField("functie", max_length=200, blank=True)
    telefoon = models.CharField("telefoonnummer", max_length=30, blank=True)
    email = models.CharField("e-mailadres", max_length=254, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam
