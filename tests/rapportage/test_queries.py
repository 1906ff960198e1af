"""Gathering a report's figures costs the same number of queries whatever the amount of data.

``rapportage.inhoud.verzamelen`` runs once per report; with 10,000 signals a query per row
would make the report slow (``tests/benchmarks/bench_rapportage.py`` measures that regio).
Here the same seeding as the benchmark fills a regio of five gemeenten twice: first one
signal and one trajectory in each of six half-years, then nine more of each per half-year
(60 signals and 60 trajectories in all; spread over gemeenten, forms,
sources, sectors, statuses, referrals with feedback, stacking pairs, trajectories in every
phase, activities, meetings, knelpunten and basisniveau history). The number of queries
must be exactly the same. When it is not, the message names the figure function (in
``signalen.cijfers``, ``zorgcoordinatie.cijfers``, ``ketenregie.selectors.cijfers`` or
``rapportage.inhoud``) whose count grew, and the SQL that was added.
"""

from __future__ import annotations

import inspect
import random
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from unittest import mock

import pytest
from django.db import connection

from ketenregie.models import Actiepunt, Knelpuntstatus
from ketenregie.selectors import cijfers
from rapportage import inhoud
from rapportage.inhoud import bouwstenen, diagrammen, kerncijfers, ketendelen
from rapportage.models import Periodesoort, Rapport
from signalen.models import Signaal
from tests.benchmarks.bench_rapportage import (
    Halfjaar,
    basisniveau_vullen,
    basisniveaumomenten,
    halfjaren,
    regio_aanmaken,
    regio_vullen,
)
from tests.conftest import nieuwe_maand
from zorgcoordinatie.models import Traject

pytestmark = pytest.mark.django_db

VANDAAG = date(2026, 9, 1)
# The modules whose functions the queries are counted per (the figures and the report's parts).
MODULES = (cijfers, inhoud, bouwstenen, diagrammen, kerncijfers, ketendelen)
GEMEENTEN = ["Aldervoort", "Beekzande", "Dorrewaard", "Gelderhorst", "Zuiderhaven"]
PERIODEN = {
    # A past half-year: the basisniveau comes from the history.
    "afgelopen halfjaar": (Periodesoort.EERSTE_HALFJAAR, date(2026, 1, 1), date(2026, 6, 30)),
    # The current half-year: an interim report, the basisniveau as it is today.
    "lopend halfjaar": (Periodesoort.TWEEDE_HALFJAAR, date(2026, 7, 1), date(2026, 12, 31)),
    # A custom period across two half-years, compared with the equally long period before it.
    "eigen periode": (Periodesoort.EIGEN, date(2025, 10, 1), date(2026, 3, 31)),
}


# Where the report's figure functions live (each app's own, and the report's parts).
FIGUURMODULES = (
    "signalen.cijfers",
    "zorgcoordinatie.cijfers",
    "ketenregie.selectors.cijfers",
    "rapportage.inhoud",
)


def _vorm(sql: str) -> str:
    """A query without its values, to compare the queries of two runs."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:%s|\?)(?:, (?:%s|\?))*\)", "(…)", sql)


@contextmanager
def per_functie() -> Iterator[tuple[list[str], Counter[str]]]:
    """Record every query, and count them per figure function (the innermost one running)."""
    functies = [
        (module, naam)
        for module in MODULES
        for naam, waarde in vars(module).items()
        if inspect.isfunction(waarde) and waarde.__module__.startswith(FIGUURMODULES) and naam != "verzamelen"
    ]
    stapel: list[str] = []
    queries: list[str] = []
    tellingen: Counter[str] = Counter()

    def omwikkeld(module, naam):  # type: ignore[no-untyped-def]
        origineel = getattr(module, naam)
        plaats = f"{origineel.__module__.replace('.', '/')}.py {naam}"

        def functie(*args, **kwargs):  # type: ignore[no-untyped-def]
            stapel.append(plaats)
            try:
                return origineel(*args, **kwargs)
            finally:
                stapel.pop()

        return functie

    def vastleggen(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        tellingen[stapel[-1] if stapel else "rapportage/inhoud.py verzamelen"] += 1
        return execute(sql, params, many, context)

    with (
        ExitStack() as patches,
        connection.execute_wrapper(vastleggen),
    ):
        for module in MODULES:
            if eigen := {n: omwikkeld(module, n) for m, n in functies if m is module}:
                patches.enter_context(mock.patch.multiple(module, **eigen))
        yield queries, tellingen


def verzamelen(rapport: Rapport) -> tuple[dict, list[str], Counter[str]]:
    rapport = Rapport.objects.get(pk=rapport.pk)  # as the task finds it: nothing cached
    nieuwe_maand()  # the first report or view of the month makes the publications
    with per_functie() as (queries, tellingen):
        context = inhoud.verzamelen(rapport, vandaag=VANDAAG)
    return context, queries, tellingen


def omvang(regio, van: date, tot: date) -> dict[str, int]:
    """What the seeding put in the report's period (and the open knelpunten's action points)."""
    return {
        "signalen": Signaal.objects.filter(
            gemeente__regios=regio, datum_geregistreerd__range=(van, tot)
        ).count(),
        "trajecten": Traject.objects.filter(regio=regio, aangemaakt_op__date__range=(van, tot)).count(),
        "gemeenten met signalen": Signaal.objects.filter(gemeente__regios=regio)
        .values("gemeente")
        .distinct()
        .count(),
        "acties bij open knelpunten": Actiepunt.objects.filter(
            knelpunt__regio=regio, knelpunt__status__in=Knelpuntstatus.lopend()
        ).count(),
    }


def verschil(weinig: tuple, veel: tuple) -> str:
    """Which function ran more (or fewer) queries, and which SQL was added or dropped."""
    _, q_weinig, t_weinig = weinig
    _, q_veel, t_veel = veel
    regels = [f"verzamelen: {len(q_weinig)} queries bij weinig gegevens, {len(q_veel)} bij veel."]
    for plaats in sorted(set(t_weinig) | set(t_veel)):
        if t_weinig[plaats] != t_veel[plaats]:
            regels.append(f"  {plaats}: {t_weinig[plaats]} -> {t_veel[plaats]} queries")
    erbij = Counter(map(_vorm, q_veel)) - Counter(map(_vorm, q_weinig))
    eraf = Counter(map(_vorm, q_weinig)) - Counter(map(_vorm, q_veel))
    regels += [f"  + {n}x {sql[:300]}" for sql, n in erbij.items()]
    regels += [f"  - {n}x {sql[:300]}" for sql, n in eraf.items()]
    return "\n".join(regels)


@pytest.mark.parametrize("periode", PERIODEN)
def test_verzamelen_kost_evenveel_queries_bij_weinig_en_veel_gegevens(periode):
    rnd = random.Random(6)
    regio, gemeenten, mensen = regio_aanmaken("Queryregio", GEMEENTEN, 9300)
    halfjaar_data = halfjaren(VANDAAG, 0, 0)  # six half-years: 2024-1 up to the current one
    basisniveau_vullen(rnd, gemeenten, mensen.kr, basisniveaumomenten(halfjaar_data, VANDAAG))

    def vullen(per_halfjaar: int) -> None:
        regio_vullen(
            rnd,
            regio=regio,
            gemeenten=gemeenten,
            mensen=mensen,
            perioden=[Halfjaar(h.van, h.tot, per_halfjaar, per_halfjaar) for h in halfjaar_data],
            vandaag=VANDAAG,
        )

    soort, van, tot = PERIODEN[periode]
    rapport = Rapport.objects.create(regio=regio, soort=soort, van=van, tot=tot, versie=1)

    vullen(1)
    weinig, omvang_weinig = verzamelen(rapport), omvang(regio, van, tot)
    vullen(9)
    veel, omvang_veel = verzamelen(rapport), omvang(regio, van, tot)

    # Both datasets hold what the report counts, the second ten times as much ...
    assert all(n > 0 for n in omvang_weinig.values()), omvang_weinig
    assert omvang_veel["signalen"] > omvang_weinig["signalen"], (omvang_weinig, omvang_veel)
    assert omvang_veel["trajecten"] > omvang_weinig["trajecten"], (omvang_weinig, omvang_veel)
    assert omvang_veel["gemeenten met signalen"] == len(GEMEENTEN)
    # ... and gathering the figures costs exactly as many queries.
    assert len(veel[1]) == len(weinig[1]), verschil(weinig, veel)
