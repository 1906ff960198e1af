"""The access log read by people (issue 17, point 8): Dutch roles and actions, the record's reference
instead of a model label and uuid (resolved in bulk, one query per kind of record), the screen's
title, filters as choices, and an export as readable as the page."""

from __future__ import annotations

import csv
import io
import uuid
from types import SimpleNamespace

import pytest
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver
from django.utils import timezone

from mensenhandel import logweergave
from mensenhandel.logweergave import leesbaar_maken, schermtitel
from mensenhandel.models import ToegangsLog
from mensenhandel.services import toegang_loggen
from signalen.models import Signaal
from tests.conftest import PER_VERZOEK
from tests.rapportage.hulp import aanvragen
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory

PAGINA = "/beheerder/toegangslog/"
EXPORT = "/gegevensbescherming/toegangslog.csv"
# Screens a row names that are no URL: the nightly removal.
GEEN_URL = {"bewaartermijnen"}


def _url_namen(resolver: URLResolver, voor: str = "") -> list[str]:
    namen = []
    for patroon in resolver.url_patterns:
        if isinstance(patroon, URLResolver):
            namen += _url_namen(patroon, voor + (f"{patroon.namespace}:" if patroon.namespace else ""))
        elif isinstance(patroon, URLPattern) and patroon.name:
            namen.append(voor + patroon.name)
    return namen


def test_elk_scherm_heeft_een_titel_en_elke_titel_een_scherm():
    """A new URL without a title would show its raw name in the log: name it in the app's
    ``logweergave``. The admin's screens read as technical beheer."""
    namen = {n for n in _url_namen(get_resolver()) if not n.startswith("admin:")}
    titels = logweergave._schermen()
    assert sorted(namen - set(titels)) == []
    assert sorted(set(titels) - namen - GEEN_URL) == []
    assert schermtitel("signalen:detail") == "Signaal"
    assert schermtitel("admin:mensenhandel_gebruiker_change").startswith("Technisch beheer")
    assert schermtitel("/een/pad/") == "/een/pad/"  # unknown: as stored


def _regel(gebruiker, object_type="", object_id="", scherm="", actie="bekijken"):
    return toegang_loggen(
        request=None,
        gebruiker=gebruiker,
        actie=actie,
        object_type=object_type,
        object_id=str(object_id),
        scherm=scherm,
    )


@pytest.fixture
def gegevens(gebruikers, plaatsen):
    """One record of several kinds, each in a log row, and rows whose record is gone or never was."""
    af, zc, kr = gebruikers["af"], gebruikers["zc"], gebruikers["kr"]
    signaal = SignaalFactory(door=af)
    vernietigd = SignaalFactory(door=af)
    Signaal.objects.filter(pk=vernietigd.pk).update(vernietigd_op=timezone.now())
    traject = TrajectFactory(door=zc)
    rapport = aanvragen(kr)
    rijen = {
        "signaal": _regel(af, "signalen.Signaal", signaal.uuid, "signalen:detail"),
        "kleine letters": _regel(af, "signalen.signaal", signaal.uuid, "bewaartermijnen"),
        "vernietigd": _regel(af, "signalen.Signaal", vernietigd.uuid, "signalen:detail"),
        "gewist": _regel(af, "signalen.Signaal", uuid.uuid4(), "signalen:detail"),
        "geen uuid": _regel(af, "signalen.Signaal", "1", "signalen:detail"),
        "client": _regel(
            zc, "zorgcoordinatie.Client", traject.client.uuid, "zorgcoordinatie:client_bewerken"
        ),
        "traject": _regel(zc, "zorgcoordinatie.Traject", traject.uuid, "zorgcoordinatie:traject"),
        "rapport": _regel(kr, "rapportage.Rapport", rapport.uuid, "rapportage:downloaden", "exporteren"),
        "gebruiker": _regel(gebruikers["fb"], "mensenhandel.Gebruiker", zc.pk, "beheerder:start", "beheer"),
        "onbekend": _regel(None, "x.Y", "7", "/ergens/"),
        "zonder id": _regel(gebruikers["fg"], "mensenhandel.ToegangsLog", "", "fg:start"),
    }
    return SimpleNamespace(
        signaal=signaal, vernietigd=vernietigd, traject=traject, rapport=rapport, rijen=rijen
    )


def test_verwijzingen_komen_per_soort_in_een_keer(gegevens, gebruikers, django_assert_num_queries):
    regels, rij = list(gegevens.rijen.values()), gegevens.rijen
    # Signaal, Client, Traject, Rapport, Gebruiker: one query each, whatever the number of rows;
    # the ToegangsLog row has no id and "x.Y" is no kind anyone declared.
    with django_assert_num_queries(5):
        leesbaar_maken(regels)
    signaal, traject, rapport = gegevens.signaal, gegevens.traject, gegevens.rapport
    assert rij["signaal"].gegeven_tekst == f"Signaal {signaal.referentie}"
    assert rij["kleine letters"].gegeven_tekst == f"Signaal {signaal.referentie}"
    assert rij["vernietigd"].gegeven_tekst == f"Signaal {gegevens.vernietigd.referentie} (vernietigd)"
    assert rij["gewist"].gegeven_tekst == "Signaal (bestaat niet meer)"
    assert rij["geen uuid"].gegeven_tekst == "Signaal (bestaat niet meer)"
    assert rij["client"].gegeven_tekst == f"Cliënt {traject.client.dossiernummer}"
    assert rij["traject"].gegeven_tekst == f"Traject van {traject.client.dossiernummer}"
    assert rij["rapport"].gegeven_tekst == (
        f"Halfjaarrapportage {rapport.regio.naam}, eerste halfjaar 2025, versie 1"
    )
    assert rij["gebruiker"].gegeven_tekst == f"Gebruiker {gebruikers['zc'].naam}"
    assert rij["onbekend"].gegeven_tekst == "x.Y 7"
    assert rij["zonder id"].gegeven_tekst == "Toegangslog"
    assert (rij["signaal"].rol_tekst, rij["client"].rol_tekst) == (
        "Aandachtsfunctionaris",
        "Zorgcoördinator",
    )
    assert rij["onbekend"].rol_tekst == ""
    assert rij["kleine letters"].scherm_titel == "Vernietiging na de bewaartermijn (nachtelijke taak)"
    assert rij["client"].scherm_titel == "Cliëntgegevens wijzigen"
    assert rij["onbekend"].scherm_titel == "/ergens/"


def test_de_pagina_is_leesbaar_en_het_aantal_queries_blijft_begrensd(
    gegevens, client_als, django_assert_max_num_queries
):
    client = client_als("fb")
    # PER_VERZOEK, the count, one page of rows joined to their users, the user list of the
    # filter, the log's own insert, and one query per kind of record on the page: Signaal,
    # Client, Traject, Rapport, Gebruiker.
    with django_assert_max_num_queries(PER_VERZOEK + 4 + 5):
        antwoord = client.get(PAGINA)
    tekst = antwoord.content.decode()
    signaal, traject = gegevens.signaal, gegevens.traject
    assert antwoord.status_code == 200
    for verwacht in [
        f">Signaal {signaal.referentie}</a>",
        f">Cliënt {traject.client.dossiernummer}</a>",
        "Signaal (bestaat niet meer)",
        "<td>Aandachtsfunctionaris</td>",
        "<td>Cliëntgegevens wijzigen</td>",
        "<td>Rapportage downloaden (PDF)</td>",
        "<td>Beheerhandeling</td>",
    ]:
        assert verwacht in tekst, verwacht
    # No model label with a uuid, no URL name, no role code where people read.
    assert f"signalen.Signaal {signaal.uuid}" not in tekst
    assert "<td>signalen:detail</td>" not in tekst and "<td>aandachtsfunctionaris</td>" not in tekst
    # A reference leads to every row about that record; a functioneel beheerder is offered no export.
    assert f'href="?object_type=signalen.Signaal&amp;object_id={signaal.uuid}"' in tekst
    assert "Exporteren (CSV)" not in tekst
    volgende = client.get(PAGINA, {"object_type": "signalen.Signaal", "object_id": str(signaal.uuid)})
    rijen = volgende.content.decode().split("<tbody>")[1]
    # Both spellings of the kind: the view's row and the retention code's.
    assert rijen.count(f">Signaal {signaal.referentie}</a>") == 2
    assert traject.client.dossiernummer not in rijen
    laatste = ToegangsLog.objects.first()
    assert laatste.toelichting == f"filters: object_type=signalen.Signaal, object_id={signaal.uuid}"


def test_filters_als_keuzes(gegevens, gebruikers, client_als):
    client = client_als("fg")

    def rijen(**filters) -> str:
        antwoord = client.get(PAGINA, filters)
        assert antwoord.status_code == 200
        return antwoord.content.decode().split("<tbody>")[1]

    zc = rijen(rol="zorgcoordinator")
    assert "Traject van" in zc and "Signaal " not in zc
    kr = rijen(gebruiker=str(gebruikers["kr"].pk), actie="exporteren")
    assert "Halfjaarrapportage" in kr and "Cliënt" not in kr
    soort = rijen(object_type="zorgcoordinatie.Traject")
    assert soort.count("<tr>") == 1 and "Traject van" in soort
    vandaag = timezone.localdate().isoformat()
    assert "Traject van" in rijen(vanaf=vandaag, tot_en_met=vandaag)
    assert "Geen regels gevonden" in rijen(tot_en_met="2020-01-01")
    # The privacy officer gets the export with the page's filters.
    pagina = client.get(PAGINA, {"rol": "zorgcoordinator", "pagina": "1"}).content.decode()
    assert f'href="{EXPORT}?rol=zorgcoordinator">Exporteren (CSV)</a>' in pagina


@pytest.mark.parametrize(
    ("filters", "fout", "bewaard"),
    [
        (
            {"rol": "directeur", "actie": "bekijken"},
            "Kies een rol uit de lijst.",
            'value="bekijken" selected',
        ),
        ({"object_type": "abc", "object_id": "xyz"}, "Kies een soort gegeven uit de lijst.", 'value="xyz"'),
        (
            {"gebruiker": "999999", "vanaf": "2026-01-01"},
            "Kies een gebruiker uit de lijst.",
            'value="2026-01-01"',
        ),
        (
            {"actie": "<script>", "uitkomst": "geweigerd"},
            "Kies een actie uit de lijst.",
            'value="geweigerd" selected',
        ),
        (
            {"vanaf": "2026-02-30", "rol": "ketenregisseur"},
            "Vul een geldige datum in",
            'value="ketenregisseur" selected',
        ),
        (
            {"vanaf": "2026-05-01", "tot_en_met": "2026-04-01"},
            "De einddatum ligt vóór de begindatum.",
            'value="2026-05-01"',
        ),
        ({"object_id": "x" * 65}, "Een id is hoogstens 64 tekens.", 'value="' + "x" * 65),
    ],
)
def test_foute_filters_geven_een_duidelijke_fout_en_houden_de_invoer(
    gegevens, client_als, filters, fout, bewaard
):
    antwoord = client_als("fg").get(PAGINA, filters)
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Controleer het formulier." in tekst and fout in tekst
    assert bewaard in tekst
    assert "Geen regels gevonden voor deze filters." in tekst
    assert "Exporteren (CSV)" not in tekst  # no export of filters that do not hold
    assert ToegangsLog.objects.first().toelichting == "filters ongeldig"


def test_de_export_is_even_leesbaar_met_de_ruwe_ids_erbij(
    gegevens, gebruikers, client_als, django_assert_max_num_queries
):
    client = client_als("fg")
    antwoord = client.get(EXPORT, {"rol": "aandachtsfunctionaris", "object_type": "signalen.Signaal"})
    # PER_VERZOEK, the user of the filter, the export's own log row, the rows (one batch), and one
    # query for the signals' references.
    with django_assert_max_num_queries(PER_VERZOEK + 4):
        inhoud = b"".join(antwoord.streaming_content).decode("utf-8-sig")
    rijen = list(csv.DictReader(io.StringIO(inhoud), delimiter=";"))
    signaal = gegevens.signaal
    assert {r["gegeven"] for r in rijen} == {
        f"Signaal {signaal.referentie}",
        f"Signaal {gegevens.vernietigd.referentie} (vernietigd)",
        "Signaal (bestaat niet meer)",
    }
    eerste = next(r for r in rijen if r["scherm (code)"] == "signalen:detail")
    assert (eerste["rol"], eerste["actie"], eerste["uitkomst"]) == (
        "Aandachtsfunctionaris",
        "Bekijken",
        "Toegestaan",
    )
    assert (eerste["rol (code)"], eerste["actie (code)"], eerste["scherm"]) == (
        "aandachtsfunctionaris",
        "bekijken",
        "Signaal",
    )
    assert eerste["soort gegeven"] == "Signaal" and eerste["soort gegeven (code)"] == "signalen.Signaal"
    assert eerste["id van het gegeven"] == str(signaal.uuid)
    assert eerste["gebruiker-id"] == str(gebruikers["af"].pk)
    # The export itself is in the log, with its filters.
    regel = ToegangsLog.objects.get(actie="exporteren", scherm="fg:export")
    assert regel.gebruiker == gebruikers["fg"]
    assert regel.toelichting == (
        "toegangslog als bestand filters: rol=aandachtsfunctionaris, object_type=signalen.Signaal"
    )


def test_een_export_met_foute_filters_toont_de_fout_bij_het_filter(client_als, gebruikers):
    antwoord = client_als("fg").get(EXPORT, {"object_type": "abc", "rol": "zorgcoordinator"}, follow=True)
    tekst = antwoord.content.decode()
    assert antwoord.redirect_chain[0][0] == f"{PAGINA}?object_type=abc&rol=zorgcoordinator"
    assert "De filters kloppen niet" in tekst and "Kies een soort gegeven uit de lijst." in tekst
    assert 'value="zorgcoordinator" selected' in tekst
    assert not ToegangsLog.objects.filter(actie="exporteren").exists()
