"""Retention in zorgcoördinatie (``mensenhandel.bewaren``): trajectories, clients, declined aanmeldingen.

- A *trajectory* is closed on its ``afgesloten_op``. Removing it takes out its free texts (closing
  remark, contact at police or OM), the toelichting of its intake needs, the kind of help of its
  care actions, the text and owner of the agreements of its meetings, the description of its
  aanmeldingen, and every history row of these. Its phase dates, shelter and residence dates,
  aangifte date, forms of exploitation, closing reason and the care actions' domain, provider,
  status and dates stay for the figures.
- A *client* is closed when all their trajectories are, on the last closing date. Removing them
  takes out name, aliases, date of birth, gender, nationalities, language, residence, contact
  wishes, vulnerabilities and the fields of their CoMensha consent, the records of their CoMensha
  exports, and the client's history rows. The dossier number, the responsible gemeente and the
  consent's answer and date stay for the figures.
- A *declined aanmelding* is closed when it was declined. Removing it takes out its description
  and reason and its history rows.

An aanmelding that is open, a trajectory that is not closed and a client with an open trajectory
are never removed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, Max, OuterRef, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from mensenhandel.bewaartermijnen import Termijnsoort
from mensenhandel.bewaren import Bewaarregel, historie_wissen
from mensenhandel.models import Gemeente
from zorgcoordinatie.models import (
    Aanmelding,
    Afspraak,
    Client,
    Clientnaam,
    ComenshaExport,
    IntakeBehoefte,
    Traject,
    Zorgactie,
    Zorgoverleg,
)

__all__ = ["regels"]


# --- Trajectories ---------------------------------------------------------------------------


def _trajecten() -> QuerySet[Traject]:
    return (
        Traject.objects.filter(vernietigd_op__isnull=True, afgesloten_op__isnull=False)
        .annotate(gesloten_op=F("afgesloten_op"))
        .select_related("client__verantwoordelijke_gemeente")
    )


def traject_vernietigen(traject: Traject) -> None:
    pk = traject.pk
    overleggen = list(Zorgoverleg.objects.filter(traject_id=pk).values_list("pk", flat=True))
    IntakeBehoefte.objects.filter(traject_id=pk).update(toelichting="")
    Zorgactie.objects.filter(traject_id=pk).update(soort="")
    Afspraak.objects.filter(overleg_id__in=overleggen).update(omschrijving="", eigenaar="")
    Aanmelding.objects.filter(traject_id=pk).update(omschrijving="", reden_afwijzing="")
    Traject.objects.filter(pk=pk).update(
        afsluittoelichting="", strafrecht_contact="", volgende_evaluatie=None, vernietigd_op=timezone.now()
    )
    historie_wissen(Traject, id=pk)
    historie_wissen(IntakeBehoefte, traject_id=pk)
    historie_wissen(Zorgactie, traject_id=pk)
    historie_wissen(Zorgoverleg, traject_id=pk)
    historie_wissen(Afspraak, overleg_id__in=overleggen)
    historie_wissen(Aanmelding, traject_id=pk)


# --- Clients --------------------------------------------------------------------------------


def _clienten() -> QuerySet[Client]:
    open_traject = Traject.objects.filter(client=OuterRef("pk"), afgesloten_op__isnull=True)
    return (
        Client.objects.filter(vernietigd_op__isnull=True, trajecten__isnull=False)
        .exclude(Exists(open_traject))
        .annotate(gesloten_op=Max("trajecten__afgesloten_op"))
        .select_related("verantwoordelijke_gemeente")
        .prefetch_related("trajecten")
    )


def client_vernietigen(client: Client) -> None:
    pk = client.pk
    ComenshaExport.objects.filter(client_id=pk).delete()
    Clientnaam.objects.filter(client_id=pk).delete()
    Client.objects.filter(pk=pk).update(
        naam="",
        aliassen="",
        geboortedatum=None,
        sleutel_naam_geboortedatum="",
        geslacht=Client.Geslacht.ONBEKEND,
        nationaliteiten="",
        taal="",
        tolk_nodig=False,
        verblijfsstatus=Client.Verblijfsstatus.ONBEKEND,
        brp_gemeente=None,
        verblijfplaats="",
        mag_bellen=None,
        mag_sms=None,
        mag_bezoek=None,
        veilige_tijden="",
        nooit_via="",
        lvb=False,
        psychische_problematiek=False,
        verslaving=False,
        zwangerschap=False,
        overige_kwetsbaarheden="",
        comensha_velden=[],
        vernietigd_op=timezone.now(),
    )
    historie_wissen(Client, id=pk)


# --- Declined aanmeldingen --------------------------------------------------------------------


def _afgewezen() -> QuerySet[Aanmelding]:
    return (
        Aanmelding.objects.filter(
            vernietigd_op__isnull=True, status=Aanmelding.Status.AFGEWEZEN, beantwoord_op__isnull=False
        )
        .annotate(gesloten_op=TruncDate("beantwoord_op"))
        .select_related("regio")
    )


def aanmelding_vernietigen(aanmelding: Aanmelding) -> None:
    Aanmelding.objects.filter(pk=aanmelding.pk).update(
        omschrijving="", reden_afwijzing="", vernietigd_op=timezone.now()
    )
    historie_wissen(Aanmelding, id=aanmelding.pk)


def _traject_gemeente(traject: Traject) -> Gemeente | None:
    return traject.client.verantwoordelijke_gemeente


def _client_regios(client: Client) -> list[int]:
    return sorted({traject.regio_id for traject in client.trajecten.all()})  # prefetched


def _aanmelding_gemeente(aanmelding: Aanmelding) -> Gemeente | None:
    return None  # an aanmelding names a regio, no gemeente


def _referentie(record: Any) -> str:
    if isinstance(record, Traject):
        return f"traject van {record.client.dossiernummer}"
    if isinstance(record, Client):
        return str(record.dossiernummer)
    return f"aanmelding {record.datum:%d-%m-%Y}"


def regels() -> list[Bewaarregel]:
    return [
        Bewaarregel(
            soort=Termijnsoort.TRAJECT,
            model=Traject,
            gesloten=_trajecten,
            regios=lambda traject: [traject.regio_id],
            gemeente=_traject_gemeente,
            vernietigen=traject_vernietigen,
            referentie=_referentie,
            dekt=(Traject, IntakeBehoefte, Zorgactie, Zorgoverleg, Afspraak),
            # A hold on the client holds their trajectories too.
            blokkade_model=Client,
            blokkade_via="client__uuid",
            wat=(
                "Weg: toelichting bij afsluiten, contact bij politie of OM, toelichting bij hulpvragen, "
                "soort hulp, afspraken van zorgoverleggen, omschrijving van aanmeldingen, en alle historie. "
                "Blijft: fasedata, opvang, verblijf, aangifte, vormen, afsluitreden."
            ),
        ),
        Bewaarregel(
            soort=Termijnsoort.CLIENT,
            model=Client,
            gesloten=_clienten,
            regios=_client_regios,
            gemeente=lambda client: client.verantwoordelijke_gemeente,
            vernietigen=client_vernietigen,
            referentie=_referentie,
            dekt=(Client, Clientnaam, ComenshaExport),
            zoeken=lambda nummer: Client.objects.filter(
                dossiernummer=nummer, vernietigd_op__isnull=True
            ).first(),
            wat=(
                "Weg: naam, aliassen (met hun zoeksleutels), geboortedatum, geslacht, nationaliteit, taal, "
                "verblijfplaats, contactwensen, kwetsbaarheden, de gegevens van de CoMensha-toestemming, de"
                " vastleggingen van CoMensha-exports, en alle historie. Blijft: dossiernummer, "
                "verantwoordelijke gemeente, antwoord en datum van de CoMensha-toestemming."
            ),
        ),
        Bewaarregel(
            soort=Termijnsoort.AANMELDING_AFGEWEZEN,
            model=Aanmelding,
            gesloten=_afgewezen,
            regios=lambda aanmelding: [aanmelding.regio_id],
            gemeente=_aanmelding_gemeente,
            vernietigen=aanmelding_vernietigen,
            referentie=_referentie,
            dekt=(Aanmelding,),
            wat="Weg: omschrijving, reden van afwijzen en de historie. Blijft: regio, datum, bron, status.",
        ),
    ]
