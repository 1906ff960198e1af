"""Clients and their care trajectories, from aanmelding to afsluiting.

Every write goes through ``zorgcoordinatie.services``; reads through
``zorgcoordinatie.selectors``. URLs use the opaque ``uuid``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente, Regio


class JaNeeOnbekend(models.TextChoices):
    JA = "ja", "Ja"
    NEE = "nee", "Nee"
    ONBEKEND = "onbekend", "Onbekend"


class Aanmelding(models.Model):
    """A request for zorgcoördinatie entered directly by the zorgcoördinator.

    Referrals from signals stay ``signalen.Doorverwijzing`` rows until answered; then an
    Aanmelding records the answer and links the referral.
    """

    class Bron(models.TextChoices):
        SIGNAAL = "signaal", "Signaal van een aandachtsfunctionaris"
        POLITIE = "politie", "Politie"
        VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
        ZORGAANBIEDER = "zorgaanbieder", "Zorgaanbieder"
        ASIELKETEN = "asielketen", "Asielketen (COA, IND, Nidos)"
        ZELFMELDER = "zelfmelder", "De persoon zelf"
        OVERIG = "overig", "Overig"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    datum = models.DateField("datum van aanmelding", default=timezone.localdate)
    bron = models.CharField("bron", max_length=20, choices=Bron.choices)
    bronorganisatie = models.CharField("organisatie die aanmeldt", max_length=200, blank=True)
    doorverwijzing = models.OneToOneField(
        "signalen.Doorverwijzing",
        verbose_name="doorverwijzing vanuit signaal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmelding",
    )
    omschrijving = models.TextField("korte omschrijving", blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)
    reden_afwijzing = models.CharField("reden van afwijzen", max_length=300, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    traject = models.ForeignKey(
        "Traject", on_delete=models.PROTECT, null=True, blank=True, related_name="aanmeldingen"
    )
    ingevoerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        ordering = ["-datum", "-id"]

    def __str__(self) -> str:
        return f"Aanmelding {self.datum:%d-%m-%Y} ({self.get_bron_display()})"


class Dossierteller(models.Model):
    jaar = models.PositiveSmallIntegerField(primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.jaar}: {self.laatste}"


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
    mag_bellen = models.BooleanField("mag gebeld worden", default=False)
    mag_sms = models.BooleanField("mag een bericht krijgen", default=False)
    mag_bezoek = models.BooleanField("mag bezocht worden", default=False)
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
    comensha_reikwijdte = models.CharField("reikwijdte van de toestemming", max_length=300, blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cliënt"
        verbose_name_plural = "cliënten"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.dossiernummer

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


class Fase(models.TextChoices):
    INTAKE = "intake", "Intake"
    HULPVERLENING = "hulpverlening", "Hulpverlening"
    AFRONDING = "afronding", "Afronding"
    AFGESLOTEN = "afgesloten", "Afgesloten"


class Traject(models.Model):
    class Opvang(models.TextChoices):
        GEEN = "", "Geen opvang"
        COSM = "cosm", "COSM (categorale opvang)"
        OMM = "omm", "OMM (opvang minderjarigen)"
        VROUWENOPVANG = "vrouwenopvang", "Vrouwenopvang"
        MAATSCHAPPELIJK = "maatschappelijk", "Maatschappelijke opvang"
        JEUGDHULP = "jeugdhulp", "Jeugdhulp"
        EIGEN_WONING = "eigen_woning", "Eigen woning"

    class Verblijf(models.TextChoices):
        NVT = "nvt", "Niet van toepassing"
        BEDENKTIJD = "bedenktijd", "Bedenktijd"
        AANGEVRAAGD = "aangevraagd", "Verblijfsvergunning slachtoffer aangevraagd"
        VERLEEND = "verleend", "Verblijfsvergunning verleend"
        GEWEIGERD = "geweigerd", "Verblijfsvergunning geweigerd"
        ASIEL = "asiel", "Asiel"

    class Strafrecht(models.TextChoices):
        GEEN = "geen", "Geen"
        OVERWEEGT = "overweegt", "Overweegt aangifte"
        AANGIFTE = "aangifte", "Aangifte gedaan"
        ONDERZOEK = "onderzoek", "Onderzoek loopt"
        VERVOLGING = "vervolging", "Vervolging"
        GESLOTEN = "gesloten", "Zaak gesloten"

    class Afsluitreden(models.TextChoices):
        CRITERIA = "criteria", "Alle afsluitcriteria voldaan"
        VERTROKKEN = "vertrokken", "Vertrokken naar onbekende bestemming"
        WIL_GEEN_HULP = "wil_geen_hulp", "Wil geen hulp"
        TERUGKEER = "terugkeer", "Teruggekeerd naar land van herkomst"
        OVERLEDEN = "overleden", "Overleden"
        OVERGEDRAGEN = "overgedragen", "Overgedragen aan een andere regio"
        ANDERS = "anders", "Anders"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="trajecten")
    regio = models.ForeignKey(Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="trajecten")
    verantwoordelijke = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verantwoordelijke zorgcoördinator",
        on_delete=models.PROTECT,
        related_name="trajecten",
    )
    achtervang = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="achtervang",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten_achtervang",
    )
    seksuele_uitbuiting = models.BooleanField("seksuele uitbuiting", default=False)
    arbeidsuitbuiting = models.BooleanField("arbeidsuitbuiting", default=False)
    criminele_uitbuiting = models.BooleanField("criminele uitbuiting", default=False)
    orgaanverwijdering = models.BooleanField("gedwongen orgaanverwijdering", default=False)
    vorm_onbekend = models.BooleanField("uitbuitingsvorm onbekend", default=False)

    # Phases: each with its dates; intake and hulpverlening may overlap.
    intake_start = models.DateField("intake gestart", null=True, blank=True)
    intake_eind = models.DateField("intake afgerond", null=True, blank=True)
    hulpverlening_start = models.DateField("hulpverlening gestart", null=True, blank=True)
    hulpverlening_eind = models.DateField("hulpverlening afgerond", null=True, blank=True)
    afronding_start = models.DateField("afronding gestart", null=True, blank=True)
    afgesloten_op = models.DateField("afgesloten op", null=True, blank=True)
    volgende_evaluatie = models.DateField("volgende evaluatie", null=True, blank=True)

    # Pillar: hulp en opvang
    opvang = models.CharField("type opvang", max_length=20, choices=Opvang.choices, blank=True)
    opvang_start = models.DateField("opvang vanaf", null=True, blank=True)
    opvang_eind = models.DateField("opvang tot", null=True, blank=True)
    # Pillar: verblijfsrecht
    verblijf = models.CharField(
        "verblijfsrecht", max_length=20, choices=Verblijf.choices, default=Verblijf.NVT
    )
    bedenktijd_start = models.DateField("bedenktijd vanaf", null=True, blank=True)
    bedenktijd_eind = models.DateField("bedenktijd tot", null=True, blank=True)
    verblijf_datum = models.DateField("datum aanvraag of besluit", null=True, blank=True)
    # Pillar: strafrecht (never the content of an investigation)
    strafrecht = models.CharField(
        "strafrecht", max_length=20, choices=Strafrecht.choices, default=Strafrecht.GEEN
    )
    aangifte_op = models.DateField("aangifte gedaan op", null=True, blank=True)
    strafrecht_contact = models.CharField("contact politie of OM", max_length=200, blank=True)

    # Informed of rights and duties
    geinformeerd_verblijfsrecht_op = models.DateField(
        "geïnformeerd over verblijfsrecht", null=True, blank=True
    )
    geinformeerd_strafrecht_op = models.DateField("geïnformeerd over strafrecht", null=True, blank=True)
    geinformeerd_zorg_op = models.DateField("geïnformeerd over zorg", null=True, blank=True)

    # Closing
    kent_verblijfsstappen = models.BooleanField(
        "kent de volgende stappen in het verblijfsrecht", default=False
    )
    kent_rechten_voorzieningen = models.BooleanField("kent de rechten op voorzieningen", default=False)
    weet_waar_hulp = models.BooleanField("weet waar hulp te vinden is", default=False)
    afsluitreden = models.CharField(
        "reden van afsluiten", max_length=20, choices=Afsluitreden.choices, blank=True
    )
    afsluittoelichting = models.TextField("toelichting bij afsluiten", blank=True)
    overgedragen_aan = models.ForeignKey(
        Regio,
        verbose_name="overgedragen aan regio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overgenomen_trajecten",
    )

    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)
    gewijzigd_op = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["regio", "afgesloten_op"]),
            models.Index(fields=["volgende_evaluatie"]),
        ]

    def __str__(self) -> str:
        return f"Traject {self.client.dossiernummer}"

    @property
    def open_fasen(self) -> list[str]:
        """The phases open now; intake and hulpverlening may both be open."""
        if self.afgesloten_op:
            return [Fase.AFGESLOTEN]
        fasen = []
        if self.intake_start and not self.intake_eind:
            fasen.append(Fase.INTAKE)
        if self.hulpverlening_start and not self.hulpverlening_eind:
            fasen.append(Fase.HULPVERLENING)
        if self.afronding_start:
            fasen.append(Fase.AFRONDING)
        return fasen

    @property
    def strafprocedure_loopt(self) -> bool:
        return self.strafrecht in (
            self.Strafrecht.AANGIFTE,
            self.Strafrecht.ONDERZOEK,
            self.Strafrecht.VERVOLGING,
        )

    @property
    def afsluitcriteria(self) -> dict[str, bool]:
        return {
            "Er loopt geen strafrechtelijke procedure": not self.strafprocedure_loopt,
            "De cliënt kent de volgende stappen in het verblijfsrecht": self.kent_verblijfsstappen,
            "De cliënt kent de rechten op voorzieningen": self.kent_rechten_voorzieningen,
            "De cliënt weet waar hulp te vinden is": self.weet_waar_hulp,
        }


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
