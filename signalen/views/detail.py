"""A signal's page: its details, timeline, persons, stacking, referrals and the forms of the
meldroute's next steps."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from mensenhandel.http import Verzoek
from mensenhandel.models import ToegangsLog
from mensenhandel.toegang import ophalen, vereist
from signalen import services
from signalen.forms import HeropenenForm, NotitieForm, TerugkoppelingForm, WegenForm
from signalen.models import Identificator, Koppeling, Signaal, Status
from signalen.selectors import mag_bewerken, signaal_detail, signalen_leesbaar_voor
from signalen.views.basis import ELDERS, LEZERS, loggen


@vereist(*LEZERS, permissies=["signalen.view_signaal"])
def detail(request: Verzoek, uuid: uuidlib.UUID) -> HttpResponse:
    signaal = ophalen(
        request, signaal_detail(signalen_leesbaar_voor(request.user)), scherm="signalen:detail", uuid=uuid
    )
    return _detail_tonen(request, signaal)


def detail_opnieuw(request: Verzoek, signaal: Signaal, *, status: int, **formulieren: Any) -> HttpResponse:
    """The signal's page again after a failed action, with the action's form as it was sent."""
    volledig = signaal_detail(signalen_leesbaar_voor(request.user)).get(pk=signaal.pk)
    return _detail_tonen(request, volledig, status=status, **formulieren)


def _detail_tonen(
    request: Verzoek,
    signaal: Signaal,
    *,
    status: int = 200,
    notitie: NotitieForm | None = None,
    wegen: WegenForm | None = None,
    heropenen: HeropenenForm | None = None,
    terugkoppeling: tuple[int, TerugkoppelingForm] | None = None,
) -> HttpResponse:
    gebruiker = request.user
    bewerkbaar = mag_bewerken(gebruiker, signaal)
    stapeling = services.stapeling_voor(signaal, gebruiker)
    loggen(request, ToegangsLog.Actie.BEKIJKEN, "signalen:detail", signaal)
    services.gezien_door_eigenaar(signaal, gebruiker)

    mogelijk = services.mogelijke_acties(signaal)
    regels: list[dict[str, Any]] = [
            *(
                {"tijdstip": n.tijdstip, "notitie": True, "tekst": n.tekst, "door": n.auteur,
                 "advies": n.get_advies_gevraagd_aan_display() if n.advies_gevraagd_aan else ""}
                for n in signaal.notities.all()
            ),
            *(
                {"tijdstip": g.tijdstip, "notitie": False, "tekst": g.omschrijving, "door": g.gebruiker}
                for g in signaal.gebeurtenissen.all()
            ),
    ]  # fmt: skip
    tijdlijn = sorted(regels, key=lambda regel: regel["tijdstip"])
    doorverwijzingen = list(signaal.doorverwijzingen.all())
    if bewerkbaar:
        for d in doorverwijzingen:
            if terugkoppeling is not None and terugkoppeling[0] == d.pk:
                d.formulier = terugkoppeling[1]
            elif services.volgende_terugkoppelingen(d):
                d.formulier = TerugkoppelingForm(doorverwijzing=d)
    for koppeling in stapeling.binnen_bereik:
        koppeling.soorten_labels = Identificator.overeenkomst_labels(koppeling.soorten)
        koppeling.te_beoordelen = bewerkbaar and koppeling.beoordeling == Koppeling.Beoordeling.VOORGESTELD
    context = {
        "signaal": signaal,
        "bewerkbaar": bewerkbaar,
        "stapeling": stapeling,
        "aantal_over_persoon": len(stapeling.binnen_bereik) + 1,
        "elders": ELDERS,
        "mogelijk_maximum": settings.STAPELING_MOGELIJK_MAXIMUM,
        "tijdlijn": tijdlijn,
        "doorverwijzingen": doorverwijzingen,
        "mag_verrijken": bewerkbaar and "verrijken" in mogelijk,
        "mag_wegen": bewerkbaar and "wegen" in mogelijk,
        "mag_besluiten": bewerkbaar and "besluiten" in mogelijk,
        "mag_heropenen": bewerkbaar and "heropenen" in mogelijk,
        "mag_wijzigen": bewerkbaar and signaal.status != Status.AFGESLOTEN,
        "notitie_form": notitie or NotitieForm(),
        "wegen_form": wegen
        or WegenForm(
            initial={
                "aard": signaal.aard,
                "ernst": signaal.ernst,
                "risico": signaal.risico,
                "onderbouwing": signaal.weging_onderbouwing,
                "versie": signaal.versie,
            }
        ),
        "heropenen_form": heropenen or HeropenenForm(),
        "afsluitreden": dict(services.Afsluitreden.CHOICES).get(signaal.afsluitreden, signaal.afsluitreden),
    }
    return render(request, "signalen/detail.html", context, status=status)
