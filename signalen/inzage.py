"""A person's signals, for their rights under the AVG (``mensenhandel.inzage``).

Found as stacking finds them: the keyed hash of the normalised name with the date of birth, or of
the name (also an alias) alone for a person whose date of birth was not recorded. A signal is
described with the persons in it that are the person concerned; the other persons in it are third
parties and only counted, and the reporter's contact details are left out (art. 15(4) AVG).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.inzage import CORRECTIE, Dossier, Rubriek, Treffer, tekst, velden
from mensenhandel.models import Gebruiker
from signalen import normalisatie
from signalen.models import BetrokkenPersoon, Doorverwijzing, Gebeurtenis, Identificator, Notitie, Signaal
from signalen.selectors import bewaard
from signalen.services.basis import gebeurtenis, namens

OBJECT_TYPE = "signalen.Signaal"
# Left out of the signal's part: the reporter's contact (someone else's data), what the
# document says elsewhere (reference, registration) and the restriction (shown apart).
NIET_IN_SIGNAAL = (
    "referentie", "melder_contact", "geregistreerd_door", "aangemaakt_op", "gewijzigd_op",
    "verwerking_beperkt_op", "verwerking_beperkt_reden",
)  # fmt: skip


class Signaalinzage:
    object_type: ClassVar[str] = OBJECT_TYPE

    @staticmethod
    def zoeken(naam: str, geboortedatum: date) -> list[Treffer]:
        kern = normalisatie.naam(naam)
        if not kern:
            return []
        soort = Identificator.Soort
        iso = normalisatie.geboortedatum(geboortedatum)
        sleutels = {
            (soort.NAAM, normalisatie.sleutel(soort.NAAM, kern)),
            (soort.NAAM_GEBOORTEDATUM, normalisatie.sleutel(soort.NAAM_GEBOORTEDATUM, kern, iso)),
        }
        personen = (
            BetrokkenPersoon.objects.filter(
                identificatoren__soort__in=[s for s, _ in sleutels],
                identificatoren__waarde_hash__in=[h for _, h in sleutels],
                signaal__in=bewaard(),
            )
            .distinct()
            .values_list("uuid", "geboortedatum", "signaal__uuid")
        )
        per_signaal: dict[str, tuple[bool, list[str]]] = {}
        for persoon_uuid, datum, signaal_uuid in personen:
            if datum is not None and datum != geboortedatum:
                continue  # the name of someone else, born on another day
            zeker, delen = per_signaal.get(str(signaal_uuid), (False, []))
            per_signaal[str(signaal_uuid)] = (zeker or datum == geboortedatum, [*delen, str(persoon_uuid)])
        return [
            Treffer("signalen", signaal, zeker, tuple(sorted(delen)))
            for signaal, (zeker, delen) in sorted(per_signaal.items())
        ]

    @staticmethod
    def dossiers(treffers: list[Treffer]) -> list[Dossier]:
        per_uuid = {t.uuid: t for t in treffers}
        signalen = (
            bewaard()
            .filter(uuid__in=list(per_uuid))
            .select_related("gemeente", "geregistreerd_door__organisatie")
            .prefetch_related(
                "personen",
                "indicatoren",
                Prefetch("notities", queryset=Notitie.objects.select_related("auteur")),
                Prefetch("doorverwijzingen", queryset=Doorverwijzing.objects.select_related("regio")),
                "gebeurtenissen__gebruiker",
            )
            .order_by("datum_geregistreerd", "id")
        )
        alle_delen = {d for t in treffers for d in t.delen}
        correcties = list(
            BetrokkenPersoon.history.filter(uuid__in=alle_delen, history_change_reason=CORRECTIE)
            .select_related("history_user")
            .order_by("history_date")
        )
        return [_dossier(s, per_uuid[str(s.uuid)], correcties) for s in signalen]

    @staticmethod
    def beperken(uuid: str, door: Gebruiker, reden: str) -> str:
        return _beperking_zetten(uuid, door, reden, aan=True)

    @staticmethod
    def beperking_opheffen(uuid: str, door: Gebruiker, reden: str) -> str:
        return _beperking_zetten(uuid, door, reden, aan=False)


def _dossier(signaal: Signaal, treffer: Treffer, correcties: list) -> Dossier:
    eigen = [p for p in signaal.personen.all() if str(p.uuid) in treffer.delen]
    anderen = len(signaal.personen.all()) - len(eigen)
    rubrieken = [
        Rubriek("Signaal", velden(signaal, zonder=NIET_IN_SIGNAAL)),
        *(Rubriek(f"Betrokken persoon ({p.get_soort_display().lower()})", velden(p)) for p in eigen),
    ]
    if indicatoren := [i.omschrijving for i in signaal.indicatoren.all()]:
        rubrieken.append(Rubriek("Indicatoren", [("Gezien", tekst(indicatoren))]))
    if notities := list(signaal.notities.all()):
        rubrieken.append(
            Rubriek(
                "Notities",
                kolommen=["Tijdstip", "Door", "Notitie"],
                rijen=[[tekst(n.tijdstip), n.auteur.naam, n.tekst] for n in notities],
            )
        )
    rubrieken.append(
        Rubriek(
            "Tijdlijn",
            kolommen=["Tijdstip", "Door", "Gebeurtenis"],
            rijen=[
                [tekst(g.tijdstip), g.gebruiker.naam if g.gebruiker else "Het systeem", g.omschrijving]
                for g in sorted(signaal.gebeurtenissen.all(), key=lambda g: g.tijdstip)
            ],
        )
    )
    if anderen:
        rubrieken.append(
            Rubriek(
                "Andere betrokkenen",
                [("Aantal", f"{anderen} (gegevens van anderen, niet opgenomen)")],
            )
        )
    registratie = signaal.geregistreerd_door
    organisatie = f" ({registratie.organisatie.naam})" if registratie.organisatie else ""
    herkomst = [
        ("Bron van het signaal", signaal.get_bron_display()),
        ("Vastgelegd door", f"{registratie.naam}{organisatie}, {tekst(signaal.aangemaakt_op)}"),
    ]
    if signaal.melder_contact:
        herkomst.append(
            ("Contactgegevens van de melder", "vastgelegd; niet opgenomen (gegevens van een ander)")
        )
    ontvangers = [
        (
            " · ".join(
                filter(
                    None, [d.get_bestemming_display(), d.regio.naam if d.regio else "", d.partnerorganisatie]
                )
            ),
            f"doorverwezen op {tekst(d.datum)}; terugkoppeling: {d.get_terugkoppeling_display().lower()}",
        )
        for d in signaal.doorverwijzingen.all()
    ]
    return Dossier(
        treffer=treffer,
        soort="Signaal",
        kenmerk=signaal.referentie,
        object_type=OBJECT_TYPE,
        aangemaakt_op=signaal.aangemaakt_op,
        waar=signaal.gemeente.naam,
        herkomst=herkomst,
        rubrieken=rubrieken,
        ontvangers=ontvangers,
        correcties=[
            (h.history_date, h.history_user.naam if h.history_user else "", "Betrokken persoon")
            for h in correcties
            if str(h.uuid) in treffer.delen
        ],
        beperkt_op=signaal.verwerking_beperkt_op,
        beperkt_reden=signaal.verwerking_beperkt_reden,
        verwijzingen=[
            (OBJECT_TYPE, str(signaal.uuid)),
            *(("signalen.BetrokkenPersoon", d) for d in treffer.delen),
            *(("signalen.Doorverwijzing", str(d.uuid)) for d in signaal.doorverwijzingen.all()),
        ],
    )


def _beperking_zetten(uuid: str, door: Gebruiker, reden: str, *, aan: bool) -> str:
    with transaction.atomic():
        signaal = bewaard().select_for_update().get(uuid=uuid)
        if aan == (signaal.verwerking_beperkt_op is not None):
            raise Geweigerd(
                "De verwerking van dit signaal is al beperkt." if aan else "Dit signaal is niet beperkt."
            )
        signaal.verwerking_beperkt_op = timezone.now() if aan else None
        signaal.verwerking_beperkt_reden = reden if aan else ""
        signaal._change_reason = (  # type: ignore[attr-defined]  # simple_history reads it on save
            f"Verwerking beperkt (art. 18 AVG): {reden}" if aan else f"Beperking opgeheven: {reden}"
        )
        namens(signaal, door)
        signaal.save(update_fields=["verwerking_beperkt_op", "verwerking_beperkt_reden"])
        gebeurtenis(
            signaal,
            door,
            "Verwerking beperkt (art. 18 AVG)" if aan else "Beperking van de verwerking opgeheven",
            soort=Gebeurtenis.Soort.WIJZIGING,
        )
    return signaal.referentie
