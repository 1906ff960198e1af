"""The protection of figures (``mensenhandel.bescherming``), tried as a statistician would.

The attacker here is written apart from the module: from the printed texts and the known
structure of the tables alone (which sums hold), an integer program (HiGHS branch and bound,
no shortcuts) bounds every cell. No hidden cell may come out as one value or inside
1..threshold-1, on crafted tables with one dominant gemeente and on random ones; and two
nested publication periods, subtracted, never give a count in 1..threshold-1.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Mapping, Sequence

import highspy
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mensenhandel.bescherming import (
    Aantal,
    Cel,
    Publicatie,
    beschermd,
    klein_teken,
    onbeschermd,
    ruisgrens,
    som_van,
    zelfde_als,
)
from mensenhandel.cijfers import Gemeentetelling
from tests.beveiligd import geheel_optimum
from tests.conftest import grondig

GOOI = {  # signals in one half-year (issue 13)
    "Hilversum": 40,
    "Huizen": 12,
    "Gooise Meren": 9,
    "Wijdemeren": 6,
    "Eemnes": 3,
    "Blaricum": 2,
    "Laren": 0,
}

# --- The attacker -----------------------------------------------------------------------------


def wat_de_lezer_weet(
    tekst: str, drempel: int, *, alleen_x: bool, ruis: int | None = None
) -> tuple[float, float]:
    """A printed cell as the method's published rules describe it ("x": 0, or from the first
    to the second number); ``ruis`` is the noise bound the reader assumes (the published one
    unless given)."""
    d = math.ceil((drempel - 1) / 2) if ruis is None else ruis
    if tekst == f"<{drempel}":
        return 0, drempel - 1
    if tekst == "x":
        return (0, math.inf) if alleen_x else (drempel, math.inf)
    getal = int(tekst)
    return (0, 0) if getal == 0 else (max(drempel, getal - d), getal + d)


def aanvaller(
    cellen: Sequence[str],
    teksten: Mapping[str, str],
    sommen: Sequence[tuple[str, Sequence[str]]],
    drempel: int,
    ruis: int | None = None,
) -> dict[str, tuple[float, float]]:
    """Every cell's least and greatest value over all integer tables that print the same."""
    index = {c: i for i, c in enumerate(cellen)}
    # "x" means any count in a linked group without "<t": the whole table set is one group here.
    alleen_x = not any(t == f"<{drempel}" for t in teksten.values())
    grenzen = [wat_de_lezer_weet(teksten[c], drempel, alleen_x=alleen_x, ruis=ruis) for c in cellen]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    for c, (laag, hoog) in zip(cellen, grenzen, strict=True):
        h.addVar(0 if teksten[c] == "x" else laag, min(hoog, inf))
    for i, c in enumerate(cellen):
        if teksten[c] == "x" and not alleen_x:  # 0, or the threshold or more
            h.addVar(0, 1)
            b = h.getNumCol() - 1
            h.addRow(0, inf, 2, np.array([i, b], dtype=np.int32), np.array([1.0, -drempel]))
            h.addRow(-inf, 0, 2, np.array([i, b], dtype=np.int32), np.array([1.0, -1e7]))
    for totaal, delen in sommen:
        ids = [index[d] for d in delen] + [index[totaal]]
        h.addRow(0, 0, len(ids), np.array(ids, dtype=np.int32), np.array([1.0] * len(delen) + [-1.0]))
    uit: dict[str, tuple[float, float]] = {}
    for cel in cellen:  # the same model, with the cell as the objective: least, then greatest
        extremen = []
        h.changeColCost(index[cel], 1.0)
        for zin in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            h.changeObjectiveSense(zin)
            status = geheel_optimum(h)
            if status == highspy.HighsModelStatus.kOptimal:
                extremen.append(round(h.getInfo().objective_function_value))
            else:
                assert zin == highspy.ObjSense.kMaximize, h.modelStatusToString(status)
                extremen.append(math.inf)
        h.changeColCost(index[cel], 0.0)
        uit[cel] = (extremen[0], extremen[1])
    return uit


def onthuld(interval: tuple[float, float], drempel: int) -> bool:
    laag, hoog = interval
    return laag == hoog or (laag >= 1 and hoog <= drempel - 1)


# --- Tables as a report prints them ----------------------------------------------------------


def koppeltabellen(
    per_gemeente: Mapping[str, Sequence[Sequence[int]]], drempel: int, context: tuple = ("proef",)
) -> tuple[Publicatie, list[str], list[tuple[str, list[str]]]]:
    """Several tables by gemeente × category over the same signals: each row adds up to the
    gemeente's number of signals (shared by all tables), each column to a region total, and the
    gemeenten to the region's total."""
    pub = Publicatie(drempel, context)
    cellen: list[str] = []
    sommen: list[tuple[str, list[str]]] = []

    def tel(naam: str, waarde: int) -> None:
        pub.tel((naam,), waarde)
        cellen.append(naam)

    def som(totaal: str, delen: list[str]) -> None:
        pub.som((totaal,), [(d,) for d in delen])
        sommen.append((totaal, delen))

    gemeenten = list(per_gemeente)
    tabellen = len(next(iter(per_gemeente.values())))
    for g in gemeenten:
        tel(f"{g}|totaal", sum(per_gemeente[g][0]))
    tel("regio", sum(sum(rijen[0]) for rijen in per_gemeente.values()))
    som("regio", [f"{g}|totaal" for g in gemeenten])
    for t in range(tabellen):
        breedte = len(per_gemeente[gemeenten[0]][t])
        for g in gemeenten:
            rij = per_gemeente[g][t]
            assert sum(rij) == sum(per_gemeente[g][0]), "every table counts the same signals"
            for k, w in enumerate(rij):
                tel(f"{g}|{t}|{k}", w)
            som(f"{g}|totaal", [f"{g}|{t}|{k}" for k in range(breedte)])
        for k in range(breedte):
            tel(f"regio|{t}|{k}", sum(per_gemeente[g][t][k] for g in gemeenten))
            som(f"regio|{t}|{k}", [f"{g}|{t}|{k}" for g in gemeenten])
        som("regio", [f"regio|{t}|{k}" for k in range(breedte)])
    return pub, cellen, sommen


def verdeel(rnd: random.Random, n: int, breedte: int) -> list[int]:
    delen = [0] * breedte
    for _ in range(n):
        delen[rnd.randrange(breedte)] += 1
    return delen


def gooi(rnd: random.Random, breedtes: Sequence[int] = (3, 4, 2)) -> dict[str, list[list[int]]]:
    return {g: [verdeel(rnd, n, b) for b in breedtes] for g, n in GOOI.items()}


def controleer(pub: Publicatie, cellen: list[str], sommen: list[tuple[str, list[str]]]) -> None:
    bescherming = pub.beschermen()
    t = pub.drempel
    teksten = {c: bescherming[(c,)].tekst for c in cellen}
    intervallen = aanvaller(cellen, teksten, sommen, t)
    for c in cellen:
        cel = bescherming[(c,)]
        laag, hoog = intervallen[c]
        assert laag <= cel.waarde <= hoog, (c, cel, intervallen[c])  # the attacker's model is right
        if cel.verborgen:
            assert not onthuld(intervallen[c], t), (c, cel.waarde, teksten[c], intervallen[c])
        elif cel.waarde > 0:
            assert hoog - laag >= ruisgrens(t), (c, cel.waarde, teksten[c], intervallen[c])


# --- The promises -----------------------------------------------------------------------------


@pytest.mark.parametrize("zaad", range(grondig(3, 6)))
def test_een_dominante_gemeente_geeft_geen_kleine_aantallen_prijs(zaad: int) -> None:
    pub, cellen, sommen = koppeltabellen(gooi(random.Random(zaad)), 5)
    bescherming = pub.beschermen()
    assert bescherming[("Eemnes|totaal",)].tekst == "<5"
    assert bescherming[("Blaricum|totaal",)].tekst == "<5"
    assert bescherming[("Laren|totaal",)].tekst in ("0", "<5")  # "<5": a 0 hidden alongside
    assert bescherming[("Hilversum|totaal",)].getal is not None
    controleer(pub, cellen, sommen)


@settings(max_examples=grondig(15, 40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, 25), min_size=2, max_size=5),
    st.lists(st.integers(2, 4), min_size=1, max_size=3),
    st.integers(0, 10**6),
    st.sampled_from([3, 5, 10]),
)
def test_willekeurige_gekoppelde_tabellen(
    totalen: list[int], breedtes: list[int], zaad: int, drempel: int
) -> None:
    rnd = random.Random(zaad)
    data = {f"g{i}": [verdeel(rnd, n, b) for b in breedtes] for i, n in enumerate(totalen)}
    pub, cellen, sommen = koppeltabellen(data, drempel)
    controleer(pub, cellen, sommen)


def test_twee_kleine_gemeenten_en_hun_totaal() -> None:
    """3 and 2 with a region total of 5: a printed total would say both are at least 1, so the
    total is hidden too ("x": 0, or 5 or more), and so is whatever pins it."""
    pub, cellen, sommen = koppeltabellen({"A": [[3]], "B": [[2]]}, 5)
    bescherming = pub.beschermen()
    assert bescherming[("regio",)].verborgen
    assert {bescherming[(c,)].tekst for c in ("A|totaal", "B|totaal")} <= {"<5", "x"}
    controleer(pub, cellen, sommen)


def test_ruis_blijft_binnen_de_grens_en_nooit_onder_de_drempel() -> None:
    for drempel in (2, 3, 5, 10):
        d = ruisgrens(drempel)
        pub = Publicatie(drempel, ("ruis",))
        for v in range(60):
            pub.tel(("los", v), v)
        bescherming = pub.beschermen()
        gezien = set()
        for v in range(60):
            cel = bescherming[("los", v)]
            if v == 0:
                assert (cel.tekst, cel.getal) == ("0", 0)
            elif v < drempel:
                assert (cel.tekst, cel.getal, cel.verborgen) == (klein_teken(drempel), None, True)
            else:
                assert cel.getal is not None and abs(cel.getal - v) <= d and cel.getal >= drempel
                assert cel.tekst == str(cel.getal)
                gezien.add(cel.getal - v)
        assert gezien == set(range(-d, d + 1)), "every allowed noise occurs"


def test_dezelfde_cel_krijgt_overal_dezelfde_ruis() -> None:
    """The dashboard and the report of the same period print the same; another period, or a
    changed count, gets noise of its own."""

    def afdruk(context: tuple, extra: int) -> dict:
        pub = Publicatie(5, context)
        for i in range(40):
            pub.tel(("cel", i), 10 + i)
        pub.tel(("ander",), extra)
        b = pub.beschermen()
        return {i: b[("cel", i)].getal for i in range(40)}

    assert afdruk(("regio", 1, "2026-H1"), 7) == afdruk(("regio", 1, "2026-H1"), 30)
    assert afdruk(("regio", 1, "2026-H1"), 7) != afdruk(("regio", 1, "2026-K1"), 7)


def test_zonder_drempel_staat_alles_er_precies() -> None:
    pub, cellen, _ = koppeltabellen(gooi(random.Random(1)), 0)
    bescherming = pub.beschermen()
    for c in cellen:
        cel = bescherming[(c,)]
        assert (cel.tekst, cel.getal, cel.verborgen) == (str(cel.waarde), cel.waarde, False)


def test_aanvullende_cellen_hangen_af_van_het_geheim(settings: object) -> None:
    """Which cells are hidden alongside follows from a keyed hash: from outside it cannot be
    predicted (and it is not always the same filler gemeente)."""
    patronen = set()
    for geheim in ("een-" + "a" * 40, "twee-" + "b" * 40, "drie-" + "c" * 40):
        settings.HMAC_SLEUTEL = geheim  # type: ignore[attr-defined]
        data = {g: [[n // 2, n - n // 2]] for g, n in {"A": 30, "B": 3, "C": 20, "D": 20, "E": 20}.items()}
        pub, cellen, _ = koppeltabellen(data, 5)
        b = pub.beschermen()
        patronen.add(frozenset(c for c in cellen if b[(c,)].soort == "aanvullend"))
    assert len(patronen) > 1


@settings(max_examples=grondig(15, 40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(1, 12), st.integers(0, 3), st.integers(0, 2)), max_size=80),
    st.sampled_from([3, 5, 10]),
)
def test_verschil_van_twee_perioden_geeft_geen_klein_aantal(
    signalen: list[tuple[int, int, int]], drempel: int
) -> None:
    """Every pair of nested publication periods of one year (months, quarters, half-years, the
    year), subtracted cell by cell, leaves a reader an interval that holds 0 or reaches the
    threshold, and is never one value, whenever the true difference is 1..t-1."""
    perioden = {f"M{m}": range(m, m + 1) for m in range(1, 13)}
    perioden |= {f"K{k}": range(3 * k - 2, 3 * k + 1) for k in range(1, 5)}
    perioden |= {"H1": range(1, 7), "H2": range(7, 13), "J": range(1, 13)}

    def publiceer(naam: str) -> tuple[dict[str, Cel], dict[str, int]]:
        maanden = perioden[naam]
        data = {
            f"g{g}": [
                [sum(1 for m, gg, c in signalen if gg == g and c == k and m in maanden) for k in range(3)]
            ]
            for g in range(4)
        }
        pub, cellen, _ = koppeltabellen(data, drempel, context=("regio", 1, naam))
        b = pub.beschermen()
        return {c: b[(c,)] for c in cellen}, {}

    gedrukt = {naam: publiceer(naam)[0] for naam in perioden}
    for groot, gm in perioden.items():
        for klein, km in perioden.items():
            if groot == klein or not set(km) < set(gm):
                continue
            for c, cel_groot in gedrukt[groot].items():
                cel_klein = gedrukt[klein][c]
                if cel_groot.verborgen or cel_klein.verborgen:
                    continue
                a = wat_de_lezer_weet(cel_groot.tekst, drempel, alleen_x=False)
                b = wat_de_lezer_weet(cel_klein.tekst, drempel, alleen_x=False)
                verschil = (max(0, a[0] - b[1]), a[1] - b[0])
                waar = cel_groot.waarde - cel_klein.waarde
                assert verschil[0] <= waar <= verschil[1]
                if 1 <= waar < drempel:
                    assert not onthuld(verschil, drempel), (groot, klein, c, waar, verschil)


def test_ongeldige_invoer() -> None:
    pub = Publicatie(5)
    with pytest.raises(ValueError, match="geheel getal"):
        pub.tel(("a",), -1)
    pub.tel(("a",), 3)
    with pytest.raises(ValueError, match="verschillende aantallen"):
        pub.tel(("a",), 4)
    with pytest.raises(KeyError):
        pub.som(("a",), [("b",)])


# --- Figures trees ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Soort:
    code: str
    label: str
    aantal: Aantal


@dataclasses.dataclass(frozen=True)
class Voorbeeldcijfers:
    totaal: Aantal = dataclasses.field(metadata=som_van("per_gemeente", "per_bron"))
    minderjarig: Aantal = dataclasses.field(metadata=zelfde_als("per_minderjarig", "ja"))
    per_gemeente: Gemeentetelling = dataclasses.field(default_factory=lambda: Gemeentetelling([], [], []))
    per_bron: list[Soort] = dataclasses.field(default_factory=list)
    per_minderjarig: list[Soort] = dataclasses.field(default_factory=list)
    wachtdagen: int = 14  # a setting, not a count


def voorbeeld(rnd: random.Random) -> Voorbeeldcijfers:
    signalen = [
        (g, rnd.choice(["politie", "zorg", "onderwijs"]), rnd.choice(["ja", "nee"]))
        for g, n in GOOI.items()
        for _ in range(n)
    ]
    gemeenten = list(GOOI)
    return Voorbeeldcijfers(
        totaal=len(signalen),
        minderjarig=sum(1 for s in signalen if s[2] == "ja"),
        per_gemeente=Gemeentetelling(gemeenten, ["Signalen"], [[GOOI[g]] for g in gemeenten]),
        per_bron=[
            Soort(b, b.title(), sum(1 for s in signalen if s[1] == b))
            for b in ("politie", "zorg", "onderwijs")
        ],
        per_minderjarig=[Soort(w, w, sum(1 for s in signalen if s[2] == w)) for w in ("ja", "nee")],
    )


def test_een_cijferboom_wordt_in_een_keer_beveiligd() -> None:
    ruw = voorbeeld(random.Random(3))
    assert len(onbeschermd(ruw)) == 1 + 1 + 1 + 3 + 2  # totaal, minderjarig, the table, 3 + 2 items
    uit = beschermd(ruw, 5, ("regio", 1, "2026-H1"))
    assert onbeschermd(uit) == []
    assert uit.wachtdagen == 14
    assert isinstance(uit.totaal, Cel) and uit.totaal.waarde == 72
    # The table's grand total is the tree's total: one cell, one noise.
    assert uit.per_gemeente.tabel.totaal == uit.totaal
    assert uit.per_gemeente.tabel.kolomtotalen == [uit.totaal]
    # "minderjarig" is the item "ja" of its breakdown: printed the same.
    assert uit.minderjarig == uit.per_minderjarig[0].aantal
    regels = {naam: cellen[0].tekst for naam, cellen, _ in uit.per_gemeente.regels}
    assert regels["Eemnes"] == regels["Blaricum"] == "<5"
    # The attacker, from the printed texts and the sums a reader knows (the total is the sum
    # of the gemeenten and of the sources; minderjarig is a part of the total).
    cellen = ["totaal", *GOOI, "politie", "zorg", "onderwijs", "ja", "nee"]
    teksten = {
        "totaal": uit.totaal.tekst,
        **{naam: c[0].tekst for naam, c, _ in uit.per_gemeente.regels},
        **{s.code: s.aantal.tekst for s in uit.per_bron},
        **{s.code: s.aantal.tekst for s in uit.per_minderjarig},
    }
    sommen = [("totaal", list(GOOI)), ("totaal", ["politie", "zorg", "onderwijs"]), ("totaal", ["ja", "nee"])]
    waar = {
        "totaal": 72,
        **GOOI,
        **{s.code: s.aantal for s in ruw.per_bron},
        **{s.code: s.aantal for s in ruw.per_minderjarig},
    }
    intervallen = aanvaller(cellen, teksten, sommen, 5)
    for c in cellen:
        assert intervallen[c][0] <= waar[c] <= intervallen[c][1]
        if teksten[c] in ("<5", "x"):
            assert not onthuld(intervallen[c], 5), (c, waar[c], intervallen[c])


def test_onbeschermd_vindt_een_onbeveiligde_tabel() -> None:
    ruw = voorbeeld(random.Random(1))
    half = dataclasses.replace(beschermd(ruw, 5, ("x",)), per_gemeente=ruw.per_gemeente)
    assert onbeschermd(half) == [("per_gemeente",)]
    with pytest.raises(RuntimeError, match="nog niet beveiligd"):
        _ = ruw.per_gemeente.regels
