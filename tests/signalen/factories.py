"""Factories for signals and persons involved, creating data through the services.

Signals are registered with ``services.signaal_registreren`` (reference, form token,
identifiers for stacking and the timeline all come from the real path) and taken along
the meldroute with the services too. Values are deterministic: no Faker, only fixed
values and sequences, so a failing test fails the same way every run.

    SignaalFactory(door=af)                                 # a new signal in the AF's gemeente
    SignaalFactory(door=af, gewogen=True)                   # ... taken to 'gewogen'
    SignaalFactory(door=af, doorverwezen_zc=True)           # ... referred to the zorgcoördinator
    SignaalFactory(door=af, personen=[PersoonGegevensFactory(volledig=True)])
    signaal_gegevens(door=af, acuut=True)                   # the ``gegevens`` dict for the service
    BetrokkenPersoonFactory(signaal=signaal, alleen_telefoon=True)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from mensenhandel.toegang import gemeenten_van_af
from signalen import services
from signalen.models import (
    Bestemming,
    BetrokkenPersoon,
    Bron,
    JaNeeOnbekend,
    Reikwijdte,
    Risico,
    Sector,
    Signaal,
)

# The meldroute steps a factory can take a new signal through, in order.
ROUTES = ("in_onderzoek", "gewogen", "besloten", "doorverwezen_zc", "lopend", "afgesloten")


def _gisteren_min(dagen: int) -> date:
    return timezone.localdate() - timedelta(days=dagen)


def _route(signaal: Signaal, extracted: str | None) -> None:
    """Take a registered signal along the meldroute through the services."""
    if not extracted:
        return
    if extracted not in ROUTES:
        raise ValueError(f"Onbekende route {extracted!r}; kies uit {', '.join(ROUTES)}.")
    door = signaal.geregistreerd_door
    services.notitie_toevoegen(signaal=signaal, door=door, tekst="Navraag gedaan bij handhaving.")
    if extracted == "in_onderzoek":
        signaal.refresh_from_db()
        return
    signaal.refresh_from_db()
    services.signaal_wegen(
        signaal=signaal,
        door=door,
        aard="Mogelijke arbeidsuitbuiting",
        ernst="Meerdere mensen wonen op de werkplek",
        risico=Risico.MIDDEN,
        onderbouwing="Meerdere indicatoren uit de groepen huisvesting en werk en geld.",
        versie=signaal.versie,
    )
    signaal.refresh_from_db()
    besluit: dict[str, Any] = {}
    if extracted == "besloten":
        besluit = {"zelf_hulp": True}
    elif extracted == "doorverwezen_zc":
        regio = signaal.gemeente.regios.order_by("naam").first()
        besluit = {"verwijzingen": [services.Verwijzing(Bestemming.ZORGCOORDINATOR, regio=regio)]}
    elif extracted == "lopend":
        besluit = {"monitoren_tot": timezone.localdate() + timedelta(days=30)}
    elif extracted == "afgesloten":
        besluit = {
            "afsluitreden": services.Afsluitreden.TE_WEINIG,
            "afsluittoelichting": "Geen aanknopingspunten na navraag.",
        }
    if besluit:
        services.besluit_nemen(
            signaal=signaal, door=door, versie=signaal.versie, **{"verwijzingen": [], **besluit}
        )
    signaal.refresh_from_db()


class PersoonGegevensFactory(factory.DictFactory):
    """The ``gegevens`` of one person involved, as a form would pass them to the services."""

    soort = BetrokkenPersoon.Soort.SLACHTOFFER
    naam = factory.Sequence(lambda n: f"Testpersoon Nummer{n}")

    class Params:
        dader = factory.Trait(soort=BetrokkenPersoon.Soort.DADER)
        # Name, date of birth, phone, address and licence plate: every identifier.
        volledig = factory.Trait(
            geboortedatum=factory.Sequence(lambda n: date(1990, 1, 1) + timedelta(days=n)),
            telefoon=factory.Sequence(lambda n: f"06 {30000000 + n}"),
            geslacht=BetrokkenPersoon.Geslacht.VROUW,
            nationaliteit="Pools",
            postcode="1211 AB",
            huisnummer=factory.Sequence(lambda n: str(n + 1)),
            kenteken=factory.Sequence(lambda n: f"{n % 100:02d}-XYZ-{n % 10}"),
        )
        met_geboortedatum = factory.Trait(
            geboortedatum=factory.Sequence(lambda n: date(1990, 1, 1) + timedelta(days=n))
        )
        met_telefoon = factory.Trait(telefoon=factory.Sequence(lambda n: f"06 {30000000 + n}"))
        alleen_telefoon = factory.Trait(naam="", telefoon=factory.Sequence(lambda n: f"06 {40000000 + n}"))
        alleen_alias = factory.Trait(naam="", alias=factory.Sequence(lambda n: f"Bijnaam{n}"))
        # Nothing that identifies: only a role and an estimated age.
        anoniem = factory.Trait(naam="", geschatte_leeftijd=25)


class BetrokkenPersoonFactory(PersoonGegevensFactory):
    """A person added to an existing signal with ``services.persoon_toevoegen``."""

    class Meta:
        model = BetrokkenPersoon

    signaal = None  # required: the signal the person belongs to
    door = factory.LazyAttribute(lambda o: o.signaal.geregistreerd_door)

    @classmethod
    def _build(cls, model_class, *args, signaal, door, **gegevens):
        return model_class(signaal=signaal, **gegevens)

    @classmethod
    def _create(cls, model_class, *args, signaal, door, **gegevens):
        persoon, stapeling = services.persoon_toevoegen(signaal=signaal, door=door, gegevens=gegevens)
        persoon.stapeling = stapeling
        return persoon


class SignaalFactory(factory.Factory):
    """A signal registered by ``door`` (an AF) through ``services.signaal_registreren``.

    The created signal carries ``.stapeling`` (what stacking found on registration).
    """

    class Meta:
        model = Signaal

    door = None  # required: the aandachtsfunctionaris who registers
    gemeente = factory.LazyAttribute(lambda o: gemeenten_van_af(o.door).order_by("naam").first())
    datum_waargenomen = factory.LazyFunction(lambda: _gisteren_min(7))
    locatie = factory.Sequence(lambda n: f"Bedrijfspand Industrieweg {n}")
    sector = Sector.HORECA
    bron = Bron.HANDHAVING
    melder_contact = "Team handhaving, 035 000 0000"
    arbeidsuitbuiting = True
    migratiecomponent = False
    reikwijdte = Reikwijdte.BINNENLANDS
    omschrijving = factory.Sequence(lambda n: f"Testsignaal {n}: medewerkers slapen in het pand.")
    minderjarige_betrokken = JaNeeOnbekend.NEE
    personen = factory.LazyFunction(list)
    indicatoren = factory.LazyFunction(list)
    formuliertoken = None
    route = None  # one of ROUTES, usually set through a trait

    class Params:
        acuut = factory.Trait(acuut_gevaar=True, alarmnummer_gebeld=True)
        seksueel = factory.Trait(
            seksuele_uitbuiting=True, arbeidsuitbuiting=False, sector=Sector.PROSTITUTIE_ONVERGUND
        )
        crimineel = factory.Trait(criminele_uitbuiting=True, arbeidsuitbuiting=False, sector=Sector.OVERIG)
        minderjarig = factory.Trait(minderjarige_betrokken=JaNeeOnbekend.JA)
        grensoverschrijdend = factory.Trait(migratiecomponent=True, reikwijdte=Reikwijdte.GRENSOVERSCHRIJDEND)
        # Along the meldroute, through the services:
        in_onderzoek = factory.Trait(route="in_onderzoek")
        gewogen = factory.Trait(route="gewogen")
        besloten = factory.Trait(route="besloten")
        doorverwezen_zc = factory.Trait(route="doorverwezen_zc")
        lopend = factory.Trait(route="lopend")
        afgesloten = factory.Trait(route="afgesloten")

    @classmethod
    def _build(cls, model_class, *args, door, personen, indicatoren, formuliertoken, route, **gegevens):
        return model_class(geregistreerd_door=door, **gegevens)

    @classmethod
    def _create(cls, model_class, *args, door, personen, indicatoren, formuliertoken, route, **gegevens):
        signaal, stapeling, _ = services.signaal_registreren(
            door=door,
            gegevens=gegevens,
            indicatoren=indicatoren,
            personen=personen,
            formuliertoken=formuliertoken,
        )
        _route(signaal, route)
        signaal.stapeling = stapeling
        return signaal


def signaal_gegevens(**kwargs: Any) -> dict[str, Any]:
    """The ``gegevens`` dict for ``signaal_registreren``, with the factory's defaults and traits.

    ``door`` (or ``gemeente``) is needed to choose the gemeente; nothing is saved.
    """
    kwargs.setdefault("door", None)
    stub = SignaalFactory.stub(**kwargs)
    return {k: v for k, v in vars(stub).items() if k in services.SIGNAALVELDEN}
