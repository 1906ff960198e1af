"""Forms of the action points of meetings and knelpunten.

They read input; ``ketenregie.services.actiepunten`` decides what is valid (for example that
closing an action needs a word on what became of it).
"""

from __future__ import annotations

from typing import Any

from django import forms

from ketenregie.models import Actiepunt, Actiestatus
from ketenregie.services.actiepunten import ActiepuntWijziging, NieuwActiepunt
from mensenhandel.forms import DATUM, DATUMFOUT


class ActiepuntForm(forms.Form):
    """A new action point: what, who and by when."""

    omschrijving = forms.CharField(
        label="Actie",
        max_length=300,
        help_text="Wat er moet gebeuren, zoals ‘Uitnodiging sturen aan de COA-locatie’.",
        error_messages={"required": "Beschrijf de actie, zoals ‘Uitnodiging sturen aan de COA-locatie’."},
    )
    eigenaar = forms.CharField(
        label="Eigenaar",
        max_length=200,
        help_text="Wie het doet: persoon of organisatie.",
        error_messages={"required": "Vul in wie de actie uitvoert: een persoon of organisatie."},
    )
    deadline = forms.DateField(
        label="Uiterlijk op",
        widget=DATUM,
        error_messages={**DATUMFOUT, "required": "Vul de datum in waarop de actie uiterlijk klaar is."},
    )

    def gegevens(self) -> NieuwActiepunt:
        data = self.cleaned_data
        return NieuwActiepunt(
            omschrijving=data["omschrijving"], eigenaar=data["eigenaar"], deadline=data["deadline"]
        )


class ActiepuntBijwerkenForm(forms.Form):
    """What became of an action point: status, outcome and (moved) due date."""

    status = forms.ChoiceField(
        label="Status",
        choices=Actiestatus.choices,
        error_messages={
            "required": "Kies een status uit de lijst.",
            "invalid_choice": "Kies een status uit de lijst.",
        },
    )
    uitkomst = forms.CharField(
        label="Wat ervan is gekomen",
        max_length=500,
        required=False,  # the service asks for it when the action is closed
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Nodig bij ‘Afgerond’ of ‘Vervallen’. Zonder namen of andere gegevens van cliënten.",
    )
    deadline = forms.DateField(
        label="Uiterlijk op",
        widget=DATUM,
        help_text="Schuift de actie op? Pas dan de datum aan.",
        error_messages={**DATUMFOUT, "required": "Vul de datum in waarop de actie uiterlijk klaar is."},
    )

    @classmethod
    def initieel(cls, actiepunt: Actiepunt) -> dict[str, Any]:
        return {"status": actiepunt.status, "uitkomst": actiepunt.uitkomst, "deadline": actiepunt.deadline}

    def gegevens(self) -> ActiepuntWijziging:
        data = self.cleaned_data
        return ActiepuntWijziging(status=data["status"], uitkomst=data["uitkomst"], deadline=data["deadline"])
