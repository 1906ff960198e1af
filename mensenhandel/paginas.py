"""Small helpers of the screens: where to go after an action, and list links without a page number."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from typing import Any

from django.core.paginator import Page
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse

__all__ = ["gelezen", "naar", "naar_url", "uuid_url", "zonder_pagina"]


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


_PLAATS = uuidlib.UUID(int=0)


def uuid_url(naam: str) -> Callable[[uuidlib.UUID], str]:
    """``reverse(naam, kwargs={"uuid": ...})`` for the rows of a list: reversed once, with a
    placeholder that each row's id replaces (a ``reverse`` per row was a third of a list row's
    time, issue 16)."""
    sjabloon, plaats = reverse(naam, kwargs={"uuid": _PLAATS}), str(_PLAATS)
    return lambda uuid: sjabloon.replace(plaats, str(uuid))


def gelezen(pagina: Page[Any]) -> list[Any]:
    """The rows of a list page, read now and kept on the page (the template shows the same
    list): for the access log, which names what a page showed before it is rendered."""
    pagina.object_list = list(pagina.object_list)
    return pagina.object_list
