"""Identity providers of a pool, under /pools/<pool_id>/sign-in/providers/
(namespace `providers:`). A provider name may hold a slash (the model's pattern allows
punctuation), so it is a `path` parameter; the middleware checks it like other IDs."""

from django.urls import path

from . import views

app_name = "providers"

urlpatterns: list = [
    path("", views.provider_list_view, name="list"),
    path("new", views.provider_new, name="new"),
    path("signing-certificate.pem", views.signing_certificate, name="certificate"),
    path("<path:provider_name>/", views.provider_detail, name="detail"),
    path("<path:provider_name>/edit", views.provider_edit, name="edit"),
    path("<path:provider_name>/delete", views.provider_delete_view, name="delete"),
]
