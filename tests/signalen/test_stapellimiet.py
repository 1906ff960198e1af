"""The stacking warning is not an oracle (issue 15, point 3): every lookup with a hit outside
the user's reach is in the access log with the signal it came from, stays there when the person
is removed, and the number per user per day is limited."""

from __future__ import annotations

import pytest

from mensenhandel.acties import Geweigerd
from mensenhandel.models import ToegangsLog
from signalen import services
from signalen.models import BetrokkenPersoon
from tests.signalen.factories import SignaalFactory

TELEFOON = "06 55554444"


def _persoon(naam: str = "Iemand Elders") -> dict:
    return {"soort": "slachtoffer", "naam": naam, "telefoon": TELEFOON}


def _treffers(gebruiker) -> list[ToegangsLog]:
    return list(ToegangsLog.objects.filter(gebruiker=gebruiker, scherm="signalen:stapeling"))


def test_een_treffer_buiten_bereik_staat_in_het_log_ook_na_verwijderen(gebruikers):
    af = gebruikers["af"]
    SignaalFactory(door=gebruikers["af_ander"], personen=[_persoon()])  # Leeuwarden: outside reach
    eigen = SignaalFactory(door=af)
    persoon, stapeling = services.persoon_toevoegen(signaal=eigen, door=af, gegevens=_persoon())
    assert stapeling.elders == 1
    [regel] = _treffers(af)
    assert (regel.object_id, regel.uitkomst, regel.toelichting) == (
        str(eigen.uuid),
        "toegestaan",
        "stapeltreffer buiten bereik: 1",
    )
    services.persoon_verwijderen(persoon=persoon, door=af)
    assert len(_treffers(af)) == 1  # removing the person removes no trace


def test_een_treffer_binnen_bereik_is_geen_zoekopdracht_elders(gebruikers):
    af = gebruikers["af"]
    SignaalFactory(door=af, personen=[_persoon()])
    services.persoon_toevoegen(signaal=SignaalFactory(door=af), door=af, gegevens=_persoon())
    assert _treffers(af) == []


def test_na_de_daglimiet_wordt_elke_opzoeking_geweigerd_en_blijft_de_invoer(client_als, gebruikers, settings):
    settings.STAPELING_DAGLIMIET = 2
    af = gebruikers["af"]
    SignaalFactory(door=gebruikers["af_ander"], personen=[_persoon()])
    eigen = SignaalFactory(door=af)
    for _ in range(2):
        persoon, _ = services.persoon_toevoegen(signaal=eigen, door=af, gegevens=_persoon())
        services.persoon_verwijderen(persoon=persoon, door=af)
    antwoord = client_als("af").post(
        f"/signalen/{eigen.uuid}/personen/nieuw/",
        {"soort": "slachtoffer", "naam": "Een Heel Ander Iemand", "telefoon": "06 12120000"},
    )
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert (
        "U heeft vandaag het maximum van 2 zoekopdrachten met een treffer buiten uw bereik bereikt." in tekst
    )
    assert "Een Heel Ander Iemand" in tekst  # the input is kept
    assert not BetrokkenPersoon.objects.filter(signaal=eigen).exists()  # nothing saved, nothing looked up
    geweigerd = [r for r in _treffers(af) if r.uitkomst == "geweigerd"]
    assert len(geweigerd) == 1 and "daglimiet van 2" in geweigerd[0].toelichting
    # Registering a signal with a person is refused too; without persons it is not.
    nieuw = SignaalFactory(door=af)
    assert nieuw.pk
    with pytest.raises(Geweigerd, match="maximum van 2"):
        SignaalFactory(door=af, personen=[_persoon("Nog Iemand")])
    # The privacy officer's report names the user under both headings.
    rapport = client_als("fg").get("/gegevensbescherming/").content.decode()
    treffers = rapport.split("Stapeltreffers buiten bereik per gebruiker")[1].split("</table>")[0]
    limiet = rapport.split("Daglimiet voor stapeltreffers bereikt per gebruiker")[1].split("</table>")[0]
    assert af.naam in treffers and af.naam in limiet
