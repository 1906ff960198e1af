"""Screens of the signals app: the start page per role, a signal's page and the meldroute.

Views read through ``signalen.selectors`` and write through ``signalen.services``, each
write through the kernel's form flow (``mensenhandel.acties``). A refused step
(``Geweigerd``) becomes a message and a redirect to the signal's page; a validation error
re-renders the form with the input kept (400); a version conflict re-renders it with the
conflict message (409).

One module per subject: ``overzicht`` (start pages, export), ``registratie`` (a new signal,
its details, its persons), ``detail`` (a signal's page), ``meldroute`` (the route's steps).
"""

from __future__ import annotations

from signalen.views.contact import contact_aanvragen, contactverzoek
from signalen.views.detail import detail
from signalen.views.meldroute import (
    besluit,
    blokkade_aanvragen,
    heropenen,
    koppeling,
    melder_terugkoppeling,
    notitie,
    terugkoppeling,
    wegen,
)
from signalen.views.overzicht import export, start
from signalen.views.partnerlink import partnerantwoord, partnerlink, partnerlink_intrekken
from signalen.views.registratie import (
    bewerken,
    nieuw,
    persoon_bewerken,
    persoon_toevoegen,
    persoon_verwijderen,
)
from signalen.views.treffers import treffers
from signalen.views.wissen import wissen, wisverzoek_beoordelen, wisverzoeken

__all__ = [
    "besluit",
    "bewerken",
    "blokkade_aanvragen",
    "contact_aanvragen",
    "contactverzoek",
    "detail",
    "export",
    "heropenen",
    "koppeling",
    "melder_terugkoppeling",
    "nieuw",
    "notitie",
    "partnerantwoord",
    "partnerlink",
    "partnerlink_intrekken",
    "persoon_bewerken",
    "persoon_toevoegen",
    "persoon_verwijderen",
    "start",
    "terugkoppeling",
    "treffers",
    "wegen",
    "wissen",
    "wisverzoek_beoordelen",
    "wisverzoeken",
]
