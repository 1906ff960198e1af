"""The functioneel beheerder's retention page (issue 14, points 1 and 3): terms within bounds,
what the next run and the next 30 days remove, and holds with a reason and an end date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.bewaarbeheer import (
    Blokkeerbaar,
    blokkade_aanvragen,
    blokkade_beoordelen,
    blokkade_opheffen,
)
from mensenhandel.bewaartermijnen import Termijnsoort
from mensenhandel.models import Bewaarblokkade, Bewaartermijn, ToegangsLog
from mensenhandel.views_bewaren import volgende_run
from tests.signalen.factories import SignaalFactory

PAGINA = "/beheerder/bewaren/"
AMS = ZoneInfo("Europe/Amsterdam")


def _doel(signaal) -> Blokkeerbaar:
    return Blokkeerbaar("signalen.signaal", signaal.uuid, signaal.referentie)


def test_de_pagina_noemt_elke_termijn_met_bron_en_grenzen(client_als):
    tekst = client_als("fb").get(PAGINA).content.decode()
    for soort in Termijnsoort:
        assert soort.label in tekst
    assert "Zorg- en Veiligheidshuizen" in tekst  # the source of the five-year default
    assert "6 maanden tot en met 5 jaar" in tekst  # the bounds of a signal without a referral


def test_een_termijn_binnen_de_grenzen(client_als, gebruikers, plaatsen):
    client = client_als("fb")
    gv = plaatsen["gv"]
    te_kort = client.post(
        "/beheerder/bewaren/termijn/",
        {"regio": gv.pk, "soort": "traject", "maanden": "3", "toelichting": "Besluit stuurgroep"},
    )
    assert te_kort.status_code == 400
    tekst = te_kort.content.decode()
    assert (
        "Kies voor deze soort een termijn van 1 jaar tot en met 10 jaar (12 tot en met 120 maanden)." in tekst
    )
    assert "Besluit stuurgroep" in tekst  # input kept
    zonder_grond = client.post(
        "/beheerder/bewaren/termijn/", {"regio": gv.pk, "soort": "traject", "maanden": "84"}
    )
    assert zonder_grond.status_code == 400
    assert "Geef de grond voor deze termijn" in zonder_grond.content.decode()
    onzin = client.post("/beheerder/bewaren/termijn/", {"regio": gv.pk, "soort": "alles", "maanden": "zeven"})
    assert onzin.status_code == 400
    assert "Kies een soort uit de lijst." in onzin.content.decode()
    assert "Vul een aantal maanden in" in onzin.content.decode()
    assert not Bewaartermijn.objects.exists()

    goed = client.post(
        "/beheerder/bewaren/termijn/",
        {"regio": gv.pk, "soort": "traject", "maanden": "84", "toelichting": "Besluit stuurgroep 2026"},
        follow=True,
    )
    assert "is nu 7 jaar" in goed.content.decode()
    termijn = Bewaartermijn.objects.get()
    assert (termijn.maanden, termijn.gewijzigd_door) == (84, gebruikers["fb"])
    assert ToegangsLog.objects.filter(
        toelichting="bewaartermijn traject: 7 jaar", object_id=str(gv.uuid)
    ).exists()
    assert "Gooi en Vechtstreek: 84 maanden" in goed.content.decode()

    terug = client.post("/beheerder/bewaren/termijn/", {"regio": gv.pk, "soort": "traject"}, follow=True)
    assert "weer de standaardtermijn" in terug.content.decode()
    assert not Bewaartermijn.objects.exists()
    assert termijn.history.count() >= 2  # made and removed, in the history


def test_een_blokkade_plaatsen_vraagt_reden_einddatum_en_een_bestaand_gegeven(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], afgesloten=True)
    client = client_als("fb")
    fout = client.post(
        "/beheerder/bewaren/blokkade/", {"referentie": "S-1999-00001", "reden": "", "tot": "2001-01-01"}
    )
    assert fout.status_code == 400
    tekst = fout.content.decode()
    assert "Geef de reden van de blokkade" in tekst
    assert "Kies een einddatum in de toekomst." in tekst
    assert "Vul de referentie van een signaal" in tekst
    assert 'value="S-1999-00001"' in tekst  # input kept
    tot = timezone.localdate() + timedelta(days=400)
    goed = client.post(
        "/beheerder/bewaren/blokkade/",
        {
            "referentie": signaal.referentie.lower(),
            "reden": "Lopend strafrechtelijk onderzoek",
            "tot": tot.isoformat(),
        },
        follow=True,
    )
    assert f"{signaal.referentie} blijft bewaard" in goed.content.decode()
    blokkade = Bewaarblokkade.objects.get()
    assert (blokkade.status, blokkade.object_uuid, blokkade.object_type) == (
        Bewaarblokkade.Status.ACTIEF,
        signaal.uuid,
        "signalen.signaal",
    )
    assert ToegangsLog.objects.filter(
        object_id=str(blokkade.uuid), toelichting__contains="geplaatst"
    ).exists()


def test_aanvragen_goedkeuren_afwijzen_opheffen(client_als, gebruikers):
    af, fb = gebruikers["af"], gebruikers["fb"]
    tot = timezone.localdate() + timedelta(days=100)
    eerste = SignaalFactory(door=af, afgesloten=True)
    tweede = SignaalFactory(door=af, afgesloten=True)
    with pytest.raises(Exception, match="reden"):
        blokkade_aanvragen(door=af, doel=_doel(eerste), reden=" ", tot=tot)
    a = blokkade_aanvragen(door=af, doel=_doel(eerste), reden="Aangifte loopt", tot=tot)
    with pytest.raises(Geweigerd, match="al een blokkade aangevraagd"):
        blokkade_aanvragen(door=af, doel=_doel(eerste), reden="Nog eens", tot=tot)
    b = blokkade_aanvragen(door=af, doel=_doel(tweede), reden="Klacht loopt", tot=tot)
    assert a.status == Bewaarblokkade.Status.AANGEVRAAGD
    with pytest.raises(Geweigerd):
        blokkade_beoordelen(door=af, blokkade=a, goedkeuren=True)  # only a beheerder

    client = client_als("fb")
    pagina = client.get(PAGINA).content.decode()
    assert "Aangifte loopt" in pagina and "Klacht loopt" in pagina
    client.post(f"/beheerder/bewaren/blokkade/{a.uuid}/", {"besluit": "goedkeuren"})
    client.post(f"/beheerder/bewaren/blokkade/{b.uuid}/", {"besluit": "afwijzen"})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.beoordeeld_door, b.status) == (
        Bewaarblokkade.Status.ACTIEF,
        fb,
        Bewaarblokkade.Status.AFGEWEZEN,
    )
    nogmaals = client.post(f"/beheerder/bewaren/blokkade/{b.uuid}/", {"besluit": "goedkeuren"}, follow=True)
    assert "Deze blokkade is al afgewezen." in nogmaals.content.decode()
    onzin = client.post(f"/beheerder/bewaren/blokkade/{a.uuid}/", {"besluit": "weg"})
    assert onzin.status_code == 400 and "Kies een besluit uit de lijst." in onzin.content.decode()
    blokkade_opheffen(door=fb, blokkade=a)
    a.refresh_from_db()
    assert a.status == Bewaarblokkade.Status.OPGEHEVEN


def test_de_vooruitblik_op_de_pagina(client_als, gebruikers):
    with time_machine.travel(datetime(2026, 1, 5, 10, tzinfo=AMS), tick=False):
        SignaalFactory(door=gebruikers["af"], afgesloten=True)
    with time_machine.travel(datetime(2027, 12, 20, 10, tzinfo=AMS), tick=False):
        tekst = client_als("fb").get(PAGINA).content.decode()
    assert "Binnen 30 dagen, per soort en gemeente" in tekst
    assert "Hilversum" in tekst


def test_de_pagina_leest_een_vast_aantal_queries(client_als, gebruikers, plaatsen, django_assert_num_queries):
    client = client_als("fb")
    client.get(PAGINA)

    def tellen() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as vastgelegd:
            assert client.get(PAGINA).status_code == 200
        return len(vastgelegd)

    leeg = tellen()
    af = gebruikers["af"]
    for _ in range(3):
        signaal = SignaalFactory(door=af, afgesloten=True)
        blokkade_aanvragen(
            door=af, doel=_doel(signaal), reden="Onderzoek", tot=timezone.localdate() + timedelta(days=30)
        )
    Bewaartermijn.objects.create(
        regio=plaatsen["gv"],
        soort="traject",
        maanden=72,
        toelichting="Besluit",
        gewijzigd_door=gebruikers["fb"],
    )
    assert tellen() == leeg
    with django_assert_num_queries(leeg):
        client.get(PAGINA)


def test_volgende_run():
    assert volgende_run(datetime(2027, 3, 1, 1, 0, tzinfo=AMS)) == date(2027, 3, 1)
    assert volgende_run(datetime(2027, 3, 1, 3, 0, tzinfo=AMS)) == date(2027, 3, 2)


def test_de_aandachtsfunctionaris_vraagt_een_blokkade_aan_en_verliest_niets(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], afgesloten=True)
    af = client_als("af")
    url = f"/signalen/{signaal.uuid}/bewaren/"
    assert url in af.get(f"/signalen/{signaal.uuid}/").content.decode()  # linked from the signal
    fout = af.post(url, {"reden": "Aangifte bij de politie loopt", "tot": "gisteren"})
    assert fout.status_code == 400
    tekst = fout.content.decode()
    assert "Vul een geldige datum in" in tekst and "Aangifte bij de politie loopt" in tekst
    tot = (timezone.localdate() + timedelta(days=200)).isoformat()
    af.post(url, {"reden": "Aangifte bij de politie loopt", "tot": tot})
    blokkade = Bewaarblokkade.objects.get()
    assert (blokkade.status, blokkade.aangevraagd_door, blokkade.referentie) == (
        Bewaarblokkade.Status.AANGEVRAAGD,
        gebruikers["af"],
        signaal.referentie,
    )
    assert "Aangevraagd" in af.get(url).content.decode()
    # Another gemeente's AF cannot ask it for this signal.
    assert client_als("af_ander").post(url, {"reden": "x", "tot": tot}).status_code == 404


def test_de_zorgcoordinator_vraagt_een_blokkade_voor_de_client(client_als, gebruikers):
    from tests.zorgcoordinatie.factories import TrajectFactory

    traject = TrajectFactory(door=gebruikers["zc"])
    zc = client_als("zc")
    url = f"/zorgcoordinatie/trajecten/{traject.uuid}/bewaren/"
    assert url in zc.get(f"/zorgcoordinatie/trajecten/{traject.uuid}/").content.decode()
    tot = (timezone.localdate() + timedelta(days=200)).isoformat()
    antwoord = zc.post(url, {"reden": "Klacht bij de ombudsman", "tot": tot}, follow=True)
    assert "De blokkade is aangevraagd" in antwoord.content.decode()
    blokkade = Bewaarblokkade.objects.get()
    assert (blokkade.object_type, blokkade.object_uuid) == ("zorgcoordinatie.client", traject.client.uuid)
