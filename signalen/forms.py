"""Forms of the signals screens. They read and check input; the services decide.

Errors that only a service can judge (a date in the future, no form of exploitation,
acute danger without 112) come back as ``ValidationError`` and are put on the right
field by ``fouten_overnemen``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from mensenhandel.forms import (
    DATUM,
    DATUMFOUT,
    KIES,
    VINKJES,
    VerborgenFouten,
    verplicht_tonen,
)
from mensenhandel.models import Gemeente, Regio, Rol
from mensenhandel.partners import partneraanbod, partnerveld
from mensenhandel.toegang import gemeenten_van_af, regios_van
from signalen import services
from signalen.models import (
    VORM_VELDEN,
    Bestemming,
    BetrokkenPersoon,
    Doorverwijzing,
    Indicator,
    Notitie,
    Risico,
    Sector,
    Signaal,
    Status,
    Uitbuitingsvorm,
)


def _versieveld() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _datumveld(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATUM, error_messages=DATUMFOUT, **kwargs)


# --- The list ------------------------------------------------------------------------------

SORTERINGEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "-datum": ("Datum geregistreerd, nieuwste eerst", ("-datum_geregistreerd", "-id")),
    "datum": ("Datum geregistreerd, oudste eerst", ("datum_geregistreerd", "id")),
    "-referentie": ("Referentie, aflopend", ("-referentie",)),
    "referentie": ("Referentie, oplopend", ("referentie",)),
    "status": ("Status", ("status", "-datum_geregistreerd", "-id")),
    "gemeente": ("Gemeente", ("gemeente__naam", "-datum_geregistreerd", "-id")),
}


def _periode_controleren(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    van, tot = data.get("van"), data.get("tot")
    if van and tot and tot < van:
        form.add_error("tot", "De einddatum ligt vóór de begindatum.")
    return data


def _kenmerken_filteren(signalen: QuerySet[Signaal], data: dict[str, Any]) -> QuerySet[Signaal]:
    """The filters both lists share: status, form of exploitation, sector and period."""
    if data["status"]:
        signalen = signalen.filter(status=data["status"])
    if data["vorm"]:
        signalen = signalen.filter(**{VORM_VELDEN[Uitbuitingsvorm(data["vorm"])]: True})
    if data["sector"]:
        signalen = signalen.filter(sector=data["sector"])
    if data["van"]:
        signalen = signalen.filter(datum_geregistreerd__gte=data["van"])
    if data["tot"]:
        signalen = signalen.filter(datum_geregistreerd__lte=data["tot"])
    return signalen


class SignaalFilter(forms.Form):
    """Filters, search and sorting of the AF's list; the export uses the same."""

    q = forms.CharField(label="Zoeken op referentie of tekst", max_length=100, required=False)
    status = forms.ChoiceField(
        label="Status", choices=[("", "Alle statussen"), *Status.choices], required=False
    )
    vorm = forms.ChoiceField(
        label="Vorm van uitbuiting",
        choices=[("", "Alle vormen"), *Uitbuitingsvorm.choices],
        required=False,
    )
    sector = forms.ChoiceField(
        label="Sector", choices=[("", "Alle sectoren"), *Sector.choices], required=False
    )
    van = _datumveld("Geregistreerd vanaf")
    tot = _datumveld("Geregistreerd tot en met")
    urgent = forms.BooleanField(label="Alleen urgent (acuut gevaar)", required=False)
    wacht = forms.BooleanField(label="Wacht te lang op terugkoppeling", required=False)
    controle = forms.BooleanField(label="Lopend en de controledatum is bereikt", required=False)
    sortering = forms.ChoiceField(
        label="Sorteren op",
        choices=[(k, label) for k, (label, _) in SORTERINGEN.items()],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        return _periode_controleren(self, super().clean())

    def toepassen(self, signalen: QuerySet[Signaal]) -> QuerySet[Signaal]:
        """Apply the filters to a ``signaallijst`` (it carries ``wacht_te_lang``)."""
        if not self.is_bound:
            return signalen.order_by(*SORTERINGEN["-datum"][1])
        if not self.is_valid():
            return signalen.none()
        data = self.cleaned_data
        if data["q"].strip():
            zoek = data["q"].strip()
            signalen = signalen.filter(Q(referentie__icontains=zoek) | Q(omschrijving__icontains=zoek))
        signalen = _kenmerken_filteren(signalen, data)
        if data["urgent"]:
            signalen = signalen.filter(acuut_gevaar=True)
        if data["wacht"]:
            signalen = signalen.filter(wacht_te_lang=True)
        if data["controle"]:
            signalen = signalen.filter(status=Status.LOPEND, monitoren_tot__lte=timezone.localdate())
        return signalen.order_by(*SORTERINGEN[data["sortering"] or "-datum"][1])


class SignaalFilterKR(forms.Form):
    """Filters of the ketenregisseur's pseudonymised list: no search in text.

    Searching descriptions would let someone without casework access probe the content
    of signals, so the KR filters on what the list shows anyway, and on regio.
    """

    status = SignaalFilter.base_fields["status"]
    vorm = SignaalFilter.base_fields["vorm"]
    sector = SignaalFilter.base_fields["sector"]
    van = _datumveld("Geregistreerd vanaf")
    tot = _datumveld("Geregistreerd tot en met")
    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        required=False,
        empty_label="Al uw regio's",
        error_messages={"invalid_choice": "Kies een van uw regio's uit de lijst."},
    )

    def __init__(self, *args: Any, gebruiker: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")

    def clean(self) -> dict[str, Any]:
        return _periode_controleren(self, super().clean())

    def toepassen(self, signalen: QuerySet[Signaal]) -> QuerySet[Signaal]:
        if not self.is_bound:
            return signalen
        if not self.is_valid():
            return signalen.none()
        data = self.cleaned_data
        if data["regio"]:
            signalen = signalen.filter(gemeente__regios=data["regio"])
        return _kenmerken_filteren(signalen, data)


# --- A signal ------------------------------------------------------------------------------


class SignaalForm(VerborgenFouten, forms.ModelForm):
    """A signal's details. ``formuliertoken`` on a new one, ``versie`` when editing."""

    uitbuitingsvormen = forms.MultipleChoiceField(
        label="Vormen van uitbuiting (vermoeden)",
        choices=Uitbuitingsvorm.choices,
        widget=VINKJES,
        required=False,  # the service says what is missing, with one message for both forms
        help_text="Kies één of meer; kies 'Onbekend' als u het nog niet weet.",
    )
    indicatoren = forms.ModelMultipleChoiceField(
        label="Indicatoren",
        queryset=Indicator.objects.none(),
        widget=VINKJES,
        required=False,
        help_text="Wat is gezien of gehoord? Vink alles aan wat past.",
    )

    class Meta:
        model = Signaal
        fields = [
            "datum_waargenomen", "gemeente", "locatie", "postcode", "huisnummer", "sector", "bron",
            "melder_contact", "migratiecomponent", "reikwijdte", "omschrijving",
            "minderjarige_betrokken", "acuut_gevaar", "alarmnummer_gebeld",
        ]  # fmt: skip
        labels = {
            "gemeente": "Gemeente waar het is waargenomen",
            "bron": "Bron (wie meldde het)",
            "migratiecomponent": "Er is een migratiecomponent",
            "acuut_gevaar": "Er is acuut gevaar",
            "alarmnummer_gebeld": "112 is gebeld",
        }
        widgets = {
            "datum_waargenomen": DATUM,
            "omschrijving": forms.Textarea(attrs={"rows": 6}),
            "postcode": forms.TextInput(attrs={"autocomplete": "off", "size": 8}),
            "huisnummer": forms.TextInput(attrs={"size": 8}),
        }
        error_messages = {
            "datum_waargenomen": {**DATUMFOUT, "required": "Vul de datum in waarop het is waargenomen."},
            "gemeente": {"required": "Kies de gemeente waar het is waargenomen."},
            "sector": {"required": "Kies de sector."},
            "bron": {"required": "Kies de bron van het signaal."},
            "reikwijdte": {"required": "Kies binnenlands, grensoverschrijdend of onbekend."},
        }

    def __init__(self, *args: Any, gebruiker: Any, nieuw: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        signaal = self.instance if self.instance.pk else None
        gemeenten = gemeenten_van_af(gebruiker)
        if signaal is not None:
            # Keep the signal's own gemeente choosable: the AF may have registered it there.
            gemeenten = Gemeente.objects.filter(Q(pk__in=gemeenten.values("pk")) | Q(pk=signaal.gemeente_id))
        self.fields["gemeente"].queryset = gemeenten.order_by("naam")
        self.fields["gemeente"].empty_label = KIES
        if nieuw and not self.is_bound and "gemeente" not in self.initial:
            enige = list(gemeenten.order_by("naam")[:2])
            if len(enige) == 1:
                self.initial["gemeente"] = enige[0]
        for naam in ("sector", "bron", "reikwijdte"):
            self.fields[naam].choices = [("", KIES), *self.fields[naam].choices[1:]]
        self.fields["datum_waargenomen"].help_text = "Niet in de toekomst."

        gekozen = list(signaal.indicatoren.all()) if signaal is not None else []
        self.fields["indicatoren"].queryset = Indicator.objects.filter(
            Q(actief=True) | Q(pk__in=[i.pk for i in gekozen])
        )
        if signaal is not None:
            self.initial.setdefault("indicatoren", gekozen)
            self.initial.setdefault("uitbuitingsvormen", signaal.uitbuitingsvormen)

        if nieuw:
            self.fields["formuliertoken"] = forms.UUIDField(widget=forms.HiddenInput)
        else:
            self.fields["versie"] = _versieveld()
            self.initial.setdefault("versie", signaal.versie if signaal else 1)

    def gegevens(self) -> dict[str, Any]:
        """The ``gegevens`` for the services, with one flag per form of exploitation."""
        data = {k: v for k, v in self.cleaned_data.items() if k in services.SIGNAALVELDEN}
        gekozen = set(self.cleaned_data.get("uitbuitingsvormen") or [])
        for vorm, veld in VORM_VELDEN.items():
            data[veld] = vorm.value in gekozen
        return data

    def indicatorgroepen(self) -> list[tuple[str, list[Any]]]:
        """The indicator checkboxes per group, in the order of ``Indicator.Groep``."""
        per_groep: dict[str, list[Any]] = {groep.value: [] for groep in Indicator.Groep}
        for keuze in self["indicatoren"]:
            per_groep[keuze.data["value"].instance.groep].append(keuze)
        return [(Indicator.Groep(g).label, keuzes) for g, keuzes in per_groep.items() if keuzes]


class PersoonForm(forms.ModelForm):
    """One person involved; everything but the role is optional."""

    class Meta:
        model = BetrokkenPersoon
        fields = services.PERSOONVELDEN
        widgets = {
            "geboortedatum": DATUM,
            "telefoon": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "off", "size": 8}),
            "huisnummer": forms.TextInput(attrs={"size": 8}),
            "kenteken": forms.TextInput(attrs={"size": 10}),
        }
        error_messages = {
            "soort": {"required": "Kies of dit een mogelijk slachtoffer of een mogelijke dader is."},
            "geboortedatum": DATUMFOUT,
            "geschatte_leeftijd": {"invalid": "Vul een leeftijd in hele jaren in."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", KIES), *BetrokkenPersoon.Soort.choices]
        self.fields["soort"].help_text = "Verplicht zodra u iets over deze persoon invult."
        self.fields["geslacht"].choices = [
            ("", "Onbekend of niet ingevuld"),
            *self.fields["geslacht"].choices[1:],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The service's own checks (birth date, phone number), so that on the new-signal
        # page an error lands on the person it is about.
        kandidaat = BetrokkenPersoon(
            **{veld: data.get(veld) for veld in services.PERSOONVELDEN if data.get(veld) is not None}
        )
        try:
            services.persoon_valideren(kandidaat)
        except ValidationError as fout:
            for veld, meldingen in fout.message_dict.items():
                if veld not in self.errors:
                    self.add_error(veld if veld in self.fields else None, meldingen)
        return data

    def gegevens(self) -> dict[str, Any]:
        return {veld: self.cleaned_data.get(veld) for veld in services.PERSOONVELDEN}


class BasisPersonenFormSet(forms.BaseFormSet):
    def gegevens(self) -> list[dict[str, Any]]:
        """The filled-in persons; untouched empty forms are left out."""
        return [f.gegevens() for f in self.forms if f.has_changed()]


PersonenFormSet = forms.formset_factory(
    PersoonForm, formset=BasisPersonenFormSet, extra=2, max_num=20, validate_max=True
)


# --- The meldroute -------------------------------------------------------------------------


class NotitieForm(forms.Form):
    # Not required here: the service says what is missing, in its own words.
    tekst = forms.CharField(
        label="Wat hebt u uitgezocht of gehoord?", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    advies_gevraagd_aan = forms.ChoiceField(
        label="Advies gevraagd aan", choices=Notitie.AdviesVan.choices, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_notitie_%s")
        super().__init__(*args, **kwargs)


class WegenForm(VerborgenFouten, forms.Form):
    aard = forms.CharField(label="Aard", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    ernst = forms.CharField(label="Ernst", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    risico = forms.ChoiceField(label="Risico", choices=[("", KIES), *Risico.choices], required=False)
    onderbouwing = forms.CharField(
        label="Onderbouwing", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    versie = _versieveld()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_wegen_%s")
        super().__init__(*args, **kwargs)


class HeropenenForm(forms.Form):
    reden = forms.CharField(
        label="Reden om te heropenen", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_heropenen_%s")
        super().__init__(*args, **kwargs)


# The kinds of organisation on the wegenkaart a referral offers as its partner (codes of
# the wegenkaart's kinds, see ``mensenhandel.partners``). The police organise the approach
# of trafficking differently per unit (AVIM here, a TMM there), so both police
# destinations offer every police partner; the rest offer their own kind.
POLITIE = ("politie_basisteam", "politie_avim", "politie_tmm")
PARTNERSOORTEN: dict[str, tuple[str, ...]] = {
    Bestemming.ZORGCOORDINATOR: ("zorgaanbieder", "opvang"),
    Bestemming.POLITIE_BASISTEAM: POLITIE,
    Bestemming.POLITIE_TMM: POLITIE,
    Bestemming.AI_OPSPORING: ("ai_opsporing",),
    Bestemming.AI_TOEZICHT: ("ai_toezicht",),
    Bestemming.VEILIG_THUIS: ("veilig_thuis",),
    Bestemming.RIEC: ("riec",),
    Bestemming.ZVH: ("zvh",),
}


class BesluitForm(VerborgenFouten, forms.Form):
    """The decision: referrals (each with partner and contact), own help, monitor, or close.

    The partner is chosen from the wegenkaart's partners serving the signal's regio
    (``mensenhandel.partners``, one query for all destinations); free text where the
    wegenkaart has none. ``gebruiker`` scopes what is offered when the view passes it.
    """

    regio = forms.ModelChoiceField(
        label="Regio van de zorgcoördinator",
        queryset=None,
        required=False,
        empty_label=KIES,
    )
    zelf_hulp = forms.BooleanField(label="Zelf hulp organiseren", required=False)
    monitoren_tot = _datumveld(
        "Monitoren: opnieuw bekijken op", help_text="Een lopend signaal; kies een datum in de toekomst."
    )
    afsluitreden = forms.ChoiceField(
        label="Afsluiten of terugleggen: reden",
        choices=[("", "Niet afsluiten"), *services.Afsluitreden.CHOICES],
        required=False,
    )
    afsluittoelichting = forms.CharField(
        label="Toelichting bij afsluiten", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    versie = _versieveld()

    def __init__(self, *args: Any, signaal: Signaal, gebruiker: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regios = signaal.gemeente.regios.order_by("naam")
        self.fields["regio"].queryset = regios
        alle_soorten = sorted({soort for soorten in PARTNERSOORTEN.values() for soort in soorten})
        aanbod = partneraanbod(gebruiker, regio=regios, soorten=alle_soorten)
        # Where the partners are kept, for the page's introduction; "" without a wegenkaart.
        self.partneroverzicht = aanbod.overzicht if aanbod is not None else ""
        for bestemming in Bestemming:
            self.fields[f"naar_{bestemming.value}"] = forms.BooleanField(
                label=f"Doorverwijzen naar {bestemming.label}", required=False
            )
            self.fields[f"partner_{bestemming.value}"] = partnerveld(
                aanbod,
                soorten=PARTNERSOORTEN[bestemming],
                label="Partnerorganisatie",
                max_length=200,
                required=False,
                met_verwijzing=False,  # the page's introduction links to the wegenkaart once
            )
            self.fields[f"contact_{bestemming.value}"] = forms.CharField(
                label="Contactpersoon", max_length=200, required=False
            )

    def bestemmingen(self) -> list[dict[str, Any]]:
        """Per destination its three fields, for a fieldset each."""
        return [
            {
                "label": b.label,
                "waarde": b.value,
                "naar": self[f"naar_{b.value}"],
                "partner": self[f"partner_{b.value}"],
                "contact": self[f"contact_{b.value}"],
                "regio": self["regio"] if b == Bestemming.ZORGCOORDINATOR else None,
            }
            for b in Bestemming
        ]

    def verwijzingen(self) -> list[services.Verwijzing]:
        data = self.cleaned_data
        return [
            services.Verwijzing(
                bestemming=b.value,
                partnerorganisatie=data[f"partner_{b.value}"].strip(),
                contactpersoon=data[f"contact_{b.value}"].strip(),
                regio=data["regio"] if b == Bestemming.ZORGCOORDINATOR else None,
            )
            for b in Bestemming
            if data[f"naar_{b.value}"]
        ]


class TerugkoppelingForm(forms.Form):
    """What a partner reported back on one referral; only the next possible states."""

    status = forms.ChoiceField(label="Nieuwe stand", choices=[])
    datum = _datumveld("Datum", help_text="Leeg: vandaag.")
    bericht = forms.CharField(
        label="Kort bericht",
        max_length=300,
        required=False,
        help_text="Zonder inhoud over de casus, bijvoorbeeld 'Opgepakt, contact gelegd'.",
    )

    def __init__(self, *args: Any, doorverwijzing: Doorverwijzing, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_tk_{doorverwijzing.uuid.hex[:8]}_%s")
        super().__init__(*args, **kwargs)
        volgende = services.volgende_terugkoppelingen(doorverwijzing)
        self.fields["status"].choices = [
            (s.value, s.label) for s in Doorverwijzing.Terugkoppeling if s in volgende
        ]

    def clean_datum(self) -> date | None:
        datum = self.cleaned_data["datum"]
        if datum and datum > timezone.localdate():
            raise ValidationError("De datum kan niet in de toekomst liggen.")
        return datum


class KoppelingForm(forms.Form):
    beoordeling = forms.ChoiceField(choices=[("bevestigen", "Bevestigen"), ("afwijzen", "Afwijzen")])
    signaal = forms.UUIDField(required=False)


verplicht_tonen(NotitieForm, "tekst")
verplicht_tonen(WegenForm, "risico", "onderbouwing")
verplicht_tonen(HeropenenForm, "reden")
verplicht_tonen(SignaalForm, "uitbuitingsvormen")
