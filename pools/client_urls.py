"""App clients of a pool, under /pools/<pool_id>/clients/ (namespace `pools:`)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("", views.client_list_view, name="clients"),
    path("new", views.client_new, name="client_new"),
    path("<str:client_id>/", views.client_detail, name="client_detail"),
    path("<str:client_id>/edit", views.client_edit, name="client_edit"),
    path("<str:client_id>/delete", views.client_delete_view, name="client_delete"),
    path("<str:client_id>/secret", views.client_secret_view, name="client_secret"),
    path("<str:client_id>/test-sign-in", views.client_test_signin, name="client_test_signin"),
]
