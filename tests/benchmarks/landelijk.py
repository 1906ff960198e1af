"""A national-size dataset for the page benchmark (issue 16), loaded in steps.

Used by ``tests/benchmarks/bench_paginas.py``; the database must already be migrated. Two regio's
of 39 real gemeenten in all (from ``manage.py import_gemeenten``): Utrecht (26 gemeenten,
46 % of the signals, its first gemeente Utrecht the large one with about 14,000 signals at
100,000) and Rotterdam-Rijnmond (13 gemeenten, 54 %). Per regio an aandachtsfunctionaris for
every gemeente, two zorgcoördinatoren and a ketenregisseur, all made by the project's own service
``gebruiker_aanmaken`` (role group and django-guardian permissions on their gemeente or regio,
as the beheerder's screens grant them).

The rows come from the report benchmark's bulk fillers (``bench_rapportage.regio_vullen``:
signals over five and a half half-years, persons, timeline, referrals with the feedback as far
as it lies before today, stacking pairs, clients, trajectories from aanmeldingen, the
ketenregisseur's records; ``basisniveau_vullen``), with three additions made here:

- every person involved gets a name, alias, birth date, phone, plate or address the way
  ``bench_signalen`` writes them (a pool of common first and last names in different
  spellings, and recurring identities), and the ``Identificator`` rows are the real keyed
  hashes of ``signalen.services.identificatoren_van``;
- every trajectory gets 0 to 4 care actions (``Zorgactie``);
- ``identificatoren_aanvullen`` grows the identifier table to a given size (1,000,000 rows) for
  the stacking measurement, by copying signals with their persons and identifiers in SQL.

Fictitious people only; a fixed seed gives the same rows every run (dates follow today).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.benchmarks import bench_rapportage as rapportage
from tests.benchmarks import bench_signalen as stapeling

WACHTWOORD = "Bench-paginas-fictief-2026"
TRAJECTEN_PER_SIGNAAL = rapportage.AANTAL_TRAJECTEN / rapportage.AANTAL_SIGNALEN  # 0.2
BATCH = 5_000

# (veiligheidsregio code, the CBS code of its large gemeente (listed first: the report
# benchmark's filler gives the first gemeente the largest share), share of the signals)
REGIOS = [("VR09", "GM0344", 0.46), ("VR17", "GM0599", 0.54)]

ZORGAANBIEDERS = ["Fictieve opvang", "Fictieve GGZ", "Fictief juridisch loket", "Fictieve huisarts"]
ZORGSOORTEN = {
    "opvang": "Categorale opvang",
    "financien": "Leefgeld aanvragen",
    "zorgverzekering": "Zorgverzekering regelen",
    "medisch": "Medische check",
    "psychisch": "Traumabehandeling",
    "rechtshulp": "Advocaat",
    "verblijfsrecht": "Verblijfsvergunning aanvragen",
    "documenten": "Identiteitsbewijs",
    "taal": "Taalles",
}


@dataclass
class Regiodeel:
    regio: Any
    gemeenten: list[Any]
    mensen: rapportage.Mensen
    aandeel: float
    signalen: int = 0


@dataclass
class Landelijk:
    """What has been loaded so far, and the users the benchmark logs in as."""

    delen: list[Regiodeel]
    af: Any  # the aandachtsfunctionaris of the large gemeente
    zc: Any  # a zorgcoördinator of that regio
    kr: Any  # its ketenregisseur
    vandaag: date
    terugkerend: list[tuple[str, str, date | None, str]] = field(default_factory=list)
    aantallen: dict[str, int] = field(default_factory=dict)

    @property
    def signalen(self) -> int:
        return sum(d.signalen for d in self.delen)


def voorbereiden(rnd: random.Random, vandaag: date) -> Landelijk:
    """The gemeenten (the project's import), two regio's, their users and partners, the basisniveau."""
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ketenregie.models import Partner, Soort
    from mensenhandel.models import Gemeente, Regio, Rol
    from mensenhandel.services import gebruiker_aanmaken

    call_command("import_gemeenten", verbosity=0)
    delen = []
    for code, groot, aandeel in REGIOS:
        gemeenten = sorted(
            Gemeente.objects.filter(veiligheidsregio_code=code), key=lambda g: (g.cbs_code != groot, g.naam)
        )
        regio = Regio.objects.create(naam=gemeenten[0].veiligheidsregio)
        regio.gemeenten.set(gemeenten)
        domein = code.lower()

        def gebruiker(
            wie: str, naam: str, rol: Rol, wachtwoord: str | None = None, domein: str = domein, **bereik: Any
        ) -> Any:
            return gebruiker_aanmaken(
                email=f"{wie}@{domein}.bench.example", naam=naam, wachtwoord=wachtwoord, rol=rol, **bereik
            )

        mensen = rapportage.Mensen(
            afs=[
                gebruiker(
                    f"af{i}",
                    f"AF {g.naam}",
                    Rol.AANDACHTSFUNCTIONARIS,
                    WACHTWOORD if i == 0 else None,
                    gemeenten=[g],
                )
                for i, g in enumerate(gemeenten)
            ],
            zcs=[
                gebruiker(
                    f"zc{i}",
                    f"Zorgcoördinator {i}",
                    Rol.ZORGCOORDINATOR,
                    WACHTWOORD if i == 1 else None,
                    regios=[regio],
                )
                for i in (1, 2)
            ],
            kr=gebruiker("kr", "Ketenregisseur", Rol.KETENREGISSEUR, WACHTWOORD, regios=[regio]),
        )
        mensen.partners = Partner.objects.bulk_create(
            Partner(naam=f"Fictieve partner {i + 1} ({regio.naam})", soort=s)
            for i, s in enumerate([Soort.POLITIE_TMM, Soort.RIEC, Soort.VEILIG_THUIS, Soort.ZORGAANBIEDER])
        )
        Partner.regios.through.objects.bulk_create(
            Partner.regios.through(partner_id=p.pk, regio_id=regio.pk) for p in mensen.partners
        )
        perioden = rapportage.halfjaren(vandaag, 1, 1)
        rapportage.basisniveau_vullen(
            rnd, gemeenten, mensen.kr, rapportage.basisniveaumomenten(perioden, vandaag)
        )
        delen.append(Regiodeel(regio, gemeenten, mensen, aandeel))
    eerste = delen[0].mensen
    for gebruiker in (eerste.afs[0], eerste.zcs[0], eerste.kr):
        TOTPDevice.objects.create(user=gebruiker, name="Benchmark", confirmed=True)
    terugkerend = [
        (
            rnd.choice(stapeling.VOORNAMEN),
            rnd.choice(stapeling.ACHTERNAMEN),
            date(1965, 1, 1) + timedelta(days=rnd.randrange(16_000)) if rnd.random() < 0.7 else None,
            stapeling.telefoon(rnd) if rnd.random() < 0.4 else "",
        )
        for _ in range(3_000)
    ]
    return Landelijk(delen, eerste.afs[0], eerste.zcs[0], eerste.kr, vandaag, terugkerend)


def _verdelen(totaal: int, gewichten: list[float]) -> list[int]:
    """``totaal`` split by ``gewichten`` in whole numbers that add up (largest remainder)."""
    ruw = [totaal * g / sum(gewichten) for g in gewichten]
    delen = [int(r) for r in ruw]
    for i in sorted(range(len(ruw)), key=lambda i: ruw[i] - delen[i], reverse=True)[: totaal - sum(delen)]:
        delen[i] += 1
    return delen


def _benoemen(rnd: random.Random, persoon: Any, terugkerend: list[tuple[str, str, date | None, str]]) -> None:
    """Identifying data as people write it down (the mix of ``bench_signalen``, a little sparser)."""
    if rnd.random() < 0.15:
        voornaam, achternaam, geboren, nummer = rnd.choice(terugkerend)
        persoon.naam = stapeling.schrijfwijze(rnd, voornaam, achternaam)
        persoon.geboortedatum = geboren if rnd.random() < 0.6 else None
        persoon.telefoon = nummer if rnd.random() < 0.5 else ""
    else:
        if rnd.random() < 0.8:
            persoon.naam = stapeling.schrijfwijze(
                rnd, rnd.choice(stapeling.VOORNAMEN), rnd.choice(stapeling.ACHTERNAMEN)
            )
        else:
            persoon.alias = f"Bijnaam {rnd.randrange(50_000)}"
        if rnd.random() < 0.4:
            persoon.geboortedatum = date(1960, 1, 1) + timedelta(days=rnd.randrange(17_000))
        persoon.telefoon = stapeling.telefoon(rnd) if rnd.random() < 0.3 else ""
    if rnd.random() < 0.05:
        persoon.kenteken = f"{rnd.randrange(100):02d}-{rnd.choice(['XB', 'KL', 'TZ'])}-{rnd.randrange(100)}"
    if rnd.random() < 0.1:
        persoon.postcode = f"{rnd.randrange(1000, 9999)} AB"
        persoon.huisnummer = str(rnd.randrange(1, 200))


@contextlib.contextmanager
def _personen_met_namen(rnd: random.Random, land: Landelijk) -> Iterator[None]:
    """While active, every bulk insert of persons names them first and then writes their
    identifiers: the report benchmark's filler makes persons without names (its figures never
    need them), this benchmark's stacking and hits box do."""
    from signalen.models import BetrokkenPersoon, Identificator
    from signalen.services import identificatoren_van

    beheerder = BetrokkenPersoon.objects
    origineel = beheerder.bulk_create

    def bulk_create(personen: Any, *args: Any, **kwargs: Any) -> list[Any]:
        personen = list(personen)
        for persoon in personen:
            _benoemen(rnd, persoon, land.terugkerend)
        aangemaakt = origineel(personen, *args, **kwargs)
        sleutels = [
            Identificator(persoon=p, signaal_id=p.signaal_id, soort=soort, waarde_hash=waarde)
            for p in aangemaakt
            for soort, waarde in sorted(identificatoren_van(p))
        ]
        Identificator.objects.bulk_create(sleutels, batch_size=BATCH)
        land.aantallen["identificatoren"] = land.aantallen.get("identificatoren", 0) + len(sleutels)
        return aangemaakt

    beheerder.bulk_create = bulk_create  # type: ignore[method-assign]
    try:
        yield
    finally:
        del beheerder.bulk_create  # the manager's own method again


def _zorgacties(rnd: random.Random, vanaf_id: int, vandaag: date) -> int:
    """0 to 4 care actions for every trajectory with an id above ``vanaf_id``."""
    from zorgcoordinatie.models import Traject, Zorgactie

    S = Zorgactie.Status
    acties = []
    for traject_id, begin, hulp, gesloten in Traject.objects.filter(pk__gt=vanaf_id).values_list(
        "pk", "intake_start", "hulpverlening_start", "afgesloten_op"
    ):
        begin = begin or hulp or vandaag
        for domein in rnd.sample(sorted(ZORGSOORTEN), rnd.choice([0, 1, 2, 2, 3, 4])):
            aangevraagd = min(vandaag, begin + timedelta(days=rnd.randrange(30)))
            gestart = aangevraagd + timedelta(days=rnd.randrange(1, 40))
            if gesloten:
                status = rnd.choice([S.AFGEROND, S.AFGEROND, S.GESTOPT, S.AFGEWEZEN])
            else:
                status = rnd.choice([S.AANGEVRAAGD, S.WACHTLIJST, S.LOPEND, S.LOPEND, S.AFGEROND])
            loopt = status in (S.LOPEND, S.AFGEROND, S.GESTOPT) and gestart <= vandaag
            if status in (S.LOPEND, S.AFGEROND, S.GESTOPT) and not loopt:
                status = S.AANGEVRAAGD  # not started yet
            acties.append(
                Zorgactie(
                    traject_id=traject_id,
                    domein=domein,
                    zorgaanbieder=rnd.choice(ZORGAANBIEDERS),
                    soort=ZORGSOORTEN[domein],
                    status=status,
                    aangevraagd_op=aangevraagd,
                    gestart_op=gestart if loopt else None,
                    beeindigd_op=min(vandaag, gesloten or vandaag) if loopt and status != S.LOPEND else None,
                    laatste_voortgang=min(vandaag, aangevraagd + timedelta(days=rnd.randrange(60))),
                )
            )
    Zorgactie.objects.bulk_create(acties, batch_size=BATCH)
    return len(acties)


def aanvullen(rnd: random.Random, land: Landelijk, tot: int) -> dict[str, int]:
    """Add signals (and all that comes with them) until ``tot`` signals are loaded in all.

    The new signals are spread over the regio's by their share and over the half-years as the
    report benchmark spreads them (a rising trend, the current half-year so far); adding in
    steps keeps that shape at every size. Returns the rows added per kind."""
    from zorgcoordinatie.models import Traject

    erbij = _verdelen(tot - land.signalen, [d.aandeel for d in land.delen])
    totalen: dict[str, int] = {}
    for deel, aantal in zip(land.delen, erbij, strict=True):
        if aantal <= 0:
            continue
        vorm = rapportage.halfjaren(land.vandaag, 10_000, 2_000)
        per_periode = _verdelen(aantal, [p.signalen for p in vorm])
        perioden = [
            rapportage.Halfjaar(p.van, p.tot, n, round(n * TRAJECTEN_PER_SIGNAAL))
            for p, n in zip(vorm, per_periode, strict=True)
            if n
        ]
        laatste_traject = Traject.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with _personen_met_namen(rnd, land):
            aantallen = rapportage.regio_vullen(
                rnd,
                regio=deel.regio,
                gemeenten=deel.gemeenten,
                mensen=deel.mensen,
                perioden=perioden,
                vandaag=land.vandaag,
            )
        aantallen["zorgacties"] = _zorgacties(rnd, laatste_traject, land.vandaag)
        deel.signalen += aantal
        for soort, n in aantallen.items():
            totalen[soort] = totalen.get(soort, 0) + n
    for soort, n in totalen.items():
        land.aantallen[soort] = land.aantallen.get(soort, 0) + n
    return totalen


def identificatoren_aanvullen(tot: int) -> int:
    """Grow ``signalen_identificator`` to at least ``tot`` rows; returns the signals added.

    The loaded signals are copied in SQL with their persons and identifiers (new ids, uuids
    and references; every other column as it was, so the copies sit in the same gemeenten and
    states), again and again, the last copy only as far as needed. A name, phone or address
    thus meets about ``tot`` / (rows before) times as many signals as before: the hard case
    for stacking, whose name-only matches grow with the data."""
    from django.db import connection

    def kolommen(cursor: Any, tabel: str) -> list[str]:
        return [k.name for k in connection.introspection.get_table_description(cursor, tabel)]

    def kopie(cursor: Any, tabel: str, vervangen: dict[str, str], waar: str, params: list[Any]) -> None:
        namen = kolommen(cursor, tabel)
        doel = ", ".join(f'"{k}"' for k in namen)
        bron = ", ".join(vervangen.get(k, f'"{k}"') for k in namen)
        cursor.execute(f'INSERT INTO "{tabel}" ({doel}) SELECT {bron} FROM "{tabel}" WHERE {waar}', params)  # noqa: S608 (introspected names)

    toegevoegd = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM signalen_identificator")
        (aanwezig,) = cursor.fetchone()
        cursor.execute(
            "SELECT (SELECT max(id) FROM signalen_signaal), (SELECT max(id) FROM signalen_betrokkenpersoon), "
            "(SELECT max(id) FROM signalen_identificator)"
        )
        max_s, max_p, max_i = cursor.fetchone()
        bron_rijen = aanwezig
        kopie_nr = 0
        while aanwezig < tot:
            kopie_nr += 1
            # Copy the signals up to the one where the identifiers still needed are reached.
            nodig = tot - aanwezig
            grens = max_s
            if nodig < bron_rijen:
                cursor.execute(
                    "SELECT signaal_id FROM (SELECT signaal_id, sum(count(*)) OVER (ORDER BY signaal_id) t "
                    "FROM signalen_identificator WHERE signaal_id <= %s GROUP BY signaal_id) x "
                    "WHERE t >= %s ORDER BY signaal_id LIMIT 1",
                    [max_s, nodig],
                )
                grens = cursor.fetchone()[0]
            ds, dp, di = kopie_nr * max_s, kopie_nr * max_p, kopie_nr * max_i
            kopie(
                cursor,
                "signalen_signaal",
                {
                    "id": f"id + {ds}",
                    "uuid": "gen_random_uuid()",
                    "referentie": f"'K{kopie_nr}-' || id",
                    "formuliertoken": "NULL",
                },
                "id <= %s",
                [grens],
            )
            toegevoegd += cursor.rowcount
            kopie(
                cursor,
                "signalen_betrokkenpersoon",
                {"id": f"id + {dp}", "uuid": "gen_random_uuid()", "signaal_id": f"signaal_id + {ds}"},
                "signaal_id <= %s AND id <= %s",
                [grens, max_p],
            )
            kopie(
                cursor,
                "signalen_identificator",
                {"id": f"id + {di}", "persoon_id": f"persoon_id + {dp}", "signaal_id": f"signaal_id + {ds}"},
                "signaal_id <= %s AND id <= %s",
                [grens, max_i],
            )
            aanwezig += cursor.rowcount
        for tabel in ("signalen_signaal", "signalen_betrokkenpersoon", "signalen_identificator"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), (SELECT max(id) FROM {tabel}))"  # noqa: S608
            )
    return toegevoegd
