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
from typing import Any

from .records import FrozenDict
from .transport import call, region_of

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


def mfa_config_get(*, pool_id: str) -> MfaConfig:
    """GetUserPoolMfaConfig as an MfaConfig record (not cached: one call, UserPoolRead).

    Raises the CognitoError family as `transport.call` does (NotFound for no such pool).
    """
    response = call("GetUserPoolMfaConfig", region=region_of(pool_id), UserPoolId=pool_id)
    return MfaConfig.from_shape(pool_id, response)
