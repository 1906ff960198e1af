"""Passwords people actually choose are refused (issue 15, point 4; ASVS 2.1.7), offline."""

from __future__ import annotations

import gzip
import random

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from mensenhandel.validators import WOORDENLIJST

MELDING = "Dit wachtwoord komt te vaak voor of is eerder gelekt"


def _geweigerd(wachtwoord: str) -> bool:
    try:
        validate_password(wachtwoord)
    except ValidationError as fout:
        return any(MELDING in m for m in fout.messages)
    return False


@pytest.mark.parametrize(
    "wachtwoord",
    [
        "wachtwoord123",
        "Wachtwoord123!",
        "W@chtw00rd2026",
        "welkom123456",
        "Feyenoord1908!",
        "Voetbal12345678",
        "Thomas123456",
        "!!Zomer2026!!",
        "amsterdam1234",
        "password1234",  # Django's own list
    ],
)
def test_een_woord_of_naam_met_cijfers_eromheen_wordt_geweigerd(wachtwoord):
    assert _geweigerd(wachtwoord), wachtwoord


def test_een_steekproef_uit_de_nederlandse_lijst_wordt_geweigerd():
    with gzip.open(WOORDENLIJST, "rt", encoding="utf-8") as bestand:
        woorden = [w.strip() for w in bestand if len(w.strip()) >= 5]
    for woord in random.Random(2026).sample(woorden, 50):
        wachtwoord = f"{woord.capitalize()}2026!!!!!!"[: max(12, len(woord) + 4)]
        assert _geweigerd(wachtwoord.ljust(12, "1")), wachtwoord


@pytest.mark.parametrize(
    "wachtwoord", ["Correct-paard-batterij-42", "fiets tussen de molens bij Delft", "Vq7#pL2!xR9m"]
)
def test_een_zin_of_een_willekeurig_wachtwoord_mag(wachtwoord):
    validate_password(wachtwoord)


def test_de_beheerder_krijgt_de_melding_in_het_formulier(client_als):
    antwoord = client_als("fb").post(
        "/beheer/mensenhandel/gebruiker/add/",
        {
            "email": "nieuw@test.example",
            "naam": "Nieuw",
            "password1": "Wachtwoord123!",
            "password2": "Wachtwoord123!",
            "usable_password": "true",
        },
    )
    assert antwoord.status_code == 200 and MELDING in antwoord.content.decode()
