"""Benchmark: the pages users open, at national scale, through a real server (issue 16).

Run with `make bench`, or alone:

    .venv/bin/python tests/benchmarks/bench_paginas.py
    BENCH_SIGNALEN=10000 .venv/bin/python tests/benchmarks/bench_paginas.py   # a quick run
    BENCH_BEWAREN=1 …   # keep the database afterwards, to read its plans
    BENCH_HMAC_SLEUTEL=… # a fixed key for the identifiers, to register against the kept database

DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mensenhandel_bench_paginas) names a
database with "bench" in its name, which the script creates through the server's `postgres`
database, fills, measures and drops again. CACHE_URL (default rediscache://127.0.0.1:6379/12)
names the cache the application uses, as in production; that Redis database is emptied first.

1. Migrate, `collectstatic` (DEBUG=False serves the hashed files), and load the dataset of
   ``tests/benchmarks/landelijk.py`` in steps: 1,000 signals, then up to 10,000, then up to
   100,000 (BENCH_SIGNALEN sets the last size; the steps below it are kept). After each step
   VACUUM ANALYZE, and the month's publications of the figures are removed, so the dashboard
   makes them again from the data of this size (as on the first view of a month).
2. Gunicorn as in production (``mensenhandel.wsgi``, 4 sync workers, DEBUG=False and the other
   production settings; plain HTTP on 127.0.0.1, so SECURE_SSL_REDIRECT and the secure cookie
   flags are off) serves the pages. At each size the aandachtsfunctionaris of the large
   gemeente, a zorgcoördinator and the ketenregisseur of that regio log in through the real
   forms: password, then the TOTP code of their authenticator device.
3. In this process, with Django's test client on those same sessions and a
   ``connection.execute_wrapper``: the queries and the database time of each page (median of 5
   after a warm-up), and once the first view of the KR dashboard in the month (it makes the
   publication). At the largest size: ``EXPLAIN (ANALYZE, BUFFERS)`` of the queries of a real
   request of the AF's list, captured with ``CaptureQueriesContext``.
4. Load over HTTP: for each page, 1 client and then 4 concurrent clients, each alternating
   the page with the floor page (the accessibility statement, logged in as the same role).
   The throughput ratio is the floor's mean latency divided by the page's, measured in the
   same run with 4 clients (on 2 cores the server is saturated, so throughput per request
   kind is the inverse of its latency).
5. Stacking: the identifier table is grown to BENCH_IDENTIFICATOREN rows (default 1,000,000)
   and ``signaal_registreren`` is timed for a mix of new signals (a person nobody registered,
   a name from the common pool, the common name "Jan de Vries" with an alias and a phone),
   each in a transaction that is rolled back.

Prints every figure, then each target as OK or MISSED, and exits non-zero when one is missed.
"""

from __future__ import annotations

import http.client
import logging
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HOOFDMAP = Path(__file__).resolve().parents[2]
STANDAARD_URL = "postgres://postgres@127.0.0.1:5432/mensenhandel_bench_paginas"
STANDAARD_CACHE = "rediscache://127.0.0.1:6379/12"
GROOTTES = (1_000, 10_000, 100_000)
WERKERS = 4  # gunicorn workers
CLIENTS = (1, 4)
# Per page and number of clients: stop after this many page requests per client, or after this
# many seconds once each client made at least the minimum (each page request is followed by one
# of the floor page).
MAX_VERZOEKEN = {1: 40, 4: 15}
MIN_VERZOEKEN = {1: 10, 4: 4}
DUUR_S = {1: 12.0, 4: 15.0}
IN_PROCES_HERHALINGEN = 5
STAPELEN_HERHALINGEN = 60

DOEL_DOORVOER = 0.4  # page throughput / floor throughput, at least
DOEL_P95_MS = 100.0  # every page's p95 with one client, below
DOEL_QUERIES_LIJST = 10  # queries of a list page, at most
DOEL_DB_GROEI = 1.5  # AF list database time at the largest size / at 10,000, at most
DOEL_STAPELEN_P95_MS = 50.0  # saving a signal at 1M identifier rows, p95 below
BEWAAKTE_TABELLEN = ("signalen_signaal", "signalen_doorverwijzing", "signalen_koppeling")


@dataclass(frozen=True)
class Pagina:
    sleutel: str
    naam: str
    rol: str  # "af", "zc" or "kr": whose session opens it
    pad: str
    lijst: bool = False  # a list page: at most DOEL_QUERIES_LIJST queries


VLOER = "/toegankelijkheid/"


@dataclass
class Meting:
    """The figures of one page at one size."""

    queries: list[int] = field(default_factory=list)
    db_ms: list[float] = field(default_factory=list)
    proces_ms: list[float] = field(default_factory=list)
    http: dict[int, tuple[list[float], list[float]]] = field(default_factory=dict)  # clients: page, floor

    def doorvoer(self) -> float | None:
        if 4 not in self.http:
            return None
        pagina, vloer = self.http[4]
        return statistics.mean(vloer) / statistics.mean(pagina)


def percentiel(waarden: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    rij = sorted(waarden)
    return rij[max(0, math.ceil(p * len(rij)) - 1)]


# --- Database and process set-up --------------------------------------------------------------


def productieomgeving(url: str, map_: Path) -> dict[str, str]:
    """The environment of the production settings (throwaway secrets), on plain HTTP."""
    return {
        "DJANGO_SETTINGS_MODULE": "mensenhandel.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # BENCH_HMAC_SLEUTEL: to match new identifiers against a kept database (BENCH_BEWAREN=1).
        "HMAC_SLEUTEL": os.environ.get("BENCH_HMAC_SLEUTEL") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "APPLICATIE_URL": "http://127.0.0.1",  # required with DEBUG=False (the e-mails' links)
        "DATABASE_URL": url,
        "CACHE_URL": os.environ.get("CACHE_URL") or STANDAARD_CACHE,
        "CELERY_BROKER_URL": "",
        "STATIC_ROOT": str(map_ / "static"),
        "BESTANDEN_ROOT": str(map_ / "bestanden"),
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies without the secure flag.
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
    }


def cache_legen(url: str) -> None:
    """Empty the benchmark's own Redis database: a cache of an earlier run must not answer."""
    if not url.startswith("rediscache://"):
        return
    import redis

    redis.Redis.from_url("redis://" + url.removeprefix("rediscache://")).flushdb()


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """Gunicorn as in production, on a free port of the loopback."""

    def __init__(self, omgeving: dict[str, str], log: Path) -> None:
        self.poort = vrije_poort()
        self.log = log
        opdracht = [
            sys.executable, "-m", "gunicorn", "mensenhandel.wsgi:application",
            "--bind", f"127.0.0.1:{self.poort}", "--workers", str(WERKERS), "--access-logfile", "-",
        ]  # fmt: skip
        with log.open("w") as uitvoer:
            self.proces = subprocess.Popen(
                opdracht, cwd=HOOFDMAP, env=omgeving, stdout=uitvoer, stderr=subprocess.STDOUT
            )
        begin = time.monotonic()
        while True:
            try:
                if Browser(self.poort).verzoek("GET", VLOER)[0] == 200:
                    break
            except OSError:
                pass
            if self.proces.poll() is not None or time.monotonic() - begin > 60:
                raise RuntimeError(f"gunicorn start niet:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)

    def stoppen(self) -> None:
        self.proces.send_signal(signal.SIGTERM)
        try:
            self.proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait()


# --- A minimal browser: cookies, forms, no redirects followed ---------------------------------


class Browser:
    def __init__(self, poort: int) -> None:
        self.poort = poort
        self.cookies: dict[str, str] = {}

    def verzoek(
        self, methode: str, pad: str, velden: dict[str, str] | None = None
    ) -> tuple[int, str, str, float]:
        """(status, Location, body, seconds from sending until the whole body is read)."""
        kop = {"Host": "127.0.0.1"}
        if self.cookies:
            kop["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        inhoud = None
        if velden is not None:
            inhoud = urlencode(velden)
            kop["Content-Type"] = "application/x-www-form-urlencoded"
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=120)
        try:
            begin = time.perf_counter()
            verbinding.request(methode, pad, body=inhoud, headers=kop)
            antwoord = verbinding.getresponse()
            tekst = antwoord.read().decode("utf-8", "replace")
            duur = time.perf_counter() - begin
        finally:
            verbinding.close()
        for regel in antwoord.headers.get_all("Set-Cookie") or []:
            for naam, morsel in SimpleCookie(regel).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[naam] = morsel.value
                else:
                    self.cookies.pop(naam, None)
        return antwoord.status, antwoord.headers.get("Location", ""), tekst, duur


def _csrf(tekst: str) -> str:
    gevonden = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', tekst)
    if not gevonden:
        raise RuntimeError("geen CSRF-token in het formulier")
    return gevonden.group(1)


def totp_code(gebruiker: Any) -> str:
    """The current code of the user's authenticator, waiting for the next one if this one was used."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apparaat = TOTPDevice.objects.get(user=gebruiker)
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    while apparaat.last_t is not None and totp.t() <= apparaat.last_t:
        time.sleep(1)
        totp.time = time.time()
    return f"{totp.token():06d}"


def inloggen(poort: int, gebruiker: Any, wachtwoord: str) -> Browser:
    """Log in through the real forms: e-mail and password, then the code of the second factor."""
    browser = Browser(poort)
    status, _, tekst, _ = browser.verzoek("GET", "/inloggen/")
    status, waarheen, tekst, _ = browser.verzoek(
        "POST",
        "/inloggen/",
        {"csrfmiddlewaretoken": _csrf(tekst), "email": gebruiker.email, "wachtwoord": wachtwoord},
    )
    if status != 302 or not waarheen.startswith("/inloggen/code/"):
        raise RuntimeError(f"inloggen {gebruiker.email}: {status} naar {waarheen!r}")
    status, _, tekst, _ = browser.verzoek("GET", "/inloggen/code/")
    status, waarheen, tekst, _ = browser.verzoek(
        "POST", "/inloggen/code/", {"csrfmiddlewaretoken": _csrf(tekst), "code": totp_code(gebruiker)}
    )
    if status != 302 or waarheen.startswith("/inloggen"):
        raise RuntimeError(f"tweede factor {gebruiker.email}: {status} naar {waarheen!r}")
    return browser


# --- Measurements ------------------------------------------------------------------------------


class Teller:
    """Counts the queries of a request and the time spent in the database driver."""

    def __init__(self) -> None:
        self.aantal = 0
        self.seconden = 0.0
        self.queries: list[tuple[float, str]] = []  # (ms, sql)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            duur = time.perf_counter() - begin
            self.seconden += duur
            self.aantal += 1
            self.queries.append((duur * 1000, sql))


def test_client(browser: Browser) -> Any:
    """Django's test client on the session the real login left (same cookie, same session row)."""
    from django.conf import settings
    from django.test import Client

    client = Client(raise_request_exception=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = browser.cookies[settings.SESSION_COOKIE_NAME]
    return client


def in_proces(client: Any, pad: str, teller: Teller | None = None) -> tuple[int, float, float]:
    """(queries, database ms, whole request ms) of one request in this process."""
    from django.db import connection

    teller = teller or Teller()
    begin = time.perf_counter()
    with connection.execute_wrapper(teller):
        antwoord = client.get(pad)
    duur = time.perf_counter() - begin
    if antwoord.status_code != 200:
        raise RuntimeError(f"{pad}: status {antwoord.status_code} in het proces")
    return teller.aantal, teller.seconden * 1000, duur * 1000


def belasten(poort: int, browser: Browser, pad: str, clients: int) -> tuple[list[float], list[float]]:
    """Latencies (ms) of the page and of the floor page, ``clients`` at once, alternating the two."""
    pagina: list[float] = []
    vloer: list[float] = []
    fouten: list[str] = []
    slot = threading.Lock()
    begin = time.monotonic()

    def client(nummer: int) -> None:
        eigen = Browser(poort)
        eigen.cookies = dict(browser.cookies)
        volgorde = [(pad, pagina), (VLOER, vloer)]
        if nummer % 2:
            volgorde.reverse()  # half the clients start with the floor: the two kinds overlap
        gedaan = 0
        while gedaan < MAX_VERZOEKEN[clients] and not fouten:
            if gedaan >= MIN_VERZOEKEN[clients] and time.monotonic() - begin > DUUR_S[clients]:
                break
            for adres, tijden in volgorde:
                status, waarheen, _, duur = eigen.verzoek("GET", adres)
                with slot:
                    if status != 200:
                        fouten.append(f"{adres}: status {status} {waarheen}")
                    tijden.append(duur * 1000)
            gedaan += 1

    draden = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    if fouten:
        raise RuntimeError(f"verzoeken mislukt: {fouten[:3]}")
    return pagina, vloer


def opwarmen(poort: int, browsers: dict[str, Browser], paginas: list[Pagina]) -> None:
    """Every worker process sees every page once or twice before anything is timed."""
    for p in paginas:
        klaar: list[threading.Thread] = []
        for _ in range(WERKERS):
            eigen = Browser(poort)
            eigen.cookies = dict(browsers[p.rol].cookies)

            def twee(b: Browser = eigen, pad: str = p.pad) -> None:
                b.verzoek("GET", pad)
                b.verzoek("GET", VLOER)

            draad = threading.Thread(target=twee)
            draad.start()
            klaar.append(draad)
        for draad in klaar:
            draad.join()


def plannen(client: Any, pad: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The AF list's queries from a real request, each EXPLAINed: ([(label, sql, plan)], seq scans)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as vastgelegd:
        client.get(pad)
    uitkomst = []
    gezien = {"lijst": False, "tellingen": False, "treffers": False}
    for query in vastgelegd.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or not any(
            f'"{t}"' in sql for t in BEWAAKTE_TABELLEN
        ):
            continue
        if "signalen_koppeling" in sql and not gezien["treffers"]:
            label = "treffers elders (het kader op de startpagina)"
            gezien["treffers"] = True
        elif "GROUP BY" in sql and "COUNT(" in sql.upper() and not gezien["tellingen"]:
            label = "tellingen per status"
            gezien["tellingen"] = True
        elif re.search(r"\bLIMIT \d+", sql) and not gezien["lijst"]:
            label = "de lijst (hoofdquery)"
            gezien["lijst"] = True
        else:
            label = "andere query"
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(r[0] for r in cursor.fetchall())
        uitkomst.append((label, sql, plan))
    seq = [
        f"{label}: {regel.strip()}"
        for label, _, plan in uitkomst
        for regel in plan.splitlines()
        if re.search(rf"Seq Scan on ({'|'.join(BEWAAKTE_TABELLEN)})\b", regel)
    ]
    return uitkomst, seq


def stapelen_meten(land: Any, rnd: random.Random) -> dict[str, Any]:
    """``signaal_registreren`` for a mix of new signals, each rolled back: times, hits, queries."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from signalen import services
    from tests.benchmarks import bench_signalen

    door = land.af
    gegevens = {
        "datum_waargenomen": land.vandaag - timedelta(days=1),
        "gemeente": land.delen[0].gemeenten[0],
        "sector": "horeca",
        "bron": "handhaving",
        "arbeidsuitbuiting": True,
        "reikwijdte": "binnenlands",
    }

    def nieuw(i: int) -> list[dict[str, Any]]:
        return [
            {"soort": "slachtoffer", "naam": f"Qzx Benchmarkpersoon{i}", "geboortedatum": date(1990, 5, 1)}
        ]

    def pool(i: int) -> list[dict[str, Any]]:
        naam = f"{rnd.choice(bench_signalen.VOORNAMEN)} {rnd.choice(bench_signalen.ACHTERNAMEN)}"
        geboren = date(1960, 1, 1) + timedelta(days=rnd.randrange(17_000))
        return [{"soort": "slachtoffer", "naam": naam, "geboortedatum": geboren}]

    def veelvoorkomend(i: int) -> list[dict[str, Any]]:
        return [
            {"soort": "slachtoffer", "naam": "Jan de Vries", "geboortedatum": date(1990, 5, 1)},
            {"soort": "dader", "alias": f"Qzx Bijnaam{i}", "telefoon": f"06 5{i:07d}"},
        ]

    soorten: list[tuple[str, Callable[[int], list[dict[str, Any]]]]] = [
        ("nieuw persoon", nieuw),
        ("nieuw persoon", nieuw),
        ("naam uit de pool", pool),
        ("naam uit de pool", pool),
        ("Jan de Vries + alias/telefoon", veelvoorkomend),
    ]

    def registreren(personen: list[dict[str, Any]]) -> tuple[float, int, int]:
        begin = time.perf_counter()
        with CaptureQueriesContext(connection) as vastgelegd, transaction.atomic():
            _, stapeling, _ = services.signaal_registreren(door=door, gegevens=gegevens, personen=personen)
            transaction.set_rollback(True)
        duur = (time.perf_counter() - begin) * 1000
        return duur, stapeling.elders + stapeling.binnen_bereik, len(vastgelegd.captured_queries)

    for i in range(5):  # warm-up
        registreren(soorten[i % len(soorten)][1](10_000 + i))
    # As a web worker does after start-up (``mensenhandel.wsgi``): what lives now (here also the
    # loader's data, which a web worker never holds) is out of the garbage collector's way.
    from mensenhandel.opstarten import opwarmen_en_bevriezen

    opwarmen_en_bevriezen()
    alle: list[float] = []
    per_soort: dict[str, list[tuple[float, int, int]]] = {}
    for i in range(STAPELEN_HERHALINGEN):
        naam, maak = soorten[i % len(soorten)]
        duur, treffers, queries = registreren(maak(i))
        alle.append(duur)
        per_soort.setdefault(naam, []).append((duur, treffers, queries))
    return {"alle": alle, "per_soort": per_soort}


# --- The run -------------------------------------------------------------------------------------


def paginas_kiezen(land: Any) -> list[Pagina]:
    """The pages of the issue; the signal and the trajectory are picked once, at the first size."""
    from django.db.models import Count

    from signalen.models import Koppeling, Signaal
    from zorgcoordinatie.models import Traject

    gemeente = land.delen[0].gemeenten[0]
    gekoppeld = Koppeling.objects.values("signaal_a_id")
    signaal = (
        Signaal.objects.filter(gemeente=gemeente, pk__in=gekoppeld)
        .annotate(p=Count("personen", distinct=True), d=Count("doorverwijzingen", distinct=True))
        .filter(p__gte=2, d__gte=1)
        .order_by("pk")
        .first()
    ) or Signaal.objects.filter(gemeente=gemeente).order_by("pk").first()
    traject = (
        Traject.objects.filter(verantwoordelijke=land.zc, afgesloten_op__isnull=True)
        .annotate(z=Count("zorgacties"))
        .filter(z__gte=2)
        .order_by("pk")
        .first()
    ) or Traject.objects.filter(verantwoordelijke=land.zc).order_by("pk").first()
    assert signaal is not None and traject is not None
    zoek = urlencode({"q": f"{land.vandaag.year - 1}-00", "vorm": "arbeid"})
    return [
        Pagina("af_lijst", "AF: signalenlijst (startpagina)", "af", "/signalen/", lijst=True),
        Pagina("af_zoeken", "AF: lijst met filter en zoekterm", "af", f"/signalen/?{zoek}", lijst=True),
        Pagina("zc_caseload", "ZC: caseload (startpagina)", "zc", "/zorgcoordinatie/", lijst=True),
        Pagina("kr_dashboard", "KR: dashboard", "kr", "/ketenregie/dashboard/"),
        Pagina("signaal", "AF: pagina van een signaal", "af", f"/signalen/{signaal.uuid}/"),
        Pagina("traject", "ZC: pagina van een traject", "zc", f"/zorgcoordinatie/trajecten/{traject.uuid}/"),
    ]


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def rijen_tellen() -> dict[str, int]:
    from django.db import connection

    tabellen = {
        "signalen": "signalen_signaal",
        "personen": "signalen_betrokkenpersoon",
        "identificatoren": "signalen_identificator",
        "doorverwijzingen": "signalen_doorverwijzing",
        "koppelingen": "signalen_koppeling",
        "trajecten": "zorgcoordinatie_traject",
        "zorgacties": "zorgcoordinatie_zorgactie",
    }
    with connection.cursor() as cursor:
        uitkomst = {}
        for naam, tabel in tabellen.items():
            cursor.execute(f"SELECT count(*) FROM {tabel}")  # noqa: S608 (fixed names)
            uitkomst[naam] = cursor.fetchone()[0]
    return uitkomst


def wachtend_te_lang() -> int:
    from django.conf import settings
    from django.utils import timezone

    from signalen.models import Doorverwijzing

    grens = timezone.localdate() - timedelta(days=settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN)
    T = Doorverwijzing.Terugkoppeling
    return Doorverwijzing.objects.filter(
        terugkoppeling__in=[T.VERSTUURD, T.ONTVANGEN], datum__lt=grens
    ).count()


def grote_gemeente(land: Any) -> str:
    from signalen.models import Signaal

    gemeente = land.delen[0].gemeenten[0]
    return f"{Signaal.objects.filter(gemeente=gemeente).count()} ({gemeente.naam})"


def kort(sql: str) -> str:
    """The start of a query and the tables it reads: enough to find it in the code."""
    tabellen = list(dict.fromkeys(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)))
    return f"{' '.join(sql.split())[:48]}… [{', '.join(tabellen)}]"


def ms(waarde: float) -> str:
    return f"{waarde:6.0f}" if waarde >= 10 else f"{waarde:6.1f}"


def tabel_tonen(
    grootte: int, paginas: list[Pagina], metingen: dict[str, Meting], vloer: dict[str, Meting]
) -> None:
    print(f"\n{grootte} signalen: per pagina (tijden in ms; queries en databasetijd: mediaan van "
          f"{IN_PROCES_HERHALINGEN} verzoeken in het proces)")  # fmt: skip
    print(f"  {'pagina':<36} {'÷ vloer':>7}  {'1 client p50/p95':>17}  {'4 clients p50/p95':>17}  "
          f"{'queries':>7}  {'db ms':>6}  {'proces ms':>9}")  # fmt: skip
    rijen = [(p.naam, metingen[p.sleutel], True) for p in paginas]
    rijen += [(f"vloer: toegankelijkheid ({rol.upper()})", m, False) for rol, m in vloer.items()]
    for naam, m, met_doorvoer in rijen:
        doorvoer = m.doorvoer() if met_doorvoer else None
        kolommen = [f"{doorvoer:7.2f}" if doorvoer is not None else f"{'':>7}"]
        for c in CLIENTS:
            if c in m.http:
                t = m.http[c][0]
                kolommen.append(f"{ms(percentiel(t, 0.5))} / {ms(percentiel(t, 0.95))}   ")
            else:
                kolommen.append(f"{'':>17}")
        if m.queries:
            kolommen.append(f"{statistics.median(m.queries):7.0f}")
            kolommen.append(f"{statistics.median(m.db_ms):6.1f}")
            kolommen.append(f"{statistics.median(m.proces_ms):9.0f}")
        print(f"  {naam:<36} " + "  ".join(kolommen))


def meten_op_grootte(
    grootte: int,
    land: Any,
    server: Server,
    paginas: list[Pagina],
    grootste: bool,
) -> tuple[dict[str, Meting], dict[str, Meting], dict[str, Any]]:
    from ketenregie.models import Maandpublicatie
    from tests.benchmarks.landelijk import WACHTWOORD

    Maandpublicatie.objects.all().delete()
    gebruikers = {"af": land.af, "zc": land.zc, "kr": land.kr}
    browsers = {rol: inloggen(server.poort, g, WACHTWOORD) for rol, g in gebruikers.items()}
    clients = {rol: test_client(b) for rol, b in browsers.items()}
    extra: dict[str, Any] = {}

    # In this process: the first view of the dashboard this month (it makes the publication).
    q, db, totaal = in_proces(clients["kr"], "/ketenregie/dashboard/")
    extra["kr_eerste"] = (q, db, totaal)
    metingen = {p.sleutel: Meting() for p in paginas}
    vloer = {rol: Meting() for rol in gebruikers}
    for p in paginas:
        in_proces(clients[p.rol], p.pad)  # warm-up
        for _ in range(IN_PROCES_HERHALINGEN):
            q, db, totaal = in_proces(clients[p.rol], p.pad)
            metingen[p.sleutel].queries.append(q)
            metingen[p.sleutel].db_ms.append(db)
            metingen[p.sleutel].proces_ms.append(totaal)
    for rol, m in vloer.items():
        in_proces(clients[rol], VLOER)
        for _ in range(IN_PROCES_HERHALINGEN):
            q, db, totaal = in_proces(clients[rol], VLOER)
            m.queries.append(q)
            m.db_ms.append(db)
            m.proces_ms.append(totaal)
    if grootste:
        extra["plannen"] = plannen(clients["af"], "/signalen/")
        extra["duurste"] = {}
        for p in paginas:
            teller = Teller()
            in_proces(clients[p.rol], p.pad, teller)
            extra["duurste"][p.sleutel] = sorted(teller.queries, reverse=True)[:3]

    # Over HTTP.
    opwarmen(server.poort, browsers, paginas)
    for p in paginas:
        for c in CLIENTS:
            pagina, vloertijden = belasten(server.poort, browsers[p.rol], p.pad, c)
            metingen[p.sleutel].http[c] = (pagina, vloertijden)
            if p.sleutel in ("af_lijst", "zc_caseload", "kr_dashboard"):
                vloer[p.rol].http.setdefault(c, (vloertijden, vloertijden))
    return metingen, vloer, extra


def main() -> int:
    sys.path.insert(0, str(HOOFDMAP))
    from tests.benchmarks.bench_rapportage import database_opnieuw, database_urls

    url, beheer_url, naam = database_urls(STANDAARD_URL)
    grootste = int(os.environ.get("BENCH_SIGNALEN", GROOTTES[-1]))
    groottes = sorted({g for g in GROOTTES if g < grootste} | {grootste})
    identificatoren = int(os.environ.get("BENCH_IDENTIFICATOREN", 1_000_000))
    begin_run = time.perf_counter()
    map_ = Path(tempfile.mkdtemp(prefix="mh-bench-paginas-"))
    omgeving = productieomgeving(url, map_)
    print(f"database {naam}: opnieuw aanmaken")
    database_opnieuw(beheer_url, naam, aanmaken=True)
    cache_legen(omgeving["CACHE_URL"])
    os.environ.update(omgeving)
    os.environ["LOG_LEVEL"] = "WARNING"  # this process: no line per access-log row
    server: Server | None = None
    fouten: list[str] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        from tests.benchmarks import landelijk

        logging.getLogger("signalen.services").setLevel(logging.WARNING)
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"migrate en collectstatic: {time.perf_counter() - t:.0f} s")
        vandaag = timezone.localdate()
        rnd = random.Random(20261216)  # a fixed seed: the same data every run
        land = landelijk.voorbereiden(rnd, vandaag)
        server = Server({**os.environ, **omgeving, "LOG_LEVEL": "INFO"}, map_ / "gunicorn.log")
        print(f"gunicorn: {WERKERS} workers op 127.0.0.1:{server.poort}, DEBUG=False")

        alle: dict[int, tuple[dict[str, Meting], dict[str, Meting], dict[str, Any]]] = {}
        paginas: list[Pagina] = []
        vultijd = 0.0
        for grootte in groottes:
            t = time.perf_counter()
            erbij = landelijk.aanvullen(rnd, land, grootte)
            gevuld = time.perf_counter() - t
            vultijd += gevuld
            t = time.perf_counter()
            vacuum()
            print(f"\n=== {grootte} signalen: aangevuld in {gevuld:.0f} s "
                  f"(VACUUM ANALYZE {time.perf_counter() - t:.0f} s)")  # fmt: skip
            print("  erbij: " + ", ".join(f"{n} {soort}" for soort, n in erbij.items()))
            rijen = rijen_tellen()
            print("  in totaal: " + ", ".join(f"{n} {soort}" for soort, n in rijen.items())
                  + f"; {wachtend_te_lang()} doorverwijzingen wachten langer dan de wachttermijn; "
                  f"signalen van de grote gemeente: {grote_gemeente(land)}")  # fmt: skip
            if not paginas:
                paginas = paginas_kiezen(land)
            t = time.perf_counter()
            alle[grootte] = meten_op_grootte(grootte, land, server, paginas, grootte == groottes[-1])
            print(f"  gemeten in {time.perf_counter() - t:.0f} s")
            tabel_tonen(grootte, paginas, alle[grootte][0], alle[grootte][1])
            q, db, totaal = alle[grootte][2]["kr_eerste"]
            print(f"  KR: dashboard, eerste keer deze maand (maakt de publicatie): {q} queries, "
                  f"database {db:.0f} ms, in het proces {totaal:.0f} ms")  # fmt: skip
        server.stoppen()
        server = None

        # Where the database time goes, and the plans, at the largest size.
        print(f"\nde duurste queries per pagina bij {groottes[-1]} signalen (één verzoek in het proces)")
        for p in paginas:
            print(f"  {p.naam}")
            for duur, sql in alle[groottes[-1]][2]["duurste"][p.sleutel]:
                print(f"    {duur:7.1f} ms  {kort(sql)}")
        uitleg, seq = alle[groottes[-1]][2]["plannen"]
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) van de queries van de AF-lijst bij {groottes[-1]} signalen")
        for label, sql, plan in uitleg:
            if label == "andere query":
                regels = plan.splitlines()
                tijd = next((r for r in regels if r.startswith("Execution Time")), "")
                print(f"\n-- {label}: {sql[:150]}...  {tijd}")
                continue
            print(f"\n-- {label}:\n{sql}\n{plan}")
        print("\nsequential scans op " + ", ".join(BEWAAKTE_TABELLEN) + ":")
        for regel in seq or ["geen"]:
            print(f"  {regel}")

        # Stacking with a large identifier table.
        t = time.perf_counter()
        extra_signalen = landelijk.identificatoren_aanvullen(identificatoren)
        vacuum()
        rijen = rijen_tellen()
        print(f"\nstapeling: identificatoren aangevuld tot {rijen['identificatoren']} rijen "
              f"({extra_signalen} gekopieerde signalen, {rijen['signalen']} in totaal) "
              f"in {time.perf_counter() - t:.0f} s")  # fmt: skip
        stapelen = stapelen_meten(land, rnd)
        tijden = stapelen["alle"]
        print(f"  signaal_registreren, mix van {len(tijden)} (teruggedraaid): "
              f"p50 {percentiel(tijden, 0.5):.0f} ms, p95 {percentiel(tijden, 0.95):.0f} ms, "
              f"max {max(tijden):.0f} ms")  # fmt: skip
        for soort, rij in stapelen["per_soort"].items():
            d = [r[0] for r in rij]
            treffers = statistics.median(r[1] for r in rij)
            print(f"    {soort:<30} n={len(rij):<3} p50 {percentiel(d, 0.5):5.0f} ms  "
                  f"p95 {percentiel(d, 0.95):5.0f} ms  treffers mediaan {treffers:.0f}  "
                  f"queries mediaan {statistics.median(r[2] for r in rij):.0f}")  # fmt: skip

        fouten = doelen(groottes, paginas, alle, seq, tijden, rijen["identificatoren"])
        print(f"\nvullen in totaal {vultijd:.0f} s; de hele run {time.perf_counter() - begin_run:.0f} s")
        return 1 if fouten else 0
    except Exception:
        log = map_ / "gunicorn.log"
        if log.exists():
            print(f"het einde van gunicorns log:\n{log.read_text()[-3000:]}")
        raise
    finally:
        if server is not None:
            server.stoppen()
        from django.db import connections

        connections.close_all()
        if os.environ.get("BENCH_BEWAREN") == "1":  # to read plans afterwards
            print(f"database {naam}: bewaard (BENCH_BEWAREN=1)")
        else:
            database_opnieuw(beheer_url, naam, aanmaken=False)
            print(f"database {naam}: verwijderd")
        shutil.rmtree(map_, ignore_errors=True)  # collectstatic's files and gunicorn's log


def doelen(
    groottes: list[int],
    paginas: list[Pagina],
    alle: dict[int, tuple[dict[str, Meting], dict[str, Meting], dict[str, Any]]],
    seq: list[str],
    stapelen: list[float],
    identificatoren: int,
) -> list[str]:
    """Print every target as OK or MISSED; return the missed ones."""
    groot = groottes[-1]
    metingen = alle[groot][0]
    regels: list[tuple[bool, str]] = []

    print(
        f"\nqueries per verzoek en databasetijd (mediaan) bij {' / '.join(str(g) for g in groottes)} signalen"
    )
    for p in paginas:
        queries = " / ".join(f"{statistics.median(alle[g][0][p.sleutel].queries):.0f}" for g in groottes)
        db = " / ".join(f"{statistics.median(alle[g][0][p.sleutel].db_ms):.1f}" for g in groottes)
        print(f"  {p.naam:<36} queries {queries:<14} db ms {db}")

    for sleutel in ("af_lijst", "zc_caseload", "kr_dashboard"):
        p = next(p for p in paginas if p.sleutel == sleutel)
        doorvoer = metingen[sleutel].doorvoer() or 0.0
        regels.append(
            (
                doorvoer >= DOEL_DOORVOER,
                f"{p.naam}: doorvoer {doorvoer:.2f}× de vloer (doel ≥ {DOEL_DOORVOER})",
            )
        )
    for p in paginas:
        p95 = percentiel(metingen[p.sleutel].http[1][0], 0.95)
        regels.append(
            (p95 < DOEL_P95_MS, f"{p.naam}: p95 met 1 client {p95:.0f} ms (doel < {DOEL_P95_MS:.0f} ms)")
        )
    for p in paginas:
        per_grootte = [statistics.median(alle[g][0][p.sleutel].queries) for g in groottes]
        constant = len(set(per_grootte)) == 1
        tekst = " / ".join(f"{q:.0f}" for q in per_grootte)
        if p.lijst:
            regels.append(
                (constant and max(per_grootte) <= DOEL_QUERIES_LIJST,
                 f"{p.naam}: queries {tekst} (doel constant en ≤ {DOEL_QUERIES_LIJST})")
            )  # fmt: skip
        else:
            regels.append((constant, f"{p.naam}: queries {tekst} (doel constant)"))
    if 10_000 in alle and groot > 10_000:
        bij_10k = statistics.median(alle[10_000][0]["af_lijst"].db_ms)
        bij_groot = statistics.median(metingen["af_lijst"].db_ms)
        regels.append(
            (bij_groot <= DOEL_DB_GROEI * bij_10k,
             f"AF-lijst databasetijd bij {groot}: {bij_groot:.1f} ms = {bij_groot / bij_10k:.2f}× "
             f"die bij 10000 ({bij_10k:.1f} ms) (doel ≤ {DOEL_DB_GROEI}×)")
        )  # fmt: skip
    regels.append(
        (not seq, f"EXPLAIN AF-lijst, tellingen en treffers elders: {len(seq)} sequential scans op de "
                  "signalen-, doorverwijzing- en koppelingtabel (doel 0)")
    )  # fmt: skip
    p95 = percentiel(stapelen, 0.95)
    regels.append(
        (p95 < DOEL_STAPELEN_P95_MS,
         f"opslaan van een signaal bij {identificatoren} identificatoren: p95 {p95:.0f} ms "
         f"(doel < {DOEL_STAPELEN_P95_MS:.0f} ms)")
    )  # fmt: skip
    print("\ndoelen")
    gemist = []
    for gehaald, tekst in regels:
        print(f"  {'OK    ' if gehaald else 'MISSED'} {tekst}")
        if not gehaald:
            gemist.append(tekst)
    print(f"{len(regels) - len(gemist)} van {len(regels)} doelen gehaald")
    return gemist


if __name__ == "__main__":
    sys.exit(main())
