from mensenhandel import onderdelen
from mensenhandel.onderdelen import Menuitem
from mensenhandel.rollen import Rol


class RapportageConfig(onderdelen.Onderdeel):
    name = "rapportage"
    verbose_name = "Halfjaarrapportage"
    navigatie = [Menuitem("rapportage:start", "Rapportages")]
    logweergave = "rapportage.logweergave.weergave"
    # Only the ketenregisseur makes, reads, vaststelt and deletes the reports of their regio's.
    rol_permissies = {
        Rol.KETENREGISSEUR: [f"rapportage.{actie}_rapport" for actie in ("view", "add", "change", "delete")],
    }
    # A report ready and not yet downloaded by this ketenregisseur ("Mijn werk", ``mensenhandel.werk``).
    werk = ["rapportage.werk.rapporten_klaar"]
    geen_bewaartermijn = {
        "rapportage.rapportopening": (
            "Welke ketenregisseur een rapportage downloadde (voor het werkoverzicht); verdwijnt met de "
            "rapportage."
        ),
        "rapportage.rapport": (
            "Halfjaarrapportages: beschermde cijfers per regio, geen persoonsgegevens; de ketenregisseur "
            "verwijdert een versie."
        ),
    }

    def ready(self) -> None:
        super().ready()
        # Register the tasks with Celery in every process (web, worker, shell): the services
        # send ``rapport_maken`` by its name (``rapportage.services.versturen``).
        import rapportage.tasks  # noqa: F401
