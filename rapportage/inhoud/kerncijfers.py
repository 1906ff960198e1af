"""The summary (this period against the one before) and the trend over the last half-years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ketenregie.selectors import publicatie
from mensenhandel.periode import Periode
from rapportage.inhoud.bouwstenen import Kerngetal

AANTAL_HALFJAREN_TREND = 4

# --- Summary and trend ----------------------------------------------------------------------------

# (label, field of publicatie.Periodecijfers, decimals): the key figures of the summary, in order.
KERNGETALLEN: list[tuple[str, str, int]] = [
    ("Signalen geregistreerd", "signalen", 0),
    ("Signalen met een minderjarige", "minderjarig", 0),
    ("Besluiten over signalen", "besluiten", 0),
    ("Dagen van registratie tot besluit (mediaan)", "mediaan_dagen_tot_besluit", 1),
    ("Doorverwijzingen", "doorverwijzingen", 0),
    (
        "Doorverwijzingen die aan het eind van de periode nog wachten op terugkoppeling",
        "wacht_op_peildatum",
        0,
    ),
    ("Stapelingstreffers", "stapelingen", 0),
    ("Aanmeldingen voor zorgcoördinatie", "aanmeldingen", 0),
    ("Trajecten gestart", "trajecten_gestart", 0),
    ("Trajecten afgesloten", "trajecten_afgesloten", 0),
    ("Trajecten open aan het eind van de periode", "trajecten_open", 0),
    ("Activiteiten (training, voorlichting, campagne, bijeenkomst)", "activiteiten", 0),
    ("Overleggen gehouden", "overleggen", 0),
]


def samenvatting(nu: publicatie.Periodecijfers, vorige: publicatie.Periodecijfers) -> list[Kerngetal]:
    return [
        Kerngetal(label, getattr(nu, veld), getattr(vorige, veld), decimalen)
        for label, veld, decimalen in KERNGETALLEN
    ]


@dataclass(frozen=True)
class Trendregel:
    """The key figures of one half-year of the trend."""

    periode: str
    signalen: int
    verwijzingen: int
    trajecten_geopend: int
    trajecten_afgesloten: int
    minderjarig: int
    besluiten: int
    mediaan_dagen_tot_besluit: float | None
    stapelingen: int
    aanmeldingen: int
    trajecten_open: int  # at the end of the half-year (or today, for the running one)


def trendperiodes(tot: date) -> list[Periode]:
    """The last four half-years up to the one ``tot`` lies in, oldest first."""
    periodes = [Periode.halfjaar_van(tot)]
    while len(periodes) < AANTAL_HALFJAREN_TREND:
        periodes.append(periodes[-1].vorige_halfjaar())
    return list(reversed(periodes))


def trendregel(rij: publicatie.Periodecijfers) -> Trendregel:
    return Trendregel(
        periode=rij.periode.kort_label,
        signalen=rij.signalen,
        verwijzingen=rij.doorverwijzingen,
        trajecten_geopend=rij.trajecten_gestart,
        trajecten_afgesloten=rij.trajecten_afgesloten,
        minderjarig=rij.minderjarig,
        besluiten=rij.besluiten,
        mediaan_dagen_tot_besluit=rij.mediaan_dagen_tot_besluit,
        stapelingen=rij.stapelingen,
        aanmeldingen=rij.aanmeldingen,
        trajecten_open=rij.trajecten_open,
    )
