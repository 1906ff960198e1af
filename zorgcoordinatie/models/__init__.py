"""Clients and their care trajectories, from aanmelding to afsluiting.

Every write goes through ``zorgcoordinatie.services``; reads through
``zorgcoordinatie.selectors``. URLs use the opaque ``uuid``. Django finds the models of
the app here: every model class is imported below.
"""

from zorgcoordinatie.models.aanmelding import Aanmelding
from zorgcoordinatie.models.client import (
    Client,
    Clientnaam,
    ComenshaExport,
    ComenshaVeld,
    Dossierteller,
    namen_van,
)
from zorgcoordinatie.models.traject import Fase, Traject
from zorgcoordinatie.models.zorg import (
    OPEN_ZORGACTIE,
    Afspraak,
    IntakeBehoefte,
    JaNeeOnbekend,
    Levensdomein,
    Zorgactie,
    Zorgoverleg,
)

__all__ = [
    "OPEN_ZORGACTIE",
    "Aanmelding",
    "Afspraak",
    "Client",
    "Clientnaam",
    "ComenshaExport",
    "ComenshaVeld",
    "Dossierteller",
    "Fase",
    "IntakeBehoefte",
    "JaNeeOnbekend",
    "Levensdomein",
    "Traject",
    "Zorgactie",
    "Zorgoverleg",
    "namen_van",
]
