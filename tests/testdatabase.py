"""The SQLite test database: migrated once, then copied (issue 12, the suite's wall time).

Two costs of ``make test`` are the same every time and need no repeating:

- **Migrating.** Every test process migrated its in-memory database from scratch: about
  10 s of Django rendering model states, per process, per run. The migrated database is kept
  in ``var/testdatabase/``, under a key of every migration file of every installed app (and
  the versions of Django and SQLite); a process whose key is there copies it in (SQLite's
  backup, some milliseconds) and then sends ``post_migrate`` as ``migrate`` does, so that what
  code rather than migrations makes (content types, permissions, the role groups) is current.
  Another key (a migration added or changed, a package upgraded) migrates anew.
- **Emptying after a transactional test.** A test with threads, a live server or a browser
  ends with Django's flush: every table emptied, then ``post_migrate`` to make the content
  types, permissions, role groups and reference data again, with new ids (about 0.5 s a
  test). On SQLite's in-memory database the database as migrated is copied back instead,
  which leaves every row of the migrations with its id. SQLite's autoincrement counters keep
  their highest value, as after a flush, so an id is never handed out twice in a process.

PostgreSQL (CI's second run) migrates and flushes as Django does.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core import management
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.creation import DatabaseCreation
from django.test import TransactionTestCase

MAP = Path(settings.BASE_DIR) / "var" / "testdatabase"

# Per alias: a copy of the test database as migrated, in this process's memory.
_ALS_GEMIGREERD: dict[str, sqlite3.Connection] = {}


def _in_geheugen(verbinding: BaseDatabaseWrapper) -> bool:
    return verbinding.vendor == "sqlite" and verbinding.is_in_memory_db()  # type: ignore[attr-defined]


def sleutel() -> str:
    """Changes with any migration file of any installed app, Django or SQLite."""
    h = hashlib.sha256(f"{django.get_version()} {sqlite3.sqlite_version}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        for bestand in sorted((Path(config.path) / "migrations").glob("*.py")):
            h.update(f"{config.label}/{bestand.name}".encode())
            h.update(bestand.read_bytes())
    return h.hexdigest()[:20]


def naar_bestand(verbinding: sqlite3.Connection, bestand: Path) -> None:
    """A copy of the database on ``verbinding`` in ``bestand``."""
    doel = sqlite3.connect(bestand)
    try:
        verbinding.backup(doel)
    finally:
        doel.close()


@contextmanager
def _migreren_uit_sjabloon(alias: str) -> Iterator[None]:
    """While Django creates the test database: ``migrate`` copies the kept database in when
    there is one for this key, and keeps the result otherwise."""
    echte_call_command = management.call_command
    bestand = MAP / f"{sleutel()}.sqlite3"

    def call_command(naam: str, *args: Any, **opties: Any) -> Any:
        if naam != "migrate" or opties.get("database", alias) != alias:
            return echte_call_command(naam, *args, **opties)
        verbinding = connections[alias]
        verbinding.ensure_connection()
        if bestand.exists():
            sjabloon = sqlite3.connect(bestand)
            try:
                sjabloon.backup(verbinding.connection)
            finally:
                sjabloon.close()
            emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)
            return None
        resultaat = echte_call_command(naam, *args, **opties)
        MAP.mkdir(parents=True, exist_ok=True)
        tijdelijk = bestand.with_suffix(f".{os.getpid()}.tmp")
        naar_bestand(verbinding.connection, tijdelijk)
        os.replace(tijdelijk, bestand)  # whole or not at all, also with two processes at once
        return resultaat

    management.call_command = call_command
    try:
        yield
    finally:
        management.call_command = echte_call_command


def _create_test_db(origineel: Callable[..., str]) -> Callable[..., str]:
    def create_test_db(self: DatabaseCreation, *args: Any, **kwargs: Any) -> str:
        if not self.is_in_memory_db(self._get_test_db_name()):
            return origineel(self, *args, **kwargs)
        with _migreren_uit_sjabloon(self.connection.alias):
            naam = origineel(self, *args, **kwargs)
        kopie = sqlite3.connect(":memory:", check_same_thread=False)
        self.connection.connection.backup(kopie)
        _ALS_GEMIGREERD[self.connection.alias] = kopie
        return naam

    return create_test_db


def terugzetten(alias: str) -> None:
    """Put the test database back as migrated, keeping the autoincrement counters' highest
    values (as a flush does)."""
    verbinding = connections[alias]
    verbinding.ensure_connection()
    db = verbinding.connection
    tellers = db.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
    _ALS_GEMIGREERD[alias].backup(db)
    db.executemany(
        "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", [(seq, naam) for naam, seq in tellers]
    )
    bekend = {naam for (naam,) in db.execute("SELECT name FROM sqlite_sequence")}
    db.executemany(
        "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
        [(naam, seq) for naam, seq in tellers if naam not in bekend],
    )
    db.commit()


Teardown = Callable[[TransactionTestCase], None]


def _fixture_teardown(origineel: Teardown) -> Teardown:
    def fixture_teardown(self: TransactionTestCase) -> None:
        aliassen = list(self._databases_names(include_mirrors=False))  # type: ignore[attr-defined]
        if (
            self.available_apps is None
            and not self.serialized_rollback
            and all(a in _ALS_GEMIGREERD and _in_geheugen(connections[a]) for a in aliassen)
        ):
            for alias in aliassen:
                terugzetten(alias)
            return
        origineel(self)

    return fixture_teardown


def installeren() -> None:
    """From ``pytest_configure``, before any test database exists."""
    if getattr(DatabaseCreation.create_test_db, "met_sjabloon", False):
        return
    create_test_db = _create_test_db(DatabaseCreation.create_test_db)
    create_test_db.met_sjabloon = True  # type: ignore[attr-defined]
    DatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]
    TransactionTestCase._fixture_teardown = _fixture_teardown(  # type: ignore[method-assign]
        TransactionTestCase._fixture_teardown
    )
