"""The shared kernel: people, places, roles and the access log."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from mensenhandel.bewaartermijnen import STANDAARD, Termijnsoort, maanden_tekst
from mensenhandel.rollen import Rol

__all__ = ["Rol"]  # re-exported: the role is part of the kernel's model vocabulary


class GebruikerManager(BaseUserManager["Gebruiker"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Gebruiker:
        if not email:
            raise ValueError("Een gebruiker heeft een e-mailadres nodig.")
        gebruiker = self.model(email=self.normalize_email(email).lower(), **extra)
        gebruiker.set_password(password)
        gebruiker.full_clean(exclude=["password"])
        gebruiker.save(using=self._db)
        return gebruiker

    def get_by_natural_key(self, username: str | None) -> Gebruiker:
        return self.get(email__iexact=username)


class Gebruiker(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Login is by e-mail address; the role is a group."""

    email = models.EmailField("e-mailadres", unique=True)
    naam = models.CharField("naam", max_length=150)
    organisatie = models.ForeignKey(
        "Organisatie",
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
    )
    is_active = models.BooleanField(
        "actief",
        default=True,
        help_text="Zet uit om de toegang direct te beëindigen; de gebruiker blijft bewaard.",
    )
    is_staff = models.BooleanField("toegang tot beheer", default=False, editable=False)
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = GebruikerManager()

    # Set on every request's user by django-otp's OTPMiddleware: logged in with a second factor.
    is_verified: Callable[[], bool]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.email})"

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.naam

    def get_short_name(self) -> str:
        return self.naam.split(" ")[0] if self.naam else self.email

    @property
    def rol(self) -> Rol | None:
        """The user's role, from their group; None without one. Cached per request."""
        if not hasattr(self, "_rol_cache"):
            labels = {r.label: r for r in Rol}
            namen = [g.name for g in self.groups.all() if g.name in labels]
            self._rol_cache = labels[namen[0]] if len(namen) == 1 else None
        return self._rol_cache


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


class Bewaartermijn(models.Model):
    """A regio's own retention term for one kind of record, within the kind's bounds.

    Without one the default applies (``mensenhandel.bewaartermijnen.STANDAARD``). Set by the
    functioneel beheerder; every change is in the history.
    """

    regio = models.ForeignKey(
        Regio, verbose_name="regio", on_delete=models.CASCADE, related_name="bewaartermijnen"
    )
    soort = models.CharField("soort gegevens", max_length=40, choices=Termijnsoort.choices)
    maanden = models.PositiveSmallIntegerField("bewaartermijn in maanden")
    toelichting = models.CharField("grond voor deze termijn", max_length=300)
    gewijzigd_door = models.ForeignKey(
        Gebruiker, verbose_name="gewijzigd door", on_delete=models.PROTECT, related_name="+"
    )
    gewijzigd_op = models.DateTimeField("gewijzigd op", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bewaartermijn"
        verbose_name_plural = "bewaartermijnen"
        ordering = ["regio__naam", "soort"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "soort"], name="een_bewaartermijn_per_regio_en_soort")
        ]

    def __str__(self) -> str:
        return f"{self.regio}: {self.get_soort_display()} {maanden_tekst(self.maanden)}"

    def clean(self) -> None:
        super().clean()
        standaard = STANDAARD.get(Termijnsoort(self.soort)) if self.soort in Termijnsoort.values else None
        if (
            standaard is not None
            and self.maanden is not None
            and not standaard.minimaal <= self.maanden <= standaard.maximaal
        ):
            laag, hoog = maanden_tekst(standaard.minimaal), maanden_tekst(standaard.maximaal)
            raise ValidationError(
                {
                    "maanden": (
                        f"Kies voor deze soort een termijn van {laag} tot en met {hoog} "
                        f"({standaard.minimaal} tot en met {standaard.maximaal} maanden)."
                    )
                }
            )


class Bewaarblokkade(models.Model):
    """A hold: a record stays past its retention term until ``tot`` (a running criminal case, say).

    The aandachtsfunctionaris or zorgcoördinator of the record asks for it; the functioneel
    beheerder places it (or places one directly). Only a hold that is ``actief`` and not past
    ``tot`` stops the removal.
    """

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        ACTIEF = "actief", "Actief"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        OPGEHEVEN = "opgeheven", "Opgeheven"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The record held: its model ("signalen.signaal") and uuid, and its reference as shown.
    object_type = models.CharField("soort gegeven", max_length=100)
    object_uuid = models.UUIDField("gegeven")
    referentie = models.CharField("referentie", max_length=40)
    reden = models.TextField("reden")
    tot = models.DateField("tot en met")
    status = models.CharField("status", max_length=20, choices=Status.choices)
    aangevraagd_door = models.ForeignKey(Gebruiker, on_delete=models.PROTECT, related_name="+")
    aangevraagd_op = models.DateTimeField(default=timezone.now)
    beoordeeld_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bewaarblokkade"
        verbose_name_plural = "bewaarblokkades"
        ordering = ["-aangevraagd_op", "-id"]
        indexes = [models.Index(fields=["object_type", "object_uuid"])]

    def __str__(self) -> str:
        return f"blokkade {self.referentie} tot {self.tot:%d-%m-%Y} ({self.get_status_display()})"


class Afwijkingsdrempels(models.Model):
    """The privacy officer's thresholds for the report of unusual access (one row)."""

    factor = models.DecimalField(
        "meer dan zoveel keer de mediaan van collega's met dezelfde rol",
        max_digits=4,
        decimal_places=1,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    minimum_per_dag = models.PositiveSmallIntegerField(
        "en minstens zoveel inzagen op een dag",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    kantoor_van = models.TimeField("kantoortijd vanaf", default=datetime.time(7, 0))
    kantoor_tot = models.TimeField("kantoortijd tot", default=datetime.time(19, 0))
    dagen = models.PositiveSmallIntegerField(
        "over de laatste zoveel dagen", default=30, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    gewijzigd_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "drempels voor afwijkende toegang"
        verbose_name_plural = "drempels voor afwijkende toegang"

    def __str__(self) -> str:
        return f"drempels: {self.factor}× mediaan, min. {self.minimum_per_dag}/dag"

    def clean(self) -> None:
        super().clean()
        if (
            self.kantoor_van is not None
            and self.kantoor_tot is not None
            and self.kantoor_van >= self.kantoor_tot
        ):
            raise ValidationError({"kantoor_tot": "Het einde van de kantoortijd moet na het begin liggen."})

    @classmethod
    def huidige(cls) -> Afwijkingsdrempels:
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Inzageverzoek(models.Model):
    """A person's request for their data (art. 15 AVG), as the privacy officer handled it.

    Holds no name or date of birth: the request's own reference (the gemeente's case number,
    say), when it came in, who searched, and references to what was found, so that the
    documents can be made again and the handling can be shown (art. 5(2), 12 AVG).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kenmerk = models.CharField("kenmerk van het verzoek", max_length=60)
    ontvangen_op = models.DateField("verzoek ontvangen op")
    door = models.ForeignKey(Gebruiker, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField("gezocht op", default=timezone.now)
    # What was found: [{"bron": "<app label>", "uuid": "<record uuid>", "zeker": bool}, …]
    treffers = models.JSONField("gevonden gegevens", default=list)

    class Meta:
        verbose_name = "inzageverzoek"
        verbose_name_plural = "inzageverzoeken"
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"inzageverzoek {self.kenmerk} ({self.tijdstip:%d-%m-%Y})"
