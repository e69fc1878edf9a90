# A job records when its current run claimed it (console.jobs.claim), so the status
# pages reckon the time left at this run's pace, not one slowed by a dead worker.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("console", "0007_job_engine"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="claimed",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
