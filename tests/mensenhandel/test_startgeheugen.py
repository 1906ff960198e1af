"""What the start pages keep per user for a minute (``mensenhandel.startgeheugen``, issue 16): the
AF's status counts and hits box, the zorgcoördinator's counts per phase, the "Mijn werk" section
of both. Kept for the same scope and at most a minute; the user's own POST and a changed scope
make them again at once; a search reads fresh; the cache holds what the page prints, no record."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from mensenhandel import startgeheugen
from mensenhandel.toegang import bereik
from mensenhandel.werk import MENU_CACHE_SECONDEN, START
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory

STATUSTELLING = 'COUNT("signalen_signaal"."status")'


@pytest.fixture
def klok(monkeypatch):
    """Moves the start page memory's clock (and only its clock) forward."""
    verschuiving = [0.0]
    echt = time.time
    monkeypatch.setattr(startgeheugen.time, "time", lambda: echt() + verschuiving[0])

    def verder(seconden: float) -> None:
        verschuiving[0] += seconden

    return verder


def _tellingen(antwoord) -> str:
    tekst = antwoord.content.decode()
    begin = tekst.index("Aantal signalen per status")
    return tekst[begin : tekst.index("</table>", begin)]


def test_waarden_blijven_een_minuut_voor_hetzelfde_bereik(gebruikers, klok):
    af = gebruikers["af"]
    startgeheugen.vergeten(af)
    gemaakt: list[str] = []

    def maak(naam: str):
        return lambda: gemaakt.append(naam) or f"{naam}{len(gemaakt)}"

    assert startgeheugen.onthouden(af, "bereik", a=maak("a")) == {"a": "a1"}
    klok(50)
    # b is made; a is kept, and writing b does not make a younger.
    assert startgeheugen.onthouden(af, "bereik", a=maak("a"), b=maak("b")) == {"a": "a1", "b": "b2"}
    klok(startgeheugen.SECONDEN - 49)
    assert startgeheugen.onthouden(af, "bereik", a=maak("a"), b=maak("b")) == {"a": "a3", "b": "b2"}
    # Another scope: made again, whatever its age.
    assert startgeheugen.onthouden(af, "ander bereik", b=maak("b")) == {"b": "b4"}
    startgeheugen.vergeten(af)
    assert startgeheugen.onthouden(af, "ander bereik", b=maak("b")) == {"b": "b5"}
    assert gemaakt == ["a", "b", "a", "b", "b"]
    assert MENU_CACHE_SECONDEN == startgeheugen.SECONDEN


def test_de_af_lijst_houdt_tellingen_en_treffers_een_minuut(client_als, gebruikers, klok):
    af = gebruikers["af"]
    SignaalFactory(door=af)
    client = client_als("af")
    with CaptureQueriesContext(connection) as eerste:
        voor = _tellingen(client.get(reverse("signalen:start")))
    assert "(totaal 1)" in voor
    assert any(STATUSTELLING in q["sql"] for q in eerste.captured_queries)

    # A colleague's registration (not a request of this AF): the rows are read fresh, the counts
    # and the hits box come from the memory (no count, no query on the pairs).
    nieuw = SignaalFactory(door=af)
    with CaptureQueriesContext(connection) as tweede:
        antwoord = client.get(reverse("signalen:start"))
    assert nieuw.referentie in antwoord.content.decode()
    assert _tellingen(antwoord) == voor
    assert not any(STATUSTELLING in q["sql"] for q in tweede.captured_queries)
    assert not any("signalen_koppeling" in q["sql"] for q in tweede.captured_queries)
    assert len(tweede.captured_queries) < len(eerste.captured_queries)

    # A search reads fresh; the plain page a minute later too.
    assert "(totaal 2)" in _tellingen(client.get(reverse("signalen:start"), {"status": "nieuw"}))
    assert "(totaal 1)" in _tellingen(client.get(reverse("signalen:start")))
    klok(startgeheugen.SECONDEN)
    assert "(totaal 2)" in _tellingen(client.get(reverse("signalen:start")))


def test_een_eigen_post_of_een_ander_bereik_telt_meteen_opnieuw(client_als, gebruikers, plaatsen):
    af = gebruikers["af"]
    client = client_als("af")
    assert "(totaal 0)" in _tellingen(client.get(reverse("signalen:start")))
    SignaalFactory(door=af)
    # Any POST of hers forgets what her start page keeps, even one that the form refuses.
    client.post(reverse("signalen:nieuw"), {})
    assert "(totaal 1)" in _tellingen(client.get(reverse("signalen:start")))

    # A signal of Leeuwarden, which she does not serve yet: her scope grows, the counts follow
    # at once.
    SignaalFactory(door=gebruikers["af_ander"])
    assert "(totaal 1)" in _tellingen(client.get(reverse("signalen:start")))
    assign_perm("mensenhandel.bedient_gemeente", af, plaatsen["leeuwarden"])
    assert "(totaal 2)" in _tellingen(client.get(reverse("signalen:start")))


def test_het_geheugen_houdt_wat_de_pagina_toont_geen_records(client_als, gebruikers):
    """The hits box is kept as the three texts it prints, not as signals with all their columns;
    a search shows the box in the same shape, read fresh; the work section is kept beside it,
    for the same scope."""
    af = gebruikers["af"]
    persoon = {"soort": "slachtoffer", "naam": "Jan de Vries", "geboortedatum": date(1990, 5, 4)}
    eigen = SignaalFactory(door=af, personen=[persoon])
    SignaalFactory(door=gebruikers["af_ander"], personen=[persoon])
    client = client_als("af")
    gewoon = client.get(reverse("signalen:start")).context["treffers_elders"]
    bewaard = cache.get(f"startgeheugen:{af.pk}")
    assert set(bewaard) == {"statustellingen", "treffers_elders", START}
    voor, _, treffers = bewaard["treffers_elders"]
    assert voor == bereik(af) == bewaard[START][0]
    regel = {"uuid": eigen.uuid, "referentie": eigen.referentie, "gemeente": "Hilversum"}
    assert treffers == gewoon == [regel]
    assert [item.soort for item in bewaard[START][2]] == ["af.treffers_elders"]
    gezocht = client.get(reverse("signalen:start"), {"q": eigen.referentie})
    assert gezocht.context["treffers_elders"] == gewoon


def test_de_caseload_houdt_de_tellingen_per_fase_een_minuut(client_als, gebruikers, klok):
    zc = gebruikers["zc"]
    TrajectFactory(door=zc)
    client = client_als("zc")

    def open_in_totaal() -> int:
        antwoord = client.get(reverse("zorgcoordinatie:start"))
        return int(antwoord.context["tellingen"]["totaal"])

    assert open_in_totaal() == 1
    TrajectFactory(door=zc)
    assert open_in_totaal() == 1
    klok(startgeheugen.SECONDEN)
    assert open_in_totaal() == 2
    TrajectFactory(door=zc)
    client.post(reverse("zorgcoordinatie:aanmelding_nieuw"), {})
    assert open_in_totaal() == 3
