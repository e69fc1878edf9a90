"""ImportRecord now belongs to the imports app (pools.imports): state only, its table
(pools_importrecord) is kept and now managed there. The pools app has no model left;
its migrations stay as history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pools", "0001_initial"),
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRecord")],
            database_operations=[],
        ),
    ]
