"""Factories for aanmeldingen, clients and trajectories, creating data through the services.

Every row comes from ``zorgcoordinatie.services`` as a view would create it: the dossier
number, the history with the acting user, the referral's feedback and the version all
come from the real path. Values are deterministic: no Faker, only fixed values and
sequences, and dates relative to today.

    AanmeldingFactory(door=zc)                               # a direct aanmelding (police)
    TrajectFactory(door=zc)                                  # accepted from a direct aanmelding
    TrajectFactory(door=zc, af=af, uit_signaal=True)         # ... from a signal the AF referred
    TrajectFactory(door=zc, hulpverlening=True)              # intake and hulpverlening both open
    TrajectFactory(door=zc, afronding=True, criteria_voldaan=True)
    TrajectFactory(door=zc, bedenktijd=True, in_opvang=True, aangifte=True)
    ClientGegevensFactory(minderjarig=True)                  # the ``client_gegevens`` dict

The created trajectory carries ``.aanmelding`` (the answered aanmelding) and, from a
signal, ``.signaal`` and ``.doorverwijzing``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol
from mensenhandel.toegang import regios_van
from signalen.models import Bestemming
from tests.conftest import maak_gebruiker
from tests.signalen.factories import SignaalFactory
from zorgcoordinatie import services
from zorgcoordinatie.models import Aanmelding, Client, Traject

# The phases a factory can take a new trajectory to, in order.
FASEN = ("hulpverlening", "intake_afgerond", "afronding", "afgesloten")


def vandaag() -> date:
    return timezone.localdate()


def _eerste_regio(door: Gebruiker) -> Regio:
    return regios_van(door).order_by("naam").first()


class ClientGegevensFactory(factory.DictFactory):
    """The ``client_gegevens`` of a new client, as the acceptance form would pass them.

    ``verantwoordelijke_gemeente`` is required by the model; ``TrajectFactory`` fills in
    the first gemeente of the regio when it is missing.
    """

    naam = factory.Sequence(lambda n: f"Testcliënt Nummer{n}")
    geslacht = Client.Geslacht.VROUW
    geboortedatum = factory.Sequence(lambda n: date(1995, 3, 1) + timedelta(days=n))
    nationaliteiten = "Roemeens"
    taal = "Roemeens"
    tolk_nodig = True
    verblijfsstatus = Client.Verblijfsstatus.EU
    mag_bellen = True
    veilige_tijden = "Doordeweeks na 19.00 uur"
    nooit_via = "De werkgever"

    class Params:
        # Seventeen today: a minor.
        minderjarig = factory.Trait(
            geboortedatum=factory.LazyFunction(lambda: vandaag() - timedelta(days=17 * 365 + 30))
        )
        zonder_geboortedatum = factory.Trait(geboortedatum=None)


class AanmeldingFactory(factory.Factory):
    """A direct aanmelding entered by ``door`` (a zorgcoördinator) with ``aanmelding_invoeren``."""

    class Meta:
        model = Aanmelding

    door = None  # required: the zorgcoördinator who enters it
    regio = factory.LazyAttribute(lambda o: _eerste_regio(o.door))
    bron = Aanmelding.Bron.POLITIE
    bronorganisatie = "Politie Midden-Nederland, team AVIM"
    datum = factory.LazyFunction(lambda: vandaag() - timedelta(days=1))
    omschrijving = factory.Sequence(lambda n: f"Testaanmelding {n}: vrouw aangetroffen bij controle.")
    formuliertoken = None

    @classmethod
    def _build(cls, model_class, *args, door, **gegevens):
        return model_class(ingevoerd_door=door, **gegevens)

    @classmethod
    def _create(cls, model_class, *args, door, **gegevens):
        return services.aanmelding_invoeren(door=door, **gegevens)[0]


def _fase(traject: Traject, door: Gebruiker, extracted: str | None) -> Traject:
    """Take an accepted trajectory through its phases with ``fase_wijzigen``."""
    if not extracted:
        return traject
    if extracted not in FASEN:
        raise ValueError(f"Onbekende fase {extracted!r}; kies uit {', '.join(FASEN)}.")
    stappen = [("hulpverlening", "starten")]
    if extracted in ("intake_afgerond", "afronding", "afgesloten"):
        stappen.append(("intake", "beeindigen"))
    if extracted in ("afronding", "afgesloten"):
        stappen.append(("afronding", "starten"))
    for fase, actie in stappen:
        traject = services.fase_wijzigen(
            traject=traject, door=door, fase=fase, actie=actie, datum=vandaag(), versie=traject.versie
        )
    return traject


class TrajectFactory(factory.Factory):
    """A trajectory accepted by ``door`` (a zorgcoördinator) with ``aanmelding_accepteren``.

    By default from a direct aanmelding (``AanmeldingFactory``); with ``uit_signaal=True``
    from a signal that ``af`` referred to the zorgcoördinator of the regio. Pillars and
    closure criteria are set with ``traject_bijwerken``, phases with ``fase_wijzigen``;
    the ``afgesloten`` phase closes on criteria (and so sets ``criteria_voldaan``).
    """

    class Meta:
        model = Traject

    door = None  # required: the accepting zorgcoördinator, who becomes responsible
    af = None  # with uit_signaal: the aandachtsfunctionaris who registers and refers
    bron = "aanmelding"  # or "signaal"
    signaal_kenmerken = factory.LazyFunction(dict)  # extra SignaalFactory arguments
    client = None  # an existing client to link instead of creating one
    client_gegevens = factory.SubFactory(ClientGegevensFactory)
    achtervang = None
    fase = None  # one of FASEN, usually set through a trait
    opvang_pijler = factory.LazyFunction(dict)
    verblijf_pijler = factory.LazyFunction(dict)
    strafrecht_pijler = factory.LazyFunction(dict)
    criteria = factory.LazyFunction(dict)
    volgende_evaluatie = factory.LazyFunction(lambda: vandaag() + timedelta(days=28))

    class Params:
        uit_signaal = factory.Trait(bron="signaal")
        # Phases, through the services:
        hulpverlening = factory.Trait(fase="hulpverlening")
        intake_afgerond = factory.Trait(fase="intake_afgerond")
        afronding = factory.Trait(fase="afronding")
        afgesloten = factory.Trait(fase="afgesloten")
        # Pillars:
        in_opvang = factory.Trait(
            opvang_pijler=factory.LazyFunction(
                lambda: {"opvang": Traject.Opvang.COSM, "opvang_start": vandaag() - timedelta(days=20)}
            )
        )
        bedenktijd = factory.Trait(
            verblijf_pijler=factory.LazyFunction(
                lambda: {
                    "verblijf": Traject.Verblijf.BEDENKTIJD,
                    "bedenktijd_start": vandaag() - timedelta(days=20),
                }
            )
        )
        aangifte = factory.Trait(
            strafrecht_pijler=factory.LazyFunction(
                lambda: {
                    "strafrecht": Traject.Strafrecht.AANGIFTE,
                    "aangifte_op": vandaag() - timedelta(days=10),
                    "strafrecht_contact": "Politie, team AVIM, rechercheur De Boer",
                }
            )
        )
        criteria_voldaan = factory.Trait(
            criteria={
                "kent_verblijfsstappen": True,
                "kent_rechten_voorzieningen": True,
                "weet_waar_hulp": True,
            }
        )

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        # A trajectory exists only by accepting an aanmelding: there is no unsaved one.
        raise TypeError("TrajectFactory maakt trajecten alleen via de services: gebruik create().")

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        door,
        af,
        bron,
        signaal_kenmerken,
        client,
        client_gegevens,
        achtervang,
        fase,
        opvang_pijler,
        verblijf_pijler,
        strafrecht_pijler,
        criteria,
        volgende_evaluatie,
    ):
        signaal = doorverwijzing = aanmelding = None
        if bron == "signaal":
            if af is None:
                raise ValueError("Geef de aandachtsfunctionaris (af=...) voor een traject uit een signaal.")
            signaal = SignaalFactory(door=af, doorverwezen_zc=True, **signaal_kenmerken)
            doorverwijzing = signaal.doorverwijzingen.get(bestemming=Bestemming.ZORGCOORDINATOR)
            regio = doorverwijzing.regio
        else:
            aanmelding = AanmeldingFactory(door=door)
            regio = aanmelding.regio
        if client is None:
            client_gegevens = dict(client_gegevens)
            client_gegevens.setdefault("verantwoordelijke_gemeente", regio.gemeenten.order_by("naam").first())
        traject = services.aanmelding_accepteren(
            door=door,
            aanmelding=aanmelding,
            doorverwijzing=doorverwijzing,
            client=client,
            client_gegevens=None if client is not None else client_gegevens,
            achtervang=achtervang,
        )
        if fase == "afgesloten":
            criteria = {
                "kent_verblijfsstappen": True,
                "kent_rechten_voorzieningen": True,
                "weet_waar_hulp": True,
                **criteria,
            }
        gegevens: dict[str, Any] = {
            **opvang_pijler,
            **verblijf_pijler,
            **strafrecht_pijler,
            **criteria,
            "volgende_evaluatie": volgende_evaluatie,
        }
        traject = services.traject_bijwerken(
            traject=traject, door=door, gegevens=gegevens, versie=traject.versie
        )
        traject = _fase(traject, door, fase)
        if fase == "afgesloten":
            traject = services.traject_afsluiten(
                traject=traject, door=door, reden=Traject.Afsluitreden.CRITERIA, versie=traject.versie
            )
        traject = Traject.objects.select_related("client", "regio").get(pk=traject.pk)
        traject.aanmelding = traject.aanmeldingen.get()
        traject.signaal = signaal
        traject.doorverwijzing = doorverwijzing
        return traject


def tweede_zorgcoordinator(regio: Regio, naam: str = "zc2") -> Gebruiker:
    """Another zorgcoördinator of the same regio (for a backup, or a colleague)."""
    return maak_gebruiker(f"{naam}@test.example", Rol.ZORGCOORDINATOR, regios=[regio])


def eerste_gemeente(regio: Regio) -> Gemeente:
    return regio.gemeenten.order_by("naam").first()
