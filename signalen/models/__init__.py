"""Signals of possible trafficking and their meldroute.

Every write goes through ``signalen.services``; reads through ``signalen.selectors``.
Public URLs use the signal's ``uuid``, never the database id or the reference. Django finds
the models of the app here: every model class is imported below.
"""

from signalen.keuzes import (
    VORM_VELDEN,
    Bestemming,
    Bron,
    JaNeeOnbekend,
    Kanaal,
    Melder,
    Reikwijdte,
    Risico,
    Sector,
    Status,
    Uitbuitingsvorm,
)
from signalen.models.meldroute import (
    WACHTEND,
    Doorverwijzing,
    Gebeurtenis,
    MelderTerugkoppeling,
    Notitie,
    Overlegbesluit,
    Partnerlink,
    Wisverzoek,
)
from signalen.models.signaal import (
    HUISNUMMER,
    POSTCODE,
    BetrokkenPersoon,
    Indicator,
    Referentieteller,
    Signaal,
)
from signalen.models.stapeling import Contactverzoek, Identificator, Koppeling

__all__ = [
    "HUISNUMMER",
    "POSTCODE",
    "VORM_VELDEN",
    "WACHTEND",
    "Bestemming",
    "BetrokkenPersoon",
    "Bron",
    "Contactverzoek",
    "Doorverwijzing",
    "Gebeurtenis",
    "Identificator",
    "Indicator",
    "JaNeeOnbekend",
    "Kanaal",
    "Koppeling",
    "Melder",
    "MelderTerugkoppeling",
    "Notitie",
    "Overlegbesluit",
    "Partnerlink",
    "Referentieteller",
    "Reikwijdte",
    "Risico",
    "Sector",
    "Signaal",
    "Status",
    "Uitbuitingsvorm",
    "Wisverzoek",
]
