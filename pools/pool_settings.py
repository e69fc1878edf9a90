"""Every user pool setting the console shows, declared once (pools.settings_spec).

The paths are CreateUserPool's and UpdateUserPool's (DescribeUserPool answers with the
same shapes, except Name for PoolName); the limits come from botocore's model.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from console.arns import LAMBDA_EXAMPLE, lambda_arn_problem, role_arn_problem
from console.arns import ses_identity_arn_problem as ses_problem

from .fields import MustContain, from_address_problem
from .settings_spec import ACTIVE, LIST_OR_EMPTY, NOT, Setting, Spec, get_path

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


# The eight Lambda triggers of the API reference's LambdaConfigType. Triggers the
# current API adds (pre token generation, user migration, custom senders...) are kept
# unchanged by an edit, since the update sends the full configuration.
LAMBDA_TRIGGERS = (
    ("PreSignUp", "Pre sign-up"),
    ("CustomMessage", "Custom message"),
    ("PostConfirmation", "Post confirmation"),
    ("PreAuthentication", "Pre authentication"),
    ("PostAuthentication", "Post authentication"),
    ("DefineAuthChallenge", "Define auth challenge"),
    ("CreateAuthChallenge", "Create auth challenge"),
    ("VerifyAuthChallengeResponse", "Verify auth challenge response"),
)

CODE = "Must contain {####}."
INVITE = "Must contain {username} and {####}."
_INVITE_CHECK = {"extra": (MustContain("{username}", "{####}"),)}


def _lambda(key: str, label: str) -> Setting:
    return Setting(
        f"lambda_{key}",
        f"LambdaConfig.{key}",
        label,
        "arn",
        help=f"A Lambda function ARN, like {LAMBDA_EXAMPLE}.",
        options={"problem": lambda_arn_problem},
    )


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
        *(_lambda(key, label) for key, label in LAMBDA_TRIGGERS),
    ],
)
