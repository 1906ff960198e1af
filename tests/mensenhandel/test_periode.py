"""The kernel's period: half-years and how a period reads in Dutch."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mensenhandel.periode import (
    Periode,
    datum_tekst,
    laatste_halfjaren,
    maand_kort,
    met_lidwoord,
    publicatieperioden,
)


def test_halfjaren() -> None:
    eerste = Periode.halfjaar(2026, 1)
    assert (eerste.van, eerste.tot) == (date(2026, 1, 1), date(2026, 6, 30))
    assert Periode.halfjaar_van(date(2026, 7, 1)) == Periode.halfjaar(2026, 2)
    assert eerste.vorige_halfjaar() == Periode.halfjaar(2025, 2)
    assert eerste.is_halfjaar and eerste.helft == 1
    assert Periode(date(2026, 1, 1), date(2026, 6, 29)).helft is None
    with pytest.raises(ValueError):
        Periode.halfjaar(2026, 3)
    with pytest.raises(ValueError):
        Periode(date(2026, 2, 1), date(2026, 1, 31))


def test_teksten_in_het_nederlands() -> None:
    assert datum_tekst(date(2026, 3, 3)) == "3 maart 2026"
    assert [maand_kort(date(2026, m, 1)) for m in (1, 3, 10)] == ["jan 2026", "mrt 2026", "okt 2026"]
    assert Periode.halfjaar(2026, 2).label == "tweede halfjaar 2026"
    assert Periode.halfjaar(2026, 1).kort_label == "1e halfjaar 2026"
    eigen = Periode(date(2026, 2, 3), date(2026, 5, 15))
    assert eigen.label == "3 februari 2026 tot en met 15 mei 2026"
    assert eigen.kort_label == "03-02-2026 t/m 15-05-2026"


def test_maanden_peildatum_en_de_laatste_halfjaren() -> None:
    periode = Periode(date(2026, 11, 15), date(2027, 2, 1))
    assert periode.maanden() == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    assert periode.peildatum(vandaag=date(2026, 12, 4)) == date(2026, 12, 4)
    assert periode.peildatum(vandaag=date(2027, 6, 1)) == date(2027, 2, 1)
    assert laatste_halfjaren(date(2026, 12, 4), aantal=3) == [
        Periode.halfjaar(2026, 2),
        Periode.halfjaar(2026, 1),
        Periode.halfjaar(2025, 2),
    ]


# --- Publication periods ------------------------------------------------------------------


def test_maand_kwartaal_halfjaar_en_jaar() -> None:
    assert Periode.maand(2024, 2) == Periode(date(2024, 2, 1), date(2024, 2, 29))  # leap year
    assert Periode.maand(2026, 12) == Periode(date(2026, 12, 1), date(2026, 12, 31))
    assert Periode.kwartaal(2026, 2) == Periode(date(2026, 4, 1), date(2026, 6, 30))
    assert Periode.jaar(2026) == Periode(date(2026, 1, 1), date(2026, 12, 31))
    assert Periode.maand_van(date(2026, 6, 30)) == Periode.maand(2026, 6)
    assert Periode.kwartaal_van(date(2026, 10, 1)) == Periode.kwartaal(2026, 4)
    for fout in (
        lambda: Periode.maand(2026, 13),
        lambda: Periode.kwartaal(2026, 0),
        lambda: Periode.kwartaal(2026, 5),
    ):
        with pytest.raises(ValueError):
            fout()


@pytest.mark.parametrize(
    ("periode", "soort", "label", "code"),
    [
        (Periode.maand(2026, 6), "maand", "juni 2026", "2026-06"),
        (Periode.kwartaal(2026, 2), "kwartaal", "2e kwartaal 2026", "2026-K2"),
        (Periode.halfjaar(2026, 1), "halfjaar", "eerste halfjaar 2026", "2026-H1"),
        (Periode.halfjaar(2026, 2), "halfjaar", "tweede halfjaar 2026", "2026-H2"),
        (Periode.jaar(2026), "jaar", "2026", "2026"),
    ],
)
def test_soort_label_en_code_van_een_publicatieperiode(periode, soort, label, code) -> None:
    assert (periode.soort, periode.label, periode.code) == (soort, label, code)
    assert periode.is_publicatieperiode and periode.hele_maanden
    assert Periode.uit_code(code) == periode


@pytest.mark.parametrize(
    ("van", "tot", "hele_maanden", "aantal_maanden"),
    [
        (date(2026, 6, 30), date(2026, 6, 30), False, 1),  # one day
        (date(2026, 1, 1), date(2026, 6, 29), False, 6),  # a day short of a half-year
        (date(2026, 1, 2), date(2026, 6, 30), False, 6),
        (date(2026, 2, 1), date(2026, 4, 30), True, 3),  # three months, not a quarter
        (date(2026, 2, 1), date(2026, 3, 31), True, 2),
        (date(2026, 3, 1), date(2026, 8, 31), True, 6),  # six months, not a half-year
        (date(2025, 7, 1), date(2026, 6, 30), True, 12),  # twelve months, not a year
        (date(2025, 12, 1), date(2026, 1, 31), True, 2),
    ],
)
def test_geen_publicatieperiode(van, tot, hele_maanden, aantal_maanden) -> None:
    periode = Periode(van, tot)
    assert periode.soort is None and periode.code is None
    assert not periode.is_publicatieperiode and not periode.is_halfjaar and periode.helft is None
    assert (periode.hele_maanden, periode.aantal_maanden) == (hele_maanden, aantal_maanden)


def test_labels_van_andere_perioden() -> None:
    assert Periode.kwartaal(2026, 4).kort_label == "4e kwartaal 2026"
    assert Periode.maand(2026, 3).kort_label == "maart 2026"
    assert Periode(date(2026, 2, 1), date(2026, 4, 30)).label == "1 februari 2026 tot en met 30 april 2026"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "26",
        "2026-",
        "2026-H3",
        "2026-K0",
        "2026-K5",
        "2026-13",
        "2026-00",
        "2026-6",
        "0000",
        "2026-06-30",
        "x2026",
        None,
    ],
)
def test_uit_code_weigert_wat_geen_periode_is(code) -> None:
    with pytest.raises(ValueError):
        Periode.uit_code(code)


def test_publicatieperioden_per_jaar_nieuwste_eerst() -> None:
    groepen = publicatieperioden(date(2026, 5, 10))
    assert [jaar for jaar, _ in groepen] == [2026, 2025, 2024, 2023, 2022]
    dit_jaar = [p.code for p in groepen[0][1]]
    # Only periods that have begun: not the second half-year, the third and fourth quarter or June.
    assert dit_jaar == [
        "2026",
        "2026-H1",
        "2026-K2",
        "2026-K1",
        "2026-05",
        "2026-04",
        "2026-03",
        "2026-02",
        "2026-01",
    ]
    vorig_jaar = groepen[1][1]
    assert len(vorig_jaar) == 1 + 2 + 4 + 12
    assert [p.code for p in vorig_jaar[:7]] == [
        "2025",
        "2025-H2",
        "2025-H1",
        "2025-K4",
        "2025-K3",
        "2025-K2",
        "2025-K1",
    ]
    alle = [p for _, perioden in groepen for p in perioden]
    assert all(p.is_publicatieperiode and Periode.uit_code(p.code) == p for p in alle)
    assert len(set(alle)) == len(alle)
    assert [jaar for jaar, _ in publicatieperioden(date(2026, 1, 1), jaren=2)] == [2026, 2025]
    assert [p.code for p in publicatieperioden(date(2026, 1, 1), jaren=1)[0][1]] == [
        "2026",
        "2026-H1",
        "2026-K1",
        "2026-01",
    ]


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9990, 12, 31)), st.integers(0, 800))
def test_een_publicatieperiode_is_altijd_een_geheel(van: date, dagen: int) -> None:
    """Any period: it is a publication period exactly when its code reads back as itself."""
    try:
        periode = Periode(van, van + timedelta(days=dagen))
    except OverflowError:
        return
    if periode.is_publicatieperiode:
        assert periode.code is not None and Periode.uit_code(periode.code) == periode
        assert periode.hele_maanden and periode.aantal_maanden in (1, 3, 6, 12)
        assert periode.van.year == periode.tot.year
    else:
        assert periode.code is None
        assert periode not in {
            Periode.maand_van(van),
            Periode.kwartaal_van(van),
            Periode.halfjaar_van(van),
            Periode.jaar(van.year),
        }
    assert periode.aantal_maanden == len(periode.maanden())


@pytest.mark.parametrize(
    ("periode", "tekst"),
    [
        (Periode.halfjaar(2026, 2), "het tweede halfjaar 2026"),
        (Periode.kwartaal(2026, 2), "het 2e kwartaal 2026"),
        (Periode.maand(2026, 6), "juni 2026"),
        (Periode.jaar(2026), "2026"),
        (
            Periode(date(2026, 2, 3), date(2026, 5, 15)),
            "de periode van 3 februari 2026 tot en met 15 mei 2026",
        ),
    ],
)
def test_een_periode_in_een_zin(periode, tekst):
    """ "De rapportage over het tweede halfjaar 2026", not "over tweede halfjaar 2026"."""
    assert met_lidwoord(periode.label) == tekst
