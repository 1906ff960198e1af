"""The aandachtsfunctionaris finds her signals by a person involved: name or alias, date of birth,
phone number, matched the way stacking matches, within her own scope, and on the record
(issue 17, point 4)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from mensenhandel.models import ToegangsLog
from tests.conftest import PER_VERZOEK
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signalen(gebruikers):
    af = gebruikers["af"]
    return {
        "jose": SignaalFactory(
            door=af,
            personen=[
                PersoonGegevensFactory(
                    naam="José van der Berg",
                    alias="Pepe",
                    geboortedatum=date(1994, 3, 2),
                    telefoon="06 12345678",
                )
            ],
        ),
        "jose_ander": SignaalFactory(
            door=af,
            personen=[PersoonGegevensFactory(naam="Jose van den Berg", geboortedatum=date(1990, 1, 1))],
        ),
        "zonder": SignaalFactory(door=af, personen=[PersoonGegevensFactory(naam="Anna Kowalska")]),
        # The same person in another AF's gemeente: outside this AF's reach.
        "elders": SignaalFactory(
            door=gebruikers["af_ander"],
            personen=[PersoonGegevensFactory(naam="José van der Berg", geboortedatum=date(1994, 3, 2))],
        ),
    }


def gevonden(client, **zoek) -> set[str]:
    antwoord = client.get(reverse("signalen:start"), zoek)
    assert antwoord.status_code == 200, antwoord.content.decode()[:2000]
    return gevonden_in(antwoord)


def gevonden_in(antwoord) -> set[str]:
    """The references in the list's table (the box of hits elsewhere above it names others)."""
    pagina = html.unescape(antwoord.content.decode())
    tabel = (
        pagina.split("<caption>Signalen", 1)[1].split("</table>", 1)[0]
        if "<caption>Signalen" in pagina
        else ""
    )
    return set(re.findall(r"S-\d{4}-\d+", tabel))


def test_zoeken_op_naam_zoals_stapeling_vergelijkt(client_als, signalen):
    client = client_als("af")
    jose, ander = signalen["jose"].referentie, signalen["jose_ander"].referentie
    # Case, accents, tussenvoegsels and word order make no difference; "van der" and "van den"
    # are both tussenvoegsels, so both Berg signals match on the name alone.
    for zoekterm in ("josé van der berg", "BERG, Jose", "Jose Berg"):
        assert gevonden(client, persoon=zoekterm) == {jose, ander}
    # An alias is a name too.
    assert gevonden(client, persoon="pepe") == {jose}
    # Never a signal outside her reach, however well it matches.
    assert signalen["elders"].referentie not in gevonden(client, persoon="José van der Berg")


def test_naam_met_geboortedatum_of_telefoon_en_alleen_een_datum(client_als, signalen):
    client = client_als("af")
    jose = signalen["jose"].referentie
    assert gevonden(client, persoon="jose berg", geboortedatum="1994-03-02") == {jose}
    assert gevonden(client, persoon="jose berg", telefoon="+31 6 1234 5678") == {jose}
    assert gevonden(client, telefoon="0612345678") == {jose}
    assert gevonden(client, geboortedatum="1990-01-01") == {signalen["jose_ander"].referentie}
    assert gevonden(client, persoon="jose berg", geboortedatum="1980-01-01") == set()


def test_de_zoekopdracht_staat_in_het_toegangslog_zonder_wat_er_gezocht_is(client_als, gebruikers, signalen):
    client = client_als("af")
    gevonden(client, persoon="José van der Berg", geboortedatum="1994-03-02")
    regel = ToegangsLog.objects.filter(gebruiker=gebruikers["af"], scherm="signalen:start").latest("id")
    assert regel.actie == ToegangsLog.Actie.ZOEKEN
    assert regel.toelichting.startswith("Gezocht op betrokken persoon: naam of alias")
    assert "geboortedatum" in regel.toelichting
    assert "Berg" not in regel.toelichting and "1994" not in regel.toelichting
    assert regel.getoond == [f"signalen.Signaal:{signalen['jose'].uuid}"]
    # The export of the same search says so too.
    client.get(reverse("signalen:export"), {"persoon": "pepe"})
    export = ToegangsLog.objects.filter(gebruiker=gebruikers["af"], scherm="signalen:export").latest("id")
    assert export.toelichting == "Gezocht op betrokken persoon: naam of alias van een betrokken persoon"
    assert export.getoond == [f"signalen.Signaal:{signalen['jose'].uuid}"]


@pytest.mark.parametrize(
    ("zoek", "veld", "melding"),
    [
        ({"persoon": "!!!"}, "persoon", "Vul een naam in met letters, bijvoorbeeld Jan de Vries."),
        ({"telefoon": "12"}, "telefoon", "Dit is geen geldig telefoonnummer, bijvoorbeeld 06 12345678."),
        ({"geboortedatum": "31-02-1990"}, "geboortedatum", ""),
    ],
)
def test_onjuiste_invoer(client_als, signalen, zoek, veld, melding):
    antwoord = client_als("af").get(reverse("signalen:start"), {**zoek, "q": "bewaard"})
    assert antwoord.status_code == 400
    pagina = html.unescape(antwoord.content.decode())
    assert f'id="id_{veld}"' in pagina and 'aria-invalid="true"' in pagina
    if melding:
        assert melding in pagina
    assert 'value="bewaard"' in pagina  # what was typed stays
    assert not gevonden_in(antwoord)  # a search that is not understood shows nothing


@pytest.mark.parametrize("aantal", [1, 6])
def test_zoeken_op_persoon_in_een_vast_aantal_queries(
    client_als, gebruikers, django_assert_num_queries, aantal
):
    for _ in range(aantal):
        SignaalFactory(door=gebruikers["af"], personen=[PersoonGegevensFactory(naam="Piet Jansen")])
    client = client_als("af")
    client.get(reverse("signalen:start"), {"persoon": "piet jansen"})  # warm the caches
    # the list, the counts, the "waits too long" flags, the hits box (2; the person search adds
    # none: its lookups are subqueries of the list and the counts), the access log
    with django_assert_num_queries(PER_VERZOEK + 5):
        antwoord = client.get(reverse("signalen:start"), {"persoon": "jansen piet"})
    assert len(gevonden_in(antwoord)) == aantal


def test_de_status_staat_als_badge_in_de_lijst(client_als, gebruikers):
    """Issue 17, point 4: the status as a badge; what needs the AF stands out."""
    SignaalFactory(door=gebruikers["af"])
    SignaalFactory(door=gebruikers["af"], afgesloten=True)
    pagina = html.unescape(client_als("af").get(reverse("signalen:start")).content.decode())
    assert '<span class="utrecht-status-badge utrecht-status-badge--warning">Nieuw</span>' in pagina
    assert '<span class="utrecht-status-badge utrecht-status-badge--inactive">Afgesloten</span>' in pagina
