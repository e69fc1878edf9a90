from django.apps import AppConfig


class GroupsConfig(AppConfig):
    """The Groups tab of a pool: groups, members, the precedence review and what-if."""

    name = "users.groups"
    label = "groups"
