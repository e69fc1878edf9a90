"""Resource servers of a pool, under /pools/<pool_id>/sign-in/resource-servers/
(namespace `resourceservers:`). A server is named in the path by its identifier in
base64url (`server`: console.cognito.resource_servers.identifier_key), since an
identifier is usually a URL."""

from django.urls import path

from . import views

app_name = "resourceservers"

urlpatterns: list = [
    path("", views.server_list_view, name="list"),
    path("new", views.server_new, name="new"),
    path("<str:server>/", views.server_detail, name="detail"),
    path("<str:server>/edit", views.server_edit, name="edit"),
    path("<str:server>/delete", views.server_delete_view, name="delete"),
]
