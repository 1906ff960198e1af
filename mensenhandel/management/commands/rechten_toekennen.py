"""Give the application's database role what it needs and no more (PostgreSQL).

Run as the database owner, after every ``migrate`` (compose's ``migrate`` service does both):

    python manage.py rechten_toekennen mensenhandel_app --wachtwoord-uit POSTGRES_APP_PASSWORD

With ``--wachtwoord-uit`` the role is made (LOGIN) when it does not exist yet, and its password
set from that environment variable, so an installation from before the two roles gets its
application role on its next deploy, and a changed password in ``.env`` takes effect.

The role reads and writes the application's tables and uses their sequences; it owns nothing, so
it cannot alter, drop or truncate a table. On the access log it may only read, add, and delete a
row past the log's own retention term (the table's trigger checks the age); the stored term and
the migration records it may only read.
"""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

# Tables the application's role reads but never changes.
ALLEEN_LEZEN = ["django_migrations", "mensenhandel_toegangslogtermijn"]
TOEGANGSLOG = "mensenhandel_toegangslog"


def opdrachten(rol: str) -> list[str]:
    """The statements, with the role's name quoted."""
    r = connection.ops.quote_name(rol)
    return [
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"REVOKE UPDATE ON {TOEGANGSLOG} FROM {r}",
        *(f"REVOKE INSERT, UPDATE, DELETE ON {tabel} FROM {r}" for tabel in ALLEEN_LEZEN),
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}",
    ]


class Command(BaseCommand):
    help = (
        "Geeft de databaserol van de applicatie rechten op de tabellen (PostgreSQL), zonder eigenaar te "
        "zijn: draai dit als eigenaar na elke migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rol", help="De databaserol waarmee web, worker en beat verbinden.")
        parser.add_argument(
            "--wachtwoord-uit",
            metavar="OMGEVINGSVARIABELE",
            help="Maak de rol aan als die ontbreekt en zet het wachtwoord uit deze omgevingsvariabele.",
        )

    def handle(self, *args: Any, rol: str, wachtwoord_uit: str | None = None, **opties: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Rechten per databaserol bestaan alleen op PostgreSQL.")
        wachtwoord = None
        if wachtwoord_uit:
            wachtwoord = os.environ.get(wachtwoord_uit)
            if not wachtwoord:
                raise CommandError(f"De omgevingsvariabele {wachtwoord_uit} is leeg of ontbreekt.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            (huidige,) = cursor.fetchone()
            if huidige == rol:
                raise CommandError("Draai dit als de eigenaar van de database, niet als de rol zelf.")
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [rol])
            bestaat = cursor.fetchone() is not None
            if wachtwoord is not None:
                actie = "ALTER ROLE" if bestaat else "CREATE ROLE"
                cursor.execute(f"{actie} {connection.ops.quote_name(rol)} LOGIN PASSWORD %s", [wachtwoord])
                bestaat = True
            if not bestaat:
                raise CommandError(
                    f"De databaserol {rol!r} bestaat niet; maak hem eerst aan (zie de README)."
                )
            for sql in opdrachten(rol):
                cursor.execute(sql)
        self.stdout.write(f"Rechten van {rol} bijgewerkt.")
