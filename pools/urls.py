from django.urls import path

from . import views

app_name = "pools"

urlpatterns = [
    path("", views.pool_list_view, name="list"),
    path("go", views.pool_go, name="go"),
    path("<str:pool_id>/", views.pool_detail, name="detail"),
]
