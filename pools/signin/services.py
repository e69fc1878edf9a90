"""The Sign-in tab's landing page and Lambda triggers: what the pages show, read from
the pool's DescribeUserPool reply (and GetUserPoolMfaConfig for the passkey settings),
and the section edits, each the pool's reviewed edit (pools.services.edit_pool:
UpdateUserPool with the whole configuration, so an edit of one section resets nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.cognito import CognitoError
from console.cognito.mfa import mfa_config_get
from console.cognito.records import Pool
from pools.plans import FEATURES, plan_has, plan_problem
from pools.pool_settings import (
    DEFAULT_FACTORS,
    FACTOR_WORDS,
    PLAN_WORDS,
    POOL,
    ThreatProtection,
    triggers,
    version_words,
)
from pools.services import Edit, edit_pool
from pools.settings_spec import get_path

#: The passkey settings (SetUserPoolMfaConfig's WebAuthnConfigurationType) and what an
#: unset one means, in words (botocore's doc of each member: RelyingPartyId is
#: "typically your user pool domain"; FactorConfiguration "not set" is a single factor).
WEBAUTHN_UNSET = {
    "RelyingPartyId": "not set (typically the pool's domain)",
    "UserVerification": "not set",
    "FactorConfiguration": "not set (passkeys are a single factor)",
}


@dataclass(frozen=True)
class FeatureRow:
    """A plan-bound feature (plans.FEATURES): its words, the least plan that has it (in
    words) and whether this pool's plan includes it."""

    feature: str
    words: str
    needs: str
    included: bool


@dataclass(frozen=True)
class FactorRow:
    """A first factor (AuthFactorType): Cognito's name, its words, whether the pool
    allows it, and why the plan does not include it ("" when it does)."""

    factor: str
    words: str
    allowed: bool
    problem: str


@dataclass(frozen=True)
class TriggerRow:
    """A Lambda trigger of the pool: LambdaConfigType member `key`, its label, ARN ("" when
    unset), event version ("" when it has none or is unset) and what it does."""

    key: str
    label: str
    arn: str
    version: str
    does: str

    @property
    def version_words(self) -> str:
        """The event version in words (pool_settings.version_words; "" when none)."""
        return version_words(self.key, self.version)


@dataclass(frozen=True)
class Overview:
    """The landing page: the plan (`protection`: ThreatProtection), the plan-bound
    features, the sign-in attributes (lists of attribute names; `case_sensitive` True,
    False), the first factors, and the passkey settings (`webauthn`: RelyingPartyId and
    UserVerification in words; `webauthn_problem` says why they could not be read)."""

    protection: ThreatProtection
    features: tuple[FeatureRow, ...]
    username_attributes: tuple[str, ...]
    alias_attributes: tuple[str, ...]
    case_sensitive: bool
    factors: tuple[FactorRow, ...]
    webauthn: Mapping[str, str]
    webauthn_problem: str = ""


def feature_rows(plan: str) -> tuple[FeatureRow, ...]:
    """Each plan-bound feature of plans.FEATURES for a pool on `plan` (UserPoolTier)."""
    return tuple(
        FeatureRow(name, f.words, PLAN_WORDS.get(f.plan, f.plan), plan_has(plan, name))
        for name, f in FEATURES.items()
    )


def factor_rows(reply: Mapping[str, Any], plan: str) -> tuple[FactorRow, ...]:
    """Each first factor a pool can allow (pool_settings.FACTOR_WORDS: the model's
    AuthFactorType but SOFTWARE_TOKEN), whether the DescribeUserPool `reply` allows it
    (no SignInPolicy: Password only) and the plan's mark on the passwordless ones."""
    path = "Policies.SignInPolicy.AllowedFirstAuthFactors"
    allowed = tuple(get_path(reply, path) or DEFAULT_FACTORS)
    return tuple(
        FactorRow(
            factor,
            words,
            factor in allowed,
            "" if factor == "PASSWORD" else plan_problem(plan, "passwordless"),
        )
        for factor, words in FACTOR_WORDS.items()
    )


def _webauthn(pool_id: str) -> tuple[dict[str, str], str]:
    try:
        config = mfa_config_get(pool_id=pool_id, fresh=True)
    except CognitoError as exc:
        return {}, f"The passkey settings could not be read: {exc.message}"
    held = config.raw.get("WebAuthnConfiguration") or {}
    return {k: held.get(k) or unset for k, unset in WEBAUTHN_UNSET.items()}, ""


def signin_overview(pool: Pool) -> Overview:
    """The landing page of `pool` (a DescribeUserPool record, fresh); one
    GetUserPoolMfaConfig for the passkey settings, whose failure is said on the page
    (`webauthn_problem`), not raised."""
    protection = ThreatProtection.of(pool.raw)
    webauthn, problem = _webauthn(pool.id)
    return Overview(
        protection=protection,
        features=feature_rows(protection.plan),
        username_attributes=tuple(pool.raw.get("UsernameAttributes") or ()),
        alias_attributes=tuple(pool.raw.get("AliasAttributes") or ()),
        # No UsernameConfiguration: case-sensitive (UsernameConfigurationType; the facts
        # file, "Case-insensitive usernames").
        case_sensitive=get_path(pool.raw, "UsernameConfiguration.CaseSensitive") is not False,
        factors=factor_rows(pool.raw, protection.plan),
        webauthn=webauthn,
        webauthn_problem=problem,
    )


def trigger_rows(pool: Pool) -> tuple[TriggerRow, ...]:
    """Every Lambda trigger of LambdaConfigType (pool_settings.triggers) as `pool` holds
    it. Pre token generation set only through the legacy PreTokenGeneration member gets
    V1_0 events (its version when PreTokenGenerationConfig is not set)."""
    rows = []
    for t in triggers():
        arn = POOL.by_name[t.arn_field].read(pool.raw) or ""
        version = get_path(pool.raw, t.version_path) if t.versioned else None
        if arn and t.versioned and not version:
            version = "V1_0"
        rows.append(TriggerRow(t.key, t.label, arn, (version or "") if arn else "", t.does))
    return tuple(rows)


def set_trigger_rows(pool: Pool) -> tuple[TriggerRow, ...]:
    """The Lambda triggers (and the custom senders' KMS key) `pool` has set, as
    trigger_rows gives them: the Summary page's list."""
    return tuple(row for row in trigger_rows(pool) if row.arn)


def section_notes(form, plan: str) -> list[str]:
    """The plan marks an edit form shows above its fields: each plan-bound feature the
    form can turn on that the pool's plan (`plan`) lacks, in words."""
    features = {
        "first_factors": "passwordless",
        "lambda_PreTokenGenerationConfig_version": "access_token_customization",
    }
    return [
        plan_problem(plan, f)
        for name, f in features.items()
        if name in form.fields and plan_problem(plan, f)
    ]


def edit_section(pool: Pool, form, post) -> Edit:
    """One request of a section's reviewed edit (pools.services.edit_pool): `form` is a
    pools.signin.forms section form of `pool` bound to `post` (None for a GET)."""
    return edit_pool(pool, form, post)
