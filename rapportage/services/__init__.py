"""Every change of a report a user makes: ask for one, make a failed one again, vaststellen, delete.

Keyword-only, typed; invalid input raises ``ValidationError`` with a Dutch message per
field, a step that is not allowed raises ``Geweigerd`` (its message is shown as it is).
Each service owns its transaction and records who did it in the history. The worker's
own steps (taking a report up, progress, done, failed) are in ``rapportage.services.werk``;
the task in ``rapportage.tasks`` only calls them.

A request is sent to Celery with ``transaction.on_commit``: the worker never looks for a
report that is not committed yet, and a rolled-back request sends nothing.
"""

from __future__ import annotations

import logging
import uuid as uuidlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Regio, Rol
from mensenhandel.periode import Periode, datum_tekst, laatste_dag
from mensenhandel.toegang import heeft_rol, regios_van
from rapportage import opslag
from rapportage.models import Periodesoort, Rapport, Rapportopening, Status
from rapportage.services.versturen import versturen_na_commit

logger = logging.getLogger(__name__)

EERSTE_JAAR = 2000
# A custom period covers whole months: at least a quarter (fewer months give counts that can
# point at people, and two overlapping periods could be subtracted), at most five years.
KORTSTE_MAANDEN = 3
LANGSTE_MAANDEN = 5 * 12

FOUT_SOORT = "Kies welke periode de rapportage beslaat."
FOUT_JAAR = "Vul het jaar in, bijvoorbeeld {jaar}."
FOUT_JAAR_BEREIK = "Kies een jaar van {eerste} tot en met {laatste}."
FOUT_HALFJAAR_TOEKOMST = "Het {helft} van {jaar} is nog niet begonnen. Kies een periode die al begonnen is."
FOUT_VAN = "Vul de eerste maand in."
FOUT_TOT = "Vul de laatste maand in."
FOUT_VOLGORDE = "De laatste maand ligt vóór de eerste maand."
FOUT_VAN_TOEKOMST = "De eerste maand ligt in de toekomst. Kies een periode die al begonnen is."
FOUT_VAN_VROEG = f"Kies een eerste maand vanaf januari {EERSTE_JAAR}."
FOUT_VAN_MAAND = (
    "Een eigen periode begint op de eerste dag van een maand: cijfers zijn er alleen over hele maanden."
)
FOUT_TOT_MAAND = (
    "Een eigen periode eindigt op de laatste dag van een maand: cijfers zijn er alleen over hele maanden."
)
FOUT_TE_KORT = (
    f"Een eigen periode beslaat ten minste {KORTSTE_MAANDEN} hele maanden: over een kortere periode "
    "kunnen aantallen naar personen wijzen. Kies een latere laatste maand of een eerdere eerste maand."
)
FOUT_TE_LANG = (
    f"Een eigen periode beslaat ten hoogste vijf jaar ({LANGSTE_MAANDEN} maanden). Kies een kortere periode."
)
FOUT_REGIO = "Kies een van uw eigen regio's."

WEIGERING = "Alleen de ketenregisseur van de regio maakt en beheert de rapportages."
WEIGERING_VASTGESTELD_VERWIJDEREN = "Een vastgestelde rapportage kan niet worden verwijderd."
WEIGERING_VASTGESTELD_OPNIEUW = (
    "Een vastgestelde rapportage kan niet opnieuw worden gemaakt. Maak een nieuwe versie als de cijfers "
    "opnieuw moeten worden opgehaald."
)
WEIGERING_OPNIEUW_KLAAR = (
    "Deze versie is klaar. Wilt u de cijfers opnieuw ophalen, maak dan een nieuwe versie voor dezelfde "
    "periode."
)
WEIGERING_OPNIEUW_LOPEND = "Deze rapportage wordt al gemaakt. Wacht tot zij klaar is."
WEIGERING_OPNIEUW_PERIODE = (
    "Deze rapportage beslaat geen hele maanden (ten minste drie); cijfers worden alleen nog over hele "
    "maanden gemaakt. Vraag een rapportage over hele maanden aan."
)
WEIGERING_VASTSTELLEN_NIET_KLAAR = "Alleen een rapportage die klaar is, kan worden vastgesteld."
WEIGERING_AL_VASTGESTELD = "Deze versie is al vastgesteld."
WEIGERING_BESTAND = (
    "Een bestand van deze versie (de PDF of de cijfers) klopt niet meer met de controlesom die bij het "
    "maken is vastgelegd. Maak een nieuwe versie en stel die vast."
)


# --- The period -------------------------------------------------------------------------------


def vorig_halfjaar(dag: date) -> tuple[str, date, date]:
    """The half-year before the one ``dag`` lies in: (soort, van, tot)."""
    vorige = Periode.halfjaar_van(dag).vorige_halfjaar()
    soort = Periodesoort.EERSTE_HALFJAAR if vorige.helft == 1 else Periodesoort.TWEEDE_HALFJAAR
    return soort, vorige.van, vorige.tot


def periode_bepalen(
    *, soort: str, jaar: int | None = None, van: date | None = None, tot: date | None = None
) -> tuple[str, date, date]:
    """The (soort, van, tot) of a request, or ``ValidationError`` with a message per field.

    A custom period covers whole months, from ``KORTSTE_MAANDEN`` to ``LANGSTE_MAANDEN``
    (``periode_toegestaan``). One that is exactly a half-year becomes that half-year, so
    that its versions are counted together.
    """
    vandaag = timezone.localdate()
    if soort in (Periodesoort.EERSTE_HALFJAAR, Periodesoort.TWEEDE_HALFJAAR):
        if jaar is None:
            raise ValidationError({"jaar": FOUT_JAAR.format(jaar=vorig_halfjaar(vandaag)[1].year)})
        if not EERSTE_JAAR <= jaar <= vandaag.year:
            raise ValidationError({"jaar": FOUT_JAAR_BEREIK.format(eerste=EERSTE_JAAR, laatste=vandaag.year)})
        helft = 1 if soort == Periodesoort.EERSTE_HALFJAAR else 2
        gevraagd = Periode.halfjaar(jaar, helft)
        van, tot = gevraagd.van, gevraagd.tot
        if van > vandaag:
            naam = Periodesoort(soort).label.lower()
            raise ValidationError({"soort": FOUT_HALFJAAR_TOEKOMST.format(helft=naam, jaar=jaar)})
        return soort, van, tot
    if soort != Periodesoort.EIGEN:
        raise ValidationError({"soort": FOUT_SOORT})
    fouten: dict[str, str] = {}
    if van is None:
        fouten["van"] = FOUT_VAN
    if tot is None:
        fouten["tot"] = FOUT_TOT
    if van is not None:
        if van > vandaag:
            fouten["van"] = FOUT_VAN_TOEKOMST
        elif van < date(EERSTE_JAAR, 1, 1):
            fouten["van"] = FOUT_VAN_VROEG
        elif van.day != 1:
            fouten["van"] = FOUT_VAN_MAAND
    if tot is not None and tot != laatste_dag(tot.year, tot.month):
        fouten["tot"] = FOUT_TOT_MAAND
    if van is not None and tot is not None and not fouten:
        if tot < van:
            fouten["tot"] = FOUT_VOLGORDE
        elif Periode(van, tot).aantal_maanden < KORTSTE_MAANDEN:
            fouten["tot"] = FOUT_TE_KORT
        elif Periode(van, tot).aantal_maanden > LANGSTE_MAANDEN:
            fouten["tot"] = FOUT_TE_LANG
    if fouten or van is None or tot is None:
        raise ValidationError(fouten)
    for helft, halve in ((1, Periodesoort.EERSTE_HALFJAAR), (2, Periodesoort.TWEEDE_HALFJAAR)):
        if Periode(van, tot) == Periode.halfjaar(van.year, helft):
            return halve, van, tot
    return Periodesoort.EIGEN, van, tot


def periode_toegestaan(van: date, tot: date) -> bool:
    """Whether a report may count over ``van``–``tot``: whole months, one quarter to five years."""
    periode = Periode(van, tot)
    return periode.hele_maanden and KORTSTE_MAANDEN <= periode.aantal_maanden <= LANGSTE_MAANDEN


def periode_tekst(van: date, tot: date) -> str:
    return f"{datum_tekst(van)} tot en met {datum_tekst(tot)}"


# --- Asking for a report ------------------------------------------------------------------------


def _mag(door: Gebruiker, regio: Regio) -> bool:
    return (
        heeft_rol(door, Rol.KETENREGISSEUR)
        and regios_van(door, Rol.KETENREGISSEUR).filter(pk=regio.pk).exists()
    )


def _versturen_na_commit(rapport: Rapport) -> None:
    versturen_na_commit(rapport.pk)


def _verstuurd(rapport: Rapport) -> None:
    rapport.verstuurd_op = timezone.now()
    rapport.keer_verstuurd = 1


def rapport_aanvragen(
    *,
    door: Gebruiker | None,
    regio: Regio,
    soort: str,
    jaar: int | None = None,
    van: date | None = None,
    tot: date | None = None,
    formuliertoken: uuidlib.UUID | None = None,
    automatisch: bool = False,
) -> Rapport:
    """Ask for a report of ``regio`` over a period: a new version, made by Celery.

    ``door`` is the ketenregisseur who asks, or None for the schedule (``automatisch``,
    at most one per regio and period). The same ``formuliertoken`` twice (a double
    submit) gives the report made the first time.
    """
    if door is not None and not _mag(door, regio):
        raise Geweigerd(WEIGERING)
    if formuliertoken is not None:
        bestaand = Rapport.objects.filter(formuliertoken=formuliertoken, regio=regio).first()
        if bestaand is not None:
            return bestaand
    soort, van, tot = periode_bepalen(soort=soort, jaar=jaar, van=van, tot=tot)
    try:
        with transaction.atomic():
            # One request at a time per regio, so two requests never pick the same version.
            Regio.objects.select_for_update().get(pk=regio.pk)
            if automatisch:
                bestaand = Rapport.objects.filter(regio=regio, van=van, tot=tot, automatisch=True).first()
                if bestaand is not None:
                    return bestaand
            hoogste = Rapport.objects.filter(regio=regio, van=van, tot=tot).aggregate(m=Max("versie"))["m"]
            rapport = Rapport(
                regio=regio,
                soort=soort,
                van=van,
                tot=tot,
                versie=(hoogste or 0) + 1,
                aangevraagd_door=door,
                automatisch=automatisch,
                formuliertoken=formuliertoken,
            )
            _verstuurd(rapport)
            rapport._history_user = door  # type: ignore[attr-defined]  # read by django-simple-history
            rapport.save()
            _versturen_na_commit(rapport)
    except IntegrityError:
        # The same form submitted twice at the same moment, or the schedule twice.
        gevonden = Rapport.objects.filter(regio=regio, van=van, tot=tot)
        if formuliertoken is not None:
            gevonden = Rapport.objects.filter(formuliertoken=formuliertoken)
        elif automatisch:
            gevonden = gevonden.filter(automatisch=True)
        else:
            raise
        return gevonden.get()
    logger.info(
        "rapportage aangevraagd id=%s regio=%s versie=%s door=%s",
        rapport.pk,
        regio.pk,
        rapport.versie,
        door.pk if door else "schema",
    )
    return rapport


def rapport_opnieuw_maken(*, door: Gebruiker, rapport: Rapport) -> Rapport:
    """Make a failed version again: the same version, rendered anew.

    A failed version never had a PDF, so nothing anyone downloaded or vaststelde changes;
    a new version number for it would only leave gaps in the numbering the bestuurlijk
    overleg sees. A finished version is never made again (that would replace it): for new
    figures the ketenregisseur asks for a new version.
    """
    if not _mag(door, rapport.regio):
        raise Geweigerd(WEIGERING)
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update(of=("self",)).get(pk=rapport.pk)
        if rapport.vastgesteld:
            raise Geweigerd(WEIGERING_VASTGESTELD_OPNIEUW)
        if rapport.status == Status.KLAAR:
            raise Geweigerd(WEIGERING_OPNIEUW_KLAAR)
        if rapport.status in Status.lopend():
            raise Geweigerd(WEIGERING_OPNIEUW_LOPEND)
        if not periode_toegestaan(rapport.van, rapport.tot):  # a custom period from before
            raise Geweigerd(WEIGERING_OPNIEUW_PERIODE)
        rapport.status = Status.AANGEVRAAGD
        rapport.voortgang = 0
        rapport.foutmelding = ""
        rapport.pogingen = 0
        rapport.gestart_op = None
        rapport.klaar_op = None
        rapport.onderbroken = False
        rapport.niet_verstuurd = False
        rapport.taak_id = ""
        rapport.hartslag_op = None
        _verstuurd(rapport)
        rapport._history_user = door  # type: ignore[attr-defined]  # read by django-simple-history
        rapport.save()
        _versturen_na_commit(rapport)
    logger.info("rapportage opnieuw aangevraagd id=%s door=%s", rapport.pk, door.pk)
    return rapport


def rapport_vaststellen(*, door: Gebruiker, rapport: Rapport) -> Rapport:
    """Mark a finished version as the one the bestuurlijk overleg adopted; one per period."""
    if not _mag(door, rapport.regio):
        raise Geweigerd(WEIGERING)
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update(of=("self",)).get(pk=rapport.pk)
        if rapport.vastgesteld:
            raise Geweigerd(WEIGERING_AL_VASTGESTELD)
        if rapport.status != Status.KLAAR:
            raise Geweigerd(WEIGERING_VASTSTELLEN_NIET_KLAAR)
        andere = (
            Rapport.objects.filter(regio=rapport.regio, van=rapport.van, tot=rapport.tot)
            .exclude(pk=rapport.pk)
            .filter(vastgesteld_op__isnull=False)
            .first()
        )
        if andere is not None:
            raise Geweigerd(
                f"Versie {andere.versie} van deze periode is al vastgesteld. Er is per periode één "
                "vastgestelde versie."
            )
        if not all(opslag.controleren(b.naam, b.sha256) for b in rapport.bestanden()):
            raise Geweigerd(WEIGERING_BESTAND)
        rapport.vastgesteld_door = door
        rapport.vastgesteld_op = timezone.now()
        rapport._history_user = door  # type: ignore[attr-defined]  # read by django-simple-history
        try:
            with transaction.atomic():
                rapport.save(update_fields=["vastgesteld_door", "vastgesteld_op"])
        except IntegrityError:
            raise Geweigerd("Een andere versie van deze periode is zojuist vastgesteld.") from None
    logger.info("rapportage vastgesteld id=%s door=%s", rapport.pk, door.pk)
    return rapport


def rapport_verwijderen(*, door: Gebruiker, rapport: Rapport) -> None:
    """Delete a version that is not vastgesteld, with its PDF and figures (also one still
    being made)."""
    if not _mag(door, rapport.regio):
        raise Geweigerd(WEIGERING)
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update(of=("self",)).get(pk=rapport.pk)
        if rapport.vastgesteld:
            raise Geweigerd(WEIGERING_VASTGESTELD_VERWIJDEREN)
        rapport_uuid = rapport.uuid
        rapport._history_user = door  # type: ignore[attr-defined]  # read by django-simple-history
        rapport_id = rapport.pk
        rapport.delete()
        # The files go when the deletion is certain; a task still rendering them finds no
        # report when it is done and throws its temporary files away.
        transaction.on_commit(lambda: opslag.alles_verwijderen(rapport_uuid))
    logger.info("rapportage verwijderd id=%s door=%s", rapport_id, door.pk)


def rapport_geopend(*, rapport: Rapport, door: Gebruiker) -> None:
    """Record that ``door`` downloaded the report, the first time only (one query; a second
    download, also at the same moment, changes nothing): it leaves their work list."""
    Rapportopening.objects.bulk_create(
        [Rapportopening(rapport=rapport, gebruiker=door)], ignore_conflicts=True
    )
