"""Forms of the zorgcoördinatie screens. They read and check input; the services decide.

Errors only a service can judge (a bedenktijd longer than three months, closing on
unmet criteria, a date in the future) come back as ``ValidationError`` or ``Geweigerd``
and are put on the form by ``mensenhandel.acties.formulieractie``. A form that feeds a
service builds its typed input (``zorgcoordinatie.services.gegevens``).
"""

from mensenhandel.forms import fouten_overnemen
from zorgcoordinatie.forms.aanmelding import AanmeldingForm, AccepterenForm, AfwijzenForm
from zorgcoordinatie.forms.client import ClientForm, ClientZoeken, ComenshaForm
from zorgcoordinatie.forms.traject import (
    DATUMVELDEN_TRAJECT,
    OVERGANGEN,
    VORMLABELS,
    AfsluitenForm,
    FaseForm,
    HeropenenForm,
    TrajectForm,
)
from zorgcoordinatie.forms.zorg import (
    AANTAL_AFSPRAKEN,
    ACTIEDATUMS,
    ZORGAANBIEDER_SOORTEN,
    IntakeForm,
    ZorgactieForm,
    ZorgoverlegForm,
)

__all__ = [
    "AANTAL_AFSPRAKEN",
    "ACTIEDATUMS",
    "DATUMVELDEN_TRAJECT",
    "OVERGANGEN",
    "VORMLABELS",
    "ZORGAANBIEDER_SOORTEN",
    "AanmeldingForm",
    "AccepterenForm",
    "AfsluitenForm",
    "AfwijzenForm",
    "ClientForm",
    "ClientZoeken",
    "ComenshaForm",
    "FaseForm",
    "HeropenenForm",
    "IntakeForm",
    "TrajectForm",
    "ZorgactieForm",
    "ZorgoverlegForm",
    "fouten_overnemen",
]
