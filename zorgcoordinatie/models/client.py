"""The client, the yearly counter of dossier numbers and the client's CoMensha exports."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente


class Dossierteller(models.Model):
    jaar = models.PositiveSmallIntegerField(primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.jaar}: {self.laatste}"


class ComenshaVeld(models.TextChoices):
    """The personal data CoMensha asks for in a registration with consent, in the order of its
    form; a client agrees to each separately."""

    DOSSIERNUMMER = "dossiernummer", "Dossiernummer"
    NAAM = "naam", "Naam"
    GEBOORTEDATUM = "geboortedatum", "Geboortedatum"
    NATIONALITEITEN = "nationaliteiten", "Nationaliteiten"
    VERBLIJFSSTATUS = "verblijfsstatus", "Verblijfsstatus"


def veldlabels(codes: list[str]) -> list[str]:
    """The labels of ``ComenshaVeld`` codes, in the order given."""
    labels = dict(ComenshaVeld.choices)
    return [str(labels.get(code, code)) for code in codes]


class Client(models.Model):
    class Geslacht(models.TextChoices):
        MAN = "man", "Man"
        VROUW = "vrouw", "Vrouw"
        TRANSGENDER = "transgender", "Transgender"
        ANDERS = "anders", "Anders"
        ONBEKEND = "onbekend", "Onbekend"

    class Verblijfsstatus(models.TextChoices):
        NEDERLANDER = "nederlander", "Nederlandse nationaliteit"
        EU = "eu", "EU-burger"
        VERBLIJFSVERGUNNING = "vergunning", "Verblijfsvergunning"
        ASIELZOEKER = "asiel", "Asielzoeker"
        ONGEDOCUMENTEERD = "ongedocumenteerd", "Zonder verblijfsrecht"
        ONBEKEND = "onbekend", "Onbekend"

    class Toestemming(models.TextChoices):
        NIET_GEVRAAGD = "niet_gevraagd", "Niet gevraagd"
        GEGEVEN = "gegeven", "Gegeven"
        GEWEIGERD = "geweigerd", "Geweigerd"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossiernummer = models.CharField("dossiernummer", max_length=20, unique=True, editable=False)
    naam = models.CharField("naam", max_length=150, blank=True)
    aliassen = models.CharField("aliassen", max_length=300, blank=True)
    geboortedatum = models.DateField("geboortedatum", null=True, blank=True)
    # A keyed hash of the normalised name and date of birth, as stacking makes them
    # (``signalen.normalisatie``): finds a client already known when an aanmelding is accepted,
    # without comparing names (issue 17). Empty without both; emptied when the data goes.
    sleutel_naam_geboortedatum = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    geslacht = models.CharField(
        "geslacht", max_length=20, choices=Geslacht.choices, default=Geslacht.ONBEKEND
    )
    nationaliteiten = models.CharField("nationaliteit(en)", max_length=200, blank=True)
    taal = models.CharField("taal", max_length=100, blank=True)
    tolk_nodig = models.BooleanField("tolk nodig", default=False)
    verblijfsstatus = models.CharField(
        "verblijfsstatus", max_length=20, choices=Verblijfsstatus.choices, default=Verblijfsstatus.ONBEKEND
    )
    brp_gemeente = models.ForeignKey(
        Gemeente,
        verbose_name="ingeschreven in de BRP van",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verblijfplaats = models.CharField("waar verblijft de cliënt", max_length=200, blank=True)
    verantwoordelijke_gemeente = models.ForeignKey(
        Gemeente,
        verbose_name="verantwoordelijke gemeente",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="De woonplaats; zonder bekende woonplaats de gemeente waar de cliënt is aangetroffen.",
    )
    # Safe contact
    # Safe contact: True "mag", False "mag niet", None not recorded yet (issue 17): a worker in a
    # hurry must not read "niet" where nobody asked.
    mag_bellen = models.BooleanField("mag gebeld worden", null=True, blank=True, default=None)
    mag_sms = models.BooleanField("mag een bericht krijgen", null=True, blank=True, default=None)
    mag_bezoek = models.BooleanField("mag bezocht worden", null=True, blank=True, default=None)
    veilige_tijden = models.CharField("veilige tijden", max_length=200, blank=True)
    nooit_via = models.CharField("nooit contact via", max_length=200, blank=True)
    # Vulnerabilities
    lvb = models.BooleanField("licht verstandelijke beperking", default=False)
    psychische_problematiek = models.BooleanField("psychische problematiek", default=False)
    verslaving = models.BooleanField("verslaving", default=False)
    zwangerschap = models.BooleanField("zwangerschap", default=False)
    overige_kwetsbaarheden = models.CharField("andere kwetsbaarheden", max_length=300, blank=True)
    # CoMensha
    comensha_toestemming = models.CharField(
        "toestemming CoMensha", max_length=20, choices=Toestemming.choices, default=Toestemming.NIET_GEVRAAGD
    )
    comensha_toestemming_op = models.DateField("datum toestemming", null=True, blank=True)
    # The personal data the client agreed to share (``ComenshaVeld`` codes): exactly these go
    # into the registration; without consent none.
    comensha_velden = models.JSONField("gegevens waarvoor toestemming is gegeven", default=list, blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False)

    # Set when the retention term removed its personal data (``zorgcoordinatie.bewaren``).
    vernietigd_op = models.DateTimeField(
        "persoonsgegevens vernietigd op", null=True, blank=True, editable=False
    )

    # A restriction of processing (art. 18 AVG), set by the privacy officer: while set, nobody
    # changes the record, it is left out of stacking, exports and other people's lists, and only
    # its owner still views it.
    verwerking_beperkt_op = models.DateTimeField(
        "verwerking beperkt sinds", null=True, blank=True, editable=False
    )
    verwerking_beperkt_reden = models.CharField(
        "reden van de beperking", max_length=300, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cliënt"
        verbose_name_plural = "cliënten"
        ordering = ["-id"]
        # The few clients every list of trajectories leaves out (``zorgcoordinatie.selectors``):
        # read as a small set, not by joining every client (issue 16).
        indexes = [
            models.Index(fields=["id"], condition=Q(vernietigd_op__isnull=False), name="client_vernietigd"),
            models.Index(
                fields=["id"], condition=Q(verwerking_beperkt_op__isnull=False), name="client_beperkt"
            ),
        ]

    def __str__(self) -> str:
        return self.dossiernummer

    @property
    def comensha_veldlabels(self) -> list[str]:
        return veldlabels(self.comensha_velden)

    @property
    def leeftijd(self) -> int | None:
        if self.geboortedatum is None:
            return None
        vandaag = timezone.localdate()
        jaren = vandaag.year - self.geboortedatum.year
        return jaren - ((vandaag.month, vandaag.day) < (self.geboortedatum.month, self.geboortedatum.day))

    @property
    def minderjarig(self) -> bool | None:
        leeftijd = self.leeftijd
        return None if leeftijd is None else leeftijd < 18


class ComenshaExport(models.Model):
    """One download of a client's CoMensha registration: when, by whom, and which personal data
    it held (none for an anonymous registration), so that what left is on the client's record."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="comensha_exports")
    tijdstip = models.DateTimeField(auto_now_add=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    met_toestemming = models.BooleanField()
    velden = models.JSONField("gedeelde gegevens", default=list, blank=True)

    class Meta:
        verbose_name = "CoMensha-export"
        verbose_name_plural = "CoMensha-exports"
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"{self.client} {self.tijdstip:%Y-%m-%d %H:%M}"

    @property
    def veldlabels(self) -> list[str]:
        return veldlabels(self.velden)


ALIASSCHEIDING = re.compile(r"[,;/\n]+")


def namen_van(client: Client) -> list[str]:
    """The client's name and each alias, as typed (the aliases field holds several, separated by
    commas, semicolons, slashes or new lines)."""
    aliassen = ALIASSCHEIDING.split(client.aliassen) if client.aliassen else []
    return [n.strip() for n in [client.naam, *aliassen] if n.strip()]


class Clientnaam(models.Model):
    """The keyed hash of a client's name or of one of their aliases, normalised as stacking
    normalises names (issue 17): the zorgcoördinator finds a client by a name written otherwise
    (case, accents, tussenvoegsels, word order) without names compared in the database. Made and
    replaced by ``services.client``; gone when the client's personal data goes."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="naamsleutels")
    waarde_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = "naamsleutel van een cliënt"
        verbose_name_plural = "naamsleutels van cliënten"
        constraints = [
            models.UniqueConstraint(fields=["client", "waarde_hash"], name="clientnaam_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.waarde_hash[:8]}…"
