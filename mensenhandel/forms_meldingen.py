"""The form of a user's own notification preference (``mensenhandel.meldingen``)."""

from __future__ import annotations

from django import forms

from mensenhandel.models import Meldingsvoorkeur

UUR_FOUT = "Kies een heel uur van 0 tot en met 23."


class MeldingsvoorkeurForm(forms.Form):
    wijze = forms.ChoiceField(
        label="E-mail over mijn werk",
        choices=Meldingsvoorkeur.Wijze.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies hoe vaak u e-mail wilt krijgen.",
            "invalid_choice": "Kies een van de drie mogelijkheden.",
        },
    )
    uur = forms.IntegerField(
        label="Uur van het dagelijkse overzicht",
        help_text="Een heel uur van 0 tot en met 23, bijvoorbeeld 8 voor 08:00 uur. Alleen voor het "
        "dagelijkse overzicht.",
        min_value=0,
        max_value=23,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "utrecht-textbox--xs"}),
        error_messages={
            "required": "Vul het uur in (0 tot en met 23).",
            "invalid": UUR_FOUT,
            "min_value": UUR_FOUT,
            "max_value": UUR_FOUT,
        },
    )
