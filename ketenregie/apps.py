from mensenhandel import onderdelen
from mensenhandel.onderdelen import Menuitem
from mensenhandel.rollen import Rol


def _perms(model: str, *acties: str) -> list[str]:
    return [f"ketenregie.{actie}_{model}" for actie in acties]


_WEGENKAART_LEZEN = [*_perms("partner", "view"), *_perms("contactpersoon", "view")]
_WEGENKAART_BEWERKEN = [
    *_WEGENKAART_LEZEN,
    *_perms("partner", "add", "change"),
    *_perms("contactpersoon", "add", "change", "delete"),
]
# What an AF keeps for their own gemeente: the AF network, the basisniveau, activities.
_GEMEENTE_BIJHOUDEN = [
    *_perms("aandachtsfunctionaris", "view", "add", "change"),
    *_perms("basisniveau", "view", "change"),
    *_perms("activiteit", "view", "add", "change"),
]
_OVERLEGGEN_LEZEN = [*_perms("overleg", "view"), *_perms("actiepunt", "view")]


# Why the network's and wegenkaart's contact data has no retention rule of its own.
BEROEP = (
    "Gegevens van professionals in hun rol, geen gegevens van betrokkenen; ze blijven zolang ze "
    "actueel zijn en worden door de ketenregisseur bijgewerkt of verwijderd."
)


class KetenregieConfig(onderdelen.Onderdeel):
    name = "ketenregie"
    verbose_name = "Ketenregie"
    logweergave = "ketenregie.logweergave.weergave"
    # The KR reaches the AF network, basisniveau, activities and knelpunten through the
    # ketenregie start page; an AF keeps the first three for their gemeente.
    navigatie = [
        Menuitem("ketenregie:start", "Ketenregie"),
        Menuitem("ketenregie:wegenkaart", "Wegenkaart"),
        Menuitem("ketenregie:netwerk", "AF-netwerk", frozenset({Rol.AANDACHTSFUNCTIONARIS})),
        Menuitem("ketenregie:basisniveau", "Basisniveau", frozenset({Rol.AANDACHTSFUNCTIONARIS})),
        Menuitem("ketenregie:activiteiten", "Activiteiten", frozenset({Rol.AANDACHTSFUNCTIONARIS})),
        Menuitem("ketenregie:overleggen", "Overleggen"),
        Menuitem("ketenregie:dashboard", "Dashboard"),
    ]
    startpaginas = {Rol.KETENREGISSEUR: "ketenregie:start"}
    # Loaded by `manage.py seed_demo` after the kernel's demo users exist.
    demo = "ketenregie.demo.demo_laden"
    # Care actions (zorgcoördinatie) and referrals (signalen) pick their partner from the
    # wegenkaart through the kernel (``mensenhandel.partners``), so neither imports us.
    partnerkeuzes = "ketenregie.selectors.wegenkaart.partnerkeuzes_voor"
    # What waits for a ketenregisseur ("Mijn werk"), one kind each (``mensenhandel.werk``).
    werk = ["ketenregie.werk.actiepunten_verlopen"]
    geen_bewaartermijn = {
        "ketenregie.aandachtsfunctionaris": BEROEP,
        "ketenregie.coordinatie": BEROEP,
        "ketenregie.partner": "Organisaties op de wegenkaart, geen persoonsgegevens.",
        "ketenregie.contactpersoon": BEROEP,
        "ketenregie.actiepunt": "Actiepunten van de regio; ze noemen een eigenaar in zijn rol.",
        "ketenregie.activiteit": "Activiteiten van de regio (trainingen, voorlichting), geen betrokkenen.",
        "ketenregie.basisniveau": "De stand van het basisniveau per gemeente.",
        "ketenregie.knelpunt": "Knelpunten in de keten, zonder casusgegevens.",
        "ketenregie.bijzonderheden": "Toelichting van de regio bij de rapportage, zonder casusgegevens.",
        "ketenregie.maandpublicatie": "Beschermde cijfers per maand; geen persoonsgegevens.",
        "ketenregie.overleg": "Overleggen van de keten (datum, soort, deelnemende organisaties).",
        "ketenregie.agendasignaal": (
            "Welk signaal op welke agenda stond: een verwijzing, geen inhoud (telt mee in de cijfers)."
        ),
    }
    # Every role reads the wegenkaart; the ketenregisseur and the functional administrator
    # keep it. AFs keep their gemeente's network, basisniveau and activities; AFs and
    # zorgcoördinatoren read the meetings of their region. The rest is the KR's.
    rol_permissies = {
        Rol.AANDACHTSFUNCTIONARIS: [*_WEGENKAART_LEZEN, *_GEMEENTE_BIJHOUDEN, *_OVERLEGGEN_LEZEN],
        Rol.ZORGCOORDINATOR: [*_WEGENKAART_LEZEN, *_OVERLEGGEN_LEZEN],
        Rol.KETENREGISSEUR: [
            *_WEGENKAART_BEWERKEN,
            *_GEMEENTE_BIJHOUDEN,
            *_perms("coordinatie", "view", "add", "change"),
            *_perms("overleg", "view", "add", "change"),
            *_perms("agendasignaal", "view", "add", "change", "delete"),
            *_perms("actiepunt", "view", "add", "change"),
            *_perms("knelpunt", "view", "add", "change"),
            *_perms("bijzonderheden", "view", "add", "change"),
        ],
        Rol.FUNCTIONEEL_BEHEERDER: _WEGENKAART_BEWERKEN,
    }

    def ready(self) -> None:
        super().ready()
        from mensenhandel.cijfers import bronnen_gewijzigd

        bronnen_gewijzigd.connect(_publicaties_vergeten, dispatch_uid="ketenregie-publicaties-vergeten")


def _publicaties_vergeten(sender: object, regio_pks: list[int], **kwargs: object) -> None:
    """Records left the figures (``mensenhandel.cijfers.bronnen_gewijzigd``): make the regio's
    publications of this month again on their next view."""
    from ketenregie.models import Maandpublicatie

    Maandpublicatie.objects.filter(regio_id__in=regio_pks).delete()
