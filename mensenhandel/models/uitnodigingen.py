"""Invitations: a new user's one-time link to choose a password and enrol the second factor."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from mensenhandel.models.gebruikers import Gebruiker


class Uitnodiging(models.Model):
    """One invitation e-mail: only a hash of its link's token is kept.

    Open until it is used, revoked, replaced by a newer one, or past ``verloopt_op``.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GEBRUIKT = "gebruikt", "Gebruikt"
        INGETROKKEN = "ingetrokken", "Ingetrokken"
        VERVANGEN = "vervangen", "Vervangen door een nieuwe uitnodiging"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gebruiker = models.ForeignKey(
        Gebruiker, verbose_name="gebruiker", on_delete=models.PROTECT, related_name="uitnodigingen"
    )
    # SHA-256 of the token in the link (256 random bits): the link cannot be read back from here.
    token_hash = models.CharField("hash van het token", max_length=64, unique=True, editable=False)
    # The form that created the user (a double submit makes one user and one invitation).
    formuliertoken = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    aangemaakt_door = models.ForeignKey(
        Gebruiker, verbose_name="aangemaakt door", on_delete=models.PROTECT, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    verloopt_op = models.DateTimeField("verloopt op")
    verstuurd_op = models.DateTimeField("verstuurd op", null=True, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)
    afgesloten_op = models.DateTimeField("gebruikt of ingetrokken op", null=True, blank=True)
    afgesloten_door = models.ForeignKey(
        Gebruiker, verbose_name="ingetrokken door", on_delete=models.PROTECT, null=True, related_name="+"
    )

    # The token itself, in memory only, right after the invitation is made (for the e-mail).
    token: str = ""

    class Meta:
        verbose_name = "uitnodiging"
        verbose_name_plural = "uitnodigingen"
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            # At most one open invitation per user: a new one replaces the open one.
            models.UniqueConstraint(
                fields=["gebruiker"],
                condition=models.Q(status="open"),
                name="een_open_uitnodiging_per_gebruiker",
            ),
        ]

    def __str__(self) -> str:
        return f"uitnodiging {self.uuid} ({self.get_status_display()})"

    @property
    def verlopen(self) -> bool:
        return self.status == self.Status.OPEN and self.verloopt_op <= timezone.now()

    @property
    def bruikbaar(self) -> bool:
        """Whether the link still leads to choosing a password."""
        return self.status == self.Status.OPEN and not self.verlopen

    @property
    def status_tekst(self) -> str:
        return "Verlopen" if self.verlopen else self.get_status_display()
