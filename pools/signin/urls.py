from django.urls import path

from . import views

app_name = "signin"

urlpatterns = [
    path("", views.overview, name="overview"),
    # signin:edit, one URL per section (reverse it with section=...): each a fixed path,
    # so every crawl of the URL configuration reaches a real page.
    *(
        path(f"edit/{section}", views.edit, {"section": section}, name="edit")
        for section in ("plan", "sign-in")
    ),
    path("triggers/", views.triggers, name="triggers"),
    path("triggers/edit", views.triggers_edit, name="triggers_edit"),
]
