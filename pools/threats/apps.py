from django.apps import AppConfig


class ThreatsConfig(AppConfig):
    """The Sign-in tab's threat protection section
    (/pools/<pool_id>/sign-in/threat-protection/)."""

    name = "pools.threats"
    label = "threats"
