"""Filling a record from a form's typed ``gegevens``: the fields present, strings stripped."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.db.models import Model


def invullen(obj: Model, velden: Collection[str], gegevens: Mapping[str, object]) -> None:
    """Set each of ``velden`` that ``gegevens`` holds on ``obj``; a text without its outer spaces.

    Fields left out of ``gegevens`` stay as they are (a partial change).
    """
    for veld, waarde in gegevens.items():
        if veld in velden:
            setattr(obj, veld, waarde.strip() if isinstance(waarde, str) else waarde)


def tekst(gegevens: Mapping[str, object], veld: str) -> str:
    """The text of ``veld`` without its outer spaces; "" when it is missing or no text."""
    waarde = gegevens.get(veld)
    return waarde.strip() if isinstance(waarde, str) else ""
