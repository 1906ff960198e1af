"""Field helpers the signals forms share."""

from __future__ import annotations

from typing import Any

from django import forms

from mensenhandel.forms import DATUM, DATUMFOUT


def versieveld() -> forms.IntegerField:
    """The hidden version a form was opened with (for the version check)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def datumveld(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATUM, error_messages=DATUMFOUT, **kwargs)


def keuzeveld(form: forms.BaseForm, naam: str) -> forms.ChoiceField:
    """A form's choice field by name, typed (model choice fields are choice fields too)."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ChoiceField):
        raise TypeError(f"{naam} is geen keuzeveld")
    return veld


def modelkeuzeveld(form: forms.BaseForm, naam: str) -> forms.ModelChoiceField[Any]:
    """A form's model choice field by name, typed."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ModelChoiceField):
        raise TypeError(f"{naam} is geen modelkeuzeveld")
    return veld
