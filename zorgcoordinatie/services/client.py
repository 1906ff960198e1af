"""The client: dossier numbers, their data and the consent for CoMensha."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.acties import Geweigerd, VersieConflict
from mensenhandel.inzage import CORRECTIE
from mensenhandel.models import Gebruiker
from signalen.models import BetrokkenPersoon, Identificator
from signalen.services import identificatoren_van
from zorgcoordinatie.models import Client, Clientnaam, ComenshaExport, ComenshaVeld, Dossierteller, namen_van
from zorgcoordinatie.selectors import mag_traject_bewerken
from zorgcoordinatie.services.basis import _opslaan, beperking_controleren
from zorgcoordinatie.services.gegevens import CLIENTVELDEN, ClientGegevens


def _volgend_dossiernummer() -> str:
    jaar = timezone.localdate().year
    teller, _ = Dossierteller.objects.select_for_update().get_or_create(jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"Z-{jaar}-{teller.laatste:04d}"


def _client_valideren(client: Client) -> None:
    if client.geboortedatum:
        vandaag = timezone.localdate()
        if client.geboortedatum > vandaag:
            raise ValidationError({"geboortedatum": "Een geboortedatum kan niet in de toekomst liggen."})
        if client.geboortedatum.year < vandaag.year - 110:
            raise ValidationError(
                {"geboortedatum": "Deze geboortedatum is niet aannemelijk; controleer het jaar."}
            )


def clientsleutel(naam: str, geboortedatum: date | None) -> str:
    """The keyed hash of a name and date of birth that stacking makes of a person with them
    (``identificatoren_van``): case, accents, tussenvoegsels and word order make no difference.
    Empty unless both are known."""
    paren = dict(identificatoren_van(BetrokkenPersoon(naam=naam, geboortedatum=geboortedatum)))
    return paren.get(Identificator.Soort.NAAM_GEBOORTEDATUM, "")


def naamsleutel(naam: str) -> str:
    """The keyed hash that stacking makes of a name alone (``identificatoren_van``); empty when
    nothing of the name is left after normalising."""
    paren = dict(identificatoren_van(BetrokkenPersoon(naam=naam)))
    return paren.get(Identificator.Soort.NAAM, "")


def _opslaan_met_sleutels(client: Client, door: Gebruiker) -> None:
    """Save the client with the keys that find it again: the key of name and date of birth
    (an aanmelding of someone already known) and a ``Clientnaam`` per name and alias (the
    zorgcoördinator's search), from the data as saved."""
    client.sleutel_naam_geboortedatum = clientsleutel(client.naam, client.geboortedatum)
    _opslaan(client, door)
    sleutels = {h for h in map(naamsleutel, namen_van(client)) if h}
    Clientnaam.objects.filter(client=client).exclude(waarde_hash__in=sleutels).delete()
    bestaand = set(Clientnaam.objects.filter(client=client).values_list("waarde_hash", flat=True))
    Clientnaam.objects.bulk_create(
        Clientnaam(client=client, waarde_hash=h) for h in sorted(sleutels - bestaand)
    )


def _client_maken(gegevens: ClientGegevens, door: Gebruiker) -> Client:
    client = Client(**{k: v for k, v in gegevens.items() if k in CLIENTVELDEN})
    _client_valideren(client)
    client.dossiernummer = _volgend_dossiernummer()
    _opslaan_met_sleutels(client, door)
    return client


def client_bijwerken(
    *, client: Client, door: Gebruiker, gegevens: ClientGegevens, versie: int, correctie: bool = False
) -> Client:
    """Change the client's data; ``correctie``: at the client's request (art. 16 AVG), which the
    history records as such."""
    beperking_controleren(client)
    trajecten = client.trajecten.all()
    if not any(mag_traject_bewerken(door, t) for t in trajecten):
        raise Geweigerd("Alleen de verantwoordelijke zorgcoördinator of de achtervang wijzigt deze cliënt.")
    with transaction.atomic():
        actueel = Client.objects.select_for_update().get(pk=client.pk)
        if actueel.versie != versie:
            raise VersieConflict(
                "Iemand anders heeft deze cliënt intussen gewijzigd. Uw invoer staat hieronder nog; "
                "bekijk de nieuwe versie en voer uw wijziging opnieuw in."
            )
        for veld, waarde in gegevens.items():
            if veld in CLIENTVELDEN:
                setattr(actueel, veld, waarde)
        _client_valideren(actueel)
        actueel.versie += 1
        if correctie:
            actueel._change_reason = CORRECTIE  # type: ignore[attr-defined]  # read by simple_history
        _opslaan_met_sleutels(actueel, door)
    return actueel


def comensha_toestemming_vastleggen(
    *,
    client: Client,
    door: Gebruiker,
    toestemming: str,
    datum: date | None,
    velden: Sequence[str] = (),
) -> Client:
    """Record the client's answer and, with consent, the personal data they agreed to share
    (``ComenshaVeld`` codes): the registration holds exactly those."""
    beperking_controleren(client)
    if not any(mag_traject_bewerken(door, t) for t in client.trajecten.all()):
        raise Geweigerd("Alleen de verantwoordelijke zorgcoördinator of de achtervang legt dit vast.")
    fouten: dict[str, str] = {}
    if toestemming != Client.Toestemming.NIET_GEVRAAGD and datum is None:
        fouten["datum"] = "Vul de datum in waarop de toestemming is gevraagd."
    if datum and datum > timezone.localdate():
        fouten["datum"] = "Deze datum ligt in de toekomst."
    if not set(velden) <= set(ComenshaVeld.values):
        fouten["velden"] = "Kies alleen gegevens uit de lijst."
    elif toestemming == Client.Toestemming.GEGEVEN and not velden:
        fouten["velden"] = "Kies de gegevens waarvoor de cliënt toestemming gaf."
    elif toestemming != Client.Toestemming.GEGEVEN and velden:
        fouten["velden"] = "Zonder toestemming worden geen gegevens gedeeld: vink ze uit."
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        actueel = Client.objects.select_for_update().get(pk=client.pk)
        actueel.comensha_toestemming = toestemming
        actueel.comensha_toestemming_op = datum
        actueel.comensha_velden = [v for v in ComenshaVeld.values if v in set(velden)]  # form order
        actueel.versie += 1
        _opslaan(actueel, door)
    return actueel


MET_TOESTEMMING = "met toestemming"


def comensha_export_vastleggen(
    *, client: Client, door: Gebruiker, registratie: dict[str, str]
) -> ComenshaExport:
    """Record on the client that ``registratie`` (from ``comensha_registratie``) was downloaded."""
    return ComenshaExport.objects.create(
        client=client,
        door=door,
        met_toestemming=registratie["registratie"] == MET_TOESTEMMING,
        velden=[v for v in ComenshaVeld.values if v in registratie],
    )


def comensha_registratie(client: Client) -> dict[str, str]:
    """The CoMensha registration of one client: with consent the minimal registration and
    exactly the personal data the client agreed to share; without consent an anonymous
    minimal registration (no name, no date of birth)."""
    traject = client.trajecten.order_by("-id").first()
    vormen = [
        label
        for veld, label in [
            ("seksuele_uitbuiting", "seksuele uitbuiting"),
            ("arbeidsuitbuiting", "arbeidsuitbuiting"),
            ("criminele_uitbuiting", "criminele uitbuiting"),
            ("orgaanverwijdering", "gedwongen orgaanverwijdering"),
            ("vorm_onbekend", "onbekend"),
        ]
        if traject is not None and getattr(traject, veld)
    ]
    minimaal = {
        "registratie": "anoniem"
        if client.comensha_toestemming != Client.Toestemming.GEGEVEN
        else MET_TOESTEMMING,
        "regio": traject.regio.naam if traject else "",
        "jaar_aanmelding": str(traject.aangemaakt_op.year) if traject else "",
        "geslacht": client.get_geslacht_display(),
        "minderjarig": {True: "ja", False: "nee", None: "onbekend"}[client.minderjarig],
        "uitbuitingsvormen": ", ".join(vormen),
    }
    if client.comensha_toestemming != Client.Toestemming.GEGEVEN:
        return minimaal
    persoonsgegevens = {
        ComenshaVeld.DOSSIERNUMMER: client.dossiernummer,
        ComenshaVeld.NAAM: client.naam,
        ComenshaVeld.GEBOORTEDATUM: client.geboortedatum.isoformat() if client.geboortedatum else "",
        ComenshaVeld.NATIONALITEITEN: client.nationaliteiten,
        ComenshaVeld.VERBLIJFSSTATUS: client.get_verblijfsstatus_display(),
    }
    return {
        **minimaal,
        "toestemming_op": client.comensha_toestemming_op.isoformat()
        if client.comensha_toestemming_op
        else "",
        **{str(veld): waarde for veld, waarde in persoonsgegevens.items() if veld in client.comensha_velden},
    }
