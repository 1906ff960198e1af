"""Making the month's publications ahead of the first one who needs them (issue 16).

A regio's figures are published once per calendar month (``ketenregie.selectors.publicatie``):
the first view of the month, or the first report, counts every figure and protects it, which
takes a second or more for a large regio and four times that for a half-year's report (its
summary and trend print four periods). ``publicaties_voorbereiden`` makes them early in the
month, before the scheduled report at 06:00 on 1 January and 1 July, so that neither the
ketenregisseur's first view nor the report waits for them.

It makes exactly what a view or a report would make on that day, in the same way: the
figures do not depend on who made them first.
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone

from ketenregie.models import Maandpublicatie
from ketenregie.selectors import publicatie
from mensenhandel.models import Regio
from mensenhandel.periode import Periode
from rapportage import inhoud
from rapportage.models import Rapport
from rapportage.services import vorig_halfjaar

logger = logging.getLogger(__name__)


def voor_te_bereiden(vandaag: date) -> list[Periode]:
    """The distinct periods whose publication a regio's pages and its due report print on
    ``vandaag``: the running half-year (the start page and the dashboard open on it), then
    those of the previous half-year's report (its own, its comparison and its trend)."""
    soort, van, tot = vorig_halfjaar(vandaag)
    rapport = Rapport(soort=soort, van=van, tot=tot)  # not saved: only its periods are read
    return list(dict.fromkeys([Periode.halfjaar_van(vandaag), *inhoud.periodes_van(rapport)]))


def publicaties_voorbereiden(vandaag: date | None = None) -> int:
    """Make every regio's publications of ``voor_te_bereiden`` for this month, where they are
    not made yet: the number made. One query per publication once they are; a publication
    whose check could not be done is not kept (``regiocijfers``), so the next run tries again.
    """
    vandaag = vandaag or timezone.localdate()
    perioden = voor_te_bereiden(vandaag)
    deze_maand = Maandpublicatie.objects.filter(maand=vandaag.replace(day=1))
    voor = deze_maand.count()
    for regio in Regio.objects.order_by("naam", "pk"):
        for periode in perioden:
            publicatie.regiocijfers(regio, periode.van, periode.tot, vandaag=vandaag)
    gemaakt = deze_maand.count() - voor
    if gemaakt:
        logger.info("publicaties voorbereid: %s gemaakt voor %s", gemaakt, vandaag.strftime("%m-%Y"))
    return gemaakt
