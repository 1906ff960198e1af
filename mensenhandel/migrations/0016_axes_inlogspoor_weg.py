"""Remove axes' login trail: AXES_DISABLE_ACCESS_LOG stops it from growing; the rows written
before (address, browser and account name of every login, never removed) go here. The
application's access log keeps the logins under its retention rule."""

from django.db import migrations


def weg(apps, schema_editor):
    apps.get_model("axes", "AccessLog").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mensenhandel", "0015_gebruiker_telefoon"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(weg, migrations.RunPython.noop)]
