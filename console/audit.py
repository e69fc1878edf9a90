"""Who did what: the audit context of a request, and recording events.

The middleware sets the staff user and request ID for each request; a background
worker sets them with `audit_context` for the work it does on someone's behalf. The
service layer calls `record_event` for every mutating call.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from django.dispatch import Signal

from .models import AuditEvent

#: Sent with `event` (an AuditEvent) after each event is recorded, in the block's
#: transaction: receivers that act on a change (a configuration history snapshot)
#: should defer their work with transaction.on_commit.
event_recorded = Signal()

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_actor", default=None)
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("audit_request_id", default="")
_address: contextvars.ContextVar[str] = contextvars.ContextVar("audit_address", default="")

REDACTED = "[redacted]"
#: Keys kept inside a secret map (AuthParameters, ChallengeResponses): who signs in.
_KEPT_IN_SECRET_MAP = frozenset({"username", "user_id_for_srp"})


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def audit_context(
    *, user: Any, request_id: str | None = None, address: str | None = None
) -> Iterator[str]:
    """Attribute the writes made inside the block to `user`, one request ID and the
    staff member's IP address (console.signin.client_address; None keeps the enclosing
    block's, "" for none, as in a background worker)."""
    rid = request_id or new_request_id()
    actor_token = _actor.set(user)
    rid_token = _request_id.set(rid)
    address_token = _address.set(_address.get() if address is None else address)
    try:
        yield rid
    finally:
        _actor.reset(actor_token)
        _request_id.reset(rid_token)
        _address.reset(address_token)


def current_request_id() -> str:
    return _request_id.get()


def current_address() -> str:
    """The address the block's events are recorded with ("" for none)."""
    return _address.get()


@functools.cache
def _secret_keys() -> frozenset[str]:
    from console.cognito.sensitive import secret_keys

    return frozenset(k.lower() for k in secret_keys())


@functools.cache
def _unmarked() -> frozenset[str]:
    from console.cognito.sensitive import UNMARKED

    return frozenset(k.lower() for k in UNMARKED)


def _is_secret(key: str, place, parent) -> bool:
    """Whether the value at `key` is a secret. Where the operation's model describes
    it (`place`, console.cognito.sensitive.Member), as the model marks it: sensitive
    shapes are secrets, configuration such as PreTokenGenerationConfig or
    TokenValidityUnits.AccessToken is not; a map's keys are data, so a map also hides
    the keys the console knows are secret (ProviderDetails' client_secret). Elsewhere
    (no operation, a key the model lacks) by name: every member name the model marks
    sensitive in some operation, and those the console knows (exact names, any case)."""
    if place is not None:
        unmarked = parent is not None and parent.is_map and key.lower() in _unmarked()
        return place.secret or unmarked
    return key.lower() in _secret_keys()


def redact(value: Any, *, operation: str = "", secret_map: bool = False) -> Any:
    """A copy of the parameters of `operation` (a cognito-idp operation's request, or
    the console's own audit action) with passwords, secrets and tokens replaced by
    REDACTED at any depth (`_is_secret`). A secret map's values (AuthParameters,
    ChallengeResponses) are all replaced but its USERNAME."""
    from console.cognito.sensitive import request_shape

    return _redact(value, request_shape(operation) if operation else None, secret_map)


def _redact(value: Any, node, secret_map: bool) -> Any:
    if isinstance(value, Mapping):
        cleaned = {}
        for k, v in value.items():
            key = str(k)
            place = node.child(key) if node is not None else None
            if secret_map:
                secret = key.lower() not in _KEPT_IN_SECRET_MAP
            else:
                secret = _is_secret(key, place, node)
            if not secret or v in (None, ""):
                cleaned[key] = _redact(v, place, False)
            elif isinstance(v, Mapping):
                cleaned[key] = _redact(v, None, True)
            else:
                cleaned[key] = REDACTED
        return cleaned
    if isinstance(value, list | tuple):
        item = node.item() if node is not None else None
        return [_redact(v, item, secret_map) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def record_event(
    *,
    action: str,
    outcome: str,
    pool_id: str = "",
    target_type: str = "",
    target_id: str = "",
    parameters: Mapping[str, Any] | None = None,
    error_code: str = "",
    error_message: str = "",
    aws_request_id: str = "",
    connection: str | None = None,
    account_id: str | None = None,
) -> AuditEvent:
    """Record one event as the block's actor, request ID and address.

    The event's connection and account ID are those calls go to now
    (console.cognito.accounts), none for a staff account's (`target_type` "staff");
    `connection` and `account_id` name them instead for an event about another
    connection (the Connections page's changes)."""
    user = _actor.get()
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    if connection is not None:
        account = account_id or ""
    elif target_type == "staff":
        connection, account = "", ""
    else:
        connection, account = _account_now()
    event = AuditEvent.objects.create(
        connection=connection,
        account_id=account,
        staff_user=user if authenticated else None,
        staff_username=user.get_username() if authenticated else "",
        request_id=_request_id.get(),
        action=action,
        pool_id=pool_id,
        target_type=target_type,
        target_id=str(target_id)[:512],
        parameters=redact(dict(parameters or {}), operation=action),
        outcome=outcome,
        error_code=error_code[:128],
        error_message=error_message,
        aws_request_id=aws_request_id[:128],
        ip_address=_address.get() or None,
    )
    event_recorded.send(sender=AuditEvent, event=event)
    return event


def _account_now() -> tuple[str, str]:
    """(connection slug, 12-digit account ID or "") of the account calls go to now."""
    from console.cognito import accounts, quota

    current = accounts.current()
    try:
        account = quota.account_id()
    except Exception:  # the account is a label; an event is never lost for it
        account = ""
    return current.key, account if account.isdigit() and len(account) == 12 else ""


def record_staff_event(
    action: str,
    username: str,
    *,
    outcome: str = "succeeded",
    parameters: Mapping[str, Any] | None = None,
    error_code: str = "",
    error_message: str = "",
) -> AuditEvent:
    """Record `action` on the staff account `username` (sign-ins and their failures,
    lock-outs, the Staff page's changes, single sign-on bindings): target_type "staff",
    target_id the username (or the one tried), as the block's actor and address."""
    return record_event(
        action=action,
        outcome=outcome,
        target_type="staff",
        target_id=username,
        parameters=parameters,
        error_code=error_code,
        error_message=error_message,
    )
