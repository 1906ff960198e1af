"""Access-matrix rows for the partner's one-time link (issue 18, point 3).

The AF of the signal's gemeente sends and revokes the link; another gemeente's AF gets 404 and
the other roles 403. The partner's page is public, but without a valid token it is an unknown
page for everyone (404); with one it works (tests/signalen/test_partnerlink.py).
"""

from __future__ import annotations

from typing import Any

from tests.matrixhulp import Rij, af_eigen, rollen

IEDEREEN_404 = rollen(anoniem=404, af=404, zc=404, kr=404, fb=404, zonder_rol=404)


def partnerverwijzing(af: Any, **signaal: Any) -> Any:
    """A signal of ``af`` (with ``signaal``'s details) referred to the police's basisteam (a
    partner, not zorgcoördinatie)."""
    from signalen import services
    from signalen.models import Bestemming
    from tests.signalen.factories import SignaalFactory

    signaal = SignaalFactory(door=af, gewogen=True, **signaal)
    signaal = services.besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[
            services.Verwijzing(
                Bestemming.POLITIE_BASISTEAM, partnerorganisatie="Basisteam Gooi", contactpersoon="J. Jansen"
            )
        ],
        versie=signaal.versie,
    )
    return signaal.doorverwijzingen.get()


def _verwijzing(data: dict[str, Any]) -> dict[str, Any]:
    return {"uuid": partnerverwijzing(data["gebruikers"]["af"]).uuid}


def _vervalst(data: dict[str, Any]) -> dict[str, Any]:
    from signalen.views.partnerlink import pogingen_vergeten

    pogingen_vergeten("127.0.0.1")  # the matrix's calls are not the rate limit's test
    return {"token": "vervalst-" + "x" * 34}


RIJEN: dict[str, Rij] = {
    "signalen:partnerlink": Rij(af_eigen(200), kwargs=_verwijzing),
    # Nothing to revoke yet: the AF is sent back to the signal with that message.
    "signalen:partnerlink_intrekken": Rij(af_eigen(302), methode="post", kwargs=_verwijzing),
    "signalen:partnerantwoord": Rij(IEDEREEN_404, kwargs=_vervalst),
}
