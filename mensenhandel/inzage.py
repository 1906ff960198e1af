"""The rights of the person concerned: what is held about them (art. 15 AVG), corrections
(art. 16) and restriction of processing (art. 18).

Each app that holds data about people names a class (``inzage`` on its AppConfig, see
``Inzagebron``) that finds a person's records by name and date of birth, matched as stacking
matches them (the normalised name or an alias; a record with the name and no date of birth is a
possible hit, to check before anything is handed over), describes them (the data, where it came
from, who received it, the corrections) and restricts or frees their processing. The kernel adds
who viewed them (the access log, also the list pages that showed them) and makes the two
documents: a PDF to check and hand over, and the same as JSON.

An inzageverzoek (``Inzageverzoek``) keeps no name or date of birth: its reference, who searched
and when, and references to what was found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from mensenhandel.models import Gebruiker, Inzageverzoek, Rol, ToegangsLog
from mensenhandel.onderdelen import onderdelen

CORRECTIE = "Correctie op verzoek van de betrokkene (art. 16 AVG)"
BEPERKT = (
    "De verwerking van {wat} is beperkt (art. 18 AVG) sinds {sinds:%d-%m-%Y}: er kan niets aan "
    "worden gewijzigd. Neem voor vragen contact op met de privacyfunctionaris."
)
SJABLOON_PDF = "fg/inzage_document.html"


def beperkt_melding(wat: str, sinds: datetime) -> str:
    """What a user who tries to change a restricted record reads."""
    return BEPERKT.format(wat=wat, sinds=timezone.localtime(sinds))


@dataclass(frozen=True)
class Treffer:
    """One record found for a person: the app that holds it, its uuid, whether the date of birth
    matched too (``zeker``) or only the name, the date of birth not being recorded, and the parts
    of the record that are about the person (``delen``: the persons of a signal; the others in it
    are third parties)."""

    bron: str
    uuid: str
    zeker: bool
    delen: tuple[str, ...] = ()

    def als_json(self) -> dict[str, Any]:
        return {"bron": self.bron, "uuid": self.uuid, "zeker": self.zeker, "delen": list(self.delen)}


@dataclass
class Rubriek:
    """A part of a record: fields (label, value) and/or a table."""

    titel: str
    velden: list[tuple[str, str]] = field(default_factory=list)
    kolommen: list[str] = field(default_factory=list)
    rijen: list[list[str]] = field(default_factory=list)


@dataclass
class Toegang:
    """One access-log row about a record: who did what with it, when."""

    tijdstip: datetime
    gebruiker: str
    organisatie: str
    rol: str
    actie: str
    uitkomst: str
    scherm: str


@dataclass
class Dossier:
    """Everything one app holds about the person in one record (a signal, a client)."""

    treffer: Treffer
    soort: str  # "Signaal", "Cliënt"
    kenmerk: str  # the reference people use for it
    object_type: str  # its model in the access log ("signalen.Signaal")
    aangemaakt_op: datetime  # no access-log row about it is older
    waar: str  # gemeente or regio('s)
    herkomst: list[tuple[str, str]]  # where the data came from
    rubrieken: list[Rubriek]
    ontvangers: list[tuple[str, str]]  # who received it: (whom, what and when)
    correcties: list[tuple[datetime, str, str]]  # (when, by whom, which part)
    beperkt_op: datetime | None
    beperkt_reden: str
    # (object type, id) pairs by which the access log names this record and its parts.
    verwijzingen: list[tuple[str, str]]
    toegang: list[Toegang] = field(default_factory=list)

    @property
    def sleutel(self) -> str:
        return f"{self.treffer.bron}:{self.treffer.uuid}"


class Inzagebron(Protocol):
    """What an app offers for a person's rights (``inzage`` on its AppConfig)."""

    object_type: ClassVar[str]

    @staticmethod
    def zoeken(naam: str, geboortedatum: date) -> list[Treffer]: ...

    @staticmethod
    def dossiers(treffers: list[Treffer]) -> list[Dossier]: ...

    @staticmethod
    def beperken(uuid: str, door: Gebruiker, reden: str) -> str: ...

    @staticmethod
    def beperking_opheffen(uuid: str, door: Gebruiker, reden: str) -> str: ...


def bronnen() -> dict[str, Inzagebron]:
    """The apps that hold data about people, by app label."""
    return {c.label: import_string(c.inzage) for c in onderdelen() if c.inzage}


def mag_inzage_afhandelen(gebruiker: Any) -> bool:
    """The privacy officer handles requests; the functioneel beheerder only where the installation
    has no active privacy officer."""
    if not (gebruiker.is_authenticated and gebruiker.is_active):
        return False
    if gebruiker.rol == Rol.PRIVACYFUNCTIONARIS:
        return True
    return gebruiker.rol == Rol.FUNCTIONEEL_BEHEERDER and not privacyfunctionaris_aanwezig()


def privacyfunctionaris_aanwezig() -> bool:
    return Gebruiker.objects.filter(is_active=True, groups__name=Rol.PRIVACYFUNCTIONARIS.label).exists()


def zoeken(naam: str, geboortedatum: date) -> list[Treffer]:
    """Every record of every app that matches, the certain ones first."""
    treffers = [t for bron in bronnen().values() for t in bron.zoeken(naam, geboortedatum)]
    return sorted(treffers, key=lambda t: (not t.zeker, t.bron))


def dossiers(treffers: Iterable[Treffer]) -> list[Dossier]:
    """The records of a request, described by their apps, with their access-log rows."""
    per_bron: dict[str, list[Treffer]] = {}
    for treffer in treffers:
        per_bron.setdefault(treffer.bron, []).append(treffer)
    alle = bronnen()
    resultaat = [d for bron, ts in per_bron.items() if bron in alle for d in alle[bron].dossiers(ts)]
    _toegang_toevoegen(resultaat)
    return resultaat


def _toegang_toevoegen(lijst: list[Dossier]) -> None:
    """Who viewed each record: rows naming it or one of its parts, and list pages that showed it.

    One query over the log since the oldest record (no row can be older than its record); the
    list pages name records in ``getoond`` as "<type>:<uuid>", searched for by the uuid."""
    if not lijst:
        return
    voorwaarde = Q()
    for dossier in lijst:
        for soort, pk in dossier.verwijzingen:
            voorwaarde |= Q(object_type=soort, object_id=pk) | Q(getoond__icontains=pk)
    regels = (
        ToegangsLog.objects.filter(voorwaarde, tijdstip__gte=min(d.aangemaakt_op for d in lijst))
        .select_related("gebruiker__organisatie")
        .order_by("tijdstip", "id")
    )
    rollen = dict(Rol.choices)
    acties, uitkomsten = dict(ToegangsLog.Actie.choices), dict(ToegangsLog.Uitkomst.choices)
    for regel in regels:
        getoond = " ".join(regel.getoond)
        for dossier in lijst:
            if not any(
                (regel.object_type == soort and regel.object_id == pk) or pk in getoond
                for soort, pk in dossier.verwijzingen
            ):
                continue
            gebruiker = regel.gebruiker
            dossier.toegang.append(
                Toegang(
                    tijdstip=regel.tijdstip,
                    gebruiker=gebruiker.naam if gebruiker else "Het systeem",
                    organisatie=gebruiker.organisatie.naam if gebruiker and gebruiker.organisatie else "",
                    rol=str(rollen.get(regel.rol, regel.rol)),
                    actie=str(acties.get(regel.actie, regel.actie)),
                    uitkomst=str(uitkomsten.get(regel.uitkomst, regel.uitkomst)),
                    scherm=regel.scherm,
                )
            )


def verzoek_treffers(verzoek: Inzageverzoek) -> list[Treffer]:
    return [
        Treffer(t["bron"], t["uuid"], bool(t["zeker"]), tuple(t.get("delen", ()))) for t in verzoek.treffers
    ]


def tekst(waarde: Any) -> str:
    """A value as the documents show it."""
    if waarde is None or waarde == "":
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        return f"{timezone.localtime(waarde):%d-%m-%Y %H:%M}"
    if isinstance(waarde, date):
        return f"{waarde:%d-%m-%Y}"
    if isinstance(waarde, (list, tuple)):
        return ", ".join(tekst(w) for w in waarde)
    return str(waarde)


def velden(obj: Any, *, zonder: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Every filled-in field of a record as (label, value): choices by their label, foreign keys by
    their name; technical fields (ids, versions, tokens) and ``zonder`` left out."""
    technisch = {"id", "uuid", "versie", "formuliertoken", "vernietigd_op", *zonder}
    paren = []
    for veld in obj._meta.concrete_fields:
        if veld.name in technisch:
            continue
        if veld.choices:
            waarde: Any = getattr(obj, f"get_{veld.name}_display")()
        else:
            waarde = getattr(obj, veld.name)
        if waarde in (None, "", [], ()):
            continue
        label = str(veld.verbose_name)
        paren.append((label[:1].upper() + label[1:], tekst(waarde)))
    return paren


def als_json(verzoek: Inzageverzoek, lijst: list[Dossier]) -> str:
    """The machine-readable document: the same content as the PDF."""
    inhoud = {
        "inzageverzoek": {
            "kenmerk": verzoek.kenmerk,
            "ontvangen_op": verzoek.ontvangen_op,
            "gezocht_op": verzoek.tijdstip,
            "gezocht_door": verzoek.door.naam,
            "gemaakt_op": timezone.now(),
        },
        "gegevens": [
            {
                "soort": d.soort,
                "kenmerk": d.kenmerk,
                "overeenkomst": "naam en geboortedatum" if d.treffer.zeker else "alleen de naam",
                "waar": d.waar,
                "herkomst": [{"wat": a, "bron": b} for a, b in d.herkomst],
                "rubrieken": [asdict(r) for r in d.rubrieken],
                "ontvangers": [{"ontvanger": a, "wat": b} for a, b in d.ontvangers],
                "correcties": [{"tijdstip": t, "door": w, "wat": x} for t, w, x in d.correcties],
                "verwerking_beperkt_sinds": d.beperkt_op,
                "reden_beperking": d.beperkt_reden,
                "inzage_door": [asdict(t) for t in d.toegang],
            }
            for d in lijst
        ],
    }
    return json.dumps(inhoud, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def als_pdf(verzoek: Inzageverzoek, lijst: list[Dossier]) -> bytes:
    """The document to check and hand over (PDF/UA-1, ``mensenhandel.pdf``)."""
    from mensenhandel.pdf import STATISCH, html_naar_pdf

    html = render_to_string(
        SJABLOON_PDF,
        {"verzoek": verzoek, "dossiers": lijst, "gemaakt_op": timezone.now(), "statisch": STATISCH},
    )
    return html_naar_pdf(html)
