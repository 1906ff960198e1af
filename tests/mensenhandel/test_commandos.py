"""Management commands: importing gemeenten and loading the demo."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.demo import GEBRUIKERS
from mensenhandel.models import Gebruiker, Gemeente, Regio, Rol


def test_import_gemeenten_is_herhaalbaar(db, capsys):
    call_command("import_gemeenten")
    assert Gemeente.objects.count() == 342
    assert Gemeente.objects.get(cbs_code="GM0402").naam == "Hilversum"
    assert "342 nieuw" in capsys.readouterr().out
    call_command("import_gemeenten")
    assert "0 nieuw, 0 bijgewerkt" in capsys.readouterr().out
    assert Gemeente.objects.count() == 342


def test_import_werkt_een_naam_bij(db, tmp_path, capsys):
    Gemeente.objects.create(cbs_code="GM0402", naam="Oude naam")
    csv = tmp_path / "g.csv"
    csv.write_text(
        "cbs_code,naam,veiligheidsregio_code,veiligheidsregio\nGM0402,Hilversum,VR14,Gooi en Vechtstreek\n"
    )
    call_command("import_gemeenten", str(csv))
    assert Gemeente.objects.get(cbs_code="GM0402").naam == "Hilversum"
    assert "1 bijgewerkt" in capsys.readouterr().out


@pytest.mark.parametrize(
    "inhoud,melding",
    [
        ("code,naam\nGM0402,Hilversum\n", "Kolommen ontbreken: cbs_code"),
        ("cbs_code,naam\n0402,Hilversum\n", "Regel 2: Een CBS-code is GM gevolgd door vier cijfers."),
    ],
)
def test_import_foute_csv(db, tmp_path, inhoud, melding):
    csv = tmp_path / "g.csv"
    csv.write_text(inhoud)
    with pytest.raises(CommandError, match=melding):
        call_command("import_gemeenten", str(csv))
    assert not Gemeente.objects.exists()


def test_import_onbekend_bestand(db):
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("import_gemeenten", "/bestaat/niet.csv")


def test_seed_demo_is_deterministisch_en_herhaalbaar(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    eerste = capsys.readouterr().out
    aantallen = (Gebruiker.objects.count(), Regio.objects.count(), TOTPDevice.objects.count())
    call_command("seed_demo")
    assert capsys.readouterr().out == eerste
    assert (Gebruiker.objects.count(), Regio.objects.count(), TOTPDevice.objects.count()) == aantallen

    gv = Regio.objects.get(naam="Gooi en Vechtstreek")
    assert sorted(gv.gemeenten.values_list("naam", flat=True)) == [
        "Blaricum",
        "Eemnes",
        "Gooise Meren",
        "Hilversum",
        "Huizen",
        "Laren (NH.)",
        "Wijdemeren",
    ]
    assert Regio.objects.get(naam="Fryslân").gemeenten.count() == 18
    rollen = [g.rol for g in Gebruiker.objects.prefetch_related("groups")]
    assert rollen.count(Rol.ZORGCOORDINATOR) == 3 and rollen.count(Rol.KETENREGISSEUR) == 2
    assert rollen.count(Rol.FUNCTIONEEL_BEHEERDER) == 2  # the second approves grants
    for demo in GEBRUIKERS:
        if demo.met_tweede_factor:
            assert demo.totp_geheim in eerste


def test_seed_demo_weigert_zonder_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="horen niet in productie"):
        call_command("seed_demo")
    assert not Gebruiker.objects.exists()


def test_demo_af_per_regio_in_minstens_twee_gemeenten(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    from mensenhandel.toegang import gemeenten_van_af

    per_regio: dict[str, set[str]] = {}
    for gebruiker in Gebruiker.objects.all():
        for gemeente in gemeenten_van_af(gebruiker):
            for regio in gemeente.regios.all():
                per_regio.setdefault(regio.naam, set()).add(gemeente.naam)
    assert all(len(gemeenten) >= 2 for gemeenten in per_regio.values())
    assert set(per_regio) == {"Gooi en Vechtstreek", "Fryslân"}
