"""The zorgcoördinatie screens, through the views: caseload, inbox, answering and a trajectory."""

from __future__ import annotations

import csv
import html
import io
import re
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mensenhandel.dossier import Volgende
from mensenhandel.models import ToegangsLog
from mensenhandel.periode import datum_tekst
from signalen.models import Doorverwijzing
from tests.conftest import PER_VERZOEK, volledig_inloggen
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory
from tests.zorgcoordinatie.factories import AanmeldingFactory, TrajectFactory, tweede_zorgcoordinator
from zorgcoordinatie import services
from zorgcoordinatie.forms import IntakeForm
from zorgcoordinatie.models import Aanmelding, Client, IntakeBehoefte, Levensdomein, Traject, Zorgactie

VANDAAG = timezone.localdate
MORGEN = (timezone.localdate() + timedelta(days=1)).isoformat()


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def fout_bij(pagina: str, veld_id: str) -> str:
    """The error message tied to a field (empty when there is none)."""
    gevonden = re.search(
        rf'<div class="utrecht-form-field-error-message" id="{veld_id}_fout">(.*?)</div>', pagina, re.S
    )
    return gevonden.group(1) if gevonden else ""


def als(gebruiker) -> HttpClient:
    return volledig_inloggen(HttpClient(), gebruiker)


def traject_url(traject: Traject, naam: str = "traject") -> str:
    return reverse(f"zorgcoordinatie:{naam}", kwargs={"uuid": traject.uuid})


@pytest.fixture
def zc2(plaatsen):
    """A colleague of the ZC in Gooi en Vechtstreek: reads the region's trajectories."""
    return tweede_zorgcoordinator(plaatsen["gv"])


def traject_invoer(traject: Traject, **wijzigingen) -> dict:
    """The trajectory edit form as the page fills it in, with changes."""
    data = {"versie": str(traject.versie)}
    for veld in services.TRAJECTVELDEN:
        waarde = getattr(traject, f"{veld}_id" if veld == "achtervang" else veld)
        if isinstance(waarde, bool):
            if waarde:
                data[veld] = "on"
        elif waarde is not None:
            data[veld] = waarde.isoformat() if hasattr(waarde, "isoformat") else str(waarde)
    for veld, waarde in wijzigingen.items():
        if waarde is None:
            data.pop(veld, None)
        else:
            data[veld] = waarde
    return data


# --- Caseload and inbox ---------------------------------------------------------------------------


def test_werklijst_toont_de_eerste_vijf_en_telt_ze_allemaal(client_als, gebruikers):
    """A long kind of work shows its first five on the start page (the oldest evaluation first)
    and says how many more there are; the heading counts them all, the work page shows them all
    (issue 16: the page rendered up to 200 rows)."""
    zc = gebruikers["zc"]
    trajecten = [TrajectFactory(door=zc) for _ in range(12)]
    for dagen, traject in enumerate(trajecten, start=1):
        Traject.objects.filter(pk=traject.pk).update(volgende_evaluatie=VANDAAG() - timedelta(days=dagen))
    client = client_als("zc")
    pagina = tekst(client.get(reverse("zorgcoordinatie:start")))
    lijst = re.search(r"Evaluatie verlopen \(12\)</h3>(.*?)</ul>", pagina, re.S).group(1)
    getoond = sorted(
        (t for t in trajecten if t.client.dossiernummer in lijst),
        key=lambda t: lijst.index(t.client.dossiernummer),
    )
    assert getoond == trajecten[7:][::-1]  # the five oldest evaluations, oldest first
    assert "En nog 7 meer." in pagina
    # No name on the work list: the dossier number and the date only.
    assert not any(t.client.naam in lijst for t in trajecten)
    werkpagina = tekst(client.get(reverse("werk")))
    alles = re.search(r"Evaluatie verlopen \(12\)</h2>(.*?)</ul>", werkpagina, re.S).group(1)
    assert all(t.client.dossiernummer in alles for t in trajecten)


def test_lege_caseload(client_als, gebruikers):
    antwoord = client_als("zc").get(reverse("zorgcoordinatie:start"))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    assert '<h1 class="utrecht-heading-1">Zorgcoördinatie</h1>' in pagina
    assert "Er zijn geen open aanmeldingen." in pagina
    assert "Er zijn geen open trajecten in uw regio." in pagina
    assert "Er wacht nu niets op u." in pagina
    assert reverse("zorgcoordinatie:aanmelding_nieuw") in pagina


def test_caseload_toont_wat_aandacht_nodig_heeft(client_als, gebruikers):
    zc = gebruikers["zc"]
    gewoon = TrajectFactory(door=zc)
    evaluatie = TrajectFactory(door=zc, hulpverlening=True)
    Traject.objects.filter(pk=evaluatie.pk).update(volgende_evaluatie=VANDAAG() - timedelta(days=2))
    bedenktijd = TrajectFactory(door=zc)
    services.traject_bijwerken(
        traject=bedenktijd,
        door=zc,
        gegevens={"verblijf": "bedenktijd", "bedenktijd_start": VANDAAG() - timedelta(days=80)},
        versie=bedenktijd.versie,
    )
    stil = TrajectFactory(door=zc)
    actie = services.zorgactie_toevoegen(
        traject=stil, door=zc, gegevens={"domein": "medisch", "zorgaanbieder": "Huisarts", "soort": "Intake"}
    )
    # Test setup only: a care action that has not moved for 31 days.
    Zorgactie.objects.filter(pk=actie.pk).update(laatste_voortgang=VANDAAG() - timedelta(days=31))
    afspraak = TrajectFactory(door=zc)
    services.zorgoverleg_vastleggen(
        traject=afspraak,
        door=zc,
        datum=VANDAAG() - timedelta(days=10),
        organisaties="COSM",
        afspraken=[
            {"omschrijving": "Bankrekening", "eigenaar": "COSM", "deadline": VANDAAG() - timedelta(days=1)}
        ],
    )
    gesloten = TrajectFactory(door=zc, afgesloten=True)
    elders = TrajectFactory(door=gebruikers["zc_ander"])
    direct = AanmeldingFactory(door=zc, bronorganisatie="Veilig Thuis Gooi")
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)

    pagina = tekst(client_als("zc").get(reverse("zorgcoordinatie:start")))

    def sectie(titel: str) -> str:
        return re.search(rf"{titel} \(\d+\)</h3>(.*?)</(?:ul|p)>", pagina, re.S).group(1)

    assert "Evaluatie verlopen (1)" in pagina and evaluatie.client.dossiernummer in sectie(
        "Evaluatie verlopen"
    )
    assert bedenktijd.client.dossiernummer in sectie("Bedenktijd loopt binnen 14 dagen af")
    assert stil.client.dossiernummer in sectie("Zorgacties zonder voortgang in 30 dagen")
    assert afspraak.client.dossiernummer in sectie("Afspraken over hun datum")
    assert gewoon.client.dossiernummer not in sectie("Evaluatie verlopen")
    # Counts per phase: five open in intake, one also in hulpverlening, one closed.
    tabel = re.search(r"Aantal open trajecten per fase.*?<tbody[^>]*>(.*?)</tbody>", pagina, re.S)
    tellingen = tabel.group(1)
    assert re.findall(r">(\d+)</td>", tellingen) == ["5", "1", "0", "5", "1"]
    # The list of open trajectories: not the closed one, not another region's.
    assert "Open trajecten 1–5 van 5" in pagina
    rij = re.search(rf"{evaluatie.client.dossiernummer}</a></th>(.*?)</tr>", pagina, re.S).group(1)
    assert (
        evaluatie.client.naam in rij and "Intake, Hulpverlening" in rij and "zc" in rij and "Verlopen" in rij
    )
    assert gesloten.client.dossiernummer not in pagina and elders.client.dossiernummer not in pagina
    # The inbox: both kinds, each with a link to its answer page.
    assert reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": direct.uuid}) in pagina
    assert "Veilig Thuis Gooi" in pagina
    doorverwijzing = signaal.doorverwijzingen.get()
    assert (
        reverse("zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": doorverwijzing.uuid}) in pagina
    )
    assert signaal.referentie in pagina
    assert ToegangsLog.objects.filter(scherm="zorgcoordinatie:start", gebruiker=gebruikers["zc"]).exists()


def test_zc_van_een_andere_regio_ziet_niets_van_deze_regio(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    pagina = tekst(client_als("zc_ander").get(reverse("zorgcoordinatie:start")))
    assert traject.client.dossiernummer not in pagina and str(aanmelding.uuid) not in pagina
    assert "Er zijn geen open trajecten in uw regio." in pagina


# PER_VERZOEK: what every request of a logged-in user costs (tests/conftest.py).


@pytest.mark.parametrize("aantal", [2, 20])
def test_caseload_aantal_queries(client_als, gebruikers, django_assert_num_queries, aantal):
    zc = gebruikers["zc"]
    for i in range(aantal):
        traject = TrajectFactory(door=zc, hulpverlening=i % 2 == 0)
        if i % 3 == 0:
            Traject.objects.filter(pk=traject.pk).update(volgende_evaluatie=VANDAAG() - timedelta(days=1))
        AanmeldingFactory(door=zc)
        SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    client = client_als("zc")
    # one aggregate with the counts per phase and of those closed in the last year, the
    # trajectories shown (client and ZC joined), the oldest open referrals (signal, gemeente,
    # regio joined) and aanmeldingen, access log (issue 16: 10, then 9); the work list: its
    # counts, and the first entries of the three kinds with work (referrals, aanmeldingen,
    # evaluations due).
    with django_assert_num_queries(PER_VERZOEK + 5 + 1 + 3):
        antwoord = client.get(reverse("zorgcoordinatie:start"))
    assert antwoord.status_code == 200
    assert f"Open trajecten 1–{min(aantal, 25)} van {aantal}" in tekst(antwoord)
    # Viewed again within the minute: the counts per phase and the work list are kept
    # (``mensenhandel.startgeheugen``); the trajectories, the inbox and the access log are read.
    with django_assert_num_queries(PER_VERZOEK + 4):
        opnieuw = client.get(reverse("zorgcoordinatie:start"))
    assert f"Open trajecten 1–{min(aantal, 25)} van {aantal}" in tekst(opnieuw)


# --- A direct aanmelding --------------------------------------------------------------------------


def nieuw_invoer(plaatsen, **wijzigingen) -> dict:
    data = {
        "formuliertoken": str(uuid.uuid4()),
        "regio": plaatsen["gv"].pk,
        "datum": (VANDAAG() - timedelta(days=1)).isoformat(),
        "bron": "politie",
        "bronorganisatie": "Politie, team AVIM",
        "omschrijving": "Vrouw aangetroffen bij een controle in een massagesalon.",
    }
    data.update(wijzigingen)
    return data


def test_aanmelding_invoeren_en_dubbel_verzenden_maakt_er_een(client_als, plaatsen):
    client = client_als("zc")
    formulier = tekst(client.get(reverse("zorgcoordinatie:aanmelding_nieuw")))
    assert re.search(r'<input type="hidden" name="formuliertoken" value="[0-9a-f-]{36}"', formulier)
    assert f'<option value="{plaatsen["gv"].pk}" selected>Gooi en Vechtstreek</option>' in formulier
    assert "Fryslân" not in formulier
    assert "Signaal van een aandachtsfunctionaris" not in formulier

    invoer = nieuw_invoer(plaatsen)
    eerste = client.post(reverse("zorgcoordinatie:aanmelding_nieuw"), invoer, follow=True)
    tweede = client.post(reverse("zorgcoordinatie:aanmelding_nieuw"), invoer, follow=True)
    aanmelding = Aanmelding.objects.get()
    doel = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    assert eerste.redirect_chain == tweede.redirect_chain == [(doel, 302)]
    assert "De aanmelding is ingevoerd." in tekst(eerste)
    # The second submit says so, instead of claiming a second aanmelding was entered.
    assert "Dit formulier was al verstuurd: de aanmelding is één keer ingevoerd." in tekst(tweede)
    assert "De aanmelding is ingevoerd." not in tekst(tweede)
    assert (aanmelding.bron, aanmelding.bronorganisatie, aanmelding.regio) == (
        "politie",
        "Politie, team AVIM",
        plaatsen["gv"],
    )


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        ({"datum": MORGEN}, "id_datum", "De datum van aanmelding kan niet in de toekomst liggen."),
        ({"bron": ""}, "id_bron", "Kies wie de aanmelding doet."),
        ({"regio": ""}, "id_regio", "Kies de regio van de aanmelding."),
        ({"datum": "31-31-2026"}, "id_datum", "Vul een geldige datum in"),
    ],
)
def test_aanmelding_met_onjuiste_invoer(client_als, plaatsen, wijziging, veld, melding):
    antwoord = client_als("zc").post(
        reverse("zorgcoordinatie:aanmelding_nieuw"), nieuw_invoer(plaatsen, **wijziging)
    )
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert not Aanmelding.objects.exists()
    assert "Controleer het formulier." in pagina and melding in fout_bij(pagina, veld)
    assert "Vrouw aangetroffen bij een controle in een massagesalon." in pagina
    assert 'value="Politie, team AVIM"' in pagina


def test_aanmelding_zonder_formuliertoken(client_als, plaatsen):
    antwoord = client_als("zc").post(
        reverse("zorgcoordinatie:aanmelding_nieuw"), nieuw_invoer(plaatsen, formuliertoken="")
    )
    assert antwoord.status_code == 400
    assert "Het formulier is onvolledig." in tekst(antwoord)


# --- Answering a direct aanmelding ----------------------------------------------------------------


def accepteer_invoer(plaatsen, **wijzigingen) -> dict:
    data = {
        "antwoord": "accepteren",
        "accepteren-naam": "Zofia Kowalska",
        "accepteren-geboortedatum": "1994-03-02",
        "accepteren-geslacht": "vrouw",
        "accepteren-verantwoordelijke_gemeente": plaatsen["hilversum"].pk,
    }
    data.update(wijzigingen)
    return data


def test_directe_aanmelding_accepteren_opent_een_traject(client_als, gebruikers, plaatsen, zc2):
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    client = client_als("zc")
    pagina = tekst(client.get(url))
    assert "Accepteren en traject openen" in pagina and "Afwijzen</button>" in pagina
    assert aanmelding.omschrijving in pagina
    # The backup is chosen from the other zorgcoördinatoren of the region.
    keuzes = re.search(r'name="accepteren-achtervang".*?</select>', pagina, re.S).group(0)
    assert f'value="{zc2.pk}">zc2</option>' in keuzes
    assert (
        f'value="{gebruikers["zc"].pk}"' not in keuzes
        and f'value="{gebruikers["zc_ander"].pk}"' not in keuzes
    )

    antwoord = client.post(url, accepteer_invoer(plaatsen, **{"accepteren-achtervang": zc2.pk}))
    traject = Traject.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == traject_url(traject)
    assert (traject.verantwoordelijke, traject.achtervang, traject.intake_start) == (
        gebruikers["zc"],
        zc2,
        VANDAAG(),
    )
    assert (traject.client.naam, traject.client.geslacht) == ("Zofia Kowalska", "vrouw")
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.GEACCEPTEERD and aanmelding.traject == traject
    pagina = tekst(client.get(antwoord["Location"]))
    assert f"Het traject van dossier {traject.client.dossiernummer} is geopend." in pagina
    # Answered: the aanmelding has left the inbox; its page says it is answered.
    assert aanmelding.uuid.hex not in tekst(client.get(reverse("zorgcoordinatie:start"))).replace("-", "")
    beantwoord = tekst(client.get(url))
    assert "Deze aanmelding is al beantwoord (geaccepteerd)." in beantwoord
    assert reverse("zorgcoordinatie:traject", kwargs={"uuid": traject.uuid}) in beantwoord


def test_bekende_client_koppelen_op_dossiernummer(client_als, gebruikers, plaatsen):
    eerder = TrajectFactory(door=gebruikers["zc"], afgesloten=True)
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    invoer = {"antwoord": "accepteren", "accepteren-dossiernummer": eerder.client.dossiernummer.lower()}
    antwoord = client_als("zc").post(url, invoer)
    assert antwoord.status_code == 302
    nieuw = Traject.objects.exclude(pk=eerder.pk).get()
    assert nieuw.client == eerder.client and Client.objects.count() == 1


def test_dossiernummer_van_een_andere_regio_wordt_niet_gevonden(client_als, gebruikers):
    elders = TrajectFactory(door=gebruikers["zc_ander"])
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    nummer = elders.client.dossiernummer
    antwoord = client_als("zc").post(url, {"antwoord": "accepteren", "accepteren-dossiernummer": nummer})
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert f"In deze regio is geen cliënt met dossiernummer {nummer}." in fout_bij(
        pagina, "id_accepteren-dossiernummer"
    )
    assert f'value="{nummer}"' in pagina
    assert Traject.objects.count() == 1


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        (
            {"accepteren-verantwoordelijke_gemeente": ""},
            "id_accepteren-verantwoordelijke_gemeente",
            "Kies de verantwoordelijke gemeente.",
        ),
        (
            {"accepteren-geboortedatum": MORGEN},
            "id_accepteren-geboortedatum",
            "Een geboortedatum kan niet in de toekomst liggen.",
        ),
        (
            {"accepteren-geboortedatum": "1890-01-01"},
            "id_accepteren-geboortedatum",
            "Deze geboortedatum is niet aannemelijk",
        ),
    ],
)
def test_accepteren_met_onjuiste_invoer(client_als, gebruikers, plaatsen, wijziging, veld, melding):
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    antwoord = client_als("zc").post(url, accepteer_invoer(plaatsen, **wijziging))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert melding in fout_bij(pagina, veld)
    assert 'value="Zofia Kowalska"' in pagina
    assert not Traject.objects.exists() and not Client.objects.exists()
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.OPEN


def test_directe_aanmelding_afwijzen(client_als, gebruikers):
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    client = client_als("zc")
    antwoord = client.post(url, {"antwoord": "afwijzen", "afwijzen-reden": "  "})
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert "De aanmelding is niet afgewezen." in pagina
    assert "Geef kort de reden van afwijzen" in fout_bij(pagina, "id_afwijzen-reden")
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.OPEN

    antwoord = client.post(
        url, {"antwoord": "afwijzen", "afwijzen-reden": "Geen mensenhandel; verwezen naar wijkteam."}
    )
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("zorgcoordinatie:start")
    assert "De aanmelding is afgewezen." in tekst(client.get(antwoord["Location"]))
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.AFGEWEZEN
    assert aanmelding.reden_afwijzing == "Geen mensenhandel; verwezen naar wijkteam."

    # Answered: the page says so (not a 404), and a second answer is refused.
    pagina = client.get(url)
    assert pagina.status_code == 200
    assert (
        "Deze aanmelding is al beantwoord (afgewezen: Geen mensenhandel; verwezen naar wijkteam.)"
        in tekst(pagina)
    )
    antwoord = client.post(url, {"antwoord": "afwijzen", "afwijzen-reden": "Nog eens"}, follow=True)
    assert "Deze aanmelding is al beantwoord." in tekst(antwoord)
    aanmelding.refresh_from_db()
    assert aanmelding.reden_afwijzing == "Geen mensenhandel; verwezen naar wijkteam."
    # A zorgcoördinator of another regio still gets 404.
    assert client_als("zc_ander").get(url).status_code == 404


def test_antwoord_zonder_keuze(client_als, gebruikers):
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    antwoord = client_als("zc").post(url, {"antwoord": "misschien"})
    assert antwoord.status_code == 400
    assert "Kies of u de aanmelding accepteert of afwijst." in tekst(antwoord)


# --- Answering a referral from a signal -----------------------------------------------------------


def test_doorverwijzing_accepteren_geeft_de_af_terugkoppeling(client_als, gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True, seksueel=True)
    doorverwijzing = signaal.doorverwijzingen.get()
    url = reverse("zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": doorverwijzing.uuid})
    client = client_als("zc")
    antwoord = client.get(url)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    # What the ZC may read of the signal, and a link to it.
    assert f"Aanmelding uit signaal {signaal.referentie}" in pagina
    assert f'href="{reverse("signalen:detail", kwargs={"uuid": signaal.uuid})}"' in pagina
    assert "Hilversum" in pagina and "Seksuele uitbuiting" in pagina
    # The responsible gemeente defaults to the signal's.
    assert f'<option value="{plaatsen["hilversum"].pk}" selected>Hilversum</option>' in pagina
    regel = ToegangsLog.objects.get(scherm="zorgcoordinatie:doorverwijzing_beantwoorden")
    assert (regel.object_type, regel.object_id) == ("signalen.Signaal", str(signaal.uuid))

    antwoord = client.post(
        url, {"antwoord": "accepteren", "accepteren-naam": "Anna", "accepteren-geslacht": "vrouw",
              "accepteren-verantwoordelijke_gemeente": plaatsen["hilversum"].pk},
    )  # fmt: skip
    traject = Traject.objects.get()
    assert antwoord["Location"] == traject_url(traject)
    assert traject.seksuele_uitbuiting and not traject.vorm_onbekend
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.terugkoppeling == Doorverwijzing.Terugkoppeling.OPGEPAKT
    pagina = tekst(client_als("af").get(reverse("signalen:detail", kwargs={"uuid": signaal.uuid})))
    assert "<strong>Opgepakt</strong>" in pagina and "Anna" not in pagina

    # Answered: the page says so and links to the trajectory; a second answer changes nothing.
    pagina = tekst(client.get(url))
    assert "Deze aanmelding is al beantwoord (opgepakt)." in pagina and traject_url(traject) in pagina
    assert "Accepteren en traject openen" not in pagina
    antwoord = client.post(url, {"antwoord": "afwijzen", "afwijzen-reden": "Toch niet."})
    assert antwoord.status_code == 302 and antwoord["Location"] == url
    assert Aanmelding.objects.count() == 1
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.terugkoppeling == Doorverwijzing.Terugkoppeling.OPGEPAKT


@pytest.mark.parametrize("daders", [0, 2])
def test_accepteren_neemt_de_persoon_uit_het_signaal_over(
    client_als, gebruikers, plaatsen, django_assert_num_queries, daders
):
    """Issue 17, point 3: no retyping. The client's fields come filled in from the referred
    signal's (first) possible victim; the zorgcoördinator checks, completes and accepts. The
    page's queries do not grow with the signal's persons."""
    personen = [
        PersoonGegevensFactory(
            naam="Maria Nowak", alias="Marysia", geboortedatum=date(1999, 5, 4), geslacht="vrouw",
            nationaliteit="Pools",
        ),
        *(PersoonGegevensFactory(dader=True) for _ in range(daders)),
    ]  # fmt: skip
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True, personen=personen)
    url = reverse(
        "zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": signaal.doorverwijzingen.get().uuid}
    )
    client = client_als("zc")
    client.get(url)
    with django_assert_num_queries(PER_VERZOEK + 6):
        pagina = tekst(client.get(url))
    formulier = pagina.split('id="kop-accepteren"', 1)[1].split("</form>", 1)[0]
    assert (
        f"Ingevuld met de gegevens van het mogelijke slachtoffer uit signaal {signaal.referentie}"
        in formulier
    )
    for waarde in ("Maria Nowak", "Marysia", "1999-05-04", "Pools"):
        assert f'value="{waarde}"' in formulier
    assert '<option value="vrouw" selected>Vrouw</option>' in formulier

    gegevens = {
        "antwoord": "accepteren",
        "accepteren-naam": "Maria Nowak",
        "accepteren-aliassen": "Marysia",
        "accepteren-geboortedatum": "1999-05-04",
        "accepteren-geslacht": "vrouw",
        "accepteren-nationaliteiten": "Pools, Oekraïens",  # completed by the zorgcoördinator
        "accepteren-verantwoordelijke_gemeente": plaatsen["hilversum"].pk,
    }
    assert client.post(url, gegevens).status_code == 302
    c = Traject.objects.get().client
    assert (c.naam, c.aliassen, c.geboortedatum, c.geslacht, c.nationaliteiten) == (
        "Maria Nowak", "Marysia", date(1999, 5, 4), "vrouw", "Pools, Oekraïens"
    )  # fmt: skip


def test_een_directe_aanmelding_vult_niets_in(client_als, gebruikers):
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    url = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    pagina = tekst(client_als("zc").get(url))
    assert "Ingevuld met de gegevens" not in pagina
    assert 'name="accepteren-naam"' in pagina and 'name="accepteren-naam" value=' not in pagina


def test_doorverwijzing_afwijzen_met_en_zonder_reden(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    doorverwijzing = signaal.doorverwijzingen.get()
    url = reverse("zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": doorverwijzing.uuid})
    client = client_als("zc")
    antwoord = client.post(url, {"antwoord": "afwijzen"})
    assert antwoord.status_code == 400
    assert "Geef kort de reden van afwijzen" in fout_bij(tekst(antwoord), "id_afwijzen-reden")
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.terugkoppeling == Doorverwijzing.Terugkoppeling.VERSTUURD

    antwoord = client.post(url, {"antwoord": "afwijzen", "afwijzen-reden": "Buiten onze regio."})
    assert antwoord.status_code == 302
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.terugkoppeling == Doorverwijzing.Terugkoppeling.AFGEWEZEN
    assert doorverwijzing.bericht == "Buiten onze regio."
    # Answered: it has left the inbox.
    assert url not in tekst(client.get(reverse("zorgcoordinatie:start")))


def test_doorverwijzing_is_404_voor_een_andere_regio_en_de_af(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    url = reverse(
        "zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": signaal.doorverwijzingen.get().uuid}
    )
    for wie in ("zc_ander", "af"):
        assert client_als(wie).get(url).status_code == 404
        assert (
            client_als(wie).post(url, {"antwoord": "afwijzen", "afwijzen-reden": "Nee."}).status_code == 404
        )
    assert ToegangsLog.objects.filter(
        gebruiker=gebruikers["zc_ander"], uitkomst=ToegangsLog.Uitkomst.GEWEIGERD
    ).exists()
    assert not Aanmelding.objects.exists()


# --- The trajectory page --------------------------------------------------------------------------


def test_trajectpagina_voor_de_verantwoordelijke(client_als, gebruikers, zc2):
    traject = TrajectFactory(
        door=gebruikers["zc"], achtervang=zc2, bedenktijd=True, in_opvang=True, aangifte=True
    )
    antwoord = client_als("zc").get(traject_url(traject))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 200
    client = traject.client
    for inhoud in (
        f"Traject {client.dossiernummer}",
        client.naam,
        "Doordeweeks na 19.00 uur",  # safe times
        "De werkgever",  # never through
        "COSM (categorale opvang)",
        "Bedenktijd",
        "Aangifte gedaan",
        "Politie, team AVIM, rechercheur De Boer",
        "Onderzoeksinformatie wordt niet gedeeld",
        "Nog geen intake vastgelegd.",  # not fourteen empty rows
        "Er loopt geen strafrechtelijke procedure: <strong>niet voldaan</strong>",
        "zc2",
    ):
        assert inhoud in pagina, inhoud
    # The header (issue 17, point 1): status, phases, dates and the one next step.
    kop = antwoord.context["kop"]
    assert (kop.referentie, kop.status, kop.verantwoordelijke) == (client.dossiernummer, "Intake", "zc")
    assert [(s.label, s.stand) for s in kop.stappen] == [
        ("Intake", "huidig"),
        ("Hulpverlening", "open"),
        ("Afronding", "open"),
    ]
    assert kop.volgende == Volgende("Intake vastleggen", traject_url(traject, "intake"))
    assert ("Bedenktijd tot en met", datum_tekst(traject.bedenktijd_eind)) in kop.data
    assert ("Achtervang", "zc2") in kop.data
    # The timeline shows a day as a day, the opening with its time.
    tijdlijn = pagina.split('id="tijdlijn"', 1)[1].split("</section>", 1)[0]
    dag = traject.intake_start
    assert f'<time datetime="{dag.isoformat()}">{datum_tekst(dag)}</time>' in tijdlijn
    geopend = timezone.localtime(traject.aangemaakt_op)
    assert f"{datum_tekst(geopend)} {geopend:%H:%M}" in tijdlijn
    if f"{geopend:%H:%M}" != "23:59":  # a day's events never show the moment they are sorted at
        assert "23:59" not in tijdlijn
    for actie in (
        "traject_bewerken",
        "intake",
        "zorgactie_toevoegen",
        "zorgoverleg_toevoegen",
        "afsluiten",
        "fase_wijzigen",
    ):
        assert traject_url(traject, actie) in pagina
    # One form on the page: the phase selector in its section, with only the transitions possible
    # now; every other form opens on its own page.
    inhoud = pagina.split('id="inhoud"', 1)[1]
    assert inhoud.count("<form") == 1
    assert f'<form method="post" action="{traject_url(traject, "fase_wijzigen")}"' in inhoud
    assert '<option value="hulpverlening:starten">' in inhoud and "afronding:starten" not in inhoud
    assert "Alleen lezen" not in pagina
    regel = ToegangsLog.objects.get(scherm="zorgcoordinatie:traject")
    assert (regel.gebruiker, regel.actie, regel.object_type, regel.object_id) == (
        gebruikers["zc"],
        ToegangsLog.Actie.BEKIJKEN,
        "zorgcoordinatie.Traject",
        str(traject.uuid),
    )


def test_achtervang_bewerkt_ook(gebruikers, zc2):
    traject = TrajectFactory(door=gebruikers["zc"], achtervang=zc2)
    achtervang = als(zc2)
    antwoord = achtervang.get(traject_url(traject))
    assert traject_url(traject, "fase_wijzigen") in tekst(antwoord)
    assert antwoord.context["kop"].volgende.label == "Intake vastleggen"
    assert achtervang.get(traject_url(traject, "traject_bewerken")).status_code == 200


def test_collega_in_de_regio_leest_alleen(gebruikers, zc2):
    traject = TrajectFactory(door=gebruikers["zc"])
    collega = als(zc2)
    antwoord = collega.get(traject_url(traject))
    pagina = tekst(antwoord)
    assert "Alleen lezen" in pagina and traject.client.naam in pagina
    assert antwoord.context["kop"].volgende is None  # no next step for who only reads
    for actie in (
        "Traject wijzigen",
        "Fase wijzigen",
        "Intake vastleggen",
        "Zorgactie toevoegen",
        "Cliëntgegevens wijzigen",
        "CSV",
    ):
        # As words: a CSRF token may hold "CSV".
        assert not re.search(rf"\b{re.escape(actie)}\b", pagina), actie
    assert ToegangsLog.objects.filter(gebruiker=zc2, object_id=str(traject.uuid)).exists()
    # The action URLs send the colleague back with a message and change nothing.
    for naam in ("traject_bewerken", "intake", "afsluiten", "fase_wijzigen"):
        antwoord = collega.get(traject_url(traject, naam))
        assert antwoord.status_code == 302 and antwoord["Location"] == traject_url(traject)
    antwoord = collega.post(
        traject_url(traject, "fase_wijzigen"),
        {"overgang": "hulpverlening:starten", "datum": VANDAAG().isoformat(), "versie": traject.versie},
        follow=True,
    )
    assert "Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt dit traject." in tekst(
        antwoord
    )
    traject.refresh_from_db()
    assert traject.hulpverlening_start is None
    url = reverse("zorgcoordinatie:comensha_export", kwargs={"uuid": traject.client.uuid})
    assert collega.get(url).status_code == 302


def test_traject_is_404_voor_andere_regio_af_en_kr_zonder_casuistiek(client_als, gebruikers, plaatsen):
    traject = TrajectFactory(door=gebruikers["zc"])
    for wie in ("zc_ander", "af", "af_ander", "kr", "kr_ander"):
        assert client_als(wie).get(traject_url(traject)).status_code == 404, wie
    assert client_als("fb").get(traject_url(traject)).status_code == 403
    assert ToegangsLog.objects.filter(
        gebruiker=gebruikers["af"], uitkomst=ToegangsLog.Uitkomst.GEWEIGERD, object_id=str(traject.uuid)
    ).exists()
    # A KR reads (never edits) once the region allows casework.
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    pagina = tekst(client_als("kr").get(traject_url(traject)))
    assert traject.client.naam in pagina and "Alleen lezen" in pagina and "Fase wijzigen" not in pagina
    assert client_als("kr").get(traject_url(traject, "traject_bewerken")).status_code == 403


@pytest.mark.parametrize("aantal", [1, 10])
def test_trajectpagina_aantal_queries(client_als, gebruikers, django_assert_max_num_queries, aantal):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc, uit_signaal=True, af=gebruikers["af"])
    referentie = traject.signaal.referentie
    traject = services.intake_vastleggen(
        traject=traject,
        door=zc,
        behoeften=dict.fromkeys(Levensdomein.values, ("ja", "Toelichting")),
        versie=traject.versie,
    )
    for i in range(aantal):
        services.zorgactie_toevoegen(
            traject=traject,
            door=zc,
            gegevens={"domein": "medisch", "zorgaanbieder": f"Aanbieder {i}", "soort": "Zorg"},
        )
        services.zorgoverleg_vastleggen(
            traject=traject,
            door=zc,
            datum=VANDAAG(),
            organisaties="COSM",
            afspraken=[
                {"omschrijving": f"Afspraak {i}.{j}", "eigenaar": "COSM", "deadline": VANDAAG()}
                for j in range(3)
            ],
        )
        services.comensha_export_vastleggen(
            client=traject.client, door=zc, registratie=services.comensha_registratie(traject.client)
        )
    client = client_als("zc")
    # the trajectory (client, gemeenten, regio, ZC and backup joined) and its needs, care
    # actions, meetings, their agreements, the aanmeldingen (referral and signal joined); may
    # the user edit; access log. The header and the timeline read what these fetched (issue 17:
    # one query less than before, the CoMensha exports moved to the client's page).
    with django_assert_max_num_queries(PER_VERZOEK + 8):
        antwoord = client.get(traject_url(traject))
    assert antwoord.status_code == 200
    pagina = tekst(antwoord)
    assert pagina.count('aria-label="Zorgactie Zorg wijzigen"') == aantal
    assert pagina.count("Afronden</button>") == 3 * aantal
    assert referentie in pagina
    titels = [g.titel for g in antwoord.context["gebeurtenissen"]]
    assert titels.count("Zorgoverleg met COSM") == aantal
    assert titels.count("Zorgactie aangevraagd: Zorg bij Aanbieder 0") == 1
    assert f"Doorverwezen vanuit signaal {referentie}" in titels
    # The client's page: the client (gemeenten joined), their trajectories this user reads
    # (ZC joined), the CoMensha exports (who joined); may the user edit; access log.
    with django_assert_max_num_queries(PER_VERZOEK + 5):
        antwoord = client.get(reverse("zorgcoordinatie:client", kwargs={"uuid": traject.client.uuid}))
    assert antwoord.status_code == 200
    assert f"Registraties voor CoMensha gedownload ({aantal})" in tekst(antwoord)
    assert antwoord.context["kop"].referentie == traject.client.dossiernummer


# --- Editing the trajectory -----------------------------------------------------------------------


def test_traject_wijzigen(client_als, gebruikers, zc2):
    traject = TrajectFactory(door=gebruikers["zc"])
    url = traject_url(traject, "traject_bewerken")
    client = client_als("zc")
    formulier = tekst(client.get(url))
    assert f'name="versie" value="{traject.versie}"' in formulier
    begin = VANDAAG() - timedelta(days=10)
    antwoord = client.post(
        url,
        traject_invoer(
            traject,
            verblijf="bedenktijd",
            bedenktijd_start=begin.isoformat(),
            bedenktijd_eind=None,
            achtervang=str(zc2.pk),
            arbeidsuitbuiting="on",
            vorm_onbekend=None,
            geinformeerd_zorg_op=VANDAAG().isoformat(),
        ),
    )
    assert antwoord.status_code == 302 and antwoord["Location"] == traject_url(traject) + "#pijlers"
    traject.refresh_from_db()
    assert traject.bedenktijd_eind == services.drie_maanden_na(begin)
    assert traject.achtervang == zc2 and traject.arbeidsuitbuiting and not traject.vorm_onbekend
    assert "Het traject is opgeslagen." in tekst(client.get(antwoord["Location"]))


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        (
            {"verblijf": "bedenktijd", "bedenktijd_start": "2026-01-01", "bedenktijd_eind": "2026-04-15"},
            "id_bedenktijd_eind",
            "De bedenktijd duurt ten hoogste drie maanden.",
        ),
        (
            {"opvang": "cosm", "opvang_start": "2026-02-01", "opvang_eind": "2026-01-01"},
            "id_opvang_eind",
            "De opvang kan niet eindigen vóór zij begint.",
        ),
        ({"verblijf": "bedenktijd"}, "id_bedenktijd_start", "Vul in wanneer de bedenktijd is ingegaan."),
        (
            {"geinformeerd_strafrecht_op": MORGEN},
            "id_geinformeerd_strafrecht_op",
            "Deze datum ligt in de toekomst.",
        ),
        ({"strafrecht": "aangifte"}, "id_aangifte_op", "Vul de datum van de aangifte in."),
        ({"vorm_onbekend": None}, "id_vorm_onbekend", "Kies minstens één vorm van uitbuiting"),
        ({"volgende_evaluatie": "morgen"}, "id_volgende_evaluatie", "Vul een geldige datum in"),
    ],
)
def test_traject_wijzigen_met_onjuiste_invoer(client_als, gebruikers, wijziging, veld, melding):
    traject = TrajectFactory(door=gebruikers["zc"])
    invoer = traject_invoer(traject, strafrecht_contact="Wijkagent Noord", **wijziging)
    antwoord = client_als("zc").post(traject_url(traject, "traject_bewerken"), invoer)
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert "Controleer het formulier." in pagina
    assert melding in fout_bij(pagina, veld)
    assert 'value="Wijkagent Noord"' in pagina
    versie = traject.versie
    traject.refresh_from_db()
    assert traject.versie == versie and traject.strafrecht_contact == ""


def test_traject_tegelijk_wijzigen_geeft_conflict(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    url = traject_url(traject, "traject_bewerken")
    assert client_als("zc").post(url, traject_invoer(traject, strafrecht_contact="Eerste")).status_code == 302
    antwoord = client_als("zc").post(url, traject_invoer(traject, strafrecht_contact="Mijn contact"))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 409
    assert "Iemand anders heeft dit traject intussen gewijzigd." in pagina
    assert 'value="Mijn contact"' in pagina and "Bekijk de nieuwe versie van het traject" in pagina
    traject.refresh_from_db()
    assert traject.strafrecht_contact == "Eerste"


def test_formulier_zonder_versie_is_onvolledig(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    antwoord = client_als("zc").post(
        traject_url(traject, "traject_bewerken"), traject_invoer(traject, versie=None)
    )
    assert antwoord.status_code == 400
    assert "Het formulier is onvolledig." in tekst(antwoord)


# --- Phases ---------------------------------------------------------------------------------------


def fase(client, traject, overgang, datum=None, versie=None):
    """Post a phase change; ``datum`` is today unless given (a string is sent as is)."""
    traject.refresh_from_db()
    if datum is None:
        datum = VANDAAG().isoformat()
    return client.post(
        traject_url(traject, "fase_wijzigen"),
        {"overgang": overgang, "datum": datum, "versie": versie or traject.versie},
    )


def test_fasen_hulpverlening_voor_de_intake_en_afronding(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    client = client_als("zc")
    antwoord = fase(client, traject, "hulpverlening:starten")
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#fasen")
    antwoord = client.get(antwoord["Location"])
    assert "Hulpverlening starten: vastgelegd." in tekst(antwoord)
    assert antwoord.context["kop"].status == "Intake en hulpverlening"

    # The afronding cannot start before the intake has ended: not offered, and refused when sent.
    formulier = tekst(client.get(traject_url(traject, "fase_wijzigen")))
    assert 'value="afronding:starten"' not in formulier and 'value="intake:beeindigen"' in formulier
    antwoord = fase(client, traject, "afronding:starten", datum="2026-01-02")
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert "Deze faseovergang kan nu niet. Kies een van de overgangen in de lijst." in fout_bij(
        pagina, "id_fase_overgang"
    )
    assert 'value="2026-01-02"' in pagina  # the date sent is kept

    assert fase(client, traject, "intake:beeindigen").status_code == 302
    assert fase(client, traject, "afronding:starten").status_code == 302
    traject.refresh_from_db()
    assert traject.open_fasen == ["afronding"] and traject.hulpverlening_eind == VANDAAG()


@pytest.mark.parametrize(
    "overgang,datum,melding",
    [
        ("intake:beeindigen", MORGEN, "Deze datum ligt in de toekomst."),
        (
            "intake:beeindigen",
            (VANDAAG() - timedelta(days=1)).isoformat(),
            "De intake kan niet eindigen vóór zij begint.",
        ),
        ("intake:starten", None, "Deze faseovergang kan nu niet. Kies een van de overgangen in de lijst."),
        ("", None, "Kies een faseovergang."),
        ("intake:beeindigen", "", "Vul de datum van de overgang in."),
    ],
)
def test_fase_met_onjuiste_invoer(client_als, gebruikers, overgang, datum, melding):
    traject = TrajectFactory(door=gebruikers["zc"])
    antwoord = fase(client_als("zc"), traject, overgang, datum)
    assert antwoord.status_code == 400
    assert melding in tekst(antwoord)
    traject.refresh_from_db()
    assert traject.intake_eind is None


def test_fase_met_oude_versie_geeft_conflict(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    oud = traject.versie
    client = client_als("zc")
    assert fase(client, traject, "hulpverlening:starten").status_code == 302
    antwoord = fase(client, traject, "intake:beeindigen", versie=oud)
    assert antwoord.status_code == 409
    assert "Iemand anders heeft dit traject intussen gewijzigd." in tekst(antwoord)


# --- Intake, care actions, meetings ---------------------------------------------------------------


def test_intake_alle_levensdomeinen_in_een_formulier(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    url = traject_url(traject, "intake")
    client = client_als("zc")
    formulier = tekst(client.get(url))
    for domein in Levensdomein:
        assert f"{domein.label}</legend>" in formulier
    invoer = {"versie": traject.versie}
    for domein in Levensdomein.values:
        invoer[f"behoefte_{domein}"] = "nee"
        invoer[f"toelichting_{domein}"] = ""
    invoer["behoefte_opvang"] = "ja"
    invoer["toelichting_opvang"] = "Zoekt een veilige plek."
    antwoord = client.post(url, invoer)
    assert antwoord.status_code == 302
    assert IntakeBehoefte.objects.filter(traject=traject).count() == 14
    pagina = tekst(client.get(traject_url(traject)))
    assert "Zoekt een veilige plek." in pagina and "Nog niet vastgelegd" not in pagina
    # The form shows what was recorded.
    assert 'value="Zoekt een veilige plek."' in tekst(client.get(url))

    invoer["behoefte_taal"] = "misschien"
    invoer["toelichting_taal"] = "Spreekt wat Engels."
    invoer["versie"] = traject.versie + 1
    antwoord = client.post(url, invoer)
    assert antwoord.status_code == 400
    assert "Kies ja, nee of onbekend." in fout_bij(tekst(antwoord), "id_behoefte_taal")
    assert 'value="Spreekt wat Engels."' in tekst(antwoord)


def actie_invoer(**wijzigingen) -> dict:
    data = {
        "domein": "psychisch",
        "zorgaanbieder": "Fier",
        "soort": "Traumabehandeling",
        "status": "aangevraagd",
        "aangevraagd_op": (VANDAAG() - timedelta(days=5)).isoformat(),
    }
    data.update(wijzigingen)
    return data


def test_zorgacties_toevoegen_en_wijzigen(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    client = client_als("zc")
    url = traject_url(traject, "zorgactie_toevoegen")
    assert client.post(url, actie_invoer()).status_code == 302
    assert (
        client.post(url, actie_invoer(domein="opvang", zorgaanbieder="COSM", soort="Opvang")).status_code
        == 302
    )
    actie = Zorgactie.objects.get(zorgaanbieder="Fier")
    pagina = tekst(client.get(traject_url(traject)))
    assert "Zorgacties (2)" in pagina and "Traumabehandeling" in pagina

    url = reverse("zorgcoordinatie:zorgactie_bewerken", kwargs={"uuid": actie.uuid})
    assert 'value="Fier"' in tekst(client.get(url))
    invoer = actie_invoer(
        status="lopend", gestart_op=VANDAAG().isoformat(), warme_overdracht_op=VANDAAG().isoformat()
    )
    antwoord = client.post(url, invoer)
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#zorgacties")
    actie.refresh_from_db()
    assert (actie.status, actie.gestart_op, actie.warme_overdracht_op) == ("lopend", VANDAAG(), VANDAAG())


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        (
            {"gestart_op": (VANDAAG() - timedelta(days=9)).isoformat()},
            "id_gestart_op",
            "De start ligt vóór de aanvraag.",
        ),
        (
            {
                "gestart_op": (VANDAAG() - timedelta(days=2)).isoformat(),
                "beeindigd_op": (VANDAAG() - timedelta(days=3)).isoformat(),
            },
            "id_beeindigd_op",
            "Het einde ligt vóór de start.",
        ),
        ({"aangevraagd_op": MORGEN}, "id_aangevraagd_op", "Deze datum ligt in de toekomst."),
        ({"aangevraagd_op": ""}, "id_aangevraagd_op", "Vul in wanneer de hulp is aangevraagd."),
        ({"zorgaanbieder": ""}, "id_zorgaanbieder", "Vul de zorgaanbieder in."),
        ({"domein": ""}, "id_domein", "Kies het levensdomein."),
    ],
)
def test_zorgactie_met_onjuiste_invoer(client_als, gebruikers, wijziging, veld, melding):
    traject = TrajectFactory(door=gebruikers["zc"])
    antwoord = client_als("zc").post(traject_url(traject, "zorgactie_toevoegen"), actie_invoer(**wijziging))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert melding in fout_bij(pagina, veld)
    assert 'value="Traumabehandeling"' in pagina
    assert not Zorgactie.objects.exists()


def overleg_invoer(**wijzigingen) -> dict:
    data = {
        "datum": VANDAAG().isoformat(),
        "organisaties": "COSM, politie, gemeente Hilversum",
        "afspraak_1_omschrijving": "Huisarts zoeken",
        "afspraak_1_eigenaar": "COSM",
        "afspraak_1_deadline": (VANDAAG() + timedelta(days=14)).isoformat(),
        "afspraak_2_omschrijving": "Uitkering aanvragen",
        "afspraak_2_eigenaar": "Gemeente",
        "afspraak_2_deadline": (VANDAAG() + timedelta(days=7)).isoformat(),
    }
    data.update(wijzigingen)
    return data


def test_zorgoverleg_met_afspraken_en_afronden(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    client = client_als("zc")
    antwoord = client.post(traject_url(traject, "zorgoverleg_toevoegen"), overleg_invoer())
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#zorgoverleg")
    overleg = traject.overleggen.get()
    assert overleg.afspraken.count() == 2  # the empty third is left out
    pagina = tekst(client.get(traject_url(traject)))
    assert "COSM, politie, gemeente Hilversum" in pagina and "Uitkering aanvragen" in pagina

    afspraak = overleg.afspraken.get(omschrijving="Huisarts zoeken")
    url = reverse("zorgcoordinatie:afspraak_afronden", kwargs={"uuid": afspraak.uuid})
    antwoord = client.post(url)
    assert antwoord.status_code == 302
    assert "De afspraak 'Huisarts zoeken' is afgerond." in tekst(client.get(antwoord["Location"]))
    afspraak.refresh_from_db()
    assert afspraak.afgerond_op == VANDAAG()


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        ({"afspraak_2_eigenaar": ""}, "id_afspraak_2_eigenaar", "Vul in wie de afspraak uitvoert."),
        ({"afspraak_3_deadline": MORGEN}, "id_afspraak_3_omschrijving", "Vul in wat er is afgesproken."),
        ({"organisaties": " "}, "id_organisaties", "Noem de organisaties die deelnamen."),
        ({"datum": ""}, "id_datum", "Vul de datum van het overleg in."),
    ],
)
def test_zorgoverleg_met_onjuiste_invoer(client_als, gebruikers, wijziging, veld, melding):
    traject = TrajectFactory(door=gebruikers["zc"])
    antwoord = client_als("zc").post(
        traject_url(traject, "zorgoverleg_toevoegen"), overleg_invoer(**wijziging)
    )
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert melding in fout_bij(pagina, veld)
    assert 'value="Huisarts zoeken"' in pagina
    assert not traject.overleggen.exists()


# --- Closing and reopening ------------------------------------------------------------------------


def test_afsluiten_op_criteria_die_niet_voldaan_zijn(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"], aangifte=True)
    url = traject_url(traject, "afsluiten")
    client = client_als("zc")
    pagina = tekst(client.get(url))
    assert "Er loopt geen strafrechtelijke procedure: <strong>niet voldaan</strong>" in pagina
    assert "Nog niet alle criteria zijn voldaan." in pagina
    antwoord = client.post(
        url, {"reden": "criteria", "toelichting": "Alles geregeld.", "versie": traject.versie}
    )
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert (
        "Afsluiten op criteria kan nog niet. Niet voldaan: er loopt geen strafrechtelijke procedure" in pagina
    )
    assert "Alles geregeld." in pagina
    traject.refresh_from_db()
    assert traject.afgesloten_op is None


@pytest.mark.parametrize(
    "invoer,veld,melding",
    [
        (
            {"reden": "anders", "toelichting": " "},
            "id_toelichting",
            "Licht toe waarom het traject wordt afgesloten.",
        ),
        ({"reden": ""}, "id_reden", "Kies een reden van afsluiten uit de lijst."),
        ({"reden": "overgedragen"}, "id_overgedragen_aan", "Kies de regio die het traject overneemt."),
    ],
)
def test_afsluiten_met_onjuiste_invoer(client_als, gebruikers, invoer, veld, melding):
    traject = TrajectFactory(door=gebruikers["zc"])
    antwoord = client_als("zc").post(traject_url(traject, "afsluiten"), {**invoer, "versie": traject.versie})
    assert antwoord.status_code == 400
    assert melding in fout_bij(tekst(antwoord), veld)
    traject.refresh_from_db()
    assert traject.afgesloten_op is None


def test_afsluiten_met_alle_criteria_en_heropenen(client_als, gebruikers):
    traject = TrajectFactory(
        door=gebruikers["zc"], uit_signaal=True, af=gebruikers["af"], afronding=True, criteria_voldaan=True
    )
    client = client_als("zc")
    antwoord = client.post(traject_url(traject, "afsluiten"), {"reden": "criteria", "versie": traject.versie})
    assert antwoord.status_code == 302
    pagina = tekst(client.get(antwoord["Location"]))
    assert "Het traject is afgesloten." in pagina
    assert "Afgesloten op" in pagina and "Alle afsluitcriteria voldaan" in pagina
    assert "Traject wijzigen" not in pagina and "Traject heropenen" in pagina
    # The AF who referred it sees "Afgerond" on the signal, without details.
    signaal_pagina = tekst(
        client_als("af").get(reverse("signalen:detail", kwargs={"uuid": traject.signaal.uuid}))
    )
    assert "<strong>Afgerond</strong>" in signaal_pagina and traject.client.naam not in signaal_pagina
    assert traject.client.dossiernummer not in tekst(client.get(reverse("zorgcoordinatie:start")))

    traject.refresh_from_db()
    url = traject_url(traject, "heropenen")
    antwoord = client.post(url, {"reden": "", "versie": traject.versie})
    assert antwoord.status_code == 400
    assert "Geef de reden om het traject te heropenen." in fout_bij(tekst(antwoord), "id_heropenen_reden")
    antwoord = client.post(url, {"reden": "Nieuwe hulpvraag.", "versie": traject.versie})
    assert antwoord.status_code == 302
    assert "Het traject is heropend" in tekst(client.get(antwoord["Location"]))
    traject.refresh_from_db()
    assert traject.afgesloten_op is None and traject.afsluittoelichting == "Heropend: Nieuwe hulpvraag."


def test_afsluiten_zegt_wat_nog_loopt(client_als, gebruikers, django_assert_max_num_queries):
    """Issue 17, point 5: before closing, the page says what still runs, in a fixed number of
    queries (the care actions and the agreements, whatever their number)."""
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc)
    client = client_als("zc")
    client.get(traject_url(traject, "afsluiten"))
    with CaptureQueriesContext(connection) as leeg:
        assert "Dit loopt nog" not in tekst(client.get(traject_url(traject, "afsluiten")))

    over_tien_dagen = VANDAAG() + timedelta(days=10)
    Traject.objects.filter(pk=traject.pk).update(
        verblijf=Traject.Verblijf.BEDENKTIJD,
        bedenktijd_start=VANDAAG(),
        bedenktijd_eind=over_tien_dagen,
        opvang=Traject.Opvang.COSM,
        opvang_start=VANDAAG(),
    )
    services.zorgactie_toevoegen(
        traject=traject,
        door=zc,
        gegevens={"domein": "medisch", "zorgaanbieder": "Huisarts", "soort": "Intake"},
    )
    afgerond = services.zorgactie_toevoegen(
        traject=traject, door=zc, gegevens={"domein": "taal", "zorgaanbieder": "Taalhuis", "soort": "Taalles"}
    )
    Zorgactie.objects.filter(pk=afgerond.pk).update(status=Zorgactie.Status.AFGEROND)
    services.zorgoverleg_vastleggen(
        traject=traject,
        door=zc,
        datum=VANDAAG(),
        organisaties="COSM",
        afspraken=[{"omschrijving": "Huisarts zoeken", "eigenaar": "COSM", "deadline": VANDAAG()}],
    )
    with django_assert_max_num_queries(len(leeg)):
        pagina = tekst(client.get(traject_url(traject, "afsluiten")))
    waarschuwing = pagina.split('id="kop-nog-lopend"', 1)[1].split("</section>", 1)[0]
    datum = f"{over_tien_dagen.day} "
    assert "De bedenktijd loopt nog tot en met " + datum in waarschuwing
    assert "De opvang (COSM (categorale opvang)) heeft geen einddatum." in waarschuwing
    assert "Zorgactie Intake bij Huisarts (Medische zorg): aangevraagd." in waarschuwing
    assert "Taalhuis" not in waarschuwing  # done
    assert "1 afspraak uit het zorgoverleg is nog niet afgerond." in waarschuwing
    # A warning, not a bar: closing still works.
    traject.refresh_from_db()
    antwoord = client.post(
        traject_url(traject, "afsluiten"), {"reden": "wil_geen_hulp", "versie": traject.versie}
    )
    assert antwoord.status_code == 302


def test_afsluiten_met_overdracht(client_als, gebruikers, plaatsen):
    traject = TrajectFactory(door=gebruikers["zc"])
    antwoord = client_als("zc").post(
        traject_url(traject, "afsluiten"),
        {"reden": "overgedragen", "overgedragen_aan": plaatsen["fr"].pk, "versie": traject.versie},
    )
    assert antwoord.status_code == 302
    traject.refresh_from_db()
    assert traject.overgedragen_aan == plaatsen["fr"]
    assert "Overgedragen aan een andere regio (Fryslân)" in tekst(client_als("zc").get(traject_url(traject)))


def test_afgesloten_traject_wijzigen_kan_niet(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"], afgesloten=True)
    antwoord = client_als("zc").post(traject_url(traject, "zorgactie_toevoegen"), actie_invoer())
    assert antwoord.status_code == 400
    assert "Dit traject is afgesloten. Heropen het eerst." in tekst(antwoord)
    antwoord = client_als("zc").post(
        traject_url(traject, "heropenen"), {"reden": "Nieuw.", "versie": traject.versie - 1}
    )
    assert antwoord.status_code == 409


def test_heropenen_van_een_open_traject_wordt_geweigerd(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    antwoord = client_als("zc").post(
        traject_url(traject, "heropenen"), {"reden": "Nieuw.", "versie": traject.versie}, follow=True
    )
    assert "Alleen een afgesloten traject kan worden heropend." in tekst(antwoord)


# --- The client and CoMensha ----------------------------------------------------------------------


def client_invoer(client: Client, **wijzigingen) -> dict:
    data = {
        "versie": client.versie,
        "naam": client.naam,
        "geslacht": client.geslacht,
        "verblijfsstatus": client.verblijfsstatus,
        "verantwoordelijke_gemeente": client.verantwoordelijke_gemeente_id,
        "nationaliteiten": client.nationaliteiten,
    }
    data.update(wijzigingen)
    return data


def test_veilig_contact_onderscheidt_mag_niet_van_niet_vastgelegd(client_als, gebruikers):
    """Issue 17, point 9: "Mag niet" only where it was recorded; otherwise "Niet vastgelegd"."""
    traject = TrajectFactory(door=gebruikers["zc"])
    cl = traject.client
    http = client_als("zc")
    url = reverse("zorgcoordinatie:client_bewerken", kwargs={"uuid": cl.uuid})
    antwoord = http.post(url, client_invoer(cl, mag_bellen="True", mag_sms="False"))
    assert antwoord.status_code == 302
    cl.refresh_from_db()
    assert (cl.mag_bellen, cl.mag_sms, cl.mag_bezoek) == (True, False, None)
    pagina = tekst(http.get(reverse("zorgcoordinatie:client", kwargs={"uuid": cl.uuid})))
    veilig = pagina.split('id="veilig-contact"', 1)[1].split("</dl>", 1)[0]
    assert re.findall(r'item-value">([^<]+)</dd>', veilig)[:3] == ["Mag", "Mag niet", "Niet vastgelegd"]
    # The trajectory's page says it in one line.
    pagina = tekst(http.get(traject_url(traject)))
    assert "Bellen: mag; berichten: mag niet; bezoeken: niet vastgelegd" in pagina
    # The form shows what was recorded, and refuses what is none of the three.
    formulier = tekst(http.get(url))
    assert re.search(r'<input[^>]*name="mag_sms"[^>]*value="False"[^>]*checked', formulier)
    cl.refresh_from_db()
    antwoord = http.post(url, client_invoer(cl, mag_bezoek="misschien"))
    assert antwoord.status_code == 400
    assert "Selecteer een geldige keuze" in tekst(antwoord)


def test_clientgegevens_wijzigen(client_als, gebruikers, plaatsen):
    traject = TrajectFactory(door=gebruikers["zc"])
    cl = traject.client
    url = reverse("zorgcoordinatie:client_bewerken", kwargs={"uuid": cl.uuid})
    http = client_als("zc")
    assert f'value="{cl.naam}"' in tekst(http.get(url))
    assert ToegangsLog.objects.filter(
        scherm="zorgcoordinatie:client_bewerken", object_id=str(cl.uuid)
    ).exists()
    antwoord = http.post(
        url,
        client_invoer(cl, aliassen="Zosia", lvb="on", mag_bezoek="True", brp_gemeente=plaatsen["huizen"].pk),
    )
    client_url = reverse("zorgcoordinatie:client", kwargs={"uuid": cl.uuid})
    assert antwoord.status_code == 302 and antwoord["Location"] == client_url + "#gegevens"
    cl.refresh_from_db()
    assert (cl.aliassen, cl.lvb, cl.mag_bezoek, cl.brp_gemeente) == ("Zosia", True, True, plaatsen["huizen"])
    pagina = tekst(http.get(client_url))
    assert "Licht verstandelijke beperking" in pagina and "ook bekend als Zosia" in pagina
    assert "Huizen" in pagina.split('id="gegevens"', 1)[1].split("</section>", 1)[0]
    # The trajectory's page names the client briefly and links to the client's page.
    pagina = tekst(http.get(traject_url(traject)))
    assert "ook bekend als Zosia" in pagina and client_url in pagina

    antwoord = http.post(url, client_invoer(cl, geboortedatum=MORGEN, taal="Pools"))
    assert antwoord.status_code == 400
    assert "Een geboortedatum kan niet in de toekomst liggen." in fout_bij(
        tekst(antwoord), "id_geboortedatum"
    )
    assert 'value="Pools"' in tekst(antwoord)

    antwoord = http.post(url, client_invoer(cl, versie=cl.versie - 1, taal="Pools"))
    assert antwoord.status_code == 409
    assert "Iemand anders heeft deze cliënt intussen gewijzigd." in tekst(antwoord)
    assert 'value="Pools"' in tekst(antwoord)

    antwoord = http.post(url, client_invoer(cl, verantwoordelijke_gemeente=""))
    assert antwoord.status_code == 400
    assert "Kies de verantwoordelijke gemeente." in fout_bij(tekst(antwoord), "id_verantwoordelijke_gemeente")


def test_client_is_404_voor_een_andere_regio(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    for naam in ("client_bewerken", "comensha_export"):
        url = reverse(f"zorgcoordinatie:{naam}", kwargs={"uuid": traject.client.uuid})
        assert client_als("zc_ander").get(url).status_code == 404
        assert client_als("af").get(url).status_code == 404


def test_comensha_toestemming_en_export(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"], uit_signaal=True, af=gebruikers["af"])
    cl = traject.client
    http = client_als("zc")
    export_url = reverse("zorgcoordinatie:comensha_export", kwargs={"uuid": cl.uuid})
    toestemming_url = reverse("zorgcoordinatie:comensha_toestemming", kwargs={"uuid": cl.uuid})

    def export() -> list[list[str]]:
        antwoord = http.get(export_url)
        assert antwoord.status_code == 200
        assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
        assert antwoord["Content-Disposition"].startswith('attachment; filename="comensha-registratie-')
        assert cl.dossiernummer not in antwoord["Content-Disposition"]
        return list(csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))

    # Without consent: an anonymous minimal registration.
    koppen, waarden = export()
    assert koppen[0] == "registratie" and waarden[0] == "anoniem"
    inhoud = ";".join(koppen + waarden)
    assert cl.naam not in inhoud and cl.dossiernummer not in inhoud and "1995" not in inhoud
    assert "arbeidsuitbuiting" in inhoud
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.EXPORTEREN)
    assert (regel.gebruiker, regel.object_type, regel.object_id, regel.scherm) == (
        gebruikers["zc"],
        "zorgcoordinatie.Client",
        str(cl.uuid),
        "zorgcoordinatie:comensha_export",
    )

    # The consent form on its own page; bad input kept, 400, every error at once.
    formulier = tekst(http.get(toestemming_url))
    assert '<option value="niet_gevraagd" selected>' in formulier
    antwoord = http.post(toestemming_url, {"toestemming": "gegeven", "velden": ["naam"]})
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert "Vul de datum in waarop de toestemming is gevraagd." in fout_bij(pagina, "id_comensha_datum")
    assert re.search(r'value="naam"[^>]*checked', pagina) and "Toestemming voor CoMensha</h1>" in pagina
    antwoord = http.post(toestemming_url, {"toestemming": "gegeven", "datum": MORGEN})
    pagina = tekst(antwoord)
    assert "Deze datum ligt in de toekomst." in fout_bij(pagina, "id_comensha_datum")
    assert "Kies de gegevens waarvoor de cliënt toestemming gaf." in fout_bij(pagina, "id_comensha_velden")
    antwoord = http.post(
        toestemming_url, {"toestemming": "gegeven", "datum": VANDAAG().isoformat(), "velden": ["bsn"]}
    )
    assert antwoord.status_code == 400
    assert "Kies alleen gegevens uit de lijst." in fout_bij(tekst(antwoord), "id_comensha_velden")
    antwoord = http.post(
        toestemming_url, {"toestemming": "geweigerd", "datum": VANDAAG().isoformat(), "velden": ["naam"]}
    )
    assert "Zonder toestemming worden geen gegevens gedeeld: vink ze uit." in fout_bij(
        tekst(antwoord), "id_comensha_velden"
    )
    assert Client.objects.get(pk=cl.pk).comensha_toestemming == Client.Toestemming.NIET_GEVRAAGD

    antwoord = http.post(
        toestemming_url,
        {"toestemming": "gegeven", "datum": VANDAAG().isoformat(), "velden": ["naam", "geboortedatum"]},
    )
    client_url = reverse("zorgcoordinatie:client", kwargs={"uuid": cl.uuid})
    assert antwoord.status_code == 302 and antwoord["Location"] == client_url + "#comensha"
    koppen, waarden = export()
    registratie = dict(zip(koppen, waarden, strict=True))
    assert registratie["registratie"] == "met toestemming"
    assert (registratie["naam"], registratie["geboortedatum"]) == (cl.naam, cl.geboortedatum.isoformat())
    assert "dossiernummer" not in registratie and cl.dossiernummer not in ";".join(waarden)

    # A name a spreadsheet would take for a formula is written as text.
    Client.objects.filter(pk=cl.pk).update(naam='=HYPERLINK("https://kwaad.example";"Klik")')
    koppen, waarden = export()
    assert dict(zip(koppen, waarden, strict=True))["naam"] == '\'=HYPERLINK("https://kwaad.example";"Klik")'

    # Every download is on the client's record, with what it held.
    pagina = tekst(http.get(client_url))
    assert "Registraties voor CoMensha gedownload (3)" in pagina
    assert "Naam, Geboortedatum" in pagina and "geen (anonieme registratie)" in pagina
    assert [e.velden for e in cl.comensha_exports.all()] == [["naam", "geboortedatum"]] * 2 + [[]]


# --- Roles and methods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "naam",
    ["heropenen", "afspraak_afronden"],
)
def test_alleen_post(client_als, naam):
    antwoord = client_als("zc").get(reverse(f"zorgcoordinatie:{naam}", kwargs={"uuid": uuid.uuid4()}))
    assert antwoord.status_code == 405
    assert antwoord["Allow"] == "POST"
    assert "Deze actie kan zo niet" in tekst(antwoord)


def test_af_en_fb_krijgen_geen_zorgcoordinatie(client_als, gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"])
    for wie in ("af", "fb"):
        http = client_als(wie)
        assert http.get(reverse("zorgcoordinatie:start")).status_code == 403
        assert http.get(reverse("zorgcoordinatie:aanmelding_nieuw")).status_code == 403
    assert client_als("af").get(traject_url(traject)).status_code == 404
    assert client_als("fb").get(traject_url(traject)).status_code == 403


def test_de_intake_schrijft_afkortingen_zoals_ze_zijn(gebruikers):
    """ "Hulpvraag bij BRP en DigiD", not "bij brp en digid"; other domains in lower case."""
    form = IntakeForm(traject=TrajectFactory(door=gebruikers["zc"]))
    assert form.fields["behoefte_brp_digid"].label == "Hulpvraag bij BRP en DigiD"
    assert form.fields["behoefte_opvang"].label == "Hulpvraag bij opvang en huisvesting"
