"""Client secret rotation in the emulator (issue 15): List/Add/DeleteUserPoolClientSecret,
DescribeUserPoolClient's ClientSecret and SECRET_HASH sign-ins with any current secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest
from botocore.exceptions import ClientError

from console.emulator.client_secrets import MSG_LAST, MSG_LIMIT, MSG_PUBLIC

PASSWORD = "Correct-horse-9"


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def secret_hash(secret: str, client_id: str, username: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@pytest.fixture
def setup(emu_cognito: Any) -> tuple[str, dict]:
    pool_id = emu_cognito.create_user_pool(PoolName="rotation")["UserPool"]["Id"]
    client = emu_cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="server",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="casey", MessageAction="SUPPRESS")
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="casey", Password=PASSWORD, Permanent=True
    )
    return pool_id, client


def listed(cognito: Any, pool_id: str, client_id: str) -> list[dict]:
    return cognito.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)[
        "ClientSecrets"
    ]


def sign_in(cognito: Any, client_id: str, secret: str) -> dict:
    return cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": "casey",
            "PASSWORD": PASSWORD,
            "SECRET_HASH": secret_hash(secret, client_id, "casey"),
        },
    )


def test_it_lists_the_secret_a_client_was_created_with(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    secrets = listed(emu_cognito, pool_id, client["ClientId"])
    assert len(secrets) == 1
    assert secrets[0]["ClientSecretId"].startswith(client["ClientId"] + "--")
    assert "ClientSecretValue" not in secrets[0]
    assert secrets[0]["ClientSecretCreateDate"]


def test_it_adds_a_second_secret_and_refuses_a_third(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    added = emu_cognito.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client["ClientId"])
    value = added["ClientSecretDescriptor"]["ClientSecretValue"]
    assert len(value) >= 24
    assert len(listed(emu_cognito, pool_id, client["ClientId"])) == 2
    with pytest.raises(ClientError) as exc:
        emu_cognito.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client["ClientId"])
    assert error(exc) == ("LimitExceededException", MSG_LIMIT)


def test_a_secret_given_is_not_returned(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    added = emu_cognito.add_user_pool_client_secret(
        UserPoolId=pool_id, ClientId=client["ClientId"], ClientSecret="a" * 24
    )
    assert "ClientSecretValue" not in added["ClientSecretDescriptor"]


def test_it_checks_a_given_secret_against_the_model(emu_cognito_unvalidated: Any, setup) -> None:
    pool_id, client = setup
    for value in ("short", "x" * 65, "has-dash-" * 3):
        with pytest.raises(ClientError) as exc:
            emu_cognito_unvalidated.add_user_pool_client_secret(
                UserPoolId=pool_id, ClientId=client["ClientId"], ClientSecret=value
            )
        assert error(exc)[0] == "InvalidParameterException"


def test_a_public_client_has_no_secrets_and_cannot_get_one(emu_cognito: Any, setup) -> None:
    pool_id, _ = setup
    public = emu_cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="spa")
    client_id = public["UserPoolClient"]["ClientId"]
    assert listed(emu_cognito, pool_id, client_id) == []
    with pytest.raises(ClientError) as exc:
        emu_cognito.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client_id)
    assert error(exc) == ("InvalidParameterException", MSG_PUBLIC)


def test_it_refuses_to_delete_the_last_secret(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    (only,) = listed(emu_cognito, pool_id, client["ClientId"])
    with pytest.raises(ClientError) as exc:
        emu_cognito.delete_user_pool_client_secret(
            UserPoolId=pool_id, ClientId=client["ClientId"], ClientSecretId=only["ClientSecretId"]
        )
    assert error(exc) == ("InvalidParameterException", MSG_LAST)


def test_it_refuses_an_unknown_secret_id(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    with pytest.raises(ClientError) as exc:
        emu_cognito.delete_user_pool_client_secret(
            UserPoolId=pool_id, ClientId=client["ClientId"], ClientSecretId="nope--1"
        )
    assert error(exc)[0] == "ResourceNotFoundException"


def test_describe_keeps_the_original_secret_until_it_is_deleted(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    ids = {"UserPoolId": pool_id, "ClientId": client["ClientId"]}
    (original,) = listed(emu_cognito, pool_id, client["ClientId"])
    emu_cognito.add_user_pool_client_secret(**ids)
    described = emu_cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert described["ClientSecret"] == client["ClientSecret"]
    emu_cognito.delete_user_pool_client_secret(**ids, ClientSecretId=original["ClientSecretId"])
    assert "ClientSecret" not in emu_cognito.describe_user_pool_client(**ids)["UserPoolClient"]


def test_sign_in_takes_a_secret_hash_of_any_current_secret(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    ids = {"UserPoolId": pool_id, "ClientId": client["ClientId"]}
    old = client["ClientSecret"]
    new = emu_cognito.add_user_pool_client_secret(**ids)["ClientSecretDescriptor"]
    assert sign_in(emu_cognito, client["ClientId"], old)["AuthenticationResult"]
    assert sign_in(emu_cognito, client["ClientId"], new["ClientSecretValue"])[
        "AuthenticationResult"
    ]
    (original,) = [
        s
        for s in listed(emu_cognito, pool_id, client["ClientId"])
        if s["ClientSecretId"] != new["ClientSecretId"]
    ]
    emu_cognito.delete_user_pool_client_secret(**ids, ClientSecretId=original["ClientSecretId"])
    with pytest.raises(ClientError) as exc:
        sign_in(emu_cognito, client["ClientId"], old)
    assert error(exc)[0] == "NotAuthorizedException"
    assert sign_in(emu_cognito, client["ClientId"], new["ClientSecretValue"])[
        "AuthenticationResult"
    ]


def test_an_unknown_client_is_not_found(emu_cognito: Any, setup) -> None:
    pool_id, _ = setup
    with pytest.raises(ClientError) as exc:
        emu_cognito.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId="nope")
    assert error(exc)[0] == "ResourceNotFoundException"


def test_the_secret_hash_is_of_utf8_text(emu_cognito: Any, setup) -> None:
    pool_id, client = setup
    username = "zoë-łukasz"
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
    )
    answer = emu_cognito.initiate_auth(
        ClientId=client["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": username,
            "PASSWORD": PASSWORD,
            "SECRET_HASH": secret_hash(client["ClientSecret"], client["ClientId"], username),
        },
    )
    assert answer["AuthenticationResult"]


def test_a_missing_secret_hash_is_refused(emu_cognito: Any, setup) -> None:
    _, client = setup
    with pytest.raises(ClientError) as exc:
        emu_cognito.initiate_auth(
            ClientId=client["ClientId"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "casey", "PASSWORD": PASSWORD},
        )
    assert error(exc) == (
        "NotAuthorizedException",
        f"Unable to verify secret hash for client {client['ClientId']}",
    )
