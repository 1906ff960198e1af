"""The AF's start page follows the user's scope, not the size of the database (issue 16).

- On PostgreSQL, with 12,000 signals of other gemeenten beside the AF's few (and their referrals
  and pairs), the planner answers every query of the page (list, counts, hits box, "waits too
  long", the scope itself) from indexes: no plan reads the signal, referral or link table from end
  to end. The benchmark (``tests/benchmarks``) shows the plans at 100,000 signals.
- The hits box starts from the signals that stacking marked as paired with another gemeente's,
  and still finds exactly the hits outside the AF's reach.
- A common name does not make every registration write hundreds of pairs.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signalen import services
from signalen.models import Doorverwijzing, Koppeling, Signaal
from signalen.selectors import signalen_met_treffer_elders
from tests.plannen import assert_via_indexen, selects
from tests.signalen.factories import PersoonGegevensFactory, SignaalFactory

GROTE_TABELLEN = {"signalen_signaal", "signalen_doorverwijzing", "signalen_koppeling"}


def _dezelfde_persoon(n: int) -> dict:
    return PersoonGegevensFactory(
        naam=f"Ewa Testowska{n}", geboortedatum=date(1990, 1, 1) + timedelta(days=n)
    )


@pytest.fixture
def treffers(gebruikers):
    """Hilversum (the AF's) and Leeuwarden (another AF's) each hold a signal about the same
    person; one more pair stays within Hilversum; a referral of Hilversum waits too long."""
    af, ander = gebruikers["af"], gebruikers["af_ander"]
    eigen = SignaalFactory(door=af, personen=[_dezelfde_persoon(1)])
    elders = SignaalFactory(door=ander, personen=[_dezelfde_persoon(1)])
    binnen = [SignaalFactory(door=af, personen=[_dezelfde_persoon(2)]) for _ in range(2)]
    verwezen = SignaalFactory(door=af, doorverwezen_zc=True)
    Doorverwijzing.objects.filter(signaal=verwezen).update(datum=timezone.localdate() - timedelta(days=30))
    return {"eigen": eigen, "elders": elders, "binnen": binnen, "verwezen": verwezen}


def test_stapeling_markeert_een_paar_over_de_gemeentegrens(treffers):
    gemarkeerd = set(Signaal.objects.filter(treffer_buiten_gemeente=True).values_list("pk", flat=True))
    assert gemarkeerd == {treffers["eigen"].pk, treffers["elders"].pk}


def test_treffers_elders_vindt_precies_de_signalen_met_een_treffer_buiten_bereik(gebruikers, treffers):
    assert signalen_met_treffer_elders(gebruikers["af"]) == [treffers["eigen"]]
    assert signalen_met_treffer_elders(gebruikers["af_ander"]) == [treffers["elders"]]
    # A rejected pair is no hit any more; the mark stays (a look, never a wrong answer).
    Koppeling.objects.update(beoordeling=Koppeling.Beoordeling.AFGEWEZEN)
    assert not signalen_met_treffer_elders(gebruikers["af"])
    assert Signaal.objects.get(pk=treffers["eigen"].pk).treffer_buiten_gemeente


def test_treffers_elders_kijkt_verder_dan_verouderde_markeringen(gebruikers, treffers):
    """Marks that no longer hold (here: six newer signals marked without a pair) cost a look; the
    box reads the next batch of candidates and still finds the hit behind them."""
    af = gebruikers["af"]
    verouderd = [SignaalFactory(door=af) for _ in range(6)]
    Signaal.objects.filter(pk__in=[s.pk for s in verouderd]).update(treffer_buiten_gemeente=True)
    # One at a time: candidates are read in batches of five, newest first.
    assert signalen_met_treffer_elders(af, aantal=1) == [treffers["eigen"]]


def test_een_verplaatst_signaal_wordt_alsnog_gemarkeerd(gebruikers, plaatsen):
    """Two signals of Hilversum pair; one moves to Huizen, which the AF also serves: the pair now
    crosses a gemeente's border, so both are marked (and, both being the AF's, no hit elsewhere)."""
    af = gebruikers["af"]
    from guardian.shortcuts import assign_perm

    assign_perm("mensenhandel.bedient_gemeente", af, plaatsen["huizen"])
    af = type(af).objects.get(pk=af.pk)  # the next request reads the new scope
    a, b = (SignaalFactory(door=af, personen=[_dezelfde_persoon(3)]) for _ in range(2))
    assert not Signaal.objects.filter(pk__in=[a.pk, b.pk], treffer_buiten_gemeente=True).exists()
    gegevens = {"gemeente": plaatsen["huizen"]}
    services.signaal_bijwerken(signaal=b, door=af, gegevens=gegevens, indicatoren=[], versie=b.versie)
    assert set(Signaal.objects.filter(treffer_buiten_gemeente=True).values_list("pk", flat=True)) == {
        a.pk,
        b.pk,
    }
    # Both are within the AF's reach: no hit elsewhere.
    assert not signalen_met_treffer_elders(af)


def test_een_veelvoorkomende_naam_schrijft_alleen_de_sterkste_paren(gebruikers, settings, client_als):
    settings.STAPELING_MOGELIJK_MAXIMUM = 3
    af = gebruikers["af"]
    eerder = [
        SignaalFactory(door=af, personen=[PersoonGegevensFactory(naam="Jan de Vries")]) for _ in range(5)
    ]
    # One earlier signal also matches on the alias: it ranks above the name-only ones.
    sterker = SignaalFactory(door=af, personen=[PersoonGegevensFactory(naam="Jan de Vries", alias="Jantje")])
    nieuw = SignaalFactory(door=af, personen=[PersoonGegevensFactory(naam="Jan de Vries", alias="Jantje")])

    def paren_van_nieuw() -> set[int]:
        return {k.signaal_a_id ^ k.signaal_b_id ^ nieuw.pk for k in Koppeling.objects.filter(signaal_b=nieuw)}

    paren = paren_van_nieuw()
    # The strongest (name and alias), then the most recent name-only ones.
    assert paren == {sterker.pk, eerder[4].pk, eerder[3].pk}
    nieuw.refresh_from_db()
    assert nieuw.mogelijk_niet_gekoppeld == 3
    pagina = client_als("af").get(reverse("signalen:detail", kwargs={"uuid": nieuw.uuid})).content.decode()
    assert "Alleen de 3 sterkste mogelijke overeenkomsten op naam zijn vastgelegd" in pagina
    # Saving again keeps the recorded pairs and writes no new ones.
    persoon = nieuw.personen.get()
    services.persoon_bijwerken(
        persoon=persoon, door=af, gegevens={"naam": "Jan de Vries", "alias": "Jantje", "soort": persoon.soort}
    )
    assert {
        k.signaal_a_id ^ k.signaal_b_id ^ nieuw.pk for k in Koppeling.objects.filter(signaal_b=nieuw)
    } == paren


def _registreren_telt(af, naam: str) -> list[str]:
    with CaptureQueriesContext(connection) as vastgelegd:
        SignaalFactory(door=af, personen=[PersoonGegevensFactory(naam=naam)])
    return [q["sql"] for q in vastgelegd.captured_queries]


def test_registreren_kost_een_vast_aantal_queries_hoeveel_treffers_ook(gebruikers, settings):
    """A registration's queries do not grow with its hits, up to and past the name-only maximum:
    the stacking save at national scale is a handful of round trips (issue 16, benchmark)."""
    settings.STAPELING_MOGELIJK_MAXIMUM = 4
    af, ander = gebruikers["af"], gebruikers["af_ander"]
    _registreren_telt(af, "Eerste Vanhetjaar")  # the year's reference counter is made once
    zonder = _registreren_telt(af, "Niemand Anders")

    def met_treffers(n: int) -> list[str]:
        while Signaal.objects.filter(personen__naam="Piet Veelvoud").count() < n:
            SignaalFactory(door=ander, personen=[PersoonGegevensFactory(naam="Piet Veelvoud")])
        queries = _registreren_telt(af, "Piet Veelvoud")
        Signaal.objects.filter(geregistreerd_door=af, personen__naam="Piet Veelvoud").delete()
        return queries

    # The user's scope is read once (and kept on the user) at the first hit: one before, elsewhere.
    SignaalFactory(door=ander, personen=[PersoonGegevensFactory(naam="Wim Vooraf")])
    _registreren_telt(af, "Wim Vooraf")
    met_een = met_treffers(1)
    een, drie, zes, tien = len(met_een), *(len(met_treffers(n)) for n in (3, 6, 10))
    # Past the maximum the signal also keeps the count of the pairs left out: one query more.
    assert een == drie and zes == tien == drie + 1
    # A hit adds what it writes and the user's reach over the hits (1): the pairs and their
    # history (2; no savepoint: nobody else can pair a signal not yet committed), the timeline
    # rows (1), the marks (2) and the access-log row for a hit outside reach (1). The pairs just
    # written are not read back: the answer is counted from them.
    assert een == 22, "\n".join(met_een)
    assert not [q for q in met_een if q.startswith("SELECT") and "signalen_koppeling" in q]
    # No hits: no pair, timeline or mark is written, and nothing is read back that this
    # registration set itself. The factory picks the gemeente (1); the service checks the daily
    # lookup limit (1) and the scope (the user's, read before: 0), takes the counter (2), writes
    # the signal and its history and timeline (3, and simple-history reads the signal's excluded
    # fields and indicators: 2), the person and its history and identifiers (3) and looks up hits
    # with the identifiers it wrote (1), within a savepoint (2).
    assert len(zonder) == 15, "\n".join(zonder)
    assert not [q for q in zonder if "signalen_koppeling" in q and not q.startswith("SELECT")]


def test_een_al_gemarkeerd_signaal_wordt_niet_opnieuw_geschreven(gebruikers):
    """The mark "hit in another gemeente" is written once per signal: a later pair with a
    signal already marked leaves its row (and the partial index on the mark) alone."""
    af, ander = gebruikers["af"], gebruikers["af_ander"]
    elders = SignaalFactory(door=ander, personen=[PersoonGegevensFactory(naam="Ewa Eenmaal")])
    eerste = _registreren_telt(af, "Ewa Eenmaal")
    assert any(q.startswith("UPDATE") and "treffer_buiten_gemeente" in q for q in eerste)
    assert set(Signaal.objects.filter(treffer_buiten_gemeente=True).values_list("pk", flat=True)) >= {
        elders.pk
    }
    tweede = _registreren_telt(af, "Ewa Eenmaal")
    # Only the new signal itself is marked; ``elders`` and the first were marked already.
    markeringen = [q for q in tweede if q.startswith("UPDATE") and "treffer_buiten_gemeente" in q]
    assert len(markeringen) == 1 and " IN (" not in markeringen[0]
    assert Signaal.objects.filter(treffer_buiten_gemeente=True).count() == 3


@pytest.fixture
def veel_elders(gebruikers, plaatsen, treffers):
    """12,000 signals of Leeuwarden, a referral for every other one, pairs between neighbours, and
    fresh statistics: the AF of Hilversum holds a sliver of the table, as at national scale."""
    if connection.vendor != "postgresql":
        pytest.skip("Queryplannen zijn van PostgreSQL (de CI-run met PostgreSQL toetst ze).")
    ander = gebruikers["af_ander"]
    vandaag = timezone.localdate()
    signalen = Signaal.objects.bulk_create(
        Signaal(
            referentie=f"B-{i:06d}",
            datum_waargenomen=vandaag - timedelta(days=i % 700),
            datum_geregistreerd=vandaag - timedelta(days=i % 700),
            gemeente=plaatsen["leeuwarden"],
            sector="horeca",
            bron="politie",
            omschrijving="Schaalproef",
            status=Signaal._meta.get_field("status").default,
            geregistreerd_door=ander,
        )
        for i in range(12_000)
    )
    Doorverwijzing.objects.bulk_create(
        Doorverwijzing(signaal=s, bestemming="politie_tmm", datum=s.datum_geregistreerd, door=ander)
        for s in signalen[::2]
    )
    Koppeling.objects.bulk_create(
        Koppeling(signaal_a=a, signaal_b=b, sterkte=Koppeling.Sterkte.MOGELIJK, soorten=["naam"])
        for a, b in zip(signalen[::2], signalen[1::2], strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE signalen_signaal, signalen_doorverwijzing, signalen_koppeling")


@pytest.mark.parametrize("zoekopdracht", ["", "?status=nieuw&q=S-&sortering=-datum", "?wacht=on"])
def test_de_startpagina_leest_alleen_via_indexen(client_als, treffers, veel_elders, zoekopdracht):
    client = client_als("af")
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(reverse("signalen:start") + zoekopdracht)
    assert antwoord.status_code == 200
    if not zoekopdracht:
        assert treffers["eigen"].referentie in antwoord.content.decode()
    gelezen = selects(vastgelegd.captured_queries, GROTE_TABELLEN)
    assert len(gelezen) >= 4  # the scope, the counts, the page (and its referrals), the hits box
    assert_via_indexen(gelezen, GROTE_TABELLEN)


def test_mijn_werk_leest_alleen_via_indexen(client_als, treffers, veel_elders):
    """The work page reads fresh on every view (``mensenhandel.werk.werklijst``); its counts and
    entries of the AF's own signals go through indexes, not through the signals, referrals or
    pairs of the whole country."""
    client = client_als("af")
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(reverse("werk"))
    assert antwoord.status_code == 200
    gelezen = selects(vastgelegd.captured_queries, GROTE_TABELLEN)
    assert any("COUNT(" in sql for sql in gelezen)  # the counts of every kind, in one query
    assert_via_indexen(gelezen, GROTE_TABELLEN)
