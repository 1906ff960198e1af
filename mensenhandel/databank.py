"""The default database's settings: DATABASE_URL as parsed, with what each engine needs here
(a module of its own so that the settings stay a page of configuration)."""

from typing import Any

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


def databank(instellingen: dict[str, Any], *, bewaren: int | None = None) -> dict[str, Any]:
    """``instellingen`` (``env.db``'s dictionary) completed; ``bewaren`` is DATABASE_CONN_MAX_AGE
    (seconds a connection is kept), when set."""
    instellingen["ATOMIC_REQUESTS"] = False
    opties = instellingen.setdefault("OPTIONS", {})
    if instellingen["ENGINE"] == SQLITE:
        # The embedded setup: a write transaction takes SQLite's write lock when it begins and
        # waits up to 20 s for it, so two requests that write at once queue instead of failing
        # with "database is locked" (a read lock cannot be upgraded while another writer waits).
        opties.update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    elif instellingen["ENGINE"] == POSTGRESQL:
        # PostgreSQL's JIT compiles a query once its estimated cost passes a threshold; for this
        # application's short queries it costs more than it saves (172 ms of JIT in a 287 ms list
        # query at 100,000 signals, issue 16), so every connection the application opens switches
        # it off.
        opties["options"] = f"{opties.get('options', '')} -c jit=off".strip()
    # On PostgreSQL a connection is kept for a minute: a new one costs a server process and its
    # authentication, 4 ms and more on every request (the per-request floor of issue 16; the
    # lightest page's median went from 22–25 to 11–13 ms in docs/benchmarks.md). Each gunicorn
    # worker and Celery process keeps at most one, and it is checked before reuse (a database
    # restart costs one reconnect, not an error page). SQLite opens a file: nothing to keep.
    standaard = 60 if instellingen["ENGINE"] == POSTGRESQL else 0
    instellingen["CONN_MAX_AGE"] = standaard if bewaren is None else bewaren
    instellingen["CONN_HEALTH_CHECKS"] = True
    return instellingen
