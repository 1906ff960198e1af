"""The zorgcoördinator's inbox: the start page shows the oldest open aanmeldingen of each kind,
and the inbox pages show every one, a page at a time, the oldest first (issue 16: the start page
no longer reads and prints every open referral of a large regio)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import ToegangsLog
from signalen.models import Doorverwijzing
from tests.conftest import PER_VERZOEK
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import AanmeldingFactory
from zorgcoordinatie.models import Aanmelding
from zorgcoordinatie.views.aanmelding import INBOX_MAX, PER_PAGINA

pytestmark = pytest.mark.django_db


def tekst(antwoord) -> str:
    assert antwoord.status_code == 200
    return html.unescape(antwoord.content.decode())


def aanmeldingen(zc, aantal: int) -> list[Aanmelding]:
    """``aantal`` direct aanmeldingen, each a day older than the next: the oldest first."""
    vandaag = timezone.localdate()
    return [AanmeldingFactory(door=zc, datum=vandaag - timedelta(days=aantal - i)) for i in range(aantal)]


def doorverwijzingen(af, aantal: int) -> list[Doorverwijzing]:
    """``aantal`` referrals of signals to zorgcoördinatie, the oldest first."""
    uit = []
    for i in range(aantal):
        signaal = SignaalFactory(door=af, doorverwezen_zc=True)
        doorverwijzing = signaal.doorverwijzingen.get(bestemming="zorgcoordinator")
        Doorverwijzing.objects.filter(pk=doorverwijzing.pk).update(
            datum=timezone.localdate() - timedelta(days=aantal - i)
        )
        uit.append(doorverwijzing)
    return uit


def rijen(pagina: str, bijschrift: str) -> str:
    """The body of the table whose caption starts with ``bijschrift``."""
    tabel = re.search(rf"<caption>{re.escape(bijschrift)}.*?</caption>(.*?)</table>", pagina, re.S)
    assert tabel, f"geen tabel {bijschrift!r}"
    return tabel.group(1)


def test_de_startpagina_toont_de_oudste_en_verwijst_naar_de_rest(client_als, gebruikers):
    zc = gebruikers["zc"]
    direct = aanmeldingen(zc, INBOX_MAX + 2)
    uit_signalen = doorverwijzingen(gebruikers["af"], 3)
    pagina = tekst(client_als("zc").get(reverse("zorgcoordinatie:start")))

    tabel = rijen(pagina, "Directe aanmeldingen: de 10 oudste")
    for a in direct[:INBOX_MAX]:
        assert str(a.uuid) in tabel
    for a in direct[INBOX_MAX:]:
        assert str(a.uuid) not in tabel
    assert "er wachten er meer" in pagina
    assert reverse("zorgcoordinatie:inbox_direct") in pagina
    # Three referrals: all shown, and no link to more.
    tabel = rijen(pagina, "Aanmeldingen uit signalen (3)")
    assert all(str(d.uuid) in tabel for d in uit_signalen)
    assert reverse("zorgcoordinatie:inbox_signalen") not in pagina
    # The access log names what the page showed, not what it left out.
    getoond = ToegangsLog.objects.filter(scherm="zorgcoordinatie:start").latest("id").getoond
    assert {f"zorgcoordinatie.Aanmelding:{a.uuid}" for a in direct[:INBOX_MAX]} <= set(getoond)
    assert not {f"zorgcoordinatie.Aanmelding:{a.uuid}" for a in direct[INBOX_MAX:]} & set(getoond)


def test_de_inbox_toont_alle_directe_aanmeldingen_per_pagina(client_als, gebruikers):
    zc = gebruikers["zc"]
    direct = aanmeldingen(zc, PER_PAGINA + 2)
    AanmeldingFactory(door=gebruikers["zc_ander"])  # another regio
    beantwoord = AanmeldingFactory(door=zc)
    Aanmelding.objects.filter(pk=beantwoord.pk).update(status=Aanmelding.Status.AFGEWEZEN)
    client = client_als("zc")

    eerste = tekst(client.get(reverse("zorgcoordinatie:inbox_direct")))
    tabel = rijen(eerste, f"Directe aanmeldingen 1–{PER_PAGINA} van {PER_PAGINA + 2}")
    assert [a for a in direct if str(a.uuid) in tabel] == direct[:PER_PAGINA]
    # The oldest first.
    assert tabel.index(str(direct[0].uuid)) < tabel.index(str(direct[1].uuid))
    assert str(beantwoord.uuid) not in eerste
    tweede = tekst(client.get(reverse("zorgcoordinatie:inbox_direct"), {"pagina": 2}))
    tabel = rijen(tweede, f"Directe aanmeldingen {PER_PAGINA + 1}–{PER_PAGINA + 2} van {PER_PAGINA + 2}")
    assert [a for a in direct if str(a.uuid) in tabel] == direct[PER_PAGINA:]
    getoond = ToegangsLog.objects.filter(scherm="zorgcoordinatie:inbox_direct").latest("id").getoond
    assert getoond == [f"zorgcoordinatie.Aanmelding:{a.uuid}" for a in direct[PER_PAGINA:]]
    # The other regio's zorgcoördinator sees only her own.
    ander = tekst(client_als("zc_ander").get(reverse("zorgcoordinatie:inbox_direct")))
    assert "Directe aanmeldingen 1–1 van 1" in ander
    assert not any(str(a.uuid) in ander for a in direct)


def test_de_inbox_van_aanmeldingen_uit_signalen(client_als, gebruikers):
    uit_signalen = doorverwijzingen(gebruikers["af"], 2)
    pagina = tekst(client_als("zc").get(reverse("zorgcoordinatie:inbox_signalen")))
    tabel = rijen(pagina, "Aanmeldingen uit signalen 1–2 van 2")
    assert tabel.index(str(uit_signalen[0].uuid)) < tabel.index(str(uit_signalen[1].uuid))
    assert uit_signalen[0].signaal.referentie in tabel
    getoond = ToegangsLog.objects.filter(scherm="zorgcoordinatie:inbox_signalen").latest("id").getoond
    assert getoond == [f"signalen.Signaal:{d.signaal.uuid}" for d in uit_signalen]
    leeg = tekst(client_als("zc_ander").get(reverse("zorgcoordinatie:inbox_signalen")))
    assert "Er wachten geen aanmeldingen uit signalen op antwoord." in leeg


@pytest.mark.parametrize("aantal", [2, 30])
@pytest.mark.parametrize("naam", ["zorgcoordinatie:inbox_signalen", "zorgcoordinatie:inbox_direct"])
def test_de_inbox_in_een_vast_aantal_queries(client_als, gebruikers, django_assert_num_queries, aantal, naam):
    zc = gebruikers["zc"]
    if naam.endswith("direct"):
        aanmeldingen(zc, aantal)
    else:
        doorverwijzingen(gebruikers["af"], aantal)
    client = client_als("zc")
    # the count for the paginator, a page of rows (with what they print joined), the access log
    with django_assert_num_queries(PER_VERZOEK + 3):
        antwoord = client.get(reverse(naam))
    assert f"van {aantal}" in tekst(antwoord)
