"""Resource servers in the emulator (issue 15): Update/DeleteResourceServer, AWS's checks
on CreateResourceServer, and the scopes an app client may name."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

API = "https://api.example.com"
SCOPES = [
    {"ScopeName": "orders.read", "ScopeDescription": "Read orders"},
    {"ScopeName": "orders.write", "ScopeDescription": "Write orders"},
]


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


@pytest.fixture
def pool(emu_cognito: Any) -> str:
    pool_id = emu_cognito.create_user_pool(PoolName="api")["UserPool"]["Id"]
    emu_cognito.create_resource_server(
        UserPoolId=pool_id, Identifier=API, Name="Orders API", Scopes=SCOPES
    )
    return pool_id


def test_it_updates_name_and_scopes_whole(emu_cognito: Any, pool: str) -> None:
    emu_cognito.update_resource_server(
        UserPoolId=pool, Identifier=API, Name="Orders", Scopes=SCOPES[:1]
    )
    server = emu_cognito.describe_resource_server(UserPoolId=pool, Identifier=API)
    assert server["ResourceServer"]["Name"] == "Orders"
    assert server["ResourceServer"]["Scopes"] == SCOPES[:1]


def test_it_removes_every_scope_when_an_update_leaves_them_out(emu_cognito: Any, pool: str) -> None:
    emu_cognito.update_resource_server(UserPoolId=pool, Identifier=API, Name="Orders")
    server = emu_cognito.describe_resource_server(UserPoolId=pool, Identifier=API)
    assert "Scopes" not in server["ResourceServer"]


def test_it_refuses_to_update_an_unknown_server(emu_cognito: Any, pool: str) -> None:
    with pytest.raises(ClientError) as exc:
        emu_cognito.update_resource_server(UserPoolId=pool, Identifier="https://x", Name="X")
    assert error(exc)[0] == "ResourceNotFoundException"


def test_it_deletes_a_server(emu_cognito: Any, pool: str) -> None:
    emu_cognito.delete_resource_server(UserPoolId=pool, Identifier=API)
    assert (
        emu_cognito.list_resource_servers(UserPoolId=pool, MaxResults=50)["ResourceServers"] == []
    )
    with pytest.raises(ClientError) as exc:
        emu_cognito.delete_resource_server(UserPoolId=pool, Identifier=API)
    assert error(exc)[0] == "ResourceNotFoundException"


def test_it_refuses_a_duplicate_identifier(emu_cognito: Any, pool: str) -> None:
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_resource_server(UserPoolId=pool, Identifier=API, Name="Again")
    assert error(exc)[0] == "InvalidParameterException"


def test_it_refuses_a_scope_listed_twice(emu_cognito: Any, pool: str) -> None:
    with pytest.raises(ClientError) as exc:
        emu_cognito.update_resource_server(
            UserPoolId=pool, Identifier=API, Name="Orders", Scopes=[SCOPES[0], SCOPES[0]]
        )
    assert error(exc) == (
        "InvalidParameterException",
        "The scope orders.read is listed twice: scope names of a resource server are unique.",
    )


def test_it_checks_the_models_limits(emu_cognito_unvalidated: Any, pool: str) -> None:
    cognito = emu_cognito_unvalidated
    too_many = [{"ScopeName": f"s{i}", "ScopeDescription": "d"} for i in range(101)]
    bad = [
        {"Identifier": 'has"quote', "Name": "X"},
        {"Identifier": "https://y", "Name": "bad/name"},
        {"Identifier": "https://y", "Name": "Y", "Scopes": too_many},
        {
            "Identifier": "https://y",
            "Name": "Y",
            "Scopes": [{"ScopeName": "a/b", "ScopeDescription": "d"}],
        },
        {"Identifier": "https://y", "Name": "Y", "Scopes": [{"ScopeName": "a"}]},
    ]
    for params in bad:
        with pytest.raises(ClientError) as exc:
            cognito.create_resource_server(UserPoolId=pool, **params)
        code, message = error(exc)
        assert code == "InvalidParameterException"
        assert message.startswith("1 validation error detected"), params


def test_it_allows_25_resource_servers_a_pool(emu_cognito: Any, pool: str) -> None:
    for i in range(24):
        emu_cognito.create_resource_server(UserPoolId=pool, Identifier=f"api{i}", Name="N")
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_resource_server(UserPoolId=pool, Identifier="one-more", Name="N")
    assert error(exc)[0] == "LimitExceededException"


def test_it_refuses_a_client_scope_no_server_defines(emu_cognito: Any, pool: str) -> None:
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_user_pool_client(
            UserPoolId=pool, ClientName="web", AllowedOAuthScopes=["openid", f"{API}/nope"]
        )
    assert error(exc) == ("ScopeDoesNotExistException", f"Invalid scope requested: {API}/nope")


def test_a_client_keeps_a_removed_scope_but_cannot_be_saved_with_it(
    emu_cognito: Any, pool: str
) -> None:
    client = emu_cognito.create_user_pool_client(
        UserPoolId=pool, ClientName="web", AllowedOAuthScopes=["openid", f"{API}/orders.write"]
    )["UserPoolClient"]
    emu_cognito.delete_resource_server(UserPoolId=pool, Identifier=API)
    held = emu_cognito.describe_user_pool_client(UserPoolId=pool, ClientId=client["ClientId"])
    assert held["UserPoolClient"]["AllowedOAuthScopes"] == ["openid", f"{API}/orders.write"]
    with pytest.raises(ClientError) as exc:
        emu_cognito.update_user_pool_client(
            UserPoolId=pool,
            ClientId=client["ClientId"],
            ClientName="web",
            AllowedOAuthScopes=["openid", f"{API}/orders.write"],
        )
    assert error(exc)[0] == "ScopeDoesNotExistException"
    emu_cognito.update_user_pool_client(
        UserPoolId=pool,
        ClientId=client["ClientId"],
        ClientName="web",
        AllowedOAuthScopes=["openid"],
    )
