"""The three staff roles, held as Django groups, and the checks views make.

Viewer < Operator < Admin: each role can do what the roles below it can. A
superuser counts as Admin.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.exceptions import PermissionDenied

VIEWER = "Viewer"
OPERATOR = "Operator"
ADMIN = "Admin"
ROLES = (VIEWER, OPERATOR, ADMIN)
_RANK = {name: i for i, name in enumerate(ROLES)}


def highest_role(names) -> str | None:
    """The highest of the console's roles among `names` (group names, claim values
    mapped to roles...), or None when none is a role."""
    names = set(names)
    held = [r for r in ROLES if r in names]
    return max(held, key=_RANK.__getitem__) if held else None


def role_of(user) -> str | None:
    """The highest role the staff user holds, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    cached = getattr(user, "_console_role", ...)
    if cached is not ...:
        return cached
    role = highest_role(user.groups.values_list("name", flat=True))
    user._console_role = role
    return role


def has_role(user, role: str) -> bool:
    held = role_of(user)
    return held is not None and _RANK[held] >= _RANK[role]


def require_role(role: str) -> Callable:
    """Refuse the view (403) unless the staff user holds `role` or a higher one."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, role):
                raise PermissionDenied(f"This needs the {role} role.")
            return view(request, *args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


def require_role_for_post(role: str, read_role: str = VIEWER) -> Callable:
    """Reads need `read_role`; POSTs need `role`."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            needed = role if request.method not in ("GET", "HEAD", "OPTIONS") else read_role
            if not has_role(request.user, needed):
                raise PermissionDenied(f"This needs the {needed} role.")
            return view(request, *args, **kwargs)

        wrapped.required_role = read_role
        wrapped.post_role = role
        return wrapped

    return decorator
