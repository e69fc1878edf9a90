"""Threat protection (risk configuration) of a pool and its app clients, under
/pools/<pool_id>/sign-in/threat-protection/ (namespace `threats:`)."""

from django.urls import path

from . import views

app_name = "threats"

urlpatterns: list = [
    path("", views.threats_section, name="section"),
    path("edit", views.threats_edit, name="edit"),
    path("clients/<str:client_id>/edit", views.threats_client_edit, name="client_edit"),
    path("clients/<str:client_id>/inherit", views.threats_client_inherit, name="client_inherit"),
]
