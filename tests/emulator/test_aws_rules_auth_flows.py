"""InitiateAuth and AdminInitiateAuth start only the flows the app client allows.

Source: API reference, UserPoolClientType ExplicitAuthFlows (each ALLOW_ value enables
its flow; ALLOW_ADMIN_USER_PASSWORD_AUTH replaces ADMIN_NO_SRP_AUTH; no value means
ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH; the legacy values
ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH). The refusal is
InvalidParameterException with the service's message, and it comes before the password
is checked: nothing is counted towards the lockout and no auth event is recorded.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from console.emulator.aws_rules import client_allows_flow

PASSWORD = "Correct-Horse-1!"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = exc.value.response["Error"]
    return error["Code"], error["Message"]


@pytest.fixture
def pool_id(emu_cognito: Any) -> str:
    pool_id = emu_cognito.create_user_pool(
        PoolName="flows",
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
    )["UserPool"]["Id"]
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="casey", MessageAction="SUPPRESS")
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="casey", Password=PASSWORD, Permanent=True
    )
    return pool_id


def client(cognito: Any, pool_id: str, flows: list[str] | None) -> str:
    extra = {} if flows is None else {"ExplicitAuthFlows": flows}
    return cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="app", **extra)[
        "UserPoolClient"
    ]["ClientId"]


def password_sign_in(cognito: Any, client_id: str, password: str = PASSWORD) -> dict[str, Any]:
    return cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "casey", "PASSWORD": password},
    )


def admin_sign_in(cognito: Any, pool_id: str, client_id: str, flow: str) -> dict[str, Any]:
    return cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow=flow,
        AuthParameters={"USERNAME": "casey", "PASSWORD": PASSWORD},
    )


@pytest.mark.parametrize("flows", [None, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]])
def test_it_refuses_user_password_auth_when_the_client_does_not_allow_it(
    emu_cognito: Any, pool_id: str, flows: list[str] | None
) -> None:
    client_id = client(emu_cognito, pool_id, flows)
    with pytest.raises(ClientError) as exc:
        password_sign_in(emu_cognito, client_id)
    assert error_of(exc) == (
        "InvalidParameterException",
        "USER_PASSWORD_AUTH flow not enabled for this client",
    )


def test_it_checks_no_password_and_counts_nothing_for_a_refused_flow(
    emu_cognito: Any, pool_id: str
) -> None:
    srp_only = client(emu_cognito, pool_id, ["ALLOW_USER_SRP_AUTH"])
    for _ in range(8):  # more than the five free failures of the lockout
        with pytest.raises(ClientError) as exc:
            password_sign_in(emu_cognito, srp_only, password="Wrong-Password-9!")
        assert error_of(exc)[0] == "InvalidParameterException"
    events = emu_cognito.admin_list_user_auth_events(UserPoolId=pool_id, Username="casey")
    assert events["AuthEvents"] == []
    allowed = client(emu_cognito, pool_id, ["ALLOW_USER_PASSWORD_AUTH"])
    assert "AuthenticationResult" in password_sign_in(emu_cognito, allowed)


@pytest.mark.parametrize("flow", ["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"])
def test_it_refuses_the_admin_password_flow_without_its_setting(
    emu_cognito: Any, pool_id: str, flow: str
) -> None:
    client_id = client(emu_cognito, pool_id, ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"])
    with pytest.raises(ClientError) as exc:
        admin_sign_in(emu_cognito, pool_id, client_id, flow)
    assert error_of(exc) == ("InvalidParameterException", "Auth flow not enabled for this client")


@pytest.mark.parametrize("setting", ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"])
@pytest.mark.parametrize("flow", ["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"])
def test_it_allows_both_admin_flow_names_with_either_setting(
    emu_cognito: Any, pool_id: str, setting: str, flow: str
) -> None:
    client_id = client(emu_cognito, pool_id, [setting])
    assert "AuthenticationResult" in admin_sign_in(emu_cognito, pool_id, client_id, flow)


def test_it_allows_user_password_auth_by_its_legacy_name(emu_cognito: Any, pool_id: str) -> None:
    client_id = client(emu_cognito, pool_id, ["USER_PASSWORD_AUTH"])
    assert "AuthenticationResult" in password_sign_in(emu_cognito, client_id)


def test_it_refuses_srp_when_the_client_does_not_allow_it(emu_cognito: Any, pool_id: str) -> None:
    client_id = client(emu_cognito, pool_id, ["ALLOW_USER_PASSWORD_AUTH"])
    with pytest.raises(ClientError) as exc:
        emu_cognito.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": "casey", "SRP_A": "abc123"},
        )
    assert error_of(exc) == (
        "InvalidParameterException",
        "USER_SRP_AUTH is not enabled for the client.",
    )


def test_it_allows_srp_to_a_client_without_explicit_auth_flows(
    emu_cognito: Any, pool_id: str
) -> None:
    client_id = client(emu_cognito, pool_id, None)
    started = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": "casey", "SRP_A": "abc123"},
    )
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"


def test_it_refuses_a_refresh_when_the_client_does_not_allow_it(
    emu_cognito: Any, pool_id: str
) -> None:
    with_refresh = client(
        emu_cognito, pool_id, ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )
    tokens = password_sign_in(emu_cognito, with_refresh)["AuthenticationResult"]
    refreshed = emu_cognito.initiate_auth(
        ClientId=with_refresh,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
    )
    assert "IdToken" in refreshed["AuthenticationResult"]

    without = client(emu_cognito, pool_id, ["ALLOW_USER_PASSWORD_AUTH"])
    tokens = password_sign_in(emu_cognito, without)["AuthenticationResult"]
    with pytest.raises(ClientError) as exc:
        emu_cognito.initiate_auth(
            ClientId=without,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
        )
    assert error_of(exc)[0] == "InvalidParameterException"


@pytest.mark.parametrize(
    ("flow", "message"),
    [
        ("CUSTOM_AUTH", "CUSTOM_AUTH is not enabled for the client."),
        ("USER_AUTH", "USER_AUTH flow not enabled for this client"),
    ],
)
def test_it_refuses_custom_and_choice_based_sign_in_without_their_setting(
    emu_cognito: Any, pool_id: str, flow: str, message: str
) -> None:
    client_id = client(emu_cognito, pool_id, ["ALLOW_USER_PASSWORD_AUTH"])
    with pytest.raises(ClientError) as exc:
        emu_cognito.initiate_auth(
            ClientId=client_id, AuthFlow=flow, AuthParameters={"USERNAME": "casey"}
        )
    assert error_of(exc) == ("InvalidParameterException", message)


@pytest.mark.parametrize(
    ("flows", "flow", "allowed"),
    [
        # No ExplicitAuthFlows: refresh, SRP and custom auth only.
        (None, "REFRESH_TOKEN_AUTH", True),
        (None, "USER_SRP_AUTH", True),
        (None, "CUSTOM_AUTH", True),
        (None, "USER_PASSWORD_AUTH", False),
        (None, "ADMIN_USER_PASSWORD_AUTH", False),
        (None, "USER_AUTH", False),
        # ALLOW_ values: only what is listed.
        (["ALLOW_USER_AUTH"], "USER_AUTH", True),
        (["ALLOW_USER_AUTH"], "USER_SRP_AUTH", False),
        (["ALLOW_USER_AUTH"], "REFRESH_TOKEN", False),
        (["ALLOW_CUSTOM_AUTH"], "CUSTOM_AUTH", True),
        (["ALLOW_REFRESH_TOKEN_AUTH"], "REFRESH_TOKEN", True),
        # Legacy values: SRP and refresh stay on, custom auth too; CUSTOM_AUTH_FLOW_ONLY
        # turns SRP off.
        (["ADMIN_NO_SRP_AUTH"], "USER_SRP_AUTH", True),
        (["ADMIN_NO_SRP_AUTH"], "REFRESH_TOKEN_AUTH", True),
        (["ADMIN_NO_SRP_AUTH"], "USER_PASSWORD_AUTH", False),
        (["USER_PASSWORD_AUTH"], "ADMIN_NO_SRP_AUTH", False),
        (["CUSTOM_AUTH_FLOW_ONLY"], "CUSTOM_AUTH", True),
        (["CUSTOM_AUTH_FLOW_ONLY"], "USER_SRP_AUTH", False),
    ],
)
def test_it_reads_explicit_auth_flows_as_the_client_type_documents(
    flows: list[str] | None, flow: str, allowed: bool
) -> None:
    assert client_allows_flow(flows, flow) is allowed
