"""On PostgreSQL, the trigram index (pg_trgm, GIN) that serves exact, starts-with and
contains searches on every snapshot value. pg_trgm is a trusted extension (PostgreSQL
13 and newer): the database's owner may create it. SQLite has no such index; its
searches stay correct, by scanning."""

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS snapvalue_trgm ON search_snapshotvalue "
    "USING gin (value gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS snapvalue_trgm",)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
