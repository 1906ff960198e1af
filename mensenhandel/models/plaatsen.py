"""Gemeenten, regio's and organisations, and the object permissions that give a user their scope."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class Gemeente(models.Model):
    cbs_code = models.CharField(
        "CBS-code",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", "Een CBS-code is GM gevolgd door vier cijfers.")],
    )
    naam = models.CharField("naam", max_length=100)
    veiligheidsregio_code = models.CharField("veiligheidsregio-code", max_length=4, blank=True)
    veiligheidsregio = models.CharField("veiligheidsregio", max_length=100, blank=True)
    actief = models.BooleanField(
        "actief", default=True, help_text="Uit na een herindeling; de historie blijft."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]
        permissions = [("bedient_gemeente", "Is aandachtsfunctionaris voor deze gemeente")]

    def __str__(self) -> str:
        return self.naam


class Regio(models.Model):
    """A region groups gemeenten; a chain region (Midden-Nederland) can hold regions."""

    naam = models.CharField("naam", max_length=100, unique=True)
    # In URLs instead of the database id, as every other record (ids can be counted).
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeenten = models.ManyToManyField(Gemeente, verbose_name="gemeenten", related_name="regios", blank=True)
    bovenliggende_regio = models.ForeignKey(
        "self",
        verbose_name="valt onder ketenregio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deelregios",
    )
    ketenregisseur_mag_casuistiek = models.BooleanField(
        "ketenregisseur mag casuïstiek inzien",
        default=False,
        help_text=(
            "Uit (standaard): de ketenregisseur ziet alleen cijfers en gepseudonimiseerde "
            "lijsten. Aan: de ketenregisseur mag signalen en trajecten van deze regio openen."
        ),
    )
    kleine_aantallen_drempel = models.PositiveSmallIntegerField(
        "drempel voor kleine aantallen",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=(
            "In tabellen per gemeente (dashboard en rapportage) staan aantallen vanaf 1 en "
            "onder deze drempel als ‘<drempel’, zodat niemand herkenbaar wordt. 0 zet dit uit."
        ),
    )

    history = HistoricalRecords(m2m_fields=[gemeenten])

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["naam"]
        permissions = [("bedient_regio", "Werkt voor deze regio")]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        if self.kleine_aantallen_drempel in (1, 2):
            # "<2" can only mean 1: a threshold of 1 or 2 hides nothing.
            raise ValidationError(
                {
                    "kleine_aantallen_drempel": "Kies 0 (uit) of een drempel van 3 of hoger: "
                    "bij 1 of 2 verraadt ‘<2’ precies het aantal."
                }
            )
        ouder = self.bovenliggende_regio
        gezien = {self.pk}
        while ouder is not None:
            if ouder.pk in gezien:
                raise ValidationError(
                    {"bovenliggende_regio": "Een regio kan niet (indirect) onder zichzelf vallen."}
                )
            gezien.add(ouder.pk)
            ouder = ouder.bovenliggende_regio


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        GEMEENTE = "gemeente", "Gemeente"
        ZORGORGANISATIE = "zorgorganisatie", "Zorgorganisatie"
        RIEC = "riec", "RIEC"
        POLITIE = "politie", "Politie"
        OVERIG = "overig", "Overig"

    naam = models.CharField("naam", max_length=150, unique=True)
    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name="gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Alleen bij een gemeentelijke organisatie.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        if self.soort == self.Soort.GEMEENTE and self.gemeente_id is None:
            raise ValidationError({"gemeente": "Kies de gemeente van deze organisatie."})


# django-guardian object permissions as direct foreign keys (no generic relations):
# which gemeenten an aandachtsfunctionaris serves, which regio's a ZC or KR serves.


class GemeenteGebruikerPermissie(UserObjectPermissionBase):
    content_object = models.ForeignKey(Gemeente, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "gemeentetoewijzing"
        verbose_name_plural = "gemeentetoewijzingen"


class RegioGebruikerPermissie(UserObjectPermissionBase):
    content_object = models.ForeignKey(Regio, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "regiotoewijzing"
        verbose_name_plural = "regiotoewijzingen"
