"""Two submits of the same new-aanmelding form at the same moment make one aanmelding.

Each submit runs in its own thread with its own test client and database connection, as two
requests of a web server would. The test runs on the configured database: SQLite here, and
PostgreSQL with ``DATABASE_URL`` (as in CI).
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connections
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import volledig_inloggen
from zorgcoordinatie.models import Aanmelding

pytestmark = pytest.mark.django_db(transaction=True)

INGEVOERD = "De aanmelding is ingevoerd. Accepteer of wijs haar af."
AL_VERSTUURD = (
    "Dit formulier was al verstuurd: de aanmelding is één keer ingevoerd. Accepteer of wijs haar af."
)


@pytest.fixture
def beide_voor_het_opslaan():
    """Hold each submit just before its aanmelding is written until the other one got as
    far, or for at most two seconds (on SQLite the other waits for the write lock that the
    first holds). Both have then looked for an aanmelding with the form token and found
    none: the worst case of a double click, made certain instead of left to timing."""
    barriere = threading.Barrier(2, timeout=2)
    gewacht = threading.local()

    def wachten(sender, instance, **kwargs):
        if instance.pk is None and not getattr(gewacht, "al", False):
            gewacht.al = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barriere.wait()

    pre_save.connect(wachten, sender=Aanmelding, dispatch_uid="test_gelijktijdig")
    yield
    pre_save.disconnect(sender=Aanmelding, dispatch_uid="test_gelijktijdig")


def test_twee_gelijktijdige_verzendingen_maken_een_aanmelding(
    gedeelde_database, beide_voor_het_opslaan, gebruikers, plaatsen
):
    url = reverse("zorgcoordinatie:aanmelding_nieuw")
    invoer = {
        "formuliertoken": str(uuid.uuid4()),
        "regio": plaatsen["gv"].pk,
        "datum": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "bron": "politie",
        "bronorganisatie": "Politie, team AVIM",
        "omschrijving": "Vrouw aangetroffen bij een controle in een massagesalon.",
    }
    # Two browser tabs of the same zorgcoördinator; a 500 comes back as a response.
    clients = [volledig_inloggen(Client(raise_request_exception=False), gebruikers["zc"]) for _ in range(2)]
    start = threading.Barrier(2, timeout=10)
    antwoorden: list = [None, None]
    fouten: list = []

    def versturen(i: int) -> None:
        try:
            start.wait()
            antwoorden[i] = clients[i].post(url, invoer)
        except Exception as fout:  # reported below, with the thread's answer
            fouten.append(fout)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=versturen, args=(i,)) for i in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)

    assert not fouten and all(antwoord is not None for antwoord in antwoorden), fouten
    assert [antwoord.status_code for antwoord in antwoorden] == [302, 302]
    aanmelding = Aanmelding.objects.get()
    doel = reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": aanmelding.uuid})
    assert [antwoord.url for antwoord in antwoorden] == [doel, doel]
    # One says it entered the aanmelding, the other that the form was sent before.
    paginas = [client.get(doel).content.decode() for client in clients]
    assert sorted((INGEVOERD in pagina, AL_VERSTUURD in pagina) for pagina in paginas) == [
        (False, True),
        (True, False),
    ]
    assert (aanmelding.formuliertoken, aanmelding.ingevoerd_door) == (
        uuid.UUID(invoer["formuliertoken"]),
        gebruikers["zc"],
    )
