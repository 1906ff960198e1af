from django.apps import AppConfig

from mensenhandel.rollen import Rol


class ZorgcoordinatieConfig(AppConfig):
    name = "zorgcoordinatie"
    verbose_name = "Zorgcoördinatie"
    navigatie = [("zorgcoordinatie:start", "Zorgcoördinatie")]
    startpaginas = {Rol.ZORGCOORDINATOR: "zorgcoordinatie:start"}
    rol_permissies: dict = {}
