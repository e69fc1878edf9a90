from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The pool's Search tab: a searchable snapshot of the pool's users (on for the pools
    an Admin turns it on for), kept fresh by a background job within the shared quota;
    search by any attribute, and the header's "find a user" box."""

    name = "users.search"
    label = "search"
