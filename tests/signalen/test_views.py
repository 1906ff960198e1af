"""The signals screens, through the views: what an AF, ZC, KR and FB see and can do."""

from __future__ import annotations

import csv
import html
import io
import re
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import Gemeente, ToegangsLog
from signalen import services
from signalen.models import Doorverwijzing, Indicator, Koppeling, Signaal, Status
from signalen.services import notitie_toevoegen
from tests.conftest import PER_VERZOEK
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory

VANDAAG = timezone.localdate
ELDERS = (
    "Elders is een signaal over deze persoon bekend; "
    "neem contact op met de ketenregisseur of zorgcoördinator."
)


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def detail_url(signaal: Signaal) -> str:
    return reverse("signalen:detail", kwargs={"uuid": signaal.uuid})


def nieuw_invoer(gemeente, **wijzigingen) -> dict:
    """A complete, valid new-signal form with one person filled in and one left empty."""
    data = {
        "formuliertoken": str(uuid.uuid4()),
        "datum_waargenomen": (VANDAAG() - timedelta(days=3)).isoformat(),
        "gemeente": str(gemeente.pk),
        "locatie": "Kwekerij aan de Zuidweg",
        "postcode": "1211 AB",
        "huisnummer": "12",
        "sector": "land_tuinbouw",
        "bron": "handhaving",
        "melder_contact": "Handhaving, team Noord",
        "uitbuitingsvormen": ["arbeid"],
        "migratiecomponent": "on",
        "reikwijdte": "grensoverschrijdend",
        "omschrijving": "Tien mensen slapen in een schuur op het terrein.",
        "minderjarige_betrokken": "nee",
        "indicatoren": [str(pk) for pk in Indicator.objects.values_list("pk", flat=True)[:2]],
        "personen-TOTAL_FORMS": "2",
        "personen-INITIAL_FORMS": "0",
        "personen-MIN_NUM_FORMS": "0",
        "personen-MAX_NUM_FORMS": "20",
        "personen-0-soort": "slachtoffer",
        "personen-0-naam": "Zofia Kowalska",
        "personen-0-geboortedatum": "1994-03-02",
        "personen-0-telefoon": "+48 601 234 567",
        "personen-0-nationaliteit": "Pools",
    }
    data.update(wijzigingen)
    return data


def bewerk_invoer(signaal: Signaal, **wijzigingen) -> dict:
    data = {
        "versie": str(signaal.versie),
        "datum_waargenomen": signaal.datum_waargenomen.isoformat(),
        "gemeente": str(signaal.gemeente_id),
        "locatie": signaal.locatie,
        "sector": signaal.sector,
        "bron": signaal.bron,
        "uitbuitingsvormen": signaal.uitbuitingsvormen,
        "reikwijdte": signaal.reikwijdte,
        "omschrijving": signaal.omschrijving,
        "minderjarige_betrokken": signaal.minderjarige_betrokken,
    }
    data.update(wijzigingen)
    return data


# --- A new signal ----------------------------------------------------------------------------


def test_nieuw_formulier(client_als, plaatsen):
    antwoord = client_als("af").get(reverse("signalen:nieuw"))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert "Bij acuut gevaar: bel eerst 112" in pagina
    assert '<label class="utrecht-form-label" for="id_alarmnummer_gebeld">112 is gebeld' in pagina
    # One empty person to start with, in its own fieldset (more: tests/signalen/test_registratie.py).
    assert "Betrokken persoon 1</legend>" in pagina and "Betrokken persoon 2" not in pagina
    assert 'name="personen-TOTAL_FORMS" value="1"' in pagina
    # Indicators grouped, one folded section per group.
    for groep in Indicator.Groep:
        assert f'<summary id="thema-{groep.value}">{groep.label} ' in pagina
    assert re.search(r'<input type="hidden" name="formuliertoken" value="[0-9a-f-]{36}"', pagina)
    # Only the AF's own gemeente can be chosen, and it is already chosen.
    assert f'<option value="{plaatsen["hilversum"].pk}" selected>Hilversum</option>' in pagina
    assert "Leeuwarden" not in pagina


def test_registreren_en_dubbel_verzenden_maakt_een_signaal(client_als, plaatsen):
    client = client_als("af")
    invoer = nieuw_invoer(plaatsen["hilversum"])
    eerste = client.post(reverse("signalen:nieuw"), invoer)
    tweede = client.post(reverse("signalen:nieuw"), invoer)
    signaal = Signaal.objects.get()
    assert eerste.status_code == tweede.status_code == 302
    assert eerste["Location"] == tweede["Location"] == detail_url(signaal)
    assert signaal.personen.count() == 1  # the empty second person is not saved
    assert signaal.arbeidsuitbuiting and not signaal.seksuele_uitbuiting
    assert signaal.indicatoren.count() == 2
    pagina = tekst(client.get(detail_url(signaal)))
    assert f"Dit formulier was al verstuurd; dit is signaal {signaal.referentie}." in pagina
    assert "Zofia Kowalska" in pagina


MORGEN = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        (
            {"datum_waargenomen": MORGEN},
            "id_datum_waargenomen",
            "De datum van waarnemen kan niet in de toekomst",
        ),
        (
            {"personen-0-geboortedatum": MORGEN},
            "id_personen-0-geboortedatum",
            "kan niet in de toekomst liggen",
        ),
        ({"personen-0-geboortedatum": "1850-01-01"}, "id_personen-0-geboortedatum", "niet aannemelijk"),
        ({"personen-0-telefoon": "0612"}, "id_personen-0-telefoon", "Dit telefoonnummer klopt niet"),
        ({"postcode": "12345"}, "id_postcode", "Vul een postcode in zoals 1234 AB."),
        ({"personen-0-postcode": "AB 12"}, "id_personen-0-postcode", "Vul een postcode in zoals 1234 AB."),
        ({"uitbuitingsvormen": []}, "id_uitbuitingsvormen", "Kies minstens één vorm van uitbuiting"),
        ({"acuut_gevaar": "on"}, "id_alarmnummer_gebeld", "Bij acuut gevaar belt u eerst 112"),
        ({"personen-1-naam": "Zonder rol"}, "id_personen-1-soort", "Kies of dit een mogelijk slachtoffer"),
    ],
)
def test_onjuiste_invoer_geeft_een_duidelijke_melding_en_houdt_de_invoer(
    client_als, plaatsen, wijziging, veld, melding
):
    antwoord = client_als("af").post(
        reverse("signalen:nieuw"), nieuw_invoer(plaatsen["hilversum"], **wijziging)
    )
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert not Signaal.objects.exists()
    assert "Controleer het formulier." in pagina
    # The message is tied to its field.
    fout = re.search(
        rf'<div class="utrecht-form-field-error-message" id="{veld}_fout">(.*?)</div>', pagina, re.S
    )
    assert fout and melding in fout.group(1)
    # And in the summary on top, linked to the field.
    assert f'<a class="utrecht-link" href="#{veld}' in pagina
    # Everything typed is still there.
    assert 'value="Zofia Kowalska"' in pagina
    assert "Tien mensen slapen in een schuur op het terrein." in pagina
    assert 'value="Kwekerij aan de Zuidweg"' in pagina


def test_acuut_gevaar_met_112_wordt_geregistreerd(client_als, plaatsen):
    invoer = nieuw_invoer(plaatsen["hilversum"], acuut_gevaar="on", alarmnummer_gebeld="on")
    assert client_als("af").post(reverse("signalen:nieuw"), invoer).status_code == 302
    signaal = Signaal.objects.get()
    assert signaal.acuut_gevaar and signaal.alarmnummer_gebeld


def test_gemeente_van_een_ander_kan_niet(client_als, plaatsen):
    antwoord = client_als("af").post(reverse("signalen:nieuw"), nieuw_invoer(plaatsen["leeuwarden"]))
    assert antwoord.status_code == 400
    assert not Signaal.objects.exists()


# --- Editing: optimistic locking ---------------------------------------------------------------


def test_tweede_opslag_van_dezelfde_versie_wordt_geweigerd(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    url = reverse("signalen:bewerken", kwargs={"uuid": signaal.uuid})
    eerste, tweede = client_als("af"), client_als("af")
    assert eerste.get(url).status_code == tweede.get(url).status_code == 200

    assert eerste.post(url, bewerk_invoer(signaal, omschrijving="Eerste wijziging.")).status_code == 302
    antwoord = tweede.post(url, bewerk_invoer(signaal, omschrijving="Mijn wijziging mag niet verloren gaan."))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 409
    assert "Iemand anders heeft dit signaal intussen gewijzigd." in pagina
    assert "Mijn wijziging mag niet verloren gaan." in pagina
    assert "Bekijk de nieuwe versie van het signaal" in pagina
    signaal.refresh_from_db()
    assert signaal.omschrijving == "Eerste wijziging."


def test_bewerken_met_onjuiste_invoer(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    url = reverse("signalen:bewerken", kwargs={"uuid": signaal.uuid})
    antwoord = client_als("af").post(
        url, bewerk_invoer(signaal, datum_waargenomen=MORGEN, locatie="Nieuwe plek")
    )
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert "De datum van waarnemen kan niet in de toekomst liggen." in pagina
    assert 'value="Nieuwe plek"' in pagina


def test_weging_tegelijk_geeft_conflict(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], in_onderzoek=True)
    url = reverse("signalen:wegen", kwargs={"uuid": signaal.uuid})
    weging = {"risico": "hoog", "onderbouwing": "Dwang en schulden.", "versie": signaal.versie}
    assert client_als("af").post(url, weging).status_code == 302
    antwoord = client_als("af").post(url, {**weging, "risico": "laag", "onderbouwing": "Mijn onderbouwing."})
    assert antwoord.status_code == 409
    assert "Iemand anders heeft dit signaal intussen gewijzigd." in tekst(antwoord)
    assert "Mijn onderbouwing." in tekst(antwoord)


# --- The whole route ----------------------------------------------------------------------------


def test_de_hele_meldroute_door_de_views(client_als, plaatsen):
    af, zc = client_als("af"), client_als("zc")
    antwoord = af.post(reverse("signalen:nieuw"), nieuw_invoer(plaatsen["hilversum"]))
    signaal = Signaal.objects.get()
    assert antwoord["Location"] == detail_url(signaal)
    assert signaal.status == Status.NIEUW

    antwoord = af.post(
        reverse("signalen:notitie", kwargs={"uuid": signaal.uuid}),
        {"tekst": "Navraag bij handhaving: de schuur is bewoond.", "advies_gevraagd_aan": "politie"},
    )
    assert antwoord.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.IN_ONDERZOEK

    antwoord = af.post(
        reverse("signalen:wegen", kwargs={"uuid": signaal.uuid}),
        {"aard": "Arbeidsuitbuiting", "ernst": "Ernstig", "risico": "hoog", "onderbouwing": "Dwang.",
         "versie": signaal.versie},
    )  # fmt: skip
    assert antwoord.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.GEWOGEN

    besluit_url = reverse("signalen:besluit", kwargs={"uuid": signaal.uuid})
    assert af.get(besluit_url).status_code == 200
    antwoord = af.post(
        besluit_url,
        {
            "versie": signaal.versie,
            "naar_zorgcoordinator": "on",
            "regio": plaatsen["gv"].pk,
            "naar_politie_basisteam": "on",
            "partner_politie_basisteam": "Basisteam Gooi",
            "contact_politie_basisteam": "Wijkagent Noord",
        },
    )
    assert antwoord.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.BESLOTEN
    assert signaal.doorverwijzingen.count() == 2

    # The ZC reads the referral on the signals page and answers it in zorgcoördinatie.
    inbox = tekst(zc.get(reverse("signalen:start")))
    assert signaal.referentie in inbox and "Aanmeldingen uit signalen" in inbox
    assert "Naar de inbox van zorgcoördinatie" in inbox
    aanmelding = signaal.doorverwijzingen.get(bestemming="zorgcoordinator")
    antwoord_url = reverse("zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    assert antwoord_url in tekst(zc.get(reverse("zorgcoordinatie:start")))
    antwoord = zc.post(
        antwoord_url,
        {
            "antwoord": "accepteren",
            "accepteren-naam": "Zofia Kowalska",
            "accepteren-geslacht": "vrouw",
            "accepteren-verantwoordelijke_gemeente": plaatsen["hilversum"].pk,
        },
    )
    assert antwoord.status_code == 302
    pagina = tekst(zc.get(antwoord["Location"]))
    assert "De aanmelding is geaccepteerd." in pagina and "Zofia Kowalska" in pagina

    pagina = tekst(af.get(detail_url(signaal)))
    rij = re.search(r"Zorgcoördinator \(Gooi en Vechtstreek\)</th>(.*?)</tr>", pagina, re.S).group(1)
    assert "<strong>Opgepakt</strong>" in rij
    assert "Opgepakt op" in rij
    politie = re.search(r"Politie: basisteam</th>(.*?)</tr>", pagina, re.S).group(1)
    assert "Basisteam Gooi; Wijkagent Noord" in politie and "<strong>Verstuurd</strong>" in politie
    assert "Zorgcoördinatie: aanmelding geaccepteerd" in pagina
    assert "Navraag bij handhaving: de schuur is bewoond." in pagina


def test_besluit_zonder_keuze_en_zonder_regio(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    url = reverse("signalen:besluit", kwargs={"uuid": signaal.uuid})
    client = client_als("af")
    antwoord = client.post(url, {"versie": signaal.versie})
    assert antwoord.status_code == 400
    assert "Kies minstens één besluit" in tekst(antwoord)
    antwoord = client.post(url, {"versie": signaal.versie, "naar_zorgcoordinator": "on", "regio": ""})
    fout = re.search(r'id="id_regio_fout">(.*?)</div>', tekst(antwoord), re.S)
    assert antwoord.status_code == 400 and "Kies de regio van de zorgcoördinator." in fout.group(1)


def test_afsluiten_met_reden(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    antwoord = client_als("af").post(
        reverse("signalen:besluit", kwargs={"uuid": signaal.uuid}),
        {"versie": signaal.versie, "afsluitreden": "te_weinig", "afsluittoelichting": "Niets gevonden."},
    )
    assert antwoord.status_code == 302
    pagina = tekst(client_als("af").get(detail_url(signaal)))
    assert "Te weinig aanknopingspunten: Niets gevonden." in pagina
    assert "Signaal heropenen" in pagina and "Gegevens wijzigen" not in pagina


# --- Refused steps, POST-only views, bad input on the detail page --------------------------------


def test_geweigerde_overgang_geeft_een_melding(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    client = client_als("af")
    antwoord = client.post(reverse("signalen:heropenen", kwargs={"uuid": signaal.uuid}), {"reden": "Nieuw."})
    assert antwoord.status_code == 302 and antwoord["Location"] == detail_url(signaal)
    assert "Alleen een besloten, lopend of afgesloten signaal kan worden heropend." in tekst(
        client.get(antwoord["Location"])
    )
    antwoord = client.get(reverse("signalen:besluit", kwargs={"uuid": signaal.uuid}), follow=True)
    assert "Een besluit kan pas als het signaal gewogen is." in tekst(antwoord)


def test_lege_notitie(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    antwoord = client_als("af").post(
        reverse("signalen:notitie", kwargs={"uuid": signaal.uuid}), {"tekst": " "}
    )
    assert antwoord.status_code == 400
    fout = re.search(r'id="id_notitie_tekst_fout">(.*?)</div>', tekst(antwoord), re.S)
    assert "Schrijf wat u hebt uitgezocht of gehoord." in fout.group(1)


@pytest.mark.parametrize(
    "naam,rol",
    [
        ("signalen:persoon_verwijderen", "af"),
        ("signalen:koppeling", "af"),
    ],
)
def test_alleen_post(client_als, naam, rol):
    antwoord = client_als(rol).get(reverse(naam, kwargs={"uuid": uuid.uuid4()}))
    assert antwoord.status_code == 405
    assert antwoord["Allow"] == "POST"
    assert "Deze actie kan zo niet" in tekst(antwoord)


def test_terugkoppeling_vastleggen(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    signaal = services.besluit_nemen(
        signaal=signaal,
        door=gebruikers["af"],
        verwijzingen=[services.Verwijzing("politie_tmm")],
        versie=signaal.versie,
    )
    doorverwijzing = signaal.doorverwijzingen.get()
    url = reverse("signalen:terugkoppeling", kwargs={"uuid": doorverwijzing.uuid})
    client = client_als("af")
    antwoord = client.post(url, {"status": "ontvangen", "datum": MORGEN})
    assert antwoord.status_code == 400
    assert "De datum kan niet in de toekomst liggen." in tekst(antwoord)
    antwoord = client.post(url, {"status": "ontvangen", "bericht": "Ontvangen, wordt opgepakt."})
    assert antwoord.status_code == 302
    pagina = tekst(client.get(detail_url(signaal)))
    assert "Ontvangen op" in pagina and "Bericht: Ontvangen, wordt opgepakt." in pagina


def test_terugkoppeling_van_zorgcoordinatie_vult_de_af_niet_zelf_in(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    doorverwijzing = signaal.doorverwijzingen.get()
    client = client_als("af")
    url = reverse("signalen:terugkoppeling", kwargs={"uuid": doorverwijzing.uuid})
    antwoord = client.post(url, {"status": "ontvangen"}, follow=True)
    assert "komt van de zorgcoördinator zelf" in tekst(antwoord)
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.terugkoppeling == "verstuurd"
    assert f'action="{url}"' not in tekst(client.get(detail_url(signaal)))


def test_personen_toevoegen_wijzigen_verwijderen(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    client = client_als("af")
    url = reverse("signalen:persoon_toevoegen", kwargs={"uuid": signaal.uuid})
    antwoord = client.post(url, {"soort": "dader", "naam": "Piet Ronselaar", "telefoon": "0612"})
    assert antwoord.status_code == 400
    assert "Dit telefoonnummer klopt niet." in tekst(antwoord) and 'value="Piet Ronselaar"' in tekst(antwoord)
    assert client.post(url, {"soort": "dader", "naam": "Piet Ronselaar"}).status_code == 302
    persoon = signaal.personen.get()

    url = reverse("signalen:persoon_bewerken", kwargs={"uuid": persoon.uuid})
    assert 'value="Piet Ronselaar"' in tekst(client.get(url))
    assert (
        client.post(url, {"soort": "dader", "naam": "Piet Ronselaar", "kenteken": "12-ABC-3"}).status_code
        == 302
    )
    assert "12-ABC-3" in tekst(client.get(detail_url(signaal)))

    url = reverse("signalen:persoon_verwijderen", kwargs={"uuid": persoon.uuid})
    assert client.post(url).status_code == 302
    assert "Piet Ronselaar" not in tekst(client.get(detail_url(signaal)))


# --- The detail page: log, stacking, who sees what ----------------------------------------------


def test_detail_schrijft_het_toegangslog_en_is_404_voor_een_andere_gemeente(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], personen=[PersoonGegevensFactory()])
    assert client_als("af").get(detail_url(signaal)).status_code == 200
    regel = ToegangsLog.objects.get(scherm="signalen:detail", uitkomst=ToegangsLog.Uitkomst.TOEGESTAAN)
    assert (regel.gebruiker, regel.actie, regel.object_type, regel.object_id) == (
        gebruikers["af"],
        ToegangsLog.Actie.BEKIJKEN,
        "signalen.Signaal",
        str(signaal.uuid),
    )
    assert client_als("af_ander").get(detail_url(signaal)).status_code == 404
    assert ToegangsLog.objects.filter(
        gebruiker=gebruikers["af_ander"], uitkomst=ToegangsLog.Uitkomst.GEWEIGERD, object_id=str(signaal.uuid)
    ).exists()


def test_zc_leest_alleen_en_ziet_geen_acties(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True, personen=[PersoonGegevensFactory()])
    pagina = tekst(client_als("zc").get(detail_url(signaal)))
    assert "Alleen lezen" in pagina and signaal.personen.get().naam in pagina
    for actie in ("Notitie toevoegen", "Gegevens wijzigen", "Signaal heropenen", "Vastleggen", "Verwijderen"):
        assert actie not in pagina


def test_stapeling_binnen_bereik_met_bevestigen(client_als, gebruikers):
    af = gebruikers["af"]
    persoon = {"soort": "slachtoffer", "naam": "Zofia Kowalska", "telefoon": "+48 601 234 567"}
    eerste = SignaalFactory(door=af, personen=[persoon])
    tweede = SignaalFactory(door=af, personen=[persoon])
    client = client_als("af")
    pagina = tekst(client.get(detail_url(tweede)))
    assert "2 signalen over deze persoon" in pagina
    assert f'href="{detail_url(eerste)}">{eerste.referentie}</a>' in pagina
    koppeling = Koppeling.objects.get()
    antwoord = client.post(
        reverse("signalen:koppeling", kwargs={"uuid": koppeling.uuid}),
        {"beoordeling": "bevestigen", "signaal": str(tweede.uuid)},
    )
    assert antwoord["Location"] == detail_url(tweede) + "#stapeling"
    pagina = tekst(client.get(antwoord["Location"]))
    assert "De koppeling is bevestigd." in pagina and "Bevestigd" in pagina
    koppeling.refresh_from_db()
    assert koppeling.beoordeling == Koppeling.Beoordeling.BEVESTIGD


def test_stapeling_buiten_bereik_zonder_inhoud(client_als, gebruikers):
    persoon = {"soort": "slachtoffer", "naam": "Zofia Kowalska", "telefoon": "+48 601 234 567"}
    hier = SignaalFactory(door=gebruikers["af"], personen=[persoon], omschrijving="Geheime omschrijving.")
    daar = SignaalFactory(door=gebruikers["af_ander"], personen=[persoon])

    pagina = tekst(client_als("af_ander").get(detail_url(daar)))
    assert ELDERS in pagina
    assert hier.referentie not in pagina and "Hilversum" not in pagina
    assert "Geheime omschrijving." not in pagina and "signalen over deze persoon" not in pagina
    # The first AF is told as well.
    pagina = tekst(client_als("af").get(detail_url(hier)))
    assert ELDERS in pagina and daar.referentie not in pagina and "Leeuwarden" not in pagina


# --- Lists per role ----------------------------------------------------------------------------


def test_lijst_af_met_filters_zoeken_en_sorteren(client_als, gebruikers):
    af = gebruikers["af"]
    arbeid = SignaalFactory(door=af, omschrijving="Slapen in de kas.")
    seks = SignaalFactory(door=af, seksueel=True, acuut=True)
    lopend = SignaalFactory(door=af, lopend=True)
    wacht = SignaalFactory(door=af, doorverwezen_zc=True)
    # Set up dates that have passed (test setup only; the views never write).
    Signaal.objects.filter(pk=lopend.pk).update(monitoren_tot=VANDAAG() - timedelta(days=1))
    Doorverwijzing.objects.filter(signaal=wacht).update(datum=VANDAAG() - timedelta(days=20))
    client = client_als("af")

    def referenties(query: str = "") -> list[str]:
        antwoord = client.get(reverse("signalen:start") + query)
        assert antwoord.status_code == 200
        return re.findall(r"S-\d{4}-\d{5}(?=</a></th>)", antwoord.content.decode())

    assert referenties() == [wacht.referentie, lopend.referentie, seks.referentie, arbeid.referentie]
    assert referenties("?sortering=referentie") == sorted(referenties())
    assert referenties("?vorm=seksueel") == [seks.referentie]
    assert referenties("?urgent=on") == [seks.referentie]
    assert referenties("?wacht=on") == [wacht.referentie]
    assert referenties("?controle=on") == [lopend.referentie]
    assert referenties("?q=in+de+kas") == [arbeid.referentie]
    assert referenties(f"?q={seks.referentie[-5:]}") == [seks.referentie]
    assert referenties("?status=lopend") == [lopend.referentie]

    pagina = tekst(client.get(reverse("signalen:start")))
    assert "Nieuw signaal" in pagina and 'href="/signalen/nieuw/"' in pagina
    assert pagina.count("utrecht-status-badge--danger") == 1
    assert "Terugkoppeling te laat" in pagina and "Opnieuw bekijken" in pagina
    assert "<caption>Signalen 1–4 van 4</caption>" in pagina
    assert 'href="/signalen/export/?vorm=seksueel"' in client.get("/signalen/?vorm=seksueel").content.decode()

    antwoord = client.get(reverse("signalen:start") + "?sortering=gevaarlijk")
    assert antwoord.status_code == 400 and "Controleer het formulier." in tekst(antwoord)
    assert ToegangsLog.objects.filter(scherm="signalen:start", actie=ToegangsLog.Actie.ZOEKEN).exists()


def test_lege_lijst_van_de_af(client_als, gebruikers):
    assert "Er zijn nog geen signalen." in tekst(client_als("af").get(reverse("signalen:start")))


def test_kr_ziet_een_gepseudonimiseerde_lijst(client_als, gebruikers, plaatsen):
    persoon = {"soort": "slachtoffer", "naam": "Zofia Kowalska"}
    signaal = SignaalFactory(door=gebruikers["af"], personen=[persoon], omschrijving="Slapen in de kas.")
    elders = SignaalFactory(door=gebruikers["af_ander"])
    antwoord = client_als("kr").get(reverse("signalen:start"))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    # Without casework the coarse list (tests/signalen/test_grof.py): no reference, and one
    # signal is fewer than the threshold, so nothing of it shows.
    assert signaal.referentie not in pagina and "Hilversum" not in pagina
    assert "Kowalska" not in pagina and "Slapen in de kas." not in pagina
    assert detail_url(signaal) not in pagina
    assert elders.referentie not in pagina  # another region
    assert client_als("kr").get(detail_url(signaal)).status_code == 404

    # Once the region allows casework, the full list: the reference links to the signal.
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    pagina = tekst(client_als("kr").get(reverse("signalen:start")))
    assert signaal.referentie in pagina and "Hilversum" in pagina and "Arbeidsuitbuiting" in pagina
    assert "Kowalska" not in pagina and "Slapen in de kas." not in pagina
    assert elders.referentie not in pagina
    assert detail_url(signaal) in pagina
    assert "Kowalska" in tekst(client_als("kr").get(detail_url(signaal)))


def test_functioneel_beheerder_ziet_geen_signalen(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    fb = client_als("fb")
    for url in (
        reverse("signalen:start"),
        reverse("signalen:nieuw"),
        reverse("signalen:export"),
        detail_url(signaal),
    ):
        assert fb.get(url).status_code == 403


# --- Export ------------------------------------------------------------------------------------


def test_export_zonder_persoonsgegevens_en_gelogd(client_als, gebruikers):
    af = gebruikers["af"]
    persoon = {"soort": "slachtoffer", "naam": "Zofia Kowalska", "telefoon": "+48 601 234 567"}
    signaal = SignaalFactory(door=af, personen=[persoon], omschrijving="Slapen in de kas.", seksueel=True)
    ander = SignaalFactory(door=af)
    antwoord = client_als("af").get(reverse("signalen:export") + "?vorm=seksueel")
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord["Content-Disposition"].startswith('attachment; filename="signalen-')
    inhoud = b"".join(antwoord.streaming_content).decode("utf-8-sig")
    regels = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
    assert regels[0] == [
        "referentie", "datum_waargenomen", "datum_geregistreerd", "gemeente", "sector", "bron",
        "uitbuitingsvormen", "minderjarige_betrokken", "acuut_gevaar", "status", "risico",
    ]  # fmt: skip
    assert [r[0] for r in regels[1:]] == [signaal.referentie]  # the filter applies
    assert regels[1][3] == "Hilversum" and regels[1][6] == "Seksuele uitbuiting"
    assert ander.referentie not in inhoud
    for persoonsgegeven in ("Kowalska", "Zofia", "601", "Slapen in de kas.", "035 000 0000"):
        assert persoonsgegeven not in inhoud
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.EXPORTEREN)
    assert (regel.gebruiker, regel.object_type, regel.scherm) == (af, "signalen.Signaal", "signalen:export")
    assert regel.getoond == [f"signalen.Signaal:{signaal.uuid}"]  # exactly what the file holds


def test_export_in_delen_noemt_elk_signaal_in_het_log(client_als, gebruikers, monkeypatch):
    from signalen.views import overzicht

    monkeypatch.setattr(overzicht, "EXPORT_PER_KEER", 2)
    signalen = [SignaalFactory(door=gebruikers["af"]) for _ in range(5)]
    inhoud = b"".join(client_als("af").get(reverse("signalen:export")).streaming_content).decode("utf-8-sig")
    regels = list(csv.reader(io.StringIO(inhoud), delimiter=";"))[1:]
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.EXPORTEREN)
    per_uuid = {str(s.uuid): s.referentie for s in signalen}
    # The file's rows in the log's order, every one of them once.
    assert [r[0] for r in regels] == [per_uuid[g.split(":", 1)[1]] for g in regel.getoond]
    assert sorted(r[0] for r in regels) == sorted(per_uuid.values())


def test_export_geeft_een_spreadsheet_geen_formule(client_als, gebruikers, plaatsen):
    """A gemeente's name is the administrator's text: in the file it is never a formula."""
    SignaalFactory(door=gebruikers["af"])
    Gemeente.objects.filter(pk=plaatsen["hilversum"].pk).update(
        naam='=HYPERLINK("https://kwaad.example";"Klik")'
    )
    inhoud = b"".join(client_als("af").get(reverse("signalen:export")).streaming_content).decode("utf-8-sig")
    [_, rij] = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
    assert rij[3] == '\'=HYPERLINK("https://kwaad.example";"Klik")'


# --- Query counts ------------------------------------------------------------------------------

# PER_VERZOEK: what every request of a logged-in user costs (tests/conftest.py).


@pytest.mark.parametrize("aantal", [3, 30])
def test_lijst_af_aantal_queries(client_als, gebruikers, django_assert_num_queries, aantal):
    af = gebruikers["af"]
    for i in range(aantal):
        persoon = PersoonGegevensFactory(met_geboortedatum=True)
        SignaalFactory(door=af, doorverwezen_zc=i % 2 == 0, acuut=i % 3 == 0, personen=[persoon])
        if i % 3 == 0:  # a hit in Leeuwarden, outside the AF's reach
            SignaalFactory(door=gebruikers["af_ander"], personen=[persoon])
    client = client_als("af")
    # the AF's registrations outside their gemeenten (scope, as ids), the counts per status and
    # the list's length (one aggregate), one page of signals (gemeente joined, and whether each
    # waits too long for feedback), the access log, the hits box: its candidates and their pairs;
    # the work list: its counts and the first entries of its one kind with work (the hits).
    # Filtered the same without the work list, since the aggregate counts the filter too (issue 16).
    with django_assert_num_queries(PER_VERZOEK + 6 + 2):
        antwoord = client.get(reverse("signalen:start"))
    assert antwoord.status_code == 200
    assert "Treffers buiten uw gemeente(n) (" in antwoord.content.decode()
    # Viewed again within the minute: the counts, the hits box and the work list are kept
    # (``mensenhandel.startgeheugen``); the scope, the page and the access log remain.
    with django_assert_num_queries(PER_VERZOEK + 3):
        opnieuw = client.get(reverse("signalen:start"))
    assert opnieuw.content.decode().count("Treffers buiten uw gemeente(n) (") == 1
    with django_assert_num_queries(PER_VERZOEK + 6):
        antwoord = client.get(reverse("signalen:start") + "?status=besloten&q=S-&sortering=datum&pagina=2")
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [3, 30])
def test_inbox_zc_aantal_queries(client_als, gebruikers, django_assert_max_num_queries, aantal):
    for _ in range(aantal):
        SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    client = client_als("zc")
    # count, one page of referrals (signal, gemeente and regio joined), access log.
    with django_assert_max_num_queries(PER_VERZOEK + 3):
        antwoord = client.get(reverse("signalen:start"))
    assert antwoord.status_code == 200
    assert len(re.findall(r"S-\d{4}-\d{5}(?=</a></th>)", antwoord.content.decode())) == min(aantal, 25)


def test_signalenpagina_van_de_zc_is_alleen_lezen(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    antwoord = client_als("zc").get(reverse("signalen:start"))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert f'href="{detail_url(signaal)}">{signaal.referentie}</a>' in pagina
    assert f'href="{reverse("zorgcoordinatie:start")}#inbox"' in pagina
    assert "Naar de inbox van zorgcoördinatie" in pagina
    # No answer forms here any more: only logout and the session prolongation post.
    assert pagina.count('method="post"') == 2
    assert "Accepteren" not in pagina


@pytest.mark.parametrize("aantal", [3, 30])
def test_lijst_kr_aantal_queries(client_als, gebruikers, plaatsen, django_assert_max_num_queries, aantal):
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True  # the full list; the coarse one in test_grof
    plaatsen["gv"].save()
    for _ in range(aantal):
        SignaalFactory(door=gebruikers["af"])
    client = client_als("kr")
    # counts per status, one page (gemeente joined), which of the page the KR may open,
    # the KR's regio's (with their casework setting), guardian's lookup of the scope
    # permission's content type, and the access-log row.
    with django_assert_max_num_queries(PER_VERZOEK + 6):
        antwoord = client.get(reverse("signalen:start"))
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [1, 10])
def test_detail_aantal_queries(client_als, gebruikers, django_assert_max_num_queries, aantal):
    af = gebruikers["af"]
    personen = [PersoonGegevensFactory(volledig=True) for _ in range(aantal)]
    indicatoren = Indicator.objects.all()[:aantal]
    signaal = SignaalFactory(door=af, in_onderzoek=True, personen=personen, indicatoren=indicatoren)
    for i in range(aantal):
        notitie_toevoegen(signaal=signaal, door=af, tekst=f"Notitie {i}")
        SignaalFactory(door=af, personen=[personen[i]])  # a stacked signal per person
    client = client_als("af")
    # the AF's registrations outside their gemeenten (scope, as ids); the signal (gemeente,
    # registrar joined) and its indicators, persons, notes (author), referrals (regio, by), events
    # and their users, meeting decisions, the feedback to the reporter; may the user edit; the
    # stacked pairs and which of them the user may open; access log.
    with django_assert_max_num_queries(PER_VERZOEK + 14):
        antwoord = client.get(detail_url(signaal))
    assert antwoord.status_code == 200
    assert f"{aantal + 1} signalen over deze persoon" in tekst(antwoord)


def test_af_hoort_van_een_treffer_elders_op_de_startpagina(client_als, gebruikers):
    eerste = SignaalFactory(
        door=gebruikers["af"],
        personen=[{"soort": "slachtoffer", "naam": "Jan de Vries", "geboortedatum": date(1990, 5, 4)}],
    )
    html = client_als("af").get(reverse("signalen:start")).content.decode()
    assert "Treffers elders" not in html
    SignaalFactory(
        door=gebruikers["af_ander"],
        personen=[{"soort": "slachtoffer", "naam": "VRIES, Jan de", "geboortedatum": date(1990, 5, 4)}],
        omschrijving="Geheime inhoud van Leeuwarden",
    )
    html = client_als("af").get(reverse("signalen:start")).content.decode()
    assert "Treffers elders" in html and eerste.referentie in html
    assert "Geheime inhoud van Leeuwarden" not in html


def test_lijst_kr_filtert_zonder_tekst_te_doorzoeken(client_als, gebruikers, plaatsen):
    # Without casework the coarse list refuses a text search outright (400).
    antwoord = client_als("kr").get(reverse("signalen:start"), {"q": "geheim woord"})
    assert antwoord.status_code == 400 and "filtert niet op een datum, een sector of tekst" in tekst(antwoord)
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    arbeid = SignaalFactory(door=gebruikers["af"], arbeidsuitbuiting=True, omschrijving="geheim woord")
    seksueel = SignaalFactory(door=gebruikers["af"], seksueel=True)
    client = client_als("kr")
    html = client.get(reverse("signalen:start"), {"vorm": "arbeid"}).content.decode()
    assert arbeid.referentie in html and seksueel.referentie not in html
    # No text search for the KR: a "q" is ignored, so the description cannot be probed.
    html = client.get(reverse("signalen:start"), {"q": "geheim woord"}).content.decode()
    assert arbeid.referentie in html and seksueel.referentie in html
    assert 'name="q"' not in html


def test_lijst_kr_foute_filter_zegt_het_in_het_nederlands(client_als, plaatsen):
    client = client_als("kr")
    antwoord = client.get(reverse("signalen:start"), {"regio": plaatsen["fr"].pk})
    assert antwoord.status_code == 400  # the coarse list, without casework
    assert "Kies een van uw regio" in antwoord.content.decode()
    antwoord = client.get(reverse("signalen:start"), {"periode": "2026-13"})
    assert antwoord.status_code == 400 and "Selecteer een geldige keuze" in antwoord.content.decode()
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    antwoord = client.get(reverse("signalen:start"), {"van": "2026-02-01", "tot": "2026-01-01"})
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "De einddatum ligt vóór de begindatum." in html
    assert 'value="2026-02-01"' in html
    antwoord = client.get(reverse("signalen:start"), {"regio": plaatsen["fr"].pk})
    assert antwoord.status_code == 400
    assert "Kies een van uw regio" in antwoord.content.decode()
