"""docs/privacy.md stays true where a test can hold it: its retention table is the code's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from mensenhandel.bewaartermijnen import STANDAARD, Termijnsoort, maanden_tekst
from mensenhandel.rollen import Rol

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "privacy.md"
README = Path(settings.BASE_DIR) / "README.md"


def _rijen(bestand: Path) -> dict[str, list[str]]:
    rijen = {}
    for regel in bestand.read_text(encoding="utf-8").splitlines():
        if regel.startswith("| ") and regel.count("|") >= 6:
            cellen = [c.strip() for c in regel.strip("|").split("|")]
            rijen[cellen[0]] = cellen
    return rijen


@pytest.mark.parametrize("bestand", [DOCUMENT, README], ids=["privacy.md", "README"])
def test_de_bewaartabel_is_die_van_de_code(bestand):
    rijen = _rijen(bestand)
    for soort in Termijnsoort:
        standaard = STANDAARD[soort]
        assert soort.label in rijen, f"{soort.label} ontbreekt in {bestand.name}"
        _, termijn, grenzen, *_ = rijen[soort.label]
        assert termijn == maanden_tekst(standaard.maanden), soort
        assert grenzen == f"{maanden_tekst(standaard.minimaal)} – {maanden_tekst(standaard.maximaal)}", soort
    # The access log's own term: one for the installation, its default and bounds from the settings.
    _, termijn, grenzen, *_ = rijen["Toegangslog (each row)"]
    assert termijn == maanden_tekst(settings.TOEGANGSLOG_BEWAARTERMIJN_MAANDEN)
    assert grenzen == f"{maanden_tekst(24)} – {maanden_tekst(240)}"
    assert len([r for r in rijen if r not in ("Kind", "---")]) == len(Termijnsoort) + 1


def test_elke_rol_staat_erin():
    tekst = DOCUMENT.read_text(encoding="utf-8")
    for rol in Rol:
        assert f"| {rol.label} |" in tekst
