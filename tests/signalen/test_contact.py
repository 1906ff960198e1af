"""A hit that leads to a person (issue 18 point 1): both holders see whom to call, never the other
signal; a contact request, its answer, the references after acceptance, each side's confirmation;
the ketenregisseur's list of open hits across gemeenten; the mail without content; and every step
in the access log. Across two gemeenten of two regio's (Hilversum in Gooi en Vechtstreek,
Leeuwarden in Fryslân)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mensenhandel import meldingen
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Meldingsvoorkeur, Organisatie, Rol, ToegangsLog
from mensenhandel.werk import aantallen
from signalen import services
from signalen.models import Contactverzoek, Koppeling, Signaal
from signalen.selectors import treffers_tussen_gemeenten_voor_kr
from signalen.tasks import contactverzoek_mailen
from tests.conftest import PER_VERZOEK, maak_gebruiker
from tests.postvak import vrije_poort
from tests.signalen.factories import SignaalFactory

pytestmark = pytest.mark.django_db

PERSOON = {"soort": "slachtoffer", "naam": "Ilse Contacttest", "geboortedatum": date(1994, 3, 2)}
ZELFDE = {"soort": "slachtoffer", "naam": "CONTACTTEST, Ilse", "geboortedatum": date(1994, 3, 2)}
Status = Contactverzoek.Status


@pytest.fixture
def paar(gebruikers):
    """AF A (Hilversum) registers a person, AF B (Leeuwarden) the same person: a pair across two
    gemeenten in two regio's. Returns (signal of A, signal of B, the pair)."""
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    a = SignaalFactory(door=af, personen=[PERSOON], omschrijving="Geheime inhoud uit Hilversum")
    b = SignaalFactory(door=af_ander, personen=[ZELFDE], omschrijving="Geheime inhoud uit Leeuwarden")
    return a, b, Koppeling.objects.get()


def _pagina(client, signaal) -> str:
    antwoord = client.get(reverse("signalen:detail", kwargs={"uuid": signaal.uuid}))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _aanvragen(client, signaal, koppeling):
    return client.post(
        reverse("signalen:contact_aanvragen", kwargs={"uuid": signaal.uuid, "koppeling": koppeling.uuid})
    )


def _berichten(antwoord) -> list[str]:
    return [str(m) for m in antwoord.context["messages"]] if antwoord.context else []


def _log(scherm: str) -> list[ToegangsLog]:
    return list(ToegangsLog.objects.filter(scherm=scherm).order_by("pk"))


def test_twee_gemeenten_in_twee_regios_leggen_contact(
    gebruikers, client_als, paar, django_capture_on_commit_callbacks, smtp_postvak
):
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    a, b, koppeling = paar
    af.naam, af.telefoon = "Anna Aandacht", "035 111 2222"
    af.organisatie = Organisatie.objects.create(naam="Veiligheidshuis Gooi", soort=Organisatie.Soort.OVERIG)
    af_ander.naam, af_ander.telefoon = "Bram Buitenaf", "058 333 4444"
    af.save(), af_ander.save()
    client_a, client_b = client_als("af"), client_als("af_ander")
    # The hit is in the access log, on B's registration (the lookup that found A's signal).
    assert [r.gebruiker for r in _log("signalen:stapeling")] == [af_ander]

    # Both see the other side's contact, never the other signal's reference or content.
    bij_b, bij_a = _pagina(client_b, b), _pagina(client_a, a)
    assert (
        af.naam in bij_b and af.email in bij_b and "035 111 2222" in bij_b and "Veiligheidshuis Gooi" in bij_b
    )
    assert af_ander.naam in bij_a and af_ander.email in bij_a and "058 333 4444" in bij_a
    assert (
        a.referentie not in bij_b and "Hilversum" not in bij_b and "Geheime inhoud uit Hilversum" not in bij_b
    )
    assert (
        b.referentie not in bij_a
        and "Leeuwarden" not in bij_a
        and "Geheime inhoud uit Leeuwarden" not in bij_a
    )
    assert "Contact leggen" in bij_a and "Contact leggen" in bij_b

    # The ketenregisseur of each regio sees the match, without persons; casework is off.
    for kr in ("kr", "kr_ander"):
        lijst = client_als(kr).get(reverse("signalen:treffers"))
        tekst = lijst.content.decode()
        assert lijst.status_code == 200
        assert a.referentie in tekst and b.referentie in tekst and "Nog geen verzoek" in tekst
        assert "Contacttest" not in tekst and "Geheime inhoud" not in tekst

    # B asks for contact: A gets it in the application and by mail (without content). The mail
    # task is queued after the commit; it runs here in this process (with a broker, as in CI, no
    # worker serves this test's database), over SMTP to the test's server.
    with django_capture_on_commit_callbacks() as na_commit:
        antwoord = _aanvragen(client_b, b, koppeling)
    assert antwoord.status_code == 302 and na_commit
    verzoek = Contactverzoek.objects.get()
    assert contactverzoek_mailen.apply(args=[verzoek.pk]).get() == "verstuurd"
    assert (verzoek.van_signaal, verzoek.aan_signaal, verzoek.aan, verzoek.status) == (b, a, af, Status.OPEN)
    assert smtp_postvak.ontvangers == [[af.email]]
    mail = smtp_postvak.tekst()
    for geheim in (a.referentie, b.referentie, "Hilversum", "Leeuwarden", "Contacttest", af_ander.naam):
        assert geheim not in mail
    assert Contactverzoek.objects.get().gemaild_op is not None
    assert aantallen(af)["af.contactverzoeken"] == 1
    # For B the hit is dealt with while the request waits; for A the request is the work.
    assert aantallen(af_ander)["af.treffers_elders"] == 0

    # A opens the request from their work list and accepts it.
    werk = client_a.get(reverse("werk")).content.decode()
    pagina_url = reverse("signalen:contactverzoek", kwargs={"uuid": verzoek.uuid})
    assert pagina_url in werk
    pagina = client_a.get(pagina_url)
    assert pagina.status_code == 200 and af_ander.email in pagina.content.decode()
    assert b.referentie not in pagina.content.decode()
    antwoord = client_a.post(pagina_url, {"antwoord": "aannemen"})
    assert antwoord.status_code == 302
    assert Contactverzoek.objects.get().status == Status.AANGENOMEN
    assert aantallen(af)["af.contactverzoeken"] == 0

    # Now both see the other's reference, and each confirms the pair for their own signal.
    assert b.referentie in _pagina(client_a, a) and a.referentie in _pagina(client_b, b)
    assert aantallen(af)["af.treffers_elders"] == 1 and aantallen(af_ander)["af.treffers_elders"] == 1
    bevestigen = reverse("signalen:koppeling", kwargs={"uuid": koppeling.uuid})
    antwoord = client_a.post(bevestigen, {"beoordeling": "bevestigen", "signaal": a.uuid}, follow=True)
    assert "U heeft de koppeling voor uw signaal bevestigd; de andere gemeente beoordeelt haar nog." in (
        _berichten(antwoord)
    )
    koppeling.refresh_from_db()
    assert koppeling.beoordeling == Koppeling.Beoordeling.VOORGESTELD and koppeling.bevestigd_door_kant(a.pk)
    assert aantallen(af)["af.treffers_elders"] == 0 and aantallen(af_ander)["af.treffers_elders"] == 1
    antwoord = client_b.post(bevestigen, {"beoordeling": "bevestigen", "signaal": b.uuid}, follow=True)
    assert "De koppeling is bevestigd." in _berichten(antwoord)
    assert antwoord.redirect_chain[-1][0].startswith(reverse("signalen:detail", kwargs={"uuid": b.uuid}))
    koppeling.refresh_from_db()
    assert koppeling.beoordeling == Koppeling.Beoordeling.BEVESTIGD
    assert "door beide gemeenten bevestigd" in _pagina(client_a, a)
    # Confirmed: no longer an open hit on the ketenregisseur's list.
    assert not treffers_tussen_gemeenten_voor_kr(gebruikers["kr"]).exists()

    # Every hit, request and answer is in the access log.
    assert [(r.gebruiker, r.toelichting) for r in _log("signalen:contact_aanvragen")] == [
        (af_ander, "contactverzoek verstuurd")
    ]
    assert (af, "contactverzoek aangenomen") in [
        (r.gebruiker, r.toelichting) for r in _log("signalen:contactverzoek")
    ]
    assert _log("signalen:treffers")


def test_de_kr_ziet_de_stand_van_het_verzoek_en_filtert(gebruikers, client_als, paar):
    _a, b, koppeling = paar
    services.contact_aanvragen(koppeling=koppeling, signaal=b, door=gebruikers["af_ander"])
    client = client_als("kr")
    tekst = client.get(reverse("signalen:treffers")).content.decode()
    assert "Wacht op antwoord" in tekst
    assert b.referentie in client.get(reverse("signalen:treffers"), {"verzoek": "open"}).content.decode()
    assert b.referentie not in client.get(reverse("signalen:treffers"), {"verzoek": "geen"}).content.decode()
    assert (
        b.referentie not in client.get(reverse("signalen:treffers"), {"sterkte": "mogelijk"}).content.decode()
    )
    # A filter outside the choices is ignored, never an error.
    assert client.get(reverse("signalen:treffers"), {"verzoek": "<script>"}).status_code == 200


def test_de_kr_lijst_houdt_zich_aan_de_regio_en_telt_vaste_queries(gebruikers, plaatsen, client_als):
    af = gebruikers["af"]
    collega = maak_gebruiker(
        "af.huizen@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["huizen"]]
    )
    # Within one gemeente: no hit across gemeenten.
    SignaalFactory(door=af, personen=[PERSOON])
    SignaalFactory(door=af, personen=[ZELFDE])
    assert not treffers_tussen_gemeenten_voor_kr(gebruikers["kr"]).exists()
    # Hilversum and Huizen, both in Gooi en Vechtstreek: Fryslân's ketenregisseur does not see it.
    for i in range(3):
        persoon = {"soort": "slachtoffer", "naam": f"Regiotest {i}", "telefoon": f"06 5555 000{i}"}
        SignaalFactory(door=af, personen=[persoon])
        SignaalFactory(door=collega, personen=[persoon])
    assert treffers_tussen_gemeenten_voor_kr(gebruikers["kr"]).count() == 3
    assert not treffers_tussen_gemeenten_voor_kr(gebruikers["kr_ander"]).exists()
    client = client_als("kr")
    client.get(reverse("signalen:treffers"))
    with CaptureQueriesContext(connection) as een:
        assert client.get(reverse("signalen:treffers")).status_code == 200
    for i in range(3, 8):
        persoon = {"soort": "slachtoffer", "naam": f"Regiotest {i}", "telefoon": f"06 5555 000{i}"}
        SignaalFactory(door=af, personen=[persoon])
        SignaalFactory(door=collega, personen=[persoon])
    with CaptureQueriesContext(connection) as meer:
        assert client.get(reverse("signalen:treffers")).status_code == 200
    assert len(meer) == len(een) <= 12, [q["sql"] for q in meer]


def test_de_kr_lijst_werkt_ook_met_casuistiek_aan_en_zonder_personen(gebruikers, client_als, paar, plaatsen):
    regio = plaatsen["gv"]
    regio.ketenregisseur_mag_casuistiek = True
    regio.save()
    a, _b, _ = paar
    tekst = client_als("kr").get(reverse("signalen:treffers")).content.decode()
    assert a.referentie in tekst and "Contacttest" not in tekst


def test_contact_aan_uzelf_wordt_geweigerd(gebruikers, plaatsen):
    """An AF who serves both gemeenten is the contact of the signal they registered."""
    beide = maak_gebruiker(
        "af.beide@test.example",
        Rol.AANDACHTSFUNCTIONARIS,
        gemeenten=[plaatsen["hilversum"], plaatsen["leeuwarden"]],
    )
    eigen = SignaalFactory(door=beide, gemeente=plaatsen["hilversum"], personen=[PERSOON])
    elders = SignaalFactory(door=gebruikers["af_ander"], personen=[ZELFDE])
    with pytest.raises(Geweigerd) as fout:
        services.contact_aanvragen(koppeling=Koppeling.objects.get(), signaal=elders, door=beide)
    assert str(fout.value).startswith("U kunt geen contactverzoek aan uzelf sturen")
    assert eigen.pk and not Contactverzoek.objects.exists()


def test_contact_over_een_signaal_dat_u_al_ziet_wordt_geweigerd(gebruikers, client_als):
    af = gebruikers["af"]
    collega = maak_gebruiker("af.collega@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=af_gemeenten(af))
    eerste = SignaalFactory(door=collega, personen=[PERSOON])
    tweede = SignaalFactory(door=af, personen=[ZELFDE])
    koppeling = Koppeling.objects.get()
    antwoord = _aanvragen(client_als("af"), tweede, koppeling)
    assert antwoord.status_code == 302
    assert antwoord.wsgi_request._messages._queued_messages[0].message.startswith(  # type: ignore[attr-defined]
        "U kunt het andere signaal zelf al inzien; een contactverzoek is niet nodig."
    )
    assert eerste.pk and not Contactverzoek.objects.exists()


def af_gemeenten(af):
    from mensenhandel.toegang import gemeenten_van_af

    return list(gemeenten_van_af(af))


def test_een_tweede_verzoek_en_een_tweede_antwoord_worden_geweigerd(gebruikers, paar):
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    a, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=b, door=af_ander)
    with pytest.raises(Geweigerd, match="staat al een contactverzoek open"):
        services.contact_aanvragen(koppeling=koppeling, signaal=b, door=af_ander)
    with pytest.raises(Geweigerd, match="staat al een contactverzoek open"):
        services.contact_aanvragen(koppeling=koppeling, signaal=a, door=af)
    # The requester cannot answer their own request.
    with pytest.raises(Geweigerd, match="Alleen wie het signaal beheert"):
        services.contactverzoek_beantwoorden(verzoek=verzoek, door=af_ander, aangenomen=True)
    services.contactverzoek_beantwoorden(verzoek=verzoek, door=af, aangenomen=False)
    with pytest.raises(Geweigerd, match="al beantwoord"):
        services.contactverzoek_beantwoorden(verzoek=verzoek, door=af, aangenomen=True)
    # Declined: the requester does not ask again (the ketenregisseur brokers); the other side may.
    with pytest.raises(Geweigerd, match="al om contact gevraagd en het verzoek is afgewezen"):
        services.contact_aanvragen(koppeling=koppeling, signaal=b, door=af_ander)
    tweede = services.contact_aanvragen(koppeling=koppeling, signaal=a, door=af)
    assert tweede.aan == af_ander
    # Before contact was made, neither side can judge the pair alone.
    with pytest.raises(Geweigerd, match="Leg eerst contact"):
        services.koppeling_beoordelen(koppeling=koppeling, door=af, bevestigd=True)


def test_na_een_afwijzing_biedt_alleen_de_andere_kant_de_knop(gebruikers, paar, client_als):
    """The page offers "Contact leggen" exactly when the service would take the request: after A
    declined B's request, A may ask (and the button is there), B may not (and it is not)."""
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    a, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=b, door=af_ander)
    services.contactverzoek_beantwoorden(verzoek=verzoek, door=af, aangenomen=False)
    bij_a, bij_b = client_als("af"), client_als("af_ander")
    assert "Contact leggen" in _pagina(bij_a, a)
    assert "Contact leggen" not in _pagina(bij_b, b)
    with pytest.raises(Geweigerd, match="al om contact gevraagd en het verzoek is afgewezen"):
        services.contact_aanvragen(koppeling=koppeling, signaal=b, door=af_ander)
    assert _aanvragen(bij_a, a, koppeling).status_code == 302
    assert Contactverzoek.objects.filter(van_signaal=a, status=Status.OPEN).count() == 1
    # Now one is open: neither side is offered the button.
    assert "Contact leggen" not in _pagina(bij_a, a) and "Contact leggen" not in _pagina(bij_b, b)


def test_afwijzen_door_een_kant_wijst_de_koppeling_af(gebruikers, paar, client_als):
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    a, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=a, door=af)
    services.contactverzoek_beantwoorden(verzoek=verzoek, door=af_ander, aangenomen=True)
    services.koppeling_beoordelen(koppeling=koppeling, door=af, bevestigd=True)
    services.koppeling_beoordelen(koppeling=koppeling, door=af_ander, bevestigd=False)
    koppeling.refresh_from_db()
    assert koppeling.beoordeling == Koppeling.Beoordeling.AFGEWEZEN
    # A rejected pair is no hit any more for either side.
    assert services.stapeling_voor(a, af).elders == 0 and services.stapeling_voor(b, af_ander).elders == 0


def test_het_antwoordformulier_zonder_keuze_zegt_wat_er_mist(gebruikers, paar, client_als):
    _a, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=b, door=gebruikers["af_ander"])
    url = reverse("signalen:contactverzoek", kwargs={"uuid": verzoek.uuid})
    client = client_als("af")
    for data in ({}, {"antwoord": "misschien"}):
        antwoord = client.post(url, data)
        assert antwoord.status_code == 400
        assert "Kies of u het contactverzoek aanneemt of afwijst." in antwoord.content.decode()
    assert Contactverzoek.objects.get().status == Status.OPEN


def test_niemand_anders_bereikt_het_verzoek_of_de_knop(gebruikers, paar, client_als):
    a, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=b, door=gebruikers["af_ander"])
    url = reverse("signalen:contactverzoek", kwargs={"uuid": verzoek.uuid})
    # The requester and other roles: an unknown page, or no access at all.
    assert client_als("af_ander").get(url).status_code == 404
    assert client_als("kr").get(url).status_code == 403
    # Another gemeente's signal, or a pair that is not the signal's: 404.
    assert _aanvragen(client_als("af_ander"), a, koppeling).status_code == 404
    ander = SignaalFactory(door=gebruikers["af"])
    assert _aanvragen(client_als("af"), ander, koppeling).status_code == 404


def test_zoeken_op_naam_vindt_niets_buiten_de_eigen_gemeenten(gebruikers, client_als, paar):
    """No lookup by typing a name that spans gemeenten: the AF's search stays within their own."""
    antwoord = client_als("af").get(reverse("signalen:start"), {"persoon": "Ilse Contacttest"})
    tekst = antwoord.content.decode()
    assert paar[0].referentie in tekst and paar[1].referentie not in tekst


def test_de_mail_gaat_een_keer_en_wacht_als_de_server_weg_is(gebruikers, paar, smtp_postvak, settings):
    af = gebruikers["af"]
    _a, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=b, door=gebruikers["af_ander"])
    echte_poort = settings.EMAIL_PORT
    settings.EMAIL_PORT = vrije_poort()  # nobody listens: the connection is refused
    with pytest.raises(OSError):
        services.contactverzoek_mailen(verzoek.pk)
    assert Contactverzoek.objects.get().gemaild_op is None  # the task tries again
    settings.EMAIL_PORT = echte_poort
    assert services.contactverzoek_mailen(verzoek.pk) == "verstuurd"
    assert services.contactverzoek_mailen(verzoek.pk) == "niet_nodig"  # redelivered: sent once
    assert smtp_postvak.ontvangers == [[af.email]]
    assert smtp_postvak.link() == f"{settings.APPLICATIE_URL}/werk/"


def test_geen_mail_voor_wie_mail_uitzette(gebruikers, paar, smtp_postvak):
    af = gebruikers["af"]
    meldingen.meldingsvoorkeur_instellen(door=af, wijze=Meldingsvoorkeur.Wijze.UIT, uur=8)
    _a, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=b, door=gebruikers["af_ander"])
    assert services.contactverzoek_mailen(verzoek.pk) == "uit"
    assert smtp_postvak.berichten == []
    assert aantallen(af)["af.contactverzoeken"] == 1  # the request still waits in their work


def test_de_contactpersoon_is_de_registrant_zolang_die_de_gemeente_bedient(gebruikers, paar):
    af = gebruikers["af"]
    a, _b, _ = paar
    collega = maak_gebruiker(
        "aaa.collega@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=af_gemeenten(af)
    )
    assert services.contactpersonen([a]) == {a.pk: af}
    af.is_active = False
    af.save()
    assert services.contactpersonen([a]) == {a.pk: collega}


def _verzoeken_aan(af, af_ander, aantal: int) -> None:
    """``aantal`` open contact requests to ``af``: one signal of theirs paired with as many signals
    of ``af_ander`` (copies, inserted in bulk), each pair with B's request."""
    eigen = SignaalFactory(door=af)
    basis = SignaalFactory(door=af_ander)
    kopieen = []
    for i in range(aantal):
        kopie = Signaal.objects.get(pk=basis.pk)
        kopie.pk, kopie.uuid, kopie.referentie = None, uuid.uuid4(), f"S-2026-9{i:04d}"
        kopieen.append(kopie)
    andere = Signaal.objects.bulk_create(kopieen)
    paren = Koppeling.objects.bulk_create(
        Koppeling(signaal_a=eigen, signaal_b=s, sterkte=Koppeling.Sterkte.STERK, soorten=["telefoon"])
        for s in andere
    )
    Contactverzoek.objects.bulk_create(
        Contactverzoek(
            koppeling=k, van_signaal=k.signaal_b, aan_signaal=eigen, aangevraagd_door=af_ander, aan=af
        )
        for k in paren
    )


@pytest.mark.parametrize("aantal", [3, 300])
def test_de_werklijst_met_contactverzoeken_kost_vaste_queries(
    gebruikers, client_als, django_assert_num_queries, aantal
):
    af = gebruikers["af"]
    _verzoeken_aan(af, gebruikers["af_ander"], aantal)
    assert aantallen(af)["af.contactverzoeken"] == aantal
    client = client_als("af")
    # PER_VERZOEK; the AF's own registrations outside their gemeenten (once per request, part of
    # their scope); the counts of every kind in one query; the first entries of the one kind with
    # work; the access log.
    with django_assert_num_queries(PER_VERZOEK + 1 + 1 + 1 + 1):
        antwoord = client.get(reverse("werk"))
    assert f"Contactverzoeken over treffers ({aantal})" in antwoord.content.decode()
    assert antwoord.content.decode().count("/signalen/contactverzoeken/") <= 25


def test_de_signaalpagina_met_treffers_elders_kost_vaste_queries(gebruikers, client_als):
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    eigen = SignaalFactory(door=af, personen=[PERSOON])
    client = client_als("af")
    url = reverse("signalen:detail", kwargs={"uuid": eigen.uuid})
    tellingen = []
    for _ in range(2):
        elders = SignaalFactory(door=af_ander, personen=[ZELFDE])
        services.contact_aanvragen(
            koppeling=Koppeling.objects.get(signaal_a=eigen, signaal_b=elders), signaal=elders, door=af_ander
        )
        SignaalFactory(door=af_ander, personen=[ZELFDE])  # and one without a request
        client.get(url)
        with CaptureQueriesContext(connection) as vastgelegd:
            antwoord = client.get(url)
        assert antwoord.content.decode().count("Treffer ") >= 2
        tellingen.append(len(vastgelegd))
    assert tellingen[0] == tellingen[1], tellingen


def test_wie_het_signaal_alleen_leest_ziet_geen_contact_van_elders(gebruikers, client_als):
    """The zorgcoördinator reads a referred signal; whom to call elsewhere is for its holders."""
    af_ander = gebruikers["af_ander"]
    eigen = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True, personen=[PERSOON])
    SignaalFactory(door=af_ander, personen=[ZELFDE])
    tekst = _pagina(client_als("zc"), eigen)
    assert "Elders is een signaal over deze persoon bekend" in tekst
    assert af_ander.email not in tekst and "Contact leggen" not in tekst


def test_de_pagina_van_een_contactverzoek_kost_vaste_queries(
    gebruikers, paar, client_als, django_assert_max_num_queries
):
    _, b, koppeling = paar
    verzoek = services.contact_aanvragen(koppeling=koppeling, signaal=b, door=gebruikers["af_ander"])
    client = client_als("af")
    url = reverse("signalen:contactverzoek", kwargs={"uuid": verzoek.uuid})
    client.get(url)
    # PER_VERZOEK; the AF's own registrations elsewhere (scope); the request with its signal,
    # gemeente, requester and organisation in one query; the access log.
    with django_assert_max_num_queries(PER_VERZOEK + 3):
        assert client.get(url).status_code == 200
