"""Screens of zorgcoördinatie: the caseload with the inbox, answering an aanmelding, and a
trajectory's page with its actions.

Views read through ``zorgcoordinatie.selectors`` and write through
``zorgcoordinatie.services``, with the kernel's form flow (``mensenhandel.acties``): a
validation error re-renders the form with the input kept (400), a version conflict with
the conflict message (409). A user who may read but not edit a trajectory gets a message
and is sent back to its page; any other refusal of a service (a phase that cannot start,
closing on unmet criteria) is shown on the form (400). Views of one record answer an
aandachtsfunctionaris 404: see ``views.basis.ZC_MET_404_VOOR_AF``.
"""

from zorgcoordinatie.views.aanmelding import (
    aanmelding_beantwoorden,
    aanmelding_nieuw,
    doorverwijzing_beantwoorden,
    inbox,
    start,
)
from zorgcoordinatie.views.client import (
    client,
    client_bewerken,
    clienten,
    comensha_export,
    comensha_toestemming,
)
from zorgcoordinatie.views.traject import (
    afsluiten,
    blokkade_aanvragen,
    fase_wijzigen,
    heropenen,
    traject,
    traject_bewerken,
)
from zorgcoordinatie.views.zorg import (
    afspraak_afronden,
    intake,
    zorgactie_bewerken,
    zorgactie_toevoegen,
    zorgoverleg_toevoegen,
)

__all__ = [
    "aanmelding_beantwoorden",
    "aanmelding_nieuw",
    "afsluiten",
    "afspraak_afronden",
    "blokkade_aanvragen",
    "client",
    "client_bewerken",
    "clienten",
    "comensha_export",
    "comensha_toestemming",
    "doorverwijzing_beantwoorden",
    "fase_wijzigen",
    "heropenen",
    "inbox",
    "intake",
    "start",
    "traject",
    "traject_bewerken",
    "zorgactie_bewerken",
    "zorgactie_toevoegen",
    "zorgoverleg_toevoegen",
]
