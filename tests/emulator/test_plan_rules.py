"""The embedded backend keeps the sign-in policy and every Lambda trigger through
CreateUserPool, UpdateUserPool and DescribeUserPool, and refuses what AWS refuses
(console/emulator/plan_rules.py)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

EVERY_TRIGGER = {
    "PreSignUp": ARN.format("pre-sign-up"),
    "UserMigration": ARN.format("migrate"),
    "PreTokenGeneration": ARN.format("token"),
    "PreTokenGenerationConfig": {"LambdaArn": ARN.format("token"), "LambdaVersion": "V3_0"},
    "CustomSMSSender": {"LambdaArn": ARN.format("sms"), "LambdaVersion": "V1_0"},
    "CustomEmailSender": {"LambdaArn": ARN.format("email"), "LambdaVersion": "V1_0"},
    "KMSKeyID": KMS,
    "InboundFederation": {"LambdaArn": ARN.format("federate"), "LambdaVersion": "V1_0"},
}
SIGN_IN = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]}}


def _code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_it_keeps_the_sign_in_policy_every_trigger_and_the_tier_through_update(emu_cognito):
    pool_id = emu_cognito.create_user_pool(PoolName="p", UserPoolTier="PLUS")["UserPool"]["Id"]
    emu_cognito.update_user_pool(
        UserPoolId=pool_id, UserPoolTier="ESSENTIALS", Policies=SIGN_IN, LambdaConfig=EVERY_TRIGGER
    )
    pool = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["UserPoolTier"] == "ESSENTIALS"
    assert pool["Policies"]["SignInPolicy"] == SIGN_IN["SignInPolicy"]
    assert pool["LambdaConfig"] == EVERY_TRIGGER


def test_it_keeps_them_from_create_user_pool(emu_cognito):
    pool = emu_cognito.create_user_pool(PoolName="p", Policies=SIGN_IN, LambdaConfig=EVERY_TRIGGER)
    described = emu_cognito.describe_user_pool(UserPoolId=pool["UserPool"]["Id"])["UserPool"]
    assert described["LambdaConfig"] == EVERY_TRIGGER
    assert described["Policies"]["SignInPolicy"] == SIGN_IN["SignInPolicy"]
    assert described["UserPoolTier"] == "ESSENTIALS"


@pytest.mark.parametrize("factor", ["EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"])
def test_it_refuses_a_passwordless_first_factor_on_the_lite_plan(emu_cognito, factor):
    policies = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", factor]}}
    with pytest.raises(ClientError) as created:
        emu_cognito.create_user_pool(PoolName="p", UserPoolTier="LITE", Policies=policies)
    assert _code(created) == "FeatureUnavailableInTierException"
    assert factor in created.value.response["Error"]["Message"]
    pool_id = emu_cognito.create_user_pool(PoolName="p", UserPoolTier="LITE")["UserPool"]["Id"]
    with pytest.raises(ClientError) as updated:  # the pool's own tier: LITE
        emu_cognito.update_user_pool(UserPoolId=pool_id, Policies=policies)
    assert _code(updated) == "FeatureUnavailableInTierException"
    emu_cognito.update_user_pool(UserPoolId=pool_id, UserPoolTier="ESSENTIALS", Policies=policies)


def test_it_allows_password_alone_on_the_lite_plan(emu_cognito):
    policies = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]}}
    pool = emu_cognito.create_user_pool(PoolName="p", UserPoolTier="LITE", Policies=policies)
    assert pool["UserPool"]["Policies"]["SignInPolicy"] == policies["SignInPolicy"]


@pytest.mark.parametrize("version", ["V2_0", "V3_0"])
def test_it_refuses_access_token_customization_on_the_lite_plan(emu_cognito, version):
    config = {"PreTokenGenerationConfig": {"LambdaArn": ARN.format("t"), "LambdaVersion": version}}
    pool_id = emu_cognito.create_user_pool(PoolName="p", UserPoolTier="LITE")["UserPool"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        emu_cognito.update_user_pool(UserPoolId=pool_id, LambdaConfig=config)
    assert _code(excinfo) == "FeatureUnavailableInTierException"
    assert "LambdaConfig" not in emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    config["PreTokenGenerationConfig"]["LambdaVersion"] = "V1_0"
    emu_cognito.update_user_pool(UserPoolId=pool_id, LambdaConfig=config)


@pytest.mark.parametrize("sender", ["CustomSMSSender", "CustomEmailSender"])
def test_it_refuses_a_custom_sender_without_a_kms_key(emu_cognito, sender):
    config = {sender: {"LambdaArn": ARN.format("s"), "LambdaVersion": "V1_0"}}
    with pytest.raises(ClientError) as excinfo:
        emu_cognito.create_user_pool(PoolName="p", LambdaConfig=config)
    assert _code(excinfo) == "InvalidParameterException"
    assert "KMSKeyID" in excinfo.value.response["Error"]["Message"]
    emu_cognito.create_user_pool(PoolName="p", LambdaConfig={**config, "KMSKeyID": KMS})


def test_it_refuses_two_different_pre_token_generation_functions(emu_cognito):
    config = {
        "PreTokenGeneration": ARN.format("one"),
        "PreTokenGenerationConfig": {"LambdaArn": ARN.format("two"), "LambdaVersion": "V1_0"},
    }
    with pytest.raises(ClientError) as excinfo:
        emu_cognito.create_user_pool(PoolName="p", LambdaConfig=config)
    assert _code(excinfo) == "InvalidParameterException"


SES = {
    "EmailSendingAccount": "DEVELOPER",
    "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
}


def _essentials_pool(emu_cognito) -> str:
    return emu_cognito.create_user_pool(
        PoolName="p", UserPoolTier="ESSENTIALS", EmailConfiguration=SES
    )["UserPool"]["Id"]


def _email_mfa(emu_cognito, pool_id):
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        EmailMfaConfiguration={"Message": "Code {####}", "Subject": "Code"},
    )


def _passkey_mfa(emu_cognito, pool_id):
    emu_cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OFF",
        WebAuthnConfiguration={
            "RelyingPartyId": "auth.example.com",
            "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION",
        },
    )


def _managed_login(emu_cognito, pool_id):
    emu_cognito.create_user_pool_domain(
        UserPoolId=pool_id, Domain=f"d{pool_id[-8:].lower()}", ManagedLoginVersion=2
    )


def _history(emu_cognito, pool_id):
    emu_cognito.update_user_pool(
        UserPoolId=pool_id, Policies={"PasswordPolicy": {"PasswordHistorySize": 4}}
    )


@pytest.mark.parametrize(
    ("arrange", "words"),
    [
        (_email_mfa, "Email MFA"),
        (_passkey_mfa, "Passkeys as an MFA factor"),
        (_managed_login, "Managed login"),
        (_history, "Password reuse prevention"),
    ],
    ids=["email-mfa", "passkey-mfa", "managed-login", "password-history"],
)
def test_it_refuses_a_move_to_lite_while_an_essentials_feature_is_in_use(
    emu_cognito, arrange, words
):
    pool_id = _essentials_pool(emu_cognito)
    arrange(emu_cognito, pool_id)
    policies = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"].get("Policies")
    with pytest.raises(ClientError) as refused:
        emu_cognito.update_user_pool(
            UserPoolId=pool_id, UserPoolTier="LITE", Policies=policies, EmailConfiguration=SES
        )
    assert _code(refused) == "FeatureUnavailableInTierException"
    message = refused.value.response["Error"]["Message"]
    assert message.startswith("The following features need to be disabled for the LITE")
    assert words in message
    tier = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["UserPoolTier"]
    assert tier == "ESSENTIALS"


def test_it_moves_a_pool_that_uses_none_of_them_to_lite(emu_cognito):
    pool_id = _essentials_pool(emu_cognito)
    emu_cognito.update_user_pool(UserPoolId=pool_id, UserPoolTier="LITE", EmailConfiguration=SES)
    tier = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["UserPoolTier"]
    assert tier == "LITE"
