"""The checked file and the rejected rows move from a host's spool directory
(`clean_path`, `rejected_path`: local paths) to Django's default storage (`clean_file`,
`rejected_file`: storage names), so that any worker on any host can upload them.

Files still in the old spool directory on the host that runs this migration are copied
into storage and removed there; a file that is not on this host is forgotten (its
upload, if still waiting, fails with "no longer kept": check the file again).
"""

import contextlib
import os
import uuid

from django.db import migrations, models

FIELDS = (("clean_path", "clean_file", "clean"), ("rejected_path", "rejected_file", "rejected"))


def spool_to_storage(apps, schema_editor):
    from django.core.files import File
    from django.core.files.storage import default_storage

    ImportRecord = apps.get_model("imports", "ImportRecord")
    db = schema_editor.connection.alias
    records = ImportRecord.objects.using(db).exclude(clean_path="", rejected_path="")
    for record in records.iterator():
        stem = f"imports/{record.pool_id}/{uuid.uuid4().hex}"
        for old, new, kind in FIELDS:
            path = getattr(record, old)
            if not path or not os.path.isfile(path):
                continue
            with open(path, "rb") as file:
                name = default_storage.save(f"{stem}-{kind}.csv", File(file), max_length=255)
            setattr(record, new, name)
            with contextlib.suppress(OSError):
                os.unlink(path)
        record.save(update_fields=["clean_file", "rejected_file"])


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrecord",
            name="clean_file",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="importrecord",
            name="rejected_file",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.RunPython(spool_to_storage, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="importrecord", name="clean_path"),
        migrations.RemoveField(model_name="importrecord", name="rejected_path"),
    ]
