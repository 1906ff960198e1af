"""The signal, its indicators and the persons involved."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Gemeente
from signalen.keuzes import (
    VORM_VELDEN,
    Bron,
    JaNeeOnbekend,
    Melder,
    Reikwijdte,
    Risico,
    Sector,
    Status,
    melder_van,
    vormlabels,
)

if TYPE_CHECKING:
    pass


POSTCODE = RegexValidator(r"^\d{4}\s?[A-Za-z]{2}$", "Vul een postcode in zoals 1234 AB.")
HUISNUMMER = RegexValidator(
    r"^\d{1,5}(\s?[A-Za-z0-9-]{1,6})?$", "Vul een huisnummer in, eventueel met toevoeging, zoals 12 of 12A."
)


def melder_dagen() -> int:
    """Days a reporter may wait for feedback before the AF's list flags the signal."""
    return int(settings.SIGNALEN_MELDER_TERUGKOPPELING_DAGEN)


def melder_grens() -> date:
    """Signals registered before this day whose reporter had no feedback are flagged."""
    return timezone.localdate() - timedelta(days=melder_dagen())


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


# The status in a list as a badge (NL Design System's status badge variants): to act on, waiting,
# or done.
STATUS_BADGES: dict[str, str] = {
    Status.NIEUW: "warning",
    Status.IN_ONDERZOEK: "warning",
    Status.GEWOGEN: "warning",
    Status.BESLOTEN: "neutral",
    Status.LOPEND: "neutral",
    Status.AFGESLOTEN: "inactive",
}


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
    # Kept by ``melder_terugkoppeling_vastleggen``, never by a form: the days from registration to
    # the first feedback to the reporter (None: none yet). The list's flag and the figure read it
    # from the row itself, without a query per row (issue 18).
    melder_teruggekoppeld_na = models.PositiveIntegerField(null=True, blank=True, editable=False)
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
    # News for the signal's owner (issue 17): when feedback or a table decision last arrived from
    # someone else, and when the owner last opened the signal. The list marks the difference.
    nieuws_op = models.DateTimeField(null=True, blank=True, editable=False)
    eigenaar_gezien_op = models.DateTimeField(null=True, blank=True, editable=False)

    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="geregistreerde_signalen",
        db_index=False,  # served by the index (geregistreerd_door, gemeente) below
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

    # Kept by stacking (``signalen.services.stapeling``), never by a form. Set once a pair links
    # this signal with a signal of another gemeente and never cleared: the AF's start page looks
    # for hits outside their reach among these signals only, so a stale mark costs a look, never
    # a wrong answer (issue 16).
    treffer_buiten_gemeente = models.BooleanField(default=False, editable=False)
    # Name-only matches past STAPELING_MOGELIJK_MAXIMUM that stacking counted but did not record.
    mogelijk_niet_gekoppeld = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(
        m2m_fields=[indicatoren], excluded_fields=["treffer_buiten_gemeente", "mogelijk_niet_gekoppeld"]
    )

    # Set for a page, never stored: the ketenregisseur's list marks what the KR may open.
    leesbaar: bool

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["-datum_geregistreerd", "-id"]
        indexes = [
            models.Index(fields=["gemeente", "status"]),
            models.Index(fields=["gemeente", "-datum_geregistreerd", "-id"]),
            # The start page (issue 16): the counts per status of the signals still kept, read from
            # the index alone; an AF's registrations outside their gemeenten; the hits box.
            models.Index(
                fields=["gemeente", "status"],
                condition=models.Q(vernietigd_op__isnull=True),
                name="signalen_bewaard_status",
            ),
            models.Index(
                fields=["geregistreerd_door", "gemeente"], include=["id"], name="signalen_door_gemeente"
            ),
            models.Index(
                fields=["gemeente", "-id"],
                condition=models.Q(treffer_buiten_gemeente=True, vernietigd_op__isnull=True),
                name="signalen_treffer_elders",
            ),
            # Reporters still waiting for feedback (the list's filter, "Mijn werk"), per gemeente.
            models.Index(
                fields=["gemeente", "datum_geregistreerd"],
                condition=models.Q(melder_teruggekoppeld_na__isnull=True, vernietigd_op__isnull=True)
                & ~models.Q(bron=Bron.ANONIEM),
                name="signalen_melder_wacht",
            ),
            # The owner's news ("Mijn werk", ``signalen.werk``): the few signals with news, per owner.
            models.Index(
                fields=["geregistreerd_door", "nieuws_op"],
                condition=models.Q(nieuws_op__isnull=False, vernietigd_op__isnull=True),
                name="signalen_nieuws_eigenaar",
            ),
        ]

    def __str__(self) -> str:
        return self.referentie

    @property
    def uitbuitingsvormen(self) -> list[str]:
        return [vorm for vorm, veld in VORM_VELDEN.items() if getattr(self, veld)]

    @property
    def nieuws_voor_eigenaar(self) -> bool:
        """Whether feedback or a table decision arrived since the owner last opened the signal."""
        if self.nieuws_op is None:
            return False
        return self.eigenaar_gezien_op is None or self.eigenaar_gezien_op < self.nieuws_op

    @property
    def melder(self) -> Melder:
        return melder_van(self.bron)

    @property
    def melder_wacht_op_terugkoppeling(self) -> bool:
        """The reporter (not anonymous) has had no feedback, more than the configured number of
        days after registration: read from the row, no query."""
        return self.melder_wacht_sinds_voor(melder_grens())

    def melder_wacht_sinds_voor(self, grens: date) -> bool:
        """``melder_wacht_op_terugkoppeling`` for a ``melder_grens`` worked out once for many."""
        return (
            self.bron != Bron.ANONIEM
            and self.melder_teruggekoppeld_na is None
            and self.vernietigd_op is None
            and self.datum_geregistreerd < grens
        )

    @property
    def status_badge(self) -> str:
        """The Utrecht status badge variant of the signal's status in a list: what still needs
        the AF stands out, what is done recedes."""
        return STATUS_BADGES.get(self.status, "neutral")

    @property
    def uitbuitingsvormen_labels(self) -> list[str]:
        return vormlabels({veld: getattr(self, veld) for veld in VORM_VELDEN.values()})


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
