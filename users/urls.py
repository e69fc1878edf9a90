"""/pools/<pool_id>/users/...

Usernames may hold / # ? % + @ & and any letter. In a URL a username is one path
segment: `~` and `/` are written `~7E` and `~2F` (and `.`, `..` and the names of the
fixed pages get their first character escaped the same way), then the usual
percent-encoding applies. `UsernameConverter` reverses exactly that, so every name
round-trips, and anything not in the canonical form is no match (404).
"""

import re

from django.urls import path, register_converter

from . import views

FIXED = {"new", "export", "bulk"}
_ESCAPE = re.compile(r"~([0-9A-F]{2})")


class UsernameConverter:
    regex = r"[^/]+"

    def to_url(self, value: str) -> str:
        encoded = value.replace("~", "~7E").replace("/", "~2F")
        if value in FIXED or value in (".", ".."):
            encoded = f"~{ord(value[0]):02X}{encoded[1:]}"
        return encoded

    def to_python(self, value: str) -> str:
        decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        if self.to_url(decoded) != value:
            raise ValueError("not a canonical username segment")
        return decoded


register_converter(UsernameConverter, "cognito_username")

app_name = "users"

urlpatterns = [
    path("", views.user_list_view, name="list"),
    path("new/", views.user_new, name="new"),
    path("export/", views.user_export, name="export"),
    path("bulk/", views.user_bulk, name="bulk"),
    path("bulk/<int:pk>/", views.user_bulk_status, name="bulk_status"),
    path("bulk/<int:pk>/retry/", views.user_bulk_retry, name="bulk_retry"),
    path("<cognito_username:username>/", views.user_detail, name="detail"),
    *[
        path(
            f"<cognito_username:username>/{slug}/",
            views.user_action,
            {"action": name},
            name=f"user_{name}",
        )
        for name, slug in views.ACTION_SLUGS.items()
    ],
]
