from django.apps import AppConfig

from mensenhandel.rollen import Rol

_LEZEN = ["ketenregie.view_partner", "ketenregie.view_contactpersoon"]
_BEWERKEN = [
    *_LEZEN,
    "ketenregie.add_partner",
    "ketenregie.change_partner",
    "ketenregie.add_contactpersoon",
    "ketenregie.change_contactpersoon",
    "ketenregie.delete_contactpersoon",
]


class KetenregieConfig(AppConfig):
    name = "ketenregie"
    verbose_name = "Ketenregie"
    navigatie = [("ketenregie:start", "Ketenregie"), ("ketenregie:wegenkaart", "Wegenkaart")]
    startpaginas = {Rol.KETENREGISSEUR: "ketenregie:start"}
    # Loaded by `manage.py seed_demo` after the kernel's demo users exist.
    demo = "ketenregie.demo.demo_laden"
    # The wegenkaart is read by every role; the ketenregisseur and the functional
    # administrator keep it up to date.
    rol_permissies = {
        Rol.AANDACHTSFUNCTIONARIS: _LEZEN,
        Rol.ZORGCOORDINATOR: _LEZEN,
        Rol.KETENREGISSEUR: _BEWERKEN,
        Rol.FUNCTIONEEL_BEHEERDER: _BEWERKEN,
    }
