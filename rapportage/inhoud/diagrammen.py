"""The report's charts, each with the table of its figures as its text alternative."""

from __future__ import annotations

from ketenregie import grafieken
from ketenregie.selectors import cijfers
from rapportage.inhoud.bouwstenen import Grafiek
from rapportage.inhoud.kerncijfers import Trendregel
from signalen.cijfers import Besluitcijfers, Signaalcijfers, Verwijzingscijfers
from zorgcoordinatie.cijfers import Aanmeldingcijfers, Trajectcijfers

# --- Charts -----------------------------------------------------------------------------------------


def _staafgrafiek(sleutel: str, titel: str, staven: list[grafieken.Staaf]) -> Grafiek:
    return Grafiek(svg=grafieken.staafdiagram(sleutel=sleutel, titel=titel, staven=staven), titel=titel)


def _trendgrafiek(sleutel: str, titel: str, regels: list[Trendregel], veld: str) -> Grafiek:
    staven = [grafieken.staaf(r.periode, getattr(r, veld)) for r in regels]
    return _staafgrafiek(sleutel, titel, staven)


def diagrammen(
    signalen: Signaalcijfers,
    besluiten: Besluitcijfers,
    verwijzingen: Verwijzingscijfers,
    aanmeldingen: Aanmeldingcijfers,
    trajecten: Trajectcijfers,
    activiteiten: cijfers.Activiteitcijfers,
    trendregels: list[Trendregel],
) -> dict[str, Grafiek]:
    """Every chart of the report, by the name the template uses."""
    per_gemeente = signalen.per_gemeente
    return {
        "signalen_gemeente": _staafgrafiek(
            "signalen-gemeente",
            "Signalen per gemeente",
            grafieken.staven_uit_cellen(per_gemeente.gemeenten, [r[0] for r in per_gemeente.tabel.rijen]),
        ),
        "signalen_vorm": _staafgrafiek(
            "signalen-vorm",
            "Signalen per vorm van uitbuiting",
            grafieken.staven_uit_tellingen(signalen.per_vorm),
        ),
        "signalen_bron": _staafgrafiek(
            "signalen-bron", "Signalen per bron", grafieken.staven_uit_tellingen(signalen.per_bron)
        ),
        "signalen_sector": _staafgrafiek(
            "signalen-sector", "Signalen per sector", grafieken.staven_uit_tellingen(signalen.per_sector)
        ),
        "signalen_maand": Grafiek(
            svg=grafieken.kolomdiagram(
                sleutel="signalen-maand",
                titel="Signalen per maand",
                kolommen=grafieken.staven_uit_tellingen(signalen.per_maand),
            ),
            titel="Signalen per maand",
        ),
        "besluiten_uitkomst": _staafgrafiek(
            "besluiten-uitkomst",
            "Besluiten over signalen naar wat er is besloten",
            grafieken.staven_uit_tellingen(besluiten.per_uitkomst),
        ),
        "verwijzingen_bestemming": _staafgrafiek(
            "verwijzingen-bestemming",
            "Doorverwijzingen per bestemming",
            grafieken.staven_uit_tellingen(verwijzingen.per_bestemming),
        ),
        "aanmeldingen_bron": _staafgrafiek(
            "aanmeldingen-bron",
            "Aanmeldingen voor zorgcoördinatie per bron",
            grafieken.staven_uit_tellingen(aanmeldingen.per_bron),
        ),
        "trajecten_fase": _staafgrafiek(
            "trajecten-fase",
            "Open trajecten per fase",
            grafieken.staven_uit_tellingen(trajecten.per_fase),
        ),
        "trajecten_afsluitreden": _staafgrafiek(
            "trajecten-afsluitreden",
            "Afgesloten trajecten per reden",
            grafieken.staven_uit_tellingen(trajecten.per_afsluitreden),
        ),
        "trend": _trendgrafiek("trend", "Signalen geregistreerd per halfjaar", trendregels, "signalen"),
        "trend_verwijzingen": _trendgrafiek(
            "trend-verwijzingen", "Doorverwijzingen per halfjaar", trendregels, "verwijzingen"
        ),
        "trend_aanmeldingen": _trendgrafiek(
            "trend-aanmeldingen",
            "Aanmeldingen voor zorgcoördinatie per halfjaar",
            trendregels,
            "aanmeldingen",
        ),
        "trend_trajecten": _trendgrafiek(
            "trend-trajecten", "Trajecten gestart per halfjaar", trendregels, "trajecten_geopend"
        ),
        "activiteiten_doelgroep": _staafgrafiek(
            "activiteiten-doelgroep",
            "Activiteiten per doelgroep",
            grafieken.staven_uit_tellingen(activiteiten.per_doelgroep),
        ),
    }
