"""A regio's figures are fixed per month (ADR 0007, "figures that change while one watches").

The attacker: a ketenregisseur without casework who opens the dashboard every morning. Were the
figures recomputed on each view, the cells that changed since yesterday would give away the
gemeente, form, source and sector of the one signal registered (or moved on) that day, however
well each number on its own is protected. A publication is therefore made on the first view (or
report) of a calendar month and printed unchanged on every view for the rest of that month.
"""

from __future__ import annotations

import html
import pickle
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Maandpublicatie
from ketenregie.selectors import publicatie as kr_publicatie
from ketenregie.selectors import verzegeling
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from rapportage import inhoud
from rapportage.models import Rapport
from signalen.models import Signaal
from tests.beveiligd import waar
from tests.ketenregie.test_cijfers import signaal

KWARTAAL = Periode.kwartaal(2026, 4)


@pytest.fixture
def vandaag(monkeypatch) -> dict[str, date]:
    """Today, to be moved by the test (``vandaag["dag"] = ...``)."""
    dag = {"dag": date(2026, 11, 2)}
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dag["dag"])
    return dag


def inhoud_van(antwoord) -> str:
    """The page's main content: every figure, caption and note it shows."""
    assert antwoord.status_code == 200
    pagina = html.unescape(antwoord.content.decode())
    return re.search(r"<main.*?</main>", pagina, re.S).group(0)


def dashboard(client, periode: Periode) -> str:
    return inhoud_van(client.get(reverse("ketenregie:dashboard"), {"periode": periode.code}))


def startpagina(client) -> str:
    return inhoud_van(client.get(reverse("ketenregie:start")))


def test_wie_elke_dag_kijkt_ziet_pas_in_de_volgende_maand_wat_er_veranderde(
    client_als, gebruikers, plaatsen, vandaag
):
    af = gebruikers["af"]
    oud = [signaal(af, plaatsen["hilversum"], f"2026-10-{1 + i:02d}") for i in range(14)]
    client = client_als("kr")
    eerst_dashboard, eerst_start = dashboard(client, KWARTAAL), startpagina(client)
    assert "Deze cijfers zijn vastgesteld op 2 november 2026" in eerst_dashboard
    assert "vanaf 1 december 2026 worden ze opnieuw gemaakt" in eerst_dashboard

    # Every day of the month one new signal with its own form, source and sector in Huizen,
    # and one older signal moves on: the pages stay exactly as they were.
    for dag in range(3, 31):
        vandaag["dag"] = date(2026, 11, dag)
        signaal(af, plaatsen["huizen"], vandaag["dag"].isoformat(), vormen=("seksueel",), bron="onderwijs")
        Signaal.objects.filter(pk=oud[dag % len(oud)].pk).update(status="lopend")
        assert dashboard(client, KWARTAAL) == eerst_dashboard, dag
        assert startpagina(client) == eerst_start, dag

    # The next month the figures are made again, all at once.
    vandaag["dag"] = date(2026, 12, 1)
    nieuw = dashboard(client, KWARTAAL)
    assert nieuw != eerst_dashboard
    assert "Deze cijfers zijn vastgesteld op 1 december 2026" in nieuw
    cijfers = kr_publicatie.regiocijfers(plaatsen["gv"], KWARTAAL.van, KWARTAAL.tot)
    assert waar(cijfers.signalen.totaal) == 14 + 28
    assert cijfers.vastgesteld_op == date(2026, 12, 1)


def test_de_rapportage_van_later_in_de_maand_drukt_dezelfde_cellen(gebruikers, plaatsen, vandaag):
    """The dashboard, the start page and the report print the same cells: a report made later
    in the month takes the month's publication, not a new count with one more signal."""
    af, gv = gebruikers["af"], plaatsen["gv"]
    for i in range(12):
        signaal(af, plaatsen["hilversum"], f"2026-0{1 + i % 6}-10")
    halfjaar = Periode.halfjaar(2026, 1)
    gezien = kr_publicatie.regiocijfers(gv, halfjaar.van, halfjaar.tot)

    vandaag["dag"] = date(2026, 11, 20)
    signaal(af, plaatsen["huizen"], "2026-03-03")  # registered late, dated in the half-year
    rapport = Rapport.objects.create(
        regio=gv, soort="eerste_halfjaar", van=halfjaar.van, tot=halfjaar.tot, versie=1
    )
    verzameld = inhoud.verzamelen(rapport)
    assert verzameld["signalen"] == gezien.signalen
    assert verzameld["trajecten"] == gezien.trajecten
    assert waar(verzameld["signalen"].totaal) == 12

    vandaag["dag"] = date(2026, 12, 1)
    assert waar(inhoud.verzamelen(rapport)["signalen"].totaal) == 13


def test_twee_gelijktijdige_eerste_weergaven_drukken_dezelfde_cijfers(gebruikers, plaatsen, vandaag):
    """Two requests that both find no publication count at once; the one that keeps its
    figures second prints the first one's, so that no two readings of a cell exist."""
    gv = plaatsen["gv"]
    for i in range(8):
        signaal(gebruikers["af"], plaatsen["hilversum"], f"2026-10-{1 + i:02d}")
    eerste = kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    signaal(gebruikers["af"], plaatsen["huizen"], "2026-10-20")
    tweede = kr_publicatie._maken(gv, KWARTAAL.van, KWARTAAL.tot, vandaag["dag"])
    assert waar(tweede.signalen.totaal) == 9
    sleutel = {
        "regio": gv,
        "van": KWARTAAL.van,
        "tot": KWARTAAL.tot,
        "maand": date(2026, 11, 1),
        "drempel": gv.kleine_aantallen_drempel,
        "versie": kr_publicatie.publicatieversie(),
    }
    bewaard, zegel = kr_publicatie._bewaren(sleutel, tweede, vandaag["dag"])
    assert bewaard == eerste
    assert zegel == bytes(Maandpublicatie.objects.get().inhoud)[: len(zegel)]
    assert Maandpublicatie.objects.count() == 1


def test_een_onleesbare_publicatie_wordt_opnieuw_gemaakt(gebruikers, plaatsen, vandaag, caplog):
    gv = plaatsen["gv"]
    signaal(gebruikers["af"], plaatsen["hilversum"], "2026-10-05")
    kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    Maandpublicatie.objects.update(inhoud=verzegeling.zegel(b"geen pickle") + b"geen pickle")
    cijfers = kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    assert waar(cijfers.signalen.totaal) == 1
    assert "niet te lezen; opnieuw gemaakt" in caplog.text
    # ... and kept in its place: the next view reads it, without a warning.
    caplog.clear()
    assert kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot) == cijfers
    assert not caplog.records


class Bom:
    """What someone with write access to the table alone might plant: a pickle that runs code."""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (pytest.fail, ("een ongezegelde pickle is uitgepakt",))


def test_een_publicatie_zonder_geldig_zegel_wordt_niet_uitgepakt(gebruikers, plaatsen, vandaag, caplog):
    gv = plaatsen["gv"]
    signaal(gebruikers["af"], plaatsen["hilversum"], "2026-10-05")
    kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    [bewaard] = Maandpublicatie.objects.values_list("inhoud", flat=True)
    Maandpublicatie.objects.update(inhoud=bytes(bewaard)[:32] + pickle.dumps(Bom()))
    cijfers = kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    assert waar(cijfers.signalen.totaal) == 1
    assert "geen geldig zegel" in caplog.text


def test_een_andere_drempel_of_andere_code_maakt_de_publicatie_opnieuw(
    gebruikers, plaatsen, vandaag, monkeypatch
):
    gv = plaatsen["gv"]
    for i in range(6):
        signaal(gebruikers["af"], plaatsen["hilversum"], f"2026-10-{1 + i:02d}")
    assert kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot).signalen.totaal.tekst != "<10"
    Regio.objects.filter(pk=gv.pk).update(kleine_aantallen_drempel=10)
    gv.refresh_from_db()
    assert kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot).signalen.totaal.tekst == "<10"
    deze = kr_publicatie.publicatieversie()
    monkeypatch.setattr(kr_publicatie, "publicatieversie", lambda: "andere code")
    kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    assert set(Maandpublicatie.objects.values_list("drempel", "versie")) == {
        (5, deze),
        (10, deze),
        (10, "andere code"),
    }


def test_publicaties_van_eerdere_maanden_gaan_weg(gebruikers, plaatsen, vandaag):
    gv, fr = plaatsen["gv"], plaatsen["fr"]
    for regio in (gv, fr):
        kr_publicatie.regiocijfers(regio, KWARTAAL.van, KWARTAAL.tot)
    vandaag["dag"] = date(2026, 12, 3)
    kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    assert sorted(Maandpublicatie.objects.values_list("regio", "maand")) == sorted(
        [(gv.pk, date(2026, 12, 1)), (fr.pk, date(2026, 11, 1))]
    )


def test_een_publicatie_wordt_eenmaal_uitgepakt_en_blijft_zoals_bewaard(
    gebruikers, plaatsen, vandaag, client_als
):
    """The dashboard reads the month's publication on every view: this process unpickles it once
    (by its seal) and every later view prints from that one reading, which no view changes."""
    gv = plaatsen["gv"]
    for i in range(8):
        signaal(gebruikers["af"], plaatsen["hilversum"], f"2026-10-{1 + i:02d}")
    client = client_als("kr")
    eerst = dashboard(client, KWARTAAL)
    assert dashboard(client, KWARTAAL) == eerst
    een = kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    twee = kr_publicatie.regiocijfers(gv, KWARTAAL.van, KWARTAAL.tot)
    assert een.signalen is twee.signalen  # one reading, not two
    for inhoud_ in Maandpublicatie.objects.values_list("inhoud", flat=True):
        zegel, gepickled = bytes(inhoud_)[:32], bytes(inhoud_)[32:]
        assert verzegeling.GELEZEN[zegel] == pickle.loads(gepickled)  # noqa: S301


def test_de_grafieken_hebben_de_sleutel_van_hun_publicaties(gebruikers, plaatsen, vandaag):
    gv = plaatsen["gv"]
    for i in range(8):
        signaal(gebruikers["af"], plaatsen["hilversum"], f"2026-10-{1 + i:02d}")
    vorige = Periode.kwartaal(2026, 3)
    cijfers = kr_publicatie.dashboardcijfers(gv, KWARTAAL.van, KWARTAAL.tot, vorige=vorige)
    assert len(cijfers.zegels) == 2 and all(cijfers.zegels)
    sleutel = cijfers.vingerafdruk
    assert (
        sleutel == kr_publicatie.dashboardcijfers(gv, KWARTAAL.van, KWARTAAL.tot, vorige=vorige).vingerafdruk
    )
    # Other figures, another key: another period, or the same publications of a renamed regio.
    assert sleutel != kr_publicatie.dashboardcijfers(gv, vorige.van, vorige.tot).vingerafdruk
    hernoemd = Regio.objects.get(pk=gv.pk)
    hernoemd.naam = "Gooi en Vechtstreek (nieuw)"
    assert (
        sleutel
        != kr_publicatie.dashboardcijfers(hernoemd, KWARTAAL.van, KWARTAAL.tot, vorige=vorige).vingerafdruk
    )


def test_het_geheugen_van_gelezen_publicaties_is_begrensd():
    """At most ``GELEZEN_MAX`` readings are kept, the least recently read goes first; what does not
    carry this application's seal is never unpickled."""
    verzegeling.GELEZEN.clear()
    bewaard = [verzegeling.verzegeld({"publicatie": i}) for i in range(verzegeling.GELEZEN_MAX + 1)]
    for inhoud_ in bewaard[:-1]:
        assert verzegeling.openen(inhoud_, "een proef") is not None
    assert verzegeling.openen(bewaard[0], "een proef")[0] == {"publicatie": 0}  # read again: newest
    verzegeling.openen(bewaard[-1], "een proef")
    assert len(verzegeling.GELEZEN) == verzegeling.GELEZEN_MAX
    assert bewaard[0][:32] in verzegeling.GELEZEN
    assert bewaard[1][:32] not in verzegeling.GELEZEN
    vervalst = bewaard[2][:32] + pickle.dumps({"publicatie": "anders"})
    assert verzegeling.openen(vervalst, "een proef") is None
