"""The AF's list marks a signal when feedback or a table decision arrived from someone else since
she last opened it (issue 17, point 4)."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signalen import services
from signalen.models import Bestemming, Doorverwijzing, Signaal
from tests.signalen.factories import SignaalFactory

pytestmark = pytest.mark.django_db

MARKERING = "Nieuw sinds u keek"


def rij(client, signaal: Signaal) -> str:
    pagina = html.unescape(client.get(reverse("signalen:start")).content.decode())
    # The signal's row in the list (the work list above it may name the signal too).
    return pagina.split("<tbody", 1)[1].split(signaal.referentie, 1)[1].split("</tr>", 1)[0]


def openen(client, signaal: Signaal) -> None:
    assert client.get(reverse("signalen:detail", kwargs={"uuid": signaal.uuid})).status_code == 200


def test_het_antwoord_van_de_zorgcoordinator_is_nieuws_tot_de_af_het_signaal_opent(client_als, gebruikers):
    af, zc = gebruikers["af"], gebruikers["zc"]
    signaal = SignaalFactory(door=af, doorverwezen_zc=True)
    ander = SignaalFactory(door=af)
    client = client_als("af")
    assert MARKERING not in rij(client, signaal)

    doorverwijzing = signaal.doorverwijzingen.get(bestemming="zorgcoordinator")
    services.aanmelding_beantwoorden(doorverwijzing=doorverwijzing, door=zc, geaccepteerd=True)
    assert MARKERING in rij(client, signaal)
    assert MARKERING not in rij(client, ander)
    # Someone else who opens it (the ketenregisseur, say) does not make it seen for her.
    openen(client, signaal)
    assert MARKERING not in rij(client, signaal)

    services.zorgtraject_afgerond(doorverwijzing=Doorverwijzing.objects.get(pk=doorverwijzing.pk), door=zc)
    assert MARKERING in rij(client, signaal)


def test_wat_de_af_zelf_vastlegt_is_geen_nieuws(client_als, gebruikers):
    af = gebruikers["af"]
    signaal = SignaalFactory(door=af, gewogen=True)
    services.besluit_nemen(
        signaal=signaal,
        door=af,
        verwijzingen=[services.Verwijzing(Bestemming.POLITIE_BASISTEAM)],
        versie=signaal.versie,
    )
    partner = signaal.doorverwijzingen.get()
    services.terugkoppeling_vastleggen(doorverwijzing=partner, door=af, status="ontvangen")
    assert Signaal.objects.get(pk=signaal.pk).nieuws_op is None
    assert MARKERING not in rij(client_als("af"), signaal)


def test_openen_kost_alleen_een_query_als_er_nieuws_is(client_als, gebruikers, django_assert_num_queries):
    af, zc = gebruikers["af"], gebruikers["zc"]
    signaal = SignaalFactory(door=af, doorverwezen_zc=True)
    client = client_als("af")
    openen(client, signaal)
    with CaptureQueriesContext(connection) as zonder:
        openen(client, signaal)
    doorverwijzing = signaal.doorverwijzingen.get(bestemming="zorgcoordinator")
    services.aanmelding_beantwoorden(doorverwijzing=doorverwijzing, door=zc, geaccepteerd=True)
    with CaptureQueriesContext(connection) as met:
        openen(client, signaal)
    assert len(met) == len(zonder) + 1
    assert Signaal.objects.get(pk=signaal.pk).eigenaar_gezien_op is not None


def test_een_besluit_van_de_regietafel_is_nieuws(client_als, gebruikers):
    signaal = SignaalFactory(door=gebruikers["af"], gewogen=True)
    services.overlegbesluit_vastleggen(
        signaal=signaal,
        door=gebruikers["kr"],
        overleg="Regietafel",
        datum=timezone.localdate(),
        besluit="Casusregie bij de gemeente.",
    )
    assert MARKERING in rij(client_als("af"), signaal)
