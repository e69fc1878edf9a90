"""Log delivery of a pool, under /pools/<pool_id>/sign-in/logs/ (namespace `logdelivery:`)."""

from django.urls import path

from . import views

app_name = "logdelivery"

urlpatterns: list = [
    path("", views.log_section, name="section"),
    path("edit/<str:source>", views.log_edit, name="edit"),
]
