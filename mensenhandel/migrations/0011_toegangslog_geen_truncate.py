"""On PostgreSQL the database refuses TRUNCATE of the access log too (a statement trigger), for
every role: the row trigger (0002, 0010) does not fire on TRUNCATE.

The test suite's flush empties tables with TRUNCATE; it switches this trigger off around its own
flush only (``tests/conftest.py``, as the owner). Production code has no such path.
"""

from django.db import migrations

VOORUIT = """
CREATE TRIGGER mensenhandel_toegangslog_geen_truncate
    BEFORE TRUNCATE ON mensenhandel_toegangslog
    FOR EACH STATEMENT EXECUTE FUNCTION mensenhandel_toegangslog_weiger();
"""

TERUG = "DROP TRIGGER IF EXISTS mensenhandel_toegangslog_geen_truncate ON mensenhandel_toegangslog;"


def vooruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VOORUIT, params=None)


def achteruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TERUG, params=None)


class Migration(migrations.Migration):
    dependencies = [("mensenhandel", "0010_toegangslog_bewaartermijn")]

    operations = [migrations.RunPython(vooruit, achteruit)]
