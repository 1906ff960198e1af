"""Access-matrix rows for hits that lead to a person (issue 18, point 1).

AF B (Leeuwarden) and the AF of the matrix (Hilversum) hold the same person: a pair across two
gemeenten. The AF of Hilversum asks for contact from their own signal (another gemeente's AF: 404,
other roles 403); the request that B sent them opens for them only (B, the requester, gets 404);
every ketenregisseur has the list of open hits across gemeenten, the other roles 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.matrixhulp import Rij, af_eigen, alleen

PERSOON = {"soort": "slachtoffer", "naam": "Matrix Contactpersoon", "geboortedatum": date(1991, 7, 7)}


def _paar(data: dict[str, Any]) -> tuple[Any, Any, Any]:
    from signalen.models import Koppeling
    from tests.signalen.factories import SignaalFactory

    gebruikers = data["gebruikers"]
    eigen = SignaalFactory(door=gebruikers["af"], personen=[PERSOON])
    elders = SignaalFactory(door=gebruikers["af_ander"], personen=[PERSOON])
    return eigen, elders, Koppeling.objects.get(signaal_a=eigen, signaal_b=elders)


def _aanvragen(data: dict[str, Any]) -> dict[str, Any]:
    eigen, _, koppeling = _paar(data)
    return {"uuid": eigen.uuid, "koppeling": koppeling.uuid}


def _verzoek(data: dict[str, Any]) -> dict[str, Any]:
    from signalen import services

    _, elders, koppeling = _paar(data)
    af_ander = data["gebruikers"]["af_ander"]
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=elders, door=af_ander)
    return {"uuid": verzoek.uuid}


RIJEN: dict[str, Rij] = {
    "signalen:contact_aanvragen": Rij(af_eigen(302), methode="post", kwargs=_aanvragen),
    "signalen:contactverzoek": Rij(af_eigen(200), kwargs=_verzoek),
    "signalen:treffers": Rij(alleen("kr")),
}
