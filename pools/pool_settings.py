"""Every user pool setting the console shows, declared once (pools.settings_spec).

The paths are CreateUserPool's and UpdateUserPool's (DescribeUserPool answers with the
same shapes, except Name for PoolName); the limits come from botocore's model.
"""

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from console.arns import LAMBDA_EXAMPLE, character_problem, lambda_arn_problem, role_arn_problem
from console.arns import ses_identity_arn_problem as ses_problem
from console.cognito import schema

from .fields import MustContain, from_address_problem
from .settings_spec import ACTIVE, LIST_OR_EMPTY, NOT, Codec, Setting, Spec, get_path

# --- Feature plan (UserPoolTier) and threat protection (UserPoolAddOns) -------------
# Sources: the developer guide, "User pool feature plans" (cognito-sign-in-feature-plans:
# "The default plan selection for new user pools is Essentials"; each plan adds to the
# one before it), "Essentials plan features", "Plus plan features", and "Advanced
# security with threat protection" ("Threat protection is available in the Plus feature
# plan"); botocore's model, UserPoolAddOnsType ("To activate this setting, your user
# pool must be on the Plus tier") and CreateUserPool/UpdateUserPool's UserPoolTier
# ("Defaults to ESSENTIALS").

#: The plan CreateUserPool gives a pool when the request names none.
DEFAULT_PLAN = "ESSENTIALS"
#: The one plan with threat protection.
THREAT_PROTECTION_PLAN = "PLUS"
PLAN_WORDS = {"LITE": "Lite", "ESSENTIALS": "Essentials", "PLUS": "Plus"}
#: What each plan enables, in plain words.
PLAN_ENABLES = {
    "LITE": "the basic sign-in features (passwords, SMS and authenticator-app MFA, "
    "federation), at the lowest price; no threat protection",
    "ESSENTIALS": "everything in Lite, plus managed login pages, passwordless sign-in, "
    "email MFA, password history and access-token customization; no threat protection",
    "PLUS": "everything in Essentials, plus threat protection: each sign-in's risk "
    "rated, compromised passwords detected, and the users' sign-in history kept",
}
PLAN_HELP = (
    "What Cognito enables for this pool (and bills for). "
    + " ".join(f"{PLAN_WORDS[p]}: {what}." for p, what in PLAN_ENABLES.items())
    + " New pools get Essentials unless another plan is chosen."
)
#: AdvancedSecurityMode (threat protection for standard sign-in) in words.
MODE_WORDS = {
    "OFF": "Off",
    "AUDIT": "Audit (log only)",
    "ENFORCED": "Enforced (act on risk)",
}
#: What each mode does, in plain words (Summary page).
MODE_DOES = {
    "OFF": "sign-ins are not rated for risk and no sign-in history is kept",
    "AUDIT": "each sign-in's risk is rated and kept in the sign-in history; Cognito "
    "takes no action on it",
    "ENFORCED": "each sign-in's risk is rated and kept in the sign-in history, and "
    "Cognito acts on it (blocks the sign-in or asks for MFA, as the pool's risk "
    "settings say)",
}
THREAT_HELP = (
    "Needs the Plus feature plan. Audit rates each sign-in's risk and keeps it in the "
    "users' sign-in history without acting on it; Enforced also acts on the risk "
    "(blocks the sign-in or asks for MFA). Threat protection for custom authentication, "
    "where the pool has it, is kept as it is."
)
#: The id of the form's threat protection section, for links to it.
THREAT_PROTECTION_ANCHOR = "threat-protection"


def threat_protection_problem(plan: str | None, mode: str | None) -> str | None:
    """Why a pool cannot have threat protection `mode` (AdvancedSecurityMode: OFF,
    AUDIT, ENFORCED) on feature plan `plan` (UserPoolTier; None or "" is Cognito's
    default, DEFAULT_PLAN); None when it can.

    The rule is AWS's: AUDIT and ENFORCED need the PLUS tier (botocore's model,
    UserPoolAddOnsType; developer guide, "Advanced security with threat protection").
    CreateUserPool and UpdateUserPool refuse it with FeatureUnavailableInTierException
    ("The following features need to be disabled for the ESSENTIALS pricing tier
    configured: Threat Protection", as reported in hashicorp/terraform-provider-aws#40734).
    """
    plan = plan or DEFAULT_PLAN
    if mode not in ("AUDIT", "ENFORCED") or plan == THREAT_PROTECTION_PLAN:
        return None
    return (
        f"Threat protection set to {MODE_WORDS[mode]} needs the Plus feature plan, and the "
        f"plan chosen is {PLAN_WORDS.get(plan, plan)}. Choose the Plus plan, or set threat "
        "protection to Off."
    )


@dataclass(frozen=True)
class ThreatProtection:
    """A pool's feature plan and threat protection, from its DescribeUserPool reply.

    `plan` is UserPoolTier (LITE, ESSENTIALS, PLUS; DEFAULT_PLAN when the reply has
    none), `mode` UserPoolAddOns.AdvancedSecurityMode (OFF when the reply has none),
    `custom_auth_mode` UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode
    (AUDIT, ENFORCED, or "" when unset).
    """

    plan: str
    mode: str
    custom_auth_mode: str = ""

    @classmethod
    def of(cls, reply: Mapping[str, Any]) -> "ThreatProtection":
        """The plan and mode of a DescribeUserPool reply (a Pool record's `raw`)."""
        return cls(
            plan=get_path(reply, "UserPoolTier") or DEFAULT_PLAN,
            mode=get_path(reply, "UserPoolAddOns.AdvancedSecurityMode") or "OFF",
            custom_auth_mode=get_path(
                reply, "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode"
            )
            or "",
        )

    @property
    def on(self) -> bool:
        """True when sign-ins are rated and logged (AUDIT or ENFORCED on the Plus plan)."""
        return self.mode in ("AUDIT", "ENFORCED") and self.plan == THREAT_PROTECTION_PLAN

    @property
    def plan_words(self) -> str:
        """The plan's name in words (Plus)."""
        return PLAN_WORDS.get(self.plan, self.plan)

    @property
    def plan_enables(self) -> str:
        """What the plan enables, in plain words."""
        return PLAN_ENABLES.get(self.plan, "")

    @property
    def mode_words(self) -> str:
        """The mode in words (Audit (log only))."""
        return MODE_WORDS.get(self.mode, self.mode)

    @property
    def mode_does(self) -> str:
        """What the mode does, in plain words."""
        return MODE_DOES.get(self.mode, self.mode)

    @property
    def why_off(self) -> str:
        """Why the pool keeps no risk-rated sign-in history, in one sentence; "" when
        threat protection is on."""
        if self.on:
            return ""
        if self.plan != THREAT_PROTECTION_PLAN:
            return (
                f"This pool is on the {self.plan_words} feature plan, which has no threat "
                "protection: it needs the Plus plan, with threat protection set to Audit "
                "or Enforced."
            )
        return "This pool's threat protection is off: set it to Audit or Enforced."


def threat_protection_url(pool_id: str) -> str:
    """The pool edit form's threat protection section (feature plan and threat
    protection): pools:edit with the #threat-protection anchor."""
    return f"{reverse('pools:edit', args=[pool_id])}#{THREAT_PROTECTION_ANCHOR}"


# --- Lambda triggers (LambdaConfig) ------------------------------------------------
# Every member of botocore's LambdaConfigType gets a field: the members are read from
# the model (`trigger_members`), so a trigger a newer botocore adds shows up with its
# name and the model's own description until it is given words here. Sources: botocore's
# model, LambdaConfigType and its member shapes (PreTokenGenerationVersionConfigType,
# CustomSMSLambdaVersionConfigType, CustomEmailLambdaVersionConfigType,
# InboundFederationLambdaType); the developer guide, "Customizing user pool workflows
# with Lambda triggers" and each trigger's page.

#: The KMS key member: no trigger, the key the custom senders' codes are encrypted with.
KMS_KEY = "KMSKeyID"
#: The legacy pre token generation member: the same trigger as
#: PreTokenGenerationConfig.LambdaArn ("its value must be identical", botocore's doc of
#: both), so one field writes both.
LEGACY_PRE_TOKEN = "PreTokenGeneration"
PRE_TOKEN = "PreTokenGenerationConfig"
#: The custom senders: each needs KMS_KEY, the key Cognito encrypts the codes it hands
#: them with (developer guide, "Custom sender Lambda triggers"; botocore's doc of
#: LambdaConfigType.KMSKeyID).
CUSTOM_SENDERS = ("CustomSMSSender", "CustomEmailSender")
#: Pre token generation event versions that customize the access token: the Essentials
#: plan or higher (developer guide, "Pre token generation Lambda trigger"; plans.FEATURES
#: "access_token_customization").
ACCESS_TOKEN_VERSIONS = ("V2_0", "V3_0")
#: Pre token generation's event versions in words (developer guide, "Pre token
#: generation Lambda trigger": V1_0 changes the ID token, V2_0 the access token too,
#: V3_0 machine-to-machine access tokens too).
VERSION_WORDS = {
    "V1_0": "V1_0 (the ID token's claims)",
    "V2_0": "V2_0 (ID and access tokens)",
    "V3_0": "V3_0 (ID and access tokens, machine-to-machine too)",
}
#: Each versioned trigger's event versions in words, by LambdaConfigType member. The
#: custom senders and inbound federation have one version: "You must use a
#: LambdaVersion of V1_0 with a custom sender function" / "with an inbound federation
#: function" (botocore's doc of their LambdaVersion members).
TRIGGER_VERSION_WORDS = {
    PRE_TOKEN: VERSION_WORDS,
    "CustomSMSSender": {"V1_0": "V1_0 (the one version for custom SMS senders)"},
    "CustomEmailSender": {"V1_0": "V1_0 (the one version for custom email senders)"},
    "InboundFederation": {"V1_0": "V1_0 (the one version for inbound federation)"},
}


def version_words(key: str, version: str) -> str:
    """Trigger `key`'s (a LambdaConfigType member) event version `version` (V1_0...) in
    words; the version itself when it has none ("" stays "")."""
    return TRIGGER_VERSION_WORDS.get(key, {}).get(version, version)


#: (label, what the trigger does in one line), by LambdaConfigType member.
TRIGGER_WORDS = {
    "PreSignUp": (
        "Pre sign-up",
        "Runs before a new user is created: accepts, auto-confirms or refuses the sign-up.",
    ),
    "CustomMessage": (
        "Custom message",
        "Writes the verification, invitation and MFA messages Cognito sends.",
    ),
    "PostConfirmation": (
        "Post confirmation",
        "Runs after a user confirms their account (a welcome message, a record elsewhere).",
    ),
    "PreAuthentication": (
        "Pre authentication",
        "Runs before a sign-in is checked, and can refuse it.",
    ),
    "PostAuthentication": (
        "Post authentication",
        "Runs after a successful sign-in (logging, analytics).",
    ),
    "DefineAuthChallenge": (
        "Define auth challenge",
        "Custom authentication: decides the next challenge, or that the user is signed in.",
    ),
    "CreateAuthChallenge": (
        "Create auth challenge",
        "Custom authentication: makes the challenge the user is asked.",
    ),
    "VerifyAuthChallengeResponse": (
        "Verify auth challenge response",
        "Custom authentication: checks the user's answer to the challenge.",
    ),
    PRE_TOKEN: (
        "Pre token generation",
        "Changes the claims of the tokens before Cognito issues them (the access token "
        "too from event version V2_0, which needs the Essentials plan).",
    ),
    "UserMigration": (
        "User migration",
        "Creates a user from another directory at their first sign-in or password reset.",
    ),
    "CustomSMSSender": (
        "Custom SMS sender",
        "Sends every SMS message of the pool itself; codes arrive encrypted with the KMS key.",
    ),
    "CustomEmailSender": (
        "Custom email sender",
        "Sends every email of the pool itself; codes arrive encrypted with the KMS key.",
    ),
    "InboundFederation": (
        "Inbound federation",
        "Changes a federated user's attributes from their identity provider at sign-in.",
    ),
    KMS_KEY: (
        "KMS key for the custom senders",
        "The KMS key Cognito encrypts codes and temporary passwords with for the custom "
        "SMS and email senders.",
    ),
}

_KMS = re.compile(
    r"arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:key/[\w-]{1,128}", re.ASCII
)
KMS_EXAMPLE = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def kms_key_arn_problem(value: str) -> str | None:
    """Why `value` is not a KMS key ARN (arn:<partition>:kms:<Region>:<account>:key/<id>;
    AWS KMS Developer Guide, "Key ARN"), or None."""
    if _KMS.fullmatch(value):
        return None
    return (
        character_problem(value, "a KMS key ARN")
        or f"“{value}” is not a KMS key ARN, like {KMS_EXAMPLE}."
    )


@dataclass(frozen=True)
class Trigger:
    """One member of LambdaConfigType: `key` (its name), `label` and `does` (one line),
    `versioned` when it is a structure of LambdaArn and LambdaVersion (the versions are
    the model's enum). The legacy PreTokenGeneration member has no Trigger of its own:
    PRE_TOKEN's ARN field writes it too."""

    key: str
    label: str
    does: str
    versioned: bool

    @property
    def arn_field(self) -> str:
        """The form field of its ARN (lambda_<member>; PRE_TOKEN's keeps the legacy
        member's name, lambda_PreTokenGeneration)."""
        return f"lambda_{LEGACY_PRE_TOKEN if self.key == PRE_TOKEN else self.key}"

    @property
    def version_field(self) -> str:
        """The form field of its event version ("" when it has none)."""
        return f"lambda_{self.key}_version" if self.versioned else ""

    @property
    def arn_path(self) -> str:
        """Where DescribeUserPool / UpdateUserPool hold its ARN."""
        if self.key == PRE_TOKEN:
            return f"LambdaConfig.{LEGACY_PRE_TOKEN}"
        return f"LambdaConfig.{self.key}" + (".LambdaArn" if self.versioned else "")

    @property
    def version_path(self) -> str:
        return f"LambdaConfig.{self.key}.LambdaVersion" if self.versioned else ""


def _words_from_model(key: str, doc: str) -> tuple[str, str]:
    """A label and one line for a member TRIGGER_WORDS does not know yet: its name in
    words and the first sentence of the model's documentation."""
    label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).capitalize()
    text = re.sub(r"<[^>]+>", "", doc or "").strip()
    return label, (text.split(". ")[0].rstrip(".") + ".") if text else label


def trigger_members() -> tuple[str, ...]:
    """Every member of LambdaConfigType in botocore's model (UpdateUserPool's
    LambdaConfig), in the model's order."""
    return schema.members("UpdateUserPool", "LambdaConfig")


@functools.cache
def triggers() -> tuple[Trigger, ...]:
    """Every Lambda trigger of LambdaConfigType (and the custom senders' KMS key), in the
    model's order; see Trigger."""
    made = []
    for key in trigger_members():
        if key == LEGACY_PRE_TOKEN:
            continue
        shape = schema.shape_at("UpdateUserPool", f"LambdaConfig.{key}")
        label, does = TRIGGER_WORDS.get(key) or _words_from_model(key, shape.documentation)
        made.append(Trigger(key, label, does, versioned=shape.type_name == "structure"))
    return tuple(made)


def _trigger_settings(trigger: Trigger) -> list[Setting]:
    if trigger.key == KMS_KEY:
        return [
            Setting(
                trigger.arn_field,
                trigger.arn_path,
                trigger.label,
                "arn",
                help=f"A KMS key ARN, like {KMS_EXAMPLE}. Needed by, and only used by, "
                "the custom SMS and email senders.",
                options={"problem": kms_key_arn_problem},
            )
        ]
    also = (f"LambdaConfig.{PRE_TOKEN}.LambdaArn",) if trigger.key == PRE_TOKEN else ()
    settings = [
        Setting(
            trigger.arn_field,
            trigger.arn_path,
            trigger.label,
            "arn",
            help=f"{trigger.does} A Lambda function ARN, like {LAMBDA_EXAMPLE}.",
            also=also,
            options={"problem": lambda_arn_problem},
        )
    ]
    if trigger.versioned:
        settings.append(
            Setting(
                trigger.version_field,
                trigger.version_path,
                f"{trigger.label}: event version",
                "choice",
                help="The version of the event Cognito sends the function; used when "
                "the function ARN is set.",
                initial="V1_0",
                options={"labels": TRIGGER_VERSION_WORDS.get(trigger.key, {})},
            )
        )
    return settings


#: The Lambda trigger settings, every member of LambdaConfigType.
TRIGGER_SETTINGS = tuple(s for t in triggers() for s in _trigger_settings(t))

# --- Sign-in (Policies.SignInPolicy) ------------------------------------------------
#: The first factors a pool can allow (AuthFactorType), in words. SOFTWARE_TOKEN is in
#: the enum but "is not currently supported as a first auth factor" (botocore's doc of
#: SignInPolicyType.AllowedFirstAuthFactors), so it is left out.
FACTOR_WORDS = {
    "PASSWORD": "Password",
    "EMAIL_OTP": "Email one-time password",
    "SMS_OTP": "SMS one-time password",
    "WEB_AUTHN": "Passkey (WebAuthn)",
}
UNSUPPORTED_FACTORS = ("SOFTWARE_TOKEN",)
#: What Cognito allows when a pool has no SignInPolicy: passwords only (the CDK's
#: SignInPolicy default, "Password only"; DescribeUserPool of such a pool).
DEFAULT_FACTORS = ("PASSWORD",)
FACTORS_HELP = (
    "Besides a password, how users may start signing in with choice-based sign-in (the "
    "USER_AUTH flow). Password is always allowed: the console keeps it, as AWS's console "
    "does. These are passwordless sign-in, which needs the Essentials or Plus plan."
)
#: The passwordless first factors as checkboxes: PASSWORD is always sent first and
#: never shown (a pool's list without it reads as its other factors; the reviewed diff
#: then shows PASSWORD added back).
PASSWORDLESS = Codec(
    read=lambda v: [f for f in (v or DEFAULT_FACTORS) if f != "PASSWORD"],
    write=lambda v: list(dict.fromkeys(["PASSWORD", *(v or ())])),
)

CODE = "Must contain {####}."
INVITE = "Must contain {username} and {####}."
_INVITE_CHECK = {"extra": (MustContain("{username}", "{####}"),)}


POOL = Spec(
    "CreateUserPool",
    "UpdateUserPool",
    [
        # The pattern is checked by the form's clean_name: an unchanged name is not
        # re-checked against today's pattern.
        Setting("name", "PoolName", "Pool name", "name", required=True, reply="Name"),
        # CaseSensitive false, as AWS's console sets it by default; Cognito cannot
        # change it after creation, so the edit form shows it read-only.
        Setting(
            "case_insensitive",
            "UsernameConfiguration.CaseSensitive",
            "Usernames are case-insensitive (recommended; cannot be changed later)",
            "checkbox",
            help="Then Casey and casey are one user, as they are for email addresses.",
            initial=True,
            codec=NOT,
            after_creation="show",
        ),
        Setting(
            "deletion_protection",
            "DeletionProtection",
            "Deletion protection",
            "checkbox",
            help="While it is on, Cognito refuses to delete the pool.",
            codec=ACTIVE,
        ),
        # The form's clean checks threat_protection_problem; an edit sends
        # UserPoolAddOns.AdvancedSecurityAdditionalFlows back as Cognito holds it.
        Setting(
            "tier",
            "UserPoolTier",
            "Feature plan",
            "choice",
            help=PLAN_HELP,
            initial=DEFAULT_PLAN,
            options={"labels": PLAN_WORDS},
        ),
        Setting(
            "threat_protection",
            "UserPoolAddOns.AdvancedSecurityMode",
            "Threat protection (needs the Plus plan)",
            "choice",
            help=THREAT_HELP,
            initial="OFF",
            options={"labels": MODE_WORDS},
        ),
        Setting(
            "pw_min_length",
            "Policies.PasswordPolicy.MinimumLength",
            "Minimum length",
            "number",
            required=True,
            initial=8,
        ),
        *(
            Setting(name, f"Policies.PasswordPolicy.{key}", label, "checkbox", initial=True)
            for name, key, label in (
                ("pw_upper", "RequireUppercase", "Require uppercase letters"),
                ("pw_lower", "RequireLowercase", "Require lowercase letters"),
                ("pw_numbers", "RequireNumbers", "Require numbers"),
                ("pw_symbols", "RequireSymbols", "Require symbols"),
            )
        ),
        Setting(
            "pw_temp_days",
            "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
            "Temporary password valid for (days)",
            "number",
            initial=7,
        ),
        Setting("mfa", "MfaConfiguration", "MFA", "choice", initial="OFF"),
        Setting(
            "auto_verified",
            "AutoVerifiedAttributes",
            "Auto-verified attributes",
            "checkboxes",
            codec=LIST_OR_EMPTY,
        ),
        Setting(
            "alias_attributes",
            "AliasAttributes",
            "Alias attributes",
            "checkboxes",
            help="Users sign in with their username or one of these.",
            after_creation="hide",
        ),
        Setting(
            "username_attributes",
            "UsernameAttributes",
            "Username attributes",
            "checkboxes",
            help="Users sign in with one of these instead of a username. "
            "Choose alias attributes or username attributes, not both.",
            after_creation="hide",
        ),
        # The verification messages are sent twice, as the API still reads both: in
        # VerificationMessageTemplate and in the older top-level members.
        Setting(
            "sms_verification_message",
            "VerificationMessageTemplate.SmsMessage",
            "SMS verification message",
            help=CODE,
            also=("SmsVerificationMessage",),
        ),
        Setting(
            "sms_authentication_message",
            "SmsAuthenticationMessage",
            "SMS authentication message",
            help=CODE,
        ),
        Setting(
            "email_verification_subject",
            "VerificationMessageTemplate.EmailSubject",
            "Email verification subject",
            also=("EmailVerificationSubject",),
        ),
        Setting(
            "email_verification_message",
            "VerificationMessageTemplate.EmailMessage",
            "Email verification message",
            "textarea",
            help=CODE,
            also=("EmailVerificationMessage",),
        ),
        Setting(
            "invite_sms",
            "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
            "Invitation SMS",
            help=INVITE,
            options=_INVITE_CHECK,
        ),
        Setting(
            "invite_email_subject",
            "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
            "Invitation email subject",
        ),
        Setting(
            "invite_email_message",
            "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
            "Invitation email",
            "textarea",
            help=INVITE,
            options=_INVITE_CHECK,
        ),
        Setting(
            "admin_only",
            "AdminCreateUserConfig.AllowAdminCreateUserOnly",
            "Only administrators create users (no self sign-up)",
            "checkbox",
        ),
        Setting(
            "unused_days",
            "AdminCreateUserConfig.UnusedAccountValidityDays",
            "Unused account valid for (days)",
            "number",
            initial=7,
        ),
        Setting(
            "device_challenge",
            "DeviceConfiguration.ChallengeRequiredOnNewDevice",
            "Challenge on a new device",
            "checkbox",
        ),
        Setting(
            "device_prompt",
            "DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt",
            "Remember devices only when the user asks",
            "checkbox",
        ),
        Setting(
            "email_account",
            "EmailConfiguration.EmailSendingAccount",
            "Email sending account",
            "choice",
            initial="COGNITO_DEFAULT",
        ),
        Setting(
            "email_source_arn",
            "EmailConfiguration.SourceArn",
            "SES identity ARN",
            "arn",
            options={"problem": ses_problem},
        ),
        Setting("email_reply_to", "EmailConfiguration.ReplyToEmailAddress", "Reply-to address"),
        Setting(
            "email_from",
            "EmailConfiguration.From",
            "From address",
            "checked",
            help="An email address, or a name and address: Team <no-reply@example.com>.",
            options={"problem": from_address_problem},
        ),
        Setting(
            "email_configuration_set",
            "EmailConfiguration.ConfigurationSet",
            "SES configuration set",
        ),
        Setting(
            "sms_caller_arn",
            "SmsConfiguration.SnsCallerArn",
            "SNS caller role ARN",
            "arn",
            options={"problem": role_arn_problem},
        ),
        Setting("sms_external_id", "SmsConfiguration.ExternalId", "SNS external ID"),
        Setting("sms_region", "SmsConfiguration.SnsRegion", "SNS Region"),
        Setting("tags", "UserPoolTags", "Tags", "tags", whole=True),
        Setting(
            "first_factors",
            "Policies.SignInPolicy.AllowedFirstAuthFactors",
            "Passwordless first factors",
            "checkboxes",
            help=FACTORS_HELP,
            codec=PASSWORDLESS,
            options={"only": lambda v: v not in (*UNSUPPORTED_FACTORS, "PASSWORD")},
        ),
        *TRIGGER_SETTINGS,
    ],
)
