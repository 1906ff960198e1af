"""The care within a trajectory: the intake per life domain, care actions, zorgoverleg and agreements."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mensenhandel.models import Gebruiker
from zorgcoordinatie.models import Afspraak, IntakeBehoefte, Levensdomein, Traject, Zorgactie, Zorgoverleg
from zorgcoordinatie.services.basis import _niet_afgesloten, _opslaan, _traject_opslaan, _traject_vergrendeld
from zorgcoordinatie.services.gegevens import ACTIEVELDEN, AfspraakGegevens, ZorgactieGegevens


def intake_vastleggen(
    *, traject: Traject, door: Gebruiker, behoeften: dict[str, tuple[str, str]], versie: int
) -> Traject:
    """Need per life domain (ja / nee / onbekend, with a note)."""
    onbekend = set(behoeften) - set(Levensdomein.values)
    if onbekend:
        raise ValidationError({"__all__": "Onbekend levensdomein."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door, versie)
        _niet_afgesloten(t)
        for domein, (behoefte, toelichting) in behoeften.items():
            rij = IntakeBehoefte.objects.filter(traject=t, domein=domein).first() or IntakeBehoefte(
                traject=t, domein=domein
            )
            rij.behoefte, rij.toelichting = behoefte, toelichting.strip()
            _opslaan(rij, door)
        _traject_opslaan(t, door)
    return t


def _actie_valideren(actie: Zorgactie) -> None:
    fouten = {}
    vandaag = timezone.localdate()
    if actie.gestart_op and actie.gestart_op < actie.aangevraagd_op:
        fouten["gestart_op"] = "De start ligt vóór de aanvraag."
    if actie.beeindigd_op and actie.gestart_op and actie.beeindigd_op < actie.gestart_op:
        fouten["beeindigd_op"] = "Het einde ligt vóór de start."
    if actie.aangevraagd_op > vandaag:
        fouten["aangevraagd_op"] = "Deze datum ligt in de toekomst."
    if fouten:
        raise ValidationError(fouten)


def zorgactie_toevoegen(*, traject: Traject, door: Gebruiker, gegevens: ZorgactieGegevens) -> Zorgactie:
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door)
        _niet_afgesloten(t)
        actie = Zorgactie(
            traject=t, **{k: v for k, v in gegevens.items() if k in ACTIEVELDEN and v is not None}
        )
        _actie_valideren(actie)
        _opslaan(actie, door)
        _traject_opslaan(t, door)
    return actie


def zorgactie_bijwerken(*, actie: Zorgactie, door: Gebruiker, gegevens: ZorgactieGegevens) -> Zorgactie:
    with transaction.atomic():
        t = _traject_vergrendeld(actie.traject, door)
        _niet_afgesloten(t)
        actie = Zorgactie.objects.select_for_update().get(pk=actie.pk, traject=t)
        voor = (actie.status, actie.gestart_op, actie.beeindigd_op, actie.warme_overdracht_op)
        for veld, waarde in gegevens.items():
            if veld in ACTIEVELDEN:
                setattr(actie, veld, waarde)
        # Progress is a change of status or of a milestone date, not a re-saved form.
        if (actie.status, actie.gestart_op, actie.beeindigd_op, actie.warme_overdracht_op) != voor:
            actie.laatste_voortgang = timezone.localdate()
        _actie_valideren(actie)
        _opslaan(actie, door)
        _traject_opslaan(t, door)
    return actie


def zorgoverleg_vastleggen(
    *, traject: Traject, door: Gebruiker, datum: date, organisaties: str, afspraken: list[AfspraakGegevens]
) -> Zorgoverleg:
    if not organisaties.strip():
        raise ValidationError({"organisaties": "Noem de organisaties die deelnamen."})
    if datum > timezone.localdate():
        raise ValidationError(
            {"datum": "Leg een zorgoverleg vast nadat het is gehouden; deze datum ligt in de toekomst."}
        )
    for gegevens in afspraken:
        if gegevens.get("deadline") and gegevens["deadline"] < datum:
            raise ValidationError({"__all__": "De uiterste datum van een afspraak ligt vóór het overleg."})
    with transaction.atomic():
        t = _traject_vergrendeld(traject, door)
        _niet_afgesloten(t)
        overleg = Zorgoverleg(traject=t, datum=datum, organisaties=organisaties.strip())
        _opslaan(overleg, door)
        for gegevens in afspraken:
            afspraak = Afspraak(overleg=overleg, **gegevens)
            _opslaan(afspraak, door)
        _traject_opslaan(t, door)
    return overleg


def afspraak_afronden(*, afspraak: Afspraak, door: Gebruiker) -> Afspraak:
    with transaction.atomic():
        _traject_vergrendeld(afspraak.overleg.traject, door)
        _niet_afgesloten(afspraak.overleg.traject)
        afspraak = Afspraak.objects.select_for_update().get(pk=afspraak.pk)
        if afspraak.afgerond_op is None:
            afspraak.afgerond_op = timezone.localdate()
            _opslaan(afspraak, door)
    return afspraak
