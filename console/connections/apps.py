from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    """AWS accounts as connections (/connections/), and the roles granted per
    connection and per pool."""

    name = "console.connections"
    label = "connections"
    verbose_name = "AWS connections"
