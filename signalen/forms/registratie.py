"""The forms of a signal's details and of the persons involved."""

from __future__ import annotations

from typing import Any, NamedTuple, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from mensenhandel.forms import (
    DATUM,
    DATUMFOUT,
    KIES,
    VINKJES,
    Foutmelding,
    VerborgenFouten,
    foutmeldingen,
    verplicht_tonen,
)
from mensenhandel.models import Gebruiker, Gemeente
from mensenhandel.toegang import gemeenten_van_af
from signalen.forms.velden import keuzeveld, modelkeuzeveld, versieveld
from signalen.models import (
    VORM_VELDEN,
    BetrokkenPersoon,
    Bron,
    Indicator,
    Reikwijdte,
    Sector,
    Signaal,
    Uitbuitingsvorm,
)
from signalen.services.gegevens import PERSOONVELDEN, PersoonGegevens, SignaalGegevens
from signalen.services.personen import persoon_valideren
from signalen.services.registratie import signaal_valideren

# The new-signal page's buttons that change the page without registering: one more person,
# or the person block with this index taken away.
PERSOON_ERBIJ = "persoon_erbij"
PERSOON_WEG = "persoon_weg"
MAX_PERSONEN = 20

# Shown first; the rest of a signal's details folds away under "Meer over het signaal".
MEER_VELDEN = ("locatie", "postcode", "huisnummer", "melder_contact", "migratiecomponent", "reikwijdte")
# Of a person on the new-signal page: shown first; the rest folds away.
PERSOON_KERN = ("soort", "naam", "geboortedatum", "telefoon")


class Indicatorgroep(NamedTuple):
    code: str
    label: str
    keuzes: list[Any]
    gekozen: int


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
        help_texts = {
            "bron": (
                "Hieruit volgt wie de melder is: een collega van de gemeente, een professional van "
                "een ketenpartner, een inwoner of anoniem. Een anonieme melder krijgt geen terugkoppeling."
            ),
        }
        widgets = {
            "datum_waargenomen": DATUM,
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
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

    def __init__(self, *args: Any, gebruiker: Gebruiker, nieuw: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nieuw = nieuw
        signaal = self.instance if self.instance.pk else None
        gemeenten = gemeenten_van_af(gebruiker)
        if signaal is not None:
            # Keep the signal's own gemeente choosable: the AF may have registered it there.
            gemeenten = Gemeente.objects.filter(Q(pk__in=gemeenten.values("pk")) | Q(pk=signaal.gemeente_id))
        gemeenteveld = modelkeuzeveld(self, "gemeente")
        gemeenteveld.queryset = gemeenten.order_by("naam")
        gemeenteveld.empty_label = KIES
        if nieuw and not self.is_bound and "gemeente" not in self.initial:
            enige = list(gemeenten.order_by("naam")[:2])
            if len(enige) == 1:
                self.initial["gemeente"] = enige[0]
        if nieuw and not self.is_bound:
            # Most signals are registered the day they are seen; "onbekend" until it is known.
            self.initial.setdefault("datum_waargenomen", timezone.localdate())
            self.initial.setdefault("reikwijdte", Reikwijdte.ONBEKEND)
        for naam, keuzes in (
            ("sector", Sector.choices),
            ("bron", Bron.choices),
            ("reikwijdte", Reikwijdte.choices),
        ):
            keuzeveld(self, naam).choices = [("", KIES), *keuzes]
        self.fields["datum_waargenomen"].help_text = "Niet in de toekomst."
        self.fields["omschrijving"].help_text = "Kort: wat is gezien of gehoord, en door wie?"

        gekozen = list(signaal.indicatoren.all()) if signaal is not None else []
        modelkeuzeveld(self, "indicatoren").queryset = Indicator.objects.filter(
            Q(actief=True) | Q(pk__in=[i.pk for i in gekozen])
        )
        if signaal is not None:
            self.initial.setdefault("indicatoren", gekozen)
            self.initial.setdefault("uitbuitingsvormen", signaal.uitbuitingsvormen)

        if nieuw:
            self.fields["formuliertoken"] = forms.UUIDField(widget=forms.HiddenInput)
        else:
            self.fields["versie"] = versieveld()
            self.initial.setdefault("versie", signaal.versie if signaal else 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        # The service's own checks, so that they are reported together with every other error
        # of the page, not only in a next round once the rest is right.
        waarden: dict[str, Any] = {
            VORM_VELDEN[Uitbuitingsvorm(v)]: True for v in data.get("uitbuitingsvormen") or []
        }
        waarden.update(
            datum_waargenomen=data.get("datum_waargenomen"),
            acuut_gevaar=bool(data.get("acuut_gevaar")),
            alarmnummer_gebeld=bool(data.get("alarmnummer_gebeld")),
        )
        kandidaat = Signaal(**waarden)
        try:
            signaal_valideren(kandidaat)
        except ValidationError as fout:
            for veld, meldingen in fout.message_dict.items():
                if veld not in self.errors:
                    self.add_error(veld if veld in self.fields else None, meldingen)
        return data

    def meer_open(self) -> bool:
        """Whether "Meer over het signaal" is shown unfolded: when changing a signal, or when
        something in it was filled in or is wrong."""
        if not self.nieuw:
            return True
        return self.is_bound and any(n in self.errors or n in self.changed_data for n in MEER_VELDEN)

    def gegevens(self) -> SignaalGegevens:
        """The ``gegevens`` for the services, with one flag per form of exploitation."""
        d = self.cleaned_data
        vlaggen = {VORM_VELDEN[Uitbuitingsvorm(v)] for v in d.get("uitbuitingsvormen") or []}
        return SignaalGegevens(
            datum_waargenomen=d["datum_waargenomen"],
            gemeente=d["gemeente"],
            locatie=d["locatie"],
            postcode=d["postcode"],
            huisnummer=d["huisnummer"],
            sector=d["sector"],
            bron=d["bron"],
            melder_contact=d["melder_contact"],
            migratiecomponent=d["migratiecomponent"],
            reikwijdte=d["reikwijdte"],
            omschrijving=d["omschrijving"],
            minderjarige_betrokken=d["minderjarige_betrokken"],
            acuut_gevaar=d["acuut_gevaar"],
            alarmnummer_gebeld=d["alarmnummer_gebeld"],
            seksuele_uitbuiting="seksuele_uitbuiting" in vlaggen,
            arbeidsuitbuiting="arbeidsuitbuiting" in vlaggen,
            criminele_uitbuiting="criminele_uitbuiting" in vlaggen,
            orgaanverwijdering="orgaanverwijdering" in vlaggen,
            vorm_onbekend="vorm_onbekend" in vlaggen,
        )

    def indicatorgroepen(self) -> list[Indicatorgroep]:
        """The indicator checkboxes per group, in the order of ``Indicator.Groep``, with the
        number chosen in each (also after an error round: it counts what was sent)."""
        per_groep: dict[str, list[Any]] = {groep.value: [] for groep in Indicator.Groep}
        for keuze in self["indicatoren"]:
            per_groep[keuze.data["value"].instance.groep].append(keuze)
        return [
            Indicatorgroep(g, Indicator.Groep(g).label, keuzes, sum(1 for k in keuzes if k.data["selected"]))
            for g, keuzes in per_groep.items()
            if keuzes
        ]


class PersoonForm(forms.ModelForm):
    """One person involved; everything but the role is optional. Changing a saved person, the
    form asks whether it is a correction at the person's request (art. 16 AVG)."""

    correctie = forms.BooleanField(
        label="Dit is een correctie op verzoek van de betrokkene (artikel 16 AVG)",
        required=False,
        help_text="De historie legt de wijziging dan vast als correctie; de privacyfunctionaris ziet dat bij "
        "een inzageverzoek.",
    )

    class Meta:
        model = BetrokkenPersoon
        fields = PERSOONVELDEN
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
        if not self.instance.pk:
            del self.fields["correctie"]
        keuzeveld(self, "soort").choices = [("", KIES), *BetrokkenPersoon.Soort.choices]
        self.fields["soort"].help_text = "Verplicht zodra u iets over deze persoon invult."
        keuzeveld(self, "geslacht").choices = [
            ("", "Onbekend of niet ingevuld"),
            *BetrokkenPersoon.Geslacht.choices,
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # The service's own checks (birth date, phone number), so that on the new-signal
        # page an error lands on the person it is about.
        kandidaat = BetrokkenPersoon(
            **{veld: data.get(veld) for veld in PERSOONVELDEN if data.get(veld) is not None}
        )
        try:
            persoon_valideren(kandidaat)
        except ValidationError as fout:
            for veld, meldingen in fout.message_dict.items():
                if veld not in self.errors:
                    self.add_error(veld if veld in self.fields else None, meldingen)
        return data

    def meer_open(self) -> bool:
        """Whether the person's other fields are shown unfolded: something in them was filled
        in or is wrong."""
        return self.is_bound and any(
            n in self.errors or n in self.changed_data for n in self.fields if n not in PERSOON_KERN
        )

    def gegevens(self) -> PersoonGegevens:
        d = self.cleaned_data
        return PersoonGegevens(
            soort=d["soort"],
            naam=d.get("naam"),
            alias=d.get("alias"),
            geboortedatum=d.get("geboortedatum"),
            geschatte_leeftijd=d.get("geschatte_leeftijd"),
            geslacht=d.get("geslacht"),
            nationaliteit=d.get("nationaliteit"),
            telefoon=d.get("telefoon"),
            adres=d.get("adres"),
            postcode=d.get("postcode"),
            huisnummer=d.get("huisnummer"),
            kenteken=d.get("kenteken"),
        )


class BasisPersonenFormSet(forms.BaseFormSet[PersoonForm]):
    def gegevens(self) -> list[PersoonGegevens]:
        """The filled-in persons; untouched empty forms are left out."""
        return [f.gegevens() for f in self.forms if f.has_changed()]

    def foutmeldingen(self) -> list[Foutmelding]:
        """Every error of the persons for the page's error summary, each naming its block."""
        regels = [Foutmelding(str(fout), self.prefix or "") for fout in self.non_form_errors()]
        for nummer, form in enumerate(self.forms, start=1):
            regels += foutmeldingen(form, voor=f"Betrokken persoon {nummer}, ")
        return regels

    def kan_erbij(self) -> bool:
        return self.total_form_count() < MAX_PERSONEN

    @classmethod
    def blokken_wijzigen(cls, data: QueryDict, prefix: str) -> QueryDict | None:
        """The input with one person block more (``PERSOON_ERBIJ``) or one taken away
        (``PERSOON_WEG``, the blocks after it moving up), or None when neither was asked."""
        if PERSOON_ERBIJ not in data and PERSOON_WEG not in data:
            return None
        nieuw = data.copy()
        totaal = _getal(data.get(f"{prefix}-TOTAL_FORMS"), 0, MAX_PERSONEN)
        if PERSOON_WEG in data:
            weg = _getal(data.get(PERSOON_WEG), 0, totaal, anders=totaal)  # tampered: none goes
            if weg < totaal:
                for i in range(weg, totaal):
                    for veld in PERSOONVELDEN:
                        nieuw.pop(f"{prefix}-{i}-{veld}", None)
                        if waarden := data.getlist(f"{prefix}-{i + 1}-{veld}"):
                            nieuw.setlist(f"{prefix}-{i}-{veld}", waarden)
                totaal -= 1
        else:
            totaal = min(totaal + 1, MAX_PERSONEN)
        nieuw[f"{prefix}-TOTAL_FORMS"] = str(totaal)
        nieuw.pop(PERSOON_ERBIJ, None)
        nieuw.pop(PERSOON_WEG, None)
        return nieuw


def _getal(tekst: str | None, laagste: int, hoogste: int, *, anders: int | None = None) -> int:
    """A number sent by the page, within bounds; not a number: ``anders``, else the lowest."""
    try:
        return max(laagste, min(int(tekst or ""), hoogste))
    except ValueError:
        return laagste if anders is None else anders


# formset_factory is typed to return the base class; the class it makes is this one's.
PersonenFormSet = cast(
    type[BasisPersonenFormSet],
    forms.formset_factory(
        PersoonForm, formset=BasisPersonenFormSet, extra=1, max_num=MAX_PERSONEN, validate_max=True
    ),
)


verplicht_tonen(SignaalForm, "uitbuitingsvormen")
