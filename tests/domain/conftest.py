"""Fixtures for the domain and managed login section (issue 15)."""

from __future__ import annotations

from tests.pools.conftest import form_values  # noqa: F401

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234"
OTHER_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/efgh-5678"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
LINKS = {"cognito:default": "https://example.com/terms", "cognito:french": "https://example.com/fr"}


def make_pool(idp, *, tier: str = "ESSENTIALS") -> str:
    return idp.create_user_pool(PoolName="Domain pool", UserPoolTier=tier)["UserPool"]["Id"]


def make_client(idp, pool_id: str, name: str = "web") -> str:
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName=name)["UserPoolClient"][
        "ClientId"
    ]


def domain_of(idp, name: str) -> dict:
    return idp.describe_user_pool_domain(Domain=name)["DomainDescription"]
