from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The snapshot's reports (from the Search tab): duplicate contacts, users with no
    verified contact, expired invitations, users in no group, members per group; each
    exported as CSV (audited) and acted on whole as a bulk action."""

    name = "users.reports"
    label = "reports"
