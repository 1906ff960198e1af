"""The tables of the ketenregie's part: basisniveau, activities, meetings, bijzonderheden and
the open knelpunten (without the people: no "ingebracht door", no action owner)."""

from __future__ import annotations

from ketenregie.models import BasisniveauStatus, Knelpunt
from ketenregie.selectors import cijfers
from mensenhandel.periode import datum_tekst
from rapportage import inhoud
from rapportage.export.bouwstenen import Uitleg, activiteittellingen, overzicht
from rapportage.tabellen import Tabel, Waarde, tabel


def basisniveau(b: inhoud.Basisniveautabel, uitleg: Uitleg) -> list[Tabel]:
    notities = (
        [
            f"De stand op {datum_tekst(b.peildatum)} van het basisniveau bestuurlijke aanpak mensenhandel "
            "(VNG).",
            *(f"{kort}: {lang}" for kort, lang in b.legenda),
        ]
        if b.regels
        else ["De regio heeft geen actieve gemeenten."]
    )
    return [
        Tabel(
            "Basisniveau per gemeente en onderdeel",
            ("Gemeente", *b.kolommen),
            tuple((r.gemeente, *(BasisniveauStatus(c.status).label for c in r.cellen)) for r in b.regels),
            ((f"Voldaan (van {b.aantal_gemeenten})", *b.voldaan_per_punt),),
            tuple(notities),
            blad="Basisniveau",
        )
    ]


def activiteiten(a: cijfers.Activiteitcijfers, uitleg: Uitleg) -> list[Tabel]:
    return [
        overzicht(
            "Activiteiten",
            [
                ("Activiteiten in deze periode", a.aantal),
                ("Bekende deelnemers", a.deelnemers),
                ("Activiteiten zonder deelnemersaantal", a.zonder_deelnemersaantal),
            ],
        ),
        activiteittellingen("Activiteiten per soort", "Soort", a.per_soort),
        activiteittellingen(
            "Activiteiten per doelgroep",
            "Doelgroep",
            a.per_doelgroep,
            notitie="Een activiteit kan meer doelgroepen hebben; haar deelnemers tellen dan bij elke "
            "doelgroep mee.",
        ),
    ]


def overleggen(tellingen: list[inhoud.Overlegtelling], uitleg: Uitleg) -> list[Tabel]:
    return [
        tabel(
            "Overleggen gehouden in deze periode",
            ["Soort overleg", "Aantal", "Besproken signalen"],
            ([t.label, t.aantal, t.besproken_signalen] for t in tellingen),
            notities=[
                "Leeg bij ‘Besproken signalen’: niet van toepassing, bij dit overleg worden geen signalen "
                "besproken."
            ],
            blad="Overleggen",
        )
    ]


def bijzonderheden(teksten: list[inhoud.Bijzonderhedentekst], uitleg: Uitleg) -> list[Tabel]:
    return [
        tabel(
            "Bijzonderheden",
            ["Halfjaar", "Bijzonderheden"] if teksten else ["Toelichting"],
            ([b.periode, b.tekst] for b in teksten),
            leeg="De ketenregisseur heeft voor deze periode geen bijzonderheden vastgelegd.",
        )
    ]


def knelpunten(open_knelpunten: list[Knelpunt], uitleg: Uitleg) -> list[Tabel]:
    """Title, theme, status, date and description, and the actions without their owner; never
    who brought a knelpunt in."""
    if not open_knelpunten:
        return [tabel("Open knelpunten", ["Toelichting"], [], leeg="Er zijn geen open knelpunten.")]
    regels: list[list[Waarde]] = []
    acties: list[list[Waarde]] = []
    for k in open_knelpunten:
        actiepunten = list(k.actiepunten.all())
        regels.append(
            [
                k.titel,
                k.get_thema_display(),
                k.get_status_display(),
                k.datum,
                k.omschrijving,
                len(actiepunten),
            ]
        )
        acties.extend(
            [k.titel, a.omschrijving, a.deadline, a.get_status_display(), a.uitkomst or None]
            for a in actiepunten
        )
    return [
        tabel(
            "Open knelpunten",
            ["Knelpunt", "Thema", "Status", "Ingebracht op", "Omschrijving", "Acties"],
            regels,
        ),
        Tabel(
            "Acties bij de open knelpunten",
            ("Knelpunt", "Actie", "Uiterlijk op", "Status", "Wat ervan is gekomen"),
            tuple(tuple(a) for a in acties),
            notities=() if acties else ("Er zijn nog geen acties afgesproken.",),
            blad="Acties bij knelpunten",
        ),
    ]
