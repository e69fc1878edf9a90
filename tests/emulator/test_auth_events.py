"""Sign-in history (issue 14): auth events recorded by sign-in, AdminListUserAuthEvents,
AdminUpdateAuthEventFeedback, and the feature-plan rule for threat protection."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

PASSWORD = "Correct-Horse-9!"
TEMPORARY = "Temporary-Pass-1!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def make_pool(cognito: Any, *, mode: str = "AUDIT", **extra: Any) -> tuple[str, str]:
    kwargs: dict[str, Any] = {"UserPoolTier": "PLUS", **extra}
    if mode:
        kwargs["UserPoolAddOns"] = {"AdvancedSecurityMode": mode}
    pool_id = cognito.create_user_pool(PoolName="history", **kwargs)["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=FLOWS
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def add_user(cognito: Any, pool_id: str, username: str = "casey", **extra: Any) -> None:
    cognito.admin_create_user(
        UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS", **extra
    )
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
    )


def sign_in(cognito: Any, client_id: str, username: str = "casey", password: str = PASSWORD):
    return cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )


def events(cognito: Any, pool_id: str, username: str = "casey", **kw: Any) -> list[dict]:
    return cognito.admin_list_user_auth_events(UserPoolId=pool_id, Username=username, **kw)[
        "AuthEvents"
    ]


def test_it_records_a_successful_sign_in_as_aws_shows_a_no_risk_event(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    before = datetime.now(UTC)
    sign_in(emu_cognito, client_id)

    [event] = events(emu_cognito, pool_id)
    assert event["EventType"] == "SignIn"
    assert event["EventResponse"] == "Pass"
    assert event["EventRisk"] == {"RiskDecision": "NoRisk", "CompromisedCredentialsDetected": False}
    assert event["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Success"}
    ]
    assert event["EventContextData"]["IpAddress"] == "127.0.0.1"
    assert event["CreationDate"] >= before.replace(microsecond=0)
    assert "EventFeedback" not in event


def test_it_records_a_wrong_password_as_a_failed_event(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    with pytest.raises(ClientError) as exc:
        sign_in(emu_cognito, client_id, password="wrong-Password-1")
    assert error(exc) == ("NotAuthorizedException", "Incorrect username or password.")

    [event] = events(emu_cognito, pool_id)
    assert event["EventResponse"] == "Fail"
    assert event["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Failure"}
    ]


def test_it_gives_the_admin_flow_awss_message_for_a_wrong_password(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_initiate_auth(
            UserPoolId=pool_id,
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "casey", "PASSWORD": "nope-Nope-1"},
        )
    assert error(exc) == ("NotAuthorizedException", "Incorrect username or password.")
    assert events(emu_cognito, pool_id)[0]["EventResponse"] == "Fail"


def test_it_records_a_disabled_users_attempt_as_failed(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    emu_cognito.admin_disable_user(UserPoolId=pool_id, Username="casey")
    with pytest.raises(ClientError) as exc:
        sign_in(emu_cognito, client_id)
    assert error(exc) == ("NotAuthorizedException", "User is disabled.")
    assert [e["EventResponse"] for e in events(emu_cognito, pool_id)] == ["Fail"]


def test_it_records_no_event_for_an_unknown_user(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    with pytest.raises(ClientError) as exc:
        sign_in(emu_cognito, client_id, username="nobody")
    assert error(exc)[0] == "UserNotFoundException"
    assert events(emu_cognito, pool_id) == []


def test_it_keeps_one_event_in_progress_until_the_challenge_is_answered(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    emu_cognito.admin_create_user(
        UserPoolId=pool_id, Username="casey", TemporaryPassword=TEMPORARY, MessageAction="SUPPRESS"
    )
    started = sign_in(emu_cognito, client_id, password=TEMPORARY)
    assert started["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    [pending] = events(emu_cognito, pool_id)
    assert pending["EventResponse"] == "InProgress"

    emu_cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=started["Session"],
        ChallengeResponses={"USERNAME": "casey", "NEW_PASSWORD": PASSWORD},
    )
    [done] = events(emu_cognito, pool_id)
    assert done["EventId"] == pending["EventId"]
    assert done["EventResponse"] == "Pass"
    assert done["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Success"}
    ]


def test_it_takes_the_ip_address_and_device_from_the_context_data(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    agent = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36"
    )
    emu_cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "casey", "PASSWORD": PASSWORD},
        ContextData={
            "IpAddress": "192.0.2.1",
            "ServerName": "app.example.com",
            "ServerPath": "/login",
            "HttpHeaders": [{"headerName": "User-Agent", "headerValue": agent}],
        },
    )
    sign_in_public = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "casey", "PASSWORD": PASSWORD},
        UserContextData={"IpAddress": "198.51.100.7"},
    )
    assert sign_in_public["AuthenticationResult"]["AccessToken"]
    newest, oldest = events(emu_cognito, pool_id)
    assert oldest["EventContextData"] == {
        "IpAddress": "192.0.2.1",
        "DeviceName": "Chrome 126, Windows 10",
    }
    assert newest["EventContextData"]["IpAddress"] == "198.51.100.7"
    assert "City" not in newest["EventContextData"]


def test_it_keeps_no_history_when_threat_protection_is_off(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    sign_in(emu_cognito, client_id)
    emu_cognito.update_user_pool(UserPoolId=pool_id, UserPoolAddOns={"AdvancedSecurityMode": "OFF"})
    sign_in(emu_cognito, client_id)
    with pytest.raises(ClientError) as exc:
        events(emu_cognito, pool_id)
    assert error(exc)[0] == "UserPoolAddOnNotEnabledException"

    emu_cognito.update_user_pool(
        UserPoolId=pool_id, UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"}
    )
    assert len(events(emu_cognito, pool_id)) == 1


def test_it_refuses_the_history_of_a_pool_without_threat_protection(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito, mode="")
    add_user(emu_cognito, pool_id)
    with pytest.raises(ClientError) as exc:
        events(emu_cognito, pool_id)
    assert error(exc)[0] == "UserPoolAddOnNotEnabledException"
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_update_auth_event_feedback(
            UserPoolId=pool_id, Username="casey", EventId="abc", FeedbackValue="Valid"
        )
    assert error(exc)[0] == "UserPoolAddOnNotEnabledException"


def test_it_lists_newest_first_in_pages(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    for _ in range(3):
        sign_in(emu_cognito, client_id)
    with pytest.raises(ClientError):
        sign_in(emu_cognito, client_id, password="wrong-Password-1")

    first = emu_cognito.admin_list_user_auth_events(
        UserPoolId=pool_id, Username="casey", MaxResults=3
    )
    assert [e["EventResponse"] for e in first["AuthEvents"]] == ["Fail", "Pass", "Pass"]
    second = emu_cognito.admin_list_user_auth_events(
        UserPoolId=pool_id, Username="casey", MaxResults=3, NextToken=first["NextToken"]
    )
    assert [e["EventResponse"] for e in second["AuthEvents"]] == ["Pass"]
    assert "NextToken" not in second
    created = [e["CreationDate"] for e in first["AuthEvents"] + second["AuthEvents"]]
    assert created == sorted(created, reverse=True)
    assert len(events(emu_cognito, pool_id, MaxResults=0)) == 4


def test_it_refuses_max_results_outside_0_to_60(emu_cognito_unvalidated: Any) -> None:
    pool_id, _ = make_pool(emu_cognito_unvalidated)
    add_user(emu_cognito_unvalidated, pool_id)
    for bad in (61, -1):
        with pytest.raises(ClientError) as exc:
            events(emu_cognito_unvalidated, pool_id, MaxResults=bad)
        assert error(exc)[0] == "InvalidParameterException"
        assert "maxResults" in error(exc)[1]


def test_it_finds_the_user_by_sub_and_refuses_an_unknown_user(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    sign_in(emu_cognito, client_id)
    user = emu_cognito.admin_get_user(UserPoolId=pool_id, Username="casey")
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    assert len(events(emu_cognito, pool_id, username=sub)) == 1
    with pytest.raises(ClientError) as exc:
        events(emu_cognito, pool_id, username="nobody")
    assert error(exc)[0] == "UserNotFoundException"


def test_it_records_admin_feedback_on_an_event(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    sign_in(emu_cognito, client_id)
    [event] = events(emu_cognito, pool_id)
    emu_cognito.admin_update_auth_event_feedback(
        UserPoolId=pool_id, Username="casey", EventId=event["EventId"], FeedbackValue="Invalid"
    )
    [marked] = events(emu_cognito, pool_id)
    assert marked["EventFeedback"]["FeedbackValue"] == "Invalid"
    assert marked["EventFeedback"]["Provider"] == "Admin"
    assert marked["EventFeedback"]["FeedbackDate"] >= marked["CreationDate"]


def test_it_refuses_feedback_on_an_unknown_event(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    add_user(emu_cognito, pool_id, username="dana")
    sign_in(emu_cognito, client_id, username="dana")
    [danas] = events(emu_cognito, pool_id, username="dana")
    for event_id in ("no-such-event", danas["EventId"]):
        with pytest.raises(ClientError) as exc:
            emu_cognito.admin_update_auth_event_feedback(
                UserPoolId=pool_id, Username="casey", EventId=event_id, FeedbackValue="Valid"
            )
        assert error(exc)[0] == "ResourceNotFoundException"


def test_it_clears_the_history_on_reset(emu_cognito: Any, emu_url: str) -> None:
    from console.emulator import reset

    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    sign_in(emu_cognito, client_id)
    reset(emu_url)
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    assert events(emu_cognito, pool_id) == []


# ---- feature plans --------------------------------------------------------------------
def test_it_gives_a_pool_created_through_the_api_the_essentials_plan(emu_cognito: Any) -> None:
    created = emu_cognito.create_user_pool(PoolName="plain")["UserPool"]
    assert created["UserPoolTier"] == "ESSENTIALS"
    described = emu_cognito.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert described["UserPoolTier"] == "ESSENTIALS"


def test_it_refuses_threat_protection_below_the_plus_plan(emu_cognito: Any) -> None:
    for tier in (None, "ESSENTIALS", "LITE"):
        kwargs = {"UserPoolTier": tier} if tier else {}
        with pytest.raises(ClientError) as exc:
            emu_cognito.create_user_pool(
                PoolName="p", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}, **kwargs
            )
        assert error(exc) == (
            "FeatureUnavailableInTierException",
            "The following features need to be disabled for the "
            f"{tier or 'ESSENTIALS'} pricing tier configured: Threat Protection",
        )
    pool_id = emu_cognito.create_user_pool(PoolName="p")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        emu_cognito.update_user_pool(
            UserPoolId=pool_id, UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"}
        )
    assert error(exc)[0] == "FeatureUnavailableInTierException"
    emu_cognito.create_user_pool(PoolName="off", UserPoolAddOns={"AdvancedSecurityMode": "OFF"})


def test_it_keeps_the_plan_when_an_update_leaves_it_out(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    emu_cognito.update_user_pool(
        UserPoolId=pool_id, UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"}
    )
    pool = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["UserPoolTier"] == "PLUS"
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    emu_cognito.update_user_pool(UserPoolId=pool_id, UserPoolTier="ESSENTIALS")
    assert emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["UserPoolTier"] == (
        "ESSENTIALS"
    )


def test_it_adds_the_mfa_answer_to_the_same_event(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    for username in ("casey", "dana"):
        add_user(
            emu_cognito,
            pool_id,
            username=username,
            UserAttributes=[{"Name": "phone_number", "Value": "+12065550100"}],
        )
        emu_cognito.admin_set_user_mfa_preference(
            UserPoolId=pool_id,
            Username=username,
            SMSMfaSettings={"Enabled": True, "PreferredMfa": True},
        )

    started = sign_in(emu_cognito, client_id)
    assert started["ChallengeName"] == "SMS_MFA"
    assert events(emu_cognito, pool_id)[0]["EventResponse"] == "InProgress"
    emu_cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SMS_MFA",
        Session=started["Session"],
        ChallengeResponses={"USERNAME": "casey", "SMS_MFA_CODE": "123456"},
    )
    [event] = events(emu_cognito, pool_id)
    assert event["EventResponse"] == "Pass"
    assert event["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Success"},
        {"ChallengeName": "Mfa", "ChallengeResponse": "Success"},
    ]

    started = sign_in(emu_cognito, client_id, username="dana")
    with pytest.raises(ClientError):
        emu_cognito.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="SMS_MFA",
            Session=started["Session"],
            ChallengeResponses={"USERNAME": "dana"},
        )
    [failed] = events(emu_cognito, pool_id, username="dana")
    assert failed["EventResponse"] == "Fail"
    assert failed["ChallengeResponses"][-1] == {
        "ChallengeName": "Mfa",
        "ChallengeResponse": "Failure",
    }
