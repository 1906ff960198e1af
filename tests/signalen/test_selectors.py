"""Who sees what (issue 3, point 8) and the list's annotations (point 5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from mensenhandel.models import Rol
from mensenhandel.toegangsbeheer import gebruiker_toewijzen
from signalen import services
from signalen.models import Bestemming, Doorverwijzing, Signaal, Status
from signalen.selectors import (
    aanmeldingen_voor_zc,
    mag_bewerken,
    met_wachttijd,
    signaal_detail,
    signaallijst,
    signalen_bewerkbaar_voor,
    signalen_in_regio_voor_kr,
    signalen_leesbaar_voor,
    tellingen_per_status,
)
from signalen.services import Verwijzing
from tests.conftest import maak_gebruiker, maak_gemeente
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory

T = Doorverwijzing.Terugkoppeling


@pytest.fixture
def signalen(gebruikers, plaatsen):
    """A signal in each place, one of them referred to the zorgcoördinator of its regio.

    hilversum: new; hilversum_zc: referred to zorgcoördinatie Gooi en Vechtstreek;
    hilversum_politie: referred to the police only; huizen: registered by the AF of
    Huizen; leeuwarden: referred to zorgcoördinatie Fryslân.
    """
    af_huizen = maak_gebruiker(
        "af.huizen@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["huizen"]]
    )
    af, af_ander = gebruikers["af"], gebruikers["af_ander"]
    politie = SignaalFactory(door=af, gewogen=True)
    services.besluit_nemen(
        signaal=politie,
        door=af,
        verwijzingen=[Verwijzing(Bestemming.POLITIE_BASISTEAM)],
        versie=politie.versie,
    )
    return {
        "hilversum": SignaalFactory(door=af, personen=[PersoonGegevensFactory(volledig=True)]),
        "hilversum_zc": SignaalFactory(door=af, doorverwezen_zc=True),
        "hilversum_politie": Signaal.objects.get(pk=politie.pk),
        "huizen": SignaalFactory(door=af_huizen),
        "leeuwarden": SignaalFactory(door=af_ander, doorverwezen_zc=True),
        "af_huizen": af_huizen,
    }


def namen(queryset, signalen) -> set[str]:
    terug = {s.pk: naam for naam, s in signalen.items() if isinstance(s, Signaal)}
    return {terug[pk] for pk in queryset.values_list("pk", flat=True)}


# --- Aandachtsfunctionaris ------------------------------------------------------------------


def test_af_ziet_en_bewerkt_de_signalen_van_de_eigen_gemeente(gebruikers, signalen):
    af = gebruikers["af"]
    eigen = {"hilversum", "hilversum_zc", "hilversum_politie"}
    assert namen(signalen_leesbaar_voor(af), signalen) == eigen
    assert namen(signalen_bewerkbaar_voor(af), signalen) == eigen
    assert mag_bewerken(af, signalen["hilversum"])
    # Not Huizen, although it is in the same regio: the AF does not serve it.
    assert not mag_bewerken(af, signalen["huizen"])
    assert not mag_bewerken(af, signalen["leeuwarden"])


def test_af_ziet_signalen_van_collega_in_dezelfde_gemeente(gebruikers, plaatsen, signalen):
    collega = maak_gebruiker(
        "af.collega@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["hilversum"]]
    )
    assert namen(signalen_leesbaar_voor(collega), signalen) == {
        "hilversum",
        "hilversum_zc",
        "hilversum_politie",
    }
    assert mag_bewerken(collega, signalen["hilversum"])


def test_af_blijft_eigen_registraties_zien_na_wisselen_van_gemeente(plaatsen, signalen):
    af_huizen = signalen["af_huizen"]
    gebruiker_toewijzen(
        gebruiker=af_huizen, rol=Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["leeuwarden"]]
    )
    # Now serving Leeuwarden: its signals, and the one registered earlier in Huizen.
    assert namen(signalen_leesbaar_voor(af_huizen), signalen) == {"huizen", "leeuwarden"}
    assert mag_bewerken(af_huizen, signalen["huizen"])


def test_eigen_registraties_buiten_meerdere_gemeenten(plaatsen):
    """The AF's registrations outside their gemeenten are read as ranges around and between
    those gemeenten (issue 16): with five gemeenten, serving the second and fourth, the first,
    third and fifth are exactly what remains."""
    vijf = [maak_gemeente(f"GM98{i:02d}", f"Proefgemeente {i}") for i in range(5)]
    af = maak_gebruiker("af.vijf@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=vijf)
    per_gemeente = {g.pk: SignaalFactory(door=af, gemeente=g) for g in vijf}
    gebruiker_toewijzen(gebruiker=af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeenten=[vijf[1], vijf[3]])
    af = type(af).objects.get(pk=af.pk)  # the next request
    assert set(signalen_leesbaar_voor(af)) == set(per_gemeente.values())
    elders = {per_gemeente[g.pk].pk for g in (vijf[0], vijf[2], vijf[4])}
    assert (
        set(signalen_leesbaar_voor(af).exclude(gemeente__in=[vijf[1], vijf[3]]).values_list("pk", flat=True))
        == elders
    )
    # Another AF of the fourth gemeente reads its signal, not the others.
    ander = maak_gebruiker("af.vier@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[vijf[3]])
    assert list(signalen_leesbaar_voor(ander)) == [per_gemeente[vijf[3].pk]]
    # The union's SQL is compiled once per shape of ranges, with placeholders: an AF whose ranges
    # have the same shape (two gemeenten with a gap) gets her own bounds and her own registrations.
    derde = maak_gebruiker("af.derde@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=vijf)
    eigen = {g.pk: SignaalFactory(door=derde, gemeente=g) for g in vijf}
    gebruiker_toewijzen(gebruiker=derde, rol=Rol.AANDACHTSFUNCTIONARIS, gemeenten=[vijf[0], vijf[2]])
    derde = type(derde).objects.get(pk=derde.pk)
    assert set(
        signalen_leesbaar_voor(derde).exclude(gemeente__in=[vijf[0], vijf[2]]).values_list("pk", flat=True)
    ) == {eigen[vijf[1].pk].pk, eigen[vijf[3].pk].pk, eigen[vijf[4].pk].pk}


def test_af_die_rol_verliest_ziet_niets_meer(gebruikers, signalen):
    af = gebruikers["af"]
    gebruiker_toewijzen(gebruiker=af, rol=Rol.FUNCTIONEEL_BEHEERDER)
    assert not signalen_leesbaar_voor(af).exists()
    assert not mag_bewerken(af, signalen["hilversum"])


def test_gedeactiveerde_af_ziet_niets(gebruikers, signalen):
    af = gebruikers["af"]
    af.is_active = False
    af.save()
    assert not signalen_leesbaar_voor(af).exists()


# --- Zorgcoördinator ------------------------------------------------------------------------


def test_zc_ziet_alleen_naar_zorgcoordinatie_verwezen_signalen_van_de_regio(gebruikers, signalen):
    assert namen(signalen_leesbaar_voor(gebruikers["zc"]), signalen) == {"hilversum_zc"}
    assert namen(signalen_leesbaar_voor(gebruikers["zc_ander"]), signalen) == {"leeuwarden"}


def test_zc_leest_maar_bewerkt_niet(gebruikers, signalen):
    zc = gebruikers["zc"]
    assert not signalen_bewerkbaar_voor(zc).exists()
    assert not mag_bewerken(zc, signalen["hilversum_zc"])


def test_zc_ziet_aanmelding_ook_na_afwijzen(gebruikers, signalen):
    zc = gebruikers["zc"]
    aanmelding = signalen["hilversum_zc"].doorverwijzingen.get()
    services.aanmelding_beantwoorden(
        doorverwijzing=aanmelding, door=zc, geaccepteerd=False, bericht="Past niet"
    )
    assert namen(signalen_leesbaar_voor(zc), signalen) == {"hilversum_zc"}


def test_aanmeldingen_voor_zc(gebruikers, signalen):
    inbox = aanmeldingen_voor_zc(gebruikers["zc"])
    assert [d.signaal_id for d in inbox] == [signalen["hilversum_zc"].pk]
    assert {d.bestemming for d in inbox} == {Bestemming.ZORGCOORDINATOR}
    assert [d.signaal_id for d in aanmeldingen_voor_zc(gebruikers["zc_ander"])] == [signalen["leeuwarden"].pk]
    for wie in ("af", "kr", "fb", "zonder_rol"):
        assert not aanmeldingen_voor_zc(gebruikers[wie]).exists()


def test_zc_van_een_ketenregio_ziet_de_deelregio(gebruikers, plaatsen, signalen):
    from mensenhandel.models import Regio

    keten = Regio.objects.create(naam="Midden-Nederland")
    plaatsen["gv"].bovenliggende_regio = keten
    plaatsen["gv"].save()
    zc_keten = maak_gebruiker("zc.keten@test.example", Rol.ZORGCOORDINATOR, regios=[keten])
    assert namen(signalen_leesbaar_voor(zc_keten), signalen) == {"hilversum_zc"}


# --- Ketenregisseur -------------------------------------------------------------------------


def test_kr_ziet_standaard_geen_signalen_maar_wel_de_regio_voor_cijfers(gebruikers, signalen):
    kr = gebruikers["kr"]
    assert not signalen_leesbaar_voor(kr).exists()
    assert not signalen_bewerkbaar_voor(kr).exists()
    assert namen(signalen_in_regio_voor_kr(kr), signalen) == {
        "hilversum",
        "hilversum_zc",
        "hilversum_politie",
        "huizen",
    }
    assert namen(signalen_in_regio_voor_kr(gebruikers["kr_ander"]), signalen) == {"leeuwarden"}


def test_kr_ziet_casuistiek_als_de_regio_het_toestaat(gebruikers, plaatsen, signalen):
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    kr = gebruikers["kr"]
    assert namen(signalen_leesbaar_voor(kr), signalen) == {
        "hilversum",
        "hilversum_zc",
        "hilversum_politie",
        "huizen",
    }
    assert not mag_bewerken(kr, signalen["hilversum"])
    # Only that regio: the other ketenregisseur still sees no signals.
    assert not signalen_leesbaar_voor(gebruikers["kr_ander"]).exists()


@pytest.mark.parametrize("wie", ["af", "zc", "fb", "zonder_rol"])
def test_alleen_kr_krijgt_de_regiolijst(gebruikers, signalen, wie):
    assert not signalen_in_regio_voor_kr(gebruikers[wie]).exists()


# --- Functional administrator and users without a role --------------------------------------


@pytest.mark.parametrize("wie", ["fb", "zonder_rol"])
def test_functioneel_beheerder_en_zonder_rol_zien_niets(gebruikers, signalen, wie):
    assert not signalen_leesbaar_voor(gebruikers[wie]).exists()
    assert not signalen_bewerkbaar_voor(gebruikers[wie]).exists()
    assert not mag_bewerken(gebruikers[wie], signalen["hilversum"])


def test_anoniem_ziet_niets(signalen):
    from django.contrib.auth.models import AnonymousUser

    assert not signalen_leesbaar_voor(AnonymousUser()).exists()
    assert not mag_bewerken(AnonymousUser(), signalen["hilversum"])


def test_superuser_ziet_niet_meer_dan_de_rol_toestaat(gebruikers, signalen):
    fb = gebruikers["fb"]
    fb.is_superuser = True
    fb.save()
    assert not signalen_leesbaar_voor(fb).exists()


# --- The list -------------------------------------------------------------------------------


def _verwezen_op(signaal: Signaal, dagen_geleden: int) -> Doorverwijzing:
    doorverwijzing = signaal.doorverwijzingen.get()
    Doorverwijzing.objects.filter(pk=doorverwijzing.pk).update(
        datum=timezone.localdate() - timedelta(days=dagen_geleden)
    )
    return Doorverwijzing.objects.get(pk=doorverwijzing.pk)


def _wacht_te_lang(gebruiker) -> dict[int, bool]:
    lijst = met_wachttijd(signaallijst(signalen_leesbaar_voor(gebruiker)))
    return {s.pk: s.wacht_te_lang for s in lijst}


@pytest.mark.parametrize(("dagen", "te_lang"), [(0, False), (14, False), (15, True), (60, True)])
def test_lijst_toont_doorverwijzing_die_te_lang_wacht(gebruikers, signalen, dagen, te_lang):
    _verwezen_op(signalen["hilversum_zc"], dagen)
    lijst = _wacht_te_lang(gebruikers["af"])
    assert lijst[signalen["hilversum_zc"].pk] is te_lang
    assert lijst[signalen["hilversum"].pk] is False


def test_ontvangen_wacht_nog_maar_opgepakt_niet(gebruikers, signalen):
    af = gebruikers["af"]
    doorverwijzing = _verwezen_op(signalen["hilversum_politie"], 30)
    doorverwijzing = services.terugkoppeling_vastleggen(
        doorverwijzing=doorverwijzing, door=af, status=T.ONTVANGEN
    )
    assert _wacht_te_lang(af)[signalen["hilversum_politie"].pk] is True
    services.terugkoppeling_vastleggen(doorverwijzing=doorverwijzing, door=af, status=T.OPGEPAKT)
    assert _wacht_te_lang(af)[signalen["hilversum_politie"].pk] is False


def test_antwoord_van_zorgcoordinator_stopt_het_wachten(gebruikers, signalen):
    doorverwijzing = _verwezen_op(signalen["hilversum_zc"], 30)
    assert _wacht_te_lang(gebruikers["af"])[signalen["hilversum_zc"].pk] is True
    services.aanmelding_beantwoorden(doorverwijzing=doorverwijzing, door=gebruikers["zc"], geaccepteerd=True)
    assert _wacht_te_lang(gebruikers["af"])[signalen["hilversum_zc"].pk] is False


def test_wachtdagen_zijn_instelbaar(gebruikers, signalen, settings):
    _verwezen_op(signalen["hilversum_zc"], 5)
    assert _wacht_te_lang(gebruikers["af"])[signalen["hilversum_zc"].pk] is False
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = 3
    assert _wacht_te_lang(gebruikers["af"])[signalen["hilversum_zc"].pk] is True
    settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN = 30
    _verwezen_op(signalen["hilversum_zc"], 20)
    assert _wacht_te_lang(gebruikers["af"])[signalen["hilversum_zc"].pk] is False


def test_lijst_met_twee_doorverwijzingen_geeft_het_signaal_een_keer(gebruikers, plaatsen):
    af = gebruikers["af"]
    signaal = SignaalFactory(door=af, gewogen=True)
    services.besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[
            Verwijzing(Bestemming.ZORGCOORDINATOR, regio=plaatsen["gv"]),
            Verwijzing(Bestemming.POLITIE_TMM),
        ],
        versie=signaal.versie,
    )
    Doorverwijzing.objects.filter(signaal=signaal).update(datum=timezone.localdate() - timedelta(days=20))
    lijst = met_wachttijd(signaallijst(signalen_leesbaar_voor(af)))
    assert [s.pk for s in lijst] == [signaal.pk]
    assert lijst[0].wacht_te_lang is True
    # The zorgcoördinator's list, too, has the signal once.
    assert list(signalen_leesbaar_voor(gebruikers["zc"]).values_list("pk", flat=True)) == [signaal.pk]


def test_lijst_in_vast_aantal_queries(gebruikers, signalen, django_assert_num_queries):
    af = gebruikers["af"]
    for _ in range(5):
        SignaalFactory(door=af, doorverwezen_zc=True)
    basis = signalen_leesbaar_voor(af)
    list(basis)  # the user's scope is read once per request; the rest is the list's own
    # the rows with, for those rows only, their referrals that wait too long
    with django_assert_num_queries(1):
        lijst = met_wachttijd(signaallijst(basis)[:25])
        rijen = [(s.referentie, s.gemeente_naam, s.wacht_te_lang) for s in lijst]
    assert len(rijen) == 8


def test_tellingen_per_status(gebruikers, signalen):
    af = gebruikers["af"]
    SignaalFactory(door=af, afgesloten=True)
    tellingen, alle = tellingen_per_status(signalen_leesbaar_voor(af))
    assert {status: n for status, n in tellingen.items() if n} == {
        Status.NIEUW: 1,
        Status.BESLOTEN: 2,
        Status.AFGESLOTEN: 1,
    }
    assert set(tellingen) == set(Status) and alle == 4
    # With the list's filter, the same aggregate counts what the filter keeps.
    tellingen, besloten = tellingen_per_status(signalen_leesbaar_voor(af), Q(status=Status.BESLOTEN))
    assert (tellingen[Status.NIEUW], besloten) == (1, 2)


def test_signaal_detail_in_vast_aantal_queries(gebruikers, signalen, django_assert_max_num_queries):
    af = gebruikers["af"]
    signaal = signalen["hilversum_zc"]
    # The signal (gemeente, registrar joined) and its indicators, persons, notes, referrals, events
    # (their users joined), meeting decisions and feedback to the reporter: one query each.
    with django_assert_max_num_queries(9):
        s = signaal_detail(signalen_leesbaar_voor(af)).get(pk=signaal.pk)
        inhoud = (
            s.gemeente.naam,
            s.geregistreerd_door.naam,
            [i.omschrijving for i in s.indicatoren.all()],
            [p.naam for p in s.personen.all()],
            [(n.tekst, n.auteur.naam) for n in s.notities.all()],
            [(d.bestemming, d.regio and d.regio.naam, d.door.naam) for d in s.doorverwijzingen.all()],
            [(g.omschrijving, g.gebruiker and g.gebruiker.naam) for g in s.gebeurtenissen.all()],
            [t.bericht for t in s.melder_terugkoppelingen.all()],
        )
    assert inhoud[5] == [(Bestemming.ZORGCOORDINATOR, "Gooi en Vechtstreek", af.naam)]
