"""The form to ask for a report. It reads input; ``rapportage.services`` decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from mensenhandel.forms import DATUM, DATUMFOUT, VerborgenFouten
from mensenhandel.models import Regio
from rapportage.models import Periodesoort
from rapportage.services import EERSTE_JAAR, vorig_halfjaar


class RapportForm(VerborgenFouten, forms.Form):
    """``jaar`` is needed for a half-year, ``van`` and ``tot`` for a custom period; the
    template shows them in a group per choice, and the service says what is missing."""

    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Kies de regio van de rapportage.",
            "invalid_choice": "Kies een van uw eigen regio's.",
        },
    )
    soort = forms.ChoiceField(
        label="Periode",
        choices=Periodesoort.choices,
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
        error_messages={
            "required": "Kies welke periode de rapportage beslaat.",
            "invalid_choice": "Kies welke periode de rapportage beslaat.",
        },
    )
    jaar = forms.IntegerField(
        label="Jaar",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 6}),
        error_messages={"invalid": "Vul een jaartal in, zoals 2026."},
    )
    van = forms.DateField(
        label="Van",
        required=False,
        widget=DATUM,
        help_text="De eerste dag van de periode.",
        error_messages=DATUMFOUT,
    )
    tot = forms.DateField(
        label="Tot en met",
        required=False,
        widget=DATUM,
        help_text="De laatste dag van de periode; die telt mee.",
        error_messages=DATUMFOUT,
    )
    formuliertoken = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, regios: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuzes = list(regios)
        veld = self.fields["regio"]
        if isinstance(veld, forms.ModelChoiceField):
            veld.queryset = regios
        self.meer_regios = len(keuzes) > 1
        self.enige_regio = keuzes[0] if len(keuzes) == 1 else None
        if len(keuzes) == 1:
            self.fields["regio"].widget = forms.HiddenInput()
            self.fields["regio"].initial = keuzes[0].pk
        vandaag = timezone.localdate()
        self.fields["jaar"].widget.attrs.update({"min": EERSTE_JAAR, "max": vandaag.year})
        if not self.is_bound:
            soort, van, _ = vorig_halfjaar(vandaag)
            self.fields["soort"].initial = soort
            self.fields["jaar"].initial = van.year
