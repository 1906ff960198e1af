"""What the dashboard prints around its charts: the key figures as tiles, and every figure of
the page as plain tables for its CSV.

Nothing here counts or protects: it reads the protected publication
(``ketenregie.selectors.publicatie.Dashboardcijfers``) and writes its printed cells as text,
exactly as the page prints them ("<5" and "x" included), so that the CSV says what the page
says and nothing more.

A change against the previous period is the difference of two *printed* figures, each from its
own period's publication (what anyone can subtract from the two pages). When either is hidden
("<5", "x"), there is no change to show: a change worked out from a true count would give away
what the hidden cell hides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.template.defaultfilters import floatformat
from django.utils.text import slugify

from ketenregie.selectors.cijfers import Activiteittelling
from ketenregie.selectors.publicatie import Dashboardcijfers
from mensenhandel.bescherming import Aantal, gedrukt
from mensenhandel.cijfers import Telling
from mensenhandel.periode import Periode, datum_tekst
from mensenhandel.spreadsheet import csv_tekst
from signalen.cijfers import Verwijzingsrij

GEEN_VERSCHIL = "niet te berekenen: een van beide aantallen is verborgen"


def vorige_periode(periode: Periode) -> Periode:
    """The publication period of the same kind just before ``periode`` (the month, quarter,
    half-year or year before)."""
    tot = periode.van - timedelta(days=1)
    maanden = tot.year * 12 + tot.month - periode.aantal_maanden  # months since year 0, 0-based
    return Periode(date(maanden // 12, maanden % 12 + 1, 1), tot)


def verschil(nu: Aantal, toen: Aantal) -> int | None:
    """The change between two printed figures; None when either is hidden."""
    a, b = gedrukt(nu), gedrukt(toen)
    return None if a is None or b is None else a - b


def verschil_tekst(waarde: int | None) -> str:
    if waarde is None:
        return GEEN_VERSCHIL
    if waarde == 0:
        return "gelijk"
    return f"+{waarde}" if waarde > 0 else f"−{-waarde}"


def _verborgen(aantal: Aantal) -> bool:
    return gedrukt(aantal) is None


@dataclass(frozen=True)
class Tegel:
    """One key figure: a title, the figure as printed, a line that says what it counts, and
    lines of detail (label, value)."""

    titel: str
    waarde: str
    uitleg: str
    anker: str  # the section of the page that has the details
    regels: tuple[tuple[str, str], ...] = ()
    verborgen: bool = False  # the figure itself is hidden
    # The change against the previous period ("" when not compared), and as a number (None
    # when either figure is hidden).
    verschil: str = ""
    verschil_getal: int | None = None


def tegels(cijfers: Dashboardcijfers) -> list[Tegel]:
    """The four key figures of the dashboard, from its figures (no query)."""
    s, v, t, b = cijfers.signalen, cijfers.verwijzingen, cijfers.trajecten, cijfers.basisniveau
    signaalregels: tuple[tuple[str, str], ...] = ()
    verandering, verandering_tekst = None, ""
    if cijfers.vorige is not None:
        toen = cijfers.vorige.signalen.totaal
        signaalregels = ((f"In {cijfers.vorige.periode.label}", str(toen)),)
        verandering = verschil(s.totaal, toen)
        verandering_tekst = verschil_tekst(verandering)
    lopend = t.peildatum < cijfers.periode.tot
    return [
        Tegel(
            titel="Signalen",
            waarde=str(s.totaal),
            uitleg=f"geregistreerd in {cijfers.periode.label}"
            + (" (de periode loopt nog)" if lopend else ""),
            anker="signalen",
            regels=signaalregels,
            verborgen=_verborgen(s.totaal),
            verschil=verandering_tekst,
            verschil_getal=verandering,
        ),
        Tegel(
            titel="Doorverwijzingen die te lang wachten",
            waarde=str(v.wacht_te_lang_alle),
            uitleg=(
                f"langer dan {v.wachtdagen} dagen zonder antwoord op {datum_tekst(v.peildatum)}, "
                "van alle doorverwijzingen uit de regio"
            ),
            anker="doorverwijzingen",
            verborgen=_verborgen(v.wacht_te_lang_alle),
        ),
        Tegel(
            titel="Open trajecten",
            waarde=str(t.open),
            uitleg=f"op {datum_tekst(t.peildatum)}, per fase:",
            anker="trajecten",
            regels=tuple((f.label, str(f.aantal)) for f in t.per_fase),
            verborgen=_verborgen(t.open),
        ),
        Tegel(
            titel="Basisniveau",
            waarde=f"{floatformat(b.percentage, 0)}%" if b.percentage is not None else "–",
            uitleg=(
                f"{b.voldaan} van de {b.onderdelen} onderdelen voldaan op {datum_tekst(b.peildatum)}"
                if b.onderdelen
                else "Geen actieve gemeenten in deze regio"
            ),
            anker="basisniveau",
        ),
    ]


# --- The CSV: every figure of the page -------------------------------------------------------


@dataclass(frozen=True)
class Tabel:
    """A table of the page as the CSV writes it: its caption, headers, rows and footer."""

    titel: str
    kolommen: tuple[str, ...]
    rijen: tuple[tuple[object, ...], ...]
    voet: tuple[tuple[object, ...], ...] = ()


def _tellingen(titel: str, kop: str, tellingen: Iterable[Telling], totaal: object = None) -> Tabel:
    voet = (("Totaal", str(totaal)),) if totaal is not None else ()
    return Tabel(titel, (kop, "Aantal"), tuple((t.label, str(t.aantal)) for t in tellingen), voet)


def _dagen(mediaan: float | None) -> str:
    return "–" if mediaan is None else floatformat(mediaan, "-1")


def _kernrijen(tegel: Tegel) -> list[tuple[object, ...]]:
    """A tile as rows: its figure, its lines, and its change as a number (a text "+3" would
    be guarded as a formula in a spreadsheet)."""
    rijen: list[tuple[object, ...]] = [(tegel.titel, tegel.waarde, tegel.uitleg)]
    rijen += [(f"{tegel.titel}: {label}", waarde, "") for label, waarde in tegel.regels]
    if tegel.verschil:
        getal = tegel.verschil_getal
        rijen.append((f"{tegel.titel}: Verschil", tegel.verschil if getal is None else getal, ""))
    return rijen


def _verwijzingsrij(rij: Verwijzingsrij) -> tuple[str, ...]:
    return (
        rij.label,
        str(rij.aantal),
        str(rij.met_terugkoppeling),
        _dagen(rij.mediaan_dagen),
        str(rij.wacht_te_lang),
    )


def _activiteitrij(telling: Activiteittelling) -> tuple[str, ...]:
    return (telling.label, str(telling.aantal), str(telling.deelnemers))


def tabellen(cijfers: Dashboardcijfers, fase_titel: str) -> list[Tabel]:
    """Every table of the dashboard, with the page's captions, cell for cell as printed."""
    s, v, t, b, a = (
        cijfers.signalen,
        cijfers.verwijzingen,
        cijfers.trajecten,
        cijfers.basisniveau,
        cijfers.activiteiten,
    )
    kern = Tabel(
        "Kerncijfers",
        ("Kerncijfer", "Waarde", "Toelichting"),
        tuple(rij for tegel in tegels(cijfers) for rij in _kernrijen(tegel)),
    )
    gemeenten = s.per_gemeente
    standen = v.totaal.terugkoppelingen
    statussen = b.rijen[0].statussen if b.rijen else []
    return [
        kern,
        Tabel(
            "Signalen per gemeente",
            ("Gemeente", *gemeenten.kolommen),
            tuple((naam, *(str(c) for c in cellen)) for naam, cellen, _ in gemeenten.regels),
            (("Regio", str(gemeenten.tabel.totaal)),),
        ),
        _tellingen("Signalen per vorm van uitbuiting", "Vorm van uitbuiting", s.per_vorm),
        _tellingen("Signalen per bron", "Bron", s.per_bron, s.totaal),
        _tellingen("Signalen per sector", "Sector", s.per_sector, s.totaal),
        _tellingen("Signalen per status, zoals die nu is", "Status", s.per_status, s.totaal),
        _tellingen("Signalen per maand van registratie", "Maand", s.per_maand, s.totaal),
        Tabel(
            "Doorverwijzingen per bestemming, met wachttijd",
            (
                "Bestemming",
                "Doorverwezen",
                "Met terugkoppeling",
                "Mediane wachttijd in dagen",
                "Wacht te lang",
            ),
            tuple(_verwijzingsrij(rij) for rij in v.per_bestemming),
            (_verwijzingsrij(v.totaal),),
        ),
        Tabel(
            "Stand van de terugkoppeling per bestemming, zoals die nu is",
            ("Bestemming", *(stand.label for stand in standen)),
            tuple((rij.label, *(str(x.aantal) for x in rij.terugkoppelingen)) for rij in v.per_bestemming),
            (("Totaal", *(str(stand.aantal) for stand in standen)),),
        ),
        _tellingen(fase_titel, "Fase", t.per_fase),
        _tellingen(
            "Trajecten afgesloten in de periode, per reden",
            "Reden van afsluiten",
            t.per_afsluitreden,
            t.afgesloten,
        ),
        Tabel(
            "Basisniveau per onderdeel: aantal gemeenten per status",
            ("Onderdeel", *(status.label for status in statussen), "Voldaan (%)"),
            tuple(
                (
                    rij.label,
                    *(str(status.aantal) for status in rij.statussen),
                    "–" if rij.percentage is None else f"{floatformat(rij.percentage, 0)}%",
                )
                for rij in b.rijen
            ),
        ),
        Tabel(
            "Activiteiten per soort",
            ("Soort", "Activiteiten", "Deelnemers"),
            tuple(_activiteitrij(telling) for telling in a.per_soort),
            (("Totaal", str(a.aantal), str(a.deelnemers)),),
        ),
        Tabel(
            "Activiteiten per doelgroep",
            ("Doelgroep", "Activiteiten", "Deelnemers"),
            tuple(_activiteitrij(telling) for telling in a.per_doelgroep),
        ),
    ]


def bestandsnaam(cijfers: Dashboardcijfers) -> str:
    """E.g. "dashboardcijfers-gooi-en-vechtstreek-2026-H1.csv"."""
    return f"dashboardcijfers-{slugify(cijfers.regio.naam)}-{cijfers.periode.code}.csv"


def csv_bestand(cijfers: Dashboardcijfers, *, fase_titel: str, uitleg: str) -> bytes:
    """The dashboard's figures as one CSV (";" separated, UTF-8 with a byte order mark): what
    they are about, then every table under its caption, with a blank line between the tables."""
    kop: list[Sequence[object]] = [
        ["Dashboard ketenregie: cijfers"],
        ["Regio", cijfers.regio.naam],
        ["Periode", cijfers.periode.label],
        ["Van", datum_tekst(cijfers.periode.van)],
        ["Tot en met", datum_tekst(cijfers.periode.tot)],
    ]
    if cijfers.cijfers.vastgesteld_op:
        kop.append(["Vastgesteld op", datum_tekst(cijfers.cijfers.vastgesteld_op)])
    kop.append(["Beveiliging", uitleg])
    if not cijfers.cijfers.gecontroleerd:
        kop.append(
            ["Let op", "De beveiliging kon niet worden gecontroleerd; daarom is elk aantal verborgen."]
        )
    regels: list[Sequence[object]] = list(kop)
    for tabel in tabellen(cijfers, fase_titel):
        regels += [[], [tabel.titel], list(tabel.kolommen), *map(list, tabel.rijen), *map(list, tabel.voet)]
    return csv_tekst(regels).encode("utf-8")
