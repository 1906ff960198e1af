"""Typed access to a form's fields, for the forms that narrow a choice per user."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from mensenhandel.models import Regio


def modelkeuze(form: forms.BaseForm, naam: str) -> forms.ModelChoiceField[Any]:
    """The model-choice field ``naam`` of ``form`` (also a multiple one), to set its queryset."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ModelChoiceField):
        raise TypeError(f"{naam} is geen keuzeveld uit een model.")
    return veld


def keuzeveld(form: forms.BaseForm, naam: str) -> forms.ChoiceField:
    """The choice field ``naam`` of ``form``, to set its choices."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ChoiceField):
        raise TypeError(f"{naam} is geen keuzeveld.")
    return veld


def regiokeuze(regios: list[Regio]) -> QuerySet[Regio]:
    """The regio's to choose from, by name."""
    return Regio.objects.filter(pk__in=[r.pk for r in regios]).order_by("naam")
