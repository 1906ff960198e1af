"""Every write of zorgcoördinatie: aanmeldingen, clients, trajectories and care.

Services check that the user may act, validate with clear Dutch messages, own the
transaction and record the acting user in the history. They refuse with the kernel's
``Geweigerd`` and ``VersieConflict`` (re-exported here for callers that import them from
this package). Answers to referrals from signals go back through ``signalen.services``.
"""

from mensenhandel.acties import Geweigerd, VersieConflict
from zorgcoordinatie.services.aanmelding import (
    aanmelding_accepteren,
    aanmelding_afwijzen,
    aanmelding_invoeren,
)
from zorgcoordinatie.services.basis import drie_maanden_na
from zorgcoordinatie.services.client import (
    client_bijwerken,
    comensha_export_vastleggen,
    comensha_registratie,
    comensha_toestemming_vastleggen,
)
from zorgcoordinatie.services.gegevens import (
    ACTIEVELDEN,
    CLIENTVELDEN,
    TRAJECTVELDEN,
    VORMVELDEN,
    AfspraakGegevens,
    ClientGegevens,
    TrajectGegevens,
    ZorgactieGegevens,
)
from zorgcoordinatie.services.traject import (
    fase_wijzigen,
    mogelijke_overgangen,
    traject_afsluiten,
    traject_bijwerken,
    traject_heropenen,
)
from zorgcoordinatie.services.zorg import (
    afspraak_afronden,
    intake_vastleggen,
    zorgactie_bijwerken,
    zorgactie_toevoegen,
    zorgoverleg_vastleggen,
)

__all__ = [
    "ACTIEVELDEN",
    "CLIENTVELDEN",
    "TRAJECTVELDEN",
    "VORMVELDEN",
    "AfspraakGegevens",
    "ClientGegevens",
    "Geweigerd",
    "TrajectGegevens",
    "VersieConflict",
    "ZorgactieGegevens",
    "aanmelding_accepteren",
    "aanmelding_afwijzen",
    "aanmelding_invoeren",
    "afspraak_afronden",
    "client_bijwerken",
    "comensha_export_vastleggen",
    "comensha_registratie",
    "comensha_toestemming_vastleggen",
    "drie_maanden_na",
    "fase_wijzigen",
    "intake_vastleggen",
    "mogelijke_overgangen",
    "traject_afsluiten",
    "traject_bijwerken",
    "traject_heropenen",
    "zorgactie_bijwerken",
    "zorgactie_toevoegen",
    "zorgoverleg_vastleggen",
]
