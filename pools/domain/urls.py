"""The domain and managed login of a pool, under /pools/<pool_id>/sign-in/domain/
(namespace `domain:`)."""

from django.urls import path

from . import views

app_name = "domain"

urlpatterns: list = [
    path("", views.domain_section, name="section"),
    path("new/<str:kind>", views.domain_new, name="create"),
    path("branding/<str:client_id>", views.branding_detail, name="branding"),
    path("<str:domain>/edit", views.domain_edit, name="edit"),
    path("<str:domain>/delete", views.domain_delete_view, name="delete"),
]
