"""Forms of a trajectory: its pillars, a phase transition, closing and reopening."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VerborgenFouten, verplicht_tonen
from mensenhandel.models import Gebruiker, Regio
from zorgcoordinatie.forms.velden import (
    Gebruikerkeuze,
    datumveld,
    keuzeveld,
    modelkeuze,
    versieveld,
)
from zorgcoordinatie.models import Fase, Traject
from zorgcoordinatie.services.gegevens import TRAJECTVELDEN, TrajectGegevens
from zorgcoordinatie.services.traject import mogelijke_overgangen

VORMLABELS = {
    "seksuele_uitbuiting": "Seksuele uitbuiting",
    "arbeidsuitbuiting": "Arbeidsuitbuiting",
    "criminele_uitbuiting": "Criminele uitbuiting",
    "orgaanverwijdering": "Gedwongen orgaanverwijdering",
    "vorm_onbekend": "Onbekend",
}
DATUMVELDEN_TRAJECT = [
    "volgende_evaluatie", "opvang_start", "opvang_eind", "bedenktijd_start", "bedenktijd_eind",
    "verblijf_datum", "aangifte_op", "geinformeerd_verblijfsrecht_op", "geinformeerd_strafrecht_op",
    "geinformeerd_zorg_op",
]  # fmt: skip


class TrajectForm(VerborgenFouten, forms.ModelForm):
    """Pillars, forms of exploitation, backup, next review, informed dates and criteria."""

    versie = versieveld()

    class Meta:
        model = Traject
        fields = TRAJECTVELDEN
        labels = {
            **VORMLABELS,
            "volgende_evaluatie": "Volgende evaluatie",
            "opvang": "Type opvang",
            "opvang_start": "Opvang vanaf",
            "opvang_eind": "Opvang tot",
            "verblijf": "Verblijfsrecht",
            "bedenktijd_start": "Bedenktijd vanaf",
            "bedenktijd_eind": "Bedenktijd tot",
            "verblijf_datum": "Datum van aanvraag of besluit",
            "strafrecht": "Strafrecht",
            "aangifte_op": "Aangifte gedaan op",
            "strafrecht_contact": "Contact bij politie of OM",
            "geinformeerd_verblijfsrecht_op": "Geïnformeerd over het verblijfsrecht op",
            "geinformeerd_strafrecht_op": "Geïnformeerd over het strafrecht op",
            "geinformeerd_zorg_op": "Geïnformeerd over de zorg op",
            "kent_verblijfsstappen": "De cliënt kent de volgende stappen in het verblijfsrecht",
            "kent_rechten_voorzieningen": "De cliënt kent de rechten op voorzieningen",
            "weet_waar_hulp": "De cliënt weet waar hulp te vinden is",
        }
        help_texts = {
            "bedenktijd_eind": "Leeg: drie maanden na de start. Ten hoogste drie maanden.",
            "strafrecht_contact": "Alleen wie het contact is; onderzoeksinformatie wordt niet gedeeld.",
        }
        widgets = dict.fromkeys(DATUMVELDEN_TRAJECT, DATUM)
        error_messages = dict.fromkeys(DATUMVELDEN_TRAJECT, DATUMFOUT)
        field_classes = {"achtervang": Gebruikerkeuze}

    def __init__(self, *args: Any, achtervangers: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        achtervang = modelkeuze(self, "achtervang")
        achtervang.queryset, achtervang.empty_label = achtervangers, "Geen achtervang"
        keuzeveld(self, "opvang").choices = Traject.Opvang.choices
        self.initial.setdefault("versie", self.instance.versie)

    def gegevens(self) -> TrajectGegevens:
        d = self.cleaned_data
        return TrajectGegevens(
            seksuele_uitbuiting=d["seksuele_uitbuiting"],
            arbeidsuitbuiting=d["arbeidsuitbuiting"],
            criminele_uitbuiting=d["criminele_uitbuiting"],
            orgaanverwijdering=d["orgaanverwijdering"],
            vorm_onbekend=d["vorm_onbekend"],
            achtervang=d["achtervang"],
            volgende_evaluatie=d["volgende_evaluatie"],
            opvang=d["opvang"],
            opvang_start=d["opvang_start"],
            opvang_eind=d["opvang_eind"],
            verblijf=d["verblijf"],
            bedenktijd_start=d["bedenktijd_start"],
            bedenktijd_eind=d["bedenktijd_eind"],
            verblijf_datum=d["verblijf_datum"],
            strafrecht=d["strafrecht"],
            aangifte_op=d["aangifte_op"],
            strafrecht_contact=d["strafrecht_contact"],
            geinformeerd_verblijfsrecht_op=d["geinformeerd_verblijfsrecht_op"],
            geinformeerd_strafrecht_op=d["geinformeerd_strafrecht_op"],
            geinformeerd_zorg_op=d["geinformeerd_zorg_op"],
            kent_verblijfsstappen=d["kent_verblijfsstappen"],
            kent_rechten_voorzieningen=d["kent_rechten_voorzieningen"],
            weet_waar_hulp=d["weet_waar_hulp"],
        )

    def pijlers(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields per fieldset, in the order of the page."""
        groepen = [
            ("Vormen van uitbuiting", list(VORMLABELS)),
            ("Hulp en opvang", ["opvang", "opvang_start", "opvang_eind"]),
            ("Verblijfsrecht", ["verblijf", "bedenktijd_start", "bedenktijd_eind", "verblijf_datum"]),
            ("Strafrecht", ["strafrecht", "aangifte_op", "strafrecht_contact"]),
            (
                "Geïnformeerd over rechten en plichten",
                ["geinformeerd_verblijfsrecht_op", "geinformeerd_strafrecht_op", "geinformeerd_zorg_op"],
            ),
            ("Afsluitcriteria", ["kent_verblijfsstappen", "kent_rechten_voorzieningen", "weet_waar_hulp"]),
            ("Achtervang en evaluatie", ["achtervang", "volgende_evaluatie"]),
        ]
        return [(titel, [self[veld] for veld in velden]) for titel, velden in groepen]


OVERGANGEN = [
    (f"{Fase.INTAKE}:starten", "Intake starten"),
    (f"{Fase.INTAKE}:beeindigen", "Intake afronden"),
    (f"{Fase.HULPVERLENING}:starten", "Hulpverlening starten"),
    (f"{Fase.HULPVERLENING}:beeindigen", "Hulpverlening beëindigen"),
    (f"{Fase.AFRONDING}:starten", "Afronding starten"),
]


class FaseForm(VerborgenFouten, forms.Form):
    """Offers only the transitions the trajectory allows now (``services.mogelijke_overgangen``)."""

    overgang = forms.ChoiceField(
        label="Faseovergang",
        error_messages={
            "required": "Kies een faseovergang.",
            "invalid_choice": "Deze faseovergang kan nu niet. Kies een van de overgangen in de lijst.",
        },
        help_text=(
            "Alleen de overgangen die nu kunnen. Hulpverlening mag al tijdens of vóór de intake starten."
        ),
    )
    datum = datumveld("Datum", required=True, error_messages={"required": "Vul de datum van de overgang in."})
    versie = versieveld()

    def __init__(self, *args: Any, traject: Traject, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_fase_%s")
        super().__init__(*args, **kwargs)
        mogelijk = {f"{fase}:{actie}" for fase, actie in mogelijke_overgangen(traject)}
        self.mogelijk = [(waarde, label) for waarde, label in OVERGANGEN if waarde in mogelijk]
        keuzeveld(self, "overgang").choices = [("", KIES), *self.mogelijk]
        self.initial.setdefault("versie", traject.versie)

    def overgang_gekozen(self) -> tuple[str, str]:
        fase, actie = self.cleaned_data["overgang"].split(":")
        return fase, actie


class AfsluitenForm(VerborgenFouten, forms.Form):
    # Not required here: the service says what is missing, in its own words.
    reden = forms.ChoiceField(
        label="Reden van afsluiten", choices=[("", KIES), *Traject.Afsluitreden.choices], required=False
    )
    toelichting = forms.CharField(
        label="Toelichting",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Verplicht bij 'Anders'.",
    )
    overgedragen_aan = forms.ModelChoiceField(
        label="Overgedragen aan regio",
        queryset=Regio.objects.none(),
        required=False,
        empty_label=KIES,
        help_text="Alleen bij overdracht aan een andere regio.",
    )
    versie = versieveld()

    def __init__(self, *args: Any, traject: Traject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(self, "overgedragen_aan").queryset = Regio.objects.exclude(pk=traject.regio_id).order_by(
            "naam"
        )
        self.initial.setdefault("versie", traject.versie)


class HeropenenForm(VerborgenFouten, forms.Form):
    # Not required here: the service says what is missing, in its own words.
    reden = forms.CharField(
        label="Reden om te heropenen", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    versie = versieveld()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_heropenen_%s")
        super().__init__(*args, **kwargs)


verplicht_tonen(AfsluitenForm, "reden")
verplicht_tonen(HeropenenForm, "reden")
