"""The user's own work list ("Mijn werk", ``mensenhandel.werk``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from mensenhandel import werk as werklijsten
from mensenhandel.http import Verzoek
from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import vereist


@vereist(*Rol)
def werk(request: Verzoek) -> HttpResponse:
    """Every kind of work that waits for the user, each with its first ``WERK_MAX`` entries; the
    records shown are in the access log, as on every list page."""
    items = werklijsten.werklijst(request.user, werklijsten.WERK_MAX)
    toegang_loggen(
        request=request, actie=ToegangsLog.Actie.BEKIJKEN, scherm="werk", getoond=werklijsten.getoond(items)
    )
    return render(
        request,
        "werk/werk.html",
        {"werk": items, "werk_voor_rol": werklijsten.heeft_werk(request.user)},
    )
