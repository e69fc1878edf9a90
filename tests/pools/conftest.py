"""Fixtures for the pool and app-client pages (issue 3)."""

from __future__ import annotations

import pytest

from pools.attribute_forms import STANDARD_ATTRIBUTES

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:{}"


@pytest.fixture
def rich_pool(idp):
    """A pool with many settings set away from their defaults, to check edits keep them."""
    response = idp.create_user_pool(
        PoolName="Rich pool",
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 12,
                "RequireUppercase": False,
                "RequireLowercase": True,
                "RequireNumbers": False,
                "RequireSymbols": True,
                "TemporaryPasswordValidityDays": 3,
            }
        },
        DeletionProtection="INACTIVE",
        LambdaConfig={
            "PreSignUp": LAMBDA.format("pre"),
            "PostConfirmation": LAMBDA.format("post"),
            "PreTokenGeneration": LAMBDA.format("token"),
        },
        AutoVerifiedAttributes=["email"],
        AliasAttributes=["email", "preferred_username"],
        SmsAuthenticationMessage="Your sign-in code is {####}",
        MfaConfiguration="OFF",
        DeviceConfiguration={
            "ChallengeRequiredOnNewDevice": True,
            "DeviceOnlyRememberedOnUserPrompt": True,
        },
        EmailConfiguration={
            "EmailSendingAccount": "DEVELOPER",
            "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/support@example.com",
            "ReplyToEmailAddress": "help@example.com",
        },
        SmsConfiguration={
            "SnsCallerArn": "arn:aws:iam::123456789012:role/sms",
            "ExternalId": "ext-1",
        },
        VerificationMessageTemplate={
            "SmsMessage": "Code {####}",
            "EmailMessage": "Your code is {####}",
            "EmailSubject": "Verify",
            "DefaultEmailOption": "CONFIRM_WITH_CODE",
        },
        AdminCreateUserConfig={
            "AllowAdminCreateUserOnly": True,
            "UnusedAccountValidityDays": 5,
            "InviteMessageTemplate": {
                "SMSMessage": "Hi {username}, code {####}",
                "EmailMessage": "Hello {username}, your password is {####}",
                "EmailSubject": "Welcome",
            },
        },
        UserPoolTags={"team": "support", "env": "test"},
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        Schema=[
            {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True},
        ],
    )
    return response["UserPool"]["Id"]


def formset_data(prefix: str, rows: list[dict], extra: int = 0) -> dict:
    """POST data for a formset: the management form and each row's fields."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"{prefix}-{i}-{key}"] = "on"
            elif value not in (False, None):
                data[f"{prefix}-{i}-{key}"] = value
    for i in range(len(rows), len(rows) + extra):
        data[f"{prefix}-{i}-data_type"] = "String"
        data[f"{prefix}-{i}-mutable"] = "on"
    return data


def new_pool_data(**overrides) -> dict:
    """A valid POST for /pools/new: defaults like the form's, plus `overrides`."""
    data = {
        "name": "Created pool",
        "pw_min_length": "8",
        "pw_upper": "on",
        "pw_lower": "on",
        "pw_numbers": "on",
        "pw_symbols": "on",
        "pw_temp_days": "7",
        "mfa": "OFF",
        "unused_days": "7",
        "email_account": "COGNITO_DEFAULT",
    }
    for attr, _type in STANDARD_ATTRIBUTES:  # mutable, as the form starts
        data[f"std_{attr}_mutable"] = "on"
    data.update(formset_data("custom", [], extra=1))
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def form_values(form) -> dict:
    """A bound form's initial values as POST data (lists stay lists, booleans "on"), with
    the snapshot a reviewed edit's page carries (console.snapshot.FIELD: its initial
    values sealed, as the edit page seals them when it opens)."""
    from console.snapshot import FIELD, seal

    data = {FIELD: seal(form.initial)}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False or value == "":
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            if hasattr(field, "member"):  # a one-value-a-line field
                data[name] = "\n".join(value)
            else:
                data[name] = list(value)
        else:
            data[name] = str(value)
    return data


@pytest.fixture
def secret_client(idp, pool_id):
    """An app client with a secret and USER_PASSWORD_AUTH, and a user who must change
    their temporary password, in a group."""
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="Web app",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        RefreshTokenValidity=10,
        AccessTokenValidity=2,
        TokenValidityUnits={"RefreshToken": "days", "AccessToken": "hours"},
        CallbackURLs=["https://app.example.com/cb"],
        ReadAttributes=["email", "custom:tenant_id"],
    )["UserPoolClient"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="dora@example.com",
        TemporaryPassword="Temp-pass-1!",
        MessageAction="SUPPRESS",
    )
    idp.create_group(UserPoolId=pool_id, GroupName="support")
    idp.admin_add_user_to_group(
        UserPoolId=pool_id, Username="dora@example.com", GroupName="support"
    )
    return client
