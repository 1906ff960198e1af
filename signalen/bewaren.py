"""Retention of signals (``mensenhandel.bewaren``): two kinds, one removal.

A signal is closed when it was closed without a referral (status afgesloten, no referral: the
term "signaal zonder doorverwijzing" runs from the decision), or when a decision referred it or
had the AF organise help (status besloten, or afgesloten after a referral: "signaal met
doorverwijzing", from the decision or the last feedback of a referral, whichever is later). New,
investigated, weighed and lopende signals are open and never removed, and so is a signal whose
referral to zorgcoördinatie is still unanswered or led to a trajectory that is not closed.

Removing a signal takes out its persons with their identifiers and keyed hashes, its notes and
timeline, the free texts of the signal, its referrals (contact person, message) and table
decisions, its indicators, and every history row of the signal, its persons, notes, referrals
and decisions. What stays is what the figures count: gemeente, dates of registration and
decision, forms of exploitation, sector, source, minors and migration flags, status, risk, the
closing reason, referrals with their destination, regio and feedback dates, stacking pairs
(which signals matched, by what kind of data, judged how) and table decisions without their
text. The day it was observed keeps only its month.
"""

from __future__ import annotations

from typing import Any

from django.db.models import DateField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from mensenhandel.bewaartermijnen import Termijnsoort
from mensenhandel.bewaren import Bewaarregel, historie_wissen
from mensenhandel.models import Gemeente
from signalen.models import (
    BetrokkenPersoon,
    Doorverwijzing,
    Gebeurtenis,
    Identificator,
    MelderTerugkoppeling,
    Notitie,
    Overlegbesluit,
    Partnerlink,
    Signaal,
    Status,
)

__all__ = ["regels"]

# Still in motion in zorgcoördinatie: a referral that was not answered, or whose aanmelding led to a
# trajectory that is not closed (``zorgcoordinatie.Aanmelding.doorverwijzing``).
_BIJ_ZORGCOORDINATIE_OPEN = Q(aanmelding__status="open") | Q(
    aanmelding__traject__isnull=False, aanmelding__traject__afgesloten_op__isnull=True
)


def _laatste_terugkoppeling() -> Subquery:
    datum = "datum"
    return Subquery(
        Doorverwijzing.objects.filter(signaal=OuterRef("pk"))
        .annotate(
            laatst=Greatest(
                datum,
                Coalesce("ontvangen_op", datum),
                Coalesce("opgepakt_op", datum),
                Coalesce("afgewezen_op", datum),
                Coalesce("afgerond_op", datum),
                output_field=DateField(),
            )
        )
        .order_by("-laatst")
        .values("laatst")[:1],
        output_field=DateField(),
    )


def _gesloten(met_verwijzing: bool) -> QuerySet[Signaal]:
    verwijzingen = Doorverwijzing.objects.filter(signaal=OuterRef("pk"))
    besluit = TruncDate("besloten_op")
    basis = Signaal.objects.filter(vernietigd_op__isnull=True, besloten_op__isnull=False).exclude(
        Exists(verwijzingen.filter(_BIJ_ZORGCOORDINATIE_OPEN))
    )
    if not met_verwijzing:
        return (
            basis.filter(status=Status.AFGESLOTEN).exclude(Exists(verwijzingen)).annotate(gesloten_op=besluit)
        )
    return basis.filter(
        Q(status=Status.BESLOTEN) | Q(Exists(verwijzingen), status=Status.AFGESLOTEN)
    ).annotate(
        gesloten_op=Greatest(besluit, Coalesce(_laatste_terugkoppeling(), besluit), output_field=DateField())
    )


def _regios(signaal: Signaal) -> list[int]:
    return [regio.pk for regio in signaal.gemeente.regios.all()]  # prefetched


def _gemeente(signaal: Signaal) -> Gemeente:
    return signaal.gemeente


def signaal_vernietigen(signaal: Signaal) -> None:
    """Remove a signal's personal data and history rows; keep what the figures count."""
    pk = signaal.pk
    # Children first (their deletion writes history rows of its own), history last.
    BetrokkenPersoon.objects.filter(signaal_id=pk).delete()  # and their identifiers (cascade)
    Identificator.objects.filter(signaal_id=pk).delete()
    Notitie.objects.filter(signaal_id=pk).delete()
    Gebeurtenis.objects.filter(signaal_id=pk).delete()
    MelderTerugkoppeling.objects.filter(signaal_id=pk).delete()
    Partnerlink.objects.filter(doorverwijzing__signaal_id=pk).delete()  # the contact's e-mail address
    Doorverwijzing.objects.filter(signaal_id=pk).update(contactpersoon="", bericht="")
    Overlegbesluit.objects.filter(signaal_id=pk).update(besluit="")
    signaal.indicatoren.clear()
    # ``update`` writes no history row.
    Signaal.objects.filter(pk=pk).update(
        locatie="",
        postcode="",
        huisnummer="",
        melder_contact="",
        omschrijving="",
        aard="",
        ernst="",
        weging_onderbouwing="",
        afsluittoelichting="",
        monitoren_tot=None,
        formuliertoken=None,
        datum_waargenomen=signaal.datum_waargenomen.replace(day=1),
        vernietigd_op=timezone.now(),
    )
    historie_wissen(Signaal, id=pk)
    historie_wissen(BetrokkenPersoon, signaal_id=pk)
    historie_wissen(Notitie, signaal_id=pk)
    historie_wissen(MelderTerugkoppeling, signaal_id=pk)
    historie_wissen(Doorverwijzing, signaal_id=pk)
    historie_wissen(Overlegbesluit, signaal_id=pk)


def _referentie(signaal: Any) -> str:
    return str(signaal.referentie)


def _zoeken(referentie: str) -> Signaal | None:
    return Signaal.objects.filter(referentie=referentie, vernietigd_op__isnull=True).first()


WAT = (
    "Weg: betrokken personen met hun identificatoren en sleutelhashes, notities, tijdlijn, de vrije "
    "teksten van het signaal, contactpersoon en bericht van doorverwijzingen, links voor partners "
    "met hun e-mailadres, terugkoppelingen aan de melder, de tekst van tafelbesluiten, indicatoren, "
    "en alle historie daarvan. Blijft (anoniem, voor de cijfers): "
    "gemeente, datum van registratie en besluit, maand van waarneming, vormen, sector, bron, "
    "minderjarigen en migratie, status, risico, afsluitreden, doorverwijzingen met bestemming en "
    "terugkoppeldata, stapelparen."
)


def regels() -> list[Bewaarregel]:
    gemeenschappelijk: dict[str, Any] = {
        "model": Signaal,
        "regios": _regios,
        "gemeente": _gemeente,
        "vernietigen": signaal_vernietigen,
        "referentie": _referentie,
        "zoeken": _zoeken,
        "dekt": (
            Signaal,
            BetrokkenPersoon,
            Identificator,
            Notitie,
            Gebeurtenis,
            Doorverwijzing,
            Partnerlink,
            Overlegbesluit,
            MelderTerugkoppeling,
        ),
        "wat": WAT,
    }
    return [
        Bewaarregel(
            soort=Termijnsoort.SIGNAAL_ZONDER_VERWIJZING,
            gesloten=lambda: (
                _gesloten(met_verwijzing=False)
                .select_related("gemeente")
                .prefetch_related("gemeente__regios")
            ),
            **gemeenschappelijk,
        ),
        Bewaarregel(
            soort=Termijnsoort.SIGNAAL_MET_VERWIJZING,
            gesloten=lambda: (
                _gesloten(met_verwijzing=True).select_related("gemeente").prefetch_related("gemeente__regios")
            ),
            **gemeenschappelijk,
        ),
    ]
