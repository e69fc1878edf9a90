"""ImportRecord moves from the pools app to this one: its table (pools_importrecord)
stays as it is, so only Django's state changes (no database operation)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the model's content type (and its permissions): relabel it, if it exists."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="imports", model="importrecord").exists():
        ContentType.objects.using(db).filter(app_label="pools", model="importrecord").update(
            app_label="imports"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pools", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("pool_id", models.CharField(db_index=True, max_length=64)),
                        ("pool_name", models.CharField(blank=True, max_length=128)),
                        ("file_name", models.CharField(max_length=255)),
                        ("file_size", models.BigIntegerField(default=0)),
                        ("sha256", models.CharField(max_length=64)),
                        ("row_count", models.PositiveIntegerField(default=0)),
                        ("valid_count", models.PositiveIntegerField(default=0)),
                        ("problem_count", models.PositiveIntegerField(default=0)),
                        ("summary", models.JSONField(default=dict)),
                        ("row_map", models.BinaryField(default=bytes)),
                        ("job_name", models.CharField(blank=True, max_length=128)),
                        ("role_arn", models.CharField(blank=True, max_length=2048)),
                        ("start_after_upload", models.BooleanField(default=False)),
                        ("only_valid_rows", models.BooleanField(default=False)),
                        ("job_id", models.CharField(blank=True, db_index=True, max_length=64)),
                        (
                            "upload",
                            models.CharField(
                                choices=[
                                    ("checked", "Checked, not sent"),
                                    ("queued", "Waiting to upload"),
                                    ("uploaded", "Uploaded"),
                                    ("failed", "Upload failed"),
                                ],
                                default="checked",
                                max_length=16,
                            ),
                        ),
                        ("upload_error", models.TextField(blank=True)),
                        ("uploaded_at", models.DateTimeField(blank=True, null=True)),
                        ("uploaded_rows", models.PositiveIntegerField(default=0)),
                        (
                            "clean_path",
                            models.CharField(blank=True, editable=False, max_length=1024),
                        ),
                        (
                            "rejected_path",
                            models.CharField(blank=True, editable=False, max_length=1024),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created", "-id"],
                        "db_table": "pools_importrecord",
                        "indexes": [
                            models.Index(
                                fields=["pool_id", "job_id"], name="pools_impor_pool_id_62b63b_idx"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
