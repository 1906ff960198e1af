"""The zorgcoördinator's caseload: the open trajectories of her regio's, counted per phase and
shown a page at a time, newest first, on her start page.

Like the inbox (``zorgcoordinatie.inbox``), its rows are read as values and made into
``Caseloadregel``s with the texts the table prints: 25 trajectories with their clients and
responsible users made into objects cost twice the query, and the template worked out phases,
dates and links per row (issue 16).
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from mensenhandel.paginas import uuid_url
from mensenhandel.periode import datum_tekst
from zorgcoordinatie.models.traject import FASEVELDEN, open_fasen
from zorgcoordinatie.selectors import trajecten_leesbaar_voor

AFGESLOTEN_DAGEN = 365  # the caseload counts the trajectories closed in this many days


@dataclass(frozen=True)
class Caseloadregel:
    """What the caseload prints of a trajectory."""

    uuid: uuidlib.UUID
    url: str
    dossiernummer: str
    naam: str  # the client's
    verantwoordelijke: str
    fasen: str  # "Intake, Hulpverlening", or "—"
    evaluatie: str  # the next evaluation's date, or "—"
    evaluatie_verlopen: bool


class _GeteldePaginator(Paginator[Any]):
    """Pages of a queryset whose length is already known: it asks no COUNT(*) again."""

    def __init__(self, rijen: QuerySet[Any], per_pagina: int, aantal: int) -> None:
        super().__init__(rijen, per_pagina)
        self._aantal = aantal

    @cached_property
    def count(self) -> int:
        return self._aantal


def caseload(
    gebruiker: Any,
    pagina: int | str | None = 1,
    per_pagina: int = 25,
    *,
    tellingen: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Counts per phase of the region's open trajectories (``caseloadtellingen``, unless given:
    the start page keeps them for a minute) and one page of them: 2 queries, whatever the size
    of the regio (issue 16). What needs the zorgcoördinator's attention is her work list
    (``zorgcoordinatie.werk``), not part of the caseload.

    The page reads its 25 trajectories, newest first, with only the columns it prints (a partial
    index on the open ones of a regio). Reading every open trajectory's id and flags into Python to
    count and page them cost more (about 2,000 rows a regio at national scale). Every query leaves
    the destroyed and restricted clients out as a small set (``bewaarde_trajecten``), without
    joining every client."""
    if tellingen is None:
        tellingen = caseloadtellingen(gebruiker)
    basis = trajecten_leesbaar_voor(gebruiker).filter(afgesloten_op__isnull=True)
    # Only the columns the page prints.
    rijen = basis.order_by("-id").values(
        "uuid",
        "client__dossiernummer",
        "client__naam",
        "verantwoordelijke__naam",
        "volgende_evaluatie",
        *FASEVELDEN,
    )
    deze = _GeteldePaginator(rijen, per_pagina, tellingen["totaal"]).get_page(pagina)
    deze.object_list = caseloadregels(deze.object_list)
    return {"tellingen": tellingen, "pagina": deze, "trajecten": basis}


def caseloadregels(rijen: Iterable[dict[str, Any]]) -> list[Caseloadregel]:
    url, vandaag = uuid_url("zorgcoordinatie:traject"), timezone.localdate()
    return [
        Caseloadregel(
            uuid=r["uuid"],
            url=url(r["uuid"]),
            dossiernummer=r["client__dossiernummer"],
            naam=r["client__naam"],
            verantwoordelijke=r["verantwoordelijke__naam"] or "",
            fasen=", ".join(str(f.label) for f in open_fasen(**{v: r[v] for v in FASEVELDEN})) or "—",
            evaluatie=datum_tekst(r["volgende_evaluatie"]) if r["volgende_evaluatie"] else "—",
            evaluatie_verlopen=bool(r["volgende_evaluatie"] and r["volgende_evaluatie"] < vandaag),
        )
        for r in rijen
    ]


def caseloadtellingen(gebruiker: Any) -> dict[str, int]:
    """The caseload's counts, in one aggregate: the open trajectories per phase, all open ones, and
    those closed in the last twelve months (a count of every trajectory ever closed grew with the
    years, and is no part of a caseload), over the rows the index on (regio, afgesloten_op) gives
    for "open" and "closed recently"."""
    vandaag = timezone.localdate()
    open_ = Q(afgesloten_op__isnull=True)
    recent = Q(afgesloten_op__gt=vandaag - timedelta(days=AFGESLOTEN_DAGEN))
    return (
        trajecten_leesbaar_voor(gebruiker)
        .filter(open_ | recent)
        .aggregate(
            intake=Count("pk", filter=open_ & Q(intake_start__isnull=False, intake_eind__isnull=True)),
            hulpverlening=Count(
                "pk", filter=open_ & Q(hulpverlening_start__isnull=False, hulpverlening_eind__isnull=True)
            ),
            afronding=Count("pk", filter=open_ & Q(afronding_start__isnull=False)),
            totaal=Count("pk", filter=open_),
            afgesloten=Count("pk", filter=recent),
        )
    )
