"""Forms of the care within a trajectory: the intake, a care action, a zorgoverleg."""

from __future__ import annotations

from typing import Any

from django import forms

from mensenhandel.forms import DATUM, DATUMFOUT, KIES, VerborgenFouten, verplicht_tonen
from mensenhandel.models import Gebruiker, Regio
from mensenhandel.partners import partneraanbod, partnerveld
from zorgcoordinatie.forms.velden import (
    datumveld,
    keuzeveld,
    versieveld,
)
from zorgcoordinatie.models import JaNeeOnbekend, Levensdomein, Traject, Zorgactie
from zorgcoordinatie.services.gegevens import ACTIEVELDEN, AfspraakGegevens, ZorgactieGegevens


class IntakeForm(VerborgenFouten, forms.Form):
    """The need per life domain, all fourteen at once."""

    versie = versieveld()

    def __init__(self, *args: Any, traject: Traject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bestaand = {b.domein: b for b in traject.behoeften.all()}
        for domein in Levensdomein:
            # "Hulpvraag bij werk en dagbesteding", but "Hulpvraag bij BRP en DigiD".
            label = (
                domein.label
                if domein.label.split()[0].isupper()
                else domein.label[0].lower() + domein.label[1:]
            )
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
        fields = ACTIEVELDEN
        labels = {"domein": "Levensdomein (hulpvraag)", "warme_overdracht_op": "Warme overdracht op"}
        help_texts = {"aangevraagd_op": "Niet in de toekomst."}
        widgets = dict.fromkeys(ACTIEDATUMS, DATUM)
        error_messages = {
            **dict.fromkeys(ACTIEDATUMS, DATUMFOUT),
            "aangevraagd_op": {**DATUMFOUT, "required": "Vul in wanneer de hulp is aangevraagd."},
            "domein": {"required": "Kies het levensdomein."},
            "soort": {"required": "Vul in welke hulp het is."},
        }

    def __init__(self, *args: Any, gebruiker: Gebruiker, regio: Regio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuzeveld(self, "domein").choices = [("", KIES), *Levensdomein.choices]
        self.fields["zorgaanbieder"] = partnerveld(
            partneraanbod(gebruiker, regio=regio, soorten=ZORGAANBIEDER_SOORTEN),
            huidig=self.instance.zorgaanbieder if self.instance.pk else "",
            label="Zorgaanbieder",
            max_length=Zorgactie._meta.get_field("zorgaanbieder").max_length,
            help_text="De organisatie die de hulp biedt.",
            keuze_verplicht="Kies de zorgaanbieder.",
            tekst_verplicht="Vul de zorgaanbieder in.",
        )

    def gegevens(self) -> ZorgactieGegevens:
        d = self.cleaned_data
        return ZorgactieGegevens(
            domein=d["domein"],
            zorgaanbieder=d["zorgaanbieder"],
            soort=d["soort"],
            status=d["status"],
            aangevraagd_op=d["aangevraagd_op"],
            gestart_op=d["gestart_op"],
            beeindigd_op=d["beeindigd_op"],
            warme_overdracht_op=d["warme_overdracht_op"],
        )


AANTAL_AFSPRAKEN = 3


class ZorgoverlegForm(forms.Form):
    """A zorgoverleg with up to three agreements; an agreement needs what, who and when."""

    datum = datumveld(
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
            self.fields[f"afspraak_{i}_deadline"] = datumveld(f"Afspraak {i}: uiterlijk op")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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

    def afspraken(self) -> list[AfspraakGegevens]:
        data = self.cleaned_data
        return [
            AfspraakGegevens(
                omschrijving=data[f"afspraak_{i}_omschrijving"].strip(),
                eigenaar=data[f"afspraak_{i}_eigenaar"].strip(),
                deadline=data[f"afspraak_{i}_deadline"],
            )
            for i in range(1, AANTAL_AFSPRAKEN + 1)
            if data[f"afspraak_{i}_omschrijving"]
        ]


verplicht_tonen(ZorgoverlegForm, "organisaties")
