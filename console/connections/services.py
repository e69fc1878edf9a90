"""Connections: finding them, the account each stands for, and who may see what.

Views and jobs ask here; the service layer only ever sees `Account` records
(console.cognito.accounts), set with `accounts.using(connection.account())`.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import get_script_prefix, reverse, set_script_prefix

from console.audit import record_event
from console.cognito import callers, transport
from console.cognito.accounts import DEFAULT_KEY, using
from console.cognito.callers import Caller, RegionAnswer
from console.cognito.errors import CognitoError, RoleRefused

from .models import SLUG_RE, Connection

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
    """The connection of the standard credential chain (slug "default"): its row when
    an Admin or a grant made one, else an unsaved one with the defaults (a GET never
    writes). Code that needs the row (a grant, an edit) calls `saved_default_connection`."""
    found = Connection.objects.filter(slug=DEFAULT_KEY).first()
    if found is not None:
        return found
    return Connection(
        slug=DEFAULT_KEY,
        name=settings.COGNITO_BACKEND_LABEL or "Default",
        environment=default_environment(),
    )


def saved_default_connection() -> Connection:
    """The default connection's row, made now if none exists yet."""
    found = default_connection()
    if found.pk is not None:
        return found
    try:
        with transaction.atomic():
            found.save()
        return found
    except IntegrityError:  # made meanwhile by another request, or the name is taken
        again = Connection.objects.filter(slug=DEFAULT_KEY).first()
        if again is not None:
            return again
        found.name = "Default connection"
        found.save()
        return found


def connection_named(slug: str) -> Connection | None:
    """The connection whose slug is `slug`, or None (also for text that cannot be a
    slug: a NUL or a newline never reaches the database)."""
    if not re.fullmatch(SLUG_RE, slug or ""):
        return None
    if slug == DEFAULT_KEY:
        return default_connection()
    return Connection.objects.filter(slug=slug).first()


def every_connection() -> list[Connection]:
    """Every connection, the default first, then by name."""
    default = default_connection()
    others = list(Connection.objects.exclude(slug=DEFAULT_KEY).order_by("name"))
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


def here() -> str:
    """The slug of the connection calls go to now (console.cognito.accounts.current()):
    what rows keyed by pool ID (snapshots, import records, column choices) are kept
    under, so the same pool ID in two accounts is never confused."""
    from console.cognito.accounts import current

    return current().key


@contextlib.contextmanager
def in_connection(slug: str) -> Iterator[Connection]:
    """Send the block's calls to the connection `slug` (background work that holds a
    slug, such as a sweep over snapshots). Raises LookupError when it no longer exists."""
    from console.cognito.accounts import using

    connection = connection_named(slug or DEFAULT_KEY)
    if connection is None:
        raise LookupError(f"The connection “{slug}” no longer exists.")
    with using(connection.account()):
        yield connection


# --- the Connections page (console-wide Admins) ---------------------------------------
#: How long each call of "Check connection" may take, at most (seconds, one attempt):
#: a role STS refuses or a Region that does not answer is said at once.
CHECK_SECONDS = 10.0


@dataclass(frozen=True)
class ConnectionCheck:
    """What "Check connection" found for one connection.

    caller: the identity STS names (None when it could not be asked); problem: why the
    check stopped (a CognitoError's message and advice), "" when it went through;
    role_refused: STS refused the connection's role (errors.RoleRefused); regions: each
    Region's answer to ListUserPools (callers.RegionAnswer); mismatch: a warning when
    the account STS names is not the connection's account ID, "" otherwise.
    """

    caller: Caller | None
    problem: str = ""
    role_refused: bool = False
    regions: tuple[RegionAnswer, ...] = ()
    mismatch: str = ""

    @property
    def answered(self) -> tuple[str, ...]:
        return tuple(r.region for r in self.regions if r.answered)


def connection_check(connection: Connection) -> ConnectionCheck:
    """Check `connection`: STS GetCallerIdentity (in its first Region), then
    ListUserPools (MaxResults 1) in each of its Regions, in its account
    (`using(connection.account())`), each call one attempt of at most CHECK_SECONDS.
    Never raises a CognitoError: a refusal is the record's `problem`."""
    regions = connection.region_list()
    if not regions:
        return ConnectionCheck(
            caller=None,
            problem="The connection names no Region, and neither does COGNITO_REGIONS: "
            "choose its Regions on its edit page.",
        )
    with using(connection.account()), transport.quick(CHECK_SECONDS):
        try:
            caller = callers.caller_get(region=regions[0])
        except CognitoError as exc:
            refused = isinstance(exc, RoleRefused)
            return ConnectionCheck(caller=None, problem=exc.details, role_refused=refused)
        mismatch = ""
        if connection.account_id and caller.account != connection.account_id:
            mismatch = (
                f"STS says these credentials are in account {caller.account}, not "
                f"{connection.account_id} as this connection says. Correct the account ID, "
                "or the role ARN if it names the wrong account."
            )
        try:
            answers = tuple(callers.region_answers())
        except CognitoError as exc:
            refused = isinstance(exc, RoleRefused)
            return ConnectionCheck(
                caller=caller, problem=exc.details, role_refused=refused, mismatch=mismatch
            )
    return ConnectionCheck(caller=caller, regions=answers, mismatch=mismatch)


def _audited(value, name: str = ""):
    """A connection field's value as the audit log keeps it: the external ID only as
    "set" or "", as the Connections page shows it (it guards the role against the
    confused deputy, and a reader of the log has no use for it)."""
    if name == "external_id":
        return "set" if value else ""
    return list(value) if isinstance(value, (list, tuple)) else value


def connection_save(form) -> Connection:
    """Save a valid ConnectionForm (a new connection, or changes to one) and record
    CreateConnection (its fields) or UpdateConnection ({field: {"from", "to"}} of the
    fields changed; nothing recorded when none changed). Drops the cached AWS clients
    (transport.clear_clients): the next call of the connection uses its new role,
    external ID and Regions. A name another connection took meanwhile is the form's
    error on `name` (returns None)."""
    creating = form.instance.pk is None
    if creating:
        parameters = {
            name: _audited(form.cleaned_data.get(name), name) for name in form.Meta.fields
        }
    else:
        parameters = {
            name: {
                "from": _audited(form.initial.get(name), name),
                "to": _audited(form.cleaned_data[name], name),
            }
            for name in form.changed_data
        }
        external = parameters.get("external_id")
        if external and external["to"] == "set" and form.initial.get("external_id"):
            external["to"] = "changed"
    try:
        with transaction.atomic():
            connection = form.save()
            if creating or parameters:
                record_event(
                    action="CreateConnection" if creating else "UpdateConnection",
                    outcome="succeeded",
                    target_type="connection",
                    target_id=connection.slug,
                    parameters=parameters,
                    connection=connection.slug,
                    account_id=connection.account_id,
                )
    except IntegrityError:
        form.add_error(
            "name", "Another connection has this name or address name now: choose another."
        )
        return None
    transport.clear_clients()
    return connection


class ConnectionRefused(Exception):
    """A change the Connections page does not make (the default connection's deletion);
    the message says why. Nothing was changed."""


def connection_delete(connection: Connection) -> int:
    """Delete `connection` and its grants; record DeleteConnection ({name, account_id,
    grants: how many went}). Returns how many grants went. Raises ConnectionRefused for
    the default connection (the standard credential chain's: always there)."""
    if connection.is_default:
        raise ConnectionRefused(
            "The default connection (the console's own credentials) cannot be deleted."
        )
    with transaction.atomic():
        grants = connection.grants.count()
        slug = connection.slug
        parameters = {"name": connection.name, "account_id": connection.account_id}
        connection.delete()
        record_event(
            action="DeleteConnection",
            outcome="succeeded",
            target_type="connection",
            target_id=slug,
            parameters={**parameters, "grants": grants},
            connection=slug,
            account_id=parameters["account_id"],
        )
    transport.clear_clients()
    return grants


def grant_counts() -> dict[str, int]:
    """{connection slug: how many grants it has (on the whole of it or on one of its
    pools)}: one query, for the Connections list."""
    from django.db.models import Count

    rows = Connection.objects.annotate(n=Count("grants")).values_list("slug", "n")
    return dict(rows)
