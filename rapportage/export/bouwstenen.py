"""The building blocks of the report's tables (the export's and the PDF's): the refusal of an
unknown part, what the tables need to know about the report, and the common shapes (an
overview, counts, a table by gemeente)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ketenregie.selectors import cijfers
from mensenhandel.cijfers import Gemeentetelling, Telling
from rapportage import inhoud
from rapportage.tabellen import Tabel, Waarde, gemeentetabel, tabel


class OnbekendOnderdeel(TypeError):
    """A part of the gathering that the export does not know how to write."""


# The keys of the gathering that describe the report rather than hold figures: the first
# sheet ("Toelichting", see ``rapportage.export.toelichting``) shows them.
OVER_HET_RAPPORT = frozenset(
    {
        "rapport",
        "regio",
        "periode_label",
        "periode_tekst",
        "gemaakt_op",
        "peildatum",
        "tussenstand",
        "vorige_label",
        "drempel",
        "onderdrukking_uitleg",
        "gewist_uit_cijfers",
    }
)


@dataclass(frozen=True)
class Uitleg:
    """What the tables need to know about the report itself."""

    onderdrukking: str  # the suppression rule, under every table that hides cells
    vorige_label: str  # the period the summary compares with


# --- Building blocks ----------------------------------------------------------------------------


def tellingen(
    titel: str,
    kop: str,
    tellingen: Iterable[Telling],
    *,
    blad: str = "",
    notitie: str = "",
    totaal: Waarde = None,
) -> Tabel:
    """Counts by category; with ``totaal`` a footer "Totaal" (the PDF's count tables)."""
    return tabel(
        titel,
        [kop, "Aantal"],
        ([t.label, t.aantal] for t in tellingen),
        voet=[] if totaal is None else [["Totaal", totaal]],
        notities=[notitie],
        blad=blad,
    )


def activiteittellingen(
    titel: str, kop: str, tellingen: Iterable[cijfers.Activiteittelling], *, notitie: str = ""
) -> Tabel:
    return tabel(
        titel,
        [kop, "Activiteiten", "Deelnemers"],
        ([t.label, t.aantal, t.deelnemers] for t in tellingen),
        notities=[notitie],
    )


def overzicht(titel: str, regels: Iterable[tuple[str, Waarde]], *, blad: str = "") -> Tabel:
    return tabel(titel, ["Onderwerp", "Waarde"], ([label, waarde] for label, waarde in regels), blad=blad)


def cijfertabel(titel: str, t: Gemeentetelling, uitleg: Uitleg, *, blad: str = "") -> Tabel:
    o = t.tabel
    return gemeentetabel(
        titel,
        t.kolommen,
        t.regels,
        o.kolomtotalen,
        o.totaal,
        rijtotalen=bool(o.rijtotalen),
        onderdrukt=t.onderdrukt,
        uitleg=uitleg.onderdrukking,
        blad=blad,
    )


def inhoudtabel(t: inhoud.Gemeentetabel, uitleg: Uitleg, *, blad: str = "") -> Tabel:
    """A table by gemeente of the gathering, as the export and the PDF print it."""
    return t.als_tabel(uitleg.onderdrukking, blad=blad)
