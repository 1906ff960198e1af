"""The reads of the beheerder's user pages (``views_gebruikers``): the users with what the list
and a user's page show, in a fixed number of queries, and the list's filters. The writes are in
``mensenhandel.gebruikersbeheer``."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mensenhandel.models import (
    Gebruiker,
    GemeenteGebruikerPermissie,
    Organisatie,
    RegioGebruikerPermissie,
    Rol,
    Uitnodiging,
)


def gebruikers_voor_beheer() -> QuerySet[Gebruiker]:
    """Users with what the list and the detail page show, in a fixed number of queries: the
    organisation, the role group, the gemeenten and regio's served, and an open invitation."""
    open_uitnodiging = Uitnodiging.objects.filter(
        gebruiker=OuterRef("pk"), status=Uitnodiging.Status.OPEN, verloopt_op__gt=timezone.now()
    )
    return (
        Gebruiker.objects.select_related("organisatie")
        .annotate(uitgenodigd=Exists(open_uitnodiging))
        .prefetch_related(
            "groups",
            Prefetch(
                "gemeentegebruikerpermissie_set",
                queryset=GemeenteGebruikerPermissie.objects.select_related("content_object").order_by(
                    "content_object__naam"
                ),
            ),
            Prefetch(
                "regiogebruikerpermissie_set",
                queryset=RegioGebruikerPermissie.objects.select_related("content_object").order_by(
                    "content_object__naam"
                ),
            ),
        )
        .order_by("naam", "email")
    )


def rol_uit_groepen(gebruiker: Gebruiker) -> Rol | None:
    """A user's role from their prefetched groups (the list does not read each user's scope)."""
    labels = {r.label: r for r in Rol}
    rollen = [labels[g.name] for g in gebruiker.groups.all() if g.name in labels]
    return rollen[0] if len(rollen) == 1 else None


def bereik_tekst(gebruiker: Gebruiker) -> str:
    """The gemeenten or regio's a user serves, from the prefetched permissions."""
    namen = [p.content_object.naam for p in gebruiker.gemeentegebruikerpermissie_set.all()]
    namen += [p.content_object.naam for p in gebruiker.regiogebruikerpermissie_set.all()]
    return ", ".join(dict.fromkeys(namen))


def gebruikers_zoeken(
    gebruikers: QuerySet[Gebruiker],
    *,
    tekst: str = "",
    rol: str = "",
    status: str = "",
    organisatie: Organisatie | None = None,
) -> QuerySet[Gebruiker]:
    """The list's filters: name or e-mail address, role ("geen" for none), status, organisation."""
    if tekst:
        gebruikers = gebruikers.filter(Q(naam__icontains=tekst) | Q(email__icontains=tekst))
    if rol == "geen":
        gebruikers = gebruikers.annotate(
            rolgroepen=Count("groups", filter=Q(groups__name__in=[r.label for r in Rol]))
        ).filter(rolgroepen=0)
    elif rol:
        gebruikers = gebruikers.filter(groups__name=Rol(rol).label)
    if status == "actief":
        gebruikers = gebruikers.filter(is_active=True)
    elif status == "gedeactiveerd":
        gebruikers = gebruikers.filter(is_active=False)
    elif status == "uitgenodigd":
        gebruikers = gebruikers.filter(uitgenodigd=True)  # type: ignore[misc]  # annotated above
    if organisatie is not None:
        gebruikers = gebruikers.filter(organisatie=organisatie)
    return gebruikers


def uitnodigingen_van(gebruiker: Gebruiker) -> QuerySet[Uitnodiging]:
    return Uitnodiging.objects.filter(gebruiker=gebruiker).select_related(
        "aangemaakt_door", "afgesloten_door"
    )
