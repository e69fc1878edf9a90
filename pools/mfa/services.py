"""The MFA and passkeys section's steps: what the page shows (the pool, its MFA
configuration, each factor as a row) and the reviewed edit (SetUserPoolMfaConfig)."""

from __future__ import annotations

from dataclasses import dataclass

from console.cognito.mfa import (
    MfaConfig,
    mfa_config_get,
    mfa_config_update,
    mfa_config_update_preview,
)
from console.cognito.records import Pool
from console.shortcuts import pool_or_404
from pools.services import Edit, reviewed_update
from pools.settings_spec import get_path

from .forms import mfa_notes, sms_role


@dataclass(frozen=True)
class Factor:
    """One row of the page: a factor (or passkeys), whether it is on, what it sends or
    how it is set, and why the pool cannot turn it on ("" when it can)."""

    name: str
    on: bool | None
    detail: str
    problem: str = ""


def mfa_page(pool_id: str) -> tuple[Pool, MfaConfig]:
    """The pool (fresh: its plan, SMS role and email sending decide what can be turned
    on) and its MFA configuration (fresh GetUserPoolMfaConfig). NotFound for no pool."""
    pool = pool_or_404(pool_id, fresh=True)
    return pool, mfa_config_get(pool_id=pool_id, fresh=True)


def factors(pool: Pool, config: MfaConfig) -> list[Factor]:
    """The factors and passkeys of `config` as rows, each with its plan or pool note.

    The SMS role is read once, from the pool (DescribeUserPool's SmsConfiguration, which
    is also SetUserPoolMfaConfig's: botocore's SmsMfaConfigType.SmsConfiguration), so
    the row and its note agree. Passkeys are two rows: whether users may sign in with
    one (the pool's sign-in policy, WEB_AUTHN among AllowedFirstAuthFactors) and the
    WebAuthn settings (relying party ID, user verification, as MFA), which have no on
    or off (`on` None)."""
    raw = config.raw
    notes = mfa_notes(pool)
    sms = raw.get("SmsMfaConfiguration") or {}
    email = raw.get("EmailMfaConfiguration") or {}
    passkeys = raw.get("WebAuthnConfiguration") or {}
    role = sms_role(pool).get("SnsCallerArn", "")
    passkey_words = "; ".join(
        f"{label}: {passkeys[key]}"
        for key, label in (
            ("RelyingPartyId", "relying party ID"),
            ("UserVerification", "user verification"),
            ("FactorConfiguration", "as MFA"),
        )
        if passkeys.get(key)
    )
    policy = get_path(pool.raw, "Policies.SignInPolicy.AllowedFirstAuthFactors") or ()
    first = "WEB_AUTHN" in policy
    return [
        Factor("Authenticator app (TOTP)", config.totp, ""),
        Factor(
            "SMS text message",
            config.sms,
            (
                f"Message: {sms.get('SmsAuthenticationMessage') or 'Cognito default'}"
                + (f"; role {role}" if role else "")
            )
            if config.sms
            else "",
            notes["sms"],
        ),
        Factor(
            "Email message",
            config.email,
            (
                f"Subject: {email.get('Subject') or 'Cognito default'}; "
                f"message: {email.get('Message') or 'Cognito default'}"
            )
            if config.email
            else "",
            notes["email"],
        ),
        Factor(
            "Passkeys as a first factor (sign-in policy)",
            first,
            "Users may sign in with a passkey" if first else "Not among the first factors",
            notes["passkeys"],
        ),
        Factor(
            "Passkey settings (WebAuthn)",
            None,
            passkey_words or "Cognito's defaults",
            notes["passkeys"],
        ),
    ]


def edit_mfa(pool: Pool, form, post) -> Edit:
    """One request of the MFA configuration's reviewed edit (pools.services.reviewed_edit),
    SetUserPoolMfaConfig with the whole configuration once the person confirmed the diff."""
    return reviewed_update(
        form, post, update=mfa_config_update, preview=mfa_config_update_preview, pool_id=pool.id
    )
