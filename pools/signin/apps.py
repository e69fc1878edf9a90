from django.apps import AppConfig


class SigninConfig(AppConfig):
    """The Sign-in tab's landing page (feature plan, sign-in) and Lambda triggers
    (/pools/<pool_id>/sign-in/)."""

    name = "pools.signin"
    label = "signin"
