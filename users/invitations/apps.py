from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    """The pool's invitations report (from the Users tab): users still waiting on an
    invitation, when each expires, and re-sending them in bulk."""

    name = "users.invitations"
    label = "invitations"
