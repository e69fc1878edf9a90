"""Fixtures for the threat protection section (issue 15)."""

from __future__ import annotations

import pytest

from tests.pools.conftest import form_values  # noqa: F401

TAKEOVER = {
    "Actions": {
        "LowAction": {"Notify": False, "EventAction": "NO_ACTION"},
        "MediumAction": {"Notify": True, "EventAction": "MFA_IF_CONFIGURED"},
        "HighAction": {"Notify": True, "EventAction": "BLOCK"},
    },
    "NotifyConfiguration": {
        "From": "security@example.com",
        "ReplyTo": "help@example.com",
        "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        "BlockEmail": {"Subject": "Blocked", "TextBody": "We blocked a sign-in."},
    },
}
COMPROMISED = {"EventFilter": ["SIGN_IN", "SIGN_UP"], "Actions": {"EventAction": "BLOCK"}}
EXCEPTIONS = {
    "BlockedIPRangeList": ["192.0.2.0/24"],
    "SkippedIPRangeList": ["198.51.100.7/32", "2001:db8::/32"],
}


def make_pool(idp, *, tier="PLUS", mode="ENFORCED") -> tuple[str, str]:
    """A pool of plan `tier` and threat protection `mode`, with one app client."""
    kwargs: dict = {"UserPoolTier": tier}
    if mode:
        kwargs["UserPoolAddOns"] = {"AdvancedSecurityMode": mode}
    pool_id = idp.create_user_pool(PoolName="Protected", **kwargs)["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="Web app")
    return pool_id, client["UserPoolClient"]["ClientId"]


@pytest.fixture
def risky(idp):
    """(pool ID, client ID): a Plus pool, threat protection enforced, its risk
    configuration fully set, the client without its own."""
    pool_id, client_id = make_pool(idp)
    idp.set_risk_configuration(
        UserPoolId=pool_id,
        CompromisedCredentialsRiskConfiguration=COMPROMISED,
        AccountTakeoverRiskConfiguration=TAKEOVER,
        RiskExceptionConfiguration=EXCEPTIONS,
    )
    return pool_id, client_id


def risk_of(idp, pool_id: str, client_id: str = "") -> dict:
    """DescribeRiskConfiguration's configuration, without the date."""
    kwargs = {"ClientId": client_id} if client_id else {}
    config = idp.describe_risk_configuration(UserPoolId=pool_id, **kwargs)["RiskConfiguration"]
    config.pop("LastModifiedDate", None)
    return config
