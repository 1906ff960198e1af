from django.apps import AppConfig

from mensenhandel.rollen import Rol


class KetenregieConfig(AppConfig):
    name = "ketenregie"
    verbose_name = "Ketenregie"
    navigatie = [("ketenregie:start", "Ketenregie")]
    startpaginas = {Rol.KETENREGISSEUR: "ketenregie:start"}
    rol_permissies: dict = {}
