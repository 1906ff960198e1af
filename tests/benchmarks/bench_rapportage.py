"""Benchmark: the halfjaarrapportage of a large regio, on PostgreSQL (run with `make bench`).

Issue 6 ("Speed and memory"): a regio of 39 gemeenten with 10,000 signals and 2,000
trajectories in the report's half-year, and four earlier half-years for the trend.
Gathering the figures costs a constant number of queries whatever the data size; making
the whole report takes at most 10 seconds, with the worker's peak memory at most 400 MB.
Issue 16: the whole report at most 1.2 times WeasyPrint's render of its own HTML, measured in
the same process, when the month's publications were made ahead by their scheduled task (the
first report also shows the ratio when the report has to make them itself).

Run with `.venv/bin/python tests/benchmarks/bench_rapportage.py`. DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/mensenhandel_bench_rapportage) names a database with
"bench" in its name, which the script creates through the server's `postgres` database,
fills, measures and drops again; an existing database of that name is dropped first.

1. Fill, in bulk (the basisniveau with simple-history's bulk helpers, because a past
   period's basisniveau is read from the history): the large regio "Benchregio Midden" (39
   gemeenten; the report's half-year, the four before it and the current one so far) and
   the small regio "Benchregio Klein" (3 gemeenten, one signal and one trajectory per
   half-year). Fictitious data only, from a fixed seed: the same data every run.
2. Count the queries of ``rapportage.inhoud.verzamelen`` for the previous half-year's
   report of both regio's: the counts must be equal.
3. Make the large regio's report twice in a fresh process, as a worker does:
   ``rapport_maken.apply`` (claim, gather, HTML, PDF/UA-1 with WeasyPrint, the CSV and XLSX,
   store with their checksums). Like a worker process, it first sends
   ``worker_process_init``, whose handler loads WeasyPrint and the fonts (counted in the
   start-up time, not in the first report). The process reports its wall time per step and its peak
   resident memory (``getrusage`` ``ru_maxrss``: Python, Django, Celery, WeasyPrint and the
   report together).
4. With CELERY_BROKER_URL set (``make bench`` sets it to Redis on this machine): start a
   real Celery worker (``--pool=solo``: the task runs in the worker process itself) on a
   queue of its own, send it two reports, time each from sending to "klaar" and read the
   worker's peak resident memory (VmHWM) before stopping it.

Exits non-zero when a target is missed. The seeding functions (``regio_aanmaken``,
``basisniveau_vullen``, ``regio_vullen``) also serve ``tests/rapportage/test_queries.py``,
at a small scale, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as tijd
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

STANDAARD_URL = "postgres://postgres@127.0.0.1:5432/mensenhandel_bench_rapportage"
AANTAL_SIGNALEN = 10_000  # registered in the report's half-year
AANTAL_TRAJECTEN = 2_000  # started in the report's half-year
EERDER = (0.80, 0.85, 0.90, 0.95)  # the four half-years before it (oldest first), a rising trend
DOEL_SECONDEN = 10.0
DOEL_GEHEUGEN_MB = 400.0
# Issue 16: the whole report at most this many times WeasyPrint's render of its own HTML.
DOEL_VERHOUDING = 1.2
BATCH = 2_000
WERKER = "--werker"
HOOFDMAP = Path(__file__).resolve().parents[2]

# 39 invented gemeenten, some with long names (the tables must fit them).
GEMEENTENAMEN = [
    "Aldervoort", "Amstelhoven", "Beekzande", "Bergen aan de Vliet", "Blauwvenne", "Brederwijk",
    "Dalfsterhorn", "De Hoge Kampen", "Dorrewaard", "Eemstervoort", "Elshout-Zuid", "Gaasterveen",
    "Gelderhorst", "Grootebroekhuizen", "Haarlervenne", "Heuvelwijck", "Hoogmeerbeek", "IJsselwaarde",
    "Kamerlinge", "Kroonstede", "Langevliet", "Lindenhove", "Loosdrechterveld", "Maarsselwaard",
    "Meerstede", "Nieuw-Ravensburg", "Noordervliet", "Oostergouw", "Polderhaven", "Rijnsaterwoude-Oost",
    "Schoonderlo", "Stichtse Heuvelrug-West", "Tolhuizen", "Utrechtse Vechtoever", "Valkenhorst",
    "Vreeswijkerdam", "Westerbroekhuizen", "Wijk bij Dorrewaard", "Zuiderhaven",
]  # fmt: skip

# How often each value occurs (relative weights). The codes are checked against the models'
# choices before seeding (``_codes_controleren``).
BRONNEN = {
    "politie": 18, "handhaving": 12, "zorg": 12, "wmo_jeugd": 8, "veilig_thuis": 8, "arbeidsinspectie": 7,
    "onderwijs": 5, "jongerenwerk": 4, "asielketen": 5, "burger": 6, "anoniem": 4, "burgerzaken": 3,
    "vergunningen": 2, "werk_inkomen": 3, "gemeente_overig": 2, "overig": 1,
}  # fmt: skip
SECTOREN = {
    "prostitutie_onvergund": 14, "prostitutie_vergund": 5, "horeca": 12, "land_tuinbouw": 10, "bouw": 8,
    "schoonmaak": 7, "distributie": 9, "nagel_massage": 6, "huishoudelijk": 4, "online": 9, "overig": 16,
}  # fmt: skip
SEKSUELE_SECTOREN = {"prostitutie_onvergund", "prostitutie_vergund", "online"}
MINDERJARIG = {"ja": 9, "nee": 66, "onbekend": 25}
REIKWIJDTE = {"binnenlands": 55, "grensoverschrijdend": 30, "onbekend": 15}
BESLUITEN = {"verwijzen": 55, "zelf_hulp": 10, "monitoren": 15, "afsluiten": 20}
BESLUITTEKST = {
    "verwijzen": "Doorverwezen", "zelf_hulp": "Besluit: zelf hulp organiseren",
    "monitoren": "Lopend signaal", "afsluiten": "Afgesloten",
}  # fmt: skip
BESTEMMINGEN = {
    "zorgcoordinator": 20, "politie_basisteam": 14, "politie_tmm": 15, "ai_opsporing": 8, "ai_toezicht": 7,
    "veilig_thuis": 12, "riec": 12, "zvh": 10,
}  # fmt: skip
VERBLIJFSSTATUS = {
    "nederlander": 30, "eu": 30, "vergunning": 8, "asiel": 12, "ongedocumenteerd": 12, "onbekend": 8,
}  # fmt: skip
OPVANG = {
    "": 35, "cosm": 15, "omm": 4, "vrouwenopvang": 14, "maatschappelijk": 12, "jeugdhulp": 5,
    "eigen_woning": 15,
}  # fmt: skip
VERBLIJF_NA_BEDENKTIJD = {"aangevraagd": 4, "verleend": 4, "geweigerd": 1}
STRAFRECHT_NA_AANGIFTE = {"aangifte": 4, "onderzoek": 3, "vervolging": 1, "gesloten": 2}
AFSLUITREDENEN = {
    "criteria": 50, "vertrokken": 12, "wil_geen_hulp": 14, "terugkeer": 9, "overleden": 1, "overgedragen": 6,
    "anders": 8,
}  # fmt: skip
COMENSHA = {"gegeven": 60, "geweigerd": 15, "niet_gevraagd": 25}
GESLACHT = {"vrouw": 60, "man": 35, "transgender": 2, "onbekend": 3}
AANMELDBRONNEN = {
    "politie": 35, "veilig_thuis": 12, "zorgaanbieder": 18, "asielketen": 15, "zelfmelder": 8, "overig": 12,
}  # fmt: skip
ACTIVITEITSOORTEN = {"training": 4, "voorlichting": 4, "campagne": 1, "bijeenkomst": 2}
OVERLEGRITME = {"af_overleg": 3, "regietafel": 12, "drieluik": 12, "bestuurlijk": 1}  # per full half-year
BASISNIVEAU_BEGIN = {"onbekend": 3, "niet": 3, "deels": 2, "voldaan": 2}
KNELPUNT_OUD = {"opgelost": 6, "geaccepteerd": 2, "open": 1, "in_behandeling": 1}
KNELPUNT_RECENT = {"open": 3, "in_behandeling": 3, "opgelost": 1}


# --- Seeding (shared with tests/rapportage/test_queries.py) ------------------------------------


@dataclass(frozen=True)
class Halfjaar:
    """A half-year to fill: its dates (``tot`` may lie after today) and how much to put in it."""

    van: date
    tot: date
    signalen: int
    trajecten: int


@dataclass
class Mensen:
    """The regio's users (one AF per gemeente, two zorgcoördinatoren, a ketenregisseur) and partners."""

    afs: list[Any]
    zcs: list[Any]
    kr: Any
    partners: list[Any] = field(default_factory=list)


def _codes_controleren() -> None:
    """Every weighted code above is a value the model accepts (bulk_create does not validate)."""
    from ketenregie.models import Activiteitsoort, BasisniveauStatus, Knelpuntstatus, Overlegsoort
    from signalen.models import Bestemming, Bron, JaNeeOnbekend, Reikwijdte, Sector
    from zorgcoordinatie.models import Aanmelding, Client, Traject

    paren = [
        (BRONNEN, Bron), (SECTOREN, Sector), (MINDERJARIG, JaNeeOnbekend), (REIKWIJDTE, Reikwijdte),
        (BESTEMMINGEN, Bestemming), (VERBLIJFSSTATUS, Client.Verblijfsstatus), (OPVANG, Traject.Opvang),
        (VERBLIJF_NA_BEDENKTIJD, Traject.Verblijf), (STRAFRECHT_NA_AANGIFTE, Traject.Strafrecht),
        (AFSLUITREDENEN, Traject.Afsluitreden), (COMENSHA, Client.Toestemming), (GESLACHT, Client.Geslacht),
        (AANMELDBRONNEN, Aanmelding.Bron), (ACTIVITEITSOORTEN, Activiteitsoort), (OVERLEGRITME, Overlegsoort),
        (BASISNIVEAU_BEGIN, BasisniveauStatus), (KNELPUNT_OUD, Knelpuntstatus),
        (KNELPUNT_RECENT, Knelpuntstatus),
    ]  # fmt: skip
    for gewichten, keuzes in paren:
        onbekend = set(gewichten) - set(keuzes.values)
        if onbekend:
            raise ValueError(f"Onbekende codes voor {keuzes.__qualname__}: {sorted(onbekend)}")


def halfjaren(vandaag: date, signalen: int, trajecten: int) -> list[Halfjaar]:
    """The report's half-year (the previous one), the four before it and the current one so far."""
    from mensenhandel.periode import Periode

    perioden = [Periode.halfjaar_van(vandaag).vorige_halfjaar()]
    for _ in EERDER:
        perioden.insert(0, perioden[0].vorige_halfjaar())
    uitkomst = [
        Halfjaar(p.van, p.tot, round(signalen * deel), round(trajecten * deel))
        for p, deel in zip(perioden, [*EERDER, 1.0], strict=True)
    ]
    # The current half-year up to today: registered after the report's period, never counted in it.
    huidig = Periode.halfjaar_van(vandaag)
    van, tot = huidig.van, huidig.tot
    deel = ((vandaag - van).days + 1) / ((tot - van).days + 1)
    uitkomst.append(Halfjaar(van, tot, round(signalen * deel), round(trajecten * deel)))
    return uitkomst


def regio_aanmaken(naam: str, gemeentenamen: Sequence[str], eerste_cbs: int) -> tuple[Any, list[Any], Mensen]:
    """A regio with its gemeenten (CBS codes from GM<eerste_cbs>), users and ketenpartners."""
    from ketenregie.models import Partner, Soort
    from mensenhandel.models import Gemeente, Regio, Rol
    from mensenhandel.services import gebruiker_aanmaken

    regio = Regio.objects.create(naam=naam)
    gemeenten = Gemeente.objects.bulk_create(
        Gemeente(cbs_code=f"GM{eerste_cbs + i}", naam=n) for i, n in enumerate(gemeentenamen)
    )
    regio.gemeenten.set(gemeenten)
    domein = naam.lower().replace(" ", "-")

    def gebruiker(wie: str, volledig: str, rol: Rol, **bereik: Any) -> Any:
        return gebruiker_aanmaken(
            email=f"{wie}@{domein}.example", naam=volledig, wachtwoord=None, rol=rol, **bereik
        )

    mensen = Mensen(
        afs=[
            gebruiker(f"af{i}", f"AF {g.naam}", Rol.AANDACHTSFUNCTIONARIS, gemeenten=[g])
            for i, g in enumerate(gemeenten)
        ],
        zcs=[
            gebruiker(f"zc{i}", f"Zorgcoördinator {i}", Rol.ZORGCOORDINATOR, regios=[regio]) for i in (1, 2)
        ],
        kr=gebruiker("kr", "Ketenregisseur", Rol.KETENREGISSEUR, regios=[regio]),
    )
    soorten = [
        Soort.POLITIE_BASISTEAM, Soort.POLITIE_TMM, Soort.OPENBAAR_MINISTERIE, Soort.RIEC, Soort.AI_OPSPORING,
        Soort.VEILIG_THUIS, Soort.ZORG_VEILIGHEIDSHUIS, Soort.ZORGAANBIEDER, Soort.OPVANG, Soort.GEMEENTE,
    ]  # fmt: skip
    mensen.partners = Partner.objects.bulk_create(
        Partner(naam=f"Fictieve partner {i + 1} ({naam})", soort=s) for i, s in enumerate(soorten)
    )
    Partner.regios.through.objects.bulk_create(
        Partner.regios.through(partner_id=p.pk, regio_id=regio.pk) for p in mensen.partners
    )
    return regio, gemeenten, mensen


def _moment(dag: date, rnd: random.Random) -> datetime:
    """An aware moment on ``dag`` during office hours."""
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(dag, tijd(8 + rnd.randrange(9), rnd.randrange(60))))


def _gewogen(rnd: random.Random, gewichten: dict[str, float]) -> str:
    return rnd.choices(list(gewichten), weights=list(gewichten.values()))[0]


def _halfjaarbegin(dag: date) -> date:
    return date(dag.year, 1 if dag.month <= 6 else 7, 1)


def _dagen(rnd: random.Random, mediaan: float, spreiding: float = 0.8) -> int:
    """A skewed number of days (log-normal) around ``mediaan``."""
    return max(0, round(rnd.lognormvariate(math.log(mediaan), spreiding)))


class _Nummering:
    """Readable numbers per year (S-2026-00042, Z-2026-0042), continuing the counters in the database."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.laatste = dict(model.objects.values_list("jaar", "laatste"))

    def volgende(self, jaar: int) -> int:
        self.laatste[jaar] = self.laatste.get(jaar, 0) + 1
        return self.laatste[jaar]

    def opslaan(self) -> None:
        for jaar, laatste in self.laatste.items():
            self.model.objects.update_or_create(jaar=jaar, defaults={"laatste": laatste})


def basisniveaumomenten(perioden: Sequence[Halfjaar], vandaag: date) -> list[date]:
    """When the basisniveau was first recorded (before the first period) and updated (in each one)."""
    momenten = [perioden[0].van - timedelta(days=20)]
    return momenten + [p.van + timedelta(days=60) for p in perioden if p.van + timedelta(days=60) < vandaag]


def basisniveau_vullen(
    rnd: random.Random, gemeenten: Sequence[Any], door: Any, momenten: Sequence[date]
) -> int:
    """Every check of every gemeente, recorded on the first moment and improving at each next one,
    with the history simple-history keeps (read for past periods). Returns the history rows."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from ketenregie.models import Basisniveau, Basisniveaupunt

    volgorde = ["onbekend", "niet", "deels", "voldaan"]
    eerste, *later = momenten
    records = bulk_create_with_history(
        [
            Basisniveau(
                gemeente=g,
                punt=p,
                status=_gewogen(rnd, BASISNIVEAU_BEGIN),
                datum=eerste,
                bijgewerkt_door=door,
                bijgewerkt_op=_moment(eerste, rnd),
            )
            for g in gemeenten
            for p in Basisniveaupunt
        ],
        Basisniveau,
        default_user=door,
        default_date=_moment(eerste, rnd),
    )
    rijen = len(records)
    for moment in later:
        gewijzigd = []
        for record in records:
            kans, positie = rnd.random(), volgorde.index(record.status)
            if kans < 0.18 and positie < len(volgorde) - 1:
                record.status = volgorde[positie + 1]
            elif kans > 0.98 and positie > 1:
                record.status = volgorde[positie - 1]  # a training lapsed, a policy expired
            else:
                continue
            record.datum, record.bijgewerkt_op = moment, _moment(moment, rnd)
            gewijzigd.append(record)
        if gewijzigd:
            bulk_update_with_history(
                gewijzigd,
                Basisniveau,
                ["status", "datum", "bijgewerkt_op"],
                default_user=door,
                default_date=_moment(moment, rnd),
            )
            rijen += len(gewijzigd)
    return rijen


def regio_vullen(
    rnd: random.Random,
    *,
    regio: Any,
    gemeenten: Sequence[Any],
    mensen: Mensen,
    perioden: Sequence[Halfjaar],
    vandaag: date,
    voortgang: Callable[[Halfjaar, dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Signals, referrals, trajectories and the ketenregisseur's records of ``perioden``, in bulk.

    May be called again for the same regio (the reference counters continue). Returns how many
    rows of each kind were made.
    """
    from signalen.models import Referentieteller
    from zorgcoordinatie.models import Dossierteller

    _codes_controleren()
    # Gemeenten differ in size: a few large ones, a long tail, and (in a large regio) three
    # where little happens.
    gewichten = [1 / (i + 1) ** 1.1 for i in range(len(gemeenten))]
    if len(gemeenten) >= 10:
        gewichten[-3:] = [0.002] * 3
    referenties, dossiers = _Nummering(Referentieteller), _Nummering(Dossierteller)
    vooruit: dict[date, int] = {}  # trajectories already started in a later half-year
    totalen: dict[str, int] = {}
    for periode in perioden:
        tot = min(periode.tot, vandaag)
        signalen, verwijzingen, aantallen = _signalen_vullen(
            rnd, regio, gemeenten, gewichten, mensen, periode, tot, vandaag, referenties
        )
        aantallen |= _zorgcoordinatie_vullen(
            rnd, regio, gemeenten, gewichten, mensen, periode, tot, vandaag, verwijzingen, dossiers, vooruit
        )
        aantallen |= _ketenregie_vullen(rnd, regio, gemeenten, mensen, periode, tot, vandaag, signalen)
        for soort, n in aantallen.items():
            totalen[soort] = totalen.get(soort, 0) + n
        if voortgang:
            voortgang(periode, aantallen)
    referenties.opslaan()
    dossiers.opslaan()
    return totalen


def _signalen_vullen(
    rnd: random.Random,
    regio: Any,
    gemeenten: Sequence[Any],
    gewichten: list[float],
    mensen: Mensen,
    periode: Halfjaar,
    tot: date,
    vandaag: date,
    referenties: _Nummering,
) -> tuple[list[Any], list[Any], dict[str, int]]:
    """Signals with persons involved, their timeline, referrals with feedback and stacking pairs."""
    from signalen.models import BetrokkenPersoon, Doorverwijzing, Gebeurtenis, Koppeling, Signaal, Status

    dagen = (tot - periode.van).days + 1
    signalen, besluit_van = [], {}
    for _ in range(periode.signalen):
        i_gemeente = rnd.choices(range(len(gemeenten)), weights=gewichten)[0]
        geregistreerd = periode.van + timedelta(days=rnd.randrange(dagen))
        sector = _gewogen(rnd, SECTOREN)
        seksueel = sector in SEKSUELE_SECTOREN
        crimineel = rnd.random() < 0.12
        arbeid = not seksueel and not crimineel and rnd.random() < 0.85
        # Weighed and decided after a median of 12 days; not yet when that lies after today.
        besloten = geregistreerd + timedelta(days=_dagen(rnd, 12))
        besluit = _gewogen(rnd, BESLUITEN) if besloten <= vandaag else None
        if besluit and rnd.random() < 0.03 and besloten + timedelta(days=7) <= vandaag:
            status = Status.IN_ONDERZOEK  # reopened after the decision (new information)
        elif besluit:
            status = {"monitoren": Status.LOPEND, "afsluiten": Status.AFGESLOTEN}.get(
                besluit, Status.BESLOTEN
            )
        elif (vandaag - geregistreerd).days > 8:
            status = Status.GEWOGEN
        elif (vandaag - geregistreerd).days > 2:
            status = Status.IN_ONDERZOEK
        else:
            status = Status.NIEUW
        signaal = Signaal(
            referentie=f"S-{geregistreerd.year}-{referenties.volgende(geregistreerd.year):05d}",
            datum_waargenomen=geregistreerd - timedelta(days=_dagen(rnd, 2, 1.0)),
            datum_geregistreerd=geregistreerd,
            gemeente=gemeenten[i_gemeente],
            sector=sector,
            bron=_gewogen(rnd, BRONNEN),
            seksuele_uitbuiting=seksueel or (crimineel and rnd.random() < 0.2),
            arbeidsuitbuiting=arbeid,
            criminele_uitbuiting=crimineel,
            orgaanverwijdering=rnd.random() < 0.001,
            vorm_onbekend=not (seksueel or crimineel or arbeid),
            migratiecomponent=rnd.random() < 0.35,
            reikwijdte=_gewogen(rnd, REIKWIJDTE),
            minderjarige_betrokken=_gewogen(rnd, MINDERJARIG),
            acuut_gevaar=rnd.random() < 0.03,
            omschrijving="Fictief benchmarksignaal.",
            status=status,
            afsluitreden=rnd.choice(["geen_mensenhandel", "te_weinig"]) if besluit == "afsluiten" else "",
            besloten_op=_moment(besloten, rnd) if besluit else None,
            monitoren_tot=vandaag + timedelta(days=30) if status == Status.LOPEND else None,
            geregistreerd_door=mensen.afs[i_gemeente],
            aangemaakt_op=_moment(geregistreerd, rnd),
            gewijzigd_op=_moment(min(besloten, vandaag), rnd),
        )
        signalen.append(signaal)
        besluit_van[id(signaal)] = besluit
    Signaal.objects.bulk_create(signalen, batch_size=BATCH)

    # Persons involved (no names: the figures never need them) and the timeline.
    personen, gebeurtenissen = [], []
    for s in signalen:
        personen += [
            BetrokkenPersoon(
                signaal=s,
                soort=rnd.choice(BetrokkenPersoon.Soort.values),
                geschatte_leeftijd=16 + rnd.randrange(40),
                geslacht=rnd.choice(BetrokkenPersoon.Geslacht.values),
            )
            for _ in range(rnd.choice([1, 1, 1, 2, 2, 3]))
        ]
        gebeurtenissen.append(
            Gebeurtenis(
                signaal=s,
                tijdstip=s.aangemaakt_op,
                gebruiker=s.geregistreerd_door,
                omschrijving="Geregistreerd",
            )
        )
        if besluit_van[id(s)]:
            gebeurtenissen.append(
                Gebeurtenis(
                    signaal=s,
                    tijdstip=s.besloten_op,
                    gebruiker=s.geregistreerd_door,
                    omschrijving=BESLUITTEKST[besluit_van[id(s)]],
                )
            )
    BetrokkenPersoon.objects.bulk_create(personen, batch_size=BATCH)
    Gebeurtenis.objects.bulk_create(gebeurtenissen, batch_size=BATCH)

    # Referrals on the decision day, and what the partner reported back (as far as today).
    T = Doorverwijzing.Terugkoppeling
    verwijzingen = []
    for s in signalen:
        if besluit_van[id(s)] != "verwijzen":
            continue
        datum = s.besloten_op.date()
        for bestemming in sorted({_gewogen(rnd, BESTEMMINGEN) for _ in range(rnd.choice([1, 1, 1, 2]))}):
            zc = bestemming == "zorgcoordinator"
            v = Doorverwijzing(
                signaal=s,
                bestemming=bestemming,
                regio=regio if zc else None,
                datum=datum,
                partnerorganisatie="Fictieve partner",
                door=s.geregistreerd_door,
            )
            stappen: list[tuple[str, date]] = []
            if not zc and rnd.random() < 0.85:
                stappen.append((T.ONTVANGEN, datum + timedelta(days=_dagen(rnd, 2, 0.6))))
            vorige = stappen[-1][1] if stappen else datum
            kans = rnd.random()
            if kans < 0.62:
                opgepakt = vorige + timedelta(days=_dagen(rnd, 6))
                stappen.append((T.OPGEPAKT, opgepakt))
                if rnd.random() < 0.5:
                    stappen.append((T.AFGEROND, opgepakt + timedelta(days=_dagen(rnd, 60, 0.5))))
            elif kans < 0.80:
                stappen.append((T.AFGEWEZEN, vorige + timedelta(days=_dagen(rnd, 5))))
            for stand, dag in stappen:
                if dag > vandaag:
                    break
                v.terugkoppeling = stand
                setattr(v, f"{stand}_op", dag)
            verwijzingen.append(v)
    Doorverwijzing.objects.bulk_create(verwijzingen, batch_size=BATCH)

    # Stacking: about 5% of the signals meet an earlier signal of the period (0 + 0 + 0 = 1).
    paren: set[tuple[int, int]] = set()
    koppelingen = []
    op_volgorde = sorted(signalen, key=lambda s: (s.datum_geregistreerd, s.pk))
    for positie in range(1, len(op_volgorde)):
        if rnd.random() >= 0.05:
            continue
        later, eerder = op_volgorde[positie], op_volgorde[rnd.randrange(positie)]
        paar = (min(eerder.pk, later.pk), max(eerder.pk, later.pk))
        if paar in paren:
            continue
        paren.add(paar)
        sterk = rnd.random() < 0.4
        koppelingen.append(
            Koppeling(
                signaal_a_id=paar[0],
                signaal_b_id=paar[1],
                sterkte=Koppeling.Sterkte.STERK if sterk else Koppeling.Sterkte.MOGELIJK,
                soorten=["naam_geboortedatum"] if sterk else ["naam"],
                beoordeling=_gewogen(rnd, {"voorgesteld": 5, "bevestigd": 3, "afgewezen": 2}),
                gevonden_op=later.aangemaakt_op,
            )
        )
    Koppeling.objects.bulk_create(koppelingen, batch_size=BATCH)
    aantallen = {
        "signalen": len(signalen),
        "personen": len(personen),
        "gebeurtenissen": len(gebeurtenissen),
        "doorverwijzingen": len(verwijzingen),
        "koppelingen": len(koppelingen),
    }
    return signalen, verwijzingen, aantallen


def _zorgcoordinatie_vullen(
    rnd: random.Random,
    regio: Any,
    gemeenten: Sequence[Any],
    gewichten: list[float],
    mensen: Mensen,
    periode: Halfjaar,
    tot: date,
    vandaag: date,
    verwijzingen: list[Any],
    dossiers: _Nummering,
    vooruit: dict[date, int],
) -> dict[str, int]:
    """Clients and trajectories started in the period (each from an aanmelding), in every phase.

    Every referral that zorgcoördinatie picked up starts a trajectory that day, also when that
    day lies after the period: ``vooruit`` keeps count, and that half-year starts fewer
    trajectories from direct aanmeldingen, so each half-year gets the number it asks for.
    """
    from signalen.models import Doorverwijzing
    from zorgcoordinatie.models import Aanmelding, Client, Traject

    T = Doorverwijzing.Terugkoppeling
    dagen = (tot - periode.van).days + 1
    naar_zc = [v for v in verwijzingen if v.bestemming == "zorgcoordinator"]
    uit_signaal = [v for v in naar_zc if v.opgepakt_op is not None]
    starts = [v.opgepakt_op for v in uit_signaal]
    for start in starts:
        if start > periode.tot:
            later = _halfjaarbegin(start)
            vooruit[later] = vooruit.get(later, 0) + 1
    direct = periode.trajecten - sum(start <= periode.tot for start in starts) - vooruit.pop(periode.van, 0)
    starts += [periode.van + timedelta(days=rnd.randrange(dagen)) for _ in range(max(0, direct))]

    def tot_vandaag(dag: date | None) -> date | None:
        return dag if dag is not None and dag <= vandaag else None

    clients, trajecten = [], []
    for i, start in enumerate(starts):
        verblijfsstatus = _gewogen(rnd, VERBLIJFSSTATUS)
        toestemming = _gewogen(rnd, COMENSHA)
        clients.append(
            Client(
                dossiernummer=f"Z-{start.year}-{dossiers.volgende(start.year):04d}",
                naam=f"Fictieve cliënt {rnd.randrange(10**6)}",
                geboortedatum=start - timedelta(days=365 * (15 + _dagen(rnd, 12, 0.5)) + rnd.randrange(365)),
                geslacht=_gewogen(rnd, GESLACHT),
                verblijfsstatus=verblijfsstatus,
                verantwoordelijke_gemeente=gemeenten[
                    rnd.choices(range(len(gemeenten)), weights=gewichten)[0]
                ],
                comensha_toestemming=toestemming,
                comensha_toestemming_op=None
                if toestemming == "niet_gevraagd"
                else start + timedelta(days=rnd.randrange(14)),
            )
        )
        # Intake first, or hulpverlening first (never before the period); closed after a
        # median of seven months, the phases ending before that.
        intake = start if rnd.random() < 0.9 else None
        hulp = None
        if intake is None:
            hulp = start
        elif rnd.random() < 0.85:
            hulp = max(_halfjaarbegin(start), start + timedelta(days=rnd.randrange(-3, 30)))
        einde = start + timedelta(days=max(20, _dagen(rnd, 210, 0.6)))
        if i < len(uit_signaal) and uit_signaal[i].afgerond_op:
            einde = max(uit_signaal[i].afgerond_op, start + timedelta(days=1))  # as the AF heard back
        duur = (einde - start).days
        afgesloten = tot_vandaag(einde)
        traject = Traject(
            regio=regio,
            verantwoordelijke=mensen.zcs[len(trajecten) % 2],
            achtervang=mensen.zcs[(len(trajecten) + 1) % 2],
            seksuele_uitbuiting=rnd.random() < 0.45,
            arbeidsuitbuiting=rnd.random() < 0.4,
            criminele_uitbuiting=rnd.random() < 0.15,
            intake_start=intake,
            intake_eind=tot_vandaag(intake + timedelta(days=min(max(1, duur - 5), 10 + rnd.randrange(50))))
            if intake
            else None,
            hulpverlening_start=tot_vandaag(hulp),
            hulpverlening_eind=tot_vandaag(max(hulp, einde - timedelta(days=5 + rnd.randrange(20))))
            if hulp and hulp <= vandaag
            else None,
            afronding_start=tot_vandaag(max(start, einde - timedelta(days=5 + rnd.randrange(35)))),
            afgesloten_op=afgesloten,
            afsluitreden=_gewogen(rnd, AFSLUITREDENEN) if afgesloten else "",
            opvang=_gewogen(rnd, OPVANG),
            geinformeerd_verblijfsrecht_op=tot_vandaag(start + timedelta(days=rnd.randrange(21))),
            geinformeerd_strafrecht_op=tot_vandaag(start + timedelta(days=rnd.randrange(21))),
            geinformeerd_zorg_op=tot_vandaag(start + timedelta(days=rnd.randrange(21))),
            kent_verblijfsstappen=bool(afgesloten),
            kent_rechten_voorzieningen=bool(afgesloten),
            weet_waar_hulp=bool(afgesloten),
            aangemaakt_op=_moment(start, rnd),
            gewijzigd_op=_moment(min(einde, vandaag), rnd),
        )
        if traject.opvang:
            traject.opvang_start = tot_vandaag(start + timedelta(days=rnd.randrange(7)))
            if afgesloten:
                traject.opvang_eind = afgesloten
        if verblijfsstatus not in ("nederlander", "eu") and rnd.random() < 0.6:
            # Bedenktijd (three months), then perhaps a residence permit for victims.
            traject.verblijf = Traject.Verblijf.BEDENKTIJD
            traject.bedenktijd_start = tot_vandaag(start + timedelta(days=rnd.randrange(14)))
            if traject.bedenktijd_start:
                traject.bedenktijd_eind = tot_vandaag(traject.bedenktijd_start + timedelta(days=90))
            if traject.bedenktijd_eind:
                besluit = tot_vandaag(traject.bedenktijd_eind + timedelta(days=rnd.randrange(60)))
                traject.verblijf = _gewogen(rnd, VERBLIJF_NA_BEDENKTIJD) if besluit else "aangevraagd"
                traject.verblijf_datum = besluit or traject.bedenktijd_eind
        kans = rnd.random()
        if kans < 0.4:
            traject.aangifte_op = tot_vandaag(start + timedelta(days=_dagen(rnd, 20)))
            if traject.aangifte_op:
                traject.strafrecht = _gewogen(rnd, STRAFRECHT_NA_AANGIFTE)
        elif kans < 0.55:
            traject.strafrecht = Traject.Strafrecht.OVERWEEGT
        trajecten.append(traject)
    Client.objects.bulk_create(clients, batch_size=BATCH)
    for client, traject in zip(clients, trajecten, strict=True):
        traject.client = client
    Traject.objects.bulk_create(trajecten, batch_size=BATCH)

    # Aanmeldingen: one per trajectory; one per referral zorgcoördinatie declined; and direct
    # requests that were declined or are still open.
    aanmeldingen = []
    for i, traject in enumerate(trajecten):
        verwijzing = uit_signaal[i] if i < len(uit_signaal) else None
        aanmeldingen.append(
            Aanmelding(
                regio=regio,
                datum=verwijzing.datum if verwijzing else traject.aangemaakt_op.date(),
                bron="signaal" if verwijzing else _gewogen(rnd, AANMELDBRONNEN),
                doorverwijzing=verwijzing,
                status=Aanmelding.Status.GEACCEPTEERD,
                beantwoord_door=traject.verantwoordelijke,
                beantwoord_op=traject.aangemaakt_op,
                traject=traject,
                ingevoerd_door=traject.verantwoordelijke,
            )
        )
    aanmeldingen += [
        Aanmelding(
            regio=regio,
            datum=v.datum,
            bron="signaal",
            doorverwijzing=v,
            status=Aanmelding.Status.AFGEWEZEN,
            reden_afwijzing="Geen zorgcoördinatie nodig",
            beantwoord_door=mensen.zcs[0],
            beantwoord_op=_moment(v.afgewezen_op, rnd),
            ingevoerd_door=mensen.zcs[0],
        )
        for v in naar_zc
        if v.terugkoppeling == T.AFGEWEZEN
    ]
    for _ in range(round(periode.trajecten * 0.2)):
        datum = periode.van + timedelta(days=rnd.randrange(dagen))
        beantwoord = (vandaag - datum).days >= 10
        aanmeldingen.append(
            Aanmelding(
                regio=regio,
                datum=datum,
                bron=_gewogen(rnd, AANMELDBRONNEN),
                status=Aanmelding.Status.AFGEWEZEN if beantwoord else Aanmelding.Status.OPEN,
                reden_afwijzing="Past beter bij een andere regio" if beantwoord else "",
                beantwoord_door=mensen.zcs[1] if beantwoord else None,
                beantwoord_op=_moment(datum + timedelta(days=3), rnd) if beantwoord else None,
                ingevoerd_door=mensen.zcs[1],
            )
        )
    Aanmelding.objects.bulk_create(aanmeldingen, batch_size=BATCH)
    return {"cliënten": len(clients), "trajecten": len(trajecten), "aanmeldingen": len(aanmeldingen)}


def _ketenregie_vullen(
    rnd: random.Random,
    regio: Any,
    gemeenten: Sequence[Any],
    mensen: Mensen,
    periode: Halfjaar,
    tot: date,
    vandaag: date,
    signalen: list[Any],
) -> dict[str, int]:
    """Activities, meetings with signals on their agenda, knelpunten with action points and the
    bijzonderheden; as many as the period's size calls for, and at least one of each."""
    from ketenregie.models import (
        Actiepunt,
        Actiestatus,
        Activiteit,
        Activiteitsoort,
        Agendasignaal,
        Bijzonderheden,
        Doelgroep,
        Knelpunt,
        Knelpuntthema,
        Overleg,
        Overlegsoort,
    )
    from signalen.models import Overlegbesluit

    schaal = min(1.0, periode.signalen / AANTAL_SIGNALEN)
    dagen = (tot - periode.van).days + 1
    kr = mensen.kr

    def aantal(volledig: int) -> int:
        return max(1, round(volledig * schaal))

    def dag() -> date:
        return periode.van + timedelta(days=rnd.randrange(dagen))

    activiteiten = []
    for _ in range(aantal(60)):
        soort = _gewogen(rnd, ACTIVITEITSOORTEN)
        activiteiten.append(
            Activiteit(
                regio=regio,
                soort=soort,
                titel=f"{Activiteitsoort(soort).label} (fictief)",
                datum=dag(),
                doelgroepen=sorted(rnd.sample(Doelgroep.values, rnd.choice([1, 1, 2, 3]))),
                deelnemers=None if rnd.random() < 0.1 else 5 + rnd.randrange(60),
                organisator=rnd.choice(["Ketenregisseur", "Aandachtsfunctionaris", "Fictieve partner"]),
                vastgelegd_door=kr,
                aangemaakt_op=_moment(tot, rnd),
            )
        )
    Activiteit.objects.bulk_create(activiteiten)
    Activiteit.gemeenten.through.objects.bulk_create(
        Activiteit.gemeenten.through(activiteit_id=a.pk, gemeente_id=g.pk)
        for a in activiteiten
        if rnd.random() < 0.8  # the others are for the whole regio
        for g in rnd.sample(list(gemeenten), min(len(gemeenten), rnd.choice([1, 1, 1, 2, 3])))
    )

    overleggen = [
        Overleg(
            regio=regio,
            soort=soort,
            datum=dag(),
            agenda="Vaste agenda (fictief).",
            overige_deelnemers="Fictieve deelnemers",
            vastgelegd_door=kr,
        )
        for soort, n in OVERLEGRITME.items()
        for _ in range(aantal(n))
    ]
    Overleg.objects.bulk_create(overleggen)
    Overleg.organisaties.through.objects.bulk_create(
        Overleg.organisaties.through(overleg_id=o.pk, partner_id=p.pk)
        for o in overleggen
        for p in rnd.sample(mensen.partners, min(len(mensen.partners), 4))
    )
    besluiten, agenda = [], []
    for o in overleggen:
        if o.soort not in Overlegsoort.met_signalen():
            continue
        eerder = [s for s in signalen if s.datum_geregistreerd <= o.datum]
        for s in rnd.sample(eerder, min(len(eerder), 3 + rnd.randrange(10))):
            besluit = None
            if rnd.random() < 0.7:
                besluit = Overlegbesluit(
                    signaal=s,
                    overleg=f"{o.get_soort_display()} {o.datum:%d-%m-%Y}",
                    datum=o.datum,
                    besluit="Besluit aan tafel (fictief).",
                    vastgelegd_door=kr,
                    tijdstip=_moment(o.datum, rnd),
                )
                besluiten.append(besluit)
            agenda.append(Agendasignaal(overleg=o, signaal=s, toegevoegd_op=_moment(o.datum, rnd)))
            agenda[-1].besluit_object = besluit
    Overlegbesluit.objects.bulk_create(besluiten, batch_size=BATCH)
    for a in agenda:
        a.besluit = a.besluit_object
    Agendasignaal.objects.bulk_create(agenda, batch_size=BATCH)

    # Knelpunten: those of long ago mostly solved; a recent period always leaves one open.
    oud = (vandaag - tot).days > 200
    knelpunten = []
    for i in range(aantal(5)):
        status = "open" if i == 0 and not oud else _gewogen(rnd, KNELPUNT_OUD if oud else KNELPUNT_RECENT)
        thema = rnd.choice(Knelpuntthema.values)
        knelpunten.append(
            Knelpunt(
                regio=regio,
                thema=thema,
                titel=f"{Knelpuntthema(thema).label}: knelpunt (fictief)",
                omschrijving="Omschrijving zonder gegevens over cliënten (fictief).",
                ingebracht_door="Fictieve partner",
                datum=dag(),
                status=status,
                vastgelegd_door=kr,
            )
        )
    Knelpunt.objects.bulk_create(knelpunten)
    acties = [
        Actiepunt(
            knelpunt=k,
            omschrijving="Actie (fictief)",
            eigenaar="Fictieve eigenaar",
            deadline=k.datum + timedelta(days=30 + rnd.randrange(120)),
            status=rnd.choice(Actiestatus.values) if oud else Actiestatus.OPEN,
        )
        for k in knelpunten
        for _ in range(1 + rnd.randrange(3))
    ]
    acties += [
        Actiepunt(
            overleg=o,
            omschrijving="Actie uit het overleg (fictief)",
            eigenaar="Fictieve eigenaar",
            deadline=o.datum + timedelta(days=14),
            status=rnd.choice(Actiestatus.values),
        )
        for o in overleggen
        if rnd.random() < 0.5
    ]
    Actiepunt.objects.bulk_create(acties)

    helft = 1 if periode.van.month == 1 else 2
    Bijzonderheden.objects.update_or_create(
        regio=regio,
        jaar=periode.van.year,
        helft=helft,
        defaults={
            "tekst": f"Bijzonderheden van het {'eerste' if helft == 1 else 'tweede'} halfjaar "
            f"{periode.van.year} (fictief): de samenwerking met de partners is verdiept en er is extra "
            "aandacht voor arbeidsuitbuiting in de distributiesector.",
            "bijgewerkt_door": kr,
        },
    )
    return {
        "activiteiten": len(activiteiten),
        "overleggen": len(overleggen),
        "agendasignalen": len(agenda),
        "knelpunten": len(knelpunten),
        "actiepunten": len(acties),
    }


def verzamelen_queries(rapport: Any) -> int:
    """The number of queries ``rapportage.inhoud.verzamelen`` runs for ``rapport``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rapportage import inhoud
    from rapportage.models import Rapport

    rapport = Rapport.objects.get(pk=rapport.pk)  # as the task finds it: nothing cached
    with CaptureQueriesContext(connection) as vastgelegd:
        inhoud.verzamelen(rapport)
    return len(vastgelegd.captured_queries)


# --- The benchmark ------------------------------------------------------------------------------


def database_urls(standaard: str = STANDAARD_URL) -> tuple[str, str, str]:
    """(url of the bench database, url of the server's `postgres` database, database name).

    DATABASE_URL, or ``standaard``; also for the page benchmark (``bench_paginas``)."""
    url = os.environ.get("DATABASE_URL") or standaard
    delen = urlsplit(url)
    if delen.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"DATABASE_URL moet naar PostgreSQL wijzen, niet {delen.scheme!r}.")
    naam = delen.path.lstrip("/")
    if "bench" not in naam:
        sys.exit(
            f"DATABASE_URL noemt database {naam!r}. Deze benchmark verwijdert zijn database na afloop "
            "en werkt daarom alleen met een database met 'bench' in de naam."
        )
    beheer = urlunsplit(delen._replace(scheme="postgresql", path="/postgres"))
    return url, beheer, naam


def database_opnieuw(beheer_url: str, naam: str, *, aanmaken: bool) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(beheer_url, autocommit=True) as verbinding:
        verbinding.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))
        if aanmaken:
            verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))


def django_starten() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings")
    sys.path.insert(0, str(HOOFDMAP))
    import django

    django.setup()
    from django.conf import settings

    # Keep no SQL of every query in memory (DEBUG does), as in production.
    settings.DEBUG = False


def _geheugen_mb(veld: str, pid: int | str = "self") -> float:
    """A memory figure of a process from /proc (Linux): VmRSS (now) or VmHWM (peak), in MB."""
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        if regel.startswith(f"{veld}:"):
            return int(regel.split()[1]) / 1024
    raise LookupError(veld)


def _cpu_seconden(pid: int | str = "self") -> float:
    """The processor time (user + system) a process used so far, from /proc (Linux)."""
    velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def _pagina_s(pad: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # a development dependency
        return None
    return len(PdfReader(str(pad)).pages)


def werker(rapport_ids: list[int]) -> int:
    """In a fresh process: make the reports as a worker does and print the measurements as JSON."""
    begin = time.perf_counter()
    django_starten()
    from celery.signals import worker_process_init

    from ketenregie.models import Maandpublicatie
    from mensenhandel.celery import app  # noqa: F401  (a worker loads the Celery app too)
    from rapportage import export, inhoud, pdf, tasks
    from rapportage.models import Rapport
    from rapportage.services import publicaties

    # What a worker process does when it starts (prefork and solo alike): its handlers load
    # WeasyPrint and the report's fonts (``rapportage.tasks.weasyprint_voorbereiden``).
    worker_process_init.send(sender=None)
    opstart, na_opstart = time.perf_counter() - begin, _geheugen_mb("VmRSS")
    stappen: dict[str, float] = {}

    def getimed(naam: str, functie: Callable[..., Any]) -> Callable[..., Any]:
        def gemeten(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return functie(*args, **kwargs)
            finally:
                stappen[naam] = stappen.get(naam, 0.0) + time.perf_counter() - t

        return gemeten

    zuiver_renderen = pdf.html_naar_pdf  # WeasyPrint alone, not timed as a step
    # The task calls these through their modules: wrapping them times each step.
    inhoud.verzamelen = getimed("verzamelen", inhoud.verzamelen)
    pdf.html_maken = getimed("html", pdf.html_maken)
    pdf.html_naar_pdf = getimed("pdf", pdf.html_naar_pdf)
    export.csv_maken = getimed("cijfers", export.csv_maken)
    export.xlsx_maken = getimed("cijfers", export.xlsx_maken)
    laatste_html: list[str] = []
    html_maken = pdf.html_maken

    def html_bewaren(*args: Any, **kwargs: Any) -> str:
        html = html_maken(*args, **kwargs)
        laatste_html[:] = [html]
        return html

    pdf.html_maken = html_bewaren
    rapporten = []
    for nummer, rapport_id in enumerate(rapport_ids):
        # Both as on the first report of a month: no publication of its periods kept yet. The
        # first report then counts and protects every one of them itself (``regiocijfers``);
        # before the second, the month's task makes them, as the schedule does at half past
        # midnight on the day the half-year's report is due at 06:00.
        Maandpublicatie.objects.all().delete()
        voorbereiden = None
        if nummer == 1:
            t = time.perf_counter()
            publicaties.publicaties_voorbereiden()
            voorbereiden = time.perf_counter() - t
        bewaard = Maandpublicatie.objects.count()
        stappen.clear()
        t, cpu = time.perf_counter(), _cpu_seconden()
        uitkomst = tasks.rapport_maken.apply(args=[rapport_id]).get()
        totaal, cpu = time.perf_counter() - t, _cpu_seconden() - cpu
        rapport = Rapport.objects.get(pk=rapport_id)
        # The report's own HTML rendered by WeasyPrint once more, alone, in the same process:
        # what the whole report is measured against (issue 16: at most 1.2 times this).
        zuiver = None
        if laatste_html:
            t = time.perf_counter()
            zuiver_renderen(laatste_html.pop())
            zuiver = time.perf_counter() - t
        rapporten.append(
            {
                "uitkomst": uitkomst,
                "status": rapport.status,
                "foutmelding": rapport.foutmelding,
                "seconden": totaal,
                "cpu": cpu,
                "zuiver": zuiver,
                "publicaties_bewaard": bewaard,
                "voorbereiden": voorbereiden,
                "stappen": dict(stappen),
                "bytes": rapport.grootte,
                "paginas": _pagina_s(Path(os.environ["RAPPORTEN_ROOT"]) / rapport.bestand)
                if rapport.bestand
                else None,
                "rss_na": _geheugen_mb("VmRSS"),
            }
        )
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(
        json.dumps(
            {"opstart": opstart, "rss_na_opstart": na_opstart, "piek_mb": piek, "rapporten": rapporten}
        )
    )
    return 0


def in_nieuw_proces(rapport_ids: list[int], map_: str) -> dict[str, Any]:
    """Run ``werker`` for the reports in a fresh Python process; its measurements."""
    proces = subprocess.run(
        [sys.executable, __file__, WERKER, *map(str, rapport_ids)],
        env={**os.environ, "RAPPORTEN_ROOT": map_},
        capture_output=True,
        text=True,
        check=False,
    )
    if proces.returncode != 0:
        raise RuntimeError(
            f"het proces dat de rapportage maakt, stopte met een fout:\n{proces.stderr[-3000:]}"
        )
    return json.loads(proces.stdout.strip().splitlines()[-1])


def met_celery_worker(rapport_ids: list[int], map_: str) -> dict[str, Any]:
    """Make the reports with a real Celery worker on the broker; time each and read the worker's peak."""
    from mensenhandel.celery import app
    from rapportage.models import Rapport, Status
    from rapportage.tasks import rapport_maken

    rij = f"bench-rapportage-{uuid.uuid4().hex[:8]}"
    naam = f"{rij}@localhost"
    omgeving = {
        **os.environ,
        "RAPPORTEN_ROOT": map_,
        "DJANGO_SETTINGS_MODULE": "mensenhandel.settings",
        # As in production: DEBUG off (then these must be set; throwaway values for this run).
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HMAC_SLEUTEL": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "APPLICATIE_URL": "http://localhost",
    }
    opdracht = [
        sys.executable, "-m", "celery", "-A", "mensenhandel", "worker", "--pool=solo", "--loglevel=WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", rij, "-n", naam,
    ]  # fmt: skip
    log = Path(map_) / "worker.log"
    with log.open("w") as uitvoer:
        proces = subprocess.Popen(
            opdracht, cwd=HOOFDMAP, env=omgeving, stdout=uitvoer, stderr=subprocess.STDOUT
        )
    try:
        begin = time.monotonic()
        while not app.control.ping(destination=[naam], timeout=0.5):
            if proces.poll() is not None or time.monotonic() - begin > 60:
                raise RuntimeError(f"de Celery-worker start niet:\n{log.read_text()[-3000:]}")
        opstart, na_opstart = time.monotonic() - begin, _geheugen_mb("VmRSS", proces.pid)
        rapporten = []
        for rapport_id in rapport_ids:
            t, cpu = time.perf_counter(), _cpu_seconden(proces.pid)
            rapport_maken.apply_async(args=[rapport_id], queue=rij)
            while (rapport := Rapport.objects.get(pk=rapport_id)).status in Status.lopend():
                if time.perf_counter() - t > 120:
                    break
                time.sleep(0.05)
            rapporten.append(
                {
                    "status": rapport.status,
                    "foutmelding": rapport.foutmelding,
                    "seconden": time.perf_counter() - t,
                    "cpu": _cpu_seconden(proces.pid) - cpu,
                    "bytes": rapport.grootte,
                    "rss_na": _geheugen_mb("VmRSS", proces.pid),
                }
            )
        return {
            "opstart": opstart,
            "rss_na_opstart": na_opstart,
            "piek_mb": _geheugen_mb("VmHWM", proces.pid),
            "rapporten": rapporten,
        }
    finally:
        proces.send_signal(signal.SIGTERM)
        try:
            proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()
        # Leave nothing of this run's queue on the broker.
        with app.connection_for_write() as verbinding:
            if verbinding.transport.driver_type == "redis":
                sleutels = [rij, f"_kombu.binding.{rij}", f"_kombu.binding_permanent.{rij}"]
                verbinding.default_channel.client.delete(*sleutels)


def _rapporten_tonen(gemeten: dict[str, Any], fouten: list[str], wie: str) -> None:
    for nummer, r in enumerate(gemeten["rapporten"], start=1):
        eerste = "het eerste van het proces" if nummer == 1 else "het tweede"
        print(f"  rapport {nummer} ({eerste}): {r['seconden']:.2f} s (processortijd {r['cpu']:.2f} s), "
              f"{r['status']}, "
              f"PDF {(r['bytes'] or 0) / 1024:.0f} kB"
              + (f", {r['paginas']} pagina's" if r.get("paginas") else "")
              + f"; daarna {r['rss_na']:.0f} MB in gebruik")  # fmt: skip
        if "stappen" in r:
            s = r["stappen"]
            rest = r["seconden"] - sum(s.values())
            print(f"    verzamelen {s.get('verzamelen', 0):.2f} s, HTML {s.get('html', 0):.2f} s, "
                  f"PDF {s.get('pdf', 0):.2f} s, CSV en XLSX {s.get('cijfers', 0):.2f} s, "
                  f"claimen/voortgang/opslaan {rest:.2f} s")  # fmt: skip
        if r.get("zuiver"):
            verhouding = r["seconden"] / r["zuiver"]
            if r["voorbereiden"] is None:
                doel = "geen doel: het rapport maakte de publicaties van de maand zelf"
            else:
                doel = (f"doel {DOEL_VERHOUDING}: de taak van de maand maakte de "
                        f"{r['publicaties_bewaard']} publicaties vooraf, "
                        f"in {r['voorbereiden']:.2f} s")  # fmt: skip
            print(f"    alleen WeasyPrint op dezelfde HTML: {r['zuiver']:.2f} s; het hele rapport "
                  f"{verhouding:.2f} keer zoveel ({doel})")  # fmt: skip
            if r["voorbereiden"] is not None and verhouding > DOEL_VERHOUDING:
                fouten.append(f"{wie}: rapport {nummer} {verhouding:.2f} keer WeasyPrint alleen, "
                              f"meer dan {DOEL_VERHOUDING}")  # fmt: skip
        if r["status"] != "klaar":
            fouten.append(f"{wie}: rapport {nummer} is niet klaar ({r['status']}) {r['foutmelding']}")
        elif r["seconden"] > DOEL_SECONDEN:
            fouten.append(
                f"{wie}: rapport {nummer} duurde {r['seconden']:.1f} s, meer dan {DOEL_SECONDEN:.0f} s"
            )
    print(f"  piekgeheugen: {gemeten['piek_mb']:.0f} MB")
    if gemeten["piek_mb"] > DOEL_GEHEUGEN_MB:
        fouten.append(f"{wie}: piekgeheugen {gemeten['piek_mb']:.0f} MB, meer dan {DOEL_GEHEUGEN_MB:.0f} MB")


def meten(vandaag: date) -> int:
    from django.conf import settings
    from django.db import connection

    from mensenhandel.models import Regio
    from rapportage.models import Rapport
    from rapportage.services import vorig_halfjaar
    from signalen.cijfers import signaalcijfers
    from zorgcoordinatie.cijfers import trajectcijfers

    soort, van, tot = vorig_halfjaar(vandaag)
    groot = Regio.objects.get(naam="Benchregio Midden")
    klein = Regio.objects.get(naam="Benchregio Klein")
    versies = iter(range(1, 100))

    def rapport(regio: Regio) -> Rapport:
        return Rapport.objects.create(regio=regio, soort=soort, van=van, tot=tot, versie=next(versies))

    eerste = rapport(groot)
    print(f"\nrapportage {eerste.periode_label} van {groot.naam}, gemaakt op {vandaag:%d-%m-%Y}")
    signalen = signaalcijfers(groot, van, tot).totaal
    trajecten = trajectcijfers(groot, van, tot, vandaag=vandaag).geopend
    print(f"  in de periode: {signalen} signalen geregistreerd, {trajecten} trajecten gestart")

    # 1. The queries of gathering the figures, for the large and the small regio.
    queries_groot = verzamelen_queries(eerste)
    queries_klein = verzamelen_queries(rapport(klein))
    print(f"\nverzamelen: {queries_groot} queries voor {groot.naam} (39 gemeenten), {queries_klein} "
          f"voor {klein.naam} (3 gemeenten, 1 signaal en 1 traject per halfjaar)")  # fmt: skip
    fouten = []
    if queries_groot != queries_klein:
        fouten.append(f"verzamelen: {queries_groot} queries bij veel gegevens, {queries_klein} bij weinig")

    # 2. The whole report in a fresh process, twice; 3. with a real Celery worker, twice.
    connection.close()
    metingen: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="mh-bench-rapporten-") as map_:
        wie = "nieuw proces"
        try:
            metingen[wie] = in_nieuw_proces([eerste.pk, rapport(groot).pk], map_)
        except RuntimeError as fout:
            fouten.append(f"{wie}: {fout}")
        if settings.CELERY_BROKER_URL:
            wie = "Celery-worker"
            try:
                metingen[wie] = met_celery_worker([rapport(groot).pk, rapport(groot).pk], map_)
            except RuntimeError as fout:
                fouten.append(f"{wie}: {fout}")
    for wie, gemeten in metingen.items():
        uitleg = {
            "nieuw proces": "rapport_maken.apply in een nieuw Python-proces met Django en Celery",
            "Celery-worker": "een echte worker (--pool=solo) op de broker, van versturen tot klaar",
        }[wie]
        print(f"\n{wie}: {uitleg}; opgestart in {gemeten['opstart']:.1f} s, "
              f"toen {gemeten['rss_na_opstart']:.0f} MB")  # fmt: skip
        _rapporten_tonen(gemeten, fouten, wie)
    if not settings.CELERY_BROKER_URL:
        print("\n(geen CELERY_BROKER_URL: de meting met een echte Celery-worker is overgeslagen)")

    print("\nsamenvatting")
    print(f"  queries verzamelen   {queries_groot} (39 gemeenten) en {queries_klein} (3 gemeenten)")
    for wie, gemeten in metingen.items():
        langste = max(r["seconden"] for r in gemeten["rapporten"])
        print(f"  {wie:<20} langste rapport {langste:.2f} s (doel {DOEL_SECONDEN:.0f} s), "
              f"piekgeheugen {gemeten['piek_mb']:.0f} MB (doel {DOEL_GEHEUGEN_MB:.0f} MB)")  # fmt: skip
    for fout in fouten:
        print(f"MISLUKT: {fout}")
    if not fouten:
        print("ok: aantal queries constant, doelen voor tijd en geheugen gehaald")
    return 1 if fouten else 0


def vullen(vandaag: date) -> None:
    rnd = random.Random(20261123)  # a fixed seed: the same data every run
    perioden = halfjaren(vandaag, AANTAL_SIGNALEN, AANTAL_TRAJECTEN)

    def voortgang(periode: Halfjaar, aantallen: dict[str, int]) -> None:
        tekst = ", ".join(f"{n} {soort}" for soort, n in aantallen.items())
        print(f"  {periode.van:%m-%Y} t/m {min(periode.tot, vandaag):%m-%Y}: {tekst}")

    regio, gemeenten, mensen = regio_aanmaken("Benchregio Midden", GEMEENTENAMEN, 9100)
    rijen = basisniveau_vullen(rnd, gemeenten, mensen.kr, basisniveaumomenten(perioden, vandaag))
    print(f"  basisniveau: {len(gemeenten)} gemeenten, {rijen} historische regels")
    regio_vullen(
        rnd,
        regio=regio,
        gemeenten=gemeenten,
        mensen=mensen,
        perioden=perioden,
        vandaag=vandaag,
        voortgang=voortgang,
    )
    klein = [Halfjaar(p.van, p.tot, 1, 1) for p in perioden]
    regio, gemeenten, mensen = regio_aanmaken(
        "Benchregio Klein", ["Kleindorp", "Veenhuizen-Klein", "Ooststrand"], 9200
    )
    basisniveau_vullen(rnd, gemeenten, mensen.kr, basisniveaumomenten(klein, vandaag))
    regio_vullen(rnd, regio=regio, gemeenten=gemeenten, mensen=mensen, perioden=klein, vandaag=vandaag)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == WERKER:
        return werker([int(i) for i in sys.argv[2:]])
    url, beheer_url, naam = database_urls()
    print(f"database {naam}: opnieuw aanmaken")
    database_opnieuw(beheer_url, naam, aanmaken=True)
    os.environ["DATABASE_URL"] = url
    try:
        django_starten()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        logging.getLogger("signalen.services").setLevel(logging.WARNING)
        call_command("migrate", verbosity=0)
        vandaag = timezone.localdate()
        begin = time.perf_counter()
        print(f"vullen: 39 gemeenten, {AANTAL_SIGNALEN} signalen en {AANTAL_TRAJECTEN} trajecten in het "
              "rapportagehalfjaar, de vier halfjaren ervoor en het lopende halfjaar tot vandaag")  # fmt: skip
        vullen(vandaag)
        print(f"gevuld in {time.perf_counter() - begin:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        return meten(vandaag)
    finally:
        from django.db import connections

        connections.close_all()
        database_opnieuw(beheer_url, naam, aanmaken=False)
        print(f"database {naam}: verwijderd")


if __name__ == "__main__":
    sys.exit(main())
