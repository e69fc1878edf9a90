from django.apps import AppConfig


class DomainConfig(AppConfig):
    """The Sign-in tab's domain and managed login section (/pools/<pool_id>/sign-in/domain/)."""

    name = "pools.domain"
    label = "domain"
