"""Stacking: signals that share a person's identifying data (as keyed hashes) are paired,
and the AF confirms or rejects a suggested pair.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, ToegangsLog
from mensenhandel.services import toegang_loggen
from signalen import normalisatie
from signalen.models import BetrokkenPersoon, Contactverzoek, Gebeurtenis, Identificator, Koppeling, Signaal
from signalen.selectors import mag_bewerken, signalen_leesbaar_voor
from signalen.services.basis import gebeurtenis, logger, namens, nieuws_melden

STAPELING = Gebeurtenis.Soort.STAPELING


@dataclass
class Stapeling:
    """What stacking found for a signal, as the user who saved it may see it."""

    binnen_bereik: list[Koppeling] = field(default_factory=list)
    # The pairs with a kept signal outside the user's reach, ``ander`` set: their page shows whom
    # to call (``contact.treffers_elders``), never the other signal.
    elders_paren: list[Koppeling] = field(default_factory=list)

    @property
    def elders(self) -> int:
        return len(self.elders_paren)

    @property
    def treffers(self) -> Treffers:
        return Treffers(binnen_bereik=len(self.binnen_bereik), elders=self.elders)


@dataclass(frozen=True)
class Treffers:
    """What a save's stacking found, as the message after the save tells it: how many pairs with a
    signal the user may open, and how many with one outside their reach (``Stapeling`` holds the
    pairs themselves, for the signal's page)."""

    binnen_bereik: int = 0
    elders: int = 0


def identificatoren_van(persoon: BetrokkenPersoon) -> set[tuple[str, str]]:
    """The (kind, keyed hash) pairs of one person's normalised identifying data."""
    soort = Identificator.Soort
    sleutel = normalisatie.sleutel
    naam = normalisatie.naam(persoon.naam) if persoon.naam else ""
    telefoon = normalisatie.telefoon(persoon.telefoon) if persoon.telefoon else None
    paren: set[tuple[str, str]] = set()
    if naam:
        paren.add((soort.NAAM, sleutel(soort.NAAM, naam)))
        if persoon.geboortedatum:
            datum = normalisatie.geboortedatum(persoon.geboortedatum)
            paren.add((soort.NAAM_GEBOORTEDATUM, sleutel(soort.NAAM_GEBOORTEDATUM, naam, datum)))
        if telefoon:
            paren.add((soort.NAAM_TELEFOON, sleutel(soort.NAAM_TELEFOON, naam, telefoon)))
    if telefoon:
        paren.add((soort.TELEFOON, sleutel(soort.TELEFOON, telefoon)))
    if persoon.alias and (alias := normalisatie.naam(persoon.alias)):
        # An alias may meet another person's alias or name.
        paren.add((soort.NAAM, sleutel(soort.NAAM, alias)))
    if persoon.kenteken and (kenteken := normalisatie.kenteken(persoon.kenteken)):
        paren.add((soort.KENTEKEN, sleutel(soort.KENTEKEN, kenteken)))
    if persoon.postcode and persoon.huisnummer:
        adres = (normalisatie.postcode(persoon.postcode), normalisatie.huisnummer(persoon.huisnummer))
        paren.add((soort.ADRES, sleutel(soort.ADRES, *adres)))
    return paren


def identificatoren_bijwerken(persoon: BetrokkenPersoon, *, nieuw: bool = False) -> None:
    """Replace the person's identifiers (``nieuw``: a person just created has none to remove)."""
    if not nieuw:
        Identificator.objects.filter(persoon=persoon).delete()
    Identificator.objects.bulk_create(
        Identificator(persoon=persoon, signaal_id=persoon.signaal_id, soort=s, waarde_hash=h)
        for s, h in sorted(identificatoren_van(persoon))
    )


SCHERM_STAPELING = "signalen:stapeling"
TREFFER_ELDERS = "stapeltreffer buiten bereik"
LIMIET_BEREIKT = (
    "U heeft vandaag het maximum van {limiet} zoekopdrachten met een treffer buiten uw bereik bereikt. "
    "Personen toevoegen of wijzigen kan weer vanaf morgen; neem bij haast contact op met de functioneel "
    "beheerder. Er is niets opgeslagen."
)


class StapellimietBereikt(Geweigerd):
    """The daily limit of lookups with a hit outside reach is reached; the form keeps its input."""

    op_formulier = True


def treffers_elders_vandaag(door: Gebruiker) -> int:
    """How many of today's stacking lookups by this user found a signal outside their reach."""
    begin = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    return ToegangsLog.objects.filter(
        gebruiker=door,
        scherm=SCHERM_STAPELING,
        uitkomst=ToegangsLog.Uitkomst.TOEGESTAAN,
        tijdstip__gte=begin,
    ).count()


def stapellimiet_controleren(door: Gebruiker) -> None:
    """Refuse a lookup once today's lookups with a hit outside reach reached the limit.

    Checked before anything is saved or looked up, whatever the new data would find, so the
    refusal itself tells nothing; the refusal is in the access log (the privacy officer's report
    shows it)."""
    limiet = settings.STAPELING_DAGLIMIET
    if treffers_elders_vandaag(door) < limiet:
        return
    toegang_loggen(
        request=None,
        gebruiker=door,
        actie=ToegangsLog.Actie.ZOEKEN,
        uitkomst=ToegangsLog.Uitkomst.GEWEIGERD,
        object_type="signalen.Signaal",
        scherm=SCHERM_STAPELING,
        toelichting=f"daglimiet van {limiet} stapeltreffers buiten bereik bereikt",
    )
    raise StapellimietBereikt(LIMIET_BEREIKT.format(limiet=limiet))


def stapelen(
    signaal: Signaal,
    door: Gebruiker,
    *,
    treffers_loggen: bool = True,
    nieuw_signaal: bool = False,
    eigen: set[tuple[str, str]] | None = None,
) -> Treffers:
    """Find other signals sharing an identifier with this one and keep the pairs current.

    New pairs are recorded (with a timeline entry on both signals); suggested pairs whose
    identifiers no longer match are withdrawn. Confirmed and rejected pairs stay as the
    AF decided. A constant number of queries, whatever the number of hits.

    A lookup that finds a signal outside the user's reach writes an access-log row naming this
    signal (``treffers_loggen``; not for the lookup after removing a person, which brings no new
    data): the row stays when the person is removed, and counts toward the daily limit.

    Name-only ("mogelijk") hits past STAPELING_MOGELIJK_MAXIMUM are not all recorded as pairs: the
    strongest are (the pairs already recorded, then those matching on more kinds, then the most
    recent), and the signal keeps the count of the rest, which its page shows (issue 16: a common
    name meets hundreds of signals, and a pair per hit made every registration slower).

    ``nieuw_signaal``: the signal was created in this transaction, so it has no pairs yet to read,
    and the answer is counted from the pairs just written instead of read back. ``eigen``: the
    signal's identifiers, when the caller just wrote them (else they are read).
    """
    if eigen is None:
        eigen = set(Identificator.objects.filter(signaal=signaal).values_list("soort", "waarde_hash"))
    gevonden: dict[int, set[str]] = {}
    # Per hit: its gemeente and whether it is already marked as having a hit in another one.
    plaats: dict[int, tuple[int, bool]] = {}
    if eigen:
        for ander_id, soort, gemeente_id, gemarkeerd in opzoeken(signaal, eigen):
            gevonden.setdefault(ander_id, set()).add(soort)
            plaats[ander_id] = (gemeente_id, gemarkeerd)
    if nieuw_signaal and not gevonden:
        return Treffers()  # no pairs before, none now: nothing to write or read back
    leesbaar: set[int] = set()
    if gevonden and (treffers_loggen or nieuw_signaal):
        leesbaar = set(signalen_leesbaar_voor(door).filter(pk__in=gevonden).values_list("pk", flat=True))
    if gevonden and treffers_loggen and (elders := len(set(gevonden) - leesbaar)):
        toegang_loggen(
            request=None,
            gebruiker=door,
            actie=ToegangsLog.Actie.ZOEKEN,
            object_type="signalen.Signaal",
            object_id=str(signaal.uuid),
            scherm=SCHERM_STAPELING,
            toelichting=f"{TREFFER_ELDERS}: {elders}",
        )

    bestaand = (
        {}
        if nieuw_signaal
        else {
            (k.signaal_b_id if k.signaal_a_id == signaal.pk else k.signaal_a_id): k
            for k in Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
        }
    )
    te_koppelen, niet_gekoppeld = _sterkste(gevonden, bestaand)
    if signaal.mogelijk_niet_gekoppeld != niet_gekoppeld:
        signaal.mogelijk_niet_gekoppeld = niet_gekoppeld
        Signaal.objects.filter(pk=signaal.pk).update(mogelijk_niet_gekoppeld=niet_gekoppeld)
    nieuw: list[Koppeling] = []
    gebeurtenissen: list[Gebeurtenis] = []
    for ander_id, soorten in te_koppelen.items():
        sterkte = Koppeling.Sterkte.STERK if soorten & Identificator.STERK else Koppeling.Sterkte.MOGELIJK
        koppeling = bestaand.get(ander_id)
        if koppeling is None:
            a, b = sorted([signaal.pk, ander_id])
            nieuw.append(Koppeling(signaal_a_id=a, signaal_b_id=b, sterkte=sterkte, soorten=sorted(soorten)))
            tekst = f"Stapeling: {Koppeling.Sterkte(sterkte).label.lower()} met een ander signaal"
            gebeurtenissen += [
                Gebeurtenis(signaal=signaal, gebruiker=door, omschrijving=tekst, soort=STAPELING),
                Gebeurtenis(signaal_id=ander_id, gebruiker=None, omschrijving=tekst, soort=STAPELING),
            ]
        elif koppeling.sterkte != sterkte or set(koppeling.soorten) != soorten:
            koppeling.sterkte, koppeling.soorten = sterkte, sorted(soorten)
            namens(koppeling, door)
            koppeling.save(update_fields=["sterkte", "soorten"])
    if nieuw:
        if nieuw_signaal:
            # Nobody else can pair a signal that is not committed yet: no race to guard against.
            bulk_create_with_history(nieuw, Koppeling, default_user=door)
        else:
            try:
                with transaction.atomic():
                    bulk_create_with_history(nieuw, Koppeling, default_user=door)
            except IntegrityError:
                # Another registration recorded one of these pairs at the same moment.
                for koppeling in nieuw:
                    Koppeling.objects.get_or_create(
                        signaal_a_id=koppeling.signaal_a_id,
                        signaal_b_id=koppeling.signaal_b_id,
                        defaults={"sterkte": koppeling.sterkte, "soorten": koppeling.soorten},
                    )
        for koppeling in nieuw:
            logger.info(
                "stapeling gevonden signalen=%s,%s sterkte=%s",
                koppeling.signaal_a_id,
                koppeling.signaal_b_id,
                koppeling.sterkte,
            )
        andere = (k.signaal_a_id ^ k.signaal_b_id ^ signaal.pk for k in nieuw)
        buiten_gemeente_markeren(signaal, {ander: plaats[ander] for ander in andere})
    vervallen = [
        k
        for ander_id, k in bestaand.items()
        if ander_id not in gevonden and k.beoordeling == Koppeling.Beoordeling.VOORGESTELD
    ]
    for koppeling in vervallen:
        tekst = "Stapeling vervallen: de gegevens komen niet meer overeen"
        gebeurtenissen += [
            Gebeurtenis(
                signaal_id=koppeling.signaal_a_id, gebruiker=door, omschrijving=tekst, soort=STAPELING
            ),
            Gebeurtenis(
                signaal_id=koppeling.signaal_b_id, gebruiker=door, omschrijving=tekst, soort=STAPELING
            ),
        ]
        namens(koppeling, door)
        koppeling.delete()
        logger.info("stapeling vervallen signalen=%s,%s", koppeling.signaal_a_id, koppeling.signaal_b_id)
    Gebeurtenis.objects.bulk_create(gebeurtenissen)
    if nieuw_signaal:
        # Every pair is new, suggested, and with a kept signal whose processing is not restricted
        # (the lookup matched only those: a destroyed signal has no identifiers left), so
        # ``stapeling_voor`` would read back exactly ``te_koppelen``.
        binnen = len(leesbaar.intersection(te_koppelen))
        return Treffers(binnen_bereik=binnen, elders=len(te_koppelen) - binnen)
    return stapeling_voor(signaal, door).treffers


def opzoeken(signaal: Signaal, eigen: Collection[tuple[str, str]]) -> QuerySet[Identificator, Any]:
    """Stacking's lookup: per identifier of another signal that shares one of ``eigen`` (kind and
    keyed hash), that signal, the kind, its gemeente and whether it is marked as having a hit in
    another gemeente. A signal whose processing is restricted (art. 18 AVG) is not matched. One
    index scan per identifier (``signalen_ident_opzoeken``); the stacking benchmark times and
    explains this very query (``tests/benchmarks/bench_signalen.py``)."""
    voorwaarde = Q()
    for soort, waarde in sorted(eigen):
        voorwaarde |= Q(soort=soort, waarde_hash=waarde)
    return (
        Identificator.objects.filter(voorwaarde, signaal__verwerking_beperkt_op__isnull=True)
        .exclude(signaal=signaal)
        .values_list("signaal_id", "soort", "signaal__gemeente_id", "signaal__treffer_buiten_gemeente")
    )


def _sterkste(
    gevonden: dict[int, set[str]], bestaand: dict[int, Koppeling]
) -> tuple[dict[int, set[str]], int]:
    """The hits to record as pairs: every strong one, and of the name-only ones at most
    STAPELING_MOGELIJK_MAXIMUM besides those already recorded; and how many were left out."""
    maximum = settings.STAPELING_MOGELIJK_MAXIMUM
    mogelijk = [ander for ander, soorten in gevonden.items() if not soorten & Identificator.STERK]
    if len(mogelijk) <= maximum:
        return gevonden, 0
    rang = sorted(mogelijk, key=lambda ander: (ander not in bestaand, -len(gevonden[ander]), -ander))
    weg = {ander for ander in rang[maximum:] if ander not in bestaand}
    return {ander: soorten for ander, soorten in gevonden.items() if ander not in weg}, len(weg)


def buiten_gemeente_markeren(signaal: Signaal, plaats: dict[int, tuple[int, bool]] | None = None) -> None:
    """Mark ``signaal`` and the signals of another gemeente it is paired with as having a hit there
    (``treffer_buiten_gemeente``, where the AF's start page looks for hits).

    ``plaats`` names the other signals with their gemeente and mark (stacking passes those of its
    new pairs, as its lookup read them); by default all of the signal's pairs, read here. Only
    signals not marked yet are written: a row rewritten for nothing also rewrites the partial
    index on the mark, and a mark is never taken back."""
    if plaats is None:
        andere = [
            a ^ b ^ signaal.pk
            for a, b in Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal)).values_list(
                "signaal_a_id", "signaal_b_id"
            )
        ]
        plaats = {
            pk: (gemeente_id, gemarkeerd)
            for pk, gemeente_id, gemarkeerd in Signaal.objects.filter(pk__in=andere).values_list(
                "pk", "gemeente_id", "treffer_buiten_gemeente"
            )
        }
    elders = [ander for ander, (gemeente_id, _) in plaats.items() if gemeente_id != signaal.gemeente_id]
    if not elders:
        return
    if te_markeren := [ander for ander in elders if not plaats[ander][1]]:
        Signaal.objects.filter(pk__in=te_markeren).update(treffer_buiten_gemeente=True)
    if not signaal.treffer_buiten_gemeente:
        Signaal.objects.filter(pk=signaal.pk).update(treffer_buiten_gemeente=True)
        signaal.treffer_buiten_gemeente = True


def stapeling_voor(signaal: Signaal, gebruiker: Gebruiker) -> Stapeling:
    """Split the signal's pairs into those the user may open and a count of the rest."""
    koppelingen = [
        k
        for k in Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
        .exclude(beoordeling=Koppeling.Beoordeling.AFGEWEZEN)
        .select_related("signaal_a__gemeente", "signaal_b__gemeente")
        # A destroyed or restricted signal on the other side is nobody's hit any more.
        if _ander(k, signaal).vernietigd_op is None and _ander(k, signaal).verwerking_beperkt_op is None
    ]
    andere = {k.signaal_b_id if k.signaal_a_id == signaal.pk else k.signaal_a_id for k in koppelingen}
    zichtbaar = set(signalen_leesbaar_voor(gebruiker).filter(pk__in=andere).values_list("pk", flat=True))
    resultaat = Stapeling()
    for koppeling in koppelingen:
        koppeling.ander = _ander(koppeling, signaal)
        if koppeling.ander.pk in zichtbaar:
            resultaat.binnen_bereik.append(koppeling)
        else:
            resultaat.elders_paren.append(koppeling)
    return resultaat


def koppeling_beoordelen(*, koppeling: Koppeling, door: Gebruiker, bevestigd: bool) -> Koppeling:
    """Confirm or reject a suggested pair: someone who may edit both signals judges it whole; across
    two holders, after an accepted contact request, each judges it for their own signal
    (``_kant_beoordelen``)."""
    with transaction.atomic():
        koppeling = Koppeling.objects.select_for_update().get(pk=koppeling.pk)
        mag_a, mag_b = mag_bewerken(door, koppeling.signaal_a), mag_bewerken(door, koppeling.signaal_b)
        if (mag_a or mag_b) and not (mag_a and mag_b):
            return _kant_beoordelen(
                koppeling, koppeling.signaal_a if mag_a else koppeling.signaal_b, door, bevestigd
            )
        if not (mag_a and mag_b):
            raise Geweigerd(
                "Deze koppeling kan alleen worden beoordeeld door wie beide signalen mag inzien. "
                "Neem contact op met de ketenregisseur of zorgcoördinator."
            )
        koppeling.beoordeling = (
            Koppeling.Beoordeling.BEVESTIGD if bevestigd else Koppeling.Beoordeling.AFGEWEZEN
        )
        koppeling.beoordeeld_door = door
        koppeling.beoordeeld_op = timezone.now()
        namens(koppeling, door)
        koppeling.save()
        tekst = "bevestigd" if bevestigd else "afgewezen"
        for signaal in (koppeling.signaal_a, koppeling.signaal_b):
            gebeurtenis(
                signaal,
                door,
                f"Koppeling met {_ander(koppeling, signaal).referentie} {tekst}",
                soort=Gebeurtenis.Soort.STAPELING,
            )
    logger.info("koppeling beoordeeld koppeling=%s uitkomst=%s door=%s", koppeling.pk, tekst, door.pk)
    return koppeling


def _kant_beoordelen(koppeling: Koppeling, eigen: Signaal, door: Gebruiker, bevestigd: bool) -> Koppeling:
    """The holder of one signal of a pair across two holders judges it for their side, once the
    contact request between them was accepted: a rejection rejects the pair, a confirmation counts
    and the pair is confirmed when the other side confirmed too. The other side's timeline says
    what happened, with this side's reference (both may see the references once contact is made)."""
    if not Contactverzoek.objects.filter(
        koppeling=koppeling, status=Contactverzoek.Status.AANGENOMEN
    ).exists():
        raise Geweigerd(
            "Deze koppeling ligt bij twee gemeenten. Leg eerst contact met de andere gemeente "
            "(‘Contact leggen’); na een aangenomen verzoek bevestigt ieder voor het eigen signaal."
        )
    if koppeling.beoordeling != Koppeling.Beoordeling.VOORGESTELD:
        raise Geweigerd(f"Deze koppeling is al {koppeling.get_beoordeling_display().lower()}.")
    kant = koppeling.kant(eigen.pk)
    if koppeling.bevestigd_door_kant(eigen.pk):
        raise Geweigerd(
            "U heeft deze koppeling voor uw signaal al bevestigd; de andere gemeente beoordeelt haar nog."
        )
    nu = timezone.now()
    ander = _ander(koppeling, eigen)
    if bevestigd:
        setattr(koppeling, f"bevestigd_{kant}_door", door)
        setattr(koppeling, f"bevestigd_{kant}_op", nu)
        if koppeling.bevestigd_a_op and koppeling.bevestigd_b_op:
            koppeling.beoordeling = Koppeling.Beoordeling.BEVESTIGD
            koppeling.beoordeeld_door, koppeling.beoordeeld_op = door, nu
        tekst = (
            "bevestigd door beide gemeenten"
            if koppeling.beoordeling == Koppeling.Beoordeling.BEVESTIGD
            else "bevestigd voor dit signaal; de andere gemeente beoordeelt haar nog"
        )
        tekst_ander = (
            "bevestigd door beide gemeenten"
            if koppeling.beoordeling == Koppeling.Beoordeling.BEVESTIGD
            else "bevestigd door de andere gemeente"
        )
    else:
        koppeling.beoordeling = Koppeling.Beoordeling.AFGEWEZEN
        koppeling.beoordeeld_door, koppeling.beoordeeld_op = door, nu
        tekst, tekst_ander = "afgewezen", "afgewezen door de andere gemeente"
    namens(koppeling, door)
    koppeling.save()
    gebeurtenis(eigen, door, f"Koppeling met {ander.referentie} {tekst}", soort=STAPELING)
    gebeurtenis(ander, None, f"Koppeling met {eigen.referentie} {tekst_ander}", soort=STAPELING)
    nieuws_melden(ander, door)
    logger.info(
        "koppeling beoordeeld (een kant) koppeling=%s kant=%s bevestigd=%s door=%s",
        koppeling.pk,
        kant,
        bevestigd,
        door.pk,
    )
    return koppeling


def _ander(koppeling: Koppeling, signaal: Signaal) -> Signaal:
    return koppeling.signaal_b if koppeling.signaal_a_id == signaal.pk else koppeling.signaal_a
