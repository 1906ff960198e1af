"""On SQLite (development) the database refuses changes to the access log too, as PostgreSQL does
(0002, 0010, 0011): no UPDATE, and DELETE only of a row past the log's own retention term.
SQLite has no TRUNCATE; a DELETE without WHERE fires these row triggers.

The test suite's flush (a DELETE per table on SQLite) drops and remakes them around its own
flush only (``tests/conftest.py``).
"""

from django.db import migrations

TRIGGERS = {
    "mensenhandel_toegangslog_geen_update": """
CREATE TRIGGER mensenhandel_toegangslog_geen_update BEFORE UPDATE ON mensenhandel_toegangslog
BEGIN
    SELECT RAISE(ABORT, 'Het toegangslog is alleen-toevoegen: UPDATE is niet toegestaan');
END""",
    "mensenhandel_toegangslog_geen_delete": """
CREATE TRIGGER mensenhandel_toegangslog_geen_delete BEFORE DELETE ON mensenhandel_toegangslog
WHEN NOT EXISTS (
    SELECT 1 FROM mensenhandel_toegangslogtermijn t
    WHERE t.id = 1 AND OLD.tijdstip < strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || t.maanden || ' months')
)
BEGIN
    SELECT RAISE(ABORT, 'Het toegangslog is alleen-toevoegen: DELETE is niet toegestaan');
END""",
}


def vooruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for sql in TRIGGERS.values():
            schema_editor.execute(sql, params=None)


def achteruit(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for naam in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {naam}", params=None)


class Migration(migrations.Migration):
    dependencies = [("mensenhandel", "0011_toegangslog_geen_truncate")]

    operations = [
        migrations.RunPython(vooruit, achteruit),
        # The manager Django uses internally (related lookups, bulk paths) refuses changes too.
        migrations.AlterModelOptions(
            name="toegangslog",
            options={
                "base_manager_name": "objects",
                "ordering": ["-tijdstip", "-id"],
                "verbose_name": "toegangslogregel",
                "verbose_name_plural": "toegangslog",
            },
        ),
    ]
