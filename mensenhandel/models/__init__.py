"""The shared kernel: people, places, roles, the access log and the data lifecycle.

Django finds the models of the app here: every model class is imported below.
"""

from mensenhandel.models.gebruikers import Gebruiker, GebruikerManager
from mensenhandel.models.gegevensbescherming import (
    Afwijkingsdrempels,
    Bewaarblokkade,
    Bewaartermijn,
    Inzageverzoek,
)
from mensenhandel.models.meldingen import Melding, Meldingsvoorkeur
from mensenhandel.models.plaatsen import (
    Gemeente,
    GemeenteGebruikerPermissie,
    Organisatie,
    Regio,
    RegioGebruikerPermissie,
)
from mensenhandel.models.toegang import (
    AppendOnlyQuerySet,
    ToegangsLog,
    Toegangslogtermijn,
    Toegangswijziging,
)
from mensenhandel.models.uitnodigingen import Uitnodiging
from mensenhandel.rollen import Rol

__all__ = [
    "Afwijkingsdrempels",
    "AppendOnlyQuerySet",
    "Bewaarblokkade",
    "Bewaartermijn",
    "Gebruiker",
    "GebruikerManager",
    "Gemeente",
    "GemeenteGebruikerPermissie",
    "Inzageverzoek",
    "Melding",
    "Meldingsvoorkeur",
    "Organisatie",
    "Regio",
    "RegioGebruikerPermissie",
    "Rol",  # re-exported: the role is part of the kernel's model vocabulary
    "ToegangsLog",
    "Toegangslogtermijn",
    "Toegangswijziging",
    "Uitnodiging",
]
