"""Normalise identifying data and make keyed hashes of it, for stacking signals.

The same person written differently ("Jan de Vries", "VRIES, Jan de", "Jan  Vriës")
must give the same key. Keys are HMAC-SHA256 with ``settings.HMAC_SLEUTEL``: without
the server's secret a hash cannot be reversed by trying names.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

import phonenumbers
from anyascii import anyascii
from django.conf import settings

# Dutch tussenvoegsels, dropped so that "de Vries" and "Vries" meet.
TUSSENVOEGSELS = {
    "van", "de", "der", "den", "het", "t", "ter", "ten", "te", "op", "in", "aan", "bij", "onder",
    "over", "uit", "von", "vom", "zu", "la", "le", "du", "des", "da", "di", "el", "al", "d", "l", "s",
}  # fmt: skip


def naam(tekst: str) -> str:
    """Case, accents, script, punctuation, tussenvoegsels and word order folded away.

    anyascii transliterates every script to ASCII (ł → l, ø → o, Дмитрий → Dmitriy),
    so that spellings of one name in different keyboards still meet.
    """
    woorden = re.split(r"[^a-z0-9]+", anyascii(tekst).casefold())
    kern = sorted(w for w in woorden if w and w not in TUSSENVOEGSELS)
    return " ".join(kern)


def telefoon(tekst: str) -> str | None:
    """E.164 (+31612345678); Dutch numbers may be written without country code."""
    try:
        nummer = phonenumbers.parse(tekst, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(nummer):
        return None
    return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164)


def kenteken(tekst: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", tekst.upper())


def postcode(tekst: str) -> str:
    return re.sub(r"\s", "", tekst).upper()


def huisnummer(tekst: str) -> str:
    return re.sub(r"[\s-]", "", tekst).upper()


def geboortedatum(waarde: date) -> str:
    return waarde.isoformat()


def sleutel(soort: str, *delen: str) -> str:
    """The keyed hash of one normalised identifier."""
    bericht = "\x1f".join([soort, *delen]).encode()
    return hmac.new(settings.HMAC_SLEUTEL.encode(), bericht, hashlib.sha256).hexdigest()
