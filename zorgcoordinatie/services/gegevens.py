"""What the forms hand to the services: one typed dictionary per form.

A form builds these key by key, so a renamed field fails the type check instead of a user.
The field lists of the model forms are read off these types (one list, not two).
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from mensenhandel.models import Gebruiker, Gemeente


class ClientGegevens(TypedDict, total=False):
    """A client's data (the client form, or a new client when accepting an aanmelding)."""

    naam: str
    aliassen: str
    geboortedatum: date | None
    geslacht: str
    nationaliteiten: str
    taal: str
    tolk_nodig: bool
    verblijfsstatus: str
    brp_gemeente: Gemeente | None
    verblijfplaats: str
    verantwoordelijke_gemeente: Gemeente
    mag_bellen: bool | None  # None: not recorded
    mag_sms: bool | None
    mag_bezoek: bool | None
    veilige_tijden: str
    nooit_via: str
    lvb: bool
    psychische_problematiek: bool
    verslaving: bool
    zwangerschap: bool
    overige_kwetsbaarheden: str


class TrajectGegevens(TypedDict, total=False):
    """A trajectory's forms of exploitation, pillars, backup, next review and criteria."""

    seksuele_uitbuiting: bool
    arbeidsuitbuiting: bool
    criminele_uitbuiting: bool
    orgaanverwijdering: bool
    vorm_onbekend: bool
    achtervang: Gebruiker | None
    volgende_evaluatie: date | None
    opvang: str
    opvang_start: date | None
    opvang_eind: date | None
    verblijf: str
    bedenktijd_start: date | None
    bedenktijd_eind: date | None
    verblijf_datum: date | None
    strafrecht: str
    aangifte_op: date | None
    strafrecht_contact: str
    geinformeerd_verblijfsrecht_op: date | None
    geinformeerd_strafrecht_op: date | None
    geinformeerd_zorg_op: date | None
    kent_verblijfsstappen: bool
    kent_rechten_voorzieningen: bool
    weet_waar_hulp: bool


class ZorgactieGegevens(TypedDict, total=False):
    domein: str
    zorgaanbieder: str
    soort: str
    status: str
    aangevraagd_op: date
    gestart_op: date | None
    beeindigd_op: date | None
    warme_overdracht_op: date | None


class AfspraakGegevens(TypedDict):
    """One agreement of a zorgoverleg: what, who and when."""

    omschrijving: str
    eigenaar: str
    deadline: date


CLIENTVELDEN = list(ClientGegevens.__annotations__)
TRAJECTVELDEN = list(TrajectGegevens.__annotations__)
ACTIEVELDEN = list(ZorgactieGegevens.__annotations__)
# The forms of exploitation: the first fields of a trajectory, also copied from a signal.
VORMVELDEN = [
    "seksuele_uitbuiting",
    "arbeidsuitbuiting",
    "criminele_uitbuiting",
    "orgaanverwijdering",
    "vorm_onbekend",
]
