"""Small helpers of the screens: where to go after an action, and list links without a page number."""

from __future__ import annotations

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect

__all__ = ["naar", "naar_url", "zonder_pagina"]


def naar_url(url: str, anker: str = "") -> str:
    """``url``, at ``anker`` on that page when given."""
    return f"{url}#{anker}" if anker else url


def naar(url: str, anker: str = "") -> HttpResponse:
    """A redirect to ``url``, at ``anker`` on that page when given."""
    return redirect(naar_url(url, anker))


def zonder_pagina(query: QueryDict) -> str:
    """A list's query string without its page number, for the pagination links."""
    kopie = query.copy()
    kopie.pop("pagina", None)
    return kopie.urlencode()
