"""/pools/<pool_id>/groups/... (namespace `users:`).

The fixed pages (new, review, review/what-if) come first. Every per-group URL puts
a fixed prefix before the name and the name last (`g/<path:name>/` for the members
page, `edit/<path:name>/`, ...), so names with `/` or called "review" round-trip
exactly and can never be taken for another page.
"""

from django.urls import path

from . import group_views as views

urlpatterns = [
    path("", views.group_list_view, name="groups"),
    path("new", views.group_new, name="group_new"),
    path("review", views.groups_review, name="groups_review"),
    path("review/what-if", views.groups_whatif, name="groups_whatif"),
    path("g/<path:name>/", views.group_detail, name="group_detail"),
    path("edit/<path:name>/", views.group_edit, name="group_edit"),
    path("delete/<path:name>/", views.group_delete_view, name="group_delete"),
    path("add-members/<path:name>/", views.group_members_add, name="group_members_add"),
    path("remove-member/<path:name>/", views.group_member_remove, name="group_member_remove"),
]
