"""The PDF's tables: every figures table of the report as a typed ``Tabel``, which the template
renders through one partial (``templates/rapportage/pdf/_tabel.html``).

Built from the same gathering (``rapportage.inhoud.verzamelen``) with the same builders as
the CSV and XLSX export (``rapportage.export``); the cells stay the protected ``Cel`` objects,
printed by the ``celtekst`` filter. The tables by gemeente are the export's own. Where a
PDF table differs from the export's, it is for the page:

- a table of counts has its total in a footer (in the export the totals are in the
  overview table of each part);
- an explanation stands in the text beside the chart, not as a note under the table;
- the referrals by destination leave the feedback states to a table of their own (a
  portrait page holds six columns, not eleven), the stacking hits have the assessments as
  columns with their totals in the footer, and the trend has a column per half-year;
- a reference date is in a title, a column header or a row's label, where the export has it in
  a cell of its own;
- the basisniveau prints its symbols (the legend under the table explains them), a meeting
  where no signals are discussed says so, and the summary prints the change as text
  ("gelijk", "+3").

The knelpunten's actions are texts, not figures: the template prints them as they are.
"""

from __future__ import annotations

from typing import Any

from mensenhandel.periode import datum_tekst
from rapportage import inhoud
from rapportage.export.bouwstenen import activiteittellingen, overzicht, tellingen
from rapportage.tabellen import Tabel, Waarde, tabel
from rapportage.templatetags.rapportage import procent
from signalen.cijfers import Besluitcijfers, Signaalcijfers, Stapelcijfers, Verwijzingscijfers, Verwijzingsrij
from zorgcoordinatie.cijfers import Aanmeldingcijfers, Trajectcijfers, Zorgcijfers

# (label, field of inhoud.Trendregel): the rows of the trend, in order.
TRENDREGELS = [
    ("Signalen geregistreerd", "signalen"),
    ("Signalen met een minderjarige", "minderjarig"),
    ("Besluiten over signalen", "besluiten"),
    ("Dagen van registratie tot besluit (mediaan)", "mediaan_dagen_tot_besluit"),
    ("Doorverwijzingen", "verwijzingen"),
    ("Stapelingstreffers", "stapelingen"),
    ("Aanmeldingen voor zorgcoördinatie", "aanmeldingen"),
    ("Trajecten gestart", "trajecten_geopend"),
    ("Trajecten afgesloten", "trajecten_afgesloten"),
    ("Trajecten open aan het eind", "trajecten_open"),
]


def samenvatting(getallen: list[inhoud.Kerngetal], regio: str) -> Tabel:
    return tabel(
        f"Kerncijfers van de regio {regio}",
        ["Onderwerp", "Deze periode", "Periode ervoor", "Verschil"],
        ([k.label, k.waarde, k.vorige, k.verschil] for k in getallen),
    )


def signalen(s: Signaalcijfers) -> dict[str, Tabel]:
    return {
        "signalen_per_vorm": tellingen("Signalen per vorm van uitbuiting", "Vorm", s.per_vorm),
        "signalen_per_bron": tellingen("Signalen per bron", "Bron", s.per_bron, totaal=s.totaal),
        "signalen_per_sector": tellingen("Signalen per sector", "Sector", s.per_sector, totaal=s.totaal),
        "signalen_per_minderjarig": tellingen(
            "Signalen naar betrokkenheid van een minderjarige",
            "Minderjarige betrokken",
            s.per_minderjarig,
            totaal=s.totaal,
        ),
        "signalen_per_maand": tellingen("Signalen per maand", "Maand", s.per_maand, totaal=s.totaal),
        "signalen_per_status": tellingen(
            "Signalen uit deze periode naar hun status op het moment van maken",
            "Status",
            s.per_status,
            totaal=s.totaal,
        ),
    }


def besluiten(b: Besluitcijfers) -> dict[str, Tabel]:
    return {
        "besluiten_per_uitkomst": tellingen(
            "Besluiten naar wat er is besloten", "Besluit", b.per_uitkomst, totaal=b.totaal
        ),
        "besluiten_per_bestemming": tellingen(
            "Besluiten met een doorverwijzing, per bestemming", "Bestemming", b.per_bestemming
        ),
        "besluiten_per_afsluitreden": tellingen(
            "Afgesloten signalen per reden van afsluiten", "Reden", b.per_afsluitreden
        ),
    }


def _verwijzingsrij(r: Verwijzingsrij) -> list[Waarde]:
    return [r.label, r.aantal, r.met_terugkoppeling, r.mediaan_dagen, r.wacht_op_peildatum, r.wacht_te_lang]


def verwijzingen(v: Verwijzingscijfers) -> dict[str, Tabel]:
    kop = [
        "Bestemming",
        "Aantal",
        "Met terugkoppeling",
        "Dagen tot terugkoppeling (mediaan)",
        f"Wacht op {datum_tekst(v.peildatum)}",
        "Wacht te lang",
    ]
    return {
        "verwijzingen_per_bestemming": tabel(
            "Doorverwijzingen per bestemming",
            kop,
            map(_verwijzingsrij, v.per_bestemming),
            voet=[_verwijzingsrij(v.totaal)],
        ),
        "verwijzingen_per_terugkoppeling": tellingen(
            "Doorverwijzingen naar de stand van hun terugkoppeling op het moment van maken",
            "Terugkoppeling",
            v.totaal.terugkoppelingen,
            totaal=v.totaal.aantal,
        ),
    }


def stapeling(s: Stapelcijfers) -> Tabel:
    return tabel(
        "Stapelingstreffers per sterkte en beoordeling",
        ["Overeenkomst", *(t.label for t in s.per_beoordeling), "Totaal"],
        ([r.label, *(t.aantal for t in r.per_beoordeling), r.aantal] for r in s.per_sterkte),
        voet=[["Totaal", *(t.aantal for t in s.per_beoordeling), s.totaal]],
    )


def aanmeldingen(a: Aanmeldingcijfers) -> dict[str, Tabel]:
    return {
        "aanmeldingen_per_bron": tellingen("Aanmeldingen per bron", "Bron", a.per_bron, totaal=a.totaal),
        "aanmeldingen_per_uitkomst": tellingen(
            f"Aanmeldingen naar hun antwoord op {datum_tekst(a.peildatum)}",
            "Antwoord",
            a.per_uitkomst,
            totaal=a.totaal,
        ),
    }


def trajecten(t: Trajectcijfers, z: Zorgcijfers) -> dict[str, Tabel]:
    return {
        "trajecten": overzicht(
            "Trajecten van de zorgcoördinatie",
            [
                ("Gestart in deze periode", t.geopend),
                ("Afgesloten in deze periode", t.afgesloten),
                (f"Open op {datum_tekst(t.peildatum)}", t.open),
                ("Looptijd van de afgesloten trajecten in dagen (mediaan)", z.mediaan_duur_dagen),
            ],
        ),
        "trajecten_per_fase": tellingen("Open trajecten per fase", "Fase", t.per_fase),
        "trajecten_per_afsluitreden": tellingen(
            "Afgesloten trajecten per reden van afsluiten", "Reden", t.per_afsluitreden, totaal=t.afgesloten
        ),
    }


def zorg(z: Zorgcijfers) -> dict[str, Tabel]:
    verblijf: list[list[Waarde]] = [[t.label, t.aantal] for t in z.verblijf]
    stappen: list[list[Waarde]] = [["Bedenktijd gestart", z.bedenktijd_gestart], *verblijf]
    stappen.append(["Aangifte gedaan", z.aangiften])
    return {
        "opvang": tellingen(
            "Trajecten met opvang in deze periode, per soort opvang",
            "Soort opvang",
            z.opvang,
            totaal=z.in_opvang,
        ),
        "verblijf_en_strafrecht": tabel(
            "Verblijfsrecht en strafrecht: stappen in deze periode",
            ["Stap", "Trajecten"],
            stappen,
        ),
        "comensha": overzicht(
            "Toestemming voor registratie bij CoMensha, gevraagd in deze periode",
            [
                ("Toestemming gevraagd", z.comensha_gevraagd),
                ("Toestemming gegeven", z.comensha_gegeven),
                ("Toestemming geweigerd", z.comensha_geweigerd),
                ("Deel dat toestemming gaf", procent(z.comensha_gegeven, z.comensha_gevraagd)),
                (
                    "Cliënten van trajecten gestart in deze periode aan wie (nog) niets is gevraagd",
                    z.comensha_niet_gevraagd,
                ),
            ],
        ),
    }


def trend(regels: list[inhoud.Trendregel]) -> Tabel:
    return tabel(
        "Kerncijfers per halfjaar",
        ["Kerncijfer", *(r.periode for r in regels)],
        ([label, *(getattr(r, veld) for r in regels)] for label, veld in TRENDREGELS),
    )


def basisniveau(b: inhoud.Basisniveautabel) -> Tabel:
    return tabel(
        "Basisniveau per gemeente en onderdeel",
        ["Gemeente", *b.kolommen],
        ([r.gemeente, *(c.tekst for c in r.cellen)] for r in b.regels),
        voet=[[f"Voldaan (van {b.aantal_gemeenten})", *b.voldaan_per_punt]],
    )


def overleggen(tellingen: list[inhoud.Overlegtelling]) -> Tabel:
    def besproken(t: inhoud.Overlegtelling) -> Waarde:
        return "niet van toepassing" if t.besproken_signalen is None else t.besproken_signalen

    return tabel(
        "Overleggen gehouden in deze periode",
        ["Soort overleg", "Aantal", "Besproken signalen"],
        ([t.label, t.aantal, besproken(t)] for t in tellingen),
    )


def tabellen(context: dict[str, Any]) -> dict[str, Tabel]:
    """Every figures table of the PDF, by the name the template includes it with."""
    uitleg = context["onderdrukking_uitleg"]
    return {
        "samenvatting": samenvatting(context["samenvatting"], context["regio"].naam),
        "signalen_per_gemeente": context["signalen_per_gemeente"].als_tabel(uitleg),
        **signalen(context["signalen"]),
        **besluiten(context["besluiten"]),
        **verwijzingen(context["verwijzingen"]),
        "stapeling": stapeling(context["stapeling"]),
        **aanmeldingen(context["aanmeldingen"]),
        **trajecten(context["trajecten"], context["zorg"]),
        **zorg(context["zorg"]),
        "trend": trend(context["trend"]),
        "basisniveau": basisniveau(context["basisniveau"]),
        "activiteiten_per_gemeente": context["activiteiten_per_gemeente"].als_tabel(uitleg),
        "activiteiten_per_doelgroep": activiteittellingen(
            "Activiteiten per doelgroep", "Doelgroep", context["activiteiten"].per_doelgroep
        ),
        "overleggen": overleggen(context["overleggen"]),
    }
