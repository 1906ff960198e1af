"""The tables of the case figures: summary, signals, decisions, referrals, stacking,
aanmeldingen, trajectories, care and the trend. One function per key of the gathering, each
saying exactly which columns it writes."""

from __future__ import annotations

from rapportage import inhoud
from rapportage.export.bouwstenen import OnbekendOnderdeel, Uitleg, cijfertabel, overzicht, tellingen
from rapportage.tabellen import Tabel, Waarde, tabel
from signalen.cijfers import Besluitcijfers, Signaalcijfers, Stapelcijfers, Verwijzingscijfers, Verwijzingsrij
from signalen.models import Doorverwijzing
from zorgcoordinatie.cijfers import Aanmeldingcijfers, Trajectcijfers, Zorgcijfers


def samenvatting(getallen: list[inhoud.Kerngetal], uitleg: Uitleg) -> list[Tabel]:
    regels: list[list[Waarde]] = []
    for k in getallen:
        regels.append([k.label, k.waarde, k.vorige, k.verschil_getal])
    kop = ["Onderwerp", "Deze periode", f"Periode ervoor ({uitleg.vorige_label})", "Verschil"]
    return [tabel("Samenvatting", kop, regels)]


def signalen(s: Signaalcijfers, uitleg: Uitleg) -> list[Tabel]:
    return [
        overzicht(
            "Signalen",
            [
                ("Signalen geregistreerd", s.totaal),
                ("Signalen met een minderjarige", s.minderjarig),
                ("Signalen met een migratiecomponent", s.migratiecomponent),
                (
                    f"Melders zonder terugkoppeling binnen {s.melder_dagen} dagen",
                    s.melder_zonder_terugkoppeling,
                ),
            ],
        ),
        cijfertabel("Signalen per gemeente", s.per_gemeente, uitleg, blad="Signalen per gemeente"),
        tellingen(
            "Signalen per vorm van uitbuiting",
            "Vorm",
            s.per_vorm,
            blad="Signalen per vorm",
            notitie="Een signaal kan over meer dan één vorm gaan; samen tellen de vormen daarom op tot "
            "meer dan het aantal signalen.",
        ),
        tellingen("Signalen per bron", "Bron", s.per_bron),
        tellingen("Signalen per sector", "Sector", s.per_sector),
        tellingen(
            "Signalen uit deze periode naar hun status op het moment van maken",
            "Status",
            s.per_status,
            blad="Signalen per status",
        ),
        tellingen("Signalen per maand", "Maand", s.per_maand),
        tellingen(
            "Signalen naar betrokkenheid van een minderjarige",
            "Minderjarige betrokken",
            s.per_minderjarig,
            blad="Signalen minderjarigen",
        ),
    ]


def besluiten(b: Besluitcijfers, uitleg: Uitleg) -> list[Tabel]:
    return [
        overzicht(
            "Besluiten over signalen",
            [
                ("Signalen met een besluit in deze periode", b.totaal),
                ("Gemonitord als lopend signaal", b.gemonitord),
                ("Besluiten met een doorverwijzing", b.met_doorverwijzing),
                ("Dagen van registratie tot besluit (mediaan)", b.mediaan_dagen),
            ],
        ),
        tellingen(
            "Besluiten naar wat er is besloten", "Besluit", b.per_uitkomst, blad="Besluiten per uitkomst"
        ),
        tellingen(
            "Besluiten met een doorverwijzing, per bestemming",
            "Bestemming",
            b.per_bestemming,
            blad="Besluiten per bestemming",
            notitie="Eén besluit kan naar meer ketenpartners doorverwijzen; samen tellen de bestemmingen "
            "daarom op tot meer dan het aantal besluiten met een doorverwijzing.",
        ),
        tellingen(
            "Afgesloten signalen per reden van afsluiten",
            "Reden",
            b.per_afsluitreden,
            blad="Signalen per afsluitreden",
        ),
    ]


# The feedback states of a referral, in their order: a column each.
TERUGKOPPELINGEN = [(str(k), str(v)) for k, v in Doorverwijzing.Terugkoppeling.choices]


def _verwijzingsrij(r: Verwijzingsrij) -> list[Waarde]:
    return [
        r.label,
        r.aantal,
        r.met_terugkoppeling,
        r.mediaan_dagen,
        r.wacht_te_lang,
        r.wacht_op_peildatum,
        *(r.per_terugkoppeling.get(code, 0) for code, _ in TERUGKOPPELINGEN),
    ]


def verwijzingen(v: Verwijzingscijfers, uitleg: Uitleg) -> list[Tabel]:
    onbekend = {c for r in [*v.per_bestemming, v.totaal] for c in r.per_terugkoppeling} - {
        code for code, _ in TERUGKOPPELINGEN
    }
    if onbekend:
        raise OnbekendOnderdeel(f"verwijzingen: onbekende terugkoppeling {', '.join(sorted(onbekend))}.")
    kop = [
        "Bestemming",
        "Aantal",
        "Met terugkoppeling",
        "Dagen tot terugkoppeling (mediaan)",
        "Wacht te lang",
        "Wacht op de peildatum",
        *(f"Terugkoppeling op het moment van maken: {label.lower()}" for _, label in TERUGKOPPELINGEN),
    ]
    return [
        overzicht(
            "Doorverwijzingen en terugkoppeling",
            [
                ("Een doorverwijzing wacht te lang na (dagen)", v.wachtdagen),
                ("Peildatum", v.peildatum),
                (
                    "Doorverwijzingen van alle perioden die op de peildatum te lang wachtten",
                    v.wacht_te_lang_alle,
                ),
                (
                    "Doorverwijzingen van alle perioden die op de peildatum wachtten op terugkoppeling",
                    v.wacht_alle,
                ),
            ],
            blad="Doorverwijzingen",
        ),
        tabel(
            "Doorverwijzingen per bestemming",
            kop,
            map(_verwijzingsrij, v.per_bestemming),
            voet=[_verwijzingsrij(v.totaal)],
            blad="Verwijzingen per bestemming",
        ),
    ]


def stapeling(s: Stapelcijfers, uitleg: Uitleg) -> list[Tabel]:
    beoordelingen = [t.label for t in s.per_sterkte[0].per_beoordeling] if s.per_sterkte else []
    if any([t.label for t in r.per_beoordeling] != beoordelingen for r in s.per_sterkte):
        raise OnbekendOnderdeel("stapeling: de rijen hebben niet dezelfde kolommen.")
    return [
        overzicht(
            "Stapeling van signalen",
            [
                ("Stapelingstreffers (twee gekoppelde signalen)", s.totaal),
                ("Tussen twee gemeenten", s.tussen_gemeenten),
                ("Met een signaal uit een andere regio", s.met_andere_regio),
            ],
        ),
        tabel(
            "Stapelingstreffers per sterkte en beoordeling",
            ["Overeenkomst", "Totaal", *beoordelingen],
            ([r.label, r.aantal, *(t.aantal for t in r.per_beoordeling)] for r in s.per_sterkte),
            blad="Stapeling per sterkte",
        ),
        tellingen(
            "Stapelingstreffers per beoordeling",
            "Beoordeling",
            s.per_beoordeling,
            blad="Stapeling per beoordeling",
        ),
    ]


def aanmeldingen(a: Aanmeldingcijfers, uitleg: Uitleg) -> list[Tabel]:
    return [
        overzicht(
            "Aanmeldingen voor zorgcoördinatie",
            [("Peildatum", a.peildatum), ("Aanmeldingen in deze periode", a.totaal)],
            blad="Aanmeldingen",
        ),
        tellingen("Aanmeldingen per bron", "Bron", a.per_bron),
        tellingen(
            "Aanmeldingen naar hun antwoord op de peildatum",
            "Antwoord",
            a.per_uitkomst,
            blad="Aanmeldingen per antwoord",
        ),
    ]


def trajecten(t: Trajectcijfers, uitleg: Uitleg) -> list[Tabel]:
    return [
        overzicht(
            "Zorgcoördinatie: trajecten",
            [
                ("Peildatum", t.peildatum),
                ("Trajecten gestart in deze periode", t.geopend),
                ("Trajecten afgesloten in deze periode", t.afgesloten),
                ("Trajecten open op de peildatum", t.open),
            ],
            blad="Trajecten",
        ),
        tellingen(
            "Open trajecten per fase op de peildatum",
            "Fase",
            t.per_fase,
            blad="Trajecten per fase",
            notitie="Intake en hulpverlening kunnen tegelijk lopen; een traject kan daarom in twee fasen "
            "tegelijk staan.",
        ),
        tellingen(
            "Afgesloten trajecten per reden van afsluiten",
            "Reden",
            t.per_afsluitreden,
            blad="Trajecten per afsluitreden",
        ),
    ]


def zorg(z: Zorgcijfers, uitleg: Uitleg) -> list[Tabel]:
    return [
        overzicht(
            "Zorgcoördinatie: opvang, verblijfsrecht, strafrecht en CoMensha",
            [
                ("Peildatum", z.peildatum),
                ("Trajecten afgesloten in deze periode", z.afgesloten),
                ("Looptijd van de afgesloten trajecten in dagen (mediaan)", z.mediaan_duur_dagen),
                ("Bedenktijd gestart", z.bedenktijd_gestart),
                ("Aangifte gedaan", z.aangiften),
                ("Trajecten met opvang in deze periode", z.in_opvang),
                ("CoMensha: toestemming gegeven", z.comensha_gegeven),
                ("CoMensha: toestemming geweigerd", z.comensha_geweigerd),
                (
                    "CoMensha: cliënten van trajecten gestart in deze periode aan wie (nog) niets is "
                    "gevraagd",
                    z.comensha_niet_gevraagd,
                ),
                ("CoMensha: toestemming gevraagd", z.comensha_gevraagd),
                ("CoMensha: deel dat toestemming gaf (procent)", z.comensha_percentage),
            ],
            blad="Zorg",
        ),
        tellingen("Verblijfsrecht: stappen in deze periode", "Stap", z.verblijf, blad="Verblijfsrecht"),
        tellingen(
            "Trajecten met opvang in deze periode, per soort opvang", "Soort opvang", z.opvang, blad="Opvang"
        ),
    ]


# (header, field of inhoud.Trendregel): the columns of the trend, in order.
TRENDKOLOMMEN = [
    ("Halfjaar", "periode"),
    ("Signalen", "signalen"),
    ("Doorverwijzingen", "verwijzingen"),
    ("Trajecten gestart", "trajecten_geopend"),
    ("Trajecten afgesloten", "trajecten_afgesloten"),
    ("Signalen met een minderjarige", "minderjarig"),
    ("Besluiten over signalen", "besluiten"),
    ("Dagen van registratie tot besluit (mediaan)", "mediaan_dagen_tot_besluit"),
    ("Stapelingstreffers", "stapelingen"),
    ("Aanmeldingen voor zorgcoördinatie", "aanmeldingen"),
    ("Trajecten open aan het eind", "trajecten_open"),
]


def trend(regels: list[inhoud.Trendregel], uitleg: Uitleg) -> list[Tabel]:
    def rij(r: inhoud.Trendregel) -> list[Waarde]:
        return [
            r.periode,
            r.signalen,
            r.verwijzingen,
            r.trajecten_geopend,
            r.trajecten_afgesloten,
            r.minderjarig,
            r.besluiten,
            r.mediaan_dagen_tot_besluit,
            r.stapelingen,
            r.aanmeldingen,
            r.trajecten_open,
        ]

    return [
        tabel(
            "Signalen, doorverwijzingen en trajecten per halfjaar",
            [kop for kop, _ in TRENDKOLOMMEN],
            map(rij, regels),
            blad="Trend",
        )
    ]
