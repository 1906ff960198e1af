"""Forms to enter an aanmelding and to answer one (accept or decline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from mensenhandel.forms import KIES, VerborgenFouten, verplicht_tonen
from mensenhandel.models import Gebruiker, Gemeente, Regio
from zorgcoordinatie.forms.velden import (
    Gebruikerkeuze,
    datumveld,
    gemeenten,
    modelkeuze,
)
from zorgcoordinatie.models import Aanmelding, Client
from zorgcoordinatie.services.gegevens import ClientGegevens


class AanmeldingForm(VerborgenFouten, forms.Form):
    """A direct aanmelding (police, Veilig Thuis, the person, …); a form token against double submit."""

    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        empty_label=KIES,
        error_messages={"required": "Kies de regio van de aanmelding."},
    )
    datum = datumveld("Datum van aanmelding", help_text="Leeg: vandaag. Niet in de toekomst.")
    bron = forms.ChoiceField(
        label="Wie meldt aan",
        choices=[
            ("", KIES),
            *[(w, label) for w, label in Aanmelding.Bron.choices if w != Aanmelding.Bron.SIGNAAL],
        ],
        error_messages={"required": "Kies wie de aanmelding doet."},
    )
    bronorganisatie = forms.CharField(label="Organisatie die aanmeldt", max_length=200, required=False)
    omschrijving = forms.CharField(
        label="Korte omschrijving",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Alleen wat nodig is om de aanmelding te beoordelen.",
    )
    formuliertoken = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, regios: QuerySet[Regio], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(self, "regio").queryset = regios.order_by("naam")
        if not self.is_bound and "regio" not in self.initial:
            enige = list(regios.order_by("naam")[:2])
            if len(enige) == 1:
                self.initial["regio"] = enige[0]


class AccepterenForm(forms.Form):
    """Accept: a new client, or an existing client of the regio by dossiernummer."""

    dossiernummer = forms.CharField(
        label="Dossiernummer van een bekende cliënt",
        max_length=20,
        required=False,
        help_text=(
            "Alleen als de cliënt al bekend is in deze regio, bijvoorbeeld Z-2026-0001. "
            "De gegevens van een nieuwe cliënt hieronder worden dan niet gebruikt."
        ),
    )
    naam = forms.CharField(label="Naam", max_length=150, required=False)
    aliassen = forms.CharField(label="Aliassen of bijnamen", max_length=300, required=False)
    geboortedatum = datumveld("Geboortedatum")
    geslacht = forms.ChoiceField(
        label="Geslacht", choices=Client.Geslacht.choices, initial=Client.Geslacht.ONBEKEND, required=False
    )
    nationaliteiten = forms.CharField(label="Nationaliteit(en)", max_length=200, required=False)
    verantwoordelijke_gemeente = forms.ModelChoiceField(
        label="Verantwoordelijke gemeente",
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label=KIES,
        help_text="De woonplaats; zonder bekende woonplaats de gemeente waar de cliënt is aangetroffen.",
    )
    achtervang = Gebruikerkeuze(
        label="Achtervang",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="Nog geen achtervang",
        help_text="Een andere zorgcoördinator van deze regio.",
    )

    def __init__(
        self,
        *args: Any,
        clienten: QuerySet[Client],
        achtervangers: QuerySet[Gebruiker],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "accepteren")
        super().__init__(*args, **kwargs)
        self._clienten = clienten
        modelkeuze(self, "verantwoordelijke_gemeente").queryset = gemeenten()
        modelkeuze(self, "achtervang").queryset = achtervangers
        self.bestaande_client: Client | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        nummer = (data.get("dossiernummer") or "").strip().upper()
        if nummer:
            self.bestaande_client = self._clienten.filter(dossiernummer=nummer).first()
            if self.bestaande_client is None:
                self.add_error("dossiernummer", f"In deze regio is geen cliënt met dossiernummer {nummer}.")
        elif "verantwoordelijke_gemeente" in data and data["verantwoordelijke_gemeente"] is None:
            self.add_error("verantwoordelijke_gemeente", "Kies de verantwoordelijke gemeente.")
        return data

    def client_gegevens(self) -> ClientGegevens | None:
        if self.bestaande_client is not None:
            return None
        d = self.cleaned_data
        return ClientGegevens(
            naam=d["naam"].strip(),
            aliassen=d["aliassen"].strip(),
            geboortedatum=d["geboortedatum"],
            nationaliteiten=d["nationaliteiten"].strip(),
            verantwoordelijke_gemeente=d["verantwoordelijke_gemeente"],
            geslacht=d["geslacht"] or Client.Geslacht.ONBEKEND,
        )


class AfwijzenForm(forms.Form):
    # Not required here: the service says what is missing, in its own words.
    reden = forms.CharField(
        label="Reden van afwijzen",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Zonder details over de casus; bij een aanmelding uit een signaal ziet de "
        "aandachtsfunctionaris deze reden als terugkoppeling.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "afwijzen")
        super().__init__(*args, **kwargs)


verplicht_tonen(AccepterenForm, "verantwoordelijke_gemeente")
verplicht_tonen(AfwijzenForm, "reden")
