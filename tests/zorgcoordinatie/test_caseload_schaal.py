"""The caseload at national scale (issue 16): its page reads the regio's open trajectories by an
index, instead of walking every trajectory of the country newest first until it has 25 of them."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.plannen import assert_via_indexen, selects
from tests.zorgcoordinatie.factories import TrajectFactory
from zorgcoordinatie.models import Client, Levensdomein, Traject, Zorgactie

pytestmark = pytest.mark.django_db

TRAJECTEN = {"zorgcoordinatie_traject"}


def _kopieen(voorbeeld: Model, aantal: int, **anders: Any) -> list[Any]:
    """``aantal`` unsaved copies of ``voorbeeld`` with a new uuid and the fields in ``anders``
    (a callable is called with the copy's number)."""
    model = type(voorbeeld)
    velden = {f.attname: getattr(voorbeeld, f.attname) for f in model._meta.concrete_fields}
    del velden[model._meta.pk.attname]
    return [
        model(
            **(velden | {"uuid": uuid.uuid4()} | {k: w(i) if callable(w) else w for k, w in anders.items()})
        )
        for i in range(aantal)
    ]


@pytest.fixture
def landelijk(gebruikers, plaatsen):
    """The zorgcoördinator's regio with 400 open trajectories, and 8,000 newer ones of another
    regio, each with a client of its own, and fresh statistics: her regio holds a sliver of the
    table, and not its newest rows."""
    if connection.vendor != "postgresql":
        pytest.skip("Queryplannen zijn van PostgreSQL (de CI-run met PostgreSQL toetst ze).")
    eigen = TrajectFactory(door=gebruikers["zc"])
    ander = TrajectFactory(door=gebruikers["zc_ander"])

    def trajecten(voorbeeld: Traject, aantal: int, voorvoegsel: str) -> None:
        clienten = Client.objects.bulk_create(
            _kopieen(voorbeeld.client, aantal, dossiernummer=lambda i: f"{voorvoegsel}-{i:06d}")
        )
        nieuw = Traject.objects.bulk_create(
            _kopieen(voorbeeld, aantal, client_id=lambda i: clienten[i].pk)  # in order: ids ascend
        )
        # Each with a care action that has not moved for two months: work on her work page.
        Zorgactie.objects.bulk_create(
            Zorgactie(
                traject=traject,
                domein=Levensdomein.OPVANG,
                zorgaanbieder="Zorgaanbieder",
                soort="Begeleiding",
                status=Zorgactie.Status.LOPEND,
                laatste_voortgang=timezone.localdate() - timedelta(days=60),
            )
            for traject in nieuw
        )

    trajecten(eigen, 400, "EIGEN")
    trajecten(ander, 8_000, "ANDER")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE zorgcoordinatie_traject, zorgcoordinatie_client, zorgcoordinatie_zorgactie")


def test_de_caseload_leest_haar_pagina_via_een_index(client_als, landelijk):
    client = client_als("zc")
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(reverse("zorgcoordinatie:start"))
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "EIGEN-000399" in html and "ANDER-" not in html  # her newest first, no other regio's
    assert "Open trajecten 1–25 van 401" in html
    gelezen = selects(vastgelegd.captured_queries, TRAJECTEN)
    assert any("LIMIT 25" in sql for sql in gelezen)  # the page itself is among them
    assert_via_indexen(gelezen, TRAJECTEN)


def test_mijn_werk_van_de_zc_leest_via_indexen(client_als, landelijk):
    """Her work page reads fresh on every view: its counts and entries about her trajectories go
    through the regio's indexes, not through every trajectory of the country."""
    client = client_als("zc")
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(reverse("werk"))
    assert antwoord.status_code == 200
    gelezen = selects(vastgelegd.captured_queries, TRAJECTEN)
    assert any("COUNT(" in sql for sql in gelezen)
    assert any("zorgcoordinatie_zorgactie" in sql and "LIMIT" in sql for sql in gelezen)  # the entries
    assert_via_indexen(gelezen, TRAJECTEN)
