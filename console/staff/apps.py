from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The Staff page for Admins (/staff/): the console's own staff accounts."""

    name = "console.staff"
    label = "staff"
    verbose_name = "Staff accounts"
