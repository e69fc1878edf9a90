"""Fixtures for the configuration history: a pool with a part of every kind."""

from __future__ import annotations

import pytest

#: The identity provider's client secret: it must never reach a document.
IDP_SECRET = "google-secret-never-kept-4711"


@pytest.fixture
def configured_pool(idp, pool_id):
    """`pool_id` with two app clients (one with a secret), two groups, a Google
    identity provider (with a client secret), a prefix domain and a resource server."""
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web", GenerateSecret=True)
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="mobile")
    idp.create_group(UserPoolId=pool_id, GroupName="admins", Precedence=1, Description="Admins")
    idp.create_group(UserPoolId=pool_id, GroupName="staff", Precedence=5)
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails={
            "client_id": "google-client",
            "client_secret": IDP_SECRET,
            "authorize_scopes": "email openid",
        },
        AttributeMapping={"email": "email"},
    )
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="history-tests-4711")
    idp.create_resource_server(
        UserPoolId=pool_id,
        Identifier="https://api.example.com",
        Name="API",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}],
    )
    return pool_id
