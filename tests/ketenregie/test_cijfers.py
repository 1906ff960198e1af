"""The figures of the dashboard (and the rapportage) on a crafted dataset, number by number.

The period is the first half of 2026 and "today" is 1 September 2026, so the reference
date is 30 June 2026. Records are made directly: the figures read the stored dates, and
the services would stamp today on them. Every regio-bound set has a record just before
``van``, on ``van``, on ``tot``, just after ``tot`` and one in Fryslân that must never count.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from ketenregie.models import Activiteit, Basisniveau
from ketenregie.selectors import cijfers
from ketenregie.selectors import publicatie as kr_publicatie
from mensenhandel.bescherming import Cel, gedrukt
from mensenhandel.cijfers import Telling, mediaan
from mensenhandel.models import Gemeente
from mensenhandel.periode import Periode, laatste_halfjaren, maand_kort
from signalen import cijfers as signalen_cijfers
from signalen.cijfers.meldroute import WACHTEND
from signalen.models import Doorverwijzing, Koppeling, Signaal
from tests.beveiligd import past, waar
from tests.conftest import PUBLICATIE_LEZEN, PUBLICATIE_MAKEN, nieuwe_maand
from zorgcoordinatie import cijfers as zorg_cijfers
from zorgcoordinatie.models import Aanmelding, Client, Traject

VAN, TOT = date(2026, 1, 1), date(2026, 6, 30)
VANDAAG = date(2026, 9, 1)
_volgnummer = itertools.count(1)


def d(tekst: str) -> date:
    return date.fromisoformat(tekst)


def signaal(
    af, gemeente, geregistreerd: str, *, status="nieuw", bron="handhaving", vormen=("arbeid",), **extra
):
    velden = {
        "seksueel": "seksuele_uitbuiting",
        "arbeid": "arbeidsuitbuiting",
        "crimineel": "criminele_uitbuiting",
        "orgaan": "orgaanverwijdering",
        "onbekend": "vorm_onbekend",
    }
    extra.setdefault("sector", "horeca")
    return Signaal.objects.create(
        referentie=f"T-{next(_volgnummer):05d}",
        datum_waargenomen=d(geregistreerd),
        datum_geregistreerd=d(geregistreerd),
        gemeente=gemeente,
        bron=bron,
        reikwijdte="binnenlands",
        status=status,
        geregistreerd_door=af,
        **{velden[v]: True for v in vormen},
        **extra,
    )


def verwijzing(af, sig, bestemming: str, datum: str, terugkoppeling="verstuurd", **data: str):
    return Doorverwijzing.objects.create(
        signaal=sig,
        bestemming=bestemming,
        datum=d(datum),
        terugkoppeling=terugkoppeling,
        door=af,
        **{k: d(v) for k, v in data.items()},
    )


def traject(zc, regio, *, client: Client | None = None, **data: Any) -> Traject:
    client = client or Client.objects.create(
        dossiernummer=f"Z-{next(_volgnummer):05d}", verantwoordelijke_gemeente=regio.gemeenten.first()
    )
    tekst = {"afsluitreden", "verblijf", "strafrecht", "opvang"}
    velden = {k: d(v) if isinstance(v, str) and k not in tekst else v for k, v in data.items()}
    return Traject.objects.create(client=client, regio=regio, verantwoordelijke=zc, **velden)


def activiteit(kr, regio, soort: str, datum: str, doelgroepen: list[str], deelnemers: int | None):
    return Activiteit.objects.create(
        regio=regio,
        soort=soort,
        titel=f"{soort} {datum}",
        datum=d(datum),
        doelgroepen=doelgroepen,
        deelnemers=deelnemers,
        organisator="Ketenregie",
        vastgelegd_door=kr,
    )


def maak_dataset(gebruikers, plaatsen) -> dict[str, Any]:
    """The crafted dataset; the expected figures are in the tests below."""
    af, zc, kr = gebruikers["af"], gebruikers["zc"], gebruikers["kr"]
    hilversum, huizen, leeuwarden = plaatsen["hilversum"], plaatsen["huizen"], plaatsen["leeuwarden"]
    gv, fr = plaatsen["gv"], plaatsen["fr"]

    s1 = signaal(af, hilversum, "2026-01-01")  # on van
    s2 = signaal(
        af,
        hilversum,
        "2026-01-15",
        status="in_onderzoek",
        bron="politie",
        vormen=("seksueel", "arbeid"),
        minderjarige_betrokken="ja",
    )
    s3 = signaal(
        af, hilversum, "2026-03-10", status="besloten", bron="politie", vormen=("crimineel",), sector="bouw"
    )
    s4 = signaal(
        af,
        huizen,
        "2026-03-31",
        status="afgesloten",
        bron="burger",
        vormen=("seksueel",),
        migratiecomponent=True,
    )
    s5 = signaal(af, huizen, "2026-06-30", status="lopend", bron="zorg", vormen=("onbekend",))  # on tot
    voor = signaal(af, hilversum, "2025-12-31")
    signaal(af, huizen, "2026-07-01")  # after tot
    elders = signaal(gebruikers["af_ander"], leeuwarden, "2026-02-01")

    verwijzing(
        af,
        s1,
        "zorgcoordinator",
        "2026-01-05",
        "opgepakt",
        ontvangen_op="2026-01-07",
        opgepakt_op="2026-01-10",
    )
    verwijzing(af, s2, "politie_tmm", "2026-02-01", "afgewezen", afgewezen_op="2026-02-11")
    verwijzing(af, s3, "zorgcoordinator", "2026-03-01", "opgepakt", opgepakt_op="2026-03-05")
    verwijzing(af, s4, "riec", "2026-06-01")  # waits, too long on 30 June
    verwijzing(af, s5, "zorgcoordinator", "2026-06-20")  # waits, not yet too long
    verwijzing(af, s4, "veilig_thuis", "2026-04-01", "ontvangen", ontvangen_op="2026-04-03")  # waits too long
    verwijzing(af, voor, "politie_tmm", "2026-01-02", "afgerond", afgerond_op="2026-01-09")
    # Picked up only in July: on 30 June it still waited, too long.
    verwijzing(af, s3, "zorgcoordinator", "2026-05-01", "opgepakt", opgepakt_op="2026-07-15")
    verwijzing(af, s1, "zorgcoordinator", "2025-12-20")  # before van; waits too long
    verwijzing(gebruikers["af_ander"], elders, "zorgcoordinator", "2026-02-01")

    traject(zc, gv, intake_start="2025-11-01", intake_eind="2026-01-10", hulpverlening_start="2025-12-01")
    traject(zc, gv, intake_start="2026-01-01")
    traject(zc, gv, intake_start="2026-02-01", hulpverlening_start="2026-02-05")
    traject(zc, gv, intake_start="2026-03-01", intake_eind="2026-03-20", afronding_start="2026-05-01")
    traject(zc, gv, intake_start="2026-02-01", intake_eind="2026-02-20")  # between phases
    traject(
        zc,
        gv,
        intake_start="2026-01-10",
        intake_eind="2026-06-30",
        afgesloten_op="2026-06-30",
        afsluitreden="vertrokken",
    )
    traject(
        zc,
        gv,
        intake_start="2025-10-01",
        intake_eind="2026-01-01",
        afgesloten_op="2026-01-01",
        afsluitreden="criteria",
    )
    traject(
        zc,
        gv,
        intake_start="2026-05-01",
        intake_eind="2026-08-01",
        afgesloten_op="2026-08-01",
        afsluitreden="wil_geen_hulp",
    )
    traject(zc, gv, intake_start="2026-07-05")  # after tot
    traject(gebruikers["zc_ander"], fr, intake_start="2026-02-01")
    traject(zc, gv, hulpverlening_start="2025-12-15", intake_start="2026-01-05")  # help before intake

    weesp = Gemeente.objects.create(cbs_code="GM0457", naam="Weesp", actief=False)
    gv.gemeenten.add(weesp)
    for gemeente, punt, status in [
        (hilversum, "actief_signaleren", "voldaan"),
        (hilversum, "af_aangesteld", "voldaan"),
        (hilversum, "beleid_vastgesteld", "deels"),
        (huizen, "af_aangesteld", "voldaan"),
        (huizen, "beleid_vastgesteld", "niet"),
        (huizen, "actief_signaleren", "onbekend"),
        (weesp, "af_aangesteld", "voldaan"),  # inactive: not counted
        (leeuwarden, "af_aangesteld", "voldaan"),
    ]:
        Basisniveau.objects.create(gemeente=gemeente, punt=punt, status=status)

    activiteit(kr, gv, "training", "2026-01-01", ["medewerkers_oov", "medewerkers_sociaal"], 20)
    activiteit(kr, gv, "voorlichting", "2026-03-15", ["jongeren"], 35)
    activiteit(kr, gv, "voorlichting", "2026-06-30", ["jongeren", "lvb"], None)
    activiteit(kr, gv, "campagne", "2026-07-01", ["publiek"], 500)  # after tot
    activiteit(gebruikers["kr_ander"], fr, "training", "2026-02-01", ["jongeren"], 12)
    return {"weesp": weesp}


@pytest.fixture
def dataset(gebruikers, plaatsen):
    return maak_dataset(gebruikers, plaatsen)


def aantallen(tellingen: list[Telling]) -> dict[str, int]:
    return {t.code: t.aantal for t in tellingen}


# --- The period -----------------------------------------------------------------------------


def test_periode_en_halfjaren():
    eerste = Periode.halfjaar(2026, 1)
    assert (eerste.van, eerste.tot) == (VAN, TOT)
    assert eerste.label == "eerste halfjaar 2026"
    assert eerste.kort_label == "1e halfjaar 2026"
    assert Periode.halfjaar_van(date(2026, 7, 1)) == Periode.halfjaar(2026, 2)
    assert eerste.vorige_halfjaar() == Periode.halfjaar(2025, 2)
    assert [p.kort_label for p in laatste_halfjaren(date(2026, 2, 10))] == [
        "1e halfjaar 2026",
        "2e halfjaar 2025",
        "1e halfjaar 2025",
        "2e halfjaar 2024",
    ]
    eigen = Periode(date(2026, 2, 3), date(2026, 5, 15))
    assert eigen.label == "3 februari 2026 tot en met 15 mei 2026"
    assert eigen.helft is None
    assert [m.month for m in eigen.maanden()] == [2, 3, 4, 5]
    assert Periode(date(2025, 12, 31), date(2026, 1, 1)).maanden() == [date(2025, 12, 1), date(2026, 1, 1)]
    assert eerste.peildatum(VANDAAG) == TOT
    assert eerste.peildatum(date(2026, 3, 1)) == date(2026, 3, 1)
    with pytest.raises(ValueError):
        Periode(TOT, VAN)


def test_mediaan():
    assert mediaan({}) is None
    assert mediaan({5: 1}) == 5
    assert mediaan({2: 2, 4: 1, 7: 1, 10: 1, 75: 1}) == 5.5
    assert mediaan({2: 2, 4: 1, 7: 1, 10: 1}) == 4
    assert mediaan({1: 3, 9: 1}) == 1


# --- Signals --------------------------------------------------------------------------------


def test_signalen_per_gemeente_vorm_bron_status_en_maand(dataset, plaatsen):
    gv = plaatsen["gv"]
    gv.kleine_aantallen_drempel = 0  # the exact numbers first; suppression below
    s = signalen_cijfers.signaalcijfers(gv, VAN, TOT)
    assert s.totaal == 5
    assert s.minderjarig == 1
    assert s.migratiecomponent == 1
    assert s.per_gemeente.gemeenten == ["Hilversum", "Huizen"]  # Weesp is inactive and has none
    # The figures as counted; ``regiocijfers`` protects them before anything prints them.
    assert s.per_gemeente.waarden == [[3], [2]]
    assert sum(map(sum, s.per_gemeente.waarden)) == 5
    assert aantallen(s.per_vorm) == {
        "seksueel": 2,
        "arbeid": 2,
        "crimineel": 1,
        "orgaanverwijdering": 0,
        "onbekend": 1,
    }
    bronnen = aantallen(s.per_bron)
    assert {k: v for k, v in bronnen.items() if v} == {"handhaving": 1, "politie": 2, "burger": 1, "zorg": 1}
    assert len(bronnen) == 16
    sectoren = aantallen(s.per_sector)
    assert {k: v for k, v in sectoren.items() if v} == {"horeca": 4, "bouw": 1}
    assert len(sectoren) == 11
    assert aantallen(s.per_status) == {
        "nieuw": 1,
        "in_onderzoek": 1,
        "gewogen": 0,
        "besloten": 1,
        "lopend": 1,
        "afgesloten": 1,
    }
    assert [(t.code, t.label, t.aantal) for t in s.per_maand] == [
        ("2026-01", "jan 2026", 2),
        ("2026-02", "feb 2026", 0),
        ("2026-03", "mrt 2026", 2),
        ("2026-04", "apr 2026", 0),
        ("2026-05", "mei 2026", 0),
        ("2026-06", "jun 2026", 1),
    ]


def test_periodegrenzen_tellen_mee(dataset, plaatsen):
    gv = plaatsen["gv"]
    assert signalen_cijfers.signaalcijfers(gv, date(2026, 1, 1), date(2026, 1, 1)).totaal == 1
    assert signalen_cijfers.signaalcijfers(gv, date(2026, 6, 30), date(2026, 6, 30)).totaal == 1
    assert signalen_cijfers.signaalcijfers(gv, date(2025, 12, 31), date(2026, 7, 1)).totaal == 7
    assert signalen_cijfers.signaalcijfers(gv, date(2026, 1, 2), date(2026, 6, 29)).totaal == 3


def test_andere_regio_telt_nooit_mee(dataset, plaatsen):
    fr = plaatsen["fr"]
    s = signalen_cijfers.signaalcijfers(fr, VAN, TOT)
    assert s.totaal == 1
    assert s.per_gemeente.gemeenten == ["Leeuwarden"]
    v = signalen_cijfers.verwijzingscijfers(fr, VAN, TOT, vandaag=VANDAAG)
    assert v.totaal.aantal == 1
    t = zorg_cijfers.trajectcijfers(fr, VAN, TOT, vandaag=VANDAAG)
    assert (t.geopend, t.open) == (1, 1)
    b = cijfers.basisniveaucijfers(fr, date(2026, 7, 1), date(2026, 12, 31), vandaag=VANDAAG)
    assert (b.aantal_gemeenten, b.voldaan) == (1, 1)
    a = cijfers.activiteitcijfers(fr, VAN, TOT)
    assert (a.aantal, a.deelnemers) == (1, 12)


def test_kleine_aantallen_per_gemeente_worden_onderdrukt(dataset, plaatsen):
    gv = plaatsen["gv"]
    assert gv.kleine_aantallen_drempel == 5
    tabel = kr_publicatie.regiocijfers(gv, VAN, TOT, vandaag=VANDAAG).signalen.per_gemeente
    assert [(naam, cellen[0].tekst, totaal) for naam, cellen, totaal in tabel.regels] == [
        ("Hilversum", "<5", None),
        ("Huizen", "<5", None),
    ]
    assert tabel.onderdrukt
    # The region's 5 is printed with its noise, or hidden ("x") when it would give a part away.
    assert waar(tabel.tabel.totaal) == 5 and past(tabel.tabel.totaal.tekst, "5")


# --- Referrals ------------------------------------------------------------------------------


def test_doorverwijzingen_per_bestemming_met_terugkoppeling_en_wachttijd(dataset, plaatsen, settings):
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = 14
    v = signalen_cijfers.verwijzingscijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    assert v.peildatum == TOT
    assert v.wachtdagen == 14
    rijen = {r.code: r for r in v.per_bestemming}
    assert list(rijen) == [
        "zorgcoordinator",
        "politie_basisteam",
        "politie_tmm",
        "ai_opsporing",
        "ai_toezicht",
        "veilig_thuis",
        "riec",
        "zvh",
    ]
    zc = rijen["zorgcoordinator"]
    assert (zc.aantal, zc.met_terugkoppeling, zc.mediaan_dagen, zc.wacht_te_lang) == (4, 3, 4, 1)
    assert {k: n for k, n in zc.per_terugkoppeling.items() if n} == {"opgepakt": 3, "verstuurd": 1}
    assert sum(zc.per_terugkoppeling[t] for t in WACHTEND) == 1
    tmm = rijen["politie_tmm"]
    assert (tmm.aantal, tmm.met_terugkoppeling, tmm.mediaan_dagen, tmm.wacht_te_lang) == (2, 2, 8.5, 0)
    assert {k: n for k, n in tmm.per_terugkoppeling.items() if n} == {"afgewezen": 1, "afgerond": 1}
    riec = rijen["riec"]
    assert (riec.aantal, riec.met_terugkoppeling, riec.mediaan_dagen, riec.wacht_te_lang) == (1, 0, None, 1)
    vt = rijen["veilig_thuis"]
    assert (vt.aantal, vt.met_terugkoppeling, vt.mediaan_dagen, vt.wacht_te_lang) == (1, 1, 2, 1)
    assert sum(vt.per_terugkoppeling[t] for t in WACHTEND) == 1
    assert all(
        r.aantal == 0 for code, r in rijen.items() if code in {"politie_basisteam", "ai_opsporing", "zvh"}
    )
    totaal = v.totaal
    assert (totaal.aantal, totaal.met_terugkoppeling, totaal.mediaan_dagen) == (8, 6, 5.5)
    assert (totaal.wacht_te_lang, sum(totaal.per_terugkoppeling[t] for t in WACHTEND)) == (3, 3)
    assert totaal.per_terugkoppeling == {
        "verstuurd": 2,
        "ontvangen": 1,
        "opgepakt": 3,
        "afgewezen": 1,
        "afgerond": 1,
    }
    # Of any date: also the one of December 2025.
    assert v.wacht_te_lang_alle == 4


def test_wachttijd_hangt_af_van_de_instelling_en_de_peildatum(dataset, plaatsen, settings):
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = 60
    v = signalen_cijfers.verwijzingscijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    # 60 days before 30 June is 1 May: the referrals of 1 May and 1 June are not too late yet.
    assert v.totaal.wacht_te_lang == 1  # Veilig Thuis, 1 April
    # In the running period the reference date is today: the July pick-up has not happened.
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = 14
    v = signalen_cijfers.verwijzingscijfers(
        plaatsen["gv"], VAN, date(2026, 12, 31), vandaag=date(2026, 7, 10)
    )
    assert v.peildatum == date(2026, 7, 10)
    assert {r.code: r.wacht_te_lang for r in v.per_bestemming if r.wacht_te_lang} == {
        # 1 May, picked up on 15 July: still waiting on 10 July; and 20 June (limit 26 June).
        "zorgcoordinator": 2,
        "riec": 1,
        "veilig_thuis": 1,
    }


# --- Trajectories ---------------------------------------------------------------------------


def test_trajecten_per_fase_en_afsluitreden(dataset, plaatsen):
    t = zorg_cijfers.trajectcijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    assert t.peildatum == TOT
    assert (t.geopend, t.afgesloten, t.open) == (6, 2, 7)
    assert aantallen(t.per_fase) == {"intake": 4, "hulpverlening": 3, "afronding": 1, "zonder_fase": 1}
    redenen = aantallen(t.per_afsluitreden)
    assert {k: v for k, v in redenen.items() if v} == {"vertrokken": 1, "criteria": 1}
    assert set(redenen) == set(Traject.Afsluitreden.values)


def test_trajecten_in_de_lopende_periode_tellen_tot_vandaag(dataset, plaatsen):
    t = zorg_cijfers.trajectcijfers(plaatsen["gv"], date(2026, 7, 1), date(2026, 12, 31), vandaag=VANDAAG)
    assert t.peildatum == VANDAAG
    assert (t.geopend, t.afgesloten) == (1, 1)  # opened on 5 July; closed on 1 August
    assert t.open == 7
    assert aantallen(t.per_afsluitreden)["wil_geen_hulp"] == 1


# --- Basisniveau ----------------------------------------------------------------------------


def test_basisniveau_dekking(dataset, plaatsen):
    b = cijfers.basisniveaucijfers(plaatsen["gv"], date(2026, 7, 1), date(2026, 12, 31), vandaag=VANDAAG)
    assert b.aantal_gemeenten == 2  # Hilversum and Huizen; Weesp is inactive
    rijen = {r.code: r for r in b.rijen}
    assert len(rijen) == 8
    assert rijen["actief_signaleren"].per_status == {"voldaan": 1, "deels": 0, "niet": 0, "onbekend": 1}
    assert rijen["af_aangesteld"].per_status == {"voldaan": 2, "deels": 0, "niet": 0, "onbekend": 0}
    assert rijen["af_aangesteld"].percentage == 100
    assert rijen["beleid_vastgesteld"].per_status == {"voldaan": 0, "deels": 1, "niet": 1, "onbekend": 0}
    assert rijen["jaarlijkse_training"].per_status == {"voldaan": 0, "deels": 0, "niet": 0, "onbekend": 2}
    assert (b.voldaan, b.onderdelen, b.percentage) == (3, 16, 18.75)


def test_basisniveau_van_een_afgelopen_periode_komt_uit_de_historie(gebruikers, plaatsen):
    hilversum, huizen = plaatsen["hilversum"], plaatsen["huizen"]
    historie = Basisniveau.history.model

    def op(dag: str) -> datetime:
        return timezone.make_aware(datetime.fromisoformat(dag + "T12:00"))

    rij = Basisniveau.objects.create(gemeente=hilversum, punt="af_aangesteld", status="niet")
    historie.objects.filter(id=rij.id).update(history_date=op("2026-03-01"))
    rij.status = "voldaan"
    rij.save()
    historie.objects.filter(id=rij.id, status="voldaan").update(history_date=op("2026-08-01"))
    weg = Basisniveau.objects.create(gemeente=huizen, punt="af_aangesteld", status="voldaan")
    historie.objects.filter(id=weg.id).update(history_date=op("2026-02-01"))
    weg_id = weg.id
    weg.delete()
    historie.objects.filter(id=weg_id, history_type="-").update(history_date=op("2026-06-30"))
    laat = Basisniveau.objects.create(gemeente=huizen, punt="beleid_vastgesteld", status="voldaan")
    historie.objects.filter(id=laat.id).update(history_date=op("2026-07-01"))

    afgelopen = cijfers.basisniveaucijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    rijen = {r.code: r.per_status for r in afgelopen.rijen}
    # On 30 June: Hilversum "niet", Huizen's record deleted that day, the policy not yet recorded.
    assert rijen["af_aangesteld"] == {"voldaan": 0, "deels": 0, "niet": 1, "onbekend": 1}
    assert rijen["beleid_vastgesteld"]["voldaan"] == 0
    # Today: the records themselves.
    nu = cijfers.basisniveaucijfers(plaatsen["gv"], date(2026, 7, 1), date(2026, 12, 31), vandaag=VANDAAG)
    rijen = {r.code: r.per_status for r in nu.rijen}
    assert rijen["af_aangesteld"] == {"voldaan": 1, "deels": 0, "niet": 0, "onbekend": 1}
    assert rijen["beleid_vastgesteld"]["voldaan"] == 1


# --- Activities -----------------------------------------------------------------------------


def test_activiteiten_per_soort_en_doelgroep(dataset, plaatsen):
    a = cijfers.activiteitcijfers(plaatsen["gv"], VAN, TOT)
    assert (a.aantal, a.deelnemers, a.zonder_deelnemersaantal) == (3, 55, 1)
    assert {t.code: (t.aantal, t.deelnemers) for t in a.per_soort} == {
        "training": (1, 20),
        "voorlichting": (2, 35),
        "campagne": (0, 0),
        "bijeenkomst": (0, 0),
    }
    doelgroepen = {t.code: (t.aantal, t.deelnemers) for t in a.per_doelgroep}
    assert len(doelgroepen) == 11
    assert {k: v for k, v in doelgroepen.items() if v != (0, 0)} == {
        "medewerkers_oov": (1, 20),
        "medewerkers_sociaal": (1, 20),
        "jongeren": (2, 35),
        "lvb": (1, 0),
    }


# --- Key figures and query counts -----------------------------------------------------------


def test_kerncijfers_per_regio(dataset, plaatsen, settings):
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = 14
    gv, fr = plaatsen["gv"], plaatsen["fr"]
    rijen = kr_publicatie.kerncijfers([gv, fr], VAN, TOT, vandaag=VANDAAG)
    assert [r.regio for r in rijen] == [gv, fr]
    eigen, ander = rijen
    # Waiting today (1 September, limit 18 August): 1 June, 20 June, 1 April, 20 December.
    assert waar((eigen.signalen, eigen.wacht_te_lang, eigen.open_trajecten)) == (5, 4, 7)
    assert (eigen.basisniveau_voldaan, eigen.basisniveau_onderdelen, eigen.basisniveau_percentage) == (
        3,
        16,
        18.75,
    )
    assert waar((ander.signalen, ander.wacht_te_lang, ander.open_trajecten)) == (1, 1, 1)
    assert (ander.basisniveau_voldaan, ander.basisniveau_onderdelen) == (1, 8)
    assert kr_publicatie.kerncijfers([], VAN, TOT) == []


def vermenigvuldig(gebruikers, plaatsen, keer: int) -> None:
    """More of everything, in every gemeente, to show the query count does not grow."""
    af, zc, kr = gebruikers["af"], gebruikers["zc"], gebruikers["kr"]
    gv = plaatsen["gv"]
    for i in range(keer):
        dag = (VAN + timedelta(days=i * 7 % 180)).isoformat()
        for gemeente in (plaatsen["hilversum"], plaatsen["huizen"]):
            s = signaal(af, gemeente, dag, bron="politie", vormen=("seksueel", "arbeid"))
            verwijzing(af, s, "politie_basisteam", dag, "ontvangen", ontvangen_op=dag)
        traject(zc, gv, intake_start=dag)
        activiteit(kr, gv, "bijeenkomst", dag, ["professionals"], 10)
    Basisniveau.objects.get_or_create(gemeente=plaatsen["huizen"], punt="jaarlijkse_training")


@pytest.mark.parametrize("keer", [1, 15])
def test_aantal_queries_hangt_niet_af_van_de_hoeveelheid(
    gebruikers, plaatsen, django_assert_num_queries, keer, dataset
):
    vermenigvuldig(gebruikers, plaatsen, keer)
    gv = plaatsen["gv"]
    # The regio's publication (made: 22 of them to count, signals 4, decisions 2, referrals 3,
    # stacking 1, aanmeldingen 2, trajectories 1, pillars 3, activities 1 and 2 by gemeente,
    # meetings 1, gemeenten 1) and the basisniveau (2).
    with django_assert_num_queries(PUBLICATIE_MAKEN + 2):
        alles = kr_publicatie.dashboardcijfers(gv, VAN, TOT, vandaag=VANDAAG)
    assert waar(alles.signalen.totaal) == 5 + 2 * keer
    assert waar(alles.activiteiten.deelnemers) == 55 + 10 * keer
    # Kept for the month: read back, not counted again.
    with django_assert_num_queries(PUBLICATIE_LEZEN + 2):
        kr_publicatie.dashboardcijfers(gv, VAN, TOT, vandaag=VANDAAG)
    # Another month makes it again; the past period reads the basisniveau from the history:
    # still 2 queries.
    with django_assert_num_queries(PUBLICATIE_MAKEN + 2):
        kr_publicatie.dashboardcijfers(gv, VAN, TOT, vandaag=date(2027, 1, 1))
    # Gemeenten and basisniveau for both (2), and each regio's publication.
    nieuwe_maand()
    with django_assert_num_queries(2 + 2 * PUBLICATIE_MAKEN):
        kr_publicatie.kerncijfers([gv, plaatsen["fr"]], VAN, TOT, vandaag=VANDAAG)


# --- Decisions, stacking, aanmeldingen and the pillars: a second crafted dataset -------------
#
# Times are Dutch time: a decision at 00:30 on 1 January 2026 was taken on 31 December in
# UTC and counts in January; one at 00:30 on 1 July was taken on 30 June in UTC and does not.


def moment(tekst: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(tekst))


def besloten(sig: Signaal, op: str, status: str, afsluitreden: str = "") -> Signaal:
    Signaal.objects.filter(pk=sig.pk).update(besloten_op=moment(op), status=status, afsluitreden=afsluitreden)
    return sig


def koppeling(een: Signaal, ander: Signaal, sterkte: str, beoordeling: str, gevonden: str) -> Koppeling:
    a, b = sorted([een, ander], key=lambda s: s.pk)
    return Koppeling.objects.create(
        signaal_a=a, signaal_b=b, sterkte=sterkte, beoordeling=beoordeling, gevonden_op=moment(gevonden)
    )


def aanmelding(zc, regio, datum: str, bron: str, status="open", beantwoord: str | None = None, **extra):
    return Aanmelding.objects.create(
        regio=regio,
        datum=d(datum),
        bron=bron,
        status=status,
        beantwoord_op=moment(beantwoord + "T12:00") if beantwoord else None,
        ingevoerd_door=zc,
        **extra,
    )


def toestemming(t: Traject, antwoord: str, op: str | None) -> None:
    Client.objects.filter(pk=t.client_id).update(
        comensha_toestemming=antwoord, comensha_toestemming_op=d(op) if op else None
    )


def maak_tweede_dataset(gebruikers, plaatsen) -> dict[str, Any]:
    """Decisions, stacking hits, aanmeldingen and trajectories with their pillars."""
    af, af_ander, zc, zc_ander = (
        gebruikers["af"],
        gebruikers["af_ander"],
        gebruikers["zc"],
        gebruikers["zc_ander"],
    )
    hilversum, huizen, leeuwarden = plaatsen["hilversum"], plaatsen["huizen"], plaatsen["leeuwarden"]
    gv, fr = plaatsen["gv"], plaatsen["fr"]

    # Decisions; days from registration to decision in the comments.
    b1 = besloten(signaal(af, hilversum, "2026-01-01"), "2026-01-01T00:30", "afgesloten", "te_weinig")  # 0
    b2 = besloten(signaal(af, huizen, "2026-01-10"), "2026-02-09T10:00", "besloten")  # 30
    b3 = besloten(signaal(af, hilversum, "2026-02-01"), "2026-02-11T10:00", "lopend")  # 10
    b4 = besloten(signaal(af, hilversum, "2026-03-01"), "2026-03-05T10:00", "lopend")  # 4
    b5 = besloten(signaal(af, huizen, "2026-03-01"), "2026-03-21T10:00", "besloten")  # 20
    b6 = besloten(signaal(af, hilversum, "2026-04-01"), "2026-04-03T10:00", "in_onderzoek")  # 2
    b7 = besloten(
        signaal(af, huizen, "2026-05-01"), "2026-06-30T23:30", "afgesloten", "geen_mensenhandel"
    )  # 60
    besloten(signaal(af, hilversum, "2026-06-01"), "2026-07-01T00:30", "besloten")  # after tot
    besloten(signaal(af, hilversum, "2025-12-01"), "2025-12-31T23:30", "besloten")  # before van
    b10 = besloten(signaal(af_ander, leeuwarden, "2026-02-01"), "2026-03-01T10:00", "besloten")  # Fryslân
    b11 = besloten(signaal(af, hilversum, "2026-05-01"), "2026-05-05T10:00", "afgesloten")  # 4, no reason
    b12 = signaal(af_ander, leeuwarden, "2026-02-10")

    zc_b2 = verwijzing(af, b2, "zorgcoordinator", "2026-02-09")  # unanswered aanmelding
    Doorverwijzing.objects.filter(pk=zc_b2.pk).update(regio=gv)
    verwijzing(af, b2, "politie_tmm", "2026-02-09")
    verwijzing(af, b3, "riec", "2026-02-11")
    verwijzing(af, b5, "veilig_thuis", "2026-03-02")  # not on the day of the decision: help organised

    koppeling(b1, b2, "sterk", "voorgesteld", "2026-01-01T00:30")
    koppeling(b3, b4, "sterk", "bevestigd", "2026-03-01T10:00")
    koppeling(b5, b10, "mogelijk", "afgewezen", "2026-04-01T10:00")  # with Fryslân
    koppeling(b6, b7, "mogelijk", "voorgesteld", "2026-07-01T00:30")  # after tot
    koppeling(b10, b12, "sterk", "voorgesteld", "2026-03-01T10:00")  # only Fryslân
    koppeling(b7, b11, "mogelijk", "bevestigd", "2026-06-30T23:30")

    aanmelding(zc, gv, "2026-01-01", "politie")
    aanmelding(zc, gv, "2026-02-01", "veilig_thuis", "geaccepteerd", "2026-02-03")
    aanmelding(zc, gv, "2026-03-01", "zelfmelder", "afgewezen", "2026-03-02")
    aanmelding(zc, gv, "2026-06-30", "politie", "geaccepteerd", "2026-07-02")  # answered after tot
    aanmelding(zc, gv, "2026-07-01", "politie")  # after tot
    aanmelding(zc, gv, "2025-12-31", "politie")  # before van
    aanmelding(zc_ander, fr, "2026-03-01", "politie")  # Fryslân
    beantwoord = verwijzing(af, b6, "zorgcoordinator", "2026-04-01", "opgepakt", opgepakt_op="2026-04-02")
    Doorverwijzing.objects.filter(pk=beantwoord.pk).update(regio=gv)
    aanmelding(zc, gv, "2026-04-01", "signaal", "geaccepteerd", "2026-04-02", doorverwijzing=beantwoord)
    laat = verwijzing(af, b4, "zorgcoordinator", "2026-07-01")  # after tot
    Doorverwijzing.objects.filter(pk=laat.pk).update(regio=gv)
    fries = verwijzing(af_ander, b10, "zorgcoordinator", "2026-05-01")
    Doorverwijzing.objects.filter(pk=fries.pk).update(regio=fr)

    # Trajectories: duration from start to closing in the comments.
    traject(zc, gv, intake_start="2025-12-01", afgesloten_op="2026-01-01", afsluitreden="criteria")  # 31
    t2 = traject(
        zc, gv, intake_start="2026-01-10", afgesloten_op="2026-03-01", afsluitreden="vertrokken"
    )  # 50
    t3 = traject(
        zc,
        gv,
        intake_start="2026-02-01",
        hulpverlening_start="2026-01-20",
        afgesloten_op="2026-06-30",
        afsluitreden="criteria",
    )  # 161
    t4 = traject(zc, gv, intake_start="2026-03-01", afgesloten_op="2026-07-01", afsluitreden="criteria")
    t5 = traject(
        zc,
        gv,
        intake_start="2026-06-01",
        verblijf="bedenktijd",
        bedenktijd_start="2026-06-30",
        opvang="cosm",
        opvang_start="2026-06-30",
    )
    t6 = traject(
        zc,
        gv,
        intake_start="2025-10-01",
        verblijf="verleend",
        verblijf_datum="2026-01-01",
        strafrecht="aangifte",
        aangifte_op="2026-01-01",
        opvang="vrouwenopvang",
        opvang_start="2025-06-01",
        opvang_eind="2025-12-31",  # before the period
    )
    t7 = traject(
        zc,
        gv,
        intake_start="2026-03-01",
        verblijf="aangevraagd",
        verblijf_datum="2026-07-01",
        bedenktijd_start="2025-12-31",
        aangifte_op="2025-12-31",
        opvang="omm",
        opvang_start="2026-07-01",
    )
    traject(zc, gv, intake_start="2025-01-01", opvang="maatschappelijk", opvang_start="2025-01-01")
    traject(
        zc, gv, intake_start="2025-06-01", afgesloten_op="2025-12-31", afsluitreden="criteria", opvang="cosm"
    )
    t10 = traject(
        zc_ander,
        fr,
        intake_start="2026-02-01",
        afgesloten_op="2026-03-01",
        bedenktijd_start="2026-02-01",
        verblijf="verleend",
        verblijf_datum="2026-02-01",
        aangifte_op="2026-02-01",
        opvang="cosm",
    )
    t11 = traject(
        zc,
        gv,
        client=t4.client,  # the same client as t4: counts once
        intake_start="2026-04-01",
        verblijf="geweigerd",
        verblijf_datum="2026-06-30",
        aangifte_op="2026-06-30",
        opvang="eigen_woning",
        opvang_start="2026-04-01",
        opvang_eind="2026-05-01",
    )
    toestemming(t2, "gegeven", "2026-02-01")
    toestemming(t3, "geweigerd", "2026-06-30")
    toestemming(t5, "gegeven", "2026-07-01")  # after tot
    toestemming(t6, "gegeven", "2026-01-01")
    toestemming(t10, "gegeven", "2026-02-01")  # Fryslân
    return {"t7": t7, "t11": t11}


@pytest.fixture
def tweede_dataset(gebruikers, plaatsen):
    return maak_tweede_dataset(gebruikers, plaatsen)


def test_besluiten_en_wat_er_besloten_is(tweede_dataset, plaatsen):
    b = signalen_cijfers.besluitcijfers(plaatsen["gv"], VAN, TOT)
    assert b.totaal == 8
    assert aantallen(b.per_uitkomst) == {
        "afgesloten": 3,
        "doorverwezen": 2,
        "lopend": 1,
        "zelf_hulp": 1,
        "heropend": 1,
    }
    assert sum(t.aantal for t in b.per_uitkomst) == b.totaal
    assert (b.gemonitord, b.met_doorverwijzing) == (2, 2)
    bestemmingen = aantallen(b.per_bestemming)
    assert {k: v for k, v in bestemmingen.items() if v} == {"zorgcoordinator": 1, "politie_tmm": 1, "riec": 1}
    assert len(bestemmingen) == 8
    assert aantallen(b.per_afsluitreden) == {"geen_mensenhandel": 1, "te_weinig": 1, "": 1}
    # 0, 2, 4, 4, 10, 20, 30, 60 days.
    assert b.mediaan_dagen == 7


def test_besluiten_periodegrenzen_in_nederlandse_tijd(tweede_dataset, plaatsen):
    gv = plaatsen["gv"]
    assert signalen_cijfers.besluitcijfers(gv, date(2026, 1, 1), date(2026, 1, 1)).totaal == 1
    assert signalen_cijfers.besluitcijfers(gv, date(2025, 12, 31), date(2025, 12, 31)).totaal == 1
    assert signalen_cijfers.besluitcijfers(gv, date(2026, 6, 30), date(2026, 6, 30)).totaal == 1
    assert signalen_cijfers.besluitcijfers(gv, date(2026, 7, 1), date(2026, 7, 1)).totaal == 1
    assert signalen_cijfers.besluitcijfers(plaatsen["fr"], VAN, TOT).totaal == 1
    leeg = signalen_cijfers.besluitcijfers(gv, date(2024, 1, 1), date(2024, 6, 30))
    assert (leeg.totaal, leeg.mediaan_dagen, leeg.per_afsluitreden[-1].code) == (0, None, "te_weinig")


def test_stapelingstreffers_per_sterkte_en_beoordeling(tweede_dataset, plaatsen):
    s = signalen_cijfers.stapelcijfers(plaatsen["gv"], VAN, TOT)
    assert s.totaal == 4
    assert [(r.code, r.aantal, aantallen(r.per_beoordeling)) for r in s.per_sterkte] == [
        ("sterk", 2, {"voorgesteld": 1, "bevestigd": 1, "afgewezen": 0}),
        ("mogelijk", 2, {"voorgesteld": 0, "bevestigd": 1, "afgewezen": 1}),
    ]
    assert aantallen(s.per_beoordeling) == {"voorgesteld": 1, "bevestigd": 2, "afgewezen": 1}
    assert s.bevestigd == 2
    assert (s.tussen_gemeenten, s.met_andere_regio) == (3, 1)
    fries = signalen_cijfers.stapelcijfers(plaatsen["fr"], VAN, TOT)
    assert (fries.totaal, fries.met_andere_regio, fries.tussen_gemeenten) == (2, 1, 1)


def test_aanmeldingen_direct_en_uit_signalen(tweede_dataset, plaatsen):
    a = zorg_cijfers.aanmeldingcijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    assert a.peildatum == TOT
    assert a.totaal == 6
    bronnen = aantallen(a.per_bron)
    assert {k: v for k, v in bronnen.items() if v} == {
        "politie": 2,
        "veilig_thuis": 1,
        "zelfmelder": 1,
        "signaal": 2,  # one answered (an Aanmelding), one not yet (still a referral)
    }
    assert len(bronnen) == 7
    # On 30 June: the one of 30 June was answered only on 2 July.
    assert aantallen(a.per_uitkomst) == {"geaccepteerd": 2, "afgewezen": 1, "onbeantwoord": 3}
    # Today everything answered counts as answered.
    nu = zorg_cijfers.aanmeldingcijfers(plaatsen["gv"], VAN, TOT, vandaag=date(2026, 6, 1))
    assert aantallen(nu.per_uitkomst) == {"geaccepteerd": 2, "afgewezen": 1, "onbeantwoord": 3}
    later = zorg_cijfers.aanmeldingcijfers(plaatsen["gv"], VAN, date(2026, 7, 31), vandaag=VANDAAG)
    assert later.totaal == 8
    assert aantallen(later.per_uitkomst) == {"geaccepteerd": 3, "afgewezen": 1, "onbeantwoord": 4}
    assert zorg_cijfers.aanmeldingcijfers(plaatsen["fr"], VAN, TOT, vandaag=VANDAAG).totaal == 2


def test_zorgcoordinatie_duur_pijlers_en_toestemming(tweede_dataset, plaatsen):
    z = zorg_cijfers.zorgcijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    assert z.peildatum == TOT
    assert (z.afgesloten, z.mediaan_duur_dagen) == (3, 50)  # 31, 50 and 161 days
    assert z.bedenktijd_gestart == 1
    assert aantallen(z.verblijf) == {"aangevraagd": 0, "verleend": 1, "geweigerd": 1, "asiel": 0}
    assert z.aangiften == 2
    assert z.in_opvang == 3
    assert aantallen(z.opvang) == {
        "cosm": 1,
        "omm": 0,
        "vrouwenopvang": 0,
        "maatschappelijk": 1,
        "jeugdhulp": 0,
        "eigen_woning": 1,
    }
    assert (z.comensha_gevraagd, z.comensha_gegeven, z.comensha_geweigerd) == (3, 2, 1)
    assert round(z.comensha_percentage, 2) == 66.67
    # Started in the period and never asked: t7, and t4 and t11 with one client.
    assert z.comensha_niet_gevraagd == 2

    fries = zorg_cijfers.zorgcijfers(plaatsen["fr"], VAN, TOT, vandaag=VANDAAG)
    assert (fries.afgesloten, fries.bedenktijd_gestart, fries.aangiften, fries.in_opvang) == (1, 1, 1, 1)
    assert (fries.comensha_gegeven, fries.mediaan_duur_dagen) == (1, 28)
    leeg = zorg_cijfers.zorgcijfers(plaatsen["gv"], date(2024, 1, 1), date(2024, 6, 30), vandaag=VANDAAG)
    assert (leeg.mediaan_duur_dagen, leeg.comensha_percentage, leeg.comensha_gevraagd) == (None, None, 0)


def test_doorverwijzingen_die_op_de_peildatum_nog_wachten(dataset, plaatsen):
    v = signalen_cijfers.verwijzingscijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    rijen = {r.code: r.wacht_op_peildatum for r in v.per_bestemming if r.wacht_op_peildatum}
    # On 30 June: riec (1 June), Veilig Thuis (only received), the zorgcoördinator's of
    # 20 June and of 1 May (picked up on 15 July).
    assert rijen == {"riec": 1, "veilig_thuis": 1, "zorgcoordinator": 2}
    assert v.totaal.wacht_op_peildatum == 4
    assert v.wacht_alle == 5  # and the one of 20 December 2025
    lopend = signalen_cijfers.verwijzingscijfers(plaatsen["gv"], VAN, TOT, vandaag=date(2026, 6, 10))
    # On 10 June the referral of 20 June did not exist yet.
    assert (lopend.totaal.wacht_op_peildatum, lopend.wacht_alle) == (3, 4)


def test_minderjarigen_ja_nee_onbekend(dataset, plaatsen):
    s = signalen_cijfers.signaalcijfers(plaatsen["gv"], VAN, TOT)
    assert aantallen(s.per_minderjarig) == {"ja": 1, "nee": 0, "onbekend": 4}
    assert [t.label for t in s.per_minderjarig] == ["Ja", "Nee", "Onbekend"]


def test_periodecijfers_gelijk_aan_de_uitgebreide_cijfers(dataset, tweede_dataset, plaatsen):
    """The summary's and trend's key figures of each period are those of the detailed
    functions. With the threshold at 0 the publication prints every count as counted, so the
    printed figures can be held against the detailed ones."""
    gv = plaatsen["gv"]
    gv.kleine_aantallen_drempel = 0
    gv.save()
    periodes = [
        Periode(VAN, TOT),
        Periode.halfjaar(2025, 2),
        Periode(date(2026, 2, 3), date(2026, 5, 15)),  # overlaps the first: counted on its own
        Periode.halfjaar(2026, 2),
    ]
    rijen = [
        dataclasses.replace(r, **{k: gedrukt(v) for k, v in vars(r).items() if isinstance(v, Cel)})
        for r in kr_publicatie.beschermde_periodecijfers(gv, periodes, vandaag=VANDAAG)
    ]
    assert [r.periode for r in rijen] == periodes
    for rij in rijen:
        p = rij.periode
        s = signalen_cijfers.signaalcijfers(gv, p.van, p.tot)
        b = signalen_cijfers.besluitcijfers(gv, p.van, p.tot)
        v = signalen_cijfers.verwijzingscijfers(gv, p.van, p.tot, vandaag=VANDAAG)
        t = zorg_cijfers.trajectcijfers(gv, p.van, p.tot, vandaag=VANDAAG)
        assert rij.peildatum == t.peildatum
        assert (rij.signalen, rij.minderjarig) == (s.totaal, s.minderjarig)
        assert (rij.besluiten, rij.mediaan_dagen_tot_besluit) == (b.totaal, b.mediaan_dagen)
        assert (rij.doorverwijzingen, rij.wacht_op_peildatum) == (
            v.totaal.aantal,
            v.totaal.wacht_op_peildatum,
        )
        assert rij.stapelingen == signalen_cijfers.stapelcijfers(gv, p.van, p.tot).totaal
        assert rij.aanmeldingen == zorg_cijfers.aanmeldingcijfers(gv, p.van, p.tot, vandaag=VANDAAG).totaal
        assert (rij.trajecten_gestart, rij.trajecten_afgesloten, rij.trajecten_open) == (
            t.geopend,
            t.afgesloten,
            t.open,
        )
        assert rij.activiteiten == cijfers.activiteitcijfers(gv, p.van, p.tot).aantal
    eerste = rijen[0]
    # Both datasets together in the first half of 2026: 5 + 9 signals, 8 + 5 referrals.
    assert (eerste.signalen, eerste.minderjarig, eerste.besluiten, eerste.mediaan_dagen_tot_besluit) == (
        14,
        1,
        8,
        7,
    )
    assert (eerste.doorverwijzingen, eerste.stapelingen, eerste.aanmeldingen) == (13, 4, 6)
    assert (eerste.activiteiten, eerste.overleggen) == (3, 0)
    assert kr_publicatie.beschermde_periodecijfers(gv, [], vandaag=VANDAAG) == []


def test_nieuwe_cijfers_kosten_een_vast_aantal_queries(
    gebruikers, plaatsen, tweede_dataset, django_assert_num_queries
):
    gv = plaatsen["gv"]

    def tellen() -> None:
        with django_assert_num_queries(2):
            signalen_cijfers.besluitcijfers(gv, VAN, TOT)
        with django_assert_num_queries(1):
            signalen_cijfers.stapelcijfers(gv, VAN, TOT)
        with django_assert_num_queries(2):
            zorg_cijfers.aanmeldingcijfers(gv, VAN, TOT, vandaag=VANDAAG)
        with django_assert_num_queries(2):
            zorg_cijfers.zorgcijfers(gv, VAN, TOT, vandaag=VANDAAG)
        nieuwe_maand()
        with django_assert_num_queries(4 * PUBLICATIE_MAKEN):  # each half-year's whole publication
            kr_publicatie.beschermde_periodecijfers(gv, laatste_halfjaren(TOT), vandaag=VANDAAG)

    tellen()
    maak_tweede_dataset(gebruikers, plaatsen)
    maak_tweede_dataset(gebruikers, plaatsen)
    assert signalen_cijfers.besluitcijfers(gv, VAN, TOT).totaal == 24
    tellen()


# --- Each app owns its figures -------------------------------------------------------------------

VERBODEN_IMPORTS = {
    # module (file under the project root): the apps it must not import
    "mensenhandel/cijfers.py": ("signalen", "zorgcoordinatie", "ketenregie", "rapportage"),
    "signalen/cijfers": ("zorgcoordinatie", "ketenregie", "rapportage"),
    "zorgcoordinatie/cijfers.py": ("ketenregie", "rapportage"),
    "ketenregie/selectors/cijfers.py": ("rapportage",),
}


def _geimporteerd(pad: Path) -> set[str]:
    boom = ast.parse(pad.read_text(encoding="utf-8"))
    namen = {a.name for knoop in ast.walk(boom) if isinstance(knoop, ast.Import) for a in knoop.names}
    namen |= {k.module for k in ast.walk(boom) if isinstance(k, ast.ImportFrom) and k.module}
    return namen


@pytest.mark.parametrize("plek", VERBODEN_IMPORTS)
def test_de_cijfers_van_een_app_lezen_geen_hogere_app(plek):
    """Dependencies point one way: signalen's figures know nothing of zorgcoördinatie or ketenregie."""
    wortel = Path(__file__).resolve().parents[2]
    pad = wortel / plek
    bestanden = sorted(pad.glob("*.py")) if pad.is_dir() else [pad]
    assert bestanden
    for bestand in bestanden:
        for naam in _geimporteerd(bestand):
            assert naam.split(".")[0] not in VERBODEN_IMPORTS[plek], f"{bestand.name} importeert {naam}"


def test_maandnamen_en_perioden_uit_de_kern():
    """Month labels come from Django's Dutch date formats, through the kernel's period."""
    s = Periode.halfjaar(2026, 2)
    assert [maand_kort(m) for m in s.maanden()] == [
        "jul 2026",
        "aug 2026",
        "sep 2026",
        "okt 2026",
        "nov 2026",
        "dec 2026",
    ]
    assert not hasattr(cijfers, "MAANDEN") and not hasattr(cijfers, "MAANDEN_KORT")
