"""The small-numbers rule: no hidden count can be recomputed from what is printed.

The oracle here is independent of the implementation's graph reasoning: exact linear
algebra over the rationals. A reader knows every printed cell, every printed total and
every line sum; a hidden cell can be recomputed exactly when its unit vector lies in the
row space of those equations restricted to the hidden cells.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mensenhandel.onderdrukking import AANVULLEND, KLEIN, OnderdrukteTabel, onderdrukken, uitleg


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
    kolommen = {cel: k for k, cel in enumerate(verborgen)}
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
    } & set(kolommen)


def _verborgen_cellen(uit: OnderdrukteTabel) -> list[tuple[int, int]]:
    breedte = len(uit.kolomtotalen)
    cellen = [(i, j) for i, rij in enumerate(uit.rijen) for j, cel in enumerate(rij) if cel.verborgen]
    cellen += [(i, breedte) for i, cel in enumerate(uit.rijtotalen) if cel.verborgen]
    return cellen


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
            assert (cel.soort, cel.tekst) == (AANVULLEND, "x")
        else:
            assert cel.tekst == str(waarde)
    if drempel == 0:
        assert not uit.onderdrukt

    # And nothing hidden can be worked out from what is printed.
    verborgen = _verborgen_cellen(uit)
    assert not _terug_te_rekenen(verborgen, _vergelijkingen(hoogte, breedte, rijtotalen))


def test_een_klein_aantal_in_een_kolom_met_nullen_verbergt_ook_een_nul():
    # Hilversum 3 signals of a form, Huizen 0: printing "0" would give away the 3.
    uit = onderdrukken([[3], [0]], 5, rijtotalen=False)
    assert [rij[0].tekst for rij in uit.rijen] == ["<5", "x"]
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
