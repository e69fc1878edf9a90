"""Who manages staff and connections, for the navigation: {% load connection_tags %}.

(An environment's colour and badge are console/templatetags/connections.py's.)
"""

from django import template

from console.roles import ADMIN, global_role

register = template.Library()


@register.filter
def console_admin(user) -> bool:
    """Whether `user` holds the Admin role console-wide (their own group, or a
    superuser): who manages staff and connections (roles.require_global_role). An
    Admin by a grant on one connection or pool is not."""
    return global_role(user) == ADMIN
