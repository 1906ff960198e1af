"""The form to ask for a report. It reads input; ``rapportage.services`` decides what is valid."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from mensenhandel.forms import VerborgenFouten
from mensenhandel.models import Regio
from mensenhandel.periode import laatste_dag
from rapportage.models import Periodesoort
from rapportage.services import EERSTE_JAAR, vorig_halfjaar

MAANDFOUT = "Vul een maand in als jaar en maand, zoals 2026-01."
_MAAND = re.compile(r"(?P<jaar>\d{4})-(?P<maand>\d{1,2})|(?P<maand2>\d{1,2})-(?P<jaar2>\d{4})")


class MaandVeld(forms.Field):
    """A month, typed or picked as "2026-03" (``<input type="month">``; "03-2026" is read too).

    Its value is a date: the first day of the month, or with ``einde`` the last, so that a
    custom period always covers whole months.
    """

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "jjjj-mm", "size": 8})
    default_error_messages = {"invalid": MAANDFOUT}

    def __init__(self, *, einde: bool = False, **kwargs: Any) -> None:
        self.einde = einde
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, date) else value

    def to_python(self, value: Any) -> date | None:
        tekst = str(value or "").strip()
        if not tekst:
            return None
        gevonden = _MAAND.fullmatch(tekst)
        if gevonden is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        jaar = int(gevonden["jaar"] or gevonden["jaar2"])
        maand = int(gevonden["maand"] or gevonden["maand2"])
        if not (1 <= jaar <= 9999 and 1 <= maand <= 12):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return laatste_dag(jaar, maand) if self.einde else date(jaar, maand, 1)


class RapportForm(VerborgenFouten, forms.Form):
    """``jaar`` is needed for a half-year, ``van`` and ``tot`` (months) for a custom period;
    the template shows them in a group per choice, and the service says what is missing."""

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
    van = MaandVeld(
        label="Eerste maand",
        required=False,
        help_text="Jaar en maand, zoals 2026-01. De periode begint op de eerste dag van die maand.",
    )
    tot = MaandVeld(
        label="Laatste maand",
        required=False,
        einde=True,
        help_text="Jaar en maand, zoals 2026-03. De hele maand telt mee.",
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
        self.fields["van"].widget.attrs.update({"min": f"{EERSTE_JAAR}-01", "max": f"{vandaag:%Y-%m}"})
        self.fields["tot"].widget.attrs.update({"min": f"{EERSTE_JAAR}-03"})
        if not self.is_bound:
            soort, van, _ = vorig_halfjaar(vandaag)
            self.fields["soort"].initial = soort
            self.fields["jaar"].initial = van.year
