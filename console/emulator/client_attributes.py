"""App client write attributes as AWS checks them (tester T2, finding 3).

CreateUserPoolClient and UpdateUserPoolClient refuse WriteAttributes naming an
attribute whose value cannot be changed: `sub` and every attribute of the pool's schema
with Mutable false (custom attributes are immutable unless made mutable). The service
answers InvalidParameterException "Invalid write attributes specified while creating a
client" (or "... while updating a client"), the message users quote (aws-cdk#20760,
aws-cdk#2608, aws-sdk-java#1395); the API reference (UserPoolClientType WriteAttributes)
says the list is of attributes the user may "set or modify", and SchemaAttributeType
Mutable says an immutable attribute's value cannot be changed. moto 5.2.5 takes any
name.

Installed by addon.install() (`install_client_attributes`). Moto internals used:
CognitoIdpResponse.create_user_pool_client / update_user_pool_client (wrapped),
_get_param, backend.describe_user_pool; CognitoIdpUserPool.schema_attributes (name ->
attribute with `.mutable`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException

_INSTALLED_ATTR = "_cognito_console_client_attributes_installed"
#: Attributes no one can write, whatever the schema says (their value is Cognito's).
NEVER_WRITTEN = frozenset({"sub"})


def immutable_write_attributes(pool: Any, names: Any) -> list[str]:
    """The names of `names` that cannot be written: `sub`, and each attribute of the
    pool's schema with Mutable false. Names the schema lacks are left to moto."""
    schema = getattr(pool, "schema_attributes", {}) or {}
    out = []
    for name in names or ():
        attribute = schema.get(name)
        if name in NEVER_WRITTEN or (attribute is not None and not attribute.mutable):
            out.append(name)
    return out


def _wrap(original: Callable[[Any], Any], verb: str) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def wrapped(self: Any) -> Any:
        names = self._get_param("WriteAttributes")
        if names:
            pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
            if immutable_write_attributes(pool, names):
                raise InvalidParameterException(
                    f"Invalid write attributes specified while {verb} a client"
                )
        return original(self)

    return wrapped


def install_client_attributes(response_class: type) -> None:
    """Wrap CreateUserPoolClient and UpdateUserPoolClient. Idempotent."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    response_class.create_user_pool_client = _wrap(
        response_class.create_user_pool_client, "creating"
    )
    response_class.update_user_pool_client = _wrap(
        response_class.update_user_pool_client, "updating"
    )
    setattr(response_class, _INSTALLED_ATTR, True)
