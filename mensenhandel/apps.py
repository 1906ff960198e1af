from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from mensenhandel import onderdelen
from mensenhandel.onderdelen import Menuitem
from mensenhandel.rollen import Rol


def _rollen_na_migratie(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Permissions of every app are created by their own post_migrate handlers; make sure
    # they exist before the role groups are filled, whatever order the handlers run in.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)

    from mensenhandel.services import rollen_synchroniseren

    rollen_synchroniseren()


class MensenhandelConfig(onderdelen.Onderdeel):
    name = "mensenhandel"
    verbose_name = "Kern: gebruikers, rollen, gemeenten en regio's"

    # Navigation items this app offers: (url name, label). The menu shows an item only
    # when the view's own access declaration admits the user (see context_processors).
    navigatie = [
        Menuitem("beheerder:start", "Beheer"),
        Menuitem("beheerder:toegangslog", "Toegangslog"),
    ]

    startpaginas = {Rol.FUNCTIONEEL_BEHEERDER: "beheerder:start"}

    def ready(self) -> None:
        from mensenhandel import checks  # noqa: F401  (registers the system checks)
        from mensenhandel.onderdelen import registreren

        registreren()

        post_migrate.connect(_rollen_na_migratie, sender=self)
