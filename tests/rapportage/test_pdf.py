"""The report as PDF: its figures on a crafted dataset, PDF/UA, fonts, and the URL fetcher.

The text is extracted with ``tests/rapportage/pdfhulp.py`` (through the fonts' ToUnicode
maps, as any PDF reader does); pypdf and pdfminer are not installed in this project.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ketenregie.models import (
    Actiepunt,
    Activiteit,
    Agendasignaal,
    Basisniveau,
    Bijzonderheden,
    Knelpunt,
    Overleg,
)
from ketenregie.selectors.cijfers import Periode
from rapportage import inhoud, pdf, tasks
from rapportage.models import Rapport
from tests.conftest import maak_gebruiker
from tests.rapportage import pdfhulp
from tests.rapportage.hulp import aanvragen
from tests.signalen.factories import SignaalFactory
from tests.zorgcoordinatie.factories import TrajectFactory

pytestmark = pytest.mark.django_db

NAAM_SLACHTOFFER = "Anna Voorbeeldig"
NAAM_INBRENGER = "Jan Inbrenger"
NAAM_EIGENAAR = "Piet Actiehouder"


def huidig_halfjaar() -> Periode:
    return Periode.halfjaar_van(timezone.localdate())


def _ketenregie(gebruikers, plaatsen, halfjaar: Periode) -> Overleg:
    kr, gv = gebruikers["kr"], plaatsen["gv"]
    dag = timezone.localdate()
    Basisniveau.objects.create(
        gemeente=plaatsen["hilversum"], punt="actief_signaleren", status="voldaan", bijgewerkt_door=kr
    )
    Basisniveau.objects.create(
        gemeente=plaatsen["hilversum"], punt="af_aangesteld", status="deels", bijgewerkt_door=kr
    )
    for deelnemers in (12, 8):
        training = Activiteit.objects.create(
            regio=gv,
            soort="training",
            titel="Training signaleren",
            datum=dag,
            doelgroepen=["jongeren"],
            deelnemers=deelnemers,
            organisator="CoMensha",
            vastgelegd_door=kr,
        )
        training.gemeenten.set([plaatsen["hilversum"]])
    Activiteit.objects.create(
        regio=gv,
        soort="campagne",
        titel="Campagne in de regio",
        datum=dag,
        doelgroepen=["publiek"],
        organisator="Regio",
        vastgelegd_door=kr,
    )
    Overleg.objects.create(regio=gv, soort="af_overleg", datum=dag, vastgelegd_door=kr)
    tafel = Overleg.objects.create(regio=gv, soort="regietafel", datum=dag, vastgelegd_door=kr)
    Bijzonderheden.objects.create(
        regio=gv,
        jaar=halfjaar.van.year,
        helft=halfjaar.helft,
        tekst="De meldroute is in alle gemeenten opnieuw onder de aandacht gebracht.",
        bijgewerkt_door=kr,
    )
    knelpunt = Knelpunt.objects.create(
        regio=gv,
        thema="opvang",
        titel="Te weinig opvangplekken",
        omschrijving="Voor mannelijke slachtoffers is er in de regio geen opvang.",
        ingebracht_door=NAAM_INBRENGER,
        datum=dag,
        vastgelegd_door=kr,
    )
    Actiepunt.objects.create(
        knelpunt=knelpunt,
        omschrijving="Overleg met het COA over extra plekken",
        eigenaar=NAAM_EIGENAAR,
        deadline=dag + timedelta(days=30),
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
    return tafel


@pytest.fixture
def gegevens(gebruikers, plaatsen):
    """Gooi en Vechtstreek in the current half-year, with the half-year before for comparison.

    This half-year: 3 signals in Hilversum (one about a minor, one about sexual
    exploitation), 7 in Huizen; 3 trajectories started, 1 of them closed. The half-year
    before: 4 signals in Huizen.
    """
    halfjaar = huidig_halfjaar()
    af_huizen = maak_gebruiker("af.huizen@test.example", gebruikers["af"].rol, gemeenten=[plaatsen["huizen"]])
    hilversum = [
        SignaalFactory(
            door=gebruikers["af"],
            minderjarig=True,
            personen=[{"soort": "slachtoffer", "naam": NAAM_SLACHTOFFER}],
        ),
        SignaalFactory(door=gebruikers["af"], seksueel=True),
        SignaalFactory(door=gebruikers["af"]),
    ]
    huizen = [SignaalFactory(door=af_huizen) for _ in range(7)]
    vorige = [SignaalFactory(door=af_huizen) for _ in range(4)]
    from signalen.models import Signaal

    Signaal.objects.filter(pk__in=[s.pk for s in vorige]).update(
        datum_geregistreerd=halfjaar.vorige_halfjaar().van + timedelta(days=10)
    )
    TrajectFactory(door=gebruikers["zc"])
    TrajectFactory(door=gebruikers["zc"])
    TrajectFactory(door=gebruikers["zc"], afgesloten=True)
    tafel = _ketenregie(gebruikers, plaatsen, halfjaar)
    for signaal in hilversum[:2]:
        Agendasignaal.objects.create(overleg=tafel, signaal=signaal)
    return {"halfjaar": halfjaar, "signalen": hilversum + huizen}


@pytest.fixture
def rapport_pdf(gebruikers, gegevens, rapportenmap) -> tuple[Rapport, bytes]:
    halfjaar = gegevens["halfjaar"]
    soort = "eerste_halfjaar" if halfjaar.helft == 1 else "tweede_halfjaar"
    rapport = aanvragen(gebruikers["kr"], soort=soort, jaar=halfjaar.van.year)
    assert tasks.rapport_maken.apply(args=[rapport.pk]).get() == "klaar"
    rapport.refresh_from_db()
    return rapport, (rapportenmap / rapport.bestand).read_bytes()


def _regel(tekst: str, *delen: str) -> bool:
    """Whether the parts follow each other in the text, separated by whitespace only."""
    return re.search(r"\s+".join(re.escape(d) for d in delen), tekst) is not None


# --- The figures --------------------------------------------------------------------------------


def test_de_cijfers_van_de_verzameling(gebruikers, gegevens, plaatsen):
    """The gathered figures on the crafted dataset, number by number."""
    halfjaar = gegevens["halfjaar"]
    soort = "eerste_halfjaar" if halfjaar.helft == 1 else "tweede_halfjaar"
    rapport = aanvragen(gebruikers["kr"], soort=soort, jaar=halfjaar.van.year)
    c = inhoud.verzamelen(rapport)

    samenvatting = {k.label: (k.waarde, k.vorige, k.verschil) for k in c["samenvatting"]}
    assert samenvatting["Signalen geregistreerd"] == (10, 4, "+6")
    assert samenvatting["Signalen met een minderjarige"] == (1, 0, "+1")
    assert samenvatting["Trajecten gestart"] == (3, 0, "+3")
    assert samenvatting["Trajecten afgesloten"] == (1, 0, "+1")
    assert samenvatting["Trajecten open aan het eind van de periode"] == (2, 0, "+2")
    assert samenvatting["Overleggen gehouden"] == (2, 0, "+2")
    assert samenvatting["Activiteiten (training, voorlichting, campagne, bijeenkomst)"] == (3, 0, "+3")

    per_gemeente = c["signalen_per_gemeente"]
    assert [(r.label, [cel.tekst for cel in r.cellen]) for r in per_gemeente.regels] == [
        ("Hilversum", ["<5"]),
        ("Huizen", ["x"]),
    ]
    assert per_gemeente.kolomtotalen == [10] and per_gemeente.onderdrukt

    vormen = {t.label: t.aantal for t in c["signalen"].per_vorm}
    assert vormen["Seksuele uitbuiting"] == 1 and vormen["Arbeidsuitbuiting"] == 9

    activiteiten = c["activiteiten_per_gemeente"]
    assert activiteiten.kolommen == ["Training", "Voorlichting", "Bewustwordingscampagne", "Bijeenkomst"]
    assert activiteiten.kolomtotalen == [2, 0, 1, 0] and activiteiten.totaal == 3
    assert [r.label for r in activiteiten.regels] == ["Hilversum", "Huizen", inhoud.HELE_REGIO]

    overleggen = {o.label: (o.aantal, o.besproken_signalen) for o in c["overleggen"]}
    assert overleggen["Regietafel"] == (1, 2)
    assert overleggen["Overleg aandachtsfunctionarissen"] == (1, None)

    basisniveau = c["basisniveau"]
    assert [r.gemeente for r in basisniveau.regels] == ["Hilversum", "Huizen"]
    assert [cel.tekst for cel in basisniveau.regels[0].cellen[:3]] == [
        "✓ Voldaan",
        "◐ Deels voldaan",
        "? Onbekend",
    ]
    assert basisniveau.voldaan_per_punt == [1, 0, 0, 0, 0, 0, 0, 0]

    assert [k.titel for k in c["knelpunten"]] == ["Te weinig opvangplekken"]
    assert [b.tekst for b in c["bijzonderheden"]] == [
        "De meldroute is in alle gemeenten opnieuw onder de aandacht gebracht."
    ]
    assert [r.signalen for r in c["trend"]] == [0, 0, 4, 10]


def test_zonder_drempel_staan_alle_aantallen_er_precies(gebruikers, gegevens, plaatsen):
    plaatsen["gv"].kleine_aantallen_drempel = 0
    plaatsen["gv"].save()
    halfjaar = gegevens["halfjaar"]
    soort = "eerste_halfjaar" if halfjaar.helft == 1 else "tweede_halfjaar"
    c = inhoud.verzamelen(aanvragen(gebruikers["kr"], soort=soort, jaar=halfjaar.van.year))
    assert [[cel.tekst for cel in r.cellen] for r in c["signalen_per_gemeente"].regels] == [["3"], ["7"]]
    assert [[cel.tekst for cel in r.cellen] for r in c["activiteiten_per_gemeente"].regels] == [
        ["2", "0", "0", "0"],
        ["0", "0", "0", "0"],
        ["0", "0", "1", "0"],
    ]


def test_de_cijfers_staan_in_de_tekst_van_de_pdf(rapport_pdf, gegevens):
    rapport, inhoud_pdf = rapport_pdf
    tekst = pdfhulp.tekst(inhoud_pdf)

    # The cover.
    assert _regel(
        tekst,
        "Halfjaarrapportage aanpak mensenhandel",
        "Gooi en Vechtstreek",
        rapport.periode_label.capitalize(),
    )
    assert _regel(tekst, "Versie", "1", "Gemaakt op")
    # The summary: this period, the one before, the change.
    assert _regel(tekst, "Signalen geregistreerd", "10", "4", "+6")
    assert _regel(tekst, "Signalen met een minderjarige", "1", "0", "+1")
    assert _regel(tekst, "Trajecten gestart", "3", "0", "+3")
    assert _regel(tekst, "Trajecten afgesloten", "1", "0", "+1")
    assert _regel(tekst, "Overleggen gehouden", "2", "0", "+2")
    # Signals per gemeente, suppressed; the region total exact.
    assert _regel(tekst, "Gemeente", "Signalen", "Hilversum", "<5", "Huizen", "x", "Regio (precies)", "10")
    assert "Aantallen van 1 tot 5 staan er als ‘<5’" in tekst
    assert _regel(tekst, "Seksuele uitbuiting", "1", "Arbeidsuitbuiting", "9")
    assert _regel(tekst, "Gemeente: handhaving", "10")
    # Trajectories.
    assert _regel(tekst, "Gestart in deze periode", "3", "Afgesloten in deze periode", "1")
    assert _regel(tekst, "Alle afsluitcriteria voldaan", "1")
    # Ketenregie.
    assert _regel(tekst, "Hilversum", "✓ Voldaan", "◐ Deels voldaan", "? Onbekend")
    assert _regel(tekst, "Voldaan (van 2)", "1", "0")
    assert _regel(tekst, "Regio (precies)", "2", "0", "1", "0", "3")
    assert _regel(tekst, "Jongeren", "2", "20")
    assert _regel(tekst, "Regietafel", "1", "2")
    assert "De meldroute is in alle gemeenten opnieuw onder de aandacht gebracht." in tekst
    assert "Te weinig opvangplekken" in tekst and "Overleg met het COA over extra plekken" in tekst
    assert "Al opgelost knelpunt" not in tekst
    # The method section, with the region's threshold.
    assert "Werkwijze en definities" in tekst and "De totalen van de regio kloppen precies." in tekst


def test_de_pdf_bevat_geen_gegevens_over_personen(rapport_pdf, gegevens):
    _, inhoud_pdf = rapport_pdf
    tekst = pdfhulp.tekst(inhoud_pdf)
    verboden = [NAAM_SLACHTOFFER, NAAM_INBRENGER, NAAM_EIGENAAR]
    for signaal in gegevens["signalen"]:
        verboden += [signaal.omschrijving, signaal.locatie, signaal.referentie]
    for waarde in verboden:
        assert waarde not in tekst, waarde
    assert not re.search(r"\b(?:19|20)\d\d-\d\d-\d\d\b", tekst)  # no dates of birth or other ISO dates


# --- A PDF everyone can read --------------------------------------------------------------------


def test_pdf_ua_getagd_nederlands_met_titel(rapport_pdf):
    rapport, inhoud_pdf = rapport_pdf
    structuur = pdfhulp.woordenboeken(inhoud_pdf)
    assert inhoud_pdf.startswith(b"%PDF-1.7")
    assert b"/Lang (nl)" in structuur
    assert b"/StructTreeRoot" in structuur
    assert b"/MarkInfo <</Marked true>>" in structuur
    assert b"/DisplayDocTitle true" in structuur
    metadata = b"".join(
        o.stroom for o in pdfhulp.objecten(inhoud_pdf).values() if o.stroom and b"xmpmeta" in o.stroom
    )
    assert b'pdfuaid:part="1"' in metadata
    assert (
        f"Halfjaarrapportage aanpak mensenhandel {rapport.regio.naam}, {rapport.periode_label}".encode()
        in metadata
    )
    # Headings, tables with header cells, and every chart a figure with an alternative text.
    for tag in (b"/S /H1", b"/S /H2", b"/S /H3", b"/S /Table", b"/S /TH", b"/S /TD", b"/S /Caption"):
        assert tag in structuur, tag
    figuren = [o.woordenboek for o in pdfhulp.objecten(inhoud_pdf).values() if b"/S /Figure" in o.woordenboek]
    assert len(figuren) >= 7
    assert all(re.search(rb"/Alt \((Signalen|Open trajecten|Activiteiten)", f) for f in figuren), figuren


def test_lettertypen_ingebed_en_tekst_te_kopieren(rapport_pdf):
    _, inhoud_pdf = rapport_pdf
    fonts = list(pdfhulp.lettertypen(inhoud_pdf).values())
    assert fonts and all(f.ingebed for f in fonts), [(f.naam, f.ingebed) for f in fonts]
    # Only the vendored DejaVu Sans, under the report's name and under the charts' "Arial"
    # (rapport-pdf.css): no font of the server that rendered it.
    namen = {re.sub(r"^[A-Z]{6}\+", "", f.naam) for f in fonts}
    assert namen <= {"Rapport", "Rapport-Bold", "Arial", "Arial-Bold"}, namen
    assert {"Rapport", "Rapport-Bold"} <= namen
    assert all(f.tounicode for f in fonts)
    assert "\ufffd" not in pdfhulp.tekst(inhoud_pdf)


def test_a4_paginanummers_en_inhoudsopgave(rapport_pdf):
    _, inhoud_pdf = rapport_pdf
    structuur = pdfhulp.woordenboeken(inhoud_pdf)
    paginas = re.findall(rb"/Type /Page\b.*?/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", structuur)
    assert paginas
    staand = [(float(b), float(h)) for b, h in paginas]
    assert all({round(b), round(h)} == {595, 842} for b, h in staand)  # A4, portrait or landscape
    assert any(b > h for b, h in staand)  # the basisniveau table is landscape
    tekst = pdfhulp.tekst(inhoud_pdf)
    assert f"Pagina 2 van {len(paginas)}" in tekst
    assert "Pagina 1 van" not in tekst  # not on the cover
    for hoofdstuk in ("Samenvatting", "Signalen", "Zorgcoördinatie", "Ketenregie", "Werkwijze en definities"):
        assert re.search(re.escape(hoofdstuk) + r"[ .]+\d+ ", tekst), hoofdstuk


def test_verzamelen_kost_een_vast_aantal_queries(gebruikers, plaatsen):
    kr = gebruikers["kr"]
    halfjaar = huidig_halfjaar()
    soort = "eerste_halfjaar" if halfjaar.helft == 1 else "tweede_halfjaar"
    rapport = aanvragen(kr, soort=soort, jaar=halfjaar.van.year)

    def tellen() -> int:
        with CaptureQueriesContext(connection) as queries:
            inhoud.verzamelen(Rapport.objects.select_related("regio").get(pk=rapport.pk))
        return len(queries)

    def meer() -> None:
        _ketenregie(gebruikers, plaatsen, halfjaar)
        SignaalFactory(door=gebruikers["af"])
        TrajectFactory(door=gebruikers["zc"])

    meer()
    weinig = tellen()
    for _ in range(3):
        Bijzonderheden.objects.all().delete()
        Basisniveau.objects.all().delete()
        meer()
    assert Knelpunt.objects.count() == 8 and Activiteit.objects.count() == 12
    assert tellen() == weinig


# --- The URL fetcher ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/mensenhandel/settings.py",
        "http://127.0.0.1:8000/",
        "https://example.org/logo.png",
        "data:text/css,body{}",
        "ftp://example.org/x.css",
        "rapportage/rapport-pdf.css",
        "/static/rapportage/rapport-pdf.css",
        "statisch:../mensenhandel/settings.py",
        "statisch:rapportage/../../mensenhandel/settings.py",
        "statisch:/etc/passwd",
        "statisch:",
    ],
)
def test_de_fetcher_weigert_alles_buiten_de_eigen_statische_bestanden(url):
    with pytest.raises((pdf.GeweigerdeURL, ValueError)):
        pdf.url_fetcher()(url)


def test_de_fetcher_geeft_eigen_statische_bestanden():
    antwoord = pdf.url_fetcher()("statisch:rapportage/rapport-pdf.css")
    try:
        assert antwoord.content_type == "text/css"
        assert b"@page" in antwoord.read()
    finally:
        antwoord.close()
    with pytest.raises(FileNotFoundError):
        pdf.url_fetcher()("statisch:rapportage/bestaat-niet.css")


@pytest.mark.parametrize(
    "bron",
    [
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<img src="https://example.org/x.png" alt="x">',
        '<style>body { background: url("file:///etc/hostname") }</style>',
    ],
)
def test_een_verwijzing_naar_buiten_stopt_het_maken(bron):
    html = (
        f'<!DOCTYPE html><html lang="nl"><head><title>T</title>{bron}</head><body><p>Hallo</p></body></html>'
    )
    with pytest.raises(pdf.PDFFout, match="kon niet worden geladen"):
        pdf.html_naar_pdf(html)


def test_een_pdf_zonder_taal_wordt_niet_gemaakt():
    with pytest.raises(pdf.PDFFout, match="PDF/UA"):
        pdf.html_naar_pdf(
            "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hallo</p></body></html>"
        )
