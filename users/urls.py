from django.urls import path  # noqa: F401  (users and groups pages are added by their issues)

app_name = "users"

urlpatterns: list = []
