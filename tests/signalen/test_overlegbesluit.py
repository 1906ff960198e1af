"""Decisions of chain meetings written onto a signal (``overlegbesluit_vastleggen``).

Who may record one (the ketenregisseur of the regio, casework or not; an AF who may edit
the signal), what is refused with which message, the timeline and the history.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mensenhandel.models import Rol
from mensenhandel.toegangsbeheer import gebruiker_toewijzen
from signalen import services
from signalen.models import Gebeurtenis, Overlegbesluit
from signalen.selectors import signalen_leesbaar_voor
from signalen.services import Geweigerd, mag_overlegbesluit_vastleggen, overlegbesluit_vastleggen
from tests.conftest import maak_gebruiker
from tests.signalen.factories import SignaalFactory

GISTEREN = timezone.localdate() - timedelta(days=1)


def vastleggen(
    signaal, door, *, besluit="Doorverwijzen naar de zorgcoördinator.", datum=GISTEREN, overleg=None
):
    if overleg is None:
        overleg = f"Regietafel {datum:%d-%m-%Y}" if datum else "Regietafel"
    return overlegbesluit_vastleggen(
        signaal=signaal, door=door, overleg=overleg, datum=datum, besluit=besluit
    )


def test_kr_zonder_casuistiek_legt_besluit_vast_en_leest_het_signaal_nog_steeds_niet(gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    kr = gebruikers["kr"]
    assert not signalen_leesbaar_voor(kr).filter(pk=signaal.pk).exists()
    assert mag_overlegbesluit_vastleggen(kr, signaal)

    besluit = vastleggen(signaal, kr, besluit="  Terugleggen: te weinig aanknopingspunten.  ")

    assert (besluit.signaal, besluit.vastgelegd_door, besluit.datum) == (signaal, kr, GISTEREN)
    assert besluit.besluit == "Terugleggen: te weinig aanknopingspunten."
    assert besluit.overleg == f"Regietafel {GISTEREN:%d-%m-%Y}"
    assert not signalen_leesbaar_voor(kr).filter(pk=signaal.pk).exists()
    # The signal itself is not changed: its status stays with the AF's meldroute.
    signaal.refresh_from_db()
    assert signaal.status == "gewogen"


def test_besluit_staat_op_de_tijdlijn_en_in_de_geschiedenis(gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    besluit = vastleggen(signaal, gebruikers["kr"], besluit="Over vier weken opnieuw bespreken.")

    laatste = Gebeurtenis.objects.filter(signaal=signaal).latest("tijdstip", "id")
    assert laatste.omschrijving == (
        f"Besluit Regietafel {GISTEREN:%d-%m-%Y}: Over vier weken opnieuw bespreken."
    )
    assert laatste.gebruiker == gebruikers["kr"]
    regel = besluit.history.get()
    assert (regel.history_type, regel.history_user) == ("+", gebruikers["kr"])


def test_lange_teksten_worden_ingekort_tot_wat_past(gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    besluit = vastleggen(signaal, gebruikers["kr"], overleg="R" * 150, besluit="B" * 400)
    assert besluit.overleg == "R" * 100
    assert len(Gebeurtenis.objects.filter(signaal=signaal).latest("id").omschrijving) == 300


def test_kr_met_casuistiek_en_de_af_van_de_gemeente_mogen_het_ook(gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"])
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    vastleggen(signaal, gebruikers["kr"])
    vastleggen(signaal, gebruikers["af"], besluit="Monitoren.")
    assert Overlegbesluit.objects.filter(signaal=signaal).count() == 2


def test_af_die_het_signaal_registreerde_mag_het_ook_na_een_andere_gemeente(gebruikers, plaatsen):
    # An AF registers in Huizen, then serves Leeuwarden instead: the signal stays theirs.
    af = maak_gebruiker("af.huizen@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["huizen"]])
    signaal = SignaalFactory(door=af)
    gebruiker_toewijzen(gebruiker=af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["leeuwarden"]])
    assert mag_overlegbesluit_vastleggen(af, signaal)
    assert not mag_overlegbesluit_vastleggen(gebruikers["af"], signaal)  # Hilversum
    vastleggen(signaal, af)


@pytest.mark.parametrize("profiel", ["af_ander", "zc", "zc_ander", "kr_ander", "fb", "zonder_rol"])
def test_wie_niet_mag_wordt_geweigerd_en_er_wordt_niets_vastgelegd(gebruikers, profiel):
    # Referred to the ZC of Gooi en Vechtstreek, who reads it, but does not record decisions.
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    gebeurtenissen = Gebeurtenis.objects.filter(signaal=signaal).count()
    assert not mag_overlegbesluit_vastleggen(gebruikers[profiel], signaal)
    with pytest.raises(Geweigerd) as fout:
        vastleggen(signaal, gebruikers[profiel])
    assert str(fout.value) == (
        "Alleen de ketenregisseur van de regio of een aandachtsfunctionaris van de gemeente legt "
        "een besluit over dit signaal vast."
    )
    assert not Overlegbesluit.objects.exists()
    assert Gebeurtenis.objects.filter(signaal=signaal).count() == gebeurtenissen


def test_afgesloten_signaal_wordt_geweigerd(gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], afgesloten=True)
    with pytest.raises(Geweigerd) as fout:
        vastleggen(signaal, gebruikers["kr"])
    assert str(fout.value) == (
        "Bij een afgesloten signaal kan geen besluit worden vastgelegd. Laat het eerst heropenen."
    )
    assert not Overlegbesluit.objects.exists()


@pytest.mark.parametrize(
    ("besluit", "datum", "fouten"),
    [
        ("", GISTEREN, {"besluit": ["Schrijf op wat het overleg over dit signaal heeft besloten."]}),
        ("   \n ", GISTEREN, {"besluit": ["Schrijf op wat het overleg over dit signaal heeft besloten."]}),
        ("Monitoren.", None, {"datum": ["Vul de datum van het overleg in."]}),
        (
            "Monitoren.",
            timezone.localdate() + timedelta(days=1),
            {"datum": ["Een besluit kan niet in de toekomst zijn genomen."]},
        ),
        (
            "",
            timezone.localdate() + timedelta(days=7),
            {
                "besluit": ["Schrijf op wat het overleg over dit signaal heeft besloten."],
                "datum": ["Een besluit kan niet in de toekomst zijn genomen."],
            },
        ),
    ],
)
def test_ongeldige_invoer_geeft_een_melding_per_veld(gebruikers, besluit, datum, fouten):
    signaal = SignaalFactory(door=gebruikers["af"])
    gebeurtenissen = Gebeurtenis.objects.filter(signaal=signaal).count()
    with pytest.raises(ValidationError) as fout:
        vastleggen(signaal, gebruikers["kr"], besluit=besluit, datum=datum)
    assert fout.value.message_dict == fouten
    assert not Overlegbesluit.objects.exists()
    assert Gebeurtenis.objects.filter(signaal=signaal).count() == gebeurtenissen


def test_vandaag_mag_wel(gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    besluit = vastleggen(signaal, gebruikers["af"], datum=timezone.localdate())
    assert besluit.datum == timezone.localdate()


def test_weigering_van_de_signalendienst_is_de_gedeelde_klasse(gebruikers):
    # Callers (ketenregie) catch ``signalen.services.Geweigerd``; keep it that one.
    signaal = SignaalFactory(door=gebruikers["af"], afgesloten=True)
    with pytest.raises(services.Geweigerd):
        vastleggen(signaal, gebruikers["af"])
