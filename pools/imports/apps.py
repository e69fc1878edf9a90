from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The Imports tab of a pool: CSV import jobs, their pre-flight check and records."""

    name = "pools.imports"
    label = "imports"
