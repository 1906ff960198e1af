"""Erasing a signal registered in error (issue 14, point 4): the AF asks with a reason, a
functioneel beheerder (never the one who asked) decides; a mistake keeps its anonymous residue
in the figures, a duplicate or test registration leaves them, and the next report says so."""

from __future__ import annotations

import pytest

from mensenhandel.acties import Geweigerd
from mensenhandel.models import ToegangsLog
from signalen import services
from signalen.models import BetrokkenPersoon, Identificator, Signaal, Wisverzoek
from tests.conftest import PER_VERZOEK
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory


@pytest.fixture
def signaal(gebruikers):
    return SignaalFactory(door=gebruikers["af"], personen=[PersoonGegevensFactory(volledig=True)])


def test_de_aandachtsfunctionaris_vraagt_met_een_reden(client_als, signaal):
    af = client_als("af")
    url = f"/signalen/{signaal.uuid}/wissen/"
    assert url in af.get(f"/signalen/{signaal.uuid}/").content.decode()
    fout = af.post(url, {"soort": "", "reden": ""})
    assert fout.status_code == 400
    tekst = fout.content.decode()
    assert (
        "Kies wat er mis is met de registratie." in tekst
        and "Geef de reden om dit signaal te wissen" in tekst
    )
    af.post(url, {"soort": "dubbel", "reden": "Dubbel met het signaal van gisteren."})
    verzoek = Wisverzoek.objects.get()
    assert (verzoek.status, verzoek.referentie, verzoek.soort) == (
        "aangevraagd",
        signaal.referentie,
        "dubbel",
    )
    nogmaals = af.post(url, {"soort": "test", "reden": "Nog eens"})
    assert nogmaals.status_code == 400 and "al een wisverzoek ingediend" in nogmaals.content.decode()
    # Another gemeente's AF cannot ask it.
    assert client_als("af_ander").post(url, {"soort": "test", "reden": "x"}).status_code == 404


def test_een_vergissing_houdt_het_anonieme_residu(client_als, gebruikers, signaal):
    verzoek = services.wisverzoek_indienen(
        door=gebruikers["af"], signaal=signaal, soort="vergissing", reden="Verkeerde gemeente gekozen."
    )
    fb = client_als("fb")
    assert "Verkeerde gemeente gekozen." in fb.get("/signalen/wisverzoeken/").content.decode()
    antwoord = fb.post(f"/signalen/wisverzoeken/{verzoek.uuid}/", {"besluit": "goedkeuren"}, follow=True)
    assert f"Signaal {signaal.referentie} is gewist." in antwoord.content.decode()
    signaal.refresh_from_db()
    assert signaal.vernietigd_op is not None and signaal.omschrijving == ""
    assert not BetrokkenPersoon.objects.filter(signaal=signaal).exists()
    assert not Identificator.objects.filter(signaal=signaal).exists()
    assert Signaal.history.model.objects.filter(id=signaal.pk).count() == 0
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.beoordeeld_door) == (Wisverzoek.Status.UITGEVOERD, gebruikers["fb"])
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.VERNIETIGEN)
    assert (regel.gebruiker, regel.object_id) == (gebruikers["fb"], str(signaal.uuid))
    assert client_als("af").get(f"/signalen/{signaal.uuid}/").status_code == 404


def test_een_dubbele_registratie_verdwijnt_helemaal(gebruikers, signaal):
    verzoek = services.wisverzoek_indienen(
        door=gebruikers["af"], signaal=signaal, soort="dubbel", reden="Dubbel met een ander signaal."
    )
    services.wisverzoek_beoordelen(door=gebruikers["fb"], verzoek=verzoek, goedkeuren=True)
    assert not Signaal.objects.filter(pk=signaal.pk).exists()
    assert Signaal.history.model.objects.filter(id=signaal.pk).count() == 0
    assert BetrokkenPersoon.history.model.objects.filter(signaal_id=signaal.pk).count() == 0
    verzoek.refresh_from_db()
    assert verzoek.signaal is None and verzoek.referentie == signaal.referentie  # the account stays


def test_vier_ogen_en_een_reden_bij_afwijzen(client_als, gebruikers, signaal):
    verzoek = services.wisverzoek_indienen(
        door=gebruikers["af"], signaal=signaal, soort="test", reden="Test."
    )
    with pytest.raises(Geweigerd, match="Alleen een functioneel beheerder"):
        services.wisverzoek_beoordelen(door=gebruikers["af"], verzoek=verzoek, goedkeuren=True)
    fb = client_als("fb")
    zonder = fb.post(f"/signalen/wisverzoeken/{verzoek.uuid}/", {"besluit": "afwijzen", "toelichting": ""})
    assert (
        zonder.status_code == 400 and "Geef aan waarom u het wisverzoek afwijst." in zonder.content.decode()
    )
    fb.post(f"/signalen/wisverzoeken/{verzoek.uuid}/", {"besluit": "afwijzen", "toelichting": "Geen test."})
    verzoek.refresh_from_db()
    assert verzoek.status == Wisverzoek.Status.AFGEWEZEN
    assert Signaal.objects.get(pk=signaal.pk).vernietigd_op is None
    nogmaals = fb.post(f"/signalen/wisverzoeken/{verzoek.uuid}/", {"besluit": "goedkeuren"}, follow=True)
    assert "al beoordeeld" in nogmaals.content.decode()


def test_de_aanvrager_beoordeelt_niet_zelf(gebruikers, signaal):
    verzoek = services.wisverzoek_indienen(
        door=gebruikers["af"], signaal=signaal, soort="test", reden="Test."
    )
    Wisverzoek.objects.filter(pk=verzoek.pk).update(aangevraagd_door=gebruikers["fb"])
    with pytest.raises(Geweigerd, match="zelf ingediend"):
        services.wisverzoek_beoordelen(door=gebruikers["fb"], verzoek=verzoek, goedkeuren=True)


def test_beantwoord_door_zorgcoordinatie_kan_niet_helemaal_weg(gebruikers):
    from tests.zorgcoordinatie.factories import TrajectFactory

    traject = TrajectFactory(door=gebruikers["zc"], af=gebruikers["af"], uit_signaal=True)
    verzoek = services.wisverzoek_indienen(
        door=gebruikers["af"], signaal=traject.signaal, soort="dubbel", reden="Dubbel."
    )
    with pytest.raises(Geweigerd, match="al beantwoord"):
        services.wisverzoek_beoordelen(door=gebruikers["fb"], verzoek=verzoek, goedkeuren=True)
    assert Signaal.objects.filter(pk=traject.signaal.pk).exists()
    verzoek.refresh_from_db()
    assert verzoek.status == Wisverzoek.Status.AANGEVRAAGD  # nothing happened


def test_de_lijst_leest_een_vast_aantal_queries(client_als, gebruikers, django_assert_num_queries):
    fb = client_als("fb")
    fb.get("/signalen/wisverzoeken/")
    verzoeken = []
    for _ in range(4):
        s = SignaalFactory(door=gebruikers["af"])
        verzoeken.append(
            services.wisverzoek_indienen(door=gebruikers["af"], signaal=s, soort="test", reden="T.")
        )
    services.wisverzoek_beoordelen(
        door=gebruikers["fb"], verzoek=verzoeken[0], goedkeuren=False, toelichting="Nee"
    )
    # PER_VERZOEK, the open ones, the page's count and rows, the access-log row
    with django_assert_num_queries(PER_VERZOEK + 4):
        assert fb.get("/signalen/wisverzoeken/").status_code == 200


def test_een_gewiste_dubbele_telt_niet_meer_en_de_rapportage_zegt_het(gebruikers, plaatsen):
    from django.utils import timezone

    from ketenregie.models import Maandpublicatie
    from ketenregie.selectors import publicatie
    from rapportage.inhoud import gewist_uit_cijfers
    from rapportage.models import Rapport

    af, gv = gebruikers["af"], plaatsen["gv"]
    vandaag = timezone.localdate()
    van, tot = vandaag.replace(day=1), vandaag
    dubbel = SignaalFactory(door=af)
    SignaalFactory(door=af)
    voor = publicatie.ongeschoonde_regiocijfers(gv, van, tot).signalen.totaal
    publicatie.regiocijfers(gv, van, tot)  # the month's publication is kept
    assert Maandpublicatie.objects.filter(regio=gv).exists()
    eerste = Rapport.objects.create(
        regio=gv, soort="aangepast", van=van, tot=tot, versie=1, aangevraagd_door=gebruikers["kr"]
    )
    assert gewist_uit_cijfers(eerste) == ""

    verzoek = services.wisverzoek_indienen(door=af, signaal=dubbel, soort="dubbel", reden="Dubbel.")
    services.wisverzoek_beoordelen(door=gebruikers["fb"], verzoek=verzoek, goedkeuren=True)

    assert publicatie.ongeschoonde_regiocijfers(gv, van, tot).signalen.totaal == voor - 1
    assert not Maandpublicatie.objects.filter(regio=gv).exists()  # made again, without it
    tweede = Rapport(
        regio=gv, soort="aangepast", van=van, tot=tot, versie=2, aangevraagd_door=gebruikers["kr"]
    )
    assert gewist_uit_cijfers(tweede) == "sinds_vorige"
    assert gewist_uit_cijfers(eerste) == "eerder"  # a first version made now would say so too
