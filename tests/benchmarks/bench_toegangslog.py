"""Benchmark: the access log stays fast and small as it grows (run with `make bench`).

Targets: a page of the log in under 150 ms (median) and under 50 MB peak Python memory
with 100,000 rows, on the embedded SQLite setup. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

AANTAL_REGELS = 100_000
DOEL_MEDIAAN_MS = 150
DOEL_GEHEUGEN_MB = 50


def main() -> int:
    werkmap = Path(tempfile.mkdtemp(prefix="mh-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{werkmap / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from mensenhandel.models import Rol, ToegangsLog
    from mensenhandel.services import gebruiker_aanmaken
    from tests.conftest import volledig_inloggen

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    beheerder = gebruiker_aanmaken(
        email="fb@bench.example",
        naam="Bench",
        wachtwoord="Bench-wachtwoord-2026",
        rol=Rol.FUNCTIONEEL_BEHEERDER,
    )
    TOTPDevice.objects.create(user=beheerder, name="bench", confirmed=True)
    ToegangsLog.objects.bulk_create(
        (
            ToegangsLog(
                gebruiker=beheerder,
                rol="functioneel_beheerder",
                actie="bekijken",
                uitkomst="toegestaan",
                object_type="signalen.Signaal",
                object_id=str(i),
                scherm="bench",
            )
            for i in range(AANTAL_REGELS)
        ),
        batch_size=5000,
    )
    client = volledig_inloggen(Client(), beheerder)

    resultaten = {}
    for naam, params in [
        ("eerste pagina", {}),
        # Who looked at this signal? And: which accesses were refused?
        ("wie zag signaal", {"object_type": "signalen.Signaal", "object_id": "4242"}),
        ("geweigerd", {"uitkomst": "geweigerd"}),
        ("laatste pagina", {"pagina": "last"}),
    ]:
        # Time and memory in separate passes: tracemalloc slows every allocation down
        # (rendering a page several times over), so timing under it measures tracemalloc.
        tijden = []
        for _ in range(15):
            begin = time.perf_counter()
            antwoord = client.get("/beheerder/toegangslog/", params)
            tijden.append((time.perf_counter() - begin) * 1000)
            assert antwoord.status_code == 200, antwoord.status_code
        tracemalloc.start()
        for _ in range(3):
            assert client.get("/beheerder/toegangslog/", params).status_code == 200
        piek = tracemalloc.get_traced_memory()[1] / 1_000_000
        tracemalloc.stop()
        resultaten[naam] = (statistics.median(tijden), piek)

    mislukt = False
    for naam, (mediaan, piek) in resultaten.items():
        goed = mediaan < DOEL_MEDIAAN_MS and piek < DOEL_GEHEUGEN_MB
        mislukt |= not goed
        oordeel = "ok" if goed else "TE TRAAG/GROOT"
        print(f"toegangslog {naam:<15} mediaan {mediaan:7.1f} ms  piek {piek:5.1f} MB  {oordeel}")
    return 1 if mislukt else 0


if __name__ == "__main__":
    sys.exit(main())
