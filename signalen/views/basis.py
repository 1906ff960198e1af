"""What the signals screens share: the access-log entry, the redirect to a signal's page,
an action on a signal's form, fetching what the user may change, and the stacking message."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.urls import reverse

from mensenhandel.acties import recordactie
from mensenhandel.http import Verzoek
from mensenhandel.models import Rol
from mensenhandel.paginas import gelezen, naar
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import ophalen
from signalen.forms import SignaalFilter
from signalen.models import BetrokkenPersoon, Signaal, Status
from signalen.selectors import personen_bewerkbaar_voor, signalen_bewerkbaar_voor, tellingen_per_status
from signalen.services import Treffers

PER_PAGINA = 25
OBJECT_TYPE = "signalen.Signaal"
ELDERS = (
    "Elders is een signaal over deze persoon bekend; neem contact op met de ketenregisseur "
    "of zorgcoördinator."
)

AF = Rol.AANDACHTSFUNCTIONARIS
LEZERS = (Rol.AANDACHTSFUNCTIONARIS, Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR)


def loggen(
    request: Verzoek,
    actie: str,
    scherm: str,
    signaal: Signaal | None = None,
    *,
    toelichting: str = "",
    getoond: Iterable[tuple[str, object]] = (),
) -> None:
    toegang_loggen(
        request=request,
        actie=actie,
        object_type=OBJECT_TYPE,
        object_id=str(signaal.uuid) if signaal is not None else "",
        scherm=scherm,
        toelichting=toelichting,
        getoond=getoond,
    )


def getoonde_signalen(pagina: Page) -> list[tuple[str, object]]:
    """The signals of a list page, for the access log."""
    return [(OBJECT_TYPE, s.uuid) for s in gelezen(pagina)]


def signaal_url(signaal: Signaal) -> str:
    return reverse("signalen:detail", kwargs={"uuid": signaal.uuid})


def naar_signaal(signaal: Signaal, anker: str = "") -> HttpResponse:
    return naar(signaal_url(signaal), anker)


def signaalactie(
    request: Verzoek,
    form: forms.BaseForm,
    signaal: Signaal,
    actie: Callable[[], object],
    *,
    gelukt: str,
    anker: str = "",
    weigering_anker: str = "",
    vervolg: str | None = None,
) -> HttpResponse | None:
    """``recordactie`` on a signal: a refusal always goes back to the signal's page."""
    return recordactie(
        request,
        form,
        actie,
        url=signaal_url(signaal),
        gelukt=gelukt,
        anker=anker,
        weigering_anker=weigering_anker,
        vervolg=vervolg,
    )


def bewerkbaar(request: Verzoek, uuid: uuidlib.UUID, scherm: str) -> Signaal:
    """The signal, if this user may change it; 404 otherwise (logged as refused)."""
    return ophalen(
        request, signalen_bewerkbaar_voor(request.user).select_related("gemeente"), scherm=scherm, uuid=uuid
    )


def stapeling_melden(request: Verzoek, treffers: Treffers) -> None:
    if aantal := treffers.binnen_bereik:
        messages.warning(
            request,
            f"Stapeling: {aantal} {'ander signaal' if aantal == 1 else 'andere signalen'} over "
            "dezelfde persoon gevonden. Bekijk en beoordeel de overeenkomst bij 'Stapeling'.",
        )
    if treffers.elders:
        messages.warning(request, ELDERS)


def gefilterd(request: Verzoek) -> bool:
    """Whether the list's query carries more than a page number."""
    return any(sleutel != "pagina" for sleutel in request.GET)


def filter_uit(request: Verzoek) -> SignaalFilter:
    """The filter form, bound only when the request carries more than a page number."""
    return SignaalFilter(request.GET if gefilterd(request) else None)


def statustellingen(basis: QuerySet[Signaal], binnen: Q | None = None) -> tuple[list[dict[str, Any]], int]:
    """The counts per status for the list's tabs, and how many rows the filter ``binnen`` keeps
    (all of them without a filter): one query."""
    aantallen, gefilterd = tellingen_per_status(basis, binnen)
    tellingen = [{"status": s.value, "label": s.label, "aantal": aantallen.get(s.value, 0)} for s in Status]
    return tellingen, gefilterd


def persoon_ophalen(request: Verzoek, uuid: uuidlib.UUID, scherm: str) -> BetrokkenPersoon:
    return ophalen(request, personen_bewerkbaar_voor(request.user), scherm=scherm, uuid=uuid)
