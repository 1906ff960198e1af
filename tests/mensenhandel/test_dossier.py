"""The case file components: steps, the header's badge, one timeline, and the templates that
render them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string
from django.test.html import parse_html

from mensenhandel.dossier import (
    Dossierkop,
    Gebeurtenis,
    Sectie,
    Stap,
    Volgende,
    stappen,
    tijdlijn,
)

LABELS = ["Melden", "Wegen", "Besluiten"]


def moment(dag: int, uur: int = 12) -> datetime:
    return datetime(2026, 3, dag, uur, tzinfo=UTC)


def test_stappen_voor_de_huidige_zijn_gedaan_erna_open() -> None:
    assert stappen(LABELS, 1) == [
        Stap("Melden", "gedaan"),
        Stap("Wegen", "huidig"),
        Stap("Besluiten", "open"),
    ]
    assert [s.stand for s in stappen(LABELS, 0)] == ["huidig", "open", "open"]
    assert [s.stand for s in stappen(LABELS, 2)] == ["gedaan", "gedaan", "huidig"]


def test_afgerond_maakt_alle_stappen_gedaan_en_zonder_huidige_staat_alles_open() -> None:
    assert [s.stand for s in stappen(LABELS, 1, afgerond=True)] == ["gedaan"] * 3
    assert [s.stand for s in stappen(LABELS, None, afgerond=True)] == ["gedaan"] * 3
    assert [s.stand for s in stappen(LABELS, None)] == ["open"] * 3


@pytest.mark.parametrize("huidige", [-1, 3])
def test_een_stap_die_niet_bestaat_is_een_fout(huidige: int) -> None:
    with pytest.raises(ValueError, match="bestaat niet"):
        stappen(LABELS, huidige)


def kop(**anders: object) -> Dossierkop:
    waarden: dict[str, object] = {
        "referentie": "S-2026-00042",
        "titel": "Signaal S-2026-00042",
        "status": "In onderzoek",
        "status_soort": "waarschuwing",
        "verantwoordelijke": "Anna de Vries",
        "data": [("Waargenomen", "3 maart 2026")],
        "stappen": stappen(LABELS, 1),
        "volgende": Volgende("Signaal wegen", "/signalen/x/wegen/"),
        "secties": [Sectie("gegevens", "Gegevens"), Sectie("personen", "Personen", 2)],
    }
    waarden.update(anders)
    return Dossierkop(**waarden)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("soort", "variant"),
    [
        ("waarschuwing", "warning"),
        ("info", "neutral"),
        ("succes", "success"),
        ("neutraal", "inactive"),
        ("danger", "danger"),
        ("onbekend", "neutral"),
    ],
)
def test_de_soort_van_de_status_wordt_een_utrecht_badge(soort: str, variant: str) -> None:
    assert kop(status_soort=soort).badge == variant


def test_de_huidige_stap() -> None:
    assert kop().huidige_stap == Stap("Wegen", "huidig")
    assert kop(stappen=stappen(LABELS, None, afgerond=True)).huidige_stap is None


def test_tijdlijn_voegt_de_bronnen_samen_nieuwste_eerst() -> None:
    notities = [Gebeurtenis(moment(1), "notitie", "eerste"), Gebeurtenis(moment(5), "notitie", "derde")]
    overgangen = [Gebeurtenis(moment(3), "overgang", "tweede")]
    besluiten = [Gebeurtenis(moment(9), "tafelbesluit", "vierde")]
    assert [g.titel for g in tijdlijn(notities, overgangen, besluiten)] == [
        "vierde",
        "derde",
        "tweede",
        "eerste",
    ]
    assert tijdlijn() == []
    assert tijdlijn(iter(overgangen)) == overgangen


def test_tijdlijn_houdt_bij_gelijke_momenten_de_volgorde_van_de_bronnen() -> None:
    a = Gebeurtenis(moment(2), "doorverwijzing", "a")
    b = Gebeurtenis(moment(2), "overgang", "b")
    c = Gebeurtenis(moment(2), "notitie", "c")
    assert [g.titel for g in tijdlijn([a], [b, c])] == ["a", "b", "c"]


def test_soort_label() -> None:
    assert Gebeurtenis(moment(1), "tafelbesluit", "x").soort_label == "Besluit uit overleg"
    assert Gebeurtenis(moment(1), "iets", "x").soort_label == "Iets"


def bevat(html: str, fragment: str) -> int:
    """How often ``fragment`` occurs in ``html``, compared as HTML (whitespace and attribute order
    do not matter)."""
    return parse_html(html).count(parse_html(fragment))


def test_de_kop_toont_status_stappen_en_de_volgende_stap() -> None:
    html = render_to_string("onderdelen/dossier/kop.html", {"kop": kop()})
    assert bevat(html, '<span class="onzichtbaar">Status: </span>') == 1
    assert 'class="utrecht-status-badge utrecht-status-badge--warning"' in html
    assert html.count('aria-current="step"') == 1
    assert bevat(
        html,
        '<li class="voortgang__stap voortgang__stap--huidig" aria-current="step">'
        '<span class="voortgang__label">Wegen</span>'
        '<span class="onzichtbaar"> (hier staat het nu)</span></li>',
    )
    assert [stand for stand in ("gedaan", "huidig", "open") if f"voortgang__stap--{stand}" in html] == [
        "gedaan",
        "huidig",
        "open",
    ]
    assert bevat(
        html,
        '<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" '
        'href="/signalen/x/wegen/" data-volgende>Signaal wegen</a>',
    )
    assert bevat(
        html, '<div class="dossierkop__gegeven"><dt>Verantwoordelijk</dt><dd>Anna de Vries</dd></div>'
    )
    assert bevat(html, '<div class="dossierkop__gegeven"><dt>Waargenomen</dt><dd>3 maart 2026</dd></div>')
    assert bevat(html, '<h1 class="utrecht-heading-1 dossierkop__titel">Signaal S-2026-00042</h1>')


def test_de_kop_zonder_volgende_stap_heeft_geen_knop_en_zet_de_referentie_bij_de_titel() -> None:
    html = render_to_string("onderdelen/dossier/kop.html", {"kop": kop(volgende=None, titel="Jan Jansen")})
    assert "utrecht-button-link" not in html
    assert bevat(
        html,
        '<h1 class="utrecht-heading-1 dossierkop__titel">Jan Jansen '
        '<span class="dossierkop__referentie">S-2026-00042</span></h1>',
    )


def test_de_navigatie_linkt_naar_de_secties() -> None:
    html = render_to_string("onderdelen/dossier/secties.html", {"kop": kop()})
    assert bevat(html, '<a class="utrecht-link dossiernav__link" href="#gegevens">Gegevens</a>')
    assert bevat(
        html,
        '<a class="utrecht-link dossiernav__link" href="#personen">Personen '
        '<span class="dossiernav__aantal">(2)</span></a>',
    )
    assert html.index("#gegevens") < html.index("#personen")
    assert render_to_string("onderdelen/dossier/secties.html", {"kop": kop(secties=[])}).strip() == ""


def test_de_tijdlijn_toont_elke_gebeurtenis_in_nederlandse_tijd() -> None:
    gebeurtenissen = tijdlijn(
        [Gebeurtenis(moment(4, 9), "notitie", "Notitie toegevoegd", tekst="regel 1\nregel 2", door="Anna")],
        [Gebeurtenis(moment(1, 9), "registratie", "Signaal geregistreerd")],
    )
    html = render_to_string("onderdelen/dossier/tijdlijn.html", {"gebeurtenissen": gebeurtenissen})
    # 9:00 UTC is 10:00 in Amsterdam in March.
    assert bevat(
        html,
        '<li class="tijdlijn__item tijdlijn__item--notitie">'
        '<p class="utrecht-paragraph tijdlijn__kop"><span class="tijdlijn__soort">Notitie:</span> '
        "Notitie toegevoegd</p>"
        '<p class="utrecht-paragraph tijdlijn__wanneer"><time datetime="2026-03-04T10:00:00+01:00">'
        "4 maart 2026 10:00</time> · Anna</p>"
        '<p class="utrecht-paragraph tijdlijn__tekst">regel 1<br>regel 2</p></li>',
    )
    assert html.index("Notitie toegevoegd") < html.index("Signaal geregistreerd")
    leeg = render_to_string("onderdelen/dossier/tijdlijn.html", {"gebeurtenissen": []})
    assert "Nog niets vastgelegd." in leeg
