"""The README's backup and restore (issue 15, point 12), run for real on PostgreSQL: a dump of the
database restores into a fresh one without a single error, with the same rows, and the
application's role gets its grants again from the owner's `rechten_toekennen`."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
from django.db import connection

from mensenhandel.services import toegang_loggen
from signalen.models import Indicator
from tests.conftest import DIENSTEN_VERPLICHT
from tests.signalen.factories import SignaalFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The README's commands, without compose around them.
DUMP = ["pg_dump", "-Fc"]
RESTORE = ["pg_restore", "--exit-on-error", "--no-privileges"]


def _omgeving() -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"] or "postgres",
        **({"PGPASSWORD": db["PASSWORD"]} if db["PASSWORD"] else {}),
    }


def test_een_backup_zet_zich_zonder_fouten_terug(gebruikers, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("De backup van de README is er een van PostgreSQL (de CI-run met PostgreSQL toetst hem).")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        if DIENSTEN_VERPLICHT:
            pytest.fail("pg_dump en pg_restore ontbreken.")
        pytest.skip("pg_dump en pg_restore ontbreken.")
    SignaalFactory(door=gebruikers["af"], personen=[{"soort": "slachtoffer", "naam": "Test Persoon"}])
    toegang_loggen(request=None, gebruiker=gebruikers["af"], actie="bekijken", object_type="signalen.Signaal")
    omgeving = _omgeving()
    bron = connection.settings_dict["NAME"]
    doel = f"mh_terugzetten_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "mensenhandel.dump"
    with dump.open("wb") as uit:
        subprocess.run([*DUMP, bron], env=omgeving, stdout=uit, check=True, timeout=120)
    subprocess.run(["createdb", doel], env=omgeving, check=True, timeout=60)
    try:
        terug = subprocess.run(
            [*RESTORE, "-d", doel, str(dump)], env=omgeving, capture_output=True, text=True, timeout=300
        )
        assert terug.returncode == 0, terug.stderr[-3000:]
        assert "error" not in terug.stderr.lower(), terug.stderr[-3000:]
        tellingen = []
        for tabel in ("signalen_signaal", "signalen_betrokkenpersoon", "mensenhandel_toegangslog",
                      "mensenhandel_gebruiker", "signalen_indicator"):  # fmt: skip
            uit = [
                subprocess.run(
                    ["psql", "-Atc", f"SELECT count(*) FROM {tabel}", naam],  # noqa: S608
                    env=omgeving, capture_output=True, text=True, check=True, timeout=60,
                ).stdout.strip()
                for naam in (bron, doel)
            ]  # fmt: skip
            tellingen.append((tabel, *uit))
        assert all(a == b and a != "0" for _, a, b in tellingen), tellingen
        assert Indicator.objects.exists()
        # The restored database keeps the access log's triggers.
        truncate = subprocess.run(
            ["psql", "-c", "TRUNCATE mensenhandel_toegangslog", doel],
            env=omgeving, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert truncate.returncode != 0 and "alleen-toevoegen" in truncate.stderr
    finally:
        subprocess.run(["dropdb", "--if-exists", doel], env=omgeving, timeout=60)
