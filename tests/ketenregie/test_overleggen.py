"""Meetings: who keeps and reads them, the regietafel's agenda of signals (pseudonymised
for whoever may not read a signal), decisions written onto signals, action points, and
what a page costs."""

from __future__ import annotations

import html
import re
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Actiepunt, Agendasignaal, Overleg, Overlegsoort
from ketenregie.selectors.overleggen import af_overleg_norm, overleggen_voor
from ketenregie.services import overleggen as services
from ketenregie.services import wegenkaart as wegenkaart_services
from mensenhandel.acties import Geweigerd
from mensenhandel.models import Rol
from signalen.models import Gebeurtenis, Overlegbesluit, Signaal, Status
from tests.conftest import PER_VERZOEK, maak_gebruiker
from tests.signalen.factories import SignaalFactory

VANDAAG = timezone.localdate
NAAM = "Anna Geheimnaam"
OMSCHRIJVING = "Omschrijving die de ketenregisseur nooit mag zien"


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def overleg_url(overleg: Overleg, naam: str = "ketenregie:overleg") -> str:
    return reverse(naam, kwargs={"uuid": overleg.uuid})


def rij_url(overleg: Overleg, signaal, naam: str) -> str:
    return reverse(naam, kwargs={"uuid": overleg.uuid, "signaal": signaal.uuid})


def maak_overleg(gebruikers, plaatsen, *, soort=Overlegsoort.REGIETAFEL, datum=None, **gegevens) -> Overleg:
    overleg, nieuw, _ = services.overleg_aanmaken(
        door=gebruikers["kr"],
        gegevens={
            "regio": plaatsen["gv"],
            "soort": soort,
            "datum": datum or VANDAAG() - timedelta(days=1),
            **gegevens,
        },
    )
    assert nieuw
    return overleg


def signaal_met_persoon(af, **kwargs):
    return SignaalFactory(
        door=af, personen=[{"soort": "slachtoffer", "naam": NAAM}], omschrijving=OMSCHRIJVING, **kwargs
    )


@pytest.fixture
def af_huizen(plaatsen):
    return maak_gebruiker("af.huizen@test.example", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[plaatsen["huizen"]])


def partner(door, regio, naam="AVIM Gooi"):
    return wegenkaart_services.partner_opslaan(
        door=door, gegevens={"naam": naam, "soort": "politie_avim", "telefoon": "0900-8844"}, regios=[regio]
    )


# --- Services: the meeting ------------------------------------------------------------------------


def test_regietafel_krijgt_de_open_signalen_van_de_regio_op_de_agenda(gebruikers, plaatsen, af_huizen):
    nieuw = SignaalFactory(door=gebruikers["af"])
    lopend = SignaalFactory(door=af_huizen, lopend=True)
    SignaalFactory(door=gebruikers["af"], afgesloten=True)
    SignaalFactory(door=gebruikers["af_ander"])  # Fryslân

    overleg, is_nieuw, aantal = services.overleg_aanmaken(
        door=gebruikers["kr"],
        gegevens={"regio": plaatsen["gv"], "soort": "regietafel", "datum": VANDAAG(), "agenda": " Signalen "},
    )

    assert (is_nieuw, aantal) == (True, 2)
    assert overleg.agenda == "Signalen"
    assert {a.signaal for a in overleg.agendasignalen.all()} == {nieuw, lopend}
    assert overleg.history.get().history_user == gebruikers["kr"]
    regels = Agendasignaal.history.filter(overleg_id=overleg.pk)
    assert [(r.history_type, r.history_user) for r in regels] == [("+", gebruikers["kr"])] * 2


def test_ander_overleg_heeft_geen_signalen_op_de_agenda(gebruikers, plaatsen):
    SignaalFactory(door=gebruikers["af"])
    for soort in (Overlegsoort.AF_OVERLEG, Overlegsoort.BESTUURLIJK):
        overleg = maak_overleg(gebruikers, plaatsen, soort=soort)
        assert not overleg.agendasignalen.exists()
        with pytest.raises(Geweigerd, match="Alleen bij een regietafel of drieluik"):
            services.agenda_bijwerken(door=gebruikers["kr"], overleg=overleg)


def test_agenda_bijwerken_zet_alleen_nieuwe_signalen_erbij_en_is_idempotent(gebruikers, plaatsen):
    SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.DRIELUIK)
    later = SignaalFactory(door=gebruikers["af"])

    assert services.agenda_bijwerken(door=gebruikers["kr"], overleg=overleg) == 1
    assert services.agenda_bijwerken(door=gebruikers["kr"], overleg=overleg) == 0
    assert overleg.agendasignalen.count() == 2
    assert overleg.agendasignalen.filter(signaal=later).exists()


def test_van_de_agenda_gehaald_komt_niet_terug_en_staat_in_de_geschiedenis(gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen)
    rij = overleg.agendasignalen.get()

    services.van_agenda_halen(door=gebruikers["kr"], agendasignaal=rij)
    services.van_agenda_halen(door=gebruikers["kr"], agendasignaal=rij)  # a double submit: nothing

    assert services.agenda_bijwerken(door=gebruikers["kr"], overleg=overleg) == 0
    assert not overleg.agendasignalen.exists()
    weg = Agendasignaal.history.filter(overleg_id=overleg.pk, signaal_id=signaal.pk).latest()
    assert (weg.history_type, weg.history_user) == ("-", gebruikers["kr"])


def test_signaal_met_besluit_blijft_op_de_agenda(gebruikers, plaatsen):
    SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen)
    rij = overleg.agendasignalen.get()
    services.signaalbesluit_vastleggen(door=gebruikers["kr"], agendasignaal=rij, besluit="Terugleggen.")
    with pytest.raises(Geweigerd) as fout:
        services.van_agenda_halen(door=gebruikers["kr"], agendasignaal=rij)
    assert str(fout.value) == services.WEIGERING_VAN_AGENDA
    assert overleg.agendasignalen.count() == 1


def test_dubbel_verzonden_formulier_maakt_een_overleg(gebruikers, plaatsen):
    token = uuid.uuid4()
    gegevens = {"regio": plaatsen["gv"], "soort": "af_overleg", "datum": VANDAAG()}
    eerste, nieuw, _ = services.overleg_aanmaken(
        door=gebruikers["kr"], gegevens=gegevens, formuliertoken=token
    )
    tweede, nog_eens, _ = services.overleg_aanmaken(
        door=gebruikers["kr"], gegevens=gegevens, formuliertoken=token
    )
    assert (nieuw, nog_eens) == (True, False)
    assert eerste == tweede and Overleg.objects.count() == 1


def test_gelijktijdig_verzonden_formulier_eindigt_op_het_eerste_overleg(gebruikers, plaatsen, request):
    token = uuid.uuid4()
    gegevens = {"regio": plaatsen["gv"], "soort": "regietafel", "datum": VANDAAG()}
    eerste, _, _ = services.overleg_aanmaken(door=gebruikers["kr"], gegevens=gegevens, formuliertoken=token)
    request.getfixturevalue("eerste_blik_mist")
    tweede, nieuw, aantal = services.overleg_aanmaken(
        door=gebruikers["kr"], gegevens=gegevens, formuliertoken=token
    )
    assert (tweede, nieuw, aantal) == (eerste, False, 0)
    assert Overleg.objects.count() == 1


@pytest.mark.parametrize(
    ("gegevens", "veld", "melding"),
    [
        ({"soort": ""}, "soort", "Kies de soort overleg."),
        ({"datum": None}, "datum", "Vul de datum van het overleg in."),
        ({"datum": date(1999, 12, 31)}, "datum", "De datum ligt vóór 2000. Controleer het jaar."),
        (
            {"datum": timezone.localdate() + timedelta(days=800)},
            "datum",
            "De datum ligt meer dan twee jaar vooruit. Controleer het jaar.",
        ),
        ({"regio": None}, "regio", "Kies een van uw eigen regio's."),
        ({"overige_deelnemers": "x" * 501}, "overige_deelnemers", None),
    ],
)
def test_ongeldig_overleg_geeft_nederlandse_melding_en_slaat_niets_op(
    gebruikers, plaatsen, gegevens, veld, melding
):
    basis = {"regio": plaatsen["gv"], "soort": "af_overleg", "datum": VANDAAG()}
    with pytest.raises(ValidationError) as fout:
        services.overleg_aanmaken(door=gebruikers["kr"], gegevens={**basis, **gegevens})
    if melding:
        assert fout.value.message_dict[veld] == [melding]
    else:
        assert veld in fout.value.message_dict
    assert not Overleg.objects.exists()


def test_kr_van_andere_regio_en_andere_rollen_leggen_geen_overleg_vast(gebruikers, plaatsen):
    gegevens = {"regio": plaatsen["gv"], "soort": "af_overleg", "datum": VANDAAG()}
    with pytest.raises(ValidationError) as fout:
        services.overleg_aanmaken(door=gebruikers["kr_ander"], gegevens=gegevens)
    assert fout.value.message_dict["regio"] == ["Kies een van uw eigen regio's."]
    for rol in ("af", "zc", "fb"):
        with pytest.raises(Geweigerd, match="Alleen de ketenregisseur van de regio"):
            services.overleg_aanmaken(door=gebruikers[rol], gegevens=gegevens)
    overleg = maak_overleg(gebruikers, plaatsen)
    with pytest.raises(Geweigerd):
        services.overleg_bijwerken(door=gebruikers["kr_ander"], overleg=overleg, gegevens={}, organisaties=[])


def test_organisaties_komen_van_de_wegenkaart_van_de_regio(gebruikers, plaatsen):
    eigen = partner(gebruikers["kr"], plaatsen["gv"])
    elders = partner(gebruikers["kr_ander"], plaatsen["fr"], naam="AVIM Noord")
    landelijk = wegenkaart_services.partner_opslaan(
        door=gebruikers["fb"],
        gegevens={"naam": "CoMensha", "soort": "comensha", "telefoon": "033 448 1186"},
        regios=[],
    )
    gegevens = {"regio": plaatsen["gv"], "soort": "bestuurlijk", "datum": VANDAAG()}
    with pytest.raises(ValidationError) as fout:
        services.overleg_aanmaken(door=gebruikers["kr"], gegevens=gegevens, organisaties=[eigen, elders])
    assert fout.value.message_dict["organisaties"] == [services.FOUT_ORGANISATIES]

    overleg, _, _ = services.overleg_aanmaken(
        door=gebruikers["kr"], gegevens=gegevens, organisaties=[eigen, landelijk]
    )
    assert set(overleg.organisaties.all()) == {eigen, landelijk}
    services.overleg_bijwerken(
        door=gebruikers["kr"],
        overleg=overleg,
        gegevens={"besluiten": "Rapportage vastgesteld."},
        organisaties=[eigen],
    )
    overleg.refresh_from_db()
    assert list(overleg.organisaties.all()) == [eigen]
    assert overleg.besluiten == "Rapportage vastgesteld."
    laatste = overleg.history.latest()
    assert laatste.history_user == gebruikers["kr"]
    assert [r.partner for r in laatste.organisaties.all()] == [eigen]


def test_regio_soort_en_datum_liggen_vast_zodra_de_agenda_of_een_besluit_dat_vraagt(gebruikers, plaatsen):
    SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen)
    kr = gebruikers["kr"]
    with pytest.raises(ValidationError) as fout:
        services.overleg_bijwerken(
            door=kr, overleg=overleg, gegevens={"soort": "af_overleg"}, organisaties=[]
        )
    assert fout.value.message_dict["soort"] == [services.FOUT_SOORT_VAST]

    # Before a decision the date may move (the meeting was planned on another day) ...
    nieuwe_datum = VANDAAG() - timedelta(days=2)
    services.overleg_bijwerken(door=kr, overleg=overleg, gegevens={"datum": nieuwe_datum}, organisaties=[])
    overleg.refresh_from_db()
    services.signaalbesluit_vastleggen(
        door=kr, agendasignaal=overleg.agendasignalen.get(), besluit="Monitoren."
    )
    # ... after one, the decision on the signal carries it, so it stays.
    with pytest.raises(ValidationError) as fout:
        services.overleg_bijwerken(door=kr, overleg=overleg, gegevens={"datum": VANDAAG()}, organisaties=[])
    assert fout.value.message_dict["datum"] == [services.FOUT_BESLOTEN]
    overleg.refresh_from_db()
    assert overleg.datum == nieuwe_datum


# --- Services: decisions on signals ---------------------------------------------------------------


def test_besluit_aan_tafel_komt_bij_het_signaal_en_een_tweede_keer_niet(gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    datum = VANDAAG() - timedelta(days=3)
    overleg = maak_overleg(gebruikers, plaatsen, datum=datum)
    rij = overleg.agendasignalen.get()

    rij, nieuw = services.signaalbesluit_vastleggen(
        door=gebruikers["kr"], agendasignaal=rij, besluit="  Doorverwijzen naar de zorgcoördinator. "
    )
    _, nog_eens = services.signaalbesluit_vastleggen(
        door=gebruikers["kr"], agendasignaal=rij, besluit="Anders."
    )

    assert (nieuw, nog_eens) == (True, False)
    besluit = Overlegbesluit.objects.get()
    assert rij.besluit == besluit and besluit.signaal == signaal
    assert besluit.overleg == f"Regietafel {datum:%d-%m-%Y}"
    assert (besluit.datum, besluit.besluit) == (datum, "Doorverwijzen naar de zorgcoördinator.")
    assert Gebeurtenis.objects.filter(
        signaal=signaal,
        omschrijving=f"Besluit Regietafel {datum:%d-%m-%Y}: Doorverwijzen naar de zorgcoördinator.",
    ).exists()
    assert rij.history.latest().history_user == gebruikers["kr"]


def test_af_legt_besluit_vast_over_eigen_signaal_niet_over_dat_van_een_ander(gebruikers, plaatsen, af_huizen):
    eigen = SignaalFactory(door=gebruikers["af"])
    ander = SignaalFactory(door=af_huizen)
    overleg = maak_overleg(gebruikers, plaatsen)
    rijen = {r.signaal: r for r in overleg.agendasignalen.all()}

    services.signaalbesluit_vastleggen(
        door=gebruikers["af"], agendasignaal=rijen[eigen], besluit="Monitoren."
    )
    with pytest.raises(Geweigerd, match="Alleen de ketenregisseur van de regio of een aandachtsfunctionaris"):
        services.signaalbesluit_vastleggen(
            door=gebruikers["af"], agendasignaal=rijen[ander], besluit="Monitoren."
        )
    for rol in ("zc", "af_ander", "kr_ander", "fb"):
        with pytest.raises(Geweigerd):
            services.signaalbesluit_vastleggen(door=gebruikers[rol], agendasignaal=rijen[ander], besluit="x")
    assert Overlegbesluit.objects.count() == 1


def test_besluit_voor_een_overleg_dat_nog_komt_of_zonder_tekst_wordt_geweigerd(gebruikers, plaatsen):
    SignaalFactory(door=gebruikers["af"])
    gepland = maak_overleg(gebruikers, plaatsen, datum=VANDAAG() + timedelta(days=7))
    with pytest.raises(ValidationError) as fout:
        services.signaalbesluit_vastleggen(
            door=gebruikers["kr"], agendasignaal=gepland.agendasignalen.get(), besluit="Monitoren."
        )
    assert fout.value.message_dict == {"datum": ["Een besluit kan niet in de toekomst zijn genomen."]}

    vandaag = maak_overleg(gebruikers, plaatsen, datum=VANDAAG())
    with pytest.raises(ValidationError) as fout:
        services.signaalbesluit_vastleggen(
            door=gebruikers["kr"], agendasignaal=vandaag.agendasignalen.get(), besluit=" "
        )
    assert fout.value.message_dict == {
        "besluit": ["Schrijf op wat het overleg over dit signaal heeft besloten."]
    }
    assert not Overlegbesluit.objects.exists()
    assert not Agendasignaal.objects.filter(besluit__isnull=False).exists()


def test_besluit_bij_een_inmiddels_afgesloten_signaal_wordt_geweigerd(gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen)
    signaal.status = Status.AFGESLOTEN
    signaal.save()
    with pytest.raises(Geweigerd, match="Bij een afgesloten signaal kan geen besluit worden vastgelegd"):
        services.signaalbesluit_vastleggen(
            door=gebruikers["kr"], agendasignaal=overleg.agendasignalen.get(), besluit="Monitoren."
        )


# --- Services: action points and the AF meeting norm ------------------------------------------------


def test_hetzelfde_actiepunt_twee_keer_is_een_dubbele_verzending(gebruikers, plaatsen):
    overleg = maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.BESTUURLIJK)
    gegevens = {"omschrijving": "Rapportage rondsturen", "eigenaar": "Ketenregisseur", "deadline": VANDAAG()}
    eerste, nieuw = services.overleg_actiepunt_toevoegen(
        door=gebruikers["kr"], overleg=overleg, gegevens=gegevens
    )
    tweede, nog_eens = services.overleg_actiepunt_toevoegen(
        door=gebruikers["kr"], overleg=overleg, gegevens=gegevens
    )
    assert (nieuw, nog_eens) == (True, False) and eerste == tweede
    assert Actiepunt.objects.get().history.get().history_user == gebruikers["kr"]
    with pytest.raises(ValidationError) as fout:
        services.overleg_actiepunt_toevoegen(
            door=gebruikers["kr"], overleg=overleg, gegevens={**gegevens, "eigenaar": ""}
        )
    assert "eigenaar" in fout.value.message_dict
    with pytest.raises(Geweigerd):
        services.overleg_actiepunt_toevoegen(door=gebruikers["kr_ander"], overleg=overleg, gegevens=gegevens)


def test_af_overleggen_per_jaar_tegen_de_norm(gebruikers, plaatsen):
    peildag = date(2026, 6, 1)
    for datum in (date(2025, 2, 1), date(2025, 5, 1), date(2025, 9, 1), date(2025, 11, 1), date(2025, 12, 1)):
        maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.AF_OVERLEG, datum=datum)
    for datum in (date(2026, 3, 1), date(2026, 9, 1), date(2026, 11, 1)):
        maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.AF_OVERLEG, datum=datum)
    maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.BESTUURLIJK, datum=date(2026, 2, 1))

    regels = af_overleg_norm(Overleg.objects.all(), vandaag=peildag)
    assert [(r.jaar, r.gehouden, r.gepland, r.voldaan) for r in regels] == [
        (2026, 1, 2, False),
        (2025, 5, 0, True),
    ]
    assert regels[0].oordeel == "Onder de norm: nog 3 overleggen nodig"
    assert regels[1].oordeel == "Voldoet aan de norm"


# --- Views: reading and scope ----------------------------------------------------------------------


def test_lijst_voor_kr_af_en_zc_van_de_regio(client_als, gebruikers, plaatsen):
    eigen = maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.AF_OVERLEG)
    elders, _, _ = services.overleg_aanmaken(
        door=gebruikers["kr_ander"],
        gegevens={"regio": plaatsen["fr"], "soort": "drieluik", "datum": VANDAAG()},
    )
    for rol in ("kr", "af", "zc"):
        antwoord = client_als(rol).get(reverse("ketenregie:overleggen"))
        pagina = tekst(antwoord)
        assert antwoord.status_code == 200
        assert overleg_url(eigen) in pagina and overleg_url(elders) not in pagina
        assert "Gooi en Vechtstreek" in pagina
        assert ("Nieuw overleg" in pagina) == (rol == "kr")
    assert client_als("fb").get(reverse("ketenregie:overleggen")).status_code == 403
    assert client_als("kr").get(reverse("ketenregie:overleggen"), {"jaar": "1850"}).status_code == 400


def test_af_en_zc_van_een_andere_regio_krijgen_404(client_als, gebruikers, plaatsen):
    overleg = maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.BESTUURLIJK)
    for rol in ("af_ander", "zc_ander", "kr_ander"):
        assert client_als(rol).get(overleg_url(overleg)).status_code == 404
    assert client_als("kr_ander").get(overleg_url(overleg, "ketenregie:overleg_bewerken")).status_code == 404
    assert client_als("fb").get(overleg_url(overleg)).status_code == 403
    pagina = tekst(client_als("af").get(overleg_url(overleg)))
    assert (
        "Alleen lezen" in pagina and "Gegevens bewerken" not in pagina and "Actiepunt toevoegen" not in pagina
    )


def test_kr_zonder_casuistiek_ziet_de_agenda_gepseudonimiseerd(client_als, gebruikers, plaatsen):
    signaal = signaal_met_persoon(gebruikers["af"], gewogen=True)
    overleg = maak_overleg(gebruikers, plaatsen)
    detail = reverse("signalen:detail", kwargs={"uuid": signaal.uuid})

    pagina = tekst(client_als("kr").get(overleg_url(overleg)))
    # The reference (to record the table's decision) but no values that single it out:
    # one signal is fewer than the threshold, so not even in a group.
    assert signaal.referentie in pagina and "Vastleggen</button>" in pagina
    assert "Hilversum" not in pagina and "Arbeidsuitbuiting" not in pagina and "Gewogen" not in pagina
    assert "Te weinig signalen om hun kenmerken te tonen" in pagina
    assert NAAM not in pagina and OMSCHRIJVING not in pagina and signaal.locatie not in pagina
    assert detail not in pagina and "Niet zichtbaar voor u" in pagina

    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    pagina = tekst(client_als("kr").get(overleg_url(overleg)))
    assert f'href="{detail}"' in pagina and signaal.locatie in pagina and "Risico: Midden" in pagina
    assert NAAM not in pagina and OMSCHRIJVING not in pagina


def test_af_en_zc_zien_details_alleen_van_signalen_die_zij_mogen_lezen(
    client_als, gebruikers, plaatsen, af_huizen
):
    eigen = SignaalFactory(door=gebruikers["af"])
    doorverwezen = SignaalFactory(door=af_huizen, doorverwezen_zc=True)
    overleg = maak_overleg(gebruikers, plaatsen)

    def link(signaal) -> str:
        return f'href="{reverse("signalen:detail", kwargs={"uuid": signaal.uuid})}"'

    af = tekst(client_als("af").get(overleg_url(overleg)))
    assert link(eigen) in af and link(doorverwezen) not in af and doorverwezen.referentie in af
    assert eigen.locatie in af and doorverwezen.locatie not in af
    zc = tekst(client_als("zc").get(overleg_url(overleg)))
    assert link(doorverwezen) in zc and link(eigen) not in zc and eigen.referentie in zc
    # Only the AF of the signal gets a form for the table's decision; the ZC none.
    assert af.count("Vastleggen</button>") == 1 and "Vastleggen</button>" not in zc

    # The decision's text shows to who reads the signal; the others see that there is one.
    rij = overleg.agendasignalen.get(signaal=eigen)
    services.signaalbesluit_vastleggen(
        door=gebruikers["af"], agendasignaal=rij, besluit="Terugleggen bij de AF."
    )
    af = tekst(client_als("af").get(overleg_url(overleg)))
    zc = tekst(client_als("zc").get(overleg_url(overleg)))
    kr = tekst(client_als("kr").get(overleg_url(overleg)))
    assert "Terugleggen bij de AF." in af and "Terugleggen bij de AF." in kr
    assert "Terugleggen bij de AF." not in zc and "Er is een besluit vastgelegd." in zc


def test_dagen_open_tellen_tot_de_dag_van_het_overleg(client_als, gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"])
    Signaal.objects.filter(pk=signaal.pk).update(datum_geregistreerd=VANDAAG() - timedelta(days=30))
    overleg = maak_overleg(gebruikers, plaatsen, datum=VANDAAG() - timedelta(days=10))
    pagina = tekst(client_als("af").get(overleg_url(overleg)))  # who reads the signal
    assert re.search(r"<td>20</td>", pagina)
    assert not re.search(r"<td>20</td>", tekst(client_als("kr").get(overleg_url(overleg))))


def test_kr_van_twee_regios_kiest_de_regio_en_de_organisaties_van_beide(client_als, gebruikers, plaatsen):
    from mensenhandel.toegangsbeheer import gebruiker_toewijzen

    kr = gebruikers["kr"]
    gebruiker_toewijzen(gebruiker=kr, rol=Rol.KETENREGISSEUR, regios=[plaatsen["gv"], plaatsen["fr"]])
    gooi = partner(kr, plaatsen["gv"])
    noord = partner(kr, plaatsen["fr"], naam="AVIM Noord")
    client = client_als("kr")
    pagina = tekst(client.get(reverse("ketenregie:overleg_nieuw")))
    assert 'name="regio"' in pagina and "AVIM Gooi" in pagina and "AVIM Noord" in pagina
    invoer = nieuw_invoer(soort="bestuurlijk", regio=plaatsen["gv"].pk, organisaties=[gooi.pk, noord.pk])
    antwoord = client.post(reverse("ketenregie:overleg_nieuw"), invoer)
    assert antwoord.status_code == 400 and services.FOUT_ORGANISATIES in tekst(antwoord)
    antwoord = client.post(reverse("ketenregie:overleg_nieuw"), {**invoer, "regio": ""})
    assert antwoord.status_code == 400 and "Kies een van uw eigen regio's." in tekst(antwoord)
    antwoord = client.post(
        reverse("ketenregie:overleg_nieuw"),
        {**invoer, "organisaties": [noord.pk], "regio": plaatsen["fr"].pk},
    )
    assert antwoord.status_code == 302
    assert Overleg.objects.get().regio == plaatsen["fr"]


# --- Views: writing --------------------------------------------------------------------------------


def nieuw_invoer(**wijzigingen) -> dict:
    return {
        "formuliertoken": str(uuid.uuid4()),
        "soort": "regietafel",
        "datum": VANDAAG().isoformat(),
        "overige_deelnemers": "Zorg- en Veiligheidshuis",
        "agenda": "Signalen bespreken",
        **wijzigingen,
    }


def test_kr_legt_regietafel_vast_via_het_formulier_ook_bij_dubbel_verzenden(client_als, gebruikers, plaatsen):
    SignaalFactory(door=gebruikers["af"])
    client = client_als("kr")
    invoer = nieuw_invoer()
    antwoord = client.post(reverse("ketenregie:overleg_nieuw"), invoer, follow=True)
    overleg = Overleg.objects.get()
    assert antwoord.redirect_chain[-1][0] == overleg_url(overleg)
    assert "Het overleg is vastgelegd. Er staat 1 signaal op de agenda." in tekst(antwoord)
    assert overleg.agendasignalen.count() == 1

    opnieuw = client.post(reverse("ketenregie:overleg_nieuw"), invoer, follow=True)
    assert "Dit formulier was al verstuurd" in tekst(opnieuw)
    assert Overleg.objects.count() == 1 and Agendasignaal.objects.count() == 1


@pytest.mark.parametrize(
    ("wijziging", "melding", "bewaard"),
    [
        ({"soort": ""}, "Kies de soort overleg.", "Signalen bespreken</textarea>"),
        ({"datum": "31-02-2026"}, "Vul een geldige datum in, zoals 2026-01-31.", 'value="31-02-2026"'),
        ({"datum": "1999-01-05"}, "De datum ligt vóór 2000. Controleer het jaar.", 'value="1999-01-05"'),
        ({"organisaties": ["999999"]}, "Kies alleen organisaties uit de lijst.", "Zorg- en Veiligheidshuis"),
        ({"formuliertoken": "kapot"}, "Het formulier is onvolledig.", "Signalen bespreken"),
    ],
)
def test_nieuw_overleg_met_foute_invoer_geeft_400_en_houdt_invoer_vast(
    client_als, gebruikers, plaatsen, wijziging, melding, bewaard
):
    antwoord = client_als("kr").post(reverse("ketenregie:overleg_nieuw"), nieuw_invoer(**wijziging))
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert melding in pagina and bewaard in pagina
    assert not Overleg.objects.exists()


def test_bewerken_met_foute_invoer_geeft_400_en_wijzigt_niets(client_als, gebruikers, plaatsen):
    SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen, agenda="Oud")
    url = overleg_url(overleg, "ketenregie:overleg_bewerken")
    client = client_als("kr")
    assert client.get(url).status_code == 200
    antwoord = client.post(url, {"soort": "af_overleg", "datum": VANDAAG().isoformat(), "agenda": "Nieuw"})
    assert antwoord.status_code == 400
    assert services.FOUT_SOORT_VAST in tekst(antwoord) and "Nieuw</textarea>" in tekst(antwoord)
    overleg.refresh_from_db()
    assert (overleg.soort, overleg.agenda) == ("regietafel", "Oud")
    antwoord = client.post(url, {"soort": "regietafel", "datum": VANDAAG().isoformat(), "agenda": "Nieuw"})
    assert antwoord.status_code == 302
    overleg.refresh_from_db()
    assert overleg.agenda == "Nieuw"


def test_kr_legt_besluit_vast_en_de_af_ziet_het_bij_het_signaal(client_als, gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    overleg = maak_overleg(gebruikers, plaatsen)
    rij = overleg.agendasignalen.get()
    url = rij_url(overleg, signaal, "ketenregie:signaalbesluit")
    veld = f"besluit{rij.pk}-besluit"
    client = client_als("kr")

    assert client.get(url).status_code == 405
    antwoord = client.post(url, {veld: "Doorverwijzen naar de zorgcoördinator."}, follow=True)
    assert "is vastgelegd en staat nu ook bij het signaal" in tekst(antwoord)
    assert "Doorverwijzen naar de zorgcoördinator." in tekst(antwoord)
    opnieuw = client.post(url, {veld: "Doorverwijzen naar de zorgcoördinator."}, follow=True)
    assert "was op dit overleg al een besluit vastgelegd" in tekst(opnieuw)
    assert Overlegbesluit.objects.count() == 1

    pagina = tekst(client_als("af").get(reverse("signalen:detail", kwargs={"uuid": signaal.uuid})))
    sectie = pagina.split("Besluiten uit overleggen", 1)[1].split("</section>", 1)[0]
    assert f"Regietafel {overleg.datum:%d-%m-%Y}" in sectie
    assert "Doorverwijzen naar de zorgcoördinator." in sectie and gebruikers["kr"].naam in sectie
    tijdlijn = pagina.split('id="kop-tijdlijn"', 1)[1]
    assert f"Besluit Regietafel {overleg.datum:%d-%m-%Y}: Doorverwijzen" in tijdlijn


def test_besluit_zonder_tekst_of_voor_een_gepland_overleg_geeft_400(client_als, gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen)
    rij = overleg.agendasignalen.get()
    client = client_als("kr")
    antwoord = client.post(
        rij_url(overleg, signaal, "ketenregie:signaalbesluit"), {f"besluit{rij.pk}-besluit": ""}
    )
    assert antwoord.status_code == 400
    assert "Schrijf op wat het overleg over dit signaal heeft besloten." in tekst(antwoord)

    gepland = maak_overleg(gebruikers, plaatsen, datum=VANDAAG() + timedelta(days=14))
    rij = gepland.agendasignalen.get()
    pagina = tekst(client.get(overleg_url(gepland)))
    assert "Vastleggen</button>" not in pagina and "Besluiten over de signalen legt u vast op of na" in pagina
    antwoord = client.post(
        rij_url(gepland, signaal, "ketenregie:signaalbesluit"), {f"besluit{rij.pk}-besluit": "Monitoren."}
    )
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert "Een besluit kan niet in de toekomst zijn genomen." in pagina and "Monitoren.</textarea>" in pagina
    assert not Overlegbesluit.objects.exists()


def test_af_mag_geen_besluit_over_signaal_van_een_ander(client_als, gebruikers, plaatsen, af_huizen):
    ander = SignaalFactory(door=af_huizen)
    overleg = maak_overleg(gebruikers, plaatsen)
    rij = overleg.agendasignalen.get()
    url = rij_url(overleg, ander, "ketenregie:signaalbesluit")
    antwoord = client_als("af").post(url, {f"besluit{rij.pk}-besluit": "Monitoren."}, follow=True)
    assert "Alleen de ketenregisseur van de regio of een aandachtsfunctionaris" in tekst(antwoord)
    assert client_als("zc").post(url, {f"besluit{rij.pk}-besluit": "x"}).status_code == 403
    assert client_als("af_ander").post(url, {f"besluit{rij.pk}-besluit": "x"}).status_code == 404
    assert not Overlegbesluit.objects.exists()


def test_agenda_bijwerken_en_van_de_agenda_halen_via_de_knoppen(client_als, gebruikers, plaatsen):
    eerste = SignaalFactory(door=gebruikers["af"])
    overleg = maak_overleg(gebruikers, plaatsen)
    later = SignaalFactory(door=gebruikers["af"])
    client = client_als("kr")
    url = overleg_url(overleg, "ketenregie:agenda_bijwerken")
    assert "1 signaal toegevoegd" in tekst(client.post(url, follow=True))
    assert "de agenda is bij" in tekst(client.post(url, follow=True))  # double submit
    assert overleg.agendasignalen.count() == 2

    weg = rij_url(overleg, eerste, "ketenregie:agendasignaal_verwijderen")
    assert f"Signaal {eerste.referentie} is van de agenda gehaald" in tekst(client.post(weg, follow=True))
    assert "staat niet (meer) op de agenda" in tekst(client.post(weg, follow=True))
    assert [a.signaal for a in overleg.agendasignalen.all()] == [later]
    assert client_als("kr_ander").post(url).status_code == 404
    assert client_als("af").post(url).status_code == 403


def test_actiepunt_toevoegen_via_het_overleg(client_als, gebruikers, plaatsen):
    overleg = maak_overleg(gebruikers, plaatsen, soort=Overlegsoort.BESTUURLIJK)
    url = overleg_url(overleg, "ketenregie:overleg_actiepunt")
    client = client_als("kr")

    antwoord = client.post(
        url, {"omschrijving": "Rapportage rondsturen", "eigenaar": "", "deadline": "morgen"}
    )
    pagina = tekst(antwoord)
    assert antwoord.status_code == 400
    assert "Vul in wie de actie uitvoert: een persoon of organisatie." in pagina
    assert (
        "Vul een geldig" in pagina
        and 'value="Rapportage rondsturen"' in pagina
        and 'value="morgen"' in pagina
    )
    assert not Actiepunt.objects.exists()

    gisteren = (VANDAAG() - timedelta(days=1)).isoformat()
    invoer = {"omschrijving": "Rapportage rondsturen", "eigenaar": "Ketenregisseur", "deadline": gisteren}
    assert client.post(url, invoer).status_code == 302
    assert "stond er al" in tekst(client.post(url, invoer, follow=True))
    assert Actiepunt.objects.count() == 1
    pagina = tekst(client.get(overleg_url(overleg)))
    assert "Over de datum" in pagina and "1 open, waarvan 1 over de datum" in pagina
    punt = Actiepunt.objects.get()
    assert reverse("ketenregie:actiepunt_bijwerken", kwargs={"uuid": punt.uuid}) in pagina
    af = tekst(client_als("af").get(overleg_url(overleg)))
    assert "Rapportage rondsturen" in af and "Over de datum" in af
    assert reverse("ketenregie:actiepunt_bijwerken", kwargs={"uuid": punt.uuid}) not in af


# --- Query counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("aantal", [2, 12])
@pytest.mark.parametrize("rol", ["kr", "af", "zc"])
def test_overlegpagina_kost_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, django_assert_num_queries, aantal, rol
):
    for i in range(aantal):
        SignaalFactory(door=gebruikers["af"], doorverwezen_zc=i % 2 == 0)
    eigen = partner(gebruikers["kr"], plaatsen["gv"])
    overleg, _, _ = services.overleg_aanmaken(
        door=gebruikers["kr"],
        gegevens={"regio": plaatsen["gv"], "soort": "regietafel", "datum": VANDAAG()},
        organisaties=[eigen],
    )
    for i, rij in enumerate(overleg.agendasignalen.all()[: aantal // 2]):
        services.signaalbesluit_vastleggen(door=gebruikers["kr"], agendasignaal=rij, besluit=f"Besluit {i}")
    for i in range(aantal):
        services.overleg_actiepunt_toevoegen(
            door=gebruikers["kr"],
            overleg=overleg,
            gegevens={"omschrijving": f"Actie {i}", "eigenaar": "KR", "deadline": VANDAAG()},
        )
    client = client_als(rol)
    client.get(overleg_url(overleg))  # warm the session
    # PER_VERZOEK; the meeting (regio and registrar joined, regio scope as ids), its
    # organisations, action points and agenda (signal, gemeente, decision and its author
    # joined): 4; may the user keep it (KR only): 1; which agenda signals the user reads: 1 (an
    # AF's registrations outside their gemeenten first: 1); on which they may record a decision
    # (KR and AF): 1; the access-log row: 1.
    verwacht = PER_VERZOEK + {"kr": 8, "af": 8, "zc": 6}[rol]
    with django_assert_num_queries(verwacht):
        antwoord = client.get(overleg_url(overleg))
    assert antwoord.status_code == 200
    assert tekst(antwoord).count('<tr id="agenda-') == aantal


@pytest.mark.parametrize("aantal", [2, 12])
def test_lijst_kost_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, django_assert_max_num_queries, aantal
):
    for i in range(aantal):
        maak_overleg(
            gebruikers, plaatsen, soort=list(Overlegsoort)[i % 4], datum=VANDAAG() - timedelta(days=40 * i)
        )
    client = client_als("kr")
    client.get(reverse("ketenregie:overleggen"))
    # the years, the page (with its counts), the paginator's count; the norm table: regio's,
    # meetings, regio's again.
    with django_assert_max_num_queries(PER_VERZOEK + 6):
        antwoord = client.get(reverse("ketenregie:overleggen"))
    assert antwoord.status_code == 200


# --- Demo ----------------------------------------------------------------------------------------------


def test_demo_laden_is_idempotent(db):
    from mensenhandel.demo import demo_laden
    from mensenhandel.models import Gebruiker

    demo_laden()
    tellingen = (Overleg.objects.count(), Agendasignaal.objects.count(), Actiepunt.objects.count())
    besluiten = Overlegbesluit.objects.count()
    demo_laden()
    assert (Overleg.objects.count(), Agendasignaal.objects.count(), Actiepunt.objects.count()) == tellingen
    assert Overlegbesluit.objects.count() == besluiten
    assert tellingen[0] == 8
    kr = Gebruiker.objects.get(email="kr.gooi@demo.example")
    tafel = overleggen_voor(kr).get(soort=Overlegsoort.REGIETAFEL)
    assert tafel.datum < VANDAAG() and tafel.agendasignalen.exists()
    assert tafel.agendasignalen.filter(besluit__isnull=False).count() == 1
    bestuurlijk = overleggen_voor(kr).get(soort=Overlegsoort.BESTUURLIJK)
    assert bestuurlijk.actiepunten.count() == 2
    assert overleggen_voor(kr).filter(soort=Overlegsoort.AF_OVERLEG).count() == 2
