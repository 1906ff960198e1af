"""Who sees which trajectory (issue 4, point 9), the caseload (point 6) and derived values.

freezegun is not in the virtualenv: dates in the past are set directly on the rows with
``.objects.filter(...).update(...)``, as they would stand after time passed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.shortcuts import remove_perm

from mensenhandel.models import Gebruiker, Regio
from mensenhandel.werk import aantallen, werklijst
from signalen.models import Doorverwijzing
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import (
    AanmeldingFactory,
    ClientGegevensFactory,
    TrajectFactory,
    tweede_zorgcoordinator,
)
from zorgcoordinatie import services
from zorgcoordinatie.caseload import AFGESLOTEN_DAGEN, caseload
from zorgcoordinatie.models import Afspraak, Client, Traject, Zorgactie
from zorgcoordinatie.selectors import (
    clienten_leesbaar_voor,
    mag_traject_bewerken,
    open_aanmeldingen_voor,
    open_doorverwijzingen_voor,
    traject_detail,
    trajecten_bewerkbaar_voor,
    trajecten_leesbaar_voor,
)


def vandaag() -> date:
    return timezone.localdate()


@pytest.fixture
def trajecten(gebruikers, plaatsen):
    """A trajectory in each regio, and one in Gooi en Vechtstreek with a backup.

    gv: responsible zc; gv_achtervang: responsible zc2, backup zc; fr: responsible zc_ander.
    """
    zc2 = tweede_zorgcoordinator(plaatsen["gv"])
    return {
        "gv": TrajectFactory(door=gebruikers["zc"], af=gebruikers["af"], uit_signaal=True),
        "gv_achtervang": TrajectFactory(door=zc2, achtervang=gebruikers["zc"]),
        "fr": TrajectFactory(door=gebruikers["zc_ander"], af=gebruikers["af_ander"], uit_signaal=True),
        "zc2": zc2,
    }


def namen(queryset, trajecten) -> set[str]:
    pks = set(queryset.values_list("pk", flat=True))
    return {naam for naam, t in trajecten.items() if isinstance(t, Traject) and t.pk in pks}


def casuistiek_toestaan(regio: Regio) -> None:
    Regio.objects.filter(pk=regio.pk).update(ketenregisseur_mag_casuistiek=True)


# --- Who reads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wie", "verwacht"),
    [
        ("zc", {"gv", "gv_achtervang"}),
        ("zc_ander", {"fr"}),
        ("af", set()),
        ("af_ander", set()),
        ("fb", set()),
        ("zonder_rol", set()),
        ("kr", set()),
        ("kr_ander", set()),
    ],
)
def test_trajecten_leesbaar_voor(gebruikers, trajecten, wie, verwacht):
    assert namen(trajecten_leesbaar_voor(gebruikers[wie]), trajecten) == verwacht


def test_collega_in_de_regio_leest_mee(trajecten):
    # zc2 is responsible for one and neither for the other, but reads both.
    assert namen(trajecten_leesbaar_voor(trajecten["zc2"]), trajecten) == {"gv", "gv_achtervang"}


def test_ketenregisseur_leest_alleen_waar_de_regio_casuistiek_toestaat(gebruikers, plaatsen, trajecten):
    casuistiek_toestaan(plaatsen["gv"])
    assert namen(trajecten_leesbaar_voor(gebruikers["kr"]), trajecten) == {"gv", "gv_achtervang"}
    # The setting is per regio: the ketenregisseur of Fryslân still reads nothing.
    assert namen(trajecten_leesbaar_voor(gebruikers["kr_ander"]), trajecten) == set()
    # Reading is not editing.
    assert namen(trajecten_bewerkbaar_voor(gebruikers["kr"]), trajecten) == set()


def test_afgesloten_trajecten_blijven_leesbaar(gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"], afgesloten=True)
    assert list(trajecten_leesbaar_voor(gebruikers["zc"])) == [traject]
    assert list(trajecten_leesbaar_voor(gebruikers["zc_ander"])) == []


def test_inactieve_zorgcoordinator_leest_niets(gebruikers, trajecten):
    zc = gebruikers["zc"]
    zc.is_active = False
    zc.save(update_fields=["is_active"])
    assert not trajecten_leesbaar_voor(zc).exists()
    assert not trajecten_bewerkbaar_voor(zc).exists()


# --- Who edits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wie", "verwacht"),
    [
        ("zc", {"gv", "gv_achtervang"}),  # responsible for one, backup for the other
        ("zc2", {"gv_achtervang"}),  # a colleague who is neither reads but does not edit "gv"
        ("zc_ander", {"fr"}),
        ("af", set()),
        ("kr", set()),
        ("fb", set()),
    ],
)
def test_trajecten_bewerkbaar_voor(gebruikers, trajecten, wie, verwacht):
    gebruiker = trajecten["zc2"] if wie == "zc2" else gebruikers[wie]
    assert namen(trajecten_bewerkbaar_voor(gebruiker), trajecten) == verwacht
    for naam in ("gv", "gv_achtervang", "fr"):
        assert mag_traject_bewerken(gebruiker, trajecten[naam]) is (naam in verwacht)


def test_zorgcoordinator_die_de_regio_verlaat_bewerkt_niet_meer(gebruikers, plaatsen, trajecten):
    remove_perm("mensenhandel.bedient_regio", gebruikers["zc"], plaatsen["gv"])
    zc = Gebruiker.objects.get(pk=gebruikers["zc"].pk)  # scope is read once per request: the next one
    assert namen(trajecten_bewerkbaar_voor(zc), trajecten) == set()
    assert namen(trajecten_leesbaar_voor(zc), trajecten) == set()


def test_clienten_leesbaar_voor(gebruikers, trajecten):
    gv_clienten = {trajecten["gv"].client_id, trajecten["gv_achtervang"].client_id}
    assert set(clienten_leesbaar_voor(gebruikers["zc"]).values_list("pk", flat=True)) == gv_clienten
    assert list(clienten_leesbaar_voor(gebruikers["zc_ander"])) == [trajecten["fr"].client]
    assert not clienten_leesbaar_voor(gebruikers["af"]).exists()


def test_client_met_twee_trajecten_een_keer(gebruikers):
    zc = gebruikers["zc"]
    eerste = TrajectFactory(door=zc, afgesloten=True)
    TrajectFactory(door=zc, client=eerste.client)
    assert list(clienten_leesbaar_voor(zc)) == [eerste.client]


# --- The inbox -------------------------------------------------------------------------------


def test_open_aanmeldingen_en_doorverwijzingen(gebruikers, trajecten):
    zc, zc_ander = gebruikers["zc"], gebruikers["zc_ander"]
    open_direct = AanmeldingFactory(door=zc)
    AanmeldingFactory(door=zc_ander)
    assert list(open_aanmeldingen_voor(zc)) == [open_direct]
    assert not open_aanmeldingen_voor(gebruikers["af"]).exists()
    # The referrals behind the trajectories are answered: no longer in the inbox.
    assert not open_doorverwijzingen_voor(zc).exists()
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    wacht = signaal.doorverwijzingen.get()
    assert list(open_doorverwijzingen_voor(zc)) == [wacht]
    assert not open_doorverwijzingen_voor(zc_ander).exists()
    services.aanmelding_afwijzen(door=zc, doorverwijzing=wacht, reden="Geen capaciteit")
    assert not open_doorverwijzingen_voor(zc).exists()
    assert Doorverwijzing.objects.get(pk=wacht.pk).terugkoppeling == Doorverwijzing.Terugkoppeling.AFGEWEZEN


# --- Caseload --------------------------------------------------------------------------------


def zet(traject: Traject, **velden) -> None:
    Traject.objects.filter(pk=traject.pk).update(**velden)


def pks(trajecten) -> set[int]:
    return {t.pk for t in trajecten}


def werk(gebruiker, soort: str) -> list[str]:
    """The references a kind of the user's work list names, in its order."""
    items = {i.soort: i for i in werklijst(gebruiker, 100)}
    return [r.referentie for r in items[soort].regels] if soort in items else []


def nrs(*trajecten: Traject) -> list[str]:
    return [t.client.dossiernummer for t in trajecten]


def test_caseload_tellingen_per_fase_met_overlap(gebruikers):
    zc, zc_ander = gebruikers["zc"], gebruikers["zc_ander"]
    TrajectFactory(door=zc)  # intake
    TrajectFactory(door=zc, hulpverlening=True)  # intake and hulpverlening
    TrajectFactory(door=zc, intake_afgerond=True)  # hulpverlening
    TrajectFactory(door=zc, afronding=True)  # afronding
    TrajectFactory(door=zc, afgesloten=True)
    # Closed more than a year ago: no longer part of the caseload's count (only the last 12 months).
    lang_geleden = TrajectFactory(door=zc, afgesloten=True)
    zet(lang_geleden, afgesloten_op=timezone.localdate() - timedelta(days=AFGESLOTEN_DAGEN))
    TrajectFactory(door=zc_ander, hulpverlening=True)  # another regio
    assert caseload(zc)["tellingen"] == {
        "intake": 2,
        "hulpverlening": 2,
        "afronding": 1,
        "totaal": 4,
        "afgesloten": 1,
    }
    assert caseload(zc_ander)["tellingen"] == {
        "intake": 1,
        "hulpverlening": 1,
        "afronding": 0,
        "totaal": 1,
        "afgesloten": 0,
    }


def test_caseload_trajecten_zijn_de_open_trajecten_van_de_regio(gebruikers, trajecten):
    TrajectFactory(door=gebruikers["zc"], afgesloten=True)
    assert pks(caseload(gebruikers["zc"])["trajecten"]) == {trajecten["gv"].pk, trajecten["gv_achtervang"].pk}


def test_werk_verlopen_evaluatie(gebruikers):
    zc = gebruikers["zc"]
    verlopen = TrajectFactory(door=zc)
    lang_verlopen = TrajectFactory(door=zc)
    vandaag_te_doen = TrajectFactory(door=zc)
    zonder = TrajectFactory(door=zc)
    afgesloten = TrajectFactory(door=zc, afgesloten=True)
    zet(verlopen, volgende_evaluatie=vandaag() - timedelta(days=1))
    zet(lang_verlopen, volgende_evaluatie=vandaag() - timedelta(days=60))
    zet(vandaag_te_doen, volgende_evaluatie=vandaag())
    zet(zonder, volgende_evaluatie=None)
    zet(afgesloten, volgende_evaluatie=vandaag() - timedelta(days=5))
    ander = TrajectFactory(door=gebruikers["zc_ander"])
    zet(ander, volgende_evaluatie=vandaag() - timedelta(days=5))
    # Most overdue first; another regio's and closed ones not.
    assert werk(zc, "zc.evaluatie_verlopen") == nrs(lang_verlopen, verlopen)


def test_werk_bedenktijd_eindigt_binnen_veertien_dagen(gebruikers):
    zc = gebruikers["zc"]
    eind = {
        "vandaag": vandaag(),
        "over_7": vandaag() + timedelta(days=7),
        "over_14": vandaag() + timedelta(days=14),
        "over_15": vandaag() + timedelta(days=15),
        "gisteren": vandaag() - timedelta(days=1),
    }
    trajecten = {}
    for naam, datum in eind.items():
        trajecten[naam] = TrajectFactory(door=zc, bedenktijd=True)
        zet(trajecten[naam], bedenktijd_start=datum - timedelta(days=80), bedenktijd_eind=datum)
    # A bedenktijd date without the bedenktijd status does not count.
    niet_meer = TrajectFactory(door=zc, bedenktijd=True)
    zet(niet_meer, verblijf=Traject.Verblijf.AANGEVRAAGD, bedenktijd_eind=vandaag() + timedelta(days=3))
    afgesloten = TrajectFactory(door=zc, bedenktijd=True, afgesloten=True)
    zet(afgesloten, bedenktijd_eind=vandaag() + timedelta(days=3))
    gezien = werk(zc, "zc.bedenktijd_eindigt")
    assert gezien == nrs(trajecten["vandaag"], trajecten["over_7"], trajecten["over_14"])


def test_bedenktijd_uit_de_factory_eindigt_na_drie_maanden(gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"], bedenktijd=True)
    assert traject.bedenktijd_eind == services.drie_maanden_na(vandaag() - timedelta(days=20))


def _actie(traject: Traject, door, status: str, dagen_stil: int) -> Zorgactie:
    actie = services.zorgactie_toevoegen(
        traject=traject,
        door=door,
        gegevens={
            "domein": "medisch",
            "zorgaanbieder": "GGD",
            "soort": "Consult",
            "aangevraagd_op": vandaag() - timedelta(days=dagen_stil),
        },
    )
    Zorgactie.objects.filter(pk=actie.pk).update(
        status=status, laatste_voortgang=vandaag() - timedelta(days=dagen_stil)
    )
    return actie


@pytest.mark.parametrize(
    ("status", "dagen", "gesignaleerd"),
    [
        (Zorgactie.Status.AANGEVRAAGD, 31, True),
        (Zorgactie.Status.WACHTLIJST, 45, True),
        (Zorgactie.Status.LOPEND, 90, True),
        (Zorgactie.Status.LOPEND, 29, False),
        (Zorgactie.Status.LOPEND, 0, False),
        (Zorgactie.Status.AFGEROND, 90, False),
        (Zorgactie.Status.AFGEWEZEN, 90, False),
        (Zorgactie.Status.GESTOPT, 90, False),
    ],
)
def test_werk_acties_zonder_voortgang(gebruikers, status, dagen, gesignaleerd):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc)
    _actie(traject, zc, status, dagen)
    assert werk(zc, "zc.zorgacties_zonder_voortgang") == (nrs(traject) if gesignaleerd else [])


def test_werk_noemt_elke_stille_actie_de_oudste_eerst(gebruikers):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc)
    _actie(traject, zc, Zorgactie.Status.LOPEND, 40)
    _actie(traject, zc, Zorgactie.Status.WACHTLIJST, 50)
    (item,) = [i for i in werklijst(zc) if i.soort == "zc.zorgacties_zonder_voortgang"]
    assert item.aantal == 2 and item.oudste == vandaag() - timedelta(days=50)
    assert [r.datum for r in item.regels] == [vandaag() - timedelta(days=50), vandaag() - timedelta(days=40)]


def test_statuswijziging_haalt_actie_uit_het_werk(gebruikers):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc)
    actie = _actie(traject, zc, Zorgactie.Status.WACHTLIJST, 40)
    assert werk(zc, "zc.zorgacties_zonder_voortgang") == nrs(traject)
    services.zorgactie_bijwerken(actie=actie, door=zc, gegevens={"status": Zorgactie.Status.LOPEND})
    assert werk(zc, "zc.zorgacties_zonder_voortgang") == []


def _overleg_met_afspraak(traject: Traject, door, deadline: date) -> Afspraak:
    overleg = services.zorgoverleg_vastleggen(
        traject=traject,
        door=door,
        datum=vandaag() - timedelta(days=20),
        organisaties="COA, GGD",
        afspraken=[{"omschrijving": "Huisarts regelen", "eigenaar": "COA", "deadline": deadline}],
    )
    return overleg.afspraken.get()


def test_werk_verlopen_afspraken(gebruikers):
    zc = gebruikers["zc"]
    verlopen = TrajectFactory(door=zc)
    _overleg_met_afspraak(verlopen, zc, vandaag() - timedelta(days=1))
    vandaag_deadline = TrajectFactory(door=zc)
    _overleg_met_afspraak(vandaag_deadline, zc, vandaag())
    afgerond = TrajectFactory(door=zc)
    afspraak = _overleg_met_afspraak(afgerond, zc, vandaag() - timedelta(days=3))
    assert werk(zc, "zc.afspraken_verlopen") == nrs(afgerond, verlopen)  # the oldest date first
    services.afspraak_afronden(afspraak=afspraak, door=zc)
    assert werk(zc, "zc.afspraken_verlopen") == nrs(verlopen)


def test_werk_van_andere_regio_rollen_en_collegas(gebruikers, plaatsen):
    """The trajectories' work is the responsible zorgcoördinator's and the backup's: not another
    regio's, not a colleague's who does not back the trajectory up, not the KR's (even with
    casework allowed), not the other roles'."""
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc, bedenktijd=True)
    zet(
        traject,
        volgende_evaluatie=vandaag() - timedelta(days=1),
        bedenktijd_eind=vandaag() + timedelta(days=2),
    )
    _actie(traject, zc, Zorgactie.Status.LOPEND, 40)
    _overleg_met_afspraak(traject, zc, vandaag() - timedelta(days=1))
    soorten = {
        "zc.evaluatie_verlopen",
        "zc.bedenktijd_eindigt",
        "zc.zorgacties_zonder_voortgang",
        "zc.afspraken_verlopen",
    }
    assert all(werk(zc, soort) == nrs(traject) for soort in soorten)
    collega = tweede_zorgcoordinator(plaatsen["gv"])
    assert not any(aantallen(collega)[soort] for soort in soorten)
    zet(traject, achtervang=collega)
    assert all(werk(collega, soort) == nrs(traject) for soort in soorten)
    casuistiek_toestaan(plaatsen["gv"])
    for wie in ("zc_ander", "af", "fb", "kr"):
        assert not soorten & {i.soort for i in werklijst(gebruikers[wie])}, wie


def test_werklijst_van_de_zc_in_een_vast_aantal_queries(gebruikers):
    zc = gebruikers["zc"]

    def tel() -> int:
        with CaptureQueriesContext(connection) as queries:
            for item in werklijst(zc):
                _ = [(r.referentie, r.url, r.toelichting) for r in item.regels]
        return len(queries)

    traject = TrajectFactory(door=zc, bedenktijd=True)
    zet(traject, volgende_evaluatie=vandaag() - timedelta(days=1), bedenktijd_eind=vandaag())
    _actie(traject, zc, Zorgactie.Status.LOPEND, 40)
    een = tel()
    for _ in range(7):
        extra = TrajectFactory(door=zc, bedenktijd=True)
        zet(extra, volgende_evaluatie=vandaag() - timedelta(days=1), bedenktijd_eind=vandaag())
        _actie(extra, zc, Zorgactie.Status.LOPEND, 40)
    # the counts of the six kinds, then the first entries of each of the three with work
    assert tel() == een == 1 + 3
    assert {i.soort: i.aantal for i in werklijst(zc)} == {
        "zc.evaluatie_verlopen": 8,
        "zc.bedenktijd_eindigt": 8,
        "zc.zorgacties_zonder_voortgang": 8,
    }


def test_trajectpagina_in_een_vast_aantal_queries(gebruikers):
    zc = gebruikers["zc"]

    def tel(traject: Traject) -> int:
        with CaptureQueriesContext(connection) as queries:
            t = traject_detail(trajecten_leesbaar_voor(zc)).get(pk=traject.pk)
            _ = (t.client.verantwoordelijke_gemeente.naam, t.regio.naam, t.verantwoordelijke.email)
            _ = [b.domein for b in t.behoeften.all()]
            _ = [a.soort for a in t.zorgacties.all()]
            _ = [[a.omschrijving for a in o.afspraken.all()] for o in t.overleggen.all()]
            _ = [a.doorverwijzing and a.doorverwijzing.signaal.referentie for a in t.aanmeldingen.all()]
        return len(queries)

    def vullen(traject: Traject, aantal: int) -> Traject:
        for dagen in range(40, 40 + aantal):
            _actie(traject, zc, Zorgactie.Status.LOPEND, dagen)
            _overleg_met_afspraak(traject, zc, vandaag())
        traject = Traject.objects.get(pk=traject.pk)
        domeinen = ["opvang", "taal", "medisch", "netwerk"][:aantal]
        services.intake_vastleggen(
            traject=traject, door=zc, behoeften=dict.fromkeys(domeinen, ("ja", "")), versie=traject.versie
        )
        return traject

    # Prefetches of empty relations skip their query: compare one of each with several.
    klein = vullen(TrajectFactory(door=zc, af=gebruikers["af"], uit_signaal=True), 1)
    groot = vullen(TrajectFactory(door=zc, af=gebruikers["af"], uit_signaal=True), 4)
    assert tel(groot) == tel(klein)


# --- Derived values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("geboortedatum", "minderjarig", "leeftijd"),
    [
        (date(2007, 6, 15), False, 18),  # eighteen today
        (date(2007, 6, 16), True, 17),  # eighteen tomorrow
        (date(2008, 1, 1), True, 17),
        (date(1990, 12, 31), False, 34),
        (None, None, None),
    ],
)
def test_minderjarig_volgt_uit_de_geboortedatum(monkeypatch, geboortedatum, minderjarig, leeftijd):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 6, 15))
    client = Client(geboortedatum=geboortedatum)
    assert (client.minderjarig, client.leeftijd) == (minderjarig, leeftijd)


def test_minderjarig_bij_een_opgeslagen_client(gebruikers):
    traject = TrajectFactory(door=gebruikers["zc"], client_gegevens=ClientGegevensFactory(minderjarig=True))
    client = Client.objects.get(pk=traject.client_id)
    assert client.minderjarig is True
    services.client_bijwerken(
        client=client,
        door=gebruikers["zc"],
        gegevens={"geboortedatum": vandaag() - timedelta(days=30 * 365)},
        versie=client.versie,
    )
    assert Client.objects.get(pk=client.pk).minderjarig is False


def test_open_fasen_volgen_uit_de_datums():
    assert Traject(intake_start=date(2025, 1, 1)).open_fasen == ["intake"]
    assert Traject(intake_start=date(2025, 1, 1), hulpverlening_start=date(2024, 12, 20)).open_fasen == [
        "intake",
        "hulpverlening",
    ]
    assert Traject(
        intake_start=date(2025, 1, 1), intake_eind=date(2025, 2, 1), afronding_start=date(2025, 3, 1)
    ).open_fasen == ["afronding"]
    assert Traject(intake_start=date(2025, 1, 1), afgesloten_op=date(2025, 3, 1)).open_fasen == ["afgesloten"]


def test_open_zorgacties_zijn_standen_van_een_zorgactie():
    from zorgcoordinatie.models import OPEN_ZORGACTIE

    assert set(OPEN_ZORGACTIE) == {
        Zorgactie.Status.AANGEVRAAGD,
        Zorgactie.Status.WACHTLIJST,
        Zorgactie.Status.LOPEND,
    }
