"""The MFA and passkeys form: SetUserPoolMfaConfig's members, each declared once
(MFA_SPEC), with the rules AWS applies that the service model cannot carry.

The rules, and where they come from:

- MfaConfiguration ON or OPTIONAL needs at least one factor on; Cognito refuses
  otherwise: "Invalid MFA configuration given, can't disable all MFAs with a required
  or optional configuration." (the service's answer, aws/aws-sdk-js#4186).
- MfaConfiguration OFF takes no factor: "Invalid MFA configuration given, can't turn off
  MFA and configure an MFA together." (the service's answer, quoted in
  lgallard/terraform-aws-cognito-user-pool#74 and tested against AWS in go-to-k/cdkd#1923).
  Passkeys (WebAuthnConfiguration) are no MFA factor and are independent of the mode.
- ON can be chosen here on an existing pool: SetUserPoolMfaConfig's API reference sets
  no such limit ("When ON, all users must set up MFA before they can sign in"); the
  pool edit form's "ON only at creation" (pools.forms.MFA_ON_LATER) is the 2017
  developer guide's console rule for UpdateUserPool, which this form does not use.
- SMS MFA sends with the pool's SMS configuration (an IAM role for Amazon SNS):
  SmsMfaConfigType.SmsConfiguration is the pool's SmsConfiguration ("You can set
  SmsConfiguration in CreateUserPool and UpdateUserPool, or in SetUserPoolMfaConfig").
  The form sends the pool's; a pool with none must get one in its settings first.
- Email MFA needs the Essentials plan or higher (EmailMfaConfigType) and the pool's
  email sent with Amazon SES, EmailSendingAccount DEVELOPER (developer guide, "Email
  settings for Amazon Cognito user pools": email MFA "requires ... Amazon SES email
  configuration").
- Passkeys need the Essentials plan or higher (developer guide, "Essentials plan
  features": passwordless sign-in with passkeys; WebAuthnConfigurationType.
  FactorConfiguration: "your user pool must be in the Essentials tier or higher").
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from pools.plans import plan_problem
from pools.pool_settings import ThreatProtection
from pools.settings_spec import Codec, Setting, SettingsForm, Spec, get_path

OP = "SetUserPoolMfaConfig"

#: A checkbox for a factor that is on when its configuration is present (SMS, email):
#: read, present; written, the mapping its own settings fill in (MfaForm.changes removes
#: it whole when the factor is turned off).
PRESENT = Codec(read=bool, write=lambda on: {})

MODE_LABELS = {
    "OFF": "Off: no one is asked for MFA",
    "OPTIONAL": "Optional: users who set up a factor are asked for it",
    "ON": "Required: every user must set up a factor to sign in",
}
UV_LABELS = {"preferred": "Preferred", "required": "Required"}
FACTOR_LABELS = {
    "SINGLE_FACTOR": "A passkey is one factor",
    "MULTI_FACTOR_WITH_USER_VERIFICATION": "A passkey with user verification satisfies MFA",
}

MFA_SPEC = Spec(
    OP,
    OP,
    [
        Setting(
            "mode",
            "MfaConfiguration",
            "MFA",
            widget="choice",
            initial="OFF",
            options={"labels": MODE_LABELS},
        ),
        Setting(
            "totp",
            "SoftwareTokenMfaConfiguration.Enabled",
            "Authenticator app (TOTP)",
            widget="checkbox",
        ),
        Setting(
            "sms", "SmsMfaConfiguration", "SMS text message MFA", widget="checkbox", codec=PRESENT
        ),
        Setting(
            "sms_message",
            "SmsMfaConfiguration.SmsAuthenticationMessage",
            "SMS message",
            help="Must contain {####}, where Cognito puts the code. Blank: Cognito's default.",
        ),
        Setting("email", "EmailMfaConfiguration", "Email MFA", widget="checkbox", codec=PRESENT),
        Setting("email_subject", "EmailMfaConfiguration.Subject", "Email subject"),
        Setting(
            "email_message",
            "EmailMfaConfiguration.Message",
            "Email message",
            widget="textarea",
            help="Must contain {####}, where Cognito puts the code.",
        ),
        Setting(
            "rp_id",
            "WebAuthnConfiguration.RelyingPartyId",
            "Passkey relying party ID",
            help="The domain passkeys are bound to: the pool's custom domain when it has one, "
            "else its prefix domain. Blank: Cognito's default.",
        ),
        Setting(
            "user_verification",
            "WebAuthnConfiguration.UserVerification",
            "Passkey user verification",
            widget="choice",
            options={"blank": "Not set (Cognito's default)", "labels": UV_LABELS},
        ),
        Setting(
            "passkey_factor",
            "WebAuthnConfiguration.FactorConfiguration",
            "Passkeys and MFA",
            widget="choice",
            options={"blank": "Not set (a passkey is one factor)", "labels": FACTOR_LABELS},
        ),
    ],
)

#: The factor checkboxes and the settings that only mean something with them on.
FACTORS = {"sms": ("sms_message",), "email": ("email_subject", "email_message")}
PASSKEY_FIELDS = ("rp_id", "user_verification", "passkey_factor")


#: A relying party ID is a domain name (the WebAuthn spec's "valid domain string"):
#: labels of letters, digits and hyphens, separated by dots; no scheme, path, port or
#: spaces. The developer guide ("Passkey sign-in") has it be the pool's prefix domain,
#: its custom domain, or a domain of the app that the pool's domain belongs to.
_DOMAIN = re.compile(
    r"(?=.{1,253}\Z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z"
)


def relying_party_problem(value: str) -> str | None:
    """Why `value` is not a passkey relying party ID (a domain name such as
    auth.example.com), in a sentence naming what to drop; None when it is one.
    Sources: the developer guide, "Passkey sign-in" (the relying party ID is the pool's
    domain, its custom domain or the app's domain) and botocore's model,
    WebAuthnConfigurationType.RelyingPartyId ("the fully-qualified domain name of your
    custom domain"); the W3C WebAuthn spec (an RP ID is a valid domain string)."""
    if _DOMAIN.match(value):
        return None
    extra = []
    if "://" in value:
        extra.append("the scheme (https://)")
    host = value.split("://", 1)[-1]
    if "/" in host:
        extra.append("the path")
    if re.search(r":\d*(/|$)", host):
        extra.append("the port")
    if any(c.isspace() for c in value):
        extra.append("the spaces")
    words = " and ".join([", ".join(extra[:-1]), extra[-1]] if len(extra) > 1 else extra)
    drop = f": drop {words}" if extra else ""
    return (
        f"“{value}” is not a domain name{drop}. The relying party ID is a domain only, "
        "like auth.example.com (the pool's domain, its custom domain or your app's)."
    )


def sms_role(pool) -> dict:
    """The pool's SmsConfiguration ({} when it has no SNS role), from its record."""
    config = dict(pool.sms_configuration or {})
    return config if config.get("SnsCallerArn") else {}


def sends_email_with_ses(pool) -> bool:
    """True when the pool sends its email with Amazon SES (EmailSendingAccount DEVELOPER)."""
    return (pool.email_configuration or {}).get("EmailSendingAccount") == "DEVELOPER"


def mfa_notes(pool) -> dict[str, str]:
    """What keeps a factor from being turned on in `pool`, in a sentence each, by field
    name ("" when nothing does): the plan (email MFA, passkeys), the pool's SMS role,
    its email sending."""
    plan = ThreatProtection.of(pool.raw).plan
    notes = {
        "sms": ""
        if sms_role(pool)
        else (
            "SMS MFA sends with the pool's SMS configuration (an IAM role for Amazon SNS), "
            "and this pool has none: an Admin sets one in the pool's settings (SMS configuration) "
            "first."
        ),
        "email": plan_problem(plan, "email_mfa")
        or (
            ""
            if sends_email_with_ses(pool)
            else "Email MFA needs the pool's email sent with Amazon SES: an Admin sets the "
            "pool's email sending account to Developer in its settings (Email configuration)."
        ),
        "passkeys": plan_problem(plan, "passwordless"),
    }
    return notes


class MfaForm(SettingsForm):
    """SetUserPoolMfaConfig's settings for `pool`, from its GetUserPoolMfaConfig reply
    (`config`, an MfaConfig). `changes()` gives what to apply on top of the whole current
    configuration: the settings the person changed, with the pool's SMS role when SMS
    MFA is on."""

    spec = MFA_SPEC

    def __init__(self, *args, pool=None, config=None, **kwargs):
        self.pool, self.config = pool, config
        super().__init__(*args, reply=dict(config.raw), **kwargs)
        self.notes = mfa_notes(pool)
        for name, note in (("sms", self.notes["sms"]), ("email", self.notes["email"])):
            if note:
                self.fields[name].help_text = note
        if self.notes["passkeys"]:
            self.fields["rp_id"].help_text = self.notes["passkeys"]

    def fresh(self) -> MfaForm:
        """The same form, unbound, of the same pool and MFA configuration."""
        return MfaForm(pool=self.pool, config=self.config)

    def clean_rp_id(self):
        value = self.cleaned_data.get("rp_id") or ""
        problem = relying_party_problem(value) if value else None
        if problem:
            raise ValidationError(problem)
        return value

    def _turned_on(self, name: str) -> bool:
        return bool(self.cleaned_data.get(name)) and name in self.changed_data

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        factors = [n for n in ("totp", "sms", "email") if data.get(n)]
        if mode in ("ON", "OPTIONAL") and not factors:
            self.add_error(
                "mode",
                "Optional or required MFA needs at least one factor: turn on the authenticator "
                "app, SMS or email (Cognito refuses MFA with no factor).",
            )
        if mode == "OFF" and factors:
            self.add_error(
                "mode",
                "With MFA off, Cognito takes no factor: turn the factors off too, or choose "
                "Optional or Required.",
            )
        for name in ("sms", "email"):
            if self._turned_on(name) and self.notes[name]:
                self.add_error(name, self.notes[name])
                self.fields[name].help_text = self[name].help_text = ""  # said once
        passkeys_changed = any(data.get(n) and n in self.changed_data for n in PASSKEY_FIELDS)
        if passkeys_changed and self.notes["passkeys"] and "rp_id" not in self.errors:
            self.add_error("rp_id", self.notes["passkeys"])
            self.fields["rp_id"].help_text = self["rp_id"].help_text = ""
        if (
            data.get("email")
            and not data.get("email_message")
            and "email_message" not in self.errors
        ):
            self.add_error(
                "email_message",
                "Email MFA needs its message: the email users get, with {####} for the code.",
            )
        for factor, fields in FACTORS.items():
            # A factor refused above is out of cleaned_data, though ticked: its own
            # error says why; "turn it on" would be wrong.
            if factor in self.errors:
                continue
            if not data.get(factor):
                for name in fields:
                    if data.get(name) and name in self.changed_data and name not in self.errors:
                        self.add_error(name, f"Turn on {self.fields[factor].label} to use this.")
        return data

    def changes(self) -> dict:
        """The settings the person changed, on top of the whole current configuration.

        A factor turned off removes its configuration (message included, as Cognito does);
        SMS MFA carries the pool's SMS configuration (its SNS role) when on.
        """
        changes = super().changes()
        for factor in FACTORS:
            if not self.cleaned_data.get(factor) and factor in self.changed_data:
                changes[MFA_SPEC.by_name[factor].path] = None
        if self.cleaned_data.get("sms"):
            current = get_path(self.reply, "SmsMfaConfiguration.SmsConfiguration")
            if not current and sms_role(self.pool):
                sms = changes.get("SmsMfaConfiguration") or {}
                changes["SmsMfaConfiguration"] = {**sms, "SmsConfiguration": sms_role(self.pool)}
        return changes
