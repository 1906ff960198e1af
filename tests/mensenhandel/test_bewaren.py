"""Retention (issue 14, points 1, 2 and 7): personal data leaves after its term, the figures stay.

The clock moves with time-machine: a dataset of closed and open cases is made in the first
half of 2026, and the removal runs years later. It must take exactly the records past their
term, with their history rows and identifiers; keep open and held records; leave a past
half-year's report byte for byte the same; and find nothing more on a second run.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from mensenhandel import bewaren
from mensenhandel.bewaartermijnen import STANDAARD, Termijnsoort
from mensenhandel.models import Bewaarblokkade, Bewaartermijn, ToegangsLog
from mensenhandel.onderdelen import onderdelen
from rapportage import export, inhoud
from rapportage.models import Rapport
from signalen.models import BetrokkenPersoon, Doorverwijzing, Identificator, Notitie, Signaal, Status
from tests.conftest import nieuwe_maand
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory
from zorgcoordinatie.models import Aanmelding, Client, Traject

AMS = ZoneInfo("Europe/Amsterdam")


def op(jaar: int, maand: int, dag: int) -> time_machine.travel:
    return time_machine.travel(datetime(jaar, maand, dag, 10, 0, tzinfo=AMS), tick=False)


# --- Every model is covered ------------------------------------------------------------------------


def _projectmodellen() -> list[type]:
    labels = {config.label for config in onderdelen()}
    return [m for m in apps.get_models() if m._meta.app_label in labels]


def _eigenaar(model: type) -> type:
    """The model a history model keeps the history of (also for the history of a many-to-many
    field, which hangs from the history model); the model itself otherwise."""
    for veld in model._meta.get_fields():
        doel = getattr(veld, "related_model", None)
        if veld.name == "history" and getattr(doel, "instance_type", None) is not None:
            return doel.instance_type
    return getattr(model, "instance_type", None) or model


def test_elk_model_met_persoonsgegevens_heeft_een_bewaarregel():
    """A new model (or its history model) without a retention rule or a stated reason fails."""
    gedekt = {model._meta.label_lower for regel in bewaren.bewaarregels() for model in regel.dekt}
    uitgezonderd = set(bewaren.geen_bewaartermijn())
    ontbreekt = sorted(
        model._meta.label_lower
        for model in _projectmodellen()
        if _eigenaar(model)._meta.label_lower not in gedekt | uitgezonderd
    )
    assert not ontbreekt, f"Geen bewaarregel en geen reden voor: {', '.join(ontbreekt)}"
    # Every reason names a model that exists, and no model is both.
    bestaand = {m._meta.label_lower for m in _projectmodellen()}
    assert uitgezonderd <= bestaand
    assert not gedekt & uitgezonderd


def test_elke_soort_heeft_een_regel_en_een_bron():
    soorten = {regel.soort for regel in bewaren.bewaarregels()}
    assert soorten == set(Termijnsoort)
    for soort, standaard in STANDAARD.items():
        assert standaard.bron and standaard.loopt_vanaf, soort
        assert standaard.minimaal <= standaard.maanden <= standaard.maximaal


def test_maanden_terug():
    assert bewaren.maanden_terug(date(2031, 3, 31), 1) == date(2031, 2, 28)
    assert bewaren.maanden_terug(date(2031, 1, 15), 60) == date(2026, 1, 15)
    assert bewaren.maanden_terug(date(2028, 2, 29), 24) == date(2026, 2, 28)


# --- The removal ----------------------------------------------------------------------------------


@pytest.fixture
def dataset(gebruikers, plaatsen):
    """Made in the first half of 2026 in Gooi en Vechtstreek (Hilversum):

    - ``zonder``: closed without a referral on 10 February (term 2 years);
    - ``met``: referred to zorgcoördinatie, whose trajectory closed on 20 May (5 years from then);
    - ``open``: weighed, never decided;
    - ``lopend``: to be looked at again;
    - ``vastgehouden``: closed like ``zonder``, with a hold until 2040.
    """
    af, zc = gebruikers["af"], gebruikers["zc"]
    persoon = {"volledig": True}
    with op(2026, 2, 10):
        zonder = SignaalFactory(door=af, afgesloten=True, personen=[PersoonGegevensFactory(**persoon)])
        vastgehouden = SignaalFactory(door=af, afgesloten=True, personen=[PersoonGegevensFactory(**persoon)])
        open_ = SignaalFactory(door=af, gewogen=True, personen=[PersoonGegevensFactory(**persoon)])
        lopend = SignaalFactory(door=af, lopend=True, personen=[PersoonGegevensFactory(**persoon)])
        traject = TrajectFactory(door=zc, af=af, uit_signaal=True, in_opvang=True, aangifte=True)
    with op(2026, 5, 20):
        traject = TrajectFactory._meta.model.objects.get(pk=traject.pk)
        from zorgcoordinatie import services as zc_services

        traject = zc_services.traject_afsluiten(
            traject=traject, door=zc, reden=Traject.Afsluitreden.VERTROKKEN, versie=traject.versie
        )
    met = traject.aanmeldingen.get().doorverwijzing.signaal
    Bewaarblokkade.objects.create(
        object_type="signalen.signaal",
        object_uuid=vastgehouden.uuid,
        referentie=vastgehouden.referentie,
        reden="Lopend strafrechtelijk onderzoek (OM).",
        tot=date(2040, 1, 1),
        status=Bewaarblokkade.Status.ACTIEF,
        aangevraagd_door=gebruikers["fb"],
    )
    return {
        "zonder": zonder,
        "met": met,
        "open": open_,
        "lopend": lopend,
        "vastgehouden": vastgehouden,
        "traject": traject,
        "regio": plaatsen["gv"],
    }


def _rapportbestand(regio, kr) -> bytes:
    """The whole report of 2026-H1 as its CSV export, made as on 1 July 2026 from the data."""
    nieuwe_maand()
    rapport = Rapport(regio=regio, van=date(2026, 1, 1), tot=date(2026, 6, 30), aangevraagd_door=kr)
    context = inhoud.verzamelen(rapport, vandaag=date(2026, 7, 1))
    moment = datetime(2026, 7, 1, 6, 0, tzinfo=AMS)
    return export.csv_maken(context, nu=moment, pdf_sha256="0" * 64)


def _persoonsgegevens(signaal: Signaal) -> dict[str, int]:
    historie = Signaal.history.model.objects.filter(id=signaal.pk).count()
    return {
        "personen": BetrokkenPersoon.objects.filter(signaal=signaal).count(),
        "identificatoren": Identificator.objects.filter(signaal=signaal).count(),
        "notities": Notitie.objects.filter(signaal=signaal).count(),
        "historie": historie,
        "personenhistorie": BetrokkenPersoon.history.model.objects.filter(signaal_id=signaal.pk).count(),
        "notitiehistorie": Notitie.history.model.objects.filter(signaal_id=signaal.pk).count(),
        "verwijzingshistorie": Doorverwijzing.history.model.objects.filter(signaal_id=signaal.pk).count(),
    }


def test_na_de_termijn_gaan_precies_de_verlopen_gegevens_en_blijven_de_cijfers(dataset, gebruikers):
    d = dataset
    with op(2026, 7, 1):
        voor = _rapportbestand(d["regio"], gebruikers["kr"])
    assert all(_persoonsgegevens(d[s])["personen"] == 1 for s in ("zonder", "open", "lopend", "vastgehouden"))

    # Two years and a day after the first decisions: only the signal closed without a referral.
    with op(2028, 2, 11):
        assert bewaren.verlopen_vernietigen() == {Termijnsoort.SIGNAAL_ZONDER_VERWIJZING.value: 1}
    zonder = Signaal.objects.get(pk=d["zonder"].pk)
    assert zonder.vernietigd_op is not None
    assert set(_persoonsgegevens(zonder).values()) == {0}
    assert zonder.omschrijving == "" and zonder.locatie == "" and zonder.melder_contact == ""
    assert zonder.datum_waargenomen.day == 1
    # What the figures count stays.
    assert (zonder.status, zonder.gemeente_id, zonder.arbeidsuitbuiting) == (
        Status.AFGESLOTEN,
        d["zonder"].gemeente_id,
        True,
    )
    for naam in ("met", "open", "lopend", "vastgehouden"):
        assert Signaal.objects.get(pk=d[naam].pk).vernietigd_op is None, naam
        assert _persoonsgegevens(d[naam])["personen"] >= 0
    assert _persoonsgegevens(d["vastgehouden"])["personen"] == 1
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.VERNIETIGEN)
    assert (regel.gebruiker, regel.object_type, regel.object_id) == (
        None,
        "signalen.Signaal",
        str(zonder.uuid),
    )

    # Five years after the trajectory closed: the referred signal, the trajectory and its client.
    with op(2031, 5, 21):
        gedaan = bewaren.verlopen_vernietigen()
    assert gedaan == {
        Termijnsoort.SIGNAAL_MET_VERWIJZING.value: 1,
        Termijnsoort.TRAJECT.value: 1,
        Termijnsoort.CLIENT.value: 1,
    }
    met = Signaal.objects.get(pk=d["met"].pk)
    assert met.vernietigd_op is not None and set(_persoonsgegevens(met).values()) == {0}
    assert met.doorverwijzingen.get().afgerond_op == date(2026, 5, 20)  # the residue the figures count
    traject = Traject.objects.get(pk=d["traject"].pk)
    assert traject.vernietigd_op is not None and traject.strafrecht_contact == ""
    assert (traject.opvang, traject.aangifte_op) == (d["traject"].opvang, d["traject"].aangifte_op)
    assert Traject.history.model.objects.filter(id=traject.pk).count() == 0
    assert Aanmelding.history.model.objects.filter(traject_id=traject.pk).count() == 0
    client = Client.objects.get(pk=traject.client_id)
    assert client.vernietigd_op is not None and client.naam == "" and client.geboortedatum is None
    assert Client.history.model.objects.filter(id=client.pk).count() == 0

    # Open, lopend and held signals stay, whatever the clock says.
    for naam in ("open", "lopend", "vastgehouden"):
        signaal = Signaal.objects.get(pk=d[naam].pk)
        assert signaal.vernietigd_op is None and _persoonsgegevens(signaal)["personen"] == 1, naam

    # A second run removes nothing more; the report of 2026-H1 is the same file.
    with op(2031, 5, 22):
        assert bewaren.verlopen_vernietigen() == {}
        na = _rapportbestand(d["regio"], gebruikers["kr"])
    assert na == voor
    assert ToegangsLog.objects.filter(actie=ToegangsLog.Actie.VERNIETIGEN).count() == 4


def test_de_langste_termijn_van_de_regios_geldt(dataset, gebruikers):
    d = dataset
    Bewaartermijn.objects.create(
        regio=d["regio"],
        soort=Termijnsoort.SIGNAAL_ZONDER_VERWIJZING,
        maanden=36,
        toelichting="Besluit stuurgroep",
        gewijzigd_door=gebruikers["fb"],
    )
    with op(2028, 2, 11):
        assert bewaren.verlopen_vernietigen() == {}
    with op(2029, 2, 11):
        assert bewaren.verlopen_vernietigen() == {Termijnsoort.SIGNAAL_ZONDER_VERWIJZING.value: 1}


def test_een_heropend_signaal_blijft(dataset, gebruikers):
    from signalen import services

    with op(2027, 1, 5):
        services.signaal_heropenen(signaal=dataset["zonder"], door=gebruikers["af"], reden="Nieuwe melding")
    with op(2031, 1, 1):
        bewaren.verlopen_vernietigen()
    assert Signaal.objects.get(pk=dataset["zonder"].pk).vernietigd_op is None


def test_een_blokkade_die_is_verlopen_houdt_niets_meer_tegen(dataset):
    Bewaarblokkade.objects.filter(object_uuid=dataset["vastgehouden"].uuid).update(tot=date(2028, 1, 1))
    with op(2028, 2, 11):
        gedaan = bewaren.verlopen_vernietigen()
    assert gedaan == {Termijnsoort.SIGNAAL_ZONDER_VERWIJZING.value: 2}


def test_de_lijsten_tonen_een_vernietigd_signaal_niet(dataset, client_als):
    with op(2028, 2, 11):
        bewaren.verlopen_vernietigen()
    zonder = dataset["zonder"]
    af = client_als("af")
    afgesloten = af.get("/signalen/?status=afgesloten").content.decode()
    assert dataset["vastgehouden"].referentie in afgesloten  # closed too, but held
    assert zonder.referentie not in afgesloten
    assert af.get(f"/signalen/{zonder.uuid}/").status_code == 404


def test_in_delen_en_een_record_per_transactie(dataset, monkeypatch):
    """A record whose removal fails stays whole, the others are removed, the next run retries."""
    from signalen import bewaren as signalen_bewaren

    echt = signalen_bewaren.signaal_vernietigen

    def stuk(signaal):
        if signaal.pk == dataset["vastgehouden"].pk:
            raise RuntimeError("stroom weg")
        echt(signaal)

    Bewaarblokkade.objects.all().delete()
    monkeypatch.setattr(signalen_bewaren, "signaal_vernietigen", stuk)
    with op(2028, 2, 11):
        gedaan = bewaren.verlopen_vernietigen(per_keer=1)
    assert gedaan == {Termijnsoort.SIGNAAL_ZONDER_VERWIJZING.value: 1, "mislukt": 1}
    vast = Signaal.objects.get(pk=dataset["vastgehouden"].pk)
    assert vast.vernietigd_op is None and _persoonsgegevens(vast)["personen"] == 1  # whole
    assert Signaal.objects.get(pk=dataset["zonder"].pk).vernietigd_op is not None
    monkeypatch.setattr(signalen_bewaren, "signaal_vernietigen", echt)
    with op(2028, 2, 11):
        assert bewaren.verlopen_vernietigen(per_keer=1) == {Termijnsoort.SIGNAAL_ZONDER_VERWIJZING.value: 1}
    assert (
        Signaal.objects.filter(pk__in=[dataset["zonder"].pk, vast.pk], vernietigd_op__isnull=False).count()
        == 2
    )


def test_de_vooruitblik_telt_per_soort_en_gemeente(dataset):
    with op(2028, 1, 15):
        nu = bewaren.vooruitblik(timezone.localdate())
        straks = bewaren.vooruitblik(date(2028, 2, 14))
    assert nu.totaal == 0
    assert straks.per_soort == {Termijnsoort.SIGNAAL_ZONDER_VERWIJZING: 1}
    assert straks.per_gemeente == {(Termijnsoort.SIGNAAL_ZONDER_VERWIJZING, "Hilversum"): 1}


def test_een_vernietigd_traject_en_zijn_client_staan_nergens_meer(dataset, client_als):
    traject = dataset["traject"]
    zc = client_als("zc")
    assert zc.get(f"/zorgcoordinatie/trajecten/{traject.uuid}/").status_code == 200
    with op(2031, 5, 21):
        bewaren.verlopen_vernietigen()
    assert zc.get(f"/zorgcoordinatie/trajecten/{traject.uuid}/").status_code == 404
    assert traject.client.dossiernummer not in zc.get("/zorgcoordinatie/").content.decode()


def test_een_blokkade_op_de_client_houdt_ook_de_trajecten(dataset, gebruikers):
    client = dataset["traject"].client
    Bewaarblokkade.objects.create(
        object_type="zorgcoordinatie.client",
        object_uuid=client.uuid,
        referentie=client.dossiernummer,
        reden="Klacht bij de ombudsman",
        tot=date(2035, 1, 1),
        status=Bewaarblokkade.Status.ACTIEF,
        aangevraagd_door=gebruikers["fb"],
    )
    with op(2031, 5, 21):
        gedaan = bewaren.verlopen_vernietigen()
    assert gedaan == {
        Termijnsoort.SIGNAAL_ZONDER_VERWIJZING.value: 1,
        Termijnsoort.SIGNAAL_MET_VERWIJZING.value: 1,
    }
    assert Traject.objects.get(pk=dataset["traject"].pk).vernietigd_op is None
    assert Client.objects.get(pk=client.pk).naam != ""


# --- A worker killed in the middle ---------------------------------------------------------------

KILLEN_SCRIPT = """
import os, signal, sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
import django
django.setup()
import time_machine
from signalen import bewaren as signalen_bewaren
from mensenhandel.bewaren import verlopen_vernietigen
echt = signalen_bewaren.signaal_vernietigen
gedaan = []
def traag(signaal):
    echt(signaal)
    gedaan.append(signaal.pk)
    if len(gedaan) == 2:
        print("BEZIG", flush=True)  # the second removal is done, its transaction still open
        time.sleep(60)
signalen_bewaren.signaal_vernietigen = traag
with time_machine.travel(datetime(2028, 2, 11, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
    verlopen_vernietigen(per_keer=1)
"""


@pytest.mark.django_db(transaction=True)
def test_een_gedode_werker_laat_elk_record_heel_of_weg(gebruikers, settings):
    """SIGKILL in the middle of a removal: what was committed is removed, the record in hand
    is whole (its transaction never committed), and the next run removes the rest."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import _database_url, dienst_ontbreekt

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        dienst_ontbreekt("Een tweede proces op dezelfde testdatabase vraagt PostgreSQL.")
    with op(2026, 2, 10):
        signalen = [
            SignaalFactory(
                door=gebruikers["af"], afgesloten=True, personen=[PersoonGegevensFactory(volledig=True)]
            )
            for _ in range(3)
        ]
    omgeving = {
        **os.environ,
        "DATABASE_URL": _database_url(db),
        "DJANGO_SETTINGS_MODULE": "mensenhandel.settings",
    }
    proces = subprocess.Popen(
        [sys.executable, "-c", KILLEN_SCRIPT],
        cwd=settings.BASE_DIR,
        env=omgeving,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proces.stdout is not None
        assert proces.stdout.readline().strip() == "BEZIG"
    finally:
        os.killpg(proces.pid, signal.SIGKILL)
        proces.wait(timeout=30)
        if proces.stdout is not None:
            proces.stdout.close()

    toestand = [Signaal.objects.get(pk=s.pk) for s in signalen]
    weg = [s for s in toestand if s.vernietigd_op is not None]
    heel = [s for s in toestand if s.vernietigd_op is None]
    assert len(weg) == 1 and len(heel) == 2  # the first committed; the second was killed in hand
    for s in weg:
        assert set(_persoonsgegevens(s).values()) == {0}
    for s in heel:
        assert _persoonsgegevens(s)["personen"] == 1 and s.omschrijving != ""  # whole, not half
    with op(2028, 2, 11):
        assert bewaren.verlopen_vernietigen() == {Termijnsoort.SIGNAAL_ZONDER_VERWIJZING.value: 2}


def test_vernietigen_neemt_melderterugkoppeling_en_partnerlinks_mee(gebruikers):
    """Issue 18's records of a signal go with its personal data: the feedback to the reporter
    (a free message, and its history) and the partner's link (the contact's e-mail address)."""
    from signalen import bewaren as signalen_bewaren
    from signalen.models import MelderTerugkoppeling, Partnerlink
    from signalen.services import melder_terugkoppeling_vastleggen
    from tests.signalen.factories import SignaalFactory

    af = gebruikers["af"]
    signaal = SignaalFactory(door=af, doorverwezen_zc=True)
    melder_terugkoppeling_vastleggen(
        signaal=signaal, door=af, datum=timezone.localdate(), kanaal="telefoon", bericht="Gebeld en bedankt."
    )
    doorverwijzing = signaal.doorverwijzingen.first()
    Partnerlink.objects.create(
        doorverwijzing=doorverwijzing,
        token_hash="a" * 64,
        email="contact@partner.example",
        aangemaakt_door=af,
        verloopt_op=timezone.now(),
    )
    signalen_bewaren.signaal_vernietigen(signaal)
    assert not MelderTerugkoppeling.objects.filter(signaal=signaal).exists()
    assert not MelderTerugkoppeling.history.filter(signaal_id=signaal.pk).exists()
    assert not Partnerlink.objects.filter(doorverwijzing__signaal=signaal).exists()
