"""Fixtures for the identity providers section: an OIDC provider with every member set."""

import pytest

from tests.pools.conftest import form_values  # noqa: F401


@pytest.fixture
def oidc(idp, pool_id):
    """An OIDC provider "Okta" with a secret, identifiers and a mapping."""
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Okta",
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "okta-client",
            "client_secret": "okta-secret-value",
            "attributes_request_method": "GET",
            "oidc_issuer": "https://okta.example.com",
            "authorize_scopes": "openid email",
        },
        AttributeMapping={"username": "sub", "email": "email"},
        IdpIdentifiers=["example.com", "corp.example.com"],
    )
    return "Okta"
