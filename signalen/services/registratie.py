"""Registering a signal and changing its details."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.acties import Geweigerd, eenmalig, eerder_verstuurd
from mensenhandel.models import Gebruiker, Rol
from mensenhandel.toegang import gemeente_ids_van_af, heeft_rol
from signalen.models import (
    VORM_VELDEN,
    BetrokkenPersoon,
    Gebeurtenis,
    Indicator,
    Referentieteller,
    Signaal,
)
from signalen.services.basis import (
    gebeurtenis,
    logger,
    namens,
    niet_afgesloten,
    opslaan,
    vergrendeld,
    versie_controleren,
)
from signalen.services.gegevens import SIGNAALVELDEN, PersoonGegevens, SignaalGegevens
from signalen.services.personen import persoon_opslaan
from signalen.services.stapeling import (
    Treffers,
    buiten_gemeente_markeren,
    identificatoren_van,
    stapelen,
    stapeling_voor,
    stapellimiet_controleren,
)


def _volgende_referentie(jaar: int) -> str:
    teller, _ = Referentieteller.objects.select_for_update().get_or_create(jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"S-{jaar}-{teller.laatste:05d}"


def signaal_registreren(
    *,
    door: Gebruiker,
    gegevens: SignaalGegevens,
    indicatoren: Iterable[Indicator] = (),
    personen: Iterable[PersoonGegevens] = (),
    formuliertoken: uuid.UUID | None = None,
) -> tuple[Signaal, Treffers, bool]:
    """Register a signal with its persons; returns (signal, what stacking found, new).

    A repeated submit with the same form token, also two at the same moment, returns the
    first signal (new=False): ``eenmalig`` answers the loser of the race with it.
    """
    if not heeft_rol(door, Rol.AANDACHTSFUNCTIONARIS):
        raise Geweigerd("Alleen een aandachtsfunctionaris registreert signalen.")
    personen, indicatoren = list(personen), list(indicatoren)
    eigen = Signaal.objects.filter(geregistreerd_door=door)
    if personen and eerder_verstuurd(eigen, formuliertoken) is None:
        stapellimiet_controleren(door)  # persons are looked up; a repeated submit is not
    gevonden: list[Treffers] = []

    def maken() -> Signaal:
        gemeente = gegevens["gemeente"]
        if gemeente.pk not in gemeente_ids_van_af(door):  # the user's scope, read once per request
            raise Geweigerd("U kunt alleen signalen registreren voor de gemeente(n) die u bedient.")
        signaal = Signaal(
            geregistreerd_door=door,
            formuliertoken=formuliertoken,
            **{k: v for k, v in gegevens.items() if k in SIGNAALVELDEN},
        )
        signaal_valideren(signaal)
        signaal.referentie = _volgende_referentie(timezone.localdate().year)
        # A token already used fails here (or, racing, on save): ``eenmalig`` answers with
        # the first signal when it is this user's; someone else's stays a validation error.
        # The fields this function sets itself are not looked up again (a query each): the
        # gemeente was checked against the AF's scope above, the registrar is the user, the
        # uuid is new and the reference comes from the locked counter (both unique in the
        # database as well).
        signaal.full_clean(exclude=["indicatoren", "gemeente", "geregistreerd_door", "uuid", "referentie"])
        namens(signaal, door)
        signaal.save()
        if indicatoren:
            signaal.indicatoren.set(indicatoren)
        gebeurtenis(signaal, door, "Signaal geregistreerd", soort=Gebeurtenis.Soort.REGISTRATIE)
        identificatoren: set[tuple[str, str]] = set()
        for persoon in personen:
            opgeslagen = persoon_opslaan(BetrokkenPersoon(signaal=signaal), persoon, door)
            identificatoren |= identificatoren_van(opgeslagen)
        gevonden.append(stapelen(signaal, door, nieuw_signaal=True, eigen=identificatoren))
        return signaal

    signaal, nieuw = eenmalig(eigen, formuliertoken, maken)
    if not nieuw:
        return signaal, stapeling_voor(signaal, door).treffers, False
    logger.info("signaal geregistreerd id=%s door=%s", signaal.pk, door.pk)
    return signaal, gevonden[-1], True


def signaal_valideren(signaal: Signaal) -> None:
    """The checks on a signal's details that need more than a field (dates, forms, 112); the
    signal form runs them too, so that they are reported with the form's other errors."""
    fouten: dict[str, str] = {}
    vandaag = timezone.localdate()
    if signaal.datum_waargenomen and signaal.datum_waargenomen > vandaag:
        fouten["datum_waargenomen"] = "De datum van waarnemen kan niet in de toekomst liggen."
    if signaal.datum_waargenomen and signaal.datum_waargenomen < date(vandaag.year - 30, 1, 1):
        fouten["datum_waargenomen"] = "Deze datum ligt te ver terug; controleer het jaar."
    if not any(getattr(signaal, veld) for veld in VORM_VELDEN.values()):
        fouten["uitbuitingsvormen"] = "Kies minstens één vorm van uitbuiting, of 'Onbekend'."
    if signaal.alarmnummer_gebeld and not signaal.acuut_gevaar:
        fouten["alarmnummer_gebeld"] = "112 gebeld kan alleen bij acuut gevaar."
    if signaal.acuut_gevaar and not signaal.alarmnummer_gebeld:
        fouten["alarmnummer_gebeld"] = "Bij acuut gevaar belt u eerst 112. Vink aan dat dat gebeurd is."
    if fouten:
        raise ValidationError(fouten)


def signaal_bijwerken(
    *,
    signaal: Signaal,
    door: Gebruiker,
    gegevens: SignaalGegevens,
    indicatoren: Iterable[Indicator],
    versie: int,
) -> Signaal:
    """Change a signal's details; refused when someone else saved in between."""
    with transaction.atomic():
        actueel = vergrendeld(signaal, door)
        versie_controleren(actueel, versie)
        niet_afgesloten(actueel)
        gemeente = gegevens.get("gemeente", actueel.gemeente)
        if gemeente != actueel.gemeente and gemeente.pk not in gemeente_ids_van_af(door):
            raise Geweigerd("U kunt een signaal alleen verplaatsen naar een gemeente die u bedient.")
        vorige_gemeente = actueel.gemeente_id
        for veld, waarde in gegevens.items():
            if veld in SIGNAALVELDEN:
                setattr(actueel, veld, waarde)
        signaal_valideren(actueel)
        verplaatst = actueel.gemeente_id != vorige_gemeente
        opslaan(actueel, None, door)
        actueel.indicatoren.set(indicatoren)
        if verplaatst:  # its pairs may now cross a gemeente's border
            buiten_gemeente_markeren(actueel)
        gebeurtenis(actueel, door, "Gegevens van het signaal gewijzigd", soort=Gebeurtenis.Soort.WIJZIGING)
    return actueel
