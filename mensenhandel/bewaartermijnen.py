"""The kinds of record with a retention term, their defaults, bounds and sources.

Kept free of models so that models, forms and the documentation can name them. A term runs
from the moment the record is closed (each kind says which moment that is) and counts whole
months; an open case is never removed. A regio may set its own term per kind within the
bounds (``mensenhandel.models.Bewaartermijn``); where a record belongs to several regio's, the
longest of their terms applies, so that no regio loses a record it still keeps.

The sources: the policy papers in this project's seeds fix no terms. The one convention they
point to is that of the Zorg- en Veiligheidshuizen, whose privacy protocol keeps case data for
five years after the case is closed. Where a default has no published source, it says so: the
gemeente's privacy officer confirms or changes it in the DPIA of the deployment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Termijnsoort(models.TextChoices):
    SIGNAAL_ZONDER_VERWIJZING = "signaal_zonder_verwijzing", "Signaal afgesloten zonder doorverwijzing"
    SIGNAAL_MET_VERWIJZING = "signaal_met_verwijzing", "Signaal met doorverwijzing of eigen hulp"
    AANMELDING_AFGEWEZEN = "aanmelding_afgewezen", "Aanmelding voor zorgcoördinatie die is afgewezen"
    TRAJECT = "traject", "Traject na afsluiten"
    CLIENT = "client", "Cliënt na afsluiten van het laatste traject"


@dataclass(frozen=True)
class Standaard:
    maanden: int
    minimaal: int
    maximaal: int
    loopt_vanaf: str  # the moment the term starts, in Dutch, for the beheerder and the README
    bron: str  # where the default comes from, in Dutch

    @property
    def jaren(self) -> str:
        return maanden_tekst(self.maanden)


ZVH = (
    "Conventie van de Zorg- en Veiligheidshuizen (privacyprotocol): vijf jaar na het afsluiten van de casus."
)
GEEN_BRON = (
    "Geen gepubliceerde termijn gevonden; keuze van dit project. De functionaris "
    "gegevensbescherming stelt haar vast in de DPIA."
)

STANDAARD: dict[Termijnsoort, Standaard] = {
    Termijnsoort.SIGNAAL_ZONDER_VERWIJZING: Standaard(
        maanden=24,
        minimaal=6,
        maximaal=60,
        loopt_vanaf="het besluit om af te sluiten",
        bron=(
            f"{GEEN_BRON} Twee jaar: lang genoeg om een nieuw signaal over dezelfde persoon nog te "
            "laten stapelen, korter dan een casus die zorg kreeg."
        ),
    ),
    Termijnsoort.SIGNAAL_MET_VERWIJZING: Standaard(
        maanden=60,
        minimaal=12,
        maximaal=120,
        loopt_vanaf="het besluit of, als dat later is, de laatste terugkoppeling van een doorverwijzing",
        bron=ZVH,
    ),
    Termijnsoort.AANMELDING_AFGEWEZEN: Standaard(
        maanden=24,
        minimaal=6,
        maximaal=60,
        loopt_vanaf="het afwijzen van de aanmelding",
        bron=f"{GEEN_BRON} Gelijk aan een signaal dat zonder doorverwijzing is afgesloten.",
    ),
    Termijnsoort.TRAJECT: Standaard(
        maanden=60,
        minimaal=12,
        maximaal=120,
        loopt_vanaf="het afsluiten van het traject",
        bron=ZVH,
    ),
    Termijnsoort.CLIENT: Standaard(
        maanden=60,
        minimaal=12,
        maximaal=120,
        loopt_vanaf=(
            "het afsluiten van het laatste traject van de cliënt (zolang er een traject open is, blijft "
            "alles); de vastleggingen van CoMensha-registraties gaan mee"
        ),
        bron=ZVH,
    ),
}


def maanden_tekst(maanden: int) -> str:
    """'5 jaar', '18 maanden', '1 jaar en 6 maanden'."""
    jaren, rest = divmod(maanden, 12)
    if not rest:
        return f"{jaren} jaar"
    if not jaren:
        return f"{rest} maanden" if rest != 1 else "1 maand"
    return f"{jaren} jaar en {rest} {'maand' if rest == 1 else 'maanden'}"
