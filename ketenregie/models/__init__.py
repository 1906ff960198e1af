"""The ketenregisseur's records: the wegenkaart, the AF network, the basisniveau monitor,
activities, meetings, knelpunten and the half-year's bijzonderheden.

None of it is personal data of victims (signals on a meeting's agenda are referenced,
never copied); it is not written to the access log. Every write goes through
``ketenregie.services``; every record keeps its history.
"""

from ketenregie.models.actiepunten import Actiepunt, Actiestatus
from ketenregie.models.activiteiten import Activiteit, Activiteitsoort, Doelgroep
from ketenregie.models.basisniveau import Basisniveau, Basisniveaupunt, BasisniveauStatus
from ketenregie.models.knelpunten import Bijzonderheden, Knelpunt, Knelpuntstatus, Knelpuntthema
from ketenregie.models.maandpublicaties import Maandpublicatie
from ketenregie.models.netwerk import Aandachtsfunctionaris, Afdeling, Coordinatie
from ketenregie.models.overleggen import Agendasignaal, Overleg, Overlegsoort
from ketenregie.models.wegenkaart import Contactpersoon, Partner, Soort

__all__ = [
    "Aandachtsfunctionaris",
    "Actiepunt",
    "Actiestatus",
    "Activiteit",
    "Activiteitsoort",
    "Afdeling",
    "Agendasignaal",
    "Basisniveau",
    "BasisniveauStatus",
    "Basisniveaupunt",
    "Bijzonderheden",
    "Contactpersoon",
    "Coordinatie",
    "Doelgroep",
    "Knelpunt",
    "Knelpuntstatus",
    "Knelpuntthema",
    "Maandpublicatie",
    "Overleg",
    "Overlegsoort",
    "Partner",
    "Soort",
]
