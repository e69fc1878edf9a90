"""AdminLinkProviderForUser / AdminDisableProviderForUser in the emulator (issue 14), and
the `add_federated_user` aid."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from console.emulator.linked_providers import add_federated_user


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def make_pool(cognito: Any) -> str:
    pool_id = cognito.create_user_pool(
        PoolName="federation",
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Mutable": True},
            {"Name": "badge", "AttributeDataType": "String", "Mutable": False},
        ],
    )["UserPool"]["Id"]
    cognito.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails={"client_id": "x", "client_secret": "y", "authorize_scopes": "openid"},
    )
    cognito.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Okta",
        ProviderType="OIDC",
        ProviderDetails={"client_id": "x", "oidc_issuer": "https://okta.example.com"},
    )
    cognito.admin_create_user(UserPoolId=pool_id, Username="casey", MessageAction="SUPPRESS")
    return pool_id


def link(cognito: Any, pool_id: str, provider: str, value: str, *, to: str = "casey") -> None:
    cognito.admin_link_provider_for_user(
        UserPoolId=pool_id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": to},
        SourceUser={
            "ProviderName": provider,
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": value,
        },
    )


def identities(cognito: Any, pool_id: str, username: str = "casey") -> list[dict[str, Any]]:
    user = cognito.admin_get_user(UserPoolId=pool_id, Username=username)
    raw = next((a["Value"] for a in user["UserAttributes"] if a["Name"] == "identities"), None)
    return json.loads(raw) if raw else []


def test_it_links_an_identity_into_the_users_identities_attribute(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    link(emu_cognito, pool_id, "Google", "1098765")
    [entry] = identities(emu_cognito, pool_id)
    assert entry["userId"] == "1098765"
    assert entry["providerName"] == "Google"
    assert entry["providerType"] == "Google"
    assert entry["issuer"] is None
    assert entry["primary"] is False
    assert isinstance(entry["dateCreated"], int) and entry["dateCreated"] > 1_600_000_000_000

    link(emu_cognito, pool_id, "Okta", "00u1")
    assert [(e["providerName"], e["providerType"]) for e in identities(emu_cognito, pool_id)] == [
        ("Google", "Google"),
        ("Okta", "OIDC"),
    ]


def test_it_refuses_a_source_already_linked(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="dana", MessageAction="SUPPRESS")
    link(emu_cognito, pool_id, "Google", "1098765")
    for target in ("casey", "dana"):
        with pytest.raises(ClientError) as exc:
            link(emu_cognito, pool_id, "Google", "1098765", to=target)
        assert error(exc)[0] == "AliasExistsException"
    assert identities(emu_cognito, pool_id, "dana") == []


def test_it_refuses_a_sixth_linked_identity(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    for n in range(5):
        link(emu_cognito, pool_id, "Google", f"id-{n}")
    with pytest.raises(ClientError) as exc:
        link(emu_cognito, pool_id, "Okta", "00u1")
    assert error(exc)[0] == "LimitExceededException"
    assert len(identities(emu_cognito, pool_id)) == 5


def test_it_refuses_unknown_users_and_providers(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        link(emu_cognito, pool_id, "Google", "1", to="nobody")
    assert error(exc)[0] == "UserNotFoundException"
    with pytest.raises(ClientError) as exc:
        link(emu_cognito, pool_id, "Facebook", "1")
    assert error(exc)[0] == "ResourceNotFoundException"


def test_it_refuses_a_native_user_as_source(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        link(emu_cognito, pool_id, "Cognito", "casey")
    assert error(exc) == (
        "InvalidParameterException",
        "Invalid SourceUser: Cognito users with a username/password may not be passed in "
        "as a SourceUser, only as a DestinationUser",
    )


def test_it_refuses_a_source_that_has_signed_in_already(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="555")
    with pytest.raises(ClientError) as exc:
        link(emu_cognito, pool_id, "Google", "555")
    assert error(exc) == (
        "InvalidParameterException",
        "Merging is not currently supported, provide a SourceUser that has not been signed "
        "up in order to link",
    )


def test_it_refuses_a_federated_destination(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    username = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="9")
    with pytest.raises(ClientError) as exc:
        link(emu_cognito, pool_id, "Okta", "00u1", to=username)
    assert error(exc)[0] == "InvalidParameterException"


def test_it_refuses_a_destination_with_an_immutable_custom_attribute(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    emu_cognito.admin_create_user(
        UserPoolId=pool_id,
        Username="erin",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "custom:badge", "Value": "B-7"}],
    )
    with pytest.raises(ClientError) as exc:
        link(emu_cognito, pool_id, "Google", "1", to="erin")
    assert error(exc)[0] == "InvalidParameterException"


def test_it_creates_a_federated_user_for_demos_and_tests(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    username = add_federated_user(
        pool_id=pool_id,
        provider_name="Okta",
        provider_user_id="00u9",
        attributes={"email": "fed@example.com"},
    )
    assert username == "Okta_00u9"
    user = emu_cognito.admin_get_user(UserPoolId=pool_id, Username=username)
    assert user["UserStatus"] == "EXTERNAL_PROVIDER"
    [entry] = identities(emu_cognito, pool_id, username)
    assert (entry["providerName"], entry["providerType"], entry["primary"]) == (
        "Okta",
        "OIDC",
        True,
    )
    listed = emu_cognito.list_users(UserPoolId=pool_id)["Users"]
    assert {u["Username"]: u["UserStatus"] for u in listed}[username] == "EXTERNAL_PROVIDER"
    with pytest.raises(LookupError):
        add_federated_user(pool_id=pool_id, provider_name="Facebook", provider_user_id="1")


def test_it_unlinks_an_identity_and_disables_its_federated_user(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    link(emu_cognito, pool_id, "Google", "1098765")
    link(emu_cognito, pool_id, "Okta", "00u1")
    federated = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="42")

    emu_cognito.admin_disable_provider_for_user(
        UserPoolId=pool_id,
        User={
            "ProviderName": "Google",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "1098765",
        },
    )
    assert [e["providerName"] for e in identities(emu_cognito, pool_id)] == ["Okta"]
    casey = emu_cognito.admin_get_user(UserPoolId=pool_id, Username="casey")
    assert casey["Enabled"] is True

    emu_cognito.admin_disable_provider_for_user(
        UserPoolId=pool_id,
        User={
            "ProviderName": "Google",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "42",
        },
    )
    assert emu_cognito.admin_get_user(UserPoolId=pool_id, Username=federated)["Enabled"] is False

    # Unlinked, the identity can be linked again.
    link(emu_cognito, pool_id, "Google", "1098765")


def test_it_disables_a_native_users_password_sign_in(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    emu_cognito.admin_disable_provider_for_user(
        UserPoolId=pool_id,
        User={
            "ProviderName": "Cognito",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "casey",
        },
    )
    assert emu_cognito.admin_get_user(UserPoolId=pool_id, Username="casey")["Enabled"] is False


def test_it_refuses_to_disable_what_does_not_exist(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_disable_provider_for_user(
            UserPoolId=pool_id,
            User={"ProviderName": "Google", "ProviderAttributeValue": "never-linked"},
        )
    assert error(exc)[0] == "UserNotFoundException"
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_disable_provider_for_user(
            UserPoolId=pool_id, User={"ProviderName": "Facebook", "ProviderAttributeValue": "1"}
        )
    assert error(exc)[0] == "ResourceNotFoundException"
