"""A referral picks its partner from the wegenkaart (through ``mensenhandel.partners``).

The partner's name is stored as text, as before. Only partners serving the signal's regio
(or national ones) of the destination's kind are offered; a destination the wegenkaart
has nothing for, or a system without a wegenkaart, takes free text.
"""

from __future__ import annotations

import html
import re

import pytest
from django.apps import apps
from django.urls import reverse

from mensenhandel.partners import NIETS_OP_DE_KAART
from signalen.forms import BesluitForm
from signalen.models import Doorverwijzing, Signaal, Status
from tests.signalen.factories import SignaalFactory

AVIM_LABEL = "Politie: AVIM (Vreemdelingenpolitie, Identificatie en Mensenhandel)"
# Every request of a logged-in user (see tests/signalen/test_views.py).
PER_VERZOEK = 6 + 3


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def veld(pagina: str, naam: str) -> str:
    """The HTML of one form field's control: its <select> or <input>."""
    gevonden = re.search(
        rf'<select name="{naam}".*?</select>|<input type="text" name="{naam}"[^>]*>', pagina, re.S
    )
    assert gevonden, f"veld {naam} niet gevonden"
    return gevonden.group(0)


def hoofdinhoud(pagina: str) -> str:
    """The page's <main>, without the navigation (which links to the wegenkaart)."""
    return pagina.split("<main", 1)[1].split("</main>", 1)[0]


def fout_bij(pagina: str, veld_id: str) -> str:
    gevonden = re.search(
        rf'<div class="utrecht-form-field-error-message" id="{veld_id}_fout">(.*?)</div>', pagina, re.S
    )
    return gevonden.group(1) if gevonden else ""


def partner(door, naam: str, soort: str, regios: list, **extra):
    from ketenregie.services import wegenkaart as kr_services

    return kr_services.partner_opslaan(
        door=door, gegevens={"naam": naam, "soort": soort, "telefoon": "0900-8844", **extra}, regios=regios
    )


@pytest.fixture
def wegenkaart(gebruikers, plaatsen):
    fb, gv, fr = gebruikers["fb"], plaatsen["gv"], plaatsen["fr"]
    partner(fb, "AVIM Midden-Nederland", "politie_avim", [gv])
    partner(fb, "TMM Noord", "politie_tmm", [fr])
    partner(fb, "Oud basisteam", "politie_basisteam", [gv], actief=False)
    partner(fb, "Veilig Thuis Gooi", "veilig_thuis", [gv])
    partner(fb, "Nederlandse Arbeidsinspectie, opsporing", "ai_opsporing", [])  # national
    partner(fb, "Fier", "zorgaanbieder", [gv])


@pytest.fixture
def gewogen(gebruikers) -> Signaal:
    return SignaalFactory(door=gebruikers["af"], gewogen=True)


def url(signaal: Signaal) -> str:
    return reverse("signalen:besluit", kwargs={"uuid": signaal.uuid})


def test_besluit_biedt_de_partners_van_de_regio_per_soort(client_als, wegenkaart, gewogen):
    pagina = tekst(client_als("af").get(url(gewogen)))
    politie = veld(pagina, "partner_politie_tmm")
    # Both police destinations offer every police partner of the regio, grouped by kind.
    assert f'<optgroup label="{AVIM_LABEL}">' in politie
    assert '<option value="AVIM Midden-Nederland">' in politie
    assert "TMM Noord" not in politie  # another regio
    assert "Oud basisteam" not in politie  # no longer active
    assert veld(pagina, "partner_politie_basisteam") == politie.replace("politie_tmm", "politie_basisteam")
    assert "Veilig Thuis Gooi" in veld(pagina, "partner_veilig_thuis")
    assert "Fier" in veld(pagina, "partner_zorgcoordinator")
    assert "Nederlandse Arbeidsinspectie, opsporing" in veld(pagina, "partner_ai_opsporing")
    # The page links to the wegenkaart once; a destination without partners takes free text.
    assert hoofdinhoud(pagina).count(f'href="{reverse("ketenregie:wegenkaart")}"') == 1
    assert veld(pagina, "partner_riec").startswith('<input type="text"')
    assert pagina.count(NIETS_OP_DE_KAART) == 3  # AI toezicht, RIEC, ZVH


def test_gekozen_partner_wordt_als_naam_bewaard(client_als, wegenkaart, gewogen):
    antwoord = client_als("af").post(
        url(gewogen),
        {
            "versie": gewogen.versie,
            "naar_politie_tmm": "on",
            "partner_politie_tmm": "AVIM Midden-Nederland",
            "contact_politie_tmm": "Rechercheur",
            "naar_riec": "on",
            "partner_riec": "RIEC Midden-Nederland",  # free text: not on the wegenkaart
        },
    )
    assert antwoord.status_code == 302
    verwijzingen = dict(gewogen.doorverwijzingen.values_list("bestemming", "partnerorganisatie"))
    assert verwijzingen == {"politie_tmm": "AVIM Midden-Nederland", "riec": "RIEC Midden-Nederland"}


@pytest.mark.parametrize("naam", ["TMM Noord", "Oud basisteam", "Verzonnen politieteam"])
def test_partner_buiten_de_lijst_geeft_400_en_behoudt_invoer(client_als, wegenkaart, gewogen, naam):
    antwoord = client_als("af").post(
        url(gewogen),
        {
            "versie": gewogen.versie,
            "naar_politie_tmm": "on",
            "partner_politie_tmm": naam,
            "contact_politie_tmm": "Rechercheur De Vries",
        },
    )
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert f"‘{naam}’ staat niet in de lijst. Kies een organisatie uit de lijst." in fout_bij(
        pagina, "id_partner_politie_tmm"
    )
    assert 'value="Rechercheur De Vries"' in pagina
    assert re.search(r'name="naar_politie_tmm"[^>]*checked', pagina)
    assert not Doorverwijzing.objects.exists()
    gewogen.refresh_from_db()
    assert gewogen.status == Status.GEWOGEN


def test_zonder_wegenkaart_werkt_het_besluit_met_vrije_tekst(client_als, wegenkaart, gewogen, monkeypatch):
    monkeypatch.delattr(type(apps.get_app_config("ketenregie")), "partnerkeuzes")
    client = client_als("af")
    pagina = tekst(client.get(url(gewogen)))
    assert veld(pagina, "partner_politie_tmm").startswith('<input type="text"')
    assert "wegenkaart" not in hoofdinhoud(pagina)
    antwoord = client.post(
        url(gewogen),
        {"versie": gewogen.versie, "naar_politie_tmm": "on", "partner_politie_tmm": "Politie Gooi"},
    )
    assert antwoord.status_code == 302
    assert gewogen.doorverwijzingen.get().partnerorganisatie == "Politie Gooi"


def test_formulier_volgt_de_gebruiker(gebruikers, wegenkaart, gewogen):
    # Someone who may not read the wegenkaart is offered nothing from it.
    form = BesluitForm(signaal=gewogen, gebruiker=gebruikers["zonder_rol"])
    assert not form.fields["partner_politie_tmm"].is_keuze
    form = BesluitForm(signaal=gewogen, gebruiker=gebruikers["af"])
    assert form.fields["partner_politie_tmm"].is_keuze


@pytest.mark.parametrize("aantal", [3, 30])
def test_besluitpagina_aantal_queries(
    client_als, gebruikers, plaatsen, gewogen, django_assert_max_num_queries, aantal
):
    for i in range(aantal):
        soort = ["politie_avim", "veilig_thuis", "zorgaanbieder"][i % 3]
        partner(gebruikers["fb"], f"Partner {i:02d}", soort, [plaatsen["gv"]] if i % 2 else [])
    client = client_als("af")
    # the signal (gemeente joined); the regio's of the ZC choice, twice (the view's initial
    # choice and the field's options); added by the wegenkaart: the partners on offer for
    # every destination at once (regio's as a subquery).
    with django_assert_max_num_queries(PER_VERZOEK + 4):
        antwoord = client.get(url(gewogen))
    assert antwoord.status_code == 200
    assert tekst(antwoord).count('<option value="Partner ') == aantal + (aantal + 2) // 3  # police twice
