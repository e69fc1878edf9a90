"""Get/SetLogDeliveryConfiguration in the emulator (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/pool"
BUCKET = "arn:aws:s3:::cognito-logs"
STREAM = "arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito"
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


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return exc.value.response["Error"]["Code"]


def make_pool(cognito: Any, tier: str = "PLUS") -> str:
    return cognito.create_user_pool(PoolName="logs", UserPoolTier=tier)["UserPool"]["Id"]


def test_it_answers_an_empty_list_when_nothing_was_set(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    got = emu_cognito.get_log_delivery_configuration(UserPoolId=pool_id)
    assert got["LogDeliveryConfiguration"] == {"UserPoolId": pool_id, "LogConfigurations": []}


def test_it_keeps_both_sources_and_replaces_the_whole_list(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    emu_cognito.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    got = emu_cognito.get_log_delivery_configuration(UserPoolId=pool_id)
    assert got["LogDeliveryConfiguration"]["LogConfigurations"] == [NOTIFY, AUTH]
    emu_cognito.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[AUTH])
    got = emu_cognito.get_log_delivery_configuration(UserPoolId=pool_id)
    assert got["LogDeliveryConfiguration"]["LogConfigurations"] == [AUTH]
    emu_cognito.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[])
    got = emu_cognito.get_log_delivery_configuration(UserPoolId=pool_id)
    assert got["LogDeliveryConfiguration"]["LogConfigurations"] == []


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param({**NOTIFY, "LogLevel": "INFO"}, id="notification-at-info"),
        pytest.param({**AUTH, "LogLevel": "ERROR"}, id="auth-events-at-error"),
        pytest.param(
            {
                "EventSource": "userNotification",
                "LogLevel": "ERROR",
                "S3Configuration": {"BucketArn": BUCKET},
            },
            id="notification-to-s3",
        ),
        pytest.param({"EventSource": "userAuthEvents", "LogLevel": "INFO"}, id="no-destination"),
        pytest.param(
            {**AUTH, "FirehoseConfiguration": {"StreamArn": STREAM}}, id="two-destinations"
        ),
        pytest.param(
            {**NOTIFY, "CloudWatchLogsConfiguration": {"LogGroupArn": BUCKET}}, id="wrong-arn-kind"
        ),
    ],
)
def test_it_refuses_what_aws_refuses(emu_cognito: Any, entry: dict) -> None:
    pool_id = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[entry])
    assert code(exc) == "InvalidParameterException"


def test_it_refuses_two_configurations_of_one_source(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito)
    other = {**NOTIFY, "CloudWatchLogsConfiguration": {"LogGroupArn": LOG_GROUP + "-2"}}
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_log_delivery_configuration(
            UserPoolId=pool_id, LogConfigurations=[NOTIFY, other]
        )
    assert code(exc) == "InvalidParameterException"


def test_it_needs_the_plus_plan_for_user_activity(emu_cognito: Any) -> None:
    pool_id = make_pool(emu_cognito, tier="ESSENTIALS")
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[AUTH])
    assert code(exc) == "FeatureUnavailableInTierException"
    emu_cognito.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY])
    got = emu_cognito.get_log_delivery_configuration(UserPoolId=pool_id)
    assert got["LogDeliveryConfiguration"]["LogConfigurations"] == [NOTIFY]


def test_it_refuses_an_unknown_pool(emu_cognito: Any) -> None:
    with pytest.raises(ClientError) as exc:
        emu_cognito.get_log_delivery_configuration(UserPoolId="us-east-1_nothere")
    assert code(exc) == "ResourceNotFoundException"
