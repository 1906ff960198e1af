"""The rights of the person concerned (issue 14, point 5): an inzageverzoek across every regio
(art. 15 AVG) as PDF and JSON, corrections recorded as such (art. 16) and restriction of
processing (art. 18)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mensenhandel import inzage
from mensenhandel.acties import Geweigerd
from mensenhandel.inzage import CORRECTIE
from mensenhandel.models import Inzageverzoek, ToegangsLog
from signalen import services as signalen_services
from signalen.models import BetrokkenPersoon, Koppeling
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory, tweede_zorgcoordinator
from zorgcoordinatie import services as zc_services
from zorgcoordinatie.models import Client

ZOEKEN = "/gegevensbescherming/inzage/"
GEBOREN = date(1994, 5, 17)


def _persoon(naam: str, geboortedatum: date | None = GEBOREN, **meer) -> dict:
    return {"soort": "slachtoffer", "naam": naam, "geboortedatum": geboortedatum, **meer}


@pytest.fixture
def betrokkene(gebruikers):
    """Marta Kowalska (fictitious) in two regio's: a signal in Hilversum (Gooi en Vechtstreek),
    one in Leeuwarden (Fryslân) with her name written otherwise, a client with her alias in Gooi
    en Vechtstreek; a signal with her name and no date of birth (a possible hit); and someone else
    with the same name, born on another day (not her)."""
    af, ander, zc = gebruikers["af"], gebruikers["af_ander"], gebruikers["zc"]
    hilversum = SignaalFactory(
        door=af,
        doorverwezen_zc=True,
        personen=[_persoon("Marta Kowalska", telefoon="06 12121212"), _persoon("Piet Dader", None)],
    )
    leeuwarden = SignaalFactory(door=ander, personen=[_persoon("KOWALSKA, márta")])
    mogelijk = SignaalFactory(door=ander, personen=[_persoon("Marta Kowalska", None)])
    iemand_anders = SignaalFactory(door=af, personen=[_persoon("Marta Kowalska", date(1971, 2, 3))])
    traject = TrajectFactory(
        door=zc,
        client_gegevens={"naam": "M. K.", "aliassen": "Marta Kowalska", "geboortedatum": GEBOREN},
    )
    return {
        "hilversum": hilversum,
        "leeuwarden": leeuwarden,
        "mogelijk": mogelijk,
        "iemand_anders": iemand_anders,
        "traject": traject,
        "client": traject.client,
    }


def _zoeken(client, naam="marta kowalska", geboortedatum=GEBOREN, kenmerk="Z-2026-0042"):
    return client.post(
        ZOEKEN,
        {
            "naam": naam,
            "geboortedatum": geboortedatum.isoformat(),
            "kenmerk": kenmerk,
            "ontvangen_op": timezone.localdate().isoformat(),
        },
    )


def test_inzage_over_twee_regios_noemt_elk_gegeven_en_elke_inzage(client_als, gebruikers, betrokkene):
    # Who saw what: the AF opens the Hilversum signal, the other AF's list shows Leeuwarden, the
    # zorgcoördinator opens the client's trajectory.
    client_als("af").get(f"/signalen/{betrokkene['hilversum'].uuid}/")
    client_als("af_ander").get("/signalen/")
    client_als("zc").get(f"/zorgcoordinatie/trajecten/{betrokkene['traject'].uuid}/")

    fg = client_als("fg")
    antwoord = _zoeken(fg)
    verzoek = Inzageverzoek.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == f"{ZOEKEN}{verzoek.uuid}/"
    # The request keeps no name or date of birth.
    opgeslagen = json.dumps([verzoek.kenmerk, verzoek.treffers]).lower()
    assert "kowalska" not in opgeslagen and "1994" not in opgeslagen

    pagina = fg.get(antwoord["Location"]).content.decode()
    for sleutel in ("hilversum", "leeuwarden", "mogelijk"):
        assert betrokkene[sleutel].referentie in pagina
    assert betrokkene["client"].dossiernummer in pagina
    assert betrokkene["iemand_anders"].referentie not in pagina

    document = json.loads(fg.get(f"{ZOEKEN}{verzoek.uuid}/inzage.json").content)
    gegevens = {g["kenmerk"]: g for g in document["gegevens"]}
    assert set(gegevens) == {
        betrokkene["hilversum"].referentie,
        betrokkene["leeuwarden"].referentie,
        betrokkene["mogelijk"].referentie,
        betrokkene["client"].dossiernummer,
    }
    hilversum = gegevens[betrokkene["hilversum"].referentie]
    assert hilversum["overeenkomst"] == "naam en geboortedatum"
    assert gegevens[betrokkene["mogelijk"].referentie]["overeenkomst"] == "alleen de naam"
    assert gegevens[betrokkene["leeuwarden"].referentie]["waar"] == "Leeuwarden"
    # Her own data; the other person in the signal and the reporter's contact are left out.
    tekst = json.dumps(hilversum, ensure_ascii=False)
    assert "06 12121212" in tekst and "Piet Dader" not in tekst and "035 000 0000" not in tekst
    assert any("Zorgcoördinator" in o["ontvanger"] for o in hilversum["ontvangers"])
    # Who viewed it, per record: the AF on the signal's page, the other AF in a list, the ZC.
    inzagers = {g["kenmerk"]: {t["gebruiker"] for t in g["inzage_door"]} for g in document["gegevens"]}
    assert gebruikers["af"].naam in inzagers[betrokkene["hilversum"].referentie]
    assert gebruikers["af_ander"].naam in inzagers[betrokkene["leeuwarden"].referentie]
    assert gebruikers["zc"].naam in inzagers[betrokkene["client"].dossiernummer]
    client_json = gegevens[betrokkene["client"].dossiernummer]
    assert any(
        r["titel"].startswith("Traject in regio Gooi en Vechtstreek") for r in client_json["rubrieken"]
    )
    assert client_json["herkomst"]  # the aanmelding it came from

    pdf = fg.get(f"{ZOEKEN}{verzoek.uuid}/inzage.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]

    # Every step is in the access log, without the name.
    stappen = ToegangsLog.objects.filter(object_type="mensenhandel.Inzageverzoek", gebruiker=gebruikers["fg"])
    assert {r.actie for r in stappen} >= {"zoeken", "bekijken", "exporteren"}
    assert not any("owalska" in r.toelichting for r in ToegangsLog.objects.all())
    export = stappen.filter(actie="exporteren").first()
    assert f"signalen.Signaal:{betrokkene['hilversum'].uuid}" in export.getoond


def test_de_eigen_inzage_van_de_privacyfunctionaris_staat_in_het_volgende_document(client_als, betrokkene):
    fg = client_als("fg")
    _zoeken(fg, kenmerk="eerste")
    verzoek = Inzageverzoek.objects.get(kenmerk="eerste")
    fg.get(f"{ZOEKEN}{verzoek.uuid}/")
    _zoeken(fg, kenmerk="tweede")
    tweede = Inzageverzoek.objects.get(kenmerk="tweede")
    document = json.loads(fg.get(f"{ZOEKEN}{tweede.uuid}/inzage.json").content)
    rollen = {t["rol"] for g in document["gegevens"] for t in g["inzage_door"]}
    assert "Privacyfunctionaris" in rollen


@pytest.mark.parametrize(
    "gegevens,veld,melding",
    [
        ({}, "naam", "Vul de naam van de betrokkene in."),
        ({}, "geboortedatum", "Vul de geboortedatum van de betrokkene in."),
        ({}, "kenmerk", "Vul het kenmerk van het verzoek in"),
        (
            {"geboortedatum": "2999-01-01"},
            "geboortedatum",
            "Een geboortedatum kan niet in de toekomst liggen.",
        ),
        ({"geboortedatum": "17-05-19xx"}, "geboortedatum", "Vul een geldige datum in"),
        ({"naam": "  ..  "}, "naam", "Vul een naam in met letters."),
        ({"ontvangen_op": "2999-01-01"}, "ontvangen_op", "Deze datum ligt in de toekomst."),
    ],
)
def test_zoeken_met_foute_invoer_geeft_een_nederlandse_melding_en_houdt_de_invoer(
    client_als, gebruikers, gegevens, veld, melding
):
    data = {
        "naam": "Marta Kowalska",
        "geboortedatum": "1994-05-17",
        "kenmerk": "Z-1",
        "ontvangen_op": timezone.localdate().isoformat(),
    }
    data.update(gegevens or {veld: ""})
    antwoord = client_als("fg").post(ZOEKEN, data)
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert melding in tekst
    assert 'value="Z-1"' in tekst or veld == "kenmerk"
    assert not Inzageverzoek.objects.exists()


def test_de_beheerder_handelt_af_alleen_zonder_privacyfunctionaris(client_als, gebruikers, betrokkene):
    beheerder = client_als("fb")
    assert beheerder.get(ZOEKEN).status_code == 403
    assert "Inzageverzoeken" not in beheerder.get("/beheerder/").content.decode()
    gebruikers["fg"].is_active = False
    gebruikers["fg"].save()
    assert beheerder.get(ZOEKEN).status_code == 200
    assert "Inzageverzoeken" in beheerder.get("/beheerder/").content.decode()
    assert _zoeken(beheerder).status_code == 302
    assert Inzageverzoek.objects.get().door == gebruikers["fb"]


def test_het_resultaat_leest_een_vast_aantal_queries(client_als, gebruikers, betrokkene):
    fg = client_als("fg")
    _zoeken(fg, kenmerk="weinig", naam="Piet Dader", geboortedatum=date(2000, 1, 1))
    _zoeken(fg, kenmerk="veel")
    weinig, veel = (Inzageverzoek.objects.get(kenmerk=k) for k in ("weinig", "veel"))
    assert len(veel.treffers) == 4

    def tellen(verzoek) -> int:
        with CaptureQueriesContext(connection) as vastgelegd:
            assert fg.get(f"{ZOEKEN}{verzoek.uuid}/").status_code == 200
        return len(vastgelegd)

    tellen(weinig)
    # Session, user, device, groups, permissions, the request, its records per app (signals:
    # signals, persons, indicators, notes, referrals, events, corrections; clients: clients,
    # trajectories, needs, care, meetings, agreements, aanmeldingen, exports, corrections), the
    # access log, the log row, the session save.
    assert tellen(veel) <= 30


def _beperken(fg, verzoek, treffer_bron, uuid, actie="beperken", reden="De betrokkene betwist de juistheid."):
    return fg.post(
        f"{ZOEKEN}{verzoek.uuid}/beperking/",
        {"sleutel": f"{treffer_bron}:{uuid}", "actie": actie, "reden": reden},
    )


def test_een_beperkt_signaal_ziet_alleen_de_eigenaar_en_niemand_wijzigt_het(
    client_als, gebruikers, betrokkene
):
    fg = client_als("fg")
    _zoeken(fg)
    verzoek = Inzageverzoek.objects.get()
    signaal = betrokkene["hilversum"]

    assert signaal.referentie in client_als("zc").get("/zorgcoordinatie/").content.decode()  # its inbox

    zonder_reden = _beperken(fg, verzoek, "signalen", signaal.uuid, reden="")
    assert zonder_reden.status_code == 302
    assert "Vul de reden in." in fg.get(zonder_reden["Location"]).content.decode()
    signaal.refresh_from_db()
    assert signaal.verwerking_beperkt_op is None
    vreemd = _beperken(fg, verzoek, "signalen", betrokkene["iemand_anders"].uuid)
    assert "hoort niet bij dit inzageverzoek" in fg.get(vreemd["Location"]).content.decode()

    assert _beperken(fg, verzoek, "signalen", signaal.uuid).status_code == 302
    signaal.refresh_from_db()
    assert signaal.verwerking_beperkt_op is not None
    assert signaal.history.first().history_change_reason.startswith("Verwerking beperkt (art. 18 AVG)")
    assert ToegangsLog.objects.filter(
        object_id=str(signaal.uuid), actie="wijzigen", toelichting__startswith="verwerking beperkt"
    ).exists()

    # The owner still views it, with the restriction said; changing it is refused.
    pagina = client_als("af").get(f"/signalen/{signaal.uuid}/")
    assert pagina.status_code == 200 and "Verwerking beperkt (artikel 18 AVG)" in pagina.content.decode()
    assert signaal.referentie in client_als("af").get("/signalen/").content.decode()
    persoon = signaal.personen.get(naam="Marta Kowalska")
    with pytest.raises(Geweigerd, match=r"beperkt \(art\. 18 AVG\)"):
        signalen_services.persoon_bijwerken(
            persoon=persoon, door=gebruikers["af"], gegevens={"soort": "slachtoffer", "naam": "M. Kowalska"}
        )
    # Others who could read it no longer do: the zorgcoördinator it was referred to, whose inbox
    # no longer offers its referral either.
    assert client_als("zc").get(f"/signalen/{signaal.uuid}/").status_code == 404
    assert signaal.referentie not in client_als("zc").get("/zorgcoordinatie/").content.decode()
    # Not in the AF's export, and not matched by stacking.
    export = client_als("af").get("/signalen/export/")
    assert signaal.referentie not in b"".join(export.streaming_content).decode()
    nieuw = SignaalFactory(
        door=gebruikers["af"], personen=[_persoon("Marta Kowalska", telefoon="06 12121212")]
    )
    paren = Koppeling.objects.filter(signaal_a__in=[signaal, nieuw], signaal_b__in=[signaal, nieuw])
    assert not paren.exists()

    # Freed, it is processed again.
    assert (
        _beperken(fg, verzoek, "signalen", signaal.uuid, actie="opheffen", reden="Juist bevonden").status_code
        == 302
    )
    signaal.refresh_from_db()
    assert signaal.verwerking_beperkt_op is None
    assert client_als("zc").get(f"/signalen/{signaal.uuid}/").status_code == 200
    assert signaal.referentie in client_als("zc").get("/zorgcoordinatie/").content.decode()


def test_een_beperkte_client_ziet_alleen_de_eigen_zorgcoordinator(
    client_als, gebruikers, plaatsen, betrokkene
):
    fg = client_als("fg")
    _zoeken(fg)
    verzoek = Inzageverzoek.objects.get()
    traject, client = betrokkene["traject"], betrokkene["client"]
    collega = tweede_zorgcoordinator(plaatsen["gv"])
    from django.test import Client as Browser

    from tests.conftest import volledig_inloggen

    assert (
        volledig_inloggen(Browser(), collega).get(f"/zorgcoordinatie/trajecten/{traject.uuid}/").status_code
        == 200
    )
    assert _beperken(fg, verzoek, "zorgcoordinatie", client.uuid).status_code == 302
    client.refresh_from_db()
    assert client.verwerking_beperkt_op is not None

    eigen = client_als("zc").get(f"/zorgcoordinatie/trajecten/{traject.uuid}/")
    assert eigen.status_code == 200 and "Verwerking beperkt (artikel 18 AVG)" in eigen.content.decode()
    assert (
        volledig_inloggen(Browser(), collega).get(f"/zorgcoordinatie/trajecten/{traject.uuid}/").status_code
        == 404
    )
    with pytest.raises(Geweigerd, match="beperkt"):
        zc_services.client_bijwerken(
            client=client, door=gebruikers["zc"], gegevens={"naam": "Anders"}, versie=client.versie
        )
    # Repeating the restriction is refused with a message, not an error.
    opnieuw = _beperken(fg, verzoek, "zorgcoordinatie", client.uuid)
    assert "al beperkt" in fg.get(opnieuw["Location"]).content.decode()


def test_een_correctie_staat_als_correctie_in_de_historie_en_het_document(client_als, gebruikers, betrokkene):
    signaal = betrokkene["hilversum"]
    persoon = signaal.personen.get(naam="Marta Kowalska")
    af = client_als("af")
    formulier = af.get(f"/signalen/personen/{persoon.uuid}/bewerken/").content.decode()
    assert "correctie op verzoek van de betrokkene (artikel 16 AVG)" in formulier
    antwoord = af.post(
        f"/signalen/personen/{persoon.uuid}/bewerken/",
        {"soort": "slachtoffer", "naam": "Marta Kowalska", "geboortedatum": "1994-05-17",
         "telefoon": "06 34343434", "correctie": "on"},
    )  # fmt: skip
    assert antwoord.status_code == 302
    assert BetrokkenPersoon.history.filter(uuid=persoon.uuid, history_change_reason=CORRECTIE).count() == 1
    assert signaal.gebeurtenissen.filter(omschrijving__contains="art. 16 AVG").exists()

    client = betrokkene["client"]
    zc_services.client_bijwerken(
        client=client,
        door=gebruikers["zc"],
        gegevens={"nationaliteiten": "Pools"},
        versie=client.versie,
        correctie=True,
    )
    assert Client.history.filter(uuid=client.uuid, history_change_reason=CORRECTIE).count() == 1

    treffers = inzage.zoeken("Marta Kowalska", GEBOREN)
    dossiers = {d.kenmerk: d for d in inzage.dossiers(treffers)}
    assert [c[2] for c in dossiers[signaal.referentie].correcties] == ["Betrokken persoon"]
    assert [c[2] for c in dossiers[client.dossiernummer].correcties] == ["Cliënt"]


def test_een_vernietigd_gegeven_is_niet_meer_te_vinden(gebruikers, betrokkene):
    from django.utils import timezone

    Client.objects.filter(pk=betrokkene["client"].pk).update(vernietigd_op=timezone.now())
    treffers = inzage.zoeken("Marta Kowalska", GEBOREN)
    assert "zorgcoordinatie" not in {t.bron for t in treffers}
    assert {t.uuid for t in treffers} >= {str(betrokkene["hilversum"].uuid)}
