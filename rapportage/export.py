"""The figures of a report as CSV and XLSX, for the ketenregisseur's own analysis.

The task that makes the PDF (``rapportage.tasks.rapport_maken``) writes both files from the
same gathering and stores them beside it: they are the PDF's figures, whenever they are
downloaded. What goes in is what ``rapportage.inhoud.verzamelen`` gathers, table by table:

- suppressed exactly as printed: a hidden cell keeps its printed text ("<5", "x"), its true
  value (``Cel.waarde``) never reaches the file; the region totals are exact numbers;
- numbers stay numbers (in the XLSX real number cells, right for sorting and sums);
- the charts are left out: every chart's figures are a table of their own as well;
- no people: knelpunten and their actions without "ingebracht door" and without the
  action's owner, as in the PDF. Their texts (and the bijzonderheden) are the
  ketenregisseur's own texts meant for the report, not texts from cases.

**Generic over the gathering.** ``tabellen(context)`` walks the dict and turns every value
into tables by its type: a ``Gemeentetabel`` (either kind: the suppressed cells as printed),
a ``Basisniveautabel``, a list of ``Kerngetal``, the knelpunten, and any other dataclass of
the figure modules (``ketenregie.selectors.cijfers``, ``rapportage.inhoud``): a list of them
is a table with a column per field (and per single-valued property, such as a percentage),
a single one a bundle whose numbers become an overview and whose lists and tables become
tables of their own (``Signaalcijfers``, ``Trajectcijfers``, …). So a table or a figure added
to ``verzamelen`` is exported without a change here; its title comes from ``NAMEN`` /
``VELDEN`` when given there, else from its name. Charts are left out on purpose. Anything
else raises ``OnbekendOnderdeel``: a value of another type, a loose value at the top, a
field by gemeente that is not a suppressed table, a dataclass that gained a field one of
the table writers does not know. Nothing is ever left out silently; the tests export a
complete gathering, so they fail first.

**One CSV with sections, not a ZIP of files.** A Dutch spreadsheet user double-clicks a
CSV and Excel opens it; a ZIP has to be unpacked first and Excel does not open one CSV from
it, let alone nine. The spreadsheet with one sheet per table is the XLSX; the CSV is the
plain, universal copy: UTF-8 with a byte order mark and ";" between fields (as the
signalen export, what Excel with Dutch settings expects), a decimal comma, dates as
d-m-jjjj, every table under its title row with a blank line between the tables.

**Formula injection.** A text that a spreadsheet could take for a formula (starting with
=, +, -, @, a tab or a carriage return, also after leading spaces) gets a leading
apostrophe in both files; in the XLSX every text is moreover stored as a text cell, never a
formula. Numbers written by this module are not texts and need no such guard.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.utils import timezone

from ketenregie.models import BasisniveauStatus, Knelpunt
from ketenregie.selectors import cijfers
from mensenhandel.onderdrukking import Cel
from mensenhandel.periode import datum_tekst
from rapportage import inhoud
from signalen.models import Doorverwijzing

TITEL = "Halfjaarrapportage aanpak mensenhandel: cijfers"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

BEREKEND = (
    "De cijfers in dit bestand zijn samen met de PDF van deze versie gemaakt, uit dezelfde gegevens en "
    "met dezelfde peildatum: het zijn de cijfers van de PDF. Standen zoals de status van signalen, de "
    "terugkoppeling op doorverwijzingen en de open knelpunten zijn die op het moment van maken."
)
PRIVACY = (
    "Dit bestand bevat cijfers en de teksten van de ketenregie (bijzonderheden en knelpunten), geen "
    "gegevens over personen en geen teksten uit dossiers. Bewaar het zorgvuldig en deel het niet verder "
    "dan nodig."
)
GEEN_GEGEVENS = "Geen gegevens."
INGEKORT = " … (ingekort: de hele tekst staat in de PDF)"
REGIO_PRECIES = "Regio (precies)"

# The keys of the gathering that describe the report rather than hold figures: the first
# sheet ("Toelichting", see ``toelichting``) shows them, the threshold through its rule.
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
    }
)

# Texts that a spreadsheet program could read as a formula.
_FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
# Control characters that XML (and so XLSX) does not allow; also kept out of the CSV.
_STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The longest text one spreadsheet cell holds.
_MAX_CEL = 32_767


class OnbekendOnderdeel(TypeError):
    """A value in the gathering that the export does not know how to write."""


# --- What a table holds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verborgen:
    """A suppressed cell: only its printed text ("<5", "x") is known here."""

    tekst: str


Waarde = str | int | float | date | Verborgen | None


@dataclass
class Tabel:
    """One table: a block of the CSV, a sheet of the XLSX."""

    titel: str
    kop: list[str]
    regels: list[list[Waarde]] = field(default_factory=list)
    voet: list[list[Waarde]] = field(default_factory=list)  # totals, printed bold
    notities: list[str] = field(default_factory=list)  # printed under the table
    blad: str = ""  # the sheet's name (at most 31 characters), set by ``tabellen``

    @property
    def inhoud(self) -> tuple:
        return (tuple(self.kop), tuple(map(tuple, self.regels)), tuple(map(tuple, self.voet)))


@dataclass(frozen=True)
class Naam:
    """How a part of the gathering is called in the export."""

    titel: str
    kop: str = ""  # the header of the first column, for lists of rows
    blad: str = ""  # a short sheet name when the title is longer than 31 characters
    notitie: str = ""  # printed under the table
    leeg: str = GEEN_GEGEVENS  # the one line of an empty list


# Titles of the top-level keys and of the tables inside a bundle of figures ("Type.veld").
NAMEN: dict[str, Naam] = {
    "samenvatting": Naam("Samenvatting"),
    "signalen": Naam("Signalen"),
    "Signaalcijfers.per_gemeente": Naam("Signalen per gemeente", blad="Signalen per gemeente"),
    "Signaalcijfers.per_vorm": Naam(
        "Signalen per vorm van uitbuiting",
        kop="Vorm",
        blad="Signalen per vorm",
        notitie="Een signaal kan over meer dan één vorm gaan; samen tellen de vormen daarom op tot meer dan "
        "het aantal signalen.",
    ),
    "Signaalcijfers.per_bron": Naam("Signalen per bron", kop="Bron"),
    "Signaalcijfers.per_sector": Naam("Signalen per sector", kop="Sector"),
    "Signaalcijfers.per_status": Naam(
        "Signalen uit deze periode naar hun status op het moment van maken",
        kop="Status",
        blad="Signalen per status",
    ),
    "Signaalcijfers.per_maand": Naam("Signalen per maand", kop="Maand"),
    "Signaalcijfers.per_minderjarig": Naam(
        "Signalen naar betrokkenheid van een minderjarige",
        kop="Minderjarige betrokken",
        blad="Signalen minderjarigen",
    ),
    "besluiten": Naam("Besluiten over signalen"),
    "Besluitcijfers.per_uitkomst": Naam(
        "Besluiten naar wat er is besloten", kop="Besluit", blad="Besluiten per uitkomst"
    ),
    "Besluitcijfers.per_bestemming": Naam(
        "Besluiten met een doorverwijzing, per bestemming",
        kop="Bestemming",
        blad="Besluiten per bestemming",
        notitie="Eén besluit kan naar meer ketenpartners doorverwijzen; samen tellen de bestemmingen "
        "daarom op tot meer dan het aantal besluiten met een doorverwijzing.",
    ),
    "Besluitcijfers.per_afsluitreden": Naam(
        "Afgesloten signalen per reden van afsluiten", kop="Reden", blad="Signalen per afsluitreden"
    ),
    "stapeling": Naam("Stapeling van signalen"),
    "Stapelcijfers.per_sterkte": Naam(
        "Stapelingstreffers per sterkte en beoordeling", kop="Overeenkomst", blad="Stapeling per sterkte"
    ),
    "Stapelcijfers.per_beoordeling": Naam(
        "Stapelingstreffers per beoordeling", kop="Beoordeling", blad="Stapeling per beoordeling"
    ),
    "aanmeldingen": Naam("Aanmeldingen voor zorgcoördinatie", blad="Aanmeldingen"),
    "Aanmeldingcijfers.per_bron": Naam("Aanmeldingen per bron", kop="Bron"),
    "Aanmeldingcijfers.per_uitkomst": Naam(
        "Aanmeldingen naar hun antwoord op de peildatum", kop="Antwoord", blad="Aanmeldingen per antwoord"
    ),
    "zorg": Naam("Zorgcoördinatie: opvang, verblijfsrecht, strafrecht en CoMensha", blad="Zorg"),
    "Zorgcijfers.verblijf": Naam(
        "Verblijfsrecht: stappen in deze periode", kop="Stap", blad="Verblijfsrecht"
    ),
    "Zorgcijfers.opvang": Naam(
        "Trajecten met opvang in deze periode, per soort opvang", kop="Soort opvang", blad="Opvang"
    ),
    "verwijzingen": Naam("Doorverwijzingen en terugkoppeling", blad="Doorverwijzingen"),
    "Verwijzingscijfers.per_bestemming": Naam(
        "Doorverwijzingen per bestemming",
        kop="Bestemming",
        blad="Verwijzingen per bestemming",
    ),
    "trajecten": Naam("Zorgcoördinatie: trajecten", blad="Trajecten"),
    "Trajectcijfers.per_fase": Naam(
        "Open trajecten per fase op de peildatum",
        kop="Fase",
        blad="Trajecten per fase",
        notitie="Intake en hulpverlening kunnen tegelijk lopen; een traject kan daarom in twee fasen "
        "tegelijk staan.",
    ),
    "Trajectcijfers.per_afsluitreden": Naam(
        "Afgesloten trajecten per reden van afsluiten", kop="Reden", blad="Trajecten per afsluitreden"
    ),
    "trend": Naam("Signalen, doorverwijzingen en trajecten per halfjaar", kop="Halfjaar", blad="Trend"),
    "basisniveau": Naam("Basisniveau per gemeente en onderdeel", blad="Basisniveau"),
    "activiteiten": Naam("Activiteiten"),
    "Activiteitcijfers.per_soort": Naam("Activiteiten per soort", kop="Soort"),
    "Activiteitcijfers.per_doelgroep": Naam(
        "Activiteiten per doelgroep",
        kop="Doelgroep",
        notitie="Een activiteit kan meer doelgroepen hebben; haar deelnemers tellen dan bij elke "
        "doelgroep mee.",
    ),
    "activiteiten_per_gemeente": Naam("Activiteiten per gemeente en soort", blad="Activiteiten per gemeente"),
    "overleggen": Naam(
        "Overleggen gehouden in deze periode",
        kop="Soort overleg",
        blad="Overleggen",
        notitie="Leeg bij ‘Besproken signalen’: niet van toepassing, bij dit overleg worden geen signalen "
        "besproken.",
    ),
    "bijzonderheden": Naam(
        "Bijzonderheden", leeg="De ketenregisseur heeft voor deze periode geen bijzonderheden vastgelegd."
    ),
    "knelpunten": Naam("Open knelpunten", leeg="Er zijn geen open knelpunten."),
    "Basisniveaucijfers.rijen": Naam("Basisniveau per onderdeel", kop="Onderdeel"),
}

# Labels of numbers in a bundle and of the columns of rows ("Type.veld").
VELDEN: dict[str, str] = {
    "Signaalcijfers.totaal": "Signalen geregistreerd",
    "Signaalcijfers.minderjarig": "Signalen met een minderjarige",
    "Signaalcijfers.migratiecomponent": "Signalen met een migratiecomponent",
    "Verwijzingscijfers.wachtdagen": "Een doorverwijzing wacht te lang na (dagen)",
    "Verwijzingscijfers.peildatum": "Peildatum",
    "Verwijzingscijfers.wacht_te_lang_alle": "Doorverwijzingen van alle perioden die op de peildatum te lang "
    "wachtten",
    "Verwijzingscijfers.wacht_alle": "Doorverwijzingen van alle perioden die op de peildatum wachtten op "
    "terugkoppeling",
    "Verwijzingsrij.label": "Bestemming",
    "Verwijzingsrij.aantal": "Aantal",
    "Verwijzingsrij.met_terugkoppeling": "Met terugkoppeling",
    "Verwijzingsrij.mediaan_dagen": "Dagen tot terugkoppeling (mediaan)",
    "Verwijzingsrij.wacht_te_lang": "Wacht te lang",
    "Verwijzingsrij.wacht_op_peildatum": "Wacht op de peildatum",
    "Besluitcijfers.totaal": "Signalen met een besluit in deze periode",
    "Besluitcijfers.gemonitord": "Gemonitord als lopend signaal",
    "Besluitcijfers.met_doorverwijzing": "Besluiten met een doorverwijzing",
    "Besluitcijfers.mediaan_dagen": "Dagen van registratie tot besluit (mediaan)",
    "Stapelcijfers.totaal": "Stapelingstreffers (twee gekoppelde signalen)",
    "Stapelcijfers.tussen_gemeenten": "Tussen twee gemeenten",
    "Stapelcijfers.met_andere_regio": "Met een signaal uit een andere regio",
    "Stapelrij.label": "Overeenkomst",
    "Stapelrij.aantal": "Totaal",
    "Stapelrij.per_beoordeling": "",
    "Aanmeldingcijfers.peildatum": "Peildatum",
    "Aanmeldingcijfers.totaal": "Aanmeldingen in deze periode",
    "Zorgcijfers.peildatum": "Peildatum",
    "Zorgcijfers.afgesloten": "Trajecten afgesloten in deze periode",
    "Zorgcijfers.mediaan_duur_dagen": "Looptijd van de afgesloten trajecten in dagen (mediaan)",
    "Zorgcijfers.bedenktijd_gestart": "Bedenktijd gestart",
    "Zorgcijfers.aangiften": "Aangifte gedaan",
    "Zorgcijfers.in_opvang": "Trajecten met opvang in deze periode",
    "Zorgcijfers.comensha_gegeven": "CoMensha: toestemming gegeven",
    "Zorgcijfers.comensha_geweigerd": "CoMensha: toestemming geweigerd",
    "Zorgcijfers.comensha_niet_gevraagd": "CoMensha: cliënten van trajecten gestart in deze periode aan wie "
    "(nog) niets is gevraagd",
    "Zorgcijfers.comensha_gevraagd": "CoMensha: toestemming gevraagd",
    "Zorgcijfers.comensha_percentage": "CoMensha: deel dat toestemming gaf (procent)",
    "Basisniveaurij.label": "Onderdeel",
    "Basisniveaurij.aantal_gemeenten": "Gemeenten",
    "Basisniveaurij.percentage": "Voldaan (procent)",
    "Trajectcijfers.peildatum": "Peildatum",
    "Trajectcijfers.geopend": "Trajecten gestart in deze periode",
    "Trajectcijfers.afgesloten": "Trajecten afgesloten in deze periode",
    "Trajectcijfers.open": "Trajecten open op de peildatum",
    "Activiteitcijfers.aantal": "Activiteiten in deze periode",
    "Activiteitcijfers.deelnemers": "Bekende deelnemers",
    "Activiteitcijfers.zonder_deelnemersaantal": "Activiteiten zonder deelnemersaantal",
    "Basisniveaucijfers.peildatum": "Peildatum",
    "Basisniveaucijfers.aantal_gemeenten": "Actieve gemeenten",
    "Telling.label": "Onderdeel",
    "Telling.aantal": "Aantal",
    "Activiteittelling.label": "Onderdeel",
    "Activiteittelling.aantal": "Activiteiten",
    "Activiteittelling.deelnemers": "Deelnemers",
    "Trendregel.periode": "Halfjaar",
    "Trendregel.signalen": "Signalen",
    "Trendregel.verwijzingen": "Doorverwijzingen",
    "Trendregel.trajecten_geopend": "Trajecten gestart",
    "Trendregel.trajecten_afgesloten": "Trajecten afgesloten",
    "Trendregel.minderjarig": "Signalen met een minderjarige",
    "Trendregel.besluiten": "Besluiten over signalen",
    "Trendregel.mediaan_dagen_tot_besluit": "Dagen van registratie tot besluit (mediaan)",
    "Trendregel.stapelingen": "Stapelingstreffers",
    "Trendregel.aanmeldingen": "Aanmeldingen voor zorgcoördinatie",
    "Trendregel.trajecten_open": "Trajecten open aan het eind",
    "Overlegtelling.label": "Soort overleg",
    "Overlegtelling.aantal": "Aantal",
    "Overlegtelling.besproken_signalen": "Besproken signalen",
    "Bijzonderhedentekst.periode": "Halfjaar",
    "Bijzonderhedentekst.tekst": "Bijzonderheden",
}

# Fields not written: the stored code of a category (for filter links), and properties
# that repeat a column of the same row ("veld" or "Type.veld").
# ``Verwijzingsrij.wacht`` is the sum of the waiting feedback columns; the PDF shows the
# count on the reference date (``wacht_op_peildatum``), and so does this file.
WEGGELATEN = frozenset({"code", "Basisniveaurij.voldaan", "Stapelcijfers.bevestigd", "Verwijzingsrij.wacht"})

# The modules whose dataclasses hold figures of a regio (and never people: see their
# docstrings). A dataclass of another module is not written.
FIGUURMODULES = frozenset(
    {
        "mensenhandel.cijfers",
        "signalen.cijfers.registratie",
        "signalen.cijfers.meldroute",
        "zorgcoordinatie.cijfers",
        "ketenregie.selectors.cijfers",
        "rapportage.inhoud",
    }
)
# Forms of figures made for print only, whose figures the export writes from elsewhere:
# left out on purpose ("module.Type" → why).
NIET_GESCHREVEN: dict[str, str] = {
    "rapportage.inhoud.Grafiek": "a chart: its figures are a table of their own",
}
# The tables by gemeente: suppressed, or (the basisniveau) without counts.
GEMEENTETABELLEN = (inhoud.Gemeentetabel, cijfers.Gemeentetabel, inhoud.Basisniveautabel)
# Building blocks that are only written as part of their table, never on their own.
ALLEEN_IN_TABEL = frozenset(
    {inhoud.Tabelregel, inhoud.Basisniveauregel, inhoud.Basisniveaucel, inhoud.Kerngetal}
)


def _mens(naam: str) -> str:
    """A field name as a label: "per_leeftijd" → "Per leeftijd"."""
    tekst = naam.replace("_", " ").strip()
    return tekst[:1].upper() + tekst[1:]


def _is_enkel(waarde: Any) -> bool:
    """A value that fits in one cell: a number, text, date or period."""
    return waarde is None or isinstance(waarde, (bool, int, float, str, date, cijfers.Periode))


def _is_figuur(waarde: Any) -> bool:
    """A dataclass of figures that the export may walk field by field."""
    soort = type(waarde)
    return (
        is_dataclass(waarde)
        and not isinstance(waarde, type)
        and soort.__module__ in FIGUURMODULES
        and soort not in ALLEEN_IN_TABEL
    )


def _niet_geschreven(waarde: Any) -> bool:
    soort = type(waarde)
    return f"{soort.__module__}.{soort.__qualname__}" in NIET_GESCHREVEN


def _cel(cel: Cel) -> Waarde:
    """A suppressed cell as printed: its text when hidden, else its (shown) number."""
    if cel.verborgen:
        return Verborgen(cel.tekst)
    return cel.waarde


def _enkel(pad: str, waarde: Any) -> Waarde:
    """One value of a row: a number, text or date; a table cell as printed."""
    if isinstance(waarde, Cel):
        return _cel(waarde)
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, cijfers.Periode):
        return waarde.label
    if _is_enkel(waarde):
        return waarde
    raise OnbekendOnderdeel(f"{pad}: een waarde van het type {type(waarde).__name__} kan niet in een cel.")


def _per_gemeente_bewaken(pad: str, veld: str, waarde: Any) -> None:
    """Figures by gemeente only as a suppressed table: never a loose text or list per gemeente."""
    toegestaan = (int, float, type(None), *GEMEENTETABELLEN)
    if "gemeente" in veld and (isinstance(waarde, bool) or not isinstance(waarde, toegestaan)):
        raise OnbekendOnderdeel(
            f"{pad}: gegevens per gemeente schrijft de export alleen als onderdrukte tabel "
            f"(een Gemeentetabel), niet als {type(waarde).__name__}."
        )


def _eigenschappen(waarde: Any) -> list[str]:
    """The names of a dataclass's properties with a single value (derived figures such as a
    percentage), in the order of the class."""
    namen = []
    for soort in reversed(type(waarde).__mro__):
        for naam, lid in vars(soort).items():
            weg = naam in WEGGELATEN or f"{type(waarde).__name__}.{naam}" in WEGGELATEN
            if isinstance(lid, property) and not naam.startswith("_") and not weg and naam not in namen:
                namen.append(naam)
    return [n for n in namen if _is_enkel(getattr(waarde, n))]


# --- From the gathering to tables ---------------------------------------------------------------------


class _Verzameling:
    def __init__(self, uitleg: str, vorige_label: str) -> None:
        self.tabellen: list[Tabel] = []
        self.uitleg = uitleg
        self.vorige_label = vorige_label


def _naam(sleutel: str, ouder: str = "") -> Naam:
    if sleutel in NAMEN:
        return NAMEN[sleutel]
    eigen = _mens(sleutel.rsplit(".", 1)[-1])
    return Naam(f"{ouder} – {eigen[:1].lower()}{eigen[1:]}" if ouder else eigen)


def _onbekend(pad: str, waarde: Any) -> OnbekendOnderdeel:
    return OnbekendOnderdeel(
        f"{pad}: de export kent het type {type(waarde).__name__} niet. Voeg het toe aan "
        "rapportage/export.py, zodat het niet ongemerkt uit de export valt."
    )


def _omzetten(pad: str, naam: Naam, waarde: Any, uit: _Verzameling) -> None:
    """Turn one part of the gathering into tables, by its type."""
    if _niet_geschreven(waarde) or (
        isinstance(waarde, dict) and waarde and all(_niet_geschreven(w) for w in waarde.values())
    ):
        return
    if isinstance(waarde, inhoud.Gemeentetabel):
        _gemeentetabel(pad, naam, waarde, uit)
    elif isinstance(waarde, cijfers.Gemeentetabel):
        _cijfertabel(pad, naam, waarde, uit)
    elif isinstance(waarde, inhoud.Basisniveautabel):
        _basisniveautabel(pad, naam, waarde, uit)
    elif isinstance(waarde, list):
        _lijst(pad, naam, waarde, uit)
    elif _is_figuur(waarde):
        _bundel(pad, naam, waarde, uit)
    else:
        raise _onbekend(pad, waarde)


def _lijst(pad: str, naam: Naam, lijst: list[Any], uit: _Verzameling) -> None:
    if not lijst:
        _rijen(pad, naam, [], uit)
        return
    soort = type(lijst[0])
    if any(type(w) is not soort for w in lijst):
        raise OnbekendOnderdeel(f"{pad}: een lijst met waarden van verschillende typen.")
    if _niet_geschreven(lijst[0]):
        return
    if soort is inhoud.Kerngetal:
        _kerngetallen(pad, naam, lijst, uit)
    elif issubclass(soort, Knelpunt):
        _knelpunten(naam, lijst, uit)
    elif _is_figuur(lijst[0]):
        _rijen(pad, naam, lijst, uit)
    else:
        raise _onbekend(pad, lijst[0])


def _gedekt(pad: str, waarde: Any, bekend: Iterable[str]) -> None:
    """Refuse a dataclass that has gained a field this module does not write."""
    nieuw = [f.name for f in fields(waarde) if f.name not in set(bekend)]
    if nieuw:
        raise OnbekendOnderdeel(
            f"{pad}: {type(waarde).__name__} heeft velden die de export niet kent: {', '.join(nieuw)}."
        )


def _gemeentetabel(pad: str, naam: Naam, tabel: inhoud.Gemeentetabel, uit: _Verzameling) -> None:
    _gedekt(pad, tabel, ["titel", "kolommen", "regels", "kolomtotalen", "totaal", "onderdrukt", "rijtotalen"])
    regels = []
    for regel in tabel.regels:
        _gedekt(pad, regel, ["label", "cellen", "totaal"])
        rij: list[Waarde] = [regel.label, *(_cel(c) for c in regel.cellen)]
        if tabel.rijtotalen:
            rij.append(_cel(regel.totaal) if regel.totaal is not None else None)
        regels.append(rij)
    voet: list[Waarde] = [REGIO_PRECIES, *tabel.kolomtotalen]
    if tabel.rijtotalen:
        voet.append(tabel.totaal)
    uit.tabellen.append(
        Tabel(
            titel=tabel.titel or naam.titel,
            kop=["Gemeente", *tabel.kolommen, *(["Totaal"] if tabel.rijtotalen else [])],
            regels=regels,
            voet=[voet],
            notities=_onderdrukt(tabel.onderdrukt, uit.uitleg),
            blad=naam.blad,
        )
    )


def _cijfertabel(pad: str, naam: Naam, tabel: cijfers.Gemeentetabel, uit: _Verzameling) -> None:
    _gedekt(pad, tabel, ["gemeenten", "kolommen", "tabel"])
    onderdrukt = tabel.tabel
    met_totaal = bool(onderdrukt.rijtotalen)
    regels = []
    for gemeente, cellen, totaal in tabel.regels:
        rij: list[Waarde] = [gemeente, *(_cel(c) for c in cellen)]
        if met_totaal:
            rij.append(_cel(totaal) if totaal is not None else None)
        regels.append(rij)
    voet: list[Waarde] = [REGIO_PRECIES, *onderdrukt.kolomtotalen]
    if met_totaal:
        voet.append(onderdrukt.totaal)
    uit.tabellen.append(
        Tabel(
            titel=naam.titel,
            kop=["Gemeente", *tabel.kolommen, *(["Totaal"] if met_totaal else [])],
            regels=regels,
            voet=[voet],
            notities=_onderdrukt(tabel.onderdrukt, uit.uitleg),
            blad=naam.blad,
        )
    )


def _onderdrukt(onderdrukt: bool, uitleg: str) -> list[str]:
    return [f"In deze tabel zijn kleine aantallen verborgen: {uitleg}"] if onderdrukt else []


def _basisniveautabel(pad: str, naam: Naam, tabel: inhoud.Basisniveautabel, uit: _Verzameling) -> None:
    _gedekt(pad, tabel, ["peildatum", "kolommen", "legenda", "regels", "voldaan_per_punt"])
    regels = []
    for regel in tabel.regels:
        _gedekt(pad, regel, ["gemeente", "cellen"])
        rij: list[Waarde] = [regel.gemeente]
        for cel in regel.cellen:
            _gedekt(pad, cel, ["status"])
            rij.append(BasisniveauStatus(cel.status).label)
        regels.append(rij)
    uit.tabellen.append(
        Tabel(
            titel=naam.titel,
            kop=["Gemeente", *tabel.kolommen],
            regels=regels,
            voet=[[f"Voldaan (van {tabel.aantal_gemeenten})", *tabel.voldaan_per_punt]],
            notities=[
                f"De stand op {datum_tekst(tabel.peildatum)} van het basisniveau bestuurlijke aanpak "
                "mensenhandel (VNG).",
                *(f"{kort}: {lang}" for kort, lang in tabel.legenda),
            ]
            if tabel.regels
            else ["De regio heeft geen actieve gemeenten."],
            blad=naam.blad,
        )
    )


def _kerngetallen(pad: str, naam: Naam, getallen: list[inhoud.Kerngetal], uit: _Verzameling) -> None:
    regels = []
    for k in getallen:
        _gedekt(pad, k, ["label", "waarde", "vorige", "decimalen"])
        verschil = None
        if k.waarde is not None and k.vorige is not None:
            verschil = round(k.waarde - k.vorige, k.decimalen)
            verschil = int(verschil) if k.decimalen == 0 else verschil
        regels.append([k.label, k.waarde, k.vorige, verschil])
    uit.tabellen.append(
        Tabel(
            titel=naam.titel,
            kop=["Onderwerp", "Deze periode", f"Periode ervoor ({uit.vorige_label})", "Verschil"],
            regels=regels,
            blad=naam.blad,
        )
    )


def _knelpunten(naam: Naam, knelpunten: list[Knelpunt], uit: _Verzameling) -> None:
    """Title, theme, status, date and description, and the actions without their owner; never
    who brought a knelpunt in."""
    regels: list[list[Waarde]] = []
    acties: list[list[Waarde]] = []
    for k in knelpunten:
        actiepunten = list(k.actiepunten.all())
        regels.append(
            [
                k.titel,
                k.get_thema_display(),
                k.get_status_display(),
                k.datum,
                k.omschrijving,
                len(actiepunten),
            ]
        )
        acties.extend(
            [k.titel, a.omschrijving, a.deadline, a.get_status_display(), a.uitkomst or None]
            for a in actiepunten
        )
    uit.tabellen.append(
        Tabel(
            naam.titel,
            ["Knelpunt", "Thema", "Status", "Ingebracht op", "Omschrijving", "Acties"],
            regels,
            blad=naam.blad,
        )
    )
    uit.tabellen.append(
        Tabel(
            "Acties bij de open knelpunten",
            ["Knelpunt", "Actie", "Uiterlijk op", "Status", "Wat ervan is gekomen"],
            acties,
            notities=[] if acties else ["Er zijn nog geen acties afgesproken."],
            blad="Acties bij knelpunten",
        )
    )


# Rows: every field a column (labels from VELDEN), except the ones in WEGGELATEN, then every
# property with a single value (such as a percentage); a list of counts in a row, or a
# breakdown by a choice (labels in UITSPLITSINGEN), becomes a column per count, after the rest.

# "Type.veld" of a {code: count} field → (prefix of its columns, label of each code).
UITSPLITSINGEN: dict[str, tuple[str, dict[str, str]]] = {
    "Verwijzingsrij.per_terugkoppeling": (
        "Terugkoppeling op het moment van maken",
        {str(k): str(v) for k, v in Doorverwijzing.Terugkoppeling.choices},
    ),
    "Basisniveaurij.per_status": ("", {str(k): str(v) for k, v in BasisniveauStatus.choices}),
}


def _kolomkop(voorvoegsel: str, label: str) -> str:
    return f"{voorvoegsel}: {label[:1].lower()}{label[1:]}" if voorvoegsel else label


def _kolommen(pad: str, rij: Any) -> list[tuple[str, Waarde]]:
    soort = type(rij).__name__
    kolommen: list[tuple[str, Waarde]] = []
    uitgesplitst: list[tuple[str, Waarde]] = []
    for naam in [f.name for f in fields(rij)] + _eigenschappen(rij):
        sleutel = f"{soort}.{naam}"
        if naam in WEGGELATEN or sleutel in WEGGELATEN:
            continue
        waarde = getattr(rij, naam)
        _per_gemeente_bewaken(f"{pad}.{naam}", naam, waarde)
        label = VELDEN.get(sleutel, _mens(naam))
        if isinstance(waarde, list) and waarde and all(_is_telling(t) for t in waarde):
            uitgesplitst.extend((_kolomkop(label, t.label), t.aantal) for t in waarde)
        elif isinstance(waarde, dict) and sleutel in UITSPLITSINGEN:
            voorvoegsel, labels = UITSPLITSINGEN[sleutel]
            onbekend = set(waarde) - set(labels)
            if onbekend:
                raise OnbekendOnderdeel(f"{pad}.{naam}: onbekende codes {', '.join(sorted(onbekend))}.")
            uitgesplitst.extend(
                (_kolomkop(voorvoegsel, label), waarde.get(code, 0)) for code, label in labels.items()
            )
        else:
            kolommen.append((label, _enkel(f"{pad}.{naam}", waarde)))
    return kolommen + uitgesplitst


def _is_telling(waarde: Any) -> bool:
    """A count with a label (``Telling`` and its like), to be one column of a row."""
    return (
        _is_figuur(waarde)
        and isinstance(getattr(waarde, "label", None), str)
        and (isinstance(getattr(waarde, "aantal", None), int))
    )


def _rijen(pad: str, naam: Naam, rijen: list[Any], uit: _Verzameling, *, totaal: Any = None) -> None:
    """A list of rows as a table; ``totaal`` (a row of the same type) becomes its footer."""
    if not rijen:
        uit.tabellen.append(Tabel(naam.titel, [naam.kop or "Toelichting"], [[naam.leeg]], blad=naam.blad))
        return
    per_rij = [_kolommen(pad, rij) for rij in rijen]
    kop = [k for k, _ in per_rij[0]]
    if any([k for k, _ in kolommen] != kop for kolommen in per_rij):
        raise OnbekendOnderdeel(f"{pad}: de rijen hebben niet dezelfde kolommen.")
    if naam.kop:
        kop[0] = naam.kop
    regels = [[w for _, w in kolommen] for kolommen in per_rij]
    voet = [[w for _, w in _kolommen(pad, totaal)]] if totaal is not None else []
    uit.tabellen.append(
        Tabel(
            naam.titel,
            kop,
            regels,
            voet=voet,
            notities=[naam.notitie] if naam.notitie else [],
            blad=naam.blad,
        )
    )


def _bundel(pad: str, naam: Naam, bundel: Any, uit: _Verzameling) -> None:
    """A bundle of figures: its numbers, dates and single-valued properties as one overview,
    then each of its tables."""
    soort = type(bundel).__name__
    overzicht = Tabel(naam.titel, ["Onderwerp", "Waarde"], blad=naam.blad)
    uit.tabellen.append(overzicht)
    overgeslagen: set[str] = set()
    if isinstance(bundel, cijfers.Verwijzingscijfers):
        # The total is the footer of the table per destination.
        sleutel = f"{soort}.per_bestemming"
        _rijen(
            f"{pad}.per_bestemming",
            _naam(sleutel, naam.titel),
            bundel.per_bestemming,
            uit,
            totaal=bundel.totaal,
        )
        overgeslagen |= {"per_bestemming", "totaal"}
    for veld in [f.name for f in fields(bundel)] + _eigenschappen(bundel):
        if veld in overgeslagen:
            continue
        sleutel, waar = f"{soort}.{veld}", f"{pad}.{veld}"
        if veld in WEGGELATEN or sleutel in WEGGELATEN:
            continue
        waarde = getattr(bundel, veld)
        _per_gemeente_bewaken(waar, veld, waarde)
        if _is_enkel(waarde):
            overzicht.regels.append([VELDEN.get(sleutel, _mens(veld)), _enkel(waar, waarde)])
        else:
            _omzetten(waar, _naam(sleutel, naam.titel), waarde, uit)
    if not overzicht.regels:
        uit.tabellen.remove(overzicht)


def tabellen(context: dict[str, Any]) -> list[Tabel]:
    """Every table of the gathering, in its order, each with a sheet name of its own.

    The same table reached twice (the signals per gemeente are both in the signal figures and
    a table of the report) is written once.
    """
    uit = _Verzameling(context["onderdrukking_uitleg"], context["vorige_label"])
    for sleutel, waarde in context.items():
        if sleutel in OVER_HET_RAPPORT:
            continue
        if _is_enkel(waarde):
            raise OnbekendOnderdeel(
                f"{sleutel}: een los gegeven dat de export niet kent. Zet het op de toelichting "
                "(OVER_HET_RAPPORT) of maak er een tabel van."
            )
        _omzetten(sleutel, _naam(sleutel), waarde, uit)
    gezien: set[tuple] = set()
    uniek = []
    for tabel in uit.tabellen:
        if tabel.inhoud in gezien:
            continue
        gezien.add(tabel.inhoud)
        uniek.append(tabel)
    namen = {"toelichting"}
    for tabel in uniek:
        tabel.blad = _bladnaam(tabel.blad or tabel.titel, namen)
    return uniek


def _bladnaam(naam: str, bezet: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    schoon = re.sub(r"[\[\]:*?/\\]", " ", naam)
    schoon = re.sub(r"\s+", " ", schoon).strip(" '") or "Tabel"
    if len(schoon) > 31:
        schoon = schoon[:30].rsplit(" ", 1)[0].rstrip(" ,;-") + "…"
    kandidaat, n = schoon, 2
    while kandidaat.lower() in bezet:
        achter = f" ({n})"
        kandidaat = schoon[: 31 - len(achter)].rstrip() + achter
        n += 1
    bezet.add(kandidaat.lower())
    return kandidaat


# --- The first sheet --------------------------------------------------------------------------------


def _moment(moment: datetime) -> str:
    lokaal = timezone.localtime(moment)
    return f"{datum_tekst(lokaal.date())} om {lokaal:%H:%M}"


def toelichting(context: dict[str, Any], *, nu: datetime, pdf_sha256: str) -> list[tuple[str, Waarde]]:
    """What the file is: regio, period, version, when made (with the PDF), the suppression rule.

    The file is made with the PDF, before any vaststellen: whether the version is vastgesteld
    is on the report's page and in the download's file name, not in the file.
    """
    rapport = context["rapport"]
    periode = context["periode_label"]
    peildatum = context["peildatum"]
    if context["tussenstand"]:
        peildatum += " (de periode was bij het maken nog niet voorbij: een tussenstand)"
    return [
        ("Regio", context["regio"].naam),
        ("Periode", f"{periode[:1].upper()}{periode[1:]}: {context['periode_tekst']}"),
        ("Versie", rapport.versie),
        ("Gemaakt op", f"{_moment(nu)}, samen met de PDF"),
        ("Controlesom van de PDF (SHA-256)", pdf_sha256),
        ("Peildatum", peildatum),
        ("Vergeleken met", context["vorige_label"]),
        ("Hoe de cijfers zijn berekend", BEREKEND),
        ("Kleine aantallen", context["onderdrukking_uitleg"]),
        ("Privacy", PRIVACY),
    ]


# --- Writing ----------------------------------------------------------------------------------------


def neutraliseren(tekst: str) -> str:
    """A text as it may go into a spreadsheet: no control characters, and never read as a formula."""
    tekst = _STUURTEKENS.sub("", tekst)
    if tekst.lstrip(" ").startswith(_FORMULETEKENS):
        return "'" + tekst
    return tekst


def _csv_waarde(waarde: Waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, Verborgen):
        return waarde.tekst
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, int):
        return str(waarde)
    if isinstance(waarde, float):
        return _decimaal(waarde)
    if isinstance(waarde, date):
        return f"{waarde.day}-{waarde.month}-{waarde.year}"
    return neutraliseren(str(waarde))


def _decimaal(waarde: float) -> str:
    """3.5 → "3,5"; 2.0 → "2"; at most three decimals."""
    tekst = f"{waarde:.3f}".rstrip("0").rstrip(".")
    return tekst.replace(".", ",")


def csv_maken(context: dict[str, Any], *, nu: datetime, pdf_sha256: str) -> bytes:
    """The figures as one CSV file: the explanation, then every table under its title."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def regel(waarden: Iterable[Waarde]) -> None:
        schrijver.writerow([_csv_waarde(w) for w in waarden])

    regel([TITEL])
    for label, waarde in toelichting(context, nu=nu, pdf_sha256=pdf_sha256):
        regel([label, waarde])
    for tabel in tabellen(context):
        regel([])
        regel([tabel.titel])
        regel(tabel.kop)
        for rij in [*tabel.regels, *tabel.voet]:
            regel(rij)
        for notitie in tabel.notities:
            regel([notitie])
    return buffer.getvalue().encode("utf-8")


def xlsx_maken(context: dict[str, Any], *, nu: datetime, pdf_sha256: str) -> bytes:
    """The figures as a workbook: "Toelichting" first, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    alle = tabellen(context)
    vet = Font(bold=True)
    titelletter = Font(bold=True, size=13)
    kopvulling = PatternFill("solid", fgColor="E8E8E8")
    onderlijn = Border(bottom=Side(style="thin"))
    bovenlijn = Border(top=Side(style="thin"))
    terugloop = Alignment(wrap_text=True, vertical="top")
    rechts = Alignment(horizontal="right")

    boek = Workbook()
    rapport = context["rapport"]
    boek.properties.title = (
        f"{TITEL}, {context['regio'].naam}, {context['periode_label']}, versie {rapport.versie}"
    )
    boek.properties.creator = "Aanpak mensenhandel"
    boek.properties.language = "nl-NL"
    boek.properties.created = nu.astimezone(UTC).replace(tzinfo=None)  # openpyxl writes UTC

    def schrijven(blad: Any, rij: int, kolom: int, waarde: Waarde) -> Any:
        cel = blad.cell(row=rij, column=kolom)
        if waarde is None:
            return cel
        if isinstance(waarde, Verborgen):
            cel.value = waarde.tekst
            cel.data_type = "s"
            cel.alignment = rechts
        elif isinstance(waarde, bool):
            cel.value = "ja" if waarde else "nee"
        elif isinstance(waarde, int):
            cel.value = waarde
            cel.number_format = "#,##0"
        elif isinstance(waarde, float):
            cel.value = waarde
            cel.number_format = "#,##0.0##"
        elif isinstance(waarde, date):
            cel.value = waarde
            cel.number_format = "d-m-yyyy"
        else:
            tekst = neutraliseren(str(waarde))
            if len(tekst) > _MAX_CEL:
                tekst = tekst[: _MAX_CEL - len(INGEKORT)] + INGEKORT
            cel.value = tekst
            cel.data_type = "s"  # a text, never a formula
            if len(tekst) > 60 or "\n" in tekst:
                cel.alignment = terugloop
        return cel

    # The first sheet: what this is, and a list of the tables with a link to each.
    uitleg = boek.active
    uitleg.title = "Toelichting"
    uitleg.cell(row=1, column=1, value=TITEL).font = titelletter
    rij = 3
    for label, waarde in toelichting(context, nu=nu, pdf_sha256=pdf_sha256):
        uitleg.cell(row=rij, column=1, value=label).font = vet
        schrijven(uitleg, rij, 2, waarde).alignment = Alignment(
            wrap_text=True, vertical="top", horizontal="left"
        )
        uitleg.cell(row=rij, column=1).alignment = Alignment(vertical="top")
        rij += 1
    rij += 1
    uitleg.cell(row=rij, column=1, value="Tabellen").font = vet
    for tabel in alle:
        cel = uitleg.cell(row=rij, column=2, value=neutraliseren(tabel.titel))
        cel.data_type = "s"
        verwijzing = tabel.blad.replace("'", "''")
        cel.hyperlink = Hyperlink(ref=cel.coordinate, location=f"'{verwijzing}'!A1", display=tabel.titel)
        cel.style = "Hyperlink"
        rij += 1
    uitleg.column_dimensions["A"].width = 30
    uitleg.column_dimensions["B"].width = 100

    for tabel in alle:
        blad = boek.create_sheet(tabel.blad)
        schrijven(blad, 1, 1, tabel.titel).font = titelletter
        blad.cell(row=1, column=1).alignment = Alignment()
        koprij = 3
        for kolom, kop in enumerate(tabel.kop, start=1):
            cel = schrijven(blad, koprij, kolom, kop)
            cel.font = vet
            cel.fill = kopvulling
            cel.border = onderlijn
            getallen = kolom > 1 and all(
                r[kolom - 1] is None or isinstance(r[kolom - 1], (int, float, Verborgen))
                for r in tabel.regels
                if kolom - 1 < len(r)
            )
            cel.alignment = Alignment(
                wrap_text=True, vertical="bottom", horizontal="right" if getallen else "left"
            )
        rij = koprij + 1
        for regel in tabel.regels:
            for kolom, waarde in enumerate(regel, start=1):
                schrijven(blad, rij, kolom, waarde)
            rij += 1
        laatste = rij - 1
        for regel in tabel.voet:
            for kolom, waarde in enumerate(regel, start=1):
                cel = schrijven(blad, rij, kolom, waarde)
                cel.font = vet
                cel.border = bovenlijn
            rij += 1
        if tabel.notities:
            rij += 1
            for notitie in tabel.notities:
                schrijven(blad, rij, 1, notitie).alignment = Alignment()
                rij += 1

        breedte = len(tabel.kop)
        blad.freeze_panes = blad.cell(row=koprij + 1, column=2 if breedte > 1 else 1)
        if tabel.regels and laatste > koprij:
            blad.auto_filter.ref = f"A{koprij}:{get_column_letter(breedte)}{laatste}"
        blad.print_title_rows = f"{koprij}:{koprij}"
        blad.page_setup.orientation = "landscape" if breedte > 5 else "portrait"
        blad.page_setup.fitToWidth = 1
        blad.page_setup.fitToHeight = 0
        blad.sheet_properties.pageSetUpPr.fitToPage = True
        for kolom in range(1, breedte + 1):
            lengtes = [len(str(tabel.kop[kolom - 1]))]
            lengtes += [_lengte(r[kolom - 1]) for r in [*tabel.regels, *tabel.voet] if kolom - 1 < len(r)]
            blad.column_dimensions[get_column_letter(kolom)].width = min(max(max(lengtes) + 2, 10), 70)

    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def _lengte(waarde: Waarde) -> int:
    if waarde is None:
        return 0
    if isinstance(waarde, Verborgen):
        return len(waarde.tekst)
    if isinstance(waarde, date):
        return 10
    if isinstance(waarde, float):
        return len(_decimaal(waarde))
    return max((len(deel) for deel in str(waarde).split("\n")), default=0)


__all__ = [
    "CSV_TYPE",
    "XLSX_TYPE",
    "OnbekendOnderdeel",
    "Tabel",
    "Verborgen",
    "csv_maken",
    "neutraliseren",
    "tabellen",
    "toelichting",
    "xlsx_maken",
]
