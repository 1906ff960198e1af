"""Filters of the report's templates: numbers the Dutch way, whatever language is active."""

from __future__ import annotations

from datetime import date

from django import template

from ketenregie.grafieken import getal as _getal
from mensenhandel.bescherming import Cel, gedrukt
from mensenhandel.periode import datum_tekst, met_lidwoord

register = template.Library()


register.filter("met_lidwoord", met_lidwoord)  # "het eerste halfjaar 2026"


@register.filter
def getal(waarde: float | Cel | None, decimalen: int = 0) -> str:
    """``{{ x|getal }}`` → "12"; ``{{ x|getal:1 }}`` → "3,5"; none → "–"; a protected count
    as printed ("<5", "x" or its printed number)."""
    if isinstance(waarde, Cel):
        return waarde.tekst if waarde.getal is None else _getal(waarde.getal, 0)
    return _getal(waarde, int(decimalen))


@register.filter
def procent(deel: int | Cel | None, geheel: int | Cel | None) -> str:
    """``{{ deel|procent:geheel }}`` → "40%"; "–" without a whole or with a hidden part."""
    teller = None if deel is None else gedrukt(deel)
    noemer = None if geheel is None else gedrukt(geheel)
    if not noemer or teller is None:
        return "–"
    return f"{_getal(100 * teller / noemer)}%"


@register.filter
def datum(dag: date | None) -> str:
    """``{{ d|datum }}`` → "3 februari 2026"."""
    return datum_tekst(dag) if dag else "–"


@register.filter
def celtekst(waarde: object) -> object:
    """A cell of a ``rapportage.tabellen.Tabel`` as the PDF prints it: a protected count's
    text ("<5", "x" or its printed number), never its true value; a median (a float) with one
    decimal ("3,5"); nothing (a median not printed) "–"; anything else as it is."""
    if waarde is None:
        return "–"
    if isinstance(waarde, Cel):
        return waarde.tekst
    if isinstance(waarde, float):
        return _getal(waarde, 1)
    return waarde
