"""The ketenregisseur's list of open hits across gemeenten (issue 18 point 1): reference,
gemeente, date of the hit and the state of the contact request; no persons, also with casework
off, so that a match that stalls can be brokered."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mensenhandel.http import Verzoek
from mensenhandel.models import Rol, ToegangsLog
from mensenhandel.paginas import gelezen, zonder_pagina
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import vereist
from signalen.models import Contactverzoek, Koppeling
from signalen.selectors import GEEN_VERZOEK, treffers_tussen_gemeenten_voor_kr

PER_PAGINA = 50
# A hit older than this without contact made is marked as stalled on the list.
WACHTDAGEN = 14
VERZOEK_KEUZES = [
    ("", "Alle"),
    (GEEN_VERZOEK, "Nog geen contactverzoek"),
    *Contactverzoek.Status.choices,
]


class TrefferfilterForm(forms.Form):
    verzoek = forms.ChoiceField(label="Contactverzoek", choices=VERZOEK_KEUZES, required=False)
    sterkte = forms.ChoiceField(
        label="Overeenkomst", choices=[("", "Alle"), *Koppeling.Sterkte.choices], required=False
    )


@vereist(Rol.KETENREGISSEUR)
def treffers(request: Verzoek) -> HttpResponse:
    form = TrefferfilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rijen = treffers_tussen_gemeenten_voor_kr(
        request.user, verzoek=filters.get("verzoek", ""), sterkte=filters.get("sterkte", "")
    )
    pagina = Paginator(rijen, PER_PAGINA).get_page(request.GET.get("pagina"))
    vandaag = timezone.localdate()
    for koppeling in gelezen(pagina):
        koppeling.dagen = (vandaag - timezone.localdate(koppeling.gevonden_op)).days
        koppeling.verzoekstatus_label = (
            Contactverzoek.Status(koppeling.verzoekstatus).label
            if koppeling.verzoekstatus
            else "Nog geen verzoek"
        )
    toegang_loggen(
        request=request,
        actie=ToegangsLog.Actie.BEKIJKEN,
        object_type="signalen.Koppeling",
        scherm="signalen:treffers",
        getoond=[("signalen.Koppeling", k.uuid) for k in pagina],
    )
    context = {
        "pagina": pagina,
        "form": form,
        "zoekopdracht": zonder_pagina(request.GET),
        "wachtdagen": WACHTDAGEN,
    }
    return render(request, "signalen/treffers_kr.html", context)
