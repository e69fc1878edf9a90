"""A pool's configuration history, under /pools/<pool_id>/history/ (namespace
`history:`)."""

from django.urls import path

from . import views

app_name = "history"

urlpatterns: list = [
    path("", views.history_list, name="list"),
    path("diff", views.history_diff, name="diff"),
]
