"""E-mail notifications of waiting work (issue 18 point 5): each user's preference and what was sent.

A notification says how many items wait and links to the application; it never says what they are
about, so these tables hold counts and moments only.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

STANDAARD_UUR = 8


class Meldingsvoorkeur(models.Model):
    """How a user wants to hear of waiting work. A user without a row gets the default: a daily
    digest at 08:00 (only a role with work has anything to hear of)."""

    class Wijze(models.TextChoices):
        DAGELIJKS = "dagelijks", "Eén keer per dag een overzicht"
        DIRECT = "direct", "Direct als er nieuw werk bij komt"
        UIT = "uit", "Geen e-mail"

    gebruiker = models.OneToOneField(
        "Gebruiker", on_delete=models.CASCADE, related_name="meldingsvoorkeur", verbose_name="gebruiker"
    )
    wijze = models.CharField("e-mail over mijn werk", max_length=10, choices=Wijze, default=Wijze.DAGELIJKS)
    uur = models.PositiveSmallIntegerField(
        "uur van het dagelijkse overzicht",
        default=STANDAARD_UUR,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
    )
    # "Direct": the count that the last mail (or a later, lower count) left, and a number that
    # names the next direct mail; a run claims ``direct:<volgnummer>`` (see mensenhandel.meldingen).
    stand = models.PositiveIntegerField("stand", default=0, editable=False)
    volgnummer = models.PositiveIntegerField("volgnummer", default=0, editable=False)
    gewijzigd_op = models.DateTimeField("gewijzigd op", default=timezone.now)

    class Meta:
        verbose_name = "meldingsvoorkeur"
        verbose_name_plural = "meldingsvoorkeuren"
        constraints = [
            models.CheckConstraint(condition=models.Q(uur__lte=23), name="meldingsvoorkeur_uur_0_23"),
        ]

    def __str__(self) -> str:
        return f"meldingsvoorkeur {self.gebruiker_id}"


class Melding(models.Model):
    """One notification for one user and one period (``dag:2026-12-05``) or rise (``direct:3``).

    The row is the claim: it is written (unique per user and key) in its own transaction before
    the mail goes out, so a second or concurrent run finds it and sends nothing. A failed send
    removes it again (the next run sends); ``verstuurd_op`` is set once the server accepted it."""

    gebruiker = models.ForeignKey(
        "Gebruiker", on_delete=models.CASCADE, related_name="meldingen", verbose_name="gebruiker"
    )
    sleutel = models.CharField("periode", max_length=40)
    aantal = models.PositiveIntegerField("aantal wachtende punten")
    geclaimd_op = models.DateTimeField("geclaimd op", default=timezone.now)
    verstuurd_op = models.DateTimeField("verstuurd op", null=True, blank=True)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "sleutel"], name="melding_eenmaal_per_periode"),
        ]

    def __str__(self) -> str:
        return f"melding {self.gebruiker_id} {self.sleutel}"
