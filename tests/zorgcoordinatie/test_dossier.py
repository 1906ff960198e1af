"""A trajectory's case file (issue 17, point 1): the phase selector offers what the service
accepts, the one next step follows the state, and the timeline merges every source in date
order. The header itself is asserted on the trajectory's page (test_views, the browser test)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.models import ToegangsLog
from mensenhandel.periode import datum_tekst
from tests.conftest import volledig_inloggen
from tests.zorgcoordinatie.factories import TrajectFactory, tweede_zorgcoordinator
from zorgcoordinatie import services
from zorgcoordinatie.dossier import dossierkop, traject_tijdlijn
from zorgcoordinatie.forms import OVERGANGEN
from zorgcoordinatie.models import Client, Levensdomein, Traject
from zorgcoordinatie.selectors import traject_detail, trajecten_leesbaar_voor

VANDAAG = timezone.localdate
ALLE_OVERGANGEN = [tuple(waarde.split(":")) for waarde, _ in OVERGANGEN]
# The states a trajectory passes: the factory's phase traits, and one before any phase started.
STANDEN = ["geen_fase", "intake", "hulpverlening", "intake_afgerond", "afronding", "afgesloten"]


@pytest.fixture
def zc(gebruikers):
    return gebruikers["zc"]


@pytest.fixture
def af(gebruikers):
    return gebruikers["af"]


def traject_in(stand: str, zc) -> Traject:
    if stand in ("geen_fase", "intake"):
        traject = TrajectFactory(door=zc)
        if stand == "geen_fase":
            Traject.objects.filter(pk=traject.pk).update(intake_start=None)
    else:
        traject = TrajectFactory(door=zc, **{stand: True})
    return traject


def detail(traject: Traject, zc) -> Traject:
    """The trajectory as its page reads it."""
    return traject_detail(trajecten_leesbaar_voor(zc)).get(pk=traject.pk)


def url(record: Traject | Client, naam: str) -> str:
    return reverse(f"zorgcoordinatie:{naam}", kwargs={"uuid": record.uuid})


@pytest.mark.parametrize("stand", STANDEN)
def test_de_faseovergangen_die_nu_kunnen_zijn_wat_de_service_aanneemt(zc, stand):
    traject = traject_in(stand, zc)
    traject.refresh_from_db()
    mogelijk = services.mogelijke_overgangen(traject)
    aangenomen = []
    for fase, actie in ALLE_OVERGANGEN:
        try:
            with transaction.atomic():
                services.fase_wijzigen(
                    traject=traject, door=zc, fase=fase, actie=actie, datum=VANDAAG(), versie=traject.versie
                )
                aangenomen.append((fase, actie))
                transaction.set_rollback(True)
        except Geweigerd:
            pass
        traject.refresh_from_db()
    assert mogelijk == aangenomen
    # In the afronding only closing is left (its own page); a closed trajectory changes no phase.
    assert bool(mogelijk) == (stand not in ("afronding", "afgesloten"))


@pytest.mark.parametrize(
    "stand,intake,zorgactie,label,naam",
    [
        ("intake", False, False, "Intake vastleggen", "intake"),
        ("intake", True, False, "Fase wijzigen", "fase_wijzigen"),
        ("hulpverlening", True, False, "Zorgactie toevoegen", "zorgactie_toevoegen"),
        ("hulpverlening", True, True, "Fase wijzigen", "fase_wijzigen"),
        ("afronding", True, False, "Afronden", "afsluiten"),
        ("afgesloten", False, False, None, None),
    ],
)
def test_de_volgende_stap_past_bij_de_stand(zc, stand, intake, zorgactie, label, naam):
    traject = traject_in(stand, zc)
    if intake:
        traject = services.intake_vastleggen(
            traject=traject, door=zc, behoeften={Levensdomein.OPVANG: ("ja", "")}, versie=traject.versie
        )
    if zorgactie:
        gegevens = {"domein": "medisch", "zorgaanbieder": "Huisarts", "soort": "Consult"}
        services.zorgactie_toevoegen(traject=traject, door=zc, gegevens=gegevens)
    kop = dossierkop(detail(traject, zc), bewerkbaar=True)
    if label is None:
        assert kop.volgende is None
    else:
        assert (kop.volgende.label, kop.volgende.url) == (label, url(traject, naam))
    # Who may only read is shown no step at all.
    assert dossierkop(detail(traject, zc), bewerkbaar=False).volgende is None


@pytest.mark.parametrize(
    "stand,status,stappen",
    [
        ("geen_fase", "Nog geen fase gestart", ["open", "open", "open"]),
        ("intake", "Intake", ["huidig", "open", "open"]),
        ("hulpverlening", "Intake en hulpverlening", ["gedaan", "huidig", "open"]),
        ("intake_afgerond", "Hulpverlening", ["gedaan", "huidig", "open"]),
        ("afronding", "Afronding", ["gedaan", "gedaan", "huidig"]),
        ("afgesloten", "Afgesloten", ["gedaan", "gedaan", "gedaan"]),
    ],
)
def test_de_kop_toont_de_stand_en_de_fasen(zc, stand, status, stappen):
    traject = detail(traject_in(stand, zc), zc)
    kop = dossierkop(traject, bewerkbaar=True)
    aangemeld = traject.aanmeldingen.get().datum
    assert kop.status == status
    assert [(s.label, s.stand) for s in kop.stappen] == list(
        zip(["Intake", "Hulpverlening", "Afronding"], stappen, strict=True)
    )
    data = dict(kop.data)
    if stand == "afgesloten":
        assert data["Afgesloten op"] == datum_tekst(VANDAAG()) and "Volgende evaluatie" not in data
    else:
        assert data["Volgende evaluatie"] == datum_tekst(VANDAAG() + timedelta(days=28))
    assert data["Aangemeld"] == datum_tekst(aangemeld) and data["Achtervang"] == "Geen"


def test_de_tijdlijn_voegt_alles_samen_op_datum(zc, af):
    traject = TrajectFactory(door=zc, uit_signaal=True, af=af, hulpverlening=True)
    referentie = traject.signaal.referentie
    eergisteren, gisteren = VANDAAG() - timedelta(days=2), VANDAAG() - timedelta(days=1)
    actie = services.zorgactie_toevoegen(
        traject=traject,
        door=zc,
        gegevens={
            "domein": "opvang",
            "zorgaanbieder": "COSM Kompaan",
            "soort": "Opvang",
            "aangevraagd_op": eergisteren,
        },
    )
    services.zorgoverleg_vastleggen(
        traject=actie.traject,
        door=zc,
        datum=gisteren,
        organisaties="COSM, politie",
        afspraken=[{"omschrijving": "Huisarts zoeken", "eigenaar": "COSM", "deadline": VANDAAG()}],
    )
    gebeurtenissen = traject_tijdlijn(detail(traject, zc))
    titels = [(g.soort, g.titel) for g in gebeurtenissen]
    assert titels == [
        ("overgang", "Hulpverlening gestart"),
        ("overgang", "Intake gestart"),
        ("terugkoppeling", "Terugkoppeling aan de aandachtsfunctionaris: opgepakt"),
        ("doorverwijzing", f"Doorverwezen vanuit signaal {referentie}"),
        ("registratie", "Traject geopend"),
        ("tafelbesluit", "Zorgoverleg met COSM, politie"),
        ("zorgactie", "Zorgactie aangevraagd: Opvang bij COSM Kompaan"),
    ]
    overleg = gebeurtenissen[5]
    assert overleg.tekst.startswith("Afspraken: Huisarts zoeken (COSM, uiterlijk ")
    assert [g.moment for g in gebeurtenissen] == sorted((g.moment for g in gebeurtenissen), reverse=True)
    # Days only show as days; the opening is a moment.
    assert all(g.alleen_datum for g in gebeurtenissen if g.titel != "Traject geopend")
    assert not gebeurtenissen[4].alleen_datum


def test_de_fasepagina_biedt_alleen_wat_nu_kan(client_als, gebruikers):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc, hulpverlening=True)
    client = client_als("zc")
    antwoord = client.get(url(traject, "fase_wijzigen"))
    pagina = html.unescape(antwoord.content.decode())
    assert antwoord.status_code == 200
    aangeboden = [waarde for waarde, _ in OVERGANGEN if f'value="{waarde}"' in pagina]
    assert aangeboden == ["intake:beeindigen", "hulpverlening:beeindigen"]
    assert "Nu: <strong>Intake en hulpverlening</strong>" in pagina
    assert ToegangsLog.objects.filter(
        gebruiker=zc, scherm="zorgcoordinatie:fase_wijzigen", object_id=str(traject.uuid)
    ).exists()
    # Sent as is, the date kept on an error of the service.
    antwoord = client.post(
        url(traject, "fase_wijzigen"),
        {"overgang": "intake:beeindigen", "datum": "1999-01-01", "versie": traject.versie},
    )
    pagina = html.unescape(antwoord.content.decode())
    assert antwoord.status_code == 400
    assert "De intake kan niet eindigen vóór zij begint." in pagina and 'value="1999-01-01"' in pagina


def test_de_fasepagina_van_een_afgesloten_traject_verwijst_terug(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"], afgesloten=True)
    antwoord = client_als("zc").get(url(traject, "fase_wijzigen"), follow=True)
    assert antwoord.redirect_chain == [(url(traject, "traject") + "#fasen", 302)]
    assert "Er is nu geen faseovergang mogelijk." in html.unescape(antwoord.content.decode())


def test_de_clientpagina_met_twee_trajecten(client_als, gebruikers, plaatsen):
    zc = gebruikers["zc"]
    eerste = TrajectFactory(door=zc, afgesloten=True)
    cl = eerste.client
    tweede = TrajectFactory(door=zc, client=cl, hulpverlening=True)
    client_url = url(cl, "client")
    antwoord = client_als("zc").get(client_url)
    pagina = html.unescape(antwoord.content.decode())
    assert antwoord.status_code == 200
    kop = antwoord.context["kop"]
    assert (kop.titel, kop.status, kop.verantwoordelijke) == (
        f"Cliënt {cl.dossiernummer}",
        "Traject loopt: intake en hulpverlening",
        "zc",
    )
    assert [s.stand for s in kop.stappen] == ["gedaan", "huidig", "open"]  # the latest trajectory
    # Consent for CoMensha not asked yet: that is the next step for who works with the client.
    assert (kop.volgende.label, kop.volgende.url) == (
        "Toestemming CoMensha vastleggen",
        url(cl, "comensha_toestemming"),
    )
    assert "Trajecten van deze cliënt (2)" in pagina
    assert url(eerste, "traject") in pagina and url(tweede, "traject") in pagina
    assert f"Afgesloten op {datum_tekst(VANDAAG())}" in pagina
    assert ToegangsLog.objects.filter(
        gebruiker=zc, scherm="zorgcoordinatie:client", object_id=str(cl.uuid)
    ).exists()
    # Once asked, the running trajectory is the next step.
    services.comensha_toestemming_vastleggen(client=cl, door=zc, toestemming="geweigerd", datum=VANDAAG())
    kop = client_als("zc").get(client_url).context["kop"]
    assert (kop.volgende.label, kop.volgende.url) == ("Naar het lopende traject", url(tweede, "traject"))


def test_de_clientpagina_voor_een_collega_is_alleen_lezen(gebruikers, plaatsen):
    traject = TrajectFactory(door=gebruikers["zc"])
    collega = volledig_inloggen(HttpClient(), tweede_zorgcoordinator(plaatsen["gv"]))
    antwoord = collega.get(url(traject.client, "client"))
    pagina = html.unescape(antwoord.content.decode())
    assert antwoord.status_code == 200 and "Alleen lezen" in pagina
    assert antwoord.context["kop"].volgende.label == "Naar het lopende traject"
    assert antwoord.context["kop"].kenmerken == [("Alleen lezen", "neutral")]  # a badge in the header
    assert 'utrecht-status-badge--neutral">Alleen lezen</span>' in pagina
    for naam in ("client_bewerken", "comensha_toestemming", "comensha_export"):
        assert url(traject.client, naam) not in pagina, naam
    # The consent page itself sends the colleague back, with the reason.
    antwoord = collega.get(url(traject.client, "comensha_toestemming"), follow=True)
    assert "Alleen de verantwoordelijke zorgcoördinator of de achtervang werkt met deze cliënt." in (
        html.unescape(antwoord.content.decode())
    )
