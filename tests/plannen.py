"""Reading PostgreSQL's query plans in tests: whether a query reads a large table whole."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from django.db import connection


def _knopen(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for kind in plan.get("Plans", []):
        yield from _knopen(kind)


def volledige_scans(plan: dict[str, Any], tabellen: Collection[str]) -> list[str]:
    """Nodes that read one of ``tabellen`` whole: a sequential scan, or an index scan without a
    condition (a walk along the whole index, filtering on the way)."""
    fout = []
    for knoop in _knopen(plan):
        tabel = knoop.get("Relation Name")
        if tabel not in tabellen:
            continue
        if knoop["Node Type"] == "Seq Scan":
            fout.append(f"Seq Scan op {tabel}")
        elif knoop["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in knoop:
            fout.append(f"{knoop['Node Type']} zonder voorwaarde op {tabel} ({knoop.get('Index Name')})")
    return fout


def selects(queries: Iterable[dict[str, Any]], tabellen: Collection[str]) -> list[str]:
    """The SELECTs (a UNION in parentheses too) among captured ``queries`` that name one of
    ``tabellen``."""
    return [
        q["sql"]
        for q in queries
        if any(f'"{t}"' in q["sql"] for t in tabellen) and q["sql"].lstrip("( ").upper().startswith("SELECT")
    ]


def assert_via_indexen(sqls: Iterable[str], tabellen: Collection[str]) -> None:
    """Every query of ``sqls`` reads ``tabellen`` through an index condition: PostgreSQL's plan has
    no sequential scan of them and no walk along a whole index."""
    fouten = {sql: scans for sql in sqls if (scans := volledige_scans(plan_van(sql), tabellen))}
    assert not fouten, "\n\n".join(f"{sql}\n  {scans}" for sql, scans in fouten.items())


def plan_van(sql: str) -> dict[str, Any]:
    """The plan PostgreSQL makes for ``sql`` (EXPLAIN, not run)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        [resultaat] = cursor.fetchone()
    return (json.loads(resultaat) if isinstance(resultaat, str) else resultaat)[0]["Plan"]
