"""A care trajectory: phases, the three pillars and closing."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Regio
from zorgcoordinatie.models.client import Client


class Fase(models.TextChoices):
    INTAKE = "intake", "Intake"
    HULPVERLENING = "hulpverlening", "Hulpverlening"
    AFRONDING = "afronding", "Afronding"
    AFGESLOTEN = "afgesloten", "Afgesloten"


# The dates the phases follow from (``open_fasen``).
FASEVELDEN = (
    "intake_start",
    "intake_eind",
    "hulpverlening_start",
    "hulpverlening_eind",
    "afronding_start",
    "afgesloten_op",
)


def open_fasen(
    *,
    intake_start: date | None,
    intake_eind: date | None,
    hulpverlening_start: date | None,
    hulpverlening_eind: date | None,
    afronding_start: date | None,
    afgesloten_op: date | None,
) -> list[Fase]:
    """The phases open now, from a trajectory's dates; intake and hulpverlening may both be open."""
    if afgesloten_op:
        return [Fase.AFGESLOTEN]
    fasen: list[Fase] = []
    if intake_start and not intake_eind:
        fasen.append(Fase.INTAKE)
    if hulpverlening_start and not hulpverlening_eind:
        fasen.append(Fase.HULPVERLENING)
    if afronding_start:
        fasen.append(Fase.AFRONDING)
    return fasen


class Traject(models.Model):
    class Opvang(models.TextChoices):
        GEEN = "", "Geen opvang"
        COSM = "cosm", "COSM (categorale opvang)"
        OMM = "omm", "OMM (opvang slachtoffers met multiproblematiek)"
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

    # Set when the retention term removed its personal data (``zorgcoordinatie.bewaren``).
    vernietigd_op = models.DateTimeField(
        "persoonsgegevens vernietigd op", null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["regio", "afgesloten_op"]),
            models.Index(fields=["volgende_evaluatie"]),
            # The caseload's page: a regio's open trajectories, newest first. Without it the planner
            # walked the primary key backwards and filtered out every other regio's and every closed
            # trajectory on the way (9,721 rows for one page at 100,000 signals, issue 16).
            models.Index(
                fields=["regio", "id"],
                name="traject_open_caseload",
                condition=models.Q(afgesloten_op__isnull=True, vernietigd_op__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Traject {self.client.dossiernummer}"

    @property
    def open_fasen(self) -> list[Fase]:
        """The phases open now; intake and hulpverlening may both be open."""
        return open_fasen(**{veld: getattr(self, veld) for veld in FASEVELDEN})

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
