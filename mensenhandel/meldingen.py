"""E-mail about waiting work (issue 18 point 5): how many items wait, and a link; never what they are.

Each user chooses (``Meldingsvoorkeur``): a daily digest at an hour of their choice (the default,
08:00), "direct" (a mail when the count of waiting items rose since the last one), or none. The
count is ``mensenhandel.werk.aantallen``: the same "Mijn werk" the user sees, so only a role with
work ever gets a mail. The beat task ``mensenhandel.tasks.meldingen_versturen`` calls
``meldingen_versturen`` every ``MELDINGEN_INTERVAL`` seconds.

Sending once, losing nothing:

- a run *claims* a mail before sending it: a ``Melding`` row, unique per user and key
  (``dag:<date>`` for the digest, ``direct:<volgnummer>`` for a rise), written and committed in a
  transaction of its own. A redelivered or concurrent run meets the constraint (or, for "direct",
  a ``volgnummer`` that moved on) and sends nothing;
- when the send fails (the server is away, refuses, times out, or the task is stopped), the claim
  is removed again, so the next run sends it; the rest of the run waits for the next one as well
  (a server that is down would otherwise cost every user a timeout);
- ``verstuurd_op`` is set when the server accepted the mail. Only a worker killed outright between
  the claim and that moment leaves a claim without it: the outcome is unknown, and we take it as
  sent (at most once). A second mail saying the same count is worth less than the promise that no
  run sends twice; the items stay on the user's list and in their next mail.

A digest without waiting items is not sent (nor claimed): one that fills up later that day goes
out at the next run.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mensenhandel import werk
from mensenhandel.models import Gebruiker, Melding, Meldingsvoorkeur
from mensenhandel.models.meldingen import STANDAARD_UUR

logger = logging.getLogger(__name__)

Wijze = Meldingsvoorkeur.Wijze
ONDERWERP = "Er wacht werk op u in Aanpak mensenhandel"


class MailNietVerstuurd(Exception):
    """The mail server did not take a message; the run stops and the next one sends it."""


def voorkeur_van(gebruiker: Gebruiker) -> Meldingsvoorkeur:
    """The user's preference, or the default (not saved) when they never chose."""
    try:
        return gebruiker.meldingsvoorkeur
    except ObjectDoesNotExist:
        return Meldingsvoorkeur(gebruiker=gebruiker)


def meldingsvoorkeur_instellen(*, door: Gebruiker, wijze: str, uur: int) -> Meldingsvoorkeur:
    """Save the user's own preference. Switching to "direct" starts from the current count: a mail
    follows when more work comes, not at once for what already waits."""
    with transaction.atomic():
        voorkeur, _ = Meldingsvoorkeur.objects.select_for_update().get_or_create(gebruiker=door)
        if wijze == Wijze.DIRECT and voorkeur.wijze != Wijze.DIRECT:
            voorkeur.stand = sum(werk.aantallen(door).values())
        voorkeur.wijze = wijze
        voorkeur.uur = uur
        voorkeur.gewijzigd_op = timezone.now()
        voorkeur.full_clean()
        voorkeur.save()
    return voorkeur


def _link() -> str:
    return settings.APPLICATIE_URL + reverse("werk")


def _bericht(gebruiker: Gebruiker, aantal: int, verbinding: BaseEmailBackend) -> EmailMessage:
    tekst = render_to_string("meldingen/email.txt", {"aantal": aantal, "link": _link()})
    return EmailMessage(subject=ONDERWERP, body=tekst, to=[gebruiker.email], connection=verbinding)


def _versturen(bericht: EmailMessage, melding: Melding, terugdraaien: Callable[[], None]) -> None:
    """Send a claimed mail; on any failure undo the claim (the next run sends it) and stop."""
    try:
        bericht.send()
    except BaseException as fout:  # a soft time limit too: the claim must not outlive a mail never sent
        terugdraaien()
        if isinstance(fout, smtplib.SMTPException | OSError):
            # Ids and the kind of failure only: an SMTP error can quote the address.
            logger.warning(
                "melding niet verstuurd gebruiker=%s fout=%s", melding.gebruiker_id, type(fout).__name__
            )
            raise MailNietVerstuurd from fout
        raise
    Melding.objects.filter(pk=melding.pk).update(verstuurd_op=timezone.now())


def _weg(melding: Melding) -> None:
    melding.delete()


def _dagelijks(gebruiker: Gebruiker, sleutel: str, verbinding: BaseEmailBackend) -> str:
    aantal = sum(werk.aantallen(gebruiker).values())
    if not aantal:
        return "geen_werk"
    try:
        with transaction.atomic():
            melding = Melding.objects.create(gebruiker=gebruiker, sleutel=sleutel, aantal=aantal)
    except IntegrityError:
        return "al_verstuurd"
    _versturen(_bericht(gebruiker, aantal, verbinding), melding, lambda: _weg(melding))
    return "verstuurd"


def _direct(gebruiker: Gebruiker, voorkeur: Meldingsvoorkeur, verbinding: BaseEmailBackend) -> str:
    aantal = sum(werk.aantallen(gebruiker).values())
    eigen = Meldingsvoorkeur.objects.filter(pk=voorkeur.pk, volgnummer=voorkeur.volgnummer)
    if aantal <= voorkeur.stand:
        # Work was dealt with: the next rise counts from here.
        eigen.filter(stand__gt=aantal).update(stand=aantal)
        return "geen_werk"
    try:
        with transaction.atomic():
            if not eigen.update(volgnummer=F("volgnummer") + 1, stand=aantal):
                return "al_verstuurd"  # another run claimed this rise
            melding = Melding.objects.create(
                gebruiker=gebruiker, sleutel=f"direct:{voorkeur.volgnummer}", aantal=aantal
            )
    except IntegrityError:
        return "al_verstuurd"

    def terugdraaien() -> None:
        with transaction.atomic():
            melding.delete()
            Meldingsvoorkeur.objects.filter(pk=voorkeur.pk, volgnummer=voorkeur.volgnummer + 1).update(
                volgnummer=voorkeur.volgnummer, stand=voorkeur.stand
            )

    _versturen(_bericht(gebruiker, aantal, verbinding), melding, terugdraaien)
    return "verstuurd"


# How long a sent mail's record stays: its day or rise is long past by then (the claim only stops
# a second mail for the same one), and a user's "did I get a mail about that?" is answered.
BEWAREN_DAGEN = 90


def opschonen(nu: datetime | None = None) -> int:
    """Remove the records of mails claimed more than ``BEWAREN_DAGEN`` ago (the nightly retention
    task); returns how many."""
    grens = (nu or timezone.now()) - timedelta(days=BEWAREN_DAGEN)
    aantal, _ = Melding.objects.filter(geclaimd_op__lt=grens).delete()
    return aantal


def aan_de_beurt(nu: datetime) -> tuple[str, Q]:
    """The digest's key for ``nu`` (its date in the installation's time zone) and which users are
    due: "direct" always, a digest from its hour on unless today's was claimed; never "uit"."""
    lokaal = timezone.localtime(nu)
    sleutel = f"dag:{lokaal.date().isoformat()}"
    vandaag_gehad = Exists(Melding.objects.filter(gebruiker=OuterRef("pk"), sleutel=sleutel))
    dagelijks = Q(meldingsvoorkeur__wijze=Wijze.DAGELIJKS, meldingsvoorkeur__uur__lte=lokaal.hour)
    if lokaal.hour >= STANDAARD_UUR:
        dagelijks |= Q(meldingsvoorkeur__isnull=True)
    return sleutel, Q(meldingsvoorkeur__wijze=Wijze.DIRECT) | (dagelijks & ~Q(vandaag_gehad))


def meldingen_versturen(nu: datetime | None = None) -> dict[str, int]:
    """Send every active user whose turn it is their mail; returns how many of each outcome.
    Safe to run twice and side by side (see the module's docstring)."""
    sleutel, due = aan_de_beurt(nu or timezone.now())
    gebruikers = (
        Gebruiker.objects.filter(due, is_active=True).select_related("meldingsvoorkeur").order_by("pk")
    )
    uitkomst: Counter[str] = Counter()
    verbinding = get_connection()
    try:
        for gebruiker in gebruikers:
            voorkeur = voorkeur_van(gebruiker)
            try:
                if voorkeur.wijze == Wijze.DIRECT:
                    uitkomst[_direct(gebruiker, voorkeur, verbinding)] += 1
                else:
                    uitkomst[_dagelijks(gebruiker, sleutel, verbinding)] += 1
            except MailNietVerstuurd:
                uitkomst["mislukt"] += 1
                break  # the server is away or refuses: everything left waits for the next run
    finally:
        verbinding.close()
    logger.info("meldingen %s", dict(sorted(uitkomst.items())))
    return dict(uitkomst)
