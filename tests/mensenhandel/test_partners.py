"""The kernel's partner choices: found through the AppConfigs, grouped per kind, and a form
field that is a choice when there is something to choose and free text otherwise."""

from __future__ import annotations

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from mensenhandel import partners
from mensenhandel.partners import EERDER, NIET_ERBIJ, NIETS_OP_DE_KAART, Partnerkeuze, partnerveld

aanroepen: list[dict] = []  # what the provider was called with


def nep_aanbieder(gebruiker, *, regio=None, soorten=None) -> list[Partnerkeuze]:
    """A provider as an app would declare it, for these tests."""
    aanroepen.append({"gebruiker": gebruiker, "regio": regio, "soorten": soorten})
    alle = [
        Partnerkeuze("Basisteam Gooi", "politie_basisteam", "Politie: basisteam"),
        Partnerkeuze("AVIM Midden-Nederland", "politie_avim", "Politie: AVIM"),
        Partnerkeuze("AVIM Noord", "politie_avim", "Politie: AVIM"),
        Partnerkeuze("Fier", "zorgaanbieder", "Zorgaanbieder"),
    ]
    return [p for p in alle if soorten is None or p.soort in soorten]


nep_aanbieder.overzicht = "toegankelijkheid"  # any page will do


@pytest.fixture
def ketenregie_config():
    return apps.get_app_config("ketenregie")


@pytest.fixture
def nep(monkeypatch, ketenregie_config):
    aanroepen.clear()
    monkeypatch.setattr(ketenregie_config, "partnerkeuzes", f"{__name__}.nep_aanbieder")


@pytest.fixture
def zonder_aanbieder(monkeypatch, ketenregie_config):
    monkeypatch.delattr(type(ketenregie_config), "partnerkeuzes")


def test_de_kern_vindt_de_aanbieder_via_de_appconfig():
    from ketenregie.selectors.wegenkaart import partnerkeuzes_voor

    assert partners.aanbieder() is partnerkeuzes_voor


def test_zonder_aanbieder_zijn_er_geen_keuzes(zonder_aanbieder):
    assert partners.aanbieder() is None
    assert partners.partnerkeuzes(None, soorten=["politie_avim"]) == []
    assert partners.partneraanbod(None) is None


def test_keuzes_gegroepeerd_per_soort(nep):
    gebruiker, regio = object(), object()
    assert partners.partnerkeuzes(gebruiker, regio=regio, soorten=("politie_avim", "politie_basisteam")) == [
        ("Politie: basisteam", [("Basisteam Gooi", "Basisteam Gooi")]),
        (
            "Politie: AVIM",
            [("AVIM Midden-Nederland", "AVIM Midden-Nederland"), ("AVIM Noord", "AVIM Noord")],
        ),
    ]
    # The provider gets the user, the regio and the kinds as a list.
    verwacht = {"gebruiker": gebruiker, "regio": regio, "soorten": ["politie_avim", "politie_basisteam"]}
    assert aanroepen == [verwacht]


def test_een_aanbod_dient_meerdere_velden_met_een_aanroep(nep):
    aanbod = partners.partneraanbod(None)
    assert aanbod.overzicht == reverse("toegankelijkheid")
    assert aanbod.keuzes(["zorgaanbieder"]) == [("Zorgaanbieder", [("Fier", "Fier")])]
    assert aanbod.keuzes(["riec"]) == []
    assert len(aanroepen) == 1


def test_onbekende_overzichtspagina_geeft_geen_link(nep, monkeypatch):
    monkeypatch.setattr(nep_aanbieder, "overzicht", "bestaat:niet")
    assert partners.partneraanbod(None).overzicht == ""


class Formulier(forms.Form):
    def __init__(self, *args, veld: forms.Field, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"] = veld


def _veld(aanbod, **kwargs) -> forms.Field:
    standaard = {
        "soorten": ["politie_avim"],
        "label": "Partner",
        "max_length": 200,
        "keuze_verplicht": "Kies de partner.",
        "tekst_verplicht": "Vul de partner in.",
    }
    return partnerveld(aanbod, **{**standaard, **kwargs})


def test_keuzeveld_met_optgroups_zonder_maxlength(nep):
    form = Formulier(veld=_veld(partners.partneraanbod(None)))
    html = str(form["partner"])
    assert html.startswith("<select")
    assert "maxlength" not in html
    assert '<optgroup label="Politie: AVIM">' in html
    assert '<option value="AVIM Noord">AVIM Noord</option>' in html
    assert "Fier" not in html
    assert NIET_ERBIJ in form["partner"].help_text
    assert f'href="{reverse("toegankelijkheid")}"' in form["partner"].help_text


@pytest.mark.parametrize(
    ("waarde", "fout"),
    [
        ("Fier", "‘Fier’ staat niet in de lijst. Kies een organisatie uit de lijst."),
        ("Verzonnen", "‘Verzonnen’ staat niet in de lijst. Kies een organisatie uit de lijst."),
        ("", "Kies de partner."),
        ("AVIM Noord", None),
    ],
)
def test_keuzeveld_accepteert_alleen_de_lijst(nep, waarde, fout):
    form = Formulier({"partner": waarde}, veld=_veld(partners.partneraanbod(None)))
    if fout is None:
        assert form.is_valid() and form.cleaned_data["partner"] == waarde
    else:
        assert form.errors["partner"] == [fout]


def test_huidige_waarde_buiten_de_lijst_blijft_kiesbaar(nep):
    aanbod = partners.partneraanbod(None)
    form = Formulier(initial={"partner": "Politie Oud"}, veld=_veld(aanbod, huidig="Politie Oud"))
    html = str(form["partner"])
    assert f'<optgroup label="{EERDER}">' in html
    assert '<option value="Politie Oud" selected>Politie Oud</option>' in html
    gebonden = Formulier({"partner": "Politie Oud"}, veld=_veld(aanbod, huidig="Politie Oud"))
    assert gebonden.is_valid()
    # A value already on offer is not added twice.
    form = Formulier(veld=_veld(aanbod, huidig="AVIM Noord"))
    assert EERDER not in str(form["partner"])


def test_niets_op_de_kaart_geeft_vrije_tekst_met_uitleg(nep):
    form = Formulier({"partner": ""}, veld=_veld(partners.partneraanbod(None), soorten=["riec"]))
    assert str(form["partner"]).startswith('<input type="text"')
    assert 'maxlength="200"' in str(form["partner"])
    assert NIETS_OP_DE_KAART in form["partner"].help_text
    assert "Bekijk de wegenkaart (opent in een nieuw tabblad)" in form["partner"].help_text
    assert form.errors["partner"] == ["Vul de partner in."]
    assert Formulier({"partner": "RIEC Midden-Nederland"}, veld=_veld(partners.partneraanbod(None))).errors


def test_zonder_aanbieder_vrije_tekst_zonder_wegenkaart(zonder_aanbieder):
    veld = _veld(partners.partneraanbod(None), help_text="De organisatie.")
    form = Formulier({"partner": "Wat dan ook"}, veld=veld)
    assert str(form["partner"]).startswith('<input type="text"')
    assert form["partner"].help_text == "De organisatie."
    assert form.is_valid() and form.cleaned_data["partner"] == "Wat dan ook"


def test_met_de_wegenkaart_als_aanbieder(gebruikers, plaatsen):
    from ketenregie.services import wegenkaart as kr_services

    kr_services.partner_opslaan(
        door=gebruikers["kr"],
        gegevens={"naam": "AVIM Midden-Nederland", "soort": "politie_avim", "telefoon": "0900-8844"},
        regios=[plaatsen["gv"]],
    )
    kr_services.partner_opslaan(
        door=gebruikers["kr_ander"],
        gegevens={"naam": "AVIM Noord", "soort": "politie_avim", "telefoon": "0900-8844"},
        regios=[plaatsen["fr"]],
    )
    label = "Politie: AVIM (Vreemdelingenpolitie, Identificatie en Mensenhandel)"
    assert partners.partnerkeuzes(gebruikers["af"], regio=plaatsen["gv"], soorten=["politie_avim"]) == [
        (label, [("AVIM Midden-Nederland", "AVIM Midden-Nederland")])
    ]
    assert partners.partneraanbod(gebruikers["af"]).overzicht == reverse("ketenregie:wegenkaart")
