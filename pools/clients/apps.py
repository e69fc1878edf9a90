from django.apps import AppConfig


class ClientsConfig(AppConfig):
    """The app clients tab of a pool (/pools/<pool_id>/clients/)."""

    name = "pools.clients"
    label = "clients"
