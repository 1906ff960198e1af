"""The access log (after NEN 7513) and the trail of access grants."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from mensenhandel.models.gebruikers import Gebruiker
from mensenhandel.models.plaatsen import Regio
from mensenhandel.rollen import Rol


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")


class ToegangsLog(models.Model):
    """Who did what with which personal data, when and where (after NEN 7513).

    Append-only: rows are never changed or removed by the application; on PostgreSQL a
    trigger refuses it in the database too.
    """

    class Actie(models.TextChoices):
        BEKIJKEN = "bekijken", "Bekijken"
        ZOEKEN = "zoeken", "Zoeken"
        EXPORTEREN = "exporteren", "Exporteren"
        AFDRUKKEN = "afdrukken", "Afdrukken"
        WIJZIGEN = "wijzigen", "Wijzigen"
        INLOGGEN = "inloggen", "Inloggen"
        UITLOGGEN = "uitloggen", "Uitloggen"
        BEHEER = "beheer", "Beheerhandeling"
        VERNIETIGEN = "vernietigen", "Vernietigen (bewaartermijn)"

    class Uitkomst(models.TextChoices):
        TOEGESTAAN = "toegestaan", "Toegestaan"
        GEWEIGERD = "geweigerd", "Geweigerd"
        MISLUKT = "mislukt", "Mislukt"
        GEBLOKKEERD = "geblokkeerd", "Geblokkeerd"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tijdstip = models.DateTimeField("tijdstip (UTC)", default=timezone.now, db_index=True)
    gebruiker = models.ForeignKey(
        Gebruiker,
        verbose_name="gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rol = models.CharField("rol", max_length=30, blank=True)
    actie = models.CharField("actie", max_length=20, choices=Actie.choices)
    uitkomst = models.CharField("uitkomst", max_length=20, choices=Uitkomst.choices)
    object_type = models.CharField("soort gegeven", max_length=100, blank=True)
    object_id = models.CharField("id van het gegeven", max_length=64, blank=True)
    scherm = models.CharField("scherm", max_length=200, blank=True)
    ip_adres = models.GenericIPAddressField("IP-adres", null=True, blank=True)
    toelichting = models.CharField("toelichting", max_length=200, blank=True)
    # What a list page showed, as "<soort>:<id>" (NEN 7513: every view of personal data,
    # also in a list); ``object_id`` names one record, this the rows of a list.
    getoond = models.JSONField("getoonde gegevens", default=list, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        ordering = ["-tijdstip", "-id"]
        # The manager Django uses internally (related lookups, bulk paths) refuses changes too.
        base_manager_name = "objects"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M:%S} {self.actie} {self.uitkomst}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Een regel in het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Een regel in het toegangslog kan niet worden verwijderd.")


class Toegangswijziging(models.Model):
    """One grant, change or withdrawal of a user's role and scope: who, whom, before, after, when.

    The trail of who may see what (BIO, NEN 7513). A change that opens personal data (a role
    or scope of an aandachtsfunctionaris, a zorgcoördinator, or a ketenregisseur in a regio
    that allows casework) waits for a second functioneel beheerder when the installation asks
    for two (``TOEGANG_TWEE_BEHEERDERS``); everything else takes effect at once. Rows are
    never removed; a request that waits is approved, declined or superseded.
    """

    class Soort(models.TextChoices):
        ROL = "rol", "Rol en bereik van een gebruiker"
        CASUISTIEK = "casuistiek", "Casuïstiek voor de ketenregisseurs van een regio"

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht op goedkeuring"
        DOORGEVOERD = "doorgevoerd", "Doorgevoerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        VERVALLEN = "vervallen", "Vervallen (vervangen door een nieuwere wijziging)"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    soort = models.CharField("soort", max_length=20, choices=Soort.choices, default=Soort.ROL)
    # A user's role and scope (soort "rol"), or a regio's casework setting (soort "casuistiek"),
    # which opens case data to every ketenregisseur of the regio at once.
    gebruiker = models.ForeignKey(
        Gebruiker,
        verbose_name="gebruiker",
        on_delete=models.PROTECT,
        null=True,
        related_name="toegangswijzigingen",
    )
    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.PROTECT, null=True, related_name="toegangswijzigingen"
    )
    # None: by the system (installation, demo data, a management command).
    aangevraagd_door = models.ForeignKey(
        Gebruiker, verbose_name="aangevraagd door", on_delete=models.PROTECT, null=True, related_name="+"
    )
    aangevraagd_op = models.DateTimeField("aangevraagd op", default=timezone.now, db_index=True)
    # "rol": {"rol": "<value or ''>", "gemeenten": [[pk, "naam"], …], "regios": [[pk, "naam"], …]}
    # "casuistiek": {"casuistiek": true/false}
    voor = models.JSONField("rol en bereik voor de wijziging")
    na = models.JSONField("rol en bereik na de wijziging")
    opent_persoonsgegevens = models.BooleanField("opent persoonsgegevens", default=False)
    status = models.CharField("status", max_length=20, choices=Status.choices)
    beoordeeld_door = models.ForeignKey(
        Gebruiker, verbose_name="beoordeeld door", on_delete=models.PROTECT, null=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField("beoordeeld op", null=True)
    toelichting = models.CharField("toelichting bij de beoordeling", max_length=500, blank=True)
    doorgevoerd_op = models.DateTimeField("doorgevoerd op", null=True)

    class Meta:
        verbose_name = "toegangswijziging"
        verbose_name_plural = "toegangswijzigingen"
        ordering = ["-aangevraagd_op", "-id"]
        constraints = [
            # At most one request per user waits at a time; a newer one supersedes it.
            models.UniqueConstraint(
                fields=["gebruiker"],
                condition=models.Q(status="wacht"),
                name="een_wachtende_toegangswijziging_per_gebruiker",
            ),
            models.UniqueConstraint(
                fields=["regio"],
                condition=models.Q(status="wacht"),
                name="een_wachtende_toegangswijziging_per_regio",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(soort="rol", gebruiker__isnull=False, regio__isnull=True)
                    | models.Q(soort="casuistiek", gebruiker__isnull=True, regio__isnull=False)
                ),
                name="toegangswijziging_over_gebruiker_of_regio",
            ),
        ]

    def __str__(self) -> str:
        return f"toegangswijziging {self.uuid} ({self.get_status_display()})"

    @property
    def onderwerp(self) -> str:
        if self.soort == self.Soort.CASUISTIEK:
            return f"Ketenregisseurs van regio {self.regio.naam if self.regio else '?'}"
        return f"{self.gebruiker.naam} ({self.gebruiker.email})" if self.gebruiker else "?"

    @staticmethod
    def _tekst(toegang: dict[str, Any]) -> str:
        if "casuistiek" in toegang:
            return "Mogen casuïstiek inzien" if toegang["casuistiek"] else "Geen casuïstiek (alleen cijfers)"
        rol = Rol(toegang["rol"]).label if toegang["rol"] else "Geen rol"
        namen = [naam for _, naam in [*toegang["gemeenten"], *toegang["regios"]]]
        return f"{rol}: {', '.join(namen)}" if namen else rol

    @property
    def voor_tekst(self) -> str:
        return self._tekst(self.voor)

    @property
    def na_tekst(self) -> str:
        return self._tekst(self.na)


class Toegangslogtermijn(models.Model):
    """How long the access log keeps a row, where the database's own trigger reads it (one row).

    Written by ``manage.py migrate`` from ``TOEGANGSLOG_BEWAARTERMIJN_MAANDEN``, as the database
    owner; the application's role only reads it (``mensenhandel.toegangslog``)."""

    maanden = models.PositiveSmallIntegerField("bewaartermijn in maanden")
    gewijzigd_op = models.DateTimeField("ingesteld op", default=timezone.now)

    class Meta:
        verbose_name = "bewaartermijn van het toegangslog"
        verbose_name_plural = "bewaartermijn van het toegangslog"

    def __str__(self) -> str:
        return f"toegangslog: {self.maanden} maanden"
