"""The small-numbers rule: no hidden count can be worked out from what is printed.

Two oracles, both independent of the implementation's graph reasoning:

- exact linear algebra over the rationals (what the totals and shown cells determine by
  arithmetic alone), on larger random tables;
- enumeration of every table that prints the same, bounds included ("<5" is 0 to 4, "x"
  is 5 or more, counts are whole and never negative), on small random tables.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mensenhandel.onderdrukking import AANVULLEND, KLEIN, Cel, OnderdrukteTabel, onderdrukken, uitleg


def _vergelijkingen(hoogte: int, breedte: int, rijtotalen: bool) -> list[dict[tuple[int, int], int]]:
    """The printed sums as coefficient maps over cells; column ``breedte`` is the row total."""
    regels = [{(i, j): 1 for i in range(hoogte)} for j in range(breedte)]  # region totals per column
    if rijtotalen:
        for i in range(hoogte):  # a gemeente's cells add up to its total
            regel = {(i, j): 1 for j in range(breedte)}
            regel[(i, breedte)] = -1
            regels.append(regel)
        regels.append({(i, breedte): 1 for i in range(hoogte)})  # the grand total
    return regels


def _terug_te_rekenen(
    verborgen: list[tuple[int, int]], regels: list[dict[tuple[int, int], int]]
) -> set[tuple[int, int]]:
    """Hidden cells whose value follows from the printed sums (reduced row echelon form)."""
    matrix = [[Fraction(regel.get(cel, 0)) for cel in verborgen] for regel in regels]
    matrix = [rij for rij in matrix if any(rij)]
    spil_rijen: list[tuple[int, list[Fraction]]] = []
    rij_index = 0
    for kolom in range(len(verborgen)):
        spil = next((r for r in range(rij_index, len(matrix)) if matrix[r][kolom] != 0), None)
        if spil is None:
            continue
        matrix[rij_index], matrix[spil] = matrix[spil], matrix[rij_index]
        deler = matrix[rij_index][kolom]
        matrix[rij_index] = [w / deler for w in matrix[rij_index]]
        for r in range(len(matrix)):
            if r != rij_index and matrix[r][kolom] != 0:
                factor = matrix[r][kolom]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rij_index], strict=True)]
        spil_rijen.append((kolom, matrix[rij_index]))
        rij_index += 1
    # e_h is in the row space exactly when h is a pivot whose reduced row is the unit vector.
    return {
        verborgen[kolom] for kolom, rij in spil_rijen if all(w == 0 for k, w in enumerate(rij) if k != kolom)
    }


def _verborgen_cellen(uit: OnderdrukteTabel) -> list[tuple[int, int]]:
    breedte = len(uit.kolomtotalen)
    cellen = [(i, j) for i, rij in enumerate(uit.rijen) for j, cel in enumerate(rij) if cel.verborgen]
    cellen += [(i, breedte) for i, cel in enumerate(uit.rijtotalen) if cel.verborgen]
    return cellen


def _mogelijke_waarden(
    uit: OnderdrukteTabel, *, in_hypothesis: bool = True
) -> dict[tuple[int, int], set[int]]:
    """Every value each hidden cell takes over all tables that print exactly the same."""
    hoogte, breedte = len(uit.rijen), len(uit.kolomtotalen)
    met_totalen = bool(uit.rijtotalen)
    gedrukt = {(i, j): c for i, rij in enumerate(uit.rijen) for j, c in enumerate(rij)}
    gedrukt |= {(i, breedte): c for i, c in enumerate(uit.rijtotalen)}
    verborgen = _verborgen_cellen(uit)

    def domein(cel: tuple[int, int]) -> range:
        teken = gedrukt[cel].tekst
        if teken.startswith("<"):
            return range(uit.drempel)
        grens = uit.totaal if cel[1] == breedte else uit.kolomtotalen[cel[1]]
        return range(uit.drempel, grens + 1)  # "x": the threshold or more, at most its total

    mogelijk: dict[tuple[int, int], set[int]] = {cel: set() for cel in verborgen}
    domeinen = [domein(cel) for cel in verborgen]
    if in_hypothesis:
        assume(math.prod(len(d) for d in domeinen) <= 300_000)  # keep the enumeration small
    for keuze in itertools.product(*domeinen):
        waarde = {cel: c.waarde for cel, c in gedrukt.items() if not c.verborgen} | dict(
            zip(verborgen, keuze, strict=True)
        )
        if any(sum(waarde[(i, j)] for i in range(hoogte)) != uit.kolomtotalen[j] for j in range(breedte)):
            continue
        if met_totalen and (
            any(sum(waarde[(i, j)] for j in range(breedte)) != waarde[(i, breedte)] for i in range(hoogte))
            or sum(waarde[(i, breedte)] for i in range(hoogte)) != uit.totaal
        ):
            continue
        for cel, w in zip(verborgen, keuze, strict=True):
            mogelijk[cel].add(w)
    return mogelijk


def test_het_orakel_herkent_een_terug_te_rekenen_cel():
    # One hidden cell in a column whose total is printed: 7 - 3 = 4. The check can fail.
    assert _terug_te_rekenen([(0, 0)], _vergelijkingen(2, 1, rijtotalen=False)) == {(0, 0)}
    # Two hidden cells in that column: either could be anything that adds up.
    assert _terug_te_rekenen([(0, 0), (1, 0)], _vergelijkingen(2, 1, rijtotalen=False)) == set()
    # Two hidden cells in one row with a printed row total but each alone in its column.
    assert _terug_te_rekenen([(0, 0), (0, 1)], _vergelijkingen(2, 2, rijtotalen=True)) == {(0, 0), (0, 1)}


tabellen = st.integers(min_value=2, max_value=6).flatmap(
    lambda hoogte: st.integers(min_value=1, max_value=4).flatmap(
        lambda breedte: st.lists(
            st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=breedte, max_size=breedte),
            min_size=hoogte,
            max_size=hoogte,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tabel=tabellen, drempel=st.sampled_from([0, 3, 4, 5, 10]), rijtotalen=st.booleans())
def test_geen_verborgen_aantal_is_terug_te_rekenen(tabel, drempel, rijtotalen):
    uit = onderdrukken(tabel, drempel, rijtotalen=rijtotalen)
    hoogte, breedte = len(tabel), len(tabel[0])

    # Region totals stay exact.
    assert uit.kolomtotalen == [sum(rij[j] for rij in tabel) for j in range(breedte)]
    assert uit.totaal == sum(map(sum, tabel))
    # Every small count is hidden as "<drempel"; every shown cell is printed exactly.
    alle = [(cel, tabel[i][j]) for i, rij in enumerate(uit.rijen) for j, cel in enumerate(rij)]
    alle += [(cel, sum(tabel[i])) for i, cel in enumerate(uit.rijtotalen)]
    for cel, waarde in alle:
        assert cel.waarde == waarde
        if drempel and 1 <= waarde < drempel:
            assert (cel.soort, cel.tekst) == (KLEIN, f"<{drempel}")
        elif cel.verborgen:
            # Hidden to protect another: "<drempel" when it is below, which is true; else "x".
            teken = f"<{drempel}" if waarde < drempel else "x"
            assert (cel.soort, cel.tekst) == (AANVULLEND, teken)
        else:
            assert cel.tekst == str(waarde)
    if drempel == 0:
        assert not uit.onderdrukt

    # And nothing hidden can be worked out from what is printed, but for the cells that the
    # exact region totals give away anyway (checked against every table that prints the
    # same in the test below, and in the example after it).
    verborgen = _verborgen_cellen(uit)
    terug_te_rekenen = _terug_te_rekenen(verborgen, _vergelijkingen(hoogte, breedte, rijtotalen))
    assert terug_te_rekenen <= uit.onvermijdelijk
    assert uit.onvermijdelijk <= set(verborgen)


kleine_tabellen = st.integers(min_value=2, max_value=3).flatmap(
    lambda hoogte: st.integers(min_value=1, max_value=2).flatmap(
        lambda breedte: st.lists(
            st.lists(st.integers(0, 6), min_size=breedte, max_size=breedte), min_size=hoogte, max_size=hoogte
        )
    )
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(tabel=kleine_tabellen, drempel=st.sampled_from([3, 4, 5]), rijtotalen=st.booleans())
def test_ook_met_de_grenzen_van_de_tekens_is_niets_terug_te_rekenen(tabel, drempel, rijtotalen):
    uit = onderdrukken(tabel, drempel, rijtotalen=rijtotalen)
    mogelijk = _mogelijke_waarden(uit)
    # The true table prints the same, so every hidden cell's true value is among them.
    breedte = len(uit.kolomtotalen)
    for (i, j), waarden in mogelijk.items():
        echt = sum(tabel[i]) if j == breedte else tabel[i][j]
        assert echt in waarden
    # Only the cells the exact region totals give away anyway can be worked out...
    vast = {cel for cel, waarden in mogelijk.items() if len(waarden) == 1}
    assert vast == set(uit.onvermijdelijk)
    # ...and those stay determined even with every cell of the table hidden.
    if vast:
        alles = _alles_verborgen(uit)
        assert all(len(_mogelijke_waarden(alles)[cel]) == 1 for cel in vast)


def _alles_verborgen(uit: OnderdrukteTabel) -> OnderdrukteTabel:
    def verbergen(cel: Cel) -> Cel:
        if cel.verborgen:
            return cel
        return Cel(cel.waarde, f"<{uit.drempel}" if cel.waarde < uit.drempel else "x", AANVULLEND)

    return dataclasses.replace(
        uit,
        rijen=[[verbergen(c) for c in rij] for rij in uit.rijen],
        rijtotalen=[verbergen(c) for c in uit.rijtotalen],
    )


def test_twee_kleine_aantallen_die_het_regiototaal_vullen_zijn_onvermijdelijk():
    # Two gemeenten, both "<5", region total 8: both must be 4, whatever is hidden.
    uit = onderdrukken([[4], [4]], 5, rijtotalen=False)
    assert [rij[0].tekst for rij in uit.rijen] == ["<5", "<5"]
    assert uit.onvermijdelijk == {(0, 0), (1, 0)}


def test_een_gemeente_met_alle_aantallen_van_de_regio_is_onvermijdelijk():
    # Found by the property test above: Huizen holds every count of the region (1 and 2,
    # total 3), the other gemeente has none. The region totals are Huizen's own figures,
    # whatever is hidden: the "x" of Huizen's total (3 or more) and the region total of 3
    # leave the other gemeente 0, and so Huizen 1 and 2.
    uit = onderdrukken([[0, 0], [1, 2]], 3, rijtotalen=True)
    assert [[c.tekst for c in rij] for rij in uit.rijen] == [["0", "0"], ["<3", "<3"]]
    assert uit.onvermijdelijk == {(1, 0), (1, 1)}
    mogelijk = _mogelijke_waarden(_alles_verborgen(uit), in_hypothesis=False)
    assert all(len(mogelijk[cel]) == 1 for cel in uit.onvermijdelijk)


def test_een_klein_aantal_in_een_kolom_met_nullen_verbergt_ook_een_nul():
    # Hilversum 3 signals of a form, Huizen 0: printing "0" would give away the 3.
    # The 0 is hidden too, and printed "<5" (true of it): a reader cannot tell 3 + 0 from
    # 2 + 1. Had it been printed "x" (5 or more), the total of 3 would have given it away.
    uit = onderdrukken([[3], [0]], 5, rijtotalen=False)
    assert [rij[0].tekst for rij in uit.rijen] == ["<5", "<5"]
    assert [rij[0].soort for rij in uit.rijen] == [KLEIN, AANVULLEND]
    assert not uit.onvermijdelijk
    assert uit.kolomtotalen == [3]


def test_een_klein_aantal_wordt_met_een_rechthoek_van_de_kleinste_cellen_verborgen():
    uit = onderdrukken([[12, 2], [30, 9], [25, 40]], 5)
    # The cheapest cycle through the 2: the rectangle with 12, 30 and 9. The totals per
    # gemeente stay printed: hiding them costs the reader more.
    assert [[c.tekst for c in rij] for rij in uit.rijen] == [["x", "<5"], ["x", "x"], ["25", "40"]]
    assert [c.tekst for c in uit.rijtotalen] == ["14", "39", "65"]
    assert (uit.kolomtotalen, uit.totaal) == ([67, 51], 118)


def test_drempel_uit_en_een_enkele_gemeente_verbergen_niets():
    assert not onderdrukken([[1, 2], [3, 4]], 0).onderdrukt
    # One gemeente is the region: its figures are the exact region totals anyway.
    assert not onderdrukken([[1, 2]], 5).onderdrukt


def test_ongeldige_invoer():
    with pytest.raises(ValueError):
        onderdrukken([[1, 2], [3]], 5)
    with pytest.raises(ValueError):
        onderdrukken([[-1]], 5)
    with pytest.raises(ValueError):
        onderdrukken([[1]], -1)


def test_uitleg_noemt_de_drempel():
    assert "‘<5’" in uitleg(5)
    assert "geen drempel" in uitleg(0)
