"""Fields and field helpers the zorgcoördinatie forms share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from mensenhandel.forms import DATUM, DATUMFOUT
from mensenhandel.models import Gebruiker, Gemeente


def versieveld() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def datumveld(label: str, *, required: bool = False, **kwargs: Any) -> forms.DateField:
    kwargs["error_messages"] = {**DATUMFOUT, **kwargs.get("error_messages", {})}
    return forms.DateField(label=label, required=required, widget=DATUM, **kwargs)


def gemeenten() -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(actief=True).order_by("naam")


class Gebruikerkeuze(forms.ModelChoiceField[Gebruiker]):
    """A choice of a user (the achtervang), shown by name."""

    def label_from_instance(self, obj: Gebruiker) -> str:
        return obj.naam


def modelkeuze(form: forms.BaseForm, naam: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field ``naam``, typed (``form.fields`` holds plain fields)."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ModelChoiceField):
        raise TypeError(f"{naam} is geen ModelChoiceField")
    return veld


def keuzeveld(form: forms.BaseForm, naam: str) -> forms.ChoiceField:
    """The form's choice field ``naam``, typed."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ChoiceField):
        raise TypeError(f"{naam} is geen ChoiceField")
    return veld
