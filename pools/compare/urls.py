"""Compare two pools, at /compare/ (namespace `compare:`): not under one pool."""

from django.urls import path

from . import views

app_name = "compare"

urlpatterns: list = [
    path("", views.compare_page, name="page"),
]
