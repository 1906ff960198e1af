"""How the access log reads this app's rows: signals by their reference, the parts of a signal by
the signal's, and the titles of the screens (``mensenhandel.logweergave``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from mensenhandel.logweergave import Gegevenssoort, Logweergave, per_uuid
from signalen.models import BetrokkenPersoon, Doorverwijzing, Koppeling, Overlegbesluit, Signaal, Wisverzoek


def _signaal(signaal: Signaal) -> str:
    # A destroyed signal keeps its reference; what it held is gone.
    return f"{signaal.referentie} (vernietigd)" if signaal.vernietigd_op else signaal.referentie


def _signalen(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(Signaal.objects.only("uuid", "referentie", "vernietigd_op"), ids, _signaal)


def _deel_van(model: Any, wat: str) -> Any:
    """A part of a signal, read as "<wat> bij <reference>" (never a person's name)."""

    def kenmerken(ids: Collection[str]) -> Mapping[str, str]:
        return per_uuid(
            model.objects.select_related("signaal"), ids, lambda deel: f"{wat} bij {deel.signaal}"
        )

    return kenmerken


def _doorverwijzingen(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Doorverwijzing.objects.select_related("signaal"),
        ids,
        lambda d: f"van {d.signaal} naar {d.get_bestemming_display().lower()}",
    )


def _koppelingen(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Koppeling.objects.select_related("signaal_a", "signaal_b"),
        ids,
        lambda k: f"{k.signaal_a} en {k.signaal_b}",
    )


def weergave() -> Logweergave:
    return Logweergave(
        soorten=[
            Gegevenssoort("signalen.Signaal", "Signaal", _signalen),
            Gegevenssoort(
                "signalen.BetrokkenPersoon", "Persoon in een signaal", _deel_van(BetrokkenPersoon, "persoon")
            ),
            Gegevenssoort("signalen.Doorverwijzing", "Doorverwijzing", _doorverwijzingen),
            Gegevenssoort(
                "signalen.Overlegbesluit", "Besluit uit een overleg", _deel_van(Overlegbesluit, "besluit")
            ),
            Gegevenssoort("signalen.Koppeling", "Koppeling van signalen", _koppelingen),
            Gegevenssoort(
                "signalen.Wisverzoek",
                "Wisverzoek",
                lambda ids: per_uuid(Wisverzoek.objects.all(), ids, lambda v: v.referentie),
            ),
        ],
        schermen={
            "signalen:start": "Signalen",
            "signalen:nieuw": "Nieuw signaal",
            "signalen:export": "Signalen exporteren (CSV)",
            "signalen:detail": "Signaal",
            "signalen:bewerken": "Signaal bewerken",
            "signalen:notitie": "Notitie bij een signaal",
            "signalen:wegen": "Signaal wegen",
            "signalen:besluit": "Besluit over een signaal",
            "signalen:heropenen": "Signaal heropenen",
            "signalen:blokkade_aanvragen": "Langer bewaren aanvragen (signaal)",
            "signalen:wissen": "Wissen aanvragen",
            "signalen:wisverzoeken": "Wisverzoeken",
            "signalen:wisverzoek_beoordelen": "Wisverzoek beoordelen",
            "signalen:persoon_toevoegen": "Persoon toevoegen aan een signaal",
            "signalen:persoon_bewerken": "Persoon in een signaal bewerken",
            "signalen:persoon_verwijderen": "Persoon uit een signaal verwijderen",
            "signalen:terugkoppeling": "Terugkoppeling vastleggen",
            "signalen:melder_terugkoppeling": "Terugkoppeling aan de melder",
            "signalen:koppeling": "Koppeling van signalen beoordelen",
            "signalen:contact_aanvragen": "Contact leggen over een treffer buiten bereik",
            "signalen:contactverzoek": "Contactverzoek over een treffer beantwoorden",
            "signalen:treffers": "Treffers tussen gemeenten (ketenregisseur)",
            "signalen:partnerlink": "Link voor terugkoppeling door de partner",
            "signalen:partnerlink_intrekken": "Link voor terugkoppeling intrekken",
            "signalen:partnerantwoord": "Terugkoppeling door de partner via link",
        },
    )
