"""/gezondheid/: the report storage must take a new file, and a failing check names no path."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.celery_werker
def test_gezondheid_controleert_dat_de_rapportopslag_beschrijfbaar_is(client, settings, tmp_path, request):
    # With a broker the probe also pings a worker: a real one (and so the celery_werker run in CI).
    request.getfixturevalue("celery_werker")
    settings.RAPPORTEN_ROOT = tmp_path / "rapporten"
    antwoord = client.get("/gezondheid/?format=json")
    assert antwoord.status_code == 200
    assert antwoord.json()["OpslagSchrijfbaar()"] == "OK"
    # The probe leaves nothing behind.
    assert list(settings.RAPPORTEN_ROOT.iterdir()) == []


def test_gezondheid_meldt_een_onbeschrijfbare_rapportopslag_zonder_pad(client, settings, tmp_path):
    # A file where the folder should be: not writable, for root too.
    (tmp_path / "geen-map").write_bytes(b"")
    settings.RAPPORTEN_ROOT = tmp_path / "geen-map" / "rapporten"
    antwoord = client.get("/gezondheid/?format=json")
    assert antwoord.status_code == 500
    melding = antwoord.json()["OpslagSchrijfbaar()"]
    assert melding == "Unavailable: Opslag van de rapportages niet beschrijfbaar"
    assert str(tmp_path) not in antwoord.content.decode()
