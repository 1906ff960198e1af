"""The choices of a signal: sector, source, forms of exploitation, status, risk, and where
a referral goes. ``signalen.models`` re-exports them, where most code imports them from."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models


class Sector(models.TextChoices):
    PROSTITUTIE_VERGUND = "prostitutie_vergund", "Prostitutie (vergund)"
    PROSTITUTIE_ONVERGUND = "prostitutie_onvergund", "Prostitutie (onvergund)"
    HORECA = "horeca", "Horeca"
    LAND_TUINBOUW = "land_tuinbouw", "Land- en tuinbouw"
    BOUW = "bouw", "Bouw"
    SCHOONMAAK = "schoonmaak", "Schoonmaak"
    DISTRIBUTIE = "distributie", "Distributie en logistiek"
    NAGEL_MASSAGE = "nagel_massage", "Nagel- en massagesalons"
    HUISHOUDELIJK = "huishoudelijk", "Huishoudelijk werk"
    ONLINE = "online", "Online"
    OVERIG = "overig", "Overig"


class Bron(models.TextChoices):
    BURGERZAKEN = "burgerzaken", "Gemeente: burgerzaken"
    HANDHAVING = "handhaving", "Gemeente: handhaving"
    VERGUNNINGEN = "vergunningen", "Gemeente: vergunningen"
    WMO_JEUGD = "wmo_jeugd", "Gemeente: Wmo/jeugd"
    WERK_INKOMEN = "werk_inkomen", "Gemeente: werk en inkomen"
    GEMEENTE_OVERIG = "gemeente_overig", "Gemeente: andere afdeling"
    POLITIE = "politie", "Politie"
    ARBEIDSINSPECTIE = "arbeidsinspectie", "Arbeidsinspectie"
    VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
    ZORG = "zorg", "Zorg en hulpverlening"
    ONDERWIJS = "onderwijs", "Onderwijs"
    JONGERENWERK = "jongerenwerk", "Jongerenwerk"
    ASIELKETEN = "asielketen", "Asielketen"
    BURGER = "burger", "Burger"
    ANONIEM = "anoniem", "Anoniem"
    OVERIG = "overig", "Overig"


class Melder(models.TextChoices):
    """Who reported the signal, read off its source (``bron``): no field of its own."""

    COLLEGA = "collega", "Collega van de gemeente"
    PROFESSIONAL = "professional", "Professional van een ketenpartner"
    INWONER = "inwoner", "Inwoner"
    ANONIEM = "anoniem", "Anoniem"


def melder_van(bron: str) -> Melder:
    """The kind of reporter of a signal with this source."""
    if bron in (
        Bron.BURGERZAKEN,
        Bron.HANDHAVING,
        Bron.VERGUNNINGEN,
        Bron.WMO_JEUGD,
        Bron.WERK_INKOMEN,
        Bron.GEMEENTE_OVERIG,
    ):
        return Melder.COLLEGA
    if bron == Bron.BURGER:
        return Melder.INWONER
    if bron == Bron.ANONIEM:
        return Melder.ANONIEM
    return Melder.PROFESSIONAL


class Kanaal(models.TextChoices):
    """How the reporter was given feedback."""

    TELEFOON = "telefoon", "Telefoon"
    EMAIL = "email", "E-mail"
    PERSOONLIJK = "persoonlijk", "Persoonlijk"
    BRIEF = "brief", "Brief"


class Uitbuitingsvorm(models.TextChoices):
    SEKSUEEL = "seksueel", "Seksuele uitbuiting"
    ARBEID = "arbeid", "Arbeidsuitbuiting"
    CRIMINEEL = "crimineel", "Criminele uitbuiting"
    ORGAANVERWIJDERING = "orgaanverwijdering", "Gedwongen orgaanverwijdering"
    ONBEKEND = "onbekend", "Onbekend"


VORM_VELDEN = {
    Uitbuitingsvorm.SEKSUEEL: "seksuele_uitbuiting",
    Uitbuitingsvorm.ARBEID: "arbeidsuitbuiting",
    Uitbuitingsvorm.CRIMINEEL: "criminele_uitbuiting",
    Uitbuitingsvorm.ORGAANVERWIJDERING: "orgaanverwijdering",
    Uitbuitingsvorm.ONBEKEND: "vorm_onbekend",
}


def vormlabels(velden: Mapping[str, object]) -> list[str]:
    """The labels of the forms of exploitation whose field (``VORM_VELDEN``) is set in ``velden``
    (a signal's columns by name, e.g. a row read with ``values()``)."""
    labels = dict(Uitbuitingsvorm.choices)
    return [str(labels[vorm]) for vorm, veld in VORM_VELDEN.items() if velden.get(veld)]


class Reikwijdte(models.TextChoices):
    BINNENLANDS = "binnenlands", "Binnenlands"
    GRENSOVERSCHRIJDEND = "grensoverschrijdend", "Grensoverschrijdend"
    ONBEKEND = "onbekend", "Onbekend"


class JaNeeOnbekend(models.TextChoices):
    JA = "ja", "Ja"
    NEE = "nee", "Nee"
    ONBEKEND = "onbekend", "Onbekend"


class Status(models.TextChoices):
    NIEUW = "nieuw", "Nieuw"
    IN_ONDERZOEK = "in_onderzoek", "In onderzoek"
    GEWOGEN = "gewogen", "Gewogen"
    BESLOTEN = "besloten", "Besluit genomen"
    LOPEND = "lopend", "Lopend (monitoren)"
    AFGESLOTEN = "afgesloten", "Afgesloten"


class Risico(models.TextChoices):
    LAAG = "laag", "Laag"
    MIDDEN = "midden", "Midden"
    HOOG = "hoog", "Hoog"


class Bestemming(models.TextChoices):
    ZORGCOORDINATOR = "zorgcoordinator", "Zorgcoördinator"
    POLITIE_BASISTEAM = "politie_basisteam", "Politie: basisteam"
    POLITIE_TMM = "politie_tmm", "Politie: Team Migratiecriminaliteit en Mensenhandel"
    AI_OPSPORING = "ai_opsporing", "Arbeidsinspectie: opsporing"
    AI_TOEZICHT = "ai_toezicht", "Arbeidsinspectie: toezicht"
    VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
    RIEC = "riec", "RIEC (ondermijning)"
    ZVH = "zvh", "Zorg- en Veiligheidshuis (procesregie)"
