"""The Celery tasks in the process: idempotence, failures, the periodic check and the schedule.

The tasks run with ``apply()`` (in this process, as a worker would run them, retries
included); ``test_werker.py`` runs them in real worker processes on Redis.
"""

from __future__ import annotations

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
    """A pool process died after taking the report up: its own message, delivered again
    (the same task id), finds the report "bezig" under that id and makes it."""
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG,
        pogingen=1,
        voortgang=40,
        taak_id="taak-1",
        gestart_op=timezone.now() - timedelta(seconds=30),
    )
    assert tasks.rapport_maken.apply(args=[rapport.pk], task_id="taak-1").get() == "klaar"
    rapport.refresh_from_db()
    assert rapport.pogingen == 2 and rapport.status == Status.KLAAR
    assert bestanden(rapportenmap) == alle_drie(rapport)


def test_een_andere_aflevering_laat_een_rapportage_die_gemaakt_wordt_met_rust(gebruikers, rapportenmap):
    """A resend or another message for the same report, while one delivery makes it, does
    nothing: the report is made once."""
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, pogingen=1, voortgang=40, taak_id="taak-1", gestart_op=timezone.now()
    )
    with mock.patch.object(pdf, "html_naar_pdf") as renderen:
        assert tasks.rapport_maken.apply(args=[rapport.pk], task_id="taak-2").get() == "niets te doen"
    renderen.assert_not_called()
    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen, rapport.taak_id) == (Status.BEZIG, 1, "taak-1")
    assert bestanden(rapportenmap) == []


def test_twee_afleveringen_tegelijk_laten_een_bestand_en_een_kloppende_controlesom(
    gebruikers, rapportenmap, zonder_weasyprint
):
    """While the first delivery renders, the periodic check (its heartbeat looked stopped)
    puts the report back in the queue and a second delivery makes it: the first, when it
    wants to store, finds the report no longer its own and throws its files away."""
    rapport = aanvragen(gebruikers["kr"])
    origineel = pdf.html_naar_pdf

    def tweede_aflevering_tussendoor(html: str) -> bytes:
        if not getattr(tweede_aflevering_tussendoor, "gedaan", False):
            tweede_aflevering_tussendoor.gedaan = True
            Rapport.objects.filter(pk=rapport.pk).update(hartslag_op=timezone.now() - timedelta(hours=1))
            with mock.patch("rapportage.services.werk.versturen_na_commit"):
                assert werk.vastgelopen_herstellen(tijdslimiet=600, opnieuw_na=300, hartslag_verlopen=60) == {
                    "opnieuw_gestart": 1,
                    "vastgelopen": 0,
                    "opnieuw_verstuurd": 0,
                    "opgegeven": 0,
                }
            assert tasks.rapport_maken.apply(args=[rapport.pk]).get() == "klaar"
        return origineel(html) + b"\n% andere render\n"

    with mock.patch.object(pdf, "html_naar_pdf", side_effect=tweede_aflevering_tussendoor):
        assert maken(rapport) == "vervallen"
    assert rapport.status == Status.KLAAR and rapport.pogingen == 2 and rapport.onderbroken
    assert bestanden(rapportenmap) == alle_drie(rapport)
    assert opslag.controleren(rapport.bestand, rapport.sha256)


def test_voortgang_in_stappen(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    gezien = []
    origineel = tasks._voortgang

    def noteren(rapport_id: int, procent: int, taak_id: str | None = None) -> None:
        gezien.append(procent)
        origineel(rapport_id, procent, taak_id)

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
    assert rapport.status == Status.MISLUKT and rapport.foutmelding.startswith(
        "De rapportage is gemaakt maar kon niet worden opgeslagen"
    )
    assert "PermissionError" not in rapport.foutmelding and "alleen lezen" not in rapport.foutmelding
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


def test_een_fout_in_de_applicatie_laat_mislukt_met_een_kenmerk_en_zonder_details(gebruikers, caplog):
    rapport = aanvragen(gebruikers["kr"])
    with mock.patch("rapportage.inhoud.verzamelen", side_effect=KeyError("/srv/geheim/regio")):
        assert maken(rapport) == "mislukt"
    assert rapport.status == Status.MISLUKT
    assert rapport.foutmelding.startswith(
        "Het maken van de rapportage is mislukt door een fout in de applicatie."
    )
    assert "KeyError" not in rapport.foutmelding and "/srv" not in rapport.foutmelding
    # The reference in the message finds the details in the log.
    kenmerk = rapport.foutmelding.split("kenmerk door aan de functioneel beheerder: ")[1][:8]
    regel = next(r for r in caplog.records if kenmerk in r.getMessage())
    assert "/srv/geheim/regio" in regel.exc_text


def test_een_opslagfout_zegt_wat_er_gebeurde_en_niet_waar(gebruikers, rapportenmap, zonder_weasyprint):
    rapport = aanvragen(gebruikers["kr"])
    geweigerd = PermissionError(13, "Permission denied", str(rapportenmap / "x.pdf.tmp"))
    with mock.patch.object(opslag.tempfile, "mkstemp", side_effect=geweigerd):
        assert maken(rapport) == "mislukt"
    assert rapport.foutmelding.startswith("De rapportage is gemaakt maar kon niet worden opgeslagen")
    assert str(rapportenmap) not in rapport.foutmelding and "Permission" not in rapport.foutmelding
    assert bestanden(rapportenmap) == []


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


def herstellen() -> dict[str, int]:
    return tasks.vastgelopen_rapporten_herstellen.apply().get()


def test_een_stilgevallen_hartslag_zet_de_rapportage_opnieuw_in_de_wachtrij_en_maakt_haar_eenmaal(
    gebruikers, rapportenmap, zonder_weasyprint, django_capture_on_commit_callbacks
):
    """The whole worker was killed: its heartbeat stops, the check puts the report back in the
    queue ("onderbroken"), the new message makes it; the killed worker's own message, delivered
    again an hour later, finds it klaar and does nothing."""
    rapport = aanvragen(gebruikers["kr"])
    stil = timezone.now() - timedelta(seconds=settings.RAPPORTAGE_HARTSLAG_VERLOPEN + 5)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, pogingen=1, voortgang=60, taak_id="gedood", gestart_op=stil, hartslag_op=stil
    )
    levend = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=levend.pk).update(
        status=Status.BEZIG, pogingen=1, taak_id="levend", gestart_op=stil, hartslag_op=timezone.now()
    )

    with (
        mock.patch("rapportage.tasks.rapport_maken.delay") as versturen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        uitkomst = herstellen()

    assert uitkomst["opnieuw_gestart"] == 1 and uitkomst["vastgelopen"] == 0
    versturen.assert_called_once_with(rapport.pk)
    rapport.refresh_from_db()
    levend.refresh_from_db()
    assert (rapport.status, rapport.onderbroken, rapport.taak_id, rapport.keer_verstuurd) == (
        Status.AANGEVRAAGD,
        True,
        "",
        2,
    )
    assert levend.status == Status.BEZIG and levend.taak_id == "levend"
    # Idempotent: a second run finds nothing to do.
    with mock.patch("rapportage.tasks.rapport_maken.delay") as versturen:
        assert not any(herstellen().values())
    versturen.assert_not_called()

    assert maken(rapport) == "klaar"
    assert rapport.onderbroken and rapport.pogingen == 2
    gemaakt = (rapportenmap / rapport.bestand).stat().st_mtime_ns
    assert tasks.rapport_maken.apply(args=[rapport.pk], task_id="gedood").get() == "niets te doen"
    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR and rapport.pogingen == 2
    assert (rapportenmap / rapport.bestand).stat().st_mtime_ns == gemaakt
    assert bestanden(rapportenmap) == alle_drie(rapport)


def test_de_oude_boodschap_die_als_eerste_terugkomt_maakt_haar_en_de_nieuwe_doet_niets(
    gebruikers, rapportenmap, zonder_weasyprint
):
    rapport = aanvragen(gebruikers["kr"])
    stil = timezone.now() - timedelta(seconds=settings.RAPPORTAGE_HARTSLAG_VERLOPEN + 5)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, pogingen=1, taak_id="gedood", gestart_op=stil, hartslag_op=stil
    )
    with mock.patch("rapportage.tasks.rapport_maken.delay"):
        herstellen()
    assert tasks.rapport_maken.apply(args=[rapport.pk], task_id="gedood").get() == "klaar"
    assert tasks.rapport_maken.apply(args=[rapport.pk], task_id="nieuw").get() == "niets te doen"
    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR and rapport.pogingen == 2
    assert bestanden(rapportenmap) == alle_drie(rapport)


def test_een_rapportage_die_steeds_haar_werker_doodt_wordt_opgegeven(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    stil = timezone.now() - timedelta(hours=1)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, pogingen=werk.MAX_POGINGEN, gestart_op=stil, hartslag_op=stil
    )
    with mock.patch("rapportage.tasks.rapport_maken.delay") as versturen:
        assert herstellen()["opgegeven"] == 1
    versturen.assert_not_called()
    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT and f"{werk.MAX_POGINGEN} keer begonnen" in rapport.foutmelding


def test_voorbij_de_tijdslimiet_wordt_mislukt_en_een_late_aflevering_verandert_dat_niet(gebruikers):
    """A report past its time limit (its heartbeat still going) fails; the page says so, and
    no late delivery turns it klaar behind the user's back."""
    rapport = aanvragen(gebruikers["kr"])
    lang_geleden = timezone.now() - timedelta(seconds=settings.RAPPORTAGE_TIJDSLIMIET + 120)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, pogingen=1, taak_id="t", gestart_op=lang_geleden, hartslag_op=timezone.now()
    )
    assert herstellen()["vastgelopen"] == 1
    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT and rapport.foutmelding == werk.FOUT_VASTGELOPEN
    with mock.patch.object(pdf, "html_naar_pdf") as renderen:
        assert tasks.rapport_maken.apply(args=[rapport.pk], task_id="t").get() == "niets te doen"
    renderen.assert_not_called()
    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT


def test_de_hartslag_houdt_een_levende_rapportage_vers(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    stil = timezone.now() - timedelta(hours=1)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, taak_id="t", gestart_op=stil, hartslag_op=stil
    )
    assert werk.hartslag(rapport.pk, "t")
    assert not werk.hartslag(rapport.pk, "ander")  # not this delivery's to keep alive
    rapport.refresh_from_db()
    assert rapport.hartslag_op > timezone.now() - timedelta(seconds=5)
    with mock.patch("rapportage.tasks.rapport_maken.delay"):
        assert herstellen()["opnieuw_gestart"] == 0


def test_de_hartslag_klopt_tijdens_een_lange_stap_zonder_voortgang(
    gedeelde_database, gebruikers, settings, monkeypatch
):
    """WeasyPrint's rendering reports no progress; the heartbeat thread (its own database
    connection, as in the worker) keeps the record fresh."""
    with mock.patch("rapportage.services._versturen_na_commit"):  # committed at once: not made yet
        rapport = aanvragen(gebruikers["kr"])
    gezien: list[object] = []

    def traag(html: str) -> bytes:
        Rapport.objects.filter(pk=rapport.pk).update(hartslag_op=timezone.now() - timedelta(hours=1))
        time.sleep(0.5)
        gezien.append(Rapport.objects.get(pk=rapport.pk).hartslag_op)
        return KLEINE_PDF

    monkeypatch.setattr(pdf, "html_naar_pdf", traag)
    beats: list[int] = []
    echt = werk.hartslag

    def tellen(rapport_id: int, taak_id: str | None = None) -> bool:
        beats.append(rapport_id)
        return echt(rapport_id, taak_id)

    monkeypatch.setattr("rapportage.tasks.hartslag", tellen)
    settings.RAPPORTAGE_HARTSLAG = 0.1
    assert maken(rapport) == "klaar"
    assert beats and gezien[0] > timezone.now() - timedelta(minutes=1)


def test_een_mislukte_pdf_wordt_niet_door_een_late_aflevering_overschreven(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(status=Status.MISLUKT, foutmelding="PDF kapot")
    assert maken(rapport) == "niets te doen"
    assert rapport.status == Status.MISLUKT and rapport.foutmelding == "PDF kapot"


def test_een_verzoek_dat_de_wachtrij_niet_aannam_wordt_bij_de_volgende_controle_verstuurd(
    gebruikers, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerWeg

    with (
        mock.patch("rapportage.services.versturen._zonder_broker", return_value=False),
        mock.patch("rapportage.tasks.rapport_maken.delay", side_effect=BrokerWeg("Connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rapport = aanvragen(gebruikers["kr"])
    rapport.refresh_from_db()
    assert rapport.status == Status.AANGEVRAAGD and rapport.niet_verstuurd and rapport.keer_verstuurd == 1

    # The next check (every RAPPORTAGE_CONTROLE_INTERVAL seconds) sends it, not 5 minutes later.
    with (
        mock.patch("rapportage.tasks.rapport_maken.delay") as versturen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert herstellen()["opnieuw_verstuurd"] == 1
    versturen.assert_called_once_with(rapport.pk)
    rapport.refresh_from_db()
    # A sending the broker refused is not counted towards giving up.
    assert not rapport.niet_verstuurd and rapport.keer_verstuurd == 1


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
    herstel = schema["rapportage-vastgelopen-herstellen"]
    assert herstel["task"] == "rapportage.tasks.vastgelopen_rapporten_herstellen"
    # A killed worker is found within two minutes: a stale heartbeat plus one interval.
    assert herstel["schedule"] == settings.RAPPORTAGE_CONTROLE_INTERVAL
    assert settings.RAPPORTAGE_HARTSLAG_VERLOPEN + settings.RAPPORTAGE_CONTROLE_INTERVAL <= 120
    # A request the broker refused is sent within a minute of its return: the next check.
    assert settings.RAPPORTAGE_CONTROLE_INTERVAL <= 30
    halfjaar = schema["rapportage-halfjaar"]
    assert halfjaar["task"] == "rapportage.tasks.halfjaarrapporten_maken"
    cron = halfjaar["schedule"]
    assert isinstance(cron, crontab)
    # Every hour: a due report that beat did not send at 06:00 is made up within the hour.
    assert (cron.minute, cron.hour) == ({0}, set(range(24)))
    # The month's publications: every hour, so the first hour of a month makes them before the
    # half-year's report at 06:00 (``test_publicaties.py``).
    publicaties = schema["rapportage-publicaties-voorbereiden"]
    assert publicaties["task"] == "rapportage.tasks.publicaties_voorbereiden"
    assert isinstance(publicaties["schedule"], crontab)
    assert (publicaties["schedule"].minute, publicaties["schedule"].hour) == ({30}, set(range(24)))
    for taak in (herstel["task"], halfjaar["task"], publicaties["task"]):
        assert taak in app.tasks


@pytest.mark.parametrize(
    ("nu", "periode"),
    [
        # Due from 06:00 in Amsterdam on 1 January and 1 July, summer and winter time alike.
        (datetime(2027, 1, 1, 5, 59, tzinfo=AMSTERDAM), (date(2026, 1, 1), date(2026, 6, 30))),
        (datetime(2027, 1, 1, 6, 0, tzinfo=AMSTERDAM), (date(2026, 7, 1), date(2026, 12, 31))),
        (datetime(2027, 1, 1, 4, 59, tzinfo=UTC), (date(2026, 1, 1), date(2026, 6, 30))),
        (datetime(2027, 1, 1, 5, 0, tzinfo=UTC), (date(2026, 7, 1), date(2026, 12, 31))),
        (datetime(2026, 7, 1, 3, 59, tzinfo=UTC), (date(2025, 7, 1), date(2025, 12, 31))),
        (datetime(2026, 7, 1, 4, 0, tzinfo=UTC), (date(2026, 1, 1), date(2026, 6, 30))),
        (datetime(2026, 12, 31, 23, 59, tzinfo=AMSTERDAM), (date(2026, 1, 1), date(2026, 6, 30))),
        (datetime(2027, 3, 14, 12, 0, tzinfo=AMSTERDAM), (date(2026, 7, 1), date(2026, 12, 31))),
    ],
)
def test_het_verschuldigde_halfjaar_in_de_tijdzone_van_amsterdam(nu, periode):
    assert app.conf.timezone == "Europe/Amsterdam"
    assert tasks.verschuldigde_halfjaar(nu)[1:] == periode


def _halfjaartaak(nu: datetime) -> list[int]:
    with mock.patch("django.utils.timezone.now", return_value=nu.astimezone(UTC)):
        return tasks.halfjaarrapporten_maken.apply().get()


@pytest.mark.parametrize(
    ("nu", "van", "tot"),
    [
        (datetime(2027, 1, 1, 6, 0, tzinfo=AMSTERDAM), date(2026, 7, 1), date(2026, 12, 31)),
        (datetime(2026, 7, 1, 6, 0, tzinfo=AMSTERDAM), date(2026, 1, 1), date(2026, 6, 30)),
    ],
)
def test_halfjaartaak_maakt_een_rapportage_per_regio(
    plaatsen, nu, van, tot, django_capture_on_commit_callbacks
):
    with (
        mock.patch("rapportage.tasks.rapport_maken.delay") as versturen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ids = _halfjaartaak(nu)
        # Beat firing twice, the task delivered twice, or the next hour's run asks for nothing more.
        assert _halfjaartaak(nu) == []
        assert _halfjaartaak(nu + timedelta(hours=1)) == []

    rapporten = Rapport.objects.order_by("regio__naam")
    assert [r.regio for r in rapporten] == [plaatsen["fr"], plaatsen["gv"]]
    for rapport in rapporten:
        assert (rapport.van, rapport.tot, rapport.versie) == (van, tot, 1)
        assert rapport.automatisch and rapport.aangevraagd_door is None
    assert sorted(ids) == sorted(r.pk for r in rapporten)
    assert sorted(c.args[0] for c in versturen.call_args_list) == sorted(ids)


def test_halfjaartaak_haalt_een_gemiste_run_in_en_maakt_een_verwijderde_niet_opnieuw(gebruikers, plaatsen):
    """Beat did not send the 06:00 run (the broker was down): a later hour's run, or any day
    after, makes the reports; one a ketenregisseur deleted is not made again."""
    with mock.patch("rapportage.tasks.rapport_maken.delay"):
        _halfjaartaak(datetime(2027, 1, 1, 5, 0, tzinfo=AMSTERDAM))  # the first half's, still due
        assert not Rapport.objects.filter(van=date(2026, 7, 1)).exists()  # the second's not yet
        ids = _halfjaartaak(datetime(2027, 1, 3, 14, 0, tzinfo=AMSTERDAM))
    assert len(ids) == 2
    from rapportage import services

    gv = Rapport.objects.get(regio=plaatsen["gv"], van=date(2026, 7, 1))
    services.rapport_verwijderen(door=gebruikers["kr"], rapport=gv)
    with mock.patch("rapportage.tasks.rapport_maken.delay"):
        assert _halfjaartaak(datetime(2027, 1, 4, 6, 0, tzinfo=AMSTERDAM)) == []
    assert list(Rapport.objects.filter(van=date(2026, 7, 1)).values_list("regio", flat=True)) == [
        plaatsen["fr"].pk
    ]
