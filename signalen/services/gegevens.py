"""What the signal and person forms hand to the services: one typed dict per form.

The forms build these in their ``gegevens()`` methods, key by key, so a renamed field
fails the type check instead of a user. The field lists the services write follow from
the dicts.
"""

from __future__ import annotations

from datetime import date
from typing import Required, TypedDict

from mensenhandel.models import Gemeente

__all__ = ["PERSOONVELDEN", "SIGNAALVELDEN", "PersoonGegevens", "SignaalGegevens"]


class SignaalGegevens(TypedDict, total=False):
    """A signal's details as the signal form gives them (one flag per form of exploitation).

    The form gives every key; another caller (the demo data, the tests) may give fewer:
    registering leaves the model's defaults, ``signaal_bijwerken`` changes only the keys
    present.
    """

    datum_waargenomen: date
    gemeente: Gemeente
    locatie: str
    postcode: str
    huisnummer: str
    sector: str
    bron: str
    melder_contact: str
    migratiecomponent: bool
    reikwijdte: str
    omschrijving: str
    minderjarige_betrokken: str
    acuut_gevaar: bool
    alarmnummer_gebeld: bool
    seksuele_uitbuiting: bool
    arbeidsuitbuiting: bool
    criminele_uitbuiting: bool
    orgaanverwijdering: bool
    vorm_onbekend: bool


class PersoonGegevens(TypedDict, total=False):
    """One person involved, as the person form gives it; ``None`` empties a field.

    The form gives every key; another caller may give fewer: ``persoon_bijwerken``
    changes only the keys present.
    """

    soort: Required[str]
    naam: str | None
    alias: str | None
    geboortedatum: date | None
    geschatte_leeftijd: int | None
    geslacht: str | None
    nationaliteit: str | None
    telefoon: str | None
    adres: str | None
    postcode: str | None
    huisnummer: str | None
    kenteken: str | None


# The signal's fields the services take from ``SignaalGegevens`` (the rest is the meldroute's).
SIGNAALVELDEN: list[str] = list(SignaalGegevens.__annotations__)
# The person's fields the services take from ``PersoonGegevens``; also the person form's fields.
PERSOONVELDEN: list[str] = list(PersoonGegevens.__annotations__)
