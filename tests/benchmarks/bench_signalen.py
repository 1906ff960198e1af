"""Benchmark: stacking stays an index lookup with 100,000 signals on PostgreSQL.

Run with `.venv/bin/python tests/benchmarks/bench_signalen.py`. It needs a PostgreSQL
server: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mensenhandel_bench) names
a database that the script creates on the server's `postgres` database, fills, measures
and drops again; an existing database of that name is dropped first.

It builds 100,000 signals with about 150,000 persons involved (bulk_create, with the
Identificator rows computed by `services.identificatoren_van`, so the keys are the real
keyed hashes), then:

- times the stacking lookup (`signalen.services.stapeling.opzoeken`, the very query that
  `stapelen` runs), for 300 signals;
- times `stapelen` as a whole, and a full `signaal_registreren` about a new person and
  about a common name, each in a transaction that is rolled back (informative: the cost
  of a registration grows with the number of pairs it creates);
- prints the EXPLAIN (ANALYZE) plan of the lookup and asserts that it uses the index
  `signalen_ident_opzoeken` and no sequential scan on `signalen_identificator`.

Exits non-zero when the plan is wrong or a target is missed.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

AANTAL_SIGNALEN = 100_000
STANDAARD_URL = "postgres://postgres@127.0.0.1:5432/mensenhandel_bench"
INDEX = "signalen_ident_opzoeken"
DOEL_OPZOEKEN_MS = 10  # median of the lookup query
DOEL_REGISTREREN_MS = 150  # median of a registration whose person meets no earlier signal
STEEKPROEF = 300
BATCH = 5_000

VOORNAMEN = [
    "Jan", "Anna", "Piotr", "Agnieszka", "Mai", "Thanh", "Ion", "Elena", "Maria", "Joseph",
    "Blessing", "Chidi", "Ahmed", "Fatima", "Olena", "Dmytro", "Georgi", "Ivana", "Lucas",
    "Sofia", "Mohamed", "Amina", "Tomasz", "Katarzyna", "Andrei", "Ioana", "Nguyen", "Linh",
    "Kevin", "Sanne", "Daan", "Emma", "Yusuf", "Zeynep", "Rafael", "Ana", "Mihai", "Bianca",
    "Samuel", "Grace", "Wei", "Li", "Jakub", "Zuzana", "Pavel", "Irina", "Omar", "Leila",
]  # fmt: skip
ACHTERNAMEN = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Jong", "van Dijk",
    "Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Tran", "Pham", "Le", "Popescu", "Ionescu",
    "Dumitru", "Stan", "Georgiev", "Dimitrova", "Ivanova", "Petrov", "Okafor", "Adeyemi",
    "Eze", "Mensah", "El Amrani", "Benali", "Yılmaz", "Kaya", "Demir", "Shevchenko",
    "Kovalenko", "Bondarenko", "Horvath", "Novák", "Svoboda", "Silva", "Santos", "Pereira",
    "Oliveira", "Müller", "Schmidt", "Rossi", "Ferrari", "García", "Martínez", "Chen", "Wang",
    "Zhang", "ter Horst", "van 't Hof", "Mulder", "Meijer", "de Boer", "Hendriks", "Dekker",
]  # fmt: skip


def database_urls() -> tuple[str, str, str]:
    """(url of the bench database, url of the server's `postgres` database, database name)."""
    url = os.environ.get("DATABASE_URL") or STANDAARD_URL
    delen = urlsplit(url)
    if delen.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"DATABASE_URL moet naar PostgreSQL wijzen, niet {delen.scheme!r}.")
    naam = delen.path.lstrip("/")
    if not naam or naam == "postgres":
        sys.exit("DATABASE_URL moet een eigen database noemen (die wordt aangemaakt en weer verwijderd).")
    beheer = urlunsplit(delen._replace(scheme="postgresql", path="/postgres"))
    return url, beheer, naam


def database_opnieuw(beheer_url: str, naam: str, *, aanmaken: bool) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(beheer_url, autocommit=True) as verbinding:
        verbinding.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))
        if aanmaken:
            verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))


def schrijfwijze(rnd: random.Random, voornaam: str, achternaam: str) -> str:
    """The same name as different people write it down."""
    keuze = rnd.randrange(4)
    if keuze == 0:
        return f"{voornaam} {achternaam}"
    if keuze == 1:
        return f"{achternaam.upper()}, {voornaam}"
    if keuze == 2:
        return f"{voornaam.lower()} {achternaam.lower()}"
    return f"{achternaam} {voornaam}"


def telefoon(rnd: random.Random) -> str:
    if rnd.random() < 0.7:
        return f"06 {rnd.randrange(10_000_000, 59_999_999)}"  # 06-1 to 06-5: mobile ranges in use
    return f"+48 {rnd.randrange(500, 899)} {rnd.randrange(100, 999)} {rnd.randrange(100, 999)}"


def vullen(rnd: random.Random) -> None:
    """100,000 signals with persons and their identifiers, in bulk."""
    from django.utils import timezone

    from mensenhandel.models import Gemeente, Regio, Rol
    from mensenhandel.services import gebruiker_aanmaken
    from signalen.models import BetrokkenPersoon, Identificator, Referentieteller, Signaal, Status
    from signalen.services import identificatoren_van

    gemeenten = [
        Gemeente.objects.create(cbs_code=f"GM{9000 + i}", naam=f"Benchgemeente {i}") for i in range(25)
    ]
    for r in range(5):
        regio = Regio.objects.create(naam=f"Benchregio {r}")
        regio.gemeenten.set(gemeenten[r * 5 : r * 5 + 5])
    afs = [
        gebruiker_aanmaken(
            email=f"af{i}@bench.example",
            naam=f"AF {i}",
            wachtwoord=None,
            rol=Rol.AANDACHTSFUNCTIONARIS,
            gemeenten=[g],
        )
        for i, g in enumerate(gemeenten)
    ]
    # Identities that recur across signals (the people stacking is for), written differently.
    terugkerend = [
        (
            rnd.choice(VOORNAMEN),
            rnd.choice(ACHTERNAMEN),
            date(1965, 1, 1) + timedelta(days=rnd.randrange(16_000)),
        )
        for _ in range(3_000)
    ]
    terugkerende_telefoons = [telefoon(rnd) for _ in range(3_000)]
    statussen = [s for s, _ in Status.choices]
    vandaag = timezone.localdate()
    tellers: dict[int, int] = {}

    aantal_personen = aantal_identificatoren = 0
    for start in range(0, AANTAL_SIGNALEN, BATCH):
        signalen = []
        for _ in range(start, min(start + BATCH, AANTAL_SIGNALEN)):
            i_gemeente = rnd.randrange(len(gemeenten))
            waargenomen = vandaag - timedelta(days=rnd.randrange(3 * 365))
            jaar = waargenomen.year
            tellers[jaar] = tellers.get(jaar, 0) + 1
            signalen.append(
                Signaal(
                    referentie=f"S-{jaar}-{tellers[jaar]:05d}",
                    datum_waargenomen=waargenomen,
                    datum_geregistreerd=min(vandaag, waargenomen + timedelta(days=rnd.randrange(5))),
                    gemeente=gemeenten[i_gemeente],
                    sector=rnd.choice(["horeca", "bouw", "schoonmaak", "prostitutie_onvergund", "online"]),
                    bron=rnd.choice(["handhaving", "politie", "zorg", "burger", "anoniem"]),
                    arbeidsuitbuiting=rnd.random() < 0.6,
                    seksuele_uitbuiting=rnd.random() < 0.3,
                    vorm_onbekend=rnd.random() < 0.1,
                    reikwijdte=rnd.choice(["binnenlands", "grensoverschrijdend", "onbekend"]),
                    omschrijving="Benchmark",
                    status=rnd.choice(statussen),
                    geregistreerd_door=afs[i_gemeente],
                )
            )
        Signaal.objects.bulk_create(signalen, batch_size=BATCH)

        personen = []
        for signaal in signalen:
            for _ in range(rnd.choice([0, 1, 1, 1, 2, 2, 3])):
                persoon = BetrokkenPersoon(signaal=signaal, soort=rnd.choice(["slachtoffer", "dader"]))
                if rnd.random() < 0.15:
                    voornaam, achternaam, geboren = rnd.choice(terugkerend)
                    persoon.naam = schrijfwijze(rnd, voornaam, achternaam)
                    persoon.geboortedatum = geboren if rnd.random() < 0.6 else None
                    persoon.telefoon = rnd.choice(terugkerende_telefoons) if rnd.random() < 0.4 else ""
                else:
                    if rnd.random() < 0.8:
                        persoon.naam = schrijfwijze(rnd, rnd.choice(VOORNAMEN), rnd.choice(ACHTERNAMEN))
                    else:
                        persoon.alias = f"Bijnaam {rnd.randrange(50_000)}"
                    if rnd.random() < 0.5:
                        persoon.geboortedatum = date(1960, 1, 1) + timedelta(days=rnd.randrange(17_000))
                    persoon.telefoon = telefoon(rnd) if rnd.random() < 0.4 else ""
                if rnd.random() < 0.1:
                    persoon.kenteken = (
                        f"{rnd.randrange(100):02d}-{rnd.choice(['XB', 'KL', 'TZ'])}-{rnd.randrange(100)}"
                    )
                if rnd.random() < 0.2:
                    persoon.postcode = f"{rnd.randrange(1000, 9999)} AB"
                    persoon.huisnummer = str(rnd.randrange(1, 200))
                personen.append(persoon)
        BetrokkenPersoon.objects.bulk_create(personen, batch_size=BATCH)
        identificatoren = [
            Identificator(persoon=p, signaal_id=p.signaal_id, soort=soort, waarde_hash=waarde)
            for p in personen
            for soort, waarde in sorted(identificatoren_van(p))
        ]
        Identificator.objects.bulk_create(identificatoren, batch_size=BATCH)
        aantal_personen += len(personen)
        aantal_identificatoren += len(identificatoren)
        klaar = start + len(signalen)
        print(f"  {klaar:>7} signalen, {aantal_personen} personen, {aantal_identificatoren} sleutels")
    Referentieteller.objects.bulk_create(Referentieteller(jaar=j, laatste=n) for j, n in tellers.items())


def opzoekquery(signaal):
    """The stacking lookup of ``signaal``: the function ``stapelen`` calls, on the signal's stored
    identifiers (as ``stapelen`` reads them after an edit)."""
    from signalen.models import Identificator
    from signalen.services.stapeling import opzoeken

    eigen = set(Identificator.objects.filter(signaal=signaal).values_list("soort", "waarde_hash"))
    return opzoeken(signaal, eigen)


def ms(tijden: list[float]) -> str:
    tijden = sorted(tijden)
    p95 = tijden[min(len(tijden) - 1, int(len(tijden) * 0.95))]
    return f"mediaan {statistics.median(tijden):7.2f} ms  p95 {p95:7.2f} ms  max {tijden[-1]:7.2f} ms"


def meten(rnd: random.Random) -> int:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from mensenhandel.models import Gebruiker
    from mensenhandel.toegang import gemeenten_van_af
    from signalen import services
    from signalen.models import Identificator, Koppeling, Signaal

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [INDEX])
        (indexgrootte,) = cursor.fetchone()
    print(f"signalen: {Signaal.objects.count()}, identificatoren: {Identificator.objects.count()}, "
          f"index {INDEX}: {indexgrootte}")  # fmt: skip

    met_sleutels = list(
        Identificator.objects.values_list("signaal_id", flat=True).distinct().order_by("signaal_id")
    )
    steekproef = [Signaal(pk=pk) for pk in rnd.sample(met_sleutels, STEEKPROEF)]

    # The timed query must be the very SQL that stapelen runs (it calls ``opzoeken``).
    proef = steekproef[0]
    verwacht_sql = connection.ops.compose_sql(*opzoekquery(proef).query.sql_with_params())
    door = Gebruiker.objects.get(email="af0@bench.example")
    with transaction.atomic(), CaptureQueriesContext(connection) as vastgelegd:
        services.stapelen(Signaal.objects.get(pk=proef.pk), door)
        transaction.set_rollback(True)
    gezien = [q["sql"] for q in vastgelegd.captured_queries]
    assert verwacht_sql in gezien, "De opzoekquery van de benchmark wijkt af van die in services.stapelen."

    # Warm up, then time the lookup.
    for signaal in steekproef[:20]:
        list(opzoekquery(signaal))
    tijden, treffers = [], []
    for signaal in steekproef:
        query = opzoekquery(signaal)
        begin = time.perf_counter()
        rijen = list(query)
        tijden.append((time.perf_counter() - begin) * 1000)
        treffers.append(len(rijen))
    opzoeken = tijden

    # stapelen as a whole (lookup, new pairs, timeline, what the user may see), rolled back.
    heel = []
    for signaal in steekproef[:100]:
        volledig = Signaal.objects.select_related("gemeente").get(pk=signaal.pk)
        begin = time.perf_counter()
        with transaction.atomic():
            services.stapelen(volledig, volledig.geregistreerd_door)
            transaction.set_rollback(True)
        heel.append((time.perf_counter() - begin) * 1000)

    # A full registration through the service, rolled back: once about a person nobody
    # registered before, once about a common name that meets dozens of earlier signals.
    gemeente = gemeenten_van_af(door).get()
    gegevens = {
        "datum_waargenomen": timezone.localdate() - timedelta(days=1),
        "gemeente": gemeente,
        "sector": "horeca",
        "bron": "handhaving",
        "arbeidsuitbuiting": True,
        "reikwijdte": "binnenlands",
    }

    def nieuw_persoon(i: int) -> list[dict]:
        return [
            {"soort": "slachtoffer", "naam": f"Qzx Benchmarkpersoon{i}", "geboortedatum": date(1990, 5, 1)}
        ]

    def veelvoorkomend(i: int) -> list[dict]:
        return [
            {"soort": "slachtoffer", "naam": "Jan de Vries", "geboortedatum": date(1990, 5, 1)},
            {"soort": "dader", "alias": f"Qzx Bijnaam{i}", "telefoon": f"06 5{i:07d}"},
        ]

    registreren: dict[str, tuple[list[float], int, int]] = {}
    for naam, personen in [("zonder treffers", nieuw_persoon), ("veelvoorkomende naam", veelvoorkomend)]:
        tijden = []
        for i in range(40):
            begin = time.perf_counter()
            with transaction.atomic():
                _, stapeling, _ = services.signaal_registreren(
                    door=door, gegevens=gegevens, personen=personen(i)
                )
                transaction.set_rollback(True)
            tijden.append((time.perf_counter() - begin) * 1000)
        with transaction.atomic(), CaptureQueriesContext(connection) as vastgelegd:
            _, stapeling, _ = services.signaal_registreren(
                door=door, gegevens=gegevens, personen=personen(99)
            )
            transaction.set_rollback(True)
        aantal_treffers = stapeling.elders + stapeling.binnen_bereik
        registreren[naam] = (tijden, aantal_treffers, len(vastgelegd.captured_queries))

    # The plan, for the sample signal with the most hits (the hardest case).
    zwaarste = steekproef[max(range(len(steekproef)), key=lambda i: treffers[i])]
    plan = opzoekquery(zwaarste).explain(analyze=True, buffers=True)
    aantal_sleutels = Identificator.objects.filter(signaal=zwaarste).count()

    print()
    print(f"stapeling opzoeken ({STEEKPROEF} signalen)   {ms(opzoeken)}")
    print(f"  treffers per signaal: mediaan {statistics.median(treffers):.0f}, max {max(treffers)}")
    print(f"stapelen geheel (100 signalen)         {ms(heel)}")
    for naam, (tijden, aantal_treffers, queries) in registreren.items():
        print(
            f"signaal_registreren, {naam:<20} {ms(tijden)}  ({aantal_treffers} treffers, {queries} queries)"
        )
    print(
        f"koppelingen na het vullen: {Koppeling.objects.count()} (bulk laden stapelt niet; alleen de service)"
    )
    print()
    print(f"EXPLAIN (ANALYZE, BUFFERS) voor het signaal met de meeste treffers "
          f"({aantal_sleutels} sleutels, {max(treffers)} treffers):")  # fmt: skip
    print(plan)
    print()

    fouten = []
    if INDEX not in plan:
        fouten.append(f"het plan gebruikt de index {INDEX} niet")
    if "Seq Scan on signalen_identificator" in plan:
        fouten.append("het plan doet een sequential scan op signalen_identificator")
    if statistics.median(opzoeken) > DOEL_OPZOEKEN_MS:
        fouten.append(f"opzoeken mediaan boven {DOEL_OPZOEKEN_MS} ms")
    if statistics.median(registreren["zonder treffers"][0]) > DOEL_REGISTREREN_MS:
        fouten.append(f"registreren zonder treffers: mediaan boven {DOEL_REGISTREREN_MS} ms")
    for fout in fouten:
        print(f"MISLUKT: {fout}")
    if not fouten:
        print(f"ok: index {INDEX} gebruikt, geen sequential scan, doelen gehaald")
    return 1 if fouten else 0


def main() -> int:
    url, beheer_url, naam = database_urls()
    print(f"database {naam}: opnieuw aanmaken")
    database_opnieuw(beheer_url, naam, aanmaken=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        # Do not keep the SQL of every bulk insert in memory.
        settings.DEBUG = False
        for logger in ("signalen.services", "mensenhandel.services"):  # stacking and the access log
            logging.getLogger(logger).setLevel(logging.WARNING)
        call_command("migrate", verbosity=0)
        rnd = random.Random(20261123)  # a fixed seed: the same data every run
        begin = time.perf_counter()
        print(f"vullen met {AANTAL_SIGNALEN} signalen")
        vullen(rnd)
        print(f"gevuld in {time.perf_counter() - begin:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        return meten(rnd)
    finally:
        from django.db import connections

        connections.close_all()
        database_opnieuw(beheer_url, naam, aanmaken=False)
        print(f"database {naam}: verwijderd")


if __name__ == "__main__":
    sys.exit(main())
