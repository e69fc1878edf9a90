from django.urls import path

from . import views

app_name = "pools"

urlpatterns = [
    path("", views.pool_list_view, name="list"),
    path("go", views.pool_go, name="go"),
    path("new", views.pool_new, name="new"),
    path("<str:pool_id>/", views.pool_detail, name="detail"),
    path("<str:pool_id>/edit", views.pool_edit, name="edit"),
    path("<str:pool_id>/delete", views.pool_delete_view, name="delete"),
    path("<str:pool_id>/attributes", views.pool_attributes, name="attributes"),
    # The other tabs are apps of their own, included by console/urls.py.
]
