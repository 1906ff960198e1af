"""What the AF's list prints of a signal (``templates/signalen/start.html``), made in Python.

The template printed the same from the signal itself, and each row cost 200 microseconds there:
some 25 lookups, two date filters, a URL and five conditions, each through the template
engine; 25 rows were two thirds of rendering the page (issue 16). A ``Lijstregel`` holds the
row's texts, so the template only prints them, and the conditions are plain Python that a test
reads.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from mensenhandel.paginas import uuid_url
from mensenhandel.periode import datum_tekst
from signalen.models import Signaal, Status
from signalen.models.signaal import melder_grens

URGENT = ("danger", "Urgent")
NIEUW_SINDS_U_KEEK = ("valid", "Nieuw sinds u keek")
TERUGKOPPELING_TE_LAAT = ("warning", "Terugkoppeling te laat")
MELDER_WACHT = ("warning", "Melder wacht op terugkoppeling")
OPNIEUW_BEKIJKEN = ("warning", "Opnieuw bekijken")


@dataclass(frozen=True)
class Lijstregel:
    uuid: uuidlib.UUID
    url: str
    referentie: str
    geregistreerd: str  # "3 februari 2026"
    gemeente: str
    vormen: str
    status: str  # its label
    status_badge: str
    opnieuw_bekijken_op: str  # a running signal's look-again date, else ""
    aandacht: tuple[tuple[str, str], ...]  # (badge, text) of what asks for attention


def lijstregels(signalen: Iterable[Signaal], gebruiker_id: int, vandaag: date) -> list[Lijstregel]:
    """The rows of signals read by ``signalen.selectors.met_wachttijd`` (with its annotations
    ``wacht_te_lang`` and ``gemeente_naam``)."""
    # Worked out once for the page, not per row: the reporter's deadline, and the signal page's
    # URL with a place for the id (``reverse`` per row was a third of the rows' time).
    grens, url = melder_grens(), uuid_url("signalen:detail")
    return [_regel(s, gebruiker_id, vandaag, grens, url) for s in signalen]


def _regel(
    signaal: Signaal, gebruiker_id: int, vandaag: date, grens: date, url: Callable[[uuidlib.UUID], str]
) -> Lijstregel:
    lopend_tot = signaal.monitoren_tot if signaal.status == Status.LOPEND else None
    aandacht = [
        (signaal.acuut_gevaar, URGENT),
        (signaal.geregistreerd_door_id == gebruiker_id and signaal.nieuws_voor_eigenaar, NIEUW_SINDS_U_KEEK),
        (getattr(signaal, "wacht_te_lang", False), TERUGKOPPELING_TE_LAAT),
        (signaal.melder_wacht_sinds_voor(grens), MELDER_WACHT),
        (lopend_tot is not None and lopend_tot <= vandaag, OPNIEUW_BEKIJKEN),
    ]
    return Lijstregel(
        uuid=signaal.uuid,
        url=url(signaal.uuid),
        referentie=signaal.referentie,
        geregistreerd=datum_tekst(signaal.datum_geregistreerd),
        gemeente=signaal.gemeente_naam,  # type: ignore[attr-defined]  # met_wachttijd's annotation
        vormen=", ".join(signaal.uitbuitingsvormen_labels),
        status=str(signaal.get_status_display()),
        status_badge=signaal.status_badge,
        opnieuw_bekijken_op=datum_tekst(lopend_tot) if lopend_tot else "",
        aandacht=tuple(badge for geldt, badge in aandacht if geldt),
    )
