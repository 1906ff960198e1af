"""Demo data of the ketenregie app, one module per subdomain, each with ``laden()``.

Loaded by ``manage.py seed_demo`` after the kernel's demo users and the case apps' demo
data exist. Every part is idempotent and writes through the services.
"""

from __future__ import annotations

from importlib import import_module

DELEN = ["wegenkaart", "netwerk", "basisniveau", "activiteiten", "knelpunten", "overleggen"]


def demo_laden() -> None:
    for deel in DELEN:
        import_module(f"ketenregie.demo.{deel}").laden()
