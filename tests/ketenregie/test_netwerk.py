"""The AF network: who keeps which AF records, the training rule, the coordinating AF, the
gaps the ketenregisseur sees, bad input, double submits and what a page costs."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Aandachtsfunctionaris, Coordinatie
from ketenregie.selectors.netwerk import (
    bijgeschoold_filter,
    bijscholingsgrens,
    is_bijgeschoold,
    maanden_terug,
    netwerk_voor,
)
from ketenregie.services import netwerk as services
from ketenregie.services.wegenkaart import FOUT_EMAIL, FOUT_TELEFOON
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Regio, Rol
from tests.conftest import PER_VERZOEK, maak_gebruiker

VANDAAG = date(2026, 11, 23)


def gegevens(plaatsen, **extra):
    return {
        "gemeente": plaatsen["hilversum"],
        "naam": "Anouk Verhoef",
        "afdeling": "oov",
        "functie": "Adviseur veiligheid",
        "telefoon": "035 123 4567",
        "email": "",
        **extra,
    }


def af_van(gebruikers, plaatsen, door="kr", **extra) -> Aandachtsfunctionaris:
    af, nieuw = services.af_toevoegen(door=gebruikers[door], gegevens=gegevens(plaatsen, **extra))
    assert nieuw
    return af


def formulier(plaatsen, **extra):
    data = {
        "gemeente": plaatsen["hilversum"].pk,
        "naam": "Anouk Verhoef",
        "afdeling": "oov",
        "functie": "Adviseur veiligheid",
        "telefoon": "035 123 4567",
        "email": "",
        "gebruiker": "",
        "eerste_training": "",
        "laatste_opfristraining": "",
        "formuliertoken": str(uuid.uuid4()),
    }
    data.update(extra)
    return data


# --- The training rule ---------------------------------------------------------------------


def test_maanden_terug_houdt_de_maand_kort():
    assert maanden_terug(date(2026, 11, 23), 12) == date(2025, 11, 23)
    assert maanden_terug(date(2025, 3, 31), 1) == date(2025, 2, 28)
    assert maanden_terug(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert maanden_terug(date(2026, 1, 15), 13) == date(2024, 12, 15)


@pytest.mark.parametrize(
    ("basis", "opfris", "verwacht"),
    [
        (date(2025, 11, 23), None, True),  # exactly 12 months ago still counts
        (date(2025, 11, 22), None, False),  # one day more does not
        (date(2020, 1, 1), date(2026, 6, 1), True),  # the refresher is the latest training
        (date(2026, 6, 1), None, True),  # a recent basistraining counts too
        (date(2020, 1, 1), date(2024, 1, 1), False),
        (None, None, False),  # unknown counts as not up to date
        (None, date(2026, 1, 1), True),
    ],
)
def test_regel_bijgeschoold_in_geheugen_en_in_de_database_gelijk(
    gebruikers, plaatsen, basis, opfris, verwacht
):
    af = af_van(gebruikers, plaatsen)
    Aandachtsfunctionaris.objects.filter(pk=af.pk).update(
        eerste_training=basis, laatste_opfristraining=opfris
    )
    af.refresh_from_db()
    assert bijscholingsgrens(VANDAAG) == date(2025, 11, 23)
    assert is_bijgeschoold(af, VANDAAG) is verwacht
    assert Aandachtsfunctionaris.objects.filter(bijgeschoold_filter(VANDAAG), pk=af.pk).exists() is verwacht


# --- Services: AF records --------------------------------------------------------------------


def test_af_legt_eigen_collega_vast_en_de_geschiedenis_noemt_hem(gebruikers, plaatsen):
    af = af_van(gebruikers, plaatsen, door="af", email=" A.Verhoef@Hilversum.example ")
    assert af.email == "a.verhoef@hilversum.example"
    assert af.actief
    regel = af.history.get()
    assert (regel.history_type, regel.history_user) == ("+", gebruikers["af"])

    services.af_wijzigen(door=gebruikers["kr"], af=af, gegevens={**gegevens(plaatsen), "actief": False})
    af.refresh_from_db()
    assert not af.actief
    laatste = af.history.latest()
    assert (laatste.history_type, laatste.history_user, laatste.actief) == ("~", gebruikers["kr"], False)
    assert Aandachtsfunctionaris.objects.count() == 1  # nothing is deleted


def test_af_alleen_voor_eigen_gemeente(gebruikers, plaatsen):
    with pytest.raises(ValidationError) as fout:
        af_van(gebruikers, plaatsen, door="af", gemeente=plaatsen["huizen"])
    assert fout.value.message_dict["gemeente"] == ["Kies een van uw eigen gemeenten."]
    # The KR of Gooi en Vechtstreek keeps Huizen, but not Leeuwarden.
    af_van(gebruikers, plaatsen, door="kr", gemeente=plaatsen["huizen"])
    with pytest.raises(ValidationError):
        af_van(gebruikers, plaatsen, door="kr", gemeente=plaatsen["leeuwarden"])
    assert Aandachtsfunctionaris.objects.count() == 1


@pytest.mark.parametrize("rol", ["zc", "fb", "zonder_rol"])
def test_andere_rollen_worden_geweigerd(gebruikers, plaatsen, rol):
    with pytest.raises(Geweigerd, match="Alleen een aandachtsfunctionaris of de ketenregisseur"):
        services.af_toevoegen(door=gebruikers[rol], gegevens=gegevens(plaatsen))
    assert not Aandachtsfunctionaris.objects.exists()


def test_wijzigen_buiten_bereik_wordt_geweigerd(gebruikers, plaatsen):
    af = af_van(gebruikers, plaatsen)
    for wie in ("af_ander", "kr_ander"):
        with pytest.raises(Geweigerd, match="eigen gemeente"):
            services.af_wijzigen(door=gebruikers[wie], af=af, gegevens={"naam": "Gekaapt"})
    af.refresh_from_db()
    assert af.naam == "Anouk Verhoef"


TOEKOMST = VANDAAG + timedelta(days=1)


@pytest.mark.parametrize(
    ("extra", "veld", "melding"),
    [
        ({"naam": "  "}, "naam", "Vul de naam van de aandachtsfunctionaris in."),
        ({"afdeling": ""}, "afdeling", "Kies de afdeling: OOV, sociaal domein of een andere afdeling."),
        ({"telefoon": "bel maar"}, "telefoon", FOUT_TELEFOON),
        ({"email": "geen-adres"}, "email", FOUT_EMAIL),
        ({"telefoon": "", "email": ""}, "telefoon", services.FOUT_BEREIKBAAR),
        ({"eerste_training": "toekomst"}, "eerste_training", services.FOUT_BASIS_TOEKOMST),
        ({"laatste_opfristraining": "toekomst"}, "laatste_opfristraining", services.FOUT_OPFRIS_TOEKOMST),
        ({"eerste_training": date(1926, 5, 1)}, "eerste_training", services.FOUT_TE_VROEG),
        (
            {"eerste_training": date(2024, 5, 1), "laatste_opfristraining": date(2024, 4, 30)},
            "laatste_opfristraining",
            "De opfristraining kan niet vóór de basistraining liggen.",
        ),
    ],
)
def test_ongeldige_invoer_geeft_nederlandse_melding(gebruikers, plaatsen, extra, veld, melding):
    extra = {
        k: (timezone.localdate() + timedelta(days=1) if v == "toekomst" else v) for k, v in extra.items()
    }
    with pytest.raises(ValidationError) as fout:
        af_van(gebruikers, plaatsen, **extra)
    assert fout.value.message_dict[veld] == [melding]
    assert not Aandachtsfunctionaris.objects.exists()


def test_dezelfde_naam_in_dezelfde_gemeente_wordt_geweigerd(gebruikers, plaatsen):
    af = af_van(gebruikers, plaatsen)
    with pytest.raises(ValidationError) as fout:
        af_van(gebruikers, plaatsen, door="af", naam="ANOUK verhoef")
    assert fout.value.message_dict["naam"] == [
        "Er staat al een aandachtsfunctionaris met de naam ‘ANOUK verhoef’ bij Hilversum. "
        "Pas die aan in plaats van een nieuwe te maken."
    ]
    services.af_wijzigen(door=gebruikers["kr"], af=af, gegevens={"actief": False})
    with pytest.raises(ValidationError) as fout:
        af_van(gebruikers, plaatsen, naam="Anouk Verhoef")
    assert "zet die weer op actief" in fout.value.message_dict["naam"][0]
    # The same person may be the AF of another gemeente.
    af_van(gebruikers, plaatsen, gemeente=plaatsen["huizen"])
    assert Aandachtsfunctionaris.objects.count() == 2


def test_dubbele_naam_die_de_database_weigert_geeft_melding(gebruikers, plaatsen, monkeypatch):
    """Two saves at the same moment: the unique constraint catches what the check missed."""
    af_van(gebruikers, plaatsen)
    monkeypatch.setattr(services, "_valideren", lambda *a, **k: None)
    with pytest.raises(ValidationError) as fout:
        af_van(gebruikers, plaatsen, naam="anouk verhoef")
    assert "Er staat al een aandachtsfunctionaris met de naam" in fout.value.message_dict["naam"][0]
    assert Aandachtsfunctionaris.objects.count() == 1


def test_formuliertoken_maakt_geen_tweede(gebruikers, plaatsen):
    token = uuid.uuid4()
    eerste, nieuw = services.af_toevoegen(
        door=gebruikers["af"], gegevens=gegevens(plaatsen), formuliertoken=token
    )
    tweede, opnieuw = services.af_toevoegen(
        door=gebruikers["af"], gegevens=gegevens(plaatsen), formuliertoken=token
    )
    assert (nieuw, opnieuw) == (True, False)
    assert eerste.pk == tweede.pk
    assert Aandachtsfunctionaris.objects.count() == 1


def test_alleen_een_actief_af_account_van_die_gemeente_is_te_koppelen(gebruikers, plaatsen):
    kies = services.FOUT_ACCOUNT
    for ongeldig in ("af_ander", "kr", "zc"):
        with pytest.raises(ValidationError) as fout:
            af_van(gebruikers, plaatsen, gebruiker=gebruikers[ongeldig])
        assert fout.value.message_dict["gebruiker"] == [kies]
    af = af_van(gebruikers, plaatsen, door="af", gebruiker=gebruikers["af"])
    assert af.gebruiker == gebruikers["af"]

    # The account is deactivated later: the record can still be edited...
    gebruikers["af"].is_active = False
    gebruikers["af"].save()
    services.af_wijzigen(door=gebruikers["kr"], af=af, gegevens={"functie": "Teamleider"})
    # ...but the account cannot be linked anew, nor carried to another gemeente.
    nieuw = af_van(gebruikers, plaatsen, naam="Sanne Mulder")
    with pytest.raises(ValidationError) as fout:
        services.af_wijzigen(door=gebruikers["kr"], af=nieuw, gegevens={"gebruiker": gebruikers["af"]})
    assert fout.value.message_dict["gebruiker"] == [kies]
    with pytest.raises(ValidationError):
        services.af_wijzigen(door=gebruikers["kr"], af=af, gegevens={"gemeente": plaatsen["huizen"]})


# --- Services: the coordinating AF -----------------------------------------------------------


@pytest.fixture
def twee_afs(gebruikers, plaatsen):
    return (
        af_van(gebruikers, plaatsen),
        af_van(gebruikers, plaatsen, naam="Bram Kooistra", gemeente=plaatsen["huizen"]),
    )


def test_nieuwe_coordinator_sluit_de_vorige_de_dag_ervoor(gebruikers, plaatsen, twee_afs):
    anouk, bram = twee_afs
    kr, gv = gebruikers["kr"], plaatsen["gv"]
    eerste = services.coordinator_aanwijzen(
        door=kr, regio=gv, aandachtsfunctionaris=anouk, vanaf=date(2026, 1, 1)
    )
    tweede = services.coordinator_aanwijzen(
        door=kr, regio=gv, aandachtsfunctionaris=bram, vanaf=date(2026, 7, 1)
    )
    eerste.refresh_from_db()
    assert eerste.tot_en_met == date(2026, 6, 30)
    assert tweede.tot_en_met is None
    assert {r.history_user for r in Coordinatie.history.all()} == {kr}

    blok = next(b for b in netwerk_voor(kr, VANDAAG) if b.regio == gv)
    assert blok.coordinatie == tweede
    assert next(b for b in netwerk_voor(kr, date(2026, 3, 1)) if b.regio == gv).coordinatie == eerste


def test_startdatum_voor_de_huidige_wordt_geweigerd(gebruikers, plaatsen, twee_afs):
    anouk, bram = twee_afs
    kr, gv = gebruikers["kr"], plaatsen["gv"]
    services.coordinator_aanwijzen(door=kr, regio=gv, aandachtsfunctionaris=anouk, vanaf=date(2026, 3, 1))
    with pytest.raises(ValidationError) as fout:
        services.coordinator_aanwijzen(door=kr, regio=gv, aandachtsfunctionaris=bram, vanaf=date(2026, 2, 28))
    assert fout.value.message_dict["vanaf"] == [
        "Kies een datum op of na 1 maart 2026: toen begon Anouk Verhoef als coördinerend "
        "aandachtsfunctionaris. Een eerdere periode kunt u hier niet meer invoegen."
    ]
    with pytest.raises(ValidationError) as fout:
        services.coordinator_aanwijzen(door=kr, regio=gv, aandachtsfunctionaris=anouk, vanaf=date(2026, 4, 1))
    assert fout.value.message_dict["aandachtsfunctionaris"] == [
        "Anouk Verhoef is vanaf 1 maart 2026 al coördinerend aandachtsfunctionaris."
    ]
    # On the same start date it is a correction of who it is.
    gecorrigeerd = services.coordinator_aanwijzen(
        door=kr, regio=gv, aandachtsfunctionaris=bram, vanaf=date(2026, 3, 1)
    )
    assert Coordinatie.objects.get() == gecorrigeerd
    assert gecorrigeerd.aandachtsfunctionaris == bram


def test_coordinator_is_actief_en_uit_de_regio(gebruikers, plaatsen, twee_afs):
    anouk, _ = twee_afs
    kr, gv = gebruikers["kr"], plaatsen["gv"]
    leeuwarden = af_van(gebruikers, plaatsen, door="kr_ander", gemeente=plaatsen["leeuwarden"], naam="Douwe")
    with pytest.raises(ValidationError) as fout:
        services.coordinator_aanwijzen(door=kr, regio=gv, aandachtsfunctionaris=leeuwarden, vanaf=VANDAAG)
    assert fout.value.message_dict["aandachtsfunctionaris"] == [services.FOUT_COORDINATOR_REGIO]
    services.af_wijzigen(door=kr, af=anouk, gegevens={"actief": False})
    anouk.refresh_from_db()
    with pytest.raises(ValidationError):
        services.coordinator_aanwijzen(door=kr, regio=gv, aandachtsfunctionaris=anouk, vanaf=VANDAAG)
    with pytest.raises(ValidationError) as fout:
        services.coordinator_aanwijzen(door=kr, regio=gv, aandachtsfunctionaris=None, vanaf=None)
    assert set(fout.value.message_dict) == {"aandachtsfunctionaris", "vanaf"}
    assert not Coordinatie.objects.exists()


@pytest.mark.parametrize("wie", ["af", "kr_ander", "zc"])
def test_alleen_de_kr_van_de_regio_wijst_aan(gebruikers, plaatsen, twee_afs, wie):
    with pytest.raises(Geweigerd, match="Alleen de ketenregisseur van deze regio"):
        services.coordinator_aanwijzen(
            door=gebruikers[wie], regio=plaatsen["gv"], aandachtsfunctionaris=twee_afs[0], vanaf=VANDAAG
        )
    assert not Coordinatie.objects.exists()


# --- Views ---------------------------------------------------------------------------------


def test_kr_ziet_de_aandachtspunten(client_als, gebruikers, plaatsen):
    vandaag = timezone.localdate()
    af_van(gebruikers, plaatsen, eerste_training=vandaag - timedelta(days=30))
    af_van(gebruikers, plaatsen, naam="Sanne Mulder", eerste_training=vandaag - timedelta(days=800))
    af_van(gebruikers, plaatsen, naam="Mark Jansen", laatste_opfristraining=None)
    vertrokken = af_van(gebruikers, plaatsen, naam="Vera Vertrokken")
    services.af_wijzigen(door=gebruikers["kr"], af=vertrokken, gegevens={"actief": False})

    html = client_als("kr").get(reverse("ketenregie:netwerk")).content.decode()
    assert "Aandachtspunten" in html
    assert "telt als bijgeschoold als de laatste training" in html
    # Huizen has no AF; Sanne's training is too long ago, Mark's unknown; no coordinator.
    assert "Gemeenten zonder actieve aandachtsfunctionaris (1)" in html
    assert f'href="{reverse("ketenregie:af_nieuw")}?gemeente=GM0406"' in html
    assert "zonder training in de afgelopen 12 maanden (2)" in html
    assert "geen trainingsdatum bekend" in html
    assert "Er is geen coördinerend aandachtsfunctionaris aangewezen." in html
    assert "Niet meer in functie (1)" in html and "Vera Vertrokken" in html
    assert "Leeuwarden" not in html


def test_af_ziet_eigen_gemeente_en_de_coordinator_maar_geen_aandachtspunten(client_als, gebruikers, plaatsen):
    bram = af_van(
        gebruikers, plaatsen, naam="Bram Kooistra", gemeente=plaatsen["huizen"], email="b@huizen.example"
    )
    af_van(gebruikers, plaatsen)
    services.coordinator_aanwijzen(
        door=gebruikers["kr"], regio=plaatsen["gv"], aandachtsfunctionaris=bram, vanaf=date(2026, 1, 1)
    )
    html = client_als("af").get(reverse("ketenregie:netwerk")).content.decode()
    assert "Anouk Verhoef" in html
    assert "Bram Kooistra</strong> (Huizen), sinds 1 januari 2026" in html
    assert 'href="mailto:b@huizen.example"' in html
    assert "Aandachtspunten" not in html
    assert reverse("ketenregie:coordinatie", kwargs={"uuid": plaatsen["gv"].uuid}) not in html
    # Huizen's AF is only shown as the coordinator, not in the table of gemeenten.
    assert reverse("ketenregie:af_bewerken", kwargs={"uuid": bram.uuid}) not in html


def test_fout_in_formulier_houdt_invoer_vast(client_als, plaatsen):
    antwoord = client_als("af").post(
        reverse("ketenregie:af_nieuw"),
        formulier(
            plaatsen,
            naam="Sanne Mulder",
            telefoon="",
            email="sanne-at-hilversum",
            eerste_training="2026-13-01",
        ),
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert FOUT_EMAIL in html
    assert "Vul een geldige datum in, zoals 2026-01-31." in html
    assert 'value="Sanne Mulder"' in html and 'value="sanne-at-hilversum"' in html
    assert not Aandachtsfunctionaris.objects.exists()


def test_af_kan_geen_gemeente_van_een_ander_kiezen(client_als, plaatsen):
    antwoord = client_als("af").post(
        reverse("ketenregie:af_nieuw"), formulier(plaatsen, gemeente=plaatsen["huizen"].pk)
    )
    assert antwoord.status_code == 400
    assert "Kies een van uw eigen gemeenten." in antwoord.content.decode()
    assert not Aandachtsfunctionaris.objects.exists()


def test_dubbel_versturen_maakt_er_een(client_als, gebruikers, plaatsen):
    client = client_als("af")
    data = formulier(plaatsen, gebruiker=gebruikers["af"].pk, eerste_training="2026-01-15")
    eerste = client.post(reverse("ketenregie:af_nieuw"), data)
    tweede = client.post(reverse("ketenregie:af_nieuw"), data, follow=True)
    assert eerste.status_code == 302
    assert eerste["Location"] == reverse("ketenregie:netwerk") + "#gemeente-GM0402"
    assert "Dit formulier was al verstuurd" in tweede.content.decode()
    af = Aandachtsfunctionaris.objects.get()
    assert (af.gebruiker, af.eerste_training) == (gebruikers["af"], date(2026, 1, 15))
    assert af.history.get().history_user == gebruikers["af"]
    # The edit form offers the linked account, selected.
    html = client.get(reverse("ketenregie:af_bewerken", kwargs={"uuid": af.uuid})).content.decode()
    assert f'<option value="{gebruikers["af"].pk}" selected>af (af@test.example)</option>' in html


def test_formulier_zonder_token_is_onvolledig(client_als, plaatsen):
    data = formulier(plaatsen)
    del data["formuliertoken"]
    antwoord = client_als("af").post(reverse("ketenregie:af_nieuw"), data)
    assert antwoord.status_code == 400
    assert "Het formulier is onvolledig." in antwoord.content.decode()
    assert not Aandachtsfunctionaris.objects.exists()


def test_gemeente_uit_een_aandachtspunt_staat_al_gekozen(client_als, plaatsen):
    html = client_als("kr").get(reverse("ketenregie:af_nieuw") + "?gemeente=GM0406").content.decode()
    assert f'<option value="{plaatsen["huizen"].pk}" selected>Huizen</option>' in html
    # A gemeente outside the scope is ignored, not preselected.
    html = client_als("kr").get(reverse("ketenregie:af_nieuw") + "?gemeente=GM0080").content.decode()
    assert "Leeuwarden" not in html


def test_bewerken_zet_af_op_niet_actief(client_als, gebruikers, plaatsen):
    af = af_van(gebruikers, plaatsen)
    url = reverse("ketenregie:af_bewerken", kwargs={"uuid": af.uuid})
    client = client_als("af")
    html = client.get(url).content.decode()
    assert 'name="actief"' in html and "formuliertoken" not in html
    assert "Geschiedenis" in html and "Toegevoegd" in html
    data = formulier(plaatsen, functie="Teamleider veiligheid")
    del data["formuliertoken"]  # no "actief": the checkbox is off
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302
    af.refresh_from_db()
    assert (af.actief, af.functie) == (False, "Teamleider veiligheid")
    html = client.get(url).content.decode()
    assert "Gewijzigd: functie, actief" in html


def test_bewerken_met_fout_geeft_400_en_bewaart_niets(client_als, gebruikers, plaatsen):
    af = af_van(gebruikers, plaatsen)
    data = formulier(
        plaatsen, naam="Anouk V.", eerste_training="2026-05-01", laatste_opfristraining="2026-04-01"
    )
    antwoord = client_als("kr").post(reverse("ketenregie:af_bewerken", kwargs={"uuid": af.uuid}), data)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "De opfristraining kan niet vóór de basistraining liggen." in html
    assert 'value="Anouk V."' in html and 'value="2026-04-01"' in html
    af.refresh_from_db()
    assert af.naam == "Anouk Verhoef" and af.history.count() == 1


@pytest.mark.parametrize("wie", ["af_ander", "kr_ander"])
def test_af_van_ander_bereik_geeft_404(client_als, gebruikers, plaatsen, wie):
    af = af_van(gebruikers, plaatsen)
    url = reverse("ketenregie:af_bewerken", kwargs={"uuid": af.uuid})
    client = client_als(wie)
    assert client.get(url).status_code == 404
    assert client.post(url, formulier(plaatsen, naam="Gekaapt")).status_code == 404
    af.refresh_from_db()
    assert af.naam == "Anouk Verhoef"


def test_coordinatie_via_formulier(client_als, gebruikers, plaatsen, twee_afs):
    anouk, bram = twee_afs
    gv = plaatsen["gv"]
    url = reverse("ketenregie:coordinatie", kwargs={"uuid": gv.uuid})
    client = client_als("kr")
    html = client.get(url).content.decode()
    assert "Anouk Verhoef (Hilversum)" in html and "nog nooit" in html
    assert client.post(url, {"aandachtsfunctionaris": anouk.pk, "vanaf": "2026-03-01"}).status_code == 302
    # Sent twice: the same period, not an error and not a second one.
    assert client.post(url, {"aandachtsfunctionaris": anouk.pk, "vanaf": "2026-03-01"}).status_code == 302
    assert Coordinatie.objects.count() == 1

    antwoord = client.post(url, {"aandachtsfunctionaris": bram.pk, "vanaf": "2026-02-01"})
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Kies een datum op of na 1 maart 2026" in html
    assert 'value="2026-02-01"' in html and f'<option value="{bram.pk}" selected>' in html
    assert Coordinatie.objects.count() == 1

    antwoord = client.post(url, {"aandachtsfunctionaris": "", "vanaf": ""})
    assert antwoord.status_code == 400
    assert "Kies de aandachtsfunctionaris die de coördinatie overneemt." in antwoord.content.decode()

    assert client.post(url, {"aandachtsfunctionaris": bram.pk, "vanaf": "2026-09-01"}).status_code == 302
    html = client.get(url).content.decode()
    assert "31 augustus 2026" in html
    assert (
        client_als("kr_ander")
        .post(url, {"aandachtsfunctionaris": anouk.pk, "vanaf": "2026-10-01"})
        .status_code
        == 404
    )
    assert client_als("af").get(url).status_code == 403
    assert Coordinatie.objects.count() == 2


def test_kr_met_twee_regios_ziet_beide(client, gebruikers, plaatsen):
    from tests.conftest import volledig_inloggen

    kr = maak_gebruiker("kr.twee@test.example", Rol.KETENREGISSEUR, regios=[plaatsen["gv"], plaatsen["fr"]])
    af_van(gebruikers, plaatsen)
    html = volledig_inloggen(client, kr).get(reverse("ketenregie:netwerk")).content.decode()
    assert "Regio Fryslân" in html and "Regio Gooi en Vechtstreek" in html
    assert html.index("Regio Fryslân") < html.index("Regio Gooi en Vechtstreek")


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("aantal", [3, 30])
def test_netwerk_kost_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, aantal, django_assert_num_queries
):
    for i in range(aantal):
        af = af_van(
            gebruikers,
            plaatsen,
            naam=f"AF {i:02d}",
            gemeente=plaatsen["hilversum" if i % 2 else "huizen"],
            gebruiker=gebruikers["af"] if i == 1 else None,
        )
    services.coordinator_aanwijzen(
        door=gebruikers["kr"], regio=plaatsen["gv"], aandachtsfunctionaris=af, vanaf=date(2026, 1, 1)
    )
    client = client_als("kr")
    client.get(reverse("ketenregie:netwerk"))  # warm the session
    # PER_VERZOEK; regio's, their gemeenten, the AFs (account joined), current coordinators: 4.
    with django_assert_num_queries(PER_VERZOEK + 4):
        antwoord = client.get(reverse("ketenregie:netwerk"))
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count(reverse("ketenregie:af_bewerken", kwargs={"uuid": af.uuid})) >= 1


# --- Demo ------------------------------------------------------------------------------------


def test_demo_laden_is_idempotent(db, monkeypatch):
    from ketenregie import demo as ketenregie_demo
    from ketenregie.demo import netwerk as demo_netwerk
    from mensenhandel.demo import demo_laden

    monkeypatch.setattr(ketenregie_demo, "DELEN", [])  # the other parts load their own
    demo_laden()
    demo_netwerk.laden()
    aantallen = (Aandachtsfunctionaris.objects.count(), Coordinatie.objects.count())
    demo_netwerk.laden()
    assert (Aandachtsfunctionaris.objects.count(), Coordinatie.objects.count()) == aantallen == (13, 3)

    from mensenhandel.models import Gebruiker

    kr = Gebruiker.objects.get(email="kr.gooi@demo.example")
    gooi = next(b for b in netwerk_voor(kr) if b.regio.naam == "Gooi en Vechtstreek")
    assert [g.naam for g in gooi.zonder_af] == ["Wijdemeren"]
    assert {af.naam for af in gooi.niet_bijgeschoold} == {"Sanne Mulder", "Pieter de Graaf", "Yvonne Smits"}
    assert gooi.coordinatie.aandachtsfunctionaris.naam == "Anouk Verhoef"
    assert [af.naam for af in gooi.inactieve_afs] == ["Mark Jansen"]


def test_gemeente_staat_een_keer_onder_haar_district(client, plaatsen):
    """A chain region holding a sub-region and its gemeenten shows each gemeente once."""
    from tests.conftest import volledig_inloggen

    keten = Regio.objects.create(naam="Midden-Nederland")
    keten.gemeenten.set([plaatsen["hilversum"], plaatsen["leeuwarden"]])
    gv = plaatsen["gv"]
    gv.bovenliggende_regio = keten
    gv.save()
    kr = maak_gebruiker("kr.keten@test.example", Rol.KETENREGISSEUR, regios=[keten])
    blokken = netwerk_voor(kr)
    assert [(b.regio.naam, [r.gemeente.naam for r in b.gemeenten]) for b in blokken] == [
        ("Gooi en Vechtstreek", ["Hilversum", "Huizen"]),
        ("Midden-Nederland", ["Leeuwarden"]),
    ]
    html = volledig_inloggen(client, kr).get(reverse("ketenregie:netwerk")).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_gelijktijdig_verstuurd_eindigt_op_de_eerste(gebruikers, plaatsen, request):
    """Two submits at once: the second misses the first record at its first look, then meets
    the same name, and ends on the first record instead of a name error."""
    token = uuid.uuid4()
    eerste, _ = services.af_toevoegen(
        door=gebruikers["af"], gegevens=gegevens(plaatsen), formuliertoken=token
    )
    request.getfixturevalue("eerste_blik_mist")
    tweede, nieuw = services.af_toevoegen(
        door=gebruikers["af"], gegevens=gegevens(plaatsen), formuliertoken=token
    )
    assert (tweede.pk, nieuw) == (eerste.pk, False)
    assert Aandachtsfunctionaris.objects.count() == 1
