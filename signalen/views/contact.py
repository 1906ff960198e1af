"""A hit outside one's reach that leads to a person (issue 18 point 1): "Contact leggen" on a
signal's page, and the page where the other side accepts or declines the request.

Neither page shows anything of the other signal before the request is accepted but the contact
of its aandachtsfunctionaris; the services refuse a request to oneself, about a signal one can
already read, or a second one (``signalen.services.contact``).
"""

from __future__ import annotations

import uuid as uuidlib

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from mensenhandel.acties import Geweigerd, formulierstatus, recordactie
from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.paginas import naar_url
from mensenhandel.toegang import ophalen, vereist
from mensenhandel.views import alleen_post
from signalen import services
from signalen.models import Contactverzoek, Koppeling
from signalen.selectors import signalen_bewerkbaar_voor
from signalen.views.basis import AF, bewerkbaar, loggen, naar_signaal, signaal_url

ANTWOORDEN = [("aannemen", "Aannemen: wij leggen contact"), ("afwijzen", "Afwijzen")]


class ContactverzoekAntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(
        label="Uw antwoord",
        choices=ANTWOORDEN,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies of u het contactverzoek aanneemt of afwijst.",
            "invalid_choice": "Kies of u het contactverzoek aanneemt of afwijst.",
        },
    )


@vereist(AF, permissies=["signalen.change_signaal"])
@alleen_post
def contact_aanvragen(request: Verzoek, uuid: uuidlib.UUID, koppeling: uuidlib.UUID) -> HttpResponse:
    """Send the holder of the pair's other signal a contact request, from one's own signal."""
    signaal = bewerkbaar(request, uuid, "signalen:contact_aanvragen")
    paar = ophalen(
        request,
        Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal)),
        scherm="signalen:contact_aanvragen",
        uuid=koppeling,
    )
    try:
        services.contact_aanvragen(koppeling=paar, signaal=signaal, door=request.user, request=request)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request,
            "Het contactverzoek is verstuurd. De andere gemeente krijgt het in de applicatie en per e-mail "
            "(zonder inhoud); u ziet hier het antwoord.",
        )
    return naar_signaal(signaal, "stapeling")


@vereist(AF, permissies=["signalen.change_signaal"])
def contactverzoek(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    """The request as its addressee sees it: who asks (their contact), about which of one's own
    signals, and the answer; any AF who may edit that signal answers."""
    verzoek = ophalen(
        request,
        Contactverzoek.objects.filter(aan_signaal__in=signalen_bewerkbaar_voor(request.user)).select_related(
            "aan_signaal__gemeente",
            "aangevraagd_door__organisatie",
            "beantwoord_door",
            "koppeling",
        ),
        scherm="signalen:contactverzoek",
        uuid=uuid,
    )
    signaal = verzoek.aan_signaal
    if request.method != "POST":
        loggen(
            request,
            ToegangsLog.Actie.BEKIJKEN,
            "signalen:contactverzoek",
            signaal,
            toelichting=f"contactverzoek {verzoek.uuid} bekeken",
        )
    # Bound on every POST, an empty one too: it must answer with the error, not the blank form.
    form = ContactverzoekAntwoordForm(request.POST if request.method == "POST" else None)
    antwoord = recordactie(
        request,
        form,
        lambda: services.contactverzoek_beantwoorden(
            verzoek=verzoek,
            door=request.user,
            aangenomen=form.cleaned_data["antwoord"] == "aannemen",
            request=request,
        ),
        url=signaal_url(signaal),
        gelukt=(
            "U heeft het contactverzoek beantwoord. Bij ‘Stapeling’ staat wat u nu van de andere kant ziet."
        ),
        anker="stapeling",
        weigering_anker="stapeling",
    )
    if antwoord is not None:
        return antwoord
    context = {
        "verzoek": verzoek,
        "signaal": signaal,
        "form": form,
        "open": verzoek.status == Contactverzoek.Status.OPEN,
        "terug": naar_url(signaal_url(signaal), "stapeling"),
    }
    return render(request, "signalen/contactverzoek.html", context, status=formulierstatus(request, form))
