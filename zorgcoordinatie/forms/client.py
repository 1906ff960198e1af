"""Forms of the client: their data and the consent for CoMensha."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VINKJES, VerborgenFouten
from mensenhandel.models import Gemeente
from zorgcoordinatie.forms.velden import (
    datumveld,
    gemeenten,
    modelkeuze,
    versieveld,
)
from zorgcoordinatie.models import Client, Clientnaam, ComenshaVeld
from zorgcoordinatie.services.client import naamsleutel
from zorgcoordinatie.services.gegevens import CLIENTVELDEN, ClientGegevens


def veilig_contactveld(label: str) -> forms.TypedChoiceField:
    """Mag, mag niet, or not recorded: never "niet" where nobody asked (issue 17)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "Niet vastgelegd"), ("True", "Mag"), ("False", "Mag niet")],
        coerce=lambda waarde: waarde == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ClientForm(VerborgenFouten, forms.ModelForm):
    versie = versieveld()
    mag_bellen = veilig_contactveld("Mag gebeld worden")
    mag_sms = veilig_contactveld("Mag een bericht krijgen")
    mag_bezoek = veilig_contactveld("Mag bezocht worden")
    correctie = forms.BooleanField(
        label="Dit is een correctie op verzoek van de cliënt (artikel 16 AVG)",
        required=False,
        help_text="De historie legt de wijziging dan vast als correctie; de privacyfunctionaris ziet dat bij "
        "een inzageverzoek.",
    )

    class Meta:
        model = Client
        fields = CLIENTVELDEN
        labels = {
            "nationaliteiten": "Nationaliteit(en)",
            "tolk_nodig": "Een tolk is nodig",
            "brp_gemeente": "Ingeschreven in de BRP van",
            "verblijfplaats": "Waar verblijft de cliënt",
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
        keuze = gemeenten()
        if self.instance.pk:
            eigen = [self.instance.brp_gemeente_id, self.instance.verantwoordelijke_gemeente_id]
            keuze = Gemeente.objects.filter(Q(actief=True) | Q(pk__in=[p for p in eigen if p])).order_by(
                "naam"
            )
        brp, verantwoordelijk = (
            modelkeuze(self, "brp_gemeente"),
            modelkeuze(self, "verantwoordelijke_gemeente"),
        )
        brp.queryset, brp.empty_label = keuze, "Niet ingeschreven of onbekend"
        verantwoordelijk.queryset, verantwoordelijk.empty_label = keuze, KIES
        self.initial.setdefault("versie", self.instance.versie)

    def gegevens(self) -> ClientGegevens:
        d = self.cleaned_data
        return ClientGegevens(
            naam=d["naam"],
            aliassen=d["aliassen"],
            geboortedatum=d["geboortedatum"],
            geslacht=d["geslacht"],
            nationaliteiten=d["nationaliteiten"],
            taal=d["taal"],
            tolk_nodig=d["tolk_nodig"],
            verblijfsstatus=d["verblijfsstatus"],
            brp_gemeente=d["brp_gemeente"],
            verblijfplaats=d["verblijfplaats"],
            verantwoordelijke_gemeente=d["verantwoordelijke_gemeente"],
            mag_bellen=d["mag_bellen"],
            mag_sms=d["mag_sms"],
            mag_bezoek=d["mag_bezoek"],
            veilige_tijden=d["veilige_tijden"],
            nooit_via=d["nooit_via"],
            lvb=d["lvb"],
            psychische_problematiek=d["psychische_problematiek"],
            verslaving=d["verslaving"],
            zwangerschap=d["zwangerschap"],
            overige_kwetsbaarheden=d["overige_kwetsbaarheden"],
        )

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
            ("Correctie", ["correctie"]),
        ]
        return [(titel, [self[veld] for veld in velden]) for titel, velden in groepen]


class ComenshaForm(forms.Form):
    toestemming = forms.ChoiceField(
        label="Toestemming voor registratie bij CoMensha", choices=Client.Toestemming.choices
    )
    datum = datumveld("Datum waarop het is gevraagd", help_text="Niet in de toekomst.")
    velden = forms.MultipleChoiceField(
        label="Gegevens waarvoor de cliënt toestemming gaf",
        choices=ComenshaVeld.choices,
        required=False,  # the service says what is missing
        widget=VINKJES,
        help_text="Alleen bij toestemming. De registratie bevat precies deze gegevens, naast de "
        "anonieme (regio, jaar, geslacht, minderjarig, vormen van uitbuiting).",
        error_messages={"invalid_choice": "Kies alleen gegevens uit de lijst."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_comensha_%s")
        super().__init__(*args, **kwargs)


class ClientZoeken(forms.Form):
    """The zorgcoördinator's search for a client by name or alias and date of birth, matched
    the way stacking matches: the keyed hash of the normalised name (``Clientnaam``), so case,
    accents, tussenvoegsels and word order make no difference (issue 17)."""

    naam = forms.CharField(
        label="Naam of alias",
        max_length=150,
        required=False,
        help_text="Hoofdletters, accenten, tussenvoegsels en de volgorde van de namen maken niet uit.",
    )
    geboortedatum = datumveld("Geboortedatum")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        naam = (data.get("naam") or "").strip()
        if naam and not naamsleutel(naam):
            self.add_error("naam", "Vul een naam met letters in.")
        elif not naam and not data.get("geboortedatum") and "geboortedatum" not in self.errors:
            raise forms.ValidationError("Vul een naam, een alias of een geboortedatum in om te zoeken.")
        return data

    def voorwaarde(self) -> Q:
        """The clients the search asks for (call on a valid form)."""
        data = self.cleaned_data
        voorwaarde = Q()
        if naam := data["naam"].strip():
            gevonden = Clientnaam.objects.filter(waarde_hash=naamsleutel(naam)).values("client_id")
            voorwaarde &= Q(pk__in=gevonden)
        if data["geboortedatum"]:
            voorwaarde &= Q(geboortedatum=data["geboortedatum"])
        return voorwaarde

    def zoekopdracht(self) -> str:
        """What the access log says of the search: the fields used, never what was typed."""
        if not self.is_bound or not self.is_valid():
            return ""
        gebruikt = [
            str(self.fields[v].label).lower() for v in ("naam", "geboortedatum") if self.cleaned_data[v]
        ]
        return f"Gezocht op cliënt: {', '.join(gebruikt)}"
