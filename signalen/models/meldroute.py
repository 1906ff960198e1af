"""What happens to a signal: notes, its timeline, referrals, meeting decisions and erasure requests."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente, Regio
from signalen.keuzes import (
    Bestemming,
    Kanaal,
)

if TYPE_CHECKING:
    from django import forms

from signalen.models.signaal import Signaal


class Notitie(models.Model):
    """Enrichment: the timeline of what was learned and whom advice was asked."""

    class AdviesVan(models.TextChoices):
        GEEN = "", "Geen advies gevraagd"
        AF = "af", "Andere aandachtsfunctionaris"
        COLLEGA = "collega", "Collega"
        KETENREGISSEUR = "ketenregisseur", "Ketenregisseur"
        ZORGCOORDINATOR = "zorgcoordinator", "Zorgcoördinator"
        VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
        POLITIE = "politie", "Politie"
        OVERIG = "overig", "Overig"

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="notities")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)
    tekst = models.TextField("notitie")
    advies_gevraagd_aan = models.CharField(
        "advies gevraagd aan", max_length=20, choices=AdviesVan.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return f"Notitie {self.pk} bij signaal {self.signaal_id}"


class Gebeurtenis(models.Model):
    """A meaningful domain event on a signal, shown in its timeline."""

    class Soort(models.TextChoices):
        # The values are the soorten of the case file's timeline (mensenhandel.dossier).
        REGISTRATIE = "registratie", "Registratie"
        OVERGANG = "overgang", "Status"
        DOORVERWIJZING = "doorverwijzing", "Doorverwijzing"
        TERUGKOPPELING = "terugkoppeling", "Terugkoppeling"
        TAFELBESLUIT = "tafelbesluit", "Besluit uit overleg"
        WIJZIGING = "wijziging", "Wijziging"
        STAPELING = "stapeling", "Stapeling"

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="gebeurtenissen")
    tijdstip = models.DateTimeField(default=timezone.now)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    omschrijving = models.CharField(max_length=300)
    soort = models.CharField(max_length=20, choices=Soort.choices, default=Soort.WIJZIGING)

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return self.omschrijving


# The feedback states of a referral that still waits for an answer (``Terugkoppeling`` values):
# one definition for the queries and the partial index that serves them.
WACHTEND = ("verstuurd", "ontvangen")


class Doorverwijzing(models.Model):
    class Terugkoppeling(models.TextChoices):
        VERSTUURD = "verstuurd", "Verstuurd"
        ONTVANGEN = "ontvangen", "Ontvangen"
        OPGEPAKT = "opgepakt", "Opgepakt"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        AFGEROND = "afgerond", "Afgerond"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="doorverwijzingen")
    bestemming = models.CharField("naar", max_length=30, choices=Bestemming.choices)
    regio = models.ForeignKey(
        Regio,
        verbose_name="regio (zorgcoördinatie)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmeldingen_uit_signalen",
    )
    partnerorganisatie = models.CharField("partnerorganisatie", max_length=200, blank=True)
    contactpersoon = models.CharField("contactpersoon", max_length=200, blank=True)
    datum = models.DateField("datum", default=timezone.localdate)
    terugkoppeling = models.CharField(
        "terugkoppeling", max_length=20, choices=Terugkoppeling.choices, default=Terugkoppeling.VERSTUURD
    )
    ontvangen_op = models.DateField("ontvangen op", null=True, blank=True)
    opgepakt_op = models.DateField("opgepakt op", null=True, blank=True)
    afgewezen_op = models.DateField("afgewezen op", null=True, blank=True)
    afgerond_op = models.DateField("afgerond op", null=True, blank=True)
    bericht = models.CharField(
        "bericht",
        max_length=300,
        blank=True,
        help_text="Kort en zonder inhoud over de casus, bijvoorbeeld 'Opgepakt, contact gelegd'.",
    )
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # When the partner set the current feedback themselves, through a one-time link (issue 18);
    # empty again once the AF records feedback.
    via_link_op = models.DateTimeField("door partner via link op", null=True, blank=True)

    history = HistoricalRecords()

    # Set for the signal's page, never stored: the form to record the next feedback.
    formulier: forms.Form

    class Meta:
        verbose_name = "doorverwijzing"
        verbose_name_plural = "doorverwijzingen"
        ordering = ["datum", "id"]
        indexes = [
            models.Index(fields=["bestemming", "regio", "terugkoppeling"]),
            # The zorgcoördinator's inbox: a regio's oldest referrals waiting for an answer, read
            # in order, whatever the number answered (issue 16).
            models.Index(
                fields=["regio", "datum", "id"],
                condition=Q(
                    bestemming=Bestemming.ZORGCOORDINATOR,
                    terugkoppeling__in=WACHTEND,
                ),
                name="doorverwijzing_zc_inbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signaal} → {self.get_bestemming_display()}"

    @property
    def wacht_op_terugkoppeling(self) -> bool:
        return self.terugkoppeling in WACHTEND


class Partnerlink(models.Model):
    """A one-time link with which the partner of a referral sets its feedback themselves
    (issue 18). Only the token's hash is stored; the token lives in the e-mail."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    doorverwijzing = models.ForeignKey(Doorverwijzing, on_delete=models.CASCADE, related_name="partnerlinks")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField("e-mailadres van de contactpersoon")
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verloopt_op = models.DateTimeField()
    verstuurd_op = models.DateTimeField(null=True, blank=True)
    gebruikt_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "partnerlink"
        verbose_name_plural = "partnerlinks"
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self) -> str:
        return f"partnerlink {self.uuid}"

    @property
    def bruikbaar(self) -> bool:
        return self.gebruikt_op is None and self.ingetrokken_op is None and timezone.now() < self.verloopt_op


class Overlegbesluit(models.Model):
    """A decision about this signal taken at a chain meeting (regietafel, drieluik).

    Written by ``signalen.services.overlegbesluit_vastleggen``; the meeting itself lives
    in ketenregie, which refers to this record (the dependency points that way).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="overlegbesluiten")
    overleg = models.CharField("overleg", max_length=100, help_text="Bijvoorbeeld ‘Regietafel 12-11-2026’.")
    datum = models.DateField("datum van het overleg")
    besluit = models.TextField("besluit")
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "besluit uit een overleg"
        verbose_name_plural = "besluiten uit overleggen"
        ordering = ["datum", "id"]

    def __str__(self) -> str:
        return f"{self.overleg}: besluit over {self.signaal}"


class Wisverzoek(models.Model):
    """An aandachtsfunctionaris asks to erase a signal registered in error; a functioneel
    beheerder decides (four eyes). Kept as the account of what was erased, why and by whom:
    the signal itself goes (``signalen.services.wissen``)."""

    class Soort(models.TextChoices):
        VERGISSING = "vergissing", "Per vergissing geregistreerd: persoonsgegevens weg, telt anoniem mee"
        DUBBEL = "dubbel", "Dubbele registratie: helemaal weg, telt niet mee in de cijfers"
        TEST = "test", "Testregistratie: helemaal weg, telt niet mee in de cijfers"

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        UITGEVOERD = "uitgevoerd", "Gewist"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Empty once the signal is erased altogether; reference, gemeente and date stay.
    signaal = models.ForeignKey(
        Signaal, on_delete=models.SET_NULL, null=True, blank=True, related_name="wisverzoeken"
    )
    referentie = models.CharField("referentie", max_length=20)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    datum_geregistreerd = models.DateField("datum geregistreerd")
    soort = models.CharField("soort fout", max_length=20, choices=Soort.choices)
    reden = models.TextField("reden")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD)
    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangevraagd_op = models.DateTimeField(default=timezone.now)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    toelichting = models.CharField("toelichting bij het besluit", max_length=500, blank=True)

    class Meta:
        verbose_name = "wisverzoek"
        verbose_name_plural = "wisverzoeken"
        ordering = ["-aangevraagd_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["signaal"],
                condition=models.Q(status="aangevraagd"),
                name="een_open_wisverzoek_per_signaal",
            )
        ]

    def __str__(self) -> str:
        return f"wisverzoek {self.referentie} ({self.get_status_display()})"

    @property
    def telt_mee(self) -> bool:
        """Whether the erased signal stays in the figures as an anonymous residue."""
        return self.soort == self.Soort.VERGISSING


class MelderTerugkoppeling(models.Model):
    """Feedback given to whoever reported the signal (issue 18, point 2): when, how and a short
    message without case details. Written by ``signalen.services.melder_terugkoppeling_vastleggen``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="melder_terugkoppelingen")
    datum = models.DateField("datum")
    kanaal = models.CharField("kanaal", max_length=20, choices=Kanaal.choices)
    bericht = models.CharField(
        "kort bericht",
        max_length=300,
        help_text="Zonder inhoud over de casus, bijvoorbeeld 'Bedankt voor uw melding, we pakken het op'.",
    )
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "terugkoppeling aan de melder"
        verbose_name_plural = "terugkoppelingen aan de melder"
        ordering = ["datum", "id"]

    def __str__(self) -> str:
        return f"Terugkoppeling aan de melder van {self.signaal}"
