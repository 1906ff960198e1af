"""Forms of the zorgcoördinatie screens. They read and check input; the services decide.

Errors only a service can judge (a bedenktijd longer than three months, closing on
unmet criteria, a date in the future) come back as ``ValidationError`` or ``Geweigerd``
and are put on the form by the view (``fouten_overnemen``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VerborgenFouten, fouten_overnemen, verplicht_tonen
from mensenhandel.models import Gebruiker, Gemeente, Regio
from mensenhandel.partners import partneraanbod, partnerveld
from zorgcoordinatie import services
from zorgcoordinatie.models import (
    Aanmelding,
    Client,
    Fase,
    JaNeeOnbekend,
    Levensdomein,
    Traject,
    Zorgactie,
)

__all__ = ["fouten_overnemen"]


def _versieveld() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _datumveld(label: str, *, required: bool = False, **kwargs: Any) -> forms.DateField:
    kwargs["error_messages"] = {**DATUMFOUT, **kwargs.get("error_messages", {})}
    return forms.DateField(label=label, required=required, widget=DATUM, **kwargs)


def _gemeenten() -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(actief=True).order_by("naam")


# --- Aanmeldingen ------------------------------------------------------------------------------


class AanmeldingForm(VerborgenFouten, forms.Form):
    """A direct aanmelding (police, Veilig Thuis, the person, …); a form token against double submit."""

    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        empty_label=KIES,
        error_messages={"required": "Kies de regio van de aanmelding."},
    )
    datum = _datumveld("Datum van aanmelding", help_text="Leeg: vandaag. Niet in de toekomst.")
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
        self.fields["regio"].queryset = regios.order_by("naam")
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
    geboortedatum = _datumveld("Geboortedatum")
    geslacht = forms.ChoiceField(
        label="Geslacht", choices=Client.Geslacht.choices, initial=Client.Geslacht.ONBEKEND, required=False
    )
    verantwoordelijke_gemeente = forms.ModelChoiceField(
        label="Verantwoordelijke gemeente",
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label=KIES,
        help_text="De woonplaats; zonder bekende woonplaats de gemeente waar de cliënt is aangetroffen.",
    )
    achtervang = forms.ModelChoiceField(
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
        self.fields["verantwoordelijke_gemeente"].queryset = _gemeenten()
        self.fields["achtervang"].queryset = achtervangers
        self.fields["achtervang"].label_from_instance = lambda g: g.naam
        self.bestaande_client: Client | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        nummer = (data.get("dossiernummer") or "").strip().upper()
        if nummer:
            self.bestaande_client = self._clienten.filter(dossiernummer=nummer).first()
            if self.bestaande_client is None:
                self.add_error("dossiernummer", f"In deze regio is geen cliënt met dossiernummer {nummer}.")
        elif "verantwoordelijke_gemeente" in data and data["verantwoordelijke_gemeente"] is None:
            self.add_error("verantwoordelijke_gemeente", "Kies de verantwoordelijke gemeente.")
        return data

    def client_gegevens(self) -> dict[str, Any] | None:
        if self.bestaande_client is not None:
            return None
        velden = ("naam", "geboortedatum", "verantwoordelijke_gemeente")
        gegevens = {veld: self.cleaned_data[veld] for veld in velden}
        return {**gegevens, "geslacht": self.cleaned_data["geslacht"] or Client.Geslacht.ONBEKEND}


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


# --- The trajectory ----------------------------------------------------------------------------

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

    versie = _versieveld()

    class Meta:
        model = Traject
        fields = services.TRAJECTVELDEN
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

    def __init__(self, *args: Any, achtervangers: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["achtervang"].queryset = achtervangers
        self.fields["achtervang"].label_from_instance = lambda g: g.naam
        self.fields["achtervang"].empty_label = "Geen achtervang"
        self.fields["opvang"].choices = Traject.Opvang.choices
        self.initial.setdefault("versie", self.instance.versie)

    def gegevens(self) -> dict[str, Any]:
        return {veld: self.cleaned_data[veld] for veld in services.TRAJECTVELDEN}

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
    overgang = forms.ChoiceField(
        label="Faseovergang",
        choices=[("", KIES), *OVERGANGEN],
        error_messages={"required": "Kies een faseovergang.", "invalid_choice": "Kies een faseovergang."},
        help_text="Hulpverlening mag al tijdens of vóór de intake starten.",
    )
    datum = _datumveld(
        "Datum", required=True, error_messages={"required": "Vul de datum van de overgang in."}
    )
    versie = _versieveld()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_fase_%s")
        super().__init__(*args, **kwargs)

    def overgang_gekozen(self) -> tuple[str, str]:
        fase, actie = self.cleaned_data["overgang"].split(":")
        return fase, actie


class IntakeForm(VerborgenFouten, forms.Form):
    """The need per life domain, all fourteen at once."""

    versie = _versieveld()

    def __init__(self, *args: Any, traject: Traject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bestaand = {b.domein: b for b in traject.behoeften.all()}
        for domein in Levensdomein:
            label = domein.label.lower()
            self.fields[f"behoefte_{domein.value}"] = forms.ChoiceField(
                label=f"Hulpvraag bij {label}",
                choices=JaNeeOnbekend.choices,
                initial=JaNeeOnbekend.ONBEKEND,
                error_messages={
                    "required": "Kies ja, nee of onbekend.",
                    "invalid_choice": "Kies ja, nee of onbekend.",
                },
            )
            self.fields[f"toelichting_{domein.value}"] = forms.CharField(
                label=f"Toelichting bij {label}", max_length=500, required=False
            )
            if domein.value in bestaand:
                self.initial.setdefault(f"behoefte_{domein.value}", bestaand[domein.value].behoefte)
                self.initial.setdefault(f"toelichting_{domein.value}", bestaand[domein.value].toelichting)
        self.initial.setdefault("versie", traject.versie)

    def domeinen(self) -> list[dict[str, Any]]:
        return [
            {
                "label": d.label,
                "behoefte": self[f"behoefte_{d.value}"],
                "toelichting": self[f"toelichting_{d.value}"],
            }
            for d in Levensdomein
        ]

    def behoeften(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {d.value: (data[f"behoefte_{d.value}"], data[f"toelichting_{d.value}"]) for d in Levensdomein}


ACTIEDATUMS = ["aangevraagd_op", "gestart_op", "beeindigd_op", "warme_overdracht_op"]

# The kinds of organisation on the wegenkaart a care action offers as its provider (codes
# of the wegenkaart's kinds, see ``mensenhandel.partners``): whoever gives help across the
# life domains (care, shelter, the gemeente for benefits and BRP, the asylum chain for
# residence and documents, youth work, school, other help such as lawyers). Not the
# police, OM, RIEC, Arbeidsinspectie or KMar: they investigate and enforce, a referral of
# a signal goes to them.
ZORGAANBIEDER_SOORTEN = (
    "zorgaanbieder", "opvang", "veilig_thuis", "zvh", "comensha", "coa", "ind", "nidos",
    "gemeente", "school", "jongerenwerk", "overig",
)  # fmt: skip


class ZorgactieForm(forms.ModelForm):
    """A care action; the provider is chosen from the wegenkaart's partners serving the
    trajectory's regio (free text where the wegenkaart has none)."""

    class Meta:
        model = Zorgactie
        fields = services.ACTIEVELDEN
        labels = {"domein": "Levensdomein (hulpvraag)", "warme_overdracht_op": "Warme overdracht op"}
        help_texts = {"aangevraagd_op": "Niet in de toekomst."}
        widgets = dict.fromkeys(ACTIEDATUMS, DATUM)
        error_messages = {
            **dict.fromkeys(ACTIEDATUMS, DATUMFOUT),
            "aangevraagd_op": {**DATUMFOUT, "required": "Vul in wanneer de hulp is aangevraagd."},
            "domein": {"required": "Kies het levensdomein."},
            "soort": {"required": "Vul in welke hulp het is."},
        }

    def __init__(self, *args: Any, gebruiker: Any, regio: Regio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domein"].choices = [("", KIES), *Levensdomein.choices]
        self.fields["zorgaanbieder"] = partnerveld(
            partneraanbod(gebruiker, regio=regio, soorten=ZORGAANBIEDER_SOORTEN),
            huidig=self.instance.zorgaanbieder if self.instance.pk else "",
            label="Zorgaanbieder",
            max_length=Zorgactie._meta.get_field("zorgaanbieder").max_length,
            help_text="De organisatie die de hulp biedt.",
            keuze_verplicht="Kies de zorgaanbieder.",
            tekst_verplicht="Vul de zorgaanbieder in.",
        )

    def gegevens(self) -> dict[str, Any]:
        return {veld: self.cleaned_data[veld] for veld in services.ACTIEVELDEN}


AANTAL_AFSPRAKEN = 3


class ZorgoverlegForm(forms.Form):
    """A zorgoverleg with up to three agreements; an agreement needs what, who and when."""

    datum = _datumveld(
        "Datum van het overleg",
        required=True,
        error_messages={"required": "Vul de datum van het overleg in."},
    )
    # Not required here: the service says what is missing, in its own words.
    organisaties = forms.CharField(
        label="Deelnemende organisaties",
        max_length=500,
        required=False,
        help_text="Bijvoorbeeld: COSM, politie, gemeente Hilversum.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, AANTAL_AFSPRAKEN + 1):
            self.fields[f"afspraak_{i}_omschrijving"] = forms.CharField(
                label=f"Afspraak {i}: wat", max_length=300, required=False
            )
            self.fields[f"afspraak_{i}_eigenaar"] = forms.CharField(
                label=f"Afspraak {i}: wie", max_length=150, required=False
            )
            self.fields[f"afspraak_{i}_deadline"] = _datumveld(f"Afspraak {i}: uiterlijk op")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        meldingen = {
            "omschrijving": "Vul in wat er is afgesproken.",
            "eigenaar": "Vul in wie de afspraak uitvoert.",
            "deadline": "Vul in wanneer de afspraak uiterlijk klaar is.",
        }
        for i in range(1, AANTAL_AFSPRAKEN + 1):
            namen = {deel: f"afspraak_{i}_{deel}" for deel in meldingen}
            if any(naam in self.errors for naam in namen.values()):
                continue
            ingevuld = {deel: data.get(naam) for deel, naam in namen.items()}
            if any(ingevuld.values()):
                for deel, waarde in ingevuld.items():
                    if not waarde:
                        self.add_error(namen[deel], meldingen[deel])
        return data

    def afspraken_velden(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"afspraak_{i}_{deel}"] for deel in ("omschrijving", "eigenaar", "deadline")]
            for i in range(1, AANTAL_AFSPRAKEN + 1)
        ]

    def afspraken(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "omschrijving": data[f"afspraak_{i}_omschrijving"].strip(),
                "eigenaar": data[f"afspraak_{i}_eigenaar"].strip(),
                "deadline": data[f"afspraak_{i}_deadline"],
            }
            for i in range(1, AANTAL_AFSPRAKEN + 1)
            if data[f"afspraak_{i}_omschrijving"]
        ]


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
    versie = _versieveld()

    def __init__(self, *args: Any, traject: Traject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["overgedragen_aan"].queryset = Regio.objects.exclude(pk=traject.regio_id).order_by("naam")
        self.initial.setdefault("versie", traject.versie)


class HeropenenForm(VerborgenFouten, forms.Form):
    # Not required here: the service says what is missing, in its own words.
    reden = forms.CharField(
        label="Reden om te heropenen", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    versie = _versieveld()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_heropenen_%s")
        super().__init__(*args, **kwargs)


# --- The client --------------------------------------------------------------------------------


class ClientForm(VerborgenFouten, forms.ModelForm):
    versie = _versieveld()

    class Meta:
        model = Client
        fields = services.CLIENTVELDEN
        labels = {
            "nationaliteiten": "Nationaliteit(en)",
            "tolk_nodig": "Een tolk is nodig",
            "brp_gemeente": "Ingeschreven in de BRP van",
            "verblijfplaats": "Waar verblijft de cliënt",
            "mag_bellen": "Mag gebeld worden",
            "mag_sms": "Mag een bericht krijgen",
            "mag_bezoek": "Mag bezocht worden",
            "veilige_tijden": "Veilige tijden voor contact",
            "nooit_via": "Nooit contact via",
            "lvb": "Licht verstandelijke beperking",
            "psychische_problematiek": "Psychische problematiek",
            "verslaving": "Verslaving",
            "zwangerschap": "Zwangerschap",
        }
        help_texts = {"nooit_via": "Bijvoorbeeld de werkgever, de partner of een familielid."}
        widgets = {"geboortedatum": DATUM}
        error_messages = {
            "geboortedatum": DATUMFOUT,
            "verantwoordelijke_gemeente": {"required": "Kies de verantwoordelijke gemeente."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeenten = _gemeenten()
        if self.instance.pk:
            eigen = [self.instance.brp_gemeente_id, self.instance.verantwoordelijke_gemeente_id]
            gemeenten = Gemeente.objects.filter(Q(actief=True) | Q(pk__in=[p for p in eigen if p])).order_by(
                "naam"
            )
        self.fields["brp_gemeente"].queryset = gemeenten
        self.fields["brp_gemeente"].empty_label = "Niet ingeschreven of onbekend"
        self.fields["verantwoordelijke_gemeente"].queryset = gemeenten
        self.fields["verantwoordelijke_gemeente"].empty_label = KIES
        self.initial.setdefault("versie", self.instance.versie)

    def gegevens(self) -> dict[str, Any]:
        return {veld: self.cleaned_data[veld] for veld in services.CLIENTVELDEN}

    def groepen(self) -> list[tuple[str, list[forms.BoundField]]]:
        groepen = [
            (
                "Persoon",
                ["naam", "aliassen", "geboortedatum", "geslacht", "nationaliteiten", "taal", "tolk_nodig"],
            ),
            ("Verblijf", ["verblijfsstatus", "brp_gemeente", "verblijfplaats", "verantwoordelijke_gemeente"]),
            ("Veilig contact", ["mag_bellen", "mag_sms", "mag_bezoek", "veilige_tijden", "nooit_via"]),
            (
                "Kwetsbaarheden",
                ["lvb", "psychische_problematiek", "verslaving", "zwangerschap", "overige_kwetsbaarheden"],
            ),
        ]
        return [(titel, [self[veld] for veld in velden]) for titel, velden in groepen]


class ComenshaForm(forms.Form):
    toestemming = forms.ChoiceField(
        label="Toestemming voor registratie bij CoMensha", choices=Client.Toestemming.choices
    )
    datum = _datumveld("Datum waarop het is gevraagd", help_text="Niet in de toekomst.")
    reikwijdte = forms.CharField(
        label="Reikwijdte van de toestemming",
        max_length=300,
        required=False,
        help_text="Welke gegevens mogen worden gedeeld.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_comensha_%s")
        super().__init__(*args, **kwargs)


verplicht_tonen(AccepterenForm, "verantwoordelijke_gemeente")
verplicht_tonen(AfwijzenForm, "reden")
verplicht_tonen(ZorgoverlegForm, "organisaties")
verplicht_tonen(AfsluitenForm, "reden")
verplicht_tonen(HeropenenForm, "reden")
