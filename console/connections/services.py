"""Connections: finding them, the account each stands for, and who may see what.

Views and jobs ask here; the service layer only ever sees `Account` records
(console.cognito.accounts), set with `accounts.using(connection.account())`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import IntegrityError
from django.urls import get_script_prefix, reverse, set_script_prefix

from console.cognito.accounts import DEFAULT_KEY

from .models import Connection

#: The URL prefix of a connection's pages other than the default's: /c/<slug>/…
URL_PREFIX = "c"


def default_environment() -> str:
    """The default connection's environment when it is first made: COGNITO_ENVIRONMENT,
    else production for real AWS (no COGNITO_ENDPOINT_URL) and development for an
    endpoint (the embedded backend)."""
    configured = str(getattr(settings, "COGNITO_ENVIRONMENT", "") or "").strip().lower()
    if configured in Connection.Environment.values:
        return configured
    if settings.COGNITO_ENDPOINT_URL:
        return Connection.Environment.DEVELOPMENT
    return Connection.Environment.PRODUCTION


def default_connection() -> Connection:
    """The connection of the standard credential chain (slug "default"), made on first
    use when no migration or Admin made it."""
    found = Connection.objects.filter(slug=DEFAULT_KEY).first()
    if found is not None:
        return found
    try:
        return Connection.objects.create(
            slug=DEFAULT_KEY,
            name=settings.COGNITO_BACKEND_LABEL or "Default",
            environment=default_environment(),
        )
    except IntegrityError:  # made meanwhile by another request, or the name is taken
        found = Connection.objects.filter(slug=DEFAULT_KEY).first()
        if found is not None:
            return found
        return Connection.objects.create(
            slug=DEFAULT_KEY, name="Default connection", environment=default_environment()
        )


def connection_named(slug: str) -> Connection | None:
    """The connection whose slug is `slug`, or None."""
    if slug == DEFAULT_KEY:
        return default_connection()
    return Connection.objects.filter(slug=slug).first()


def every_connection() -> list[Connection]:
    """Every connection, the default first, then by name."""
    default = default_connection()
    others = list(Connection.objects.exclude(pk=default.pk).order_by("name"))
    return [default, *others]


def prefix_of(connection: Connection | str) -> str:
    """The path prefix of a connection's pages: "" for the default, "/c/<slug>"."""
    slug = connection if isinstance(connection, str) else connection.slug
    return "" if slug == DEFAULT_KEY else f"/{URL_PREFIX}/{slug}"


_base_prefix: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "console_base_script_prefix", default=None
)


def base_script_prefix() -> str:
    """The script prefix outside any connection ("/" unless the console is mounted
    under a path): what the middleware found before it added /c/<slug>/."""
    base = _base_prefix.get()
    return base if base is not None else get_script_prefix()


@contextlib.contextmanager
def addresses_in(connection: Connection | str) -> Iterator[None]:
    """reverse() (and {% url %}) inside the block gives addresses in `connection`:
    /c/<slug>/… for one other than the default. The middleware wraps each request of a
    connection in it; code that links to another connection's pages uses it too."""
    base = base_script_prefix()
    token = _base_prefix.set(base)
    previous = get_script_prefix()
    prefix = prefix_of(connection)
    set_script_prefix(base + prefix.lstrip("/") + "/" if prefix else base)
    try:
        yield
    finally:
        set_script_prefix(previous)
        _base_prefix.reset(token)


def reverse_in(connection: Connection | str, viewname: str, **kwargs) -> str:
    """reverse(viewname, kwargs=kwargs) as an address in `connection`."""
    with addresses_in(connection):
        return reverse(viewname, kwargs=kwargs or None)


def slugs(connections: Iterable[Connection]) -> list[str]:
    return [c.slug for c in connections]
