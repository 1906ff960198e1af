"""What the ketenregie screens share: running a form's action, and where to go afterwards.

Built on the kernel's form flow (``mensenhandel.acties``): a service's ``ValidationError``
lands on the form's fields and a refusal on top of the form (400), unless the screen sends
a refused user back to the record with a message (``weigering_naar``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect

from mensenhandel.acties import Geweigerd, al_verstuurd_melden, formulieractie
from mensenhandel.http import Verzoek

T = TypeVar("T")


def naar(url: str, anker: str = "") -> HttpResponse:
    """A redirect to ``url``, at ``anker`` on that page when given."""
    return redirect(f"{url}#{anker}" if anker else url)


def zonder_pagina(query: QueryDict) -> str:
    """A list's query string without its page number, for the pagination links."""
    kopie = query.copy()
    kopie.pop("pagina", None)
    return kopie.urlencode()


def formulier_afhandelen(
    request: Verzoek,
    form: forms.BaseForm,
    actie: Callable[[], T],
    gelukt: Callable[[T], HttpResponse],
    *,
    weigering_naar: str | None = None,
) -> HttpResponse | None:
    """On a POST of a valid ``form``, run ``actie`` (a service call) and answer.

    Returns ``gelukt(result)`` after success; after a refusal, with ``weigering_naar``, an
    error message and a redirect there (without it, the refusal goes on top of the form).
    None: show the form again, with its errors (status from ``formulierstatus``).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    if weigering_naar is None:
        uitkomst = formulieractie(form, actie)
    else:
        try:
            uitkomst = formulieractie(form, actie, weigering_doorgeven=True)
        except Geweigerd as fout:
            messages.error(request, str(fout))
            return redirect(weigering_naar)
    return gelukt(uitkomst.resultaat) if uitkomst.gelukt else None


def aanmaken_melden(request: Verzoek, nieuw: bool, *, gelukt: str, al_verstuurd: str) -> None:
    """Say what a form that creates a record came to: made now, or by the same form before."""
    if nieuw:
        messages.success(request, gelukt)
    else:
        al_verstuurd_melden(request, al_verstuurd)
