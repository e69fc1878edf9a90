"""Identity providers in the emulator (issue 15): GetIdentityProviderByIdentifier,
GetSigningCertificate, and AWS's rules for Create/UpdateIdentityProvider."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography import x509


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def oidc(cognito: Any, pool_id: str, name: str, identifiers: list[str] | None = None) -> None:
    cognito.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName=name,
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "abc",
            "client_secret": "shh",
            "oidc_issuer": "https://idp.example.com",
            "attributes_request_method": "GET",
            "authorize_scopes": "openid",
        },
        IdpIdentifiers=identifiers or [],
    )


def test_it_refuses_a_second_provider_of_the_same_name(emu_cognito, emu_pool):
    oidc(emu_cognito, emu_pool, "Okta")
    with pytest.raises(ClientError) as exc:
        oidc(emu_cognito, emu_pool, "Okta")
    assert error(exc) == (
        "DuplicateProviderException",
        f"Okta already exists in user pool {emu_pool}",
    )
    described = emu_cognito.describe_identity_provider(UserPoolId=emu_pool, ProviderName="Okta")
    assert described["IdentityProvider"]["ProviderDetails"]["client_secret"] == "shh"


def test_it_refuses_an_identifier_another_provider_holds(emu_cognito, emu_pool):
    oidc(emu_cognito, emu_pool, "Okta", ["example.com"])
    with pytest.raises(ClientError) as exc:
        oidc(emu_cognito, emu_pool, "Auth0", ["other.org", "example.com"])
    assert error(exc) == (
        "DuplicateProviderException",
        "The identifier example.com is already used by another provider of this user pool.",
    )
    oidc(emu_cognito, emu_pool, "Auth0", ["other.org"])
    with pytest.raises(ClientError) as exc:
        emu_cognito.update_identity_provider(
            UserPoolId=emu_pool, ProviderName="Auth0", IdpIdentifiers=["example.com"]
        )
    assert error(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        oidc(emu_cognito, emu_pool, "Ping", ["x.org", "x.org"])
    assert error(exc)[0] == "InvalidParameterException"


def test_it_keeps_an_identifier_its_own_provider_sends_again(emu_cognito, emu_pool):
    oidc(emu_cognito, emu_pool, "Okta", ["example.com"])
    emu_cognito.update_identity_provider(
        UserPoolId=emu_pool, ProviderName="Okta", IdpIdentifiers=["example.com", "b.org"]
    )
    found = emu_cognito.get_identity_provider_by_identifier(
        UserPoolId=emu_pool, IdpIdentifier="b.org"
    )
    assert found["IdentityProvider"]["ProviderName"] == "Okta"


def test_it_finds_a_provider_by_identifier(emu_cognito, emu_pool):
    oidc(emu_cognito, emu_pool, "Okta", ["example.com"])
    oidc(emu_cognito, emu_pool, "Auth0", ["other.org"])
    found = emu_cognito.get_identity_provider_by_identifier(
        UserPoolId=emu_pool, IdpIdentifier="other.org"
    )["IdentityProvider"]
    assert found["ProviderName"] == "Auth0"
    assert found["IdpIdentifiers"] == ["other.org"]
    with pytest.raises(ClientError) as exc:
        emu_cognito.get_identity_provider_by_identifier(
            UserPoolId=emu_pool, IdpIdentifier="nobody.net"
        )
    assert error(exc)[0] == "ResourceNotFoundException"


def test_it_sets_the_last_modified_date_on_update(emu_cognito, emu_pool):
    oidc(emu_cognito, emu_pool, "Okta")
    before = emu_cognito.describe_identity_provider(UserPoolId=emu_pool, ProviderName="Okta")
    time.sleep(1.1)
    after = emu_cognito.update_identity_provider(
        UserPoolId=emu_pool, ProviderName="Okta", AttributeMapping={"email": "email"}
    )["IdentityProvider"]
    assert after["LastModifiedDate"] > before["IdentityProvider"]["LastModifiedDate"]
    assert after["CreationDate"] == before["IdentityProvider"]["CreationDate"]


def test_it_gives_one_signing_certificate_per_pool(emu_cognito, emu_pool):
    first = emu_cognito.get_signing_certificate(UserPoolId=emu_pool)["Certificate"]
    again = emu_cognito.get_signing_certificate(UserPoolId=emu_pool)["Certificate"]
    assert first == again
    certificate = x509.load_der_x509_certificate(base64.b64decode(first))
    assert emu_pool in certificate.subject.rfc4514_string()
    other = emu_cognito.create_user_pool(PoolName="other")["UserPool"]["Id"]
    assert emu_cognito.get_signing_certificate(UserPoolId=other)["Certificate"] != first
    with pytest.raises(ClientError) as exc:
        emu_cognito.get_signing_certificate(UserPoolId="us-east-1_Nope0000")
    assert error(exc)[0] == "ResourceNotFoundException"


@pytest.mark.parametrize("kind", ["Google", "Facebook", "LoginWithAmazon"])
def test_it_needs_the_three_details_of_a_social_provider(emu_cognito, emu_pool, kind):
    full = {"client_id": "c", "client_secret": "s", "authorize_scopes": "email"}
    for missing in full:
        with pytest.raises(ClientError) as exc:
            emu_cognito.create_identity_provider(
                UserPoolId=emu_pool,
                ProviderName=kind,
                ProviderType=kind,
                ProviderDetails={k: v for k, v in full.items() if k != missing},
            )
        assert error(exc) == (
            "InvalidParameterException",
            "client_id, client_secret and authorize_scopes are all required idp details",
        )
    emu_cognito.create_identity_provider(
        UserPoolId=emu_pool, ProviderName=kind, ProviderType=kind, ProviderDetails=full
    )
    with pytest.raises(ClientError) as exc:
        emu_cognito.update_identity_provider(
            UserPoolId=emu_pool, ProviderName=kind, ProviderDetails={"client_id": "c"}
        )
    assert error(exc)[0] == "InvalidParameterException"
    emu_cognito.update_identity_provider(
        UserPoolId=emu_pool, ProviderName=kind, AttributeMapping={"email": "email"}
    )


def test_it_refuses_more_than_50_identifiers(emu_cognito_unvalidated, emu_pool):
    with pytest.raises(ClientError) as exc:
        oidc(emu_cognito_unvalidated, emu_pool, "Okta", [f"d{i}.example.com" for i in range(51)])
    code, message = error(exc)
    assert code == "InvalidParameterException"
    assert "Member must have length less than or equal to 50" in message
    oidc(emu_cognito_unvalidated, emu_pool, "Okta", [f"d{i}.example.com" for i in range(50)])


@pytest.mark.parametrize("kind", ["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"])
def test_it_names_a_social_provider_as_its_type(emu_cognito, emu_pool, kind):
    details = {"client_id": "c", "client_secret": "s", "authorize_scopes": "email"}
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_identity_provider(
            UserPoolId=emu_pool,
            ProviderName=f"My{kind}",
            ProviderType=kind,
            ProviderDetails=details,
        )
    assert error(exc) == (
        "InvalidParameterException",
        f"Provider My{kind} cannot be of type {kind}.",
    )
    assert emu_cognito.list_identity_providers(UserPoolId=emu_pool)["Providers"] == []
