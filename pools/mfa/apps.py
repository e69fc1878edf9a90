from django.apps import AppConfig


class MfaConfig(AppConfig):
    """The Sign-in tab's MFA and passkeys section (/pools/<pool_id>/sign-in/mfa/)."""

    name = "pools.mfa"
    label = "mfa"
