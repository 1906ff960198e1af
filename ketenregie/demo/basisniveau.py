"""Demo basisniveau for several gemeenten of both demo regions, with mixed statuses.

Saved through the service: Hilversum by its aandachtsfunctionaris, the others by the
region's ketenregisseur. Gemeenten not listed stay "onbekend" everywhere, as in real life.

Idempotent: a gemeente that already has any basisniveau recorded is left alone.
"""

from __future__ import annotations

from datetime import date

from ketenregie.models import Basisniveau
from ketenregie.services.basisniveau import basisniveau_bijwerken
from mensenhandel.models import Gebruiker, Gemeente

V, D, N = "voldaan", "deels", "niet"

# cbs code: (who saves it, {punt: (status, date, evidence)})
DEMO: dict[str, tuple[str, dict[str, tuple[str, date | None, str]]]] = {
    "GM0402": (
        "af.hilversum@demo.example",
        {
            "actief_signaleren": (
                V,
                date(2026, 9, 1),
                "Signalen worden vastgelegd en gewogen; zie de signalenlijst.",
            ),
            "af_aangesteld": (V, date(2024, 2, 1), "Twee aandachtsfunctionarissen, OOV en sociaal domein."),
            "bestuurlijke_instrumenten": (
                D,
                date(2025, 10, 7),
                "Handhaving kent de Bibob-toets; sluiting nog niet geoefend.",
            ),
            "organisaties_bekend": (
                V,
                date(2026, 3, 12),
                "Wegenkaart besproken in het AF-overleg van maart.",
            ),
            "beleid_vastgesteld": (V, date(2023, 3, 14), "Raadsbesluit regionaal beleidskader mensenhandel."),
            "prostitutiebeleid": (
                V,
                date(2023, 3, 14),
                "Onderdeel van het beleidskader; spreekuur voor sekswerkers.",
            ),
            "meldroute_gecommuniceerd": (V, date(2025, 6, 2), "Intranetpagina ‘Signalen van mensenhandel’."),
            "jaarlijkse_training": (D, date(2025, 11, 20), "Training voor handhaving; burgerzaken volgt."),
        },
    ),
    "GM0406": (
        "kr.gooi@demo.example",
        {
            "actief_signaleren": (D, None, "Signalen komen vooral via de politie binnen."),
            "af_aangesteld": (V, date(2024, 9, 1), "Aandachtsfunctionaris OOV, gedeeld met Blaricum."),
            "bestuurlijke_instrumenten": (N, None, ""),
            "organisaties_bekend": (V, date(2026, 3, 12), "Deelname aan het AF-overleg."),
            "beleid_vastgesteld": (
                V,
                date(2022, 11, 8),
                "Regionaal beleidskader vastgesteld door het college.",
            ),
            "prostitutiebeleid": (N, None, ""),
            "meldroute_gecommuniceerd": (
                D,
                date(2026, 1, 15),
                "Meldroute gedeeld met het sociaal team; nog niet breed.",
            ),
            "jaarlijkse_training": (N, None, ""),
        },
    ),
    "GM0317": (
        "kr.gooi@demo.example",
        {
            "af_aangesteld": (V, date(2026, 3, 1), "Aandachtsfunctionaris sociaal domein."),
            "beleid_vastgesteld": (N, None, ""),
        },
    ),
    "GM1942": (
        "kr.gooi@demo.example",
        {
            "af_aangesteld": (V, date(2023, 5, 1), "Coördinator veiligheid is aandachtsfunctionaris."),
            "beleid_vastgesteld": (V, date(2023, 4, 18), "Raadsbesluit regionaal beleidskader."),
            "jaarlijkse_training": (N, None, "Laatste training is langer dan een jaar geleden."),
        },
    ),
    "GM1696": (
        "kr.gooi@demo.example",
        {"af_aangesteld": (N, None, "Vacature; vraag uitgezet bij de gemeentesecretaris.")},
    ),
    "GM0080": (
        "kr.fryslan@demo.example",
        {
            "actief_signaleren": (V, date(2026, 10, 1), "Signalen gaan via het Drieluik."),
            "af_aangesteld": (V, date(2024, 11, 1), "Twee aandachtsfunctionarissen."),
            "bestuurlijke_instrumenten": (
                V,
                date(2025, 4, 9),
                "Sluitingsbevoegdheid toegepast bij een massagesalon.",
            ),
            "organisaties_bekend": (D, None, "Wegenkaart Fryslân is in opbouw."),
            "beleid_vastgesteld": (V, date(2024, 6, 27), "Provinciaal beleidskader mensenhandel Fryslân."),
            "prostitutiebeleid": (
                D,
                date(2024, 6, 27),
                "Vergunningenbeleid; hulpaanbod voor sekswerkers nog niet.",
            ),
            "meldroute_gecommuniceerd": (V, date(2025, 2, 3), "Meldroute in het personeelsblad."),
            "jaarlijkse_training": (V, date(2026, 5, 19), "E-learning voor alle baliemedewerkers."),
        },
    ),
    "GM0090": (
        "kr.fryslan@demo.example",
        {
            "af_aangesteld": (V, date(2024, 8, 1), "Aandachtsfunctionaris sociaal domein."),
            "beleid_vastgesteld": (V, date(2024, 6, 27), "Provinciaal beleidskader mensenhandel Fryslân."),
            "jaarlijkse_training": (N, None, ""),
        },
    ),
}


def laden() -> None:
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(cbs_code__in=DEMO)}
    for cbs, (email, onderdelen) in DEMO.items():
        gemeente = gemeenten[cbs]
        if Basisniveau.objects.filter(gemeente=gemeente).exists():
            continue
        basisniveau_bijwerken(
            door=Gebruiker.objects.get(email=email),
            gemeente=gemeente,
            punten={
                punt: {"status": status, "datum": datum, "onderbouwing": onderbouwing}
                for punt, (status, datum, onderbouwing) in onderdelen.items()
            },
        )
