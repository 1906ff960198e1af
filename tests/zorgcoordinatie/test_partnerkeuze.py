"""A care action picks its provider from the wegenkaart (through ``mensenhandel.partners``).

The provider's name is stored as text, as before. Offered: the active care-giving partners
serving the trajectory's regio, and the national ones. A value that is not (or no longer)
on the wegenkaart stays choosable when editing; without anything to choose, free text.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Partner
from mensenhandel.partners import EERDER, NIET_ERBIJ, NIETS_OP_DE_KAART
from tests.zorgcoordinatie.factories import TrajectFactory
from zorgcoordinatie import services
from zorgcoordinatie.models import Traject, Zorgactie

# Every request of a logged-in user (see tests/zorgcoordinatie/test_views.py).
PER_VERZOEK = 6 + 3
OPVANG_LABEL = "Opvang (zoals COSM en OMM)"


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def keuzelijst(pagina: str) -> str:
    gevonden = re.search(r'<select name="zorgaanbieder".*?</select>', pagina, re.S)
    assert gevonden, "geen keuzelijst voor de zorgaanbieder"
    return gevonden.group(0)


def fout_bij(pagina: str, veld_id: str) -> str:
    gevonden = re.search(
        rf'<div class="utrecht-form-field-error-message" id="{veld_id}_fout">(.*?)</div>', pagina, re.S
    )
    return gevonden.group(1) if gevonden else ""


def partner(door, naam: str, soort: str, regios: list, **extra) -> Partner:
    from ketenregie.services import wegenkaart as kr_services

    return kr_services.partner_opslaan(
        door=door, gegevens={"naam": naam, "soort": soort, "telefoon": "0900-8844", **extra}, regios=regios
    )


@pytest.fixture
def wegenkaart(gebruikers, plaatsen) -> dict[str, Partner]:
    fb, gv, fr = gebruikers["fb"], plaatsen["gv"], plaatsen["fr"]
    return {
        "fier": partner(fb, "Fier", "zorgaanbieder", [gv]),
        "cosm": partner(fb, "COSM Nederland", "opvang", []),  # national
        "fier_fr": partner(fb, "Fier Fryslân", "zorgaanbieder", [fr]),
        "avim": partner(fb, "AVIM Midden-Nederland", "politie_avim", [gv]),
    }


@pytest.fixture
def traject(gebruikers) -> Traject:
    return TrajectFactory(door=gebruikers["zc"])


def toevoegen_url(traject: Traject) -> str:
    return reverse("zorgcoordinatie:zorgactie_toevoegen", kwargs={"uuid": traject.uuid})


def bewerken_url(actie: Zorgactie) -> str:
    return reverse("zorgcoordinatie:zorgactie_bewerken", kwargs={"uuid": actie.uuid})


def invoer(**wijzigingen) -> dict:
    data = {
        "domein": "psychisch",
        "zorgaanbieder": "Fier",
        "soort": "Traumabehandeling",
        "status": "aangevraagd",
        "aangevraagd_op": (timezone.localdate() - timedelta(days=5)).isoformat(),
    }
    data.update(wijzigingen)
    return data


def actie_van(traject: Traject, door, zorgaanbieder: str) -> Zorgactie:
    return services.zorgactie_toevoegen(
        traject=traject,
        door=door,
        gegevens={"domein": "medisch", "zorgaanbieder": zorgaanbieder, "soort": "Consult"},
    )


def test_zorgactie_biedt_zorgpartners_van_de_regio(client_als, wegenkaart, traject):
    pagina = tekst(client_als("zc").get(toevoegen_url(traject)))
    lijst = keuzelijst(pagina)
    assert '<optgroup label="Zorgaanbieder">' in lijst and '<option value="Fier">' in lijst
    assert f'<optgroup label="{OPVANG_LABEL}">' in lijst and "COSM Nederland" in lijst
    assert "Fier Fryslân" not in lijst  # another regio
    assert "AVIM" not in lijst  # the police give no care
    assert NIET_ERBIJ in pagina
    assert f'href="{reverse("ketenregie:wegenkaart")}"' in pagina.split("<main", 1)[1]
    assert "De zorgaanbieder kiest u van de wegenkaart" in pagina


def test_gekozen_zorgaanbieder_wordt_als_naam_bewaard(client_als, wegenkaart, traject):
    antwoord = client_als("zc").post(toevoegen_url(traject), invoer(zorgaanbieder="COSM Nederland"))
    assert antwoord.status_code == 302
    assert Zorgactie.objects.get().zorgaanbieder == "COSM Nederland"


@pytest.mark.parametrize(
    ("naam", "melding"),
    [
        (
            "AVIM Midden-Nederland",
            "‘AVIM Midden-Nederland’ staat niet in de lijst. Kies een organisatie uit de lijst.",
        ),
        ("Fier Fryslân", "‘Fier Fryslân’ staat niet in de lijst. Kies een organisatie uit de lijst."),
        ("", "Kies de zorgaanbieder."),
    ],
)
def test_zorgaanbieder_buiten_de_lijst_geeft_400(client_als, wegenkaart, traject, naam, melding):
    antwoord = client_als("zc").post(toevoegen_url(traject), invoer(zorgaanbieder=naam))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert melding in fout_bij(pagina, "id_zorgaanbieder")
    assert 'value="Traumabehandeling"' in pagina  # the rest of the input is kept
    assert not Zorgactie.objects.exists()


def test_bestaande_waarde_buiten_de_wegenkaart_blijft_bij_bewerken(
    client_als, gebruikers, wegenkaart, traject
):
    zc = gebruikers["zc"]
    eigen = actie_van(traject, zc, "Huisartsenpraktijk De Linde")
    gekozen = actie_van(traject, zc, "Fier")
    # Fier leaves the wegenkaart's choices; its care action keeps it.
    fier = wegenkaart["fier"]
    fier.actief = False
    fier.save()
    client = client_als("zc")
    for actie, naam in [(eigen, "Huisartsenpraktijk De Linde"), (gekozen, "Fier")]:
        lijst = keuzelijst(tekst(client.get(bewerken_url(actie))))
        assert f'<optgroup label="{EERDER}">' in lijst
        assert f'<option value="{naam}" selected>' in lijst
        antwoord = client.post(bewerken_url(actie), invoer(zorgaanbieder=naam, status="lopend"))
        assert antwoord.status_code == 302
        actie.refresh_from_db()
        assert (actie.zorgaanbieder, actie.status) == (naam, "lopend")
    # Another care action cannot pick the old value.
    antwoord = client.post(toevoegen_url(traject), invoer(zorgaanbieder="Huisartsenpraktijk De Linde"))
    assert antwoord.status_code == 400
    # Switching to a partner of the wegenkaart works.
    antwoord = client.post(bewerken_url(eigen), invoer(zorgaanbieder="COSM Nederland"))
    assert antwoord.status_code == 302
    eigen.refresh_from_db()
    assert eigen.zorgaanbieder == "COSM Nederland"


def test_zonder_zorgpartners_op_de_kaart_vrije_tekst_met_uitleg(client_als, gebruikers, plaatsen, traject):
    partner(gebruikers["fb"], "AVIM Midden-Nederland", "politie_avim", [plaatsen["gv"]])
    client = client_als("zc")
    pagina = tekst(client.get(toevoegen_url(traject)))
    assert '<input type="text" name="zorgaanbieder"' in pagina
    assert NIETS_OP_DE_KAART in pagina
    assert "Bekijk de wegenkaart (opent in een nieuw tabblad)" in pagina
    antwoord = client.post(toevoegen_url(traject), invoer(zorgaanbieder=""))
    assert antwoord.status_code == 400
    assert "Vul de zorgaanbieder in." in fout_bij(tekst(antwoord), "id_zorgaanbieder")
    assert client.post(toevoegen_url(traject), invoer(zorgaanbieder="GGD Gooi")).status_code == 302
    assert Zorgactie.objects.get().zorgaanbieder == "GGD Gooi"


def test_zonder_wegenkaart_werkt_de_zorgactie_met_vrije_tekst(
    client_als, gebruikers, wegenkaart, traject, monkeypatch
):
    monkeypatch.delattr(type(apps.get_app_config("ketenregie")), "partnerkeuzes")
    client = client_als("zc")
    pagina = tekst(client.get(toevoegen_url(traject)))
    assert '<input type="text" name="zorgaanbieder"' in pagina
    assert "wegenkaart" not in pagina.split("<main", 1)[1].split("</main>", 1)[0]
    assert client.post(toevoegen_url(traject), invoer(zorgaanbieder="Wie dan ook")).status_code == 302
    actie = Zorgactie.objects.get()
    assert actie.zorgaanbieder == "Wie dan ook"
    assert 'value="Wie dan ook"' in tekst(client.get(bewerken_url(actie)))


@pytest.mark.parametrize("aantal", [3, 30])
def test_zorgactiepaginas_aantal_queries(
    client_als, gebruikers, plaatsen, traject, django_assert_max_num_queries, aantal
):
    for i in range(aantal):
        partner(gebruikers["fb"], f"Aanbieder {i:02d}", ["zorgaanbieder", "opvang"][i % 2], [plaatsen["gv"]])
    actie = actie_van(traject, gebruikers["zc"], "Aanbieder 00")
    client = client_als("zc")
    # the trajectory (client and regio joined); may the user edit; access log; added by
    # the wegenkaart: the partners on offer (one query, whatever their number).
    with django_assert_max_num_queries(PER_VERZOEK + 4):
        antwoord = client.get(toevoegen_url(traject))
    assert antwoord.status_code == 200
    assert keuzelijst(tekst(antwoord)).count('<option value="Aanbieder') == aantal
    # the care action (trajectory, client and regio joined), then as above.
    with django_assert_max_num_queries(PER_VERZOEK + 4):
        antwoord = client.get(bewerken_url(actie))
    assert antwoord.status_code == 200
    assert '<option value="Aanbieder 00" selected>' in tekst(antwoord)
