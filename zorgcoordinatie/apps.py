from mensenhandel import onderdelen
from mensenhandel.onderdelen import Menuitem
from mensenhandel.rollen import Rol

_ZC_MODELLEN = ["aanmelding", "client", "traject", "intakebehoefte", "zorgactie", "zorgoverleg", "afspraak"]


class ZorgcoordinatieConfig(onderdelen.Onderdeel):
    name = "zorgcoordinatie"
    verbose_name = "Zorgcoördinatie"
    navigatie = [Menuitem("zorgcoordinatie:start", "Zorgcoördinatie")]
    startpaginas = {Rol.ZORGCOORDINATOR: "zorgcoordinatie:start"}
    demo = "zorgcoordinatie.demo.demo_laden"
    bewaarregels = "zorgcoordinatie.bewaren.regels"
    inzage = "zorgcoordinatie.inzage.Clientinzage"
    logweergave = "zorgcoordinatie.logweergave.weergave"
    # What waits for a zorgcoördinator ("Mijn werk"), one kind each (``mensenhandel.werk``).
    werk = [
        "zorgcoordinatie.werk.aanmeldingen_uit_signalen",
        "zorgcoordinatie.werk.directe_aanmeldingen",
        "zorgcoordinatie.werk.evaluaties_verlopen",
        "zorgcoordinatie.werk.bedenktijd_eindigt",
        "zorgcoordinatie.werk.zorgacties_zonder_voortgang",
        "zorgcoordinatie.werk.afspraken_verlopen",
    ]
    geen_bewaartermijn = {"zorgcoordinatie.dossierteller": "Een teller per jaar."}
    rol_permissies = {
        Rol.ZORGCOORDINATOR: [
            f"zorgcoordinatie.{actie}_{model}"
            for model in _ZC_MODELLEN
            for actie in ("view", "add", "change")
        ],
        Rol.KETENREGISSEUR: ["zorgcoordinatie.view_traject"],
    }
