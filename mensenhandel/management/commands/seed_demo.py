"""Load the demo regions and fictitious users, and print how to log in as each."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mensenhandel.demo import DEMO_WACHTWOORD, demo_laden


class Command(BaseCommand):
    help = "Laadt demogegevens (fictieve personen) en toont de inloggegevens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--ook-zonder-debug",
            action="store_true",
            help="Ook laden als DEBUG uit staat (alleen voor een testomgeving).",
        )

    def handle(self, *args: Any, ook_zonder_debug: bool = False, **opties: Any) -> None:
        if not settings.DEBUG and not ook_zonder_debug:
            raise CommandError(
                "Demogegevens hebben bekende wachtwoorden en horen niet in productie. "
                "Gebruik --ook-zonder-debug alleen voor een testomgeving."
            )
        gebruikers = demo_laden()
        self.stdout.write(f"Demogegevens geladen. Wachtwoord voor iedereen: {DEMO_WACHTWOORD}")
        self.stdout.write("Code maken zonder app: oathtool --totp -b GEHEIM\n")
        for demo in gebruikers:
            geheim = demo.totp_geheim if demo.met_tweede_factor else "(koppelt bij eerste login via QR-code)"
            self.stdout.write(f"  {demo.rol.label:<22} {demo.email:<34} {geheim}")
