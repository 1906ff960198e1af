"""Forms of the wegenkaart. They read input; ``ketenregie.services`` decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from ketenregie.forms.velden import modelkeuze
from ketenregie.models import Soort
from ketenregie.selectors.wegenkaart import regios_te_koppelen
from ketenregie.services.wegenkaart import ContactGegevens, PartnerGegevens
from mensenhandel.forms import VINKJES
from mensenhandel.models import Regio, Rol


class WegenkaartFilter(forms.Form):
    q = forms.CharField(label="Zoeken op naam of wat zij kunnen", max_length=100, required=False)
    soort = forms.ChoiceField(
        label="Soort organisatie", choices=[("", "Alle soorten"), *Soort.choices], required=False
    )
    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.order_by("naam"),
        required=False,
        empty_label="Alle regio's",
        help_text="Landelijk werkende partners staan bij elke regio.",
        error_messages={"invalid_choice": "Kies een regio uit de lijst."},
    )

    def zoekvragen(self) -> dict[str, Any]:
        """The selector's arguments; nothing filtered when the form is invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"zoek": data["q"], "soort": data["soort"], "regio": data["regio"]}


class PartnerForm(forms.Form):
    naam = forms.CharField(
        label="Naam van de organisatie",
        max_length=200,
        error_messages={"required": "Vul de naam van de organisatie in."},
    )
    soort = forms.ChoiceField(
        label="Soort organisatie",
        choices=[("", "Kies…"), *Soort.choices],
        error_messages={"required": "Kies de soort organisatie."},
    )
    regios = forms.ModelMultipleChoiceField(
        label="Regio's die zij bedienen",
        queryset=Regio.objects.none(),
        required=False,
        widget=VINKJES,
        error_messages={"invalid_choice": "Kies alleen regio's uit de lijst."},
    )
    wat_kunnen_zij = forms.CharField(
        label="Wat kunnen zij",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Deskundigheid en bevoegdheden, in gewone woorden: waarvoor kunt u bij hen terecht?",
    )
    telefoon = forms.CharField(
        label="Telefoonnummer", max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.CharField(
        label="E-mailadres", max_length=254, required=False, widget=forms.TextInput(attrs={"type": "email"})
    )
    meldpunt = forms.CharField(
        label="Meldpunt",
        max_length=300,
        required=False,
        help_text="Waar en hoe een melding of verwijzing binnenkomt.",
    )
    buiten_kantoortijd = forms.CharField(
        label="Buiten kantoortijd",
        max_length=300,
        required=False,
        help_text="Hoe zij 's avonds en in het weekend bereikbaar zijn.",
    )
    actief = forms.BooleanField(
        label="Actief (te kiezen bij zorgacties en verwijzingen)", required=False, initial=True
    )

    def __init__(self, *args: Any, gebruiker: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(self, "regios").queryset = regios_te_koppelen(gebruiker)
        self.fields["regios"].help_text = (
            "Geen regio: de partner werkt landelijk."
            if gebruiker.rol == Rol.FUNCTIONEEL_BEHEERDER
            else "Kies ten minste één van uw regio's. Regio's van andere ketenregisseurs blijven staan."
        )

    def gegevens(self) -> PartnerGegevens:
        data = self.cleaned_data
        return PartnerGegevens(
            naam=data["naam"],
            soort=data["soort"],
            wat_kunnen_zij=data["wat_kunnen_zij"],
            telefoon=data["telefoon"],
            email=data["email"],
            meldpunt=data["meldpunt"],
            buiten_kantoortijd=data["buiten_kantoortijd"],
            actief=data["actief"],
        )


class ContactpersoonForm(forms.Form):
    naam = forms.CharField(
        label="Naam", max_length=200, error_messages={"required": "Vul de naam van de contactpersoon in."}
    )
    functie = forms.CharField(label="Functie", max_length=200, required=False)
    telefoon = forms.CharField(
        label="Telefoonnummer", max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.CharField(
        label="E-mailadres", max_length=254, required=False, widget=forms.TextInput(attrs={"type": "email"})
    )

    def gegevens(self) -> ContactGegevens:
        data = self.cleaned_data
        return ContactGegevens(
            naam=data["naam"], functie=data["functie"], telefoon=data["telefoon"], email=data["email"]
        )
