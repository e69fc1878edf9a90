"""console/emulator/mfa_rules.py: passkeys kept, MFA needs a factor (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

PASSKEYS = {"RelyingPartyId": "auth.example.com", "UserVerification": "required"}


def _pool(cognito: Any, tier: str = "ESSENTIALS") -> str:
    return cognito.create_user_pool(PoolName="mfa", UserPoolTier=tier)["UserPool"]["Id"]


def _config(cognito: Any, pool_id: str) -> dict:
    reply = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    reply.pop("ResponseMetadata")
    return reply


def test_it_keeps_and_returns_the_passkey_configuration(emu_cognito: Any) -> None:
    pool_id = _pool(emu_cognito)
    answer = emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="OFF", WebAuthnConfiguration=PASSKEYS
    )
    assert answer["WebAuthnConfiguration"] == PASSKEYS
    assert _config(emu_cognito, pool_id)["WebAuthnConfiguration"] == PASSKEYS


def test_it_resets_passkeys_left_out_of_a_set(emu_cognito: Any) -> None:
    pool_id = _pool(emu_cognito)
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="OFF", WebAuthnConfiguration=PASSKEYS
    )
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    assert "WebAuthnConfiguration" not in _config(emu_cognito, pool_id)


@pytest.mark.parametrize("mode", ["ON", "OPTIONAL"])
def test_it_refuses_mfa_with_no_factor_on(emu_cognito: Any, mode: str) -> None:
    pool_id = _pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_user_pool_mfa_config(
            UserPoolId=pool_id,
            MfaConfiguration=mode,
            SoftwareTokenMfaConfiguration={"Enabled": False},
        )
    error = exc.value.response["Error"]
    assert error["Code"] == "InvalidParameterException"
    assert "can't disable all MFAs" in error["Message"]
    assert _config(emu_cognito, pool_id)["MfaConfiguration"] == "OFF"


def test_it_takes_email_alone_as_a_factor(emu_cognito: Any) -> None:
    pool_id = _pool(emu_cognito)
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        EmailMfaConfiguration={"Message": "Code {####}", "Subject": "Code"},
    )
    assert _config(emu_cognito, pool_id)["MfaConfiguration"] == "OPTIONAL"


def test_it_refuses_passkeys_as_mfa_on_the_lite_plan(emu_cognito: Any) -> None:
    pool_id = _pool(emu_cognito, tier="LITE")
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_user_pool_mfa_config(
            UserPoolId=pool_id,
            MfaConfiguration="OFF",
            WebAuthnConfiguration={"FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"},
        )
    assert exc.value.response["Error"]["Code"] == "FeatureUnavailableInTierException"


def test_it_refuses_mfa_off_with_a_factor_on(emu_cognito: Any) -> None:
    pool_id = _pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_user_pool_mfa_config(
            UserPoolId=pool_id,
            MfaConfiguration="OFF",
            SoftwareTokenMfaConfiguration={"Enabled": True},
        )
    error = exc.value.response["Error"]
    assert error["Code"] == "InvalidParameterException"
    assert "can't turn off MFA and configure an MFA together" in error["Message"]
    # OFF with the authenticator app named but not enabled is no factor: accepted.
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="OFF", SoftwareTokenMfaConfiguration={"Enabled": False}
    )
    assert _config(emu_cognito, pool_id)["MfaConfiguration"] == "OFF"


SMS_ROLE = {"SnsCallerArn": "arn:aws:iam::123456789012:role/Sms", "ExternalId": "x-1"}
OTHER_ROLE = {"SnsCallerArn": "arn:aws:iam::123456789012:role/Other", "ExternalId": "x-2"}


def test_it_makes_the_mfa_sms_configuration_the_pools(emu_cognito: Any) -> None:
    pool_id = _pool(emu_cognito)
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration={"SmsAuthenticationMessage": "{####}", "SmsConfiguration": SMS_ROLE},
    )
    pool = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["SmsConfiguration"] == SMS_ROLE
    assert _config(emu_cognito, pool_id)["SmsMfaConfiguration"]["SmsConfiguration"] == SMS_ROLE


def test_it_shows_the_pools_sms_configuration_in_the_mfa_configuration(emu_cognito: Any) -> None:
    pool_id = _pool(emu_cognito)
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration={"SmsAuthenticationMessage": "{####}", "SmsConfiguration": SMS_ROLE},
    )
    emu_cognito.update_user_pool(UserPoolId=pool_id, SmsConfiguration=OTHER_ROLE)
    sms = _config(emu_cognito, pool_id)["SmsMfaConfiguration"]
    assert sms == {"SmsAuthenticationMessage": "{####}", "SmsConfiguration": OTHER_ROLE}
