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
the identity's subject; on a federated user it disables that user); botocore's model,
ProviderUserIdentifierType (ProviderName 1-32 characters).

AdminDisableProviderForUser names no user: the identity names it, pool-wide. So an
unlink is sent only once the user's own `identities` attribute, read just before,
holds the identity (`user_unlink_provider`): a page can never unlink another user's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from . import errors, schema
from .cachekeys import metadata_key
from .records import User
from .transport import call, every_item, region_of, write

#: The ProviderName of the user pool itself (DestinationUser of AdminLinkProviderForUser).
COGNITO = "Cognito"
#: The attribute name that means "the provider's own subject (user ID)".
SUBJECT = "Cognito_Subject"
#: At most this many identities are linked to one user (AdminLinkProviderForUser).
MAX_LINKED = 5
#: The status of a user made by a sign-in through an identity provider.
FEDERATED = "EXTERNAL_PROVIDER"
#: What a SourceUser's ProviderAttributeName may be: Cognito_Subject, or the name of a
#: claim (OIDC) or assertion attribute (SAML) mapped to a pool attribute (API reference,
#: AdminLinkProviderForUser, SourceUser: "For OIDC, the ProviderAttributeName can be any
#: mapped value from a claim in the ID token ... For SAML, ... any mapped value from a
#: claim in the SAML assertion"). AWS types it only as a string; a plain token of
#: letters, digits and `_:.-` (SAML attribute names are URIs such as
#: urn:oid:0.9.2342.19200300.100.1.3), at most 128 characters, is the console's rule.
ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_:.\-]{1,128}")


@dataclass(frozen=True)
class LinkedIdentity:
    """One entry of a user's `identities` attribute.

    `user_id` is the provider's subject for the user (the value AdminDisableProvider-
    ForUser takes with Cognito_Subject); `created` is dateCreated as a UTC datetime
    (None when absent or unreadable). `own` is True for a federated (EXTERNAL_PROVIDER)
    user's identity: the one it signs in with, so unlinking it disables the user. When
    the attribute, or this entry of it, is not what Cognito writes, `problem` says why
    and `raw` holds the text as it is, for the page to show; the other fields are then
    empty.

    For a link made on another attribute than Cognito_Subject, `user_id` holds the
    matched attribute's value until the identity signs in.
    """

    provider_name: str = ""
    provider_type: str = ""
    user_id: str = ""
    issuer: str = ""
    primary: bool = False
    created: datetime | None = None
    raw: str = ""
    problem: str = ""
    own: bool = False

    @property
    def unlinkable(self) -> bool:
        """True when AdminDisableProviderForUser can be asked to remove it."""
        return not self.problem and bool(self.provider_name and self.user_id)

    @classmethod
    def from_shape(cls, shape: Any, *, own: bool = False) -> LinkedIdentity:
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
            own=own,
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
    provider gives one such record in its place. On a federated (EXTERNAL_PROVIDER)
    user every identity is its own (`own`): Cognito links identities to native users
    only (AdminLinkProviderForUser, DestinationUser).
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
    own = user.status == FEDERATED
    return tuple(LinkedIdentity.from_shape(entry, own=own) for entry in parsed)


def _check_provider(provider_name: str, operation: str, member: str) -> None:
    broken = schema.limits(operation, f"{member}.ProviderName").check(provider_name)
    if broken:
        raise errors.InvalidInput(
            f"Not an identity provider name: {broken}", code="InvalidProviderName"
        )


def _check_attribute_name(attribute_name: str) -> None:
    if not ATTRIBUTE_NAME.fullmatch(attribute_name or ""):
        raise errors.InvalidInput(
            f"Not an attribute to match the identity on: use {SUBJECT} (the provider's "
            "user ID) or the name of the provider's claim or SAML attribute (letters, "
            "digits and _ : . -, at most 128 characters).",
            code="InvalidProviderAttribute",
        )


def _said(exc: errors.CognitoError, message: str, advice: str) -> errors.CognitoError:
    """`exc` reworded, with `advice` in place of its class's generic one ("Choose another
    name", "the name is spelled differently"), which does not fit what went wrong here.
    An ambiguous error keeps its wording: the change may have been made."""
    if exc.ambiguous:
        return exc
    said = errors.reworded(exc, message)
    said.advice = advice  # an instance's own advice: `details` reads self.advice
    return said


def _get_user(pool_id: str, username: str) -> User:
    return User.from_shape(
        call("AdminGetUser", region=region_of(pool_id), UserPoolId=pool_id, Username=username)
    )


def _identities_of(pool_id: str, username: str) -> tuple[LinkedIdentity, ...] | None:
    """The user's identities read back from Cognito (None when the user is gone)."""
    try:
        return user_identities(_get_user(pool_id, username))
    except errors.NotFound:
        return None


def _holds(pool_id: str, username: str, provider_name: str, user_id: str | None) -> bool:
    """True when the user's identities include `provider_name` (with `user_id`, unless
    None: a link by another attribute than the subject shows the subject only later)."""
    found = _identities_of(pool_id, username) or ()
    return any(
        i.provider_name == provider_name and (user_id is None or i.user_id == user_id)
        for i in found
    )


def _federated_holder(pool_id: str, provider_name: str, value: str) -> str:
    """The username of the federated user `<provider>_<value>` (the user a sign-in
    through the provider makes; developer guide, "Linking federated users"), or ""
    when there is none or it cannot be read."""
    try:
        return _get_user(pool_id, f"{provider_name}_{value}").username
    except errors.CognitoError:
        return ""


def _link_refusal(
    exc: errors.CognitoError, *, pool_id: str, username: str, provider_name: str, value: str
) -> errors.CognitoError:
    """Cognito's refusal of a link in words about the identity, not about a name."""
    identity = f"The {provider_name} identity {value}"
    if isinstance(exc, errors.AlreadyExists):
        # AliasExistsException: linked to a user already. ListUsers cannot filter on
        # `identities`, so only a federated holder can be found with one read.
        holder = _federated_holder(pool_id, provider_name, value)
        where = f"the user {holder}" if holder else "another user of this pool"
        return _said(
            exc,
            f"{identity} is already linked to {where}.",
            "Unlink it there first (Linked identities on that user's page), or link "
            "another identity.",
        )
    if isinstance(exc, errors.LimitExceeded):
        return _said(
            exc,
            f"{username} has {MAX_LINKED} linked identities, the most Cognito allows.",
            "Unlink one of them first.",
        )
    if isinstance(exc, errors.InvalidInput) and "merging" in exc.message.lower():
        holder = _federated_holder(pool_id, provider_name, value)
        where = f" as the user {holder}" if holder else ""
        return _said(
            exc,
            f"{identity} has signed in to this pool already{where}: Cognito links only "
            "an identity that has not signed in yet.",
            "Delete that federated user first if its sign-ins should become "
            f"{username}'s, then link again.",
        )
    if isinstance(exc, errors.NotFound) and exc.code == "ResourceNotFoundException":
        return _said(
            exc,
            f"The pool has no identity provider {provider_name}.",
            "It may have been deleted since the page was loaded: reload the page.",
        )
    return exc


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
    Google, Facebook, Login with Amazon and Apple) or, for OIDC and SAML, the name of
    the provider's claim or assertion attribute to match on (ATTRIBUTE_NAME; API
    reference, AdminLinkProviderForUser, SourceUser). Audited (target the user); after a
    lost answer, the user's identities are read back.

    Raises errors.InvalidInput, nothing sent, for a malformed provider or attribute
    name, for "Cognito" as the source, or an empty value. Cognito's refusals come back
    in words about the identity: errors.AlreadyExists (AliasExistsException) naming
    the federated user that holds it when one read finds it, else "another user of
    this pool"; errors.LimitExceeded at five linked identities; errors.InvalidInput
    for an identity that has signed in already; errors.NotFound for an unknown user,
    provider or pool; any other CognitoError as `transport.write` does.
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
    _check_attribute_name(attribute_name)
    subject = attribute_value if attribute_name == SUBJECT else None
    try:
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
    except errors.CognitoError as exc:
        said = _link_refusal(
            exc,
            pool_id=pool_id,
            username=username,
            provider_name=provider_name,
            value=attribute_value,
        )
        if said is exc:
            raise
        raise said from exc


@dataclass(frozen=True)
class Unlinked:
    """What an unlink did, as Cognito shows it read back afterwards.

    `username` is the user the identity was linked to (as Cognito spells it); `own` is
    True when it was a federated user's own identity, which disables that user;
    `enabled` and `still_linked` are read back after the call (None when that read
    failed).
    """

    username: str
    provider_name: str
    value: str
    own: bool
    enabled: bool | None
    still_linked: bool | None

    @property
    def message(self) -> str:
        """The outcome in words, for the page: only what the read-back shows."""
        done = f"Unlinked the {self.provider_name} identity {self.value} from {self.username}"
        if self.enabled is None:
            return f"{done}; the user could not be read back: reload the page to see its state."
        if self.still_linked:
            done = (
                f"Cognito accepted unlinking the {self.provider_name} identity {self.value} "
                f"from {self.username}, but still lists it"
            )
        if not self.enabled:
            after = "now disabled" if self.own else "disabled"
            return f"{done}; the user is {after} and cannot sign in."
        return f"{done}."


def user_unlink_provider(
    *,
    pool_id: str,
    username: str,
    provider_name: str,
    attribute_name: str = SUBJECT,
    attribute_value: str,
) -> Unlinked:
    """AdminDisableProviderForUser: remove the link between the user `username` and the
    identity of `provider_name` whose `attribute_name` is `attribute_value` (for a
    linked identity, "Cognito_Subject" and the entry's userId). The identity can no
    longer sign in as that user; signing in again through the provider makes a new
    user. On a federated (EXTERNAL_PROVIDER) user's own identity, Cognito disables the
    user instead (API reference, AdminDisableProviderForUser).

    Cognito names no user in this call: the identity names it, in the whole pool. So
    the user is read first (AdminGetUser) and the call is sent only when its
    `identities` attribute holds this identity (or, for a federated user, its username
    is `<provider>_<value>`): a tampered form or a stale page cannot unlink another
    user's identity. The audit event targets the user as Cognito spells it. Afterwards
    the user is read again for the outcome (Unlinked).

    Raises errors.InvalidInput, nothing sent, for a malformed provider or attribute
    name or "Cognito" (AdminDisableProviderForUser with "Cognito" disables the native
    user's password sign-in, which is not an unlink); errors.NotFound, nothing sent,
    when the identity is not linked to this user, or the user does not exist; any
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
    _check_attribute_name(attribute_name)
    user = _get_user(pool_id, username)
    identity = f"The {provider_name} identity {attribute_value}"
    mine = [
        i
        for i in user_identities(user)
        if i.provider_name == provider_name and i.user_id == attribute_value
    ]
    own = user.status == FEDERATED and (
        bool(mine) or user.username == f"{provider_name}_{attribute_value}"
    )
    if not mine and not own:
        refusal = errors.NotFound(
            f"{identity} is not linked to {user.username}: nothing was done.",
            code="IdentityNotLinked",
            operation="AdminDisableProviderForUser",
        )
        refusal.advice = (
            "It may have been unlinked since the page was loaded, or belong to another "
            "user; reload the page to see this user's linked identities."
        )
        raise refusal
    subject = attribute_value if attribute_name == SUBJECT else None

    def gone() -> bool:
        if own:
            try:
                return _get_user(pool_id, user.username).enabled is False
            except errors.NotFound:
                return False
        return not _holds(pool_id, user.username, provider_name, subject)

    try:
        write(
            "AdminDisableProviderForUser",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="user",
            target_id=user.username,
            verify=gone,
            UserPoolId=pool_id,
            User={
                "ProviderName": provider_name,
                "ProviderAttributeName": attribute_name,
                "ProviderAttributeValue": attribute_value,
            },
        )
    except errors.NotFound as exc:
        if exc.code != "UserNotFoundException":
            raise _said(
                exc,
                f"The pool has no identity provider {provider_name} any more.",
                "Reload the page to see what Cognito holds.",
            ) from exc
        raise _said(
            exc,
            f"{identity} is no longer linked to {user.username}: nothing was done.",
            "It was unlinked since the page was loaded; reload the page.",
        ) from exc
    try:
        after = _get_user(pool_id, user.username)
    except errors.CognitoError:
        return Unlinked(user.username, provider_name, attribute_value, own, None, None)
    still = any(
        i.provider_name == provider_name and i.user_id == attribute_value
        for i in user_identities(after)
    )
    return Unlinked(
        user.username,
        provider_name,
        attribute_value,
        own,
        after.enabled,
        still and not own,
    )


def provider_list_names(*, pool_id: str, fresh: bool = False) -> tuple[str, ...]:
    """The names of the pool's identity providers (ListIdentityProviders, every page),
    sorted: the choices for linking a user. () when the pool has none.

    Cached for COGNITO_METADATA_TTL seconds like the pool's record (`pools.pool_get`):
    every Operator's user page reads it, and ListIdentityProviders has no category in
    the facts file's quota table, so the console allows itself the unlisted 5 a second.
    fresh=True reads Cognito.

    Raises what `transport.call` raises.
    """
    key = metadata_key("providers", pool_id)
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    names = (
        p.get("ProviderName", "")
        for p in every_item(
            "ListIdentityProviders",
            region=region_of(pool_id),
            items_key="Providers",
            UserPoolId=pool_id,
        )
    )
    found = tuple(sorted(n for n in names if n))
    cache.set(key, found, settings.COGNITO_METADATA_TTL)
    return found
