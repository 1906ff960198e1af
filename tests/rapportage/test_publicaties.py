"""The month's publications made ahead by the scheduled task (``rapportage.services.publicaties``):
the report due that month and the ketenregisseur's pages then only read them (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ketenregie.models import Maandpublicatie
from ketenregie.selectors import publicatie
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from rapportage import export, inhoud, tasks
from rapportage.models import Rapport
from rapportage.services.publicaties import publicaties_voorbereiden, voor_te_bereiden
from tests.conftest import nieuwe_maand
from tests.rapportage import proefgegevens as p
from tests.rapportage.hulp import aanvragen
from tests.rapportage.test_inhoud import AANTAL_QUERIES, AANTAL_QUERIES_BEWAARD

pytestmark = pytest.mark.django_db


@pytest.fixture
def proef(gebruikers, plaatsen, settings):
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = p.WACHTDAGEN
    return p.proef(gebruikers, plaatsen)


def _halfjaar(jaar: int, helft: int) -> Periode:
    return Periode.halfjaar(jaar, helft)


@pytest.mark.parametrize(
    ("vandaag", "verwacht"),
    [
        # The running half-year, then the previous one's report: its own period, the one it
        # compares with and the four half-years of its trend (two of which are those already).
        (date(2026, 12, 5), [(2026, 2), (2026, 1), (2025, 2), (2024, 2), (2025, 1)]),
        (date(2027, 1, 1), [(2027, 1), (2026, 2), (2026, 1), (2025, 1), (2025, 2)]),
        (date(2027, 7, 1), [(2027, 2), (2027, 1), (2026, 2), (2025, 2), (2026, 1)]),
    ],
)
def test_welke_perioden_worden_voorbereid(vandaag, verwacht):
    assert voor_te_bereiden(vandaag) == [_halfjaar(*h) for h in verwacht]


def _rapport_van_de_maand(gebruikers) -> Rapport:
    """The report the schedule makes this month: the previous half-year's."""
    vorige = Periode.halfjaar_van(timezone.localdate()).vorige_halfjaar()
    soort = "eerste_halfjaar" if vorige.helft == 1 else "tweede_halfjaar"
    return aanvragen(gebruikers["kr"], soort=soort, jaar=vorige.van.year)


def _verzamelen(rapport: Rapport) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        context = inhoud.verzamelen(Rapport.objects.select_related("regio").get(pk=rapport.pk))
    return len(queries) - 1, context  # less the report itself


def test_na_het_voorbereiden_leest_het_rapport_alleen_nog(gebruikers, proef):
    rapport = _rapport_van_de_maand(gebruikers)
    nieuwe_maand()
    regios = Regio.objects.count()
    assert regios >= 2
    assert publicaties_voorbereiden() == regios * 5
    assert Maandpublicatie.objects.filter(maand=timezone.localdate().replace(day=1)).count() == regios * 5
    aantal, _ = _verzamelen(rapport)
    assert aantal == AANTAL_QUERIES_BEWAARD
    # The dashboard's and the start page's period: read, not made.
    lopend = Periode.halfjaar_van(timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        publicatie.regiocijfers(rapport.regio, lopend.van, lopend.tot)
    assert len(queries) == 1


def test_een_tweede_keer_maakt_niets_en_kost_weinig(gebruikers, proef):
    nieuwe_maand()
    publicaties_voorbereiden()
    regios = Regio.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert publicaties_voorbereiden() == 0
    # the count before and after, the regio's, then one look per publication
    assert len(queries) == 3 + regios * 5


def test_het_rapport_is_hetzelfde_wie_de_publicaties_ook_maakte(gebruikers, proef):
    """Made ahead by the task or by the report itself: the very same figures."""
    rapport = _rapport_van_de_maand(gebruikers)
    nu = timezone.now()

    nieuwe_maand()
    aantal, zelf = _verzamelen(rapport)
    assert aantal == AANTAL_QUERIES  # the report made them
    nieuwe_maand()
    publicaties_voorbereiden()
    aantal, voorbereid = _verzamelen(rapport)
    assert aantal == AANTAL_QUERIES_BEWAARD
    assert export.csv_maken(voorbereid, nu=nu, pdf_sha256="0" * 64) == export.csv_maken(
        zelf, nu=nu, pdf_sha256="0" * 64
    )


def test_de_taak_maakt_ze(gebruikers, proef):
    nieuwe_maand()
    assert tasks.publicaties_voorbereiden.apply().get() == Regio.objects.count() * 5
    assert tasks.publicaties_voorbereiden.apply().get() == 0
