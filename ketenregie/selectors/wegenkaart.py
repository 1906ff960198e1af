"""Every read of the wegenkaart, scoped to the user who asks.

Every role reads the wegenkaart; inactive partners only the editors. A ketenregisseur
edits the partners serving one of their regio's; the functional administrator edits all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ketenregie.models import Contactpersoon, Partner
from mensenhandel.models import Regio, Rol
from mensenhandel.toegang import heeft_rol, regios_van

LEZERS = (Rol.AANDACHTSFUNCTIONARIS, Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR, Rol.FUNCTIONEEL_BEHEERDER)
BEWERKERS = (Rol.KETENREGISSEUR, Rol.FUNCTIONEEL_BEHEERDER)

PartnerRegio = Partner.regios.through


def partners_voor(
    gebruiker: Any, *, zoek: str = "", soort: str = "", regio: Regio | None = None
) -> QuerySet[Partner]:
    """The partners this user reads, with regio's and contact persons prefetched.

    ``zoek`` looks in name and expertise; ``regio`` also keeps national partners (no regio).
    """
    if not heeft_rol(gebruiker, *LEZERS):
        return Partner.objects.none()
    partners = Partner.objects.all()
    if not heeft_rol(gebruiker, *BEWERKERS):
        partners = partners.filter(actief=True)
    zoek = zoek.strip()
    if zoek:
        partners = partners.filter(Q(naam__icontains=zoek) | Q(wat_kunnen_zij__icontains=zoek))
    if soort:
        partners = partners.filter(soort=soort)
    if regio is not None:
        bedient = PartnerRegio.objects.filter(partner=OuterRef("pk"), regio=regio)
        ergens = PartnerRegio.objects.filter(partner=OuterRef("pk"))
        partners = partners.filter(Exists(bedient) | ~Exists(ergens))
    return partners.prefetch_related(
        Prefetch("regios", queryset=Regio.objects.order_by("naam")),
        Prefetch("contactpersonen", queryset=Contactpersoon.objects.order_by("naam")),
    ).order_by("naam", "id")


def partners_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Partner]:
    """The partners this user may change: all for the FB, their regio's for a KR."""
    if heeft_rol(gebruiker, Rol.FUNCTIONEEL_BEHEERDER):
        return Partner.objects.all()
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        eigen = PartnerRegio.objects.filter(partner=OuterRef("pk"), regio__in=regios_van(gebruiker))
        return Partner.objects.filter(Exists(eigen))
    return Partner.objects.none()


def mag_partner_bewerken(gebruiker: Any, partner: Partner) -> bool:
    return partners_bewerkbaar_voor(gebruiker).filter(pk=partner.pk).exists()


def contactpersonen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Contactpersoon]:
    return Contactpersoon.objects.filter(partner__in=partners_bewerkbaar_voor(gebruiker)).select_related(
        "partner"
    )


def regios_te_koppelen(gebruiker: Any) -> QuerySet[Regio]:
    """The regio's this user may link a partner to."""
    if heeft_rol(gebruiker, Rol.FUNCTIONEEL_BEHEERDER):
        return Regio.objects.order_by("naam")
    return regios_van(gebruiker, Rol.KETENREGISSEUR).order_by("naam")
