"""How the access log reads this app's rows: clients by their dossier number, trajectories and the
parts of one by their client's, and the titles of the screens (``mensenhandel.logweergave``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from mensenhandel.logweergave import Gegevenssoort, Logweergave, per_uuid
from zorgcoordinatie.models import Aanmelding, Afspraak, Client, Traject, Zorgactie, Zorgoverleg


def _vernietigd(tekst: str, vernietigd: object) -> str:
    # A destroyed record keeps its reference; what it held is gone.
    return f"{tekst} (vernietigd)" if vernietigd else tekst


def _clienten(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Client.objects.only("uuid", "dossiernummer", "vernietigd_op"),
        ids,
        lambda c: _vernietigd(c.dossiernummer, c.vernietigd_op),
    )


def _trajecten(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Traject.objects.select_related("client").only("uuid", "vernietigd_op", "client__dossiernummer"),
        ids,
        lambda t: _vernietigd(f"van {t.client.dossiernummer}", t.vernietigd_op),
    )


def _aanmeldingen(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Aanmelding.objects.select_related("regio"),
        ids,
        lambda a: _vernietigd(f"{a.datum:%d-%m-%Y}, {a.regio.naam}", a.vernietigd_op),
    )


def _zorgacties(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Zorgactie.objects.select_related("traject__client"),
        ids,
        lambda z: f"{z.get_domein_display().lower()}, traject van {z.traject.client.dossiernummer}",
    )


def _afspraken(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Afspraak.objects.select_related("overleg__traject__client"),
        ids,
        lambda a: (
            f"zorgoverleg {a.overleg.datum:%d-%m-%Y}, traject van {a.overleg.traject.client.dossiernummer}"
        ),
    )


def _zorgoverleggen(ids: Collection[str]) -> Mapping[str, str]:
    return per_uuid(
        Zorgoverleg.objects.select_related("traject__client"),
        ids,
        lambda o: f"{o.datum:%d-%m-%Y}, traject van {o.traject.client.dossiernummer}",
    )


def weergave() -> Logweergave:
    return Logweergave(
        soorten=[
            Gegevenssoort("zorgcoordinatie.Client", "Cliënt", _clienten),
            Gegevenssoort("zorgcoordinatie.Traject", "Traject", _trajecten),
            Gegevenssoort("zorgcoordinatie.Aanmelding", "Aanmelding", _aanmeldingen),
            Gegevenssoort("zorgcoordinatie.Zorgactie", "Zorgactie", _zorgacties),
            Gegevenssoort("zorgcoordinatie.Zorgoverleg", "Zorgoverleg", _zorgoverleggen),
            Gegevenssoort("zorgcoordinatie.Afspraak", "Afspraak uit een zorgoverleg", _afspraken),
        ],
        schermen={
            "zorgcoordinatie:start": "Zorgcoördinatie",
            "zorgcoordinatie:inbox_signalen": "Aanmeldingen uit signalen",
            "zorgcoordinatie:inbox_direct": "Directe aanmeldingen",
            "zorgcoordinatie:clienten": "Cliënt zoeken",
            "zorgcoordinatie:client": "Cliënt",
            "zorgcoordinatie:aanmelding_nieuw": "Aanmelding invoeren",
            "zorgcoordinatie:aanmelding_beantwoorden": "Aanmelding beantwoorden",
            "zorgcoordinatie:doorverwijzing_beantwoorden": "Doorverwijzing uit een signaal beantwoorden",
            "zorgcoordinatie:traject": "Traject",
            "zorgcoordinatie:traject_bewerken": "Traject bewerken",
            "zorgcoordinatie:blokkade_aanvragen": "Langer bewaren aanvragen (cliënt)",
            "zorgcoordinatie:fase_wijzigen": "Fase van een traject wijzigen",
            "zorgcoordinatie:intake": "Intake",
            "zorgcoordinatie:zorgactie_toevoegen": "Zorgactie toevoegen",
            "zorgcoordinatie:zorgoverleg_toevoegen": "Zorgoverleg toevoegen",
            "zorgcoordinatie:afsluiten": "Traject afsluiten",
            "zorgcoordinatie:heropenen": "Traject heropenen",
            "zorgcoordinatie:zorgactie_bewerken": "Zorgactie bewerken",
            "zorgcoordinatie:afspraak_afronden": "Afspraak afronden",
            "zorgcoordinatie:client_bewerken": "Cliëntgegevens wijzigen",
            "zorgcoordinatie:comensha_toestemming": "Toestemming CoMensha",
            "zorgcoordinatie:comensha_export": "Melding aan CoMensha (export)",
        },
    )
