from django.apps import AppConfig


class ResourceServersConfig(AppConfig):
    """A pool's resource servers and their custom scopes
    (/pools/<pool_id>/sign-in/resource-servers/)."""

    name = "pools.resourceservers"
    label = "resourceservers"
