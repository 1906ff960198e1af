"""The filters of the signal lists: the AF's list (and its export) and the ketenregisseur's
pseudonymised list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.periode import Periode
from mensenhandel.toegang import regios_van
from signalen import normalisatie
from signalen.forms.velden import datumveld, keuzeveld, modelkeuzeveld
from signalen.grof import ALLE_GEMEENTEN, OVERIGE_GEMEENTEN, Groep, GrofOverzicht
from signalen.models import (
    VORM_VELDEN,
    BetrokkenPersoon,
    Identificator,
    Sector,
    Signaal,
    Status,
    Uitbuitingsvorm,
)
from signalen.selectors import melder_wacht, wacht_te_lang
from signalen.services.stapeling import identificatoren_van

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


def _kenmerken(data: dict[str, Any]) -> Q:
    """The filters both lists share: status, form of exploitation, sector and period."""
    voorwaarde = Q()
    if data["status"]:
        voorwaarde &= Q(status=data["status"])
    if data["vorm"]:
        voorwaarde &= Q(**{VORM_VELDEN[Uitbuitingsvorm(data["vorm"])]: True})
    if data["sector"]:
        voorwaarde &= Q(sector=data["sector"])
    if data["van"]:
        voorwaarde &= Q(datum_geregistreerd__gte=data["van"])
    if data["tot"]:
        voorwaarde &= Q(datum_geregistreerd__lte=data["tot"])
    return voorwaarde


def _persoon(data: dict[str, Any]) -> Q | None:
    """Signals with a person of this name (or alias), date of birth and phone number, matched
    the way stacking matches: the keyed hashes ``identificatoren_van`` makes of such a person,
    its most specific kinds (name and date of birth, not the name alone), looked up by the index
    of ``Identificator``. None when no person field is filled in.

    A date of birth alone is not hashed on its own: it is compared with the persons' dates of
    birth, within the list's scope like every other filter."""
    gezocht = BetrokkenPersoon(
        naam=data["persoon"], geboortedatum=data["geboortedatum"], telefoon=data["telefoon"]
    )
    paren = dict(identificatoren_van(gezocht))
    voorwaarde = Q()
    for soort in Identificator.specifiekste(sorted(paren)):
        treffers = Identificator.objects.filter(soort=soort, waarde_hash=paren[soort]).values("signaal_id")
        voorwaarde &= Q(pk__in=treffers)
    if data["geboortedatum"] and not data["persoon"]:
        met_datum = BetrokkenPersoon.objects.filter(geboortedatum=data["geboortedatum"]).values("signaal_id")
        voorwaarde &= Q(pk__in=met_datum)
    return voorwaarde if voorwaarde else None


class SignaalFilter(forms.Form):
    """Filters, search and sorting of the AF's list; the export uses the same."""

    q = forms.CharField(label="Zoeken op referentie of tekst", max_length=100, required=False)
    persoon = forms.CharField(
        label="Naam of alias van een betrokken persoon",
        max_length=150,
        required=False,
        help_text="Hoofdletters, accenten, tussenvoegsels en de volgorde van de namen maken niet uit.",
    )
    geboortedatum = datumveld("Geboortedatum van die persoon")
    telefoon = forms.CharField(
        label="Telefoonnummer van een betrokken persoon", max_length=30, required=False
    )
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
    van = datumveld("Geregistreerd vanaf")
    tot = datumveld("Geregistreerd tot en met")
    urgent = forms.BooleanField(label="Alleen urgent (acuut gevaar)", required=False)
    wacht = forms.BooleanField(label="Wacht te lang op terugkoppeling", required=False)
    controle = forms.BooleanField(label="Lopend en de controledatum is bereikt", required=False)
    melder = forms.BooleanField(label="Melder wacht te lang op terugkoppeling", required=False)
    sortering = forms.ChoiceField(
        label="Sorteren op",
        choices=[(k, label) for k, (label, _) in SORTERINGEN.items()],
        required=False,
    )

    def clean_persoon(self) -> str:
        persoon: str = self.cleaned_data["persoon"].strip()
        if persoon and not normalisatie.naam(persoon):
            raise forms.ValidationError("Vul een naam in met letters, bijvoorbeeld Jan de Vries.")
        return persoon

    def clean_telefoon(self) -> str:
        telefoon: str = self.cleaned_data["telefoon"].strip()
        if telefoon and normalisatie.telefoon(telefoon) is None:
            raise forms.ValidationError("Dit is geen geldig telefoonnummer, bijvoorbeeld 06 12345678.")
        return telefoon

    def clean(self) -> dict[str, Any]:
        super().clean()
        return _periode_controleren(self, self.cleaned_data)

    def persoonszoekopdracht(self) -> str:
        """What the access log says of a search by a person: which fields it used, never what
        was typed in them (the log is read by more people than the signals)."""
        if not self.is_bound or not self.is_valid():
            return ""
        velden = ("persoon", "geboortedatum", "telefoon")
        gebruikt = [str(self.fields[v].label).lower() for v in velden if self.cleaned_data[v]]
        return f"Gezocht op betrokken persoon: {', '.join(gebruikt)}" if gebruikt else ""

    def voorwaarde(self) -> Q | None:
        """The filters as one condition (None: no filter), for the list and its count alike."""
        if not self.is_bound:
            return None
        if not self.is_valid():
            return Q(pk__in=[])
        data = self.cleaned_data
        voorwaarde = _kenmerken(data)
        if zoek := data["q"].strip():
            voorwaarde &= Q(referentie__icontains=zoek) | Q(omschrijving__icontains=zoek)
        if (persoon := _persoon(data)) is not None:
            voorwaarde &= persoon
        if data["urgent"]:
            voorwaarde &= Q(acuut_gevaar=True)
        if data["wacht"]:
            voorwaarde &= Q(wacht_te_lang())
        if data["melder"]:
            voorwaarde &= melder_wacht()
        if data["controle"]:
            voorwaarde &= Q(status=Status.LOPEND, monitoren_tot__lte=timezone.localdate())
        return voorwaarde

    def toepassen(self, signalen: QuerySet[Signaal]) -> QuerySet[Signaal]:
        """Apply the filters and the sorting to a ``signaallijst``."""
        if self.is_bound and not self.is_valid():
            return signalen.none()
        if (voorwaarde := self.voorwaarde()) is not None:
            signalen = signalen.filter(voorwaarde)
        sortering = self.cleaned_data["sortering"] if self.is_bound else ""
        return signalen.order_by(*SORTERINGEN[sortering or "-datum"][1])


class SignaalFilterKR(forms.Form):
    """Filters of the ketenregisseur's pseudonymised list: no search in text.

    Searching descriptions would let someone without casework access probe the content
    of signals, so the KR filters on what the list shows anyway, and on regio.
    """

    status = SignaalFilter.base_fields["status"]
    vorm = SignaalFilter.base_fields["vorm"]
    sector = SignaalFilter.base_fields["sector"]
    van = datumveld("Geregistreerd vanaf")
    tot = datumveld("Geregistreerd tot en met")
    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        required=False,
        empty_label="Al uw regio's",
        error_messages={"invalid_choice": "Kies een van uw regio's uit de lijst."},
    )

    def __init__(self, *args: Any, gebruiker: Gebruiker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuzeveld(self, "regio").queryset = regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")

    def clean(self) -> dict[str, Any]:
        super().clean()
        return _periode_controleren(self, self.cleaned_data)

    def toepassen(self, signalen: QuerySet[Signaal]) -> QuerySet[Signaal]:
        if not self.is_bound:
            return signalen
        if not self.is_valid():
            return signalen.none()
        data = self.cleaned_data
        if data["regio"]:
            signalen = signalen.filter(gemeente__regios=data["regio"])
        return signalen.filter(_kenmerken(data))


# What the coarse list does not show, so it does not filter on it either.
NIET_OP_TE_FILTEREN = ("van", "tot", "sector", "q")
FOUT_NIET_OP_TE_FILTEREN = (
    "Deze lijst filtert niet op een datum, een sector of tekst: dat zou signalen herkenbaar "
    "maken. Kies een maand, kwartaal, halfjaar of jaar, een gemeente, een vorm of een status."
)


class SignaalFilterGrof(forms.Form):
    """Filters of the coarse list (``signalen.grof``): only on what it shows, as coarse as shown.

    The filters pick whole groups of the coarse list of all the KR's signals (or the chosen
    regio's), so a filtered list never holds a group that the unfiltered one does not: two
    lists subtracted give nothing smaller than the threshold.
    """

    regio = SignaalFilterKR.base_fields["regio"]
    periode = forms.ChoiceField(label="Periode", choices=[("", "Alle perioden")], required=False)
    gemeente = forms.ChoiceField(label="Gemeente", choices=[("", "Alle gemeenten")], required=False)
    vorm = SignaalFilter.base_fields["vorm"]
    status = SignaalFilter.base_fields["status"]

    def __init__(
        self, *args: Any, gebruiker: Gebruiker, groepen: Sequence[Groep] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get("periode"):
            # A period's code as ``Periode.code`` writes it ("2026-H1"); "2026-h1" too.
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data["periode"] = str(data["periode"]).upper()
            self.data = data
        modelkeuzeveld(self, "regio").queryset = regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")
        self.groepen_kiezen(groepen)

    def groepen_kiezen(self, groepen: Sequence[Groep]) -> None:
        """Offer the periods and gemeenten the list shows (and the periods around them)."""
        perioden: set[Periode] = set()
        for g in groepen:
            dag = g.tijdvak.van
            rond = (Periode.maand_van(dag), Periode.kwartaal_van(dag), Periode.halfjaar_van(dag))
            perioden |= {p for p in (*rond, Periode.jaar(dag.year)) if p.bevat(g.tijdvak)}
        keuzeveld(self, "periode").choices = [
            ("", "Alle perioden"),
            *((p.code, p.kort_label) for p in sorted(perioden, key=lambda p: (-p.van.toordinal(), p.tot))),
        ]
        namen = sorted(
            {g.gemeente for g in groepen}, key=lambda n: (n in (OVERIGE_GEMEENTEN, ALLE_GEMEENTEN), n)
        )
        keuzeveld(self, "gemeente").choices = [("", "Alle gemeenten"), *((n, n) for n in namen)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        if any(sleutel in self.data for sleutel in NIET_OP_TE_FILTEREN):
            raise forms.ValidationError(FOUT_NIET_OP_TE_FILTEREN)
        return self.cleaned_data

    def selecteren(self, overzicht: GrofOverzicht) -> tuple[list[Groep], int]:
        """The groups that pass the filters, and the rest's printed count (only unfiltered)."""
        if not self.is_bound:
            return list(overzicht.groepen), overzicht.overig_getal
        if not self.is_valid():
            return [], 0
        data = self.cleaned_data
        tijdvak = Periode.uit_code(data["periode"]) if data["periode"] else None  # one of the choices
        vorm = dict(Uitbuitingsvorm.choices).get(data["vorm"]) if data["vorm"] else None
        status = dict(Status.choices).get(data["status"]) if data["status"] else None
        gekozen = [
            g
            for g in overzicht.groepen
            if (tijdvak is None or tijdvak.bevat(g.tijdvak))
            and (not data["gemeente"] or g.gemeente == data["gemeente"])
            and (vorm is None or (g.vormen is not None and vorm in g.vormen))
            and (status is None or g.status == status)
        ]
        verfijnd = any(data[veld] for veld in ("periode", "gemeente", "vorm", "status"))
        return gekozen, 0 if verfijnd else overzicht.overig_getal
