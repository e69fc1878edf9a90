"""AdminLinkProviderForUser and AdminDisableProviderForUser, which moto 5.2.5 lacks
(issue 14), and `add_federated_user`, a test and demo aid.

Installed with `auth_events.install_auth_events` (its operations are copied onto
moto's CognitoIdpResponse).

AWS's rules (API reference, AdminLinkProviderForUser / AdminDisableProviderForUser;
developer guide, "Linking federated users to an existing user profile"):

- DestinationUser: ProviderName ``Cognito`` and ProviderAttributeValue an existing
  username (ProviderAttributeName is ignored). A user that does not exist:
  UserNotFoundException. A destination holding an immutable custom attribute is
  refused ("All attributes in the DestinationUser profile must be mutable").
- SourceUser: ProviderName an identity provider of the pool (else
  ResourceNotFoundException); ``Cognito`` as SourceUser is refused with the service's
  message "Invalid SourceUser: Cognito users with a username/password may not be
  passed in as a SourceUser, only as a DestinationUser" (boto/boto3#4163). A source
  that has already signed in (a federated user ``<Provider>_<id>`` exists) is refused
  with the service's "Merging is not currently supported, provide a SourceUser that
  has not been signed up in order to link" (aws/aws-sdk-net#1000). A source already
  linked to a user: AliasExistsException. At most 5 linked identities per user
  ("The maximum number of federated identities linked to a user is five"):
  LimitExceededException.
- The link is an entry in the destination's ``identities`` attribute, a JSON array as
  AWS writes it (AdminGetUser example in the API reference): ``userId``,
  ``providerName``, ``providerType``, ``issuer`` (null), ``primary`` (false for a
  link), ``dateCreated`` (epoch milliseconds).
- AdminDisableProviderForUser: ProviderName ``Cognito`` with ProviderAttributeName
  ``Cognito_Subject`` disables that native user's password sign-in (the user is
  disabled); an IdP's user removes its link from whichever native user holds it, and a
  federated user of that provider and id is disabled. Unknown provider:
  ResourceNotFoundException; nothing to disable: UserNotFoundException.

Where AWS gives no message, the messages are ours.

Moto internals used (pyproject pins moto to one exact version):
- moto.cognitoidp.models: CognitoIdpUserPool.users / identity_providers /
  schema_attributes (CognitoIdpUserPoolAttribute.custom / mutable) / _get_user;
  CognitoIdpIdentityProvider.extended_config["ProviderType"]; CognitoIdpUser(...)
  constructor, .id / username / status / enabled / attribute_lookup /
  update_attributes; CognitoIdpBackend.describe_user_pool.
- moto.cognitoidp.exceptions: AliasExistsException (its default message replaced),
  InvalidParameterException, ResourceNotFoundError, UserNotFoundError;
  moto.core.exceptions.JsonRESTError; moto.core.responses.ActionResult.
- addon.py's `_lock`, `LimitExceededException`, `_validation_error`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.cognitoidp.models import CognitoIdpUser, CognitoIdpUserPool
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult

from .addon import LimitExceededException, _lock, _validation_error

MAX_LINKED_IDENTITIES = 5
MSG_SOURCE_IS_COGNITO = (
    "Invalid SourceUser: Cognito users with a username/password may not be passed in "
    "as a SourceUser, only as a DestinationUser"
)
MSG_MERGING = (
    "Merging is not currently supported, provide a SourceUser that has not been signed "
    "up in order to link"
)


class ExternalProviderStatus(str):
    """UserStatus EXTERNAL_PROVIDER, which moto's UserStatus enum lacks (a str with
    `.value`, as the enum members have)."""

    @property
    def value(self) -> str:
        return str(self)


EXTERNAL_PROVIDER = ExternalProviderStatus("EXTERNAL_PROVIDER")


class AliasExistsError(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("AliasExistsException", message)


def _now_ms() -> int:
    from .auth_events import now

    return int(now().timestamp() * 1000)


def identities_of(user: Any) -> list[dict[str, Any]]:
    """The user's `identities` attribute, parsed ([] when absent or unreadable)."""
    raw = user.attribute_lookup.get("identities")
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _set_identities(user: Any, entries: list[dict[str, Any]]) -> None:
    if entries:
        user.update_attributes(
            [{"Name": "identities", "Value": json.dumps(entries, separators=(",", ":"))}]
        )
    else:
        user.attribute_lookup.pop("identities", None)
        user.attributes = [a for a in user.attributes if a.get("Name") != "identities"]
        user.last_modified_date = datetime.now(UTC)


def _provider(pool: CognitoIdpUserPool, name: Any) -> Any:
    provider = pool.identity_providers.get(name) if isinstance(name, str) else None
    if provider is None:
        raise ResourceNotFoundError(f"Identity provider {name} does not exist in this user pool.")
    return provider


def _identity(provider: Any, user_id: str, *, primary: bool) -> dict[str, Any]:
    return {
        "userId": user_id,
        "providerName": provider.name,
        "providerType": provider.extended_config.get("ProviderType") or provider.name,
        "issuer": None,
        "primary": primary,
        "dateCreated": _now_ms(),
    }


def _federated_username(provider_name: str, user_id: str) -> str:
    return f"{provider_name}_{user_id}"


def _identifier(value: Any, member: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _validation_error(None, member, "Member must not be null")
    for key in ("ProviderName", "ProviderAttributeValue"):
        if not isinstance(value.get(key), str) or not value.get(key):
            raise InvalidParameterException(f"{member}.{key} is required.")
    return value


def _linked_holder(pool: CognitoIdpUserPool, provider_name: str, user_id: str) -> Any:
    for candidate in pool.users.values():
        for entry in identities_of(candidate):
            if entry.get("providerName") == provider_name and str(entry.get("userId")) == user_id:
                return candidate
    return None


class LinkOperations:
    """Methods copied onto CognitoIdpResponse. `self` is that response."""

    def admin_link_provider_for_user(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        destination = _identifier(self._get_param("DestinationUser"), "DestinationUser")
        source = _identifier(self._get_param("SourceUser"), "SourceUser")
        if source["ProviderName"] == "Cognito":
            raise InvalidParameterException(MSG_SOURCE_IS_COGNITO)
        if destination["ProviderName"] != "Cognito":
            raise InvalidParameterException(
                "DestinationUser.ProviderName must be Cognito: link to a user of this "
                "user pool by its username."
            )
        provider = _provider(pool, source["ProviderName"])
        with _lock:
            user = pool._get_user(destination["ProviderAttributeValue"])
            if user is None:
                raise UserNotFoundError("User does not exist.")
            if user.status == EXTERNAL_PROVIDER:
                raise InvalidParameterException(
                    "DestinationUser is a federated user: link to a native user."
                )
            for name in user.attribute_lookup:
                schema = pool.schema_attributes.get(name)
                if schema is not None and schema.custom and not schema.mutable:
                    raise InvalidParameterException(
                        f"DestinationUser has the immutable attribute {name}: all "
                        "attributes of the destination user must be mutable."
                    )
            user_id = source["ProviderAttributeValue"]
            if pool._get_user(_federated_username(provider.name, user_id)) is not None:
                raise InvalidParameterException(MSG_MERGING)
            holder = _linked_holder(pool, provider.name, user_id)
            if holder is not None:
                raise AliasExistsError(
                    f"The {provider.name} identity {user_id} is already linked to a user "
                    "of this user pool."
                )
            entries = identities_of(user)
            if len(entries) >= MAX_LINKED_IDENTITIES:
                raise LimitExceededException(
                    f"A user can have at most {MAX_LINKED_IDENTITIES} linked identities."
                )
            entries.append(_identity(provider, user_id, primary=False))
            _set_identities(user, entries)
        return ActionResult({})

    def admin_disable_provider_for_user(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        target = _identifier(self._get_param("User"), "User")
        name, value = target["ProviderName"], target["ProviderAttributeValue"]
        with _lock:
            if name == "Cognito":
                user = pool._get_user(value)
                if user is None or user.status == EXTERNAL_PROVIDER:
                    raise UserNotFoundError("User does not exist.")
                user.enabled = False
                return ActionResult({})
            provider = _provider(pool, name)
            found = False
            holder = _linked_holder(pool, provider.name, value)
            if holder is not None:
                _set_identities(
                    holder,
                    [
                        e
                        for e in identities_of(holder)
                        if not (
                            e.get("providerName") == provider.name and str(e.get("userId")) == value
                        )
                    ],
                )
                found = True
            federated = pool._get_user(_federated_username(provider.name, value))
            if federated is not None and federated.status == EXTERNAL_PROVIDER:
                federated.enabled = False
                found = True
            if not found:
                raise UserNotFoundError("User does not exist.")
        return ActionResult({})


def add_federated_user(
    *,
    pool_id: str,
    provider_name: str,
    provider_user_id: str,
    attributes: dict[str, str] | None = None,
) -> str:
    """Create the user a first sign-in through identity provider `provider_name` makes:
    username ``<provider_name>_<provider_user_id>``, status EXTERNAL_PROVIDER, no
    password, an `identities` attribute naming the provider (primary). A test and
    demo aid (federated sign-in itself is out of scope); call it in the process that
    runs the server. Returns the username. Raises LookupError for an unknown pool or
    provider, ValueError when the user exists."""
    from .auth_events import _pool_anywhere

    _, pool = _pool_anywhere(pool_id)
    provider = pool.identity_providers.get(provider_name)
    if provider is None:
        raise LookupError(f"No identity provider {provider_name} in {pool_id}.")
    username = _federated_username(provider_name, provider_user_id)
    with _lock:
        if pool._get_user(username) is not None:
            raise ValueError(f"{username} exists already.")
        extra = [{"Name": k, "Value": v} for k, v in (attributes or {}).items()]
        user = CognitoIdpUser(pool.id, username, None, EXTERNAL_PROVIDER, extra)
        _set_identities(user, [_identity(provider, provider_user_id, primary=True)])
        pool.users[username] = user
    return username
