"""Fixtures of the rapportage tests: the PDFs go to a folder of the test's own."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def rapportenmap(settings, tmp_path):
    """Every test writes its reports into a fresh folder (the real-worker tests set their own)."""
    settings.RAPPORTEN_ROOT = tmp_path / "rapporten"
    return settings.RAPPORTEN_ROOT
