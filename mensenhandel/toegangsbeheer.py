"""Roles and scope of a user, granted, changed and withdrawn with a trail; a grant that opens
personal data takes effect only after a second functioneel beheerder approves it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol, ToegangsLog, Toegangswijziging
from mensenhandel.services import toegang_loggen
from mensenhandel.toegang import bereik_vergeten

logger = logging.getLogger("mensenhandel.services")


# --- Role and scope: who may see what -----------------------------------------------------------
#
# Every grant, change and withdrawal is a Toegangswijziging (who, whom, before, after, when). A
# change that opens personal data waits for a second functioneel beheerder when the installation
# asks for two (TOEGANG_TWEE_BEHEERDERS); what it withdraws takes effect at once.


@dataclass(frozen=True)
class Toegang:
    """A user's role and scope: gemeenten for an AF, regio's for a ZC or KR, none otherwise."""

    rol: Rol | None
    gemeenten: frozenset[Gemeente] = frozenset()
    regios: frozenset[Regio] = frozenset()

    @classmethod
    def van(
        cls, rol: Rol | None, gemeenten: Iterable[Gemeente] = (), regios: Iterable[Regio] = ()
    ) -> Toegang:
        """The scope that fits the role; scope another role does not use is dropped."""
        return cls(
            rol=rol,
            gemeenten=frozenset(gemeenten) if rol == Rol.AANDACHTSFUNCTIONARIS else frozenset(),
            regios=frozenset(regios) if rol in (Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR) else frozenset(),
        )

    def persoonsgegevens(self) -> frozenset[tuple[str, int]]:
        """What of the case data this access opens: the gemeenten of an AF, the regio's of a ZC,
        the regio's of a KR where the regio allows casework."""
        if self.rol == Rol.AANDACHTSFUNCTIONARIS:
            return frozenset(("gemeente", g.pk) for g in self.gemeenten)
        if self.rol == Rol.ZORGCOORDINATOR:
            return frozenset(("zorgcoordinatie", r.pk) for r in self.regios)
        if self.rol == Rol.KETENREGISSEUR:
            return frozenset(("casuistiek", r.pk) for r in self.regios if r.ketenregisseur_mag_casuistiek)
        return frozenset()

    def zonder_nieuwe_persoonsgegevens(self, voor: Toegang) -> Toegang:
        """This access less what it opens beyond ``voor``: what may take effect before approval."""
        if self.rol == voor.rol:
            gemeenten = self.gemeenten & voor.gemeenten
            regios = self.regios & voor.regios if self.rol == Rol.ZORGCOORDINATOR else self.regios
            if self.rol == Rol.KETENREGISSEUR:
                regios = frozenset(
                    r for r in self.regios if r in voor.regios or not r.ketenregisseur_mag_casuistiek
                )
            return Toegang.van(self.rol, gemeenten, regios)
        if self.rol == Rol.KETENREGISSEUR:
            zonder = frozenset(r for r in self.regios if not r.ketenregisseur_mag_casuistiek)
            return Toegang.van(self.rol, regios=zonder) if zonder else Toegang(None)
        return Toegang(None)

    def als_json(self) -> dict[str, Any]:
        """As stored in the trail: the names as they were, beside the ids."""
        return {
            "rol": self.rol.value if self.rol else "",
            "gemeenten": sorted([g.pk, g.naam] for g in self.gemeenten),
            "regios": sorted([r.pk, r.naam] for r in self.regios),
        }

    @classmethod
    def uit_json(cls, data: dict[str, Any]) -> Toegang:
        return cls.van(
            Rol(data["rol"]) if data["rol"] else None,
            Gemeente.objects.filter(pk__in=[pk for pk, _ in data["gemeenten"]]),
            Regio.objects.filter(pk__in=[pk for pk, _ in data["regios"]]),
        )


def toegang_van(gebruiker: Gebruiker) -> Toegang:
    """A user's role and scope as they are now."""
    bereik_vergeten(gebruiker)
    return Toegang.van(
        gebruiker.rol,
        Gemeente.objects.filter(gemeentegebruikerpermissie__user=gebruiker),
        Regio.objects.filter(regiogebruikerpermissie__user=gebruiker),
    )


def _toepassen(gebruiker: Gebruiker, toegang: Toegang) -> None:
    """Give a user exactly this role and scope. Takes effect on the user's next request."""
    rolgroepen = Group.objects.filter(name__in=[r.label for r in Rol])
    gebruiker.groups.remove(*rolgroepen)
    if toegang.rol is not None:
        gebruiker.groups.add(Group.objects.get(name=toegang.rol.label))
    bereik_vergeten(gebruiker)

    for gemeente in Gemeente.objects.filter(gemeentegebruikerpermissie__user=gebruiker):
        if gemeente not in toegang.gemeenten:
            remove_perm("mensenhandel.bedient_gemeente", gebruiker, gemeente)
    for gemeente in toegang.gemeenten:
        assign_perm("mensenhandel.bedient_gemeente", gebruiker, gemeente)
    for regio in Regio.objects.filter(regiogebruikerpermissie__user=gebruiker):
        if regio not in toegang.regios:
            remove_perm("mensenhandel.bedient_regio", gebruiker, regio)
    for regio in toegang.regios:
        assign_perm("mensenhandel.bedient_regio", gebruiker, regio)

    # Only the functional administrator works in the Django admin.
    gebruiker.is_staff = toegang.rol == Rol.FUNCTIONEEL_BEHEERDER
    gebruiker.save(update_fields=["is_staff"])
    bereik_vergeten(gebruiker)


def _mailbox(email: str) -> str:
    lokaal, _, domein = email.lower().partition("@")
    return f"{lokaal.split('+', 1)[0]}@{domein}"


def zelfde_persoon(a: Gebruiker, b: Gebruiker) -> bool:
    """Whether two accounts are (probably) one person: the same account, the same mailbox
    (``jan+zc@`` is ``jan@``), or the same name. A beheerder's second account is found this
    way; one under another name and address is not (the second beheerder's review is the
    check there)."""
    naam_a, naam_b = " ".join(a.naam.casefold().split()), " ".join(b.naam.casefold().split())
    return a.pk == b.pk or _mailbox(a.email) == _mailbox(b.email) or bool(naam_a and naam_a == naam_b)


ZELF_GEWEIGERD = (
    "U kunt uzelf (of een eigen tweede account) geen toegang tot casuïstiek geven. Vraag een andere "
    "functioneel beheerder om deze wijziging te doen."
)


def eigen_toegang_controleren(*, door: Gebruiker, gebruiker: Gebruiker, na: Toegang) -> None:
    """Refuse a change by which a beheerder opens case data to themselves."""
    if not zelfde_persoon(door, gebruiker):
        return
    voor = toegang_van(gebruiker) if gebruiker.pk is not None else Toegang(None)
    if na.persoonsgegevens() - voor.persoonsgegevens():
        raise Geweigerd(ZELF_GEWEIGERD)


def _omschrijving(toegang: dict[str, Any]) -> str:
    """A short text for the access log: the role and how much scope (names are in the trail)."""
    rol = Rol(toegang["rol"]).label.lower() if toegang["rol"] else "geen rol"
    delen = [f"{len(toegang['gemeenten'])} gemeente(n)"] if toegang["gemeenten"] else []
    delen += [f"{len(toegang['regios'])} regio('s)"] if toegang["regios"] else []
    return f"{rol} ({', '.join(delen)})" if delen else rol


def _vastleggen(
    *,
    gebruiker: Gebruiker,
    door: Gebruiker | None,
    voor: Toegang,
    na: Toegang,
    status: str,
    request: HttpRequest | None,
) -> Toegangswijziging:
    nu = timezone.now()
    wijziging = Toegangswijziging.objects.create(
        gebruiker=gebruiker,
        aangevraagd_door=door,
        aangevraagd_op=nu,
        voor=voor.als_json(),
        na=na.als_json(),
        opent_persoonsgegevens=bool(na.persoonsgegevens() - voor.persoonsgegevens()),
        status=status,
        doorgevoerd_op=nu if status == Toegangswijziging.Status.DOORGEVOERD else None,
    )
    if door is not None:
        wat = "aangevraagd" if status == Toegangswijziging.Status.WACHT else "gewijzigd"
        toegang_loggen(
            request=request,
            gebruiker=door,
            actie=ToegangsLog.Actie.BEHEER,
            object_type="mensenhandel.Gebruiker",
            object_id=str(gebruiker.pk),
            toelichting=(
                f"rol en bereik {wat} ({wijziging.uuid}): "
                f"{_omschrijving(wijziging.voor)} -> {_omschrijving(wijziging.na)}"
            ),
        )
    return wijziging


def _wachtende_laten_vervallen(
    gebruiker: Gebruiker, door: Gebruiker | None, request: HttpRequest | None
) -> None:
    for oud in Toegangswijziging.objects.filter(gebruiker=gebruiker, status=Toegangswijziging.Status.WACHT):
        oud.status = Toegangswijziging.Status.VERVALLEN
        oud.beoordeeld_op = timezone.now()
        oud.save(update_fields=["status", "beoordeeld_op"])
        if door is not None:
            toegang_loggen(
                request=request,
                gebruiker=door,
                actie=ToegangsLog.Actie.BEHEER,
                object_type="mensenhandel.Gebruiker",
                object_id=str(gebruiker.pk),
                toelichting=f"wachtende toegangswijziging vervallen ({oud.uuid})",
            )


@transaction.atomic
def gebruiker_toewijzen(
    *,
    gebruiker: Gebruiker,
    rol: Rol | None,
    gemeenten: Iterable[Gemeente] = (),
    regios: Iterable[Regio] = (),
) -> None:
    """Give a user exactly one role and its scope (gemeenten for an AF, regio's for ZC/KR),
    at once, by the system: the installation, the demo data, a management command.

    Recorded in the trail with no beheerder. People go through ``toegang_wijzigen``.
    """
    Gebruiker.objects.select_for_update().filter(pk=gebruiker.pk).first()
    voor, na = toegang_van(gebruiker), Toegang.van(rol, gemeenten, regios)
    if voor == na:
        return
    _wachtende_laten_vervallen(gebruiker, None, None)
    _toepassen(gebruiker, na)
    _vastleggen(
        gebruiker=gebruiker,
        door=None,
        voor=voor,
        na=na,
        status=Toegangswijziging.Status.DOORGEVOERD,
        request=None,
    )


def twee_beheerders_verplicht() -> bool:
    return bool(settings.TOEGANG_TWEE_BEHEERDERS)


@transaction.atomic
def toegang_wijzigen(
    *,
    door: Gebruiker,
    gebruiker: Gebruiker,
    rol: Rol | None,
    gemeenten: Iterable[Gemeente] = (),
    regios: Iterable[Regio] = (),
    request: HttpRequest | None = None,
) -> Toegangswijziging | None:
    """A functioneel beheerder gives, changes or withdraws a user's role and scope.

    What withdraws access takes effect at once. What opens personal data waits for a second
    beheerder (``toegangswijziging_goedkeuren``) when two are required; returned then is the
    waiting request. None when nothing changes. A newer change supersedes a waiting one.
    """
    Gebruiker.objects.select_for_update().filter(pk=gebruiker.pk).first()
    voor, na = toegang_van(gebruiker), Toegang.van(rol, gemeenten, regios)
    eigen_toegang_controleren(door=door, gebruiker=gebruiker, na=na)
    if voor == na:
        return None
    _wachtende_laten_vervallen(gebruiker, door, request)
    opent = bool(na.persoonsgegevens() - voor.persoonsgegevens())
    if not (opent and twee_beheerders_verplicht()):
        _toepassen(gebruiker, na)
        return _vastleggen(
            gebruiker=gebruiker,
            door=door,
            voor=voor,
            na=na,
            status=Toegangswijziging.Status.DOORGEVOERD,
            request=request,
        )
    tussen = na.zonder_nieuwe_persoonsgegevens(voor)
    if tussen != voor:
        _toepassen(gebruiker, tussen)
        _vastleggen(
            gebruiker=gebruiker,
            door=door,
            voor=voor,
            na=tussen,
            status=Toegangswijziging.Status.DOORGEVOERD,
            request=request,
        )
    return _vastleggen(
        gebruiker=gebruiker,
        door=door,
        voor=tussen,
        na=na,
        status=Toegangswijziging.Status.WACHT,
        request=request,
    )
