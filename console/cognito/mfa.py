"""A user pool's MFA configuration (GetUserPoolMfaConfig), as a frozen record.

DescribeUserPool says only whether MFA is OFF, ON (required) or OPTIONAL; which
factors the pool offers is GetUserPoolMfaConfig's answer (API reference,
GetUserPoolMfaConfig; SoftwareTokenMfaConfigType, SmsMfaConfigType,
EmailMfaConfigType):

- TOTP (an authenticator app) is on when `SoftwareTokenMfaConfiguration.Enabled`;
- SMS is on when the reply carries `SmsMfaConfiguration` (it has no Enabled flag:
  SetUserPoolMfaConfig without it turns SMS MFA off);
- email is on when the reply carries `EmailMfaConfiguration` (Essentials tier or
  higher);
- `WebAuthnConfiguration` is the passkey setting, not an MFA factor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache

from .cachekeys import metadata_key
from .records import FrozenDict
from .transport import call, region_of

if TYPE_CHECKING:  # pools.py and documents.py import this module
    from .documents import Document
    from .pools import Preview

MFA_MODES = ("OFF", "ON", "OPTIONAL")


@dataclass(frozen=True)
class MfaConfig:
    """What GetUserPoolMfaConfig says: the mode ("OFF", "ON" = required, "OPTIONAL")
    and which factors the pool offers."""

    pool_id: str
    mode: str
    sms: bool
    totp: bool
    email: bool
    raw: Mapping[str, Any] = field(default_factory=FrozenDict, repr=False)

    @property
    def required(self) -> bool:
        return self.mode == "ON"

    @property
    def factors(self) -> tuple[str, ...]:
        """The factors the pool offers, in words: "SMS", "authenticator app", "email"."""
        named = (("SMS", self.sms), ("authenticator app", self.totp), ("email", self.email))
        return tuple(name for name, on in named if on)

    @classmethod
    def from_shape(cls, pool_id: str, shape: Mapping[str, Any]) -> MfaConfig:
        totp = (shape.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled")
        kept = {k: v for k, v in shape.items() if k != "ResponseMetadata"}
        return cls(
            pool_id=pool_id,
            mode=shape.get("MfaConfiguration", "OFF") or "OFF",
            sms=bool(shape.get("SmsMfaConfiguration")),
            totp=bool(totp),
            email=bool(shape.get("EmailMfaConfiguration")),
            raw=FrozenDict(kept),
        )


def mfa_key(pool_id: str) -> str:
    """The cache key of the pool's MfaConfig (`pools.pool_forget` drops it too)."""
    return metadata_key("mfa", pool_id)


def mfa_config_get(*, pool_id: str, fresh: bool = False) -> MfaConfig:
    """GetUserPoolMfaConfig as an MfaConfig record, cached for COGNITO_METADATA_TTL
    seconds like the pool's own record (`pools.pool_get`): every user page reads it,
    and it is pool configuration, which changes rarely. fresh=True reads Cognito.

    Raises the CognitoError family as `transport.call` does (NotFound for no such pool).
    """
    key = mfa_key(pool_id)
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    response = call("GetUserPoolMfaConfig", region=region_of(pool_id), UserPoolId=pool_id)
    config = MfaConfig.from_shape(pool_id, response)
    cache.set(key, config, settings.COGNITO_METADATA_TTL)
    return config


# --- changing the MFA configuration (issue 15) ----------------------------------------
def _forget(pool_id: str) -> None:
    """Drop the cached MfaConfig and the pool's record (`pools.pool_forget` drops both):
    DescribeUserPool's MfaConfiguration is the same setting (API reference,
    UserPoolType.MfaConfiguration)."""
    from .pools import pool_forget  # pools imports this module

    pool_forget(pool_id=pool_id)


def mfa_document(*, pool_id: str) -> Document:
    """The pool's MFA and passkey configuration as a Document: read from
    GetUserPoolMfaConfig (fresh), written whole by SetUserPoolMfaConfig, which resets
    every member left out of the request (API reference, SetUserPoolMfaConfig)."""
    from .documents import Document

    def read() -> Mapping[str, Any]:
        return dict(mfa_config_get(pool_id=pool_id, fresh=True).raw)

    return Document(
        operation="SetUserPoolMfaConfig",
        region=region_of(pool_id),
        pool_id=pool_id,
        ids={"UserPoolId": pool_id},
        read=read,
        target_type="mfa_config",
        target_id=pool_id,
        forget=lambda: _forget(pool_id),
    )


def mfa_config_update_preview(*, pool_id: str, changes: Mapping[str, Any]) -> Preview:
    """What SetUserPoolMfaConfig with `changes` (nested SetUserPoolMfaConfig members;
    None removes one: SmsMfaConfiguration None turns SMS MFA off) would change, and the
    fingerprint of the configuration it starts from. Raises the CognitoError family
    (NotFound for no such pool)."""
    from .documents import document_preview

    return document_preview(document=mfa_document(pool_id=pool_id), changes=changes)


def mfa_config_update(
    *, pool_id: str, changes: Mapping[str, Any], expected: str | None = None
) -> MfaConfig:
    """SetUserPoolMfaConfig with the whole current configuration and `changes` applied
    (audited; a lost answer is settled by reading it back); the new MfaConfig.

    `expected` is a Preview's fingerprint: InvalidInput "ConfigurationChanged" when the
    configuration moved since. Cognito's refusals are raised as CognitoErrors, among
    them InvalidInput (ON or OPTIONAL with no factor on, a message without {####}) and
    NotInPlan (email MFA or passkeys below the Essentials plan). The cached MfaConfig
    and pool record are dropped whatever the outcome.
    """
    from .documents import document_update

    document_update(document=mfa_document(pool_id=pool_id), changes=changes, expected=expected)
    return mfa_config_get(pool_id=pool_id, fresh=True)
