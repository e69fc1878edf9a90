"""Reads of one thing by its ID, shared by the service layer's modules: a describe whose
ResourceNotFoundException is said in the module's own words, and the two read-backs a
write's `verify=` / `find=` makes of it (`transport.write`): "is it there, and as
what?" and "is it gone?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from . import errors
from .transport import call

T = TypeVar("T")


def read_one(operation: str, *, region: str, missing: str, **params: Any) -> dict:
    """`transport.call(operation, region=region, **params)`: Cognito's whole reply.

    `missing` is the sentence a person reads when there is no such thing ("No resource
    server x in user pool y."): an errors.NotFound (ResourceNotFoundException) is
    reworded to it (`errors.reworded`, its code and request ID kept). Raises the rest
    of the CognitoError family as `transport.call` does."""
    try:
        return call(operation, region=region, **params)
    except errors.NotFound as exc:
        raise errors.reworded(exc, missing) from exc


def unless_missing(read: Callable[[], T]) -> T | None:
    """`read()`, or None when it raises errors.NotFound (the thing does not exist, or
    no longer does). Other CognitoErrors are raised."""
    try:
        return read()
    except errors.NotFound:
        return None


def is_gone(read: Callable[[], Any]) -> bool:
    """True when `read()` raises errors.NotFound: the thing is gone, as a delete's
    read-back (`transport.write(verify=...)`) asks. False when `read()` answers; other
    CognitoErrors are raised (transport.write then leaves the outcome unknown)."""
    try:
        read()
    except errors.NotFound:
        return True
    return False
