from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    """A pool's identity providers (/pools/<pool_id>/sign-in/providers/)."""

    name = "pools.providers"
    label = "providers"
