"""Demo AF network for both demo regions: fictitious aandachtsfunctionarissen, saved through
the services by each region's ketenregisseur, and a coordinating AF per region.

The data shows the gaps the ketenregisseur looks for: some AFs without a refresher in the
last 12 months or without any known training date, Wijdemeren (and most of Fryslân)
without an AF, and one AF who left (not active). Training dates are relative to the day
of loading, so the picture stays the same.

Idempotent: an AF that already exists (same name in the same gemeente) is left alone, and
a region that already has a coordinating AF keeps it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ketenregie.models import Aandachtsfunctionaris, Coordinatie
from ketenregie.selectors.netwerk import maanden_terug
from ketenregie.services import netwerk as services
from ketenregie.services.netwerk import AfGegevens
from mensenhandel.models import Gebruiker, Gemeente, Regio

GV, FR = "Gooi en Vechtstreek", "Fryslân"
KETENREGISSEURS = {GV: "kr.gooi@demo.example", FR: "kr.fryslan@demo.example"}


def _maanden(maanden: int | None) -> date | None:
    return None if maanden is None else maanden_terug(timezone.localdate(), maanden)


# (regio, cbs code, name, afdeling, function, phone, e-mail, account, basistraining and last
# refresher in months ago (None: unknown), active)
DEMO = [
    (GV, "GM0402", "Anouk Verhoef", "oov", "Beleidsadviseur openbare orde en veiligheid",
     "035 000 0101", "a.verhoef@hilversum.demo.example", "af.hilversum@demo.example", 36, 4, True),
    (GV, "GM0402", "Sanne Mulder", "sociaal_domein", "Consulent Wmo",
     "035 000 0102", "", None, 20, None, True),
    (GV, "GM0402", "Mark Jansen", "oov", "Adviseur veiligheid",
     "", "m.jansen@hilversum.demo.example", None, 60, 30, False),
    (GV, "GM0406", "Bram Kooistra", "oov", "Adviseur openbare orde en veiligheid",
     "035 000 0201", "b.kooistra@huizen.demo.example", "af.huizen@demo.example", 24, 11, True),
    (GV, "GM0376", "Bram Kooistra", "oov", "Adviseur openbare orde en veiligheid (gedeeld met Huizen)",
     "035 000 0201", "b.kooistra@huizen.demo.example", "af.huizen@demo.example", 24, 11, True),
    (GV, "GM0417", "Pieter de Graaf", "sociaal_domein", "Beleidsmedewerker sociaal domein",
     "035 000 0401", "", None, None, None, True),
    (GV, "GM0317", "Chantal de Wit", "sociaal_domein", "Consulent jeugd en gezin",
     "", "c.dewit@eemnes.demo.example", "af.eemnes@demo.example", 8, None, True),
    (GV, "GM1942", "Yvonne Smits", "oov", "Coördinator veiligheid",
     "035 000 0301", "y.smits@gooisemeren.demo.example", None, 36, 14, True),
    (FR, "GM0080", "Douwe Hoekstra", "oov", "Beleidsadviseur veiligheid",
     "058 000 0101", "d.hoekstra@leeuwarden.demo.example", "af.leeuwarden@demo.example", 24, 5, True),
    (FR, "GM0080", "Marrit Visser", "sociaal_domein", "Consulent schuldhulpverlening",
     "058 000 0102", "m.visser@leeuwarden.demo.example", None, 6, None, True),
    (FR, "GM0090", "Eelke Postma", "sociaal_domein", "Beleidsmedewerker zorg en veiligheid",
     "0512 000 001", "e.postma@sm.demo.example", "af.smallingerland@demo.example", 26, None, True),
    (FR, "GM1900", "Tjitske de Boer", "oov", "Adviseur openbare orde",
     "0515 000 001", "", None, 10, None, True),
    (FR, "GM0074", "Jan Zijlstra", "anders", "Medewerker vergunningen",
     "", "j.zijlstra@heerenveen.demo.example", None, None, None, True),
]  # fmt: skip

# Per regio: who coordinated from how many days ago, oldest first (the role rotates).
COORDINATIE = {
    GV: [("GM0406", "Bram Kooistra", 400), ("GM0402", "Anouk Verhoef", 30)],
    FR: [("GM0080", "Douwe Hoekstra", 200)],
}


def laden() -> None:
    regios = {r.naam: r for r in Regio.objects.filter(naam__in=[GV, FR])}
    krs = {naam: Gebruiker.objects.get(email=email) for naam, email in KETENREGISSEURS.items()}
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(cbs_code__in={r[1] for r in DEMO})}
    for regionaam, cbs, naam, afdeling, functie, telefoon, email, account, basis, opfris, actief in DEMO:
        gemeente = gemeenten[cbs]
        if Aandachtsfunctionaris.objects.filter(gemeente=gemeente, naam__iexact=naam).exists():
            continue
        gegevens = AfGegevens(
            gemeente=gemeente,
            naam=naam,
            afdeling=afdeling,
            functie=functie,
            telefoon=telefoon,
            email=email,
            gebruiker=Gebruiker.objects.get(email=account) if account else None,
            eerste_training=_maanden(basis),
            laatste_opfristraining=_maanden(opfris),
        )
        af, _ = services.af_toevoegen(door=krs[regionaam], gegevens=gegevens)
        if not actief:  # someone who left: kept, no longer active
            services.af_wijzigen(door=krs[regionaam], af=af, gegevens={"actief": False})

    vandaag = timezone.localdate()
    for regio_naam, perioden in COORDINATIE.items():
        regio = regios[regio_naam]
        if Coordinatie.objects.filter(regio=regio).exists():
            continue
        for cbs, naam, dagen in perioden:
            services.coordinator_aanwijzen(
                door=krs[regio_naam],
                regio=regio,
                aandachtsfunctionaris=Aandachtsfunctionaris.objects.get(gemeente__cbs_code=cbs, naam=naam),
                vanaf=vandaag - timedelta(days=dagen),
            )
