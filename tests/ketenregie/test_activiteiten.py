"""Activities: who records and edits what, the messages on bad input, the list's filters and
totals, double submits, scope (404) and what a page costs."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Activiteit
from ketenregie.selectors.activiteiten import activiteiten_bewerkbaar_voor, activiteiten_voor
from ketenregie.services import activiteiten as services
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Regio
from tests.conftest import PER_VERZOEK

VANDAAG = timezone.localdate()
GISTEREN = VANDAAG - timedelta(days=1)


def gegevens(**anders) -> dict:
    return {
        "soort": "training",
        "titel": "Training signaleren",
        "datum": GISTEREN,
        "doelgroepen": ["medewerkers_oov"],
        "deelnemers": 12,
        "organisator": "Team OOV",
        "omschrijving": "",
        **anders,
    }


def van_af(gebruikers, plaatsen, *, gemeenten=None, **anders) -> Activiteit:
    activiteit, _ = services.activiteit_vastleggen(
        door=gebruikers["af"],
        gegevens=gegevens(**anders),
        gemeenten=gemeenten if gemeenten is not None else [plaatsen["hilversum"]],
    )
    return activiteit


def van_kr(gebruikers, plaatsen, *, gemeenten=(), kr="kr", **anders) -> Activiteit:
    activiteit, _ = services.activiteit_vastleggen(
        door=gebruikers[kr], gegevens=gegevens(**anders), gemeenten=gemeenten
    )
    return activiteit


def formulier(plaatsen, **anders) -> dict:
    data = {
        "soort": "voorlichting",
        "titel": "Voorlichting jongerenwerk",
        "datum": GISTEREN.isoformat(),
        "gemeenten": [plaatsen["hilversum"].pk],
        "doelgroepen": ["jongeren", "professionals"],
        "deelnemers": "30",
        "organisator": "Jongerenwerk",
        "omschrijving": "Twee sessies.",
        "formuliertoken": str(uuid.uuid4()),
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


# --- Services ---------------------------------------------------------------------------------


def test_af_legt_activiteit_vast_en_de_regio_volgt_uit_de_gemeente(gebruikers, plaatsen):
    activiteit = van_af(gebruikers, plaatsen, doelgroepen=["publiek", "jongeren", "jongeren"])
    assert activiteit.regio == plaatsen["gv"]
    assert list(activiteit.gemeenten.all()) == [plaatsen["hilversum"]]
    # Stored once each, in the order of the list of target groups.
    assert activiteit.doelgroepen == ["jongeren", "publiek"]
    assert activiteit.vastgelegd_door == gebruikers["af"]
    assert {r.history_user for r in activiteit.history.all()} == {gebruikers["af"]}


def test_kr_legt_regionale_activiteit_vast(gebruikers, plaatsen):
    activiteit = van_kr(gebruikers, plaatsen)
    assert activiteit.regio == plaatsen["gv"] and not activiteit.gemeenten.exists()
    deel = van_kr(gebruikers, plaatsen, gemeenten=[plaatsen["huizen"]], titel="Alleen Huizen")
    assert list(deel.gemeenten.all()) == [plaatsen["huizen"]]


@pytest.mark.parametrize(
    ("anders", "veld", "melding"),
    [
        ({"soort": "feest"}, "soort", services.FOUT_SOORT),
        ({"titel": "  "}, "titel", services.FOUT_TITEL),
        ({"datum": None}, "datum", services.FOUT_DATUM),
        ({"datum": date(1999, 12, 31)}, "datum", services.FOUT_DATUM_OUD),
        ({"datum": VANDAAG + timedelta(days=400)}, "datum", services.FOUT_DATUM_VER),
        ({"doelgroepen": []}, "doelgroepen", services.FOUT_DOELGROEPEN),
        (
            {"doelgroepen": ["jongeren", "katten"]},
            "doelgroepen",
            "Onbekende doelgroep: ‘katten’. Kies uit de lijst.",
        ),
        ({"deelnemers": -1}, "deelnemers", services.FOUT_DEELNEMERS),
        ({"deelnemers": 2_000_000}, "deelnemers", services.FOUT_DEELNEMERS_VEEL),
        (
            {"datum": VANDAAG + timedelta(days=7), "deelnemers": 20},
            "deelnemers",
            services.FOUT_DEELNEMERS_TOEKOMST,
        ),
        ({"organisator": ""}, "organisator", services.FOUT_ORGANISATOR),
    ],
)
def test_ongeldige_invoer_geeft_nederlandse_melding_per_veld(gebruikers, plaatsen, anders, veld, melding):
    with pytest.raises(ValidationError) as fout:
        van_af(gebruikers, plaatsen, **anders)
    assert fout.value.message_dict[veld] == [melding]
    assert not Activiteit.objects.exists()


def test_geplande_activiteit_zonder_deelnemers_mag(gebruikers, plaatsen):
    activiteit = van_af(gebruikers, plaatsen, datum=VANDAAG + timedelta(days=14), deelnemers=None)
    assert activiteit.deelnemers is None


def test_af_alleen_eigen_gemeenten_en_ten_minste_een(gebruikers, plaatsen):
    with pytest.raises(ValidationError) as fout:
        van_af(gebruikers, plaatsen, gemeenten=[plaatsen["hilversum"], plaatsen["huizen"]])
    assert fout.value.message_dict["gemeenten"] == [services.FOUT_GEMEENTEN_NIET_EIGEN]
    with pytest.raises(ValidationError) as fout:
        van_af(gebruikers, plaatsen, gemeenten=[])
    assert fout.value.message_dict["gemeenten"] == [services.FOUT_GEMEENTEN_AF]
    assert not Activiteit.objects.exists()


def test_kr_alleen_eigen_regio_en_gemeenten_daarin(gebruikers, plaatsen):
    with pytest.raises(ValidationError) as fout:
        van_kr(gebruikers, plaatsen, gemeenten=[plaatsen["leeuwarden"]])
    assert fout.value.message_dict["gemeenten"] == [
        "Kies alleen gemeenten in de regio Gooi en Vechtstreek, of geen gemeente voor de hele regio."
    ]
    with pytest.raises(ValidationError) as fout:
        services.activiteit_vastleggen(door=gebruikers["kr"], gegevens=gegevens(), regio=plaatsen["fr"])
    assert fout.value.message_dict["regio"] == [services.FOUT_REGIO_NIET_EIGEN]


def test_af_kiest_regio_alleen_als_er_een_keuze_is(gebruikers, plaatsen):
    midden = Regio.objects.create(naam="Midden")
    midden.gemeenten.set([plaatsen["hilversum"]])
    with pytest.raises(ValidationError) as fout:
        van_af(gebruikers, plaatsen)
    assert fout.value.message_dict["regio"] == [services.FOUT_REGIO]
    with pytest.raises(ValidationError) as fout:
        services.activiteit_vastleggen(
            door=gebruikers["af"],
            gegevens=gegevens(),
            gemeenten=[plaatsen["hilversum"]],
            regio=plaatsen["fr"],
        )
    assert fout.value.message_dict["regio"] == [services.FOUT_REGIO_GEMEENTEN]
    activiteit, _ = services.activiteit_vastleggen(
        door=gebruikers["af"], gegevens=gegevens(), gemeenten=[plaatsen["hilversum"]], regio=midden
    )
    assert activiteit.regio == midden


def test_andere_rollen_worden_geweigerd(gebruikers, plaatsen):
    for rol in ("zc", "fb"):
        with pytest.raises(Geweigerd, match="Alleen een aandachtsfunctionaris of de ketenregisseur"):
            services.activiteit_vastleggen(door=gebruikers[rol], gegevens=gegevens(), gemeenten=[])


def test_zelfde_formuliertoken_geeft_geen_tweede_activiteit(gebruikers, plaatsen):
    token = uuid.uuid4()
    eerste, nieuw = services.activiteit_vastleggen(
        door=gebruikers["af"], gegevens=gegevens(), gemeenten=[plaatsen["hilversum"]], formuliertoken=token
    )
    tweede, opnieuw = services.activiteit_vastleggen(
        door=gebruikers["af"], gegevens=gegevens(), gemeenten=[plaatsen["hilversum"]], formuliertoken=token
    )
    assert (nieuw, opnieuw) == (True, False)
    assert eerste == tweede and Activiteit.objects.count() == 1


def test_gelijktijdig_verstuurd_eindigt_op_de_eerste_activiteit(gebruikers, plaatsen, request):
    token = uuid.uuid4()
    hilversum = [plaatsen["hilversum"]]
    eerste, _ = services.activiteit_vastleggen(
        door=gebruikers["af"], gegevens=gegevens(), gemeenten=hilversum, formuliertoken=token
    )
    request.getfixturevalue("eerste_blik_mist")
    tweede, nieuw = services.activiteit_vastleggen(
        door=gebruikers["af"], gegevens=gegevens(), gemeenten=hilversum, formuliertoken=token
    )
    assert (tweede, nieuw) == (eerste, False)
    assert Activiteit.objects.count() == 1


def test_wie_wat_mag_bewerken(gebruikers, plaatsen):
    eigen = van_af(gebruikers, plaatsen, titel="Eigen")
    regiobreed = van_kr(gebruikers, plaatsen, titel="Regio")
    samen = van_kr(gebruikers, plaatsen, gemeenten=[plaatsen["hilversum"], plaatsen["huizen"]], titel="Samen")
    alleen_hilversum = van_kr(
        gebruikers, plaatsen, gemeenten=[plaatsen["hilversum"]], titel="KR in Hilversum"
    )
    fryslan = van_kr(gebruikers, plaatsen, kr="kr_ander", titel="Fryslân")

    af = gebruikers["af"]
    assert set(activiteiten_voor(af)) == {eigen, regiobreed, samen, alleen_hilversum}
    assert set(activiteiten_bewerkbaar_voor(af)) == {eigen, alleen_hilversum}
    assert set(activiteiten_voor(gebruikers["kr"])) == {eigen, regiobreed, samen, alleen_hilversum}
    assert set(activiteiten_bewerkbaar_voor(gebruikers["kr"])) == {eigen, regiobreed, samen, alleen_hilversum}
    assert set(activiteiten_voor(gebruikers["af_ander"])) == {fryslan}
    assert not activiteiten_voor(gebruikers["zc"]).exists()

    for activiteit in (regiobreed, samen):
        with pytest.raises(Geweigerd, match="U kunt deze activiteit niet wijzigen"):
            services.activiteit_wijzigen(
                door=af, activiteit=activiteit, gegevens=gegevens(), gemeenten=[plaatsen["hilversum"]]
            )
    with pytest.raises(Geweigerd):
        services.activiteit_verwijderen(door=gebruikers["kr_ander"], activiteit=eigen)


def test_wijzigen_en_verwijderen_staan_in_de_geschiedenis(gebruikers, plaatsen):
    activiteit = van_af(gebruikers, plaatsen)
    services.activiteit_wijzigen(
        door=gebruikers["kr"],
        activiteit=activiteit,
        gegevens=gegevens(titel="Training signaleren (herhaling)", deelnemers=15),
        gemeenten=[plaatsen["hilversum"], plaatsen["huizen"]],
    )
    activiteit.refresh_from_db()
    assert activiteit.titel == "Training signaleren (herhaling)" and activiteit.gemeenten.count() == 2
    assert activiteit.history.latest().history_user == gebruikers["kr"]

    services.activiteit_verwijderen(door=gebruikers["kr"], activiteit=activiteit)
    assert not Activiteit.objects.exists()
    laatste = Activiteit.history.filter(uuid=activiteit.uuid).latest()
    assert (laatste.history_type, laatste.history_user, laatste.titel) == (
        "-",
        gebruikers["kr"],
        "Training signaleren (herhaling)",
    )


# --- Views: the list ---------------------------------------------------------------------------


def _vier_activiteiten(gebruikers, plaatsen) -> None:
    van_af(gebruikers, plaatsen, titel="Training Burgerzaken", datum=date(2025, 3, 10), deelnemers=10)
    van_kr(
        gebruikers, plaatsen, titel="Campagne 18 oktober", soort="campagne", datum=date(2025, 10, 18),
        doelgroepen=["publiek"], deelnemers=None,
    )  # fmt: skip
    van_kr(
        gebruikers, plaatsen, titel="Voorlichting Huizen", soort="voorlichting", datum=date(2025, 5, 1),
        gemeenten=[plaatsen["huizen"]], doelgroepen=["jongeren", "lvb"], deelnemers=40,
    )  # fmt: skip
    van_kr(gebruikers, plaatsen, kr="kr_ander", titel="Training Fryslân", deelnemers=99)


def test_lijst_met_totalen_per_rol(client_als, gebruikers, plaatsen):
    _vier_activiteiten(gebruikers, plaatsen)
    html = client_als("kr").get(reverse("ketenregie:activiteiten")).content.decode()
    assert "Training Burgerzaken" in html and "Voorlichting Huizen" in html and "Training Fryslân" not in html
    assert '<dd class="utrecht-data-list__item-value">3</dd>' in html
    assert "50 (van 1 activiteit is het aantal niet bekend)" in html
    assert "Hele regio Gooi en Vechtstreek" in html

    html = client_als("af").get(reverse("ketenregie:activiteiten")).content.decode()
    # Hilversum's own and the region-wide one; not Huizen's.
    assert "Training Burgerzaken" in html and "Campagne 18 oktober" in html
    assert "Voorlichting Huizen" not in html
    assert html.count("Alleen lezen") == 1  # the KR's region-wide campaign


@pytest.mark.parametrize(
    ("filters", "zichtbaar"),
    [
        ({"van": "2025-04-01", "tot": "2025-12-31"}, {"Campagne 18 oktober", "Voorlichting Huizen"}),
        ({"soort": "training"}, {"Training Burgerzaken"}),
        ({"doelgroep": "lvb"}, {"Voorlichting Huizen"}),
        ({"doelgroep": "medewerkers_oov"}, {"Training Burgerzaken"}),
        # A gemeente keeps the region-wide activities of its regio.
        ({"gemeente": "huizen"}, {"Voorlichting Huizen", "Campagne 18 oktober"}),
    ],
)
def test_filters_en_totalen_van_de_selectie(client_als, gebruikers, plaatsen, filters, zichtbaar):
    _vier_activiteiten(gebruikers, plaatsen)
    if "gemeente" in filters:
        filters = {"gemeente": plaatsen[filters["gemeente"]].pk}
    antwoord = client_als("kr").get(reverse("ketenregie:activiteiten"), filters)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    alle = {"Training Burgerzaken", "Campagne 18 oktober", "Voorlichting Huizen"}
    assert {titel for titel in alle if titel in html} == zichtbaar
    assert f'<dd class="utrecht-data-list__item-value">{len(zichtbaar)}</dd>' in html


@pytest.mark.parametrize(
    ("filters", "melding"),
    [
        ({"van": "2025-05-01", "tot": "2025-01-01"}, "De einddatum ligt vóór de begindatum."),
        ({"van": "1 mei"}, "Vul een geldige datum in, zoals 2026-01-31."),
        ({"doelgroep": "katten"}, "Kies een doelgroep uit de lijst."),
        ({"gemeente": "leeuwarden"}, "Kies een gemeente uit de lijst."),
    ],
)
def test_ongeldige_filters_geven_400(client_als, gebruikers, plaatsen, filters, melding):
    _vier_activiteiten(gebruikers, plaatsen)
    if "gemeente" in filters:
        filters = {"gemeente": plaatsen[filters["gemeente"]].pk}
    antwoord = client_als("kr").get(reverse("ketenregie:activiteiten"), filters)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert melding in html and "Training Burgerzaken" not in html


# --- Views: recording, editing, removing --------------------------------------------------------


def test_af_legt_vast_via_formulier_en_dubbel_versturen_geeft_er_een(client_als, gebruikers, plaatsen):
    client = client_als("af")
    data = formulier(plaatsen)
    eerste = client.post(reverse("ketenregie:activiteit_nieuw"), data)
    activiteit = Activiteit.objects.get()
    assert eerste.status_code == 302
    assert eerste["Location"] == reverse("ketenregie:activiteit", kwargs={"uuid": activiteit.uuid})
    tweede = client.post(reverse("ketenregie:activiteit_nieuw"), data, follow=True)
    assert Activiteit.objects.count() == 1
    assert "Dit formulier was al verstuurd" in tweede.content.decode()
    assert activiteit.doelgroepen == ["jongeren", "professionals"] and activiteit.deelnemers == 30


@pytest.mark.parametrize(
    ("anders", "melding"),
    [
        ({"titel": ""}, "Vul de titel van de activiteit in."),
        ({"datum": "gisteren"}, "Vul een geldige datum in, zoals 2026-01-31."),
        ({"deelnemers": "veel"}, "Vul het aantal deelnemers in als heel getal, zoals 25."),
        ({"deelnemers": "-3"}, "Vul een aantal deelnemers in van 0 of meer."),
        ({"doelgroepen": []}, "Kies ten minste één doelgroep."),
        ({"doelgroepen": ["katten"]}, "Kies alleen doelgroepen uit de lijst."),
        ({"gemeenten": []}, "Kies de gemeente(n) waar de activiteit plaatsvond."),
        ({"gemeenten": ["huizen"]}, "Kies alleen gemeenten uit de lijst."),
        ({"soort": ""}, "Kies de soort activiteit."),
        ({"formuliertoken": "kapot"}, "Het formulier is onvolledig."),
    ],
)
def test_fout_in_formulier_geeft_400_houdt_invoer_vast(client_als, plaatsen, anders, melding):
    if anders.get("gemeenten") == ["huizen"]:
        anders = {"gemeenten": [plaatsen["huizen"].pk]}
    antwoord = client_als("af").post(
        reverse("ketenregie:activiteit_nieuw"),
        formulier(plaatsen, organisator="Jongerenwerk Noord", **anders),
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert melding in html
    assert 'value="Jongerenwerk Noord"' in html
    assert not Activiteit.objects.exists()


def test_leeg_formulier_toont_alle_ontbrekende_velden_tegelijk(client_als):
    antwoord = client_als("af").post(
        reverse("ketenregie:activiteit_nieuw"), {"formuliertoken": str(uuid.uuid4())}
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    for melding in (
        "Kies de soort activiteit.",
        "Vul de titel van de activiteit in.",
        "Vul de datum van de activiteit in.",
        "Kies de gemeente(n) waar de activiteit plaatsvond.",
        "Kies ten minste één doelgroep.",
        "Vul in wie de activiteit organiseerde.",
    ):
        assert melding in html
    assert not Activiteit.objects.exists()


def test_kr_met_een_regio_kiest_geen_regio_en_mag_geen_gemeenten_kiezen(client_als, gebruikers, plaatsen):
    client = client_als("kr")
    html = client.get(reverse("ketenregie:activiteit_nieuw")).content.decode()
    assert 'name="regio"' not in html and "Leeg: de hele regio." in html
    antwoord = client.post(reverse("ketenregie:activiteit_nieuw"), formulier(plaatsen, gemeenten=[]))
    assert antwoord.status_code == 302
    assert Activiteit.objects.get().regio == plaatsen["gv"]


def test_formulier_vraagt_regio_alleen_bij_keuze(client_als, gebruikers, plaatsen):
    client = client_als("af")
    assert 'name="regio"' not in client.get(reverse("ketenregie:activiteit_nieuw")).content.decode()
    midden = Regio.objects.create(naam="Midden")
    midden.gemeenten.set([plaatsen["hilversum"]])
    assert 'name="regio"' in client.get(reverse("ketenregie:activiteit_nieuw")).content.decode()
    antwoord = client.post(reverse("ketenregie:activiteit_nieuw"), formulier(plaatsen))
    assert antwoord.status_code == 400
    assert services.FOUT_REGIO in antwoord.content.decode()
    antwoord = client.post(reverse("ketenregie:activiteit_nieuw"), formulier(plaatsen, regio=midden.pk))
    assert antwoord.status_code == 302 and Activiteit.objects.get().regio == midden


def test_bewerken_houdt_invoer_vast_bij_fout_en_slaat_op(client_als, gebruikers, plaatsen):
    activiteit = van_af(gebruikers, plaatsen)
    url = reverse("ketenregie:activiteit_bewerken", kwargs={"uuid": activiteit.uuid})
    client = client_als("af")
    html = client.get(url).content.decode()
    assert 'value="Training signaleren"' in html and 'value="medewerkers_oov" ' in html
    fout = client.post(url, formulier(plaatsen, titel="Nieuwe titel", deelnemers="-1", formuliertoken=None))
    assert fout.status_code == 400 and 'value="Nieuwe titel"' in fout.content.decode()
    goed = client.post(url, formulier(plaatsen, titel="Nieuwe titel", formuliertoken=None))
    assert goed.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.titel == "Nieuwe titel"


def test_af_leest_regionale_activiteit_maar_bewerkt_niet(client_als, gebruikers, plaatsen):
    regiobreed = van_kr(gebruikers, plaatsen)
    client = client_als("af")
    detail = client.get(reverse("ketenregie:activiteit", kwargs={"uuid": regiobreed.uuid}))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Alleen lezen" in html and "Activiteit bewerken" not in html and "verwijderen" not in html
    assert (
        client.get(reverse("ketenregie:activiteit_bewerken", kwargs={"uuid": regiobreed.uuid})).status_code
        == 404
    )
    verwijderen = reverse("ketenregie:activiteit_verwijderen", kwargs={"uuid": regiobreed.uuid})
    assert client.post(verwijderen).status_code == 404
    assert Activiteit.objects.count() == 1


@pytest.mark.parametrize("profiel", ["af_ander", "kr_ander"])
def test_buiten_bereik_404(client_als, gebruikers, plaatsen, profiel):
    activiteit = van_af(gebruikers, plaatsen)
    client = client_als(profiel)
    for naam in ("activiteit", "activiteit_bewerken"):
        assert client.get(reverse(f"ketenregie:{naam}", kwargs={"uuid": activiteit.uuid})).status_code == 404
    bewerken = reverse("ketenregie:activiteit_bewerken", kwargs={"uuid": activiteit.uuid})
    assert client.post(bewerken, formulier(plaatsen, titel="Gekaapt")).status_code == 404
    assert (
        client.post(
            reverse("ketenregie:activiteit_verwijderen", kwargs={"uuid": activiteit.uuid})
        ).status_code
        == 404
    )
    activiteit.refresh_from_db()
    assert activiteit.titel == "Training signaleren"


def test_af_verwijdert_eigen_activiteit_alleen_met_post(client_als, gebruikers, plaatsen):
    activiteit = van_af(gebruikers, plaatsen)
    url = reverse("ketenregie:activiteit_verwijderen", kwargs={"uuid": activiteit.uuid})
    client = client_als("af")
    assert client.get(url).status_code == 405
    antwoord = client.post(url)
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("ketenregie:activiteiten")
    assert not Activiteit.objects.exists()
    assert Activiteit.history.filter(uuid=activiteit.uuid).latest().history_user == gebruikers["af"]


@pytest.mark.parametrize("profiel", ["zc", "fb", "zonder_rol"])
def test_andere_rollen_403(client_als, profiel):
    assert client_als(profiel).get(reverse("ketenregie:activiteiten")).status_code == 403


# --- Cost ----------------------------------------------------------------------------------------


def _veel(gebruikers, plaatsen, aantal: int) -> None:
    for i in range(aantal):
        if i % 2:
            van_af(gebruikers, plaatsen, titel=f"AF {i}", doelgroepen=["jongeren", "lvb"])
        else:
            van_kr(
                gebruikers,
                plaatsen,
                titel=f"KR {i}",
                gemeenten=[plaatsen["hilversum"], plaatsen["huizen"]][: i % 3],
            )


@pytest.mark.parametrize("aantal", [3, 30])
@pytest.mark.parametrize("profiel", ["af", "kr"])
def test_lijst_kost_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, aantal, profiel, django_assert_num_queries
):
    _veel(gebruikers, plaatsen, aantal)
    client = client_als(profiel)
    client.get(reverse("ketenregie:activiteiten"))  # warm the session
    # PER_VERZOEK; the chosen
    # gemeente (form validation): 1; totals: 1; one page of activities (regio, recorder
    # joined) and their gemeenten: 2; which of the page the user may edit: 1; the gemeente
    # filter's options: 1.
    with django_assert_num_queries(PER_VERZOEK + 6):
        antwoord = client.get(reverse("ketenregie:activiteiten"), {"gemeente": plaatsen["hilversum"].pk})
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count('scope="row"') == aantal


def test_demo_laden_is_idempotent(db):
    from mensenhandel.demo import demo_laden

    demo_laden()
    aantal = Activiteit.objects.count()
    demo_laden()
    assert Activiteit.objects.count() == aantal >= 8
    # AF and KR activities in both demo regions, with several target groups.
    assert Activiteit.objects.filter(gemeenten__isnull=True).count() >= 2
    assert len({d for a in Activiteit.objects.all() for d in a.doelgroepen}) >= 6
    assert Activiteit.objects.values("regio").distinct().count() == 2
