"""Who did what: the audit context of a request, and recording events.

The middleware sets the staff user and request ID for each request; a background
worker sets them with `audit_context` for the work it does on someone's behalf. The
service layer calls `record_event` for every mutating call.
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from .models import AuditEvent

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_actor", default=None)
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("audit_request_id", default="")
_address: contextvars.ContextVar[str] = contextvars.ContextVar("audit_address", default="")

REDACTED = "[redacted]"
_SECRET_WORDS = ("password", "secret", "token", "session", "code", "verifier")


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


def _is_secret(key: str) -> bool:
    lowered = key.lower()
    if lowered in {"messageaction", "codedeliverydetails", "attributename"}:
        return False
    return any(word in lowered for word in _SECRET_WORDS)


def redact(value: Any) -> Any:
    """A copy of the parameters with passwords, secrets and tokens replaced."""
    if isinstance(value, Mapping):
        return {
            str(k): (REDACTED if _is_secret(str(k)) and v not in (None, "") else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
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
) -> AuditEvent:
    user = _actor.get()
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEvent.objects.create(
        staff_user=user if authenticated else None,
        staff_username=user.get_username() if authenticated else "",
        request_id=_request_id.get(),
        action=action,
        pool_id=pool_id,
        target_type=target_type,
        target_id=str(target_id)[:512],
        parameters=redact(dict(parameters or {})),
        outcome=outcome,
        error_code=error_code[:128],
        error_message=error_message,
        aws_request_id=aws_request_id[:128],
        ip_address=_address.get() or None,
    )


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
