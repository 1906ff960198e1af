"""A list page that shows personal data names, in its access-log row, the records it showed
(NEN 7513: a view in a list is a view too; issue 15). ``ToegangsLog.getoond`` holds them as
"<soort>:<uuid>"; a list of coarse groups shows no record and names none."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from ketenregie.models import Overlegsoort
from ketenregie.services import overleggen as overlegservices
from mensenhandel.models import ToegangsLog
from signalen.models import Signaal
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory
from zorgcoordinatie.models import Traject

PER_PAGINA = 25


def laatste_regel(gebruiker, scherm: str) -> ToegangsLog:
    return ToegangsLog.objects.filter(gebruiker=gebruiker, scherm=scherm).order_by("-id").first()


def signalen(uuids) -> list[str]:
    return [f"signalen.Signaal:{u}" for u in uuids]


def test_de_lijst_van_de_af_noemt_de_signalen_van_de_pagina(client_als, gebruikers):
    af = gebruikers["af"]
    for _ in range(PER_PAGINA + 2):
        SignaalFactory(door=af)
    SignaalFactory(door=gebruikers["af_ander"])  # not in her list
    client = client_als("af")
    client.get(reverse("signalen:start"))
    eerste = laatste_regel(af, "signalen:start")
    client.get(reverse("signalen:start"), {"pagina": 2})
    tweede = laatste_regel(af, "signalen:start")
    eigen = set(signalen(Signaal.objects.filter(geregistreerd_door=af).values_list("uuid", flat=True)))
    assert (len(eerste.getoond), len(tweede.getoond)) == (PER_PAGINA, 2)
    assert set(eerste.getoond) | set(tweede.getoond) == eigen
    assert not set(eerste.getoond) & set(tweede.getoond)
    # The functioneel beheerder's access log says how many records a row's page showed.
    pagina = client_als("fb").get("/beheerder/toegangslog/").content.decode()
    assert f"{PER_PAGINA} gegevens getoond" in pagina and "2 gegevens getoond" in pagina


def test_de_kr_met_casuistiek_ziet_signalen_zonder_casuistiek_groepen(client_als, gebruikers, plaatsen):
    signaal = SignaalFactory(door=gebruikers["af"])
    kr = gebruikers["kr"]
    client_als("kr").get(reverse("signalen:start"))
    assert laatste_regel(kr, "signalen:start").getoond == []  # coarse groups: no record shown
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    client_als("kr").get(reverse("signalen:start"))
    assert laatste_regel(kr, "signalen:start").getoond == signalen([signaal.uuid])


def test_de_caseload_noemt_trajecten_en_de_inbox(client_als, gebruikers):
    zc = gebruikers["zc"]
    traject = TrajectFactory(door=zc)
    doorverwezen = SignaalFactory(door=gebruikers["af"], doorverwezen_zc=True)
    TrajectFactory(door=gebruikers["zc_ander"])  # another regio
    client_als("zc").get(reverse("zorgcoordinatie:start"))
    getoond = laatste_regel(zc, "zorgcoordinatie:start").getoond
    assert f"zorgcoordinatie.Traject:{traject.uuid}" in getoond
    assert f"signalen.Signaal:{doorverwezen.uuid}" in getoond
    assert (
        len([g for g in getoond if g.startswith("zorgcoordinatie.Traject:")])
        == Traject.objects.filter(regio=traject.regio, afgesloten_op__isnull=True).count()
    )

    # The zorgcoördinator's view of the signals: the referred ones on the page.
    client_als("zc").get(reverse("signalen:start"))
    assert laatste_regel(zc, "signalen:start").getoond == signalen([doorverwezen.uuid])


def test_de_agenda_noemt_de_signalen_waarvan_zij_details_toont(client_als, gebruikers, plaatsen):
    plaatsen["gv"].ketenregisseur_mag_casuistiek = True
    plaatsen["gv"].save()
    signaal = SignaalFactory(door=gebruikers["af"])
    overleg, _, _ = overlegservices.overleg_aanmaken(
        door=gebruikers["kr"],
        gegevens={"regio": plaatsen["gv"], "soort": Overlegsoort.REGIETAFEL, "datum": timezone.localdate()},
    )
    assert overleg.agendasignalen.count() == 1
    client_als("kr").get(reverse("ketenregie:overleg", kwargs={"uuid": overleg.uuid}))
    regel = laatste_regel(gebruikers["kr"], "ketenregie:overleg")
    assert regel.getoond == signalen([signaal.uuid])
