"""A user pool's identity providers (SAML, OIDC, Google, Facebook, Login with Amazon,
Sign in with Apple): listed, described, found by identifier, created, edited through the
reviewed diff, deleted; and the certificate Cognito signs SAML requests with.

Sources: API reference, CreateIdentityProvider / UpdateIdentityProvider /
DescribeIdentityProvider / DeleteIdentityProvider / ListIdentityProviders /
GetIdentityProviderByIdentifier / GetSigningCertificate; botocore's model
(ProviderName: 1-32 characters, pattern `[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+`
on create; IdpIdentifiers: at most 50, each 1-40 characters; AttributeMapping keys 1-32
characters, values up to 131,072); the ProviderDetails keys of each type are those of
CreateIdentityProvider's documentation in the model (`DETAIL_KEYS`).

The records never hold a secret: `client_secret` (OIDC and the social providers) and
`private_key` (Sign in with Apple) are write-only. DescribeIdentityProvider returns
`client_secret`; the record keeps only that it is set (`secrets`), and the reviewed
diff shows "(set, not shown)" for it. A secret left out of an edit is sent back as
Cognito holds it (UpdateIdentityProvider replaces ProviderDetails whole).
"""

from __future__ import annotations

import base64
import textwrap
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import errors, schema
from .documents import Document, document_request
from .lookups import is_gone, read_one, unless_missing
from .pools import Change, Preview, check_fingerprint, config_diff, fingerprint, in_place, merge
from .records import Page
from .transport import call, list_page, made_recently, region_of, write

#: ProviderType values (botocore's model, IdentityProviderTypeType).
PROVIDER_TYPES = ("SAML", "OIDC", "Google", "Facebook", "LoginWithAmazon", "SignInWithApple")
TYPE_WORDS = {
    "SAML": "SAML",
    "OIDC": "OpenID Connect (OIDC)",
    "Google": "Google",
    "Facebook": "Facebook",
    "LoginWithAmazon": "Login with Amazon",
    "SignInWithApple": "Sign in with Apple",
}
#: The ProviderDetails keys a create or update request takes, per type (the model's
#: documentation of CreateIdentityProvider's ProviderDetails).
DETAIL_KEYS = {
    "SAML": (
        "MetadataURL",
        "MetadataFile",
        "IDPSignout",
        "IDPInit",
        "EncryptedResponses",
        "RequestSigningAlgorithm",
    ),
    "OIDC": (
        "client_id",
        "client_secret",
        "attributes_request_method",
        "oidc_issuer",
        "authorize_scopes",
        "authorize_url",
        "token_url",
        "attributes_url",
        "jwks_uri",
    ),
    "Google": ("client_id", "client_secret", "authorize_scopes"),
    "LoginWithAmazon": ("client_id", "client_secret", "authorize_scopes"),
    "Facebook": ("client_id", "client_secret", "authorize_scopes", "api_version"),
    "SignInWithApple": ("client_id", "team_id", "key_id", "private_key", "authorize_scopes"),
}
#: ProviderDetails keys that are write-only: never shown, never put in a record.
SECRET_DETAILS = ("client_secret", "private_key")
#: What a secret reads as in the reviewed diff.
HIDDEN = "(set, not shown)"
#: SAML keys Cognito derives and returns from DescribeIdentityProvider, that a request
#: does not carry (the model's "Describe response" example): an edit never sends them.
DERIVED_DETAILS = ("ActiveEncryptionCertificate", "SLORedirectBindingURI", "SSORedirectBindingURI")
#: At most this many identifiers a provider (the model: IdpIdentifiers max 50).
MAX_IDENTIFIERS = 50
#: The pool attribute every provider maps by default: OIDC's `sub` (API reference,
#: IdentityProviderType; developer guide, "Mapping IdP attributes to profiles").
DEFAULT_MAPPING = {"username": "sub"}

NAME_WORDS = (
    "A provider name is 3 to 32 letters, digits, symbols or punctuation, with no spaces; "
    "only the second character may be an underscore."
)


#: The social provider types: a provider of one of them is named as its type
#: (CreateIdentityProvider refuses another name: InvalidParameterException "Provider
#: NameOfGP cannot be of type Google.", the service's message quoted in
#: aws/aws-cli#3179 and hashicorp/terraform-provider-aws#4822).
SOCIAL_TYPES = ("Google", "Facebook", "LoginWithAmazon", "SignInWithApple")
#: The name app clients give the user pool's own directory in
#: SupportedIdentityProviders (API reference, CreateUserPoolClient): no provider may
#: take it, or an app client could not tell the two apart.
COGNITO = "COGNITO"


def provider_name_problem(name: str, provider_type: str = "") -> str:
    """Why `name` cannot be the name of a new provider of `provider_type` ("" when it
    can), in words: the model's CreateIdentityProvider ProviderName limits (1-32
    characters and a pattern that needs at least 3, no spaces, an underscore only
    second); a social provider is named as its type (SOCIAL_TYPES); COGNITO and the
    social names are not for a SAML or OIDC provider (the social names are the social
    providers'; COGNITO is the pool's own directory in SupportedIdentityProviders; AWS's
    answer to those two is not documented, so the console refuses them itself)."""
    if provider_type in SOCIAL_TYPES:
        return (
            "" if name == provider_type else f"A {provider_type} provider is named {provider_type}."
        )
    if name.upper() == COGNITO:
        return "COGNITO names the user pool's own directory in app clients: choose another name."
    if name in SOCIAL_TYPES:
        return f"{name} is the name of the {TYPE_WORDS[name]} provider: choose another name."
    if schema.limits("CreateIdentityProvider", "ProviderName").check(name):
        return NAME_WORDS
    return ""


@dataclass(frozen=True)
class ProviderSummary:
    """One item of ListIdentityProviders: name, type, created and last modified (UTC),
    and the pool it belongs to (`pool_id`, for links). Its identifiers, details and
    mapping are only in DescribeIdentityProvider's answer (`Provider`)."""

    name: str
    type: str
    created: datetime | None = None
    modified: datetime | None = None
    pool_id: str = ""

    @property
    def type_words(self) -> str:
        return TYPE_WORDS.get(self.type, self.type)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any], *, pool_id: str = "") -> ProviderSummary:
        return cls(
            name=shape["ProviderName"],
            type=shape.get("ProviderType") or "",
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
            pool_id=pool_id,
        )


@dataclass(frozen=True)
class Provider:
    """An identity provider as DescribeIdentityProvider gives it, without its secrets.

    `details` is ProviderDetails without `SECRET_DETAILS` (a dict of str); `secrets`
    names the secret keys that are set; `mapping` is AttributeMapping (pool attribute
    -> provider attribute); `identifiers` IdpIdentifiers.
    """

    pool_id: str
    name: str
    type: str
    details: Mapping[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    mapping: Mapping[str, str] = field(default_factory=dict)
    identifiers: tuple[str, ...] = ()
    created: datetime | None = None
    modified: datetime | None = None

    @property
    def type_words(self) -> str:
        return TYPE_WORDS.get(self.type, self.type)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any], *, pool_id: str = "") -> Provider:
        details = dict(shape.get("ProviderDetails") or {})
        secrets = tuple(k for k in SECRET_DETAILS if details.pop(k, None))
        return cls(
            pool_id=shape.get("UserPoolId") or pool_id,
            name=shape["ProviderName"],
            type=shape.get("ProviderType") or "",
            details=details,
            secrets=secrets,
            mapping=dict(shape.get("AttributeMapping") or {}),
            identifiers=tuple(shape.get("IdpIdentifiers") or ()),
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
        )


def _describe(pool_id: str, name: str) -> dict:
    return read_one(
        "DescribeIdentityProvider",
        region=region_of(pool_id),
        missing=f"No identity provider “{name}” in user pool {pool_id}.",
        UserPoolId=pool_id,
        ProviderName=name,
    )["IdentityProvider"]


def provider_get(*, pool_id: str, name: str) -> Provider:
    """DescribeIdentityProvider as a Provider record (secrets left out).

    Raises errors.NotFound ("No identity provider “x” in user pool …")."""
    return Provider.from_shape(_describe(pool_id, name), pool_id=pool_id)


def provider_list(
    *, pool_id: str, limit: int = 20, token: str | None = None
) -> Page[ProviderSummary]:
    """One page of ListIdentityProviders (1-60 a page): one call, whatever the page's
    size. Each provider's identifiers, details and mapping are DescribeIdentityProvider's
    (`provider_get`, the provider's own page), not read here: a describe per listed
    provider would cost a page of 20 providers 20 more calls. Raises errors.StaleToken
    for a token Cognito refuses."""
    return list_page(
        "ListIdentityProviders",
        region=region_of(pool_id),
        items_key="Providers",
        build=lambda shape: ProviderSummary.from_shape(shape, pool_id=pool_id),
        limit=limit,
        token=token,
        UserPoolId=pool_id,
    )


def provider_find(*, pool_id: str, identifier: str) -> Provider:
    """GetIdentityProviderByIdentifier: the provider with IdpIdentifier `identifier`
    (1-40 characters of the model's pattern). Raises errors.InvalidInput for a
    malformed identifier (nothing sent) and errors.NotFound when no provider has it."""
    broken = schema.limits("GetIdentityProviderByIdentifier", "IdpIdentifier").check(identifier)
    if broken:
        raise errors.InvalidInput(f"“{identifier[:64]}” is not an identifier: {broken}")
    reply = read_one(
        "GetIdentityProviderByIdentifier",
        region=region_of(pool_id),
        missing=f"No identity provider of user pool {pool_id} has the identifier “{identifier}”.",
        UserPoolId=pool_id,
        IdpIdentifier=identifier,
    )
    return Provider.from_shape(reply["IdentityProvider"], pool_id=pool_id)


def _audited(params: Mapping[str, Any]) -> dict:
    """The parameters as the audit log keeps them: the write-only details blanked
    (console.audit redacts `client_secret` by name, not Apple's `private_key`)."""
    kept = merge({}, params)
    details = kept.get("ProviderDetails") or {}
    for key in SECRET_DETAILS:
        if details.get(key):
            details[key] = "[redacted]"
    return kept


def provider_create(
    *,
    pool_id: str,
    name: str,
    provider_type: str,
    details: Mapping[str, str],
    mapping: Mapping[str, str] | None = None,
    identifiers: tuple[str, ...] | list[str] = (),
) -> Provider:
    """CreateIdentityProvider; the new provider.

    `details` are ProviderDetails (the keys of DETAIL_KEYS[provider_type]; blank values
    are left out), `mapping` AttributeMapping, `identifiers` IdpIdentifiers. Names are
    unique in a pool, so a retry after a lost answer is refused as a duplicate: the
    write reads the provider back (same type, created just now) before reporting.
    Raises errors.AlreadyExists (DuplicateProviderException: the name, or an
    identifier, is taken), errors.InvalidInput, and the other CognitoErrors.
    """
    region = region_of(pool_id)
    params: dict[str, Any] = {
        "UserPoolId": pool_id,
        "ProviderName": name,
        "ProviderType": provider_type,
        "ProviderDetails": {k: v for k, v in details.items() if v not in ("", None)},
    }
    if mapping:
        params["AttributeMapping"] = dict(mapping)
    if identifiers:
        params["IdpIdentifiers"] = list(identifiers)
    since = time.time()

    def created() -> dict | None:
        shape = unless_missing(lambda: _describe(pool_id, name))
        if (
            shape
            and shape.get("ProviderType") == provider_type
            and made_recently(shape.get("CreationDate"), since)
        ):
            return {"IdentityProvider": shape}
        return None

    reply = write(
        "CreateIdentityProvider",
        region=region,
        pool_id=pool_id,
        target_type="identity provider",
        target_id=name,
        audit_params=_audited(params),
        verify=created,
        **params,
    )
    return Provider.from_shape(reply["IdentityProvider"], pool_id=pool_id)


def provider_document(*, pool_id: str, name: str) -> Document:
    """The provider's configuration that UpdateIdentityProvider replaces whole
    (ProviderDetails, AttributeMapping, IdpIdentifiers), read from
    DescribeIdentityProvider without the SAML details Cognito derives
    (DERIVED_DETAILS), which no request carries."""

    def read() -> dict:
        shape = _describe(pool_id, name)
        held = shape.get("ProviderDetails") or {}
        details = {k: v for k, v in held.items() if k not in DERIVED_DETAILS}
        return {**shape, "ProviderDetails": details}

    return Document(
        operation="UpdateIdentityProvider",
        region=region_of(pool_id),
        pool_id=pool_id,
        ids={"UserPoolId": pool_id, "ProviderName": name},
        read=read,
        target_type="identity provider",
        target_id=name,
    )


def _masked(change: Change) -> Change:
    if change.path.rpartition(".")[2] not in SECRET_DETAILS:
        return change
    return Change(
        path=change.path,
        old=HIDDEN if change.old else None,
        new=("(a new one, not shown)" if change.old else HIDDEN) if change.new else None,
    )


def provider_update_preview(*, pool_id: str, name: str, changes: Mapping[str, Any]) -> Preview:
    """What UpdateIdentityProvider with `changes` (nested request members; None
    removes one) would change, secrets masked, and the fingerprint of the
    configuration it starts from. Raises errors.NotFound."""
    document = provider_document(pool_id=pool_id, name=name)
    current, request = document_request(document=document, changes=changes)
    diff = tuple(_masked(c) for c in config_diff(current, request))
    return Preview(changes=diff, fingerprint=fingerprint(current))


def provider_update(
    *, pool_id: str, name: str, changes: Mapping[str, Any], expected: str | None = None
) -> Provider:
    """UpdateIdentityProvider with the whole current configuration and `changes`
    applied (documents.document_update's flow, with the secrets kept out of the audit
    log); the provider as it is now.

    With `expected` (a Preview's fingerprint) nothing is sent when the provider changed
    since: errors.InvalidInput code "ConfigurationChanged". A lost answer is settled by
    reading the provider back. Raises the CognitoError of a refusal.
    """
    document = provider_document(pool_id=pool_id, name=name)
    current, request = document_request(document=document, changes=changes)
    check_fingerprint(current, expected)
    wanted = config_diff(current, request)
    reply = write(
        document.operation,
        region=document.region,
        pool_id=pool_id,
        target_type=document.target_type,
        target_id=name,
        audit_params=_audited(request),
        verify=lambda: in_place(document.current(), wanted),
        **request,
    )
    shape = reply.get("IdentityProvider") if isinstance(reply, Mapping) else None
    if shape:
        return Provider.from_shape(shape, pool_id=pool_id)
    return provider_get(pool_id=pool_id, name=name)


def provider_delete(*, pool_id: str, name: str) -> None:
    """DeleteIdentityProvider. Users federated through it can no longer sign in
    through it (API reference). A lost answer is settled by reading back (the provider
    is gone). Raises errors.NotFound when there is no such provider."""
    write(
        "DeleteIdentityProvider",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="identity provider",
        target_id=name,
        verify=lambda: is_gone(lambda: _describe(pool_id, name)),
        UserPoolId=pool_id,
        ProviderName=name,
    )


def provider_signing_certificate(*, pool_id: str) -> str:
    """GetSigningCertificate: the X.509 certificate Cognito signs SAML requests with,
    as a PEM text (Cognito gives the base64 body; `pem()` wraps it). Raises the
    CognitoError of a refusal."""
    reply = call("GetSigningCertificate", region=region_of(pool_id), UserPoolId=pool_id)
    return pem(reply.get("Certificate") or "")


def pem(body: str) -> str:
    """A certificate's base64 body (with or without PEM armour, any line breaks) as a
    PEM text of 64-character lines; "" for an empty or unreadable body."""
    text = "".join(
        line.strip() for line in body.strip().splitlines() if not line.startswith("-----")
    )
    try:
        base64.b64decode(text, validate=True)
    except ValueError:
        return ""
    if not text:
        return ""
    lines = "\n".join(textwrap.wrap(text, 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n"
