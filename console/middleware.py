"""Request-wide concerns: audit context, role gate, no-store caching, Cognito errors as pages."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import resolve
from django.utils.cache import add_never_cache_headers

from .audit import audit_context, new_request_id
from .cognito import CognitoError, errors
from .cognito.transport import path_id_problem, recording_calls
from .roles import OPERATOR, enter_scope, has_role, leave_scope, role_of
from .signin import client_address

log = logging.getLogger(__name__)

# Views anyone signed in may POST to, whatever their role (the users list: a staff
# member's own choice of columns; a users export and its cancel, which Viewers may do:
# those views check the role themselves).
_POST_FOR_EVERYONE = {
    "login",
    "logout",
    "users:list",
    "users:export",
    "users:export_cancel",
    # A set-password link works for whoever holds it, signed in as anyone or no one.
    "staff:set_password",
    "staff:set_password_done",
}
_SAFE = {"GET", "HEAD", "OPTIONS"}


class HealthCheckMiddleware:
    """Answer /healthz (liveness) and /readyz (readiness) before any other middleware.

    A container's HEALTHCHECK, a Kubernetes probe or a target group's health check
    addresses the replica by its IP or 127.0.0.1, not by a name in ALLOWED_HOSTS, and
    over plain HTTP: Django would answer 400 (DisallowedHost) or redirect to HTTPS, and
    the replica would be taken for dead. Neither answer reads the Host header, the
    session or the user, so nothing host-dependent is at stake.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import views

        probe = {"/healthz": views.healthz, "/readyz": views.readyz}.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        with recording_calls() as calls:
            return _call_headers(probe(request), calls)


def _call_headers(response, calls: list[str]):
    """With CONSOLE_CALL_HEADERS (tests and benchmarks only): how many Cognito calls the
    answer took, and which, in X-Cognito-Calls and X-Cognito-Operations."""
    if settings.CONSOLE_CALL_HEADERS:
        response.headers["X-Cognito-Calls"] = str(len(calls))
        response.headers["X-Cognito-Operations"] = ",".join(calls)[:2000]
    return response


class AuditContextMiddleware:
    """Give each request an ID, and attribute the writes it makes to the staff user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or new_request_id()
        with (
            audit_context(
                user=request.user,
                request_id=request.request_id,
                address=client_address(request),
            ),
            recording_calls() as calls,
        ):
            response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", request.request_id)
        return _call_headers(response, calls)


class NoStoreMiddleware:
    """Every answer to a signed-in request is sent with `Cache-Control: no-store`.

    Pages, htmx partials, error pages, redirects and downloads (users exports, the
    audit CSV, an import's rejected rows, anything streamed) all carry user data that
    no browser cache, proxy or shared machine should keep. A request counts as signed
    in when its session named a staff account as it arrived, or when it names one as
    the answer leaves (a sign-in's redirect); a sign-out's answer counts too. The
    headers are Django's never_cache ones (django.utils.cache.add_never_cache_headers:
    `max-age=0, no-cache, no-store, must-revalidate, private` and `Expires`), merged
    with any Cache-Control a view set, on every such answer alike. Anonymous answers
    (the sign-in page, /healthz, /readyz, static files) keep their own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = SESSION_KEY in request.session
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = signed_in or (user is not None and user.is_authenticated)
        if signed_in:
            add_never_cache_headers(response)
        return response


class RoleMiddleware:
    """Set the request's scope, then: staff without a role there see nothing; Viewers
    are refused every POST.

    A URL that names a pool (its `pool_id`) is in that pool's scope in the request's
    connection, so every role check of its view sees the role granted there
    (console.roles). Views check their own role too; this is the floor under them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope_token = None
        try:
            return self.get_response(request)
        finally:
            if request.scope_token is not None:
                leave_scope(request.scope_token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        pool_id = view_kwargs.get("pool_id")
        connection = getattr(request, "connection", None)
        if isinstance(pool_id, str) and connection is not None and request.scope_token is None:
            request.scope_token = enter_scope(connection.slug, pool_id)
        if not request.user.is_authenticated:
            return None
        name = resolve(request.path_info).view_name
        if name in _POST_FOR_EVERYONE or name in {"healthz", "readyz"}:
            if pool_id and role_of(request.user) is None:
                raise PermissionDenied("You have no role on this pool. Ask an Admin for one.")
            return None
        if role_of(request.user) is None:
            if pool_id:
                raise PermissionDenied("You have no role on this pool. Ask an Admin for one.")
            raise PermissionDenied("Your account has no console role. Ask an Admin for one.")
        if request.method not in _SAFE and not has_role(request.user, OPERATOR):
            raise PermissionDenied("Viewers can look but not change anything.")
        return None


class SessionLifetimeMiddleware:
    """Sign a staff member out once the session is older than SESSION_ABSOLUTE_LIFETIME,
    and renew the idle timeout.

    The idle timeout is the session's age (SESSION_COOKIE_AGE, seconds). A request
    renews it (a session save, which resets the cookie's and the row's expiry) when the
    last renewal is older than SESSION_RENEW_AFTER seconds, so a page view is not a
    database write; the timeout is exact to within that many seconds. The absolute
    lifetime caps the total, however active the session.
    """

    KEY = "console_signed_in_at"
    RENEWED = "console_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(self.KEY, now)
            if now - int(started) > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, "Your session has ended. Please sign in again.")
                return redirect_to_login(request.get_full_path())
            if now - int(request.session.get(self.RENEWED, 0)) >= settings.SESSION_RENEW_AFTER:
                request.session[self.RENEWED] = now
        return self.get_response(request)


class CognitoErrorMiddleware:
    """A CognitoError that escapes a view becomes a readable page, never a 500.

    Before any view runs, each ID in the URL's path (pool ID, app client ID, import job
    ID, group name, username, identity provider name; transport._PATH_IDS) is checked
    against Cognito's limits: a malformed one is
    the same 404 page on every URL, before the view reads the database or Cognito.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for param, value in view_kwargs.items():
            problem = isinstance(value, str) and path_id_problem(param, value)
            if problem:
                error_class = errors.InvalidPoolId if param == "pool_id" else errors.MalformedId
                code = "InvalidPoolId" if param == "pool_id" else "MalformedId"
                return self.process_exception(request, error_class(problem, code=code))
        return None

    def process_exception(self, request, exception):
        if not isinstance(exception, CognitoError):
            return None
        log.warning(
            "Cognito error on %s: %s %s (%s)",
            request.path,
            exception.code,
            exception.message,
            exception.request_id,
        )
        template = "errors/cognito.html"
        if getattr(request, "htmx", False):
            template = "errors/cognito.html#error-body"
        return render(request, template, {"error": exception}, status=exception.status)
