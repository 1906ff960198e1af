"""Forms of the AF network. They read input; ``ketenregie.services.netwerk`` decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from ketenregie.forms.velden import modelkeuze
from ketenregie.models import Aandachtsfunctionaris, Afdeling
from ketenregie.selectors.netwerk import af_accounts, gemeenten_bij_te_houden
from ketenregie.services.netwerk import AfGegevens
from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VerborgenFouten
from mensenhandel.models import Gebruiker, Gemeente, Regio


class AccountKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Gebruiker) -> str:
        return f"{obj.naam} ({obj.email})"


class AfKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Aandachtsfunctionaris) -> str:
        return f"{obj.naam} ({obj.gemeente.naam})"


class AandachtsfunctionarisForm(VerborgenFouten, forms.Form):
    """One AF record. ``formuliertoken`` on a new one, ``actief`` when editing."""

    gemeente = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Gemeente.objects.none(),
        empty_label=KIES,
        error_messages={
            "required": "Kies de gemeente van deze aandachtsfunctionaris.",
            "invalid_choice": "Kies een van uw eigen gemeenten.",
        },
    )
    naam = forms.CharField(
        label="Naam",
        max_length=150,
        error_messages={"required": "Vul de naam van de aandachtsfunctionaris in."},
    )
    afdeling = forms.ChoiceField(
        label="Afdeling",
        choices=[("", KIES), *Afdeling.choices],
        error_messages={
            "required": "Kies de afdeling: OOV, sociaal domein of een andere afdeling.",
            "invalid_choice": "Kies een afdeling uit de lijst.",
        },
    )
    functie = forms.CharField(
        label="Functie",
        max_length=150,
        required=False,
        help_text="Bijvoorbeeld beleidsadviseur veiligheid of consulent Wmo.",
    )
    telefoon = forms.CharField(
        label="Telefoonnummer",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="Vul een telefoonnummer of e-mailadres in, of allebei.",
    )
    email = forms.CharField(
        label="E-mailadres",
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    gebruiker = AccountKeuze(
        label="Account in deze applicatie",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="Geen account",
        help_text=(
            "Alleen als deze aandachtsfunctionaris hier zelf inlogt. U kiest uit de accounts van "
            "aandachtsfunctionarissen die deze gemeente bedienen."
        ),
        error_messages={"invalid_choice": "Kies een account uit de lijst, of ‘Geen account’."},
    )
    eerste_training = forms.DateField(
        label="Datum basistraining",
        required=False,
        widget=DATUM,
        error_messages=DATUMFOUT,
        help_text="Niet in de toekomst. Laat leeg als u het niet weet.",
    )
    laatste_opfristraining = forms.DateField(
        label="Laatste opfristraining",
        required=False,
        widget=DATUM,
        error_messages=DATUMFOUT,
        help_text="Niet in de toekomst en niet vóór de basistraining.",
    )

    def __init__(
        self,
        *args: Any,
        gebruiker: Any,
        af: Aandachtsfunctionaris | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        gemeenten = gemeenten_bij_te_houden(gebruiker).order_by("naam")
        modelkeuze(self, "gemeente").queryset = gemeenten
        accounts = af_accounts(gemeenten)
        if af is not None and af.gebruiker_id:
            # Keep a linked account choosable, even when it no longer qualifies.
            accounts = Gebruiker.objects.filter(Q(pk__in=accounts.values("pk")) | Q(pk=af.gebruiker_id))
        modelkeuze(self, "gebruiker").queryset = accounts.order_by("naam", "email")
        if af is None:
            self.fields["formuliertoken"] = forms.UUIDField(widget=forms.HiddenInput)
            if not self.is_bound and "gemeente" not in self.initial:
                enige = list(gemeenten[:2])
                if len(enige) == 1:
                    self.initial["gemeente"] = enige[0]
        else:
            self.fields["actief"] = forms.BooleanField(
                label="Actief (nog in functie)",
                required=False,
                help_text=(
                    "Zet uit als deze aandachtsfunctionaris vertrekt of een andere functie krijgt. "
                    "De gegevens en de geschiedenis blijven bewaard."
                ),
            )

    def gegevens(self) -> AfGegevens:
        """The fields for the services; on a form with errors, only those that are fine."""
        data = self.cleaned_data
        gegevens = AfGegevens()
        if "gemeente" in data:
            gegevens["gemeente"] = data["gemeente"]
        if "naam" in data:
            gegevens["naam"] = data["naam"]
        if "afdeling" in data:
            gegevens["afdeling"] = data["afdeling"]
        if "functie" in data:
            gegevens["functie"] = data["functie"]
        if "telefoon" in data:
            gegevens["telefoon"] = data["telefoon"]
        if "email" in data:
            gegevens["email"] = data["email"]
        if "gebruiker" in data:
            gegevens["gebruiker"] = data["gebruiker"]
        if "eerste_training" in data:
            gegevens["eerste_training"] = data["eerste_training"]
        if "laatste_opfristraining" in data:
            gegevens["laatste_opfristraining"] = data["laatste_opfristraining"]
        if "actief" in data:
            gegevens["actief"] = data["actief"]
        return gegevens


class CoordinatieForm(forms.Form):
    aandachtsfunctionaris = AfKeuze(
        label="Coördinerend aandachtsfunctionaris",
        queryset=Aandachtsfunctionaris.objects.none(),
        empty_label=KIES,
        help_text="Een actieve aandachtsfunctionaris van een gemeente in deze regio.",
        error_messages={
            "required": "Kies de aandachtsfunctionaris die de coördinatie overneemt.",
            "invalid_choice": "Kies een aandachtsfunctionaris uit de lijst.",
        },
    )
    vanaf = forms.DateField(
        label="Vanaf",
        widget=DATUM,
        error_messages={
            **DATUMFOUT,
            "required": "Vul de datum in vanaf wanneer deze aandachtsfunctionaris coördineert.",
        },
        help_text="De vorige coördinerend aandachtsfunctionaris stopt de dag ervoor.",
    )

    def __init__(self, *args: Any, regio: Regio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kandidaten = (
            Aandachtsfunctionaris.objects.filter(actief=True, gemeente__in=regio.gemeenten.all())
            .select_related("gemeente")
            .order_by("gemeente__naam", "naam")
        )
        modelkeuze(self, "aandachtsfunctionaris").queryset = kandidaten
