"""Nothing prints a count that did not go through the protection (issue 13, point 4).

Walks every figure that leaves the case screens: the ketenregisseur's dashboard and start page
(their template context), the report's gathering, every table of the PDF and every table of
the CSV and XLSX export. A whole number anywhere in them must be a protected ``Cel``, unless it is
on the short list below of figures that are not about people.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from django.db.models import Model
from django.urls import reverse

from ketenregie.selectors import publicatie as kr_publicatie
from ketenregie.selectors.dashboard import tabellen as dashboard_tabellen
from mensenhandel.bescherming import Cel, cellen, onbeschermd, programma, publicatie
from rapportage import export, inhoud, pdftabellen
from rapportage.export.bouwstenen import Uitleg
from tests.ketenregie.test_cijfers import signaal
from tests.mensenhandel.test_bescherming import aanvaller, onthuld
from tests.rapportage import proefgegevens as p
from tests.rapportage.hulp import aanvragen

pytestmark = pytest.mark.django_db

# Figures that are not about people, printed as counted: the basisniveau (gemeenten meeting a
# standard), meetings by kind, the regio's settings and the report's own bookkeeping.
NIET_OVER_MENSEN = (
    "basisniveau",
    "overleggen",
    "drempel",
    "wachtdagen",
    "melder_dagen",  # the setting the reporters' figure was counted with
    "aantal_gemeenten",
    "rapport",
    "knelpunten",
    "bijzonderheden",
    "decimalen",
    "grafiek",  # charts are drawn from the protected cells (their texts are those cells' texts)
)
INSTELLINGEN = {"Een doorverwijzing wacht te lang na (dagen)"}  # a setting, not a count
TABELLEN_NIET_OVER_MENSEN = ("Basisniveau", "Overleggen", "Toelichting", "Open knelpunten", "Actiepunten")


def ruwe_getallen(obj: object, pad: tuple = ()) -> Iterator[tuple]:
    """The places in ``obj`` that hold a whole number that is not a protected cell."""
    if any(str(deel) in NIET_OVER_MENSEN for deel in pad):
        return
    if isinstance(obj, Cel | bool | str | date | Model) or obj is None:
        return
    if isinstance(obj, int):
        yield pad
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from ruwe_getallen(v, (*pad, k))
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from ruwe_getallen(v, (*pad, i))
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for veld in dataclasses.fields(obj):
            if veld.repr or veld.name != "waarden":  # a table's true counts stay inside it
                yield from ruwe_getallen(getattr(obj, veld.name), (*pad, veld.name))


@pytest.fixture
def proef(gebruikers, plaatsen):
    p.proef(gebruikers, plaatsen)


def test_het_dashboard_drukt_alleen_beschermde_cijfers(client_als, proef):
    antwoord = client_als("kr").get(
        reverse("ketenregie:dashboard"), {"van": "2026-01-01", "tot": "2026-06-30"}
    )
    assert antwoord.status_code == 200
    cijfers = antwoord.context["cijfers"]
    assert onbeschermd(cijfers.cijfers) == []
    assert list(ruwe_getallen(cijfers.cijfers)) == []
    for sleutel in ("per_status", "per_vorm", "per_sector"):
        assert all(isinstance(r.aantal, Cel) for r in antwoord.context[sleutel])
    # The period compared with in the key figures is its own protected publication.
    assert cijfers.vorige is not None and onbeschermd(cijfers.vorige) == []
    assert list(ruwe_getallen(cijfers.vorige)) == []
    # The CSV writes the printed texts; its one number is the change between two printed counts.
    for tabel in dashboard_tabellen(cijfers, "Open trajecten per fase"):
        rijen = [r for r in tabel.rijen if r[0] != "Signalen: Verschil"]
        assert list(ruwe_getallen(rijen)) == [] and all(isinstance(c, str) for r in rijen for c in r), (
            tabel.titel
        )


def test_de_startpagina_drukt_alleen_beschermde_cijfers(client_als, proef):
    antwoord = client_als("kr").get(reverse("ketenregie:start"))
    assert antwoord.status_code == 200
    for k in antwoord.context["kerncijfers"]:
        assert all(isinstance(x, Cel) for x in (k.signalen, k.wacht_te_lang, k.open_trajecten))


def test_het_rapport_en_zijn_bestanden_drukken_alleen_beschermde_cijfers(gebruikers, proef):
    c = inhoud.verzamelen(aanvragen(gebruikers["kr"], soort="eerste_halfjaar", jaar=2026))
    assert list(ruwe_getallen(c)) == []
    uitleg = Uitleg(c["onderdrukking_uitleg"], c["vorige_label"])
    for tabel in export.tabellen(c):
        if tabel.titel.startswith(TABELLEN_NIET_OVER_MENSEN):
            continue
        rijen = [r for r in [*tabel.rijen, *tabel.voet] if r and r[0] not in INSTELLINGEN]
        if tabel.titel == "Samenvatting":  # the last column: the change between printed counts
            rijen = [r[:3] for r in rijen]
        assert list(ruwe_getallen(rijen)) == [], tabel.titel
    # The PDF's tables: the same cells, laid out for the page.
    for naam, tabel in pdftabellen.tabellen(c).items():
        if tabel.titel.startswith(TABELLEN_NIET_OVER_MENSEN):
            continue
        assert list(ruwe_getallen([*tabel.rijen, *tabel.voet])) == [], naam
    assert uitleg.onderdrukking


def test_de_wandeling_vindt_een_onbeschermd_getal():
    """The walk above fails on a count that was not protected."""

    @dataclasses.dataclass
    class Iets:
        aantal: int

    assert list(ruwe_getallen({"signalen": [Iets(3)]})) == [("signalen", 0, "aantal")]
    assert list(ruwe_getallen({"signalen": [Iets(Cel(3, "<5", "klein"))]})) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("ruis", ["gepubliceerd", "uit"])
def test_een_aanvaller_met_een_lineair_programma_over_alle_tabellen_van_het_rapport(
    gebruikers, plaatsen, monkeypatch, ruis
):
    """All tables of a report (and of the dashboard, which prints the same publication) for a
    half-year with one dominant gemeente: the attacker of ``test_bescherming`` (its own integer
    program) bounds every cell from what is printed and the sums a reader knows, and pins no
    hidden count into 1..4 or to one value.

    On this dataset the noise alone already hides Huizen's 3 (Hilversum's 40 and the total 43
    are each known only to within the noise). With the noise switched off ("uit": every shown
    count exact, and the reader knows it), the secondary suppression alone must protect it:
    without it, 43 - 40 gives Huizen away, and this case fails."""
    if ruis == "uit":
        monkeypatch.setattr(cellen, "ruisgrens", lambda drempel: 0)
        monkeypatch.setattr(programma, "ruisgrens", lambda drempel: 0)
    af = gebruikers["af"]
    for gemeente, n in (("hilversum", 40), ("huizen", 3)):
        for i in range(n):
            signaal(
                af,
                plaatsen[gemeente],
                f"2026-0{1 + i % 6}-{1 + i % 27:02d}",
                vormen=(("seksueel",), ("arbeid",))[i % 2],
            )
    regio = plaatsen["gv"]
    van, tot, vandaag = date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1)
    ruw = kr_publicatie.ongeschoonde_regiocijfers(regio, van, tot, vandaag=vandaag)
    pub = publicatie(ruw, 5, kr_publicatie.publicatiecontext(regio, ruw.periode))
    gedrukt = pub.beschermen()
    namen = {s: repr(s) for s in pub.waarden}
    sommen = [(namen[r.totaal], [namen[d] for d in r.delen]) for r in pub.relaties]
    teksten = {namen[s]: gedrukt[s].tekst for s in pub.waarden}
    # Only the cells in a sum can be narrowed beyond what their own mark says.
    in_som = sorted({c for t, delen in sommen for c in (t, *delen)})
    intervallen = aanvaller(in_som, teksten, sommen, 5, ruis=0 if ruis == "uit" else None)
    verborgen = [c for c in in_som if teksten[c] in ("<5", "x")]
    assert verborgen  # Huizen's 3 and what protects it
    for s in pub.waarden:
        c = namen[s]
        if c in intervallen:
            assert intervallen[c][0] <= pub.waarden[s] <= intervallen[c][1], c
            if c in verborgen:
                assert not onthuld(intervallen[c], 5), (c, pub.waarden[s], intervallen[c])
    # The regiocijfers of the pages are these very cells.
    beschermde = kr_publicatie.regiocijfers(regio, van, tot, vandaag=vandaag)
    assert beschermde.signalen.totaal == gedrukt[("signalen", "totaal")]
