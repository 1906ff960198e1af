"""What waits for a zorgcoördinator ("Mijn werk", ``mensenhandel.werk``): the open aanmeldingen of
her regio's, of both kinds, and of the open trajectories she is responsible for or backs up (the
ones she can act on) the reviews due, the bedenktijd ending within 14 days, the care actions
without progress for 30 days and the agreements of a zorgoverleg past their date.

These are the only definitions of these conditions: the start page shows them through the work
list (its former "Aandacht nodig" section), and the e-mail of issue 18 counts them from here.
Each provider reads its records by an index: the inbox's partial indexes, the trajectories by
their responsible one or backup, the care actions by ``zorgactie_open_voortgang``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import Gebruiker, Rol
from mensenhandel.periode import datum_tekst
from mensenhandel.toegang import heeft_rol
from mensenhandel.werk import Regel, Werkbron
from zorgcoordinatie.models import OPEN_ZORGACTIE, Aanmelding, Afspraak, Traject, Zorgactie
from zorgcoordinatie.selectors import (
    open_aanmeldingen_voor,
    open_doorverwijzingen_voor,
    trajecten_bewerkbaar_voor,
)

BEDENKTIJD_SIGNAAL_DAGEN = 14
ZONDER_VOORTGANG_DAGEN = 30
TRAJECT = "zorgcoordinatie.Traject"

# The kinds of work that the start page's inbox shows in full (with gemeente, regio and form of
# exploitation): its section "Mijn werk" leaves them out instead of listing them twice.
SOORT_UIT_SIGNALEN = "zc.aanmeldingen_uit_signalen"
SOORT_DIRECT = "zc.directe_aanmeldingen"
IN_DE_INBOX = frozenset({SOORT_UIT_SIGNALEN, SOORT_DIRECT})


def _traject_url(traject: Traject, anker: str = "") -> str:
    url = reverse("zorgcoordinatie:traject", kwargs={"uuid": traject.uuid})
    return f"{url}#{anker}" if anker else url


def _mijn_open_trajecten(gebruiker: Gebruiker) -> QuerySet[Traject]:
    """The open trajectories this zorgcoördinator edits: responsible or backup."""
    return trajecten_bewerkbaar_voor(gebruiker).filter(afgesloten_op__isnull=True)


def _zc(gebruiker: Gebruiker) -> bool:
    return heeft_rol(gebruiker, Rol.ZORGCOORDINATOR)


def aanmeldingen_uit_signalen(gebruiker: Gebruiker) -> Werkbron | None:
    if not _zc(gebruiker):
        return None

    def regel(d: Any) -> Regel:
        return Regel(
            referentie=d.signaal.referentie,
            url=reverse("zorgcoordinatie:doorverwijzing_beantwoorden", kwargs={"uuid": d.uuid}),
            datum=d.datum,
            toelichting=f"doorverwezen op {datum_tekst(d.datum)}",
            getoond=("signalen.Signaal", d.signaal.uuid),
        )

    return Werkbron(
        soort=SOORT_UIT_SIGNALEN,
        label="Aanmeldingen uit signalen",
        url=reverse("zorgcoordinatie:inbox_signalen"),
        open=open_doorverwijzingen_voor(gebruiker)
        .only("uuid", "datum", "signaal__uuid", "signaal__referentie")
        .select_related(None)
        .select_related("signaal")
        .order_by("datum", "id"),
        regel=regel,
    )


def directe_aanmeldingen(gebruiker: Gebruiker) -> Werkbron | None:
    if not _zc(gebruiker):
        return None

    def regel(a: Aanmelding) -> Regel:
        return Regel(
            referentie=f"Aanmelding van {datum_tekst(a.datum)}",
            url=reverse("zorgcoordinatie:aanmelding_beantwoorden", kwargs={"uuid": a.uuid}),
            datum=a.datum,
            toelichting=a.get_bron_display(),
            getoond=("zorgcoordinatie.Aanmelding", a.uuid),
        )

    return Werkbron(
        soort=SOORT_DIRECT,
        label="Directe aanmeldingen",
        url=reverse("zorgcoordinatie:inbox_direct"),
        open=open_aanmeldingen_voor(gebruiker)
        .select_related(None)
        .only("uuid", "datum", "bron")
        .order_by("datum", "id"),
        regel=regel,
    )


def _trajectdatum(
    gebruiker: Gebruiker, *, soort: str, label: str, veld: str, tekst: str, voorwaarde: dict[str, Any]
) -> Werkbron:
    """Her open trajectories on which ``voorwaarde`` holds, the earliest ``veld`` (a date) first;
    an entry says ``tekst`` with that date."""

    def regel(t: Traject) -> Regel:
        datum = cast(date, getattr(t, veld))
        return Regel(
            referentie=t.client.dossiernummer,
            url=_traject_url(t),
            datum=datum,
            toelichting=f"{tekst} {datum_tekst(datum)}",
            getoond=(TRAJECT, t.uuid),
        )

    return Werkbron(
        soort=soort,
        label=label,
        url=reverse("zorgcoordinatie:start"),
        open=_mijn_open_trajecten(gebruiker)
        .filter(**voorwaarde)
        .select_related("client")
        .only("uuid", veld, "client__dossiernummer")
        .order_by(veld, "id"),
        regel=regel,
    )


def evaluaties_verlopen(gebruiker: Gebruiker) -> Werkbron | None:
    if not _zc(gebruiker):
        return None
    return _trajectdatum(
        gebruiker,
        soort="zc.evaluatie_verlopen",
        label="Evaluatie verlopen",
        veld="volgende_evaluatie",
        tekst="evaluatie was op",
        voorwaarde={"volgende_evaluatie__lt": timezone.localdate()},
    )


def bedenktijd_eindigt(gebruiker: Gebruiker) -> Werkbron | None:
    if not _zc(gebruiker):
        return None
    vandaag = timezone.localdate()
    return _trajectdatum(
        gebruiker,
        soort="zc.bedenktijd_eindigt",
        label=f"Bedenktijd loopt binnen {BEDENKTIJD_SIGNAAL_DAGEN} dagen af",
        veld="bedenktijd_eind",
        tekst="bedenktijd tot en met",
        voorwaarde={
            "verblijf": Traject.Verblijf.BEDENKTIJD,
            "bedenktijd_eind__gte": vandaag,
            "bedenktijd_eind__lte": vandaag + timedelta(days=BEDENKTIJD_SIGNAAL_DAGEN),
        },
    )


def zorgacties_zonder_voortgang(gebruiker: Gebruiker) -> Werkbron | None:
    if not _zc(gebruiker):
        return None
    grens = timezone.localdate() - timedelta(days=ZONDER_VOORTGANG_DAGEN)

    def regel(a: Zorgactie) -> Regel:
        return Regel(
            referentie=a.traject.client.dossiernummer,
            url=_traject_url(a.traject, "zorgacties"),
            datum=a.laatste_voortgang,
            toelichting=f"zorgactie zonder voortgang sinds {datum_tekst(a.laatste_voortgang)}",
            getoond=(TRAJECT, a.traject.uuid),
        )

    return Werkbron(
        soort="zc.zorgacties_zonder_voortgang",
        label=f"Zorgacties zonder voortgang in {ZONDER_VOORTGANG_DAGEN} dagen",
        url=reverse("zorgcoordinatie:start"),
        open=Zorgactie.objects.filter(
            traject__in=_mijn_open_trajecten(gebruiker),
            status__in=OPEN_ZORGACTIE,
            laatste_voortgang__lte=grens,
        )
        .select_related("traject__client")
        .only("laatste_voortgang", "traject__uuid", "traject__client__dossiernummer")
        .order_by("laatste_voortgang", "id"),
        regel=regel,
    )


def afspraken_verlopen(gebruiker: Gebruiker) -> Werkbron | None:
    if not _zc(gebruiker):
        return None

    def regel(a: Afspraak) -> Regel:
        traject = a.overleg.traject
        return Regel(
            referentie=traject.client.dossiernummer,
            url=_traject_url(traject, "zorgoverleg"),
            datum=a.deadline,
            toelichting=f"afspraak uit het zorgoverleg, uiterlijk {datum_tekst(a.deadline)}",
            getoond=(TRAJECT, traject.uuid),
        )

    return Werkbron(
        soort="zc.afspraken_verlopen",
        label="Afspraken over hun datum",
        url=reverse("zorgcoordinatie:start"),
        open=Afspraak.objects.filter(
            overleg__traject__in=_mijn_open_trajecten(gebruiker),
            afgerond_op__isnull=True,
            deadline__lt=timezone.localdate(),
        )
        .select_related("overleg__traject__client")
        .only("deadline", "overleg__traject__uuid", "overleg__traject__client__dossiernummer")
        .order_by("deadline", "id"),
        regel=regel,
    )
