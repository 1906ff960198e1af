"""Every read of clients and trajectories, scoped to the user who asks.

Zorgcoördinatoren read the trajectories of their regio's; the responsible one and the
backup (achtervang) edit. A ketenregisseur reads them only where the regio allows
casework. Aandachtsfunctionarissen and the functional administrator read none.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.periode import datum_tekst
from mensenhandel.toegang import heeft_rol, regio_ids_van, regios_met_casuistiek_voor_kr
from signalen.models import WACHTEND, Doorverwijzing
from signalen.selectors import aanmeldingen_voor_zc
from zorgcoordinatie.models import (
    OPEN_ZORGACTIE,
    Aanmelding,
    Afspraak,
    Client,
    ComenshaExport,
    Traject,
    Zorgactie,
    Zorgoverleg,
)


def bewaarde_trajecten() -> QuerySet[Traject]:
    """Trajectories whose personal data (and their client's) is kept: what any page shows. Those
    whose retention term removed it (``zorgcoordinatie.bewaren``) count in the figures only.

    The clients left out are named as a small set (a partial index), not found by joining every
    client of the database to the trajectories asked for (issue 16)."""
    vernietigd = Client.objects.filter(vernietigd_op__isnull=False).values("pk")
    return Traject.objects.filter(vernietigd_op__isnull=True).exclude(client_id__in=vernietigd)


def niet_beperkt() -> Q:
    """Trajectories of a client whose processing is not restricted (art. 18 AVG); as above, the
    restricted clients are read as a small set."""
    return ~Q(client_id__in=Client.objects.filter(verwerking_beperkt_op__isnull=False).values("pk"))


def trajecten_leesbaar_voor(gebruiker: Any) -> QuerySet[Traject]:
    """A trajectory of a client whose processing is restricted (art. 18 AVG) stays readable for
    its own zorgcoördinator and backup only."""
    if heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        return bewaarde_trajecten().filter(
            niet_beperkt() | Q(verantwoordelijke=gebruiker) | Q(achtervang=gebruiker),
            regio_id__in=regio_ids_van(gebruiker),
        )
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return bewaarde_trajecten().filter(niet_beperkt(), regio__in=regios_met_casuistiek_voor_kr(gebruiker))
    return Traject.objects.none()


def trajecten_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Traject]:
    """Only the responsible zorgcoördinator and the backup change a trajectory."""
    if not heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        return Traject.objects.none()
    return (
        bewaarde_trajecten()
        .filter(niet_beperkt(), regio_id__in=regio_ids_van(gebruiker))
        .filter(Q(verantwoordelijke=gebruiker) | Q(achtervang=gebruiker))
    )


def mag_traject_bewerken(gebruiker: Any, traject: Traject) -> bool:
    return trajecten_bewerkbaar_voor(gebruiker).filter(pk=traject.pk).exists()


def clienten_leesbaar_voor(gebruiker: Any) -> QuerySet[Client]:
    return Client.objects.filter(trajecten__in=trajecten_leesbaar_voor(gebruiker)).distinct()


def traject_detail(basis: QuerySet[Traject]) -> QuerySet[Traject]:
    """One trajectory's page in a fixed number of queries."""
    return basis.select_related(
        "client__brp_gemeente",
        "client__verantwoordelijke_gemeente",
        "regio",
        "verantwoordelijke",
        "achtervang",
    ).prefetch_related(
        "behoeften",
        "zorgacties",
        Prefetch("overleggen", queryset=Zorgoverleg.objects.prefetch_related("afspraken")),
        Prefetch("aanmeldingen", queryset=Aanmelding.objects.select_related("doorverwijzing__signaal")),
    )


def client_detail(gebruiker: Any) -> QuerySet[Client]:
    """One client's page in a fixed number of queries: the client (gemeenten joined), the
    trajectories this user reads (their zorgcoördinator joined) and the CoMensha exports."""
    return (
        clienten_leesbaar_voor(gebruiker)
        .select_related("brp_gemeente", "verantwoordelijke_gemeente")
        .prefetch_related(
            Prefetch(
                "trajecten",
                queryset=trajecten_leesbaar_voor(gebruiker)
                .select_related("verantwoordelijke")
                .order_by("-id"),
                to_attr="leesbare_trajecten",
            ),
            Prefetch("comensha_exports", queryset=ComenshaExport.objects.select_related("door")),
        )
    )


def aanmeldingen_voor(gebruiker: Any) -> QuerySet[Aanmelding]:
    """Every direct aanmelding of the zorgcoördinator's regio's, answered or not."""
    if not heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(
        regio_id__in=regio_ids_van(gebruiker), vernietigd_op__isnull=True
    ).select_related("regio", "traject")


def open_aanmeldingen_voor(gebruiker: Any) -> QuerySet[Aanmelding]:
    if not heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(
        regio_id__in=regio_ids_van(gebruiker), status=Aanmelding.Status.OPEN
    ).select_related("regio")


def open_doorverwijzingen_voor(gebruiker: Any) -> QuerySet[Doorverwijzing]:
    """Referrals from signals that still wait for an answer from this region."""
    return aanmeldingen_voor_zc(gebruiker).filter(terugkoppeling__in=WACHTEND)


def nog_lopend(traject: Traject, vandaag: date | None = None) -> list[str]:
    """What still runs in a trajectory, said before it closes (issue 17, point 5): a bedenktijd
    that has not ended, shelter without an end date (or one still to come), care actions that are
    requested, on a waiting list or running, and agreements of the zorgoverleg not done.
    2 queries (the care actions and the agreements)."""
    vandaag = vandaag or timezone.localdate()
    uit: list[str] = []
    if traject.verblijf == Traject.Verblijf.BEDENKTIJD and (
        traject.bedenktijd_eind is None or traject.bedenktijd_eind >= vandaag
    ):
        tot = f" tot en met {datum_tekst(traject.bedenktijd_eind)}" if traject.bedenktijd_eind else ""
        uit.append(f"De bedenktijd loopt nog{tot}.")
    if traject.opvang and (traject.opvang_eind is None or traject.opvang_eind >= vandaag):
        soort = traject.get_opvang_display()
        if traject.opvang_eind is None:
            uit.append(f"De opvang ({soort}) heeft geen einddatum.")
        else:
            uit.append(f"De opvang ({soort}) loopt nog tot en met {datum_tekst(traject.opvang_eind)}.")
    acties = list(traject.zorgacties.filter(status__in=OPEN_ZORGACTIE).order_by("id"))
    for actie in acties:
        status = actie.get_status_display().lower()
        uit.append(
            f"Zorgactie {actie.soort} bij {actie.zorgaanbieder} ({actie.get_domein_display()}): {status}."
        )
    afspraken = Afspraak.objects.filter(overleg__traject=traject, afgerond_op__isnull=True).count()
    if afspraken:
        uit.append(
            f"{afspraken} afspra{'ak' if afspraken == 1 else 'ken'} uit het zorgoverleg "
            f"{'is' if afspraken == 1 else 'zijn'} nog niet afgerond."
        )
    return uit


def zorgacties_leesbaar_voor(gebruiker: Any) -> QuerySet[Zorgactie]:
    return Zorgactie.objects.filter(traject__in=trajecten_leesbaar_voor(gebruiker)).select_related(
        "traject__client"
    )


def afspraken_leesbaar_voor(gebruiker: Any) -> QuerySet[Afspraak]:
    return Afspraak.objects.filter(overleg__traject__in=trajecten_leesbaar_voor(gebruiker)).select_related(
        "overleg__traject"
    )


def zorgcoordinatoren_van(regio: Regio) -> QuerySet[Gebruiker]:
    """The active zorgcoördinatoren who serve ``regio`` (directly or through a parent regio).

    The choices for the achtervang; the service checks the choice again.
    """
    return Gebruiker.objects.filter(is_active=True, groups__name=Rol.ZORGCOORDINATOR.label).filter(
        Q(regiogebruikerpermissie__content_object=regio)
        | Q(regiogebruikerpermissie__content_object__deelregios=regio)
        | Q(regiogebruikerpermissie__content_object__deelregios__deelregios=regio),
        regiogebruikerpermissie__permission__codename="bedient_regio",
    )
