"""Fixtures of the ketenregie tests."""

from __future__ import annotations

import pytest

from mensenhandel import acties


@pytest.fixture
def eerste_blik_mist(monkeypatch):
    """The first look for an earlier submit misses, as when two submits of one form arrive at
    once; every later look is the real one."""
    echt = acties.eerder_verstuurd
    keren: list[int] = []

    def te_vroeg(eigen, formuliertoken):
        keren.append(1)
        return None if len(keren) == 1 else echt(eigen, formuliertoken)

    monkeypatch.setattr(acties, "eerder_verstuurd", te_vroeg)
