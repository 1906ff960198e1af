from django.apps import AppConfig

from mensenhandel.rollen import Rol


class SignalenConfig(AppConfig):
    name = "signalen"
    verbose_name = "Signalen en meldroute"
    navigatie = [("signalen:start", "Signalen")]
    startpaginas = {Rol.AANDACHTSFUNCTIONARIS: "signalen:start"}
    rol_permissies: dict = {}
