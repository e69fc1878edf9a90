"""/pools/<pool_id>/search/... (namespace `search:`): the search of the pool's snapshot,
the snapshot's status and actions, and the header's "find a user" box."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search_home, name="home"),
    path("snapshot/", views.snapshot_status, name="snapshot"),
    path("go", views.search_go, name="go"),
]
