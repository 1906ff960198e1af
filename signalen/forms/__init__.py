"""Forms of the signals screens. They read and check input; the services decide.

The services' own checks of a signal and a person (a date in the future, no form of
exploitation, acute danger without 112, a phone number) are run by the forms as well
(``signaal_valideren``, ``persoon_valideren``), so that a page reports them in the same round
as its other errors; what only the service can judge comes back as ``ValidationError`` and is
put on the right field by ``fouten_overnemen``. One module per subject: ``lijst`` (filters),
``registratie`` (a signal and its persons), ``meldroute`` (the route's steps).
"""

from __future__ import annotations

from signalen.forms.lijst import SORTERINGEN, SignaalFilter, SignaalFilterGrof, SignaalFilterKR
from signalen.forms.meldroute import (
    PARTNERSOORTEN,
    POLITIE,
    BesluitForm,
    HeropenenForm,
    KoppelingForm,
    MelderTerugkoppelingForm,
    NotitieForm,
    PartnerantwoordForm,
    PartnerlinkForm,
    TerugkoppelingForm,
    WegenForm,
    WisverzoekBesluitForm,
    WisverzoekForm,
)
from signalen.forms.registratie import BasisPersonenFormSet, PersonenFormSet, PersoonForm, SignaalForm

__all__ = [
    "PARTNERSOORTEN",
    "POLITIE",
    "SORTERINGEN",
    "BasisPersonenFormSet",
    "BesluitForm",
    "HeropenenForm",
    "KoppelingForm",
    "MelderTerugkoppelingForm",
    "NotitieForm",
    "PartnerantwoordForm",
    "PartnerlinkForm",
    "PersonenFormSet",
    "PersoonForm",
    "SignaalFilter",
    "SignaalFilterGrof",
    "SignaalFilterKR",
    "SignaalForm",
    "TerugkoppelingForm",
    "WegenForm",
    "WisverzoekBesluitForm",
    "WisverzoekForm",
]
