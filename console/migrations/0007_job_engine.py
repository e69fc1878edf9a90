# The console's own task queue gives way to Django's Tasks framework: the Task record
# becomes Job (the console's record of a background job), loses its host binding,
# learns which @task runs it, and its per-item outcomes move to JobItem rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("console", "0006_task_partial"),
    ]

    operations = [
        migrations.RenameModel(old_name="Task", new_name="Job"),
        migrations.RemoveField(model_name="job", name="host"),
        migrations.AddField(
            model_name="job",
            name="task_path",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name="job",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="job",
            name="dispatched",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.CreateModel(
            name="JobItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveIntegerField()),
                ("name", models.CharField(max_length=512)),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Waiting"),
                            ("ok", "Done"),
                            ("failed", "Failed"),
                            ("unknown", "Unknown"),
                        ],
                        default="",
                        max_length=8,
                    ),
                ),
                ("code", models.CharField(blank=True, max_length=128)),
                ("error", models.TextField(blank=True)),
                ("finished", models.DateTimeField(blank=True, null=True)),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="console.job",
                    ),
                ),
            ],
            options={
                "ordering": ["job", "position"],
                "indexes": [
                    models.Index(fields=["job", "outcome", "position"], name="jobitem_outcome")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("job", "position"), name="jobitem_position"),
                    models.UniqueConstraint(fields=("job", "name"), name="jobitem_name"),
                ],
            },
        ),
    ]
