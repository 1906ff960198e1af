"""The AF list's rows as the page prints them (``signalen.lijst``): each text and each badge of
"Aandacht" follows from the signal, as the template worked it out before (issue 16)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from mensenhandel.models import Gemeente
from signalen.lijst import (
    MELDER_WACHT,
    NIEUW_SINDS_U_KEEK,
    OPNIEUW_BEKIJKEN,
    TERUGKOPPELING_TE_LAAT,
    URGENT,
    lijstregels,
)
from signalen.models import Signaal, Status

VANDAAG = date(2026, 12, 4)
EIGENAAR = 7


def regel(**velden):
    gegevens = {
        "referentie": "2026-00042",
        "gemeente": Gemeente(naam="Hilversum"),
        "datum_geregistreerd": VANDAAG,
        "bron": "politie",
        "melder_teruggekoppeld_na": 3,
        "status": Status.NIEUW,
        "geregistreerd_door_id": EIGENAAR,
        "arbeidsuitbuiting": True,
        "seksuele_uitbuiting": True,
    }
    signaal = Signaal(**(gegevens | velden))
    signaal.gemeente_naam = signaal.gemeente.naam  # met_wachttijd's annotation
    return lijstregels([signaal], EIGENAAR, VANDAAG)[0]


def test_de_teksten_van_een_regel():
    r = regel(datum_geregistreerd=date(2026, 2, 3))
    assert (r.referentie, r.geregistreerd, r.gemeente) == ("2026-00042", "3 februari 2026", "Hilversum")
    assert r.url == f"/signalen/{r.uuid}/"
    assert r.vormen == "Seksuele uitbuiting, Arbeidsuitbuiting"
    assert (r.status, r.status_badge) == ("Nieuw", "warning")
    assert r.aandacht == ()


def test_een_lopend_signaal_noemt_zijn_datum_en_vraagt_aandacht_als_die_bereikt_is():
    later = regel(status=Status.LOPEND, monitoren_tot=VANDAAG + timedelta(days=1))
    assert later.opnieuw_bekijken_op == "5 december 2026"
    assert later.aandacht == ()
    assert regel(status=Status.LOPEND, monitoren_tot=VANDAAG).aandacht == (OPNIEUW_BEKIJKEN,)
    # Closed: the date of its monitoring no longer matters.
    gesloten = regel(status=Status.AFGESLOTEN, monitoren_tot=VANDAAG - timedelta(days=9))
    assert (gesloten.opnieuw_bekijken_op, gesloten.aandacht) == ("", ())


def test_aandacht_in_vaste_volgorde_en_nieuws_alleen_voor_de_eigenaar():
    nu = timezone.now()
    signaal = Signaal(
        referentie="2026-00043",
        gemeente=Gemeente(naam="Huizen"),
        datum_geregistreerd=VANDAAG - timedelta(days=400),
        bron="politie",
        status=Status.LOPEND,
        monitoren_tot=VANDAAG - timedelta(days=1),
        acuut_gevaar=True,
        geregistreerd_door_id=EIGENAAR,
        nieuws_op=nu,
        eigenaar_gezien_op=nu - timedelta(hours=1),
    )
    signaal.wacht_te_lang, signaal.gemeente_naam = True, "Huizen"
    assert lijstregels([signaal], EIGENAAR, VANDAAG)[0].aandacht == (
        URGENT,
        NIEUW_SINDS_U_KEEK,
        TERUGKOPPELING_TE_LAAT,
        MELDER_WACHT,
        OPNIEUW_BEKIJKEN,
    )
    # A colleague in the same gemeente sees no "new since you looked": it is the owner's news.
    assert NIEUW_SINDS_U_KEEK not in lijstregels([signaal], EIGENAAR + 1, VANDAAG)[0].aandacht
    signaal.bron = "anoniem"
    assert MELDER_WACHT not in lijstregels([signaal], EIGENAAR, VANDAAG)[0].aandacht
