"""The forms of the beheerder's user pages and of the invited user's password step."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password

from mensenhandel.forms import VINKJES, VerborgenFouten
from mensenhandel.gebruikersbeheer import Gebruikersgegevens, NieuweOrganisatie
from mensenhandel.models import Gebruiker, Gemeente, Organisatie, Regio, Rol

ROL_KEUZES = [
    (Rol.AANDACHTSFUNCTIONARIS.value, "Aandachtsfunctionaris (signalen van de gekozen gemeenten)"),
    (Rol.ZORGCOORDINATOR.value, "Zorgcoördinator (trajecten van de gekozen regio's)"),
    (Rol.KETENREGISSEUR.value, "Ketenregisseur (cijfers van de gekozen regio's)"),
    (Rol.FUNCTIONEEL_BEHEERDER.value, "Functioneel beheerder (gebruikers en instellingen, geen casuïstiek)"),
    (Rol.PRIVACYFUNCTIONARIS.value, "Privacyfunctionaris (toegangslog en inzageverzoeken, geen casuïstiek)"),
]
GEEN_ROL = ("", "Geen rol (geen toegang)")


class GebruikerForm(VerborgenFouten, forms.Form):
    """A user: who, their organisation (an existing one, or a new one made on the way), and their
    role with the gemeenten or regio's it needs. ``nieuw``: the form that creates and invites."""

    naam = forms.CharField(
        label="Naam",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Vul de naam in.",
            "max_length": "Een naam is hoogstens %(limit_value)d tekens.",
        },
    )
    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        help_text="Hiermee logt de gebruiker in; de uitnodiging gaat naar dit adres.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Vul het e-mailadres in.",
            "invalid": "Vul een geldig e-mailadres in, zoals naam@gemeente.nl.",
        },
    )
    telefoon = forms.RegexField(
        label="Telefoonnummer (werk)",
        regex=r"^\+?[0-9][0-9 ()-]{5,18}$",
        max_length=20,
        required=False,
        help_text=(
            "Een aandachtsfunctionaris van een andere gemeente ziet dit nummer bij een stapeltreffer, "
            "naast naam, organisatie en e-mailadres."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        error_messages={
            "invalid": (
                "Vul een telefoonnummer in met alleen cijfers, spaties of streepjes, zoals 030 123 4567."
            ),
            "max_length": "Een telefoonnummer is hoogstens %(limit_value)d tekens.",
        },
    )
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisatie.objects.order_by("naam"),
        required=False,
        empty_label="Kies een organisatie…",
        help_text="Staat de organisatie er niet bij? Vul dan hieronder een nieuwe in.",
        error_messages={"invalid_choice": "Kies een organisatie uit de lijst."},
    )
    organisatie_naam = forms.CharField(
        label="Naam van de nieuwe organisatie",
        max_length=150,
        required=False,
        error_messages={"max_length": "Een naam is hoogstens %(limit_value)d tekens."},
    )
    organisatie_soort = forms.ChoiceField(
        label="Soort organisatie",
        choices=[("", "Kies…"), *Organisatie.Soort.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een soort uit de lijst."},
    )
    organisatie_gemeente = forms.ModelChoiceField(
        label="Gemeente van de organisatie (bij een gemeente)",
        queryset=Gemeente.objects.filter(actief=True).order_by("naam"),
        required=False,
        empty_label="Kies…",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )
    rol = forms.ChoiceField(
        label="Rol",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een rol.", "invalid_choice": "Kies een rol uit de lijst."},
    )
    gemeenten = forms.ModelMultipleChoiceField(
        label="Gemeenten (aandachtsfunctionaris)",
        queryset=Gemeente.objects.filter(actief=True).order_by("naam"),
        required=False,
        widget=VINKJES,
        error_messages={"invalid_choice": "Kies gemeenten uit de lijst."},
    )
    regios = forms.ModelMultipleChoiceField(
        label="Regio's (zorgcoördinator, ketenregisseur)",
        queryset=Regio.objects.order_by("naam"),
        required=False,
        widget=VINKJES,
        error_messages={"invalid_choice": "Kies regio's uit de lijst."},
    )

    def __init__(self, *args: Any, nieuw: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["rol"]).choices = ROL_KEUZES if nieuw else [GEEN_ROL, *ROL_KEUZES]
        self.fields["rol"].required = nieuw
        if nieuw:
            self.fields["formuliertoken"] = forms.UUIDField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        rol = data.get("rol")
        if rol == Rol.AANDACHTSFUNCTIONARIS and not data.get("gemeenten"):
            self.add_error("gemeenten", "Kies de gemeente(n) die deze aandachtsfunctionaris bedient.")
        if rol in (Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR) and not data.get("regios"):
            self.add_error("regios", "Kies de regio('s) waarvoor deze gebruiker werkt.")
        if data.get("organisatie_naam"):
            if data.get("organisatie"):
                self.add_error(
                    "organisatie_naam",
                    "Kies een bestaande organisatie óf vul een nieuwe in, niet allebei.",
                )
            if not data.get("organisatie_soort"):
                self.add_error("organisatie_soort", "Kies de soort van de nieuwe organisatie.")
        elif data.get("organisatie_soort") or data.get("organisatie_gemeente"):
            self.add_error("organisatie_naam", "Vul de naam van de nieuwe organisatie in.")
        return data

    def gegevens(self) -> Gebruikersgegevens:
        data = self.cleaned_data
        rol = Rol(data["rol"]) if data.get("rol") else None
        nieuwe = (
            NieuweOrganisatie(
                naam=data["organisatie_naam"].strip(),
                soort=data["organisatie_soort"],
                gemeente=data.get("organisatie_gemeente"),
            )
            if data.get("organisatie_naam")
            else None
        )
        return Gebruikersgegevens(
            naam=data["naam"].strip(),
            email=data["email"].strip().lower(),
            organisatie=data.get("organisatie"),
            rol=rol,
            gemeenten=tuple(data.get("gemeenten") or ()),
            regios=tuple(data.get("regios") or ()),
            nieuwe_organisatie=nieuwe,
            telefoon=(data.get("telefoon") or "").strip(),
        )


STATUS_KEUZES = [
    ("", "Alle"),
    ("actief", "Actief"),
    ("uitgenodigd", "Uitgenodigd (uitnodiging open)"),
    ("gedeactiveerd", "Gedeactiveerd"),
]


class GebruikersFilter(forms.Form):
    """The list's search and filters (GET)."""

    zoek = forms.CharField(
        label="Naam of e-mailadres",
        max_length=100,
        required=False,
        error_messages={"max_length": "Zoek met hoogstens %(limit_value)d tekens."},
    )
    rol = forms.ChoiceField(
        label="Rol",
        choices=[("", "Alle rollen"), *Rol.choices, ("geen", "Geen rol")],
        required=False,
        error_messages={"invalid_choice": "Kies een rol uit de lijst."},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=STATUS_KEUZES,
        required=False,
        error_messages={"invalid_choice": "Kies een status uit de lijst."},
    )
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisatie.objects.order_by("naam"),
        required=False,
        empty_label="Alle organisaties",
        error_messages={"invalid_choice": "Kies een organisatie uit de lijst."},
    )

    def filters(self) -> dict[str, Any]:
        """The valid form's choices as ``gebruikers_zoeken`` takes them."""
        data = self.cleaned_data
        return {
            "tekst": data["zoek"].strip(),
            "rol": data["rol"],
            "status": data["status"],
            "organisatie": data["organisatie"],
        }


class WachtwoordKiezenForm(forms.Form):
    """The invited user's own password, twice, checked by the installation's password rules."""

    wachtwoord = forms.CharField(
        label="Nieuw wachtwoord",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        error_messages={"required": "Kies een wachtwoord."},
    )
    herhaling = forms.CharField(
        label="Herhaal het wachtwoord",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Vul het wachtwoord nog een keer in."},
    )

    def __init__(self, *args: Any, gebruiker: Gebruiker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gebruiker = gebruiker
        self.fields["wachtwoord"].help_text = " ".join(password_validators_help_texts())

    def clean_wachtwoord(self) -> str:
        wachtwoord: str = self.cleaned_data["wachtwoord"]
        validate_password(wachtwoord, self.gebruiker)
        return wachtwoord

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("wachtwoord") and data.get("herhaling") and data["wachtwoord"] != data["herhaling"]:
            self.add_error("herhaling", "De twee wachtwoorden zijn niet gelijk. Vul ze opnieuw in.")
        return data
