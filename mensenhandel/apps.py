from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate

from mensenhandel import onderdelen
from mensenhandel.onderdelen import Menuitem
from mensenhandel.rollen import Rol


def _rollen_na_migratie(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Permissions of every app are created by their own post_migrate handlers; make sure
    # they exist before the role groups are filled, whatever order the handlers run in.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)

    from mensenhandel.services import rollen_synchroniseren
    from mensenhandel.toegangslog import termijn_vastleggen

    rollen_synchroniseren()
    termijn_vastleggen()


def _werk_vergeten(sender: object, user: Any, **kwargs: Any) -> None:
    # A start page section or menu count kept from an earlier session is not shown. Nothing is
    # counted here: the start page the login leads to counts (``mensenhandel.werk.startwerk``) and
    # fills the menu's count with it; a count made here was read again there (issue 12).
    from mensenhandel.werk import vergeten

    vergeten(user)


class MensenhandelConfig(onderdelen.Onderdeel):
    name = "mensenhandel"
    verbose_name = "Kern: gebruikers, rollen, gemeenten en regio's"

    # Navigation items this app offers: (url name, label). The menu shows an item only
    # when the view's own access declaration admits the user (see context_processors).
    navigatie = [
        # The page answers every role (an empty list for those without work); the menu offers it
        # to the roles that apps give work (the count is added by ``context_processors``).
        Menuitem(
            "werk",
            "Mijn werk",
            frozenset({Rol.AANDACHTSFUNCTIONARIS, Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR}),
        ),
        Menuitem("beheerder:start", "Beheer"),
        Menuitem("beheerder:gebruikers", "Gebruikers"),
        Menuitem("beheerder:toegangslog", "Toegangslog"),
        Menuitem("fg:start", "Afwijkende toegang"),
        Menuitem("fg:inzage", "Inzageverzoeken", frozenset({Rol.PRIVACYFUNCTIONARIS})),
    ]

    logweergave = "mensenhandel.logweergave.kernel"

    startpaginas = {Rol.FUNCTIONEEL_BEHEERDER: "beheerder:start", Rol.PRIVACYFUNCTIONARIS: "fg:start"}

    geen_bewaartermijn = {
        "mensenhandel.gebruiker": (
            "Accounts van medewerkers: worden uitgezet, niet verwijderd, omdat het toegangslog en de "
            "historie naar ze verwijzen."
        ),
        "mensenhandel.gemeente": "Referentiegegevens (CBS), geen persoonsgegevens.",
        "mensenhandel.regio": "Inrichting van de samenwerking, geen persoonsgegevens.",
        "mensenhandel.organisatie": "Organisaties, geen persoonsgegevens.",
        "mensenhandel.meldingsvoorkeur": "Hoe een medewerker over werk gemaild wil worden (zie gebruiker).",
        "mensenhandel.melding": (
            "Welke mail over wachtend werk een medewerker kreeg (periode en aantal, geen inhoud): "
            "voorkomt dubbele mails; de nachtelijke taak ruimt hem na 90 dagen op, en met het "
            "account gaat hij weg (zie gebruiker)."
        ),
        "mensenhandel.gemeentegebruikerpermissie": "Het bereik van een medewerker (zie gebruiker).",
        "mensenhandel.regiogebruikerpermissie": "Het bereik van een medewerker (zie gebruiker).",
        "mensenhandel.toegangslog": (
            "Het toegangslog: het bewijs van wie welke gegevens inzag, ook na vernietiging van die "
            "gegevens; bevat ids, geen inhoud. Heeft een eigen termijn (TOEGANGSLOG_BEWAARTERMIJN_MAANDEN, "
            "mensenhandel.toegangslog) die de database zelf bewaakt."
        ),
        "mensenhandel.toegangslogtermijn": "De bewaartermijn van het toegangslog zelf.",
        "mensenhandel.toegangswijziging": "Het spoor van rollen en bereik van medewerkers (zie gebruiker).",
        "mensenhandel.uitnodiging": (
            "Uitnodigingen van medewerkers (zie gebruiker): wie wie wanneer uitnodigde, met alleen een hash "
            "van de link, die na gebruik, intrekken of verlopen niets meer opent."
        ),
        "mensenhandel.bewaartermijn": "De bewaartermijnen zelf.",
        "mensenhandel.afwijkingsdrempels": "De drempels van de privacyfunctionaris.",
        "mensenhandel.inzageverzoek": (
            "Een inzageverzoek noemt geen naam of geboortedatum: alleen het kenmerk, wanneer en door wie "
            "het is afgehandeld en verwijzingen naar de gevonden gegevens (verantwoording, art. 5 lid 2 "
            "en 12 AVG); wat vernietigd is, is er daarna niet meer mee te vinden."
        ),
        "mensenhandel.bewaarblokkade": (
            "Een blokkade noemt alleen de referentie van een gegeven en de reden; zij vervalt op haar "
            "einddatum en blijft als verantwoording van waarom iets langer bewaard bleef."
        ),
    }

    def ready(self) -> None:
        from mensenhandel import checks  # noqa: F401  (registers the system checks)
        from mensenhandel.onderdelen import registreren

        registreren()

        post_migrate.connect(_rollen_na_migratie, sender=self)
        user_logged_in.connect(_werk_vergeten, dispatch_uid="mensenhandel-werk-vergeten")
