"""Access-matrix rows for the rapportage screens.

Only the ketenregisseur of the regio reaches reports. Aandachtsfunctionarissen and
zorgcoördinatoren get 404 on every report URL (as if it did not exist), the functional
administrator and users without a role 403, a ketenregisseur of another regio 404.
"""

from typing import Any

from tests.matrixhulp import Rij, alleen, kr_eigen

# The KR of the regio gets the status; AF and ZC 404 (the record is outside their scope).
RAPPORT_EIGEN = kr_eigen(200, af=404, zc=404)


def _rapport(d: dict[str, Any], *, klaar: bool = False) -> dict[str, Any]:
    from tests.rapportage.hulp import aanvragen, klaar_maken

    rapport = aanvragen(d["gebruikers"]["kr"])
    if klaar:
        rapport = klaar_maken(rapport, opruimen_bij_einde=True)
    return {"uuid": rapport.uuid}


def _post(status: int) -> dict[str, int]:
    return kr_eigen(status, af=404, zc=404)


RIJEN: dict[str, Rij] = {
    "rapportage:start": Rij(alleen("kr")),
    "rapportage:rapport": Rij(RAPPORT_EIGEN, kwargs=_rapport),
    "rapportage:status": Rij(RAPPORT_EIGEN, kwargs=_rapport),
    "rapportage:downloaden": Rij(RAPPORT_EIGEN, kwargs=lambda d: _rapport(d, klaar=True)),
    # The figures of a report that is klaar, gathered for its regio and period (CSV and XLSX).
    "rapportage:export_csv": Rij(RAPPORT_EIGEN, kwargs=lambda d: _rapport(d, klaar=True)),
    "rapportage:export_xlsx": Rij(RAPPORT_EIGEN, kwargs=lambda d: _rapport(d, klaar=True)),
    "rapportage:vaststellen": Rij(_post(302), methode="post", kwargs=lambda d: _rapport(d, klaar=True)),
    # A report still being made: the service refuses (a message and back to the page).
    "rapportage:opnieuw": Rij(_post(302), methode="post", kwargs=_rapport),
    "rapportage:verwijderen": Rij(_post(302), methode="post", kwargs=_rapport),
}
