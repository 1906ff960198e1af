"""Seed the indicator list (the functional administrator maintains it afterwards)."""

from django.db import migrations

INDICATOREN = {
    "dwang": [
        "Kan niet vrij gaan en staan waar hij of zij wil",
        "Wordt steeds begeleid of opgehaald door een ander",
        "Een ander voert het woord of vertaalt ongevraagd",
        "Bang voor de werkgever, de 'vriend' of de familie van een ander",
        "Wordt bedreigd, of de familie wordt bedreigd",
        "Tekenen van geweld of mishandeling",
        "Moet seks hebben of werk doen dat hij of zij niet wil",
    ],
    "documenten": [
        "Heeft geen eigen identiteitsbewijs of paspoort in bezit",
        "Papieren zijn ingenomen door werkgever, bemiddelaar of 'vriend'",
        "Valse of andermans documenten",
        "Weet het eigen adres of de eigen verblijfsstatus niet",
    ],
    "huisvesting": [
        "Woont op de werkplek",
        "Veel mensen ingeschreven of wonend op één adres",
        "Huisvesting geregeld door werkgever of bemiddelaar, vaak overvol",
        "Wisselt vaak van verblijfplaats of stad",
    ],
    "werk_geld": [
        "Schulden bij werkgever, bemiddelaar of smokkelaar",
        "Loon ver onder het minimum of helemaal geen loon",
        "Een ander beheert de bankrekening, pinpas of inkomsten",
        "Zeer lange werkdagen zonder vrije dagen",
        "Werk stemt niet overeen met wat beloofd was",
        "Moet een hoog bedrag per dag of per klant afdragen",
    ],
    "gezondheid": [
        "Onverklaarbaar letsel of verwaarloosde gezondheid",
        "Angstig, schichtig of teruggetrokken gedrag",
        "Tekenen van verslaving die door een ander wordt gevoed",
        "Geen toegang tot medische zorg of een ander beslist daarover",
        "Tatoeage of merkteken dat op eigendom kan wijzen",
    ],
    "online": [
        "Advertenties voor seksuele diensten met wisselende namen of steden",
        "Online gelokt met een aanbod van werk, liefde of verblijf",
        "Chantage met beelden (sextortion)",
        "Telefoon of accounts worden door een ander beheerd",
    ],
}


def vooruit(apps, schema_editor):
    Indicator = apps.get_model("signalen", "Indicator")
    for groep, omschrijvingen in INDICATOREN.items():
        for volgorde, omschrijving in enumerate(omschrijvingen, start=1):
            Indicator.objects.get_or_create(
                omschrijving=omschrijving, defaults={"groep": groep, "volgorde": volgorde}
            )


def achteruit(apps, schema_editor):
    Indicator = apps.get_model("signalen", "Indicator")
    for omschrijvingen in INDICATOREN.values():
        Indicator.objects.filter(omschrijving__in=omschrijvingen).delete()


class Migration(migrations.Migration):
    dependencies = [("signalen", "0001_eerste")]

    operations = [migrations.RunPython(vooruit, achteruit)]
