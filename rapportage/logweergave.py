"""How the access log reads this app's rows: a report by its regio, period and version, and the
titles of the screens (``mensenhandel.logweergave``)."""

from __future__ import annotations

from mensenhandel.logweergave import Gegevenssoort, Logweergave, per_uuid
from rapportage.models import Rapport


def weergave() -> Logweergave:
    return Logweergave(
        soorten=[
            Gegevenssoort(
                "rapportage.Rapport",
                "Halfjaarrapportage",
                lambda ids: per_uuid(
                    Rapport.objects.select_related("regio"),
                    ids,
                    lambda r: f"{r.regio.naam}, {r.periode_label}, versie {r.versie}",
                ),
            )
        ],
        schermen={
            "rapportage:start": "Rapportages",
            "rapportage:rapport": "Rapportage",
            "rapportage:status": "Voortgang van een rapportage",
            "rapportage:downloaden": "Rapportage downloaden (PDF)",
            "rapportage:export_csv": "Cijfers van een rapportage (CSV)",
            "rapportage:export_xlsx": "Cijfers van een rapportage (Excel)",
            "rapportage:vaststellen": "Rapportage vaststellen",
            "rapportage:opnieuw": "Rapportage opnieuw maken",
            "rapportage:verwijderen": "Rapportage verwijderen",
        },
    )
