"""Access-matrix rows for the wegenkaart screens added later (the first ones are in the main matrix)."""

from __future__ import annotations

from typing import Any

from mensenhandel.toegang import regios_van
from tests.matrixhulp import Rij, rollen


def _contactpersoon_gv(data: dict[str, Any]) -> Any:
    """A contact person of a partner of Gooi en Vechtstreek, entered by its KR."""
    from ketenregie.services import wegenkaart as services

    kr = data["gebruikers"]["kr"]
    partner = services.partner_opslaan(
        door=kr,
        gegevens={"naam": "Veilig Thuis Voorbeeld", "soort": "veilig_thuis", "telefoon": "0800-2000"},
        regios=list(regios_van(kr)),
    )
    return services.contactpersoon_opslaan(
        door=kr, partner=partner, gegevens={"naam": "Contact Voorbeeld", "telefoon": "0800-2000"}
    )


# Like adding one: the KR of a regio the partner serves and the FB; the KR of another
# regio gets 404 (as if it did not exist); AF and ZC only read the wegenkaart (403).
RIJEN: dict[str, Rij] = {
    "ketenregie:contactpersoon_bewerken": Rij(
        rollen(anoniem=302, af=403, zc=403, kr=200, kr_ander=404, fb=200, zonder_rol=403),
        kwargs=lambda d: {"uuid": _contactpersoon_gv(d).uuid},
    ),
}
