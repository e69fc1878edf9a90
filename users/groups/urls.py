"""/pools/<pool_id>/groups/... (namespace `groups:`).

The fixed pages (new, review, review/what-if) come first. Every per-group URL puts
a fixed prefix before the name and the name last (`g/<path:name>/` for the members
page, `edit/<path:name>/`, ...), so names with `/` or called "review" round-trip
exactly and can never be taken for another page.
"""

from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list_view, name="list"),
    path("new", views.group_new, name="new"),
    path("review", views.groups_review, name="review"),
    path("review/what-if", views.groups_whatif, name="whatif"),
    path("g/<path:name>/", views.group_detail, name="detail"),
    path("edit/<path:name>/", views.group_edit, name="edit"),
    path("delete/<path:name>/", views.group_delete_view, name="delete"),
    path("add-members/<path:name>/", views.group_members_add, name="add_members"),
    path("remove-member/<path:name>/", views.group_member_remove, name="remove_member"),
]
