"""Casework on and off for the ketenregisseur (``Regio.ketenregisseur_mag_casuistiek``).

The access matrix proves the KR's 404 on signal and trajectory pages while the regio does
not allow casework (the default). This proves the reverse, for every signal and
trajectory page the KR is admitted to at all: with the setting on, the KR of that regio
opens the record and the view is written to the access log; the KR of another regio still
gets 404, also when their own regio allows casework; switched off again, the next request
is a 404.

A new case page that admits the ketenregisseur fails ``test_elke_casuspagina_voor_de_kr_is_gedekt``
until it has a row here.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from mensenhandel.models import Regio, Rol, ToegangsLog
from mensenhandel.toegang import declaratie
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory

# The apps whose pages show cases (signals, trajectories).
CASUSAPPS = ("signalen", "zorgcoordinatie")


@dataclass
class Voorbeeld:
    uuid: Any
    toont: list[str]  # what the page shows of the record (personal data included)
    object_type: str  # as written to the access log
    acties: list[str]  # URLs of changes the page offers its editors, never the KR


def _signaal(gebruikers: dict[str, Any]) -> Voorbeeld:
    persoon = {"soort": "slachtoffer", "naam": "Mirela Casusvoorbeeld", "telefoon": "06 12121212"}
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True, personen=[persoon])
    acties = [
        reverse(f"signalen:{naam}", kwargs={"uuid": signaal.uuid})
        for naam in ("bewerken", "besluit", "persoon_toevoegen", "notitie", "wegen")
    ]
    return Voorbeeld(signaal.uuid, [signaal.referentie, "Mirela Casusvoorbeeld"], "signalen.Signaal", acties)


def _traject(gebruikers: dict[str, Any]) -> Voorbeeld:
    traject = TrajectFactory(door=gebruikers["zc"], client_gegevens={"naam": "Oana Trajectvoorbeeld"})
    acties = [
        reverse(f"zorgcoordinatie:{naam}", kwargs={"uuid": traject.uuid})
        for naam in ("traject_bewerken", "intake", "zorgactie_toevoegen", "fase_wijzigen", "afsluiten")
    ]
    acties.append(reverse("zorgcoordinatie:client_bewerken", kwargs={"uuid": traject.client.uuid}))
    return Voorbeeld(
        traject.uuid,
        [traject.client.dossiernummer, "Oana Trajectvoorbeeld"],
        "zorgcoordinatie.Traject",
        acties,
    )


def _client(gebruikers: dict[str, Any]) -> Voorbeeld:
    traject = TrajectFactory(door=gebruikers["zc"], client_gegevens={"naam": "Oana Clientvoorbeeld"})
    client = traject.client
    acties = [
        reverse(f"zorgcoordinatie:{naam}", kwargs={"uuid": client.uuid})
        for naam in ("client_bewerken", "comensha_toestemming", "comensha_export")
    ]
    return Voorbeeld(
        client.uuid, [client.dossiernummer, "Oana Clientvoorbeeld"], "zorgcoordinatie.Client", acties
    )


# Pages of one case the KR may open where the regio allows casework: a record of Gooi en
# Vechtstreek (the KR's regio) and what the page must show of it.
CASUSPAGINAS: dict[str, Callable[[dict[str, Any]], Voorbeeld]] = {
    "signalen:detail": _signaal,
    "zorgcoordinatie:traject": _traject,
    "zorgcoordinatie:client": _client,
}
# Lists the KR reads whatever the setting: pseudonymised, linking to the record only where
# casework is allowed (``test_lijst_linkt_alleen_met_casuistiek``).
# The list of open hits across gemeenten shows references, never a case (tests/signalen/test_contact.py).
LIJSTPAGINAS = {"signalen:start", "signalen:treffers"}


def _patronen_met_kr() -> set[str]:
    """Every URL name in the case apps whose view admits the ketenregisseur."""
    gevonden: set[str] = set()

    def loop(patronen: list, namespace: str) -> None:
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                ns = f"{namespace}{patroon.namespace}:" if patroon.namespace else namespace
                loop(patroon.url_patterns, ns)
                continue
            naam = f"{namespace}{patroon.name}"
            vereiste = declaratie(patroon.callback)
            if (
                naam.split(":", 1)[0] in CASUSAPPS
                and vereiste is not None
                and Rol.KETENREGISSEUR in vereiste.rollen
            ):
                gevonden.add(naam)

    loop(get_resolver().url_patterns, "")
    return gevonden


def test_elke_casuspagina_voor_de_kr_is_gedekt():
    gevonden = _patronen_met_kr()
    ontbrekend = gevonden - set(CASUSPAGINAS) - LIJSTPAGINAS
    assert not ontbrekend, f"Pagina's die de ketenregisseur toelaten zonder test hier: {sorted(ontbrekend)}"
    verouderd = (set(CASUSPAGINAS) | LIJSTPAGINAS) - gevonden
    assert not verouderd, f"Hier getest, maar de ketenregisseur wordt er niet (meer) toegelaten: {verouderd}"


def _casuistiek(regio: Regio, aan: bool) -> None:
    regio.ketenregisseur_mag_casuistiek = aan
    regio.save(update_fields=["ketenregisseur_mag_casuistiek"])


def _logregels(gebruiker: Any, voorbeeld: Voorbeeld) -> list[tuple[str, str, str, str]]:
    return list(
        ToegangsLog.objects.filter(gebruiker=gebruiker, object_id=str(voorbeeld.uuid))
        .order_by("tijdstip", "id")
        .values_list("rol", "actie", "uitkomst", "scherm")
    )


@pytest.mark.parametrize("naam", sorted(CASUSPAGINAS))
def test_kr_opent_de_casus_alleen_met_casuistiek_in_eigen_regio(naam, gebruikers, plaatsen, client_als):
    voorbeeld = CASUSPAGINAS[naam](gebruikers)
    url = reverse(naam, kwargs={"uuid": voorbeeld.uuid})
    kr, kr_ander = client_als("kr"), client_als("kr_ander")

    # Off (the default): 404, the refusal logged.
    assert kr.get(url).status_code == 404
    assert _logregels(gebruikers["kr"], voorbeeld) == [("ketenregisseur", "bekijken", "geweigerd", naam)]

    # On, in both regio's: the KR of Gooi en Vechtstreek opens the record.
    _casuistiek(plaatsen["gv"], True)
    _casuistiek(plaatsen["fr"], True)
    antwoord = kr.get(url)
    assert antwoord.status_code == 200
    pagina = html.unescape(antwoord.content.decode())
    for tekst in voorbeeld.toont:
        assert tekst in pagina, tekst
    # Each view of personal data is in the access log, with who, role, screen and record.
    regel = ToegangsLog.objects.filter(gebruiker=gebruikers["kr"], uitkomst="toegestaan").get()
    assert (regel.rol, regel.actie, regel.object_type, regel.object_id, regel.scherm) == (
        "ketenregisseur",
        "bekijken",
        voorbeeld.object_type,
        str(voorbeeld.uuid),
        naam,
    )
    assert kr.get(url).status_code == 200
    assert ToegangsLog.objects.filter(gebruiker=gebruikers["kr"], uitkomst="toegestaan").count() == 2

    # The KR of Fryslân may do casework in their own regio, not in this one.
    assert kr_ander.get(url).status_code == 404
    assert _logregels(gebruikers["kr_ander"], voorbeeld) == [
        ("ketenregisseur", "bekijken", "geweigerd", naam)
    ]

    # Off again: the very next request is a 404.
    _casuistiek(plaatsen["gv"], False)
    assert kr.get(url).status_code == 404
    assert _logregels(gebruikers["kr"], voorbeeld)[-1] == ("ketenregisseur", "bekijken", "geweigerd", naam)


@pytest.mark.parametrize("naam", sorted(CASUSPAGINAS))
def test_casuistiek_is_alleen_lezen(naam, gebruikers, plaatsen, client_als):
    """Reading is all the setting allows: the page offers the KR no changes, which the
    record's editors do get, and the change pages stay closed (403)."""
    voorbeeld = CASUSPAGINAS[naam](gebruikers)
    url = reverse(naam, kwargs={"uuid": voorbeeld.uuid})
    bewerker = "af" if naam.startswith("signalen:") else "zc"
    voor_bewerker = client_als(bewerker).get(url).content.decode()
    _casuistiek(plaatsen["gv"], True)
    voor_kr = client_als("kr").get(url).content.decode()
    for actie in voorbeeld.acties:
        assert actie in voor_bewerker, actie  # so that the check below can fail
        assert actie not in voor_kr, actie
        assert client_als("kr").get(actie).status_code in (403, 405), actie


def test_lijst_linkt_alleen_met_casuistiek(gebruikers, plaatsen, client_als):
    voorbeeld = _signaal(gebruikers)
    detail = reverse("signalen:detail", kwargs={"uuid": voorbeeld.uuid})
    referentie = voorbeeld.toont[0]
    kr: Client = client_als("kr")
    lijst = reverse("signalen:start")

    pagina = html.unescape(kr.get(lijst).content.decode())
    # Without casework the coarse list: no reference at all (tests/signalen/test_grof.py).
    assert referentie not in pagina and detail not in pagina and "Mirela" not in pagina
    _casuistiek(plaatsen["gv"], True)
    pagina = html.unescape(kr.get(lijst).content.decode())
    assert f'href="{detail}">{referentie}</a>' in pagina and "Mirela" not in pagina
    # The KR of another regio does not see the signal at all, whatever their own setting.
    _casuistiek(plaatsen["fr"], True)
    assert referentie not in client_als("kr_ander").get(lijst).content.decode()
    _casuistiek(plaatsen["gv"], False)
    assert detail not in kr.get(lijst).content.decode()
