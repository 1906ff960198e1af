"""Stacking: the keyed hashes of a person's identifying data and the pairs of signals they link."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    pass

from signalen.models.signaal import BetrokkenPersoon, Signaal


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
    # What a kind of match already says: "naam en geboortedatum" needs no "naam" beside it.
    OMVAT = {Soort.NAAM_GEBOORTEDATUM: {Soort.NAAM}, Soort.NAAM_TELEFOON: {Soort.NAAM, Soort.TELEFOON}}

    persoon = models.ForeignKey(BetrokkenPersoon, on_delete=models.CASCADE, related_name="identificatoren")
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="identificatoren")
    soort = models.CharField(max_length=30, choices=Soort.choices)
    waarde_hash = models.CharField(max_length=64)

    class Meta:
        # Covering: stacking reads a hash's signals from the index alone (PostgreSQL; issue 16: a
        # common name's few hundred rows were as many heap pages at 1M identifiers).
        indexes = [
            models.Index(fields=["soort", "waarde_hash"], include=["signaal"], name="signalen_ident_opzoeken")
        ]
        constraints = [
            models.UniqueConstraint(fields=["persoon", "soort", "waarde_hash"], name="signalen_ident_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} van persoon {self.persoon_id}"

    @classmethod
    def specifiekste(cls, soorten: list[str]) -> list[str]:
        """The kinds without those a more specific one of them says ("naam" beside "naam en
        geboortedatum"), in their order."""
        gezegd: set[str] = set().union(*(cls.OMVAT.get(cls.Soort(s), set()) for s in soorten))
        return [s for s in soorten if s not in gezegd]

    @classmethod
    def overeenkomst_labels(cls, soorten: list[str]) -> list[str]:
        """The labels of a pair's matching kinds, each said once."""
        return [cls.Soort(s).label for s in cls.specifiekste(soorten)]

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
    # A pair across two holders (no one may edit both signals) is confirmed by the holder of each
    # signal, after a contact request was accepted: the pair is BEVESTIGD once both sides said so,
    # AFGEWEZEN as soon as one side rejects it (``services.koppeling_beoordelen``).
    bevestigd_a_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bevestigd_a_op = models.DateTimeField(null=True, blank=True)
    bevestigd_b_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bevestigd_b_op = models.DateTimeField(null=True, blank=True)

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

    def kant(self, signaal_id: int) -> str:
        """ "a" or "b": which side of the pair a signal is."""
        return "a" if signaal_id == self.signaal_a_id else "b"

    def ander_id(self, signaal_id: int) -> int:
        return self.signaal_b_id if signaal_id == self.signaal_a_id else self.signaal_a_id

    def bevestigd_door_kant(self, signaal_id: int) -> bool:
        return getattr(self, f"bevestigd_{self.kant(signaal_id)}_op") is not None


class Contactverzoek(models.Model):
    """An AF asks the holder of a signal outside their reach, that stacking paired with theirs,
    to get in touch (issue 18 point 1).

    Until the request is accepted, neither side sees anything of the other signal but the
    contact of its aandachtsfunctionaris; accepted, both see each other's reference so they can
    talk, and each may then confirm or reject the pair for their own signal. Each side of a pair
    asks at most once (a declined request is not repeated; the ketenregisseur can broker), and
    after an accepted request neither needs to. No free text: the request carries no content.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Wacht op antwoord"
        AANGENOMEN = "aangenomen", "Aangenomen"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    koppeling = models.ForeignKey(Koppeling, on_delete=models.CASCADE, related_name="contactverzoeken")
    van_signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    aan_signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The contact the request was addressed (and mailed) to; any AF who holds the signal may answer.
    aan = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangevraagd_op = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    # When the mail to ``aan`` went out (the task sends it once; see ``signalen.tasks``).
    gemaild_op = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contactverzoek"
        verbose_name_plural = "contactverzoeken"
        constraints = [
            models.UniqueConstraint(
                fields=["koppeling", "van_signaal"], name="signalen_contactverzoek_per_kant"
            )
        ]
        indexes = [models.Index(fields=["aan_signaal", "status"], name="signalen_contact_aan")]

    def __str__(self) -> str:
        return f"contactverzoek {self.van_signaal_id} -> {self.aan_signaal_id} ({self.status})"
