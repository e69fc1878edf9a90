"""Fixtures for the MFA and passkeys section (issue 15)."""

from __future__ import annotations

import pytest

from tests.pools.conftest import form_values  # noqa: F401

SMS_ROLE = "arn:aws:iam::123456789012:role/sms"
SES = "arn:aws:ses:us-east-1:123456789012:identity/support@example.com"
SMS_MFA = {
    "SmsAuthenticationMessage": "Your sign-in code is {####}",
    "SmsConfiguration": {"SnsCallerArn": SMS_ROLE, "ExternalId": "ext-1"},
}
EMAIL_MFA = {"Subject": "Your code", "Message": "Sign in with {####}"}
PASSKEYS = {"RelyingPartyId": "auth.example.com", "UserVerification": "required"}


def make_pool(idp, *, tier="ESSENTIALS", sms_role=True, ses=True) -> str:
    """A pool of plan `tier`, with an SNS role and SES email sending unless told not."""
    kwargs: dict = {"UserPoolTier": tier}
    if sms_role:
        kwargs["SmsConfiguration"] = {"SnsCallerArn": SMS_ROLE, "ExternalId": "ext-1"}
    if ses:
        kwargs["EmailConfiguration"] = {"EmailSendingAccount": "DEVELOPER", "SourceArn": SES}
    return idp.create_user_pool(PoolName="MFA pool", **kwargs)["UserPool"]["Id"]


@pytest.fixture
def mfa_pool(idp):
    """A pool with every factor and passkeys set, MFA optional."""
    pool_id = make_pool(idp)
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration=SMS_MFA,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        EmailMfaConfiguration=EMAIL_MFA,
        WebAuthnConfiguration=PASSKEYS,
    )
    return pool_id


def mfa_of(idp, pool_id: str) -> dict:
    """GetUserPoolMfaConfig without its metadata."""
    reply = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
    reply.pop("ResponseMetadata")
    return reply
