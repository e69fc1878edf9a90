from django.apps import AppConfig


class CompareConfig(AppConfig):
    """Compare two pools side by side, in one account or across accounts."""

    name = "pools.compare"
    label = "compare"
