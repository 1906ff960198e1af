"""Files a spreadsheet program opens: every CSV and XLSX cell the application writes goes
through here.

**Formula injection.** Excel, LibreOffice and Numbers read a cell that starts with ``=``,
``+``, ``-`` or ``@`` (also after spaces, or after a tab or carriage return) as a formula:
``=HYPERLINK("https://…";"Klik")`` in a client's name becomes a live link in the
zorgcoördinator's spreadsheet. ``neutraliseren`` puts the spreadsheet's own "this is text"
sign, an apostrophe, before such a text, and drops the control characters that XML (and so
XLSX) does not allow. Numbers are not texts and need no guard; callers that format numbers as
text (a decimal comma, a sign) neutralise them too, which only prints an apostrophe.

**CSV as the Dutch Excel expects it.** UTF-8 with a byte order mark, ``;`` between fields,
``\\r\\n`` between lines (``csv_regels``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

__all__ = ["FORMULETEKENS", "csv_regels", "csv_tekst", "neutraliseren"]

FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
_STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BOM = "\ufeff"


def neutraliseren(tekst: str) -> str:
    """A text as it may go into a spreadsheet: no control characters, and never read as a formula."""
    tekst = _STUURTEKENS.sub("", tekst)
    if tekst.lstrip(" ").startswith(FORMULETEKENS):
        return "'" + tekst
    return tekst


def _cel(waarde: object) -> object:
    if waarde is None:
        return ""
    if isinstance(waarde, str):
        return neutraliseren(waarde)
    if isinstance(waarde, bool | int | float):
        return waarde
    return neutraliseren(str(waarde))


class _Doorgeven:
    """A file-like object that hands each CSV line back instead of storing it."""

    def write(self, waarde: str) -> str:
        return waarde


def csv_regels(rijen: Iterable[Iterable[object]]) -> Iterator[str]:
    """The byte order mark, then one line per row, every text neutralised (streams: one row at
    a time)."""
    schrijver = csv.writer(_Doorgeven(), delimiter=";", lineterminator="\r\n")
    yield BOM
    for rij in rijen:
        yield schrijver.writerow([_cel(w) for w in rij])


def csv_tekst(rijen: Iterable[Iterable[object]]) -> str:
    """``csv_regels`` as one text."""
    return "".join(csv_regels(rijen))
