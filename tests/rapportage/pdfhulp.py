"""Reading the report's PDFs in the tests, with pypdf.

pypdf extracts the text the way a PDF reader does (through the fonts' ToUnicode maps) and
gives the document's objects: the catalog (language, tagging, title display), the XMP
metadata, the structure tree (the tags a screen reader follows) and the fonts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def lezer(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf), strict=True)


def tekst(pdf: bytes) -> str:
    """The text of every page, in page order, whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in lezer(pdf).pages)).strip()


def paginateksten(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()).strip() for p in lezer(pdf).pages]


def catalogus(pdf: bytes) -> DictionaryObject:
    return lezer(pdf).trailer["/Root"].get_object()


def metadata(pdf: bytes) -> bytes:
    """The XMP metadata stream of the document."""
    return catalogus(pdf)["/Metadata"].get_object().get_data()


def paginamaten(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page in points."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in lezer(pdf).pages]


@dataclass(frozen=True)
class Structuurelement:
    tag: str  # "H1", "Table", "Figure", …
    alt: str | None  # the alternative text, if any


def _structuur(knoop: Any) -> Iterator[Structuurelement]:
    if isinstance(knoop, IndirectObject):
        knoop = knoop.get_object()
    if isinstance(knoop, ArrayObject):
        for kind in knoop:
            yield from _structuur(kind)
        return
    if not isinstance(knoop, DictionaryObject):
        return  # a marked-content id: a leaf
    if "/S" in knoop:
        alt = knoop.get("/Alt")
        yield Structuurelement(str(knoop["/S"]).lstrip("/"), str(alt) if alt is not None else None)
    if "/K" in knoop:
        yield from _structuur(knoop["/K"])


def structuur(pdf: bytes) -> list[Structuurelement]:
    """Every element of the structure tree, depth first in reading order."""
    return list(_structuur(catalogus(pdf)["/StructTreeRoot"].get_object().get("/K")))


@dataclass(frozen=True)
class Lettertype:
    naam: str  # BaseFont, e.g. "ABCDEF+Rapport"
    ingebed: bool  # its descriptor (or its descendant's) has a FontFile, FontFile2 or FontFile3
    tounicode: bool  # has a ToUnicode map, so its text can be extracted


def _ingebed(font: DictionaryObject) -> bool:
    if "/FontDescriptor" in font:
        beschrijving = font["/FontDescriptor"].get_object()
        return any(k in beschrijving for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    if "/DescendantFonts" in font:
        return all(_ingebed(f.get_object()) for f in font["/DescendantFonts"])
    return False


def _fonts_in(bronnen: Any, gezien: set[int], gevonden: dict[int, Lettertype]) -> None:
    """The fonts of a resource dictionary and of the form XObjects it uses."""
    if bronnen is None:
        return
    bronnen = bronnen.get_object()
    for verwijzing in (bronnen.get("/Font") or DictionaryObject()).values():
        font = verwijzing.get_object()
        sleutel = verwijzing.idnum if isinstance(verwijzing, IndirectObject) else id(font)
        gevonden[sleutel] = Lettertype(
            naam=str(font.get("/BaseFont", "")).lstrip("/"),
            ingebed=_ingebed(font),
            tounicode="/ToUnicode" in font,
        )
    for verwijzing in (bronnen.get("/XObject") or DictionaryObject()).values():
        if not isinstance(verwijzing, IndirectObject) or verwijzing.idnum in gezien:
            continue
        gezien.add(verwijzing.idnum)
        xobject = verwijzing.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts_in(xobject.get("/Resources"), gezien, gevonden)


def lettertypen(pdf: bytes) -> list[Lettertype]:
    """Every font the pages (and the forms they draw) use."""
    gevonden: dict[int, Lettertype] = {}
    gezien: set[int] = set()
    for pagina in lezer(pdf).pages:
        _fonts_in(pagina.get("/Resources"), gezien, gevonden)
    return list(gevonden.values())
