"""Every read of signals, already scoped to the user who asks.

- An aandachtsfunctionaris reads and edits the signals of the gemeenten they serve and
  the ones they registered.
- A zorgcoördinator reads (never edits) the signals referred to zorgcoördinatie in
  their regio's.
- A ketenregisseur reads figures and a pseudonymised list; signals themselves only in
  regio's whose setting "ketenregisseur mag casuïstiek inzien" is on.
- The functional administrator reads no signals.
"""

from __future__ import annotations

import functools
import itertools
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from mensenhandel.models import Gemeente, Rol
from mensenhandel.toegang import (
    gemeente_ids_van_af,
    heeft_rol,
    onthouden,
    regio_ids_van,
    regiogemeente_ids_van,
    regios_met_casuistiek_voor_kr,
)
from mensenhandel.vooraf import Vooraf, plaatshouders
from signalen.grof import Kenmerken
from signalen.models import (
    VORM_VELDEN,
    WACHTEND,
    Bestemming,
    BetrokkenPersoon,
    Bron,
    Contactverzoek,
    Doorverwijzing,
    Koppeling,
    Notitie,
    Overlegbesluit,
    Signaal,
    Status,
    Uitbuitingsvorm,
)
from signalen.models.signaal import melder_grens


def wachtdagen() -> int:
    return settings.SIGNALEN_TERUGKOPPELING_WACHTDAGEN


def bewaard() -> QuerySet[Signaal]:
    """The signals whose personal data is kept: what any page shows. Those whose retention term
    removed it (``signalen.bewaren``) count in the figures only."""
    return Signaal.objects.filter(vernietigd_op__isnull=True)


def _van_af(gebruiker: Any) -> QuerySet[Signaal]:
    """An AF's own signals: those of the gemeenten they serve and those they registered.

    Both as literal ids, read once per request (issue 16): ``gemeente_id IN (…)`` is answered
    from the indexes on gemeente, where the old ``… OR geregistreerd_door_id = …`` made the
    planner read the whole table."""
    if not heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return Signaal.objects.none()
    gemeenten, elders = gemeente_ids_van_af(gebruiker), _eigen_registraties_elders(gebruiker)
    if elders:
        return bewaard().filter(Q(gemeente_id__in=gemeenten) | Q(pk__in=elders))
    return bewaard().filter(gemeente_id__in=gemeenten)


def _eigen_registraties_elders(gebruiker: Any) -> tuple[int, ...]:
    """The signals this AF registered in a gemeente they no longer serve (rare), once per request:
    one SELECT per range around the AF's gemeenten, joined by UNION ALL, each answered by the index
    (registrar, gemeente) alone, which an OR of the ranges is not."""

    def lezen() -> tuple[int, ...]:
        rangen = _buiten(gemeente_ids_van_af(gebruiker))
        query = _elders_query(connection.vendor, tuple((o is None, b is None) for o, b in rangen))
        grenzen = [grens for rang in rangen for grens in rang if grens is not None]
        return tuple(rij[0] for rij in query.rijen([gebruiker.pk, *grenzen]))

    return onthouden(gebruiker, "eigen_registraties_elders", lezen)


@functools.cache
def _elders_query(vendor: str, vorm: tuple[tuple[bool, bool], ...]) -> Vooraf:
    """The union of ``_eigen_registraties_elders`` for ranges of this shape (which bounds are
    open), compiled once per process (``mensenhandel.vooraf``), as the scope's query is: building
    and compiling the union cost more than running it, on every AF's page. Its placeholders: the
    user, then the ranges' bounds in order."""
    gebruiker, *plekken = plaatshouders(
        1 + sum(2 - open_onder - open_boven for open_onder, open_boven in vorm)
    )
    grenzen = iter(plekken)
    rangen = [
        (None if open_onder else next(grenzen), None if open_boven else next(grenzen))
        for open_onder, open_boven in vorm
    ]
    delen = [
        Signaal.objects.filter(_tussen(onder, boven), geregistreerd_door_id=gebruiker)
        .order_by()
        .values_list("pk", flat=True)
        for onder, boven in rangen
    ]
    return Vooraf.van(delen[0].union(*delen[1:], all=True))


def niet_beperkt(basis: QuerySet[Signaal]) -> QuerySet[Signaal]:
    """Without the signals whose processing is restricted (art. 18 AVG, ``signalen.inzage``)."""
    return basis.filter(verwerking_beperkt_op__isnull=True)


def signalen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Signaal]:
    """The signals this user may change: an AF's own, unless their processing is restricted."""
    return niet_beperkt(_van_af(gebruiker))


def signalen_leesbaar_voor(gebruiker: Any) -> QuerySet[Signaal]:
    """The signals whose content (persons, description) this user may read.

    A signal whose processing is restricted stays readable for the AF who owns it only."""
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return _van_af(gebruiker)
    if heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        doorverwezen = Doorverwijzing.objects.filter(
            signaal=OuterRef("pk"),
            bestemming=Bestemming.ZORGCOORDINATOR,
            regio_id__in=regio_ids_van(gebruiker),
        )
        return niet_beperkt(bewaard()).filter(Exists(doorverwezen))
    if heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return niet_beperkt(bewaard()).filter(gemeente_id__in=_casuistiekgemeenten(gebruiker))
    return Signaal.objects.none()


def _buiten(gemeenten: tuple[int, ...]) -> list[tuple[int | None, int | None]]:
    """``gemeente_id NOT IN gemeenten`` as the ranges around and between them: (above, below),
    both exclusive, None where a range is open."""
    grenzen = sorted(gemeenten)
    if not grenzen:
        return [(None, None)]
    delen: list[tuple[int | None, int | None]] = [(None, grenzen[0]), (grenzen[-1], None)]
    delen += [(onder, boven) for onder, boven in itertools.pairwise(grenzen) if boven > onder + 1]
    return delen


def _tussen(onder: int | None, boven: int | None) -> Q:
    """``onder < gemeente_id < boven``, either bound open when None."""
    voorwaarde = Q()
    if onder is not None:
        voorwaarde &= Q(gemeente_id__gt=onder)
    if boven is not None:
        voorwaarde &= Q(gemeente_id__lt=boven)
    return voorwaarde


def _casuistiekgemeenten(gebruiker: Any) -> tuple[int, ...]:
    """The gemeenten of the KR's regio's with casework, as literal ids, once per request."""
    return onthouden(
        gebruiker,
        "casuistiekgemeenten",
        lambda: tuple(
            Gemeente.objects.filter(regios__in=regios_met_casuistiek_voor_kr(gebruiker))
            .order_by()
            .values_list("pk", flat=True)
            .distinct()
        ),
    )


def signalen_in_regio_voor_kr(gebruiker: Any) -> QuerySet[Signaal]:
    """All signals of a ketenregisseur's regio's: for counts and the pseudonymised list."""
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return Signaal.objects.none()
    return bewaard().filter(gemeente_id__in=regiogemeente_ids_van(gebruiker, Rol.KETENREGISSEUR))


def kenmerken_van(basis: QuerySet[Signaal]) -> list[Kenmerken]:
    """What the coarse lists (``signalen.grof``) start from, one row per signal, in one query."""
    labels = dict(Uitbuitingsvorm.choices)
    statussen = dict(Status.choices)
    vormen = list(VORM_VELDEN.items())
    return [
        Kenmerken(
            datum=rij[0],
            gemeente=rij[1],
            vormen=tuple(labels[v] for (v, _), aan in zip(vormen, rij[3:], strict=True) if aan),
            status=statussen[rij[2]],
        )
        for rij in basis.order_by().values_list(
            "datum_geregistreerd", "gemeente__naam", "status", *(veld for _, veld in vormen)
        )
    ]


def personen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[BetrokkenPersoon]:
    return BetrokkenPersoon.objects.filter(signaal__in=signalen_bewerkbaar_voor(gebruiker)).select_related(
        "signaal"
    )


def doorverwijzingen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Doorverwijzing]:
    return Doorverwijzing.objects.filter(signaal__in=signalen_bewerkbaar_voor(gebruiker)).select_related(
        "signaal"
    )


def koppelingen_bewerkbaar_voor(gebruiker: Any) -> QuerySet[Koppeling]:
    """Pairs of which this user may edit at least one signal: who may edit both judges the pair,
    the holder of one side judges it for that side once contact was made across the two
    (``services.koppeling_beoordelen`` decides which)."""
    bewerkbaar = signalen_bewerkbaar_voor(gebruiker)
    return Koppeling.objects.filter(Q(signaal_a__in=bewerkbaar) | Q(signaal_b__in=bewerkbaar)).select_related(
        "signaal_a", "signaal_b"
    )


def mag_bewerken(gebruiker: Any, signaal: Signaal) -> bool:
    return signalen_bewerkbaar_voor(gebruiker).filter(pk=signaal.pk).exists()


def signaal_detail(basis: QuerySet[Signaal]) -> QuerySet[Signaal]:
    """One signal's page: everything it shows in a fixed number of queries."""
    return basis.select_related("gemeente", "geregistreerd_door").prefetch_related(
        "indicatoren",
        "personen",
        Prefetch("notities", queryset=Notitie.objects.select_related("auteur")),
        Prefetch(
            "doorverwijzingen",
            queryset=Doorverwijzing.objects.select_related("regio", "door"),
        ),
        "gebeurtenissen__gebruiker",
        Prefetch("overlegbesluiten", queryset=Overlegbesluit.objects.select_related("vastgelegd_door")),
        "melder_terugkoppelingen",
    )


def _te_lang_wachtend() -> QuerySet[Doorverwijzing]:
    grens = timezone.localdate() - timedelta(days=wachtdagen())
    return Doorverwijzing.objects.filter(
        terugkoppeling__in=WACHTEND,
        datum__lt=grens,
    )


def wacht_te_lang() -> Exists:
    """A condition on signals: a referral of it waits too long for feedback (the list's filter)."""
    return Exists(_te_lang_wachtend().filter(signaal=OuterRef("pk")))


def melder_wacht() -> Q:
    """A condition on signals: the reporter (not anonymous) has had no feedback, more than
    ``melder_dagen()`` days after registration (the list's filter; the index
    ``signalen_melder_wacht`` serves it)."""
    return Q(
        melder_teruggekoppeld_na__isnull=True,
        vernietigd_op__isnull=True,
        datum_geregistreerd__lt=melder_grens(),
    ) & ~Q(bron=Bron.ANONIEM)


def signaallijst(basis: QuerySet[Signaal]) -> QuerySet[Signaal]:
    """The list's rows, gemeente joined; ``met_wachttijd`` reads the rows shown."""
    return basis.select_related("gemeente")


def met_wachttijd(rijen: QuerySet[Signaal]) -> list[Signaal]:
    """Read the rows (a page of a ``signaallijst``) with, per row, whether a referral waits too
    long: one query. The rows are picked first and the flag computed for those only, so the
    planner looks up the referrals of 25 signals instead of hashing every referral ever made (as a
    column of the whole list it did, issue 16). The gemeente's name comes as a column
    (``gemeente_naam``), not as a Gemeente per row: 25 more models cost a sixth of the read."""
    volgorde = [str(v) for v in (rijen.query.order_by or Signaal._meta.ordering or ())]
    return list(
        Signaal.objects.only(*LIJST_VELDEN)
        .annotate(wacht_te_lang=wacht_te_lang(), gemeente_naam=F("gemeente__naam"))
        .filter(pk__in=rijen.values("pk"))
        .order_by(*volgorde)
    )


# What the list prints of a signal (``templates/signalen/start.html``): not its description or
# its other columns, which are no business of a list and cost a third of reading the page.
LIJST_VELDEN = (
    "uuid",
    "referentie",
    "datum_geregistreerd",
    "status",
    "monitoren_tot",
    "acuut_gevaar",
    "geregistreerd_door_id",
    "nieuws_op",
    "eigenaar_gezien_op",
    "bron",
    "melder_teruggekoppeld_na",
    "vernietigd_op",
    *VORM_VELDEN.values(),
)


def tellingen_per_status(basis: QuerySet[Signaal], binnen: Q | None = None) -> tuple[dict[str, int], int]:
    """The counts per status of ``basis`` and how many of it match ``binnen`` (the list's filter),
    in one aggregate over the same scoped rows (issue 16)."""
    # COUNT(status), not COUNT(id): unfiltered, the partial index (gemeente, status) answers it alone.
    rijen = (
        basis.order_by().values("status").annotate(n=Count("status"), binnen=Count("status", filter=binnen))
    )
    tellingen = dict.fromkeys(Status.values, 0) | {r["status"]: r["n"] for r in rijen}
    return tellingen, sum(r["binnen"] for r in rijen)


def koppelingen_van(signaal: Signaal) -> QuerySet[Koppeling]:
    return (
        Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
        .exclude(beoordeling=Koppeling.Beoordeling.AFGEWEZEN)
        .filter(signaal_a__vernietigd_op__isnull=True, signaal_b__vernietigd_op__isnull=True)
        .select_related("signaal_a__gemeente", "signaal_b__gemeente")
    )


def aanmeldingen_voor_zc(gebruiker: Any) -> QuerySet[Doorverwijzing]:
    """Referrals to zorgcoördinatie in this zorgcoördinator's regio's (the inbox); not those of a
    signal whose processing is restricted (art. 18 AVG) while it is."""
    if not heeft_rol(gebruiker, Rol.ZORGCOORDINATOR):
        return Doorverwijzing.objects.none()
    return Doorverwijzing.objects.filter(
        bestemming=Bestemming.ZORGCOORDINATOR,
        regio_id__in=regio_ids_van(gebruiker),
        signaal__vernietigd_op__isnull=True,
        signaal__verwerking_beperkt_op__isnull=True,
    ).select_related("signaal__gemeente", "regio")


def signalen_met_treffer_elders(gebruiker: Any, aantal: int = 10) -> list[Signaal]:
    """The AF's newest own signals (at most ``aantal``) that share a person with a signal outside
    their reach.

    This is how "the AF on the other side is told": no content of the other signal,
    only that it exists, so they can contact the ketenregisseur or zorgcoördinator.

    Two queries whose cost follows the AF's scope, not the number of pairs (issue 16): the newest
    candidates, the AF's signals that stacking marked as paired with another gemeente's
    (``Signaal.treffer_buiten_gemeente``, a partial index; a registration outside the AF's
    gemeenten may pair within its gemeente, so those count too); then, by the pair table's
    indexes, which of them have a pair with a kept signal outside the AF's reach. A mark that no
    longer holds (a rejected pair) costs a look; a batch that yields too few looks further.
    """
    if not heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        return []
    gemeenten, elders = gemeente_ids_van_af(gebruiker), _eigen_registraties_elders(gebruiker)
    kandidaten = (
        signalen_bewerkbaar_voor(gebruiker)
        .filter(Q(treffer_buiten_gemeente=True) | Q(pk__in=elders))
        .select_related("gemeente")
        .order_by("-id")
    )

    def buiten_bereik(kant: str) -> Q:  # kept, and outside the AF's reading scope (``_van_af``)
        return Q(**{f"{kant}__vernietigd_op__isnull": True}) & ~(
            Q(**{f"{kant}__gemeente_id__in": gemeenten}) | Q(**{f"{kant}_id__in": elders})
        )

    gevonden: list[Signaal] = []
    partij, begin = 5 * aantal, 0
    while True:
        reeks = list(kandidaten[begin : begin + partij])
        begin += partij
        ids = [s.pk for s in reeks]
        met_treffer: set[int] = set()
        if ids:
            for a, b, a_hier in (
                Koppeling.objects.exclude(beoordeling=Koppeling.Beoordeling.AFGEWEZEN)
                .filter(
                    (Q(signaal_a_id__in=ids) & buiten_bereik("signaal_b"))
                    | (Q(signaal_b_id__in=ids) & buiten_bereik("signaal_a"))
                )
                .annotate(a_hier=Q(signaal_a_id__in=ids))
                .values_list("signaal_a_id", "signaal_b_id", "a_hier")
            ):
                met_treffer.add(a if a_hier else b)
        gevonden += [s for s in reeks if s.pk in met_treffer]
        if len(gevonden) >= aantal or len(reeks) < partij:
            return gevonden[:aantal]


GEEN_VERZOEK = "geen"


def treffers_tussen_gemeenten_voor_kr(
    gebruiker: Any, *, verzoek: str = "", sterkte: str = ""
) -> QuerySet[Koppeling]:
    """The open pairs across two gemeenten with at least one signal in the ketenregisseur's
    regio's, oldest first (issue 18 point 1): a match that stalls can be brokered, also with
    casework off. Both signals kept and not restricted; with the latest contact request's status
    and date (``verzoekstatus``, ``verzoek_op``), never a person. The candidates are the regio's
    signals that stacking marked (``treffer_buiten_gemeente``, a partial index).

    ``verzoek`` filters on the latest request's status ("geen": none yet), ``sterkte`` on the
    pair's strength."""
    gemeenten = regiogemeente_ids_van(gebruiker, Rol.KETENREGISSEUR)
    if not gemeenten:
        return Koppeling.objects.none()
    kandidaten = niet_beperkt(bewaard()).filter(gemeente_id__in=gemeenten, treffer_buiten_gemeente=True)
    laatste = Contactverzoek.objects.filter(koppeling=OuterRef("pk")).order_by("-aangevraagd_op", "-pk")
    paren = Koppeling.objects.filter(beoordeling=Koppeling.Beoordeling.VOORGESTELD)
    if sterkte:
        paren = paren.filter(sterkte=sterkte)
    if verzoek == GEEN_VERZOEK:
        paren = paren.exclude(Exists(Contactverzoek.objects.filter(koppeling=OuterRef("pk"))))
    elif verzoek:
        later = Contactverzoek.objects.filter(
            koppeling=OuterRef("koppeling"), aangevraagd_op__gt=OuterRef("aangevraagd_op")
        )
        laatste_met_status = Contactverzoek.objects.filter(status=verzoek).exclude(Exists(later))
        paren = paren.filter(pk__in=laatste_met_status.values("koppeling_id"))
    return (
        paren.filter(Q(signaal_a__in=kandidaten.values("pk")) | Q(signaal_b__in=kandidaten.values("pk")))
        .filter(
            signaal_a__vernietigd_op__isnull=True,
            signaal_b__vernietigd_op__isnull=True,
            signaal_a__verwerking_beperkt_op__isnull=True,
            signaal_b__verwerking_beperkt_op__isnull=True,
        )
        .exclude(signaal_a__gemeente_id=F("signaal_b__gemeente_id"))
        .annotate(
            verzoekstatus=Subquery(laatste.values("status")[:1]),
            verzoek_op=Subquery(laatste.values("aangevraagd_op")[:1]),
        )
        .select_related("signaal_a__gemeente", "signaal_b__gemeente")
        .only(
            "uuid",
            "sterkte",
            "gevonden_op",
            "signaal_a__uuid",
            "signaal_a__referentie",
            "signaal_a__gemeente__naam",
            "signaal_b__uuid",
            "signaal_b__referentie",
            "signaal_b__gemeente__naam",
        )
        .order_by("gevonden_op", "pk")
    )
