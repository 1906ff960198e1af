"""The ketenregisseur's records: the wegenkaart, the AF network, the basisniveau monitor,
activities, meetings, knelpunten and the half-year's bijzonderheden.

None of it is personal data of victims (signals on a meeting's agenda are referenced,
never copied); it is not written to the access log. Every write goes through
``ketenregie.services``; every record keeps its history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente, Regio


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


# --- The AF network (point 2) ----------------------------------------------------------------


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


# --- The basisniveau monitor (point 3) -----------------------------------------------------


class Basisniveaupunt(models.TextChoices):
    """The VNG basisniveau for the municipal approach to human trafficking."""

    ACTIEF_SIGNALEREN = "actief_signaleren", "De gemeente signaleert actief"
    AF_AANGESTELD = "af_aangesteld", "Er is een aandachtsfunctionaris aangesteld"
    BESTUURLIJKE_INSTRUMENTEN = (
        "bestuurlijke_instrumenten",
        "Bekend met de bestuurlijke instrumenten",
    )
    ORGANISATIES_BEKEND = (
        "organisaties_bekend",
        "Bekend met de organisaties waar slachtoffers terechtkunnen",
    )
    BELEID_VASTGESTELD = "beleid_vastgesteld", "Beleid tegen mensenhandel vastgesteld"
    PROSTITUTIEBELEID = (
        "prostitutiebeleid",
        "Prostitutiebeleid met informatie en hulp voor sekswerkers",
    )
    MELDROUTE_GECOMMUNICEERD = "meldroute_gecommuniceerd", "Interne meldroute gecommuniceerd"
    JAARLIJKSE_TRAINING = "jaarlijkse_training", "Jaarlijks training gegeven"


class BasisniveauStatus(models.TextChoices):
    VOLDAAN = "voldaan", "Voldaan"
    DEELS = "deels", "Deels voldaan"
    NIET = "niet", "Niet voldaan"
    ONBEKEND = "onbekend", "Onbekend"


class Basisniveau(models.Model):
    """One check of the basisniveau for one gemeente: status, date and evidence."""

    gemeente = models.ForeignKey(
        Gemeente, verbose_name="gemeente", on_delete=models.PROTECT, related_name="basisniveau"
    )
    punt = models.CharField("onderdeel", max_length=40, choices=Basisniveaupunt.choices)
    status = models.CharField(
        "status", max_length=10, choices=BasisniveauStatus.choices, default=BasisniveauStatus.ONBEKEND
    )
    datum = models.DateField(
        "datum", null=True, blank=True, help_text="Bijvoorbeeld de datum van vaststelling of van de training."
    )
    onderbouwing = models.CharField(
        "onderbouwing",
        max_length=500,
        blank=True,
        help_text="Kort: waaruit blijkt het, zoals een raadsbesluit of intranetpagina.",
    )
    bijgewerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bijgewerkt_op = models.DateTimeField("bijgewerkt op", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "basisniveau-onderdeel"
        verbose_name_plural = "basisniveau"
        ordering = ["gemeente__naam", "punt"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "punt"], name="ketenregie_basisniveau_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente}: {self.get_punt_display()} ({self.get_status_display()})"


# --- Activities (point 4) -------------------------------------------------------------------


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


# --- Meetings (point 5) ---------------------------------------------------------------------


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


class Actiestatus(models.TextChoices):
    OPEN = "open", "Open"
    AFGEROND = "afgerond", "Afgerond"
    VERVALLEN = "vervallen", "Vervallen"


class Actiepunt(models.Model):
    """An action point of a meeting or of a knelpunt: who does what by when, and the outcome."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    overleg = models.ForeignKey(
        Overleg, on_delete=models.CASCADE, null=True, blank=True, related_name="actiepunten"
    )
    knelpunt = models.ForeignKey(
        "Knelpunt", on_delete=models.CASCADE, null=True, blank=True, related_name="actiepunten"
    )
    omschrijving = models.CharField("actie", max_length=300)
    eigenaar = models.CharField("eigenaar", max_length=200, help_text="Wie het doet: persoon of organisatie.")
    deadline = models.DateField("uiterlijk op")
    status = models.CharField("status", max_length=10, choices=Actiestatus.choices, default=Actiestatus.OPEN)
    uitkomst = models.CharField("wat ervan is gekomen", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "actiepunt"
        verbose_name_plural = "actiepunten"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(overleg__isnull=False) & models.Q(knelpunt__isnull=True))
                | (models.Q(overleg__isnull=True) & models.Q(knelpunt__isnull=False)),
                name="ketenregie_actiepunt_bij_een_ding",
            ),
        ]

    def __str__(self) -> str:
        return self.omschrijving


# --- Knelpunten and bijzonderheden (point 6) -----------------------------------------------


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
