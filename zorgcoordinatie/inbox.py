"""The zorgcoördinator's inbox: the open aanmeldingen of her regio's, of two kinds (referrals
from signals, and direct aanmeldingen), the oldest first, on her start page and on a page per
kind.

Its rows are read as values and made into ``Inboxregel``s with the texts the tables print: a
referral read as a model brought its signal, gemeente and regio as three more objects, and the
template worked out dates, labels and links per row; together that cost more than the query
(issue 16).
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from mensenhandel.models import Gebruiker
from mensenhandel.paginas import uuid_url
from mensenhandel.periode import datum_tekst
from signalen.keuzes import VORM_VELDEN, vormlabels
from zorgcoordinatie.models import Aanmelding
from zorgcoordinatie.selectors import open_aanmeldingen_voor, open_doorverwijzingen_voor

UIT_SIGNALEN = "signalen"
DIRECT = "direct"
NAMEN = {UIT_SIGNALEN: "Aanmeldingen uit signalen", DIRECT: "Directe aanmeldingen"}
AANMELDING = "zorgcoordinatie.Aanmelding"
SIGNAAL = "signalen.Signaal"

_VELDEN = {
    UIT_SIGNALEN: (
        "uuid",
        "datum",
        "regio__naam",
        "signaal__uuid",
        "signaal__referentie",
        "signaal__gemeente__naam",
        *(f"signaal__{veld}" for veld in VORM_VELDEN.values()),
    ),
    DIRECT: ("uuid", "datum", "bron", "bronorganisatie", "regio__naam"),
}


@dataclass(frozen=True)
class Inboxregel:
    getoond: tuple[str, uuidlib.UUID]  # what the access log names: the referred signal, or the aanmelding
    url: str  # to answer it
    aangemeld: str  # "3 februari 2026"
    regio: str
    # A referral from a signal:
    referentie: str = ""
    gemeente: str = ""
    vormen: str = ""
    # A direct aanmelding:
    door: str = ""
    organisatie: str = ""


def open_rijen(gebruiker: Gebruiker, soort: str) -> QuerySet[Any]:
    """The open aanmeldingen of one kind, the oldest first (a partial index each), as values."""
    basis = (
        open_doorverwijzingen_voor(gebruiker) if soort == UIT_SIGNALEN else open_aanmeldingen_voor(gebruiker)
    )
    return basis.order_by("datum", "id").values(*_VELDEN[soort])


def inboxregels(soort: str, rijen: Iterable[dict[str, Any]]) -> list[Inboxregel]:
    if soort == UIT_SIGNALEN:
        url = uuid_url("zorgcoordinatie:doorverwijzing_beantwoorden")
        return [
            Inboxregel(
                getoond=(SIGNAAL, r["signaal__uuid"]),
                url=url(r["uuid"]),
                aangemeld=datum_tekst(r["datum"]),
                regio=r["regio__naam"],
                referentie=r["signaal__referentie"],
                gemeente=r["signaal__gemeente__naam"],
                vormen=", ".join(vormlabels({veld: r[f"signaal__{veld}"] for veld in VORM_VELDEN.values()})),
            )
            for r in rijen
        ]
    bronnen, url = dict(Aanmelding.Bron.choices), uuid_url("zorgcoordinatie:aanmelding_beantwoorden")
    return [
        Inboxregel(
            getoond=(AANMELDING, r["uuid"]),
            url=url(r["uuid"]),
            aangemeld=datum_tekst(r["datum"]),
            regio=r["regio__naam"],
            door=str(bronnen.get(r["bron"], r["bron"])),
            organisatie=r["bronorganisatie"],
        )
        for r in rijen
    ]
