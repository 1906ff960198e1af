"""The access log as people read it: Dutch role and action, the record's reference, the screen's title.

A log row names a record by its model label and id (``signalen.Signaal`` and a uuid) and a screen by
its URL name (``signalen:detail``): exact, but not what a functioneel beheerder or a privacy officer
can read. Each app says, for the kinds of record it logs, their Dutch name and how to find the
references of a set of ids, and the title of each of its screens (``logweergave`` on its AppConfig,
a dotted path of a function returning a ``Logweergave``). The kernel reads them here only.

``leesbaar_maken`` resolves the references of a page of rows in bulk: one query per kind of record on
the page, however many rows. A record that no longer exists (erased, or an id that was never a
record's) reads as such; the raw id stays in the export for traceability.
"""

from __future__ import annotations

import functools
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils.module_loading import import_string

from mensenhandel.models import (
    Bewaarblokkade,
    Gebruiker,
    Gemeente,
    Inzageverzoek,
    Regio,
    Rol,
    ToegangsLog,
    Toegangswijziging,
)
from mensenhandel.onderdelen import onderdelen

__all__ = [
    "Gegevenssoort",
    "Logweergave",
    "leesbaar_maken",
    "per_pk",
    "per_uuid",
    "rol_tekst",
    "schermtitel",
    "soort_keuzes",
    "soort_spellingen",
]

# How a record the log names reads when it is gone (erased, or removed with its parent).
NIET_MEER = "bestaat niet meer"

Kenmerken = Callable[[Collection[str]], Mapping[str, str]]


@dataclass(frozen=True)
class Gegevenssoort:
    """A kind of record the access log names: its model label as logged, its Dutch name, and a
    function that returns the reference of each of some ids that exist ({id: reference})."""

    object_type: str
    naam: str
    kenmerken: Kenmerken | None = None


@dataclass(frozen=True)
class Logweergave:
    """What one app tells the access log: its kinds of record, and its screens' titles by URL name."""

    soorten: Sequence[Gegevenssoort] = ()
    schermen: Mapping[str, str] = field(default_factory=dict)


def _geldige_uuids(ids: Iterable[str]) -> dict[uuidlib.UUID, str]:
    """Parsed uuid → the id as logged; ids that are no uuid (a test's "1", a damaged row) are left out."""
    geldig = {}
    for waarde in ids:
        try:
            geldig[uuidlib.UUID(waarde)] = waarde
        except (ValueError, AttributeError, TypeError):
            continue
    return geldig


def per_uuid(qs: QuerySet[Any], ids: Collection[str], tekst: Callable[[Any], str]) -> dict[str, str]:
    """The references of the records of ``qs`` with these uuids: one query."""
    geldig = _geldige_uuids(ids)
    if not geldig:
        return {}
    return {geldig[record.uuid]: tekst(record) for record in qs.filter(uuid__in=list(geldig))}


def per_pk(qs: QuerySet[Any], ids: Collection[str], tekst: Callable[[Any], str]) -> dict[str, str]:
    """The references of the records of ``qs`` with these primary keys (digits): one query."""
    geldig = {int(i): i for i in ids if i.isdigit() and len(i) < 19}
    if not geldig:
        return {}
    return {geldig[record.pk]: tekst(record) for record in qs.filter(pk__in=list(geldig))}


@functools.cache
def _weergaven() -> tuple[Logweergave, ...]:
    return tuple(import_string(c.logweergave)() for c in onderdelen() if c.logweergave)


@functools.cache
def _soorten() -> dict[str, Gegevenssoort]:
    """By lower-case label: the retention code logs ``signalen.signaal``, the views ``signalen.Signaal``."""
    return {soort.object_type.lower(): soort for weergave in _weergaven() for soort in weergave.soorten}


@functools.cache
def _schermen() -> dict[str, str]:
    return {naam: titel for weergave in _weergaven() for naam, titel in weergave.schermen.items()}


def soort_keuzes() -> list[tuple[str, str]]:
    """The kinds of record as choices for a filter, by Dutch name."""
    return sorted(((s.object_type, s.naam) for s in _soorten().values()), key=lambda keuze: keuze[1])


def soort_spellingen(object_type: str) -> list[str]:
    """Every spelling of a kind's label that rows carry (as declared, and lower case)."""
    return list(dict.fromkeys([object_type, object_type.lower()]))


def schermtitel(scherm: str) -> str:
    """The title of the screen a row was written on; the stored value itself for an unknown one
    (a path, a name of a screen that no longer exists)."""
    if scherm.startswith("admin:"):
        return f"Technisch beheer (Django-admin): {scherm.removeprefix('admin:')}"
    return _schermen().get(scherm, scherm)


def rol_tekst(waarde: str) -> str:
    """A role as logged, in Dutch; empty without one (a failed login)."""
    if not waarde:
        return ""
    try:
        return str(Rol(waarde).label)
    except ValueError:
        return waarde


def _gegeven_tekst(regel: ToegangsLog, soort: Gegevenssoort | None, kenmerk: str | None) -> str:
    if not regel.object_type:
        return ""
    if soort is None:
        return f"{regel.object_type} {regel.object_id}".strip()
    if not regel.object_id:
        return soort.naam
    if soort.kenmerken is None:
        return f"{soort.naam} {regel.object_id}"
    return f"{soort.naam} {kenmerk}" if kenmerk is not None else f"{soort.naam} ({NIET_MEER})"


def leesbaar_maken(regels: Sequence[ToegangsLog]) -> Sequence[ToegangsLog]:
    """Give each row ``rol_tekst``, ``soort_tekst``, ``soort_filter``, ``gegeven_tekst`` and
    ``scherm_titel``; the references of all rows come with one query per kind of record among them."""
    soorten = _soorten()
    gevraagd: dict[str, set[str]] = defaultdict(set)
    for regel in regels:
        soort = soorten.get(regel.object_type.lower())
        if soort is not None and regel.object_id:
            gevraagd[soort.object_type].add(regel.object_id)
    gevonden: dict[str, Mapping[str, str]] = {}
    for object_type, ids in gevraagd.items():
        kenmerken = soorten[object_type.lower()].kenmerken
        if kenmerken is not None:
            gevonden[object_type] = kenmerken(ids)
    for regel in regels:
        soort = soorten.get(regel.object_type.lower())
        kenmerk = gevonden.get(soort.object_type, {}).get(regel.object_id) if soort else None
        regel.rol_tekst = rol_tekst(regel.rol)  # type: ignore[attr-defined]
        regel.soort_tekst = soort.naam if soort else regel.object_type  # type: ignore[attr-defined]
        # The kind as the filter offers it (one spelling), for a link to every row about the record.
        regel.soort_filter = soort.object_type if soort else ""  # type: ignore[attr-defined]
        regel.gegeven_tekst = _gegeven_tekst(regel, soort, kenmerk)  # type: ignore[attr-defined]
        regel.scherm_titel = schermtitel(regel.scherm)  # type: ignore[attr-defined]
    return regels


def leesbaar_in_stukken(regels: Iterator[ToegangsLog], per_keer: int) -> Iterator[ToegangsLog]:
    """``leesbaar_maken`` over a stream, ``per_keer`` rows at a time (an export of the whole log)."""
    while stuk := list(islice(regels, per_keer)):
        yield from leesbaar_maken(stuk)


# --- The kernel's own kinds and screens ----------------------------------------------------------


def kernel() -> Logweergave:
    return Logweergave(
        soorten=[
            Gegevenssoort(
                "mensenhandel.Gebruiker",
                "Gebruiker",
                lambda ids: per_pk(Gebruiker.objects.all(), ids, lambda g: g.naam),
            ),
            Gegevenssoort(
                "mensenhandel.Gemeente",
                "Gemeente",
                # Logged by its CBS code (the basisniveau page of a gemeente).
                lambda ids: {g.cbs_code: g.naam for g in Gemeente.objects.filter(cbs_code__in=list(ids))},
            ),
            Gegevenssoort("mensenhandel.Regio", "Regio", lambda ids: per_uuid(Regio.objects.all(), ids, str)),
            Gegevenssoort(
                "mensenhandel.Toegangswijziging",
                "Toegangswijziging",
                lambda ids: per_uuid(
                    Toegangswijziging.objects.select_related("gebruiker", "regio"),
                    ids,
                    lambda w: f"voor {w.onderwerp}",
                ),
            ),
            Gegevenssoort(
                "mensenhandel.Bewaarblokkade",
                "Bewaarblokkade",
                lambda ids: per_uuid(Bewaarblokkade.objects.all(), ids, lambda b: b.referentie),
            ),
            Gegevenssoort(
                "mensenhandel.Inzageverzoek",
                "Inzageverzoek",
                lambda ids: per_uuid(Inzageverzoek.objects.all(), ids, lambda v: v.kenmerk),
            ),
            Gegevenssoort("mensenhandel.ToegangsLog", "Toegangslog"),
            Gegevenssoort("mensenhandel.Afwijkingsdrempels", "Drempels afwijkende toegang"),
            Gegevenssoort("mensenhandel.Toegangslogtermijn", "Bewaartermijn toegangslog"),
        ],
        schermen={
            "start": "Startpagina",
            "werk": "Mijn werk",
            "meldingen": "E-mail over mijn werk instellen",
            "inloggen": "Inloggen",
            "inloggen_code": "Inloggen: code invullen",
            "inloggen_koppelen": "Inloggen: authenticator-app koppelen",
            "uitloggen": "Uitloggen",
            "sessie_verlengen": "Sessie verlengen",
            "toegankelijkheid": "Toegankelijkheidsverklaring",
            "privacy": "Privacy",
            "gezondheid": "Gezondheidscontrole",
            "favicon": "Pictogram",
            "bewaartermijnen": "Vernietiging na de bewaartermijn (nachtelijke taak)",
            "beheerder:start": "Functioneel beheer",
            "beheerder:toegangslog": "Toegangslog",
            "beheerder:gebruikers": "Gebruikers",
            "beheerder:gebruiker_nieuw": "Nieuwe gebruiker",
            "beheerder:gebruiker": "Gebruiker bekijken en wijzigen",
            "beheerder:gebruiker_deactiveren": "Gebruiker deactiveren",
            "beheerder:gebruiker_heractiveren": "Gebruiker heractiveren",
            "beheerder:uitnodiging_versturen": "Uitnodiging versturen",
            "beheerder:uitnodiging_intrekken": "Uitnodiging intrekken",
            "uitnodiging": "Uitnodiging openen",
            "uitnodiging_wachtwoord": "Uitnodiging: wachtwoord kiezen",
            "beheerder:toegangswijzigingen": "Toegangswijzigingen",
            "beheerder:toegangswijziging_beoordelen": "Toegangswijziging beoordelen",
            "beheerder:bewaren": "Bewaartermijnen en vernietiging",
            "beheerder:bewaartermijn": "Bewaartermijn instellen",
            "beheerder:blokkade_plaatsen": "Blokkade plaatsen",
            "beheerder:blokkade_besluit": "Besluit over een blokkade",
            "fg:start": "Afwijkende toegang",
            "fg:drempels": "Drempels voor afwijkende toegang",
            "fg:export": "Toegangslog exporteren (CSV)",
            "fg:inzage": "Inzageverzoeken",
            "fg:inzage_verzoek": "Inzageverzoek",
            "fg:inzage_pdf": "Inzageverzoek: document (PDF)",
            "fg:inzage_json": "Inzageverzoek: document (JSON)",
            "fg:inzage_beperking": "Inzageverzoek: verwerking beperken",
        },
    )
