"""App clients of a pool, under /pools/<pool_id>/clients/ (namespace `clients:`)."""

from django.urls import path

from . import views

app_name = "clients"

urlpatterns: list = [
    path("", views.client_list_view, name="list"),
    path("new", views.client_new, name="new"),
    path("<str:client_id>/", views.client_detail, name="detail"),
    path("<str:client_id>/edit", views.client_edit, name="edit"),
    path("<str:client_id>/delete", views.client_delete_view, name="delete"),
    path("<str:client_id>/secret", views.client_secret_view, name="secret"),
    path("<str:client_id>/secrets/add", views.client_secret_add_view, name="secret_add"),
    path("<str:client_id>/secrets/delete", views.client_secret_delete_view, name="secret_delete"),
    path("<str:client_id>/test-sign-in", views.client_test_signin, name="test_sign_in"),
]
