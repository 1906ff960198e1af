"""The basisniveau form of one gemeente: the eight checks, each with status, date and evidence.

One flat form with fields named ``<punt>__<veld>``, so that the service's errors (keyed
the same way) land on their field with ``fouten_overnemen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from ketenregie.models import Basisniveau, Basisniveaupunt, BasisniveauStatus
from ketenregie.services.basisniveau import ONDERBOUWING_MAX, VELDEN, PuntWaarden, veldnaam
from mensenhandel.forms import DATUM, DATUMFOUT, VerborgenFouten


@dataclass
class Groep:
    """The fields of one check, for the template (one fieldset each)."""

    punt: str
    label: str
    velden: list[forms.BoundField]


class BasisniveauForm(VerborgenFouten, forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, onderdelen: dict[str, Basisniveau], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for punt in Basisniveaupunt:
            onderdeel = onderdelen.get(punt.value)
            self.fields[veldnaam(punt.value, "status")] = forms.ChoiceField(
                label="Status",
                choices=BasisniveauStatus.choices,
                error_messages={
                    "required": "Kies een status: voldaan, deels voldaan, niet voldaan of onbekend.",
                    "invalid_choice": "Kies een status uit de lijst.",
                },
            )
            self.fields[veldnaam(punt.value, "datum")] = forms.DateField(
                label="Datum",
                required=False,
                widget=DATUM,
                error_messages=DATUMFOUT,
                help_text=(
                    "Datum van vaststelling door college of raad; nodig bij ‘Voldaan’."
                    if punt == Basisniveaupunt.BELEID_VASTGESTELD
                    else "Bijvoorbeeld van de laatste training of het besluit. Niet in de toekomst."
                ),
            )
            self.fields[veldnaam(punt.value, "onderbouwing")] = forms.CharField(
                label="Onderbouwing",
                required=False,
                max_length=ONDERBOUWING_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Kort: waaruit blijkt het? Nodig bij ‘Voldaan’ en ‘Deels voldaan’.",
                error_messages={
                    "max_length": f"Houd de onderbouwing kort: ten hoogste {ONDERBOUWING_MAX} tekens."
                },
            )
            if not self.is_bound:
                self.initial[veldnaam(punt.value, "status")] = (
                    onderdeel.status if onderdeel else BasisniveauStatus.ONBEKEND
                )
                self.initial[veldnaam(punt.value, "datum")] = onderdeel.datum if onderdeel else None
                self.initial[veldnaam(punt.value, "onderbouwing")] = (
                    onderdeel.onderbouwing if onderdeel else ""
                )

    def groepen(self) -> list[Groep]:
        return [
            Groep(punt=p.value, label=p.label, velden=[self[veldnaam(p.value, v)] for v in VELDEN])
            for p in Basisniveaupunt
        ]

    def _waarden(self, punt: str) -> PuntWaarden:
        data = self.cleaned_data
        return PuntWaarden(
            status=data.get(veldnaam(punt, "status")) or "",
            datum=data.get(veldnaam(punt, "datum")),
            onderbouwing=data.get(veldnaam(punt, "onderbouwing")) or "",
        )

    def geldige_punten(self) -> dict[str, PuntWaarden]:
        """The checks whose own fields are valid (on a form with errors elsewhere)."""
        data = getattr(self, "cleaned_data", {})
        return {
            p.value: self._waarden(p.value)
            for p in Basisniveaupunt
            if all(veldnaam(p.value, v) in data for v in VELDEN)
        }

    def punten(self) -> dict[str, PuntWaarden]:
        """The ``punten`` argument of ``basisniveau_bijwerken``."""
        return {p.value: self._waarden(p.value) for p in Basisniveaupunt}
