"""Every write of signals: registration, the meldroute, referrals and stacking.

Each service checks that the user may act on the signal, validates, owns its
transaction, and writes a ``Gebeurtenis`` for the signal's timeline. A refused step
raises ``Geweigerd`` with a message fit to show the user.

One module per subdomain; everything other apps and the tests use is importable from
here, as ``signalen.services.X``:

- ``registratie``: registering a signal and changing its details;
- ``personen``: the persons involved;
- ``stapeling``: identifiers, pairs of signals about the same person, their review;
- ``contact``: whom to call about a hit outside one's reach, the contact request and its answer;
- ``besluitvorming``: the meldroute's steps (note, weighing, decision, reopening); the
  meldroute's transition table is ``signalen.meldroute``;
- ``terugkoppeling``: feedback on referrals, the zorgcoördinator's answer;
- ``partnerlink``: the partner's one-time link to answer a referral;
- ``overlegbesluiten``: decisions of chain meetings;
- ``gegevens``: the typed input of the signal and person forms.
"""

from __future__ import annotations

from mensenhandel.acties import Geweigerd, VersieConflict
from signalen.meldroute import OVERGANGEN, WEIGERINGEN, mogelijke_acties
from signalen.services.basis import gezien_door_eigenaar, nieuws_melden
from signalen.services.besluitvorming import (
    Afsluitreden,
    Verwijzing,
    besluit_nemen,
    notitie_toevoegen,
    signaal_heropenen,
    signaal_wegen,
)
from signalen.services.contact import (
    TrefferElders,
    contact_aanvragen,
    contactpersonen,
    contactverzoek_beantwoorden,
    contactverzoek_mailen,
    treffers_elders,
)
from signalen.services.gegevens import PERSOONVELDEN, SIGNAALVELDEN, PersoonGegevens, SignaalGegevens
from signalen.services.overlegbesluiten import (
    WEIGERING_OVERLEGBESLUIT,
    mag_overlegbesluit_vastleggen,
    overlegbesluit_vastleggen,
)
from signalen.services.partnerlink import (
    open_partnerlink,
    partnerlink_beantwoorden,
    partnerlink_bij_token,
    partnerlink_intrekken,
    partnerlink_versturen,
)
from signalen.services.personen import (
    persoon_bijwerken,
    persoon_toevoegen,
    persoon_valideren,
    persoon_verwijderen,
)
from signalen.services.registratie import signaal_bijwerken, signaal_registreren
from signalen.services.stapeling import (
    Stapeling,
    Treffers,
    identificatoren_van,
    koppeling_beoordelen,
    stapelen,
    stapeling_voor,
)
from signalen.services.terugkoppeling import (
    DATUMVELD,
    MELDER_ANONIEM,
    TERUGKOPPELING_VOLGORDE,
    TERUGKOPPELING_ZC_MELDING,
    aanmelding_beantwoorden,
    melder_terugkoppeling_vastleggen,
    terugkoppeling_vastleggen,
    volgende_terugkoppelingen,
    zorgtraject_afgerond,
)
from signalen.services.wissen import wisverzoek_beoordelen, wisverzoek_indienen

__all__ = [
    "DATUMVELD",
    "MELDER_ANONIEM",
    "OVERGANGEN",
    "PERSOONVELDEN",
    "SIGNAALVELDEN",
    "TERUGKOPPELING_VOLGORDE",
    "TERUGKOPPELING_ZC_MELDING",
    "WEIGERINGEN",
    "WEIGERING_OVERLEGBESLUIT",
    "Afsluitreden",
    "Geweigerd",
    "PersoonGegevens",
    "SignaalGegevens",
    "Stapeling",
    "TrefferElders",
    "Treffers",
    "VersieConflict",
    "Verwijzing",
    "aanmelding_beantwoorden",
    "besluit_nemen",
    "contact_aanvragen",
    "contactpersonen",
    "contactverzoek_beantwoorden",
    "contactverzoek_mailen",
    "gezien_door_eigenaar",
    "identificatoren_van",
    "koppeling_beoordelen",
    "mag_overlegbesluit_vastleggen",
    "melder_terugkoppeling_vastleggen",
    "mogelijke_acties",
    "nieuws_melden",
    "notitie_toevoegen",
    "open_partnerlink",
    "overlegbesluit_vastleggen",
    "partnerlink_beantwoorden",
    "partnerlink_bij_token",
    "partnerlink_intrekken",
    "partnerlink_versturen",
    "persoon_bijwerken",
    "persoon_toevoegen",
    "persoon_valideren",
    "persoon_verwijderen",
    "signaal_bijwerken",
    "signaal_heropenen",
    "signaal_registreren",
    "signaal_wegen",
    "stapelen",
    "stapeling_voor",
    "terugkoppeling_vastleggen",
    "treffers_elders",
    "volgende_terugkoppelingen",
    "wisverzoek_beoordelen",
    "wisverzoek_indienen",
    "zorgtraject_afgerond",
]
