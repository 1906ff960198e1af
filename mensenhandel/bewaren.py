"""Retention: which records are past their term, and their removal.

Each app names its rules (``bewaarregels`` on its AppConfig): the kind of record, the records
of that kind that are closed with the day they closed, the regio's whose term applies, and how
one record is removed. Removal takes out the personal data (persons, clients, identifiers and
their keyed hashes, free texts, notes) and their rows in the history tables, and leaves an
anonymous residue with what the figures count (gemeente, form, sector, source, dates of the
route, status, decision, referral outcome, phase dates, closing reason), so that the dashboard
and a report of a past period give the same numbers before and after.

``verlopen_vernietigen`` runs nightly (Celery beat). Each record goes in a transaction of its
own, after its row is locked and checked again (still closed, past its term, not held, not
removed before), so that a crash leaves every record whole or removed, and a second run finds
nothing more. Each removal writes one access-log row ("vernietigen", by the system). The log
of the application carries counts only.

Every model of this project's apps either falls under a rule (``dekt``) or is named, with the
reason, in the app's ``geen_bewaartermijn``; ``tests/mensenhandel/test_bewaren.py`` fails on
a model that is neither.
"""

from __future__ import annotations

import calendar
import logging
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from mensenhandel.bewaartermijnen import STANDAARD, Termijnsoort
from mensenhandel.models import Bewaarblokkade, Bewaartermijn, Gemeente, ToegangsLog
from mensenhandel.onderdelen import onderdelen

logger = logging.getLogger(__name__)

__all__ = [
    "Bewaarregel",
    "bewaarregels",
    "historie_wissen",
    "termijn_in_maanden",
    "verlopen",
    "verlopen_vernietigen",
    "vooruitblik",
]

PER_KEER = 200


@dataclass(frozen=True)
class Bewaarregel:
    """How one kind of record is kept and removed.

    ``gesloten()``: the records of this kind that are closed and not removed yet, annotated with
    ``gesloten_op`` (a date); an open case is never among them. ``regios(record)``: the pks of
    the regio's whose term applies. ``gemeente(record)``: the gemeente it is counted under in the
    beheerder's preview. ``vernietigen(record)``: removes its personal data and history rows and
    marks it removed; it runs inside the caller's transaction with the record's row locked.
    ``dekt``: every model whose personal data the rule removes (their history models too).
    """

    soort: Termijnsoort
    model: type[models.Model]
    gesloten: Callable[[], QuerySet[Any]]
    regios: Callable[[Any], Sequence[int]]
    gemeente: Callable[[Any], Gemeente | None]
    vernietigen: Callable[[Any], None]
    referentie: Callable[[Any], str]
    dekt: tuple[type[models.Model], ...] = field(default=())
    # What is removed and what stays, in Dutch (the beheerder's page and docs/privacy.md).
    wat: str = ""
    # The record a hold names (``Bewaarblokkade``): this model, or the one above it (a client
    # holds its trajectories), with the lookup from this model to that record's uuid.
    blokkade_model: type[models.Model] | None = None
    blokkade_via: str = "uuid"
    # Finds the held record by the reference users know (upper case), for the beheerder's hold.
    zoeken: Callable[[str], Any | None] | None = None

    @property
    def label(self) -> str:
        return (self.blokkade_model or self.model)._meta.label_lower


def bewaarregels() -> list[Bewaarregel]:
    """The rules of every app, in app order."""
    regels: list[Bewaarregel] = []
    for config in onderdelen():
        if config.bewaarregels:
            regels += import_string(config.bewaarregels)()
    return regels


def geen_bewaartermijn() -> dict[str, str]:
    """Model label → why no retention rule removes its rows."""
    uitleg: dict[str, str] = {}
    for config in onderdelen():
        uitleg.update(config.geen_bewaartermijn)
    return uitleg


# --- Terms ---------------------------------------------------------------------------------------


def maanden_terug(dag: date, maanden: int) -> date:
    """The same day ``maanden`` months earlier (the month's last day where it is shorter)."""
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 - maanden, 12)
    return date(jaar, maand + 1, min(dag.day, calendar.monthrange(jaar, maand + 1)[1]))


def _eigen_termijnen(soort: Termijnsoort) -> dict[int, int]:
    return dict(Bewaartermijn.objects.filter(soort=soort).values_list("regio_id", "maanden"))


def termijn_in_maanden(
    soort: Termijnsoort, regio_pks: Sequence[int], eigen: Mapping[int, int] | None = None
) -> int:
    """The term for a record of these regio's: the longest of theirs, the default for a regio
    without its own (and for a record of no regio)."""
    eigen = _eigen_termijnen(soort) if eigen is None else eigen
    standaard = STANDAARD[soort].maanden
    return max((eigen.get(pk, standaard) for pk in regio_pks), default=standaard)


def _zonder_blokkade(regel: Bewaarregel, qs: QuerySet[Any], dag: date) -> QuerySet[Any]:
    blokkades = Bewaarblokkade.objects.filter(
        object_type=regel.label,
        object_uuid=OuterRef(regel.blokkade_via),
        status=Bewaarblokkade.Status.ACTIEF,
        tot__gte=dag,
    )
    return qs.exclude(Exists(blokkades))


def verlopen(regel: Bewaarregel, dag: date) -> Generator[Any, None, None]:
    """The records of ``regel`` whose term has passed on ``dag`` and that no hold keeps."""
    eigen = _eigen_termijnen(regel.soort)
    kortste = min([STANDAARD[regel.soort].maanden, *eigen.values()])
    kandidaten = regel.gesloten().filter(gesloten_op__lte=maanden_terug(dag, kortste))
    for record in (
        _zonder_blokkade(regel, kandidaten, dag).order_by("gesloten_op", "pk").iterator(chunk_size=500)
    ):
        if record.gesloten_op <= maanden_terug(
            dag, termijn_in_maanden(regel.soort, regel.regios(record), eigen)
        ):
            yield record


# --- Removal -------------------------------------------------------------------------------------


def historie_wissen(model: type[models.Model], **filters: Any) -> int:
    """Delete a model's rows in its history table (django-simple-history) that match ``filters``."""
    historie = model.history.model  # type: ignore[attr-defined]
    aantal, _ = historie.objects.filter(**filters).delete()
    return int(aantal)


def _een_vernietigen(regel: Bewaarregel, pk: int, dag: date) -> bool:
    """Remove one record in its own transaction; False when it no longer qualifies."""
    with transaction.atomic():
        regel.model.objects.select_for_update().filter(pk=pk).first()  # type: ignore[attr-defined]
        record = next((r for r in verlopen_een(regel, pk, dag)), None)
        if record is None:
            return False
        regel.vernietigen(record)
        ToegangsLog.objects.create(
            gebruiker=None,
            actie=ToegangsLog.Actie.VERNIETIGEN,
            uitkomst=ToegangsLog.Uitkomst.TOEGESTAAN,
            object_type=regel.model._meta.label,
            object_id=str(record.uuid),
            scherm="bewaartermijnen",
            toelichting=f"bewaartermijn verstreken: {regel.soort.label}"[:200],
        )
    return True


def verlopen_een(regel: Bewaarregel, pk: int, dag: date) -> Iterator[Any]:
    """``verlopen`` for one record (checked again after its row is locked)."""
    eigen = _eigen_termijnen(regel.soort)
    for record in _zonder_blokkade(regel, regel.gesloten().filter(pk=pk), dag):
        if record.gesloten_op <= maanden_terug(
            dag, termijn_in_maanden(regel.soort, regel.regios(record), eigen)
        ):
            yield record


def verlopen_vernietigen(dag: date | None = None, *, per_keer: int = PER_KEER) -> dict[str, int]:
    """Remove every record past its term on ``dag`` (today), ``per_keer`` ids at a time.

    Returns the number removed per kind (and ``mislukt``: records whose removal failed; they
    stay whole, the error is logged with the record's id, and the next run tries again).
    Idempotent: what is removed is marked and not found again; a record that changed
    meanwhile (reopened, held) is skipped.
    """
    dag = dag or timezone.localdate()
    aantallen: Counter[str] = Counter()
    for regel in bewaarregels():
        mislukt: set[int] = set()
        while True:
            gevonden = verlopen(regel, dag)
            try:
                pks = [r.pk for r in islice((r for r in gevonden if r.pk not in mislukt), per_keer)]
            finally:
                gevonden.close()
            if not pks:
                break
            gedaan = 0
            for pk in pks:
                try:
                    gedaan += _een_vernietigen(regel, pk, dag)
                except Exception:
                    logger.exception("bewaartermijn mislukt soort=%s id=%s", regel.soort.value, pk)
                    mislukt.add(pk)
            aantallen[regel.soort.value] += gedaan
            if gedaan == 0 and not (set(pks) & mislukt):
                break  # found, but none qualified any more when locked: nothing left to do
        if mislukt:
            aantallen["mislukt"] += len(mislukt)
        logger.info(
            "bewaartermijn soort=%s vernietigd=%s mislukt=%s",
            regel.soort.value,
            aantallen[regel.soort.value],
            len(mislukt),
        )
    return {soort: aantal for soort, aantal in aantallen.items() if aantal}


# --- What will go --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vooruitblik:
    """What the removal takes on a day: per kind and per gemeente."""

    dag: date
    per_soort: dict[Termijnsoort, int]
    per_gemeente: dict[tuple[Termijnsoort, str], int]

    @property
    def totaal(self) -> int:
        return sum(self.per_soort.values())


def vooruitblik(dag: date) -> Vooruitblik:
    per_soort: Counter[Termijnsoort] = Counter()
    per_gemeente: Counter[tuple[Termijnsoort, str]] = Counter()
    for regel in bewaarregels():
        for record in verlopen(regel, dag):
            gemeente = regel.gemeente(record)
            per_soort[regel.soort] += 1
            per_gemeente[(regel.soort, gemeente.naam if gemeente else "—")] += 1
    return Vooruitblik(dag=dag, per_soort=dict(per_soort), per_gemeente=dict(sorted(per_gemeente.items())))
