"""The services of the halfjaarrapportage: asking, versions, vaststellen, making again, deleting."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from mensenhandel.periode import Periode
from rapportage import opslag, services
from rapportage.models import Periodesoort, Rapport, Status
from rapportage.services import Geweigerd
from tests.rapportage.hulp import aanvragen, klaar_maken

pytestmark = pytest.mark.django_db


def vandaag() -> date:
    return timezone.localdate()


# --- Asking and versions -------------------------------------------------------------------------


def test_aanvragen_maakt_versie_1_en_daarna_een_nieuwe_versie(gebruikers, plaatsen):
    kr = gebruikers["kr"]
    eerste = aanvragen(kr, jaar=2025)
    tweede = aanvragen(kr, jaar=2025)
    ander_halfjaar = aanvragen(kr, jaar=2025, soort="tweede_halfjaar")

    assert (eerste.versie, tweede.versie, ander_halfjaar.versie) == (1, 2, 1)
    assert (eerste.van, eerste.tot) == (date(2025, 1, 1), date(2025, 6, 30))
    assert (ander_halfjaar.van, ander_halfjaar.tot) == (date(2025, 7, 1), date(2025, 12, 31))
    assert eerste.regio == plaatsen["gv"]
    assert eerste.status == Status.AANGEVRAAGD
    assert eerste.aangevraagd_door == kr
    assert eerste.keer_verstuurd == 1 and eerste.verstuurd_op is not None
    assert eerste.history.first().history_user == kr


def test_versie_is_uniek_per_regio_en_periode(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Rapport.objects.create(
            regio=rapport.regio, soort=rapport.soort, van=rapport.van, tot=rapport.tot, versie=rapport.versie
        )


def test_de_taak_gaat_pas_na_de_commit_weg(gebruikers, django_capture_on_commit_callbacks):
    with mock.patch("rapportage.tasks.rapport_maken.delay") as versturen:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            rapport = aanvragen(gebruikers["kr"])
        versturen.assert_not_called()
        for callback in callbacks:
            callback()
    versturen.assert_called_once_with(rapport.pk)


def test_een_broker_die_niet_reageert_laat_de_aanvraag_staan(gebruikers, django_capture_on_commit_callbacks):
    with (
        mock.patch("rapportage.tasks.rapport_maken.delay", side_effect=ConnectionError("broker weg")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rapport = aanvragen(gebruikers["kr"])
    rapport.refresh_from_db()
    assert rapport.status == Status.AANGEVRAAGD  # the periodic check sends it again


def test_dubbel_versturen_van_het_formulier_geeft_een_rapportage(gebruikers):
    token = uuid.uuid4()
    eerste = aanvragen(gebruikers["kr"], formuliertoken=token)
    tweede = aanvragen(gebruikers["kr"], formuliertoken=token)
    assert eerste.pk == tweede.pk
    assert Rapport.objects.count() == 1


def test_alleen_de_ketenregisseur_van_de_regio(gebruikers, plaatsen):
    for naam in ("af", "zc", "fb", "kr_ander"):
        with pytest.raises(Geweigerd):
            services.rapport_aanvragen(
                door=gebruikers[naam], regio=plaatsen["gv"], soort="eerste_halfjaar", jaar=2025
            )
    assert not Rapport.objects.exists()


def test_volgens_schema_een_keer_per_regio_en_periode(plaatsen):
    eerste = services.rapport_aanvragen(
        door=None, regio=plaatsen["gv"], soort="eerste_halfjaar", jaar=2025, automatisch=True
    )
    tweede = services.rapport_aanvragen(
        door=None, regio=plaatsen["gv"], soort="eerste_halfjaar", jaar=2025, automatisch=True
    )
    assert eerste.pk == tweede.pk
    assert eerste.automatisch and eerste.aangevraagd_door is None


# --- The period ------------------------------------------------------------------------------------


def _fouten(**kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as fout:
        services.periode_bepalen(**kwargs)
    return fout.value.message_dict


def test_periode_halfjaar():
    assert services.periode_bepalen(soort="tweede_halfjaar", jaar=2024) == (
        Periodesoort.TWEEDE_HALFJAAR,
        date(2024, 7, 1),
        date(2024, 12, 31),
    )


def test_periode_eigen_die_een_halfjaar_is_wordt_dat_halfjaar():
    assert services.periode_bepalen(soort="eigen", van=date(2024, 1, 1), tot=date(2024, 6, 30)) == (
        Periodesoort.EERSTE_HALFJAAR,
        date(2024, 1, 1),
        date(2024, 6, 30),
    )
    assert services.periode_bepalen(soort="eigen", van=date(2024, 2, 1), tot=date(2024, 4, 30))[0] == "eigen"


def test_periode_fouten_in_het_nederlands():
    assert _fouten(soort="")["soort"] == [services.FOUT_SOORT]
    assert _fouten(soort="eerste_halfjaar")["jaar"][0].startswith("Vul het jaar in")
    assert "Kies een jaar van 2000" in _fouten(soort="eerste_halfjaar", jaar=1999)["jaar"][0]
    assert "Kies een jaar van 2000" in _fouten(soort="eerste_halfjaar", jaar=vandaag().year + 1)["jaar"][0]
    assert _fouten(soort="eigen") == {"van": [services.FOUT_VAN], "tot": [services.FOUT_TOT]}
    assert _fouten(soort="eigen", van=date(2024, 5, 1), tot=date(2024, 4, 30)) == {
        "tot": [services.FOUT_VOLGORDE]
    }
    volgende_maand = (vandaag().replace(day=1) + timedelta(days=32)).replace(day=1)
    assert _fouten(soort="eigen", van=volgende_maand, tot=Periode.kwartaal_van(volgende_maand).tot) == {
        "van": [services.FOUT_VAN_TOEKOMST]
    }
    assert _fouten(soort="eigen", van=date(1999, 12, 1), tot=date(2000, 2, 29)) == {
        "van": [services.FOUT_VAN_VROEG]
    }
    assert _fouten(soort="eigen", van=date(2015, 1, 1), tot=date(2023, 12, 31)) == {
        "tot": [services.FOUT_TE_LANG]
    }
    assert _fouten(soort="eigen", van=date(2019, 1, 1), tot=date(2024, 1, 31)) == {
        "tot": [services.FOUT_TE_LANG]
    }  # 61 months


@pytest.mark.parametrize(
    ("van", "tot", "fouten"),
    [
        # The one day of the issue, and days around whole months.
        (date(2026, 6, 30), date(2026, 6, 30), {"van": "FOUT_VAN_MAAND"}),
        (date(2026, 6, 15), date(2026, 6, 15), {"van": "FOUT_VAN_MAAND", "tot": "FOUT_TOT_MAAND"}),
        (date(2026, 1, 1), date(2026, 6, 29), {"tot": "FOUT_TOT_MAAND"}),
        (date(2026, 1, 2), date(2026, 6, 30), {"van": "FOUT_VAN_MAAND"}),
        (date(2024, 2, 1), date(2024, 4, 29), {"tot": "FOUT_TOT_MAAND"}),  # 29 April is not the last day
        # Whole months, but fewer than three.
        (date(2026, 6, 1), date(2026, 6, 30), {"tot": "FOUT_TE_KORT"}),
        (date(2026, 2, 1), date(2026, 3, 31), {"tot": "FOUT_TE_KORT"}),
        (date(2025, 12, 1), date(2026, 1, 31), {"tot": "FOUT_TE_KORT"}),
    ],
)
def test_een_eigen_periode_beslaat_hele_maanden_en_ten_minste_een_kwartaal(van, tot, fouten):
    assert _fouten(soort="eigen", van=van, tot=tot) == {
        veld: [getattr(services, naam)] for veld, naam in fouten.items()
    }


@pytest.mark.parametrize(
    ("van", "tot"),
    [
        (date(2024, 2, 1), date(2024, 4, 30)),  # three months, not a quarter
        (date(2019, 2, 1), date(2024, 1, 31)),  # sixty months
        (date(2025, 11, 1), date(2026, 1, 31)),  # across a year
    ],
)
def test_hele_maanden_van_drie_tot_zestig(van, tot):
    assert services.periode_bepalen(soort="eigen", van=van, tot=tot) == ("eigen", van, tot)


def _rond_maanden(jaar: int, maand: int, lengte: int, voor: int, achter: int) -> tuple[date, date]:
    """``lengte`` months from the first of ``maand``, each end moved by a few days."""
    eerste = date(jaar, maand, 1)
    na = jaar * 12 + maand - 1 + lengte  # the month after the last, counted from year 0
    laatste = date(na // 12, na % 12 + 1, 1) - timedelta(days=1)
    return eerste + timedelta(days=voor), laatste + timedelta(days=achter)


VERSCHUIVING = st.sampled_from([0, 0, 0, 0, -1, 1, 10])
VAN_TOT = st.one_of(
    st.builds(
        _rond_maanden,
        st.integers(1998, 2026),
        st.integers(1, 12),
        st.integers(0, 64),
        VERSCHUIVING,
        VERSCHUIVING,
    ),
    st.tuples(
        st.dates(min_value=date(1995, 1, 1), max_value=date(2026, 12, 31)),
        st.dates(min_value=date(1995, 1, 1), max_value=date(2031, 12, 31)),
    ),
)


@settings(max_examples=300, deadline=None)
@given(van_tot=VAN_TOT)
def test_elke_eigen_periode_die_de_service_aanneemt_is_hele_maanden(van_tot):
    van, tot = van_tot
    with mock.patch("rapportage.services.timezone.localdate", return_value=date(2026, 12, 4)):
        try:
            _, gekregen_van, gekregen_tot = services.periode_bepalen(soort="eigen", van=van, tot=tot)
        except ValidationError:
            assert tot < van or not services.periode_toegestaan(van, tot) or van.year < 2000
            return
    periode = Periode(gekregen_van, gekregen_tot)
    assert (gekregen_van, gekregen_tot) == (van, tot)
    assert periode.hele_maanden and 3 <= periode.aantal_maanden <= 60


def test_een_halfjaar_dat_nog_niet_begonnen_is():
    with mock.patch("rapportage.services.timezone.localdate", return_value=date(2026, 3, 1)):
        fouten = _fouten(soort="tweede_halfjaar", jaar=2026)
        assert fouten == {
            "soort": [
                "Het tweede halfjaar van 2026 is nog niet begonnen. Kies een periode die al begonnen is."
            ]
        }
        assert services.periode_bepalen(soort="eerste_halfjaar", jaar=2026)[1] == date(2026, 1, 1)


def test_het_lopende_halfjaar_mag_al_wel(gebruikers):
    soort = "eerste_halfjaar" if vandaag().month <= 6 else "tweede_halfjaar"
    rapport = aanvragen(gebruikers["kr"], soort=soort, jaar=vandaag().year)
    assert rapport.van <= vandaag() <= rapport.tot


# --- Vaststellen ------------------------------------------------------------------------------------


def test_vaststellen_van_een_klare_versie(gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    services.rapport_vaststellen(door=gebruikers["kr"], rapport=rapport)
    rapport.refresh_from_db()
    assert rapport.vastgesteld and rapport.vastgesteld_door == gebruikers["kr"]
    assert rapport.history.first().history_user == gebruikers["kr"]


def test_vaststellen_kan_alleen_als_zij_klaar_is(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    with pytest.raises(Geweigerd, match="klaar is"):
        services.rapport_vaststellen(door=gebruikers["kr"], rapport=rapport)


def test_per_periode_een_vastgestelde_versie(gebruikers):
    eerste = klaar_maken(aanvragen(gebruikers["kr"]))
    tweede = klaar_maken(aanvragen(gebruikers["kr"]))
    services.rapport_vaststellen(door=gebruikers["kr"], rapport=eerste)
    with pytest.raises(Geweigerd, match="Versie 1 van deze periode is al vastgesteld"):
        services.rapport_vaststellen(door=gebruikers["kr"], rapport=tweede)
    with pytest.raises(Geweigerd, match="al vastgesteld"):
        services.rapport_vaststellen(door=gebruikers["kr"], rapport=eerste)
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Rapport.objects.filter(pk=tweede.pk).update(vastgesteld_op=timezone.now())


@pytest.mark.parametrize("extensie", ["pdf", "csv", "xlsx"])
def test_vaststellen_weigert_een_bestand_dat_niet_meer_klopt(gebruikers, extensie):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    opslag.pad(opslag.naam_voor(rapport.uuid, extensie)).write_bytes(b"veranderd")
    with pytest.raises(Geweigerd, match="controlesom"):
        services.rapport_vaststellen(door=gebruikers["kr"], rapport=rapport)
    assert not Rapport.objects.get(pk=rapport.pk).vastgesteld


def test_vaststellen_van_een_versie_zonder_cijfers(gebruikers):
    """Its PDF is what the bestuurlijk overleg adopts; figures that were never made are no
    reason to refuse."""
    rapport = klaar_maken(aanvragen(gebruikers["kr"]), cijfers=False)
    services.rapport_vaststellen(door=gebruikers["kr"], rapport=rapport)
    assert Rapport.objects.get(pk=rapport.pk).vastgesteld


def test_een_ander_vaststelt_niet(gebruikers):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    with pytest.raises(Geweigerd):
        services.rapport_vaststellen(door=gebruikers["kr_ander"], rapport=rapport)


def test_een_vastgestelde_versie_kan_niet_worden_verwijderd_of_vervangen(gebruikers):
    kr = gebruikers["kr"]
    rapport = klaar_maken(aanvragen(kr))
    services.rapport_vaststellen(door=kr, rapport=rapport)

    with pytest.raises(Geweigerd, match="kan niet worden verwijderd"):
        services.rapport_verwijderen(door=kr, rapport=rapport)
    with pytest.raises(Geweigerd, match="kan niet opnieuw worden gemaakt"):
        services.rapport_opnieuw_maken(door=kr, rapport=rapport)
    with pytest.raises(PermissionError):
        Rapport.objects.get(pk=rapport.pk).delete()
    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR and opslag.pad(rapport.bestand).exists()
    # A new version of the period leaves the vastgestelde one as it is.
    nieuw = aanvragen(kr)
    assert nieuw.versie == 2
    assert Rapport.objects.get(pk=rapport.pk).vastgesteld


# --- Making again ---------------------------------------------------------------------------------


def test_opnieuw_maken_van_een_mislukte_versie(gebruikers, django_capture_on_commit_callbacks):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Status.MISLUKT, foutmelding="Kapot", pogingen=2, voortgang=40, gestart_op=timezone.now()
    )
    with (
        mock.patch("rapportage.tasks.rapport_maken.delay") as versturen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.rapport_opnieuw_maken(door=gebruikers["kr"], rapport=rapport)
    rapport.refresh_from_db()
    assert (rapport.status, rapport.versie, rapport.foutmelding, rapport.pogingen, rapport.voortgang) == (
        Status.AANGEVRAAGD,
        1,
        "",
        0,
        0,
    )
    versturen.assert_called_once_with(rapport.pk)
    assert Rapport.objects.count() == 1


@pytest.mark.parametrize("status", [Status.AANGEVRAAGD, Status.BEZIG, Status.KLAAR])
def test_opnieuw_maken_alleen_als_het_mislukt_is(gebruikers, status):
    rapport = aanvragen(gebruikers["kr"])
    if status == Status.KLAAR:
        klaar_maken(rapport)
    else:
        Rapport.objects.filter(pk=rapport.pk).update(status=status)
    with pytest.raises(Geweigerd):
        services.rapport_opnieuw_maken(door=gebruikers["kr"], rapport=rapport)


# --- Deleting --------------------------------------------------------------------------------------


def test_verwijderen_met_de_bestanden(gebruikers, django_capture_on_commit_callbacks, rapportenmap):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    ander = klaar_maken(aanvragen(gebruikers["kr"]))
    paden = [opslag.pad(b.naam) for b in rapport.bestanden()]
    assert len(paden) == 3 and all(p.exists() for p in paden)
    with django_capture_on_commit_callbacks(execute=True):
        services.rapport_verwijderen(door=gebruikers["kr"], rapport=rapport)
    assert not Rapport.objects.filter(pk=rapport.pk).exists()
    assert not any(p.exists() for p in paden)
    # The other version keeps its files.
    assert sorted(p.name for p in rapportenmap.iterdir()) == sorted(b.naam for b in ander.bestanden())


def test_verwijderen_door_een_ander(gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    with pytest.raises(Geweigerd):
        services.rapport_verwijderen(door=gebruikers["kr_ander"], rapport=rapport)
    assert Rapport.objects.filter(pk=rapport.pk).exists()
