from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from mensenhandel.bewaartermijnen import Termijnsoort
from mensenhandel.logweergave import soort_keuzes, soort_spellingen
from mensenhandel.models import Afwijkingsdrempels, Gebruiker, Regio, Rol, ToegangsLog


class InlogForm(forms.Form):
    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={
            "required": "Vul uw e-mailadres in.",
            "invalid": "Vul een geldig e-mailadres in, zoals naam@gemeente.nl.",
        },
    )
    wachtwoord = forms.CharField(
        label="Wachtwoord",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Vul uw wachtwoord in."},
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code uit uw authenticator-app",
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
        error_messages={
            "required": "Vul de code van zes cijfers in.",
            "invalid": "Een code bestaat uit zes cijfers, bijvoorbeeld 123456.",
        },
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "")


_Regels = TypeVar("_Regels", bound=QuerySet[ToegangsLog])


def _soorten_als_keuze() -> list[tuple[str, str]]:
    return [("", "Alle soorten"), *soort_keuzes()]


class ToegangsLogFilter(forms.Form):
    """The access log's filters, on the page and in the export; every one is a choice but the id."""

    rol = forms.ChoiceField(
        label="Rol",
        choices=[("", "Alle rollen"), *Rol.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een rol uit de lijst."},
    )
    gebruiker = forms.ModelChoiceField(
        label="Gebruiker",
        queryset=Gebruiker.objects.order_by("naam"),
        required=False,
        empty_label="Alle gebruikers",
        error_messages={"invalid_choice": "Kies een gebruiker uit de lijst."},
    )
    actie = forms.ChoiceField(
        label="Actie",
        choices=[("", "Alle acties"), *ToegangsLog.Actie.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een actie uit de lijst."},
    )
    uitkomst = forms.ChoiceField(
        label="Uitkomst",
        choices=[("", "Alle uitkomsten"), *ToegangsLog.Uitkomst.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een uitkomst uit de lijst."},
    )
    object_type = forms.ChoiceField(
        label="Soort gegeven",
        choices=_soorten_als_keuze,
        required=False,
        error_messages={"invalid_choice": "Kies een soort gegeven uit de lijst."},
    )
    object_id = forms.CharField(
        label="Id van het gegeven",
        max_length=64,
        required=False,
        error_messages={"max_length": "Een id is hoogstens %(limit_value)d tekens."},
    )
    vanaf = forms.DateField(
        label="Vanaf (datum)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Vul een geldige datum in, zoals 2026-01-31."},
    )
    tot_en_met = forms.DateField(
        label="Tot en met (datum)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Vul een geldige datum in, zoals 2026-01-31."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        vanaf, tot = data.get("vanaf"), data.get("tot_en_met")
        if vanaf and tot and tot < vanaf:
            self.add_error("tot_en_met", "De einddatum ligt vóór de begindatum.")
        return data

    def toepassen(self, regels: _Regels) -> _Regels:
        """The rows that match the filters of a valid form (all rows of an unbound one)."""
        if not self.is_bound:
            return regels
        data = self.cleaned_data
        if data["gebruiker"]:
            regels = regels.filter(gebruiker=data["gebruiker"])
        for veld in ("rol", "actie", "uitkomst", "object_id"):
            if data[veld]:
                regels = regels.filter(**{veld: data[veld]})
        if data["object_type"]:
            regels = regels.filter(object_type__in=soort_spellingen(data["object_type"]))
        if data["vanaf"]:
            regels = regels.filter(tijdstip__date__gte=data["vanaf"])
        if data["tot_en_met"]:
            regels = regels.filter(tijdstip__date__lte=data["tot_en_met"])
        return regels

    def logtekst(self) -> str:
        """The filters of a valid form as the access log's row of the search says them (ids, no names)."""
        if not self.is_bound:
            return ""
        delen = []
        for naam, waarde in self.cleaned_data.items():
            if waarde in (None, ""):
                continue
            delen.append(f"{naam}={getattr(waarde, 'pk', waarde)}")
        return f"filters: {', '.join(delen)}" if delen else ""


def verplicht_tonen(formulier: type[forms.BaseForm], *velden: str) -> None:
    """Show fields as required (no "(niet verplicht)", aria-required) whose check lives
    in a service, so that the service's own message explains what is missing."""
    for naam in velden:
        formulier.base_fields[naam].verplicht = True  # type: ignore[attr-defined]


# --- Shared by the apps' forms ---------------------------------------------------------------

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATUMFOUT = {"invalid": "Vul een geldige datum in, zoals 2026-01-31."}
KIES = "Kies…"
VINKJES = forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"})


def fouten_overnemen(form: forms.BaseForm, fout: ValidationError) -> None:
    """Put a service's errors on the form: on the field where it exists, else on top."""
    if hasattr(fout, "error_dict"):
        for veld, meldingen in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, meldingen)
    else:
        form.add_error(None, fout.messages)


@dataclass(frozen=True)
class Foutmelding:
    """One line of a page's error summary: the message and the id of the field it links to."""

    tekst: str
    anker: str


def foutmeldingen(form: forms.BaseForm, *, voor: str = "", anker: str = "") -> list[Foutmelding]:
    """Every error of a bound form for the error summary on top of its page, in the order of
    the fields, each linking to its field; ``anker``: where an error about the whole form
    links to, ``voor``: what goes before each message (which block of a formset)."""
    regels = [Foutmelding(f"{voor}{fout}", anker) for fout in form.non_field_errors()]
    for veld in form:
        regels += [Foutmelding(f"{voor}{veld.label}: {fout}", veldanker(veld)) for fout in veld.errors]
    return regels


def veldanker(veld: forms.BoundField) -> str:
    """The id of the input to focus for a field: the first choice of a group of checkboxes or
    radio buttons."""
    if isinstance(veld.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return f"{veld.auto_id}_0"
    return veld.id_for_label or str(veld.auto_id)


def ongecontroleerd(*formulieren: forms.BaseForm | forms.BaseFormSet[Any]) -> None:
    """Show bound forms again as they were typed, without checking them: for a step that only
    changes the page (a block added or taken away), where errors would be premature."""
    for formulier in formulieren:
        if isinstance(formulier, forms.BaseFormSet):
            formulier._errors = []  # type: ignore[attr-defined]  # private in django-stubs
            formulier._non_form_errors = formulier.error_class()  # type: ignore[attr-defined]
            ongecontroleerd(*formulier.forms)
        else:
            formulier._errors = forms.utils.ErrorDict()  # type: ignore[attr-defined]


ONVOLLEDIG = "Het formulier is onvolledig. Laad de pagina opnieuw en probeer het nog eens."


class VerborgenFouten(forms.BaseForm):
    """An error on a hidden field (version, form token) cannot be shown there; show it on top.

    A mixin before ``forms.Form`` or ``forms.ModelForm``: ``class X(VerborgenFouten, forms.Form)``.
    """

    def _post_clean(self) -> None:
        # django-stubs leaves out the private hook and error dict this relies on.
        super()._post_clean()  # type: ignore[misc]
        fouten = self._errors  # type: ignore[attr-defined]
        for naam in [n for n, v in self.fields.items() if v.widget.is_hidden and n in fouten]:
            del fouten[naam]
            self.add_error(None, ONVOLLEDIG)


class ToegangswijzigingBeoordelenForm(forms.Form):
    """A second beheerder's decision on a waiting grant; declining needs a reason."""

    besluit = forms.ChoiceField(
        label="Besluit",
        # No decision preselected: approving opens personal data, so it is a deliberate choice.
        choices=[("", "Kies een besluit"), ("goedkeuren", "Goedkeuren"), ("afwijzen", "Afwijzen")],
        error_messages={
            "required": "Kies goedkeuren of afwijzen.",
            "invalid_choice": "Kies goedkeuren of afwijzen.",
        },
    )
    toelichting = forms.CharField(
        label="Toelichting (verplicht bij afwijzen)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Houd de toelichting kort: hoogstens %(limit_value)d tekens."},
    )


class BewaartermijnForm(forms.Form):
    """A regio's own term for one kind; empty months: back to the default."""

    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.order_by("naam"),
        error_messages={"required": "Kies de regio.", "invalid_choice": "Kies een regio uit de lijst."},
    )
    soort = forms.ChoiceField(
        label="Soort gegevens",
        choices=Termijnsoort.choices,
        error_messages={
            "required": "Kies de soort gegevens.",
            "invalid_choice": "Kies een soort uit de lijst.",
        },
    )
    maanden = forms.IntegerField(
        label="Bewaartermijn in maanden (leeg: de standaardtermijn)",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Vul een aantal maanden in, zoals 60 voor vijf jaar.",
            "min_value": "Vul een aantal maanden van minstens 1 in.",
        },
    )
    toelichting = forms.CharField(
        label="Grond voor deze termijn",
        max_length=300,
        required=False,
        error_messages={"max_length": "Houd de grond kort: hoogstens %(limit_value)d tekens."},
    )


class BlokkadeForm(forms.Form):
    """A hold: the record (for the beheerder, by its reference), the reason and the end date."""

    referentie = forms.CharField(
        label="Referentie van het signaal of dossiernummer van de cliënt",
        max_length=40,
        required=False,
        error_messages={"max_length": "Een referentie is hoogstens %(limit_value)d tekens."},
    )
    reden = forms.CharField(
        label="Reden",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        error_messages={"max_length": "Houd de reden kort: hoogstens %(limit_value)d tekens."},
    )
    tot = forms.DateField(
        label="Bewaren tot en met",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Vul een geldige datum in, zoals 2030-01-31."},
    )

    def __init__(self, *args: Any, met_referentie: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not met_referentie:
            del self.fields["referentie"]


class BlokkadeBesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        choices=[("goedkeuren", "Goedkeuren"), ("afwijzen", "Afwijzen"), ("opheffen", "Opheffen")],
        error_messages={"required": "Kies een besluit.", "invalid_choice": "Kies een besluit uit de lijst."},
    )


class AfwijkingsdrempelsForm(forms.ModelForm):
    class Meta:
        model = Afwijkingsdrempels
        fields = ["factor", "minimum_per_dag", "kantoor_van", "kantoor_tot", "dagen"]
        widgets = {
            "kantoor_van": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "kantoor_tot": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            "factor": {
                "invalid": "Vul een getal in, zoals 3 of 2,5.",
                "min_value": "Kies een factor van minstens 1.",
                "max_value": "Kies een factor van hoogstens 50.",
                "required": "Vul de factor in.",
            },
            "minimum_per_dag": {
                "invalid": "Vul een aantal in.",
                "min_value": "Kies minstens 1.",
                "max_value": "Kies hoogstens 10.000.",
                "required": "Vul het minimum per dag in.",
            },
            "kantoor_van": {"invalid": "Vul een tijd in, zoals 07:00.", "required": "Vul het begin in."},
            "kantoor_tot": {"invalid": "Vul een tijd in, zoals 19:00.", "required": "Vul het einde in."},
            "dagen": {
                "invalid": "Vul een aantal dagen in.",
                "min_value": "Kies minstens 1 dag.",
                "max_value": "Kies hoogstens 366 dagen.",
                "required": "Vul het aantal dagen in.",
            },
        }


class InzageZoekForm(forms.Form):
    """An inzageverzoek (art. 15 AVG): whom to search for, and the request's own reference.

    The name and date of birth are used for the search only and are not stored."""

    naam = forms.CharField(
        label="Naam van de betrokkene",
        max_length=150,
        help_text="Zoals de betrokkene die opgeeft; hoofdletters, accenten en de volgorde van de delen maken "
        "niet uit.",
        error_messages={
            "required": "Vul de naam van de betrokkene in.",
            "max_length": "Een naam is hoogstens %(limit_value)d tekens.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        widget=DATUM,
        error_messages={**DATUMFOUT, "required": "Vul de geboortedatum van de betrokkene in."},
    )
    kenmerk = forms.CharField(
        label="Kenmerk van het verzoek",
        max_length=60,
        help_text="Bijvoorbeeld het zaaknummer van de gemeente. Geen naam: dit kenmerk wordt bewaard.",
        error_messages={
            "required": "Vul het kenmerk van het verzoek in, bijvoorbeeld het zaaknummer.",
            "max_length": "Een kenmerk is hoogstens %(limit_value)d tekens.",
        },
    )
    ontvangen_op = forms.DateField(
        label="Verzoek ontvangen op",
        widget=DATUM,
        error_messages={**DATUMFOUT, "required": "Vul de datum in waarop het verzoek binnenkwam."},
    )

    def clean_geboortedatum(self) -> date:
        datum: date = self.cleaned_data["geboortedatum"]
        if datum > timezone.localdate():
            raise ValidationError("Een geboortedatum kan niet in de toekomst liggen.")
        return datum

    def clean_ontvangen_op(self) -> date:
        datum: date = self.cleaned_data["ontvangen_op"]
        if datum > timezone.localdate():
            raise ValidationError("Deze datum ligt in de toekomst.")
        return datum

    def clean_naam(self) -> str:
        naam: str = self.cleaned_data["naam"].strip()
        if not any(c.isalnum() for c in naam):
            raise ValidationError("Vul een naam in met letters.")
        return naam


class BeperkingForm(forms.Form):
    """Restrict or free the processing of one record found for an inzageverzoek (art. 18 AVG)."""

    sleutel = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Kies een gegeven."})
    actie = forms.ChoiceField(
        choices=[("beperken", "Beperken"), ("opheffen", "Opheffen")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Kies beperken of opheffen.",
            "invalid_choice": "Kies beperken of opheffen.",
        },
    )
    reden = forms.CharField(
        label="Reden",
        max_length=300,
        widget=forms.TextInput(),
        help_text="Bijvoorbeeld: de betrokkene betwist de juistheid (art. 18 lid 1 onder a AVG).",
        error_messages={
            "required": "Vul de reden in.",
            "max_length": "Houd de reden kort: hoogstens %(limit_value)d tekens.",
        },
    )
