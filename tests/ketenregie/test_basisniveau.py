"""The basisniveau monitor: who updates which gemeente, the rules per check, history per row,
all or nothing, a save over someone else's newer change, the regional table and its cost."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Basisniveau
from ketenregie.selectors.basisniveau import basisniveau_tabellen, versie_van
from ketenregie.services import basisniveau as services
from ketenregie.services import netwerk as netwerk_services
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gemeente, Rol
from tests.conftest import PER_VERZOEK, maak_gebruiker, volledig_inloggen

PUNTEN = [
    "actief_signaleren",
    "af_aangesteld",
    "bestuurlijke_instrumenten",
    "organisaties_bekend",
    "beleid_vastgesteld",
    "prostitutiebeleid",
    "meldroute_gecommuniceerd",
    "jaarlijkse_training",
]


def punt(status="voldaan", datum=date(2025, 3, 1), onderbouwing="Raadsbesluit 2025-12"):
    return {"status": status, "datum": datum, "onderbouwing": onderbouwing}


def bijwerken(gebruikers, plaatsen, door="af", gemeente="hilversum", **punten):
    return services.basisniveau_bijwerken(door=gebruikers[door], gemeente=plaatsen[gemeente], punten=punten)


def formulier(versie=0, **per_punt):
    """All eight checks as "onbekend", with the given ones filled in."""
    data = {"versie": str(versie)}
    for p in PUNTEN:
        waarden = per_punt.get(p, {})
        data[f"{p}__status"] = waarden.get("status", "onbekend")
        data[f"{p}__datum"] = waarden.get("datum", "")
        data[f"{p}__onderbouwing"] = waarden.get("onderbouwing", "")
    return data


def url(gemeente):
    return reverse("ketenregie:basisniveau_gemeente", kwargs={"cbs_code": gemeente.cbs_code})


# --- Services --------------------------------------------------------------------------------


def test_af_werkt_bij_en_alleen_gewijzigde_rijen_worden_geschreven(gebruikers, plaatsen):
    aantal = bijwerken(
        gebruikers,
        plaatsen,
        af_aangesteld=punt(),
        beleid_vastgesteld=punt(onderbouwing="  Raadsbesluit  "),
        jaarlijkse_training=punt(status="onbekend", datum=None, onderbouwing=""),  # as if no row
    )
    assert aantal == 2
    rijen = {b.punt: b for b in Basisniveau.objects.all()}
    assert set(rijen) == {"af_aangesteld", "beleid_vastgesteld"}
    assert rijen["beleid_vastgesteld"].onderbouwing == "Raadsbesluit"
    assert rijen["af_aangesteld"].bijgewerkt_door == gebruikers["af"]
    assert {(h.history_type, h.history_user) for h in Basisniveau.history.all()} == {("+", gebruikers["af"])}

    # The KR changes one check; the other row keeps its history and its editor.
    voor = rijen["beleid_vastgesteld"].bijgewerkt_op
    aantal = bijwerken(
        gebruikers,
        plaatsen,
        door="kr",
        af_aangesteld=punt(status="deels", onderbouwing="Eén AF, vacature voor de tweede."),
        beleid_vastgesteld=punt(onderbouwing="Raadsbesluit"),
    )
    assert aantal == 1
    beleid = Basisniveau.objects.get(punt="beleid_vastgesteld")
    assert (beleid.bijgewerkt_door, beleid.bijgewerkt_op, beleid.history.count()) == (
        gebruikers["af"],
        voor,
        1,
    )
    af = Basisniveau.objects.get(punt="af_aangesteld")
    assert (af.status, af.bijgewerkt_door) == ("deels", gebruikers["kr"])
    assert af.history.latest().history_user == gebruikers["kr"]
    # Saving the same again writes nothing.
    assert (
        bijwerken(
            gebruikers,
            plaatsen,
            door="kr",
            af_aangesteld=punt(status="deels", onderbouwing="Eén AF, vacature voor de tweede."),
        )
        == 0
    )
    assert Basisniveau.history.count() == 3


def test_regels_per_onderdeel_alle_meldingen_tegelijk_en_niets_bewaard(gebruikers, plaatsen):
    morgen = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as fout:
        bijwerken(
            gebruikers,
            plaatsen,
            actief_signaleren=punt(onderbouwing=""),  # fine otherwise
            af_aangesteld=punt(status="deels", onderbouwing="  "),
            beleid_vastgesteld=punt(datum=None),
            jaarlijkse_training=punt(status="niet", datum=morgen, onderbouwing=""),
            prostitutiebeleid=punt(status="misschien"),
            organisaties_bekend=punt(onderbouwing="x" * 501),
            meldroute_gecommuniceerd=punt(datum=date(1970, 1, 1)),
        )
    assert fout.value.message_dict == {
        "actief_signaleren__onderbouwing": [services.FOUT_ONDERBOUWING],
        "af_aangesteld__onderbouwing": [services.FOUT_ONDERBOUWING],
        "beleid_vastgesteld__datum": ["Vul de datum in waarop het beleid is vastgesteld."],
        "jaarlijkse_training__datum": ["De datum kan niet in de toekomst liggen."],
        "prostitutiebeleid__status": ["Kies een status: voldaan, deels voldaan, niet voldaan of onbekend."],
        "organisaties_bekend__onderbouwing": ["Houd de onderbouwing kort: ten hoogste 500 tekens."],
        "meldroute_gecommuniceerd__datum": ["Deze datum ligt te ver terug; controleer het jaar."],
    }
    assert services.FOUT_ONDERBOUWING.startswith("Licht kort toe waaruit blijkt dat dit (deels) voldaan is")
    assert not Basisniveau.objects.exists()
    # "Niet voldaan" needs no evidence, and another check than the policy no date.
    assert (
        bijwerken(gebruikers, plaatsen, jaarlijkse_training=punt(status="niet", datum=None, onderbouwing=""))
        == 1
    )
    assert bijwerken(gebruikers, plaatsen, af_aangesteld=punt(datum=None)) == 1


def test_onbekend_onderdeel_wordt_geweigerd(gebruikers, plaatsen):
    with pytest.raises(ValidationError) as fout:
        bijwerken(gebruikers, plaatsen, zwemdiploma=punt())
    assert fout.value.messages == ["Dit onderdeel hoort niet bij het basisniveau."]


def test_alles_of_niets(gebruikers, plaatsen, monkeypatch):
    echte_save = Basisniveau.save
    aantal = {"n": 0}

    def tweede_faalt(self, *args, **kwargs):
        aantal["n"] += 1
        if aantal["n"] == 2:
            raise RuntimeError("schijf vol")
        return echte_save(self, *args, **kwargs)

    monkeypatch.setattr(Basisniveau, "save", tweede_faalt)
    with pytest.raises(RuntimeError):
        bijwerken(gebruikers, plaatsen, af_aangesteld=punt(), beleid_vastgesteld=punt())
    assert not Basisniveau.objects.exists()
    assert not Basisniveau.history.exists()


@pytest.mark.parametrize(
    ("wie", "melding"),
    [
        ("af_ander", "eigen gemeente"),
        ("kr_ander", "eigen gemeente"),
        ("zc", "Alleen een aandachtsfunctionaris of de ketenregisseur"),
        ("fb", "Alleen een aandachtsfunctionaris of de ketenregisseur"),
    ],
)
def test_buiten_bereik_wordt_geweigerd(gebruikers, plaatsen, wie, melding):
    with pytest.raises(Geweigerd, match=melding):
        bijwerken(gebruikers, plaatsen, door=wie, af_aangesteld=punt())
    assert not Basisniveau.objects.exists()


def test_af_werkt_geen_andere_gemeente_in_de_regio_bij(gebruikers, plaatsen):
    with pytest.raises(Geweigerd):
        bijwerken(gebruikers, plaatsen, gemeente="huizen", af_aangesteld=punt())
    assert bijwerken(gebruikers, plaatsen, door="kr", gemeente="huizen", af_aangesteld=punt()) == 1


def test_oude_versie_overschrijft_niets(gebruikers, plaatsen):
    versie = versie_van(plaatsen["hilversum"])
    assert versie == 0
    bijwerken(gebruikers, plaatsen, door="kr", af_aangesteld=punt())
    with pytest.raises(services.BasisniveauGewijzigd) as fout:
        services.basisniveau_bijwerken(
            door=gebruikers["af"],
            gemeente=plaatsen["hilversum"],
            punten={"af_aangesteld": punt(status="niet", onderbouwing="")},
            versie=versie,
        )
    assert fout.value.versie == 1
    assert "Iemand anders heeft het basisniveau van Hilversum intussen bijgewerkt." in str(fout.value)
    assert Basisniveau.objects.get().status == "voldaan"


# --- Selectors -------------------------------------------------------------------------------


def test_tabel_telt_per_onderdeel_en_per_gemeente(gebruikers, plaatsen):
    bijwerken(gebruikers, plaatsen, door="kr", af_aangesteld=punt(), beleid_vastgesteld=punt())
    bijwerken(
        gebruikers,
        plaatsen,
        door="kr",
        gemeente="huizen",
        af_aangesteld=punt(),
        actief_signaleren=punt(status="deels"),
    )
    (tabel,) = basisniveau_tabellen(gebruikers["kr"])
    assert [r.gemeente.naam for r in tabel.rijen] == ["Hilversum", "Huizen"]
    assert [r.aantal_voldaan for r in tabel.rijen] == [2, 1]
    dekking = {d.punt: (d.voldaan, d.totaal) for d in tabel.dekking}
    assert dekking["af_aangesteld"] == (2, 2)
    assert dekking["beleid_vastgesteld"] == (1, 2)
    assert dekking["actief_signaleren"] == (0, 2)  # "deels" is not "voldaan"
    assert (tabel.voldaan, tabel.mogelijk) == (3, 16)
    huizen = tabel.rijen[1]
    assert [c.status for c in huizen.cellen][:3] == ["deels", "voldaan", "onbekend"]

    (eigen,) = basisniveau_tabellen(gebruikers["af"])
    assert [r.gemeente.naam for r in eigen.rijen] == ["Hilversum"]
    assert basisniveau_tabellen(gebruikers["zc"]) == []


# --- Views ---------------------------------------------------------------------------------


def test_tabel_voor_de_kr_is_toegankelijk_en_telt(client_als, gebruikers, plaatsen):
    bijwerken(gebruikers, plaatsen, door="kr", af_aangesteld=punt(), beleid_vastgesteld=punt(status="deels"))
    html = client_als("kr").get(reverse("ketenregie:basisniveau")).content.decode()
    assert "<caption>Basisniveau in Gooi en Vechtstreek: 2 gemeenten, 1 van de 16" in html
    assert html.count('scope="col"') == 10 and html.count('scope="row"') == 3
    assert '<abbr title="Aandachtsfunctionaris">AF</abbr> aangesteld' in html
    # Status as text with a symbol, never colour alone.
    assert '<span aria-hidden="true">✓</span> Voldaan<br>1-3-2025' in html
    assert '<span aria-hidden="true">◐</span> Deels voldaan' in html
    assert '<span aria-hidden="true">?</span> Onbekend' in html
    assert "1 van 2 gemeenten voldaan" in html and "0 van 2 gemeenten voldaan" in html
    assert re.search(r"Hilversum</a></th>.*?>1 van 8</td>", html, re.S)
    assert f'href="{url(plaatsen["huizen"])}"' in html
    assert "Leeuwarden" not in html


def test_af_ziet_alleen_eigen_gemeente(client_als, plaatsen):
    html = client_als("af").get(reverse("ketenregie:basisniveau")).content.decode()
    assert "Hilversum" in html and "Huizen" not in html
    assert "0 van 1 gemeente voldaan" in html


def test_kr_met_twee_regios_ziet_een_tabel_per_regio(client, plaatsen):
    kr = maak_gebruiker("kr.twee@test.example", Rol.KETENREGISSEUR, regios=[plaatsen["gv"], plaatsen["fr"]])
    html = volledig_inloggen(client, kr).get(reverse("ketenregie:basisniveau")).content.decode()
    assert html.count("<caption") == 2
    assert (
        "Basisniveau in Fryslân: 1 gemeente," in html
        and "Basisniveau in Gooi en Vechtstreek: 2 gemeenten," in html
    )


def test_formulier_toont_wat_het_netwerk_zegt(client_als, gebruikers, plaatsen):
    client = client_als("af")
    html = client.get(url(plaatsen["hilversum"])).content.decode()
    assert (
        "Volgens het netwerk van aandachtsfunctionarissen heeft Hilversum "
        "nu geen actieve aandachtsfunctionaris." in html
    )
    netwerk_services.af_toevoegen(
        door=gebruikers["af"],
        gegevens={
            "gemeente": plaatsen["hilversum"],
            "naam": "Anouk",
            "afdeling": "oov",
            "telefoon": "035 123 4567",
        },
    )
    html = client.get(url(plaatsen["hilversum"])).content.decode()
    assert "heeft Hilversum 1 actieve aandachtsfunctionaris." in html
    assert html.count("<fieldset") == 8
    assert 'name="versie" value="0"' in html


def test_opslaan_via_formulier(client_als, gebruikers, plaatsen):
    data = formulier(
        af_aangesteld={"status": "voldaan", "datum": "2024-02-01", "onderbouwing": "Twee AF'en"},
        beleid_vastgesteld={"status": "niet"},
    )
    antwoord = client_als("af").post(url(plaatsen["hilversum"]), data)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("ketenregie:basisniveau") + "#gemeente-GM0402"
    assert dict(Basisniveau.objects.values_list("punt", "status")) == {
        "af_aangesteld": "voldaan",
        "beleid_vastgesteld": "niet",
    }
    assert Basisniveau.objects.get(punt="af_aangesteld").datum == date(2024, 2, 1)
    # The same form sent twice (its version now old) is no conflict: nothing changes.
    antwoord = client_als("af").post(url(plaatsen["hilversum"]), data, follow=True)
    assert antwoord.redirect_chain[0][1] == 302
    assert "Er was niets gewijzigd" in antwoord.content.decode()
    assert Basisniveau.history.count() == 2


def test_fout_geeft_400_met_invoer_en_bewaart_niets(client_als, plaatsen):
    data = formulier(
        af_aangesteld={"status": "deels", "datum": "2024-02-01", "onderbouwing": ""},
        beleid_vastgesteld={"status": "voldaan", "onderbouwing": "Raadsbesluit van de gemeente"},
        jaarlijkse_training={
            "status": "voldaan",
            "datum": "31-31-2025",
            "onderbouwing": "Training handhaving",
        },
    )
    antwoord = client_als("kr").post(url(plaatsen["hilversum"]), data)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    # The form's own error and the service's checks of the other parts, all at once.
    assert "Vul een geldige datum in, zoals 2026-01-31." in html
    assert "Licht kort toe waaruit blijkt dat dit (deels) voldaan is" in html
    assert "Vul de datum in waarop het beleid is vastgesteld." in html
    assert "Raadsbesluit van de gemeente</textarea>" in html and 'value="31-31-2025"' in html
    assert 'value="2024-02-01"' in html
    assert re.search(r'<option value="deels" selected>', html)
    assert not Basisniveau.objects.exists()


def test_intussen_gewijzigd_geeft_409_en_de_opgeslagen_stand(client_als, gebruikers, plaatsen):
    client = client_als("af")
    bijwerken(gebruikers, plaatsen, door="kr", af_aangesteld=punt(onderbouwing="Door de KR vastgelegd"))
    data = formulier(versie=0, af_aangesteld={"status": "niet"})
    antwoord = client.post(url(plaatsen["hilversum"]), data)
    assert antwoord.status_code == 409
    html = antwoord.content.decode()
    assert "Iemand anders heeft het basisniveau van Hilversum intussen bijgewerkt." in html
    assert "Nu opgeslagen:</strong>\n        Voldaan, 1-3-2025, ‘Door de KR vastgelegd’ (door kr op" in html
    assert html.count("Nu opgeslagen") == 1
    assert 'name="versie" value="1"' in html  # saving again is now a deliberate choice
    assert Basisniveau.objects.get().status == "voldaan"
    assert client.post(url(plaatsen["hilversum"]), {**data, "versie": "1"}).status_code == 302
    assert Basisniveau.objects.get().status == "niet"


@pytest.mark.parametrize(("wie", "status"), [("af_ander", 404), ("kr_ander", 404), ("zc", 403), ("fb", 403)])
def test_buiten_bereik_geeft_404_of_403(client_als, plaatsen, wie, status):
    client = client_als(wie)
    assert client.get(url(plaatsen["hilversum"])).status_code == status
    data = formulier(af_aangesteld={"status": "voldaan", "onderbouwing": "Gekaapt"})
    assert client.post(url(plaatsen["hilversum"]), data).status_code == status
    assert not Basisniveau.objects.exists()


def test_onbekende_gemeente_geeft_404(client_als):
    assert (
        client_als("kr")
        .get(reverse("ketenregie:basisniveau_gemeente", kwargs={"cbs_code": "GM9999"}))
        .status_code
        == 404
    )


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("aantal", [2, 20])
def test_tabel_kost_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, aantal, django_assert_num_queries
):
    gv = plaatsen["gv"]
    for i in range(aantal):
        gemeente = Gemeente.objects.create(cbs_code=f"GM9{i:03d}", naam=f"Gemeente {i:02d}")
        gv.gemeenten.add(gemeente)
        services.basisniveau_bijwerken(
            door=gebruikers["kr"],
            gemeente=gemeente,
            punten={p: punt(status=["voldaan", "deels", "niet"][(i + j) % 3]) for j, p in enumerate(PUNTEN)},
        )
    client = client_als("kr")
    client.get(reverse("ketenregie:basisniveau"))  # warm the session
    # PER_VERZOEK; regio's, their gemeenten, the gemeenten's checks: 3.
    with django_assert_num_queries(PER_VERZOEK + 3):
        antwoord = client.get(reverse("ketenregie:basisniveau"))
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count('scope="row"') == aantal + 2 + 1  # + Hilversum, Huizen, total


# --- Demo ------------------------------------------------------------------------------------


def test_demo_laden_is_idempotent(db, monkeypatch):
    from ketenregie import demo as ketenregie_demo
    from ketenregie.demo import basisniveau as demo_basisniveau
    from mensenhandel.demo import demo_laden
    from mensenhandel.models import Gebruiker

    monkeypatch.setattr(ketenregie_demo, "DELEN", [])  # the other parts load their own
    demo_laden()
    demo_basisniveau.laden()
    aantal = (Basisniveau.objects.count(), Basisniveau.history.count())
    demo_basisniveau.laden()
    assert (Basisniveau.objects.count(), Basisniveau.history.count()) == aantal
    assert aantal[0] == 8 + 8 + 2 + 3 + 1 + 8 + 3
    statussen = set(Basisniveau.objects.values_list("status", flat=True))
    assert statussen == {"voldaan", "deels", "niet"}
    tabellen = basisniveau_tabellen(Gebruiker.objects.get(email="kr.fryslan@demo.example"))
    assert [t.regio.naam for t in tabellen] == ["Fryslân"]
    assert Basisniveau.objects.get(
        gemeente__cbs_code="GM0402", punt="af_aangesteld"
    ).bijgewerkt_door.email == ("af.hilversum@demo.example")


def test_keten_regio_toont_elke_gemeente_een_keer(client, plaatsen):
    from mensenhandel.models import Regio

    keten = Regio.objects.create(naam="Midden-Nederland")
    keten.gemeenten.set([plaatsen["hilversum"], plaatsen["leeuwarden"]])
    plaatsen["gv"].bovenliggende_regio = keten
    plaatsen["gv"].save()
    kr = maak_gebruiker("kr.keten@test.example", Rol.KETENREGISSEUR, regios=[keten])
    tabellen = basisniveau_tabellen(kr)
    assert [(t.regio.naam, [r.gemeente.naam for r in t.rijen]) for t in tabellen] == [
        ("Gooi en Vechtstreek", ["Hilversum", "Huizen"]),
        ("Midden-Nederland", ["Leeuwarden"]),
    ]
    html = volledig_inloggen(client, kr).get(reverse("ketenregie:basisniveau")).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
