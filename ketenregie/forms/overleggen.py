"""Forms of the meetings. They read input; ``ketenregie.services.overleggen`` decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from ketenregie.forms.velden import keuzeveld, modelkeuze, regiokeuze
from ketenregie.models import Overleg, Overlegsoort, Partner, Soort
from ketenregie.selectors.overleggen import partners_te_kiezen, regios_voor_nieuw_overleg
from ketenregie.services.overleggen import OverlegGegevens
from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VINKJES, VerborgenFouten, verplicht_tonen
from mensenhandel.models import Regio


class OverlegFilter(forms.Form):
    jaar = forms.TypedChoiceField(
        label="Jaar",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Kies een jaar uit de lijst."},
    )
    soort = forms.ChoiceField(
        label="Soort overleg",
        choices=[("", "Alle soorten"), *Overlegsoort.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een soort overleg uit de lijst."},
    )

    def __init__(self, *args: Any, jaren: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuzeveld(self, "jaar").choices = [("", "Alle jaren"), *((j, str(j)) for j in jaren)]

    def zoekvragen(self) -> dict[str, Any]:
        """The filters to apply; none when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class OverlegForm(VerborgenFouten, forms.Form):
    """A meeting. ``regio`` only when the ketenregisseur keeps more than one regio."""

    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Kies een van uw eigen regio's."},
    )
    soort = forms.ChoiceField(
        label="Soort overleg",
        choices=[("", KIES), *Overlegsoort.choices],
        help_text="Bij een regietafel of drieluik komen de nieuwe en lopende signalen van de regio "
        "vanzelf op de agenda.",
        error_messages={"required": "Kies de soort overleg.", "invalid_choice": "Kies de soort overleg."},
    )
    datum = forms.DateField(
        label="Datum",
        widget=DATUM,
        help_text="U kunt een overleg vooruit plannen. Besluiten over signalen legt u vast op of na "
        "de dag van het overleg.",
        error_messages={**DATUMFOUT, "required": "Vul de datum van het overleg in."},
    )
    organisaties = forms.ModelMultipleChoiceField(
        label="Deelnemende organisaties (van de wegenkaart)",
        queryset=Partner.objects.none(),
        required=False,
        widget=VINKJES,
        error_messages={"invalid_choice": "Kies alleen organisaties uit de lijst."},
    )
    overige_deelnemers = forms.CharField(
        label="Overige deelnemers",
        max_length=500,
        required=False,
        help_text="Organisaties die niet op de wegenkaart staan, gescheiden door komma's.",
        error_messages={"max_length": "Gebruik hooguit 500 tekens."},
    )
    agenda = forms.CharField(
        label="Agenda",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="De onderwerpen, zoals cijfers en trends, preventie en rondvraag.",
    )
    besluiten = forms.CharField(
        label="Algemene besluiten",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Besluiten over een signaal legt u vast bij dat signaal op de agenda; "
        "zij komen dan ook bij het signaal te staan.",
    )

    def __init__(self, *args: Any, gebruiker: Any, overleg: Overleg | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regios = list(regios_voor_nieuw_overleg(gebruiker))
        gekozen = list(overleg.organisaties.all()) if overleg is not None else []
        if overleg is not None and overleg.regio not in regios:
            regios.append(overleg.regio)
        self.enige_regio = regios[0] if len(regios) == 1 else None
        if self.enige_regio is not None:
            del self.fields["regio"]
        else:
            modelkeuze(self, "regio").queryset = regiokeuze(regios)
            modelkeuze(self, "regio").empty_label = KIES
        modelkeuze(self, "organisaties").queryset = partners_te_kiezen(gebruiker, regios, gekozen=gekozen)
        if overleg is None:
            self.fields["formuliertoken"] = forms.UUIDField(widget=forms.HiddenInput)

    def organisatiegroepen(self) -> list[tuple[str, list[Any]]]:
        """The partner checkboxes per kind of organisation, in the wegenkaart's order."""
        per_soort: dict[str, list[Any]] = {soort.value: [] for soort in Soort}
        for keuze in self["organisaties"]:
            per_soort[keuze.data["value"].instance.soort].append(keuze)
        return [(Soort(s).label, keuzes) for s, keuzes in per_soort.items() if keuzes]

    def gegevens(self) -> OverlegGegevens:
        """The ``gegevens`` for the services, with the regio chosen or the only one."""
        data = self.cleaned_data
        return OverlegGegevens(
            regio=self.enige_regio if self.enige_regio is not None else data.get("regio"),
            soort=data["soort"],
            datum=data["datum"],
            overige_deelnemers=data["overige_deelnemers"],
            agenda=data["agenda"],
            besluiten=data["besluiten"],
        )


verplicht_tonen(OverlegForm, "regio")


class SignaalbesluitForm(forms.Form):
    """The decision on one agenda signal; each row has its own prefix."""

    # Not required here: the signalen service says what is missing, in its own words.
    besluit = forms.CharField(label="Besluit", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, referentie: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["besluit"].label = f"Besluit over {referentie}"
        self.fields["besluit"].verplicht = True  # type: ignore[attr-defined]


def besluitprefix(agendasignaal_pk: int) -> str:
    return f"besluit{agendasignaal_pk}"
