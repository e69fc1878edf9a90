"""DescribeRiskConfiguration / SetRiskConfiguration in the emulator (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

TAKEOVER = {
    "Actions": {
        "LowAction": {"Notify": False, "EventAction": "NO_ACTION"},
        "MediumAction": {"Notify": False, "EventAction": "MFA_IF_CONFIGURED"},
        "HighAction": {"Notify": False, "EventAction": "BLOCK"},
    }
}
COMPROMISED = {"EventFilter": ["SIGN_IN", "SIGN_UP"], "Actions": {"EventAction": "BLOCK"}}
EXCEPTIONS = {"BlockedIPRangeList": ["192.0.2.0/24"], "SkippedIPRangeList": ["198.51.100.7/32"]}


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return exc.value.response["Error"]["Code"]


def make_pool(cognito: Any, *, protected: bool = True) -> tuple[str, str]:
    kwargs: dict[str, Any] = {"UserPoolTier": "PLUS"}
    if protected:
        kwargs["UserPoolAddOns"] = {"AdvancedSecurityMode": "ENFORCED"}
    pool_id = cognito.create_user_pool(PoolName="risk", **kwargs)["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="web")[
        "UserPoolClient"
    ]["ClientId"]
    return pool_id, client_id


def test_it_describes_only_the_pool_when_nothing_was_set(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    assert emu_cognito.describe_risk_configuration(UserPoolId=pool_id)["RiskConfiguration"] == {
        "UserPoolId": pool_id
    }
    described = emu_cognito.describe_risk_configuration(UserPoolId=pool_id, ClientId=client_id)
    assert described["RiskConfiguration"] == {"UserPoolId": pool_id, "ClientId": client_id}


def test_it_returns_what_was_set_for_the_pool(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    answer = emu_cognito.set_risk_configuration(
        UserPoolId=pool_id,
        CompromisedCredentialsRiskConfiguration=COMPROMISED,
        AccountTakeoverRiskConfiguration=TAKEOVER,
        RiskExceptionConfiguration=EXCEPTIONS,
    )["RiskConfiguration"]
    described = emu_cognito.describe_risk_configuration(UserPoolId=pool_id)["RiskConfiguration"]
    for config in (answer, described):
        assert config["UserPoolId"] == pool_id
        assert config["CompromisedCredentialsRiskConfiguration"] == COMPROMISED
        assert config["AccountTakeoverRiskConfiguration"] == TAKEOVER
        assert config["RiskExceptionConfiguration"] == EXCEPTIONS
        assert "LastModifiedDate" in config
        assert "ClientId" not in config


def test_it_keeps_a_client_configuration_apart_from_the_pools(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    emu_cognito.set_risk_configuration(UserPoolId=pool_id, RiskExceptionConfiguration=EXCEPTIONS)
    # A client without its own configuration uses the pool's.
    inherited = emu_cognito.describe_risk_configuration(UserPoolId=pool_id, ClientId=client_id)
    assert inherited["RiskConfiguration"]["RiskExceptionConfiguration"] == EXCEPTIONS
    assert "ClientId" not in inherited["RiskConfiguration"]

    emu_cognito.set_risk_configuration(
        UserPoolId=pool_id, ClientId=client_id, AccountTakeoverRiskConfiguration=TAKEOVER
    )
    own = emu_cognito.describe_risk_configuration(UserPoolId=pool_id, ClientId=client_id)
    assert own["RiskConfiguration"]["ClientId"] == client_id
    assert own["RiskConfiguration"]["AccountTakeoverRiskConfiguration"] == TAKEOVER
    assert "RiskExceptionConfiguration" not in own["RiskConfiguration"]
    pool_level = emu_cognito.describe_risk_configuration(UserPoolId=pool_id)
    assert "AccountTakeoverRiskConfiguration" not in pool_level["RiskConfiguration"]


def test_it_deletes_the_configuration_when_all_parts_are_null(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    emu_cognito.set_risk_configuration(UserPoolId=pool_id, RiskExceptionConfiguration=EXCEPTIONS)
    emu_cognito.set_risk_configuration(UserPoolId=pool_id)
    assert emu_cognito.describe_risk_configuration(UserPoolId=pool_id)["RiskConfiguration"] == {
        "UserPoolId": pool_id
    }


def test_it_refuses_a_pool_without_threat_protection(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito, protected=False)
    with pytest.raises(ClientError) as exc:
        emu_cognito.describe_risk_configuration(UserPoolId=pool_id)
    assert code(exc) == "UserPoolAddOnNotEnabledException"
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_risk_configuration(
            UserPoolId=pool_id, RiskExceptionConfiguration=EXCEPTIONS
        )
    assert code(exc) == "UserPoolAddOnNotEnabledException"


def test_it_refuses_an_unknown_pool_or_client(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.describe_risk_configuration(UserPoolId="us-east-1_nothere")
    assert code(exc) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_risk_configuration(
            UserPoolId=pool_id, ClientId="nosuchclient", RiskExceptionConfiguration=EXCEPTIONS
        )
    assert code(exc) == "ResourceNotFoundException"


def test_it_refuses_what_the_model_refuses(emu_cognito_unvalidated: Any) -> None:
    cognito = emu_cognito_unvalidated
    pool_id, _ = make_pool(cognito)
    bad: list[dict[str, Any]] = [
        {"CompromisedCredentialsRiskConfiguration": {"Actions": {"EventAction": "ALLOW"}}},
        {
            "CompromisedCredentialsRiskConfiguration": {
                "EventFilter": ["LOGIN"],
                "Actions": {"EventAction": "BLOCK"},
            }
        },
        {"CompromisedCredentialsRiskConfiguration": {}},
        {
            "AccountTakeoverRiskConfiguration": {
                "Actions": {"HighAction": {"Notify": False, "EventAction": "LOCK"}}
            }
        },
        {"AccountTakeoverRiskConfiguration": {"Actions": {"HighAction": {"EventAction": "BLOCK"}}}},
        {"RiskExceptionConfiguration": {"BlockedIPRangeList": ["192.0.2.1"]}},
        {"RiskExceptionConfiguration": {"SkippedIPRangeList": ["300.1.2.0/24"]}},
        {
            "RiskExceptionConfiguration": {
                "BlockedIPRangeList": [f"10.0.{i}.0/24" for i in range(201)]
            }
        },
    ]
    for request in bad:
        with pytest.raises(ClientError) as exc:
            cognito.set_risk_configuration(UserPoolId=pool_id, **request)
        assert code(exc) == "InvalidParameterException", request
    cognito.set_risk_configuration(
        UserPoolId=pool_id,
        RiskExceptionConfiguration={"BlockedIPRangeList": [f"10.0.{i}.0/24" for i in range(200)]},
    )
