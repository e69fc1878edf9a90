"""GetLogDeliveryConfiguration and SetLogDeliveryConfiguration, which moto 5.2.5 lacks
(issue 15).

AWS's rules (API reference, SetLogDeliveryConfiguration and LogConfigurationType;
developer guide, "Exporting user pool logs"; botocore's model):

- LogConfigurations: 0 to 2 entries (model), at most one per EventSource (a user pool
  exports each kind of log to one destination).
- EventSource ``userNotification`` (message-delivery errors) goes at LogLevel ``ERROR``
  to a CloudWatch Logs log group only ("choose ERROR with CloudWatchLogsConfiguration").
- EventSource ``userAuthEvents`` (threat protection's user activity) goes at LogLevel
  ``INFO`` to one of a CloudWatch Logs log group, an S3 bucket or a Firehose stream,
  and needs the Plus feature plan (FeatureUnavailableInTierException otherwise, as
  for the other Plus features).
- Each configuration names exactly one destination, an ARN of the right kind:
  ``arn:<partition>:logs:<region>:<account>:log-group:<name>[:*]``,
  ``arn:<partition>:s3:::<bucket>``,
  ``arn:<partition>:firehose:<region>:<account>:deliverystream/<name>``.
- Set replaces the whole configuration; an empty list removes it. Get of a pool with
  none answers ``{"UserPoolId": ..., "LogConfigurations": []}``.

The messages are ours (AWS's wording is undocumented); the codes are the model's.
Not emulated: whether the destination exists, its resource policy, and any log
actually delivered.

Moto internals used (pyproject pins moto to one exact version):
- moto.cognitoidp.responses.CognitoIdpResponse (methods added: the server looks up the
  snake_case name of X-Amz-Target); its backend / _get_param.
- CognitoIdpBackend.describe_user_pool (ResourceNotFoundException for an unknown
  pool); CognitoIdpUserPool.id / extended_config["UserPoolTier"] (set by auth_events).
- moto.cognitoidp.exceptions.InvalidParameterException; moto.core.responses.ActionResult.
- addon.py's `_lock`, `_validation_error`; auth_events' FeatureUnavailableInTierException
  style (a JsonRESTError).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import CognitoIdpBackend
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult

from .addon import _lock, _validation_error

_STATE_ATTR = "_cognito_console_log_delivery_state"
_INSTALLED_ATTR = "_cognito_console_log_delivery_installed"

MAX_CONFIGURATIONS = 2
SOURCES = ("userNotification", "userAuthEvents")
LEVELS = ("ERROR", "INFO")
#: The one level each event source is exported at (LogConfigurationType, LogLevel).
LEVEL_OF = {"userNotification": "ERROR", "userAuthEvents": "INFO"}
#: Destination member -> (its ARN member, the ARN's pattern, words).
_PARTITION = r"arn:aws(?:-[a-z]+)*"
_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d"
DESTINATIONS = {
    "CloudWatchLogsConfiguration": (
        "LogGroupArn",
        re.compile(_PARTITION + rf":logs:{_REGION}:\d{{12}}:log-group:[\w./#-]{{1,512}}(?::\*)?"),
        "a CloudWatch Logs log group ARN",
    ),
    "S3Configuration": (
        "BucketArn",
        re.compile(_PARTITION + r":s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
        "an S3 bucket ARN",
    ),
    "FirehoseConfiguration": (
        "StreamArn",
        re.compile(_PARTITION + rf":firehose:{_REGION}:\d{{12}}:deliverystream/[\w.-]{{1,64}}"),
        "a Firehose stream ARN",
    ),
}
#: The destinations each event source may use.
ALLOWED = {
    "userNotification": ("CloudWatchLogsConfiguration",),
    "userAuthEvents": tuple(DESTINATIONS),
}
MSG_TIER = (
    "The following features need to be disabled for the {tier} pricing tier configured: "
    "User auth events export"
)


class FeatureUnavailableInTierException(JsonRESTError):
    def __init__(self, tier: str) -> None:
        super().__init__("FeatureUnavailableInTierException", MSG_TIER.format(tier=tier))


def _store(backend: CognitoIdpBackend) -> dict[str, list[dict[str, Any]]]:
    with _lock:
        store = getattr(backend, _STATE_ATTR, None)
        if store is None:
            store = {}
            setattr(backend, _STATE_ATTR, store)
        return store


def _check(entry: Any, index: int, tier: str) -> dict[str, Any]:
    """One LogConfigurationType, checked; the entry as stored."""
    member = f"logConfigurations.{index + 1}"
    if not isinstance(entry, dict):
        raise _validation_error(None, member, "Member must not be null")
    source, level = entry.get("EventSource"), entry.get("LogLevel")
    if source not in SOURCES:
        raise _validation_error(
            source,
            f"{member}.eventSource",
            f"Member must satisfy enum value set: [{', '.join(SOURCES)}]",
        )
    if level not in LEVELS:
        raise _validation_error(
            level,
            f"{member}.logLevel",
            f"Member must satisfy enum value set: [{', '.join(LEVELS)}]",
        )
    if level != LEVEL_OF[source]:
        raise InvalidParameterException(
            f"LogLevel {level} is not supported for EventSource {source}: use {LEVEL_OF[source]}."
        )
    given = [key for key in DESTINATIONS if entry.get(key) is not None]
    if len(given) != 1:
        raise InvalidParameterException(
            f"The {source} log configuration must have exactly one destination "
            f"({', '.join(ALLOWED[source])})."
        )
    kind = given[0]
    if kind not in ALLOWED[source]:
        raise InvalidParameterException(
            f"{kind} is not supported for EventSource {source}: use {' or '.join(ALLOWED[source])}."
        )
    arn_key, pattern, words = DESTINATIONS[kind]
    arn = (entry.get(kind) or {}).get(arn_key) if isinstance(entry.get(kind), dict) else None
    if not isinstance(arn, str) or not pattern.fullmatch(arn):
        raise InvalidParameterException(f"{kind}.{arn_key} must be {words}: {arn!r}.")
    if source == "userAuthEvents" and tier != "PLUS":
        raise FeatureUnavailableInTierException(tier)
    return {"EventSource": source, "LogLevel": level, kind: {arn_key: arn}}


class _Operations:
    """Methods copied onto CognitoIdpResponse. `self` is that response."""

    def get_log_delivery_configuration(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        with _lock:
            entries = copy.deepcopy(_store(self.backend).get(pool.id, []))
        return ActionResult(
            {"LogDeliveryConfiguration": {"UserPoolId": pool.id, "LogConfigurations": entries}}
        )

    def set_log_delivery_configuration(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        entries = self._get_param("LogConfigurations")
        if entries is None:
            raise _validation_error(None, "logConfigurations", "Member must not be null")
        if not isinstance(entries, list):
            raise _validation_error(entries, "logConfigurations", "Member must be a list")
        if len(entries) > MAX_CONFIGURATIONS:
            raise _validation_error(
                "[...]",
                "logConfigurations",
                f"Member must have length less than or equal to {MAX_CONFIGURATIONS}",
            )
        tier = str(pool.extended_config.get("UserPoolTier") or "ESSENTIALS")
        checked = [_check(entry, i, tier) for i, entry in enumerate(entries)]
        sources = [entry["EventSource"] for entry in checked]
        for source in SOURCES:
            if sources.count(source) > 1:
                raise InvalidParameterException(
                    f"Only one log configuration per EventSource: {source} is given "
                    f"{sources.count(source)} times."
                )
        with _lock:
            store = _store(self.backend)
            if checked:
                store[pool.id] = checked
            else:
                store.pop(pool.id, None)
        return ActionResult(
            {
                "LogDeliveryConfiguration": {
                    "UserPoolId": pool.id,
                    "LogConfigurations": copy.deepcopy(checked),
                }
            }
        )


def install_log_delivery(response_class: type) -> None:
    """Add Get/SetLogDeliveryConfiguration to `response_class`. Idempotent."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    for name, member in vars(_Operations).items():
        if callable(member) and not name.startswith("__"):
            setattr(response_class, name, member)
    setattr(response_class, _INSTALLED_ATTR, True)
