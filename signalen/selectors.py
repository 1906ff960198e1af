"""Every read of signals, already scoped to the user who asks.

- An aandachtsfunctionaris reads and edits the signals of the gemeenten they serve and
  the ones they registered.
- A zorgcoördinator reads (never edits) the signals referred to zorgcoördinatie in
  their regio's.
- A ketenregisseur reads figures and a pseudonymised list; signals themselves only in
  regio's whose setting "ketenregisseur mag casuïstiek inzien" is on.
- The functional administrator reads no signals.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mensenhandel.models import Gemeente, Rol
from mensenhandel.toegang import (
    gemeenten_van_af,
    heeft_rol,
    regios_met_casuistiek_voor_kr,
    regios_van,
)
from signalen.grof import Kenmerken
from signalen.models import (
    VORM_VELDEN,
    Bestemming,
    BetrokkenPersoon,
    Doorverwijzing,
    Koppeling,
    Notitie,
    Overlegbesluit,
    Signaal,
    Status,
    Uitbuitingsvorm,
)


def wachtdagen() -> int:
    return settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN


def bewaard() -> QuerySet[Signaal]:
    """The signals whose personal data is kept: what any page shows. Those whose retention term
    removed it (``signalen.bewaren``) count in the figures only."""
    return Signaal.objects.filter(vernietigd_op__isnull=True)


def _van_af(gebruiker: Any) -> QuerySet[Signaal]:
    """An AF's own signals: those of the gemeenten they serve and those they registered."""
    if not heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return Signaal.objects.none()
    return bewaard().filter(Q(gemeente__in=gemeenten_van_af(gebruiker)) | Q(geregistreerd_door=gebruiker))


def niet_beperkt(basis: QuerySet[Signaal]) -> QuerySet[Signaal]:
    """Without the signals whose processing is restricted (art. 18 AVG, ``signalen.inzage``)."""
    return basis.filter(verwerking_beperkt_op__isnull=True)


def signalen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Signaal]:
    """The signals this user may change: an AF's own, unless their processing is restricted."""
    return niet_beperkt(_van_af(gebruiker))


def signalen_leesbaar_voor(gebruiker: Any) -> QuerySet[Signaal]:
    """The signals whose content (persons, description) this user may read.

    A signal whose processing is restricted stays readable for the AF who owns it only."""
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return _van_af(gebruiker)
    if heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        doorverwezen = Doorverwijzing.objects.filter(
            signaal=OuterRef("pk"), bestemming=Bestemming.ZORGCOORDINATOR, regio__in=regios_van(gebruiker)
        )
        return niet_beperkt(bewaard()).filter(Exists(doorverwezen))
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        gemeenten = Gemeente.objects.filter(regios__in=regios_met_casuistiek_voor_kr(gebruiker))
        return niet_beperkt(bewaard()).filter(gemeente__in=gemeenten)
    return Signaal.objects.none()


def signalen_in_regio_voor_kr(gebruiker: Any) -> QuerySet[Signaal]:
    """All signals of a ketenregisseur's regio's: for counts and the pseudonymised list."""
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Signaal.objects.none()
    return bewaard().filter(gemeente__in=Gemeente.objects.filter(regios__in=regios_van(gebruiker)))


def kenmerken_van(basis: QuerySet[Signaal]) -> list[Kenmerken]:
    """What the coarse lists (``signalen.grof``) start from, one row per signal, in one query."""
    labels = dict(Uitbuitingsvorm.choices)
    statussen = dict(Status.choices)
    vormen = list(VORM_VELDEN.items())
    return [
        Kenmerken(
            datum=rij[0],
            gemeente=rij[1],
            vormen=tuple(labels[v] for (v, _), aan in zip(vormen, rij[3:], strict=True) if aan),
            status=statussen[rij[2]],
        )
        for rij in basis.order_by().values_list(
            "datum_geregistreerd", "gemeente__naam", "status", *(veld for _, veld in vormen)
        )
    ]


def personen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[BetrokkenPersoon]:
    return BetrokkenPersoon.objects.filter(signaal__in=signalen_bewerkbaar_voor(gebruiker)).select_related(
        "signaal"
    )


def doorverwijzingen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Doorverwijzing]:
    return Doorverwijzing.objects.filter(signaal__in=signalen_bewerkbaar_voor(gebruiker)).select_related(
        "signaal"
    )


def koppelingen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Koppeling]:
    """Pairs whose two signals this user may both edit (only they may judge a pair)."""
    bewerkbaar = signalen_bewerkbaar_voor(gebruiker)
    return Koppeling.objects.filter(signaal_a__in=bewerkbaar, signaal_b__in=bewerkbaar).select_related(
        "signaal_a", "signaal_b"
    )


def mag_bewerken(gebruiker: Any, signaal: Signaal) -> bool:
    return signalen_bewerkbaar_voor(gebruiker).filter(pk=signaal.pk).exists()


def signaal_detail(basis: QuerySet[Signaal]) -> QuerySet[Signaal]:
    """One signal's page: everything it shows in a fixed number of queries."""
    return basis.select_related("gemeente", "geregistreerd_door").prefetch_related(
        "indicatoren",
        "personen",
        Prefetch("notities", queryset=Notitie.objects.select_related("auteur")),
        Prefetch(
            "doorverwijzingen",
            queryset=Doorverwijzing.objects.select_related("regio", "door"),
        ),
        "gebeurtenissen__gebruiker",
        Prefetch("overlegbesluiten", queryset=Overlegbesluit.objects.select_related("vastgelegd_door")),
    )


def wachtende_doorverwijzingen() -> Q:
    grens = timezone.localdate() - timedelta(days=wachtdagen())
    return Q(
        doorverwijzingen__terugkoppeling__in=[
            Doorverwijzing.Terugkoppeling.VERSTUURD,
            Doorverwijzing.Terugkoppeling.ONTVANGEN,
        ],
        doorverwijzingen__datum__lt=grens,
    )


def signaallijst(basis: QuerySet[Signaal]) -> QuerySet[Signaal]:
    """The list: gemeente joined, and per signal whether a referral waits too long."""
    grens = timezone.localdate() - timedelta(days=wachtdagen())
    te_lang = Doorverwijzing.objects.filter(
        signaal=OuterRef("pk"),
        terugkoppeling__in=[Doorverwijzing.Terugkoppeling.VERSTUURD, Doorverwijzing.Terugkoppeling.ONTVANGEN],
        datum__lt=grens,
    )
    return basis.select_related("gemeente").annotate(wacht_te_lang=Exists(te_lang))


def tellingen_per_status(basis: QuerySet[Signaal]) -> dict[str, int]:
    return dict(basis.order_by().values_list("status").annotate(n=Count("id")))


def koppelingen_van(signaal: Signaal) -> QuerySet[Koppeling]:
    return (
        Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
        .exclude(beoordeling=Koppeling.Beoordeling.AFGEWEZEN)
        .filter(signaal_a__vernietigd_op__isnull=True, signaal_b__vernietigd_op__isnull=True)
        .select_related("signaal_a__gemeente", "signaal_b__gemeente")
    )


def aanmeldingen_voor_zc(gebruiker: Any) -> QuerySet[Doorverwijzing]:
    """Referrals to zorgcoördinatie in this zorgcoördinator's regio's (the inbox); not those of a
    signal whose processing is restricted (art. 18 AVG) while it is."""
    if not heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        return Doorverwijzing.objects.none()
    return Doorverwijzing.objects.filter(
        bestemming=Bestemming.ZORGCOORDINATOR,
        regio__in=regios_van(gebruiker),
        signaal__vernietigd_op__isnull=True,
        signaal__verwerking_beperkt_op__isnull=True,
    ).select_related("signaal__gemeente", "regio")


def signalen_met_treffer_elders(gebruiker: Any) -> QuerySet[Signaal]:
    """The AF's own signals that share a person with a signal outside their reach.

    This is how "the AF on the other side is told": no content of the other signal,
    only that it exists, so they can contact the ketenregisseur or zorgcoördinator.
    """
    eigen = signalen_bewerkbaar_voor(gebruiker)
    leesbaar = signalen_leesbaar_voor(gebruiker)
    niet_afgewezen = ~Q(beoordeling=Koppeling.Beoordeling.AFGEWEZEN) & Q(
        signaal_a__vernietigd_op__isnull=True, signaal_b__vernietigd_op__isnull=True
    )
    als_a = Koppeling.objects.filter(niet_afgewezen, signaal_a=OuterRef("pk")).exclude(signaal_b__in=leesbaar)
    als_b = Koppeling.objects.filter(niet_afgewezen, signaal_b=OuterRef("pk")).exclude(signaal_a__in=leesbaar)
    return eigen.filter(Exists(als_a) | Exists(als_b)).select_related("gemeente").order_by("-id")
