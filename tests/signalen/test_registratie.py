"""Registering a signal in one short pass (issue 17, point 2): the essentials first, indicators
folded per theme with their counts, persons added one block at a time without JavaScript, and
one error summary that reports every error of the page in the same round, each linked to its
field, with all input kept."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import ToegangsLog
from signalen.models import Indicator, Signaal
from tests.conftest import PER_VERZOEK
from tests.signalen.test_views import MORGEN, nieuw_invoer, tekst

URL = reverse("signalen:nieuw")


def foutenoverzicht(pagina: str) -> list[tuple[str, str]]:
    """The error summary's items as (link target, text)."""
    overzicht = re.search(
        r'<div class="utrecht-alert utrecht-alert--error foutenoverzicht".*?</ul>', pagina, re.S
    )
    assert overzicht, "geen foutenoverzicht bovenaan de pagina"
    return re.findall(r'<a class="utrecht-link" href="#([^"]+)">(.*?)</a>', overzicht.group(0))


def details_open(pagina: str, samenvatting: str) -> bool:
    gevonden = re.search(rf'<details class="uitklap"( open)?>\s*<summary>{samenvatting}', pagina)
    assert gevonden, samenvatting
    return bool(gevonden.group(1))


def test_het_formulier_begint_kort(client_als, plaatsen, django_assert_num_queries):
    client = client_als("af")
    client.get(reverse("signalen:start"))  # the session is written; not again within a minute
    # Per request, then: the AF's gemeenten for the single-gemeente default, the gemeente
    # choices, the indicators (one query for all groups).
    with django_assert_num_queries(PER_VERZOEK + 3):
        antwoord = client.get(URL)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert not ToegangsLog.objects.filter(scherm="signalen:nieuw").exists()  # no personal data shown
    # The date observed defaults to today, the scope to "unknown".
    assert f'name="datum_waargenomen" value="{timezone.localdate().isoformat()}"' in pagina
    assert '<option value="onbekend" selected>Onbekend</option>' in pagina
    # One person block, and a button for the next one.
    assert 'name="personen-TOTAL_FORMS" value="1"' in pagina
    assert "Betrokken persoon 1</legend>" in pagina and "Betrokken persoon 2" not in pagina
    assert 'name="persoon_erbij"' in pagina and ">Nog een persoon toevoegen</button>" in pagina
    # The details beyond the essentials, and every theme of indicators, folded; none chosen yet.
    assert not details_open(pagina, "Meer over het signaal")
    assert not details_open(pagina, "Meer over deze persoon")
    for groep in Indicator.Groep:
        if Indicator.objects.filter(groep=groep).exists():
            assert re.search(
                rf'<details class="uitklap indicatorgroep">\s*<summary id="thema-{groep.value}">'
                rf"{groep.label} <span [^>]*data-telling>\(0 gekozen\)</span>",
                pagina,
            ), groep
    assert "foutenoverzicht" not in pagina.split("</h1>")[1].split("<form")[0]


def test_een_ronde_meldt_alle_fouten_tegelijk_en_houdt_alles(client_als, plaatsen):
    """A future observation date (the service's check) and a bad phone number (the person's)
    come back in the same round, with the form's own errors, in one summary on top."""
    indicatoren = list(Indicator.objects.filter(groep=Indicator.Groep.HUISVESTING)[:2])
    assert len(indicatoren) == 2
    invoer = nieuw_invoer(
        plaatsen["hilversum"],
        datum_waargenomen=MORGEN,
        sector="",
        acuut_gevaar="on",
        indicatoren=[str(i.pk) for i in indicatoren],
        **{
            "personen-0-telefoon": "0612",
            "personen-1-soort": "dader",
            "personen-1-kenteken": "XT-123-B",
            "personen-1-geschatte_leeftijd": "veertig",
        },
    )
    antwoord = client_als("af").post(URL, invoer)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert not Signaal.objects.exists()
    assert foutenoverzicht(pagina) == [
        ("id_datum_waargenomen", "Datum waargenomen: De datum van waarnemen kan niet in de toekomst liggen."),
        ("id_sector", "Sector: Kies de sector."),
        (
            "id_alarmnummer_gebeld",
            "112 is gebeld: Bij acuut gevaar belt u eerst 112. Vink aan dat dat gebeurd is.",
        ),
        (
            "id_personen-0-telefoon",
            "Betrokken persoon 1, Telefoonnummer: Dit telefoonnummer klopt niet. "
            "Vul het in zoals 06 12345678 of +48 601 234 567.",
        ),
        (
            "id_personen-1-geschatte_leeftijd",
            "Betrokken persoon 2, Geschatte leeftijd: Vul een leeftijd in hele jaren in.",
        ),
    ]
    assert "Er zijn 5 fouten" in pagina
    # Every link's target is on the page.
    for anker, _ in foutenoverzicht(pagina):
        assert f'id="{anker}"' in pagina
    # All input kept: the signal's, the indicators (counted in their theme), both persons.
    assert f'value="{MORGEN}"' in pagina
    assert 'value="Zofia Kowalska"' in pagina and 'value="0612"' in pagina
    assert 'value="XT-123-B"' in pagina and 'value="veertig"' in pagina
    assert 'name="personen-TOTAL_FORMS" value="2"' in pagina
    for indicator in indicatoren:
        assert re.search(
            rf'<input type="checkbox" name="indicatoren" value="{indicator.pk}"[^>]* checked', pagina
        )
    assert re.search(r"Huisvesting <span [^>]*data-telling>\(2 gekozen\)</span>", pagina)
    assert "Tien mensen slapen in een schuur op het terrein." in pagina
    # The second person's folded fields are unfolded: something in them is wrong.
    assert re.findall(r'<details class="uitklap"( open)?>\s*<summary>Meer over deze persoon', pagina) == [
        " open",
        " open",
    ]
    # The same form token: the corrected form still makes one signal.
    assert f'value="{invoer["formuliertoken"]}"' in pagina


@pytest.mark.parametrize(
    "wijziging,anker,melding",
    [
        ({"gemeente": ""}, "id_gemeente", "Kies de gemeente waar het is waargenomen."),
        ({"bron": "bestaat_niet"}, "id_bron", "Selecteer een geldige keuze"),
        ({"datum_waargenomen": "31-02-2026"}, "id_datum_waargenomen", "Vul een geldige datum in"),
        ({"datum_waargenomen": "1980-01-01"}, "id_datum_waargenomen", "te ver terug"),
        ({"locatie": "x" * 201}, "id_locatie", "200"),
        ({"indicatoren": ["999999"]}, "id_indicatoren_0", "geldige keuze"),
        ({"alarmnummer_gebeld": "on"}, "id_alarmnummer_gebeld", "112 gebeld kan alleen bij acuut gevaar."),
        ({"personen-0-soort": ""}, "id_personen-0-soort", "Kies of dit een mogelijk slachtoffer"),
        ({"personen-0-geschatte_leeftijd": "140"}, "id_personen-0-geschatte_leeftijd", "tussen 0 en 110"),
    ],
)
def test_elke_soort_fout_staat_in_het_overzicht(client_als, plaatsen, wijziging, anker, melding):
    invoer = nieuw_invoer(plaatsen["hilversum"])
    invoer.update(wijziging)
    antwoord = client_als("af").post(URL, invoer)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert not Signaal.objects.exists()
    items = foutenoverzicht(pagina)
    assert len(items) == 1 and items[0][0] == anker and melding in items[0][1], items
    assert 'value="Zofia Kowalska"' in pagina


def test_een_fout_in_een_ingeklapt_deel_klapt_het_open(client_als, plaatsen):
    antwoord = client_als("af").post(
        URL, nieuw_invoer(plaatsen["hilversum"], postcode="12345", **{"personen-0-postcode": "AB"})
    )
    pagina = tekst(antwoord)
    assert [a for a, _ in foutenoverzicht(pagina)] == ["id_postcode", "id_personen-0-postcode"]
    assert details_open(pagina, "Meer over het signaal")
    assert details_open(pagina, "Meer over deze persoon")


def test_nog_een_persoon_toevoegen_zonder_javascript(client_als, plaatsen):
    """The button posts the page: shown again with one more block, as typed, unchecked (an
    incomplete form gives no errors yet) and unsaved; then the signal is registered once."""
    client = client_als("af")
    indicator = Indicator.objects.first()
    invoer = nieuw_invoer(
        plaatsen["hilversum"],
        sector="",  # not yet filled in: no error for that now
        indicatoren=[str(indicator.pk)],
        persoon_erbij="1",
        **{"personen-TOTAL_FORMS": "1"},
    )
    antwoord = client.post(URL, invoer)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert not Signaal.objects.exists()
    assert "Controleer het formulier" not in pagina and "utrecht-form-field--invalid" not in pagina
    assert 'name="personen-TOTAL_FORMS" value="2"' in pagina
    assert "Betrokken persoon 2</legend>" in pagina
    # The new block takes the focus; everything typed is kept, the token too.
    assert re.search(r'<select name="personen-1-soort"[^>]* autofocus', pagina)
    assert 'value="Zofia Kowalska"' in pagina and 'value="+48 601 234 567"' in pagina
    assert "Tien mensen slapen in een schuur op het terrein." in pagina
    assert re.search(
        rf'<input type="checkbox" name="indicatoren" value="{indicator.pk}"[^>]* checked', pagina
    )
    assert re.search(r"<span [^>]*data-telling>\(1 gekozen\)</span>", pagina)
    assert f'value="{invoer["formuliertoken"]}"' in pagina

    # The second person filled in, the sector chosen: registered, twice sent, one signal.
    del invoer["persoon_erbij"]
    invoer.update(
        {
            "sector": "land_tuinbouw",
            "personen-TOTAL_FORMS": "2",
            "personen-1-soort": "dader",
            "personen-1-alias": "Grote Kees",
        }
    )
    assert client.post(URL, invoer).status_code == 302
    assert client.post(URL, invoer).status_code == 302
    signaal = Signaal.objects.get()
    assert sorted(signaal.personen.values_list("soort", flat=True)) == ["dader", "slachtoffer"]


def test_een_persoon_weghalen_schuift_de_rest_op(client_als, plaatsen):
    invoer = nieuw_invoer(
        plaatsen["hilversum"],
        persoon_weg="0",
        **{
            "personen-TOTAL_FORMS": "3",
            "personen-1-soort": "dader",
            "personen-1-alias": "Grote Kees",
            "personen-2-soort": "slachtoffer",
            "personen-2-naam": "Anna Nowak",
        },
    )
    antwoord = client_als("af").post(URL, invoer)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert not Signaal.objects.exists()
    assert 'name="personen-TOTAL_FORMS" value="2"' in pagina
    assert "Zofia Kowalska" not in pagina
    assert re.search(r'<input type="text" name="personen-0-alias" value="Grote Kees"', pagina)
    assert re.search(r'<input type="text" name="personen-1-naam" value="Anna Nowak"', pagina)
    assert 'name="personen-2-' not in pagina
    assert "Betrokken persoon 3" not in pagina


@pytest.mark.parametrize(
    "wijziging,blokken",
    [
        ({"persoon_weg": "x"}, 2),  # not a number: nothing goes
        ({"persoon_weg": "-1"}, 1),  # below the first: the first goes
        ({"persoon_weg": "7"}, 2),  # no such block: nothing goes
        ({"persoon_erbij": "1", "personen-TOTAL_FORMS": "20"}, 20),  # at most 20
        ({"persoon_erbij": "1", "personen-TOTAL_FORMS": "-3"}, 1),
        ({"persoon_erbij": "1", "personen-TOTAL_FORMS": "zes"}, 1),
    ],
)
def test_geknoeide_blokken_geven_geen_fout(client_als, plaatsen, wijziging, blokken):
    antwoord = client_als("af").post(URL, nieuw_invoer(plaatsen["hilversum"], **wijziging))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert f'name="personen-TOTAL_FORMS" value="{blokken}"' in pagina
    assert ("Nog een persoon toevoegen" in pagina) == (blokken < 20)
    assert not Signaal.objects.exists()


def test_wijzigen_toont_alles_uitgeklapt(client_als, gebruikers):
    from tests.signalen.factories import SignaalFactory

    signaal = SignaalFactory(door=gebruikers["af"], locatie="Kassencomplex")
    pagina = tekst(client_als("af").get(reverse("signalen:bewerken", kwargs={"uuid": signaal.uuid})))
    assert details_open(pagina, "Meer over het signaal")
    assert 'value="Kassencomplex"' in pagina


def test_de_datum_van_vandaag_kan(client_als, plaatsen):
    """The default date (today) is no future date: a signal registered the day it is seen."""
    vandaag = timezone.localdate().isoformat()
    antwoord = client_als("af").post(URL, nieuw_invoer(plaatsen["hilversum"], datum_waargenomen=vandaag))
    assert antwoord.status_code == 302
    assert Signaal.objects.get().datum_waargenomen == timezone.localdate()
