from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "console"
    verbose_name = "Cognito console"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.db.models.signals import pre_save

        from .audit import record_event
        from .storable import clean_instance

        pre_save.connect(clean_instance, weak=False, dispatch_uid="console-storable-text")

        def on_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
            """A sign-in lock-out is an event the audit page shows."""
            record_event(
                action="StaffSignInLockedOut",
                outcome="failed",
                target_type="staff",
                target_id=username or "",
                parameters={"ip_address": ip_address or ""},
                error_code="LockedOut",
                error_message="Too many failed sign-in attempts.",
            )

        user_locked_out.connect(on_lockout, weak=False, dispatch_uid="console-audit-lockout")
