"""Every read of the wegenkaart, scoped to the user who asks.

Every role reads the wegenkaart; inactive partners only the editors. A ketenregisseur
edits the partners serving one of their regio's; the functional administrator edits all.
The case apps' forms offer the wegenkaart's partners through ``partnerkeuzes_voor``
(declared on the AppConfig, called by the kernel's ``mensenhandel.partners``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ketenregie.models import Contactpersoon, Partner, Soort
from mensenhandel.models import Regio, Rol
from mensenhandel.partners import Partnerkeuze
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


# --- Partners for the case apps' forms -------------------------------------------------------

_VOLGORDE = {soort.value: i for i, soort in enumerate(Soort)}


def _bedient(regio: Regio | Any) -> Any:
    """Serves one of these regio's, or a chain region above one of them, or works nationally."""
    regios = [regio] if isinstance(regio, Regio) else regio
    bedient = PartnerRegio.objects.filter(partner=OuterRef("pk")).filter(
        Q(regio__in=regios) | Q(regio__deelregios__in=regios) | Q(regio__deelregios__deelregios__in=regios)
    )
    ergens = PartnerRegio.objects.filter(partner=OuterRef("pk"))
    return Exists(bedient) | ~Exists(ergens)


def partnerkeuzes_voor(
    gebruiker: Any, *, regio: Regio | Any = None, soorten: Sequence[str] | None = None
) -> list[Partnerkeuze]:
    """The partners a referral or a care action may name, in one query.

    Active partners only (an inactive one is "no longer to be chosen"), serving ``regio``
    (one or several; a partner of the chain region above counts too) or working
    nationally, of the kinds ``soorten`` (codes of ``Soort``) when given. Sorted by kind,
    in the order of ``Soort``, then by name. ``gebruiker=None`` (a form that does not know
    its user) offers what every reader may choose: the same active partners.
    """
    partners = partners_voor(gebruiker) if gebruiker is not None else Partner.objects.all()
    partners = partners.filter(actief=True).prefetch_related(None)
    if soorten is not None:
        partners = partners.filter(soort__in=list(soorten))
    if regio is not None:
        partners = partners.filter(_bedient(regio))
    rijen = sorted(
        partners.values_list("naam", "soort"), key=lambda r: (_VOLGORDE.get(r[1], 99), r[0].casefold())
    )
    return [Partnerkeuze(naam, soort, Soort(soort).label) for naam, soort in rijen]


# The page where the partners are kept; the case forms link to it.
partnerkeuzes_voor.overzicht = "ketenregie:wegenkaart"  # type: ignore[attr-defined]
