"""A person's client record, for their rights under the AVG (``mensenhandel.inzage``).

A client matches on the normalised name or one of the aliases (as stacking normalises names),
with the same date of birth, or with none recorded (a possible hit to check). Described with every
trajectory, its care and meetings; where the data came from (the aanmeldingen) and who received
it (care providers, the organisations in a zorgoverleg, CoMensha).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from mensenhandel.acties import Geweigerd
from mensenhandel.inzage import CORRECTIE, Dossier, Rubriek, Treffer, tekst, velden
from mensenhandel.models import Gebruiker
from signalen import normalisatie
from zorgcoordinatie.models import Aanmelding, Client, Traject, Zorgoverleg, namen_van

OBJECT_TYPE = "zorgcoordinatie.Client"
TRAJECT = "zorgcoordinatie.Traject"
NIET_IN_TRAJECT = ("client", "aangemaakt_op", "gewijzigd_op", "verantwoordelijke", "achtervang")


def _namen(client: Client) -> set[str]:
    return {n for n in (normalisatie.naam(x) for x in namen_van(client)) if n}


class Clientinzage:
    object_type: ClassVar[str] = OBJECT_TYPE

    @staticmethod
    def zoeken(naam: str, geboortedatum: date) -> list[Treffer]:
        kern = normalisatie.naam(naam)
        if not kern:
            return []
        # The date of birth narrows the search first; the names are compared as normalised.
        kandidaten = (
            Client.objects.filter(vernietigd_op__isnull=True)
            .filter(Q(geboortedatum=geboortedatum) | Q(geboortedatum__isnull=True))
            .only("uuid", "naam", "aliassen", "geboortedatum")
            .order_by("id")
        )
        return [
            Treffer("zorgcoordinatie", str(c.uuid), c.geboortedatum == geboortedatum)
            for c in kandidaten.iterator(chunk_size=500)
            if kern in _namen(c)
        ]

    @staticmethod
    def dossiers(treffers: list[Treffer]) -> list[Dossier]:
        per_uuid = {t.uuid: t for t in treffers}
        clienten = (
            Client.objects.filter(vernietigd_op__isnull=True, uuid__in=list(per_uuid))
            .select_related("brp_gemeente", "verantwoordelijke_gemeente")
            .prefetch_related(
                Prefetch(
                    "trajecten",
                    queryset=Traject.objects.select_related(
                        "regio", "verantwoordelijke", "achtervang", "overgedragen_aan"
                    )
                    .prefetch_related(
                        "behoeften",
                        "zorgacties",
                        Prefetch("overleggen", queryset=Zorgoverleg.objects.prefetch_related("afspraken")),
                        Prefetch("aanmeldingen", queryset=Aanmelding.objects.order_by("datum", "id")),
                    )
                    .order_by("aangemaakt_op", "id"),
                ),
                "comensha_exports__door",
            )
            .order_by("id")
        )
        correcties = list(
            Client.history.filter(uuid__in=list(per_uuid), history_change_reason=CORRECTIE)
            .select_related("history_user")
            .order_by("history_date")
        )
        return [_dossier(c, per_uuid[str(c.uuid)], correcties) for c in clienten]

    @staticmethod
    def beperken(uuid: str, door: Gebruiker, reden: str) -> str:
        return _beperking_zetten(uuid, door, reden, aan=True)

    @staticmethod
    def beperking_opheffen(uuid: str, door: Gebruiker, reden: str) -> str:
        return _beperking_zetten(uuid, door, reden, aan=False)


def _dossier(client: Client, treffer: Treffer, correcties: list) -> Dossier:
    trajecten = list(client.trajecten.all())
    rubrieken = [
        Rubriek(
            "Cliënt",
            [
                *velden(
                    client, zonder=("comensha_velden", "verwerking_beperkt_op", "verwerking_beperkt_reden")
                ),
                *(
                    [("Gegevens voor CoMensha", tekst(client.comensha_veldlabels))]
                    if client.comensha_velden
                    else []
                ),
            ],
        )
    ]
    herkomst: list[tuple[str, str]] = []
    ontvangers: list[tuple[str, str]] = []
    verwijzingen = [(OBJECT_TYPE, str(client.uuid))]
    for traject in trajecten:
        titel = f"Traject in regio {traject.regio.naam}"
        rubrieken.append(
            Rubriek(
                titel,
                [
                    *velden(traject, zonder=NIET_IN_TRAJECT),
                    ("Zorgcoördinator", traject.verantwoordelijke.naam),
                ],
            )
        )
        if behoeften := list(traject.behoeften.all()):
            rubrieken.append(
                Rubriek(
                    f"{titel}: hulpvragen",
                    kolommen=["Levensdomein", "Hulpvraag", "Toelichting"],
                    rijen=[
                        [b.get_domein_display(), b.get_behoefte_display(), b.toelichting] for b in behoeften
                    ],
                )
            )
        if acties := list(traject.zorgacties.all()):
            rubrieken.append(
                Rubriek(
                    f"{titel}: zorg",
                    kolommen=["Levensdomein", "Zorgaanbieder", "Soort hulp", "Status", "Aangevraagd"],
                    rijen=[
                        [
                            a.get_domein_display(),
                            a.zorgaanbieder,
                            a.soort,
                            a.get_status_display(),
                            tekst(a.aangevraagd_op),
                        ]
                        for a in acties
                    ],
                )
            )
            ontvangers += [
                (a.zorgaanbieder, f"{a.soort}, aangevraagd {tekst(a.aangevraagd_op)}") for a in acties
            ]
        for overleg in traject.overleggen.all():
            rubrieken.append(
                Rubriek(
                    f"{titel}: zorgoverleg van {tekst(overleg.datum)}",
                    [("Deelnemende organisaties", overleg.organisaties)],
                    kolommen=["Afspraak", "Wie", "Uiterlijk op", "Afgerond op"],
                    rijen=[
                        [a.omschrijving, a.eigenaar, tekst(a.deadline), tekst(a.afgerond_op)]
                        for a in overleg.afspraken.all()
                    ],
                )
            )
            ontvangers.append((overleg.organisaties, f"zorgoverleg van {tekst(overleg.datum)}"))
        for aanmelding in traject.aanmeldingen.all():
            bron = aanmelding.get_bron_display()
            if aanmelding.bronorganisatie:
                bron += f" ({aanmelding.bronorganisatie})"
            herkomst.append((f"Aanmelding van {tekst(aanmelding.datum)}", bron))
            verwijzingen.append(("zorgcoordinatie.Aanmelding", str(aanmelding.uuid)))
        verwijzingen.append((TRAJECT, str(traject.uuid)))
    for export in client.comensha_exports.all():
        wat = tekst(export.veldlabels) if export.met_toestemming else "anoniem, zonder persoonsgegevens"
        ontvangers.append(
            ("CoMensha", f"registratie van {tekst(export.tijdstip)} door {export.door.naam}: {wat}")
        )
    waar = ", ".join(sorted({t.regio.naam for t in trajecten})) or client.verantwoordelijke_gemeente.naam
    eerste = min([t.aangemaakt_op for t in trajecten], default=timezone.now())
    return Dossier(
        treffer=treffer,
        soort="Cliënt",
        kenmerk=client.dossiernummer,
        object_type=OBJECT_TYPE,
        aangemaakt_op=eerste,
        waar=waar,
        herkomst=herkomst,
        rubrieken=rubrieken,
        ontvangers=ontvangers,
        correcties=[
            (h.history_date, h.history_user.naam if h.history_user else "", "Cliënt")
            for h in correcties
            if h.uuid == client.uuid
        ],
        beperkt_op=client.verwerking_beperkt_op,
        beperkt_reden=client.verwerking_beperkt_reden,
        verwijzingen=verwijzingen,
    )


def _beperking_zetten(uuid: str, door: Gebruiker, reden: str, *, aan: bool) -> str:
    with transaction.atomic():
        client = Client.objects.select_for_update().get(uuid=uuid, vernietigd_op__isnull=True)
        if aan == (client.verwerking_beperkt_op is not None):
            raise Geweigerd(
                "De verwerking van deze cliënt is al beperkt." if aan else "Deze cliënt is niet beperkt."
            )
        client.verwerking_beperkt_op = timezone.now() if aan else None
        client.verwerking_beperkt_reden = reden if aan else ""
        client._change_reason = (  # type: ignore[attr-defined]  # simple_history reads it on save
            f"Verwerking beperkt (art. 18 AVG): {reden}" if aan else f"Beperking opgeheven: {reden}"
        )
        client._history_user = door  # type: ignore[attr-defined]
        client.save(update_fields=["verwerking_beperkt_op", "verwerking_beperkt_reden"])
    return client.dossiernummer
