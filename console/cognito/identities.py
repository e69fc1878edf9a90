"""A user's linked identities: read from its `identities` attribute, linked and unlinked.

A user who signs in through an external identity provider (SAML, OIDC, Google,
Facebook, Login with Amazon, Sign in with Apple) carries a read-only `identities`
attribute: a JSON array with one object per provider, e.g.
`[{"userId": "1234", "providerName": "Google", "providerType": "Google", "issuer": null,
"primary": "true", "dateCreated": "1700000000000"}]` (dateCreated in milliseconds
since the epoch; `primary` a string or a boolean). An administrator links a native
user to a provider identity that has not signed in yet with AdminLinkProviderForUser
(at most five per user) and unlinks one with AdminDisableProviderForUser.

Sources: developer guide, "Linking federated users to an existing user profile";
API reference, AdminLinkProviderForUser (DestinationUser ProviderName "Cognito" and the
user's username; SourceUser ProviderAttributeName "Cognito_Subject" for social
providers) and AdminDisableProviderForUser (ProviderAttributeName "Cognito_Subject" and
the identity's subject); botocore's model, ProviderUserIdentifierType (ProviderName 1-32
characters).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import errors, schema
from .records import User
from .transport import call, every_item, region_of, write

#: The ProviderName of the user pool itself (DestinationUser of AdminLinkProviderForUser).
COGNITO = "Cognito"
#: The attribute name that means "the provider's own subject (user ID)".
SUBJECT = "Cognito_Subject"
#: At most this many identities are linked to one user (AdminLinkProviderForUser).
MAX_LINKED = 5


@dataclass(frozen=True)
class LinkedIdentity:
    """One entry of a user's `identities` attribute.

    `user_id` is the provider's subject for the user (the value AdminDisableProvider-
    ForUser takes with Cognito_Subject); `created` is dateCreated as a UTC datetime
    (None when absent or unreadable). When the attribute, or this entry of it, is not
    what Cognito writes, `problem` says why and `raw` holds the text as it is, for the
    page to show; the other fields are then empty.
    """

    provider_name: str = ""
    provider_type: str = ""
    user_id: str = ""
    issuer: str = ""
    primary: bool = False
    created: datetime | None = None
    raw: str = ""
    problem: str = ""

    @property
    def unlinkable(self) -> bool:
        """True when AdminDisableProviderForUser can be asked to remove it."""
        return not self.problem and bool(self.provider_name and self.user_id)

    @classmethod
    def from_shape(cls, shape: Any) -> LinkedIdentity:
        if not isinstance(shape, dict):
            return cls(raw=_raw(shape), problem="This entry is not an object with a providerName.")
        name = shape.get("providerName")
        if not isinstance(name, str) or not name:
            return cls(raw=_raw(shape), problem="This entry names no provider (providerName).")
        return cls(
            provider_name=name,
            provider_type=_text(shape.get("providerType")),
            user_id=_text(shape.get("userId")),
            issuer=_text(shape.get("issuer")),
            primary=str(shape.get("primary", "")).lower() == "true",
            created=_millis(shape.get("dateCreated")),
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _raw(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _millis(value: Any) -> datetime | None:
    """dateCreated (milliseconds since the epoch, a number or a string) as UTC."""
    if isinstance(value, bool):
        return None
    try:
        millis = float(value)
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def user_identities(user: User) -> tuple[LinkedIdentity, ...]:
    """The user's linked identities, from its `identities` attribute (() when it has none).

    Never raises: an attribute that is not a JSON array gives one LinkedIdentity with
    `problem` set and the value in `raw`; each entry that is not an object naming a
    provider gives one such record in its place.
    """
    value = user.attributes.get("identities", "")
    if not value.strip():
        return ()
    try:
        parsed = json.loads(value)
    except ValueError:
        return (LinkedIdentity(raw=value, problem="The identities attribute is not JSON."),)
    if not isinstance(parsed, list):
        return (LinkedIdentity(raw=value, problem="The identities attribute is not a JSON array."),)
    return tuple(LinkedIdentity.from_shape(entry) for entry in parsed)


def _check_provider(provider_name: str, operation: str, member: str) -> None:
    broken = schema.limits(operation, f"{member}.ProviderName").check(provider_name)
    if broken:
        raise errors.InvalidInput(
            f"Not an identity provider name: {broken}", code="InvalidProviderName"
        )


def _identities_of(pool_id: str, username: str) -> tuple[LinkedIdentity, ...] | None:
    """The user's identities read back from Cognito (None when the user is gone)."""
    try:
        shape = call(
            "AdminGetUser", region=region_of(pool_id), UserPoolId=pool_id, Username=username
        )
    except errors.NotFound:
        return None
    return user_identities(User.from_shape(shape))


def _holds(pool_id: str, username: str, provider_name: str, user_id: str | None) -> bool:
    """True when the user's identities include `provider_name` (with `user_id`, unless
    None: a link by another attribute than the subject shows the subject only later)."""
    found = _identities_of(pool_id, username) or ()
    return any(
        i.provider_name == provider_name and (user_id is None or i.user_id == user_id)
        for i in found
    )


def user_link_provider(
    *,
    pool_id: str,
    username: str,
    provider_name: str,
    attribute_name: str = SUBJECT,
    attribute_value: str,
) -> None:
    """AdminLinkProviderForUser: link the pool's user `username` (DestinationUser,
    ProviderName "Cognito") to the identity of `provider_name` whose `attribute_name`
    is `attribute_value` (SourceUser), which must not have signed in yet. When it signs
    in, Cognito signs in `username` instead.

    `attribute_name` is "Cognito_Subject" (the provider's subject; the only choice for
    Google, Facebook, Login with Amazon and Apple) or, for OIDC and SAML, a pool
    attribute the provider's claim is mapped to (e.g. "email"). Audited (target the
    user); after a lost answer, the user's identities are read back.

    Raises errors.InvalidInput, nothing sent, for a malformed provider name, for
    "Cognito" as the source, or an empty value; errors.AlreadyExists (AliasExists-
    Exception) when the identity is already linked to another user; errors.LimitExceeded
    at five linked identities; errors.NotFound for an unknown user or pool; any other
    CognitoError as `transport.write` does.
    """
    _check_provider(provider_name, "AdminLinkProviderForUser", "SourceUser")
    if provider_name == COGNITO:
        raise errors.InvalidInput(
            "A user can only be linked to an external identity provider's identity, not "
            "to another user of the pool (Cognito).",
            code="InvalidProviderName",
        )
    if not attribute_name or not attribute_value:
        raise errors.InvalidInput(
            "Say which identity to link: the attribute name (Cognito_Subject for the "
            "provider's user ID) and its value.",
            code="InvalidProviderAttribute",
        )
    subject = attribute_value if attribute_name == SUBJECT else None
    write(
        "AdminLinkProviderForUser",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="user",
        target_id=username,
        verify=lambda: _holds(pool_id, username, provider_name, subject),
        UserPoolId=pool_id,
        DestinationUser={"ProviderName": COGNITO, "ProviderAttributeValue": username},
        SourceUser={
            "ProviderName": provider_name,
            "ProviderAttributeName": attribute_name,
            "ProviderAttributeValue": attribute_value,
        },
    )


def user_unlink_provider(
    *,
    pool_id: str,
    provider_name: str,
    attribute_name: str = SUBJECT,
    attribute_value: str,
    username_for_audit: str,
) -> None:
    """AdminDisableProviderForUser: remove the link between a pool user and the identity
    of `provider_name` whose `attribute_name` is `attribute_value` (for a linked
    identity, "Cognito_Subject" and the entry's userId). The identity can no longer sign
    in as that user; signing in again through the provider makes a new user.

    Cognito names no user in this call (the identity names it), so `username_for_audit`
    is the user the page showed it on: the audit event's target, and whose identities
    are read back after a lost answer.

    Raises errors.InvalidInput, nothing sent, for a malformed provider name or "Cognito"
    (AdminDisableProviderForUser with "Cognito" disables the native user's password
    sign-in, which is not an unlink); errors.NotFound when no such link exists; any
    other CognitoError as `transport.write` does.
    """
    _check_provider(provider_name, "AdminDisableProviderForUser", "User")
    if provider_name == COGNITO:
        raise errors.InvalidInput(
            "Cognito is the pool itself, not a linked identity: there is nothing to unlink.",
            code="InvalidProviderName",
        )
    if not attribute_name or not attribute_value:
        raise errors.InvalidInput(
            "Say which identity to unlink: the attribute name and its value.",
            code="InvalidProviderAttribute",
        )
    subject = attribute_value if attribute_name == SUBJECT else None
    write(
        "AdminDisableProviderForUser",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="user",
        target_id=username_for_audit,
        verify=lambda: not _holds(pool_id, username_for_audit, provider_name, subject),
        UserPoolId=pool_id,
        User={
            "ProviderName": provider_name,
            "ProviderAttributeName": attribute_name,
            "ProviderAttributeValue": attribute_value,
        },
    )


def provider_list_names(*, pool_id: str) -> tuple[str, ...]:
    """The names of the pool's identity providers (ListIdentityProviders, every page),
    sorted: the choices for linking a user. () when the pool has none.

    Raises what `transport.call` raises.
    """
    names = (
        p.get("ProviderName", "")
        for p in every_item(
            "ListIdentityProviders",
            region=region_of(pool_id),
            items_key="Providers",
            UserPoolId=pool_id,
        )
    )
    return tuple(sorted(n for n in names if n))
