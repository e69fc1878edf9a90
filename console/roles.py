"""The three staff roles, where they apply, and the checks views make.

Viewer < Operator < Admin: each role can do what the roles below it can. A
superuser counts as Admin everywhere.

A staff member's *console-wide* role is their Django group. Grants
(console.connections.models.Grant) change it in one connection or one pool: the most
specific wins, a pool's grant over its connection's, a connection's over the
console-wide role, and a grant of "none" takes every access away there.

The role a check sees is the one of the current *scope*: a request to a pool's pages
is in that pool's scope (RoleMiddleware sets it from the URL), a job runs in its
pool's. Outside any pool (the pool list, the audit log) a check sees the highest role
the person holds anywhere, and those pages show only what they may see
(`may_see`, `visible_filter`). Managing staff and connections needs the console-wide
Admin role (`require_global_role`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator

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


NO_ACCESS = "none"

_scope: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "console_scope", default=None
)


@contextlib.contextmanager
def scope(connection: str, pool_id: str = "") -> Iterator[None]:
    """Checks made inside the block see the role in `connection` (a slug), or in its
    pool `pool_id`."""
    token = _scope.set((connection, pool_id))
    try:
        yield
    finally:
        _scope.reset(token)


def enter_scope(connection: str, pool_id: str = "") -> contextvars.Token:
    """`scope` for a middleware that cannot wrap the view in a block: the token to
    give `leave_scope` when the request is answered."""
    return _scope.set((connection, pool_id))


def leave_scope(token: contextvars.Token) -> None:
    _scope.reset(token)


def current_scope() -> tuple[str, str] | None:
    """(connection slug, pool ID or "") of the current scope, or None outside one."""
    return _scope.get()


def global_role(user) -> str | None:
    """The staff user's console-wide role (their Django group), or None."""
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


def grants_of(user) -> dict[tuple[str, str], str]:
    """{(connection slug, pool ID or ""): role or NO_ACCESS} of the user's grants,
    read once per user object."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return {}
    cached = getattr(user, "_console_grants", None)
    if cached is None:
        from console.connections.models import Grant

        cached = {
            (slug, pool_id): role
            for slug, pool_id, role in Grant.objects.filter(staff_user=user).values_list(
                "connection__slug", "pool_id", "role"
            )
        }
        user._console_grants = cached
    return cached


def role_at(user, connection: str, pool_id: str = "") -> str | None:
    """The user's role in `connection` (a slug), or in its pool `pool_id`: the most
    specific grant, else the console-wide role; None for no access."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    grants = grants_of(user)
    for place in ((connection, pool_id), (connection, "")) if pool_id else ((connection, ""),):
        if place in grants:
            granted = grants[place]
            return None if granted == NO_ACCESS else granted
    return global_role(user)


def highest_anywhere(user) -> str | None:
    """The highest role the user holds anywhere: console-wide or by any grant."""
    held = [global_role(user)]
    if getattr(user, "is_active", False):
        held += [r for r in grants_of(user).values() if r != NO_ACCESS]
    return highest_role(r for r in held if r)


def role_of(user) -> str | None:
    """The staff user's role in the current scope (`role_at`), or outside any scope
    the highest they hold anywhere (`highest_anywhere`); None for none."""
    place = _scope.get()
    if place is not None:
        return role_at(user, *place)
    return highest_anywhere(user)


def may_see(user, connection: str, pool_id: str = "") -> bool:
    """Whether the user may see `connection`'s pool `pool_id` (or, with "", the
    connection's pages): any role there."""
    return role_at(user, connection, pool_id) is not None


def visible_filter(user, *, connection_field: str = "connection", pool_field: str = "pool_id"):
    """A Q object that keeps the rows (audit events, jobs…) of the places the user may
    see, by their connection slug and pool ID fields. Rows of no connection (a staff
    account's events) need a console-wide role."""
    from django.db.models import Q

    nothing = Q(pk__in=[])
    if getattr(user, "is_superuser", False) and user.is_active:
        return ~nothing
    # Q() would vanish when combined (Q() | x is x): "every row" is spelt ~nothing.
    result = ~nothing if global_role(user) is not None else nothing
    grants = grants_of(user)
    for (slug, pool_id), granted in grants.items():
        if pool_id:
            continue
        place = Q(**{connection_field: slug})
        result = (result | place) if granted != NO_ACCESS else (result & ~place)
    for (slug, pool_id), granted in grants.items():
        if not pool_id:
            continue
        place = Q(**{connection_field: slug, pool_field: pool_id})
        result = (result | place) if granted != NO_ACCESS else (result & ~place)
    return result


def has_role(user, role: str) -> bool:
    """Whether the user holds `role` or a higher one in the current scope."""
    return _at_least(role_of(user), role)


def _at_least(held: str | None, role: str) -> bool:
    return held is not None and _RANK[held] >= _RANK[role]


def _requiring(role: str, held_by: Callable, refusal: Callable) -> Callable:
    """A view decorator: 403 with `refusal(request)` unless `held_by(request)` (a role
    or None) is `role` or higher. The view is marked with `required_role`."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _at_least(held_by(request), role):
                raise PermissionDenied(refusal(request))
            return view(request, *args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


def require_role(role: str) -> Callable:
    """Refuse the view (403) unless the staff user holds `role` or a higher one in the
    request's scope (`role_of`)."""
    return _requiring(
        role, lambda request: role_of(request.user), lambda _: f"This needs the {role} role."
    )


def require_global_role(role: str) -> Callable:
    """Refuse the view (403) unless the staff user holds `role` console-wide (their
    own group, not a grant in one connection or pool): managing staff and
    connections."""
    return _requiring(
        role,
        lambda request: global_role(request.user),
        lambda _: f"This needs the {role} role for the whole console.",
    )


def _connection_of(request):
    connection = getattr(request, "connection", None)
    return (connection.slug, connection.name) if connection is not None else ("default", "default")


def require_connection_role(role: str) -> Callable:
    """Refuse the view (403) unless the staff user holds `role` in the request's
    connection as a whole (`role_at(user, connection)`, not a grant on one of its
    pools): creating a pool there."""
    return _requiring(
        role,
        lambda request: role_at(request.user, _connection_of(request)[0]),
        lambda request: (
            f"This needs the {role} role in the connection {_connection_of(request)[1]}."
        ),
    )


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
