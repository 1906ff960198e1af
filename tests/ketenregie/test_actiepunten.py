"""Updating an action point (here of a knelpunt): the KR of the regio only, bad input kept on
the page with a 400, and back to where the action point belongs."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ketenregie.models import Actiepunt
from ketenregie.services import actiepunten as actiepunt_services
from ketenregie.services import knelpunten as services
from ketenregie.views.actiepunten import terug_naar


@pytest.fixture
def punt(gebruikers) -> Actiepunt:
    knelpunt, _ = services.knelpunt_vastleggen(
        door=gebruikers["kr"],
        gegevens={
            "thema": "samenwerking",
            "titel": "Terugkoppeling politie blijft uit",
            "omschrijving": "Melders horen niets terug.",
            "ingebracht_door": "AF-overleg",
            "datum": date(2025, 9, 1),
            "status": "open",
        },
    )
    actiepunt, _ = services.knelpunt_actiepunt_toevoegen(
        door=gebruikers["kr"],
        knelpunt=knelpunt,
        gegevens={
            "omschrijving": "Agenderen in het Drieluik",
            "eigenaar": "Ketenregisseur",
            "deadline": date(2025, 10, 1),
        },
    )
    return actiepunt


def _url(punt: Actiepunt) -> str:
    return reverse("ketenregie:actiepunt_bijwerken", kwargs={"uuid": punt.uuid})


def test_kr_rondt_actie_af_en_gaat_terug_naar_het_knelpunt(client_als, gebruikers, punt):
    client = client_als("kr")
    html = client.get(_url(punt)).content.decode()
    assert "Agenderen in het Drieluik" in html and "het knelpunt ‘Terugkoppeling politie blijft uit’" in html
    antwoord = client.post(
        _url(punt),
        {
            "status": "afgerond",
            "uitkomst": "Afspraak: politie koppelt binnen 4 weken terug.",
            "deadline": "2025-10-01",
        },
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == (
        reverse("ketenregie:knelpunt", kwargs={"uuid": punt.knelpunt.uuid}) + "#actiepunten"
    )
    punt.refresh_from_db()
    assert (punt.status, punt.uitkomst) == ("afgerond", "Afspraak: politie koppelt binnen 4 weken terug.")
    assert punt.history.latest().history_user == gebruikers["kr"]
    pagina = client.get(antwoord["Location"]).content.decode()
    assert "Afgerond" in pagina and "binnen 4 weken" in pagina


def test_deadline_opschuiven(client_als, punt):
    antwoord = client_als("kr").post(_url(punt), {"status": "open", "uitkomst": "", "deadline": "2025-11-15"})
    assert antwoord.status_code == 302
    punt.refresh_from_db()
    assert punt.deadline == date(2025, 11, 15) and punt.status == "open"


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"status": "afgerond", "uitkomst": ""}, actiepunt_services.FOUT_UITKOMST),
        ({"status": "vervallen", "uitkomst": " "}, actiepunt_services.FOUT_UITKOMST),
        ({"status": "klaar"}, "Kies een status uit de lijst."),
        ({"deadline": ""}, "Vul de datum in waarop de actie uiterlijk klaar is."),
        ({"deadline": "volgende week"}, "Vul een geldige datum in, zoals 2026-01-31."),
    ],
)
def test_fout_geeft_400_en_houdt_invoer_vast(client_als, punt, data, melding):
    volledig = {"status": "open", "uitkomst": "Besproken met de teamchef", "deadline": "2025-10-20", **data}
    antwoord = client_als("kr").post(_url(punt), volledig)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert melding in html
    if volledig["deadline"] == "2025-10-20":
        assert 'value="2025-10-20"' in html
    if volledig["uitkomst"].strip():
        assert volledig["uitkomst"] in html
    punt.refresh_from_db()
    assert (punt.status, punt.deadline, punt.uitkomst) == ("open", date(2025, 10, 1), "")


def test_kr_van_andere_regio_404_en_andere_rollen_403(client_als, punt):
    assert client_als("kr_ander").get(_url(punt)).status_code == 404
    assert (
        client_als("kr_ander")
        .post(_url(punt), {"status": "vervallen", "uitkomst": "Weg", "deadline": "2025-10-01"})
        .status_code
        == 404
    )
    for profiel in ("af", "zc", "fb"):
        assert client_als(profiel).get(_url(punt)).status_code == 403
    punt.refresh_from_db()
    assert punt.status == "open"


def test_terug_naar_het_overleg_voor_een_actiepunt_van_een_overleg(punt, monkeypatch):
    # The meeting page belongs to another part; only the address it leads back to is checked.
    gezien = {}

    def nep_reverse(naam, kwargs):
        gezien[naam] = kwargs
        return f"/{naam}/{kwargs['uuid']}/"

    monkeypatch.setattr("ketenregie.views.actiepunten.reverse", nep_reverse)
    overleg = type("Overleg", (), {"uuid": "abc"})()
    nep = Actiepunt(omschrijving="X")
    nep.overleg_id = 1
    nep._state.fields_cache["overleg"] = overleg
    assert terug_naar(nep) == "/ketenregie:overleg/abc/#actiepunten"
    assert gezien == {"ketenregie:overleg": {"uuid": "abc"}}
    assert terug_naar(punt).endswith(f"/{punt.knelpunt.uuid}/#actiepunten")
