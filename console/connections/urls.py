"""The Connections page, under /connections/ (namespace `connections:`): console-wide
Admins only."""

from django.urls import path

from . import views

app_name = "connections"

urlpatterns: list = [
    path("", views.connection_list, name="list"),
    path("new", views.connection_add, name="add"),
    path("<str:slug>/edit", views.connection_edit, name="edit"),
    path("<str:slug>/check", views.connection_check, name="check"),
    path("<str:slug>/delete", views.connection_delete, name="delete"),
]
