"""Two submits of the same new-signal form at the same moment make one signal.

A double click, or a browser that sends a form again after a timeout, can put two POSTs
with the same form token on the server at once. Each runs in its own thread with its own
database connection, as under a threaded or multi-process server: the first makes the
signal, the second is answered with that signal and the "al verstuurd" message; neither
gets a 5xx or a bare 400.

Runs on the database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL).
pytest-django keeps a SQLite test database in memory with a shared cache, where a second
writer fails at once ("database table is locked") instead of waiting as it does on the
file the embedded setup uses; for this test the database is copied to a file that every
thread opens with the project's own connection settings.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from signalen.models import Signaal
from tests.conftest import volledig_inloggen
from tests.signalen.test_views import detail_url, nieuw_invoer, tekst

# Not serialized_rollback: after another transactional test's flush, restoring the
# serialized data collides with the role groups that the flush's post_migrate made again.
# The indicator list is back after every such flush (tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)

WACHTTIJD = 60  # seconds; a thread that takes longer has hung


@pytest.fixture
def eigen_verbinding(transactional_db, tmp_path) -> Iterator[Callable[[], None]]:
    """A function that gives the calling thread its database connection for this test.

    On PostgreSQL every thread opens its own connection to the test database anyway. On
    SQLite in memory, the database is copied to a file first; this thread (the fixtures
    and the assertions) and every worker thread then use that file, with the project's
    connection options (IMMEDIATE write transactions, a busy timeout).
    """
    origineel = connections["default"]
    if origineel.vendor != "sqlite" or not origineel.is_in_memory_db():
        yield lambda: None
        return
    bestand = tmp_path / "gelijktijdig.sqlite3"
    origineel.ensure_connection()
    kopie = sqlite3.connect(bestand)
    origineel.connection.backup(kopie)
    kopie.close()
    instellingen = {**origineel.settings_dict, "NAME": str(bestand)}

    def verbinden() -> None:
        connections["default"] = type(origineel)(instellingen, "default")

    verbinden()
    try:
        yield verbinden
    finally:
        connections["default"].close()
        # Back to the in-memory database, which pytest-django cleans up after the test.
        connections["default"] = origineel


def test_twee_gelijktijdige_verzendingen_maken_een_signaal(eigen_verbinding, gebruikers, plaatsen):
    invoer = nieuw_invoer(plaatsen["hilversum"])
    clients = [volledig_inloggen(Client(), gebruikers["af"]) for _ in range(2)]
    start = threading.Barrier(len(clients), timeout=WACHTTIJD)
    antwoorden: dict[int, Any] = {}
    fouten: list[BaseException] = []

    def versturen(nummer: int) -> None:
        eigen_verbinding()
        try:
            start.wait()
            antwoorden[nummer] = clients[nummer].post(reverse("signalen:nieuw"), invoer)
        except BaseException as fout:  # reported in the main thread
            fouten.append(fout)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=versturen, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WACHTTIJD)
    assert not any(thread.is_alive() for thread in threads), "een verzending bleef hangen"
    assert not fouten, fouten

    signaal = Signaal.objects.get()
    for antwoord in antwoorden.values():
        assert antwoord.status_code == 302, (antwoord.status_code, tekst(antwoord)[-3000:])
        assert antwoord["Location"] == detail_url(signaal)
    assert signaal.personen.count() == 1
    assert signaal.indicatoren.count() == 2

    paginas = [tekst(client.get(detail_url(signaal))) for client in clients]
    geregistreerd = f"Signaal {signaal.referentie} is geregistreerd."
    al_verstuurd = f"Dit formulier was al verstuurd; dit is signaal {signaal.referentie}."
    assert sorted((geregistreerd in p, al_verstuurd in p) for p in paginas) == [(False, True), (True, False)]
