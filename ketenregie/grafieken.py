"""Charts as inline SVG, for the dashboard in the browser and the halfjaarrapportage in the PDF.

Made in Python, without JavaScript, external files, CSS variables or style attributes
(the Content Security Policy allows no inline styles; WeasyPrint reads presentation
attributes): every colour, font and size is an SVG attribute. Every text goes through
``format_html``, so a label cannot break out of the markup.

Each chart has ``role="img"``, a ``<title>`` and a ``<desc>`` it is labelled by, and
prints its numbers beside the bars, so it is readable without colour. The page shows a
table with the same figures after each chart as its text alternative.

A bar may be *hidden* (``waarde=None``): a suppressed count of a table by gemeente. Then
no bar is drawn and only its text ("<5", "x") is printed; the scale is set by the shown
bars alone, so a hidden value can neither be read nor measured.

The SVG is ``width="100%"`` with a fixed height and ``preserveAspectRatio="xMinYMin
meet"``: on a wide page it keeps its natural size, on a narrow one it shrinks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from mensenhandel.bescherming import Cel

if TYPE_CHECKING:
    from ketenregie.selectors.publicatie import Dashboardcijfers

__all__ = [
    "Dashboardgrafieken",
    "Staaf",
    "dashboardgrafieken",
    "getal",
    "kolomdiagram",
    "staafdiagram",
    "staven_uit_cellen",
    "staven_uit_tellingen",
]

LETTERTYPE = "Arial, Helvetica, sans-serif"
TEKSTKLEUR = "#000000"
STAAFKLEUR = "#154273"  # dark blue: contrast above 3:1 on white, and it does not carry meaning
ASKLEUR = "#6b6b6b"
LETTERGROOTTE = 14
# Average width of a character of LETTERGROOTTE; SVG cannot measure text. Measured on DejaVu
# Sans, the font of the PDF report (rapportage), which is wider than Arial: a label then fits
# in both.
TEKENBREEDTE = 8.4


@dataclass(frozen=True)
class Staaf:
    """One bar: its label, its length (None: hidden) and the text printed with it."""

    label: str
    waarde: float | None
    tekst: str

    @property
    def verborgen(self) -> bool:
        return self.waarde is None


def getal(waarde: float | None, decimalen: int = 0) -> str:
    """A number the Dutch way (decimal comma); "–" for none."""
    if waarde is None:
        return "–"
    if decimalen == 0:
        return str(round(waarde))
    return f"{waarde:.{decimalen}f}".replace(".", ",")


def staaf(label: str, aantal: float | Cel | None, decimalen: int = 0) -> Staaf:
    """A bar of a count: a protected one as printed (a hidden one gets no bar, only its text)."""
    if isinstance(aantal, Cel):
        return Staaf(label, None if aantal.getal is None else float(aantal.getal), aantal.tekst)
    return Staaf(label, aantal, getal(aantal, decimalen))


def staven_uit_tellingen(tellingen: Iterable[object], *, veld: str = "aantal") -> list[Staaf]:
    """Bars from objects with a ``label`` and a count in ``veld`` (``Telling`` and friends)."""
    return [staaf(t.label, getattr(t, veld)) for t in tellingen]  # type: ignore[attr-defined]


def staven_uit_cellen(labels: Sequence[str], cellen: Sequence[Cel]) -> list[Staaf]:
    """Bars from protected cells: a hidden cell gets no bar, only its text."""
    return [staaf(label, cel) for label, cel in zip(labels, cellen, strict=True)]


# --- Shared pieces --------------------------------------------------------------------------


def _tekstbreedte(tekst: str, grootte: float = LETTERGROOTTE) -> float:
    return len(tekst) * TEKENBREEDTE * grootte / LETTERGROOTTE


def _getal(x: float) -> str:
    """A coordinate for an attribute: short, with a decimal point."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _omhulsel(
    *, sleutel: str, titel: str, beschrijving: str, breedte: float, hoogte: float, inhoud: SafeString
) -> SafeString:
    titel_id, beschrijving_id = f"grafiek-{sleutel}-titel", f"grafiek-{sleutel}-beschrijving"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{} {}" class="grafiek" '
        'width="100%" height="{}" viewBox="0 0 {} {}" preserveAspectRatio="xMinYMin meet" '
        'font-family="{}" font-size="{}" fill="{}">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        titel_id,
        beschrijving_id,
        _getal(hoogte),
        _getal(breedte),
        _getal(hoogte),
        LETTERTYPE,
        LETTERGROOTTE,
        TEKSTKLEUR,
        titel_id,
        titel,
        beschrijving_id,
        beschrijving,
        inhoud,
    )


def _samen(delen: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((deel,) for deel in delen))


def _tekst(
    x: float, y: float, tekst: str, *, anker: str = "start", vet: bool = False, grootte: int = 0
) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-weight="{}" font-size="{}">{}</text>',
        _getal(x),
        _getal(y),
        anker,
        "bold" if vet else "normal",
        grootte or LETTERGROOTTE,
        tekst,
    )


def _leeg(sleutel: str, titel: str, melding: str) -> SafeString:
    return _omhulsel(
        sleutel=sleutel,
        titel=titel,
        beschrijving=melding,
        breedte=640,
        hoogte=40,
        inhoud=_tekst(0, 24, melding),
    )


def _regels(label: str, per_regel: int) -> list[str]:
    """A label in at most two lines; a longer one ends in "…" (the table has it in full)."""
    regels = textwrap.wrap(label, per_regel, break_long_words=True) or [""]
    if len(regels) > 2:
        regels = [regels[0], textwrap.shorten(" ".join(regels[1:]), per_regel, placeholder=" …")]
    return regels


# --- Horizontal bars ------------------------------------------------------------------------

BREEDTE = 720
LABEL_MIN, LABEL_MAX = 90, 300
STAAFHOOGTE = 18


def staafdiagram(
    *,
    sleutel: str,
    titel: str,
    staven: Sequence[Staaf],
    maximum: float | None = None,
    beschrijving: str = "",
) -> SafeString:
    """A horizontal bar chart: one row per bar, its label on the left, its text after it.

    ``maximum`` fixes the full length (e.g. the number of gemeenten) and draws it as an
    outlined track behind each bar; else the longest shown bar fills the width.
    ``sleutel`` makes the ids unique on the page.
    """
    beschrijving = beschrijving or "Staafdiagram. De cijfers staan ook in de tabel hieronder."
    if not staven:
        return _leeg(sleutel, titel, "Geen gegevens.")
    langste_label = max(len(s.label) for s in staven)
    labelbreedte = min(max(langste_label * TEKENBREEDTE + 12, LABEL_MIN), LABEL_MAX)
    per_regel = max(int((labelbreedte - 12) / TEKENBREEDTE), 8)
    labels = [_regels(s.label, per_regel) for s in staven]
    tweeregelig = any(len(r) > 1 for r in labels)
    rijhoogte = 40 if tweeregelig else 28
    tekstruimte = max(_tekstbreedte(s.tekst) for s in staven) + 16
    staafruimte = BREEDTE - labelbreedte - tekstruimte
    zichtbaar = [s.waarde for s in staven if s.waarde is not None]
    schaal = maximum if maximum is not None else max(zichtbaar, default=0)
    boven = 8
    hoogte = boven + rijhoogte * len(staven) + 8

    delen: list[SafeString] = []
    for i, (staaf, regels) in enumerate(zip(staven, labels, strict=True)):
        midden = boven + i * rijhoogte + rijhoogte / 2
        eerste = midden + 5 - (len(regels) - 1) * 8
        delen.extend(
            _tekst(labelbreedte - 8, eerste + j * 16, regel, anker="end") for j, regel in enumerate(regels)
        )
        lengte = 0.0
        if staaf.waarde is not None and schaal > 0:
            lengte = staafruimte * min(max(staaf.waarde, 0) / schaal, 1)
        if maximum is not None:
            # A track of the full length, so that "0 of 12" and "12 of 12" both read as a share.
            delen.append(
                format_html(
                    '<rect class="spoor" x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="{}"/>',
                    _getal(labelbreedte),
                    _getal(midden - STAAFHOOGTE / 2),
                    _getal(staafruimte),
                    STAAFHOOGTE,
                    ASKLEUR,
                )
            )
        if lengte > 0:
            delen.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    _getal(labelbreedte),
                    _getal(midden - STAAFHOOGTE / 2),
                    _getal(max(lengte, 1)),
                    STAAFHOOGTE,
                    STAAFKLEUR,
                )
            )
        tekst_x = labelbreedte + (staafruimte if maximum is not None else lengte) + 6
        delen.append(_tekst(tekst_x, midden + 5, staaf.tekst, vet=True))
    delen.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            _getal(labelbreedte),
            boven,
            _getal(labelbreedte),
            _getal(hoogte - 8),
            ASKLEUR,
        )
    )
    return _omhulsel(
        sleutel=sleutel,
        titel=titel,
        beschrijving=beschrijving,
        breedte=BREEDTE,
        hoogte=hoogte,
        inhoud=_samen(delen),
    )


# --- Columns (over time) --------------------------------------------------------------------

KOLOMHOOGTE = 160


def kolomdiagram(
    *,
    sleutel: str,
    titel: str,
    kolommen: Sequence[Staaf],
    beschrijving: str = "",
) -> SafeString:
    """A column chart for a series over time: labels under the columns, texts above them.

    A label "jan 2026" prints its month under the column and its year under the first
    column and under every January.
    """
    beschrijving = beschrijving or "Kolomdiagram. De cijfers staan ook in de tabel hieronder."
    if not kolommen:
        return _leeg(sleutel, titel, "Geen gegevens.")
    smal = len(kolommen) > 24
    vak = 30 if smal else 48
    kolombreedte = vak - (8 if smal else 14)
    grootte = 11 if smal else LETTERGROOTTE
    links, boven, onder = 8, 24, 44
    # At least as wide as the bar charts, so that every chart is drawn at the same scale
    # when it is shrunk to the width of a page (the columns stay on the left).
    breedte = max(links * 2 + vak * len(kolommen), BREEDTE)
    hoogte = boven + KOLOMHOOGTE + onder
    basislijn = boven + KOLOMHOOGTE
    schaal = max((k.waarde for k in kolommen if k.waarde is not None), default=0)

    delen: list[SafeString] = []
    vorig_jaar = ""
    for i, kolom in enumerate(kolommen):
        midden = links + i * vak + vak / 2
        lengte = KOLOMHOOGTE * kolom.waarde / schaal if kolom.waarde is not None and schaal > 0 else 0.0
        if lengte > 0:
            delen.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    _getal(midden - kolombreedte / 2),
                    _getal(basislijn - lengte),
                    kolombreedte,
                    _getal(lengte),
                    STAAFKLEUR,
                )
            )
        delen.append(
            _tekst(midden, basislijn - lengte - 6, kolom.tekst, anker="middle", vet=True, grootte=grootte)
        )
        maand, _, jaar = kolom.label.partition(" ")
        delen.append(_tekst(midden, basislijn + 18, maand, anker="middle", grootte=grootte))
        if jaar and jaar != vorig_jaar:
            delen.append(_tekst(midden, basislijn + 36, jaar, anker="middle", grootte=grootte))
            vorig_jaar = jaar
    delen.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            links,
            basislijn,
            _getal(links + vak * len(kolommen)),
            basislijn,
            ASKLEUR,
        )
    )
    return _omhulsel(
        sleutel=sleutel,
        titel=titel,
        beschrijving=beschrijving,
        breedte=breedte,
        hoogte=hoogte,
        inhoud=_samen(delen),
    )


# --- The charts of the dashboard (and the report) ---------------------------------------------


@dataclass(frozen=True)
class Dashboardgrafieken:
    signalen_per_gemeente: SafeString
    signalen_per_vorm: SafeString
    signalen_per_bron: SafeString
    signalen_per_sector: SafeString
    signalen_per_status: SafeString
    signalen_per_maand: SafeString
    verwijzingen_per_bestemming: SafeString
    trajecten_per_fase: SafeString
    trajecten_per_afsluitreden: SafeString
    basisniveau: SafeString
    activiteiten_per_soort: SafeString
    activiteiten_per_doelgroep: SafeString


def dashboardgrafieken(cijfers: Dashboardcijfers) -> Dashboardgrafieken:
    """Every chart of the dashboard from its figures; the per-gemeente one shows suppressed texts."""
    s, v, t, b, a = (
        cijfers.signalen,
        cijfers.verwijzingen,
        cijfers.trajecten,
        cijfers.basisniveau,
        cijfers.activiteiten,
    )
    per_gemeente = s.per_gemeente
    return Dashboardgrafieken(
        signalen_per_gemeente=staafdiagram(
            sleutel="signalen-gemeente",
            titel="Signalen per gemeente",
            staven=staven_uit_cellen(per_gemeente.gemeenten, [rij[0] for rij in per_gemeente.tabel.rijen]),
        ),
        signalen_per_vorm=staafdiagram(
            sleutel="signalen-vorm",
            titel="Signalen per vorm van uitbuiting",
            staven=staven_uit_tellingen(s.per_vorm),
        ),
        signalen_per_bron=staafdiagram(
            sleutel="signalen-bron", titel="Signalen per bron", staven=staven_uit_tellingen(s.per_bron)
        ),
        signalen_per_sector=staafdiagram(
            sleutel="signalen-sector", titel="Signalen per sector", staven=staven_uit_tellingen(s.per_sector)
        ),
        signalen_per_status=staafdiagram(
            sleutel="signalen-status",
            titel="Signalen per status (stand van nu)",
            staven=staven_uit_tellingen(s.per_status),
        ),
        signalen_per_maand=kolomdiagram(
            sleutel="signalen-maand",
            titel="Signalen per maand van registratie",
            kolommen=staven_uit_tellingen(s.per_maand),
        ),
        verwijzingen_per_bestemming=staafdiagram(
            sleutel="verwijzingen-bestemming",
            titel="Doorverwijzingen per bestemming",
            staven=staven_uit_tellingen(v.per_bestemming),
        ),
        trajecten_per_fase=staafdiagram(
            sleutel="trajecten-fase",
            titel=f"Open trajecten per fase op {t.peildatum:%d-%m-%Y}",
            staven=staven_uit_tellingen(t.per_fase),
        ),
        trajecten_per_afsluitreden=staafdiagram(
            sleutel="trajecten-afsluitreden",
            titel="Afgesloten trajecten per reden",
            staven=staven_uit_tellingen(t.per_afsluitreden),
        ),
        basisniveau=staafdiagram(
            sleutel="basisniveau",
            titel="Basisniveau: gemeenten die voldoen, per onderdeel",
            staven=[Staaf(r.label, r.voldaan, f"{r.voldaan} van {r.aantal_gemeenten}") for r in b.rijen],
            maximum=b.aantal_gemeenten,
        ),
        activiteiten_per_soort=staafdiagram(
            sleutel="activiteiten-soort",
            titel="Activiteiten per soort",
            staven=staven_uit_tellingen(a.per_soort),
        ),
        activiteiten_per_doelgroep=staafdiagram(
            sleutel="activiteiten-doelgroep",
            titel="Activiteiten per doelgroep",
            staven=staven_uit_tellingen(a.per_doelgroep),
        ),
    )
