"""The kernel's period: half-years and how a period reads in Dutch."""

from datetime import date

import pytest

from mensenhandel.periode import Periode, datum_tekst, laatste_halfjaren, maand_kort


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
