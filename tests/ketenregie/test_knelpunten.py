"""Knelpunten and the half-year's bijzonderheden: the KR's, per regio. Messages on bad input,
double submits, scope (404), history and what a page costs."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Actiepunt, Bijzonderheden, Knelpunt
from ketenregie.selectors.knelpunten import halfjaren_per_regio, jaar_en_helft
from ketenregie.services import actiepunten as actiepunt_services
from ketenregie.services import knelpunten as services
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from tests.conftest import PER_VERZOEK

VANDAAG = timezone.localdate()


def gegevens(**anders) -> dict:
    return {
        "thema": "opvang",
        "titel": "Geen opvangplek voor mannen",
        "omschrijving": "Mannelijke slachtoffers moeten buiten de regio worden opgevangen.",
        "ingebracht_door": "Zorgcoördinatie",
        "datum": VANDAAG - timedelta(days=3),
        "status": "open",
        **anders,
    }


def knelpunt_van(gebruikers, kr="kr", **anders) -> Knelpunt:
    knelpunt, _ = services.knelpunt_vastleggen(door=gebruikers[kr], gegevens=gegevens(**anders))
    return knelpunt


def actie(gebruikers, knelpunt, **anders) -> Actiepunt:
    punt, _ = services.knelpunt_actiepunt_toevoegen(
        door=gebruikers["kr"],
        knelpunt=knelpunt,
        gegevens={
            "omschrijving": "Navraag bij CoMensha",
            "eigenaar": "Ketenregisseur",
            "deadline": VANDAAG,
            **anders,
        },
    )
    return punt


def formulier(**anders) -> dict:
    data = {
        "thema": "informatiedeling",
        "titel": "Twijfel over delen met de Arbeidsinspectie",
        "omschrijving": "AF's wachten met doorverwijzen.",
        "ingebracht_door": "AF-overleg",
        "datum": (VANDAAG - timedelta(days=1)).isoformat(),
        "status": "open",
        "formuliertoken": str(uuid.uuid4()),
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


# --- Services ---------------------------------------------------------------------------------


def test_kr_legt_knelpunt_vast_in_eigen_regio(gebruikers, plaatsen):
    knelpunt = knelpunt_van(gebruikers, titel="  Geen opvang  ")
    assert knelpunt.regio == plaatsen["gv"] and knelpunt.titel == "Geen opvang"
    assert knelpunt.history.get().history_user == gebruikers["kr"]


@pytest.mark.parametrize(
    ("anders", "veld", "melding"),
    [
        ({"thema": "weer"}, "thema", services.FOUT_THEMA),
        ({"titel": ""}, "titel", services.FOUT_TITEL),
        ({"omschrijving": " "}, "omschrijving", services.FOUT_OMSCHRIJVING),
        ({"ingebracht_door": ""}, "ingebracht_door", services.FOUT_INGEBRACHT_DOOR),
        ({"datum": None}, "datum", services.FOUT_DATUM),
        ({"datum": VANDAAG + timedelta(days=1)}, "datum", services.FOUT_DATUM_TOEKOMST),
        ({"datum": date(1999, 1, 1)}, "datum", services.FOUT_DATUM_OUD),
        ({"status": "vergeten"}, "status", services.FOUT_STATUS),
    ],
)
def test_ongeldige_invoer_geeft_nederlandse_melding(gebruikers, plaatsen, anders, veld, melding):
    with pytest.raises(ValidationError) as fout:
        knelpunt_van(gebruikers, **anders)
    assert fout.value.message_dict[veld] == [melding]
    assert not Knelpunt.objects.exists()


def test_kr_met_meer_regios_kiest_er_een_van_zichzelf(gebruikers, plaatsen):
    from guardian.shortcuts import assign_perm

    assign_perm("mensenhandel.bedient_regio", gebruikers["kr"], plaatsen["fr"])
    with pytest.raises(ValidationError) as fout:
        knelpunt_van(gebruikers)
    assert fout.value.message_dict["regio"] == [services.FOUT_REGIO]
    andere = Regio.objects.create(naam="Elders")
    with pytest.raises(ValidationError) as fout:
        services.knelpunt_vastleggen(door=gebruikers["kr"], gegevens=gegevens(), regio=andere)
    assert fout.value.message_dict["regio"] == [services.FOUT_REGIO_NIET_EIGEN]
    knelpunt, _ = services.knelpunt_vastleggen(
        door=gebruikers["kr"], gegevens=gegevens(), regio=plaatsen["fr"]
    )
    assert knelpunt.regio == plaatsen["fr"]


def test_alleen_de_kr_van_de_regio(gebruikers, plaatsen):
    for rol in ("af", "zc", "fb"):
        with pytest.raises(Geweigerd, match="Alleen de ketenregisseur van deze regio"):
            knelpunt_van(gebruikers, kr=rol)
    knelpunt = knelpunt_van(gebruikers)
    with pytest.raises(Geweigerd):
        services.knelpunt_wijzigen(
            door=gebruikers["kr_ander"], knelpunt=knelpunt, gegevens=gegevens(titel="X")
        )
    with pytest.raises(Geweigerd):
        services.knelpunt_actiepunt_toevoegen(
            door=gebruikers["kr_ander"],
            knelpunt=knelpunt,
            gegevens={"omschrijving": "X", "eigenaar": "Y", "deadline": VANDAAG},
        )


def test_zelfde_formuliertoken_geeft_geen_tweede_knelpunt(gebruikers, plaatsen):
    token = uuid.uuid4()
    eerste, nieuw = services.knelpunt_vastleggen(
        door=gebruikers["kr"], gegevens=gegevens(), formuliertoken=token
    )
    tweede, opnieuw = services.knelpunt_vastleggen(
        door=gebruikers["kr"], gegevens=gegevens(), formuliertoken=token
    )
    assert (nieuw, opnieuw) == (True, False) and eerste == tweede
    assert Knelpunt.objects.count() == 1


def test_wijzigen_en_actiepunten_in_de_geschiedenis(gebruikers, plaatsen):
    knelpunt = knelpunt_van(gebruikers)
    services.knelpunt_wijzigen(
        door=gebruikers["kr"], knelpunt=knelpunt, gegevens=gegevens(status="in_behandeling")
    )
    knelpunt.refresh_from_db()
    assert knelpunt.status == "in_behandeling"
    assert [r.history_type for r in knelpunt.history.order_by("history_id")] == ["+", "~"]
    punt = actie(gebruikers, knelpunt)
    # The same action again is a double submit.
    assert actie(gebruikers, knelpunt) == punt and knelpunt.actiepunten.count() == 1
    assert punt.history.get().history_user == gebruikers["kr"]


# --- Bijzonderheden: services -------------------------------------------------------------------


def test_bijzonderheden_per_halfjaar_bijwerken_met_geschiedenis(gebruikers, plaatsen):
    gv = plaatsen["gv"]
    eerste = services.bijzonderheden_opslaan(
        door=gebruikers["kr"], regio=gv, jaar=2025, helft=2, tekst="Eerste versie"
    )
    tweede = services.bijzonderheden_opslaan(
        door=gebruikers["kr"], regio=gv, jaar=2025, helft=2, tekst=" Tweede "
    )
    assert eerste.pk == tweede.pk and Bijzonderheden.objects.count() == 1
    assert tweede.tekst == "Tweede"
    # Saving the same text again adds no history.
    services.bijzonderheden_opslaan(door=gebruikers["kr"], regio=gv, jaar=2025, helft=2, tekst="Tweede")
    regels = list(tweede.history.order_by("history_id"))
    assert [(r.history_type, r.tekst, r.history_user) for r in regels] == [
        ("+", "Eerste versie", gebruikers["kr"]),
        ("~", "Tweede", gebruikers["kr"]),
    ]
    services.bijzonderheden_opslaan(door=gebruikers["kr"], regio=gv, jaar=2025, helft=1, tekst="Andere helft")
    assert Bijzonderheden.objects.count() == 2


@pytest.mark.parametrize(
    ("jaar", "helft", "tekst", "veld", "melding"),
    [
        (2025, 1, "   ", "tekst", services.FOUT_TEKST),
        (2025, 3, "Tekst", "helft", services.FOUT_HELFT),
        (1999, 1, "Tekst", "jaar", services.FOUT_JAAR),
        (VANDAAG.year + 2, 1, "Tekst", "jaar", services.FOUT_JAAR),
    ],
)
def test_bijzonderheden_ongeldig(gebruikers, plaatsen, jaar, helft, tekst, veld, melding):
    with pytest.raises(ValidationError) as fout:
        services.bijzonderheden_opslaan(
            door=gebruikers["kr"], regio=plaatsen["gv"], jaar=jaar, helft=helft, tekst=tekst
        )
    assert fout.value.message_dict[veld] == [melding]
    assert not Bijzonderheden.objects.exists()


def test_bijzonderheden_alleen_eigen_regio(gebruikers, plaatsen):
    with pytest.raises(Geweigerd, match="Alleen de ketenregisseur van deze regio"):
        services.bijzonderheden_opslaan(
            door=gebruikers["kr_ander"], regio=plaatsen["gv"], jaar=2025, helft=1, tekst="X"
        )


def test_halfjaren_nieuwste_eerst_met_huidig_en_vorig_altijd(gebruikers, plaatsen):
    services.bijzonderheden_opslaan(
        door=gebruikers["kr"], regio=plaatsen["gv"], jaar=2021, helft=2, tekst="Oud"
    )
    [(regio, halfjaren)] = halfjaren_per_regio(gebruikers["kr"])
    huidig = Periode.halfjaar_van(timezone.localdate())
    assert regio == plaatsen["gv"]
    assert [(h.jaar, h.helft) for h in halfjaren] == [
        jaar_en_helft(huidig),
        jaar_en_helft(huidig.vorige_halfjaar()),
        (2021, 2),
    ]
    assert [h.periode for h in halfjaren][-1] == Periode.halfjaar(2021, 2)
    assert halfjaren[-1].label == "Tweede halfjaar 2021"
    assert halfjaren[-1].bijzonderheden.tekst == "Oud" and halfjaren[0].bijzonderheden is None
    assert jaar_en_helft(Periode.halfjaar_van(date(2026, 6, 30))) == (2026, 1)
    assert jaar_en_helft(Periode.halfjaar_van(date(2026, 7, 1))) == (2026, 2)
    assert jaar_en_helft(Periode.halfjaar(2026, 1).vorige_halfjaar()) == (2025, 2)
    with pytest.raises(ValueError):
        jaar_en_helft(Periode(date(2026, 1, 1), date(2026, 3, 31)))


# --- Views: the register -------------------------------------------------------------------------


def test_register_open_eerst_en_filters(client_als, gebruikers, plaatsen):
    opgelost = knelpunt_van(gebruikers, titel="Opgelost knelpunt", status="opgelost", datum=VANDAAG)
    open_ = knelpunt_van(gebruikers, titel="Open knelpunt", datum=VANDAAG - timedelta(days=30))
    knelpunt_van(gebruikers, titel="Capaciteit te klein", thema="capaciteit", status="in_behandeling")
    knelpunt_van(gebruikers, kr="kr_ander", titel="Knelpunt in Fryslân")
    actie(gebruikers, open_, deadline=VANDAAG - timedelta(days=2))
    client = client_als("kr")
    url = reverse("ketenregie:knelpunten")

    html = client.get(url).content.decode()
    assert "Knelpunt in Fryslân" not in html
    assert html.index("Open knelpunt") < html.index("Opgelost knelpunt")
    assert "1 te laat" in html and "3 knelpunten, waarvan 2 open of in behandeling" in html

    html = client.get(url, {"status": "opgelost"}).content.decode()
    assert opgelost.titel in html and "Open knelpunt" not in html
    html = client.get(url, {"thema": "capaciteit"}).content.decode()
    assert "Capaciteit te klein" in html and "Open knelpunt" not in html

    fout = client.get(url, {"status": "weg"})
    assert fout.status_code == 400 and "Kies een status uit de lijst." in fout.content.decode()


@pytest.mark.parametrize("profiel", ["af", "zc", "fb"])
def test_andere_rollen_403(client_als, gebruikers, profiel):
    knelpunt = knelpunt_van(gebruikers)
    client = client_als(profiel)
    assert client.get(reverse("ketenregie:knelpunten")).status_code == 403
    assert client.get(reverse("ketenregie:knelpunt", kwargs={"uuid": knelpunt.uuid})).status_code == 403
    assert client.get(reverse("ketenregie:bijzonderheden")).status_code == 403


def test_nieuw_knelpunt_via_formulier_en_dubbel_versturen(client_als, gebruikers, plaatsen):
    client = client_als("kr")
    html = client.get(reverse("ketenregie:knelpunt_nieuw")).content.decode()
    assert "Zonder namen of andere gegevens over cliënten" in html and 'name="regio"' not in html
    data = formulier()
    eerste = client.post(reverse("ketenregie:knelpunt_nieuw"), data)
    knelpunt = Knelpunt.objects.get()
    assert eerste.status_code == 302
    assert eerste["Location"] == reverse("ketenregie:knelpunt", kwargs={"uuid": knelpunt.uuid})
    tweede = client.post(reverse("ketenregie:knelpunt_nieuw"), data, follow=True)
    assert "Dit formulier was al verstuurd" in tweede.content.decode()
    assert Knelpunt.objects.count() == 1 and knelpunt.regio == plaatsen["gv"]


@pytest.mark.parametrize(
    ("anders", "melding"),
    [
        ({"titel": ""}, "Vul een korte titel in"),
        ({"thema": ""}, "Kies het thema van het knelpunt."),
        ({"thema": "weer"}, "Kies een thema uit de lijst."),
        ({"datum": "morgen"}, "Vul een geldige datum in, zoals 2026-01-31."),
        (
            {"datum": (VANDAAG + timedelta(days=2)).isoformat()},
            "De datum van inbrengen kan niet in de toekomst liggen.",
        ),
        ({"status": "weg"}, "Kies een status uit de lijst."),
        ({"omschrijving": ""}, "Beschrijf het knelpunt"),
        ({"formuliertoken": None}, "Het formulier is onvolledig."),
    ],
)
def test_fout_in_formulier_geeft_400_en_houdt_invoer_vast(client_als, anders, melding):
    antwoord = client_als("kr").post(
        reverse("ketenregie:knelpunt_nieuw"), formulier(ingebracht_door="Politie TMM", **anders)
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert melding in html and 'value="Politie TMM"' in html
    assert not Knelpunt.objects.exists()


def test_kr_met_meer_regios_kiest_regio_in_formulier(client_als, gebruikers, plaatsen):
    from guardian.shortcuts import assign_perm

    assign_perm("mensenhandel.bedient_regio", gebruikers["kr"], plaatsen["fr"])
    client = client_als("kr")
    assert 'name="regio"' in client.get(reverse("ketenregie:knelpunt_nieuw")).content.decode()
    zonder = client.post(reverse("ketenregie:knelpunt_nieuw"), formulier())
    assert zonder.status_code == 400 and "Kies de regio van dit knelpunt." in zonder.content.decode()
    met = client.post(reverse("ketenregie:knelpunt_nieuw"), formulier(regio=plaatsen["fr"].pk))
    assert met.status_code == 302 and Knelpunt.objects.get().regio == plaatsen["fr"]
    assert 'name="regio"' in client.get(reverse("ketenregie:knelpunten")).content.decode()


def test_bewerken_en_status_wijzigen(client_als, gebruikers, plaatsen):
    knelpunt = knelpunt_van(gebruikers)
    url = reverse("ketenregie:knelpunt_bewerken", kwargs={"uuid": knelpunt.uuid})
    client = client_als("kr")
    assert 'value="Geen opvangplek voor mannen"' in client.get(url).content.decode()
    fout = client.post(url, formulier(titel="Nieuwe titel", ingebracht_door="", formuliertoken=None))
    assert fout.status_code == 400 and 'value="Nieuwe titel"' in fout.content.decode()
    assert services.FOUT_INGEBRACHT_DOOR in fout.content.decode()
    goed = client.post(url, formulier(titel="Nieuwe titel", status="geaccepteerd", formuliertoken=None))
    assert goed.status_code == 302
    knelpunt.refresh_from_db()
    assert (knelpunt.titel, knelpunt.status) == ("Nieuwe titel", "geaccepteerd")


def test_kr_andere_regio_404(client_als, gebruikers, plaatsen):
    knelpunt = knelpunt_van(gebruikers)
    client = client_als("kr_ander")
    for naam in ("knelpunt", "knelpunt_bewerken"):
        assert client.get(reverse(f"ketenregie:{naam}", kwargs={"uuid": knelpunt.uuid})).status_code == 404
    bewerken = reverse("ketenregie:knelpunt_bewerken", kwargs={"uuid": knelpunt.uuid})
    assert client.post(bewerken, formulier(titel="Gekaapt", formuliertoken=None)).status_code == 404
    toevoegen = reverse("ketenregie:knelpunt_actiepunt", kwargs={"uuid": knelpunt.uuid})
    assert (
        client.post(toevoegen, {"omschrijving": "X", "eigenaar": "Y", "deadline": "2026-01-01"}).status_code
        == 404
    )
    knelpunt.refresh_from_db()
    assert knelpunt.titel == "Geen opvangplek voor mannen" and not knelpunt.actiepunten.exists()


# --- Views: action points on a knelpunt --------------------------------------------------------------


def test_actie_toevoegen_op_de_knelpuntpagina(client_als, gebruikers, plaatsen):
    knelpunt = knelpunt_van(gebruikers)
    client = client_als("kr")
    url = reverse("ketenregie:knelpunt_actiepunt", kwargs={"uuid": knelpunt.uuid})
    assert client.get(url).status_code == 405
    data = {"omschrijving": "Navraag bij COSM", "eigenaar": "Ketenregisseur", "deadline": "2026-12-01"}
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302
    assert (
        antwoord["Location"]
        == reverse("ketenregie:knelpunt", kwargs={"uuid": knelpunt.uuid}) + "#actiepunten"
    )
    tweede = client.post(url, data, follow=True)
    assert "stond er al; er is niets bijgekomen" in tweede.content.decode()
    punt = knelpunt.actiepunten.get()
    assert (punt.status, punt.deadline) == ("open", date(2026, 12, 1))
    html = client.get(reverse("ketenregie:knelpunt", kwargs={"uuid": knelpunt.uuid})).content.decode()
    assert "Navraag bij COSM" in html
    assert reverse("ketenregie:actiepunt_bijwerken", kwargs={"uuid": punt.uuid}) in html


@pytest.mark.parametrize(
    ("anders", "melding"),
    [
        ({"omschrijving": ""}, "Beschrijf de actie"),
        ({"eigenaar": ""}, "Vul in wie de actie uitvoert"),
        ({"deadline": ""}, "Vul de datum in waarop de actie uiterlijk klaar is."),
        ({"deadline": "31-02-2026"}, "Vul een geldige datum in, zoals 2026-01-31."),
    ],
)
def test_actie_met_fout_geeft_400_op_de_knelpuntpagina(client_als, gebruikers, plaatsen, anders, melding):
    knelpunt = knelpunt_van(gebruikers)
    data = {
        "omschrijving": "Navraag bij COSM",
        "eigenaar": "Beleidsadviseur zorg",
        "deadline": "2026-12-01",
        **anders,
    }
    antwoord = client_als("kr").post(
        reverse("ketenregie:knelpunt_actiepunt", kwargs={"uuid": knelpunt.uuid}), data
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert melding in html and knelpunt.titel in html
    if anders.get("eigenaar") is None:
        assert 'value="Beleidsadviseur zorg"' in html
    assert not Actiepunt.objects.exists()


# --- Views: bijzonderheden ----------------------------------------------------------------------------


def _bijzonderheden_url(regio, jaar, helft) -> str:
    sleutel = regio.uuid if hasattr(regio, "uuid") else regio
    return reverse(
        "ketenregie:bijzonderheden_bewerken", kwargs={"regio": sleutel, "jaar": jaar, "helft": helft}
    )


def test_bijzonderheden_invullen_en_bijwerken(client_als, gebruikers, plaatsen):
    jaar, helft = jaar_en_helft(Periode.halfjaar_van(timezone.localdate()))
    client = client_als("kr")
    lijst = client.get(reverse("ketenregie:bijzonderheden")).content.decode()
    assert "Nog niet ingevuld" in lijst and _bijzonderheden_url(plaatsen["gv"], jaar, helft) in lijst
    url = _bijzonderheden_url(plaatsen["gv"], jaar, helft)
    pagina = client.get(url).content.decode()
    assert '<label class="utrecht-form-label" for="id_tekst">Bijzonderheden</label>' in pagina
    assert ">Opslaan</button>" in pagina

    leeg = client.post(url, {"tekst": "  "})
    assert leeg.status_code == 400 and services.FOUT_TEKST in leeg.content.decode()
    assert not Bijzonderheden.objects.exists()

    assert client.post(url, {"tekst": "Meer signalen uit de schoonmaak."}).status_code == 302
    assert client.post(url, {"tekst": "Meer signalen uit de schoonmaak en de bouw."}).status_code == 302
    tekst = Bijzonderheden.objects.get()
    assert (tekst.regio, tekst.jaar, tekst.helft) == (plaatsen["gv"], jaar, helft)
    assert tekst.tekst == "Meer signalen uit de schoonmaak en de bouw."
    assert "Meer signalen uit de schoonmaak en de bouw." in client.get(url).content.decode()
    assert "bijgewerkt op" in client.get(reverse("ketenregie:bijzonderheden")).content.decode()


def test_bijzonderheden_toont_knelpunten_van_het_halfjaar(client_als, gebruikers, plaatsen):
    knelpunt_van(gebruikers, titel="Oud maar open", datum=date(2024, 3, 1))
    knelpunt_van(gebruikers, titel="Oud en opgelost", datum=date(2024, 3, 1), status="opgelost")
    knelpunt_van(gebruikers, titel="In dit halfjaar opgelost", datum=date(2025, 8, 1), status="opgelost")
    html = client_als("kr").get(_bijzonderheden_url(plaatsen["gv"], 2025, 2)).content.decode()
    assert "Oud maar open" in html and "In dit halfjaar opgelost" in html and "Oud en opgelost" not in html


@pytest.mark.parametrize(
    ("regio", "jaar", "helft"),
    [("gv", 2025, 3), ("gv", 2025, 0), ("gv", 1999, 1), ("gv", VANDAAG.year + 2, 1),
     (uuid.UUID(int=999999), 2025, 1), ("gv", 2**70, 1), ("fr", 2025, 1)],
)  # fmt: skip
def test_bijzonderheden_onmogelijke_url_geeft_404(client_als, plaatsen, regio, jaar, helft):
    regio = plaatsen[regio] if isinstance(regio, str) else regio  # a made-up uuid as it is
    client = client_als("kr")
    assert client.get(_bijzonderheden_url(regio, jaar, helft)).status_code == 404
    assert client.post(_bijzonderheden_url(regio, jaar, helft), {"tekst": "X"}).status_code == 404
    assert not Bijzonderheden.objects.exists()


def test_bijzonderheden_van_volgend_jaar_kan(client_als, plaatsen):
    url = _bijzonderheden_url(plaatsen["gv"], VANDAAG.year + 1, 1)
    assert client_als("kr").get(url).status_code == 200


# --- Cost ----------------------------------------------------------------------------------------


def _veel(gebruikers, aantal: int) -> Knelpunt:
    knelpunten = [
        knelpunt_van(gebruikers, titel=f"Knelpunt {i}", status=["open", "opgelost", "in_behandeling"][i % 3])
        for i in range(aantal)
    ]
    for i, knelpunt in enumerate(knelpunten):
        for j in range(i % 3):
            actie(gebruikers, knelpunt, omschrijving=f"Actie {j}", deadline=VANDAAG - timedelta(days=j))
    eerste = knelpunten[0]
    for j in range(aantal):
        punt = actie(gebruikers, eerste, omschrijving=f"Extra {j}")
        if j % 2:
            actiepunt_services.actiepunt_bijwerken(
                door=gebruikers["kr"], actiepunt=punt, gegevens={"status": "afgerond", "uitkomst": "Gedaan."}
            )
    return eerste


@pytest.mark.parametrize("aantal", [3, 30])
def test_register_en_knelpuntpagina_kosten_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, aantal, django_assert_num_queries
):
    eerste = _veel(gebruikers, aantal)
    client = client_als("kr")
    client.get(reverse("ketenregie:knelpunten"))  # warm the session
    # PER_VERZOEK; the KR's regio's (is there a regio filter): 1; the register with action
    # counts: 1.
    with django_assert_num_queries(PER_VERZOEK + 2):
        antwoord = client.get(reverse("ketenregie:knelpunten"), {"status": ""})
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count('scope="row"') == aantal
    # The same, then the knelpunt (regio, recorder joined) and its action points: 2.
    with django_assert_num_queries(PER_VERZOEK + 2):
        antwoord = client.get(reverse("ketenregie:knelpunt", kwargs={"uuid": eerste.uuid}))
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count("Bijwerken</a>") == aantal


def test_demo_laden_is_idempotent(db):
    from mensenhandel.demo import demo_laden

    demo_laden()
    aantallen = (Knelpunt.objects.count(), Actiepunt.objects.count(), Bijzonderheden.objects.count())
    demo_laden()
    assert (Knelpunt.objects.count(), Actiepunt.objects.count(), Bijzonderheden.objects.count()) == aantallen
    assert aantallen[0] >= 4 and aantallen[2] == 2
    assert Knelpunt.objects.values("regio").distinct().count() == 2
    assert Actiepunt.objects.filter(knelpunt__isnull=False, status="afgerond").exclude(uitkomst="").exists()
    jaar, helft = jaar_en_helft(Periode.halfjaar_van(timezone.localdate()).vorige_halfjaar())
    assert set(Bijzonderheden.objects.values_list("jaar", "helft")) == {(jaar, helft)}


def test_gelijktijdig_verstuurd_eindigt_op_het_eerste_knelpunt(gebruikers, plaatsen, request):
    """The second of two submits at once meets the form token in the table and ends on the first."""
    token = uuid.uuid4()
    eerste, _ = services.knelpunt_vastleggen(door=gebruikers["kr"], gegevens=gegevens(), formuliertoken=token)
    request.getfixturevalue("eerste_blik_mist")
    tweede, nieuw = services.knelpunt_vastleggen(
        door=gebruikers["kr"], gegevens=gegevens(), formuliertoken=token
    )
    assert (tweede, nieuw) == (eerste, False)
    assert Knelpunt.objects.count() == 1
