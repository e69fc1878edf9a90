"""Which feature plan (UserPoolTier) each plan-bound feature needs, in one table.

A setting the pool's plan does not include is marked on the page ("Needs the Essentials
plan: this pool is on Lite"), not hidden, and the form refuses to turn it on, as Cognito
refuses with FeatureUnavailableInTierException.

Sources: the developer guide, "User pool feature plans" (cognito-sign-in-feature-plans:
the features of each plan; each plan includes the one before it), "Essentials plan
features" (managed login, choice-based and passwordless sign-in with email and SMS
one-time passwords and passkeys, email MFA, access-token customization, password reuse
prevention) and "Plus plan features" (threat protection: adaptive authentication,
compromised-credentials detection, IP allow and deny lists, and the export of user
authentication events); botocore's model, UserPoolTier ("Defaults to ESSENTIALS").
"""

from __future__ import annotations

from dataclasses import dataclass

from .pool_settings import DEFAULT_PLAN, PLAN_WORDS

#: The plans from the least to the most: each includes everything before it.
PLAN_ORDER = ("LITE", "ESSENTIALS", "PLUS")


@dataclass(frozen=True)
class Feature:
    """A feature that a plan gates: its name in words and the least plan that has it."""

    words: str
    plan: str


FEATURES = {
    "managed_login": Feature("Managed login (the branded sign-in pages)", "ESSENTIALS"),
    "passwordless": Feature(
        "Passwordless sign-in (email and SMS one-time passwords, passkeys)", "ESSENTIALS"
    ),
    "email_mfa": Feature("Email MFA", "ESSENTIALS"),
    "access_token_customization": Feature(
        "Access-token customization (pre token generation event V2_0 or V3_0)", "ESSENTIALS"
    ),
    "password_history": Feature("Password reuse prevention (password history)", "ESSENTIALS"),
    # AWS's announcement of refresh token rotation (2025) names the Essentials and Plus
    # plans; the developer guide's plan tables do not list it (helper E's reading).
    "refresh_token_rotation": Feature("Refresh token rotation", "ESSENTIALS"),
    "threat_protection": Feature(
        "Threat protection (risk rating, adaptive authentication, compromised "
        "credentials, IP allow and deny lists)",
        "PLUS",
    ),
    "auth_event_export": Feature("Export of user authentication events (log delivery)", "PLUS"),
}


def plan_has(plan: str | None, feature: str) -> bool:
    """True when `plan` (UserPoolTier: LITE, ESSENTIALS, PLUS; None or "" is Cognito's
    default, ESSENTIALS) includes `feature` (a key of FEATURES). KeyError for an unknown
    feature; an unknown plan is taken as the least."""
    plan = plan or DEFAULT_PLAN
    need = FEATURES[feature].plan
    rank = PLAN_ORDER.index(plan) if plan in PLAN_ORDER else 0
    return rank >= PLAN_ORDER.index(need)


def plan_problem(plan: str | None, feature: str, *, chosen: bool = False) -> str:
    """Why `feature` is not available on `plan`, in one sentence ("" when it is): the
    words a page shows beside the setting and a form gives when it is turned on.
    chosen=True when `plan` is the one a form would move the pool to, not its plan
    now ("the plan chosen is Lite" rather than "this pool is on Lite")."""
    if plan_has(plan, feature):
        return ""
    need = FEATURES[feature].plan
    plans = " or ".join(PLAN_WORDS[p] for p in PLAN_ORDER[PLAN_ORDER.index(need) :])
    current = PLAN_WORDS.get(plan or DEFAULT_PLAN, plan or DEFAULT_PLAN)
    where = "the plan chosen is" if chosen else "this pool is on"
    return f"{FEATURES[feature].words} needs the {plans} feature plan; {where} {current}."
