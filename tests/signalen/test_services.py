"""Signal services: registration, the meldroute, referrals with feedback and stacking.

Every test goes through ``signalen.services`` as a view would, and asserts what the user
or caller sees: the signal's state, the exact Dutch message of a refusal, the timeline.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mensenhandel.models import Rol
from mensenhandel.toegangsbeheer import gebruiker_toewijzen
from signalen import normalisatie, services
from signalen.models import (
    Bestemming,
    BetrokkenPersoon,
    Doorverwijzing,
    Gebeurtenis,
    Identificator,
    Indicator,
    Koppeling,
    Risico,
    Signaal,
    Status,
)
from signalen.selectors import koppelingen_van, mag_bewerken, signalen_leesbaar_voor
from signalen.services import Afsluitreden, Geweigerd, VersieConflict, Verwijzing
from tests.conftest import maak_gebruiker
from tests.signalen.factories import (
    BetrokkenPersoonFactory,
    PersoonGegevensFactory,
    SignaalFactory,
    signaal_gegevens,
)

T = Doorverwijzing.Terugkoppeling

ROUTE_VOOR_STATUS = {
    Status.NIEUW: None,
    Status.IN_ONDERZOEK: "in_onderzoek",
    Status.GEWOGEN: "gewogen",
    Status.BESLOTEN: "besloten",
    Status.LOPEND: "lopend",
    Status.AFGESLOTEN: "afgesloten",
}


def vandaag() -> date:
    return timezone.localdate()


def registreer(door, personen=(), formuliertoken=None, indicatoren=(), **gegevens):
    """Register through the service as the form would; returns (signal, stacking, new)."""
    return services.signaal_registreren(
        door=door,
        gegevens=signaal_gegevens(door=door, **gegevens),
        personen=personen,
        indicatoren=indicatoren,
        formuliertoken=formuliertoken,
    )


def signaal_met_status(door, status: str) -> Signaal:
    signaal = SignaalFactory(door=door, route=ROUTE_VOOR_STATUS[status])
    assert signaal.status == status
    return signaal


def tijdlijn(signaal: Signaal) -> list[str]:
    return list(Gebeurtenis.objects.filter(signaal=signaal).values_list("omschrijving", flat=True))


def ververst(signaal: Signaal) -> Signaal:
    return Signaal.objects.get(pk=signaal.pk)


def foutmeldingen(fout: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return fout.value.message_dict


@pytest.fixture
def af(gebruikers):
    return gebruikers["af"]


@pytest.fixture
def af_ander(gebruikers):
    return gebruikers["af_ander"]


# --- Registration ---------------------------------------------------------------------------


def test_registreren_geeft_leesbare_referentie_en_tijdlijn(af, plaatsen):
    signaal, stapeling, nieuw = registreer(af)
    assert nieuw is True
    assert re.fullmatch(rf"S-{vandaag().year}-\d{{5}}", signaal.referentie)
    assert signaal.status == Status.NIEUW
    assert signaal.versie == 1
    assert signaal.gemeente == plaatsen["hilversum"]
    assert signaal.geregistreerd_door == af
    assert signaal.datum_geregistreerd == vandaag()
    assert tijdlijn(signaal) == ["Signaal geregistreerd"]
    assert stapeling == services.Treffers()


def test_referenties_zijn_opvolgend_en_uniek_over_gemeenten(af, af_ander):
    jaar = vandaag().year
    referenties = [
        registreer(af)[0].referentie,
        registreer(af_ander)[0].referentie,
        registreer(af)[0].referentie,
    ]
    assert referenties == [f"S-{jaar}-00001", f"S-{jaar}-00002", f"S-{jaar}-00003"]


def test_referentie_telt_per_jaar_opnieuw(af, monkeypatch):
    registreer(af)
    registreer(af)
    volgend_jaar = vandaag().year + 1
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(volgend_jaar, 1, 2))
    assert registreer(af)[0].referentie == f"S-{volgend_jaar}-00001"


def test_registreren_met_indicatoren_en_personen(af):
    indicatoren = list(Indicator.objects.filter(actief=True)[:3])
    signaal, _, _ = registreer(
        af,
        indicatoren=indicatoren,
        personen=[PersoonGegevensFactory(volledig=True), PersoonGegevensFactory(dader=True, anoniem=True)],
    )
    assert set(signaal.indicatoren.all()) == set(indicatoren)
    soorten = sorted(signaal.personen.values_list("soort", flat=True))
    assert soorten == [BetrokkenPersoon.Soort.DADER, BetrokkenPersoon.Soort.SLACHTOFFER]
    # The fully known person gets every kind of identifier; the anonymous one none.
    assert Identificator.objects.filter(signaal=signaal).values("persoon").distinct().count() == 1


def test_alleen_gemeente_die_de_af_bedient(af, plaatsen):
    with pytest.raises(Geweigerd) as fout:
        registreer(af, gemeente=plaatsen["leeuwarden"])
    assert str(fout.value) == "U kunt alleen signalen registreren voor de gemeente(n) die u bedient."
    assert not Signaal.objects.exists()


def test_af_met_twee_gemeenten_registreert_voor_beide(plaatsen):
    af = maak_gebruiker(
        "af.twee@test.example",
        Rol.AANDACHTSFUNCTIONARIS,
        gemeenten=[plaatsen["hilversum"], plaatsen["huizen"]],
    )
    signaal, _, _ = registreer(af, gemeente=plaatsen["huizen"])
    assert signaal.gemeente == plaatsen["huizen"]


@pytest.mark.parametrize("rol", ["zc", "kr", "fb", "zonder_rol"])
def test_alleen_af_registreert(gebruikers, plaatsen, rol):
    with pytest.raises(Geweigerd) as fout:
        services.signaal_registreren(
            door=gebruikers[rol], gegevens=signaal_gegevens(gemeente=plaatsen["hilversum"])
        )
    assert str(fout.value) == "Alleen een aandachtsfunctionaris registreert signalen."
    assert not Signaal.objects.exists()


def test_gedeactiveerde_af_registreert_niet(af):
    af.is_active = False
    af.save()
    with pytest.raises(Geweigerd):
        registreer(af)


MORGEN = object()  # a placeholder, resolved against today in the test


@pytest.mark.parametrize(
    ("gegevens", "veld", "melding"),
    [
        (
            {"datum_waargenomen": MORGEN},
            "datum_waargenomen",
            "De datum van waarnemen kan niet in de toekomst liggen.",
        ),
        (
            {"datum_waargenomen": date(1990, 1, 1)},
            "datum_waargenomen",
            "Deze datum ligt te ver terug; controleer het jaar.",
        ),
        (
            {"acuut_gevaar": True, "alarmnummer_gebeld": False},
            "alarmnummer_gebeld",
            "Bij acuut gevaar belt u eerst 112. Vink aan dat dat gebeurd is.",
        ),
        (
            {"acuut_gevaar": False, "alarmnummer_gebeld": True},
            "alarmnummer_gebeld",
            "112 gebeld kan alleen bij acuut gevaar.",
        ),
        (
            {"arbeidsuitbuiting": False},
            "uitbuitingsvormen",
            "Kies minstens één vorm van uitbuiting, of 'Onbekend'.",
        ),
        ({"postcode": "12345"}, "postcode", "Vul een postcode in zoals 1234 AB."),
        (
            {"postcode": "1234 AB", "huisnummer": "twaalf"},
            "huisnummer",
            "Vul een huisnummer in, eventueel met toevoeging, zoals 12 of 12A.",
        ),
    ],
    ids=[
        "waargenomen-morgen",
        "waargenomen-te-oud",
        "acuut-zonder-112",
        "112-zonder-acuut",
        "geen-vorm",
        "postcode",
        "huisnummer",
    ],
)
def test_signaal_validatie_met_nederlandse_melding(af, gegevens, veld, melding):
    gegevens = {k: vandaag() + timedelta(days=1) if v is MORGEN else v for k, v in gegevens.items()}
    with pytest.raises(ValidationError) as fout:
        registreer(af, **gegevens)
    assert foutmeldingen(fout)[veld] == [melding]
    assert not Signaal.objects.exists()
    # No reference number was used up by the refused attempt.
    assert registreer(af)[0].referentie.endswith("-00001")


def test_vandaag_waargenomen_en_vorm_onbekend_mag(af):
    signaal, _, _ = registreer(af, datum_waargenomen=vandaag(), arbeidsuitbuiting=False, vorm_onbekend=True)
    assert signaal.uitbuitingsvormen == ["onbekend"]


def test_acuut_gevaar_met_112_gebeld(af):
    signaal = SignaalFactory(door=af, acuut=True)
    assert signaal.acuut_gevaar and signaal.alarmnummer_gebeld


@pytest.mark.parametrize(
    ("persoon", "veld", "melding"),
    [
        ({"geboortedatum": MORGEN}, "geboortedatum", "Een geboortedatum kan niet in de toekomst liggen."),
        (
            {"geboortedatum": date(1850, 6, 1)},
            "geboortedatum",
            "Deze geboortedatum is niet aannemelijk; controleer het jaar.",
        ),
        (
            {"telefoon": "bel de receptie"},
            "telefoon",
            "Dit telefoonnummer klopt niet. Vul het in zoals 06 12345678 of +48 601 234 567.",
        ),
        ({"geschatte_leeftijd": 140}, "geschatte_leeftijd", "Vul een leeftijd tussen 0 en 110 in."),
        ({"postcode": "AB 1234"}, "postcode", "Vul een postcode in zoals 1234 AB."),
    ],
    ids=["geboren-morgen", "geboren-1850", "telefoon", "leeftijd", "postcode"],
)
def test_persoon_validatie_bij_registreren(af, persoon, veld, melding):
    persoon = {k: vandaag() + timedelta(days=1) if v is MORGEN else v for k, v in persoon.items()}
    with pytest.raises(ValidationError) as fout:
        registreer(af, personen=[{"soort": "slachtoffer", "naam": "Mai Tran", **persoon}])
    assert foutmeldingen(fout)[veld] == [melding]
    # The whole registration is refused: no signal without its person.
    assert not Signaal.objects.exists()
    assert not BetrokkenPersoon.objects.exists()


def test_dubbel_verzenden_met_zelfde_formuliertoken_maakt_een_signaal(af):
    token = uuid.uuid4()
    eerste, _, nieuw_eerst = registreer(af, formuliertoken=token, omschrijving="Eerste keer verzonden")
    tweede, stapeling, nieuw_tweede = registreer(af, formuliertoken=token, omschrijving="Nog een keer")
    assert (nieuw_eerst, nieuw_tweede) == (True, False)
    assert tweede.pk == eerste.pk
    assert Signaal.objects.count() == 1
    assert ververst(eerste).omschrijving == "Eerste keer verzonden"
    assert tijdlijn(eerste) == ["Signaal geregistreerd"]
    assert stapeling == services.Treffers()
    # The double submit used no reference number.
    assert registreer(af)[0].referentie.endswith("-00002")


def test_zonder_formuliertoken_zijn_het_twee_signalen(af):
    registreer(af)
    registreer(af)
    assert Signaal.objects.count() == 2


def test_formuliertoken_van_een_ander_geeft_diens_signaal_niet_terug(af, af_ander):
    token = uuid.uuid4()
    eerste, _, _ = registreer(af, formuliertoken=token, omschrijving="Van de eerste AF")
    try:
        signaal, _, _ = registreer(af_ander, formuliertoken=token)
    except (Geweigerd, ValidationError):
        signaal = None
    assert signaal is None or signaal.pk != eerste.pk
    assert ververst(eerste).omschrijving == "Van de eerste AF"


# --- Editing and optimistic locking ---------------------------------------------------------


def test_signaal_bijwerken(af):
    signaal = SignaalFactory(door=af)
    indicator = Indicator.objects.first()
    bijgewerkt = services.signaal_bijwerken(
        signaal=signaal,
        door=af,
        gegevens={"omschrijving": "Aangevuld na gesprek", "sector": "bouw"},
        indicatoren=[indicator],
        versie=signaal.versie,
    )
    opnieuw = ververst(signaal)
    assert (opnieuw.omschrijving, opnieuw.sector, opnieuw.versie) == ("Aangevuld na gesprek", "bouw", 2)
    assert bijgewerkt.versie == 2
    assert list(opnieuw.indicatoren.all()) == [indicator]
    assert tijdlijn(signaal)[-1] == "Gegevens van het signaal gewijzigd"


def test_tweede_opslag_met_oude_versie_wordt_geweigerd_en_niets_gaat_verloren(af):
    signaal = SignaalFactory(door=af)
    versie_bij_openen = signaal.versie
    services.signaal_bijwerken(
        signaal=signaal, door=af, gegevens={"omschrijving": "Eerst"}, indicatoren=[], versie=versie_bij_openen
    )
    with pytest.raises(VersieConflict) as fout:
        services.signaal_bijwerken(
            signaal=signaal,
            door=af,
            gegevens={"omschrijving": "Tweede"},
            indicatoren=[],
            versie=versie_bij_openen,
        )
    assert str(fout.value).startswith("Iemand anders heeft dit signaal intussen gewijzigd.")
    assert isinstance(fout.value, Geweigerd)
    opnieuw = ververst(signaal)
    assert (opnieuw.omschrijving, opnieuw.versie) == ("Eerst", versie_bij_openen + 1)
    assert tijdlijn(signaal).count("Gegevens van het signaal gewijzigd") == 1


def test_wegen_met_oude_versie_verandert_niets(af):
    signaal = SignaalFactory(door=af)
    oude_versie = signaal.versie
    services.notitie_toevoegen(signaal=signaal, door=af, tekst="Een collega voegt intussen iets toe.")
    voor = tijdlijn(signaal)
    with pytest.raises(VersieConflict):
        services.signaal_wegen(
            signaal=signaal,
            door=af,
            aard="a",
            ernst="e",
            risico=Risico.HOOG,
            onderbouwing="o",
            versie=oude_versie,
        )
    opnieuw = ververst(signaal)
    assert (opnieuw.status, opnieuw.risico, opnieuw.versie) == (Status.IN_ONDERZOEK, "", oude_versie + 1)
    assert tijdlijn(signaal) == voor


def test_besluit_met_oude_versie_maakt_geen_doorverwijzing(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    with pytest.raises(VersieConflict):
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            verwijzingen=[Verwijzing(Bestemming.POLITIE_TMM)],
            versie=signaal.versie - 1,
        )
    assert not Doorverwijzing.objects.exists()
    assert ververst(signaal).status == Status.GEWOGEN


def test_bijwerken_validatiefout_bewaart_niets(af):
    signaal = SignaalFactory(door=af)
    with pytest.raises(ValidationError) as fout:
        services.signaal_bijwerken(
            signaal=signaal,
            door=af,
            gegevens={"datum_waargenomen": vandaag() + timedelta(days=3), "omschrijving": "Gewijzigd"},
            indicatoren=[],
            versie=signaal.versie,
        )
    assert "datum_waargenomen" in foutmeldingen(fout)
    opnieuw = ververst(signaal)
    assert (opnieuw.omschrijving, opnieuw.versie) == (signaal.omschrijving, signaal.versie)


def test_verplaatsen_naar_gemeente_die_de_af_niet_bedient(af, plaatsen):
    signaal = SignaalFactory(door=af)
    with pytest.raises(Geweigerd) as fout:
        services.signaal_bijwerken(
            signaal=signaal,
            door=af,
            gegevens={"gemeente": plaatsen["leeuwarden"]},
            indicatoren=[],
            versie=signaal.versie,
        )
    assert str(fout.value) == "U kunt een signaal alleen verplaatsen naar een gemeente die u bedient."
    assert ververst(signaal).gemeente == plaatsen["hilversum"]


@pytest.mark.parametrize("wie", ["af_ander", "zc", "kr", "fb"])
def test_alleen_wie_mag_bewerken_wijzigt(gebruikers, wie):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    with pytest.raises(Geweigerd) as fout:
        services.signaal_bijwerken(
            signaal=signaal, door=gebruikers[wie], gegevens={"omschrijving": "x"}, indicatoren=[], versie=4
        )
    assert str(fout.value) == "U mag dit signaal niet wijzigen."
    with pytest.raises(Geweigerd, match=r"^U mag dit signaal niet wijzigen\.$"):
        services.notitie_toevoegen(signaal=signaal, door=gebruikers[wie], tekst="Mag niet")


def test_afgesloten_signaal_wijzigt_niet(af):
    signaal = SignaalFactory(door=af, afgesloten=True)
    with pytest.raises(Geweigerd) as fout:
        services.signaal_bijwerken(
            signaal=signaal, door=af, gegevens={"omschrijving": "x"}, indicatoren=[], versie=signaal.versie
        )
    assert str(fout.value) == "Een afgesloten signaal kan niet worden gewijzigd. Heropen het eerst."


# --- History --------------------------------------------------------------------------------


def test_wijziging_via_service_staat_in_de_historie(af):
    signaal = SignaalFactory(door=af, in_onderzoek=True)
    services.signaal_wegen(
        signaal=signaal,
        door=af,
        aard="Arbeidsuitbuiting",
        ernst="Ernstig",
        risico=Risico.HOOG,
        onderbouwing="Paspoorten ingenomen.",
        versie=signaal.versie,
    )
    laatste, vorige = ververst(signaal).history.order_by("-history_id")[:2]
    assert (vorige.status, laatste.status) == (Status.IN_ONDERZOEK, Status.GEWOGEN)
    assert laatste.risico == Risico.HOOG
    assert laatste.weging_onderbouwing == "Paspoorten ingenomen."
    gewijzigd = set(laatste.diff_against(vorige).changed_fields)
    assert {"status", "risico", "aard", "ernst", "weging_onderbouwing"} <= gewijzigd
    assert laatste.versie == vorige.versie + 1


def test_bijwerken_en_indicatoren_staan_in_de_historie(af):
    signaal = SignaalFactory(door=af, omschrijving="Oorspronkelijk")
    indicator = Indicator.objects.order_by("pk").first()
    services.signaal_bijwerken(
        signaal=signaal, door=af, gegevens={"omschrijving": "Aangepast"}, indicatoren=[indicator], versie=1
    )
    omschrijvingen = list(signaal.history.order_by("history_id").values_list("omschrijving", flat=True))
    assert omschrijvingen[0] == "Oorspronkelijk"
    assert omschrijvingen[-1] == "Aangepast"
    laatste = signaal.history.order_by("-history_id").first()
    assert [i.indicator_id for i in laatste.indicatoren.all()] == [indicator.pk]


def test_persoon_wijziging_staat_in_de_historie(af):
    signaal = SignaalFactory(door=af, personen=[{"soort": "slachtoffer", "telefoon": "06 12345678"}])
    persoon = signaal.personen.get()
    services.persoon_bijwerken(persoon=persoon, door=af, gegevens={"telefoon": "06 87654321"})
    telefoons = list(persoon.history.order_by("history_id").values_list("telefoon", flat=True))
    assert telefoons[0] == "06 12345678"
    assert telefoons[-1] == "06 87654321"


# --- The meldroute as a state machine -------------------------------------------------------

VERRIJKEN_MAG = {Status.NIEUW, Status.IN_ONDERZOEK, Status.GEWOGEN, Status.LOPEND}
WEGEN_MAG = {Status.NIEUW, Status.IN_ONDERZOEK, Status.GEWOGEN}
BESLUITEN_MAG = {Status.GEWOGEN, Status.LOPEND}
HEROPENEN_MAG = {Status.BESLOTEN, Status.AFGESLOTEN, Status.LOPEND}
STATUS_LABEL = dict(Status.choices)


def _verrijken(signaal, door):
    services.notitie_toevoegen(signaal=signaal, door=door, tekst="Gesprek met de melder gevoerd.")


def _wegen(signaal, door):
    services.signaal_wegen(
        signaal=signaal,
        door=door,
        aard="Seksuele uitbuiting",
        ernst="Minderjarige betrokken",
        risico=Risico.HOOG,
        onderbouwing="Meerdere indicatoren.",
        versie=signaal.versie,
    )


def _besluiten(signaal, door):
    services.besluit_nemen(signaal=signaal, door=door, verwijzingen=[], zelf_hulp=True, versie=signaal.versie)


def _heropenen(signaal, door):
    services.signaal_heropenen(signaal=signaal, door=door, reden="Nieuwe informatie van de politie.")


ACTIES = {
    "verrijken": (_verrijken, VERRIJKEN_MAG),
    "wegen": (_wegen, WEGEN_MAG),
    "besluiten": (_besluiten, BESLUITEN_MAG),
    "heropenen": (_heropenen, HEROPENEN_MAG),
}
NA_ACTIE = {"wegen": Status.GEWOGEN, "besluiten": Status.BESLOTEN, "heropenen": Status.IN_ONDERZOEK}
WEIGERING = {
    "verrijken": "Aan een afgesloten of besloten signaal kunnen geen notities worden toegevoegd. "
    "Heropen het eerst.",
    "wegen": "Een signaal waarover al besloten is, kan niet opnieuw worden gewogen. Heropen het eerst.",
    "besluiten": "Een besluit kan pas als het signaal gewogen is.",
    "heropenen": "Alleen een besloten, lopend of afgesloten signaal kan worden heropend.",
}
MATRIX = [(actie, status) for actie in ACTIES for status in ROUTE_VOOR_STATUS]


@pytest.mark.parametrize(
    ("actie", "status"),
    [(a, s) for a, s in MATRIX if s in ACTIES[a][1]],
    ids=lambda v: str(v),
)
def test_toegestane_overgang(af, actie, status):
    signaal = signaal_met_status(af, status)
    ACTIES[actie][0](signaal, af)
    opnieuw = ververst(signaal)
    if actie == "verrijken":
        verwacht = Status.IN_ONDERZOEK if status == Status.NIEUW else status
    else:
        verwacht = NA_ACTIE[actie]
    assert opnieuw.status == verwacht
    assert opnieuw.versie == signaal.versie + 1


@pytest.mark.parametrize(
    ("actie", "status"),
    [(a, s) for a, s in MATRIX if s not in ACTIES[a][1]],
    ids=lambda v: str(v),
)
def test_geweigerde_overgang_met_duidelijke_melding(af, actie, status):
    signaal = signaal_met_status(af, status)
    voor = tijdlijn(signaal)
    with pytest.raises(Geweigerd) as fout:
        ACTIES[actie][0](signaal, af)
    assert str(fout.value) == f"{WEIGERING[actie]} (status nu: {STATUS_LABEL[status].lower()})"
    opnieuw = ververst(signaal)
    assert (opnieuw.status, opnieuw.versie) == (status, signaal.versie)
    assert tijdlijn(signaal) == voor


def test_nieuw_signaal_kan_niet_direct_besluiten(af):
    signaal = SignaalFactory(door=af)
    with pytest.raises(
        Geweigerd, match=r"^Een besluit kan pas als het signaal gewogen is\. \(status nu: nieuw\)$"
    ):
        _besluiten(signaal, af)


def test_notitie_zet_nieuw_in_onderzoek_en_staat_op_de_tijdlijn(af):
    signaal = SignaalFactory(door=af)
    notitie = services.notitie_toevoegen(
        signaal=signaal, door=af, tekst="  Advies gevraagd.  ", advies_gevraagd_aan="ketenregisseur"
    )
    assert (notitie.tekst, notitie.auteur, notitie.advies_gevraagd_aan) == (
        "Advies gevraagd.",
        af,
        "ketenregisseur",
    )
    assert ververst(signaal).status == Status.IN_ONDERZOEK
    assert tijdlijn(signaal)[-1] == "Status: in onderzoek"
    services.notitie_toevoegen(signaal=signaal, door=af, tekst="Tweede notitie")
    assert list(signaal.notities.values_list("tekst", flat=True)) == ["Advies gevraagd.", "Tweede notitie"]


def test_lege_notitie(af):
    signaal = SignaalFactory(door=af)
    with pytest.raises(ValidationError) as fout:
        services.notitie_toevoegen(signaal=signaal, door=af, tekst="   ")
    assert foutmeldingen(fout)["tekst"] == ["Schrijf wat u hebt uitgezocht of gehoord."]
    assert ververst(signaal).status == Status.NIEUW


def test_wegen_legt_aard_ernst_en_risico_vast(af):
    signaal = SignaalFactory(door=af, in_onderzoek=True)
    _wegen(signaal, af)
    opnieuw = ververst(signaal)
    assert (opnieuw.aard, opnieuw.ernst, opnieuw.risico) == (
        "Seksuele uitbuiting",
        "Minderjarige betrokken",
        "hoog",
    )
    assert opnieuw.weging_onderbouwing == "Meerdere indicatoren."
    assert tijdlijn(signaal)[-1] == "Gewogen: risico hoog"


def test_wegen_zonder_risico_of_onderbouwing(af):
    signaal = SignaalFactory(door=af, in_onderzoek=True)
    with pytest.raises(ValidationError) as fout:
        services.signaal_wegen(
            signaal=signaal, door=af, aard="", ernst="", risico="", onderbouwing=" ", versie=signaal.versie
        )
    assert foutmeldingen(fout) == {
        "risico": ["Kies het risico: laag, midden of hoog."],
        "onderbouwing": ["Onderbouw de weging in een paar zinnen."],
    }


def test_heropenen_vraagt_een_reden(af):
    signaal = SignaalFactory(door=af, afgesloten=True)
    with pytest.raises(ValidationError) as fout:
        services.signaal_heropenen(signaal=signaal, door=af, reden="  ")
    assert foutmeldingen(fout)["reden"] == ["Geef de reden om het signaal te heropenen."]
    assert ververst(signaal).status == Status.AFGESLOTEN


def test_heropenen_van_lopend_signaal_wist_de_kijkdatum(af):
    signaal = SignaalFactory(door=af, lopend=True)
    assert signaal.monitoren_tot is not None
    services.signaal_heropenen(signaal=signaal, door=af, reden="Melder belde opnieuw")
    opnieuw = ververst(signaal)
    assert (opnieuw.status, opnieuw.monitoren_tot) == (Status.IN_ONDERZOEK, None)
    assert tijdlijn(signaal)[-1] == "Heropend: Melder belde opnieuw"


def test_heropend_signaal_kan_opnieuw_gewogen_en_besloten(af):
    signaal = SignaalFactory(door=af, afgesloten=True)
    _heropenen(signaal, af)
    _wegen(ververst(signaal), af)
    _besluiten(ververst(signaal), af)
    assert ververst(signaal).status == Status.BESLOTEN


# --- Decisions ------------------------------------------------------------------------------


def test_besluit_zorg_en_strafrecht_naast_elkaar(af, plaatsen):
    signaal = SignaalFactory(door=af, gewogen=True)
    services.besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[
            Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["gv"], contactpersoon="ZC Gooi"),
            Verwijzing(Bestemming.POLITIE_TMM, partnerorganisatie="Politie Midden-Nederland"),
            Verwijzing(Bestemming.AI_OPSPORING),
        ],
        versie=signaal.versie,
    )
    opnieuw = ververst(signaal)
    assert opnieuw.status == Status.BESLOTEN
    assert opnieuw.besloten_op is not None
    verwijzingen = {d.bestemming: d for d in opnieuw.doorverwijzingen.all()}
    assert set(verwijzingen) == {Bestemming.ZORGCOORDINATOR, Bestemming.POLITIE_TMM, Bestemming.AI_OPSPORING}
    assert verwijzingen[Bestemming.ZORGCOORDINATOR].regio == plaatsen["gv"]
    assert verwijzingen[Bestemming.POLITIE_TMM].regio is None
    assert verwijzingen[Bestemming.POLITIE_TMM].partnerorganisatie == "Politie Midden-Nederland"
    for d in verwijzingen.values():
        assert (d.terugkoppeling, d.datum, d.door) == (T.VERSTUURD, vandaag(), af)
    assert "Doorverwezen naar Zorgcoördinator" in tijdlijn(signaal)
    assert "Doorverwezen naar Politie: Team Migratiecriminaliteit en Mensenhandel" in tijdlijn(signaal)


def test_besluit_zelf_hulp(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    _besluiten(signaal, af)
    assert ververst(signaal).status == Status.BESLOTEN
    assert tijdlijn(signaal)[-1] == "Besluit: zelf hulp organiseren"


def test_besluit_zonder_keuze(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(signaal=signaal, door=af, verwijzingen=[], versie=signaal.versie)
    assert foutmeldingen(fout)["__all__"] == [
        "Kies minstens één besluit: doorverwijzen, zelf hulp organiseren, monitoren of afsluiten."
    ]


def test_zorgcoordinator_zonder_regio(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            verwijzingen=[Verwijzing(Bestemming.ZORGCOORDINATOR)],
            versie=signaal.versie,
        )
    assert foutmeldingen(fout)["regio"] == ["Kies de regio van de zorgcoördinator."]


def test_zorgcoordinator_van_een_andere_regio_maakt_niets(af, plaatsen):
    signaal = SignaalFactory(door=af, gewogen=True)
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            verwijzingen=[
                Verwijzing(Bestemming.POLITIE_BASISTEAM),
                Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["fr"]),
            ],
            versie=signaal.versie,
        )
    assert foutmeldingen(fout)["regio"] == ["Deze regio hoort niet bij de gemeente van het signaal."]
    # The police referral before it was not kept either.
    assert not Doorverwijzing.objects.exists()
    assert ververst(signaal).status == Status.GEWOGEN


@pytest.mark.parametrize("dagen", [0, -1])
def test_monitoren_vraagt_een_datum_in_de_toekomst(af, dagen):
    signaal = SignaalFactory(door=af, gewogen=True)
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            verwijzingen=[],
            monitoren_tot=vandaag() + timedelta(days=dagen),
            versie=signaal.versie,
        )
    assert foutmeldingen(fout)["monitoren_tot"] == [
        "Kies een datum in de toekomst om het signaal opnieuw te bekijken."
    ]
    assert ververst(signaal).status == Status.GEWOGEN


def test_monitoren_maakt_lopend_signaal(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    kijkdatum = vandaag() + timedelta(days=1)
    services.besluit_nemen(
        signaal=signaal, door=af, verwijzingen=[], monitoren_tot=kijkdatum, versie=signaal.versie
    )
    opnieuw = ververst(signaal)
    assert (opnieuw.status, opnieuw.monitoren_tot) == (Status.LOPEND, kijkdatum)
    assert tijdlijn(signaal)[-1] == f"Lopend signaal, opnieuw bekijken op {kijkdatum:%d-%m-%Y}"


def test_monitoren_naast_een_doorverwijzing(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    services.besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[Verwijzing(Bestemming.VEILIG_THUIS)],
        monitoren_tot=vandaag() + timedelta(days=30),
        versie=signaal.versie,
    )
    opnieuw = ververst(signaal)
    assert opnieuw.status == Status.LOPEND
    assert list(opnieuw.doorverwijzingen.values_list("bestemming", flat=True)) == [Bestemming.VEILIG_THUIS]


def test_afsluiten_vraagt_reden_en_toelichting(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            verwijzingen=[],
            afsluitreden=Afsluitreden.GEEN_MENSENHANDEL,
            afsluittoelichting=" ",
            versie=signaal.versie,
        )
    assert foutmeldingen(fout)["afsluittoelichting"] == ["Licht toe waarom het signaal wordt afgesloten."]
    # Without a reason there is no closing: only an explanation is not a decision.
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            verwijzingen=[],
            afsluittoelichting="Niets aan de hand",
            versie=signaal.versie,
        )
    assert "__all__" in foutmeldingen(fout)
    assert ververst(signaal).status == Status.GEWOGEN


@pytest.mark.parametrize(
    "erbij",
    [
        {"verwijzingen": [Verwijzing(Bestemming.POLITIE_BASISTEAM)]},
        {"zelf_hulp": True},
        {"monitoren_tot": "overmorgen"},
    ],
    ids=["doorverwijzing", "zelf-hulp", "monitoren"],
)
def test_afsluiten_kan_niet_samen_met_een_ander_besluit(af, erbij):
    signaal = SignaalFactory(door=af, gewogen=True)
    erbij = {k: vandaag() + timedelta(days=2) if v == "overmorgen" else v for k, v in erbij.items()}
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            **{"verwijzingen": [], **erbij},
            afsluitreden=Afsluitreden.TE_WEINIG,
            afsluittoelichting="Te weinig",
            versie=signaal.versie,
        )
    assert foutmeldingen(fout)["afsluitreden"] == [
        "Afsluiten kan niet samen met doorverwijzen, zelf hulp organiseren of monitoren."
    ]
    assert not Doorverwijzing.objects.exists()


def test_afsluiten(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    services.besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[],
        afsluitreden=Afsluitreden.GEEN_MENSENHANDEL,
        afsluittoelichting="  Gewoon een drukke werkplek.  ",
        versie=signaal.versie,
    )
    opnieuw = ververst(signaal)
    assert opnieuw.status == Status.AFGESLOTEN
    assert (opnieuw.afsluitreden, opnieuw.afsluittoelichting) == (
        "geen_mensenhandel",
        "Gewoon een drukke werkplek.",
    )
    assert tijdlijn(signaal)[-1] == "Afgesloten: Geen mensenhandel"


def test_lopend_signaal_afsluiten_wist_de_kijkdatum(af):
    signaal = SignaalFactory(door=af, lopend=True)
    services.besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[],
        afsluitreden=Afsluitreden.TE_WEINIG,
        afsluittoelichting="Niets nieuws gebleken.",
        versie=signaal.versie,
    )
    opnieuw = ververst(signaal)
    assert (opnieuw.status, opnieuw.monitoren_tot) == (Status.AFGESLOTEN, None)


def test_afsluiten_met_onbekende_reden(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    with pytest.raises(ValidationError) as fout:
        services.besluit_nemen(
            signaal=signaal,
            door=af,
            verwijzingen=[],
            afsluitreden="geen_zin",
            afsluittoelichting="Toelichting",
            versie=signaal.versie,
        )
    assert "afsluitreden" in foutmeldingen(fout)


# --- Feedback on referrals ------------------------------------------------------------------


def doorverwezen(door, *verwijzingen: Verwijzing) -> Signaal:
    signaal = SignaalFactory(door=door, gewogen=True)
    services.besluit_nemen(signaal=signaal, door=door, verwijzingen=list(verwijzingen), versie=signaal.versie)
    return ververst(signaal)


def test_terugkoppeling_verstuurd_ontvangen_opgepakt_afgerond(af):
    signaal = doorverwezen(af, Verwijzing(Bestemming.POLITIE_BASISTEAM))
    d = signaal.doorverwijzingen.get()
    eergisteren = vandaag() - timedelta(days=2)
    d = services.terugkoppeling_vastleggen(doorverwijzing=d, door=af, status=T.ONTVANGEN, datum=eergisteren)
    assert (d.terugkoppeling, d.ontvangen_op) == (T.ONTVANGEN, eergisteren)
    d = services.terugkoppeling_vastleggen(doorverwijzing=d, door=af, status=T.OPGEPAKT, bericht=" Opgepakt ")
    assert (d.terugkoppeling, d.opgepakt_op, d.bericht) == (T.OPGEPAKT, vandaag(), "Opgepakt")
    d = services.terugkoppeling_vastleggen(doorverwijzing=d, door=af, status=T.AFGEROND)
    opgeslagen = Doorverwijzing.objects.get(pk=d.pk)
    assert opgeslagen.terugkoppeling == T.AFGEROND
    assert (opgeslagen.ontvangen_op, opgeslagen.opgepakt_op, opgeslagen.afgerond_op) == (
        eergisteren,
        vandaag(),
        vandaag(),
    )
    assert not opgeslagen.wacht_op_terugkoppeling
    assert tijdlijn(signaal)[-3:] == [
        "Terugkoppeling Politie: basisteam: ontvangen",
        "Terugkoppeling Politie: basisteam: opgepakt",
        "Terugkoppeling Politie: basisteam: afgerond",
    ]


@pytest.mark.parametrize(
    "pad",
    [[T.OPGEPAKT], [T.AFGEWEZEN], [T.ONTVANGEN, T.AFGEWEZEN], [T.OPGEPAKT, T.AFGEROND]],
    ids=lambda p: "-".join(p),
)
def test_toegestane_terugkoppelingen(af, pad):
    d = doorverwezen(af, Verwijzing(Bestemming.VEILIG_THUIS)).doorverwijzingen.get()
    for status in pad:
        d = services.terugkoppeling_vastleggen(doorverwijzing=d, door=af, status=status)
    assert Doorverwijzing.objects.get(pk=d.pk).terugkoppeling == pad[-1]


@pytest.mark.parametrize(
    ("pad", "geweigerd"),
    [
        ([], T.AFGEROND),
        ([], T.VERSTUURD),
        ([T.ONTVANGEN], T.ONTVANGEN),
        ([T.ONTVANGEN], T.AFGEROND),
        ([T.OPGEPAKT], T.AFGEWEZEN),
        ([T.OPGEPAKT], T.ONTVANGEN),
        ([T.AFGEWEZEN], T.ONTVANGEN),
        ([T.AFGEWEZEN], T.OPGEPAKT),
        ([T.AFGEWEZEN], T.AFGEROND),
        ([T.OPGEPAKT, T.AFGEROND], T.OPGEPAKT),
        ([T.OPGEPAKT, T.AFGEROND], T.AFGEWEZEN),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else v,
)
def test_geweigerde_terugkoppeling(af, pad, geweigerd):
    d = doorverwezen(af, Verwijzing(Bestemming.RIEC)).doorverwijzingen.get()
    for status in pad:
        d = services.terugkoppeling_vastleggen(doorverwijzing=d, door=af, status=status)
    huidig = pad[-1] if pad else T.VERSTUURD
    with pytest.raises(Geweigerd) as fout:
        services.terugkoppeling_vastleggen(doorverwijzing=d, door=af, status=geweigerd, bericht="x")
    van, naar = T(huidig).label.lower(), T(geweigerd).label.lower()
    assert str(fout.value) == f"De terugkoppeling staat op '{van}' en kan niet naar '{naar}'."
    assert Doorverwijzing.objects.get(pk=d.pk).terugkoppeling == huidig


def test_terugkoppeling_alleen_door_wie_het_signaal_mag_bewerken(af, af_ander):
    d = doorverwezen(af, Verwijzing(Bestemming.POLITIE_TMM)).doorverwijzingen.get()
    with pytest.raises(Geweigerd, match=r"^U mag dit signaal niet wijzigen\.$"):
        services.terugkoppeling_vastleggen(doorverwijzing=d, door=af_ander, status=T.ONTVANGEN)
    assert Doorverwijzing.objects.get(pk=d.pk).terugkoppeling == T.VERSTUURD


def test_zorgcoordinator_accepteert_aanmelding(gebruikers, plaatsen):
    af, zc = gebruikers["af"], gebruikers["zc"]
    signaal = doorverwezen(af, Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["gv"]))
    d = services.aanmelding_beantwoorden(
        doorverwijzing=signaal.doorverwijzingen.get(), door=zc, geaccepteerd=True, bericht="Contact gelegd"
    )
    opgeslagen = Doorverwijzing.objects.get(pk=d.pk)
    assert (opgeslagen.terugkoppeling, opgeslagen.opgepakt_op, opgeslagen.bericht) == (
        T.OPGEPAKT,
        vandaag(),
        "Contact gelegd",
    )
    laatste = Gebeurtenis.objects.filter(signaal=signaal).last()
    assert (laatste.omschrijving, laatste.gebruiker) == ("Zorgcoördinatie: aanmelding geaccepteerd", zc)


def test_zorgcoordinator_wijst_af_met_reden(gebruikers, plaatsen):
    signaal = doorverwezen(gebruikers["af"], Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["gv"]))
    d = services.aanmelding_beantwoorden(
        doorverwijzing=signaal.doorverwijzingen.get(),
        door=gebruikers["zc"],
        geaccepteerd=False,
        bericht="Geen capaciteit; verwezen naar Veilig Thuis",
    )
    opgeslagen = Doorverwijzing.objects.get(pk=d.pk)
    assert (opgeslagen.terugkoppeling, opgeslagen.afgewezen_op) == (T.AFGEWEZEN, vandaag())
    assert opgeslagen.bericht == "Geen capaciteit; verwezen naar Veilig Thuis"
    assert tijdlijn(signaal)[-1] == "Zorgcoördinatie: aanmelding afgewezen"
    # Declined is final.
    with pytest.raises(Geweigerd):
        services.aanmelding_beantwoorden(doorverwijzing=opgeslagen, door=gebruikers["zc"], geaccepteerd=True)


def test_afwijzen_vraagt_een_reden(gebruikers, plaatsen):
    signaal = doorverwezen(gebruikers["af"], Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["gv"]))
    d = signaal.doorverwijzingen.get()
    with pytest.raises(ValidationError) as fout:
        services.aanmelding_beantwoorden(
            doorverwijzing=d, door=gebruikers["zc"], geaccepteerd=False, bericht=" "
        )
    assert foutmeldingen(fout)["bericht"] == [
        "Geef kort de reden van afwijzen (zonder details over de casus)."
    ]
    assert Doorverwijzing.objects.get(pk=d.pk).terugkoppeling == T.VERSTUURD


@pytest.mark.parametrize("wie", ["zc_ander", "af", "kr", "fb"])
def test_aanmelding_alleen_door_zorgcoordinator_van_de_regio(gebruikers, plaatsen, wie):
    signaal = doorverwezen(gebruikers["af"], Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["gv"]))
    d = signaal.doorverwijzingen.get()
    with pytest.raises(Geweigerd) as fout:
        services.aanmelding_beantwoorden(doorverwijzing=d, door=gebruikers[wie], geaccepteerd=True)
    assert str(fout.value) == "Alleen een zorgcoördinator van deze regio beantwoordt deze aanmelding."
    assert Doorverwijzing.objects.get(pk=d.pk).terugkoppeling == T.VERSTUURD


def test_aanmelding_twee_keer_beantwoorden(gebruikers, plaatsen):
    signaal = doorverwezen(gebruikers["af"], Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["gv"]))
    d = signaal.doorverwijzingen.get()
    services.aanmelding_beantwoorden(doorverwijzing=d, door=gebruikers["zc"], geaccepteerd=True)
    with pytest.raises(Geweigerd) as fout:
        services.aanmelding_beantwoorden(
            doorverwijzing=d, door=gebruikers["zc"], geaccepteerd=False, bericht="Toch niet"
        )
    assert str(fout.value) == "De terugkoppeling staat op 'opgepakt' en kan niet naar 'afgewezen'."


def test_geen_aanmelding_voor_zorgcoordinatie(gebruikers):
    signaal = doorverwezen(gebruikers["af"], Verwijzing(Bestemming.POLITIE_BASISTEAM))
    with pytest.raises(Geweigerd) as fout:
        services.aanmelding_beantwoorden(
            doorverwijzing=signaal.doorverwijzingen.get(), door=gebruikers["zc"], geaccepteerd=True
        )
    assert str(fout.value) == "Dit is geen aanmelding voor zorgcoördinatie."


# --- Stacking: 0 + 0 + 0 = 1 ----------------------------------------------------------------

JAN = {"soort": "slachtoffer", "naam": "Jan de Vries", "geboortedatum": date(1990, 5, 1)}
JAN_ANDERS_GESCHREVEN = {"soort": "slachtoffer", "naam": "VRIES, Jan", "geboortedatum": date(1990, 5, 1)}


def test_stapeling_over_twee_gemeenten_in_verschillende_regios(af, af_ander, plaatsen, caplog):
    caplog.set_level(logging.INFO, logger="signalen.services")
    eerste, stapeling_eerst, _ = registreer(af, personen=[JAN], omschrijving="Geheime inhoud Hilversum")
    assert stapeling_eerst == services.Treffers()

    tweede, stapeling, _ = registreer(af_ander, personen=[JAN_ANDERS_GESCHREVEN])
    assert tweede.gemeente == plaatsen["leeuwarden"]

    # The second AF: a hit without content.
    assert stapeling == services.Treffers(binnen_bereik=0, elders=1)
    assert not signalen_leesbaar_voor(af_ander).filter(pk=eerste.pk).exists()
    assert not mag_bewerken(af_ander, eerste)
    bij_tweede = services.stapeling_voor(tweede, af_ander)
    assert (bij_tweede.binnen_bereik, bij_tweede.elders) == ([], 1)

    # The first AF is told as well.
    bij_eerste = services.stapeling_voor(eerste, af)
    assert (bij_eerste.elders, bij_eerste.binnen_bereik) == (1, [])
    assert not signalen_leesbaar_voor(af).filter(pk=tweede.pk).exists()

    # Both timelines record the hit, and neither names the other signal or the person.
    assert tijdlijn(eerste)[-1] == "Stapeling: sterke overeenkomst met een ander signaal"
    assert tijdlijn(tweede)[-1] == "Stapeling: sterke overeenkomst met een ander signaal"
    for tekst in tijdlijn(tweede):
        assert eerste.referentie not in tekst
        assert "Vries" not in tekst
        assert "Hilversum" not in tekst

    koppeling = Koppeling.objects.get()
    assert (koppeling.signaal_a, koppeling.signaal_b) == (eerste, tweede)
    assert koppeling.sterkte == Koppeling.Sterkte.STERK
    assert Identificator.Soort.NAAM_GEBOORTEDATUM in koppeling.soorten
    assert koppeling.beoordeling == Koppeling.Beoordeling.VOORGESTELD
    assert "stapeling gevonden" in caplog.text


def test_stapeling_nog_een_keer_opslaan_meldt_niet_opnieuw(af, af_ander):
    eerste, _, _ = registreer(af, personen=[JAN])
    tweede, _, _ = registreer(af_ander, personen=[JAN_ANDERS_GESCHREVEN])
    persoon = tweede.personen.get()
    _, stapeling = services.persoon_bijwerken(
        persoon=persoon, door=af_ander, gegevens={"nationaliteit": "Nederlands"}
    )
    assert stapeling.elders == 1
    assert Koppeling.objects.count() == 1
    assert tijdlijn(eerste).count("Stapeling: sterke overeenkomst met een ander signaal") == 1


@pytest.mark.parametrize(
    ("persoon_a", "persoon_b", "sterkte", "soorten"),
    [
        pytest.param(
            JAN, JAN_ANDERS_GESCHREVEN, "sterk", {"naam", "naam_geboortedatum"}, id="naam-en-geboortedatum"
        ),
        pytest.param(
            {"naam": "Anna Kowalska", "telefoon": "06 12345678"},
            {"naam": "anna kowalska", "telefoon": "+31 6 1234 5678"},
            "sterk",
            {"naam", "naam_telefoon", "telefoon"},
            id="naam-en-telefoon",
        ),
        pytest.param(
            {"telefoon": "0048 601 234 567"},
            {"telefoon": "+48 601 234 567"},
            "sterk",
            {"telefoon"},
            id="alleen-telefoon",
        ),
        pytest.param(
            {"naam": "Jan de Vries", "geboortedatum": date(1990, 5, 1)},
            {"naam": "Jan Vries", "geboortedatum": date(1991, 5, 1)},
            "mogelijk",
            {"naam"},
            id="naam-andere-geboortedatum",
        ),
        pytest.param({"naam": "Mai Tran"}, {"naam": "TRAN Mai"}, "mogelijk", {"naam"}, id="alleen-naam"),
        pytest.param({"alias": "Meneer Bao"}, {"alias": "meneer bao"}, "mogelijk", {"naam"}, id="alias"),
        pytest.param(
            {"alias": "Bao Nguyen"}, {"naam": "Nguyen Bao"}, "mogelijk", {"naam"}, id="alias-en-naam"
        ),
        pytest.param(
            {"kenteken": "12-ABC-3"}, {"kenteken": "12abc3"}, "mogelijk", {"kenteken"}, id="kenteken"
        ),
        pytest.param(
            {"postcode": "1234 ab", "huisnummer": "12 a"},
            {"postcode": "1234AB", "huisnummer": "12A"},
            "mogelijk",
            {"adres"},
            id="adres",
        ),
    ],
)
def test_sterke_en_mogelijke_overeenkomst(af, af_ander, persoon_a, persoon_b, sterkte, soorten):
    eerste, _, _ = registreer(af, personen=[{"soort": "slachtoffer", **persoon_a}])
    _, stapeling, _ = registreer(af_ander, personen=[{"soort": "dader", **persoon_b}])
    assert stapeling.elders == 1
    koppeling = Koppeling.objects.get()
    assert koppeling.sterkte == sterkte
    assert set(koppeling.soorten) == soorten
    label = "sterke overeenkomst" if sterkte == "sterk" else "mogelijke overeenkomst"
    assert tijdlijn(eerste)[-1] == f"Stapeling: {label} met een ander signaal"


@pytest.mark.parametrize(
    ("persoon_a", "persoon_b"),
    [
        pytest.param(JAN, {"naam": "Jan de Vriesen", "geboortedatum": date(1990, 5, 1)}, id="andere-naam"),
        pytest.param(
            {"geboortedatum": date(1990, 5, 1)}, {"geboortedatum": date(1990, 5, 1)}, id="alleen-datum"
        ),
        pytest.param({"telefoon": "06 12345678"}, {"telefoon": "06 12345679"}, id="ander-nummer"),
        pytest.param({"geschatte_leeftijd": 30}, {"geschatte_leeftijd": 30}, id="anoniem"),
        pytest.param({"postcode": "1234 AB"}, {"postcode": "1234 AB"}, id="postcode-zonder-huisnummer"),
        pytest.param({"nationaliteit": "Pools"}, {"nationaliteit": "Pools"}, id="nationaliteit"),
    ],
)
def test_geen_overeenkomst(af, af_ander, persoon_a, persoon_b):
    registreer(af, personen=[{"soort": "slachtoffer", **persoon_a}])
    _, stapeling, _ = registreer(af_ander, personen=[{"soort": "slachtoffer", **persoon_b}])
    assert stapeling == services.Treffers()
    assert not Koppeling.objects.exists()


def test_twee_personen_in_een_signaal_koppelen_niet_aan_zichzelf(af):
    signaal, stapeling, _ = registreer(af, personen=[JAN, JAN_ANDERS_GESCHREVEN])
    assert stapeling == services.Treffers()
    assert not Koppeling.objects.exists()
    assert tijdlijn(signaal) == ["Signaal geregistreerd"]


def test_signalen_binnen_bereik_worden_getoond(af):
    eerste, _, _ = registreer(af, personen=[JAN])
    tweede, _, _ = registreer(af, personen=[JAN_ANDERS_GESCHREVEN])
    derde, stapeling, _ = registreer(af, personen=[{"soort": "slachtoffer", "naam": "jan vriës"}])
    # "3 signalen over deze persoon", with links: the other two are within reach.
    assert stapeling == services.Treffers(binnen_bereik=2, elders=0)
    bij_derde = services.stapeling_voor(derde, af)
    assert bij_derde.treffers == stapeling
    assert {k.ander for k in bij_derde.binnen_bereik} == {eerste, tweede}
    assert {k.sterkte for k in bij_derde.binnen_bereik} == {Koppeling.Sterkte.MOGELIJK}
    bij_eerste = services.stapeling_voor(eerste, af)
    assert {k.ander for k in bij_eerste.binnen_bereik} == {tweede, derde}
    sterk = next(k for k in bij_eerste.binnen_bereik if k.ander == tweede)
    assert sterk.sterkte == Koppeling.Sterkte.STERK
    assert koppelingen_van(eerste).count() == 2


def test_binnen_bereik_voor_af_die_beide_gemeenten_bedient(af, plaatsen):
    af_huizen = maak_gebruiker(
        "af.huizen@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["huizen"]]
    )
    eerste, _, _ = registreer(af, personen=[JAN])
    _, stapeling, _ = registreer(af_huizen, personen=[JAN_ANDERS_GESCHREVEN])
    # Another gemeente in the same regio is still "elders" for an AF who does not serve it.
    assert stapeling == services.Treffers(binnen_bereik=0, elders=1)
    gebruiker_toewijzen(
        gebruiker=af_huizen,
        rol=Rol.AANDACHTSFUNCTIONARIS,
        gemeenten=[plaatsen["huizen"], plaatsen["hilversum"]],
    )
    tweede = Signaal.objects.get(geregistreerd_door=af_huizen)
    nu = services.stapeling_voor(tweede, af_huizen)
    assert (nu.elders, [k.ander for k in nu.binnen_bereik]) == (0, [eerste])


def test_koppeling_bevestigen(af, caplog):
    caplog.set_level(logging.INFO, logger="signalen.services")
    eerste, _, _ = registreer(af, personen=[JAN])
    tweede, stapeling, _ = registreer(af, personen=[JAN_ANDERS_GESCHREVEN])
    assert stapeling == services.Treffers(binnen_bereik=1, elders=0)
    paar = services.stapeling_voor(tweede, af).binnen_bereik[0]
    koppeling = services.koppeling_beoordelen(koppeling=paar, door=af, bevestigd=True)
    opgeslagen = Koppeling.objects.get(pk=koppeling.pk)
    assert opgeslagen.beoordeling == Koppeling.Beoordeling.BEVESTIGD
    assert opgeslagen.beoordeeld_door == af
    assert opgeslagen.beoordeeld_op is not None
    assert tijdlijn(eerste)[-1] == f"Koppeling met {tweede.referentie} bevestigd"
    assert tijdlijn(tweede)[-1] == f"Koppeling met {eerste.referentie} bevestigd"
    assert [k.ander for k in services.stapeling_voor(tweede, af).binnen_bereik] == [eerste]
    assert "koppeling beoordeeld" in caplog.text


def test_afgewezen_koppeling_verdwijnt_en_komt_niet_terug(af):
    eerste, _, _ = registreer(af, personen=[JAN])
    tweede, _, _ = registreer(af, personen=[JAN_ANDERS_GESCHREVEN])
    paar = services.stapeling_voor(tweede, af).binnen_bereik[0]
    services.koppeling_beoordelen(koppeling=paar, door=af, bevestigd=False)
    assert services.stapeling_voor(tweede, af) == services.Stapeling()
    assert services.stapeling_voor(eerste, af) == services.Stapeling()
    assert not koppelingen_van(eerste).exists()
    assert tijdlijn(tweede)[-1] == f"Koppeling met {eerste.referentie} afgewezen"
    # Saving the person again finds the same pair; the rejection stands.
    _, opnieuw = services.persoon_bijwerken(persoon=tweede.personen.get(), door=af, gegevens={"telefoon": ""})
    assert opnieuw == services.Treffers()
    assert Koppeling.objects.get().beoordeling == Koppeling.Beoordeling.AFGEWEZEN


@pytest.mark.parametrize("wie", ["af", "af_ander", "zc", "kr", "fb"])
def test_koppeling_beoordelen_vraagt_beide_signalen(gebruikers, wie):
    registreer(gebruikers["af"], personen=[JAN])
    registreer(gebruikers["af_ander"], personen=[JAN_ANDERS_GESCHREVEN])
    koppeling = Koppeling.objects.get()
    with pytest.raises(Geweigerd) as fout:
        services.koppeling_beoordelen(koppeling=koppeling, door=gebruikers[wie], bevestigd=True)
    if wie in ("af", "af_ander"):
        # The holder of one side judges it for that side, after contact was made (issue 18 point 1).
        assert str(fout.value).startswith("Deze koppeling ligt bij twee gemeenten. Leg eerst contact")
    else:
        assert str(fout.value) == (
            "Deze koppeling kan alleen worden beoordeeld door wie beide signalen mag inzien. "
            "Neem contact op met de ketenregisseur of zorgcoördinator."
        )
    assert Koppeling.objects.get().beoordeling == Koppeling.Beoordeling.VOORGESTELD


def test_persoon_bijwerken_vernieuwt_identificatoren_en_vindt_nieuwe_treffers(af, af_ander):
    registreer(
        af, personen=[{"soort": "slachtoffer", "naam": "Piotr Kowalczyk", "telefoon": "+48 601 234 567"}]
    )
    tweede, stapeling, _ = registreer(af_ander, personen=[{"soort": "slachtoffer", "naam": "Piotr K."}])
    assert stapeling == services.Treffers()
    persoon = tweede.personen.get()
    _, stapeling = services.persoon_bijwerken(
        persoon=persoon, door=af_ander, gegevens={"telefoon": "0048601234567"}
    )
    assert stapeling.elders == 1
    assert Koppeling.objects.get().soorten == ["telefoon"]
    hashes = set(Identificator.objects.filter(persoon=persoon).values_list("soort", "waarde_hash"))
    assert hashes == {
        ("naam", normalisatie.sleutel("naam", "k piotr")),
        ("naam_telefoon", normalisatie.sleutel("naam_telefoon", "k piotr", "+48601234567")),
        ("telefoon", normalisatie.sleutel("telefoon", "+48601234567")),
    }
    # The corrected name makes the match stronger and the pair is updated, not duplicated.
    services.persoon_bijwerken(persoon=persoon, door=af_ander, gegevens={"naam": "Kowalczyk, Piotr"})
    koppeling = Koppeling.objects.get()
    assert set(koppeling.soorten) == {"naam", "naam_telefoon", "telefoon"}
    assert koppeling.sterkte == Koppeling.Sterkte.STERK


def test_mogelijk_wordt_sterk_als_geboortedatum_bekend_wordt(af, af_ander):
    registreer(af, personen=[JAN])
    tweede, _, _ = registreer(af_ander, personen=[{"soort": "slachtoffer", "naam": "Jan Vries"}])
    assert Koppeling.objects.get().sterkte == Koppeling.Sterkte.MOGELIJK
    services.persoon_bijwerken(
        persoon=tweede.personen.get(), door=af_ander, gegevens={"geboortedatum": date(1990, 5, 1)}
    )
    assert Koppeling.objects.get().sterkte == Koppeling.Sterkte.STERK


def test_persoon_toevoegen_aan_bestaand_signaal_vindt_treffer(af, af_ander):
    registreer(af, personen=[JAN])
    tweede = SignaalFactory(door=af_ander)
    persoon = BetrokkenPersoonFactory(signaal=tweede, naam="de Vries, Jan", geboortedatum=date(1990, 5, 1))
    assert persoon.stapeling.elders == 1
    assert ververst(tweede).versie == 2
    assert tijdlijn(tweede)[-2:] == [
        "Betrokken persoon toegevoegd (mogelijk slachtoffer)",
        "Stapeling: sterke overeenkomst met een ander signaal",
    ]


def test_persoon_toevoegen_validatie_en_bevoegdheid(af, af_ander):
    signaal = SignaalFactory(door=af)
    with pytest.raises(ValidationError) as fout:
        services.persoon_toevoegen(
            signaal=signaal, door=af, gegevens={"soort": "slachtoffer", "telefoon": "geen nummer"}
        )
    assert "telefoon" in foutmeldingen(fout)
    with pytest.raises(Geweigerd, match=r"^U mag dit signaal niet wijzigen\.$"):
        services.persoon_toevoegen(signaal=signaal, door=af_ander, gegevens={"soort": "dader", "naam": "X"})
    assert not signaal.personen.exists()
    assert ververst(signaal).versie == 1


def test_verwijderde_gegevens_maken_geen_treffers(af, af_ander, gebruikers, plaatsen):
    eerste, _, _ = registreer(
        af, personen=[{"soort": "slachtoffer", "naam": "Mai Tran", "telefoon": "06 11112222"}]
    )
    persoon = eerste.personen.get()
    services.persoon_bijwerken(persoon=persoon, door=af, gegevens={"naam": "", "telefoon": None})
    assert not Identificator.objects.filter(persoon=persoon).exists()
    _, stapeling, _ = registreer(
        af_ander, personen=[{"soort": "slachtoffer", "naam": "Mai Tran", "telefoon": "06 11112222"}]
    )
    assert stapeling == services.Treffers()
    assert not Koppeling.objects.exists()


def test_verwijderde_persoon_maakt_geen_treffers(af, af_ander):
    eerste, _, _ = registreer(af, personen=[JAN])
    services.persoon_verwijderen(persoon=eerste.personen.get(), door=af)
    assert not Identificator.objects.filter(signaal=eerste).exists()
    assert tijdlijn(eerste)[-1] == "Betrokken persoon verwijderd"
    _, stapeling, _ = registreer(af_ander, personen=[JAN_ANDERS_GESCHREVEN])
    assert stapeling == services.Treffers()


def test_gecorrigeerde_gegevens_laten_de_treffer_vervallen(af, af_ander):
    eerste, _, _ = registreer(af, personen=[{"soort": "slachtoffer", "telefoon": "06 12345678"}])
    tweede, stapeling, _ = registreer(
        af_ander, personen=[{"soort": "slachtoffer", "telefoon": "+31612345678"}]
    )
    assert stapeling.elders == 1
    # The second AF mistyped the number and corrects it: no match remains.
    _, stapeling = services.persoon_bijwerken(
        persoon=tweede.personen.get(), door=af_ander, gegevens={"telefoon": "06 87654321"}
    )
    assert stapeling == services.Treffers()
    assert services.stapeling_voor(eerste, af) == services.Stapeling()


@pytest.mark.parametrize(
    ("soorten", "labels"),
    [
        (["naam", "naam_geboortedatum"], ["Naam en geboortedatum"]),
        (["naam", "naam_telefoon", "telefoon"], ["Naam en telefoonnummer"]),
        (["naam", "telefoon"], ["Naam", "Telefoonnummer"]),
        (["adres", "naam"], ["Postcode en huisnummer", "Naam"]),
    ],
)
def test_een_overeenkomst_noemt_elk_gegeven_een_keer(soorten, labels):
    """Not "naam, naam en geboortedatum": a kind that a more specific one says is left out."""
    assert Identificator.overeenkomst_labels(soorten) == labels


def test_wachtend_zijn_standen_van_de_terugkoppeling():
    """The states the queries and the inbox's partial index share are real feedback states."""
    from signalen.models import WACHTEND

    assert set(WACHTEND) == {Doorverwijzing.Terugkoppeling.VERSTUURD, Doorverwijzing.Terugkoppeling.ONTVANGEN}
