import contextlib

from django.urls import NoReverseMatch, reverse

from .cognito import CognitoError
from .cognito.backend import backend_info
from .cognito.pools import pool_list_all
from .connections.middleware import CONNECTION_PAGES
from .roles import ADMIN, OPERATOR, VIEWER, has_role, may_see, role_of


def _switcher_pools(user, connection):
    """The pools of the page's connection that `user` may see, for the switcher's
    suggestions; none when Cognito cannot be reached."""
    try:
        pools = pool_list_all()
    except CognitoError:
        return []
    slug = connection.slug if connection is not None else "default"
    return [p for p in pools if may_see(user, slug, p.id)]


def console(request):
    """The backend banner and the staff user's role, for every template."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    connection = getattr(request, "connection", None)
    context = {
        "backend": backend_info() if signed_in else None,
        # The connection the page is in (console.connections.middleware): its name and
        # environment, for the banner of a production pool's pages.
        "connection": connection,
        "in_production": bool(signed_in and connection is not None and connection.is_production),
        "can_view": signed_in and has_role(user, VIEWER),
        "can_operate": signed_in and has_role(user, OPERATOR),
        "can_admin": signed_in and has_role(user, ADMIN),
        "user_role": role_of(user) if signed_in else None,
        "switcher_pools": (lambda: _switcher_pools(user, connection)) if signed_in else (),
    }
    match = getattr(request, "resolver_match", None)
    pool_id = match.kwargs.get("pool_id") if match else None
    # The banner names a connection only on its own pages (a pool's, a new pool's);
    # pages that span connections name none.
    bound = bool(pool_id) or bool(match and match.view_name in CONNECTION_PAGES)
    context["page_connection"] = connection if bound else None
    if pool_id:
        with contextlib.suppress(NoReverseMatch):
            context["pool_url"] = reverse("pools:detail", kwargs={"pool_id": pool_id})
        context["current_pool_id"] = pool_id
    return context
