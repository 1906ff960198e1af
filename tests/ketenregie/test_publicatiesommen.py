"""The sums a reader knows, declared on the figures (issue 13): each one holds on the true counts.

The audit of the protection (``mensenhandel.bescherming``) knows only the declared sums. A sum
that a reader knows but that is not declared weakens it; a declared sum that does not hold
makes its integer program infeasible. So: every newly declared sum on a crafted dataset with
its edge cases (no or an unknown reason, no shelter, records outside the period and the regio,
several target groups and gemeenten), and every declared sum of the whole publication on random
data (hypothesis), walked generically from ``publicatie(...).relaties``.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketenregie.models import Activiteitsoort, Doelgroep
from ketenregie.selectors import publicatie as kr_publicatie
from mensenhandel.bescherming import GELIJK, HOOGSTENS, Aantal, Publicatie, Relatie, publicatie, som_van
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from signalen.models import Bestemming, Bron, Doorverwijzing, JaNeeOnbekend, Koppeling, Sector, Status
from tests.ketenregie.test_cijfers import (
    aanmelding,
    activiteit,
    besloten,
    koppeling,
    signaal,
    toestemming,
    traject,
    verwijzing,
)
from zorgcoordinatie.models import Aanmelding, Client, Traject

pytestmark = pytest.mark.django_db

VAN, TOT, VANDAAG = date(2026, 1, 1), date(2026, 6, 30), date(2026, 9, 1)


def sommen_die_niet_kloppen(pub: Publicatie) -> list[Relatie]:
    """The declared sums of ``pub`` that do not hold on its true counts."""
    fout = []
    for r in pub.relaties:
        som, totaal = sum(pub.waarden[d] for d in r.delen), pub.waarden[r.totaal]
        klopt = (
            som == totaal if r.soort == GELIJK else som <= totaal if r.soort == HOOGSTENS else som >= totaal
        )
        if not klopt:
            fout.append(r)
    return fout


def ruwe_publicatie(regio: Regio, van: date = VAN, tot: date = TOT) -> Publicatie:
    ruw = kr_publicatie.ongeschoonde_regiocijfers(regio, van, tot, vandaag=VANDAAG)
    return publicatie(ruw, 5, kr_publicatie.publicatiecontext(regio, ruw.periode))


def som(pub: Publicatie, totaal: tuple, voor: tuple) -> dict[object, int]:
    """The declared sum of ``totaal`` over the cells under ``voor``: {item: count}, after
    checking that it holds."""
    relaties = [
        r for r in pub.relaties if r.totaal == totaal and all(d[: len(voor)] == voor for d in r.delen)
    ]
    assert len(relaties) == 1, (totaal, voor, relaties)
    delen = {d[len(voor)]: pub.waarden[d] for d in relaties[0].delen}
    assert sum(delen.values()) == pub.waarden[totaal]
    return delen


def zonder_nullen(delen: dict[object, int]) -> dict[object, int]:
    return {k: v for k, v in delen.items() if v}


# --- Each newly declared sum, on a crafted dataset --------------------------------------------


@pytest.fixture
def randgevallen(gebruikers, plaatsen):
    af, af_ander, zc, zc_ander, kr = (gebruikers[k] for k in ("af", "af_ander", "zc", "zc_ander", "kr"))
    hilversum, huizen, leeuwarden = plaatsen["hilversum"], plaatsen["huizen"], plaatsen["leeuwarden"]
    gv, fr = plaatsen["gv"], plaatsen["fr"]

    # Decisions: closed with a reason, without one, with a reason no longer on the list.
    besloten(signaal(af, hilversum, "2026-01-20"), "2026-02-01T10:00", "afgesloten", "te_weinig")
    besloten(signaal(af, huizen, "2026-02-20"), "2026-03-01T10:00", "afgesloten", "")
    besloten(signaal(af, hilversum, "2026-03-20"), "2026-04-01T10:00", "afgesloten", "oude_reden")
    besloten(signaal(af, hilversum, "2026-03-21"), "2026-04-02T10:00", "lopend")
    besloten(signaal(af, hilversum, "2026-06-20"), "2026-07-02T10:00", "afgesloten", "te_weinig")  # after
    besloten(signaal(af_ander, leeuwarden, "2026-01-20"), "2026-02-01T10:00", "afgesloten", "te_weinig")

    # Trajectories closed in the period (with a reason, without, "anders") and not; shelters.
    traject(
        zc,
        gv,
        intake_start="2025-12-01",
        afgesloten_op="2026-01-01",
        afsluitreden="criteria",
        opvang="jeugdhulp",  # no dates: during the whole trajectory, so on 1 January
    )
    traject(zc, gv, intake_start="2026-01-05", afgesloten_op="2026-06-30", opvang="")  # no reason
    traject(zc, gv, intake_start="2026-01-05", afgesloten_op="2026-03-01", afsluitreden="anders")
    traject(
        zc, gv, intake_start="2025-06-01", afgesloten_op="2025-12-31", afsluitreden="criteria", opvang="cosm"
    )
    traject(zc, gv, intake_start="2026-05-01", afgesloten_op="2026-07-01", afsluitreden="criteria")  # after
    traject(zc_ander, fr, intake_start="2026-01-05", afgesloten_op="2026-02-01", opvang="cosm")  # Fryslân
    traject(zc, gv, intake_start="2026-02-01", opvang="cosm", opvang_start="2026-02-01")
    traject(zc, gv, intake_start="2026-02-01", opvang="omm", opvang_start="2026-07-01")  # after
    traject(zc, gv, intake_start="2026-02-01", opvang="", opvang_start="2026-02-01")  # no shelter
    traject(zc, gv, intake_start="2025-02-01", opvang="vrouwenopvang", opvang_eind="2025-12-31")  # before
    traject(zc, gv, intake_start="2026-03-01", opvang="maatschappelijk")

    # Aanmeldingen: direct ones, a referral not answered yet and one answered (counted once).
    aanmelding(zc, gv, "2026-01-01", "politie")
    aanmelding(zc, gv, "2026-03-01", "zelfmelder", "afgewezen", "2026-03-02")
    aanmelding(zc, gv, "2026-07-01", "politie")  # after
    aanmelding(zc_ander, fr, "2026-03-01", "politie")  # Fryslân
    s = signaal(af, hilversum, "2026-01-10")
    for datum, regio in (("2026-02-01", gv), ("2025-12-31", gv), ("2026-02-01", fr)):
        v = verwijzing(af, s, "zorgcoordinator", datum)
        Doorverwijzing.objects.filter(pk=v.pk).update(regio=regio)
    beantwoord = verwijzing(af, s, "zorgcoordinator", "2026-04-01", "opgepakt", opgepakt_op="2026-04-02")
    Doorverwijzing.objects.filter(pk=beantwoord.pk).update(regio=gv)
    aanmelding(zc, gv, "2026-04-01", "signaal", "geaccepteerd", "2026-04-02", doorverwijzing=beantwoord)

    # Stacking hits by strength and assessment.
    a, b, c, d = (signaal(af, hilversum, f"2026-0{m}-01") for m in (1, 2, 3, 4))
    e = signaal(af_ander, leeuwarden, "2026-02-01")
    f = signaal(af_ander, leeuwarden, "2026-02-02")
    koppeling(a, b, "sterk", "voorgesteld", "2026-01-10T10:00")
    koppeling(a, c, "sterk", "bevestigd", "2026-02-10T10:00")
    koppeling(b, e, "mogelijk", "afgewezen", "2026-03-10T10:00")  # with Fryslân
    koppeling(c, d, "mogelijk", "bevestigd", "2026-06-30T23:30")
    koppeling(a, d, "sterk", "bevestigd", "2026-07-01T00:30")  # after
    koppeling(e, f, "sterk", "voorgesteld", "2026-03-10T10:00")  # only Fryslân

    # Activities: several target groups and gemeenten, one without a number of participants.
    training = activiteit(kr, gv, "training", "2026-01-01", ["medewerkers_oov", "jongeren"], 20)
    training.gemeenten.set([hilversum, huizen])
    activiteit(kr, gv, "voorlichting", "2026-03-15", ["jongeren"], 35)
    activiteit(kr, gv, "voorlichting", "2026-06-30", ["jongeren", "lvb"], None)
    activiteit(kr, gv, "campagne", "2026-07-01", ["publiek"], 500)  # after
    activiteit(gebruikers["kr_ander"], fr, "training", "2026-02-01", ["jongeren"], 12)  # Fryslân


def test_afgesloten_signalen_per_reden_tellen_op_tot_de_afgesloten_besluiten(randgevallen, plaatsen):
    pub = ruwe_publicatie(plaatsen["gv"])
    totaal = ("besluiten", "per_uitkomst", Status.AFGESLOTEN.value, "aantal")
    assert pub.waarden[totaal] == 3
    # Another or no reason recorded: the item "" (keyed by its label).
    delen = som(pub, totaal, ("besluiten", "per_afsluitreden"))
    assert zonder_nullen(delen) == {"te_weinig": 1, "Andere of geen reden vastgelegd": 2}


def test_afgesloten_trajecten_per_reden_en_in_beide_cijfers_een_cel(randgevallen, plaatsen):
    pub = ruwe_publicatie(plaatsen["gv"])
    totaal = ("gedeeld", "trajecten_afgesloten")
    assert pub.waarden[totaal] == 3
    delen = som(pub, totaal, ("trajecten", "per_afsluitreden"))
    assert zonder_nullen(delen) == {"criteria": 1, "anders": 1, "Geen reden vastgelegd": 1}
    # The trajectories' and the pillars' figures print one cell, so with one noise.
    assert not [s for s in pub.waarden if s[-1] == "afgesloten" and s[0] in ("trajecten", "zorg")]
    ruw = kr_publicatie.ongeschoonde_regiocijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    assert ruw.trajecten.afgesloten == ruw.zorg.afgesloten == 3
    beschermd = kr_publicatie.regiocijfers(plaatsen["gv"], VAN, TOT, vandaag=VANDAAG)
    assert beschermd.trajecten.afgesloten is beschermd.zorg.afgesloten


def test_trajecten_met_opvang_per_soort(randgevallen, plaatsen):
    pub = ruwe_publicatie(plaatsen["gv"])
    delen = som(pub, ("zorg", "in_opvang"), ("zorg", "opvang"))
    assert zonder_nullen(delen) == {"jeugdhulp": 1, "cosm": 1, "maatschappelijk": 1}
    assert "" not in delen  # no shelter is no kind of shelter


def test_aanmeldingen_per_bron(randgevallen, plaatsen):
    pub = ruwe_publicatie(plaatsen["gv"])
    totaal = ("aanmeldingen", "totaal")
    assert pub.waarden[totaal] == 4
    delen = som(pub, totaal, ("aanmeldingen", "per_bron"))
    assert zonder_nullen(delen) == {"politie": 1, "zelfmelder": 1, "signaal": 2}
    assert set(delen) == set(Aanmelding.Bron.values)
    assert sum(som(pub, totaal, ("aanmeldingen", "per_uitkomst")).values()) == 4


def test_stapelingstreffers_per_beoordeling_en_de_totaalrij(randgevallen, plaatsen):
    pub = ruwe_publicatie(plaatsen["gv"])
    totaal = ("stapeling", "totaal")
    assert pub.waarden[totaal] == 4
    per_beoordeling = som(pub, totaal, ("stapeling", "per_beoordeling"))
    assert per_beoordeling == {"voorgesteld": 1, "bevestigd": 2, "afgewezen": 1}
    for beoordeling, n in per_beoordeling.items():
        kolom = som(
            pub, ("stapeling", "per_beoordeling", beoordeling, "aantal"), ("stapeling", "per_sterkte")
        )
        assert sum(kolom.values()) == n
    kolom = som(pub, ("stapeling", "per_beoordeling", "bevestigd", "aantal"), ("stapeling", "per_sterkte"))
    assert kolom == {"sterk": 1, "mogelijk": 1}


def test_deelnemers_van_activiteiten_per_soort(randgevallen, plaatsen):
    pub = ruwe_publicatie(plaatsen["gv"])
    totaal = ("activiteiten", "deelnemers")
    assert pub.waarden[totaal] == 55  # 20 + 35; one without a number adds nothing
    delen = som(pub, totaal, ("activiteiten", "per_soort"))
    assert delen == {"training": 20, "voorlichting": 35, "campagne": 0, "bijeenkomst": 0}
    # The activities themselves per kind, as before.
    assert zonder_nullen(som(pub, ("activiteiten", "aantal"), ("activiteiten", "per_soort"))) == {
        "training": 1,
        "voorlichting": 2,
    }


def test_geen_som_over_doelgroepen_fasen_vormen_en_gemeenten_van_activiteiten(randgevallen, plaatsen):
    """Breakdowns that do not add up (multi-valued or overlapping) are not declared."""
    pub = ruwe_publicatie(plaatsen["gv"])
    for tak, deel in (
        ("activiteiten", "per_doelgroep"),
        ("trajecten", "per_fase"),
        ("signalen", "per_vorm"),
        ("besluiten", "per_bestemming"),
        ("zorg", "verblijf"),
    ):
        assert not [r for r in pub.relaties if any(d[:2] == (tak, deel) for d in (r.totaal, *r.delen))], deel
    # Activities per gemeente: the training for two gemeenten counts for each.
    assert pub.waarden[("activiteiten_per_gemeente", "totaal")] == 4
    assert pub.waarden[("activiteiten", "aantal")] == 3
    assert not sommen_die_niet_kloppen(pub)


def test_de_controle_vindt_een_som_die_niet_klopt():
    """The generic check below fails on a declared sum that does not hold."""

    @dataclasses.dataclass(frozen=True)
    class Fout:
        totaal: Aantal = dataclasses.field(metadata=som_van("delen"))
        delen: dict[str, Aantal]

    pub = publicatie(Fout(3, {"a": 1, "b": 1}), 5, ("proef",))
    assert [r.totaal for r in sommen_die_niet_kloppen(pub)] == [("totaal",)]
    assert sommen_die_niet_kloppen(publicatie(Fout(2, {"a": 1, "b": 1}), 5, ("proef",))) == []


# --- Every declared sum of the whole publication, on random data -------------------------------

DATA = [date(2025, 11, 1) + timedelta(days=i) for i in range(320)]  # to mid-September 2026
PERIODES = [
    Periode(VAN, TOT),
    Periode(date(2026, 1, 1), date(2026, 3, 31)),
    Periode(date(2026, 4, 1), date(2026, 4, 30)),
]
AFSLUITREDENEN_SIGNAAL = ["geen_mensenhandel", "te_weinig", "", "oude_reden"]


def _misschien(rnd: random.Random, kans: float = 0.5) -> date | None:
    return rnd.choice(DATA) if rnd.random() < kans else None


def willekeurige_gegevens(rnd: random.Random, n: int, gebruikers, plaatsen) -> None:
    """``n`` records of every kind, with random values and dates around the period."""
    af, af_ander, zc, zc_ander, kr = (gebruikers[k] for k in ("af", "af_ander", "zc", "zc_ander", "kr"))
    gemeenten = [plaatsen["hilversum"], plaatsen["huizen"], plaatsen["leeuwarden"]]
    regios = [plaatsen["gv"], plaatsen["fr"]]
    signalen = []
    for _ in range(n):
        gemeente = rnd.choice(gemeenten)
        sig = signaal(
            af_ander if gemeente == plaatsen["leeuwarden"] else af,
            gemeente,
            rnd.choice(DATA).isoformat(),
            status=rnd.choice(Status.values),
            bron=rnd.choice(Bron.values),
            sector=rnd.choice(Sector.values),
            vormen=rnd.sample(["seksueel", "arbeid", "crimineel", "orgaan", "onbekend"], rnd.randint(0, 2)),
            minderjarige_betrokken=rnd.choice(JaNeeOnbekend.values),
            migratiecomponent=rnd.random() < 0.3,
        )
        if rnd.random() < 0.5:
            moment = f"{rnd.choice(DATA).isoformat()}T{rnd.choice(['00:30', '12:00', '23:30'])}"
            besloten(sig, moment, rnd.choice(Status.values), rnd.choice(AFSLUITREDENEN_SIGNAAL))
        signalen.append(sig)
    for _ in range(n):
        sig = rnd.choice(signalen)
        datum = rnd.choice(DATA)
        stappen = {
            k: _misschien(rnd, 0.3) for k in ("ontvangen_op", "opgepakt_op", "afgewezen_op", "afgerond_op")
        }
        v = verwijzing(
            af,
            sig,
            rnd.choice(Bestemming.values),
            datum.isoformat(),
            rnd.choice(Doorverwijzing.Terugkoppeling.values),
            **{k: d.isoformat() for k, d in stappen.items() if d},
        )
        if v.bestemming == Bestemming.ZORGCOORDINATOR:
            regio = rnd.choice([*regios, None])
            Doorverwijzing.objects.filter(pk=v.pk).update(regio=regio)
            if regio is not None and rnd.random() < 0.5:
                status = rnd.choice(Aanmelding.Status.values)
                antwoord = None if status == "open" else rnd.choice(DATA).isoformat()
                aanmelding(zc, regio, datum.isoformat(), "signaal", status, antwoord, doorverwijzing=v)
    for _ in range(n):
        status = rnd.choice(Aanmelding.Status.values)
        antwoord = None if status == "open" else rnd.choice(DATA).isoformat()
        regio = rnd.choice(regios)
        aanmelding(
            zc, regio, rnd.choice(DATA).isoformat(), rnd.choice(Aanmelding.Bron.values), status, antwoord
        )
    for _ in range(n):
        regio = rnd.choice(regios)
        data = {
            k: d.isoformat()
            for k in (
                "intake_start",
                "intake_eind",
                "hulpverlening_start",
                "hulpverlening_eind",
                "afronding_start",
                "afgesloten_op",
                "opvang_start",
                "opvang_eind",
                "verblijf_datum",
                "bedenktijd_start",
                "aangifte_op",
            )
            if (d := _misschien(rnd, 0.4))
        }
        t = traject(
            zc if regio == plaatsen["gv"] else zc_ander,
            regio,
            afsluitreden=rnd.choice(["", *Traject.Afsluitreden.values]),
            opvang=rnd.choice(Traject.Opvang.values),
            verblijf=rnd.choice(Traject.Verblijf.values),
            **data,
        )
        if rnd.random() < 0.5:
            antwoord = rnd.choice(Client.Toestemming.values)
            toestemming(t, antwoord, None if antwoord == "niet_gevraagd" else rnd.choice(DATA).isoformat())
    for i in range(min(n, len(signalen) - 1)):
        een, ander = signalen[i], signalen[rnd.randrange(i + 1, len(signalen))]
        if rnd.random() < 0.7:  # every pair (i, j > i) at most once
            moment = f"{rnd.choice(DATA).isoformat()}T{rnd.choice(['00:30', '12:00', '23:30'])}"
            koppeling(
                een,
                ander,
                rnd.choice(Koppeling.Sterkte.values),
                rnd.choice(Koppeling.Beoordeling.values),
                moment,
            )
    for _ in range(n):
        regio = rnd.choice(regios)
        a = activiteit(
            kr if regio == plaatsen["gv"] else gebruikers["kr_ander"],
            regio,
            rnd.choice(Activiteitsoort.values),
            rnd.choice(DATA).isoformat(),
            rnd.sample(Doelgroep.values, rnd.randint(0, 3)),
            rnd.choice([None, 0, 1, 7, 30]),
        )
        a.gemeenten.set(rnd.sample(gemeenten[:2], rnd.randint(0, 2)))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(zaad=st.integers(0, 2**32 - 1), n=st.integers(0, 12), welke=st.integers(0, len(PERIODES) - 1))
def test_elke_verklaarde_som_klopt_op_willekeurige_gegevens(gebruikers, plaatsen, zaad, n, welke):
    """Every sum the whole publication declares holds on its true counts: a future declaration
    that does not hold fails here instead of blanking a user's page."""
    periode = PERIODES[welke]
    with transaction.atomic():
        willekeurige_gegevens(random.Random(zaad), n, gebruikers, plaatsen)
        pub = ruwe_publicatie(plaatsen["gv"], periode.van, periode.tot)
        assert pub.relaties
        assert sommen_die_niet_kloppen(pub) == []
        transaction.set_rollback(True)
