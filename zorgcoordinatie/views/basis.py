"""What the zorgcoördinatie screens share: who may come in, fetching a record in scope,
the edit check, an action on a trajectory's form, and the page with one form for a trajectory."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from mensenhandel.acties import formulierstatus, recordactie
from mensenhandel.http import Verzoek
from mensenhandel.inzage import beperkt_melding
from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.paginas import naar
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import ophalen
from zorgcoordinatie.models import Client, Traject
from zorgcoordinatie.selectors import (
    clienten_leesbaar_voor,
    mag_traject_bewerken,
    trajecten_bewerkbaar_voor,
    trajecten_leesbaar_voor,
)

ZC = Rol.ZORGCOORDINATOR
AF = Rol.AANDACHTSFUNCTIONARIS
KR = Rol.KETENREGISSEUR

# The declaration of the views of one record (an aanmelding, a trajectory, a client, ...):
# only a zorgcoördinator works there, but an aandachtsfunctionaris must get 404, as if the
# record did not exist, the same answer as a zorgcoördinator of another regio (issue 4: "an
# AF gets 404 on every trajectory URL"), not the 403 that ``@vereist`` gives a role it does
# not list and that would confirm the URL names a record. So the AF passes the declaration
# and the view's scoped queryset, which is empty for an AF (``zorgcoordinatie.selectors``),
# answers 404. An AF never reads or changes anything here; the access matrix
# (``zc_eigen`` in tests/test_toegangsmatrix.py) pins these answers.
ZC_MET_404_VOOR_AF = (ZC, AF)

TRAJECT = "zorgcoordinatie.Traject"
CLIENT = "zorgcoordinatie.Client"
NIET_MET_CLIENT = "Alleen de verantwoordelijke zorgcoördinator of de achtervang werkt met deze cliënt."
NIET_MET_CLIENT = "Alleen de verantwoordelijke zorgcoördinator of de achtervang werkt met deze cliënt."
NIET_BEWERKEN = "Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt dit traject."


def loggen(
    request: HttpRequest,
    scherm: str,
    object_type: str = "",
    object_id: object = "",
    actie: str = ToegangsLog.Actie.BEKIJKEN,
    *,
    getoond: Iterable[tuple[str, object]] = (),
) -> None:
    toegang_loggen(
        request=request,
        actie=actie,
        object_type=object_type,
        object_id=str(object_id),
        scherm=scherm,
        getoond=getoond,
    )


def traject_url(traject: Traject) -> str:
    return reverse("zorgcoordinatie:traject", kwargs={"uuid": traject.uuid})


def naar_traject(traject: Traject, anker: str = "") -> HttpResponse:
    return naar(traject_url(traject), anker)


def trajectactie(
    request: Verzoek,
    form: forms.BaseForm,
    traject: Traject,
    actie: Callable[[], object],
    *,
    gelukt: str,
    anker: str = "",
    weigering_anker: str | None = None,
) -> HttpResponse | None:
    """``recordactie`` on a trajectory."""
    return recordactie(
        request,
        form,
        actie,
        url=traject_url(traject),
        gelukt=gelukt,
        anker=anker,
        weigering_anker=weigering_anker,
    )


def traject_ophalen(request: Verzoek, uuid: uuidlib.UUID, scherm: str, *prefetch: str) -> Traject:
    """The trajectory if the user may read it; 404 otherwise (logged as refused)."""
    leesbaar = trajecten_leesbaar_voor(request.user).select_related("client", "regio")
    return ophalen(request, leesbaar.prefetch_related(*prefetch), scherm=scherm, uuid=uuid)


def niet_bewerkbaar(request: Verzoek, traject: Traject) -> HttpResponse | None:
    """A zorgcoördinator of the regio reads, only the responsible one and the backup edit."""
    if mag_traject_bewerken(request.user, traject):
        return None
    messages.error(request, _beperkt(traject.client) or NIET_BEWERKEN)
    return naar_traject(traject)


def kwetsbaarheden(client: Client) -> list[str]:
    """The client's vulnerabilities that are ticked, as the pages name them."""
    return [
        label
        for veld, label in [
            ("lvb", "Licht verstandelijke beperking"),
            ("psychische_problematiek", "Psychische problematiek"),
            ("verslaving", "Verslaving"),
            ("zwangerschap", "Zwangerschap"),
        ]
        if getattr(client, veld)
    ]


def _beperkt(client: Client) -> str:
    """The message for a client whose processing is restricted (art. 18 AVG); empty otherwise."""
    if client.verwerking_beperkt_op is None:
        return ""
    return beperkt_melding("deze cliënt", client.verwerking_beperkt_op)


def client_niet_bewerkbaar(request: Verzoek, client: Client, traject: Traject) -> HttpResponse | None:
    """Only the responsible zorgcoördinator or the backup of one of the client's trajectories."""
    if trajecten_bewerkbaar_voor(request.user).filter(client=client).exists():
        return None
    messages.error(
        request,
        _beperkt(client) or NIET_MET_CLIENT,
    )
    return naar_traject(traject)


def client_ophalen(request: Verzoek, uuid: uuidlib.UUID, scherm: str) -> tuple[Client, Traject]:
    """The client if the user may read one of their trajectories, with the latest of those."""
    client = ophalen(request, clienten_leesbaar_voor(request.user), scherm=scherm, uuid=uuid)
    traject = trajecten_leesbaar_voor(request.user).filter(client=client).order_by("-id").first()
    if traject is None:  # a readable client always has a readable trajectory
        raise Http404
    traject.client = client
    return client, traject


def formulierpagina(
    request: Verzoek,
    traject: Traject,
    form: forms.BaseForm,
    opslaan: Callable[[], object],
    *,
    template: str,
    titel: str,
    succes: str,
    anker: str = "",
    scherm: str,
    **extra: Any,
) -> HttpResponse:
    """A page with one form for a trajectory: save through ``opslaan`` or show what is wrong."""
    if antwoord := trajectactie(request, form, traject, opslaan, gelukt=succes, anker=anker):
        return antwoord
    if request.method != "POST":
        loggen(request, scherm, TRAJECT, traject.uuid)
    status = formulierstatus(request, form)
    context = {
        "traject": traject,
        "client": traject.client,
        "form": form,
        "titel": titel,
        "conflict": status == 409,
        **extra,
    }
    return render(request, template, context, status=status)
