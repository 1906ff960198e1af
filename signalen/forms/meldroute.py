"""The forms of the meldroute: note, weighing, reopening, decision with referrals, feedback
on a referral, and the review of a pair of signals."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VerborgenFouten, verplicht_tonen
from mensenhandel.models import Gebruiker, Regio
from mensenhandel.partners import partneraanbod, partnerveld
from signalen.forms.velden import datumveld, keuzeveld, modelkeuzeveld, versieveld
from signalen.models import Bestemming, Doorverwijzing, Kanaal, Notitie, Risico, Signaal, Wisverzoek
from signalen.services.besluitvorming import Afsluitreden, Verwijzing
from signalen.services.terugkoppeling import MELDER_TOEKOMST, volgende_terugkoppelingen


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
    versie = versieveld()

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

    regio: forms.ModelChoiceField[Regio] = forms.ModelChoiceField(
        label="Regio van de zorgcoördinator",
        queryset=None,
        required=False,
        empty_label=KIES,
    )
    zelf_hulp = forms.BooleanField(label="Zelf hulp organiseren", required=False)
    monitoren_tot = datumveld(
        "Monitoren: opnieuw bekijken op", help_text="Een lopend signaal; kies een datum in de toekomst."
    )
    afsluitreden = forms.ChoiceField(
        label="Afsluiten of terugleggen: reden",
        choices=[("", "Niet afsluiten"), *Afsluitreden.CHOICES],
        required=False,
    )
    afsluittoelichting = forms.CharField(
        label="Toelichting bij afsluiten", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    versie = versieveld()

    def __init__(
        self, *args: Any, signaal: Signaal, gebruiker: Gebruiker | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        regios = signaal.gemeente.regios.order_by("naam")
        modelkeuzeveld(self, "regio").queryset = regios
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

    def verwijzingen(self) -> list[Verwijzing]:
        data = self.cleaned_data
        return [
            Verwijzing(
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
    datum = datumveld("Datum", help_text="Leeg: vandaag.")
    bericht = forms.CharField(
        label="Kort bericht",
        max_length=300,
        required=False,
        help_text="Zonder inhoud over de casus, bijvoorbeeld 'Opgepakt, contact gelegd'.",
    )

    def __init__(self, *args: Any, doorverwijzing: Doorverwijzing, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_tk_{doorverwijzing.uuid.hex[:8]}_%s")
        super().__init__(*args, **kwargs)
        volgende = volgende_terugkoppelingen(doorverwijzing)
        keuzeveld(self, "status").choices = [
            (s.value, s.label) for s in Doorverwijzing.Terugkoppeling if s in volgende
        ]

    def clean_datum(self) -> date | None:
        datum = self.cleaned_data["datum"]
        if datum and datum > timezone.localdate():
            raise ValidationError("De datum kan niet in de toekomst liggen.")
        return datum


class MelderTerugkoppelingForm(forms.Form):
    """The feedback given to the signal's reporter: when, how, and a short message."""

    datum = forms.DateField(
        label="Datum van de terugkoppeling",
        widget=DATUM,
        error_messages={**DATUMFOUT, "required": "Vul de datum van de terugkoppeling in."},
    )
    kanaal = forms.ChoiceField(
        label="Hoe hebt u teruggekoppeld?",
        choices=[("", KIES), *Kanaal.choices],
        error_messages={
            "required": "Kies hoe u hebt teruggekoppeld.",
            "invalid_choice": "Kies een kanaal uit de lijst.",
        },
    )
    bericht = forms.CharField(
        label="Kort bericht",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Wat u de melder liet weten, zonder inhoud over de casus: geen namen, geen details, "
            "bijvoorbeeld 'Bedankt voor uw melding, we pakken het op'. Hoogstens 300 tekens."
        ),
        error_messages={
            "required": "Vul kort in wat u de melder liet weten.",
            "max_length": "Houd het bericht kort: hoogstens %(limit_value)d tekens (nu %(show_value)d).",
        },
    )

    def clean_datum(self) -> date:
        datum: date = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise ValidationError(MELDER_TOEKOMST)
        return datum


class KoppelingForm(forms.Form):
    beoordeling = forms.ChoiceField(choices=[("bevestigen", "Bevestigen"), ("afwijzen", "Afwijzen")])
    signaal = forms.UUIDField(required=False)


verplicht_tonen(NotitieForm, "tekst")
verplicht_tonen(WegenForm, "risico", "onderbouwing")
verplicht_tonen(HeropenenForm, "reden")


class WisverzoekForm(forms.Form):
    """An AF asks to erase a signal registered in error."""

    soort = forms.ChoiceField(
        label="Wat is er mis met de registratie?",
        choices=Wisverzoek.Soort.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reden = forms.CharField(
        label="Reden",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        error_messages={"max_length": "Houd de reden kort: hoogstens %(limit_value)d tekens."},
    )


class WisverzoekBesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        choices=[("goedkeuren", "Wissen"), ("afwijzen", "Afwijzen")],
        error_messages={"required": "Kies wissen of afwijzen.", "invalid_choice": "Kies wissen of afwijzen."},
    )
    toelichting = forms.CharField(
        label="Toelichting (verplicht bij afwijzen)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Houd de toelichting kort: hoogstens %(limit_value)d tekens."},
    )


class PartnerlinkForm(forms.Form):
    """The AF sends the partner's contact person a one-time link to answer the referral."""

    email = forms.EmailField(
        label="E-mailadres van de contactpersoon",
        max_length=254,
        help_text="De e-mail bevat alleen de link; geen namen en niets over de casus.",
        error_messages={
            "required": "Vul het e-mailadres van de contactpersoon in.",
            "invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.",
            "max_length": "Het e-mailadres mag hoogstens 254 tekens lang zijn.",
        },
    )
    formuliertoken = forms.UUIDField(widget=forms.HiddenInput, required=False)


class PartnerantwoordForm(forms.Form):
    """What the partner answers through the link: the next feedback state and a short message."""

    status = forms.ChoiceField(
        label="Stand van de doorverwijzing",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies de stand van de doorverwijzing.",
            "invalid_choice": "Kies een van de genoemde standen.",
        },
    )
    bericht = forms.CharField(
        label="Kort bericht",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Hoogstens 300 tekens. Zet hier geen details over de casus: geen namen, geen omschrijving, "
            "geen adres. Bijvoorbeeld ‘Opgepakt, contact gelegd’."
        ),
        error_messages={
            "max_length": "Het bericht mag hoogstens %(limit_value)d tekens lang zijn (nu %(show_value)d)."
        },
    )

    def __init__(self, *args: Any, doorverwijzing: Doorverwijzing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        volgende = volgende_terugkoppelingen(doorverwijzing)
        keuzeveld(self, "status").choices = [
            (s.value, s.label) for s in Doorverwijzing.Terugkoppeling if s in volgende
        ]
