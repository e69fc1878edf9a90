from django.urls import include, path

app_name = "users"

# Mounted under /pools/<pool_id>/ by console/urls.py. Users (users.user_urls) and
# groups (users.group_urls) share the `users:` namespace.
urlpatterns = [
    path("users/", include("users.user_urls")),
    path("groups/", include("users.group_urls")),
]
