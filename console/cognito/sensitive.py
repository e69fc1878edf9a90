"""Which request members carry a secret, for the audit log to redact (console.audit).

Source: botocore's service model of cognito-idp marks the shapes that hold a secret
`"sensitive": true` (PasswordType, SessionType, TokenModelType, ClientSecretType,
SecretHashType, AuthParametersType, ...). A member whose shape is sensitive, or a list
or map of such shapes, is a secret member, except the shapes that are sensitive as
personal data or identifiers but are what an audit log is for: who was acted on, with
which app client (KEPT_SHAPES). Configuration members such as PreTokenGenerationConfig,
SoftwareTokenMfaConfiguration or RefreshTokenValidity are not sensitive in the model.
"""

from __future__ import annotations

from functools import cache

import botocore.session

#: Sensitive shapes the audit log keeps: they name who or what was acted on, or are
#: attribute values the audit shows as the change made (a person's email, say).
KEPT_SHAPES = frozenset(
    {
        "UsernameType",  # Username: whose account
        "ClientIdType",  # ClientId: which app client
        "AttributeValueType",  # AttributeType.Value: the attribute change made
        "SessionIpAddressType",  # LastIPAddress: an address, not a credential
    }
)

#: Secrets the model does not mark because their container is a plain string map:
#: ProviderDetails' write-only keys (developer guide, "Adding social identity
#: providers" / "Adding SAML identity providers": client_secret, Apple's private_key),
#: and the keys of AuthParameters / ChallengeResponses that carry a credential.
UNMARKED = frozenset(
    {
        "client_secret",
        "private_key",
        "PASSWORD",
        "NEW_PASSWORD",
        "SECRET_HASH",
        "SRP_A",
        "REFRESH_TOKEN",
        "SMS_MFA_CODE",
        "SOFTWARE_TOKEN_MFA_CODE",
        "EMAIL_OTP_CODE",
        "ANSWER",
        "CREDENTIAL",
        "PASSWORD_CLAIM_SIGNATURE",
        "PASSWORD_CLAIM_SECRET_BLOCK",
        "code_verifier",
    }
)


@cache
def sensitive_members() -> dict[str, tuple[str, ...]]:
    """Member name -> the operations whose input holds it (at any depth) with a
    sensitive shape, from botocore's cognito-idp model (KEPT_SHAPES left out). Names
    are as the API spells them ("Password", "AccessToken", "AuthParameters")."""
    model = botocore.session.get_session().get_service_model("cognito-idp")
    found: dict[str, set[str]] = {}
    for operation in model.operation_names:
        shape = model.operation_model(operation).input_shape
        if shape is not None:
            _walk(shape, operation, found, set())
    return {name: tuple(sorted(ops)) for name, ops in sorted(found.items())}


def _secret(shape) -> bool:
    if shape.name in KEPT_SHAPES:
        return False
    if shape.metadata.get("sensitive"):
        return True
    inner = getattr(shape, "member", None) or getattr(shape, "value", None)
    return inner is not None and inner is not shape and _secret(inner)


def _walk(shape, operation: str, found: dict[str, set[str]], seen: set[str]) -> None:
    if shape.name in seen:
        return
    seen = seen | {shape.name}
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            if _secret(member):
                found.setdefault(name, set()).add(operation)
            else:
                _walk(member, operation, found, seen)
    elif shape.type_name == "list":
        _walk(shape.member, operation, found, seen)
    elif shape.type_name == "map":
        _walk(shape.value, operation, found, seen)


class Member:
    """Where a value sits in an operation's request, as botocore's model describes it:
    `secret` (its shape is sensitive, KEPT_SHAPES aside), `child(key)` (a structure's
    member or a map's value; None: the model has no such member) and `item()` (a
    list's member)."""

    __slots__ = ("_shape",)

    def __init__(self, shape) -> None:
        self._shape = shape

    @property
    def secret(self) -> bool:
        return _secret(self._shape)

    @property
    def is_map(self) -> bool:
        return self._shape.type_name == "map"

    def child(self, key: str) -> Member | None:
        if self._shape.type_name == "structure":
            member = self._shape.members.get(key)
            return Member(member) if member is not None else None
        if self._shape.type_name == "map":
            return Member(self._shape.value)
        return None

    def item(self) -> Member | None:
        if self._shape.type_name == "list":
            return Member(self._shape.member)
        return None


@cache
def request_shape(operation: str) -> Member | None:
    """The request of cognito-idp `operation` ("UpdateUserPool"), None for a name that
    is not one of its operations (the console's own audit actions, "ExportUsers")."""
    model = botocore.session.get_session().get_service_model("cognito-idp")
    if operation not in model.operation_names:
        return None
    shape = model.operation_model(operation).input_shape
    return Member(shape) if shape is not None else None


def secret_keys() -> frozenset[str]:
    """Every key the audit log redacts wherever it appears: the model's secret members
    (`sensitive_members`) and the UNMARKED ones. Exact names, compared as written."""
    return frozenset(sensitive_members()) | UNMARKED
