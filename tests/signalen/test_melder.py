"""Feedback to the reporter of a signal (issue 18, point 2): the record and its service, the form's
bad input, the list's flag and filter, "Mijn werk" and the regio's protected figure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenregie.selectors import publicatie as kr_publicatie
from mensenhandel.bescherming import Cel
from signalen import cijfers as signalen_cijfers
from signalen import services, werk
from signalen.models import Bron, Gebeurtenis, MelderTerugkoppeling, Signaal
from tests.conftest import PER_VERZOEK
from tests.signalen.factories import SignaalFactory

VANDAAG = timezone.localdate


def _geregistreerd(signaal: Signaal, dagen_geleden: int) -> Signaal:
    """Move the registration back in time (the form never sets it)."""
    dag = VANDAAG() - timedelta(days=dagen_geleden)
    Signaal.objects.filter(pk=signaal.pk).update(datum_geregistreerd=dag, datum_waargenomen=dag)
    signaal.refresh_from_db()
    return signaal


def _url(signaal: Signaal) -> str:
    return reverse("signalen:melder_terugkoppeling", kwargs={"uuid": signaal.uuid})


def tekst(antwoord) -> str:
    return antwoord.content.decode()


def test_terugkoppeling_vastleggen_zet_de_wachttijd_en_de_tijdlijn(gebruikers, settings):
    settings.SIGNALEN_MELDER_TERUGKOPPELING_DAGEN = 14
    af = gebruikers["af"]
    signaal = _geregistreerd(SignaalFactory(door=af), 20)
    assert signaal.melder == "collega" and signaal.melder_wacht_op_terugkoppeling

    services.melder_terugkoppeling_vastleggen(
        signaal=signaal, door=af, datum=VANDAAG() - timedelta(days=2), kanaal="telefoon", bericht=" Bedankt. "
    )
    signaal.refresh_from_db()
    assert signaal.melder_teruggekoppeld_na == 18  # 20 - 2 days after the registration
    assert not signaal.melder_wacht_op_terugkoppeling
    # A later one keeps the first; an earlier one (entered afterwards) counts.
    services.melder_terugkoppeling_vastleggen(
        signaal=signaal, door=af, datum=VANDAAG(), kanaal="email", bericht="Afgerond."
    )
    signaal.refresh_from_db()
    assert signaal.melder_teruggekoppeld_na == 18
    services.melder_terugkoppeling_vastleggen(
        signaal=signaal, door=af, datum=VANDAAG() - timedelta(days=15), kanaal="brief", bericht="Ontvangen."
    )
    signaal.refresh_from_db()
    assert signaal.melder_teruggekoppeld_na == 5
    assert list(signaal.melder_terugkoppelingen.values_list("bericht", flat=True)) == [
        "Ontvangen.",
        "Bedankt.",
        "Afgerond.",
    ]
    assert signaal.gebeurtenissen.filter(
        soort=Gebeurtenis.Soort.TERUGKOPPELING, omschrijving="Terugkoppeling aan de melder (telefoon)"
    ).exists()


def test_terugkoppeling_weigert_anoniem_toekomst_en_voor_registratie(gebruikers):
    af = gebruikers["af"]
    anoniem = SignaalFactory(door=af, bron=Bron.ANONIEM, melder_contact="")
    assert anoniem.melder == "anoniem" and not _geregistreerd(anoniem, 30).melder_wacht_op_terugkoppeling
    with pytest.raises(services.Geweigerd, match="anoniem gemeld"):
        services.melder_terugkoppeling_vastleggen(
            signaal=anoniem, door=af, datum=VANDAAG(), kanaal="telefoon", bericht="Bedankt."
        )
    signaal = SignaalFactory(door=af)
    with pytest.raises(ValidationError, match="toekomst"):
        services.melder_terugkoppeling_vastleggen(
            signaal=signaal, door=af, datum=VANDAAG() + timedelta(days=1), kanaal="telefoon", bericht="x"
        )
    with pytest.raises(ValidationError, match="vóór de registratie"):
        services.melder_terugkoppeling_vastleggen(
            signaal=signaal, door=af, datum=VANDAAG() - timedelta(days=1), kanaal="telefoon", bericht="x"
        )
    with pytest.raises(ValidationError):
        services.melder_terugkoppeling_vastleggen(
            signaal=signaal, door=af, datum=VANDAAG(), kanaal="duif", bericht="x"
        )
    # Another gemeente's AF may not record it.
    with pytest.raises(services.Geweigerd):
        services.melder_terugkoppeling_vastleggen(
            signaal=signaal, door=gebruikers["af_ander"], datum=VANDAAG(), kanaal="telefoon", bericht="x"
        )
    assert not MelderTerugkoppeling.objects.exists()


def test_formulier_met_foute_invoer_houdt_de_invoer(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"])
    client = client_als("af")
    pagina = tekst(client.get(_url(signaal)))
    assert "Terugkoppeling aan de melder" in pagina and "zonder inhoud over de casus" in pagina
    assert "Team handhaving, 035 000 0000" in pagina  # the reporter's contact, to call them

    morgen = (VANDAAG() + timedelta(days=1)).isoformat()
    antwoord = client.post(
        _url(signaal), {"datum": morgen, "kanaal": "", "bericht": "Bedankt voor uw melding."}
    )
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert "De datum van de terugkoppeling kan niet in de toekomst liggen." in pagina
    assert "Kies hoe u hebt teruggekoppeld." in pagina
    assert "Bedankt voor uw melding." in pagina and morgen in pagina  # nothing typed is lost

    antwoord = client.post(
        _url(signaal), {"datum": VANDAAG().isoformat(), "kanaal": "telefoon", "bericht": "a" * 301}
    )
    assert antwoord.status_code == 400
    assert "hoogstens 300 tekens (nu 301)" in tekst(antwoord) and "a" * 301 in tekst(antwoord)
    antwoord = client.post(_url(signaal), {"datum": "", "kanaal": "telefoon", "bericht": ""})
    assert "Vul de datum van de terugkoppeling in." in tekst(antwoord)
    assert "Vul kort in wat u de melder liet weten." in tekst(antwoord)
    assert not MelderTerugkoppeling.objects.exists()

    antwoord = client.post(
        _url(signaal), {"datum": VANDAAG().isoformat(), "kanaal": "persoonlijk", "bericht": "Bedankt."}
    )
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#doorverwijzingen")
    pagina = tekst(client.get(antwoord["Location"]))
    assert "Terugkoppelingen aan de melder (1)" in pagina and "Persoonlijk" in pagina
    assert "Aan de melder (persoonlijk)" in pagina  # the timeline, under the kind "Terugkoppeling"


def test_formulier_weigert_een_anonieme_melder(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], bron=Bron.ANONIEM, melder_contact="")
    client = client_als("af")
    antwoord = client.get(_url(signaal), follow=True)
    assert services.MELDER_ANONIEM in tekst(antwoord)
    assert _url(signaal) not in tekst(antwoord)  # the signal's page offers no link to it
    antwoord = client.post(
        _url(signaal),
        {"datum": VANDAAG().isoformat(), "kanaal": "telefoon", "bericht": "Bedankt."},
        follow=True,
    )
    assert services.MELDER_ANONIEM in tekst(antwoord)
    assert not MelderTerugkoppeling.objects.exists()


@pytest.mark.parametrize("aantal", [3, 30])
def test_lijst_markeert_en_filtert_in_vast_aantal_queries(
    client_als, gebruikers, settings, django_assert_num_queries, aantal
):
    settings.SIGNALEN_MELDER_TERUGKOPPELING_DAGEN = 10
    af = gebruikers["af"]
    wachtend = [_geregistreerd(SignaalFactory(door=af), 11) for _ in range(aantal)]
    _geregistreerd(SignaalFactory(door=af), 9)  # within the days
    _geregistreerd(SignaalFactory(door=af, bron=Bron.ANONIEM, melder_contact=""), 30)  # nobody to tell
    gehad = _geregistreerd(SignaalFactory(door=af), 30)
    services.melder_terugkoppeling_vastleggen(
        signaal=gehad, door=af, datum=VANDAAG(), kanaal="telefoon", bericht="Bedankt."
    )
    client = client_als("af")
    # As the list's own query-count test: the AF's registrations outside their gemeenten, the
    # counts per status and the filtered length (one aggregate), one page (gemeente joined, the
    # referral flag), the access log, the hits box's candidates (none, so no pairs); no work list
    # on a filtered list. The reporter's flag is read from the row.
    with django_assert_num_queries(PER_VERZOEK + 5):
        antwoord = client.get(reverse("signalen:start") + "?melder=on")
    pagina = tekst(antwoord)
    assert pagina.count("Melder wacht op terugkoppeling</span>") == min(aantal, 25)
    assert f"van {aantal}" in pagina
    assert str(gehad.uuid) not in pagina and str(wachtend[-1].uuid) in pagina

    # Unfiltered, the flag marks exactly the waiting rows (9 days, anonymous and answered are not).
    # Oldest first, the page opens with the answered and the anonymous signal (30 days), then the
    # waiting ones.
    pagina = tekst(client.get(reverse("signalen:start") + "?sortering=datum"))
    getoond = sum(str(s.uuid) in pagina for s in wachtend)
    assert getoond == min(aantal, 23)
    assert pagina.count("Melder wacht op terugkoppeling</span>") == getoond


def test_mijn_werk_noemt_de_melders_die_wachten(gebruikers, settings):
    settings.SIGNALEN_MELDER_TERUGKOPPELING_DAGEN = 14
    af = gebruikers["af"]
    oud = _geregistreerd(SignaalFactory(door=af), 15)
    _geregistreerd(SignaalFactory(door=af), 3)
    _geregistreerd(SignaalFactory(door=gebruikers["af_ander"]), 20)  # someone else's
    bron = werk.melder_terugkoppeling(af)
    assert bron is not None and bron.label == "Melders zonder terugkoppeling na 14 dagen"
    assert [s.referentie for s in bron.open] == [oud.referentie]
    regel = bron.regel(bron.open[0])
    assert regel.url == _url(oud) and "melder wacht" in regel.toelichting
    services.melder_terugkoppeling_vastleggen(
        signaal=oud, door=af, datum=VANDAAG(), kanaal="email", bericht="Bedankt."
    )
    assert not werk.melder_terugkoppeling(af).open.exists()  # dealt with: gone
    assert werk.melder_terugkoppeling(gebruikers["zc"]) is None


def test_cijfer_melders_zonder_terugkoppeling_beschermd(gebruikers, plaatsen, settings):
    settings.SIGNALEN_MELDER_TERUGKOPPELING_DAGEN = 14
    af = gebruikers["af"]
    regio = SignaalFactory(door=af).gemeente.regios.get()
    te_laat = [_geregistreerd(SignaalFactory(door=af), 40) for _ in range(3)]
    services.melder_terugkoppeling_vastleggen(  # feedback, but after 20 days: counts
        signaal=te_laat[0], door=af, datum=VANDAAG() - timedelta(days=20), kanaal="brief", bericht="Bedankt."
    )
    op_tijd = _geregistreerd(SignaalFactory(door=af), 40)
    services.melder_terugkoppeling_vastleggen(
        signaal=op_tijd, door=af, datum=VANDAAG() - timedelta(days=35), kanaal="telefoon", bericht="Bedankt."
    )
    _geregistreerd(SignaalFactory(door=af, bron=Bron.ANONIEM, melder_contact=""), 40)
    van, tot = VANDAAG() - timedelta(days=60), VANDAAG()

    regio.kleine_aantallen_drempel = 0
    s = signalen_cijfers.signaalcijfers(regio, van, tot)
    assert (s.totaal, s.melder_zonder_terugkoppeling, s.melder_dagen) == (6, 3, 14)

    regio.kleine_aantallen_drempel = 5
    regio.save()
    beschermd = kr_publicatie.regiocijfers(regio, van, tot).signalen.melder_zonder_terugkoppeling
    assert isinstance(beschermd, Cel) and beschermd.verborgen and beschermd.tekst.startswith("<")
