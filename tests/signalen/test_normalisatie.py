"""Normalisation of identifying data and the keyed hashes made of it (issue 3, point 6).

The same person written differently must give the same key; different people must not;
a key must be worthless without the server's secret.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signalen import normalisatie
from signalen.models import BetrokkenPersoon, Identificator
from signalen.services import identificatoren_van

# --- Names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "geschreven",
    [
        "Jan de Vries",
        "VRIES, Jan de",
        "jan vriës",  # ë folds to e
        "Jan  Vriës",
        "de Vries, Jan",
        "J̈an de Vries",  # a combining diaeresis typed separately
        "  jan   DE   vries  ",
        "Vries-Jan",
    ],
)
def test_naam_zelfde_persoon_anders_geschreven(geschreven):
    assert normalisatie.naam(geschreven) == normalisatie.naam("Jan de Vries") == "jan vries"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Van 't Hof", "hof"),
        ("van der Berg, Anna", "Anna Berg"),
        ("Anna ter Horst", "HORST Anna"),
        ("Strauß", "Strauss"),
        ("Ana Ramírez", "ana ramirez"),
        ("Zoë Čapek", "zoe capek"),
        ("d'Ancona", "Ancona"),
    ],
)
def test_naam_vouwt_hoofdletters_accenten_en_tussenvoegsels(a, b):
    assert normalisatie.naam(a) == normalisatie.naam(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jan de Vries", "Jan de Vriesen"),
        ("Jan de Vries", "Jan"),
        ("Anna Kowalska", "Anna Kowalski"),
        ("Mai Tran", "Mai Tran Thi"),
    ],
)
def test_naam_andere_persoon_blijft_anders(a, b):
    assert normalisatie.naam(a) != normalisatie.naam(b)


def test_naam_van_alleen_tussenvoegsels_of_leestekens_is_leeg():
    assert normalisatie.naam("van der") == ""
    assert normalisatie.naam(" -, ") == ""


def test_naam_letters_zonder_decompositie_worden_omgezet():
    # Polish and Scandinavian names are common among the people these signals are about.
    assert normalisatie.naam("Paweł Nowak") == normalisatie.naam("Pawel Nowak")
    assert normalisatie.naam("Søren Jensen") == normalisatie.naam("Soren Jensen")
    assert normalisatie.naam("Søren Jensen") != normalisatie.naam("Ren Jensen")


# Letters as people type them in Dutch forms, with the accents of the countries most
# victims come from; tussenvoegsels mixed in as their own words.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèëêïíóöüúàáâçñšžčăîțșő"
woord = st.text(alphabet=LETTERS, min_size=1, max_size=12)
woorden = st.lists(
    st.one_of(woord, st.sampled_from(["de", "van", "der", "ten", "Van", "DE"])), min_size=1, max_size=5
)
scheiding = st.sampled_from([" ", "  ", ", ", "-", " - "])


@given(st.text(max_size=60))
def test_naam_is_idempotent(tekst):
    eenmaal = normalisatie.naam(tekst)
    assert normalisatie.naam(eenmaal) == eenmaal


@given(woorden, st.randoms(use_true_random=False), scheiding)
def test_naam_woordvolgorde_doet_er_niet_toe(lijst, rnd, sep):
    geschud = list(lijst)
    rnd.shuffle(geschud)
    assert normalisatie.naam(sep.join(geschud)) == normalisatie.naam(" ".join(lijst))


@given(woorden)
def test_naam_hoofdletters_doen_er_niet_toe(lijst):
    tekst = " ".join(lijst)
    assert normalisatie.naam(tekst.upper()) == normalisatie.naam(tekst.lower()) == normalisatie.naam(tekst)


@given(st.text(max_size=60))
def test_naam_bevat_alleen_kleine_letters_cijfers_en_spaties(tekst):
    uitkomst = normalisatie.naam(tekst)
    assert set(uitkomst) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert uitkomst == " ".join(uitkomst.split())


# --- Phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "geschreven",
    ["06 12345678", "0612345678", "+31 6 1234 5678", "0031612345678", "+31612345678", "(06) 123 456 78"],
)
def test_telefoon_nederlands_mobiel_naar_e164(geschreven):
    assert normalisatie.telefoon(geschreven) == "+31612345678"


def test_telefoon_vast_nummer_zonder_landcode():
    assert normalisatie.telefoon("020 123 4567") == "+31201234567"


@pytest.mark.parametrize("geschreven", ["+48 601 234 567", "0048 601 234 567", "+48601234567"])
def test_telefoon_pools_nummer(geschreven):
    assert normalisatie.telefoon(geschreven) == "+48601234567"


def test_telefoon_buitenlands_nummer_wordt_niet_nederlands():
    assert normalisatie.telefoon("+44 7911 123456") == "+447911123456"
    assert normalisatie.telefoon("+48 601 234 567") != normalisatie.telefoon("0601234567")


@pytest.mark.parametrize("onzin", ["", "abc", "bel me maar", "12", "112", "06123456789012", "++--"])
def test_telefoon_onzin_geeft_none(onzin):
    assert normalisatie.telefoon(onzin) is None


@pytest.mark.parametrize("onvolledig", ["06 1234567", "06-1234", "1234567890"])
def test_telefoon_onvolledig_nummer_geeft_none(onvolledig):
    assert normalisatie.telefoon(onvolledig) is None


@given(st.text(max_size=30))
def test_telefoon_geeft_e164_of_none(tekst):
    uitkomst = normalisatie.telefoon(tekst)
    if uitkomst is not None:
        assert uitkomst.startswith("+")
        assert uitkomst[1:].isdigit()
        assert normalisatie.telefoon(uitkomst) == uitkomst


# Dutch mobile numbers in use start 06-1 to 06-5 (06-6, 06-7 are not assigned to mobiles).
@given(st.integers(min_value=10_000_000, max_value=59_999_999), st.randoms(use_true_random=False))
def test_telefoon_schrijfwijze_van_06_nummer_doet_er_niet_toe(nummer, rnd):
    cijfers = f"6{nummer}"
    schrijfwijzen = [f"0{cijfers}", f"+31{cijfers}", f"0031{cijfers}", f"0{cijfers[:1]} {cijfers[1:]}"]
    spaties = "".join(c + (" " if rnd.random() < 0.3 else "") for c in rnd.choice(schrijfwijzen))
    assert normalisatie.telefoon(spaties) == f"+31{cijfers}"


# --- Licence plates, postcode and house number ----------------------------------------------


@pytest.mark.parametrize("geschreven", ["12-ABC-3", "12 abc 3", "12abc3", " 12-aBc-3 ", "12.ABC.3"])
def test_kenteken(geschreven):
    assert normalisatie.kenteken(geschreven) == "12ABC3"


def test_kenteken_anders_blijft_anders():
    assert normalisatie.kenteken("12-ABC-3") != normalisatie.kenteken("12-ABC-4")


@pytest.mark.parametrize("geschreven", ["1234 AB", "1234ab", "1234 ab", " 1234  AB "])
def test_postcode(geschreven):
    assert normalisatie.postcode(geschreven) == "1234AB"


@pytest.mark.parametrize("geschreven", ["12A", "12 a", "12-a", "12 - A"])
def test_huisnummer(geschreven):
    assert normalisatie.huisnummer(geschreven) == "12A"


def test_geboortedatum():
    assert normalisatie.geboortedatum(date(1990, 5, 1)) == "1990-05-01"


def _persoon(**velden) -> BetrokkenPersoon:
    return BetrokkenPersoon(soort=BetrokkenPersoon.Soort.SLACHTOFFER, **velden)


def test_postcode_en_huisnummer_anders_geschreven_geven_dezelfde_sleutel():
    a = identificatoren_van(_persoon(postcode="1234 ab", huisnummer="12 a"))
    b = identificatoren_van(_persoon(postcode="1234AB", huisnummer="12-A"))
    assert a == b
    assert {soort for soort, _ in a} == {Identificator.Soort.ADRES}


def test_postcode_zonder_huisnummer_geeft_geen_adressleutel():
    assert identificatoren_van(_persoon(postcode="1234 AB")) == set()


# --- Keyed hashes ---------------------------------------------------------------------------


def test_sleutel_is_hmac_sha256_van_64_hextekens():
    sleutel = normalisatie.sleutel("telefoon", "+31612345678")
    assert len(sleutel) == 64
    int(sleutel, 16)


def test_sleutel_is_deterministisch_en_hangt_af_van_soort_en_waarde():
    assert normalisatie.sleutel("naam", "jan vries") == normalisatie.sleutel("naam", "jan vries")
    assert normalisatie.sleutel("naam", "jan vries") != normalisatie.sleutel("alias", "jan vries")
    assert normalisatie.sleutel("naam", "jan vries") != normalisatie.sleutel("naam", "jan vriesen")


def test_sleutel_delen_lopen_niet_in_elkaar_over():
    # ("ab", "c") and ("a", "bc") are different identifiers.
    assert normalisatie.sleutel("adres", "ab", "c") != normalisatie.sleutel("adres", "a", "bc")


def test_sleutel_verandert_met_hmac_sleutel(settings):
    settings.HMAC_SLEUTEL = "eerste-geheim-" + "x" * 40
    eerste = normalisatie.sleutel("telefoon", "+31612345678")
    settings.HMAC_SLEUTEL = "tweede-geheim-" + "y" * 40
    tweede = normalisatie.sleutel("telefoon", "+31612345678")
    assert eerste != tweede


def test_sleutel_is_echt_een_hmac_met_het_servergeheim(settings):
    settings.HMAC_SLEUTEL = "geheim-voor-deze-test"
    verwacht = hmac.new(b"geheim-voor-deze-test", b"telefoon\x1f+31612345678", hashlib.sha256).hexdigest()
    assert normalisatie.sleutel("telefoon", "+31612345678") == verwacht


@pytest.mark.parametrize(
    ("soort", "waarde"),
    [("telefoon", "+31612345678"), ("naam", "jan vries"), ("kenteken", "12ABC3")],
)
def test_sleutel_is_nooit_de_gewone_sha256(soort, waarde):
    # Without the secret, trying names or numbers against a leaked table must not work.
    sleutel = normalisatie.sleutel(soort, waarde)
    kandidaten = [waarde, f"{soort}\x1f{waarde}", f"{soort}{waarde}", f"{soort}:{waarde}"]
    for kandidaat in kandidaten:
        assert sleutel != hashlib.sha256(kandidaat.encode()).hexdigest()
    # ... nor an HMAC with an empty key, or with the value as key.
    assert sleutel != hmac.new(b"", f"{soort}\x1f{waarde}".encode(), hashlib.sha256).hexdigest()


def test_identificatoren_bevatten_geen_leesbare_gegevens():
    persoon = _persoon(
        naam="Jan de Vries",
        geboortedatum=date(1990, 5, 1),
        telefoon="06 12345678",
        kenteken="12-ABC-3",
        postcode="1234 AB",
        huisnummer="12",
    )
    paren = identificatoren_van(persoon)
    assert {s for s, _ in paren} == {
        Identificator.Soort.NAAM,
        Identificator.Soort.NAAM_GEBOORTEDATUM,
        Identificator.Soort.NAAM_TELEFOON,
        Identificator.Soort.TELEFOON,
        Identificator.Soort.KENTEKEN,
        Identificator.Soort.ADRES,
    }
    for _, waarde in paren:
        for leesbaar in ("vries", "jan", "1990", "612345678", "12ABC3", "1234AB"):
            assert leesbaar not in waarde.lower()


def test_identificatoren_anders_geschreven_persoon_gelijk():
    a = _persoon(naam="Jan de Vries", geboortedatum=date(1990, 5, 1), telefoon="06 12345678")
    b = _persoon(naam="VRIES, Jan", geboortedatum=date(1990, 5, 1), telefoon="+31 6 1234 5678")
    assert identificatoren_van(a) == identificatoren_van(b)
