"""The Celery tasks in the process: idempotence, failures, the periodic check and the schedule.

The tasks run with ``apply()`` (in this process, as a worker would run them, retries
included); ``test_werker.py`` runs them in real worker processes on Redis.
"""

from __future__ import annotations

import copy
import hashlib
import os
import time
from datetime import UTC, date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from billiard.exceptions import SoftTimeLimitExceeded
from celery.schedules import crontab
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from mensenhandel.celery import app
from rapportage import export, opslag, pdf, tasks
from rapportage.models import Rapport, Status
from rapportage.services import werk
from tests.rapportage.hulp import KLEINE_PDF, aanvragen

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def maken(rapport: Rapport) -> str:
    uitkomst = tasks.rapport_maken.apply(args=[rapport.pk]).get()
    rapport.refresh_from_db()
    return uitkomst


def bestanden(map_) -> list[str]:
    return sorted(p.name for p in map_.iterdir()) if map_.exists() else []


@pytest.fixture
def zonder_weasyprint(monkeypatch) -> None:
    """A stand-in for WeasyPrint's rendering (about 2 s a report) where these tests are about
    the task: its steps, files, checksums and status, not the PDF's pages. The HTML is still
    made from the gathering; its hash is in the stand-in, so two renders of other HTML differ.
    ``test_maken_schrijft_een_pdf_met_controlesom``, ``test_twee_keer_draaien_…``,
    ``test_voortgang_in_stappen``, ``tests/rapportage/test_pdf.py``, the real-worker tests and
    the browser test make real PDFs."""
    monkeypatch.setattr(
        pdf, "html_naar_pdf", lambda html: KLEINE_PDF + hashlib.sha256(html.encode()).hexdigest().encode()
    )


def alle_drie(rapport: Rapport) -> list[str]:
    """The names of a finished report's files: its figures and its PDF."""
    return sorted(f"{rapport.uuid}.{extensie}" for extensie in ("pdf", "csv", "xlsx"))


# --- Making a report ------------------------------------------------------------------------------


def test_maken_schrijft_een_pdf_met_controlesom(gebruikers, rapportenmap):
    rapport = aanvragen(gebruikers["kr"])
    assert maken(rapport) == "klaar"

    assert rapport.status == Status.KLAAR and rapport.voortgang == 100
    assert rapport.bestand == f"{rapport.uuid}.pdf"
    inhoud = (rapportenmap / rapport.bestand).read_bytes()
    assert inhoud.startswith(b"%PDF-1.7")
    assert rapport.sha256 == opslag.sha256_van(inhoud)
    assert rapport.grootte == len(inhoud)
    assert rapport.pogingen == 1 and rapport.gestart_op <= rapport.klaar_op
    assert bestanden(rapportenmap) == alle_drie(rapport)
    # The figures beside it, from the same gathering, each with its own checksum.
    csv_inhoud = (rapportenmap / f"{rapport.uuid}.csv").read_bytes()
    xlsx_inhoud = (rapportenmap / f"{rapport.uuid}.xlsx").read_bytes()
    assert csv_inhoud.startswith(b"\xef\xbb\xbfHalfjaarrapportage aanpak mensenhandel: cijfers")
    assert xlsx_inhoud.startswith(b"PK")
    assert (rapport.csv_grootte, rapport.csv_sha256) == (len(csv_inhoud), opslag.sha256_van(csv_inhoud))
    assert (rapport.xlsx_grootte, rapport.xlsx_sha256) == (len(xlsx_inhoud), opslag.sha256_van(xlsx_inhoud))
    assert rapport.heeft_cijfers
    # The PDF's checksum is named in the figures' explanation.
    assert f"Controlesom van de PDF (SHA-256);{rapport.sha256}".encode() in csv_inhoud
    for naam in alle_drie(rapport):
        assert oct((rapportenmap / naam).stat().st_mode & 0o777) == "0o640"
    # Nowhere under a public folder.
    for publiek in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not str(rapportenmap).startswith(str(publiek))


def test_twee_keer_draaien_geeft_een_bestand_met_dezelfde_controlesom(gebruikers, rapportenmap):
    rapport = aanvragen(gebruikers["kr"])
    maken(rapport)
    checksum, gewijzigd = rapport.sha256, (rapportenmap / rapport.bestand).stat().st_mtime_ns

    with mock.patch.object(pdf, "html_naar_pdf", wraps=pdf.html_naar_pdf) as renderen:
        assert maken(rapport) == "niets te doen"
    renderen.assert_not_called()
    assert rapport.sha256 == checksum and rapport.pogingen == 1
    assert bestanden(rapportenmap) == alle_drie(rapport)
    assert (rapportenmap / rapport.bestand).stat().st_mtime_ns == gewijzigd


def test_een_opnieuw_afgeleverde_taak_maakt_een_rapportage_die_bezig_bleef_af(
    gebruikers, rapportenmap, zonder_weasyprint
):
    """A worker died after taking the report up: the redelivered task finds it "bezig"."""
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, pogingen=1, voortgang=40, gestart_op=timezone.now() - timedelta(seconds=30)
    )
    assert maken(rapport) == "klaar"
    assert rapport.pogingen == 2
    assert bestanden(rapportenmap) == alle_drie(rapport)


def test_twee_afleveringen_tegelijk_laten_een_bestand_en_een_kloppende_controlesom(
    gebruikers, rapportenmap, zonder_weasyprint
):
    """The second delivery renders too, but finds the report klaar when it wants to store."""
    rapport = aanvragen(gebruikers["kr"])
    origineel = pdf.html_naar_pdf

    def tweede_aflevering_tussendoor(html: str) -> bytes:
        # While this run renders, another delivery of the same task finishes the report.
        if not getattr(tweede_aflevering_tussendoor, "gedaan", False):
            tweede_aflevering_tussendoor.gedaan = True
            Rapport.objects.filter(pk=rapport.pk).update(status=Status.BEZIG)
            assert tasks.rapport_maken.apply(args=[rapport.pk]).get() == "klaar"
        return origineel(html) + b"\n% andere render\n"

    with mock.patch.object(pdf, "html_naar_pdf", side_effect=tweede_aflevering_tussendoor):
        assert maken(rapport) == "vervallen"
    assert bestanden(rapportenmap) == alle_drie(rapport)
    assert opslag.controleren(rapport.bestand, rapport.sha256)


def test_voortgang_in_stappen(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    gezien = []
    origineel = tasks._voortgang

    def noteren(rapport_id: int, procent: int) -> None:
        gezien.append(procent)
        origineel(rapport_id, procent)

    with mock.patch.object(tasks, "_voortgang", side_effect=noteren):
        maken(rapport)
    assert gezien == sorted(gezien) and len(gezien) >= 4 and gezien[-1] < 100
    assert rapport.voortgang == 100


def test_een_verwijderde_rapportage_wordt_niet_gemaakt(gebruikers, rapportenmap):
    rapport = aanvragen(gebruikers["kr"])
    pk = rapport.pk
    Rapport.objects.filter(pk=pk).delete()
    assert tasks.rapport_maken.apply(args=[pk]).get() == "niets te doen"
    assert bestanden(rapportenmap) == []


def test_verwijderd_tijdens_het_maken_laat_geen_bestand_achter(gebruikers, rapportenmap, zonder_weasyprint):
    rapport = aanvragen(gebruikers["kr"])
    origineel = pdf.html_naar_pdf

    def verwijderen_tussendoor(html: str) -> bytes:
        Rapport.objects.filter(pk=rapport.pk).delete()
        return origineel(html)

    with mock.patch.object(pdf, "html_naar_pdf", side_effect=verwijderen_tussendoor):
        assert tasks.rapport_maken.apply(args=[rapport.pk]).get() == "vervallen"
    assert bestanden(rapportenmap) == []


class Gedood(BaseException):
    """Stands in for a SIGKILL: nothing in the task catches it, nothing after it runs."""


def test_gedood_tussen_twee_bestanden_laat_na_herlevering_kloppende_bestanden(
    gebruikers, rapportenmap, zonder_weasyprint
):
    """Killed after the PDF was moved into place and before the figures were: nothing was
    committed, and the redelivered task replaces every file, so the checksums stored at
    "klaar" belong to the files in place."""
    rapport = aanvragen(gebruikers["kr"])
    echt = opslag.plaatsen
    geplaatst: list[str] = []

    def plaatsen(tijdelijk, naam):  # type: ignore[no-untyped-def]
        if geplaatst:
            raise Gedood
        echt(tijdelijk, naam)
        geplaatst.append(naam)

    with mock.patch.object(opslag, "plaatsen", side_effect=plaatsen), pytest.raises(Gedood):
        tasks.rapport_maken(rapport.pk)
    rapport.refresh_from_db()
    assert rapport.status == Status.BEZIG and not rapport.sha256 and not rapport.csv_sha256
    assert geplaatst == [f"{rapport.uuid}.pdf"]

    assert maken(rapport) == "klaar"
    assert rapport.pogingen == 2
    assert [b.soort for b in rapport.bestanden()] == ["pdf", "csv", "xlsx"]
    assert all(opslag.controleren(b.naam, b.sha256) for b in rapport.bestanden())
    assert bestanden(rapportenmap) == alle_drie(rapport)


def test_cijfers_die_niet_te_maken_zijn_laten_de_pdf_klaar(
    gebruikers, rapportenmap, caplog, zonder_weasyprint
):
    """The PDF is what the bestuurlijk overleg needs: a fault in the export does not cost it."""
    rapport = aanvragen(gebruikers["kr"])
    with mock.patch("rapportage.export.xlsx_maken", side_effect=export.OnbekendOnderdeel("nieuw")):
        assert maken(rapport) == "klaar"
    assert rapport.status == Status.KLAAR and opslag.controleren(rapport.bestand, rapport.sha256)
    assert not rapport.heeft_cijfers
    assert (rapport.csv_grootte, rapport.csv_sha256, rapport.xlsx_grootte, rapport.xlsx_sha256) == (
        None,
        "",
        None,
        "",
    )
    assert [b.soort for b in rapport.bestanden()] == ["pdf"]
    assert bestanden(rapportenmap) == [f"{rapport.uuid}.pdf"]
    assert "rapportage cijfers niet te maken" in caplog.text


def test_cijfers_van_een_eerdere_poging_blijven_niet_naast_een_pdf_zonder_cijfers(
    gebruikers, rapportenmap, zonder_weasyprint
):
    rapport = aanvragen(gebruikers["kr"])
    rapportenmap.mkdir(parents=True, exist_ok=True)
    for extensie in ("csv", "xlsx"):  # placed by an attempt that was killed before "klaar"
        (rapportenmap / f"{rapport.uuid}.{extensie}").write_bytes(b"van een eerdere poging")
    with mock.patch("rapportage.export.csv_maken", side_effect=ValueError("kapot")):
        assert maken(rapport) == "klaar"
    assert bestanden(rapportenmap) == [f"{rapport.uuid}.pdf"]


def test_een_fout_bij_het_plaatsen_laat_mislukt_en_geen_tijdelijke_bestanden(
    gebruikers, rapportenmap, zonder_weasyprint
):
    rapport = aanvragen(gebruikers["kr"])
    with mock.patch.object(opslag, "plaatsen", side_effect=PermissionError("alleen lezen")):
        assert maken(rapport) == "mislukt"
    assert rapport.status == Status.MISLUKT and "PermissionError: alleen lezen" in rapport.foutmelding
    assert bestanden(rapportenmap) == []


# --- Failures ------------------------------------------------------------------------------------


def test_een_mislukte_pdf_laat_mislukt_met_een_leesbare_melding(gebruikers, rapportenmap):
    rapport = aanvragen(gebruikers["kr"])
    with mock.patch.object(
        pdf, "html_naar_pdf", side_effect=pdf.PDFFout("De opmaak kon niet worden geladen.")
    ):
        assert maken(rapport) == "mislukt"
    assert rapport.status == Status.MISLUKT
    assert rapport.foutmelding == "Het maken van de PDF is mislukt. De opmaak kon niet worden geladen."
    assert not rapport.bestand and not rapport.sha256
    assert bestanden(rapportenmap) == []


def test_een_fout_in_de_applicatie_laat_mislukt_met_de_technische_melding(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    with mock.patch("rapportage.inhoud.verzamelen", side_effect=KeyError("regio")):
        assert maken(rapport) == "mislukt"
    assert rapport.status == Status.MISLUKT
    assert rapport.foutmelding.startswith(
        "Het maken van de rapportage is mislukt door een fout in de applicatie."
    )
    assert "KeyError: 'regio'" in rapport.foutmelding


def test_de_zachte_tijdslimiet_laat_mislukt(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    with mock.patch("rapportage.inhoud.verzamelen", side_effect=SoftTimeLimitExceeded()):
        assert maken(rapport) == "mislukt"
    assert rapport.foutmelding == tasks.FOUT_TE_LANG


@pytest.fixture
def herhalen_in_het_proces():
    """Let ``apply()`` retry in this process as a worker would, instead of raising ``Retry``
    (which it does while eager errors propagate, the setting without a broker)."""
    vorige = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = vorige


def test_een_tijdelijke_fout_wordt_opnieuw_geprobeerd(
    gebruikers, rapportenmap, herhalen_in_het_proces, zonder_weasyprint
):
    rapport = aanvragen(gebruikers["kr"])
    from rapportage import inhoud

    echte = inhoud.verzamelen
    with mock.patch(
        "rapportage.inhoud.verzamelen", side_effect=[OperationalError("verbinding weg"), echte(rapport)]
    ) as verzamelen:
        assert maken(rapport) == "klaar"
    assert verzamelen.call_count == 2
    assert bestanden(rapportenmap) == alle_drie(rapport)


def test_een_tijdelijke_fout_die_blijft_eindigt_in_mislukt(gebruikers, herhalen_in_het_proces):
    rapport = aanvragen(gebruikers["kr"])
    with (
        mock.patch(
            "rapportage.inhoud.verzamelen", side_effect=OperationalError("verbinding weg")
        ) as verzamelen,
        pytest.raises(OperationalError),
    ):
        tasks.rapport_maken.apply(args=[rapport.pk]).get()
    assert verzamelen.call_count == tasks.MAX_HERHALINGEN + 1
    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT and rapport.foutmelding == tasks.FOUT_TIJDELIJK


def test_na_te_veel_pogingen_geeft_de_taak_het_op(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(status=Status.BEZIG, pogingen=werk.MAX_POGINGEN)
    assert maken(rapport) == "niets te doen"
    assert rapport.status == Status.MISLUKT
    assert f"{werk.MAX_POGINGEN} keer begonnen" in rapport.foutmelding


def test_taakinstellingen():
    taak = tasks.rapport_maken
    assert taak.acks_late and taak.reject_on_worker_lost
    assert taak.max_retries == tasks.MAX_HERHALINGEN and taak.retry_backoff
    assert OperationalError in taak.autoretry_for and ConnectionError in taak.autoretry_for
    assert (taak.soft_time_limit, taak.time_limit) == (
        settings.RAPPORTAGE_ZACHTE_TIJDSLIMIET,
        settings.RAPPORTAGE_TIJDSLIMIET,
    )


def test_tijdslimieten_blijven_onder_de_visibility_timeout_van_de_broker():
    zichtbaarheid = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.RAPPORTAGE_ZACHTE_TIJDSLIMIET < settings.RAPPORTAGE_TIJDSLIMIET < zichtbaarheid
    # Even a report that runs into the hard limit and is then retried at the longest backoff
    # is not delivered twice while a worker still holds it.
    assert tasks.rapport_maken.time_limit < zichtbaarheid
    assert app.conf.broker_transport_options["visibility_timeout"] == zichtbaarheid
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


# --- The periodic check ---------------------------------------------------------------------------


def test_vastgelopen_bezig_wordt_mislukt_en_toch_afgemaakt_als_de_taak_terugkomt(
    gebruikers, rapportenmap, zonder_weasyprint
):
    rapport = aanvragen(gebruikers["kr"])
    lang_geleden = timezone.now() - timedelta(seconds=settings.RAPPORTAGE_TIJDSLIMIET + 120)
    Rapport.objects.filter(pk=rapport.pk).update(status=Status.BEZIG, pogingen=1, gestart_op=lang_geleden)
    recent = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=recent.pk).update(status=Status.BEZIG, pogingen=1, gestart_op=timezone.now())

    uitkomst = tasks.vastgelopen_rapporten_herstellen.apply().get()

    rapport.refresh_from_db()
    recent.refresh_from_db()
    assert uitkomst["vastgelopen"] == 1
    assert rapport.status == Status.MISLUKT and rapport.foutmelding == werk.FOUT_VASTGELOPEN
    assert recent.status == Status.BEZIG
    # The killed worker's message comes back after the broker's visibility timeout.
    assert maken(rapport) == "klaar"
    assert bestanden(rapportenmap) == alle_drie(rapport)


def test_een_mislukte_pdf_wordt_niet_door_een_late_aflevering_overschreven(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(status=Status.MISLUKT, foutmelding="PDF kapot")
    assert maken(rapport) == "niets te doen"
    assert rapport.status == Status.MISLUKT and rapport.foutmelding == "PDF kapot"


def test_blijven_hangen_in_aangevraagd_wordt_opnieuw_verstuurd(
    gebruikers, django_capture_on_commit_callbacks
):
    oud = aanvragen(gebruikers["kr"])
    nieuw = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=oud.pk).update(verstuurd_op=timezone.now() - timedelta(minutes=10))

    with (
        mock.patch("rapportage.tasks.rapport_maken.delay") as versturen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        uitkomst = tasks.vastgelopen_rapporten_herstellen.apply().get()

    assert uitkomst["opnieuw_verstuurd"] == 1
    versturen.assert_called_once_with(oud.pk)
    oud.refresh_from_db()
    nieuw.refresh_from_db()
    assert oud.keer_verstuurd == 2 and oud.verstuurd_op > timezone.now() - timedelta(minutes=1)
    assert nieuw.keer_verstuurd == 1


def test_na_te_vaak_versturen_wordt_het_opgegeven(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(
        verstuurd_op=timezone.now() - timedelta(hours=2), keer_verstuurd=werk.MAX_KEER_VERSTUURD
    )
    with mock.patch("rapportage.tasks.rapport_maken.delay") as versturen:
        tasks.vastgelopen_rapporten_herstellen.apply().get()
    versturen.assert_not_called()
    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT and rapport.foutmelding == werk.FOUT_NIET_GESTART


def test_oude_tijdelijke_bestanden_worden_opgeruimd(rapportenmap):
    rapportenmap.mkdir(parents=True)
    oud = rapportenmap / ".abc.pdf.123.tmp"
    vers = rapportenmap / ".def.pdf.456.tmp"
    blijft = rapportenmap / "abc.pdf"
    for pad in (oud, vers, blijft):
        pad.write_bytes(b"x")
    lang_geleden = time.time() - settings.RAPPORTAGE_TIJDSLIMIET - 3600
    os.utime(oud, (lang_geleden, lang_geleden))
    os.utime(blijft, (lang_geleden, lang_geleden))
    tasks.vastgelopen_rapporten_herstellen.apply().get()
    assert bestanden(rapportenmap) == sorted([vers.name, blijft.name])


# --- The schedule ----------------------------------------------------------------------------------


def test_schema_in_celery_beat():
    schema = settings.CELERY_BEAT_SCHEDULE
    assert (
        schema["rapportage-vastgelopen-herstellen"]["task"]
        == "rapportage.tasks.vastgelopen_rapporten_herstellen"
    )
    assert schema["rapportage-vastgelopen-herstellen"]["schedule"] <= 600
    halfjaar = schema["rapportage-halfjaar"]
    assert halfjaar["task"] == "rapportage.tasks.halfjaarrapporten_maken"
    cron = halfjaar["schedule"]
    assert isinstance(cron, crontab)
    assert (cron.minute, cron.hour, cron.day_of_month, cron.month_of_year) == ({0}, {6}, {1}, {1, 7})
    for taak in (schema["rapportage-vastgelopen-herstellen"]["task"], halfjaar["task"]):
        assert taak in app.tasks


@pytest.mark.parametrize(
    ("nu", "volgende"),
    [
        # 06:00 in Amsterdam: 04:00 UTC in summer time, 05:00 UTC in winter time.
        (datetime(2026, 6, 30, 12, 0, tzinfo=AMSTERDAM), datetime(2026, 7, 1, 4, 0, tzinfo=UTC)),
        (datetime(2026, 7, 1, 6, 30, tzinfo=AMSTERDAM), datetime(2027, 1, 1, 5, 0, tzinfo=UTC)),
        (datetime(2026, 12, 31, 23, 59, tzinfo=AMSTERDAM), datetime(2027, 1, 1, 5, 0, tzinfo=UTC)),
    ],
)
def test_schema_loopt_in_de_tijdzone_van_amsterdam(nu, volgende):
    # Bound to the app as beat binds it (ScheduleEntry), with "now" fixed for the test.
    cron = copy.copy(settings.CELERY_BEAT_SCHEDULE["rapportage-halfjaar"]["schedule"])
    cron.app = app
    cron.nowfun = lambda: nu
    assert app.conf.timezone == "Europe/Amsterdam" and cron.tz == AMSTERDAM
    # The estimate is a span of real time, from "now".
    assert nu.astimezone(UTC) + cron.remaining_estimate(nu) == volgende


@pytest.mark.parametrize(
    ("dag", "van", "tot"),
    [
        (date(2027, 1, 1), date(2026, 7, 1), date(2026, 12, 31)),
        (date(2026, 7, 1), date(2026, 1, 1), date(2026, 6, 30)),
    ],
)
def test_halfjaartaak_maakt_een_rapportage_per_regio(
    plaatsen, dag, van, tot, django_capture_on_commit_callbacks
):
    with (
        mock.patch("rapportage.tasks.timezone.localdate", return_value=dag),
        mock.patch("rapportage.services.timezone.localdate", return_value=dag),
        mock.patch("rapportage.tasks.rapport_maken.delay") as versturen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ids = tasks.halfjaarrapporten_maken.apply().get()
        # Beat firing twice (or the task delivered twice) asks for nothing more.
        assert tasks.halfjaarrapporten_maken.apply().get() == ids

    rapporten = Rapport.objects.order_by("regio__naam")
    assert [r.regio for r in rapporten] == [plaatsen["fr"], plaatsen["gv"]]
    for rapport in rapporten:
        assert (rapport.van, rapport.tot, rapport.versie) == (van, tot, 1)
        assert rapport.automatisch and rapport.aangevraagd_door is None
    assert sorted(ids) == sorted(r.pk for r in rapporten)
    assert sorted(c.args[0] for c in versturen.call_args_list) == sorted(ids)
