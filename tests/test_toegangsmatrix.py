"""The access matrix: every URL pattern, called as every role, an outsider and anonymously.

A URL pattern that is missing here fails ``test_elk_patroon_staat_in_de_matrix``.
Profiles ending in ``_ander`` are users of another gemeente or regio; for views that
show one record they must get 404, never the record.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from mensenhandel import inzage
from mensenhandel.bewaarbeheer import Blokkeerbaar, blokkade_aanvragen
from mensenhandel.models import Inzageverzoek, Rol
from mensenhandel.toegang import declaratie, gemeenten_van_af, regios_van
from mensenhandel.toegangsbeheer import toegang_wijzigen
from signalen import services as signalen_services
from signalen.selectors import koppelingen_van
from tests.conftest import volledig_inloggen
from tests.matrixhulp import IEDEREEN_200, PROFIELEN, Rij, af_eigen, alleen, rollen
from tests.signalen.factories import SignaalFactory
from zorgcoordinatie import services as zc_services


class Voorbeelden:
    """Records of the AF in Hilversum for views of one record, made on first use.

    ``signaal`` is referred to the zorgcoördinator of Gooi en Vechtstreek (so that the
    ZC there reads it); ``gewogen`` waits for a decision. Both name the same phone
    number, so stacking links them.
    """

    TELEFOON = "06 11112222"

    def __init__(self, gebruikers: dict[str, Any]) -> None:
        self.gebruikers = gebruikers
        self.af = gebruikers["af"]
        self.zc = gebruikers["zc"]

    @functools.cached_property
    def wisverzoek(self) -> Any:
        """The AF asks to erase a test registration of theirs."""
        return signalen_services.wisverzoek_indienen(
            door=self.af, signaal=SignaalFactory(door=self.af), soort="test", reden="Testregistratie"
        )

    @functools.cached_property
    def blokkade(self) -> Any:
        """The AF asks to hold their signal (a running criminal case)."""
        doel = Blokkeerbaar("signalen.signaal", self.signaal.uuid, self.signaal.referentie)
        return blokkade_aanvragen(
            door=self.af, doel=doel, reden="Lopend onderzoek", tot=timezone.localdate() + timedelta(days=365)
        )

    @functools.cached_property
    def inzageverzoek(self) -> Any:
        """The privacy officer searched for the person of ``signaal`` (no date of birth there: a
        possible hit)."""
        self.signaal  # noqa: B018
        treffers = inzage.zoeken("Anna Voorbeeld", date(1990, 1, 1))
        return Inzageverzoek.objects.create(
            kenmerk="Z-2026-1",
            ontvangen_op=timezone.localdate(),
            door=self.gebruikers["fg"],
            treffers=[t.als_json() for t in treffers],
        )

    @functools.cached_property
    def toegangswijziging(self) -> Any:
        """The beheerder asks to make the user without a role an AF in Hilversum; it waits."""
        return toegang_wijzigen(
            door=self.gebruikers["fb"],
            gebruiker=self.gebruikers["zonder_rol"],
            rol=Rol.AANDACHTSFUNCTIONARIS,
            gemeenten=gemeenten_van_af(self.af),
        )

    @functools.cached_property
    def signaal(self) -> Any:
        persoon = {"soort": "slachtoffer", "naam": "Anna Voorbeeld", "telefoon": self.TELEFOON}
        return SignaalFactory(door=self.af, doorverwezen_zc=True, personen=[persoon])

    @functools.cached_property
    def gewogen(self) -> Any:
        persoon = {"soort": "slachtoffer", "naam": "Anna Voorbeeld", "telefoon": self.TELEFOON}
        return SignaalFactory(door=self.af, gewogen=True, personen=[persoon])

    @functools.cached_property
    def persoon(self) -> Any:
        return self.signaal.personen.get()

    @functools.cached_property
    def doorverwijzing(self) -> Any:
        return self.signaal.doorverwijzingen.get()

    @functools.cached_property
    def koppeling(self) -> Any:
        self.gewogen  # noqa: B018  (registering it finds the pair)
        return koppelingen_van(self.signaal).get()

    # Zorgcoördinatie: a direct aanmelding in Gooi en Vechtstreek, and a trajectory there
    # with the ZC as the responsible one, one care action and one agreement.

    def _aanmelding_invoeren(self) -> Any:
        regio = regios_van(self.zc).get()
        return zc_services.aanmelding_invoeren(door=self.zc, regio=regio, bron="politie")[0]

    @functools.cached_property
    def aanmelding(self) -> Any:
        return self._aanmelding_invoeren()

    @functools.cached_property
    def traject(self) -> Any:
        gemeente = regios_van(self.zc).get().gemeenten.order_by("naam").first()
        return zc_services.aanmelding_accepteren(
            door=self.zc,
            aanmelding=self._aanmelding_invoeren(),
            client_gegevens={"naam": "Cliënt Voorbeeld", "verantwoordelijke_gemeente": gemeente},
        )

    @functools.cached_property
    def client(self) -> Any:
        return self.traject.client

    @functools.cached_property
    def zorgactie(self) -> Any:
        gegevens = {"domein": "opvang", "zorgaanbieder": "COSM", "soort": "Opvang"}
        return zc_services.zorgactie_toevoegen(traject=self.traject, door=self.zc, gegevens=gegevens)

    @functools.cached_property
    def afspraak(self) -> Any:
        overleg = zc_services.zorgoverleg_vastleggen(
            traject=self.traject,
            door=self.zc,
            datum=timezone.localdate(),
            organisaties="COSM, politie",
            afspraken=[
                {"omschrijving": "Huisarts zoeken", "eigenaar": "COSM", "deadline": timezone.localdate()}
            ],
        )
        return overleg.afspraken.get()


def _uuid_van(naam: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: {"uuid": getattr(data["voorbeelden"], naam).uuid}


def zc_eigen(status: int, *, kr: int = 403) -> dict[str, int]:
    """A record of the ZC's regio: the ZC gets ``status``; a ZC of another regio and an AF
    get 404 (as if it did not exist); the KR, FB and users without a role get 403
    (``kr=404`` where the KR is admitted but the regio does not allow casework)."""
    return rollen(anoniem=302, af=404, zc=status, zc_ander=404, kr=kr, fb=403, zonder_rol=403)


ZORGCOORDINATIE: dict[str, Rij] = {
    "zorgcoordinatie:start": Rij(alleen("zc")),
    "zorgcoordinatie:inbox_signalen": Rij(alleen("zc")),
    "zorgcoordinatie:inbox_direct": Rij(alleen("zc")),
    "zorgcoordinatie:clienten": Rij(alleen("zc")),
    "zorgcoordinatie:aanmelding_nieuw": Rij(alleen("zc")),
    "zorgcoordinatie:aanmelding_beantwoorden": Rij(zc_eigen(200), kwargs=_uuid_van("aanmelding")),
    "zorgcoordinatie:doorverwijzing_beantwoorden": Rij(zc_eigen(200), kwargs=_uuid_van("doorverwijzing")),
    "zorgcoordinatie:traject": Rij(zc_eigen(200, kr=404), kwargs=_uuid_van("traject")),
    "zorgcoordinatie:traject_bewerken": Rij(zc_eigen(200), kwargs=_uuid_van("traject")),
    "zorgcoordinatie:blokkade_aanvragen": Rij(zc_eigen(200), kwargs=_uuid_van("traject")),
    "zorgcoordinatie:intake": Rij(zc_eigen(200), kwargs=_uuid_van("traject")),
    "zorgcoordinatie:zorgactie_toevoegen": Rij(zc_eigen(200), kwargs=_uuid_van("traject")),
    "zorgcoordinatie:zorgoverleg_toevoegen": Rij(zc_eigen(200), kwargs=_uuid_van("traject")),
    "zorgcoordinatie:afsluiten": Rij(zc_eigen(200), kwargs=_uuid_van("traject")),
    "zorgcoordinatie:fase_wijzigen": Rij(
        zc_eigen(302),
        methode="post",
        kwargs=_uuid_van("traject"),
        data=lambda d: {
            "overgang": "hulpverlening:starten",
            "datum": timezone.localdate().isoformat(),
            "versie": d["voorbeelden"].traject.versie,
        },
    ),
    # On an open trajectory the service refuses (a message and back to the page).
    "zorgcoordinatie:heropenen": Rij(
        zc_eigen(302),
        methode="post",
        kwargs=_uuid_van("traject"),
        data=lambda d: {"reden": "Nieuwe hulpvraag.", "versie": d["voorbeelden"].traject.versie},
    ),
    "zorgcoordinatie:zorgactie_bewerken": Rij(zc_eigen(200), kwargs=_uuid_van("zorgactie")),
    "zorgcoordinatie:afspraak_afronden": Rij(zc_eigen(302), methode="post", kwargs=_uuid_van("afspraak")),
    "zorgcoordinatie:client": Rij(zc_eigen(200, kr=404), kwargs=_uuid_van("client")),
    "zorgcoordinatie:client_bewerken": Rij(zc_eigen(200), kwargs=_uuid_van("client")),
    "zorgcoordinatie:comensha_toestemming": Rij(
        zc_eigen(302), methode="post", kwargs=_uuid_van("client"), data={"toestemming": "niet_gevraagd"}
    ),
    "zorgcoordinatie:comensha_export": Rij(zc_eigen(200), kwargs=_uuid_van("client")),
}


def _partner_gv(data: dict[str, Any]) -> Any:
    """A partner of Gooi en Vechtstreek with one contact person, entered by its KR."""
    from ketenregie.services import wegenkaart as kr_services

    kr = data["gebruikers"]["kr"]
    partner = kr_services.partner_opslaan(
        door=kr,
        gegevens={"naam": "AVIM Voorbeeld", "soort": "politie_avim", "telefoon": "0900-8844"},
        regios=list(regios_van(kr)),
    )
    kr_services.contactpersoon_opslaan(
        door=kr, partner=partner, gegevens={"naam": "Rechercheur Voorbeeld", "telefoon": "0900-8844"}
    )
    return partner


ALLE_ROLLEN_LEZEN = rollen(anoniem=302, af=200, zc=200, kr=200, fb=200, zonder_rol=403)
# The KR of the partner's regio and the FB edit; the KR of another regio gets 404.
PARTNER_BEWERKEN = rollen(anoniem=302, af=403, zc=403, kr=200, kr_ander=404, fb=200, zonder_rol=403)

KETENREGIE: dict[str, Rij] = {
    "ketenregie:wegenkaart": Rij(ALLE_ROLLEN_LEZEN),
    "ketenregie:partner": Rij(ALLE_ROLLEN_LEZEN, kwargs=lambda d: {"uuid": _partner_gv(d).uuid}),
    "ketenregie:partner_nieuw": Rij(rollen(anoniem=302, af=403, zc=403, kr=200, fb=200, zonder_rol=403)),
    "ketenregie:partner_bewerken": Rij(PARTNER_BEWERKEN, kwargs=lambda d: {"uuid": _partner_gv(d).uuid}),
    "ketenregie:contactpersoon_toevoegen": Rij(
        PARTNER_BEWERKEN, kwargs=lambda d: {"uuid": _partner_gv(d).uuid}
    ),
    # The KR removes the contact person; for the FB, who comes after, it is gone (404).
    # tests/ketenregie/test_wegenkaart.py shows that the FB may remove one.
    "ketenregie:contactpersoon_verwijderen": Rij(
        rollen(anoniem=302, af=403, zc=403, kr=302, kr_ander=404, fb=404, zonder_rol=403),
        methode="post",
        kwargs=lambda d: {"uuid": _partner_gv(d).contactpersonen.get().uuid},
    ),
}

MATRIX: dict[str, Rij] = {
    "start": Rij(rollen(anoniem=302, af=302, zc=302, kr=302, fb=302, zonder_rol=403)),
    "inloggen": Rij(rollen(anoniem=200, af=302, zc=302, kr=302, fb=302, zonder_rol=302)),
    # Without a password step in the session these send everyone back to the login.
    "inloggen_code": Rij(rollen(anoniem=302, af=302, zc=302, kr=302, fb=302, zonder_rol=302)),
    "inloggen_koppelen": Rij(rollen(anoniem=302, af=302, zc=302, kr=302, fb=302, zonder_rol=302)),
    "uitloggen": Rij(rollen(anoniem=302, af=302, zc=302, kr=302, fb=302, zonder_rol=302), methode="post"),
    "sessie_verlengen": Rij(
        rollen(anoniem=302, af=302, zc=302, kr=302, fb=302, zonder_rol=403), methode="post"
    ),
    # Every role's own work list (an empty one for the roles without work); no role, no page.
    "werk": Rij(rollen(anoniem=302, af=200, zc=200, kr=200, fb=200, fg=200, zonder_rol=403)),
    # Every role's own notification preference (issue 18 point 5); no role, no page.
    "meldingen": Rij(rollen(anoniem=302, af=200, zc=200, kr=200, fb=200, fg=200, zonder_rol=403)),
    "toegankelijkheid": Rij(IEDEREEN_200),
    "privacy": Rij(IEDEREEN_200),
    "gezondheid": Rij(IEDEREEN_200),
    # A permanent redirect to the icon among the static files, for everyone alike.
    "favicon": Rij(rollen(anoniem=301, af=301, zc=301, kr=301, fb=301, zonder_rol=301)),
    "beheerder:start": Rij(alleen("fb")),
    "beheerder:toegangslog": Rij(rollen(anoniem=302, af=403, zc=403, kr=403, fb=200, fg=200, zonder_rol=403)),
    "beheerder:toegangswijzigingen": Rij(
        rollen(anoniem=302, af=403, zc=403, kr=403, fb=200, fg=200, zonder_rol=403)
    ),
    "fg:start": Rij(alleen("fg")),
    "fg:drempels": Rij(alleen("fg")),
    "fg:export": Rij(alleen("fg")),
    # Inzageverzoeken: the privacy officer (the beheerder only where there is none, which the
    # matrix's users include; tests/mensenhandel/test_inzage.py).
    "fg:inzage": Rij(alleen("fg")),
    "fg:inzage_verzoek": Rij(alleen("fg"), kwargs=_uuid_van("inzageverzoek")),
    "fg:inzage_pdf": Rij(alleen("fg"), kwargs=_uuid_van("inzageverzoek")),
    "fg:inzage_json": Rij(alleen("fg"), kwargs=_uuid_van("inzageverzoek")),
    # Posted without data: back to the request with the form's errors as messages.
    "fg:inzage_beperking": Rij(alleen("fg", 302), methode="post", kwargs=_uuid_van("inzageverzoek")),
    "beheerder:bewaren": Rij(alleen("fb")),
    # Posted without data: the beheerder gets the page again with the form's errors (400).
    "beheerder:bewaartermijn": Rij(alleen("fb", 400), methode="post"),
    "beheerder:blokkade_plaatsen": Rij(alleen("fb", 400), methode="post"),
    "beheerder:blokkade_besluit": Rij(alleen("fb", 400), methode="post", kwargs=_uuid_van("blokkade")),
    # Without a decision in the form the beheerder gets the page again with its error (400).
    "beheerder:toegangswijziging_beoordelen": Rij(
        alleen("fb", 400), methode="post", kwargs=_uuid_van("toegangswijziging")
    ),
    # The start page is a list per role: AF signals, ZC inbox, KR pseudonymised list.
    "signalen:start": Rij(rollen(anoniem=302, af=200, zc=200, kr=200, fb=403, zonder_rol=403)),
    "signalen:nieuw": Rij(alleen("af")),
    "signalen:export": Rij(alleen("af")),
    # The ZC of the region reads a signal referred to zorgcoördinatie; the KR does not
    # while the region does not allow casework.
    "signalen:detail": Rij(
        rollen(anoniem=302, af=200, af_ander=404, zc=200, zc_ander=404, kr=404, fb=403, zonder_rol=403),
        kwargs=_uuid_van("signaal"),
    ),
    "signalen:bewerken": Rij(af_eigen(200), kwargs=_uuid_van("signaal")),
    "signalen:besluit": Rij(af_eigen(200), kwargs=_uuid_van("gewogen")),
    "signalen:persoon_toevoegen": Rij(af_eigen(200), kwargs=_uuid_van("signaal")),
    "signalen:blokkade_aanvragen": Rij(af_eigen(200), kwargs=_uuid_van("signaal")),
    "signalen:wissen": Rij(af_eigen(200), kwargs=_uuid_van("signaal")),
    "signalen:wisverzoeken": Rij(alleen("fb")),
    "signalen:wisverzoek_beoordelen": Rij(alleen("fb", 400), methode="post", kwargs=_uuid_van("wisverzoek")),
    "signalen:persoon_bewerken": Rij(af_eigen(200), kwargs=_uuid_van("persoon")),
    "signalen:persoon_verwijderen": Rij(af_eigen(302), methode="post", kwargs=_uuid_van("persoon")),
    "signalen:notitie": Rij(
        af_eigen(302), methode="post", kwargs=_uuid_van("gewogen"), data={"tekst": "Navraag gedaan."}
    ),
    "signalen:wegen": Rij(
        af_eigen(302),
        methode="post",
        kwargs=_uuid_van("gewogen"),
        data=lambda d: {
            "risico": "hoog",
            "onderbouwing": "Zie notities.",
            "versie": d["voorbeelden"].gewogen.versie,
        },
    ),
    "signalen:heropenen": Rij(
        af_eigen(302), methode="post", kwargs=_uuid_van("signaal"), data={"reden": "Nieuwe informatie."}
    ),
    "signalen:terugkoppeling": Rij(
        af_eigen(302), methode="post", kwargs=_uuid_van("doorverwijzing"), data={"status": "ontvangen"}
    ),
    "signalen:koppeling": Rij(
        af_eigen(302), methode="post", kwargs=_uuid_van("koppeling"), data={"beoordeling": "bevestigen"}
    ),
    "signalen:melder_terugkoppeling": Rij(
        af_eigen(302),
        methode="post",
        kwargs=_uuid_van("signaal"),
        data=lambda d: {
            "datum": d["voorbeelden"].signaal.datum_geregistreerd.isoformat(),
            "kanaal": "telefoon",
            "bericht": "Bedankt voor uw melding.",
        },
    ),
    **ZORGCOORDINATIE,
    "ketenregie:start": Rij(alleen("kr")),
    **KETENREGIE,
}

# Views whose row above is their POST and that also open their form on a page of its own (GET).
FORMULIERPAGINAS: dict[str, Rij] = {
    "signalen:notitie": Rij(af_eigen(200), kwargs=_uuid_van("gewogen")),
    "signalen:wegen": Rij(af_eigen(200), kwargs=_uuid_van("gewogen")),
    "signalen:heropenen": Rij(af_eigen(200), kwargs=_uuid_van("signaal")),
    "signalen:melder_terugkoppeling": Rij(af_eigen(200), kwargs=_uuid_van("signaal")),
    # The referral to the zorgcoördinator: its feedback is the ZC's own answer, so the AF is
    # sent back to the signal with that message (tests/signalen/test_views.py).
    "signalen:terugkoppeling": Rij(af_eigen(302), kwargs=_uuid_van("doorverwijzing")),
}
_KETENREGIE_DELEN = [
    "wegenkaart",
    "netwerk",
    "basisniveau",
    "activiteiten",
    "overleggen",
    "knelpunten",
    "dashboard",
]
for _module in [
    *(f"tests.ketenregie.matrix_{deel}" for deel in _KETENREGIE_DELEN),
    "tests.rapportage.matrix",
    "tests.mensenhandel.matrix_gebruikers",
    "tests.signalen.matrix_partnerlink",
    "tests.signalen.matrix_contact",
]:
    MATRIX.update(import_module(_module).RIJEN)

# The Django admin is for the functional administrator only. Every admin pattern is
# called; the rows below pin the answers the administrator must get on the main pages.
ADMIN_NIET_BEHEERDER = rollen(anoniem=302, af=403, zc=403, kr=403, fb=0, zonder_rol=403)
ADMIN_BEHEERDER: dict[str, int] = {
    "admin:index": 200,
    "admin:login": 302,
    "admin:logout": 405,
    "admin:mensenhandel_gebruiker_changelist": 200,
    "admin:mensenhandel_gebruiker_add": 200,
    "admin:mensenhandel_gebruiker_change": 200,
    "admin:mensenhandel_gebruiker_delete": 403,  # deactivate, never delete
    "admin:auth_user_password_change": 200,
    "admin:mensenhandel_gemeente_changelist": 200,
    "admin:mensenhandel_gemeente_delete": 403,
    "admin:mensenhandel_regio_changelist": 200,
    "admin:mensenhandel_regio_change": 200,
    "admin:mensenhandel_organisatie_add": 200,
}


@dataclass
class Patroon:
    naam: str  # namespaced name; admin patterns without a name get "admin:" + route
    route: str  # the full route, with converters as in the source
    callback: Callable[..., Any]


def _alle_patronen() -> list[Patroon]:
    gevonden: list[Patroon] = []

    def loop(patronen: list, namespace: str, prefix: str) -> None:
        for patroon in patronen:
            route = prefix + str(patroon.pattern).lstrip("^").rstrip("$")
            if isinstance(patroon, URLResolver):
                ns = f"{namespace}{patroon.namespace}:" if patroon.namespace else namespace
                loop(patroon.url_patterns, ns, route)
            else:
                naam = f"{namespace}{patroon.name}" if patroon.name else ""
                if not naam and namespace == "admin:":
                    naam = f"admin:{route}"
                gevonden.append(Patroon(naam, route, patroon.callback))

    loop(get_resolver().url_patterns, "", "/")
    return gevonden


ALLE_PATRONEN = _alle_patronen()


def test_elk_patroon_staat_in_de_matrix():
    onbekend = [
        p.naam or p.route for p in ALLE_PATRONEN if not p.naam.startswith("admin:") and p.naam not in MATRIX
    ]
    assert not onbekend, f"URL-patronen zonder rij in de toegangsmatrix: {onbekend}"
    naamloos = [p.route for p in ALLE_PATRONEN if not p.naam]
    assert not naamloos, f"URL-patronen zonder naam: {naamloos}"
    verouderd = set(MATRIX) - {p.naam for p in ALLE_PATRONEN}
    assert not verouderd, f"Rijen in de matrix zonder URL-patroon: {verouderd}"


def test_elke_view_buiten_de_admin_declareert_wat_zij_nodig_heeft():
    zonder = [
        p.naam for p in ALLE_PATRONEN if not p.naam.startswith("admin:") and declaratie(p.callback) is None
    ]
    assert not zonder, f"Views zonder toegangsdeclaratie: {zonder}"


def _client(profiel: str, gebruikers: dict) -> Client:
    client = Client()
    if profiel != "anoniem":
        volledig_inloggen(client, gebruikers[profiel])
    return client


def _voorbeeld_url(patroon: Patroon, gebruikers: dict, plaatsen: dict) -> str:
    """The admin route with sample values for its parameters: existing objects."""
    import re

    from django.contrib.contenttypes.models import ContentType

    from mensenhandel.models import Gebruiker, Organisatie

    organisatie = Organisatie.objects.create(naam="Fier", soort=Organisatie.Soort.ZORGORGANISATIE)
    per_model = {
        "gebruiker": gebruikers["af"].pk,
        "regio": plaatsen["gv"].pk,
        "gemeente": plaatsen["hilversum"].pk,
        "organisatie": organisatie.pk,
    }
    model = next((m for m in per_model if f"/mensenhandel/{m}/" in patroon.route), "gebruiker")
    voorbeelden = {
        "object_id": str(per_model[model]),
        "id": str(gebruikers["af"].pk),
        "app_label": "mensenhandel",
        "content_type_id": str(ContentType.objects.get_for_model(Gebruiker).pk),
        "history_id": "1",
        "url": "bestaat-niet/",
    }
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: voorbeelden[m.group(1)], patroon.route)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: voorbeelden[m.group(1)], url)
    return url


@pytest.mark.parametrize(
    "naam",
    # The health check pings the real Celery worker where there is a broker.
    [pytest.param(n, marks=pytest.mark.celery_werker) if n == "gezondheid" else n for n in sorted(MATRIX)],
)
def test_matrix(naam, gebruikers, request):
    rij = MATRIX[naam]
    if naam == "gezondheid":
        request.getfixturevalue("celery_werker")  # with a broker, the check pings a worker
    _rij_controleren(naam, rij, gebruikers)


@pytest.mark.parametrize("naam", sorted(FORMULIERPAGINAS))
def test_formulierpagina(naam, gebruikers):
    assert MATRIX[naam].methode == "post" and FORMULIERPAGINAS[naam].methode == "get"
    _rij_controleren(naam, FORMULIERPAGINAS[naam], gebruikers)


def _rij_controleren(naam: str, rij: Rij, gebruikers: dict) -> None:
    gegevens = {"gebruikers": gebruikers, "voorbeelden": Voorbeelden(gebruikers)}
    url = reverse(naam, kwargs=rij.kwargs(gegevens))
    data = rij.data(gegevens) if callable(rij.data) else rij.data
    antwoorden = {}
    for profiel in PROFIELEN:
        antwoord = getattr(_client(profiel, gebruikers), rij.methode)(url, data)
        antwoorden[profiel] = antwoord.status_code
        if antwoord.status_code == 302 and rij.verwacht[profiel] == 302 and profiel == "anoniem":
            assert antwoord["Location"].startswith(reverse("inloggen")), (naam, antwoord["Location"])
    assert antwoorden == rij.verwacht


ADMIN_PATRONEN = sorted((p for p in ALLE_PATRONEN if p.naam.startswith("admin:")), key=lambda p: p.naam)


@pytest.mark.parametrize("patroon", ADMIN_PATRONEN, ids=[p.naam for p in ADMIN_PATRONEN])
def test_matrix_admin(patroon, gebruikers, plaatsen):
    naam = patroon.naam
    url = _voorbeeld_url(patroon, gebruikers, plaatsen)
    for profiel in PROFIELEN:
        antwoord = _client(profiel, gebruikers).get(url)
        if profiel == "fb":
            if naam in ADMIN_BEHEERDER:
                assert antwoord.status_code == ADMIN_BEHEERDER[naam], (naam, profiel)
            else:
                assert antwoord.status_code < 500, (naam, profiel, antwoord.status_code)
        elif naam == "admin:login":
            assert antwoord.status_code == 302, (naam, profiel)
        else:
            assert antwoord.status_code == ADMIN_NIET_BEHEERDER[profiel], (naam, profiel, url)


def test_view_zonder_declaratie_wordt_geweigerd(gebruikers, settings):
    settings.ROOT_URLCONF = "tests.urls_zonder_declaratie"
    client = volledig_inloggen(Client(), gebruikers["fb"])
    assert client.get("/onbeschermd/").status_code == 403
