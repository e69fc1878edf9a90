from django.apps import AppConfig


class LogDeliveryConfig(AppConfig):
    """The Sign-in tab's log delivery section (/pools/<pool_id>/sign-in/logs/)."""

    name = "pools.logdelivery"
    label = "logdelivery"
