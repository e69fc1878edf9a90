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

from .forms import mfa_notes


@dataclass(frozen=True)
class Factor:
    """One row of the page: a factor (or passkeys), whether it is on, what it sends or
    how it is set, and why the pool cannot turn it on ("" when it can)."""

    name: str
    on: bool
    detail: str
    problem: str = ""


def mfa_page(pool_id: str) -> tuple[Pool, MfaConfig]:
    """The pool (fresh: its plan, SMS role and email sending decide what can be turned
    on) and its MFA configuration (fresh GetUserPoolMfaConfig). NotFound for no pool."""
    pool = pool_or_404(pool_id, fresh=True)
    return pool, mfa_config_get(pool_id=pool_id, fresh=True)


def factors(pool: Pool, config: MfaConfig) -> list[Factor]:
    """The factors and passkeys of `config` as rows, each with its plan or pool note."""
    raw = config.raw
    notes = mfa_notes(pool)
    sms = raw.get("SmsMfaConfiguration") or {}
    email = raw.get("EmailMfaConfiguration") or {}
    passkeys = raw.get("WebAuthnConfiguration") or {}
    role = (sms.get("SmsConfiguration") or {}).get("SnsCallerArn", "")
    passkey_words = ", ".join(
        f"{label}: {passkeys[key]}"
        for key, label in (
            ("RelyingPartyId", "relying party"),
            ("UserVerification", "user verification"),
            ("FactorConfiguration", "as MFA"),
        )
        if passkeys.get(key)
    )
    return [
        Factor("Authenticator app (TOTP)", config.totp, ""),
        Factor(
            "SMS text message",
            config.sms,
            (f"Message: {sms.get('SmsAuthenticationMessage') or 'Cognito default'}; role {role}")
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
        Factor("Passkey settings (WebAuthn)", bool(passkeys), passkey_words, notes["passkeys"]),
    ]


def edit_mfa(pool: Pool, form, post) -> Edit:
    """One request of the MFA configuration's reviewed edit (pools.services.reviewed_edit),
    SetUserPoolMfaConfig with the whole configuration once the person confirmed the diff."""
    return reviewed_update(
        form, post, update=mfa_config_update, preview=mfa_config_update_preview, pool_id=pool.id
    )
