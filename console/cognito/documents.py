"""Configurations Cognito replaces whole, edited through the reviewed diff.

SetUserPoolMfaConfig, SetRiskConfiguration, SetLogDeliveryConfiguration,
UpdateUserPoolDomain, UpdateIdentityProvider and UpdateResourceServer each replace the
configuration they are sent: a member left out of the request is reset (API reference,
each operation: "If you don't provide a value for an attribute, it is set to its
default"). So, as `pools.pool_update` does for UpdateUserPool, an edit here reads the
whole current configuration, applies the person's changes on top, shows the difference
(`document_preview`) and sends the whole of it (`document_update`), refusing when the
configuration moved since the person reviewed it.

A `Document` says where one such configuration is read from and how it is written;
the service modules (mfa.py, risk.py, log_delivery.py, domains.py, providers.py,
resource_servers.py) each make theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .pools import (
    Preview,
    check_fingerprint,
    config_diff,
    fingerprint,
    in_place,
    merge,
)
from .schema import accepted_by
from .transport import write


@dataclass(frozen=True)
class Document:
    """One configuration that `operation` (a Set*/Update* operation name) replaces whole.

    `read()` gives the current configuration as Cognito reports it, in the request's
    member names (members the request does not take are dropped by botocore's input
    shape; `ids` are added back). `ids` are the request's identifying members
    ({"UserPoolId": ..., "ClientId": ...}): they are sent, never diffed. `pool_id`,
    `target_type` and `target_id` go to the audit event; `forget` is called after every
    write attempt (a cache to drop).
    """

    operation: str
    region: str
    pool_id: str
    ids: Mapping[str, Any]
    read: Callable[[], Mapping[str, Any]]
    target_type: str
    target_id: str
    forget: Callable[[], None] | None = field(default=None, compare=False)

    def current(self) -> dict:
        """The current configuration as a full request of `operation` (ids included)."""
        request = accepted_by(self.operation, self.read())
        request.update(self.ids)
        return request


def document_request(*, document: Document, changes: Mapping[str, Any]) -> tuple[dict, dict]:
    """(the current configuration, the full request with `changes` applied), both in
    `document.operation`'s request shape. `changes` is a nested mapping of request
    members; None removes a member (Cognito's default applies)."""
    current = document.current()
    return current, merge(current, changes)


def document_preview(*, document: Document, changes: Mapping[str, Any]) -> Preview:
    """What sending `changes` would change (each leaf setting's old and new value) and a
    fingerprint of the configuration it starts from, for the person to confirm."""
    current, request = document_request(document=document, changes=changes)
    return Preview(changes=tuple(config_diff(current, request)), fingerprint=fingerprint(current))


def document_update(
    *, document: Document, changes: Mapping[str, Any], expected: str | None = None
) -> dict:
    """Send `document.operation` with the whole current configuration and `changes`
    applied, audited; the operation's reply.

    With `expected` (a Preview's fingerprint), nothing is sent when the configuration
    changed since that preview: InvalidInput with code "ConfigurationChanged". A lost
    answer is settled by reading the configuration back (every changed setting holds
    its new value). Raises the CognitoError of a refusal.
    """
    current, request = document_request(document=document, changes=changes)
    check_fingerprint(current, expected)
    wanted = config_diff(current, request)

    def applied() -> bool:
        return in_place(document.current(), wanted)

    try:
        return write(
            document.operation,
            region=document.region,
            pool_id=document.pool_id,
            target_type=document.target_type,
            target_id=document.target_id,
            verify=applied,
            **request,
        )
    finally:
        if document.forget is not None:
            document.forget()
