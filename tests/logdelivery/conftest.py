"""Fixtures for the log delivery section (issue 15)."""

from __future__ import annotations

from tests.pools.conftest import form_values  # noqa: F401

LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/pool"
OTHER_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/other"
BUCKET = "arn:aws:s3:::cognito-activity"
STREAM = "arn:aws:firehose:us-east-1:123456789012:deliverystream/activity"
NOTIFY = {
    "EventSource": "userNotification",
    "LogLevel": "ERROR",
    "CloudWatchLogsConfiguration": {"LogGroupArn": LOG_GROUP},
}
AUTH = {
    "EventSource": "userAuthEvents",
    "LogLevel": "INFO",
    "S3Configuration": {"BucketArn": BUCKET},
}


def make_pool(idp, *, tier: str = "PLUS") -> str:
    return idp.create_user_pool(PoolName="Logs pool", UserPoolTier=tier)["UserPool"]["Id"]


def logs_of(idp, pool_id: str) -> list[dict]:
    reply = idp.get_log_delivery_configuration(UserPoolId=pool_id)
    return reply["LogDeliveryConfiguration"]["LogConfigurations"]
