"""The default connection: the standard credential chain, as before connections."""

from django.db import migrations


def make_default(apps, schema_editor):
    from console.connections.services import default_environment

    Connection = apps.get_model("connections", "Connection")
    if not Connection.objects.filter(slug="default").exists():
        from django.conf import settings

        name = settings.COGNITO_BACKEND_LABEL or "Default"
        Connection.objects.create(slug="default", name=name, environment=default_environment())


class Migration(migrations.Migration):
    dependencies = [("connections", "0001_connections")]

    operations = [migrations.RunPython(make_default, migrations.RunPython.noop)]
