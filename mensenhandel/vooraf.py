"""Queries compiled once per process (issue 16).

Some queries run on every request and cost more to build and compile through the ORM than to run:
the user's scope (``mensenhandel.toegang``) and an AF's registrations outside her gemeenten
(``signalen.selectors``). Such a query is built once with placeholder values no row has
(``plaatshouders``), compiled (``Vooraf.van``), kept (``functools.cache`` on a function of the
database's vendor and the query's shape), and run with the real values put in place of the
placeholders (``Vooraf.rijen``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

_EERSTE = -(2**31) + 7  # far below any id


def plaatshouders(aantal: int) -> list[int]:
    """``aantal`` integers no row has, in the order ``Vooraf.rijen`` takes their values."""
    return [_EERSTE + i for i in range(aantal)]


@dataclass(frozen=True)
class Vooraf:
    sql: str
    params: tuple[Any, ...]

    @classmethod
    def van(cls, queryset: QuerySet[Any]) -> Vooraf:
        """The compiled SQL of a queryset built with ``plaatshouders``."""
        sql, params = queryset.query.sql_with_params()
        return cls(sql, tuple(params))

    def rijen(self, waarden: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows, with ``waarden`` in place of the first ``len(waarden)`` placeholders."""
        echt = dict(zip(plaatshouders(len(waarden)), waarden, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [echt.get(p, p) if isinstance(p, int) else p for p in self.params])
            return cursor.fetchall()
