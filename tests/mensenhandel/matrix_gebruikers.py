"""Access-matrix rows for the beheerder's user pages and the invited user's link (issue 17, point 7)."""

from __future__ import annotations

from typing import Any

from tests.matrixhulp import Rij, alleen, rollen


def _uuid_van(profiel: str) -> Any:
    return lambda data: {"uuid": data["gebruikers"][profiel].uuid}


# An unknown link, and the password step without an opened invitation in the session: the same
# Dutch page ("Deze link werkt niet meer", 410) for everyone, logged in or not.
LINK_WERKT_NIET = rollen(anoniem=410, af=410, zc=410, kr=410, fb=410, zonder_rol=410)

RIJEN: dict[str, Rij] = {
    "beheerder:gebruikers": Rij(alleen("fb")),
    "beheerder:gebruiker_nieuw": Rij(alleen("fb")),
    "beheerder:gebruiker": Rij(alleen("fb"), kwargs=_uuid_van("af")),
    # The beheerder deactivates the KR of Fryslân (called before the beheerder's turn by that KR,
    # who is refused then); back to the user's page.
    "beheerder:gebruiker_deactiveren": Rij(alleen("fb", 302), methode="post", kwargs=_uuid_van("kr_ander")),
    # On an active user, a user who accepted their invitation, a user without an open one: the
    # service refuses, a message and back to the user's page.
    "beheerder:gebruiker_heractiveren": Rij(alleen("fb", 302), methode="post", kwargs=_uuid_van("af")),
    "beheerder:uitnodiging_versturen": Rij(alleen("fb", 302), methode="post", kwargs=_uuid_van("af")),
    "beheerder:uitnodiging_intrekken": Rij(alleen("fb", 302), methode="post", kwargs=_uuid_van("af")),
    "uitnodiging": Rij(LINK_WERKT_NIET, kwargs=lambda data: {"token": "x" * 43}),
    "uitnodiging_wachtwoord": Rij(LINK_WERKT_NIET),
}
