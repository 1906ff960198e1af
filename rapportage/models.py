"""The halfjaarrapportage: one record per version of a report of one regio over one period.

A report is asked for (by the ketenregisseur, or by the schedule), made by a Celery task
(``rapportage.tasks.rapport_maken``) and stored as a PDF in a private folder
(``rapportage.opslag``). Making a report again for the same regio and period gives a new
version; one version per period can be "vastgesteld", after which it cannot be deleted or
made again. A user's changes go through ``rapportage.services``, the worker's steps (taken
up, progress, klaar, mislukt) through ``rapportage.tasks``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.models import Regio
from mensenhandel.periode import datum_tekst, met_lidwoord
from rapportage import opslag
from rapportage.opslag import Bestandssoort


class Periodesoort(models.TextChoices):
    EERSTE_HALFJAAR = "eerste_halfjaar", "Eerste halfjaar"
    TWEEDE_HALFJAAR = "tweede_halfjaar", "Tweede halfjaar"
    EIGEN = "eigen", "Eigen periode"


class Status(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", "Aangevraagd"
    BEZIG = "bezig", "Bezig"
    KLAAR = "klaar", "Klaar"
    MISLUKT = "mislukt", "Mislukt"

    @classmethod
    def lopend(cls) -> set[str]:
        """Not finished yet: the page keeps showing progress."""
        return {cls.AANGEVRAAGD, cls.BEZIG}


@dataclass(frozen=True)
class Opgeslagen:
    """One stored file of a report: its name inside settings.RAPPORTEN_ROOT, size, checksum."""

    soort: Bestandssoort
    naam: str
    grootte: int
    sha256: str


class Rapport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    regio = models.ForeignKey(Regio, verbose_name="regio", on_delete=models.PROTECT, related_name="rapporten")
    soort = models.CharField("soort periode", max_length=20, choices=Periodesoort.choices)
    van = models.DateField("van")
    tot = models.DateField("tot en met")
    versie = models.PositiveIntegerField("versie")

    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.AANGEVRAAGD)
    voortgang = models.PositiveSmallIntegerField(
        "voortgang (procent)", default=0, validators=[MaxValueValidator(100)]
    )
    foutmelding = models.TextField("foutmelding", blank=True)
    # Its worker stopped while making it (no heartbeat), and it was put back in the queue to
    # be made again: the page says so.
    onderbroken = models.BooleanField("onderbroken", default=False, editable=False)

    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="aangevraagd door",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leeg: gemaakt volgens het schema (1 januari en 1 juli).",
    )
    aangevraagd_op = models.DateTimeField("aangevraagd op", default=timezone.now)
    automatisch = models.BooleanField("volgens schema gemaakt", default=False, editable=False)
    # Sending and running: how often the task was sent to the broker and taken up by a
    # worker (a redelivered task counts again), and when.
    verstuurd_op = models.DateTimeField("laatst verstuurd op", null=True, blank=True, editable=False)
    keer_verstuurd = models.PositiveSmallIntegerField("keer verstuurd", default=0, editable=False)
    pogingen = models.PositiveSmallIntegerField("pogingen", default=0, editable=False)
    gestart_op = models.DateTimeField("gestart op", null=True, blank=True)
    # The broker could not take the last sending (it was down): the request waits in the
    # database, and the periodic check sends it once the broker is back.
    niet_verstuurd = models.BooleanField("wachtrij onbereikbaar", default=False, editable=False)
    # The Celery task id of the delivery that took the report up, and that delivery's last
    # sign of life. Another delivery (a resend, a redelivered message) leaves it alone; the
    # periodic check puts it back in the queue when the heartbeat stops.
    taak_id = models.CharField("taak", max_length=64, blank=True, editable=False)
    hartslag_op = models.DateTimeField("laatste teken van leven", null=True, blank=True, editable=False)
    klaar_op = models.DateTimeField("klaar op", null=True, blank=True)

    # The PDF: its name inside settings.RAPPORTEN_ROOT (derived from the uuid), size and checksum.
    bestand = models.CharField("bestand", max_length=100, blank=True, editable=False)
    grootte = models.PositiveIntegerField("grootte (bytes)", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    # The figures as CSV and XLSX, made by the same task from the same gathering as the PDF and
    # stored beside it (``<uuid>.csv``, ``<uuid>.xlsx``). Empty when they could not be made:
    # the PDF is still there.
    csv_grootte = models.PositiveIntegerField("grootte CSV (bytes)", null=True, blank=True, editable=False)
    csv_sha256 = models.CharField("SHA-256 CSV", max_length=64, blank=True, editable=False)
    xlsx_grootte = models.PositiveIntegerField("grootte XLSX (bytes)", null=True, blank=True, editable=False)
    xlsx_sha256 = models.CharField("SHA-256 XLSX", max_length=64, blank=True, editable=False)

    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vastgesteld door",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    vastgesteld_op = models.DateTimeField("vastgesteld op", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["voortgang", "hartslag_op"])

    class Meta:
        verbose_name = "rapportage"
        verbose_name_plural = "rapportages"
        ordering = ["regio__naam", "-van", "-tot", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["regio", "van", "tot", "versie"], name="rapportage_rapport_versie_uniek"
            ),
            models.UniqueConstraint(
                fields=["regio", "van", "tot"],
                condition=Q(vastgesteld_op__isnull=False),
                name="rapportage_rapport_een_vastgestelde_versie",
            ),
            # The schedule makes a period's report once, however often beat fires.
            models.UniqueConstraint(
                fields=["regio", "van", "tot"],
                condition=Q(automatisch=True),
                name="rapportage_rapport_een_automatische_versie",
            ),
            models.CheckConstraint(condition=Q(tot__gte=F("van")), name="rapportage_rapport_periode_geldig"),
            models.CheckConstraint(condition=Q(voortgang__lte=100), name="rapportage_rapport_voortgang"),
            models.CheckConstraint(condition=Q(versie__gte=1), name="rapportage_rapport_versie_positief"),
            models.CheckConstraint(
                condition=~Q(status=Status.KLAAR) | (~Q(bestand="") & ~Q(sha256="")),
                name="rapportage_rapport_klaar_met_bestand",
            ),
            models.CheckConstraint(
                condition=Q(vastgesteld_op__isnull=True) | Q(status=Status.KLAAR),
                name="rapportage_rapport_alleen_klaar_vastgesteld",
            ),
        ]
        indexes = [models.Index(fields=["status", "gestart_op"])]

    def __str__(self) -> str:
        return f"{self.regio} {self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y} versie {self.versie}"

    @property
    def vastgesteld(self) -> bool:
        return self.vastgesteld_op is not None

    @property
    def lopend(self) -> bool:
        return self.status in Status.lopend()

    @property
    def periode_label(self) -> str:
        """E.g. "eerste halfjaar 2026" or "3 februari 2026 tot en met 15 mei 2026"."""
        if self.soort == Periodesoort.EERSTE_HALFJAAR:
            return f"eerste halfjaar {self.van.year}"
        if self.soort == Periodesoort.TWEEDE_HALFJAAR:
            return f"tweede halfjaar {self.van.year}"
        return f"{datum_tekst(self.van)} tot en met {datum_tekst(self.tot)}"

    @property
    def periode_met_lidwoord(self) -> str:
        """As it reads in a sentence: "het eerste halfjaar 2026", "de periode van … tot en met …"."""
        return met_lidwoord(self.periode_label)

    @property
    def heeft_cijfers(self) -> bool:
        """Whether the figures were stored with the PDF."""
        return all(self.opgeslagen(soort) is not None for soort in (Bestandssoort.CSV, Bestandssoort.XLSX))

    def opgeslagen(self, soort: Bestandssoort) -> Opgeslagen | None:
        """The stored file of ``soort``, or None when the report has none (yet)."""
        naam = self.bestand if soort == Bestandssoort.PDF else opslag.naam_voor(self.uuid, soort)
        grootte, sha256 = {
            Bestandssoort.PDF: (self.grootte, self.sha256),
            Bestandssoort.CSV: (self.csv_grootte, self.csv_sha256),
            Bestandssoort.XLSX: (self.xlsx_grootte, self.xlsx_sha256),
        }[soort]
        if self.status != Status.KLAAR or not naam or not sha256 or grootte is None:
            return None
        return Opgeslagen(soort, naam, grootte, sha256)

    def bestanden(self) -> list[Opgeslagen]:
        """Every stored file of the report: the PDF first, then the figures if stored."""
        return [b for soort in Bestandssoort if (b := self.opgeslagen(soort)) is not None]

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # The service refuses with a message; this guards every other path.
        if self.vastgesteld:
            raise PermissionError("Een vastgestelde rapportage kan niet worden verwijderd.")
        return super().delete(*args, **kwargs)


class Rapportopening(models.Model):
    """That a ketenregisseur downloaded a report (its PDF or its figures), once per person: a
    report that is klaar and not yet opened by them is on their work list (``rapportage.werk``)."""

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="openingen")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    op = models.DateTimeField("eerst geopend op", default=timezone.now)

    class Meta:
        verbose_name = "geopende rapportage"
        verbose_name_plural = "geopende rapportages"
        constraints = [
            models.UniqueConstraint(fields=["rapport", "gebruiker"], name="rapportage_opening_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.rapport} geopend door {self.gebruiker_id}"
