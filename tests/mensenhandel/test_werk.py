"""Work that comes to you ("Mijn werk", issue 18 point 4): one list per user from
``mensenhandel.werk``, derived from the records' state, on the start pages, on /werk/ and counted
in the menu from the cache.

Per role: an item appears when a record needs the user and disappears when it is dealt with;
the list costs a fixed number of queries whatever the number of items (10 or 10,000); the menu's
count asks the database nothing on a page once counted; the work page is in the access log.
"""

from __future__ import annotations

import copy
import re
import uuid
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client as Webclient
from django.urls import reverse
from django.utils import timezone

from ketenregie.services import knelpunten as knelpuntservices
from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.toegang import bereik
from mensenhandel.werk import aantallen, menuaantal, startlijst, vergeten
from rapportage.models import Rapportopening
from signalen import services as signaalservices
from signalen.models import Doorverwijzing, Signaal
from tests.conftest import PER_VERZOEK, maak_gebruiker, volledig_inloggen
from tests.rapportage.hulp import aanvragen, klaar_maken
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory
from tests.zorgcoordinatie.factories import AanmeldingFactory, TrajectFactory
from zorgcoordinatie.models import Aanmelding, Client, Traject


def vandaag() -> date:
    return timezone.localdate()


def tekst(antwoord) -> str:
    return antwoord.content.decode()


def menu(html: str) -> str:
    return re.search(r'aria-label="Hoofdmenu">(.*?)</nav>', html, re.S).group(1)


def sectie(html: str) -> str:
    """The "Mijn werk" section of a start page."""
    return re.search(r'<section id="mijn-werk".*?</section>', html, re.S).group(0)


def _persoon(n: int) -> dict:
    return PersoonGegevensFactory(
        naam=f"Ewa Werklijst{n}", geboortedatum=date(1991, 2, 3) + timedelta(days=n)
    )


def _sluiten(signaal: Signaal, door) -> None:
    signaal.refresh_from_db()
    signaalservices.besluit_nemen(
        signaal=signaal,
        door=door,
        verwijzingen=[],
        afsluitreden=signaalservices.Afsluitreden.TE_WEINIG,
        afsluittoelichting="Geen aanknopingspunten na navraag.",
        versie=signaal.versie,
    )


# --- Aandachtsfunctionaris --------------------------------------------------------------------------


def test_werk_van_de_af_komt_en_gaat_met_de_signalen(client_als, gebruikers):
    af, zc = gebruikers["af"], gebruikers["zc"]
    verwezen = SignaalFactory(door=af, doorverwezen_zc=True)
    doorverwijzing = verwezen.doorverwijzingen.get()
    # Test setup: the referral was sent 30 days ago (the feedback is overdue after 14).
    Doorverwijzing.objects.filter(pk=doorverwijzing.pk).update(datum=vandaag() - timedelta(days=30))
    lopend = SignaalFactory(door=af, lopend=True)
    Signaal.objects.filter(pk=lopend.pk).update(monitoren_tot=vandaag())  # its look-again date came
    treffer = SignaalFactory(door=af, gewogen=True, personen=[_persoon(1)])
    SignaalFactory(door=gebruikers["af_ander"], personen=[_persoon(1)])  # the same person, elsewhere
    SignaalFactory(door=af)  # nothing to do
    assert aantallen(af) == {
        "af.nieuws": 0,
        "af.terugkoppeling_te_laat": 1,
        "af.melder_terugkoppeling": 0,  # registered today: the reporter is not waiting yet
        "af.opnieuw_bekijken": 1,
        "af.treffers_elders": 1,
        "af.contactverzoeken": 0,
    }
    # The other AF's hit is theirs; the ZC has the referral in their work.
    assert aantallen(gebruikers["af_ander"])["af.treffers_elders"] == 1
    assert aantallen(zc)["zc.aanmeldingen_uit_signalen"] == 1

    client = client_als("af")
    html = tekst(client.get(reverse("signalen:start")))
    werk = sectie(html)
    assert "Mijn werk (3)" in menu(html)
    assert "Geen terugkoppeling na 14 dagen (1)" in werk and "Treffers buiten uw gemeente(n) (1)" in werk
    for signaal, anker in ((verwezen, "doorverwijzingen"), (lopend, "besluit"), (treffer, "stapeling")):
        assert f'href="{reverse("signalen:detail", kwargs={"uuid": signaal.uuid})}#{anker}">' in werk
        assert signaal.referentie in werk and signaal.omschrijving not in werk
    assert "Ewa" not in werk

    # The zorgcoördinator declines: the AF has news instead of an overdue referral, the ZC no
    # aanmelding any more.
    signaalservices.aanmelding_beantwoorden(
        doorverwijzing=doorverwijzing, door=zc, geaccepteerd=False, bericht="Geen plek in de regio"
    )
    assert aantallen(af)["af.nieuws"] == 1 and aantallen(af)["af.terugkoppeling_te_laat"] == 0
    assert aantallen(zc)["zc.aanmeldingen_uit_signalen"] == 0
    # Opening the signal is looking at the news.
    client.get(reverse("signalen:detail", kwargs={"uuid": verwezen.uuid}))
    assert aantallen(af)["af.nieuws"] == 0
    # Closing the signals deals with the look-again date and the hit.
    _sluiten(lopend, af)
    _sluiten(treffer, af)
    assert aantallen(af) == dict.fromkeys(aantallen(af), 0)
    # (Through the pages her own POSTs forget the start page's kept section; here the services
    # were called directly.)
    vergeten(af)
    html = tekst(client.get(reverse("signalen:start")))
    assert "Er wacht nu niets op u." in sectie(html) and "Mijn werk (0)" in menu(html)


def test_de_af_krijgt_geen_werk_van_een_collega(gebruikers, plaatsen):
    """A signal's work is its owner's (who registered it), not every AF of the gemeente's."""
    collega = maak_gebruiker("af2@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["hilversum"]])
    lopend = SignaalFactory(door=gebruikers["af"], lopend=True)
    Signaal.objects.filter(pk=lopend.pk).update(monitoren_tot=vandaag() - timedelta(days=1))
    assert aantallen(gebruikers["af"])["af.opnieuw_bekijken"] == 1
    assert aantallen(collega)["af.opnieuw_bekijken"] == 0


# --- Zorgcoördinator --------------------------------------------------------------------------------


def test_werk_van_de_zc_staat_een_keer_op_de_startpagina_en_gaat_na_antwoord(client_als, gebruikers):
    """An open aanmelding is in the start page's inbox (with more to go on than a work entry);
    "Mijn werk" there lists the rest of her work, so nothing is listed twice. The menu counts both,
    and the work page lists both."""
    zc = gebruikers["zc"]
    aanmelding = AanmeldingFactory(door=zc)
    AanmeldingFactory(door=gebruikers["zc_ander"])  # another regio's
    traject = TrajectFactory(door=zc)
    Traject.objects.filter(pk=traject.pk).update(volgende_evaluatie=vandaag() - timedelta(days=1))
    beantwoorden = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    client = client_als("zc")
    html = tekst(client.get(reverse("zorgcoordinatie:start")))
    werk = sectie(html)
    assert "Evaluatie verlopen (1)" in werk and "Directe aanmeldingen" not in werk
    assert html.count(beantwoorden) == 1 and "Mijn werk (2)" in menu(html)
    assert "Directe aanmeldingen (1)" in tekst(client.get(reverse("werk")))
    # With only aanmeldingen waiting, the section points to the inbox instead of saying "nothing".
    Traject.objects.filter(pk=traject.pk).update(volgende_evaluatie=vandaag() + timedelta(days=30))
    vergeten(zc)  # the kept section (as after a minute)
    html = tekst(client.get(reverse("zorgcoordinatie:start")))
    assert "Behalve de open aanmeldingen in de inbox hieronder wacht er nu niets op u." in sectie(html)
    # Answered through the page (declined), it leaves the start page at once.
    client.post(
        beantwoorden,
        {"antwoord": "afwijzen", "afwijzen-reden": "Geen mensenhandel; verwezen naar wijkteam."},
    )
    html = tekst(client.get(reverse("zorgcoordinatie:start")))
    assert beantwoorden not in html
    assert "Er wacht nu niets op u." in sectie(html) and "Mijn werk (0)" in menu(html)


# --- Ketenregisseur ---------------------------------------------------------------------------------


def test_werk_van_de_kr_actiepunten_en_rapportages(client_als, gebruikers):
    kr = gebruikers["kr"]
    knelpunt, _ = knelpuntservices.knelpunt_vastleggen(
        door=kr,
        gegevens={
            "thema": "samenwerking",
            "titel": "Terugkoppeling politie blijft uit",
            "omschrijving": "Melders horen niets terug.",
            "ingebracht_door": "AF-overleg",
            "datum": vandaag() - timedelta(days=60),
            "status": "open",
        },
    )
    punt, _ = knelpuntservices.knelpunt_actiepunt_toevoegen(
        door=kr,
        knelpunt=knelpunt,
        gegevens={
            "omschrijving": "Agenderen in het Drieluik",
            "eigenaar": "Ketenregisseur",
            "deadline": vandaag(),
        },
    )
    rapport = klaar_maken(aanvragen(kr))
    client = client_als("kr")
    # Due today is not past its date; the report is ready and not yet downloaded.
    assert aantallen(kr) == {"kr.actiepunten_verlopen": 0, "kr.rapporten_klaar": 1}
    type(punt).objects.filter(pk=punt.pk).update(deadline=vandaag() - timedelta(days=1))
    html = tekst(client.get(reverse("ketenregie:start")))
    werk = sectie(html)
    assert "Actiepunten over hun datum (1)" in werk and "Rapportages klaar om te downloaden (1)" in werk
    assert reverse("ketenregie:actiepunt_bijwerken", kwargs={"uuid": punt.uuid}) in werk
    assert reverse("rapportage:rapport", kwargs={"uuid": rapport.uuid}) in werk
    assert "Agenderen" not in werk  # where it belongs, not what it says
    # The KR downloads the report and closes the action point: both leave the list.
    assert client.get(reverse("rapportage:downloaden", kwargs={"uuid": rapport.uuid})).status_code == 200
    assert client.get(reverse("rapportage:downloaden", kwargs={"uuid": rapport.uuid})).status_code == 200
    assert Rapportopening.objects.filter(rapport=rapport, gebruiker=kr).count() == 1
    antwoord = client.post(
        reverse("ketenregie:actiepunt_bijwerken", kwargs={"uuid": punt.uuid}),
        {"status": "afgerond", "uitkomst": "Besproken.", "deadline": punt.deadline.isoformat()},
    )
    assert antwoord.status_code == 302
    assert aantallen(kr) == {"kr.actiepunten_verlopen": 0, "kr.rapporten_klaar": 0}


# --- Other roles, the page, the menu and the access log ----------------------------------------------


@pytest.mark.parametrize("rol", ["fb", "fg"])
def test_andere_rollen_hebben_een_lege_lijst(client_als, gebruikers, rol):
    antwoord = client_als(rol).get(reverse("werk"))
    html = tekst(antwoord)
    assert antwoord.status_code == 200
    assert "Voor uw rol komt hier geen werk binnen." in html
    assert "Mijn werk" not in menu(html)  # the menu offers it to the roles that get work
    assert aantallen(gebruikers[rol]) == {}


def test_de_werkpagina_toont_alles_en_staat_in_het_toegangslog(client_als, gebruikers):
    zc = gebruikers["zc"]
    trajecten = [TrajectFactory(door=zc) for _ in range(3)]
    Traject.objects.filter(pk__in=[t.pk for t in trajecten]).update(
        volgende_evaluatie=vandaag() - timedelta(days=3)
    )
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    antwoord = client_als("zc").get(reverse("werk"))
    html = tekst(antwoord)
    assert antwoord.status_code == 200
    assert '<h1 class="utrecht-heading-1">Mijn werk</h1>' in html
    assert "Evaluatie verlopen (3)</h2>" in html and "Aanmeldingen uit signalen (1)</h2>" in html
    assert all(t.client.dossiernummer in html and t.client.naam not in html for t in trajecten)
    regel = ToegangsLog.objects.filter(gebruiker=zc, scherm="werk").get()
    assert regel.actie == ToegangsLog.Actie.BEKIJKEN
    assert set(regel.getoond) == {f"zorgcoordinatie.Traject:{t.uuid}" for t in trajecten} | {
        f"signalen.Signaal:{signaal.uuid}"
    }


def test_menu_telt_uit_de_cache_en_de_werklijst_ververst(client_als, gebruikers, django_assert_num_queries):
    """The count in the menu is on every page: counted by the start page the login leads to (the
    login itself counts nothing), then read from the cache for a minute; the work list always
    reads fresh and puts its total in the cache."""
    zc = gebruikers["zc"]
    aanmelding = AanmeldingFactory(door=zc)
    client = volledig_inloggen(Webclient(), zc)
    assert cache.get(f"werk:aantal:{zc.pk}") is None  # logging in counted nothing
    assert "Mijn werk (1)" in menu(tekst(client.get(reverse("zorgcoordinatie:start"))))
    with django_assert_num_queries(0):
        assert menuaantal(zc) == 1
    # Dealt with elsewhere: the menu may say 1 for up to a minute, until the list is opened.
    Aanmelding.objects.filter(pk=aanmelding.pk).update(status=Aanmelding.Status.AFGEWEZEN)
    assert "Mijn werk (1)" in menu(tekst(client.get(reverse("ketenregie:wegenkaart"))))
    assert "Mijn werk (0)" in menu(tekst(client.get(reverse("werk"))))
    assert "Mijn werk (0)" in menu(tekst(client.get(reverse("ketenregie:wegenkaart"))))
    # Expired (or never counted): one query, then from the cache again. Only this count is removed:
    # cache.clear() empties the whole Redis database that CI's parallel workers share, and so
    # another worker's start-page memory in the middle of its test.
    cache.delete(f"werk:aantal:{zc.pk}")
    AanmeldingFactory(door=zc)
    with django_assert_num_queries(1):
        assert menuaantal(zc) == 1
    with django_assert_num_queries(0):
        assert menuaantal(zc) == 1


def test_de_startpagina_houdt_haar_werk_een_minuut_en_vergeet_het_na_een_eigen_wijziging(
    client_als, gebruikers, django_assert_num_queries
):
    """The start page's section is kept per user (``startlijst``): a second view reads no work
    from the database; the user's own POST forgets it at once; another's change shows within the
    minute, or at once on the work page, which always reads fresh."""
    zc = gebruikers["zc"]
    eerste = AanmeldingFactory(door=zc)
    client = client_als("zc")
    start = reverse("zorgcoordinatie:start")
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": eerste.uuid})
    assert url in tekst(client.get(start))  # in the inbox, which "Mijn werk" there leaves out
    bereik(zc)  # read once per request; the page's own request read it too
    with django_assert_num_queries(0):
        [item] = startlijst(zc)
    assert item.aantal == 1
    # Someone else's new aanmelding: the kept section still says 1; the work page reads fresh.
    AanmeldingFactory(door=gebruikers["zc"])
    assert [i.aantal for i in startlijst(zc)] == [1]
    assert "Mijn werk (2)" in menu(tekst(client.get(reverse("werk"))))
    # Her own answer (a POST) forgets the kept section: the start page counts again.
    antwoord = client.post(
        url,
        {"antwoord": "afwijzen", "afwijzen-reden": "Geen mensenhandel; verwezen naar wijkteam."},
    )
    assert antwoord.status_code == 302
    assert cache.get(f"startgeheugen:{zc.pk}") is None
    assert [i.aantal for i in startlijst(zc)] == [1]  # the other one


# --- Performance: the list follows the kinds of work, not their number ------------------------------


def _zc_werk(zc, aantal: int) -> None:
    """``aantal`` open items for the zorgcoördinator, in bulk: about half of them direct
    aanmeldingen, the rest trajectories whose review is due and whose bedenktijd ends this week
    (two items each). Fictitious records only."""
    voorbeeld = TrajectFactory(door=zc, bedenktijd=True)
    Traject.objects.filter(pk=voorbeeld.pk).update(
        volgende_evaluatie=vandaag() - timedelta(days=1), bedenktijd_eind=vandaag() + timedelta(days=3)
    )
    trajecten = aantal // 4 - 1  # the example above is one of them
    aanmeldingen = aantal - 2 * (trajecten + 1)
    Aanmelding.objects.bulk_create(
        Aanmelding(
            regio=voorbeeld.regio,
            datum=vandaag() - timedelta(days=i % 30),
            bron=Aanmelding.Bron.POLITIE,
            ingevoerd_door=zc,
        )
        for i in range(aanmeldingen)
    )
    clienten = []
    for i in range(trajecten):
        client = copy.copy(voorbeeld.client)
        client.pk, client.uuid, client.dossiernummer = None, uuid.uuid4(), f"Z-TEST-{i:06d}"
        clienten.append(client)
    clienten = Client.objects.bulk_create(clienten)
    voorbeeld.refresh_from_db()
    nieuwe = []
    for client in clienten:
        traject = copy.copy(voorbeeld)
        traject.pk, traject.uuid, traject.client = None, uuid.uuid4(), client
        nieuwe.append(traject)
    Traject.objects.bulk_create(nieuwe)


@pytest.mark.parametrize("aantal", [10, 10_000])
def test_de_werklijst_kost_evenveel_queries_bij_10_en_10000_items(
    client_als, gebruikers, django_assert_num_queries, aantal
):
    zc = gebruikers["zc"]
    _zc_werk(zc, aantal)
    assert sum(aantallen(zc).values()) == aantal
    client = client_als("zc")
    # PER_VERZOEK; the counts of the six kinds in one query; the first entries of the three kinds
    # with work (direct aanmeldingen, reviews due, bedenktijd ending); the access log.
    with django_assert_num_queries(PER_VERZOEK + 1 + 3 + 1):
        antwoord = client.get(reverse("werk"))
    html = tekst(antwoord)
    assert f"Mijn werk ({aantal})" in menu(html)
    assert f"Directe aanmeldingen ({aantal - 2 * (aantal // 4)})" in html
    # Never thousands of rows: at most 25 entries per kind.
    assert html.count('class="utrecht-unordered-list__item"') <= 3 * 25
