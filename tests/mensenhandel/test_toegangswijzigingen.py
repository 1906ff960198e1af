"""Granting access leaves a full trail and, where it opens personal data, needs two beheerders.

Issue 15, point 1: who, whom, before and after, and when, for every grant, change and
withdrawal; a grant of an AF, a ZC or a KR with casework takes effect only after a second
functioneel beheerder approves it; nobody opens case data to themselves or their second account.
"""

from __future__ import annotations

import pytest
from django.test import Client

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Rol, ToegangsLog, Toegangswijziging
from mensenhandel.toegang import gemeenten_van_af, regios_van
from mensenhandel.toegangsbeheer import toegang_van, toegang_wijzigen
from mensenhandel.toegangsbesluiten import toegangswijziging_afwijzen, toegangswijziging_goedkeuren
from tests.conftest import PER_VERZOEK, maak_gebruiker, volledig_inloggen

ADD = "/beheer/mensenhandel/gebruiker/add/"
LIJST = "/beheerder/toegang/"


def _beoordelen(wijziging: Toegangswijziging) -> str:
    return f"/beheerder/toegang/{wijziging.uuid}/beoordelen/"


@pytest.fixture
def fb2(gebruikers) -> Gebruiker:
    """A second functioneel beheerder, another person."""
    return maak_gebruiker("tweede.beheerder@test.example", Rol.FUNCTIONEEL_BEHEERDER)


def _wijzig_form(gebruiker: Gebruiker, **velden: object) -> dict[str, object]:
    return {"email": gebruiker.email, "naam": gebruiker.naam, "is_active": "on", **velden}


def test_een_nieuwe_aandachtsfunctionaris_krijgt_pas_toegang_na_een_tweede_beheerder(
    client_als, gebruikers, plaatsen, fb2
):
    fb = gebruikers["fb"]
    antwoord = client_als("fb").post(
        ADD,
        {
            "email": "nina@test.example",
            "naam": "Nina Nieuw",
            "password1": "Een-lang-wachtwoord-77",
            "password2": "Een-lang-wachtwoord-77",
            "rol": "aandachtsfunctionaris",
            "gemeenten": [plaatsen["huizen"].pk],
            "usable_password": "true",
        },
        follow=True,
    )
    assert antwoord.status_code == 200
    assert "gaat pas in als een tweede functioneel beheerder" in antwoord.content.decode()
    nina = Gebruiker.objects.get(email="nina@test.example")
    assert nina.rol is None and not gemeenten_van_af(nina).exists()  # no access yet

    wijziging = Toegangswijziging.objects.get(gebruiker=nina)
    assert wijziging.status == Toegangswijziging.Status.WACHT and wijziging.opent_persoonsgegevens
    assert wijziging.aangevraagd_door == fb
    assert wijziging.voor == {"rol": "", "gemeenten": [], "regios": []}
    assert wijziging.na == {
        "rol": "aandachtsfunctionaris",
        "gemeenten": [[plaatsen["huizen"].pk, "Huizen"]],
        "regios": [],
    }
    log = ToegangsLog.objects.get(actie="beheer", object_id=str(nina.pk))
    assert log.gebruiker == fb and "aangevraagd" in log.toelichting and str(wijziging.uuid) in log.toelichting

    # The requester cannot approve it.
    weigering = client_als("fb").post(_beoordelen(wijziging), {"besluit": "goedkeuren"}, follow=True)
    assert "U heeft deze wijziging zelf aangevraagd" in weigering.content.decode()
    assert Gebruiker.objects.get(pk=nina.pk).rol is None

    # A second beheerder reads what waits and approves it.
    tweede = volledig_inloggen(Client(), fb2)
    pagina = tweede.get(LIJST)
    tekst = pagina.content.decode()
    assert "Nina Nieuw" in tekst and "Aandachtsfunctionaris: Huizen" in tekst
    antwoord = tweede.post(_beoordelen(wijziging), {"besluit": "goedkeuren"}, follow=True)
    assert "is goedgekeurd en ingegaan" in antwoord.content.decode()
    nina = Gebruiker.objects.get(pk=nina.pk)
    assert nina.rol == Rol.AANDACHTSFUNCTIONARIS
    assert list(gemeenten_van_af(nina)) == [plaatsen["huizen"]]
    wijziging.refresh_from_db()
    assert wijziging.status == Toegangswijziging.Status.DOORGEVOERD
    assert wijziging.beoordeeld_door == fb2 and wijziging.doorgevoerd_op is not None
    assert ToegangsLog.objects.filter(
        gebruiker=fb2,
        actie="beheer",
        object_id=str(nina.pk),
        toelichting__startswith="toegangswijziging goedgekeurd",
    ).exists()

    # Approved twice (a second tab, a double click): refused, nothing changes.
    nogmaals = tweede.post(_beoordelen(wijziging), {"besluit": "goedkeuren"}, follow=True)
    assert "al beoordeeld" in nogmaals.content.decode()


def test_afwijzen_vraagt_een_reden_en_geeft_geen_toegang(client_als, gebruikers, plaatsen, fb2):
    zonder = gebruikers["zonder_rol"]
    wijziging = toegang_wijzigen(
        door=gebruikers["fb"], gebruiker=zonder, rol=Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"]]
    )
    tweede = volledig_inloggen(Client(), fb2)
    antwoord = tweede.post(_beoordelen(wijziging), {"besluit": "afwijzen", "toelichting": "  "})
    assert antwoord.status_code == 400
    assert "Geef aan waarom u deze wijziging afwijst." in antwoord.content.decode()
    slecht = tweede.post(_beoordelen(wijziging), {"besluit": "misschien", "toelichting": "Liever niet"})
    assert slecht.status_code == 400
    tekst = slecht.content.decode()
    assert "Kies goedkeuren of afwijzen." in tekst and "Liever niet" in tekst  # input kept
    wijziging.refresh_from_db()
    assert wijziging.status == Toegangswijziging.Status.WACHT

    tweede.post(_beoordelen(wijziging), {"besluit": "afwijzen", "toelichting": "Geen zorgcoördinator meer."})
    wijziging.refresh_from_db()
    assert wijziging.status == Toegangswijziging.Status.AFGEWEZEN
    assert wijziging.toelichting == "Geen zorgcoördinator meer." and wijziging.beoordeeld_door == fb2
    assert Gebruiker.objects.get(pk=zonder.pk).rol is None


def test_een_beheerder_geeft_zichzelf_geen_toegang_tot_casuistiek(client_als, gebruikers, plaatsen):
    fb = gebruikers["fb"]
    antwoord = client_als("fb").post(
        f"/beheer/mensenhandel/gebruiker/{fb.pk}/change/",
        _wijzig_form(fb, rol="aandachtsfunctionaris", gemeenten=[plaatsen["hilversum"].pk]),
    )
    assert antwoord.status_code == 200
    assert (
        "U kunt uzelf (of een eigen tweede account) geen toegang tot casuïstiek geven."
        in antwoord.content.decode()
    )
    assert Gebruiker.objects.get(pk=fb.pk).rol == Rol.FUNCTIONEEL_BEHEERDER
    assert not Toegangswijziging.objects.filter(gebruiker=fb, aangevraagd_door=fb).exists()


@pytest.mark.parametrize(
    "email, naam",
    [
        ("fb+af@test.example", "Iemand Anders"),  # the same mailbox
        ("prive.adres@test.example", "FB"),  # the same name (the test beheerder is called "fb")
    ],
)
def test_ook_niet_een_eigen_tweede_account(client_als, plaatsen, email, naam):
    antwoord = client_als("fb").post(
        ADD,
        {
            "email": email,
            "naam": naam,
            "password1": "Een-lang-wachtwoord-77",
            "password2": "Een-lang-wachtwoord-77",
            "rol": "aandachtsfunctionaris",
            "gemeenten": [plaatsen["hilversum"].pk],
            "usable_password": "true",
        },
    )
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert "eigen tweede account" in tekst and email in tekst  # refused, input kept
    assert not Gebruiker.objects.filter(email=email).exists()


def test_een_tweede_beheerder_keurt_geen_toegang_voor_zichzelf_goed(gebruikers, plaatsen, fb2):
    wijziging = toegang_wijzigen(
        door=gebruikers["fb"], gebruiker=fb2, rol=Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"]]
    )
    assert wijziging.status == Toegangswijziging.Status.WACHT
    with pytest.raises(Geweigerd, match="voor uzelf"):
        toegangswijziging_goedkeuren(door=fb2, wijziging=wijziging)
    assert Gebruiker.objects.get(pk=fb2.pk).rol is None  # FB withdrawn at once, ZC waits


def test_intrekken_gaat_direct_in(client_als, gebruikers):
    af = gebruikers["af"]
    client_als("fb").post(f"/beheer/mensenhandel/gebruiker/{af.pk}/change/", _wijzig_form(af, rol=""))
    af = Gebruiker.objects.get(pk=af.pk)
    assert af.rol is None and not gemeenten_van_af(af).exists()
    wijziging = Toegangswijziging.objects.get(gebruiker=af, aangevraagd_door=gebruikers["fb"])
    assert wijziging.status == Toegangswijziging.Status.DOORGEVOERD and not wijziging.opent_persoonsgegevens
    assert wijziging.voor["rol"] == "aandachtsfunctionaris" and wijziging.na["rol"] == ""


def test_een_andere_gemeente_weg_direct_erbij_na_goedkeuring(gebruikers, plaatsen, fb2):
    af = gebruikers["af"]  # Hilversum
    wachtend = toegang_wijzigen(
        door=gebruikers["fb"], gebruiker=af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["huizen"]]
    )
    assert wachtend.status == Toegangswijziging.Status.WACHT
    # Hilversum is gone at once; the role stays with no gemeente until Huizen is approved.
    assert toegang_van(af).gemeenten == frozenset()
    ingetrokken = Toegangswijziging.objects.get(
        gebruiker=af, status="doorgevoerd", aangevraagd_door=gebruikers["fb"]
    )
    assert ingetrokken.na == wachtend.voor
    toegangswijziging_goedkeuren(door=fb2, wijziging=wachtend)
    # A user's scope is read once per request (per user object): the next request sees it.
    af = Gebruiker.objects.get(pk=af.pk)
    assert list(gemeenten_van_af(af)) == [plaatsen["huizen"]]


def test_ketenregisseur_zonder_casuistiek_direct_met_casuistiek_na_goedkeuring(gebruikers, plaatsen, fb2):
    fb, zonder = gebruikers["fb"], gebruikers["zonder_rol"]
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    wijziging = toegang_wijzigen(
        door=fb, gebruiker=zonder, rol=Rol.KETENREGISSEUR, regios=[plaatsen["gv"], plaatsen["fr"]]
    )
    # Fryslân has no casework: that part is in at once; Gooi en Vechtstreek waits.
    assert wijziging.status == Toegangswijziging.Status.WACHT
    assert list(regios_van(zonder)) == [plaatsen["fr"]]
    toegangswijziging_goedkeuren(door=fb2, wijziging=wijziging)
    zonder = Gebruiker.objects.get(pk=zonder.pk)  # the user's next request
    assert set(regios_van(zonder)) == {plaatsen["gv"], plaatsen["fr"]}


def test_een_nieuwere_wijziging_laat_de_wachtende_vervallen(gebruikers, plaatsen, fb2):
    fb, zonder = gebruikers["fb"], gebruikers["zonder_rol"]
    eerste = toegang_wijzigen(door=fb, gebruiker=zonder, rol=Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"]])
    tweede = toegang_wijzigen(door=fb, gebruiker=zonder, rol=Rol.ZORGCOORDINATOR, regios=[plaatsen["fr"]])
    eerste.refresh_from_db()
    assert eerste.status == Toegangswijziging.Status.VERVALLEN
    with pytest.raises(Geweigerd, match="al beoordeeld of vervallen"):
        toegangswijziging_goedkeuren(door=fb2, wijziging=eerste)
    toegangswijziging_goedkeuren(door=fb2, wijziging=tweede)
    assert list(regios_van(Gebruiker.objects.get(pk=zonder.pk))) == [plaatsen["fr"]]


def test_goedkeuren_na_een_tussentijdse_wijziging_vervalt(gebruikers, plaatsen, fb2):
    from mensenhandel.toegangsbeheer import gebruiker_toewijzen

    fb, zonder = gebruikers["fb"], gebruikers["zonder_rol"]
    wijziging = toegang_wijzigen(door=fb, gebruiker=zonder, rol=Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"]])
    gebruiker_toewijzen(gebruiker=zonder, rol=Rol.FUNCTIONEEL_BEHEERDER)  # e.g. a management command
    wijziging.refresh_from_db()
    assert wijziging.status == Toegangswijziging.Status.VERVALLEN  # superseded by the system's change
    with pytest.raises(Geweigerd):
        toegangswijziging_goedkeuren(door=fb2, wijziging=wijziging)
    assert Gebruiker.objects.get(pk=zonder.pk).rol == Rol.FUNCTIONEEL_BEHEERDER


def test_met_een_beheerder_gaat_alles_direct_in_en_de_pagina_waarschuwt(
    client_als, gebruikers, plaatsen, settings
):
    settings.TOEGANG_TWEE_BEHEERDERS = False
    zonder = gebruikers["zonder_rol"]
    wijziging = toegang_wijzigen(
        door=gebruikers["fb"], gebruiker=zonder, rol=Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["huizen"]]
    )
    assert wijziging.status == Toegangswijziging.Status.DOORGEVOERD
    assert Gebruiker.objects.get(pk=zonder.pk).rol == Rol.AANDACHTSFUNCTIONARIS
    for url in ("/beheerder/", LIJST):
        assert "Eén beheerder geeft toegang alleen." in client_als("fb").get(url).content.decode()
    # Still not to oneself.
    with pytest.raises(Geweigerd):
        toegang_wijzigen(
            door=gebruikers["fb"],
            gebruiker=gebruikers["fb"],
            rol=Rol.ZORGCOORDINATOR,
            regios=[plaatsen["gv"]],
        )


def test_met_twee_vereist_en_een_beheerder_zegt_de_pagina_dat(client_als):
    tekst = client_als("fb").get("/beheerder/").content.decode()
    assert "Er is maar één actieve functioneel beheerder." in tekst


def test_afwijzen_alleen_door_een_beheerder(gebruikers, plaatsen):
    wijziging = toegang_wijzigen(
        door=gebruikers["fb"],
        gebruiker=gebruikers["zonder_rol"],
        rol=Rol.ZORGCOORDINATOR,
        regios=[plaatsen["gv"]],
    )
    with pytest.raises(Geweigerd):
        toegangswijziging_afwijzen(door=gebruikers["kr"], wijziging=wijziging, toelichting="Nee")
    with pytest.raises(Geweigerd):
        toegangswijziging_goedkeuren(door=gebruikers["kr"], wijziging=wijziging)


def test_het_spoor_toont_de_namen_zoals_ze_waren(client_als, gebruikers, plaatsen, fb2):
    zonder = gebruikers["zonder_rol"]
    wijziging = toegang_wijzigen(
        door=gebruikers["fb"], gebruiker=zonder, rol=Rol.ZORGCOORDINATOR, regios=[plaatsen["gv"]]
    )
    toegangswijziging_goedkeuren(door=fb2, wijziging=wijziging)
    plaatsen["gv"].naam = "Gooi en Vecht (nieuw)"
    plaatsen["gv"].save()
    tekst = client_als("fb").get(LIJST).content.decode()
    assert "Zorgcoördinator: Gooi en Vechtstreek" in tekst


def test_de_lijst_leest_een_vast_aantal_queries_en_staat_in_het_log(
    client_als, gebruikers, plaatsen, fb2, django_assert_num_queries
):
    fb, zonder = gebruikers["fb"], gebruikers["zonder_rol"]
    client = client_als("fb")
    client.get(LIJST)  # warm: session, menu
    for rol, regio in ((Rol.ZORGCOORDINATOR, "gv"), (Rol.KETENREGISSEUR, "fr"), (Rol.ZORGCOORDINATOR, "fr")):
        toegang_wijzigen(door=fb, gebruiker=zonder, rol=rol, regios=[plaatsen[regio]])
    toegang_wijzigen(door=fb, gebruiker=gebruikers["kr"], rol=None)
    # PER_VERZOEK, the waiting ones, the page's count and rows, the access-log row, the count of
    # beheerders
    with django_assert_num_queries(PER_VERZOEK + 5):
        antwoord = client.get(LIJST)
    assert antwoord.status_code == 200
    regel = ToegangsLog.objects.filter(scherm="beheerder:toegangswijzigingen").first()
    assert regel.gebruiker == fb
    assert len(regel.getoond) == Toegangswijziging.objects.count()


def _regio_form(regio, **velden: object) -> dict[str, object]:
    return {
        "naam": regio.naam,
        "gemeenten": [g.pk for g in regio.gemeenten.all()],
        "kleine_aantallen_drempel": regio.kleine_aantallen_drempel,
        **velden,
    }


def test_casuistiek_voor_de_ketenregisseurs_van_een_regio_wacht_op_een_tweede_beheerder(
    client_als, gebruikers, plaatsen, fb2
):
    gv = plaatsen["gv"]
    antwoord = client_als("fb").post(
        f"/beheer/mensenhandel/regio/{gv.pk}/change/",
        _regio_form(gv, ketenregisseur_mag_casuistiek="on"),
        follow=True,
    )
    assert antwoord.status_code == 200
    assert "gaat pas in als een tweede functioneel beheerder het goedkeurt" in antwoord.content.decode()
    gv.refresh_from_db()
    assert not gv.ketenregisseur_mag_casuistiek  # the KR still sees no case data
    wijziging = Toegangswijziging.objects.get(regio=gv)
    assert wijziging.status == Toegangswijziging.Status.WACHT and wijziging.soort == "casuistiek"
    assert ToegangsLog.objects.filter(object_type="mensenhandel.Regio", object_id=str(gv.uuid)).exists()

    tweede = volledig_inloggen(Client(), fb2)
    assert "Ketenregisseurs van regio Gooi en Vechtstreek" in tweede.get(LIJST).content.decode()
    tweede.post(_beoordelen(wijziging), {"besluit": "goedkeuren"})
    gv.refresh_from_db()
    assert gv.ketenregisseur_mag_casuistiek

    # Switching it off takes effect at once.
    client_als("fb").post(f"/beheer/mensenhandel/regio/{gv.pk}/change/", _regio_form(gv))
    gv.refresh_from_db()
    assert not gv.ketenregisseur_mag_casuistiek
    uit = Toegangswijziging.objects.filter(regio=gv).first()
    assert uit.status == Toegangswijziging.Status.DOORGEVOERD and uit.na == {"casuistiek": False}


def test_geen_casuistiek_voor_een_regio_waar_de_beheerder_zelf_ketenregisseur_is(gebruikers, plaatsen, fb2):
    from mensenhandel.toegangsbeheer import gebruiker_toewijzen
    from mensenhandel.toegangsbesluiten import casuistiek_regio_wijzigen

    tweede_account = maak_gebruiker("fb+kr@test.example", None)
    gebruiker_toewijzen(gebruiker=tweede_account, rol=Rol.KETENREGISSEUR, regios=[plaatsen["gv"]])
    with pytest.raises(Geweigerd, match="eigen tweede account"):
        casuistiek_regio_wijzigen(door=gebruikers["fb"], regio=plaatsen["gv"], aan=True)
    # Asked by the other beheerder, the first may not approve it either.
    wijziging = casuistiek_regio_wijzigen(door=fb2, regio=plaatsen["gv"], aan=True)
    with pytest.raises(Geweigerd, match="eigen tweede account"):
        toegangswijziging_goedkeuren(door=gebruikers["fb"], wijziging=wijziging)
    plaatsen["gv"].refresh_from_db()
    assert not plaatsen["gv"].ketenregisseur_mag_casuistiek


def test_zonder_gekozen_besluit_gebeurt_er_niets(client_als, gebruikers, plaatsen, fb2):
    wijziging = toegang_wijzigen(
        door=gebruikers["fb"],
        gebruiker=gebruikers["zonder_rol"],
        rol=Rol.ZORGCOORDINATOR,
        regios=[plaatsen["gv"]],
    )
    antwoord = volledig_inloggen(Client(), fb2).post(_beoordelen(wijziging), {"besluit": ""})
    assert antwoord.status_code == 400 and "Kies goedkeuren of afwijzen." in antwoord.content.decode()
    wijziging.refresh_from_db()
    assert wijziging.status == Toegangswijziging.Status.WACHT
