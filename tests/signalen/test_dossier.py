"""A signal's page as a case file (issue 17, point 1): the header's next step per state and
role, the progress along the meldroute, one timeline in date order, and the forms of the steps
on pages of their own (bad input answered there, with the input kept)."""

from __future__ import annotations

import html
import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import ToegangsLog
from signalen import services
from signalen.models import Gebeurtenis, Status
from tests.conftest import PER_VERZOEK
from tests.signalen.factories import SignaalFactory

MORGEN = (timezone.localdate() + timedelta(days=1)).isoformat()


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def url(naam: str, record) -> str:
    return reverse(f"signalen:{naam}", kwargs={"uuid": record.uuid})


def kop_van(pagina: str) -> str:
    return pagina.split('<div class="dossierkop">', 1)[1].split('<nav class="dossiernav"', 1)[0]


def knop(pagina: str) -> tuple[str, str] | None:
    """The header's primary button: (label, href), or None."""
    gevonden = re.search(
        r'<a class="utrecht-button-link[^"]*" href="([^"]+)" data-volgende>([^<]+)</a>', pagina
    )
    return (gevonden.group(2), gevonden.group(1)) if gevonden else None


def stappen(pagina: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<li class="voortgang__stap voortgang__stap--(\w+)"[^>]*>\s*'
        r'<span class="voortgang__label">([^<]+)</span>',
        pagina,
    )


def politie_doorverwezen(af):
    signaal = SignaalFactory(door=af, gewogen=True)
    return services.besluit_nemen(
        signaal=signaal, door=af, verwijzingen=[services.Verwijzing("politie_tmm")], versie=signaal.versie
    )


@pytest.mark.parametrize(
    ("route", "volgende", "huidig"),
    [
        (None, ("Signaal wegen", "wegen"), "Verrijken"),
        ("in_onderzoek", ("Signaal wegen", "wegen"), "Verrijken"),
        ("gewogen", ("Besluit nemen", "besluit"), "Besluiten"),
        ("lopend", ("Besluit nemen", "besluit"), "Opvolgen"),
        ("besloten", None, "Opvolgen"),
        ("afgesloten", None, None),
    ],
)
def test_de_volgende_stap_en_de_voortgang_per_status(client_als, gebruikers, route, volgende, huidig):
    signaal = SignaalFactory(door=gebruikers["af"], route=route)
    pagina = tekst(client_als("af").get(url("detail", signaal)))
    kop = kop_van(pagina)
    assert f'<span class="onzichtbaar">Status: </span>{signaal.get_status_display()}</span>' in kop
    assert knop(kop) == (None if volgende is None else (volgende[0], url(volgende[1], signaal)))
    labels = ["Registreren", "Verrijken", "Wegen", "Besluiten", "Opvolgen"]
    if huidig is None:  # closed: every step done, none current
        assert stappen(kop) == [("gedaan", label) for label in labels]
        assert 'aria-current="step"' not in kop
    else:
        i = labels.index(huidig)
        verwacht = [
            ("gedaan" if n < i else "huidig" if n == i else "open", label) for n, label in enumerate(labels)
        ]
        assert stappen(kop) == verwacht
        assert kop.count('aria-current="step"') == 1
    assert "Aandachtsfunctionaris</dt><dd>" + gebruikers["af"].naam in kop


def test_na_het_besluit_is_de_volgende_stap_de_terugkoppeling_van_de_partner(client_als, gebruikers):
    signaal = politie_doorverwezen(gebruikers["af"])
    doorverwijzing = signaal.doorverwijzingen.get()
    client = client_als("af")
    assert knop(tekst(client.get(url("detail", signaal)))) == (
        "Terugkoppeling vastleggen",
        url("terugkoppeling", doorverwijzing),
    )
    # The feedback form has a page of its own; a date in the future is refused there.
    pagina = client.get(url("terugkoppeling", doorverwijzing))
    assert pagina.status_code == 200
    assert "Terugkoppeling van Politie: Team Migratiecriminaliteit en Mensenhandel" in tekst(pagina)
    antwoord = client.post(
        url("terugkoppeling", doorverwijzing), {"status": "afgewezen", "datum": MORGEN, "bericht": "Klaar"}
    )
    assert antwoord.status_code == 400
    assert "De datum kan niet in de toekomst liggen." in tekst(antwoord) and 'value="Klaar"' in tekst(
        antwoord
    )
    assert client.post(url("terugkoppeling", doorverwijzing), {"status": "afgewezen"}).status_code == 302
    # Nothing is owed any more: no next step, and the feedback page sends back with a message.
    assert knop(tekst(client.get(url("detail", signaal)))) is None
    antwoord = client.get(url("terugkoppeling", doorverwijzing), follow=True)
    assert "er is geen terugkoppeling meer vast te leggen" in tekst(antwoord)


def test_de_zc_en_de_kr_zien_geen_volgende_stap(client_als, gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    pagina = tekst(client_als("zc").get(url("detail", signaal)))
    assert knop(pagina) is None and "Alleen lezen" in kop_van(pagina)
    assert url("wegen", signaal) not in pagina and url("notitie", signaal) not in pagina
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    pagina = tekst(client_als("kr").get(url("detail", SignaalFactory(door=gebruikers["af"], gewogen=True))))
    assert knop(pagina) is None and "Alleen lezen" in kop_van(pagina)


def test_weging_aanpassen_begint_bij_de_huidige_weging_en_houdt_foute_invoer(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    client = client_als("af")
    detail = tekst(client.get(url("detail", signaal)))
    assert f'<a class="utrecht-link" href="{url("wegen", signaal)}">Weging aanpassen</a>' in detail
    pagina = tekst(client.get(url("wegen", signaal)))
    assert '<h1 class="utrecht-heading-1">Weging aanpassen</h1>' in pagina
    assert '<option value="midden" selected>Midden</option>' in pagina
    assert "Mogelijke arbeidsuitbuiting</textarea>" in pagina
    assert "Meerdere indicatoren uit de groepen huisvesting en werk en geld.</textarea>" in pagina
    assert ToegangsLog.objects.filter(scherm="signalen:wegen", object_id=str(signaal.uuid)).exists()

    antwoord = client.post(
        url("wegen", signaal),
        {"aard": "Nieuwe aard", "risico": "", "onderbouwing": "", "versie": signaal.versie},
    )
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert (
        "Kies het risico: laag, midden of hoog." in pagina
        and "Onderbouw de weging in een paar zinnen." in pagina
    )
    assert "Nieuwe aard</textarea>" in pagina
    signaal.refresh_from_db()
    assert signaal.aard == "Mogelijke arbeidsuitbuiting"


def test_een_stap_die_nu_niet_kan_stuurt_terug_met_de_reden(client_als, gebruikers):
    client = client_als("af")
    afgesloten = SignaalFactory(door=gebruikers["af"], afgesloten=True)
    for naam, reden in (
        ("wegen", "kan niet opnieuw worden gewogen"),
        ("notitie", "kunnen geen notities worden toegevoegd"),
    ):
        antwoord = client.get(url(naam, afgesloten))
        assert antwoord.status_code == 302 and antwoord["Location"] == url("detail", afgesloten)
        assert reden in tekst(client.get(antwoord["Location"]))
    nieuw = SignaalFactory(door=gebruikers["af"])
    antwoord = client.get(url("heropenen", nieuw), follow=True)
    assert "Alleen een besloten, lopend of afgesloten signaal kan worden heropend." in tekst(antwoord)


def test_notitie_en_heropenen_op_een_eigen_pagina(client_als, gebruikers):
    client = client_als("af")
    signaal = SignaalFactory(door=gebruikers["af"])
    assert "Notitie toevoegen</h1>" in tekst(client.get(url("notitie", signaal)))
    antwoord = client.post(url("notitie", signaal), {"tekst": " ", "advies_gevraagd_aan": "politie"})
    assert antwoord.status_code == 400
    assert "Schrijf wat u hebt uitgezocht of gehoord." in tekst(antwoord)
    assert '<option value="politie" selected>' in tekst(antwoord)

    afgesloten = SignaalFactory(door=gebruikers["af"], afgesloten=True)
    assert "Signaal heropenen</h1>" in tekst(client.get(url("heropenen", afgesloten)))
    antwoord = client.post(url("heropenen", afgesloten), {"reden": ""})
    assert antwoord.status_code == 400 and "Geef de reden om het signaal te heropenen." in tekst(antwoord)
    antwoord = client.post(url("heropenen", afgesloten), {"reden": "Nieuwe melding van de wijkagent."})
    assert antwoord.status_code == 302
    afgesloten.refresh_from_db()
    assert afgesloten.status == Status.IN_ONDERZOEK
    assert knop(tekst(client.get(url("detail", afgesloten)))) == (
        "Weging aanpassen",
        url("wegen", afgesloten),
    )


def test_een_tijdlijn_met_notities_overgangen_doorverwijzingen_terugkoppeling_en_tafelbesluiten(
    client_als, gebruikers
):
    af = gebruikers["af"]
    signaal = politie_doorverwezen(af)
    services.terugkoppeling_vastleggen(
        doorverwijzing=signaal.doorverwijzingen.get(), door=af, status="ontvangen"
    )
    services.overlegbesluit_vastleggen(
        signaal=signaal,
        door=gebruikers["kr"],
        overleg="Regietafel",
        datum=timezone.localdate(),
        besluit="Over vier weken opnieuw bespreken.",
    )
    # Registered earlier than the rest: moved back a day, it must come last (newest first).
    Gebeurtenis.objects.filter(signaal=signaal, soort="registratie").update(
        tijdstip=timezone.now() - timedelta(days=1)
    )
    pagina = tekst(client_als("af").get(url("detail", signaal)))
    regels = re.findall(
        r'<p class="utrecht-paragraph tijdlijn__kop">(.*?)</p>', pagina.split('id="kop-tijdlijn"')[1], re.S
    )
    platte = [re.sub(r"<[^>]+>", "", r).strip() for r in regels]
    assert platte == [
        "Besluit uit overleg: Besluit Regietafel: Over vier weken opnieuw bespreken.",
        "Terugkoppeling: Politie: Team Migratiecriminaliteit en Mensenhandel: ontvangen",
        "Doorverwijzing: Doorverwezen naar Politie: Team Migratiecriminaliteit en Mensenhandel",
        "Status: Gewogen: risico midden",
        "Status: In onderzoek",
        "Notitie",
        "Registratie: Signaal geregistreerd",
    ]
    assert (
        '<a class="utrecht-link dossiernav__link" href="#tijdlijn">Tijdlijn '
        '<span class="dossiernav__aantal">(7)</span></a>' in pagina
    )


def test_de_migratie_leest_de_soort_van_bestaande_gebeurtenissen_af_aan_hun_tekst(gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    teksten = {
        "Signaal geregistreerd": "registratie",
        "Status: in onderzoek": "overgang",
        "Besluit: zelf hulp organiseren": "overgang",
        "Doorverwezen naar Veilig Thuis": "doorverwijzing",
        "Zorgcoördinatie: aanmelding geaccepteerd": "terugkoppeling",
        "Besluit Regietafel 01-12-2026: terugleggen": "tafelbesluit",
        "Koppeling met S-2026-00001 bevestigd": "stapeling",
        "Betrokken persoon verwijderd": "wijziging",
    }
    Gebeurtenis.objects.all().delete()
    Gebeurtenis.objects.bulk_create(
        Gebeurtenis(signaal=signaal, omschrijving=t, soort="wijziging") for t in teksten
    )
    migratie = importlib.import_module("signalen.migrations.0010_gebeurtenis_soort")
    migratie.soorten_zetten(apps, None)
    assert dict(Gebeurtenis.objects.values_list("omschrijving", "soort")) == teksten


def test_de_paginas_van_de_stappen_aantal_queries(client_als, gebruikers, django_assert_num_queries):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    client = client_als("af")
    client.get(url("detail", signaal))  # the session is written at most once a minute
    # The AF's registrations outside their gemeenten (scope); the signal with its gemeente; the
    # weighing page's access-log entry (it shows the weighing).
    with django_assert_num_queries(PER_VERZOEK + 3):
        assert client.get(url("wegen", signaal)).status_code == 200
    with django_assert_num_queries(PER_VERZOEK + 2):
        assert client.get(url("notitie", signaal)).status_code == 200
