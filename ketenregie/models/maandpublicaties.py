"""A regio's publication of a period, fixed for the month in which it was made.

Figures of live data that are recomputed on every view show, from one day to the next, which
cells changed, and so the attributes of one signal registered or moved that day (ADR 0007).
The dashboard, the ketenregisseur's start page and the report therefore print a regio's
publication of a period as it was made the first time it was asked for in a calendar month:
every view in that month shows the same figures, and they change once a month, all at once.
"""

from __future__ import annotations

from django.db import models

from mensenhandel.models import Regio


class Maandpublicatie(models.Model):
    """The protected figures (``ketenregie.selectors.publicatie.Regiocijfers``) of one regio
    over one publication period, as made on ``vastgesteld_op`` for the month ``maand``.

    Protected counts only, nothing about a person; ``inhoud`` is a pickle of the figures behind
    an HMAC under the SECRET_KEY, written and read only by ``ketenregie.selectors.publicatie``,
    and ``versie`` names the code that wrote it (a new version makes the publication again).
    """

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+")
    van = models.DateField()
    tot = models.DateField()
    maand = models.DateField(help_text="De eerste dag van de maand waarvoor de cijfers vastliggen.")
    drempel = models.PositiveSmallIntegerField()
    versie = models.CharField(max_length=64)
    vastgesteld_op = models.DateField()
    inhoud = models.BinaryField()
    gemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "maandpublicatie"
        verbose_name_plural = "maandpublicaties"
        constraints = [
            models.UniqueConstraint(
                fields=["regio", "van", "tot", "maand", "drempel", "versie"], name="een_publicatie_per_maand"
            )
        ]

    def __str__(self) -> str:
        return f"{self.regio} {self.van}–{self.tot} ({self.maand:%Y-%m})"
