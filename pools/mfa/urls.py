"""MFA and passkeys of a pool, under /pools/<pool_id>/sign-in/mfa/ (namespace `mfa:`)."""

from django.urls import path

from . import views

app_name = "mfa"

urlpatterns: list = [
    path("", views.mfa_section, name="section"),
    path("edit", views.mfa_edit, name="edit"),
]
