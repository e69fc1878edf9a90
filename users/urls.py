"""/pools/<pool_id>/users/... (namespace `users:`).

A username is one path segment, `cognito_username` (users.converters): every name
round-trips, and anything not in the canonical form is no match (404).
"""

from django.urls import path, register_converter

from . import views
from .actions import ACTION_SLUGS
from .converters import UsernameConverter

register_converter(UsernameConverter, "cognito_username")

app_name = "users"

urlpatterns = [
    path("", views.user_list_view, name="list"),
    path("new/", views.user_new, name="new"),
    path("export/", views.user_export, name="export"),
    path("exports/<int:pk>/", views.user_export_status, name="export_status"),
    path("exports/<int:pk>/cancel/", views.user_export_cancel, name="export_cancel"),
    path("exports/<int:pk>/download/", views.user_export_download, name="export_download"),
    # One address: POST starts a bulk action (users:bulk), GET lists the recent ones.
    path("bulk/", views.user_bulk, name="bulk"),
    path("bulk/", views.user_bulk, name="bulk_list"),
    path("bulk/<int:pk>/", views.user_bulk_status, name="bulk_status"),
    path("bulk/<int:pk>/retry/", views.user_bulk_retry, name="bulk_retry"),
    path("bulk/<int:pk>/cancel/", views.user_bulk_cancel, name="bulk_cancel"),
    path("bulk/<int:pk>/results.csv", views.user_bulk_results, name="bulk_results"),
    path("<cognito_username:username>/", views.user_detail, name="detail"),
    *[
        path(
            f"<cognito_username:username>/{slug}/",
            views.user_action,
            {"action": name},
            name=f"user_{name}",
        )
        for name, slug in ACTION_SLUGS.items()
    ],
]
