"""The privacy officer (issue 14, point 6): reads the access log (never the cases), exports it,
and sees a report of unusual access with thresholds they set."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mensenhandel.models import Afwijkingsdrempels, ToegangsLog

START = "/gegevensbescherming/"


def _regels(gebruiker, aantal: int, *, tijdstip=None, **velden) -> None:
    tijdstip = tijdstip or timezone.now()
    standaard = {
        "actie": ToegangsLog.Actie.BEKIJKEN,
        "uitkomst": ToegangsLog.Uitkomst.TOEGESTAAN,
        "object_type": "signalen.Signaal",
        "rol": gebruiker.rol.value,
    }
    ToegangsLog.objects.bulk_create(
        [
            ToegangsLog(gebruiker=gebruiker, tijdstip=tijdstip, **{**standaard, **velden})
            for _ in range(aantal)
        ]
    )


def _kantoortijd():
    """Noon today, Dutch time: inside office hours (on a weekday)."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()).replace(hour=12))


def test_het_rapport_noemt_wie_afwijkt_zonder_casusinhoud(client_als, gebruikers):
    af, ander, kr = gebruikers["af"], gebruikers["af_ander"], gebruikers["kr"]
    middag = _kantoortijd()
    _regels(af, 40, tijdstip=middag)  # far above the other AF
    _regels(ander, 5, tijdstip=middag)
    _regels(kr, 2, uitkomst=ToegangsLog.Uitkomst.GEWEIGERD, tijdstip=middag)
    _regels(ander, 3, actie=ToegangsLog.Actie.ZOEKEN, toelichting="zoeken: Kowalska", tijdstip=middag)
    nacht = middag.replace(hour=23)
    _regels(kr, 1, tijdstip=nacht)
    _regels(af, 1, actie=ToegangsLog.Actie.EXPORTEREN, getoond=["signalen.Signaal:1", "signalen.Signaal:2"])

    antwoord = client_als("fg").get(START)
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    veel = tekst.split("Gebruikers met veel inzagen")[1].split("</table>")[0]
    assert af.naam in veel and ander.naam not in veel
    geweigerd = tekst.split("Geweigerde toegang per gebruiker")[1].split("</table>")[0]
    assert kr.naam in geweigerd
    zoeken = tekst.split("Zoekopdrachten met vrije tekst per gebruiker")[1].split("</table>")[0]
    assert ander.naam in zoeken and ">3<" in zoeken
    assert "Kowalska" not in tekst  # the search text may be a name: not in the report
    buiten = tekst.split("Buiten kantoortijd per gebruiker")[1].split("</table>")[0]
    if timezone.localdate().isoweekday() < 6:  # on a weekend day every view is outside office hours
        assert kr.naam in buiten and af.naam not in buiten
    exports = tekst.split("Exports van persoonsgegevens")[1].split("</table>")[0]
    assert af.naam in exports
    assert ToegangsLog.objects.filter(scherm="fg:start", gebruiker=gebruikers["fg"]).exists()


def test_de_drempels_bepalen_het_rapport(client_als, gebruikers):
    fg = client_als("fg")
    middag = _kantoortijd()
    _regels(gebruikers["af"], 12, tijdstip=middag)
    _regels(gebruikers["af_ander"], 5, tijdstip=middag)
    veel = fg.get(START).content.decode().split("Gebruikers met veel inzagen")[1].split("</table>")[0]
    assert gebruikers["af"].naam not in veel  # below the default minimum of 30 a day
    fout = fg.post(
        "/gegevensbescherming/drempels/",
        {
            "factor": "0",
            "minimum_per_dag": "x",
            "kantoor_van": "19:00",
            "kantoor_tot": "07:00",
            "dagen": "400",
        },
    )
    assert fout.status_code == 400
    tekst = fout.content.decode()
    for melding in ("Kies een factor van minstens 1.", "Vul een aantal in.", "Kies hoogstens 366 dagen."):
        assert melding in tekst
    goed = fg.post(
        "/gegevensbescherming/drempels/",
        {
            "factor": "2",
            "minimum_per_dag": "10",
            "kantoor_van": "08:00",
            "kantoor_tot": "18:00",
            "dagen": "7",
        },
        follow=True,
    )
    assert "De drempels zijn opgeslagen" in goed.content.decode()
    drempels = Afwijkingsdrempels.objects.get()
    assert (drempels.minimum_per_dag, drempels.gewijzigd_door) == (10, gebruikers["fg"])
    veel = goed.content.decode().split("Gebruikers met veel inzagen")[1].split("</table>")[0]
    assert gebruikers["af"].naam in veel
    verkeerd = fg.post(
        "/gegevensbescherming/drempels/",
        {
            "factor": "2",
            "minimum_per_dag": "10",
            "kantoor_van": "18:00",
            "kantoor_tot": "08:00",
            "dagen": "7",
        },
    )
    assert verkeerd.status_code == 400
    assert "Het einde van de kantoortijd moet na het begin liggen." in verkeerd.content.decode()


def test_het_toegangslog_als_bestand(client_als, gebruikers):
    _regels(gebruikers["af"], 2, toelichting='=HYPERLINK("https://kwaad.example")')
    antwoord = client_als("fg").get("/gegevensbescherming/toegangslog.csv?actie=bekijken")
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    inhoud = b"".join(antwoord.streaming_content).decode("utf-8-sig")
    rijen = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
    assert rijen[0][:3] == ["tijdstip", "gebruiker", "e-mail"]
    waarden = [r for r in rijen[1:] if r[1] == gebruikers["af"].naam]
    assert len(waarden) == 2 and all(r[10].startswith("'=") for r in waarden)  # inert in a spreadsheet
    assert ToegangsLog.objects.filter(
        actie="exporteren", scherm="fg:export", gebruiker=gebruikers["fg"]
    ).exists()
    slecht = client_als("fg").get("/gegevensbescherming/toegangslog.csv?vanaf=gisteren", follow=True)
    assert "De filters kloppen niet" in slecht.content.decode()


def test_de_privacyfunctionaris_leest_de_toegangswijzigingen_maar_beslist_niet(
    client_als, gebruikers, plaatsen
):
    from mensenhandel.models import Rol
    from mensenhandel.toegangsbeheer import toegang_wijzigen

    toegang_wijzigen(
        door=gebruikers["fb"],
        gebruiker=gebruikers["zonder_rol"],
        rol=Rol.ZORGCOORDINATOR,
        regios=[plaatsen["gv"]],
    )
    tekst = client_als("fg").get("/beheerder/toegang/").content.decode()
    assert "Zorgcoördinator: Gooi en Vechtstreek" in tekst
    assert "Besluit vastleggen" not in tekst


def test_het_rapport_leest_een_vast_aantal_queries(client_als, gebruikers):
    fg = client_als("fg")
    fg.get(START)

    def tellen() -> int:
        with CaptureQueriesContext(connection) as vastgelegd:
            assert fg.get(START).status_code == 200
        return len(vastgelegd)

    weinig = tellen()
    for naam in ("af", "af_ander", "zc", "kr"):
        _regels(gebruikers[naam], 35, tijdstip=_kantoortijd() - timedelta(days=1))
        _regels(gebruikers[naam], 2, uitkomst=ToegangsLog.Uitkomst.GEWEIGERD)
        _regels(gebruikers[naam], 1, actie=ToegangsLog.Actie.EXPORTEREN)
    assert tellen() == weinig
