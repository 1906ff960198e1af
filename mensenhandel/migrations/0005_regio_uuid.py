"""Regio's get an opaque uuid for their URLs, like every other record (issue 15).

Added in three steps: a column that may be empty, a uuid of its own for every existing regio
(a default in AddField would give them all one and the same), then unique and required.
"""

import uuid

from django.db import migrations, models


def uuids_geven(apps, schema_editor):
    Regio = apps.get_model("mensenhandel", "Regio")
    HistoricalRegio = apps.get_model("mensenhandel", "HistoricalRegio")
    for regio in Regio.objects.filter(uuid__isnull=True):
        regio.uuid = uuid.uuid4()
        regio.save(update_fields=["uuid"])
        HistoricalRegio.objects.filter(id=regio.pk).update(uuid=regio.uuid)  # its history: the same
    HistoricalRegio.objects.filter(uuid__isnull=True).update(uuid=uuid.uuid4())  # of deleted regio's


class Migration(migrations.Migration):
    dependencies = [("mensenhandel", "0004_toegangslog_getoond")]

    operations = [
        migrations.AddField(
            model_name="regio", name="uuid", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.AddField(
            model_name="historicalregio", name="uuid", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.RunPython(uuids_geven, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="regio",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="historicalregio",
            name="uuid",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
