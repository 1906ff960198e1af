"""The inline SVG charts: valid XML, accessible, escaped, and silent about hidden values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.utils.safestring import SafeString

from ketenregie.grafieken import (
    Staaf,
    getal,
    kolomdiagram,
    staafdiagram,
    staven_uit_cellen,
    staven_uit_tellingen,
)
from mensenhandel.bescherming import AANVULLEND, KLEIN, Cel
from mensenhandel.cijfers import Telling

SVG = "{http://www.w3.org/2000/svg}"


def ontleed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own output, not untrusted input)


def teksten(wortel: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in wortel.iter(f"{SVG}text")]


def staaflengtes(wortel: ET.Element) -> list[float]:
    return [float(r.get("width")) for r in wortel.iter(f"{SVG}rect") if r.get("class") != "spoor"]


def test_staafdiagram_is_geldige_svg_met_rol_titel_en_beschrijving():
    svg = staafdiagram(
        sleutel="per-vorm",
        titel="Signalen per vorm van uitbuiting",
        staven=[Staaf("Arbeidsuitbuiting", 12, "12"), Staaf("Seksuele uitbuiting", 3, "3")],
    )
    assert isinstance(svg, SafeString)
    wortel = ontleed(svg)
    assert wortel.tag == f"{SVG}svg"
    assert wortel.get("role") == "img"
    assert wortel.get("aria-labelledby") == "grafiek-per-vorm-titel grafiek-per-vorm-beschrijving"
    titel = wortel.find(f"{SVG}title")
    assert titel is not None and titel.get("id") == "grafiek-per-vorm-titel"
    assert titel.text == "Signalen per vorm van uitbuiting"
    assert wortel.find(f"{SVG}desc").text == "Staafdiagram. De cijfers staan ook in de tabel hieronder."
    # Readable without colour: every label and every number is printed.
    assert teksten(wortel) == ["Arbeidsuitbuiting", "12", "Seksuele uitbuiting", "3"]
    # The longest bar fills the room; the other is in proportion.
    lang, kort = staaflengtes(wortel)
    assert abs(kort / lang - 3 / 12) < 0.01
    # No style attributes or elements (the Content Security Policy forbids inline styles).
    assert "style" not in svg


def test_labels_en_titel_worden_ontsnapt():
    kwaad = '<script>alert("x")</script> & "quotes"'
    svg = staafdiagram(sleutel='a"b', titel=kwaad, staven=[Staaf(kwaad, 1, "<5")])
    assert "<script>" not in svg
    wortel = ontleed(svg)
    assert wortel.find(f"{SVG}title").text == kwaad
    assert "<5" in teksten(wortel)
    assert 'alert("x")' in " ".join(teksten(wortel))
    kolommen = kolomdiagram(sleutel="m", titel=kwaad, kolommen=[Staaf(kwaad, 2, "2")])
    assert "<script>" not in kolommen
    assert ontleed(kolommen).find(f"{SVG}title").text == kwaad


def test_verborgen_cellen_tonen_alleen_hun_tekst_en_bepalen_de_schaal_niet():
    # Hilversum 40, Huizen 2 (<5), Blaricum 30 ("x": hidden alongside).
    cellen = [Cel(40, "40", "", 40), Cel(2, "<5", KLEIN), Cel(30, "x", AANVULLEND)]
    gemeenten = ["Hilversum", "Huizen", "Blaricum"]
    staven = staven_uit_cellen(gemeenten, cellen)
    assert [(s.waarde, s.tekst) for s in staven] == [(40, "40"), (None, "<5"), (None, "x")]
    wortel = ontleed(staafdiagram(sleutel="g", titel="Signalen per gemeente", staven=staven))
    gedrukt = teksten(wortel)
    assert gedrukt == ["Hilversum", "40", "Huizen", "<5", "Blaricum", "x"]
    assert "2" not in gedrukt and "30" not in gedrukt
    # One bar only (Hilversum), and it fills the room: the hidden 30 sets no scale.
    assert len(staaflengtes(wortel)) == 1
    alleen = ontleed(staafdiagram(sleutel="h", titel="t", staven=[Staaf("Hilversum", 40, "40")]))
    assert staaflengtes(wortel) == staaflengtes(alleen)


def test_maximum_bepaalt_de_volle_lengte():
    wortel = ontleed(
        staafdiagram(
            sleutel="b",
            titel="Basisniveau",
            staven=[Staaf("Beleid", 1, "1 van 4"), Staaf("AF", 4, "4 van 4")],
            maximum=4,
        )
    )
    een, vier = staaflengtes(wortel)
    assert abs(een * 4 - vier) < 0.5
    # Behind each bar a track of the full length: the bar of 4 of 4 fills it.
    sporen = [float(r.get("width")) for r in wortel.iter(f"{SVG}rect") if r.get("class") == "spoor"]
    assert sporen == [vier, vier]


def test_lange_labels_breken_af_op_twee_regels_en_nul_geeft_geen_staaf():
    lang = "Politie: Team Migratiecriminaliteit en Mensenhandel en nog veel meer woorden erachter"
    wortel = ontleed(
        staafdiagram(sleutel="l", titel="t", staven=[Staaf(lang, 0, "0"), Staaf("Kort", 0, "0")])
    )
    gedrukt = teksten(wortel)
    assert gedrukt[-2:] == ["Kort", "0"]
    assert len(gedrukt) == 5  # two lines for the long label, its number, the short label and its number
    assert gedrukt[1].endswith("…")
    assert staaflengtes(wortel) == []


def test_kolomdiagram_per_maand_met_jaartallen():
    maanden = [
        Telling("2025-12", "dec 2025", 4),
        Telling("2026-01", "jan 2026", 0),
        Telling("2026-02", "feb 2026", 8),
    ]
    wortel = ontleed(
        kolomdiagram(sleutel="maand", titel="Signalen per maand", kolommen=staven_uit_tellingen(maanden))
    )
    assert wortel.get("role") == "img"
    assert wortel.find(f"{SVG}title").text == "Signalen per maand"
    gedrukt = teksten(wortel)
    assert gedrukt == ["4", "dec", "2025", "0", "jan", "2026", "8", "feb"]
    assert staaflengtes(wortel) == [34.0, 34.0]  # two columns: the zero has none
    hoogtes = [float(r.get("height")) for r in wortel.iter(f"{SVG}rect")]
    assert hoogtes == [80.0, 160.0]


def test_lege_grafiek_is_ook_geldig():
    for svg in (
        staafdiagram(sleutel="x", titel="Leeg", staven=[]),
        kolomdiagram(sleutel="y", titel="Leeg", kolommen=[]),
    ):
        wortel = ontleed(svg)
        assert wortel.get("role") == "img"
        assert teksten(wortel) == ["Geen gegevens."]


def test_getal_op_zijn_nederlands():
    assert getal(3.5, 1) == "3,5"
    assert getal(12) == "12"
    assert getal(None) == "–"
    assert re.fullmatch(r"\d+", getal(4.0))
