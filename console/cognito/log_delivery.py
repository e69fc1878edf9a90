"""A user pool's log delivery (GetLogDeliveryConfiguration /
SetLogDeliveryConfiguration): where Cognito exports its logs.

A pool has at most two log configurations, one per event source (API reference,
SetLogDeliveryConfiguration, LogConfigurationType; developer guide, "Exporting user
pool logs"):

- ``userNotification``: message-delivery errors (email and SMS), LogLevel ``ERROR``,
  to a CloudWatch Logs log group;
- ``userAuthEvents``: threat protection's user activity, LogLevel ``INFO``, to a
  CloudWatch Logs log group, an S3 bucket or a Firehose stream; it needs the Plus
  feature plan (FeatureUnavailableInTierException, errors.NotInPlan).

SetLogDeliveryConfiguration replaces the whole list, so an edit of one configuration
goes through `documents` (the other is read and sent back as it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .documents import Document, document_request, document_update
from .pools import Preview, config_diff, fingerprint
from .records import FrozenDict
from .transport import call, region_of

OPERATION = "SetLogDeliveryConfiguration"
#: The event sources, in the order the console shows and sends them.
SOURCES = ("userNotification", "userAuthEvents")
#: The one LogLevel each source is exported at (LogConfigurationType, LogLevel).
LEVEL_OF = {"userNotification": "ERROR", "userAuthEvents": "INFO"}
#: Destination member -> its ARN member (LogConfigurationType).
DESTINATIONS = {
    "CloudWatchLogsConfiguration": "LogGroupArn",
    "S3Configuration": "BucketArn",
    "FirehoseConfiguration": "StreamArn",
}
#: The destinations each source may use (LogConfigurationType, LogLevel).
ALLOWED = {
    "userNotification": ("CloudWatchLogsConfiguration",),
    "userAuthEvents": tuple(DESTINATIONS),
}
SOURCE_WORDS = {
    "userNotification": "Message delivery errors",
    "userAuthEvents": "User activity (threat protection)",
}
DESTINATION_WORDS = {
    "CloudWatchLogsConfiguration": "CloudWatch Logs log group",
    "S3Configuration": "S3 bucket",
    "FirehoseConfiguration": "Firehose stream",
}


@dataclass(frozen=True)
class LogConfig:
    """One LogConfigurationType: `source` (userNotification, userAuthEvents), `level`
    (ERROR, INFO), `destination` (CloudWatchLogsConfiguration, S3Configuration,
    FirehoseConfiguration; "" when none) and its `arn`."""

    source: str
    level: str
    destination: str
    arn: str
    raw: Mapping[str, Any] = field(default_factory=FrozenDict, repr=False)

    @property
    def source_words(self) -> str:
        return SOURCE_WORDS.get(self.source, self.source)

    @property
    def destination_words(self) -> str:
        return DESTINATION_WORDS.get(self.destination, self.destination)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> LogConfig:
        destination = next((d for d in DESTINATIONS if shape.get(d)), "")
        arn = (
            (shape.get(destination) or {}).get(DESTINATIONS[destination], "") if destination else ""
        )
        return cls(
            source=shape.get("EventSource", ""),
            level=shape.get("LogLevel", ""),
            destination=destination,
            arn=arn,
            raw=FrozenDict(shape),
        )


@dataclass(frozen=True)
class LogDelivery:
    """A pool's log delivery: its configurations (`configs`, at most one per source)."""

    pool_id: str
    configs: tuple[LogConfig, ...]

    def of(self, source: str) -> LogConfig | None:
        """The configuration of `source`, None when that source is not exported."""
        return next((c for c in self.configs if c.source == source), None)


def _entries(reply: Mapping[str, Any]) -> list[dict]:
    configuration = reply.get("LogDeliveryConfiguration") or {}
    return [dict(e) for e in configuration.get("LogConfigurations") or ()]


def log_delivery_get(*, pool_id: str) -> LogDelivery:
    """GetLogDeliveryConfiguration as a LogDelivery (not cached: the page that shows it
    edits it). Raises NotFound for no such pool and the rest of the CognitoError family
    as `transport.call` does."""
    reply = call("GetLogDeliveryConfiguration", region=region_of(pool_id), UserPoolId=pool_id)
    return LogDelivery(
        pool_id=pool_id, configs=tuple(LogConfig.from_shape(e) for e in _entries(reply))
    )


def log_delivery_document(*, pool_id: str) -> Document:
    """The pool's log delivery as a Document of SetLogDeliveryConfiguration (the whole
    list of LogConfigurations, ordered by SOURCES)."""

    def read() -> dict:
        reply = call("GetLogDeliveryConfiguration", region=region_of(pool_id), UserPoolId=pool_id)
        return {"LogConfigurations": _ordered(_entries(reply))}

    return Document(
        operation=OPERATION,
        region=region_of(pool_id),
        pool_id=pool_id,
        ids={"UserPoolId": pool_id},
        read=read,
        target_type="log_delivery",
        target_id=pool_id,
    )


def _ordered(entries: list[dict]) -> list[dict]:
    rank = {s: i for i, s in enumerate(SOURCES)}
    return sorted(entries, key=lambda e: rank.get(e.get("EventSource"), len(SOURCES)))


def log_entry(*, source: str, destination: str, arn: str) -> dict | None:
    """The LogConfigurationType for `source` exported to `destination`'s `arn` at the
    source's one level; None when `destination` is "" (the source is not exported)."""
    if not destination:
        return None
    return {
        "EventSource": source,
        "LogLevel": LEVEL_OF[source],
        destination: {DESTINATIONS[destination]: arn},
    }


def _changes(current: Mapping[str, Any], source: str, entry: dict | None) -> dict:
    """The whole LogConfigurations list with `source`'s entry replaced by `entry` (or
    removed), every other entry kept as Cognito holds it."""
    kept = [e for e in current.get("LogConfigurations") or () if e.get("EventSource") != source]
    if entry is not None:
        kept.append(entry)
    return {"LogConfigurations": _ordered(kept)}


def _keyed(request: Mapping[str, Any]) -> dict:
    """The list keyed by event source, so the diff names each setting."""
    return {e.get("EventSource", "?"): e for e in request.get("LogConfigurations") or ()}


def log_delivery_preview(*, pool_id: str, source: str, entry: dict | None) -> Preview:
    """What setting `source`'s configuration to `entry` (None: stop exporting it)
    changes, each change at path "<source>.<member>...", with the fingerprint of the
    configuration it starts from. Raises what `call` raises."""
    document = log_delivery_document(pool_id=pool_id)
    current, _ = document_request(document=document, changes={})
    _, request = document_request(document=document, changes=_changes(current, source, entry))
    return Preview(
        changes=tuple(config_diff(_keyed(current), _keyed(request))),
        fingerprint=fingerprint(current),
    )


def log_delivery_update(
    *, pool_id: str, source: str, entry: dict | None, expected: str | None = None
) -> dict:
    """SetLogDeliveryConfiguration with `source`'s configuration set to `entry` (None
    removes it) and the other source's sent back as Cognito holds it, audited; a lost
    answer is read back. With `expected` (a preview's fingerprint) nothing is sent when
    the configuration moved since: InvalidInput "ConfigurationChanged". Raises the
    CognitoError of a refusal: NotInPlan (userAuthEvents below Plus), InvalidInput."""
    document = log_delivery_document(pool_id=pool_id)
    current = document.current()
    return document_update(
        document=document, changes=_changes(current, source, entry), expected=expected
    )
