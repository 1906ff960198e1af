"""Forms of the knelpunten register and the half-year's bijzonderheden.

They read input; ``ketenregie.services.knelpunten`` decides what is valid.
"""

from __future__ import annotations

from typing import Any

from django import forms

from ketenregie.forms.velden import modelkeuze, regiokeuze
from ketenregie.models import Knelpunt, Knelpuntstatus, Knelpuntthema
from ketenregie.selectors.knelpunten import regios_voor_knelpunten
from ketenregie.services.knelpunten import FOUT_TEKST, KnelpuntGegevens
from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VerborgenFouten
from mensenhandel.models import Regio

GEEN_CLIENTGEGEVENS = (
    "Zonder namen of andere gegevens over cliënten of casussen: dit gaat naar de halfjaarrapportage "
    "voor het bestuurlijk overleg."
)


class KnelpuntFilter(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Alle statussen"), *Knelpuntstatus.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een status uit de lijst."},
    )
    thema = forms.ChoiceField(
        label="Thema",
        choices=[("", "Alle thema's"), *Knelpuntthema.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een thema uit de lijst."},
    )
    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        required=False,
        empty_label="Alle regio's",
        error_messages={"invalid_choice": "Kies een regio uit de lijst."},
    )

    def __init__(self, *args: Any, gebruiker: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regios = list(regios_voor_knelpunten(gebruiker))
        if len(regios) > 1:
            modelkeuze(self, "regio").queryset = regiokeuze(regios)
        else:
            del self.fields["regio"]

    def zoekvragen(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class KnelpuntForm(VerborgenFouten, forms.Form):
    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        empty_label=KIES,
        error_messages={
            "required": "Kies de regio van dit knelpunt.",
            "invalid_choice": "Kies een regio uit de lijst.",
        },
    )
    thema = forms.ChoiceField(
        label="Thema",
        choices=[("", KIES), *Knelpuntthema.choices],
        error_messages={
            "required": "Kies het thema van het knelpunt.",
            "invalid_choice": "Kies een thema uit de lijst.",
        },
    )
    titel = forms.CharField(
        label="Titel",
        max_length=200,
        help_text="Kort en herkenbaar, zoals ‘Geen opvangplek voor mannelijke slachtoffers’.",
        error_messages={
            "required": "Vul een korte titel in, zoals ‘Geen opvangplek voor mannelijke slachtoffers’."
        },
    )
    omschrijving = forms.CharField(
        label="Omschrijving",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Wat gaat er mis, en wat is het gevolg? {GEEN_CLIENTGEGEVENS}",
        error_messages={"required": "Beschrijf het knelpunt: wat gaat er mis, en wat is het gevolg?"},
    )
    ingebracht_door = forms.CharField(
        label="Ingebracht door",
        max_length=200,
        help_text="Persoon of organisatie, zoals ‘AF-overleg’ of ‘Zorgcoördinator’.",
        error_messages={"required": "Vul in wie het knelpunt inbracht: een persoon of organisatie."},
    )
    datum = forms.DateField(
        label="Datum ingebracht",
        widget=DATUM,
        help_text="Niet in de toekomst.",
        error_messages={**DATUMFOUT, "required": "Vul de datum in waarop het knelpunt is ingebracht."},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Knelpuntstatus.choices,
        initial=Knelpuntstatus.OPEN,
        error_messages={
            "required": "Kies een status uit de lijst.",
            "invalid_choice": "Kies een status uit de lijst.",
        },
    )

    def __init__(self, *args: Any, gebruiker: Any, nieuw: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regios = list(regios_voor_knelpunten(gebruiker))
        if nieuw and len(regios) > 1:
            modelkeuze(self, "regio").queryset = regiokeuze(regios)
        else:
            # One regio, or an existing knelpunt: its regio stays.
            del self.fields["regio"]
        if nieuw:
            self.fields["formuliertoken"] = forms.UUIDField(widget=forms.HiddenInput)

    @classmethod
    def initieel(cls, knelpunt: Knelpunt) -> dict[str, Any]:
        return {
            "thema": knelpunt.thema,
            "titel": knelpunt.titel,
            "omschrijving": knelpunt.omschrijving,
            "ingebracht_door": knelpunt.ingebracht_door,
            "datum": knelpunt.datum,
            "status": knelpunt.status,
        }

    def gegevens(self) -> KnelpuntGegevens:
        data = self.cleaned_data
        return KnelpuntGegevens(
            thema=data["thema"],
            titel=data["titel"],
            omschrijving=data["omschrijving"],
            ingebracht_door=data["ingebracht_door"],
            datum=data["datum"],
            status=data["status"],
        )


class BijzonderhedenForm(forms.Form):
    tekst = forms.CharField(
        label="Bijzonderheden",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=(
            "Wat viel op dit halfjaar: ontwikkelingen, trends, voortgang en wat het bestuur moet weten. "
            + GEEN_CLIENTGEGEVENS
        ),
        error_messages={"required": FOUT_TEKST},
    )
