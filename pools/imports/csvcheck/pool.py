"""What the check needs to know about the pool (GetCSVHeader, DescribeUserPool)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PoolRules:
    """What the check needs to know about the pool (from GetCSVHeader and DescribeUserPool)."""

    header: tuple[str, ...]
    mfa: str = "OFF"  # OFF, ON or OPTIONAL
    required: tuple[str, ...] = ()
    # custom attribute name -> (data type, min length/value, max length/value)
    custom: tuple[tuple[str, str, int | None, int | None], ...] = ()
    #: The pool's auto-verified attributes (email, phone_number): a row must verify one
    #: of them; with none, the pool cannot import (AWS's import guide).
    auto_verified: tuple[str, ...] = ("email", "phone_number")
    #: False for a pool with UsernameConfiguration.CaseSensitive = false: `Casey.Dup`
    #: and `casey.dup` are one user, so the second is a duplicate.
    case_sensitive: bool = True

    @property
    def blocker(self) -> str:
        """Why no row of any file can be imported into this pool, or ""."""
        if self.auto_verified:
            return ""
        return (
            "This pool has no auto-verified attribute (email or phone number), so Cognito "
            "cannot import users into it: an import job would not start. Choose email or "
            "phone number verification in the pool's settings first."
        )

    @property
    def mfa_mode(self) -> str:
        return (self.mfa or "OFF").upper()

    def username_key(self, username: str) -> str:
        """The username as the pool compares it (Unicode lower case if case-insensitive)."""
        return username if self.case_sensitive else username.lower()

    @classmethod
    def for_pool(cls, pool: Any, header: Iterable[str]) -> PoolRules:
        """The rules of a records.Pool for a file with GetCSVHeader's `header`."""
        config = (getattr(pool, "raw", None) or {}).get("UsernameConfiguration") or {}
        return cls(
            header=tuple(header),
            auto_verified=tuple(
                a for a in pool.auto_verified_attributes if a in ("email", "phone_number")
            ),
            case_sensitive=config.get("CaseSensitive", True) is not False,
            mfa=pool.mfa,
            required=tuple(a.name for a in pool.schema if a.required),
            custom=tuple(
                (
                    a.name,
                    a.data_type,
                    a.min_value if a.data_type == "Number" else a.min_length,
                    a.max_value if a.data_type == "Number" else a.max_length,
                )
                for a in pool.schema
                if a.custom and a.name.startswith("custom:")
            ),
        )


def pool_blocker(pool: Any) -> str:
    """Why no user can be imported into `pool` (a records.Pool) at all, or "".

    AWS's import guide: the pool needs at least one auto-verified attribute (email or
    phone number); without one, an import job does not start.
    """
    return PoolRules.for_pool(pool, ()).blocker
