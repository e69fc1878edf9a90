from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "console"
    verbose_name = "Cognito console"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import (
            user_logged_in,
            user_logged_out,
            user_login_failed,
        )
        from django.db.models.signals import pre_save

        from . import signin
        from .storable import clean_instance

        pre_save.connect(clean_instance, weak=False, dispatch_uid="console-storable-text")
        # Sign-ins, sign-outs, failures and lock-outs are audit events.
        user_logged_in.connect(signin.on_signed_in, dispatch_uid="console-audit-signin")
        user_logged_out.connect(signin.on_signed_out, dispatch_uid="console-audit-signout")
        user_login_failed.connect(signin.on_sign_in_failed, dispatch_uid="console-audit-failed")
        user_locked_out.connect(signin.on_locked_out, dispatch_uid="console-audit-lockout")
