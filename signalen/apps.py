from mensenhandel import onderdelen
from mensenhandel.onderdelen import Menuitem
from mensenhandel.rollen import Rol


class SignalenConfig(onderdelen.Onderdeel):
    name = "signalen"
    verbose_name = "Signalen en meldroute"
    navigatie = [
        Menuitem("signalen:start", "Signalen"),
        Menuitem("signalen:wisverzoeken", "Wisverzoeken", frozenset({Rol.FUNCTIONEEL_BEHEERDER})),
        Menuitem("signalen:treffers", "Treffers", frozenset({Rol.KETENREGISSEUR})),
    ]
    startpaginas = {Rol.AANDACHTSFUNCTIONARIS: "signalen:start"}
    # Loaded by `manage.py seed_demo` after the kernel's demo users exist.
    demo = "signalen.demo.demo_laden"
    bewaarregels = "signalen.bewaren.regels"
    # What waits for an aandachtsfunctionaris ("Mijn werk"), one kind each (``mensenhandel.werk``).
    werk = [
        "signalen.werk.nieuws",
        "signalen.werk.terugkoppeling_te_laat",
        "signalen.werk.melder_terugkoppeling",
        "signalen.werk.opnieuw_bekijken",
        "signalen.werk.treffers_elders",
        "signalen.werk.contactverzoeken",
    ]
    inzage = "signalen.inzage.Signaalinzage"
    logweergave = "signalen.logweergave.weergave"
    geen_bewaartermijn = {
        "signalen.indicator": "De lijst van indicatoren, geen persoonsgegevens.",
        "signalen.referentieteller": "Een teller per jaar.",
        "signalen.wisverzoek": (
            "De verantwoording van een gewist signaal: referentie, gemeente, datum, reden en wie besloot. "
            "Blijft als bewijs van de vernietiging."
        ),
        "signalen.contactverzoek": (
            "Wie over welk stapelpaar om contact vroeg, aan wie, en het antwoord; geen gegevens van de "
            "persoon en geen vrije tekst (hoort bij de stapelparen)."
        ),
        "signalen.koppeling": (
            "Welke twee signalen op welke soort gegeven overeenkwamen en hoe dat is beoordeeld; geen "
            "gegevens van de persoon (telt mee in de stapelcijfers)."
        ),
    }
    rol_permissies = {
        Rol.AANDACHTSFUNCTIONARIS: [
            "signalen.view_signaal",
            "signalen.add_signaal",
            "signalen.change_signaal",
            "signalen.view_betrokkenpersoon",
            "signalen.add_betrokkenpersoon",
            "signalen.change_betrokkenpersoon",
            "signalen.delete_betrokkenpersoon",
            "signalen.add_notitie",
            "signalen.add_melderterugkoppeling",
            "signalen.view_doorverwijzing",
            "signalen.add_doorverwijzing",
            "signalen.change_doorverwijzing",
            "signalen.view_koppeling",
            "signalen.change_koppeling",
        ],
        Rol.ZORGCOORDINATOR: [
            "signalen.view_signaal",
            "signalen.view_betrokkenpersoon",
            "signalen.view_doorverwijzing",
            "signalen.change_doorverwijzing",
        ],
        Rol.KETENREGISSEUR: ["signalen.view_signaal"],
        Rol.FUNCTIONEEL_BEHEERDER: [
            "signalen.view_indicator",
            "signalen.add_indicator",
            "signalen.change_indicator",
        ],
    }
