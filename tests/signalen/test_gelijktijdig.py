"""Two submits of the same new-signal form at the same moment make one signal.

A double click, or a browser that sends a form again after a timeout, can put two POSTs
with the same form token on the server at once. Each runs in its own thread with its own
database connection, as under a threaded or multi-process server: the first makes the
signal, the second is answered with that signal and the "al verstuurd" message; neither
gets a 5xx or a bare 400.

Runs on the database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL).
On SQLite the test runs on a file copy of the test database (``gedeelde_database`` in
tests/conftest.py), where a second writer waits for the write lock as on the embedded setup.
"""

from __future__ import annotations

import threading
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


def test_twee_gelijktijdige_verzendingen_maken_een_signaal(gedeelde_database, gebruikers, plaatsen):
    invoer = nieuw_invoer(plaatsen["hilversum"])
    clients = [volledig_inloggen(Client(), gebruikers["af"]) for _ in range(2)]
    start = threading.Barrier(len(clients), timeout=WACHTTIJD)
    antwoorden: dict[int, Any] = {}
    fouten: list[BaseException] = []

    def versturen(nummer: int) -> None:
        try:
            start.wait()
            antwoorden[nummer] = clients[nummer].post(reverse("signalen:nieuw"), invoer)
        except BaseException as fout:  # reported in the main thread
            fouten.append(fout)
        finally:
            connections.close_all()

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
