"""Forms of the activities. They read input; ``ketenregie.services.activiteiten`` decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from ketenregie.forms.velden import modelkeuze, regiokeuze
from ketenregie.models import Activiteit, Activiteitsoort, Doelgroep
from ketenregie.selectors.activiteiten import gemeenten_voor_activiteit, regios_voor_activiteit
from ketenregie.services import activiteiten as services
from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VINKJES, VerborgenFouten, verplicht_tonen
from mensenhandel.models import Gemeente, Regio, Rol

# The target groups as the form shows them: municipal staff, risk groups, others.
DOELGROEPGROEPEN: list[tuple[str, list[str]]] = [
    (
        "Gemeentelijke medewerkers",
        [Doelgroep.MEDEWERKERS_OOV, Doelgroep.MEDEWERKERS_SOCIAAL, Doelgroep.MEDEWERKERS_OVERIG],
    ),
    (
        "Risicogroepen",
        [
            Doelgroep.JONGEREN,
            Doelgroep.LVB,
            Doelgroep.ARBEIDSMIGRANTEN,
            Doelgroep.VLUCHTELINGEN,
            Doelgroep.SEKSWERKERS,
        ],
    ),
    (
        "Professionals, bestuurders en publiek",
        [Doelgroep.PROFESSIONALS, Doelgroep.BESTUURDERS, Doelgroep.PUBLIEK],
    ),
]


def _datumveld(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATUM, error_messages=DATUMFOUT)


class ActiviteitFilter(forms.Form):
    van = _datumveld("Vanaf (datum)")
    tot = _datumveld("Tot en met (datum)")
    soort = forms.ChoiceField(
        label="Soort", choices=[("", "Alle soorten"), *Activiteitsoort.choices], required=False
    )
    doelgroep = forms.ChoiceField(
        label="Doelgroep",
        choices=[("", "Alle doelgroepen"), *Doelgroep.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een doelgroep uit de lijst."},
    )
    gemeente = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label="Alle gemeenten",
        help_text="Activiteiten voor de hele regio tellen ook mee.",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    def __init__(self, *args: Any, gebruiker: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(self, "gemeente").queryset = gemeenten_voor_activiteit(gebruiker)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        van, tot = data.get("van"), data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data

    def zoekvragen(self) -> dict[str, Any]:
        """The selector's arguments; nothing filtered when the form is unbound."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ActiviteitForm(VerborgenFouten, forms.Form):
    soort = forms.ChoiceField(
        label="Soort activiteit",
        choices=[("", KIES), *Activiteitsoort.choices],
        error_messages={
            "required": "Kies de soort activiteit.",
            "invalid_choice": "Kies een soort uit de lijst.",
        },
    )
    titel = forms.CharField(
        label="Titel",
        max_length=200,
        help_text="Bijvoorbeeld ‘Training signaleren voor Burgerzaken’.",
        error_messages={"required": "Vul de titel van de activiteit in."},
    )
    datum = forms.DateField(
        label="Datum",
        widget=DATUM,
        error_messages={**DATUMFOUT, "required": "Vul de datum van de activiteit in."},
    )
    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        required=False,
        empty_label=KIES,
        error_messages={"invalid_choice": "Kies een regio uit de lijst."},
    )
    gemeenten = forms.ModelMultipleChoiceField(
        label="Gemeenten",
        queryset=Gemeente.objects.none(),
        required=False,
        widget=VINKJES,
        error_messages={
            "invalid_choice": "Kies alleen gemeenten uit de lijst.",
            "invalid_pk_value": "Kies alleen gemeenten uit de lijst.",
        },
    )
    doelgroepen = forms.MultipleChoiceField(
        label="Doelgroepen",
        choices=Doelgroep.choices,
        required=False,  # the service says what is missing
        widget=VINKJES,
        help_text="Kies één of meer.",
        error_messages={"invalid_choice": "Kies alleen doelgroepen uit de lijst."},
    )
    deelnemers = forms.IntegerField(
        label="Aantal deelnemers",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 8}),
        help_text="Bij een campagne: het geschatte bereik. Leeg als u het niet weet.",
        error_messages={
            "invalid": "Vul het aantal deelnemers in als heel getal, zoals 25.",
            "min_value": "Vul een aantal deelnemers in van 0 of meer.",
        },
    )
    organisator = forms.CharField(
        label="Organisator",
        max_length=200,
        help_text="Wie organiseerde het: afdeling, organisatie of persoon.",
        error_messages={"required": "Vul in wie de activiteit organiseerde."},
    )
    omschrijving = forms.CharField(
        label="Omschrijving",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat er gedaan is en wat het opleverde. Zonder namen of gegevens van cliënten.",
    )

    def __init__(self, *args: Any, gebruiker: Any, nieuw: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ketenregisseur = gebruiker.rol == Rol.KETENREGISSEUR
        regios = list(regios_voor_activiteit(gebruiker))
        gemeenten = gemeenten_voor_activiteit(gebruiker)
        modelkeuze(self, "gemeenten").queryset = gemeenten
        if self.ketenregisseur:
            self.fields[
                "gemeenten"
            ].help_text = (
                "Leeg: de hele regio. Kies gemeenten als de activiteit maar voor een deel van de regio was."
            )
        else:
            self.fields["gemeenten"].label = "Gemeente(n)"
            self.fields["gemeenten"].help_text = "De gemeente(n) waarvoor de activiteit was."
        if len(regios) > 1:
            modelkeuze(self, "regio").queryset = regiokeuze(regios)
            self.fields["regio"].help_text = (
                "Voor welke regio was de activiteit?"
                if self.ketenregisseur
                else "Uw gemeente valt onder meer dan één regio. Onder welke valt deze activiteit?"
            )
            self._regios = regios
        else:
            # No choice to make: the service takes the only regio.
            del self.fields["regio"]
            self._regios = regios
        if nieuw:
            self.fields["formuliertoken"] = forms.UUIDField(widget=forms.HiddenInput)
            if not self.is_bound and not self.ketenregisseur and "gemeenten" not in self.initial:
                enige = list(gemeenten[:2])
                if len(enige) == 1:
                    self.initial["gemeenten"] = enige

    # The service checks these too; here they are checked along with the other fields so
    # that every missing field shows at once.
    def clean_doelgroepen(self) -> list[str]:
        gekozen = self.cleaned_data["doelgroepen"]
        if not gekozen:
            raise forms.ValidationError(services.FOUT_DOELGROEPEN)
        return gekozen

    def clean_gemeenten(self) -> Any:
        gekozen = self.cleaned_data["gemeenten"]
        if not self.ketenregisseur and not gekozen:
            raise forms.ValidationError(services.FOUT_GEMEENTEN_AF)
        return gekozen

    @classmethod
    def initieel(cls, activiteit: Activiteit) -> dict[str, Any]:
        return {
            "soort": activiteit.soort,
            "titel": activiteit.titel,
            "datum": activiteit.datum,
            "regio": activiteit.regio,
            "gemeenten": list(activiteit.gemeenten.all()),
            "doelgroepen": list(activiteit.doelgroepen),
            "deelnemers": activiteit.deelnemers,
            "organisator": activiteit.organisator,
            "omschrijving": activiteit.omschrijving,
        }

    def gegevens(self) -> services.ActiviteitGegevens:
        data = self.cleaned_data
        return services.ActiviteitGegevens(
            soort=data["soort"],
            titel=data["titel"],
            datum=data["datum"],
            doelgroepen=data["doelgroepen"],
            deelnemers=data["deelnemers"],
            organisator=data["organisator"],
            omschrijving=data["omschrijving"],
        )

    def doelgroepgroepen(self) -> list[tuple[str, list[Any]]]:
        """The target-group checkboxes per group, for ``onderdelen/keuzes.html``."""
        per_code = {keuze.data["value"]: keuze for keuze in self["doelgroepen"]}
        return [
            (label, [per_code[code] for code in codes if code in per_code])
            for label, codes in DOELGROEPGROEPEN
        ]

    def gemeentegroepen(self) -> list[tuple[str, list[Any]]] | None:
        """The gemeente checkboxes per regio when the user has more than one regio; else None."""
        if len(self._regios) < 2:
            return None
        per_regio: dict[int, list[int]] = {}
        for regio_id, gemeente_id in Regio.gemeenten.through.objects.filter(
            regio__in=[r.pk for r in self._regios]
        ).values_list("regio_id", "gemeente_id"):
            per_regio.setdefault(regio_id, []).append(gemeente_id)
        groepen: list[tuple[str, list[Any]]] = []
        gehad: set[int] = set()
        keuzes = list(self["gemeenten"])  # in name order
        for regio in self._regios:
            binnen = set(per_regio.get(regio.pk, []))
            lijst = [k for k in keuzes if k.data["value"].value in binnen - gehad]
            gehad |= binnen
            if lijst:
                groepen.append((regio.naam, lijst))
        return groepen


verplicht_tonen(ActiviteitForm, "doelgroepen")
