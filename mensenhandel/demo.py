"""Demo data: two regions and one fictitious person per role and place.

Deterministic and idempotent; used by ``manage.py seed_demo`` and by the browser tests.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.models import Gebruiker, Gemeente, Organisatie, Regio, Rol
from mensenhandel.onderdelen import onderdelen
from mensenhandel.toegangsbeheer import gebruiker_toewijzen

DEMO_WACHTWOORD = "Mensenhandel-demo-2026"

GOOI_EN_VECHTSTREEK = [
    "GM0376",  # Blaricum
    "GM0317",  # Eemnes
    "GM1942",  # Gooise Meren
    "GM0402",  # Hilversum
    "GM0406",  # Huizen
    "GM0417",  # Laren
    "GM1696",  # Wijdemeren
]
FRYSLAN_VEILIGHEIDSREGIO = "VR02"

ORGANISATIES = [
    ("Gemeente Hilversum", Organisatie.Soort.GEMEENTE, "GM0402"),
    ("Gemeente Huizen", Organisatie.Soort.GEMEENTE, "GM0406"),
    ("Gemeente Eemnes", Organisatie.Soort.GEMEENTE, "GM0317"),
    ("Gemeente Leeuwarden", Organisatie.Soort.GEMEENTE, "GM0080"),
    ("Gemeente Smallingerland", Organisatie.Soort.GEMEENTE, "GM0090"),
    ("Zorgcoördinatie Mensenhandel Gooi en Vechtstreek", Organisatie.Soort.ZORGORGANISATIE, None),
    ("Fier", Organisatie.Soort.ZORGORGANISATIE, None),
    ("HVO-Querido", Organisatie.Soort.ZORGORGANISATIE, None),
    ("RIEC Midden-Nederland", Organisatie.Soort.RIEC, None),
    ("RIEC Noord-Nederland", Organisatie.Soort.RIEC, None),
]


@dataclass(frozen=True)
class DemoGebruiker:
    email: str
    naam: str
    rol: Rol
    organisatie: str
    gemeenten: tuple[str, ...] = ()
    regios: tuple[str, ...] = ()
    met_tweede_factor: bool = True
    telefoon: str = ""  # fictitious work numbers: shown to an AF of another gemeente at a hit

    @property
    def totp_sleutel_hex(self) -> str:
        # Derived from the address so that every `seed_demo` gives the same secret.
        return hashlib.sha256(f"mensenhandel-demo:{self.email}".encode()).hexdigest()[:40]

    @property
    def totp_geheim(self) -> str:
        return base64.b32encode(bytes.fromhex(self.totp_sleutel_hex)).decode()


GV, FR = "Gooi en Vechtstreek", "Fryslân"

GEBRUIKERS = [
    DemoGebruiker(
        "af.hilversum@demo.example",
        "Anouk Verhoef",
        Rol.AANDACHTSFUNCTIONARIS,
        "Gemeente Hilversum",
        gemeenten=("GM0402",),
        telefoon="035 000 0101",
    ),
    DemoGebruiker(
        "af.huizen@demo.example",
        "Bram Kooistra",
        Rol.AANDACHTSFUNCTIONARIS,
        "Gemeente Huizen",
        gemeenten=("GM0406", "GM0376", "GM0417"),
        telefoon="035 000 0202",
    ),
    DemoGebruiker(
        "af.eemnes@demo.example",
        "Chantal de Wit",
        Rol.AANDACHTSFUNCTIONARIS,
        "Gemeente Eemnes",
        gemeenten=("GM0317",),
        telefoon="035 000 0303",
        met_tweede_factor=False,
    ),
    DemoGebruiker(
        "af.leeuwarden@demo.example",
        "Douwe Hoekstra",
        Rol.AANDACHTSFUNCTIONARIS,
        "Gemeente Leeuwarden",
        gemeenten=("GM0080",),
        telefoon="058 000 0404",
    ),
    DemoGebruiker(
        "af.smallingerland@demo.example",
        "Eelke Postma",
        Rol.AANDACHTSFUNCTIONARIS,
        "Gemeente Smallingerland",
        gemeenten=("GM0090",),
        telefoon="0512 000 505",
    ),
    DemoGebruiker(
        "zc1.gooi@demo.example",
        "Fatima El Amrani",
        Rol.ZORGCOORDINATOR,
        "Zorgcoördinatie Mensenhandel Gooi en Vechtstreek",
        regios=(GV,),
    ),
    DemoGebruiker(
        "zc2.gooi@demo.example",
        "Gerrit van Dam",
        Rol.ZORGCOORDINATOR,
        "Zorgcoördinatie Mensenhandel Gooi en Vechtstreek",
        regios=(GV,),
    ),
    DemoGebruiker("zc.fryslan@demo.example", "Hiske Dijkstra", Rol.ZORGCOORDINATOR, "Fier", regios=(FR,)),
    DemoGebruiker(
        "kr.gooi@demo.example", "Ilse Bakker", Rol.KETENREGISSEUR, "Gemeente Hilversum", regios=(GV,)
    ),
    DemoGebruiker(
        "kr.fryslan@demo.example", "Jelle Wiersma", Rol.KETENREGISSEUR, "Gemeente Leeuwarden", regios=(FR,)
    ),
    DemoGebruiker("beheer@demo.example", "Karin Smit", Rol.FUNCTIONEEL_BEHEERDER, "Gemeente Hilversum"),
    # A second beheerder approves what the first grants (TOEGANG_TWEE_BEHEERDERS).
    DemoGebruiker("beheer2@demo.example", "Lotte Mulder", Rol.FUNCTIONEEL_BEHEERDER, "Gemeente Huizen"),
    DemoGebruiker("privacy@demo.example", "Mirjam de Jong", Rol.PRIVACYFUNCTIONARIS, "Gemeente Hilversum"),
]


@transaction.atomic
def demo_laden() -> list[DemoGebruiker]:
    """Create or refresh the demo regions, organisations and users."""
    if not Gemeente.objects.exists():
        call_command("import_gemeenten", verbosity=0)

    gv, _ = Regio.objects.get_or_create(naam=GV)
    gv.gemeenten.set(Gemeente.objects.filter(cbs_code__in=GOOI_EN_VECHTSTREEK))
    fr, _ = Regio.objects.get_or_create(naam=FR)
    fr.gemeenten.set(Gemeente.objects.filter(veiligheidsregio_code=FRYSLAN_VEILIGHEIDSREGIO))
    regios = {GV: gv, FR: fr}

    organisaties = {}
    for naam, soort, cbs in ORGANISATIES:
        organisaties[naam], _ = Organisatie.objects.update_or_create(
            naam=naam,
            defaults={
                "soort": soort,
                "gemeente": Gemeente.objects.get(cbs_code=cbs) if cbs else None,
            },
        )

    for demo in GEBRUIKERS:
        gebruiker = Gebruiker.objects.filter(email=demo.email).first()
        if gebruiker is None:
            gebruiker = Gebruiker.objects.create_user(
                email=demo.email, password=DEMO_WACHTWOORD, naam=demo.naam
            )
        gebruiker.naam = demo.naam
        gebruiker.organisatie = organisaties[demo.organisatie]
        gebruiker.telefoon = demo.telefoon
        gebruiker.is_active = True
        gebruiker.set_password(DEMO_WACHTWOORD)
        gebruiker.save()
        gebruiker_toewijzen(
            gebruiker=gebruiker,
            rol=demo.rol,
            gemeenten=Gemeente.objects.filter(cbs_code__in=demo.gemeenten),
            regios=[regios[r] for r in demo.regios],
        )
        if demo.met_tweede_factor:
            TOTPDevice.objects.update_or_create(
                user=gebruiker,
                name="Demo-authenticator",
                defaults={"key": demo.totp_sleutel_hex, "confirmed": True},
            )
    # Each app may add its own demo data (``demo`` on its AppConfig); the kernel
    # imports no app itself.
    for config in onderdelen():
        if config.demo:
            import_string(config.demo)()
    return GEBRUIKERS
