"""A user pool has one MFA setting, whichever operation wrote it.

On AWS, DescribeUserPool's and GetUserPoolMfaConfig's MfaConfiguration are the same
setting (API reference: UserPoolType, GetUserPoolMfaConfig, UpdateUserPool
MfaConfiguration); moto 5.2.5 kept two copies. UpdateUserPool carries no factor
configuration (SMS, TOTP), so it leaves what SetUserPoolMfaConfig set; a setting it is
not sent goes to its default ("If you don't provide a value for an attribute, Amazon
Cognito sets it to its default value", API reference, UpdateUserPool), OFF for MFA.
"""

from __future__ import annotations

from typing import Any

import pytest

SMS = {
    "SmsAuthenticationMessage": "Your code is {####}",
    "SmsConfiguration": {
        "SnsCallerArn": "arn:aws:iam::123456789012:role/CognitoSms",
        "ExternalId": "demo",
    },
}


@pytest.fixture
def pool_id(emu_cognito: Any) -> str:
    # Created with MfaConfiguration OFF, as the console and the demo create pools.
    return emu_cognito.create_user_pool(PoolName="mfa", MfaConfiguration="OFF")["UserPool"]["Id"]


def described(cognito: Any, pool_id: str) -> str:
    return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"]


@pytest.mark.parametrize("mode", ["ON", "OPTIONAL"])
def test_it_describes_the_mode_set_user_pool_mfa_config_set(
    emu_cognito: Any, pool_id: str, mode: str
) -> None:
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration=mode, SmsMfaConfiguration=SMS
    )
    assert emu_cognito.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == mode
    assert described(emu_cognito, pool_id) == mode


def test_it_gives_get_user_pool_mfa_config_what_update_user_pool_set_and_keeps_the_factors(
    emu_cognito: Any, pool_id: str
) -> None:
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="ON",
        SmsMfaConfiguration=SMS,
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    emu_cognito.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OPTIONAL")
    config = emu_cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert config["MfaConfiguration"] == "OPTIONAL"
    assert described(emu_cognito, pool_id) == "OPTIONAL"
    assert config["SmsMfaConfiguration"] == SMS
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}


def test_it_turns_mfa_off_when_update_user_pool_leaves_it_out(
    emu_cognito: Any, pool_id: str
) -> None:
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="OPTIONAL", SmsMfaConfiguration=SMS
    )
    emu_cognito.update_user_pool(UserPoolId=pool_id, AutoVerifiedAttributes=["email"])
    assert emu_cognito.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == "OFF"
    assert described(emu_cognito, pool_id) == "OFF"


def test_it_asks_for_mfa_setup_by_the_mode_update_user_pool_set(
    emu_cognito: Any, pool_id: str
) -> None:
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="OPTIONAL", SmsMfaConfiguration=SMS
    )
    emu_cognito.update_user_pool(UserPoolId=pool_id, MfaConfiguration="ON")
    client_id = emu_cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )["UserPoolClient"]["ClientId"]
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="casey", MessageAction="SUPPRESS")
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="casey", Password="Correct-Horse-1!", Permanent=True
    )
    started = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": "casey", "SRP_A": "abc123"},
    )
    answer = emu_cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses={
            "USERNAME": "casey",
            "PASSWORD_CLAIM_SECRET_BLOCK": started["ChallengeParameters"]["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": "c2lnbmF0dXJl",
            "TIMESTAMP": "Tue Dec 1 09:00:00 UTC 2026",
        },
    )
    # MFA is required and the user has no factor: set one up (UpdateUserPool
    # MfaConfiguration: "When ON, all users must set up MFA before they can sign in").
    assert answer["ChallengeName"] == "MFA_SETUP"


EMAIL = {"Message": "Your sign-in code is {####}", "Subject": "Your code"}


def test_it_keeps_the_email_mfa_configuration_through_update_user_pool(
    emu_cognito: Any, pool_id: str
) -> None:
    answer = emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="ON", EmailMfaConfiguration=EMAIL
    )
    assert answer["EmailMfaConfiguration"] == EMAIL
    emu_cognito.update_user_pool(UserPoolId=pool_id, MfaConfiguration="ON")
    config = emu_cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert config["EmailMfaConfiguration"] == EMAIL
    assert config["MfaConfiguration"] == "ON"
    assert not config.get("SoftwareTokenMfaConfiguration", {}).get("Enabled")

    # Set without it turns email MFA off, as it does SMS.
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    assert "EmailMfaConfiguration" not in emu_cognito.get_user_pool_mfa_config(UserPoolId=pool_id)


def test_it_refuses_email_mfa_on_the_lite_plan(emu_cognito: Any) -> None:
    lite = emu_cognito.create_user_pool(PoolName="lite", UserPoolTier="LITE")["UserPool"]["Id"]
    with pytest.raises(emu_cognito.exceptions.FeatureUnavailableInTierException):
        emu_cognito.set_user_pool_mfa_config(
            UserPoolId=lite, MfaConfiguration="ON", EmailMfaConfiguration=EMAIL
        )
    assert "EmailMfaConfiguration" not in emu_cognito.get_user_pool_mfa_config(UserPoolId=lite)
