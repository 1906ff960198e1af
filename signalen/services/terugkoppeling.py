"""Feedback on referrals: what a partner reported back (recorded by the AF), and the
zorgcoördinator's answer to a referral to zorgcoördinatie.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Rol
from mensenhandel.toegang import heeft_rol, regios_van
from signalen.models import Bestemming, Bron, Doorverwijzing, Gebeurtenis, MelderTerugkoppeling, Signaal
from signalen.services.basis import gebeurtenis, namens, nieuws_melden, vergrendeld

TERUGKOPPELING = Gebeurtenis.Soort.TERUGKOPPELING

TERUGKOPPELING_VOLGORDE: dict[str, set[str]] = {
    Doorverwijzing.Terugkoppeling.VERSTUURD: {Doorverwijzing.Terugkoppeling.ONTVANGEN,
                                             Doorverwijzing.Terugkoppeling.OPGEPAKT,
                                             Doorverwijzing.Terugkoppeling.AFGEWEZEN},
    Doorverwijzing.Terugkoppeling.ONTVANGEN: {Doorverwijzing.Terugkoppeling.OPGEPAKT,
                                              Doorverwijzing.Terugkoppeling.AFGEWEZEN},
    Doorverwijzing.Terugkoppeling.OPGEPAKT: {Doorverwijzing.Terugkoppeling.AFGEROND},
    Doorverwijzing.Terugkoppeling.AFGEWEZEN: set(),
    Doorverwijzing.Terugkoppeling.AFGEROND: set(),
}  # fmt: skip

DATUMVELD: dict[str, str] = {
    Doorverwijzing.Terugkoppeling.ONTVANGEN: "ontvangen_op",
    Doorverwijzing.Terugkoppeling.OPGEPAKT: "opgepakt_op",
    Doorverwijzing.Terugkoppeling.AFGEWEZEN: "afgewezen_op",
    Doorverwijzing.Terugkoppeling.AFGEROND: "afgerond_op",
}


TERUGKOPPELING_ZC_MELDING = (
    "De terugkoppeling van zorgcoördinatie komt van de zorgcoördinator zelf; u hoeft die niet in te vullen."
)


def _zc_van_de_regio(door: Gebruiker, doorverwijzing: Doorverwijzing) -> bool:
    """Whether ``door`` is a zorgcoördinator of the regio the referral was sent to."""
    return (
        heeft_rol(door, Rol.ZORGCOORDINATOR)
        and doorverwijzing.regio_id is not None
        and regios_van(door).filter(pk=doorverwijzing.regio_id).exists()
    )


def volgende_terugkoppelingen(doorverwijzing: Doorverwijzing) -> set[str]:
    """The feedback states the AF may record for a referral (none for zorgcoördinatie,
    whose feedback is the zorgcoördinator's own answer)."""
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        return set()
    return set(TERUGKOPPELING_VOLGORDE[doorverwijzing.terugkoppeling])


def _terugkoppeling_zetten(
    doorverwijzing: Doorverwijzing, status: str, bericht: str, datum: date | None, door: Gebruiker | None
) -> None:
    """Apply one transition of the feedback; ``door`` None: the partner, through their link."""
    huidig = doorverwijzing.terugkoppeling
    if status not in Doorverwijzing.Terugkoppeling.values:
        raise Geweigerd("Kies een geldige stand van de terugkoppeling.")
    if status not in TERUGKOPPELING_VOLGORDE[huidig]:
        raise Geweigerd(
            f"De terugkoppeling staat op '{doorverwijzing.get_terugkoppeling_display().lower()}' en kan niet "
            f"naar '{Doorverwijzing.Terugkoppeling(status).label.lower()}'."
        )
    doorverwijzing.terugkoppeling = status
    setattr(doorverwijzing, DATUMVELD[status], datum or timezone.localdate())
    doorverwijzing.bericht = bericht.strip()
    doorverwijzing.via_link_op = timezone.now() if door is None else None
    doorverwijzing.full_clean()
    if door is not None:
        namens(doorverwijzing, door)
    doorverwijzing.save()


def terugkoppeling_vastleggen(
    *,
    doorverwijzing: Doorverwijzing,
    door: Gebruiker,
    status: str,
    bericht: str = "",
    datum: date | None = None,
) -> Doorverwijzing:
    """The AF records what a partner reported back.

    Not for referrals to zorgcoördinatie: their feedback is the zorgcoördinator's answer.
    """
    if doorverwijzing.bestemming == Bestemming.ZORGCOORDINATOR:
        raise Geweigerd(TERUGKOPPELING_ZC_MELDING)
    with transaction.atomic():
        vergrendeld(doorverwijzing.signaal, door)
        doorverwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
        _terugkoppeling_zetten(doorverwijzing, status, bericht, datum, door)
        gebeurtenis(
            doorverwijzing.signaal,
            door,
            f"Terugkoppeling {doorverwijzing.get_bestemming_display()}: "
            f"{doorverwijzing.get_terugkoppeling_display().lower()}",
            soort=TERUGKOPPELING,
        )
        nieuws_melden(doorverwijzing.signaal, door)
    return doorverwijzing


def aanmelding_beantwoorden(
    *, doorverwijzing: Doorverwijzing, door: Gebruiker, geaccepteerd: bool, bericht: str = ""
) -> Doorverwijzing:
    """The zorgcoördinator accepts or declines a referral; the AF sees it as feedback."""
    if doorverwijzing.bestemming != Bestemming.ZORGCOORDINATOR:
        raise Geweigerd("Dit is geen aanmelding voor zorgcoördinatie.")
    if not _zc_van_de_regio(door, doorverwijzing):
        raise Geweigerd("Alleen een zorgcoördinator van deze regio beantwoordt deze aanmelding.")
    if not geaccepteerd and not bericht.strip():
        raise ValidationError({"bericht": "Geef kort de reden van afwijzen (zonder details over de casus)."})
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
        status = (
            Doorverwijzing.Terugkoppeling.OPGEPAKT
            if geaccepteerd
            else Doorverwijzing.Terugkoppeling.AFGEWEZEN
        )
        _terugkoppeling_zetten(doorverwijzing, status, bericht, None, door)
        gebeurtenis(
            doorverwijzing.signaal,
            door,
            "Zorgcoördinatie: aanmelding " + ("geaccepteerd" if geaccepteerd else "afgewezen"),
            soort=TERUGKOPPELING,
        )
        nieuws_melden(doorverwijzing.signaal, door)
    return doorverwijzing


def zorgtraject_afgerond(*, doorverwijzing: Doorverwijzing, door: Gebruiker) -> Doorverwijzing:
    """Zorgcoördinatie reports that the trajectory of an accepted referral has ended."""
    if doorverwijzing.bestemming != Bestemming.ZORGCOORDINATOR:
        raise Geweigerd("Dit is geen aanmelding voor zorgcoördinatie.")
    if not _zc_van_de_regio(door, doorverwijzing):
        raise Geweigerd("Alleen een zorgcoördinator van deze regio rondt deze aanmelding af.")
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
        if doorverwijzing.terugkoppeling != Doorverwijzing.Terugkoppeling.OPGEPAKT:
            return doorverwijzing
        _terugkoppeling_zetten(
            doorverwijzing, Doorverwijzing.Terugkoppeling.AFGEROND, "Zorgtraject afgerond", None, door
        )
        gebeurtenis(doorverwijzing.signaal, door, "Zorgcoördinatie: traject afgerond", soort=TERUGKOPPELING)
        nieuws_melden(doorverwijzing.signaal, door)
    return doorverwijzing


MELDER_ANONIEM = "Dit signaal is anoniem gemeld: er is geen melder om terug te koppelen."
MELDER_TOEKOMST = "De datum van de terugkoppeling kan niet in de toekomst liggen."
MELDER_VOOR_REGISTRATIE = "De datum van de terugkoppeling ligt vóór de registratie van het signaal."


def melder_terugkoppeling_vastleggen(
    *, signaal: Signaal, door: Gebruiker, datum: date, kanaal: str, bericht: str
) -> MelderTerugkoppeling:
    """The AF records the feedback given to the signal's reporter; an anonymous reporter gets none.
    The first feedback sets how many days the reporter waited (the list's flag, the figure)."""
    if signaal.bron == Bron.ANONIEM:
        raise Geweigerd(MELDER_ANONIEM)
    if datum > timezone.localdate():
        raise ValidationError({"datum": MELDER_TOEKOMST})
    with transaction.atomic():
        actueel = vergrendeld(signaal, door)
        if actueel.bron == Bron.ANONIEM:
            raise Geweigerd(MELDER_ANONIEM)
        if datum < actueel.datum_geregistreerd:
            raise ValidationError({"datum": MELDER_VOOR_REGISTRATIE})
        terugkoppeling = MelderTerugkoppeling(
            signaal=actueel, datum=datum, kanaal=kanaal, bericht=bericht.strip(), door=door
        )
        terugkoppeling.full_clean()
        namens(terugkoppeling, door)
        terugkoppeling.save()
        dagen = (datum - actueel.datum_geregistreerd).days
        if actueel.melder_teruggekoppeld_na is None or dagen < actueel.melder_teruggekoppeld_na:
            # An update of the one column: no new version of the signal, nobody's form conflicts.
            Signaal.objects.filter(pk=actueel.pk).update(melder_teruggekoppeld_na=dagen)
            signaal.melder_teruggekoppeld_na = dagen
        gebeurtenis(
            actueel,
            door,
            f"Terugkoppeling aan de melder ({terugkoppeling.get_kanaal_display().lower()})",
            soort=TERUGKOPPELING,
        )
    return terugkoppeling
