"""Reading the PDFs WeasyPrint writes, without a PDF library (pypdf and pdfminer are not installed).

Enough of PDF for the tests: the objects (also those packed in object streams), Flate
streams, the fonts with their ToUnicode maps, and the text shown by ``Tj``/``TJ``, decoded
through those maps the way a screen reader or a copy-paste decodes it. Text extracted here
is text any PDF reader can extract.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

_OBJECT = re.compile(rb"(?<![0-9])(\d+) 0 obj\s*")


@dataclass(frozen=True)
class Object:
    woordenboek: bytes  # the object's dictionary (or other value) as text
    stroom: bytes | None  # the decoded stream, if any


def objecten(pdf: bytes) -> dict[int, Object]:
    gevonden: dict[int, Object] = {}
    for m in _OBJECT.finditer(pdf):
        nummer, begin = int(m.group(1)), m.end()
        einde = pdf.find(b"endobj", begin)
        lichaam = pdf[begin:einde]
        s = lichaam.find(b"stream")
        lengte = re.search(rb"/Length (\d+)", lichaam[:s]) if s >= 0 else None
        if s < 0 or lengte is None:
            gevonden[nummer] = Object(lichaam, None)
            continue
        start = begin + s + len(b"stream")
        start += 2 if pdf[start : start + 2] == b"\r\n" else 1
        data = pdf[start : start + int(lengte.group(1))]
        if b"/FlateDecode" in lichaam[:s]:
            data = zlib.decompress(data)
        gevonden[nummer] = Object(lichaam[:s], data)
    for obj in list(gevonden.values()):
        if b"/ObjStm" not in obj.woordenboek or obj.stroom is None:
            continue
        n = int(re.search(rb"/N (\d+)", obj.woordenboek).group(1))  # type: ignore[union-attr]
        eerste = int(re.search(rb"/First (\d+)", obj.woordenboek).group(1))  # type: ignore[union-attr]
        kop = obj.stroom[:eerste].split()
        paren = [(int(kop[i]), int(kop[i + 1])) for i in range(0, 2 * n, 2)]
        for i, (nummer, plek) in enumerate(paren):
            tot = paren[i + 1][1] if i + 1 < n else len(obj.stroom) - eerste
            gevonden[nummer] = Object(obj.stroom[eerste + plek : eerste + tot], None)
    return gevonden


def woordenboeken(pdf: bytes) -> bytes:
    """Every object's dictionary, decompressed, one after the other (for structure checks)."""
    return b"\n".join(o.woordenboek for o in objecten(pdf).values())


def _utf16(hexa: bytes) -> str:
    return bytes.fromhex(hexa.decode()).decode("utf-16-be")


def _tounicode(cmap: bytes) -> dict[int, str]:
    kaart: dict[int, str] = {}
    for blok in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for bron, doel in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", blok):
            kaart[int(bron, 16)] = _utf16(doel)
    for blok in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for a, b, doel in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", blok
        ):
            begin, eind = int(a, 16), int(b, 16)
            if doel.startswith(b"["):
                for i, d in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", doel)):
                    kaart[begin + i] = _utf16(d)
            else:
                basis = int(doel[1:-1], 16)
                for i in range(eind - begin + 1):
                    kaart[begin + i] = chr(basis + i)
    return kaart


@dataclass(frozen=True)
class Lettertype:
    naam: str  # BaseFont, e.g. "ABCDEF+DejaVuSans"
    ingebed: bool  # has a FontFile, FontFile2 or FontFile3 (in its descendant's descriptor)
    tounicode: dict[int, str]


def lettertypen(pdf: bytes) -> dict[int, Lettertype]:
    """Every font of the document, by object number."""
    alle = objecten(pdf)

    def verwijzing(woordenboek: bytes, sleutel: bytes) -> Object | None:
        m = re.search(rb"/" + sleutel + rb"\s*\[?\s*(\d+) 0 R", woordenboek)
        return alle.get(int(m.group(1))) if m else None

    def ingebed(woordenboek: bytes) -> bool:
        beschrijving = verwijzing(woordenboek, b"FontDescriptor")
        if beschrijving is not None:
            return bool(re.search(rb"/FontFile[23]?\s", beschrijving.woordenboek))
        afstammeling = verwijzing(woordenboek, b"DescendantFonts")
        return afstammeling is not None and ingebed(afstammeling.woordenboek)

    gevonden = {}
    for nummer, obj in alle.items():
        if not re.search(rb"/Type\s*/Font\b", obj.woordenboek) or b"/CIDFontType" in obj.woordenboek:
            continue
        naam = re.search(rb"/BaseFont\s*/([^\s/<>\[\]]+)", obj.woordenboek)
        cmap = verwijzing(obj.woordenboek, b"ToUnicode")
        gevonden[nummer] = Lettertype(
            naam=naam.group(1).decode() if naam else "",
            ingebed=ingebed(obj.woordenboek),
            tounicode=_tounicode(cmap.stroom) if cmap is not None and cmap.stroom else {},
        )
    return gevonden


def tekst(pdf: bytes) -> str:
    """The text of every content stream, in stream order, whitespace collapsed to single spaces."""
    alle = objecten(pdf)
    fonts = lettertypen(pdf)
    # Resource names of fonts ("/XKQQSR 100 0 R"), wherever the font dictionary sits.
    namen: dict[str, dict[int, str]] = {}
    for obj in alle.values():
        for naam, nummer in re.findall(rb"/([^\s/<>\[\]()]+)\s+(\d+) 0 R", obj.woordenboek):
            if int(nummer) in fonts:
                namen[naam.decode()] = fonts[int(nummer)].tounicode
    delen: list[str] = []
    opdracht = re.compile(rb"/([^\s/<>\[\]]+)\s+[\d.]+\s+Tf|(\[(?:[^\]]*)\])\s*TJ|<([0-9a-fA-F]*)>\s*Tj")
    for obj in alle.values():
        if obj.stroom is None or b"Tf" not in obj.stroom:
            continue
        kaart: dict[int, str] = {}
        for m in opdracht.finditer(obj.stroom):
            if m.group(1):
                kaart = namen.get(m.group(1).decode(), {})
                continue
            stukken = re.findall(rb"<([0-9a-fA-F]*)>", m.group(2)) if m.group(2) else [m.group(3)]
            woord = "".join(
                kaart.get(int(s[i : i + 4], 16), "\ufffd") for s in stukken for i in range(0, len(s), 4)
            )
            delen.append(woord)
    return re.sub(r"\s+", " ", " ".join(delen)).strip()
