"""Threat protection's risk configuration (DescribeRiskConfiguration /
SetRiskConfiguration), per user pool and per app client.

A pool's configuration applies to every app client that has none of its own; an app
client's own configuration replaces the pool's for that client, whole (API reference,
SetRiskConfiguration ClientId: "When you include both ClientId and UserPoolId, Amazon
Cognito maps the configuration to the app client only"). DescribeRiskConfiguration of
a client without its own answers the pool's, without ClientId. SetRiskConfiguration
with UserPoolId and ClientId only makes the client inherit the pool's again; with
UserPoolId only it resets the pool's to the defaults (API reference,
SetRiskConfiguration). Both operations need the pool's threat protection on
(UserPoolAddOnNotEnabledException, errors.ThreatProtectionOff) and the Plus plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .documents import Document, document_preview, document_update
from .pools import Preview
from .records import FrozenDict
from .transport import call, region_of, write

#: The risk levels of adaptive authentication, as AccountTakeoverActionsType names them.
RISK_LEVELS = ("Low", "Medium", "High")

_PARTS = (
    "CompromisedCredentialsRiskConfiguration",
    "AccountTakeoverRiskConfiguration",
    "RiskExceptionConfiguration",
)


@dataclass(frozen=True)
class RiskConfig:
    """One DescribeRiskConfiguration answer.

    `client_id` is the app client asked about ("" for the pool); `own` is True when
    the answer is that client's own configuration (always True for the pool), False
    when the client inherits the pool's or neither has one (an answer with the
    client's ClientId but no configuration member is not its own). `raw` holds the
    three configurations (the RiskConfigurationType members other than the IDs and
    LastModifiedDate), in SetRiskConfiguration's request shape; `modified` is
    LastModifiedDate (None when nothing was ever set).
    """

    pool_id: str
    client_id: str
    own: bool
    modified: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=FrozenDict, repr=False)

    @classmethod
    def from_shape(cls, pool_id: str, client_id: str, shape: Mapping[str, Any]) -> RiskConfig:
        config = shape.get("RiskConfiguration") or {}
        kept = {k: config[k] for k in _PARTS if config.get(k) is not None}
        # An answer naming the client but holding none of the three configurations is
        # no configuration of its own: with none on the pool either, Cognito answers
        # {UserPoolId, ClientId} only (nothing to inherit from, nothing to remove).
        own = not client_id or (config.get("ClientId") == client_id and bool(kept))
        return cls(
            pool_id=pool_id,
            client_id=client_id,
            own=own,
            modified=config.get("LastModifiedDate"),
            raw=FrozenDict(kept),
        )

    def _get(self, *path: str) -> Any:
        value: Any = self.raw
        for part in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(part)
        return value

    @property
    def configured(self) -> bool:
        """True when any of the three configurations is set."""
        return bool(self.raw)

    @property
    def compromised_action(self) -> str:
        """Compromised credentials' EventAction (BLOCK, NO_ACTION), "" when not set."""
        return self._get("CompromisedCredentialsRiskConfiguration", "Actions", "EventAction") or ""

    @property
    def compromised_events(self) -> tuple[str, ...]:
        """The events checked for compromised credentials (SIGN_IN, PASSWORD_CHANGE,
        SIGN_UP). Cognito checks every event when the filter is empty (API reference,
        CompromisedCredentialsRiskConfigurationType.EventFilter)."""
        return tuple(self._get("CompromisedCredentialsRiskConfiguration", "EventFilter") or ())

    def action(self, level: str) -> tuple[str, bool] | None:
        """(EventAction, Notify) of adaptive authentication at risk `level` (Low, Medium,
        High); None when the level has no action set."""
        found = self._get("AccountTakeoverRiskConfiguration", "Actions", f"{level}Action")
        if not found:
            return None
        return found.get("EventAction", ""), bool(found.get("Notify"))

    @property
    def notify(self) -> Mapping[str, Any]:
        """AccountTakeoverRiskConfiguration.NotifyConfiguration ({} when not set)."""
        return self._get("AccountTakeoverRiskConfiguration", "NotifyConfiguration") or {}

    @property
    def blocked_ranges(self) -> tuple[str, ...]:
        """The IP ranges always blocked (CIDR), RiskExceptionConfiguration."""
        return tuple(self._get("RiskExceptionConfiguration", "BlockedIPRangeList") or ())

    @property
    def skipped_ranges(self) -> tuple[str, ...]:
        """The IP ranges never risk-rated (CIDR), RiskExceptionConfiguration."""
        return tuple(self._get("RiskExceptionConfiguration", "SkippedIPRangeList") or ())


def risk_configuration_get(*, pool_id: str, client_id: str = "") -> RiskConfig:
    """DescribeRiskConfiguration of the pool, or of one app client (`client_id`), as a
    RiskConfig (not cached: the page that shows it is the page that edits it).

    Raises ThreatProtectionOff (UserPoolAddOnNotEnabledException) when the pool's threat
    protection is off, NotFound for no such pool or app client, and the rest of the
    CognitoError family as `transport.call` does.
    """
    params: dict[str, Any] = {"UserPoolId": pool_id}
    if client_id:
        params["ClientId"] = client_id
    reply = call("DescribeRiskConfiguration", region=region_of(pool_id), **params)
    return RiskConfig.from_shape(pool_id, client_id, reply)


def risk_document(*, pool_id: str, client_id: str = "") -> Document:
    """The risk configuration of the pool, or of one app client, as a Document.

    An app client that has no configuration of its own starts from the pool's (what it
    uses now); saving gives it its own, the pool's with the changes applied.
    """
    ids = {"UserPoolId": pool_id, **({"ClientId": client_id} if client_id else {})}
    return Document(
        operation="SetRiskConfiguration",
        region=region_of(pool_id),
        pool_id=pool_id,
        ids=ids,
        read=lambda: dict(risk_configuration_get(pool_id=pool_id, client_id=client_id).raw),
        target_type="risk_configuration",
        target_id=client_id or pool_id,
    )


def risk_configuration_update_preview(
    *, pool_id: str, client_id: str = "", changes: Mapping[str, Any]
) -> Preview:
    """What SetRiskConfiguration with `changes` (nested SetRiskConfiguration members;
    None removes one) would change for the pool or the app client `client_id`, and the
    fingerprint of the configuration it starts from. Raises the CognitoError family."""
    document = risk_document(pool_id=pool_id, client_id=client_id)
    return document_preview(document=document, changes=changes)


def risk_configuration_update(
    *,
    pool_id: str,
    client_id: str = "",
    changes: Mapping[str, Any],
    expected: str | None = None,
) -> RiskConfig:
    """SetRiskConfiguration with the whole current configuration of the pool (or of the
    app client `client_id`) and `changes` applied, audited, a lost answer read back;
    the configuration now.

    `expected` is a Preview's fingerprint (InvalidInput "ConfigurationChanged" when it
    moved since). Raises Cognito's refusals as CognitoErrors: InvalidInput (a range
    that is no CIDR, over 200 ranges), ThreatProtectionOff, NotFound.
    """
    document = risk_document(pool_id=pool_id, client_id=client_id)
    document_update(document=document, changes=changes, expected=expected)
    return risk_configuration_get(pool_id=pool_id, client_id=client_id)


def risk_configuration_inherit(*, pool_id: str, client_id: str) -> RiskConfig:
    """Remove the app client's own risk configuration: SetRiskConfiguration with
    UserPoolId and ClientId only, so the client uses the pool's again (API reference,
    SetRiskConfiguration: "To reset the threat protection settings of an app client to
    be inherited from the user pool, send UserPoolId and ClientId parameters only").
    Audited; a lost answer is read back. The client's configuration now (the pool's).
    Raises ThreatProtectionOff, NotFound and the rest of the CognitoError family.
    """

    def inherits() -> bool:
        return not risk_configuration_get(pool_id=pool_id, client_id=client_id).own

    write(
        "SetRiskConfiguration",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="risk_configuration",
        target_id=client_id,
        verify=inherits,
        UserPoolId=pool_id,
        ClientId=client_id,
    )
    return risk_configuration_get(pool_id=pool_id, client_id=client_id)
