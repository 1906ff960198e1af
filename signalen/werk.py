"""What waits for an aandachtsfunctionaris ("Mijn werk", ``mensenhandel.werk``), about the signals
they own (registered; the owner is who ``eigenaar_gezien_op`` is about): news received since they
last opened the signal, referrals whose feedback is overdue, a lopend signal whose look-again date
has come, and a hit outside their reach on a signal that is not closed.

Contact requests addressed to the AF (issue 18, point 1) are one more, read by the request's
foreign key to its addressee; reporters waiting for feedback (point 2) are one, read by
``signalen_melder_wacht``. Each provider reads by an
index: the registrar's signals (``signalen_door_gemeente``, ``signalen_nieuws_eigenaar``), the
referrals by their signal, the hits by ``signalen_treffer_elders`` and the pair table's indexes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import Gebruiker, Rol
from mensenhandel.periode import datum_tekst
from mensenhandel.toegang import gemeente_ids_van_af, heeft_rol
from mensenhandel.werk import Regel, Werkbron
from signalen.models import WACHTEND, Contactverzoek, Doorverwijzing, Koppeling, Signaal, Status
from signalen.models.signaal import melder_dagen
from signalen.selectors import _eigen_registraties_elders, melder_wacht, signalen_bewerkbaar_voor, wachtdagen

SIGNAAL = "signalen.Signaal"


def _eigen(gebruiker: Gebruiker) -> QuerySet[Signaal]:
    """The signals this AF registered and may still change (a restricted one waits for nobody)."""
    return signalen_bewerkbaar_voor(gebruiker).filter(geregistreerd_door=gebruiker)


def _detail(signaal: Signaal, anker: str = "") -> str:
    url = reverse("signalen:detail", kwargs={"uuid": signaal.uuid})
    return f"{url}#{anker}" if anker else url


def _af(gebruiker: Gebruiker) -> bool:
    return heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS)


def nieuws(gebruiker: Gebruiker) -> Werkbron | None:
    if not _af(gebruiker):
        return None

    def regel(s: Signaal) -> Regel:
        dag = timezone.localdate(s.nieuws_op)
        return Regel(
            referentie=s.referentie,
            url=_detail(s),
            datum=dag,
            toelichting=f"terugkoppeling of besluit ontvangen op {datum_tekst(dag)}",
            getoond=(SIGNAAL, s.uuid),
        )

    return Werkbron(
        soort="af.nieuws",
        label="Nieuws over uw signalen",
        url=reverse("signalen:start"),
        open=_eigen(gebruiker)
        .filter(nieuws_op__isnull=False)
        .filter(Q(eigenaar_gezien_op__isnull=True) | Q(eigenaar_gezien_op__lt=F("nieuws_op")))
        .only("uuid", "referentie", "nieuws_op")
        .order_by("nieuws_op", "id"),
        regel=regel,
    )


def terugkoppeling_te_laat(gebruiker: Gebruiker) -> Werkbron | None:
    if not _af(gebruiker):
        return None
    grens = timezone.localdate() - timedelta(days=wachtdagen())

    def regel(d: Doorverwijzing) -> Regel:
        return Regel(
            referentie=d.signaal.referentie,
            url=_detail(d.signaal, "doorverwijzingen"),
            datum=d.datum,
            toelichting=f"doorverwezen naar {d.get_bestemming_display()} op {datum_tekst(d.datum)}",
            getoond=(SIGNAAL, d.signaal.uuid),
        )

    return Werkbron(
        soort="af.terugkoppeling_te_laat",
        label=f"Geen terugkoppeling na {wachtdagen()} dagen",
        url=f"{reverse('signalen:start')}?wacht=on",
        open=Doorverwijzing.objects.filter(
            signaal__in=_eigen(gebruiker), terugkoppeling__in=WACHTEND, datum__lt=grens
        )
        .select_related("signaal")
        .only("datum", "bestemming", "signaal__uuid", "signaal__referentie")
        .order_by("datum", "id"),
        regel=regel,
    )


def melder_terugkoppeling(gebruiker: Gebruiker) -> Werkbron | None:
    """A signal whose reporter (not anonymous) has had no feedback after the configured days."""
    if not _af(gebruiker):
        return None

    def regel(s: Signaal) -> Regel:
        return Regel(
            referentie=s.referentie,
            url=reverse("signalen:melder_terugkoppeling", kwargs={"uuid": s.uuid}),
            datum=s.datum_geregistreerd,
            toelichting=f"melder wacht, geregistreerd op {datum_tekst(s.datum_geregistreerd)}",
            getoond=(SIGNAAL, s.uuid),
        )

    return Werkbron(
        soort="af.melder_terugkoppeling",
        label=f"Melders zonder terugkoppeling na {melder_dagen()} dagen",
        url=f"{reverse('signalen:start')}?melder=on",
        open=_eigen(gebruiker)
        .filter(melder_wacht())
        .only("uuid", "referentie", "datum_geregistreerd")
        .order_by("datum_geregistreerd", "id"),
        regel=regel,
    )


def opnieuw_bekijken(gebruiker: Gebruiker) -> Werkbron | None:
    if not _af(gebruiker):
        return None

    def regel(s: Signaal) -> Regel:
        return Regel(
            referentie=s.referentie,
            url=_detail(s, "besluit"),
            datum=s.monitoren_tot,
            toelichting=f"lopend signaal, opnieuw bekijken op {datum_tekst(cast(date, s.monitoren_tot))}",
            getoond=(SIGNAAL, s.uuid),
        )

    return Werkbron(
        soort="af.opnieuw_bekijken",
        label="Lopende signalen om opnieuw te bekijken",
        url=f"{reverse('signalen:start')}?controle=on",
        open=_eigen(gebruiker)
        .filter(status=Status.LOPEND, monitoren_tot__lte=timezone.localdate())
        .only("uuid", "referentie", "monitoren_tot")
        .order_by("monitoren_tot", "id"),
        regel=regel,
    )


def contactverzoeken(gebruiker: Gebruiker) -> Werkbron | None:
    """A contact request about a hit, addressed to this AF and not yet answered."""
    if not _af(gebruiker):
        return None

    def regel(v: Contactverzoek) -> Regel:
        dag = timezone.localdate(v.aangevraagd_op)
        return Regel(
            referentie=v.aan_signaal.referentie,
            url=reverse("signalen:contactverzoek", kwargs={"uuid": v.uuid}),
            datum=dag,
            toelichting=f"verzoek om contact over een treffer, sinds {datum_tekst(dag)}",
            getoond=(SIGNAAL, v.aan_signaal.uuid),
        )

    return Werkbron(
        soort="af.contactverzoeken",
        label="Contactverzoeken over treffers",
        url=reverse("signalen:start"),
        open=Contactverzoek.objects.filter(
            aan=gebruiker,
            status=Contactverzoek.Status.OPEN,
            aan_signaal__in=signalen_bewerkbaar_voor(gebruiker),
        )
        .select_related("aan_signaal")
        .only("uuid", "aangevraagd_op", "aan_signaal__uuid", "aan_signaal__referentie")
        .order_by("aangevraagd_op", "id"),
        regel=regel,
    )


def treffers_elders(gebruiker: Gebruiker) -> Werkbron | None:
    """An open signal of the AF that shares a person with a kept signal outside their reach
    (what the start page's "Treffers elders" box shows) while the hit waits for them: a suggested
    pair without a request that is open (the other side's turn) or declined (the ketenregisseur
    brokers), and, once contact was made, until they judged it for their own signal."""
    if not _af(gebruiker):
        return None
    gemeenten, elders = gemeente_ids_van_af(gebruiker), _eigen_registraties_elders(gebruiker)

    def buiten_bereik(kant: str) -> Q:  # kept, and outside the AF's reading scope
        return Q(**{f"{kant}__vernietigd_op__isnull": True}) & ~(
            Q(**{f"{kant}__gemeente_id__in": gemeenten}) | Q(**{f"{kant}_id__in": elders})
        )

    wacht_elders = Contactverzoek.objects.filter(
        koppeling=OuterRef("pk"), status__in=[Contactverzoek.Status.OPEN, Contactverzoek.Status.AFGEWEZEN]
    )
    paren = Koppeling.objects.filter(beoordeling=Koppeling.Beoordeling.VOORGESTELD).exclude(
        Exists(wacht_elders)
    )
    als_a = paren.filter(buiten_bereik("signaal_b"), signaal_a=OuterRef("pk"), bevestigd_a_op__isnull=True)
    als_b = paren.filter(buiten_bereik("signaal_a"), signaal_b=OuterRef("pk"), bevestigd_b_op__isnull=True)

    def regel(s: Signaal) -> Regel:
        return Regel(
            referentie=s.referentie,
            url=_detail(s, "stapeling"),
            datum=s.datum_geregistreerd,
            toelichting="elders is een signaal over een persoon hierin bekend",
            getoond=(SIGNAAL, s.uuid),
        )

    return Werkbron(
        soort="af.treffers_elders",
        label="Treffers buiten uw gemeente(n)",
        url=reverse("signalen:start"),
        open=_eigen(gebruiker)
        .filter(Q(treffer_buiten_gemeente=True) | Q(pk__in=elders))
        .exclude(status=Status.AFGESLOTEN)
        .filter(Exists(als_a) | Exists(als_b))
        .only("uuid", "referentie", "datum_geregistreerd")
        .order_by("datum_geregistreerd", "id"),
        regel=regel,
    )
