"""E-mail about waiting work (issue 18 point 5), through a real SMTP server in this process
(``tests/postvak.py``): a mail says how many items wait and links to the application, never what
they are about; it goes out once per period or rise, and a mail server that is away loses nothing.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mensenhandel import meldingen, tasks
from mensenhandel.celery import app
from mensenhandel.forms_meldingen import UUR_FOUT
from mensenhandel.models import Melding, Meldingsvoorkeur
from signalen.models import Signaal
from tests.postvak import vrije_poort
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory

pytestmark = pytest.mark.django_db

Wijze = Meldingsvoorkeur.Wijze


def om(uur: int, minuut: int = 5, dagen: int = 0) -> datetime:
    """Today (or ``dagen`` later) at this hour in the installation's time zone."""
    dag = timezone.localdate() + timedelta(days=dagen)
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)))


def werk_voor(af, n: int = 1) -> list[Signaal]:
    """``n`` items in the AF's work: lopend signals whose look-again date has come."""
    signalen = [
        SignaalFactory(
            door=af,
            lopend=True,
            personen=[PersoonGegevensFactory(naam=f"Mirela Meldtest{i}")],
        )
        for i in range(n)
    ]
    # Test setup: their look-again date is today.
    Signaal.objects.filter(pk__in=[s.pk for s in signalen]).update(monitoren_tot=timezone.localdate())
    return signalen


def voorkeur(gebruiker, wijze: str, uur: int = 8) -> Meldingsvoorkeur:
    return meldingen.meldingsvoorkeur_instellen(door=gebruiker, wijze=wijze, uur=uur)


def test_dagelijks_overzicht_zegt_alleen_hoeveel_en_linkt_naar_de_applicatie(smtp_postvak, gebruikers):
    af = gebruikers["af"]
    signalen = werk_voor(af, 2)

    # Before 08:00 (the default hour) nobody's turn; at 08:05 the AF's, the only one with work.
    assert meldingen.meldingen_versturen(om(7, 55)) == {}
    assert smtp_postvak.berichten == []
    assert meldingen.meldingen_versturen(om(8)).get("verstuurd") == 1
    assert smtp_postvak.ontvangers == [[af.email]]
    bericht = smtp_postvak.berichten[0]
    tekst = smtp_postvak.tekst()
    assert bericht["Subject"] == "Er wacht werk op u in Aanpak mensenhandel"
    assert "wachten 2 punten op u in ‘Mijn werk’" in tekst
    assert smtp_postvak.link() == f"{settings.APPLICATIE_URL}/werk/"
    # Nothing of what the items are about: no reference, name, description, gemeente or date.
    for signaal in signalen:
        for inhoud in (signaal.referentie, signaal.omschrijving, signaal.uuid.hex, str(signaal.uuid)):
            assert inhoud not in tekst
    assert "Mirela" not in tekst and "Hilversum" not in tekst
    # The only figure outside the link is the count: no date, no number of a record.
    assert re.findall(r"\d+", tekst.replace(smtp_postvak.link(), "")) == ["2"]
    melding = Melding.objects.get()
    assert (melding.gebruiker, melding.aantal) == (af, 2)
    assert melding.sleutel == f"dag:{timezone.localdate().isoformat()}" and melding.verstuurd_op is not None

    # Beat firing twice, the task redelivered, or a later run the same day: nothing more.
    assert set(meldingen.meldingen_versturen(om(8))) == {"geen_werk"}
    assert set(meldingen.meldingen_versturen(om(17))) == {"geen_werk"}
    assert len(smtp_postvak.berichten) == 1
    # The next day's digest goes out again.
    meldingen.meldingen_versturen(om(8, dagen=1))
    assert len(smtp_postvak.berichten) == 2


def test_een_gelijktijdige_run_die_de_periode_al_claimde_verstuurt_niets(smtp_postvak, gebruikers):
    af = gebruikers["af"]
    werk_voor(af)
    # Another run committed its claim after this run's query picked the user, and is sending:
    # this run meets the unique key and skips the user.
    sleutel, _ = meldingen.aan_de_beurt(om(8))
    Melding.objects.create(gebruiker=af, sleutel=sleutel, aantal=1)
    assert meldingen._dagelijks(af, sleutel, mock.Mock()) == "al_verstuurd"
    assert smtp_postvak.berichten == []


def test_met_de_mailserver_weg_gaat_niets_verloren(smtp_postvak, gebruikers, settings):
    af, kr = gebruikers["af"], gebruikers["kr"]
    werk_voor(af)
    voorkeur(kr, Wijze.DAGELIJKS, uur=6)
    echte_poort = settings.EMAIL_PORT
    settings.EMAIL_PORT = vrije_poort()  # nobody listens there: the connection is refused

    uitkomst = meldingen.meldingen_versturen(om(8))
    assert uitkomst["mislukt"] == 1
    assert not Melding.objects.exists()  # the claim is rolled back, nothing counts as sent

    settings.EMAIL_PORT = echte_poort
    assert meldingen.meldingen_versturen(om(8, 10))["verstuurd"] == 1
    assert smtp_postvak.ontvangers == [[af.email]]
    assert Melding.objects.get().verstuurd_op is not None


def test_een_fout_bij_het_versturen_draait_de_claim_van_direct_terug(smtp_postvak, gebruikers):
    af = gebruikers["af"]
    voorkeur(af, Wijze.DIRECT)
    werk_voor(af)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionResetError):
        assert meldingen.meldingen_versturen(om(10))["mislukt"] == 1
    stand = Meldingsvoorkeur.objects.get(gebruiker=af)
    assert (stand.stand, stand.volgnummer) == (0, 0) and not Melding.objects.exists()
    assert meldingen.meldingen_versturen(om(10, 10))["verstuurd"] == 1
    assert len(smtp_postvak.berichten) == 1


def test_uit_verstuurt_niets(smtp_postvak, gebruikers):
    af = gebruikers["af"]
    werk_voor(af, 3)
    voorkeur(af, Wijze.UIT)
    for uur in (0, 8, 23):
        meldingen.meldingen_versturen(om(uur))
    assert smtp_postvak.berichten == [] and not Melding.objects.exists()


def test_direct_alleen_als_het_aantal_steeg(smtp_postvak, gebruikers):
    af = gebruikers["af"]
    eerste = werk_voor(af)
    # Switching to "direct" starts from what already waits: no mail for it.
    assert voorkeur(af, Wijze.DIRECT).stand == 1
    assert set(meldingen.meldingen_versturen(om(3))) == {"geen_werk"}
    assert smtp_postvak.berichten == []

    werk_voor(af)  # a second item comes, at night as well: "direct" ignores the hour
    assert meldingen.meldingen_versturen(om(3, 10))["verstuurd"] == 1
    assert "wachten 2 punten" in smtp_postvak.tekst()
    # Redelivered, or the next run: the count did not rise since the mail.
    assert meldingen.meldingen_versturen(om(3, 10)).get("verstuurd") is None
    assert meldingen.meldingen_versturen(om(3, 15)).get("verstuurd") is None

    # One item is dealt with, another comes: back at 2, not more than the last mail said…
    Signaal.objects.filter(pk=eerste[0].pk).update(monitoren_tot=timezone.localdate() + timedelta(days=30))
    meldingen.meldingen_versturen(om(3, 20))
    werk_voor(af)
    # …but more than a moment ago: that is new work, and it is mailed.
    assert meldingen.meldingen_versturen(om(3, 25))["verstuurd"] == 1
    assert len(smtp_postvak.berichten) == 2
    assert [m.sleutel for m in Melding.objects.order_by("pk")] == ["direct:0", "direct:1"]


def test_direct_een_run_die_dezelfde_stijging_al_claimde_wint(smtp_postvak, gebruikers):
    af = gebruikers["af"]
    oud = voorkeur(af, Wijze.DIRECT)
    werk_voor(af)
    # A concurrent run read the same state and claimed the rise first (its volgnummer moved on).
    assert meldingen._direct(af, Meldingsvoorkeur.objects.get(pk=oud.pk), mock.Mock()) == "verstuurd"
    assert meldingen._direct(af, oud, mock.Mock()) == "al_verstuurd"
    # The same claim by key alone (the volgnummer put back): the unique constraint refuses it.
    Meldingsvoorkeur.objects.filter(pk=oud.pk).update(volgnummer=0, stand=0)
    assert meldingen._direct(af, oud, mock.Mock()) == "al_verstuurd"
    assert Melding.objects.count() == 1


def test_de_taak_van_beat(smtp_postvak, gebruikers):
    werk_voor(gebruikers["af"])
    with mock.patch("django.utils.timezone.now", return_value=om(9)):
        assert tasks.meldingen_versturen.apply().get()["verstuurd"] == 1
        assert tasks.meldingen_versturen.apply().get().get("verstuurd") is None
    assert len(smtp_postvak.berichten) == 1


def test_schema_in_celery_beat():
    taak = settings.CELERY_BEAT_SCHEDULE["meldingen-versturen"]
    assert taak["task"] == "mensenhandel.tasks.meldingen_versturen"
    assert taak["task"] in app.tasks
    # Every few minutes: "direct" is soon, a digest within minutes of its hour.
    assert not isinstance(taak["schedule"], crontab)
    assert taak["schedule"] == settings.MELDINGEN_INTERVAL <= 600
    assert taak["options"]["expires"] == settings.MELDINGEN_INTERVAL


# --- The preference page ------------------------------------------------------------------------


def test_voorkeur_instellen(client_als, gebruikers, django_assert_max_num_queries):
    client = client_als("zc")
    url = reverse("meldingen")
    # Session, user, the role and scope (bereik), the preference; with margin for the menu's count.
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    assert "E-mail over mijn werk" in html
    assert re.search(r'value="dagelijks"[^>]*checked', html) and 'value="8"' in html
    assert f'href="{url}"' in client.get(reverse("werk")).content.decode()  # linked from Mijn werk

    antwoord = client.post(url, {"wijze": "dagelijks", "uur": "7"}, follow=True)
    assert "U krijgt elke dag om 07:00 uur een e-mail als er werk op u wacht." in antwoord.content.decode()
    opgeslagen = Meldingsvoorkeur.objects.get(gebruiker=gebruikers["zc"])
    assert (opgeslagen.wijze, opgeslagen.uur) == (Wijze.DAGELIJKS, 7)

    antwoord = client.post(url, {"wijze": "uit", "uur": "7"}, follow=True)
    assert "U krijgt geen e-mail meer over uw werk." in antwoord.content.decode()
    assert Meldingsvoorkeur.objects.get(gebruiker=gebruikers["zc"]).wijze == Wijze.UIT


@pytest.mark.parametrize(
    ("gegevens", "fout"),
    [
        ({"wijze": "dagelijks", "uur": "24"}, UUR_FOUT),
        ({"wijze": "dagelijks", "uur": "-1"}, UUR_FOUT),
        ({"wijze": "dagelijks", "uur": "acht"}, UUR_FOUT),
        ({"wijze": "dagelijks", "uur": "7.5"}, UUR_FOUT),
        ({"wijze": "dagelijks", "uur": ""}, "Vul het uur in (0 tot en met 23)."),
        ({"uur": "8"}, "Kies hoe vaak u e-mail wilt krijgen."),
        ({"wijze": "elk-uur", "uur": "8"}, "Kies een van de drie mogelijkheden."),
    ],
)
def test_voorkeur_met_foute_invoer(client_als, gebruikers, gegevens, fout):
    antwoord = client_als("af").post(reverse("meldingen"), gegevens)
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Controleer het formulier." in html and fout in html
    if gegevens.get("uur"):
        assert f'value="{gegevens["uur"]}"' in html  # the input is kept
    assert not Meldingsvoorkeur.objects.filter(gebruiker=gebruikers["af"]).exists()


def test_de_nachtelijke_taak_ruimt_oude_meldingen_op(gebruikers):
    af = gebruikers["af"]
    nu = timezone.now()
    oud = Melding.objects.create(
        gebruiker=af, sleutel="dag:2026-01-01", aantal=1, geclaimd_op=nu - timedelta(days=91)
    )
    recent = Melding.objects.create(
        gebruiker=af, sleutel="dag:2026-11-01", aantal=2, geclaimd_op=nu - timedelta(days=89)
    )
    assert tasks.bewaartermijnen_toepassen()["meldingen"] == 1
    assert list(Melding.objects.all()) == [recent] and oud.pk
