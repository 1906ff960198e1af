"""Signals of possible trafficking and their meldroute.

Every write goes through ``signalen.services``; reads through ``signalen.selectors``.
Public URLs use the signal's ``uuid``, never the database id or the reference.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente, Regio
from signalen.keuzes import (
    VORM_VELDEN,
    Bestemming,
    Bron,
    JaNeeOnbekend,
    Reikwijdte,
    Risico,
    Sector,
    Status,
    Uitbuitingsvorm,
)

if TYPE_CHECKING:
    from django import forms

__all__ = [
    "VORM_VELDEN",
    "Bestemming",
    "BetrokkenPersoon",
    "Bron",
    "Doorverwijzing",
    "Gebeurtenis",
    "Identificator",
    "Indicator",
    "JaNeeOnbekend",
    "Koppeling",
    "Notitie",
    "Overlegbesluit",
    "Referentieteller",
    "Reikwijdte",
    "Risico",
    "Sector",
    "Signaal",
    "Status",
    "Uitbuitingsvorm",
]

POSTCODE = RegexValidator(r"^\d{4}\s?[A-Za-z]{2}$", "Vul een postcode in zoals 1234 AB.")
HUISNUMMER = RegexValidator(
    r"^\d{1,5}(\s?[A-Za-z0-9-]{1,6})?$", "Vul een huisnummer in, eventueel met toevoeging, zoals 12 of 12A."
)


class Indicator(models.Model):
    """Reference data kept by the functional administrator."""

    class Groep(models.TextChoices):
        DWANG = "dwang", "Dwang en controle"
        DOCUMENTEN = "documenten", "Documenten"
        HUISVESTING = "huisvesting", "Huisvesting"
        WERK_GELD = "werk_geld", "Werk en geld"
        GEZONDHEID = "gezondheid", "Gezondheid en gedrag"
        ONLINE = "online", "Online"

    groep = models.CharField("groep", max_length=20, choices=Groep.choices)
    omschrijving = models.CharField("omschrijving", max_length=200, unique=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    actief = models.BooleanField(
        "actief", default=True, help_text="Uit: niet meer te kiezen bij nieuwe signalen."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        ordering = ["groep", "volgorde", "omschrijving"]

    def __str__(self) -> str:
        return self.omschrijving


class Referentieteller(models.Model):
    """The last sequence number per year, for readable references (S-2026-00042)."""

    jaar = models.PositiveSmallIntegerField(primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.jaar}: {self.laatste}"


class Signaal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referentie = models.CharField("referentie", max_length=20, unique=True, editable=False)
    # A double submit carries the same token; the second one finds the first signal.
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    versie = models.PositiveIntegerField(default=1, editable=False)

    datum_waargenomen = models.DateField("datum waargenomen")
    datum_geregistreerd = models.DateField("datum geregistreerd", default=timezone.localdate)
    gemeente = models.ForeignKey(
        Gemeente, verbose_name="gemeente waar waargenomen", on_delete=models.PROTECT, related_name="signalen"
    )
    locatie = models.CharField(
        "locatie", max_length=200, blank=True, help_text="Bijvoorbeeld een straat of bedrijf."
    )
    postcode = models.CharField("postcode", max_length=7, blank=True, validators=[POSTCODE])
    huisnummer = models.CharField("huisnummer", max_length=12, blank=True, validators=[HUISNUMMER])
    sector = models.CharField("sector", max_length=30, choices=Sector.choices)
    bron = models.CharField("bron", max_length=30, choices=Bron.choices)
    melder_contact = models.CharField(
        "contact van de melder",
        max_length=200,
        blank=True,
        help_text="Naam en telefoon of e-mail van wie het signaal doorgaf, voor de terugkoppeling.",
    )
    # One flag per form of exploitation (a signal can carry several); flags keep
    # filtering and counting simple on every database.
    seksuele_uitbuiting = models.BooleanField("seksuele uitbuiting", default=False)
    arbeidsuitbuiting = models.BooleanField("arbeidsuitbuiting", default=False)
    criminele_uitbuiting = models.BooleanField("criminele uitbuiting", default=False)
    orgaanverwijdering = models.BooleanField("gedwongen orgaanverwijdering", default=False)
    vorm_onbekend = models.BooleanField("uitbuitingsvorm onbekend", default=False)
    migratiecomponent = models.BooleanField("migratiecomponent", default=False)
    reikwijdte = models.CharField(
        "binnenlands of grensoverschrijdend", max_length=20, choices=Reikwijdte.choices
    )
    indicatoren = models.ManyToManyField(
        Indicator, verbose_name="indicatoren", blank=True, related_name="signalen"
    )
    omschrijving = models.TextField("omschrijving", blank=True)
    minderjarige_betrokken = models.CharField(
        "minderjarige betrokken", max_length=10, choices=JaNeeOnbekend.choices, default=JaNeeOnbekend.ONBEKEND
    )
    acuut_gevaar = models.BooleanField("acuut gevaar", default=False)
    alarmnummer_gebeld = models.BooleanField("112 gebeld", default=False)

    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.NIEUW, db_index=True
    )
    # Weighing (gewogen)
    aard = models.TextField("aard", blank=True)
    ernst = models.TextField("ernst", blank=True)
    risico = models.CharField("risico", max_length=10, choices=Risico.choices, blank=True)
    weging_onderbouwing = models.TextField("onderbouwing van de weging", blank=True)
    # Decision
    monitoren_tot = models.DateField("opnieuw bekijken op", null=True, blank=True)
    afsluitreden = models.CharField("reden van afsluiten", max_length=30, blank=True)
    afsluittoelichting = models.TextField("toelichting bij afsluiten", blank=True)
    besloten_op = models.DateTimeField("besluit genomen op", null=True, blank=True)

    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="geregistreerde_signalen"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)
    gewijzigd_op = models.DateTimeField(default=timezone.now, editable=False)
    # Set when the retention term removed its personal data (``signalen.bewaren``): what is left
    # counts in the figures and is shown nowhere else.
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

    history = HistoricalRecords(m2m_fields=[indicatoren])

    # Set for a page, never stored: the ketenregisseur's list marks what the KR may open.
    leesbaar: bool

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["-datum_geregistreerd", "-id"]
        indexes = [
            models.Index(fields=["gemeente", "status"]),
            models.Index(fields=["gemeente", "-datum_geregistreerd", "-id"]),
        ]

    def __str__(self) -> str:
        return self.referentie

    @property
    def uitbuitingsvormen(self) -> list[str]:
        return [vorm for vorm, veld in VORM_VELDEN.items() if getattr(self, veld)]

    @property
    def uitbuitingsvormen_labels(self) -> list[str]:
        labels = dict(Uitbuitingsvorm.choices)
        return [labels[v] for v in self.uitbuitingsvormen]


class BetrokkenPersoon(models.Model):
    class Soort(models.TextChoices):
        SLACHTOFFER = "slachtoffer", "Mogelijk slachtoffer"
        DADER = "dader", "Mogelijke dader of faciliteerder"

    class Geslacht(models.TextChoices):
        MAN = "man", "Man"
        VROUW = "vrouw", "Vrouw"
        ANDERS = "anders", "Anders"
        ONBEKEND = "onbekend", "Onbekend"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="personen")
    soort = models.CharField("rol in het signaal", max_length=20, choices=Soort.choices)
    naam = models.CharField("naam", max_length=150, blank=True)
    alias = models.CharField("alias of bijnaam", max_length=150, blank=True)
    geboortedatum = models.DateField("geboortedatum", null=True, blank=True)
    geschatte_leeftijd = models.PositiveSmallIntegerField("geschatte leeftijd", null=True, blank=True)
    geslacht = models.CharField("geslacht", max_length=10, choices=Geslacht.choices, blank=True)
    nationaliteit = models.CharField("nationaliteit", max_length=80, blank=True)
    telefoon = models.CharField("telefoonnummer", max_length=30, blank=True)
    adres = models.CharField("adres", max_length=200, blank=True)
    postcode = models.CharField("postcode", max_length=7, blank=True, validators=[POSTCODE])
    huisnummer = models.CharField("huisnummer", max_length=12, blank=True, validators=[HUISNUMMER])
    kenteken = models.CharField("kenteken", max_length=12, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "betrokken persoon"
        verbose_name_plural = "betrokken personen"
        ordering = ["soort", "id"]

    def __str__(self) -> str:
        return self.naam or self.alias or self.get_soort_display()


class Identificator(models.Model):
    """A keyed hash (HMAC) of normalised identifying data, for stacking signals.

    Never the data itself: the hash lets two signals meet without either side
    learning the other's content.
    """

    class Soort(models.TextChoices):
        NAAM_GEBOORTEDATUM = "naam_geboortedatum", "Naam en geboortedatum"
        NAAM_TELEFOON = "naam_telefoon", "Naam en telefoonnummer"
        TELEFOON = "telefoon", "Telefoonnummer"
        NAAM = "naam", "Naam"
        ALIAS = "alias", "Alias"
        KENTEKEN = "kenteken", "Kenteken"
        ADRES = "adres", "Postcode en huisnummer"

    STERK = {Soort.NAAM_GEBOORTEDATUM, Soort.NAAM_TELEFOON, Soort.TELEFOON}

    persoon = models.ForeignKey(BetrokkenPersoon, on_delete=models.CASCADE, related_name="identificatoren")
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="identificatoren")
    soort = models.CharField(max_length=30, choices=Soort.choices)
    waarde_hash = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["soort", "waarde_hash"], name="signalen_ident_opzoeken")]
        constraints = [
            models.UniqueConstraint(fields=["persoon", "soort", "waarde_hash"], name="signalen_ident_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} van persoon {self.persoon_id}"

    @property
    def sterk(self) -> bool:
        return self.soort in self.STERK


class Koppeling(models.Model):
    """Two signals that may be about the same person (0 + 0 + 0 = 1)."""

    class Sterkte(models.TextChoices):
        STERK = "sterk", "Sterke overeenkomst"
        MOGELIJK = "mogelijk", "Mogelijke overeenkomst"

    class Beoordeling(models.TextChoices):
        VOORGESTELD = "voorgesteld", "Voorgesteld"
        BEVESTIGD = "bevestigd", "Bevestigd"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Always stored with signaal_a.pk < signaal_b.pk, so a pair exists once.
    signaal_a = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    signaal_b = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    sterkte = models.CharField(max_length=10, choices=Sterkte.choices)
    soorten = models.JSONField("overeenkomende gegevens", default=list)
    beoordeling = models.CharField(
        max_length=20, choices=Beoordeling.choices, default=Beoordeling.VOORGESTELD
    )
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    gevonden_op = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    # Set for a page, never stored (``services.stapeling_voor`` and the signal's page):
    # the pair's other signal, its matching kinds as labels, and whether the AF reviews it.
    ander: Signaal
    soorten_labels: list[str]
    te_beoordelen: bool

    class Meta:
        verbose_name = "koppeling"
        verbose_name_plural = "koppelingen"
        constraints = [
            models.UniqueConstraint(fields=["signaal_a", "signaal_b"], name="signalen_koppeling_uniek"),
            models.CheckConstraint(
                condition=models.Q(signaal_a__lt=models.F("signaal_b")), name="signalen_koppeling_geordend"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signaal_a_id} ~ {self.signaal_b_id} ({self.sterkte})"


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

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="gebeurtenissen")
    tijdstip = models.DateTimeField(default=timezone.now)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    omschrijving = models.CharField(max_length=300)

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return self.omschrijving


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

    history = HistoricalRecords()

    # Set for the signal's page, never stored: the form to record the next feedback.
    formulier: forms.Form

    class Meta:
        verbose_name = "doorverwijzing"
        verbose_name_plural = "doorverwijzingen"
        ordering = ["datum", "id"]
        indexes = [models.Index(fields=["bestemming", "regio", "terugkoppeling"])]

    def __str__(self) -> str:
        return f"{self.signaal} → {self.get_bestemming_display()}"

    @property
    def wacht_op_terugkoppeling(self) -> bool:
        return self.terugkoppeling in (self.Terugkoppeling.VERSTUURD, self.Terugkoppeling.ONTVANGEN)


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
