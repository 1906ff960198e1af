"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log.

TRUNCATE is not covered: Django's test flush relies on it.
"""

from django.db import migrations

FUNCTIE = """
CREATE OR REPLACE FUNCTION mensenhandel_toegangslog_weiger() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het toegangslog is alleen-toevoegen: % is niet toegestaan', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER mensenhandel_toegangslog_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON mensenhandel_toegangslog
    FOR EACH ROW EXECUTE FUNCTION mensenhandel_toegangslog_weiger();
"""

TERUG = """
DROP TRIGGER IF EXISTS mensenhandel_toegangslog_alleen_toevoegen ON mensenhandel_toegangslog;
DROP FUNCTION IF EXISTS mensenhandel_toegangslog_weiger();
"""


def vooruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIE, params=None)


def achteruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TERUG, params=None)


class Migration(migrations.Migration):
    dependencies = [("mensenhandel", "0001_initial")]

    operations = [migrations.RunPython(vooruit, achteruit)]
