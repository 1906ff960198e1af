from django.apps import AppConfig

from mensenhandel.rollen import Rol


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Halfjaarrapportage"
    navigatie = [("rapportage:start", "Rapportages")]
    # Only the ketenregisseur makes, reads, vaststelt and deletes the reports of their regio's.
    rol_permissies = {
        Rol.KETENREGISSEUR: [f"rapportage.{actie}_rapport" for actie in ("view", "add", "change", "delete")],
    }
    startpaginas: dict = {}
