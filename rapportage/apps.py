from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Halfjaarrapportage"
    navigatie = [("rapportage:start", "Rapportages")]
    rol_permissies: dict = {}
    startpaginas: dict = {}
