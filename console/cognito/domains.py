"""A user pool's domains (CreateUserPoolDomain, DescribeUserPoolDomain,
UpdateUserPoolDomain, DeleteUserPoolDomain): where its managed login pages (or the
classic hosted UI) and its OAuth endpoints are served.

A pool has at most one prefix domain (``<prefix>.auth.<region>.amazoncognito.com``)
and one custom domain (``auth.example.com``, with an ACM certificate in us-east-1
and a CNAME to the CloudFront distribution Cognito gives). DescribeUserPool names
them (``Domain`` and ``CustomDomain``); DescribeUserPoolDomain describes one, and
answers an empty DomainDescription for a name that is no domain. UpdateUserPoolDomain
can change only a custom domain's certificate and the managed login version
(ManagedLoginVersion 1: the classic hosted UI; 2: managed login, which needs the
Essentials plan). Sources: API reference for each operation and DomainDescriptionType;
developer guide, "Configuring a user pool domain", "Using the Amazon Cognito prefix
domain", "Using your own domain for managed login".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .documents import Document, document_preview, document_update
from .pools import Preview, pool_forget
from .records import FrozenDict
from .transport import call, region_of, write

VERSION_WORDS = {1: "Hosted UI (classic)", 2: "Managed login"}
#: AWS's words for a prefix someone else holds (the service's message; this console
#: says it in words a person can act on).
TAKEN_WORDS = (
    "This prefix is taken: prefix domains are unique in the Region, across every AWS "
    "account. Choose another prefix."
)
HAS_DOMAIN_WORDS = (
    "This user pool already has a domain of this kind: a pool has at most one prefix "
    "domain and one custom domain. Delete that one first, or edit it."
)


@dataclass(frozen=True)
class Domain:
    """One DomainDescriptionType. `custom` is True for a custom domain (it has a
    CustomDomainConfig); `version` is ManagedLoginVersion (1 classic, 2 managed login);
    `cloudfront` the CloudFront distribution (a custom domain's CNAME target)."""

    pool_id: str
    name: str
    region: str
    custom: bool
    status: str
    cloudfront: str
    certificate_arn: str
    version: int
    raw: Mapping[str, Any] = field(default_factory=FrozenDict, repr=False)

    @property
    def host(self) -> str:
        """The host name the pages are served on."""
        if self.custom:
            return self.name
        return f"{self.name}.auth.{self.region}.amazoncognito.com"

    @property
    def sign_in_url(self) -> str:
        """The base of the managed login / hosted UI pages (…/login takes client_id,
        response_type and redirect_uri)."""
        return f"https://{self.host}"

    @property
    def version_words(self) -> str:
        return VERSION_WORDS.get(self.version, str(self.version))

    @classmethod
    def from_shape(cls, region: str, shape: Mapping[str, Any]) -> Domain:
        config = shape.get("CustomDomainConfig") or {}
        return cls(
            pool_id=shape.get("UserPoolId", ""),
            name=shape.get("Domain", ""),
            region=region,
            custom=bool(config),
            status=shape.get("Status", ""),
            cloudfront=shape.get("CloudFrontDistribution", "") or "",
            certificate_arn=config.get("CertificateArn", ""),
            version=int(shape.get("ManagedLoginVersion") or 1),
            raw=FrozenDict(shape),
        )


def _describe(pool_id: str, name: str) -> dict:
    reply = call("DescribeUserPoolDomain", region=region_of(pool_id), Domain=name)
    described = reply.get("DomainDescription") or {}
    return dict(described) if described.get("UserPoolId") == pool_id else {}


def domain_get(*, pool_id: str, name: str) -> Domain | None:
    """DescribeUserPoolDomain of `name` as a Domain; None when `name` is not a domain
    of this pool (Cognito answers an empty description for an unknown name)."""
    described = _describe(pool_id, name)
    return Domain.from_shape(region_of(pool_id), described) if described else None


def domain_list(*, pool_id: str, raw_pool: Mapping[str, Any]) -> tuple[Domain, ...]:
    """The pool's domains (prefix first, then custom), from the names DescribeUserPool
    gave (`raw_pool`: its Domain and CustomDomain), each described."""
    names = [raw_pool.get(k) for k in ("Domain", "CustomDomain") if raw_pool.get(k)]
    found = (domain_get(pool_id=pool_id, name=n) for n in names)
    return tuple(d for d in found if d is not None)


def _reword(exc: errors.CognitoError) -> errors.CognitoError:
    message = exc.message or ""
    if "already associated" in message:
        return errors.reworded(exc, TAKEN_WORDS)
    if "already has a domain" in message:
        return errors.reworded(exc, HAS_DOMAIN_WORDS)
    return exc


def domain_create(
    *, pool_id: str, name: str, certificate_arn: str = "", version: int = 1
) -> Domain:
    """CreateUserPoolDomain: a prefix domain `name`, or a custom domain when
    `certificate_arn` (an ACM certificate in us-east-1) is given; ManagedLoginVersion
    `version`. Audited; a lost answer is read back (the domain is this pool's). Returns
    the new Domain. Raises InvalidInput (a taken prefix, a second domain of a kind,
    reworded), NotInPlan (managed login on Lite), and the rest of the family."""
    params: dict[str, Any] = {"UserPoolId": pool_id, "Domain": name, "ManagedLoginVersion": version}
    if certificate_arn:
        params["CustomDomainConfig"] = {"CertificateArn": certificate_arn}
    try:
        write(
            "CreateUserPoolDomain",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="domain",
            target_id=name,
            verify=lambda: bool(_describe(pool_id, name)),
            **params,
        )
    except errors.CognitoError as exc:
        raise _reword(exc) from exc
    finally:
        pool_forget(pool_id=pool_id)
    domain = domain_get(pool_id=pool_id, name=name)
    if domain is None:
        raise errors.NotFound(f"The domain {name} was created but cannot be read back yet.")
    return domain


def domain_document(*, pool_id: str, name: str) -> Document:
    """The domain as a Document of UpdateUserPoolDomain (CustomDomainConfig and
    ManagedLoginVersion, the members it can change; Domain and UserPoolId are ids)."""
    return Document(
        operation="UpdateUserPoolDomain",
        region=region_of(pool_id),
        pool_id=pool_id,
        ids={"UserPoolId": pool_id, "Domain": name},
        read=lambda: _describe(pool_id, name),
        target_type="domain",
        target_id=name,
        forget=lambda: pool_forget(pool_id=pool_id),
    )


def domain_update_preview(*, pool_id: str, name: str, changes: Mapping[str, Any]) -> Preview:
    """What UpdateUserPoolDomain with `changes` (request members) would change."""
    return document_preview(document=domain_document(pool_id=pool_id, name=name), changes=changes)


def domain_update(
    *, pool_id: str, name: str, changes: Mapping[str, Any], expected: str | None = None
) -> dict:
    """UpdateUserPoolDomain with the whole current configuration and `changes` applied
    (documents.document_update: refused with "ConfigurationChanged" when the domain
    moved since the preview `expected`). Raises the CognitoError of a refusal."""
    return document_update(
        document=domain_document(pool_id=pool_id, name=name), changes=changes, expected=expected
    )


def domain_delete(*, pool_id: str, name: str) -> None:
    """DeleteUserPoolDomain, audited; a lost answer is read back (the domain is gone).
    Raises NotFound when the pool has no such domain, and the rest of the family."""
    try:
        write(
            "DeleteUserPoolDomain",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="domain",
            target_id=name,
            verify=lambda: not _describe(pool_id, name),
            UserPoolId=pool_id,
            Domain=name,
        )
    finally:
        pool_forget(pool_id=pool_id)
