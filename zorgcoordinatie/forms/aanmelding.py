"""Forms to enter an aanmelding and to answer one (accept or decline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery

from mensenhandel.forms import KIES, VerborgenFouten, verplicht_tonen
from mensenhandel.models import Gebruiker, Gemeente, Regio
from zorgcoordinatie.forms.velden import (
    Gebruikerkeuze,
    datumveld,
    gemeenten,
    modelkeuze,
)
from zorgcoordinatie.models import Aanmelding, Client, Traject
from zorgcoordinatie.services.client import clientsleutel
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
    # Set by a "Koppelen aan …" button when the client seems known already.
    koppelen = forms.CharField(max_length=20, required=False, widget=forms.HiddenInput)
    nieuw_dossier = forms.BooleanField(
        label="Het is een andere persoon: toch een nieuw dossier maken", required=False
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
        # Clients of the regio with the same name and date of birth (issue 17): offered to
        # attach the trajectory to, instead of a second dossier of one person.
        self.bekende_clienten: list[Client] = []

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        nummer = (data.get("koppelen") or data.get("dossiernummer") or "").strip().upper()
        if nummer:
            self.bestaande_client = self._clienten.filter(dossiernummer=nummer).first()
            if self.bestaande_client is None:
                self.add_error("dossiernummer", f"In deze regio is geen cliënt met dossiernummer {nummer}.")
            return data
        if "verantwoordelijke_gemeente" in data and data["verantwoordelijke_gemeente"] is None:
            self.add_error("verantwoordelijke_gemeente", "Kies de verantwoordelijke gemeente.")
        sleutel = clientsleutel(data.get("naam", ""), data.get("geboortedatum"))
        if sleutel and not data.get("nieuw_dossier"):
            # With an open trajectory a known client gets no second one: the page links to it.
            open_traject = Traject.objects.filter(client=OuterRef("pk"), afgesloten_op__isnull=True)
            self.bekende_clienten = list(
                self._clienten.filter(sleutel_naam_geboortedatum=sleutel, verwerking_beperkt_op__isnull=True)
                .annotate(open_traject=Subquery(open_traject.values("uuid")[:1]))
                .order_by("dossiernummer")
            )
            if self.bekende_clienten:
                nummers = ", ".join(c.dossiernummer for c in self.bekende_clienten)
                self.add_error(
                    "naam",
                    f"Een cliënt met deze naam en geboortedatum is al bekend in deze regio ({nummers}). "
                    "Koppel het traject aan dat dossier, of geef aan dat het een andere persoon is.",
                )
        return data

    @property
    def toont_nieuw_dossier(self) -> bool:
        """The "another person" checkbox: only once a known client was found, or ticked."""
        aangevinkt = self.is_bound and self.data.get(self.add_prefix("nieuw_dossier"))
        return bool(self.bekende_clienten) or bool(aangevinkt)

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
