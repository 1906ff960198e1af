"""Zorgcoördinatie services: aanmelding, phases, pillars, closing, care and CoMensha.

Every test goes through ``zorgcoordinatie.services`` as a view would, and asserts what
the user or caller sees: the trajectory's state, the exact Dutch message of a refusal,
the feedback the AF sees on the referral, and that nothing changed after an error.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mensenhandel import acties
from mensenhandel.acties import Geweigerd, VersieConflict
from signalen.models import Bestemming, Doorverwijzing, Gebeurtenis, Signaal
from signalen.services import Verwijzing, besluit_nemen
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import (
    AanmeldingFactory,
    ClientGegevensFactory,
    TrajectFactory,
    eerste_gemeente,
    tweede_zorgcoordinator,
)
from zorgcoordinatie import services
from zorgcoordinatie.models import (
    Aanmelding,
    Afspraak,
    Client,
    ComenshaVeld,
    Fase,
    IntakeBehoefte,
    Levensdomein,
    Traject,
    Zorgactie,
    Zorgoverleg,
)

T = Doorverwijzing.Terugkoppeling
GEEN_BEWERKER = "Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt dit traject."
AL_BEANTWOORD = "Deze aanmelding is al beantwoord."
CRITERIA = {"kent_verblijfsstappen": True, "kent_rechten_voorzieningen": True, "weet_waar_hulp": True}


def vandaag() -> date:
    return timezone.localdate()


def ververst(traject: Traject) -> Traject:
    return Traject.objects.get(pk=traject.pk)


def rij(obj) -> dict:
    """The stored row, to assert that nothing changed after a refusal."""
    return type(obj).objects.filter(pk=obj.pk).values().get()


def foutmeldingen(fout: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return fout.value.message_dict


def client_gegevens(plaatsen, **kwargs) -> dict:
    return ClientGegevensFactory(verantwoordelijke_gemeente=plaatsen["hilversum"], **kwargs)


def doorverwijzing_uit_signaal(af, **kenmerken) -> Doorverwijzing:
    signaal = SignaalFactory(door=af, doorverwezen_zc=True, **kenmerken)
    return signaal.doorverwijzingen.get(bestemming=Bestemming.ZORGCOORDINATOR)


def fase(traject: Traject, door, fase: str, actie: str, datum: date | None = None) -> Traject:
    return services.fase_wijzigen(
        traject=traject, door=door, fase=fase, actie=actie, datum=datum or vandaag(), versie=traject.versie
    )


def bijwerken(traject: Traject, door, **gegevens) -> Traject:
    return services.traject_bijwerken(traject=traject, door=door, gegevens=gegevens, versie=traject.versie)


def afsluiten(traject: Traject, door, reden: str, **kwargs) -> Traject:
    return services.traject_afsluiten(
        traject=traject, door=door, reden=reden, versie=traject.versie, **kwargs
    )


def actie_gegevens(**kwargs) -> dict:
    return {
        "domein": Levensdomein.PSYCHISCH,
        "zorgaanbieder": "Fier Fryslân",
        "soort": "Traumabehandeling",
        **kwargs,
    }


@pytest.fixture
def zc(gebruikers):
    return gebruikers["zc"]


@pytest.fixture
def zc2(plaatsen):
    """A second zorgcoördinator of Gooi en Vechtstreek: a colleague, or the backup."""
    return tweede_zorgcoordinator(plaatsen["gv"])


@pytest.fixture
def af(gebruikers):
    return gebruikers["af"]


# --- Aanmelding: direct entry ----------------------------------------------------------------


def test_aanmelding_direct_invoeren(zc, plaatsen):
    token = uuid.uuid4()
    aanmelding, nieuw = services.aanmelding_invoeren(
        door=zc,
        regio=plaatsen["gv"],
        bron=Aanmelding.Bron.VEILIG_THUIS,
        datum=vandaag() - timedelta(days=2),
        bronorganisatie="Veilig Thuis Gooi en Vechtstreek",
        omschrijving="Jonge vrouw, mogelijk seksuele uitbuiting.",
        formuliertoken=token,
    )
    opgeslagen = Aanmelding.objects.get(pk=aanmelding.pk)
    assert (opgeslagen.status, opgeslagen.regio, opgeslagen.bron, opgeslagen.datum) == (
        Aanmelding.Status.OPEN,
        plaatsen["gv"],
        Aanmelding.Bron.VEILIG_THUIS,
        vandaag() - timedelta(days=2),
    )
    assert (opgeslagen.ingevoerd_door, opgeslagen.formuliertoken, opgeslagen.traject) == (zc, token, None)
    assert opgeslagen.doorverwijzing is None and nieuw


def test_aanmelding_zonder_datum_krijgt_vandaag(zc, plaatsen):
    aanmelding, _ = services.aanmelding_invoeren(
        door=zc, regio=plaatsen["gv"], bron=Aanmelding.Bron.ZELFMELDER
    )
    assert Aanmelding.objects.get(pk=aanmelding.pk).datum == vandaag()


def test_aanmelding_in_de_toekomst_geweigerd(zc, plaatsen):
    with pytest.raises(ValidationError) as fout:
        services.aanmelding_invoeren(
            door=zc, regio=plaatsen["gv"], bron=Aanmelding.Bron.POLITIE, datum=vandaag() + timedelta(days=1)
        )
    assert foutmeldingen(fout) == {"datum": ["De datum van aanmelding kan niet in de toekomst liggen."]}
    assert not Aanmelding.objects.exists()


@pytest.mark.parametrize("wie", ["zc_ander", "af", "kr", "fb", "zonder_rol"])
def test_aanmelding_alleen_door_zorgcoordinator_van_de_regio(gebruikers, plaatsen, wie):
    with pytest.raises(Geweigerd) as fout:
        services.aanmelding_invoeren(door=gebruikers[wie], regio=plaatsen["gv"], bron=Aanmelding.Bron.POLITIE)
    assert str(fout.value) == "Alleen een zorgcoördinator van deze regio kan dit doen."
    assert not Aanmelding.objects.exists()


def test_dubbel_verzenden_met_zelfde_formuliertoken_geeft_een_aanmelding(zc, plaatsen):
    token = uuid.uuid4()
    eerste, nieuw = services.aanmelding_invoeren(
        door=zc, regio=plaatsen["gv"], bron=Aanmelding.Bron.POLITIE, formuliertoken=token
    )
    tweede, nogmaals = services.aanmelding_invoeren(
        door=zc, regio=plaatsen["gv"], bron=Aanmelding.Bron.POLITIE, formuliertoken=token
    )
    assert tweede.pk == eerste.pk and nieuw and not nogmaals
    assert Aanmelding.objects.count() == 1
    # Another form (another token) is another aanmelding.
    services.aanmelding_invoeren(
        door=zc, regio=plaatsen["gv"], bron=Aanmelding.Bron.POLITIE, formuliertoken=uuid.uuid4()
    )
    assert Aanmelding.objects.count() == 2


def test_twee_keer_tegelijk_verzonden_geeft_een_aanmelding_en_geen_fout(zc, plaatsen):
    """The second submit arrives while the first is being saved: the lookup finds nothing yet,
    and the database's unique token decides."""
    token = uuid.uuid4()
    eerste, _ = services.aanmelding_invoeren(
        door=zc, regio=plaatsen["gv"], bron=Aanmelding.Bron.POLITIE, formuliertoken=token
    )
    echt = acties.eerder_verstuurd
    with mock.patch.object(acties, "eerder_verstuurd", side_effect=[None, eerste]) as opzoeken:
        tweede, nieuw = services.aanmelding_invoeren(
            door=zc, regio=plaatsen["gv"], bron=Aanmelding.Bron.POLITIE, formuliertoken=token
        )
    assert opzoeken.call_count == 2 and echt(Aanmelding.objects.filter(ingevoerd_door=zc), token) == eerste
    assert (tweede.pk, nieuw) == (eerste.pk, False)
    assert Aanmelding.objects.count() == 1


# --- Aanmelding: accepting -------------------------------------------------------------------


def test_doorverwijzing_uit_signaal_accepteren(zc, af, plaatsen):
    doorverwijzing = doorverwijzing_uit_signaal(af, seksueel=True)
    traject = services.aanmelding_accepteren(
        door=zc, doorverwijzing=doorverwijzing, client_gegevens=client_gegevens(plaatsen, naam="Ana Popescu")
    )
    traject = ververst(traject)
    client = traject.client
    assert client.dossiernummer == f"Z-{vandaag().year}-0001"
    assert client.naam == "Ana Popescu"
    assert (traject.regio, traject.verantwoordelijke, traject.achtervang) == (plaatsen["gv"], zc, None)
    assert (traject.intake_start, traject.intake_eind, traject.hulpverlening_start) == (vandaag(), None, None)
    assert traject.open_fasen == [Fase.INTAKE]
    # The forms of exploitation come from the signal.
    assert (traject.seksuele_uitbuiting, traject.arbeidsuitbuiting, traject.criminele_uitbuiting) == (
        True,
        False,
        False,
    )
    assert traject.vorm_onbekend is False
    aanmelding = Aanmelding.objects.get(doorverwijzing=doorverwijzing)
    assert (aanmelding.status, aanmelding.bron, aanmelding.traject, aanmelding.beantwoord_door) == (
        Aanmelding.Status.GEACCEPTEERD,
        Aanmelding.Bron.SIGNAAL,
        traject,
        zc,
    )
    # What the AF sees on the referral: "opgepakt", with a date.
    teruggekoppeld = Doorverwijzing.objects.get(pk=doorverwijzing.pk)
    assert (teruggekoppeld.terugkoppeling, teruggekoppeld.opgepakt_op) == (T.OPGEPAKT, vandaag())
    assert teruggekoppeld.bericht == "Opgepakt door zorgcoördinatie"
    laatste = Gebeurtenis.objects.filter(signaal=doorverwijzing.signaal).last()
    assert (laatste.omschrijving, laatste.gebruiker) == ("Zorgcoördinatie: aanmelding geaccepteerd", zc)


def test_vormen_van_uitbuiting_uit_signaal_met_meerdere_vormen(zc, af, plaatsen):
    doorverwijzing = doorverwijzing_uit_signaal(af, criminele_uitbuiting=True)  # and arbeid by default
    traject = services.aanmelding_accepteren(
        door=zc, doorverwijzing=doorverwijzing, client_gegevens=client_gegevens(plaatsen)
    )
    assert (ververst(traject).arbeidsuitbuiting, ververst(traject).criminele_uitbuiting) == (True, True)


def test_directe_aanmelding_accepteren(zc, plaatsen):
    aanmelding = AanmeldingFactory(door=zc)
    traject = services.aanmelding_accepteren(
        door=zc, aanmelding=aanmelding, client_gegevens=client_gegevens(plaatsen)
    )
    traject = ververst(traject)
    assert traject.vorm_onbekend is True
    assert (traject.intake_start, traject.verantwoordelijke, traject.regio) == (vandaag(), zc, plaatsen["gv"])
    aanmelding = Aanmelding.objects.get(pk=aanmelding.pk)
    assert (aanmelding.status, aanmelding.traject, aanmelding.beantwoord_door) == (
        Aanmelding.Status.GEACCEPTEERD,
        traject,
        zc,
    )
    assert aanmelding.beantwoord_op is not None


def test_dossiernummers_zijn_opvolgend(zc, af):
    jaar = vandaag().year
    nummers = [
        TrajectFactory(door=zc).client.dossiernummer,
        TrajectFactory(door=zc, af=af, uit_signaal=True).client.dossiernummer,
        TrajectFactory(door=zc).client.dossiernummer,
    ]
    assert nummers == [f"Z-{jaar}-0001", f"Z-{jaar}-0002", f"Z-{jaar}-0003"]
    assert all(re.fullmatch(r"Z-\d{4}-\d{4}", n) for n in nummers)


def test_dossiernummer_telt_per_jaar_opnieuw(zc, monkeypatch):
    TrajectFactory(door=zc)
    volgend_jaar = vandaag().year + 1
    echte_vandaag = vandaag()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(volgend_jaar, 1, 2))
    aanmelding = AanmeldingFactory(door=zc, datum=echte_vandaag)
    traject = services.aanmelding_accepteren(
        door=zc,
        aanmelding=aanmelding,
        client_gegevens=ClientGegevensFactory(verantwoordelijke_gemeente=eerste_gemeente(aanmelding.regio)),
    )
    assert traject.client.dossiernummer == f"Z-{volgend_jaar}-0001"


def test_accepteren_zonder_client_geweigerd(zc):
    aanmelding = AanmeldingFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        services.aanmelding_accepteren(door=zc, aanmelding=aanmelding)
    assert foutmeldingen(fout) == {
        "__all__": ["Kies een bestaande cliënt of vul de gegevens van een nieuwe cliënt in."]
    }
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Aanmelding.Status.OPEN
    assert not Traject.objects.exists()


def test_accepteren_met_ongeldige_clientgegevens_laat_niets_achter(zc, af, plaatsen):
    doorverwijzing = doorverwijzing_uit_signaal(af)
    with pytest.raises(ValidationError) as fout:
        services.aanmelding_accepteren(
            door=zc,
            doorverwijzing=doorverwijzing,
            client_gegevens=client_gegevens(plaatsen, geboortedatum=vandaag() + timedelta(days=1)),
        )
    assert foutmeldingen(fout) == {"geboortedatum": ["Een geboortedatum kan niet in de toekomst liggen."]}
    assert (Client.objects.count(), Traject.objects.count(), Aanmelding.objects.count()) == (0, 0, 0)
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == T.VERSTUURD


@pytest.mark.parametrize("wie", ["zc_ander", "af", "kr"])
def test_accepteren_alleen_door_zorgcoordinator_van_de_regio(gebruikers, plaatsen, wie):
    doorverwijzing = doorverwijzing_uit_signaal(gebruikers["af"])
    aanmelding = AanmeldingFactory(door=gebruikers["zc"])
    for bron in ({"doorverwijzing": doorverwijzing}, {"aanmelding": aanmelding}):
        with pytest.raises(Geweigerd) as fout:
            services.aanmelding_accepteren(
                door=gebruikers[wie], client_gegevens=client_gegevens(plaatsen), **bron
            )
        assert str(fout.value) == "Alleen een zorgcoördinator van deze regio kan dit doen."
    assert (Client.objects.count(), Traject.objects.count()) == (0, 0)
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == T.VERSTUURD
    assert Aanmelding.objects.get().status == Aanmelding.Status.OPEN


def test_doorverwijzing_naar_andere_partner_is_geen_aanmelding(zc, af, plaatsen):
    signaal = SignaalFactory(door=af, gewogen=True)
    besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[Verwijzing(Bestemming.POLITIE_BASISTEAM)],
        versie=signaal.versie,
    )
    doorverwijzing = Signaal.objects.get(pk=signaal.pk).doorverwijzingen.get()
    with pytest.raises(Geweigerd) as fout:
        services.aanmelding_accepteren(
            door=zc, doorverwijzing=doorverwijzing, client_gegevens=client_gegevens(plaatsen)
        )
    assert str(fout.value) == "Dit is geen aanmelding voor zorgcoördinatie."
    assert not Traject.objects.exists()


# --- Aanmelding: declining and answering twice -----------------------------------------------


def test_doorverwijzing_afwijzen_met_reden(zc, af):
    doorverwijzing = doorverwijzing_uit_signaal(af)
    aanmelding = services.aanmelding_afwijzen(
        door=zc,
        doorverwijzing=doorverwijzing,
        reden="  Geen slachtoffer in onze regio; verwezen naar Utrecht ",
    )
    aanmelding = Aanmelding.objects.get(pk=aanmelding.pk)
    assert (aanmelding.status, aanmelding.reden_afwijzing, aanmelding.beantwoord_door) == (
        Aanmelding.Status.AFGEWEZEN,
        "Geen slachtoffer in onze regio; verwezen naar Utrecht",
        zc,
    )
    assert aanmelding.traject is None
    teruggekoppeld = Doorverwijzing.objects.get(pk=doorverwijzing.pk)
    assert (teruggekoppeld.terugkoppeling, teruggekoppeld.afgewezen_op, teruggekoppeld.bericht) == (
        T.AFGEWEZEN,
        vandaag(),
        "Geen slachtoffer in onze regio; verwezen naar Utrecht",
    )
    assert not Traject.objects.exists()


def test_directe_aanmelding_afwijzen(zc):
    aanmelding = AanmeldingFactory(door=zc)
    services.aanmelding_afwijzen(door=zc, aanmelding=aanmelding, reden="Valt buiten de doelgroep")
    opgeslagen = Aanmelding.objects.get(pk=aanmelding.pk)
    assert (opgeslagen.status, opgeslagen.reden_afwijzing) == (
        Aanmelding.Status.AFGEWEZEN,
        "Valt buiten de doelgroep",
    )


@pytest.mark.parametrize("reden", ["", "   "])
def test_afwijzen_vraagt_een_reden(zc, af, reden):
    doorverwijzing = doorverwijzing_uit_signaal(af)
    aanmelding = AanmeldingFactory(door=zc)
    for bron in ({"doorverwijzing": doorverwijzing}, {"aanmelding": aanmelding}):
        with pytest.raises(ValidationError) as fout:
            services.aanmelding_afwijzen(door=zc, reden=reden, **bron)
        assert foutmeldingen(fout) == {
            "reden": ["Geef kort de reden van afwijzen (zonder details over de casus)."]
        }
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == T.VERSTUURD
    assert list(Aanmelding.objects.values_list("status", flat=True)) == [Aanmelding.Status.OPEN]


def test_afwijzen_door_zorgcoordinator_van_andere_regio_geweigerd(gebruikers, af):
    doorverwijzing = doorverwijzing_uit_signaal(af)
    with pytest.raises(Geweigerd) as fout:
        services.aanmelding_afwijzen(door=gebruikers["zc_ander"], doorverwijzing=doorverwijzing, reden="Nee")
    assert str(fout.value) == "Alleen een zorgcoördinator van deze regio kan dit doen."
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == T.VERSTUURD


@pytest.mark.parametrize("eerst", ["accepteren", "afwijzen"])
@pytest.mark.parametrize("daarna", ["accepteren", "afwijzen"])
@pytest.mark.parametrize("soort", ["doorverwijzing", "aanmelding"])
def test_twee_keer_beantwoorden_geweigerd(zc, af, plaatsen, eerst, daarna, soort):
    bron = (
        {"doorverwijzing": doorverwijzing_uit_signaal(af)}
        if soort == "doorverwijzing"
        else {"aanmelding": AanmeldingFactory(door=zc)}
    )

    def beantwoord(hoe):
        if hoe == "accepteren":
            return services.aanmelding_accepteren(door=zc, client_gegevens=client_gegevens(plaatsen), **bron)
        return services.aanmelding_afwijzen(door=zc, reden="Geen capaciteit", **bron)

    beantwoord(eerst)
    voor = (Client.objects.count(), Traject.objects.count(), Aanmelding.objects.count())
    status = Aanmelding.objects.get().status
    with pytest.raises(Geweigerd) as fout:
        beantwoord(daarna)
    assert str(fout.value) == AL_BEANTWOORD
    assert (Client.objects.count(), Traject.objects.count(), Aanmelding.objects.count()) == voor
    assert Aanmelding.objects.get().status == status


# --- Aanmelding: achtervang and linking a client ---------------------------------------------


def test_achtervang_van_dezelfde_regio(zc, zc2, af, plaatsen):
    traject = services.aanmelding_accepteren(
        door=zc,
        doorverwijzing=doorverwijzing_uit_signaal(af),
        client_gegevens=client_gegevens(plaatsen),
        achtervang=zc2,
    )
    assert (ververst(traject).verantwoordelijke, ververst(traject).achtervang) == (zc, zc2)


@pytest.mark.parametrize("wie", ["zc", "zc_ander", "af", "kr", "fb"])
def test_achtervang_moet_andere_zorgcoordinator_van_de_regio_zijn(gebruikers, plaatsen, wie):
    zc = gebruikers["zc"]
    doorverwijzing = doorverwijzing_uit_signaal(gebruikers["af"])
    with pytest.raises(ValidationError) as fout:
        services.aanmelding_accepteren(
            door=zc,
            doorverwijzing=doorverwijzing,
            client_gegevens=client_gegevens(plaatsen),
            achtervang=gebruikers[wie],
        )
    assert foutmeldingen(fout) == {
        "achtervang": ["Kies als achtervang een andere zorgcoördinator van deze regio."]
    }
    # Nothing is left behind: no client, no trajectory, the referral still waits, and
    # the dossier number was not used up.
    assert (Client.objects.count(), Traject.objects.count(), Aanmelding.objects.count()) == (0, 0, 0)
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == T.VERSTUURD
    traject = services.aanmelding_accepteren(
        door=zc, doorverwijzing=doorverwijzing, client_gegevens=client_gegevens(plaatsen)
    )
    assert traject.client.dossiernummer == f"Z-{vandaag().year}-0001"


def test_bestaande_client_koppelen(zc, af):
    eerste = TrajectFactory(door=zc, af=af, uit_signaal=True, afgesloten=True)
    client = eerste.client
    doorverwijzing = doorverwijzing_uit_signaal(af)
    tweede = services.aanmelding_accepteren(door=zc, doorverwijzing=doorverwijzing, client=client)
    assert Client.objects.count() == 1
    assert ververst(tweede).client == client
    assert list(client.trajecten.order_by("id")) == [ververst(eerste), ververst(tweede)]
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == T.OPGEPAKT


# --- Client ----------------------------------------------------------------------------------


def test_client_bijwerken(zc):
    traject = TrajectFactory(door=zc)
    client = traject.client
    bijgewerkt = services.client_bijwerken(
        client=client,
        door=zc,
        gegevens={"naam": "Maria Ionescu", "lvb": True, "dossiernummer": "Z-1999-9999"},
        versie=client.versie,
    )
    opgeslagen = Client.objects.get(pk=client.pk)
    assert (opgeslagen.naam, opgeslagen.lvb, opgeslagen.versie) == ("Maria Ionescu", True, client.versie + 1)
    assert opgeslagen.dossiernummer == client.dossiernummer  # never through the form
    assert bijgewerkt.versie == opgeslagen.versie


def test_client_geboortedatum_in_de_toekomst_geweigerd(zc):
    client = TrajectFactory(door=zc).client
    voor = rij(client)
    with pytest.raises(ValidationError) as fout:
        services.client_bijwerken(
            client=client,
            door=zc,
            gegevens={"geboortedatum": vandaag() + timedelta(days=1)},
            versie=client.versie,
        )
    assert foutmeldingen(fout) == {"geboortedatum": ["Een geboortedatum kan niet in de toekomst liggen."]}
    assert rij(client) == voor


# --- Phase rules -----------------------------------------------------------------------------


def test_hulpverlening_start_voor_de_intake(zc):
    traject = TrajectFactory(door=zc)
    gisteren = vandaag() - timedelta(days=1)
    traject = fase(traject, zc, "hulpverlening", "starten", gisteren)
    opgeslagen = ververst(traject)
    assert (opgeslagen.hulpverlening_start, opgeslagen.intake_start) == (gisteren, vandaag())
    assert opgeslagen.open_fasen == [Fase.INTAKE, Fase.HULPVERLENING]


def test_hulpverlening_start_tijdens_de_intake(zc):
    traject = fase(TrajectFactory(door=zc), zc, "hulpverlening", "starten")
    opgeslagen = ververst(traject)
    assert opgeslagen.open_fasen == [Fase.INTAKE, Fase.HULPVERLENING]
    # Ending the intake leaves the hulpverlening open.
    fase(opgeslagen, zc, "intake", "beeindigen")
    assert ververst(traject).open_fasen == [Fase.HULPVERLENING]


def test_fase_wijzigen_verhoogt_de_versie(zc):
    traject = TrajectFactory(door=zc)
    na = fase(traject, zc, "hulpverlening", "starten")
    assert ververst(traject).versie == traject.versie + 1 == na.versie


def test_afronding_voor_afgeronde_intake_geweigerd(zc):
    traject = TrajectFactory(door=zc, hulpverlening=True)
    voor = rij(traject)
    with pytest.raises(Geweigerd) as fout:
        fase(traject, zc, "afronding", "starten")
    assert str(fout.value) == "Rond eerst de intake af; daarna kan de afronding beginnen."
    assert rij(traject) == voor


def test_afronding_niet_gedateerd_voor_het_einde_van_de_intake(zc):
    traject = TrajectFactory(door=zc)
    traject = fase(traject, zc, "intake", "beeindigen")  # intake ended today
    voor = rij(traject)
    with pytest.raises(ValidationError):
        fase(traject, zc, "afronding", "starten", vandaag() - timedelta(days=3))
    assert rij(traject) == voor


def test_afronding_beeindigt_de_lopende_hulpverlening(zc):
    traject = TrajectFactory(door=zc, intake_afgerond=True)
    assert traject.open_fasen == [Fase.HULPVERLENING]
    traject = fase(traject, zc, "afronding", "starten")
    opgeslagen = ververst(traject)
    assert (opgeslagen.afronding_start, opgeslagen.hulpverlening_eind) == (vandaag(), vandaag())
    assert opgeslagen.open_fasen == [Fase.AFRONDING]


def test_afronding_zonder_hulpverlening(zc):
    traject = fase(TrajectFactory(door=zc), zc, "intake", "beeindigen")
    traject = fase(traject, zc, "afronding", "starten")
    opgeslagen = ververst(traject)
    assert (opgeslagen.hulpverlening_start, opgeslagen.hulpverlening_eind) == (None, None)
    assert opgeslagen.open_fasen == [Fase.AFRONDING]


@pytest.mark.parametrize(
    ("fasenaam", "actie"), [("intake", "beeindigen"), ("hulpverlening", "starten"), ("afronding", "starten")]
)
def test_fasedatum_in_de_toekomst_geweigerd(zc, fasenaam, actie):
    traject = TrajectFactory(door=zc)
    if fasenaam == "afronding":
        traject = fase(traject, zc, "intake", "beeindigen")
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        fase(traject, zc, fasenaam, actie, vandaag() + timedelta(days=1))
    assert foutmeldingen(fout) == {"datum": ["Deze datum ligt in de toekomst."]}
    assert rij(traject) == voor


def test_intake_eindigt_niet_voor_zij_begint(zc):
    traject = TrajectFactory(door=zc)  # intake started today
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        fase(traject, zc, "intake", "beeindigen", vandaag() - timedelta(days=1))
    assert foutmeldingen(fout) == {"intake_eind": ["De intake kan niet eindigen vóór zij begint."]}
    assert rij(traject) == voor


def test_hulpverlening_eindigt_niet_voor_zij_begint(zc):
    traject = TrajectFactory(door=zc, hulpverlening=True)  # started today
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        fase(traject, zc, "hulpverlening", "beeindigen", vandaag() - timedelta(days=1))
    assert foutmeldingen(fout) == {
        "hulpverlening_eind": ["De hulpverlening kan niet eindigen vóór zij begint."]
    }
    assert rij(traject) == voor


@pytest.mark.parametrize(
    ("trait", "fasenaam", "actie", "melding"),
    [
        (None, "intake", "starten", "De intake is al gestart."),
        ("intake_afgerond", "intake", "beeindigen", "Er loopt geen intake om af te ronden."),
        ("hulpverlening", "hulpverlening", "starten", "De hulpverlening is al gestart."),
        (None, "hulpverlening", "beeindigen", "Er loopt geen hulpverlening om af te ronden."),
        ("afronding", "hulpverlening", "beeindigen", "Er loopt geen hulpverlening om af te ronden."),
        ("afronding", "afronding", "starten", "De afronding is al gestart."),
        ("afgesloten", "hulpverlening", "starten", "Dit traject is afgesloten. Heropen het eerst."),
        (None, "afgesloten", "starten", "Deze faseovergang bestaat niet."),
        (None, "intake", "heropenen", "Deze faseovergang bestaat niet."),
    ],
)
def test_geweigerde_faseovergangen(zc, trait, fasenaam, actie, melding):
    traject = TrajectFactory(door=zc, **({trait: True} if trait else {}))
    voor = rij(traject)
    with pytest.raises(Geweigerd) as fout:
        fase(traject, zc, fasenaam, actie)
    assert str(fout.value) == melding
    assert rij(traject) == voor


def test_geen_nieuwe_hulpverlening_in_de_afronding(zc):
    traject = fase(TrajectFactory(door=zc), zc, "intake", "beeindigen")
    traject = fase(traject, zc, "afronding", "starten")
    voor = rij(traject)
    with pytest.raises(Geweigerd) as fout:
        fase(traject, zc, "hulpverlening", "starten")
    assert str(fout.value) == "In de afronding start geen nieuwe hulpverlening. Heropen eerst."
    assert rij(traject) == voor


# --- Pillars ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("begin", "eind"),
    [
        (date(2024, 11, 30), date(2025, 2, 28)),
        (date(2024, 10, 31), date(2025, 1, 31)),
        (date(2023, 11, 30), date(2024, 2, 29)),  # leap year
        (date(2024, 12, 31), date(2025, 3, 31)),
        (date(2024, 3, 31), date(2024, 6, 30)),
        (date(2024, 1, 15), date(2024, 4, 15)),
        (date(2024, 10, 1), date(2025, 1, 1)),
    ],
)
def test_drie_kalendermaanden(begin, eind):
    assert services.drie_maanden_na(begin) == eind


@pytest.mark.parametrize(
    ("begin", "eind"), [(date(2024, 11, 30), date(2025, 2, 28)), (date(2024, 10, 31), date(2025, 1, 31))]
)
def test_bedenktijd_eindigt_standaard_na_drie_maanden(zc, begin, eind):
    traject = bijwerken(
        TrajectFactory(door=zc), zc, verblijf=Traject.Verblijf.BEDENKTIJD, bedenktijd_start=begin
    )
    opgeslagen = ververst(traject)
    assert (opgeslagen.verblijf, opgeslagen.bedenktijd_start, opgeslagen.bedenktijd_eind) == (
        Traject.Verblijf.BEDENKTIJD,
        begin,
        eind,
    )


def test_bedenktijd_van_precies_drie_maanden_mag(zc):
    traject = bijwerken(
        TrajectFactory(door=zc),
        zc,
        verblijf=Traject.Verblijf.BEDENKTIJD,
        bedenktijd_start=date(2024, 10, 31),
        bedenktijd_eind=date(2025, 1, 31),
    )
    assert ververst(traject).bedenktijd_eind == date(2025, 1, 31)


def test_bedenktijd_langer_dan_drie_maanden_geweigerd(zc):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        bijwerken(
            traject,
            zc,
            verblijf=Traject.Verblijf.BEDENKTIJD,
            bedenktijd_start=date(2024, 10, 31),
            bedenktijd_eind=date(2025, 2, 1),
        )
    assert foutmeldingen(fout) == {"bedenktijd_eind": ["De bedenktijd duurt ten hoogste drie maanden."]}
    assert rij(traject) == voor


def test_bedenktijd_eindigt_niet_voor_zij_begint(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        bijwerken(
            traject,
            zc,
            verblijf=Traject.Verblijf.BEDENKTIJD,
            bedenktijd_start=date(2024, 10, 31),
            bedenktijd_eind=date(2024, 10, 30),
        )
    assert foutmeldingen(fout) == {"bedenktijd_eind": ["De bedenktijd kan niet eindigen vóór zij begint."]}


def test_bedenktijd_vraagt_een_begindatum(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        bijwerken(traject, zc, verblijf=Traject.Verblijf.BEDENKTIJD)
    assert foutmeldingen(fout) == {"bedenktijd_start": ["Vul in wanneer de bedenktijd is ingegaan."]}


def test_opvang_met_begin_en_eind(zc):
    begin = vandaag() - timedelta(days=30)
    traject = bijwerken(
        TrajectFactory(door=zc),
        zc,
        opvang=Traject.Opvang.VROUWENOPVANG,
        opvang_start=begin,
        opvang_eind=vandaag(),
    )
    opgeslagen = ververst(traject)
    assert (opgeslagen.opvang, opgeslagen.opvang_start, opgeslagen.opvang_eind) == (
        Traject.Opvang.VROUWENOPVANG,
        begin,
        vandaag(),
    )


def test_opvang_eindigt_niet_voor_zij_begint(zc):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        bijwerken(
            traject,
            zc,
            opvang=Traject.Opvang.COSM,
            opvang_start=vandaag() - timedelta(days=5),
            opvang_eind=vandaag() - timedelta(days=6),
        )
    assert foutmeldingen(fout) == {"opvang_eind": ["De opvang kan niet eindigen vóór zij begint."]}
    assert rij(traject) == voor


def test_opvang_vraagt_een_begindatum(zc):
    with pytest.raises(ValidationError) as fout:
        bijwerken(TrajectFactory(door=zc), zc, opvang=Traject.Opvang.OMM)
    assert foutmeldingen(fout) == {
        "opvang_start": ["Vul in sinds wanneer de cliënt in deze opvang verblijft."]
    }


def test_aangifte_zonder_datum_geweigerd(zc):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        bijwerken(traject, zc, strafrecht=Traject.Strafrecht.AANGIFTE)
    assert foutmeldingen(fout) == {"aangifte_op": ["Vul de datum van de aangifte in."]}
    assert rij(traject) == voor


def test_aangifte_in_de_toekomst_geweigerd(zc):
    with pytest.raises(ValidationError) as fout:
        bijwerken(
            TrajectFactory(door=zc),
            zc,
            strafrecht=Traject.Strafrecht.AANGIFTE,
            aangifte_op=vandaag() + timedelta(days=1),
        )
    assert foutmeldingen(fout) == {"aangifte_op": ["Deze datum ligt in de toekomst."]}


def test_aangifte_met_datum_en_contact(zc):
    traject = TrajectFactory(door=zc, aangifte=True)
    assert (traject.strafrecht, traject.aangifte_op, traject.strafrecht_contact) == (
        Traject.Strafrecht.AANGIFTE,
        vandaag() - timedelta(days=10),
        "Politie, team AVIM, rechercheur De Boer",
    )


def test_onderzoeksinformatie_wordt_nooit_vastgelegd(zc):
    strafrechtvelden = {
        f.name
        for f in Traject._meta.get_fields()
        if any(deel in f.name for deel in ("strafrecht", "aangifte", "onderzoek", "vervolging", "zaak"))
    }
    assert strafrechtvelden == {
        "strafrecht",
        "aangifte_op",
        "strafrecht_contact",
        "geinformeerd_strafrecht_op",
    }
    # The contact is a short line, not room for an account of the investigation.
    assert Traject._meta.get_field("strafrecht_contact").max_length <= 200
    assert Traject._meta.get_field("strafrecht").choices
    # No model of zorgcoördinatie has a field for investigation content.
    from django.apps import apps

    for model in apps.get_app_config("zorgcoordinatie").get_models():
        assert not [f.name for f in model._meta.get_fields() if "onderzoek" in f.name], model
    # And the service ignores it when a form would pass it.
    traject = bijwerken(
        TrajectFactory(door=zc),
        zc,
        strafrecht=Traject.Strafrecht.ONDERZOEK,
        onderzoeksinformatie="Verdachte X wordt afgeluisterd",
    )
    opgeslagen = ververst(traject)
    assert opgeslagen.strafrecht == Traject.Strafrecht.ONDERZOEK
    assert "afgeluisterd" not in str(rij(opgeslagen).values())


@pytest.mark.parametrize("wie", ["zc_ander", "af", "kr"])
def test_achtervang_wijzigen_alleen_naar_zc_van_de_regio(gebruikers, wie):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        bijwerken(traject, zc, achtervang=gebruikers[wie])
    assert foutmeldingen(fout) == {
        "achtervang": ["Kies als achtervang een andere zorgcoördinator van deze regio."]
    }
    assert rij(traject) == voor


def test_achtervang_wijzigen_naar_collega(zc, zc2):
    traject = bijwerken(TrajectFactory(door=zc), zc, achtervang=zc2)
    assert ververst(traject).achtervang == zc2


def test_achtervang_is_niet_de_verantwoordelijke(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        bijwerken(traject, zc, achtervang=zc)
    assert foutmeldingen(fout) == {
        "achtervang": ["Kies als achtervang een andere zorgcoördinator van deze regio."]
    }


def test_geinformeerd_over_rechten_en_plichten(zc):
    gisteren = vandaag() - timedelta(days=1)
    traject = bijwerken(
        TrajectFactory(door=zc),
        zc,
        geinformeerd_verblijfsrecht_op=gisteren,
        geinformeerd_strafrecht_op=gisteren,
        geinformeerd_zorg_op=vandaag(),
    )
    opgeslagen = ververst(traject)
    assert (
        opgeslagen.geinformeerd_verblijfsrecht_op,
        opgeslagen.geinformeerd_strafrecht_op,
        opgeslagen.geinformeerd_zorg_op,
    ) == (gisteren, gisteren, vandaag())
    with pytest.raises(ValidationError) as fout:
        bijwerken(opgeslagen, zc, geinformeerd_zorg_op=vandaag() + timedelta(days=1))
    assert foutmeldingen(fout) == {"geinformeerd_zorg_op": ["Deze datum ligt in de toekomst."]}


def test_minstens_een_vorm_van_uitbuiting(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        bijwerken(traject, zc, vorm_onbekend=False)
    assert foutmeldingen(fout) == {"vorm_onbekend": ["Kies minstens één vorm van uitbuiting, of 'Onbekend'."]}


# --- Closing and reopening -------------------------------------------------------------------


def test_afsluiten_op_criteria_geweigerd_zolang_criteria_ontbreken(zc):
    traject = TrajectFactory(door=zc, afronding=True)
    voor = rij(traject)
    with pytest.raises(Geweigerd) as fout:
        afsluiten(traject, zc, Traject.Afsluitreden.CRITERIA)
    assert str(fout.value) == (
        "Afsluiten op criteria kan nog niet. Niet voldaan: "
        "de cliënt kent de volgende stappen in het verblijfsrecht; "
        "de cliënt kent de rechten op voorzieningen; de cliënt weet waar hulp te vinden is. "
        "Kies anders een reden van afsluiten."
    )
    assert rij(traject) == voor


def test_afsluiten_op_criteria_noemt_alleen_wat_ontbreekt(zc):
    traject = TrajectFactory(
        door=zc, afronding=True, criteria={"kent_verblijfsstappen": True, "weet_waar_hulp": True}
    )
    with pytest.raises(Geweigerd) as fout:
        afsluiten(traject, zc, Traject.Afsluitreden.CRITERIA)
    assert str(fout.value) == (
        "Afsluiten op criteria kan nog niet. Niet voldaan: de cliënt kent de rechten op voorzieningen. "
        "Kies anders een reden van afsluiten."
    )


@pytest.mark.parametrize(
    "strafrecht", [Traject.Strafrecht.AANGIFTE, Traject.Strafrecht.ONDERZOEK, Traject.Strafrecht.VERVOLGING]
)
def test_lopende_strafprocedure_blokkeert_afsluiten_op_criteria(zc, strafrecht):
    traject = TrajectFactory(door=zc, afronding=True, criteria_voldaan=True)
    traject = bijwerken(traject, zc, strafrecht=strafrecht, aangifte_op=vandaag() - timedelta(days=40))
    voor = rij(traject)
    with pytest.raises(Geweigerd) as fout:
        afsluiten(traject, zc, Traject.Afsluitreden.CRITERIA)
    assert str(fout.value) == (
        "Afsluiten op criteria kan nog niet. Niet voldaan: er loopt geen strafrechtelijke procedure. "
        "Kies anders een reden van afsluiten."
    )
    assert rij(traject) == voor


@pytest.mark.parametrize(
    "strafrecht", [Traject.Strafrecht.GEEN, Traject.Strafrecht.OVERWEEGT, Traject.Strafrecht.GESLOTEN]
)
def test_afsluiten_op_criteria_als_alles_voldaan_is(zc, strafrecht):
    traject = TrajectFactory(door=zc, afronding=True, criteria_voldaan=True)
    traject = bijwerken(traject, zc, strafrecht=strafrecht)
    afsluiten(traject, zc, Traject.Afsluitreden.CRITERIA)
    opgeslagen = ververst(traject)
    assert (opgeslagen.afgesloten_op, opgeslagen.afsluitreden) == (vandaag(), Traject.Afsluitreden.CRITERIA)
    assert opgeslagen.open_fasen == [Fase.AFGESLOTEN]
    assert opgeslagen.volgende_evaluatie is None


def test_afsluiten_rondt_lopende_fasen_af(zc):
    traject = TrajectFactory(door=zc, hulpverlening=True)  # intake and hulpverlening open
    afsluiten(traject, zc, Traject.Afsluitreden.VERTROKKEN)
    opgeslagen = ververst(traject)
    assert (opgeslagen.intake_eind, opgeslagen.hulpverlening_eind, opgeslagen.afgesloten_op) == (
        vandaag(),
        vandaag(),
        vandaag(),
    )


@pytest.mark.parametrize(
    "reden",
    [
        Traject.Afsluitreden.VERTROKKEN,
        Traject.Afsluitreden.WIL_GEEN_HULP,
        Traject.Afsluitreden.TERUGKEER,
        Traject.Afsluitreden.OVERLEDEN,
    ],
)
def test_afsluiten_met_een_reden_zonder_criteria(zc, reden):
    # Criteria unmet and a criminal procedure running: a reason still closes.
    traject = TrajectFactory(door=zc, aangifte=True)
    afsluiten(traject, zc, reden)
    opgeslagen = ververst(traject)
    assert (opgeslagen.afgesloten_op, opgeslagen.afsluitreden, opgeslagen.overgedragen_aan) == (
        vandaag(),
        reden,
        None,
    )


def test_afsluiten_met_onbekende_reden_geweigerd(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        afsluiten(traject, zc, "verveeld")
    assert foutmeldingen(fout) == {"reden": ["Kies een reden van afsluiten uit de lijst."]}
    assert ververst(traject).afgesloten_op is None


@pytest.mark.parametrize("toelichting", ["", "   "])
def test_afsluiten_anders_vraagt_een_toelichting(zc, toelichting):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        afsluiten(traject, zc, Traject.Afsluitreden.ANDERS, toelichting=toelichting)
    assert foutmeldingen(fout) == {"toelichting": ["Licht toe waarom het traject wordt afgesloten."]}
    assert rij(traject) == voor


def test_afsluiten_anders_met_toelichting(zc):
    traject = TrajectFactory(door=zc)
    afsluiten(traject, zc, Traject.Afsluitreden.ANDERS, toelichting=" Opgenomen in een kliniek elders ")
    opgeslagen = ververst(traject)
    assert (opgeslagen.afsluitreden, opgeslagen.afsluittoelichting) == (
        Traject.Afsluitreden.ANDERS,
        "Opgenomen in een kliniek elders",
    )


@pytest.mark.parametrize("regio", [None, "gv"])
def test_overdragen_vraagt_een_andere_regio(zc, plaatsen, regio):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        afsluiten(
            traject,
            zc,
            Traject.Afsluitreden.OVERGEDRAGEN,
            overgedragen_aan=plaatsen[regio] if regio else None,
        )
    assert foutmeldingen(fout) == {"overgedragen_aan": ["Kies de regio die het traject overneemt."]}
    assert rij(traject) == voor


def test_overdragen_aan_andere_regio(zc, plaatsen):
    traject = TrajectFactory(door=zc)
    afsluiten(traject, zc, Traject.Afsluitreden.OVERGEDRAGEN, overgedragen_aan=plaatsen["fr"])
    opgeslagen = ververst(traject)
    assert (opgeslagen.afsluitreden, opgeslagen.overgedragen_aan) == (
        Traject.Afsluitreden.OVERGEDRAGEN,
        plaatsen["fr"],
    )


def test_overgedragen_regio_alleen_bij_overdracht(zc, plaatsen):
    traject = TrajectFactory(door=zc)
    afsluiten(traject, zc, Traject.Afsluitreden.TERUGKEER, overgedragen_aan=plaatsen["fr"])
    assert ververst(traject).overgedragen_aan is None


def test_afsluiten_van_traject_uit_signaal_koppelt_afgerond_terug(zc, af):
    traject = TrajectFactory(door=zc, af=af, uit_signaal=True, afronding=True, criteria_voldaan=True)
    assert Doorverwijzing.objects.get(pk=traject.doorverwijzing.pk).terugkoppeling == T.OPGEPAKT
    afsluiten(traject, zc, Traject.Afsluitreden.CRITERIA)
    teruggekoppeld = Doorverwijzing.objects.get(pk=traject.doorverwijzing.pk)
    assert (teruggekoppeld.terugkoppeling, teruggekoppeld.afgerond_op, teruggekoppeld.bericht) == (
        T.AFGEROND,
        vandaag(),
        "Zorgtraject afgerond",
    )
    assert Gebeurtenis.objects.filter(signaal=traject.signaal).last().omschrijving == (
        "Zorgcoördinatie: traject afgerond"
    )


def test_afsluiten_met_reden_koppelt_ook_afgerond_terug(zc, af):
    traject = TrajectFactory(door=zc, af=af, uit_signaal=True)
    afsluiten(traject, zc, Traject.Afsluitreden.WIL_GEEN_HULP)
    assert Doorverwijzing.objects.get(pk=traject.doorverwijzing.pk).terugkoppeling == T.AFGEROND


def test_afgesloten_traject_kan_niet_worden_gewijzigd(zc):
    traject = TrajectFactory(door=zc, afgesloten=True)
    voor = rij(traject)
    with pytest.raises(Geweigerd) as fout:
        bijwerken(traject, zc, strafrecht_contact="Iemand anders")
    assert str(fout.value) == "Dit traject is afgesloten. Heropen het eerst."
    with pytest.raises(Geweigerd):
        afsluiten(traject, zc, Traject.Afsluitreden.ANDERS, toelichting="Nog een keer")
    assert rij(traject) == voor


@pytest.mark.parametrize("reden", ["", "  "])
def test_heropenen_vraagt_een_reden(zc, reden):
    traject = TrajectFactory(door=zc, afgesloten=True)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        services.traject_heropenen(traject=traject, door=zc, reden=reden, versie=traject.versie)
    assert foutmeldingen(fout) == {"reden": ["Geef de reden om het traject te heropenen."]}
    assert rij(traject) == voor


def test_heropenen_alleen_van_afgesloten_traject(zc):
    traject = TrajectFactory(door=zc, afronding=True)
    voor = rij(traject)
    with pytest.raises(Geweigerd) as fout:
        services.traject_heropenen(traject=traject, door=zc, reden="Terug", versie=traject.versie)
    assert str(fout.value) == "Alleen een afgesloten traject kan worden heropend."
    assert rij(traject) == voor


def test_heropenen_met_reden(zc, af, plaatsen):
    traject = TrajectFactory(door=zc, af=af, uit_signaal=True)
    doorverwijzing = traject.doorverwijzing
    traject = afsluiten(traject, zc, Traject.Afsluitreden.OVERGEDRAGEN, overgedragen_aan=plaatsen["fr"])
    traject = services.traject_heropenen(
        traject=traject, door=zc, reden=" Cliënt is teruggekeerd in de regio ", versie=traject.versie
    )
    opgeslagen = ververst(traject)
    assert (opgeslagen.afgesloten_op, opgeslagen.afsluitreden, opgeslagen.overgedragen_aan) == (
        None,
        "",
        None,
    )
    assert opgeslagen.afsluittoelichting == "Heropend: Cliënt is teruggekeerd in de regio"
    assert opgeslagen.open_fasen == [Fase.HULPVERLENING]
    # It can be changed and closed again; the AF's feedback stays 'afgerond'.
    opgeslagen = bijwerken(opgeslagen, zc, **CRITERIA)
    afsluiten(opgeslagen, zc, Traject.Afsluitreden.CRITERIA)
    assert ververst(traject).afgesloten_op == vandaag()
    assert Doorverwijzing.objects.get(pk=doorverwijzing.pk).terugkoppeling == T.AFGEROND


# --- Who may edit, locking and history -------------------------------------------------------


def _wijzigingen(traject: Traject, client: Client):
    """Every way a view changes a trajectory or its client, as (name, call)."""
    return [
        ("traject_bijwerken", lambda door: bijwerken(traject, door, strafrecht_contact="Politie")),
        ("fase_wijzigen", lambda door: fase(traject, door, "hulpverlening", "starten")),
        ("traject_afsluiten", lambda door: afsluiten(traject, door, Traject.Afsluitreden.WIL_GEEN_HULP)),
        (
            "intake_vastleggen",
            lambda door: services.intake_vastleggen(
                traject=traject, door=door, behoeften={"opvang": ("ja", "")}, versie=traject.versie
            ),
        ),
        (
            "zorgactie_toevoegen",
            lambda door: services.zorgactie_toevoegen(
                traject=traject,
                door=door,
                gegevens={"domein": "medisch", "zorgaanbieder": "GGD", "soort": "Consult"},
            ),
        ),
        (
            "zorgoverleg_vastleggen",
            lambda door: services.zorgoverleg_vastleggen(
                traject=traject, door=door, datum=vandaag(), organisaties="COA", afspraken=[]
            ),
        ),
    ]


@pytest.mark.parametrize("wie", ["zc2", "zc_ander", "af", "kr", "fb"])
def test_alleen_verantwoordelijke_en_achtervang_wijzigen(gebruikers, zc2, wie):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc)
    anderen = {**gebruikers, "zc2": zc2}
    client_voor, traject_voor = rij(traject.client), rij(traject)
    for naam, wijzig in _wijzigingen(traject, traject.client):
        with pytest.raises(Geweigerd) as fout:
            wijzig(anderen[wie])
        assert str(fout.value) == GEEN_BEWERKER, naam
    with pytest.raises(Geweigerd) as fout:
        services.client_bijwerken(
            client=traject.client, door=anderen[wie], gegevens={"naam": "X"}, versie=traject.client.versie
        )
    assert (
        str(fout.value) == "Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt deze cliënt."
    )
    with pytest.raises(Geweigerd) as fout:
        services.comensha_toestemming_vastleggen(
            client=traject.client, door=anderen[wie], toestemming="gegeven", datum=vandaag()
        )
    assert str(fout.value) == "Alleen de verantwoordelijke zorgcoördinator of de achtervang legt dit vast."
    assert (rij(traject), rij(traject.client)) == (traject_voor, client_voor)
    assert not Zorgactie.objects.exists()
    assert not Zorgoverleg.objects.exists()
    assert not IntakeBehoefte.objects.exists()


@pytest.mark.parametrize("wie", ["verantwoordelijke", "achtervang"])
def test_verantwoordelijke_en_achtervang_mogen_wijzigen(zc, zc2, wie):
    traject = TrajectFactory(door=zc, achtervang=zc2)
    door = zc if wie == "verantwoordelijke" else zc2
    traject = bijwerken(traject, door, strafrecht_contact="Politie")
    traject = fase(traject, door, "hulpverlening", "starten")
    services.intake_vastleggen(
        traject=traject, door=door, behoeften={"opvang": ("ja", "")}, versie=traject.versie
    )
    services.zorgactie_toevoegen(traject=traject, door=door, gegevens=actie_gegevens())
    client = Client.objects.get(pk=traject.client_id)
    services.client_bijwerken(client=client, door=door, gegevens={"taal": "Engels"}, versie=client.versie)
    services.comensha_toestemming_vastleggen(
        client=client, door=door, toestemming="gegeven", datum=vandaag(), velden=["naam"]
    )
    opgeslagen = ververst(traject)
    assert (opgeslagen.strafrecht_contact, opgeslagen.hulpverlening_start) == ("Politie", vandaag())
    assert (IntakeBehoefte.objects.count(), Zorgactie.objects.count()) == (1, 1)
    client = Client.objects.get(pk=client.pk)
    assert (client.taal, client.comensha_toestemming) == ("Engels", Client.Toestemming.GEGEVEN)


def test_versieconflict_op_het_traject(zc, zc2):
    traject = TrajectFactory(door=zc, achtervang=zc2)
    gelezen = traject.versie
    bijwerken(traject, zc2, strafrecht_contact="Rechercheur Jansen")
    voor = rij(traject)
    with pytest.raises(VersieConflict) as fout:
        services.traject_bijwerken(
            traject=traject, door=zc, gegevens={"strafrecht_contact": "Rechercheur De Vries"}, versie=gelezen
        )
    assert str(fout.value).startswith("Iemand anders heeft dit traject intussen gewijzigd.")
    assert rij(traject) == voor
    assert ververst(traject).strafrecht_contact == "Rechercheur Jansen"
    for wijzig in (
        lambda: services.fase_wijzigen(
            traject=traject, door=zc, fase="hulpverlening", actie="starten", datum=vandaag(), versie=gelezen
        ),
        lambda: services.traject_afsluiten(
            traject=traject, door=zc, reden=Traject.Afsluitreden.WIL_GEEN_HULP, versie=gelezen
        ),
        lambda: services.intake_vastleggen(
            traject=traject, door=zc, behoeften={"taal": ("ja", "")}, versie=gelezen
        ),
    ):
        with pytest.raises(VersieConflict):
            wijzig()
    assert rij(traject) == voor
    assert not IntakeBehoefte.objects.exists()


def test_versieconflict_op_de_client(zc, zc2):
    client = TrajectFactory(door=zc, achtervang=zc2).client
    gelezen = client.versie
    services.client_bijwerken(client=client, door=zc2, gegevens={"naam": "Elena"}, versie=gelezen)
    voor = rij(client)
    with pytest.raises(VersieConflict) as fout:
        services.client_bijwerken(client=client, door=zc, gegevens={"naam": "Helena"}, versie=gelezen)
    assert str(fout.value).startswith("Iemand anders heeft deze cliënt intussen gewijzigd.")
    assert rij(client) == voor
    assert Client.objects.get(pk=client.pk).naam == "Elena"


def test_geschiedenis_legt_de_handelende_gebruiker_vast(zc, zc2, af):
    traject = TrajectFactory(door=zc, af=af, uit_signaal=True, achtervang=zc2)
    doorverwijzing = traject.doorverwijzing
    services.client_bijwerken(
        client=traject.client, door=zc2, gegevens={"taal": "Engels"}, versie=traject.client.versie
    )
    traject = bijwerken(traject, zc2, strafrecht_contact="Politie")
    actie = services.zorgactie_toevoegen(
        traject=traject, door=zc2, gegevens={"domein": "medisch", "zorgaanbieder": "GGD", "soort": "Consult"}
    )
    services.zorgactie_bijwerken(actie=actie, door=zc, gegevens={"status": Zorgactie.Status.LOPEND})
    overleg = services.zorgoverleg_vastleggen(
        traject=traject,
        door=zc,
        datum=vandaag(),
        organisaties="COA, GGD",
        afspraken=[{"omschrijving": "Huisarts regelen", "eigenaar": "GGD", "deadline": vandaag()}],
    )
    services.afspraak_afronden(afspraak=overleg.afspraken.get(), door=zc2)
    traject = ververst(traject)
    afsluiten(traject, zc, Traject.Afsluitreden.WIL_GEEN_HULP)

    def gebruikers_van(historie):
        return [(h.history_type, h.history_user) for h in historie.order_by("history_id")]

    # Accepted, review date set (factory), contact, care action added, its status, the
    # meeting, closed.
    assert gebruikers_van(Traject.history.filter(id=traject.pk)) == [
        ("+", zc), ("~", zc), ("~", zc2), ("~", zc2), ("~", zc), ("~", zc), ("~", zc)
    ]  # fmt: skip
    assert gebruikers_van(Client.history.filter(id=traject.client.pk)) == [("+", zc), ("~", zc2)]
    assert gebruikers_van(Aanmelding.history.all()) == [("+", zc)]
    assert gebruikers_van(Zorgactie.history.all()) == [("+", zc2), ("~", zc)]
    assert gebruikers_van(Zorgoverleg.history.all()) == [("+", zc)]
    assert gebruikers_van(Afspraak.history.all()) == [("+", zc), ("~", zc2)]
    assert gebruikers_van(Doorverwijzing.history.filter(id=doorverwijzing.pk))[-2:] == [
        ("~", zc),
        ("~", zc),
    ]


def test_geschiedenis_van_de_intake_legt_de_handelende_gebruiker_vast(zc, zc2):
    traject = TrajectFactory(door=zc, achtervang=zc2)
    services.intake_vastleggen(
        traject=traject, door=zc2, behoeften={"opvang": ("ja", "")}, versie=traject.versie
    )
    assert {h.history_user for h in IntakeBehoefte.history.all()} == {zc2}


# --- Intake inventory ------------------------------------------------------------------------


def test_intake_voor_alle_veertien_levensdomeinen(zc):
    assert len(Levensdomein.values) == 14
    traject = TrajectFactory(door=zc)
    behoeften = {
        domein: (
            ("ja", f"Hulp nodig bij {domein}") if i % 3 == 0 else ("nee" if i % 3 == 1 else "onbekend", "")
        )
        for i, domein in enumerate(Levensdomein.values)
    }
    na = services.intake_vastleggen(traject=traject, door=zc, behoeften=behoeften, versie=traject.versie)
    opgeslagen = {
        b.domein: (b.behoefte, b.toelichting) for b in IntakeBehoefte.objects.filter(traject=traject)
    }
    assert opgeslagen == behoeften
    assert na.versie == traject.versie + 1 == ververst(traject).versie
    # Recording again changes the rows, it does not add new ones.
    services.intake_vastleggen(
        traject=traject, door=zc, behoeften={"opvang": ("nee", " Eigen woning gevonden ")}, versie=na.versie
    )
    assert IntakeBehoefte.objects.filter(traject=traject).count() == 14
    assert IntakeBehoefte.objects.get(traject=traject, domein="opvang").behoefte == "nee"
    assert IntakeBehoefte.objects.get(traject=traject, domein="opvang").toelichting == "Eigen woning gevonden"


def test_intake_met_onbekend_levensdomein_geweigerd(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        services.intake_vastleggen(
            traject=traject,
            door=zc,
            behoeften={"opvang": ("ja", ""), "astrologie": ("ja", "")},
            versie=traject.versie,
        )
    assert foutmeldingen(fout) == {"__all__": ["Onbekend levensdomein."]}
    assert not IntakeBehoefte.objects.exists()


def test_intake_met_ongeldige_behoefte_laat_niets_achter(zc):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError):
        services.intake_vastleggen(
            traject=traject,
            door=zc,
            behoeften={"opvang": ("ja", ""), "taal": ("misschien", "")},
            versie=traject.versie,
        )
    assert not IntakeBehoefte.objects.exists()
    assert rij(traject) == voor


# --- Care actions ----------------------------------------------------------------------------


def test_zorgactie_toevoegen(zc):
    traject = TrajectFactory(door=zc)
    actie = services.zorgactie_toevoegen(
        traject=traject,
        door=zc,
        gegevens=actie_gegevens(
            status=Zorgactie.Status.WACHTLIJST,
            aangevraagd_op=vandaag() - timedelta(days=3),
            warme_overdracht_op=vandaag(),
        ),
    )
    opgeslagen = Zorgactie.objects.get(pk=actie.pk)
    assert (opgeslagen.traject_id, opgeslagen.zorgaanbieder, opgeslagen.soort, opgeslagen.status) == (
        traject.pk,
        "Fier Fryslân",
        "Traumabehandeling",
        Zorgactie.Status.WACHTLIJST,
    )
    assert (opgeslagen.aangevraagd_op, opgeslagen.warme_overdracht_op, opgeslagen.laatste_voortgang) == (
        vandaag() - timedelta(days=3),
        vandaag(),
        vandaag(),
    )
    assert ververst(traject).versie == traject.versie + 1


@pytest.mark.parametrize(
    ("gegevens", "fouten"),
    [
        (
            {"aangevraagd_op": vandaag() - timedelta(days=2), "gestart_op": vandaag() - timedelta(days=3)},
            {"gestart_op": ["De start ligt vóór de aanvraag."]},
        ),
        (
            {"gestart_op": vandaag(), "beeindigd_op": vandaag() - timedelta(days=1)},
            {"beeindigd_op": ["Het einde ligt vóór de start."]},
        ),
        (
            {"aangevraagd_op": vandaag() + timedelta(days=1)},
            {"aangevraagd_op": ["Deze datum ligt in de toekomst."]},
        ),
    ],
)
def test_zorgactie_met_onmogelijke_datums_geweigerd(zc, gegevens, fouten):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError) as fout:
        services.zorgactie_toevoegen(traject=traject, door=zc, gegevens=actie_gegevens(**gegevens))
    assert foutmeldingen(fout) == fouten
    assert not Zorgactie.objects.exists()
    assert rij(traject) == voor


def test_zorgactie_starten_voor_de_aanvraag_bij_bijwerken_geweigerd(zc):
    traject = TrajectFactory(door=zc)
    actie = services.zorgactie_toevoegen(traject=traject, door=zc, gegevens=actie_gegevens())
    with pytest.raises(ValidationError) as fout:
        services.zorgactie_bijwerken(
            actie=actie, door=zc, gegevens={"status": "lopend", "gestart_op": vandaag() - timedelta(days=1)}
        )
    assert foutmeldingen(fout) == {"gestart_op": ["De start ligt vóór de aanvraag."]}
    assert Zorgactie.objects.get(pk=actie.pk).status == Zorgactie.Status.AANGEVRAAGD


def _actie_met_oude_voortgang(zc, dagen: int = 40) -> Zorgactie:
    traject = TrajectFactory(door=zc)
    actie = services.zorgactie_toevoegen(
        traject=traject, door=zc, gegevens=actie_gegevens(aangevraagd_op=vandaag() - timedelta(days=dagen))
    )
    Zorgactie.objects.filter(pk=actie.pk).update(laatste_voortgang=vandaag() - timedelta(days=dagen))
    return Zorgactie.objects.get(pk=actie.pk)


def test_statuswijziging_is_voortgang(zc):
    actie = _actie_met_oude_voortgang(zc)
    services.zorgactie_bijwerken(
        actie=actie, door=zc, gegevens={"status": Zorgactie.Status.LOPEND, "gestart_op": vandaag()}
    )
    opgeslagen = Zorgactie.objects.get(pk=actie.pk)
    assert (opgeslagen.status, opgeslagen.gestart_op, opgeslagen.laatste_voortgang) == (
        Zorgactie.Status.LOPEND,
        vandaag(),
        vandaag(),
    )


def test_alleen_de_status_wijzigen_is_voortgang(zc):
    actie = _actie_met_oude_voortgang(zc)
    services.zorgactie_bijwerken(actie=actie, door=zc, gegevens={"status": Zorgactie.Status.WACHTLIJST})
    assert Zorgactie.objects.get(pk=actie.pk).laatste_voortgang == vandaag()


def test_andere_wijziging_is_geen_voortgang(zc):
    actie = _actie_met_oude_voortgang(zc)
    services.zorgactie_bijwerken(actie=actie, door=zc, gegevens={"zorgaanbieder": "Fier, locatie Leeuwarden"})
    opgeslagen = Zorgactie.objects.get(pk=actie.pk)
    assert opgeslagen.zorgaanbieder == "Fier, locatie Leeuwarden"
    assert opgeslagen.laatste_voortgang == vandaag() - timedelta(days=40)


def test_ongewijzigde_startdatum_uit_het_formulier_is_geen_voortgang(zc):
    actie = _actie_met_oude_voortgang(zc)
    gestart = vandaag() - timedelta(days=35)
    Zorgactie.objects.filter(pk=actie.pk).update(status=Zorgactie.Status.LOPEND, gestart_op=gestart)
    actie = Zorgactie.objects.get(pk=actie.pk)
    # The form posts every field; only the provider's name changed.
    services.zorgactie_bijwerken(
        actie=actie,
        door=zc,
        gegevens=actie_gegevens(
            zorgaanbieder="Fier, locatie Leeuwarden",
            status=Zorgactie.Status.LOPEND,
            aangevraagd_op=actie.aangevraagd_op,
            gestart_op=gestart,
            beeindigd_op=None,
            warme_overdracht_op=None,
        ),
    )
    assert Zorgactie.objects.get(pk=actie.pk).laatste_voortgang == vandaag() - timedelta(days=40)


def test_zorgactie_op_afgesloten_traject_geweigerd(zc):
    traject = TrajectFactory(door=zc, afgesloten=True)
    with pytest.raises(Geweigerd) as fout:
        services.zorgactie_toevoegen(traject=traject, door=zc, gegevens=actie_gegevens())
    assert str(fout.value) == "Dit traject is afgesloten. Heropen het eerst."
    assert not Zorgactie.objects.exists()


# --- Zorgoverleg and agreements --------------------------------------------------------------


def test_zorgoverleg_met_afspraken(zc):
    traject = TrajectFactory(door=zc)
    overleg = services.zorgoverleg_vastleggen(
        traject=traject,
        door=zc,
        datum=vandaag() - timedelta(days=1),
        organisaties=" COA, GGD Gooi en Vechtstreek, Fier ",
        afspraken=[
            {
                "omschrijving": "Aanmelden bij huisarts",
                "eigenaar": "GGD",
                "deadline": vandaag() + timedelta(days=7),
            },
            {"omschrijving": "Zorgverzekering regelen", "eigenaar": "Zorgcoördinator", "deadline": vandaag()},
        ],
    )
    opgeslagen = Zorgoverleg.objects.get(pk=overleg.pk)
    assert (opgeslagen.traject_id, opgeslagen.datum, opgeslagen.organisaties) == (
        traject.pk,
        vandaag() - timedelta(days=1),
        "COA, GGD Gooi en Vechtstreek, Fier",
    )
    assert [(a.omschrijving, a.eigenaar, a.deadline, a.afgerond_op) for a in opgeslagen.afspraken.all()] == [
        ("Zorgverzekering regelen", "Zorgcoördinator", vandaag(), None),
        ("Aanmelden bij huisarts", "GGD", vandaag() + timedelta(days=7), None),
    ]
    assert ververst(traject).versie == traject.versie + 1


def test_zorgoverleg_vraagt_organisaties(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError) as fout:
        services.zorgoverleg_vastleggen(
            traject=traject,
            door=zc,
            datum=vandaag(),
            organisaties="  ",
            afspraken=[{"omschrijving": "Iets", "eigenaar": "GGD", "deadline": vandaag()}],
        )
    assert foutmeldingen(fout) == {"organisaties": ["Noem de organisaties die deelnamen."]}
    assert (Zorgoverleg.objects.count(), Afspraak.objects.count()) == (0, 0)


def test_zorgoverleg_met_onvolledige_afspraak_laat_niets_achter(zc):
    traject = TrajectFactory(door=zc)
    voor = rij(traject)
    with pytest.raises(ValidationError):
        services.zorgoverleg_vastleggen(
            traject=traject,
            door=zc,
            datum=vandaag(),
            organisaties="COA",
            afspraken=[
                {"omschrijving": "Goed", "eigenaar": "GGD", "deadline": vandaag()},
                {"omschrijving": "", "eigenaar": "GGD", "deadline": vandaag()},
            ],
        )
    assert (Zorgoverleg.objects.count(), Afspraak.objects.count()) == (0, 0)
    assert rij(traject) == voor


def test_afspraak_afronden(zc, zc2):
    traject = TrajectFactory(door=zc)
    overleg = services.zorgoverleg_vastleggen(
        traject=traject,
        door=zc,
        datum=vandaag() - timedelta(days=10),
        organisaties="COA",
        afspraken=[
            {"omschrijving": "Huisarts", "eigenaar": "COA", "deadline": vandaag() - timedelta(days=1)}
        ],
    )
    afspraak = overleg.afspraken.get()
    assert afspraak.verlopen is True
    with pytest.raises(Geweigerd) as fout:
        services.afspraak_afronden(afspraak=afspraak, door=zc2)
    assert str(fout.value) == GEEN_BEWERKER
    assert Afspraak.objects.get(pk=afspraak.pk).afgerond_op is None
    services.afspraak_afronden(afspraak=afspraak, door=zc)
    opgeslagen = Afspraak.objects.get(pk=afspraak.pk)
    assert (opgeslagen.afgerond_op, opgeslagen.verlopen) == (vandaag(), False)
    # Completing twice keeps the first date.
    Afspraak.objects.filter(pk=afspraak.pk).update(afgerond_op=vandaag() - timedelta(days=1))
    services.afspraak_afronden(afspraak=afspraak, door=zc)
    assert Afspraak.objects.get(pk=afspraak.pk).afgerond_op == vandaag() - timedelta(days=1)


# --- CoMensha --------------------------------------------------------------------------------

ANONIEM = {"registratie", "regio", "jaar_aanmelding", "geslacht", "minderjarig", "uitbuitingsvormen"}
IDENTIFICEREND = {"naam", "geboortedatum", "dossiernummer"}


@pytest.mark.parametrize("toestemming", [Client.Toestemming.NIET_GEVRAAGD, Client.Toestemming.GEWEIGERD])
def test_comensha_zonder_toestemming_is_anoniem(zc, af, toestemming):
    traject = TrajectFactory(door=zc, af=af, uit_signaal=True, signaal_kenmerken={"seksueel": True})
    client = services.comensha_toestemming_vastleggen(
        client=traject.client,
        door=zc,
        toestemming=toestemming,
        datum=None if toestemming == Client.Toestemming.NIET_GEVRAAGD else vandaag(),
    )
    registratie = services.comensha_registratie(Client.objects.get(pk=client.pk))
    assert set(registratie) == ANONIEM
    assert not IDENTIFICEREND & set(registratie)
    assert registratie == {
        "registratie": "anoniem",
        "regio": "Gooi en Vechtstreek",
        "jaar_aanmelding": str(vandaag().year),
        "geslacht": "Vrouw",
        "minderjarig": "nee",
        "uitbuitingsvormen": "seksuele uitbuiting",
    }
    tekst = " ".join(registratie.values())
    for waarde in (
        client.naam,
        client.dossiernummer,
        client.geboortedatum.isoformat(),
        client.nationaliteiten,
    ):
        assert waarde not in tekst


def test_comensha_met_toestemming_heeft_de_afgesproken_velden(zc):
    traject = TrajectFactory(
        door=zc, client_gegevens=ClientGegevensFactory(naam="Ana Popescu", minderjarig=True)
    )
    datum = vandaag() - timedelta(days=2)
    client = services.comensha_toestemming_vastleggen(
        client=traject.client,
        door=zc,
        toestemming="gegeven",
        datum=datum,
        velden=["geboortedatum", "naam"],
    )
    client = Client.objects.get(pk=client.pk)
    assert (client.comensha_toestemming, client.comensha_toestemming_op, client.comensha_velden) == (
        Client.Toestemming.GEGEVEN,
        datum,
        ["naam", "geboortedatum"],  # in the order of CoMensha's form
    )
    assert services.comensha_registratie(client) == {
        "registratie": "met toestemming",
        "regio": "Gooi en Vechtstreek",
        "jaar_aanmelding": str(vandaag().year),
        "geslacht": "Vrouw",
        "minderjarig": "ja",
        "uitbuitingsvormen": "onbekend",
        "toestemming_op": datum.isoformat(),
        "naam": "Ana Popescu",
        "geboortedatum": client.geboortedatum.isoformat(),
    }  # no dossier number, nationalities or residence status: not agreed to
    services.comensha_toestemming_vastleggen(
        client=client, door=zc, toestemming="gegeven", datum=datum, velden=[v.value for v in ComenshaVeld]
    )
    assert list(services.comensha_registratie(Client.objects.get(pk=client.pk)))[7:] == [
        "dossiernummer",
        "naam",
        "geboortedatum",
        "nationaliteiten",
        "verblijfsstatus",
    ]


@pytest.mark.parametrize(
    ("toestemming", "velden", "fout"),
    [
        ("gegeven", [], "Kies de gegevens waarvoor de cliënt toestemming gaf."),
        ("geweigerd", ["naam"], "Zonder toestemming worden geen gegevens gedeeld: vink ze uit."),
        ("niet_gevraagd", ["naam"], "Zonder toestemming worden geen gegevens gedeeld: vink ze uit."),
        ("gegeven", ["naam", "bsn"], "Kies alleen gegevens uit de lijst."),
    ],
)
def test_comensha_toestemming_met_verkeerde_gegevens_wordt_geweigerd(zc, toestemming, velden, fout):
    client = TrajectFactory(door=zc).client
    voor = rij(client)
    with pytest.raises(ValidationError) as gevangen:
        services.comensha_toestemming_vastleggen(
            client=client, door=zc, toestemming=toestemming, datum=vandaag(), velden=velden
        )
    assert foutmeldingen(gevangen) == {"velden": [fout]}
    assert rij(client) == voor


def test_elke_comensha_export_staat_bij_de_client(zc):
    client = TrajectFactory(door=zc).client
    anoniem = services.comensha_export_vastleggen(
        client=client, door=zc, registratie=services.comensha_registratie(client)
    )
    services.comensha_toestemming_vastleggen(
        client=client, door=zc, toestemming="gegeven", datum=vandaag(), velden=["naam"]
    )
    client = Client.objects.get(pk=client.pk)
    met = services.comensha_export_vastleggen(
        client=client, door=zc, registratie=services.comensha_registratie(client)
    )
    assert (anoniem.met_toestemming, anoniem.velden) == (False, [])
    assert (met.met_toestemming, met.velden, met.veldlabels, met.door) == (True, ["naam"], ["Naam"], zc)
    assert list(client.comensha_exports.all()) == [met, anoniem]


def test_comensha_toestemming_ingetrokken_maakt_weer_anoniem(zc):
    client = TrajectFactory(door=zc).client
    services.comensha_toestemming_vastleggen(
        client=client, door=zc, toestemming="gegeven", datum=vandaag(), velden=["naam"]
    )
    services.comensha_toestemming_vastleggen(client=client, door=zc, toestemming="geweigerd", datum=vandaag())
    client = Client.objects.get(pk=client.pk)
    assert set(services.comensha_registratie(client)) == ANONIEM
    assert client.comensha_velden == []


@pytest.mark.parametrize("toestemming", [Client.Toestemming.GEGEVEN, Client.Toestemming.GEWEIGERD])
def test_comensha_toestemming_vraagt_een_datum(zc, toestemming):
    client = TrajectFactory(door=zc).client
    voor = rij(client)
    with pytest.raises(ValidationError) as fout:
        services.comensha_toestemming_vastleggen(
            client=client,
            door=zc,
            toestemming=toestemming,
            datum=None,
            velden=["naam"] if toestemming == "gegeven" else [],
        )
    assert foutmeldingen(fout) == {"datum": ["Vul de datum in waarop de toestemming is gevraagd."]}
    assert rij(client) == voor


def test_comensha_toestemming_niet_in_de_toekomst(zc):
    client = TrajectFactory(door=zc).client
    voor = rij(client)
    with pytest.raises(ValidationError) as fout:
        services.comensha_toestemming_vastleggen(
            client=client,
            door=zc,
            toestemming="gegeven",
            datum=vandaag() + timedelta(days=1),
            velden=["naam"],
        )
    assert foutmeldingen(fout) == {"datum": ["Deze datum ligt in de toekomst."]}
    assert rij(client) == voor


def test_comensha_niet_gevraagd_zonder_datum(zc):
    client = TrajectFactory(door=zc).client
    services.comensha_toestemming_vastleggen(client=client, door=zc, toestemming="niet_gevraagd", datum=None)
    assert Client.objects.get(pk=client.pk).comensha_toestemming == Client.Toestemming.NIET_GEVRAAGD


def test_zorgoverleg_in_de_toekomst_of_met_afspraak_voor_het_overleg(zc):
    traject = TrajectFactory(door=zc)
    with pytest.raises(ValidationError, match="ligt in de toekomst"):
        services.zorgoverleg_vastleggen(
            traject=traject, door=zc, datum=vandaag() + timedelta(days=1), organisaties="COA", afspraken=[]
        )
    with pytest.raises(ValidationError, match="vóór het overleg"):
        services.zorgoverleg_vastleggen(
            traject=traject,
            door=zc,
            datum=vandaag(),
            organisaties="COA",
            afspraken=[{"omschrijving": "x", "eigenaar": "COA", "deadline": vandaag() - timedelta(days=1)}],
        )
    assert not traject.overleggen.exists()


def test_bestaande_client_met_open_traject_krijgt_geen_tweede(zc):
    traject = TrajectFactory(door=zc)
    aanmelding, _ = services.aanmelding_invoeren(door=zc, regio=traject.regio, bron="politie")
    with pytest.raises(Geweigerd, match="al een open traject"):
        services.aanmelding_accepteren(door=zc, aanmelding=aanmelding, client=traject.client)
    assert traject.client.trajecten.count() == 1
