"""The access log's own retention term, where the database reads it.

On PostgreSQL the append-only trigger (0002) now lets a row be deleted only once it is older than
the term in ``mensenhandel_toegangslogtermijn`` (one row, written by ``migrate`` from
``TOEGANGSLOG_BEWAARTERMIJN_MAANDEN``); without a term nothing may be deleted. UPDATE stays
refused.
"""

import django.utils.timezone
from django.db import migrations, models

FUNCTIE = """
CREATE OR REPLACE FUNCTION mensenhandel_toegangslog_weiger() RETURNS trigger AS $$
DECLARE
    termijn integer;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT maanden INTO termijn FROM mensenhandel_toegangslogtermijn WHERE id = 1;
        IF termijn IS NOT NULL AND OLD.tijdstip < now() - make_interval(months => termijn) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'Het toegangslog is alleen-toevoegen: % is niet toegestaan', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

TERUG = """
CREATE OR REPLACE FUNCTION mensenhandel_toegangslog_weiger() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het toegangslog is alleen-toevoegen: % is niet toegestaan', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def vooruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIE, params=None)


def achteruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TERUG, params=None)


class Migration(migrations.Migration):
    dependencies = [("mensenhandel", "0009_inzageverzoek")]

    operations = [
        migrations.CreateModel(
            name="Toegangslogtermijn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("maanden", models.PositiveSmallIntegerField(verbose_name="bewaartermijn in maanden")),
                (
                    "gewijzigd_op",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="ingesteld op"),
                ),
            ],
            options={
                "verbose_name": "bewaartermijn van het toegangslog",
                "verbose_name_plural": "bewaartermijn van het toegangslog",
            },
        ),
        migrations.RunPython(vooruit, achteruit),
    ]
