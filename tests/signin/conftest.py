"""Fixtures for the Sign-in tab's landing page and Lambda triggers (issue 15)."""

from __future__ import annotations

import pytest

from tests.pools.conftest import form_values

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:{}"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

#: Every trigger of LambdaConfigType set, as DescribeUserPool gives them back.
EVERY_TRIGGER = {
    "PreSignUp": LAMBDA.format("pre-sign-up"),
    "CustomMessage": LAMBDA.format("message"),
    "PostConfirmation": LAMBDA.format("post-confirmation"),
    "PreAuthentication": LAMBDA.format("pre-auth"),
    "PostAuthentication": LAMBDA.format("post-auth"),
    "DefineAuthChallenge": LAMBDA.format("define"),
    "CreateAuthChallenge": LAMBDA.format("create"),
    "VerifyAuthChallengeResponse": LAMBDA.format("verify"),
    "PreTokenGeneration": LAMBDA.format("token"),
    "UserMigration": LAMBDA.format("migrate"),
    "PreTokenGenerationConfig": {"LambdaArn": LAMBDA.format("token"), "LambdaVersion": "V2_0"},
    "CustomSMSSender": {"LambdaArn": LAMBDA.format("sms"), "LambdaVersion": "V1_0"},
    "CustomEmailSender": {"LambdaArn": LAMBDA.format("email"), "LambdaVersion": "V1_0"},
    "KMSKeyID": KMS,
    "InboundFederation": {"LambdaArn": LAMBDA.format("federate"), "LambdaVersion": "V1_0"},
}


def make_pool(idp, tier: str = "ESSENTIALS", **config) -> str:
    """A pool on feature plan `tier`, with `config` (CreateUserPool members)."""
    pool = idp.create_user_pool(PoolName="Sign-in pool", UserPoolTier=tier, **config)
    return pool["UserPool"]["Id"]


def rich_config() -> dict:
    """Settings away from their defaults in every part of the pool that a section edit
    must not touch (CreateUserPool / UpdateUserPool members)."""
    return {
        "Policies": {
            "PasswordPolicy": {"MinimumLength": 11, "RequireSymbols": False},
            "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]},
        },
        "LambdaConfig": dict(EVERY_TRIGGER),
        "SmsAuthenticationMessage": "Your MFA code is {####}",
        "VerificationMessageTemplate": {
            "SmsMessage": "Verify with {####}",
            "EmailMessage": "Your code: {####}",
            "EmailSubject": "Verify",
            "DefaultEmailOption": "CONFIRM_WITH_CODE",
        },
        "AutoVerifiedAttributes": ["email"],
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": True},
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
        "UserPoolTags": {"team": "support"},
        "DeletionProtection": "ACTIVE",
        "MfaConfiguration": "OPTIONAL",
    }


@pytest.fixture
def rich_pool(idp):
    """An Essentials pool with every trigger, a sign-in policy, messages, tags, devices
    and TOTP MFA set (SetUserPoolMfaConfig)."""
    pool_id = make_pool(idp, "ESSENTIALS", **rich_config())
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    return pool_id


def page_values(client, url: str) -> dict:
    """The POST data of the form `url` shows, as it is (nothing changed), with the
    snapshot it carries ("opened"; `fields` leaves it out)."""
    return form_values(client.get(url).context["form"])


def fields(values: dict) -> dict:
    """`values` without the snapshot: the form's fields only."""
    return {k: v for k, v in values.items() if k != "opened"}


def with_snapshot(client, url: str, data: dict) -> dict:
    """`data` with the snapshot the edit page at `url` carries (console.snapshot.FIELD),
    as a browser sends it: an edit without one is refused (400)."""
    return {"opened": client.get(url).context["opened"], **data}


def review_and_save(client, url: str, data: dict):
    """POST `data` to a reviewed edit at `url`, then confirm the diff: (review, saved)."""
    data = with_snapshot(client, url, data) if "opened" not in data else data
    review = client.post(url, data)
    assert review.status_code == 200, review.status_code
    assert "preview" in review.context, review.context["form"].errors
    confirm = dict(data, confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    return review, client.post(url, confirm)


def described(idp, pool_id: str) -> dict:
    """DescribeUserPool without the dates an update moves."""
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    for key in ("LastModifiedDate", "CreationDate"):
        pool.pop(key, None)
    return pool
